from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.response import Response

from sociable.accounts.access import get_visible_or_404
from sociable.api import queries
from sociable.api import serializers as s
from sociable.api.errors import service_errors
from sociable.api.scopes import Scope
from sociable.api.views.base import ApiView
from sociable.inbox import actions, replies

NOT_FOUND = OpenApiResponse(s.Problem, description="Not found, or not yours to see.")
INVALID = OpenApiResponse(s.Problem, description="The request is not valid.")
FORBIDDEN = OpenApiResponse(s.Problem, description="Your token or role does not allow this.")


class ConversationList(ApiView):
    scope = Scope.CONVERSATIONS_READ
    serializer_class = s.ConversationSerializer

    @extend_schema(
        summary="List conversations",
        parameters=[s.ConversationFilters],
        responses={200: s.ConversationSerializer(many=True), 400: INVALID},
    )
    def get(self, request):
        filters = self.validated(s.ConversationFilters, request.query_params)
        page = self.paginate_queryset(queries.conversations(self.membership, **filters))
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


class ConversationView(ApiView):
    def conversation(self, pk):
        """A conversation the member may see: another organisation's is 404."""
        found = queries.conversation_detail(self.membership)
        return get_visible_or_404(found, pk=pk)


class ConversationDetail(ConversationView):
    scope = Scope.CONVERSATIONS_READ
    serializer_class = s.ConversationDetailSerializer

    @extend_schema(
        summary="A conversation with its messages",
        responses={200: s.ConversationDetailSerializer, 404: NOT_FOUND},
    )
    def get(self, request, pk):
        return Response(self.get_serializer(self.conversation(pk)).data)


class ConversationReply(ConversationView):
    scope = Scope.CONVERSATIONS_WRITE
    serializer_class = s.ReplyInput

    @extend_schema(
        summary="Reply to a conversation",
        description="The reply passes the confidentiality guard first: patient-identifiable "
        "information is refused with 422 and the guard's findings. A contributor's reply may "
        "wait for a comms officer's approval (`delivery` is `awaiting_approval`).",
        request=s.ReplyInput,
        responses={
            201: s.ReplyResult,
            400: INVALID,
            403: FORBIDDEN,
            404: NOT_FOUND,
            422: OpenApiResponse(s.Refusal, description="Refused by the guard."),
        },
    )
    def post(self, request, pk):
        conversation = self.conversation(pk)
        data = self.validated(s.ReplyInput, request.data)
        with service_errors():
            message = replies.compose(
                conversation,
                data["text"],
                membership=self.membership,
                override_reason=data["override_reason"],
            )
        message.refresh_from_db()
        return Response(
            {"message": s.MessageSerializer(message).data}, status=status.HTTP_201_CREATED
        )


class ConversationAssign(ConversationView):
    scope = Scope.CONVERSATIONS_WRITE
    serializer_class = s.AssignInput

    @extend_schema(
        summary="Assign a conversation to a person and/or a team",
        request=s.AssignInput,
        responses={
            200: s.ConversationDetailSerializer,
            400: INVALID,
            403: FORBIDDEN,
            404: NOT_FOUND,
        },
    )
    def post(self, request, pk):
        conversation = self.conversation(pk)
        data = self.validated(s.AssignInput, request.data)
        with service_errors():
            actions.assign(
                conversation,
                self.membership,
                user_id=data.get("user_id", conversation.assignee_id),
                team_id=data.get("team_id"),
            )
        return Response(s.ConversationDetailSerializer(self.conversation(pk)).data)


class ConversationStatusChange(ConversationView):
    scope = Scope.CONVERSATIONS_WRITE
    serializer_class = s.StatusInput

    @extend_schema(
        summary="Change a conversation's status",
        request=s.StatusInput,
        responses={
            200: s.ConversationDetailSerializer,
            400: INVALID,
            403: FORBIDDEN,
            404: NOT_FOUND,
        },
    )
    def post(self, request, pk):
        conversation = self.conversation(pk)
        data = self.validated(s.StatusInput, request.data)
        with service_errors():
            actions.set_status(conversation, self.membership, data["status"])
        return Response(s.ConversationDetailSerializer(self.conversation(pk)).data)
