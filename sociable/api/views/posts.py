from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.response import Response

from sociable.accounts.access import get_visible_or_404
from sociable.api import posting, queries
from sociable.api import serializers as s
from sociable.api.errors import service_errors
from sociable.api.scopes import Scope
from sociable.api.views.base import ApiView
from sociable.api.views.conversations import FORBIDDEN, INVALID, NOT_FOUND

REFUSED = OpenApiResponse(
    s.Refusal,
    description="The post's checks or the confidentiality "
    "guard refused it: `problems` and `findings` say why.",
)


class PostView(ApiView):
    def post_object(self, pk):
        return get_visible_or_404(queries.posts(self.membership), pk=pk)

    def answer(self, pk):
        return Response(s.PostSerializer(self.post_object(pk)).data)


class PostList(PostView):
    scopes = {"GET": Scope.POSTS_READ, "POST": Scope.POSTS_WRITE}
    serializer_class = s.PostSerializer

    @extend_schema(
        summary="List posts",
        parameters=[s.PostFilters],
        description="A contributor sees their own posts only.",
        responses={200: s.PostSerializer(many=True), 400: INVALID},
    )
    def get(self, request):
        filters = self.validated(s.PostFilters, request.query_params)
        page = self.paginate_queryset(queries.posts(self.membership, **filters))
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    @extend_schema(
        summary="Create a draft post for one or more accounts",
        request=s.PostInput,
        responses={201: s.PostSerializer, 400: INVALID, 403: FORBIDDEN},
    )
    def post(self, request):
        data = self.validated(s.PostInput, request.data)
        with service_errors():
            post = posting.create(self.membership, data)
        return Response(
            s.PostSerializer(self.post_object(post.pk)).data, status=status.HTTP_201_CREATED
        )


class PostDetail(PostView):
    scope = Scope.POSTS_READ
    serializer_class = s.PostSerializer

    @extend_schema(
        summary="A post with its accounts' publishing status",
        responses={200: s.PostSerializer, 404: NOT_FOUND},
    )
    def get(self, request, pk):
        return self.answer(pk)


class PostSchedule(PostView):
    scope = Scope.POSTS_WRITE
    serializer_class = s.ScheduleInput

    @extend_schema(
        summary="Schedule a post, or send it for approval",
        description="Officers and admins schedule their own posts; a contributor's post is "
        "sent for approval. With `scheduled_at`, the post moves to that time first (an "
        "approved post is rescheduled).",
        request=s.ScheduleInput,
        responses={
            200: s.PostSerializer,
            400: INVALID,
            403: FORBIDDEN,
            404: NOT_FOUND,
            422: REFUSED,
        },
    )
    def post(self, request, pk):
        post = self.post_object(pk)
        data = self.validated(s.ScheduleInput, request.data)
        with service_errors():
            posting.schedule(post, self.membership, data["scheduled_at"])
        return self.answer(pk)


class PostApprove(PostView):
    scope = Scope.POSTS_APPROVE
    serializer_class = s.ApproveInput

    @extend_schema(
        summary="Approve someone else's post",
        request=s.ApproveInput,
        description="Nobody approves their own post.",
        responses={
            200: s.PostSerializer,
            400: INVALID,
            403: FORBIDDEN,
            404: NOT_FOUND,
            422: REFUSED,
        },
    )
    def post(self, request, pk):
        post = self.post_object(pk)
        data = self.validated(s.ApproveInput, request.data)
        with service_errors():
            posting.approve(post, self.membership, data["override_reason"])
        return self.answer(pk)
