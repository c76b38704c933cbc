"""Accounts, saved searches and the report summary."""

from drf_spectacular.utils import extend_schema
from rest_framework.response import Response

from sociable.accounts.access import get_visible_or_404
from sociable.api import queries, summary
from sociable.api import serializers as s
from sociable.api.errors import service_errors
from sociable.api.scopes import Scope
from sociable.api.views.base import ApiView
from sociable.api.views.conversations import INVALID, NOT_FOUND


class ChannelList(ApiView):
    scope = Scope.CHANNELS_READ
    serializer_class = s.ChannelSerializer

    @extend_schema(
        summary="List connected accounts and their status",
        description="A contributor sees their teams' accounts.",
        responses={200: s.ChannelSerializer(many=True)},
    )
    def get(self, request):
        page = self.paginate_queryset(queries.channels(self.membership))
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


class ChannelDetail(ApiView):
    scope = Scope.CHANNELS_READ
    serializer_class = s.ChannelSerializer

    @extend_schema(
        summary="One connected account and its status",
        responses={200: s.ChannelSerializer, 404: NOT_FOUND},
    )
    def get(self, request, pk):
        channel = get_visible_or_404(queries.channels(self.membership), pk=pk)
        return Response(self.get_serializer(channel).data)


class SearchList(ApiView):
    scope = Scope.SEARCHES_READ
    serializer_class = s.SavedSearchSerializer

    @extend_schema(
        summary="List saved listening searches", responses={200: s.SavedSearchSerializer(many=True)}
    )
    def get(self, request):
        page = self.paginate_queryset(queries.searches(self.membership))
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


class ReportSummary(ApiView):
    scope = Scope.REPORTS_READ
    serializer_class = s.ReportSummary

    @extend_schema(
        summary="Counts by route and first-response times for a period",
        description="Whole days in UK time, both included; at most 366 days. Response times "
        "count staffed minutes (every minute for crisis and safeguarding).",
        parameters=[s.ReportFilters],
        responses={200: s.ReportSummary, 400: INVALID},
    )
    def get(self, request):
        chosen = self.validated(s.ReportFilters, request.query_params)
        with service_errors():
            period = summary.period_of(chosen.get("since"), chosen.get("until"))
        result = summary.summary(self.membership.organisation, period)
        return Response(self.get_serializer(result).data)
