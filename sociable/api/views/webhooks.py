from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.response import Response

from sociable.accounts.access import get_visible_or_404
from sociable.api import serializers as s
from sociable.api import webhooks
from sociable.api.errors import service_errors
from sociable.api.scopes import Scope
from sociable.api.views.base import ApiView
from sociable.api.views.conversations import INVALID, NOT_FOUND


class WebhookView(ApiView):
    scope = Scope.WEBHOOKS_MANAGE

    def endpoint(self, pk):
        return get_visible_or_404(webhooks.endpoints_of(self.membership.organisation), pk=pk)


class WebhookList(WebhookView):
    serializer_class = s.WebhookEndpointSerializer

    @extend_schema(
        summary="List webhook endpoints", responses={200: s.WebhookEndpointSerializer(many=True)}
    )
    def get(self, request):
        page = self.paginate_queryset(webhooks.endpoints_of(self.membership.organisation))
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    @extend_schema(
        summary="Add a webhook endpoint",
        description="The answer carries the signing secret, once. Addresses must be https:// "
        "and public.",
        request=s.WebhookEndpointInput,
        responses={201: s.WebhookEndpointCreated, 400: INVALID},
    )
    def post(self, request):
        data = self.validated(s.WebhookEndpointInput, request.data)
        with service_errors():
            endpoint, secret = webhooks.create_endpoint(self.membership, **data)
        answer = {**s.WebhookEndpointSerializer(endpoint).data, "secret": secret}
        return Response(answer, status=status.HTTP_201_CREATED)


class WebhookDetail(WebhookView):
    serializer_class = s.WebhookEndpointSerializer

    @extend_schema(
        summary="A webhook endpoint", responses={200: s.WebhookEndpointSerializer, 404: NOT_FOUND}
    )
    def get(self, request, pk):
        return Response(self.get_serializer(self.endpoint(pk)).data)

    @extend_schema(
        summary="Remove a webhook endpoint and its deliveries",
        responses={204: OpenApiResponse(description="Removed."), 404: NOT_FOUND},
    )
    def delete(self, request, pk):
        webhooks.delete_endpoint(self.endpoint(pk), self.membership)
        return Response(status=status.HTTP_204_NO_CONTENT)


class WebhookDeliveries(WebhookView):
    serializer_class = s.WebhookDeliverySerializer

    @extend_schema(
        summary="An endpoint's deliveries, newest first",
        responses={200: s.WebhookDeliverySerializer(many=True), 404: NOT_FOUND},
    )
    def get(self, request, pk):
        endpoint = self.endpoint(pk)
        page = self.paginate_queryset(endpoint.deliveries.all())
        return self.get_paginated_response(self.get_serializer(page, many=True).data)
