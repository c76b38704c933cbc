"""The REST API (JSON, no trailing slashes) under /api/, its OpenAPI schema at /api/schema, and
the pages where members manage their tokens and admins their webhooks."""

from django.urls import path
from drf_spectacular.views import SpectacularAPIView

from sociable.accounts.access import PUBLIC
from sociable.api import pages
from sociable.api.views import conversations, desk, posts, webhooks
from sociable.core import bounds  # noqa: F401 (registers the <id:…> converter)


class SchemaView(SpectacularAPIView):
    """The OpenAPI 3 schema (YAML; `?format=json` for JSON). Open to all: it holds no data."""

    access_rule = PUBLIC
    authentication_classes = []


app_name = "api"
urlpatterns = [
    path("schema", SchemaView.as_view(), name="schema"),
    path("conversations", conversations.ConversationList.as_view(), name="conversations"),
    path("conversations/<id:pk>", conversations.ConversationDetail.as_view(), name="conversation"),
    path(
        "conversations/<id:pk>/reply",
        conversations.ConversationReply.as_view(),
        name="conversation_reply",
    ),
    path(
        "conversations/<id:pk>/assign",
        conversations.ConversationAssign.as_view(),
        name="conversation_assign",
    ),
    path(
        "conversations/<id:pk>/status",
        conversations.ConversationStatusChange.as_view(),
        name="conversation_status",
    ),
    path("posts", posts.PostList.as_view(), name="posts"),
    path("posts/<id:pk>", posts.PostDetail.as_view(), name="post"),
    path("posts/<id:pk>/schedule", posts.PostSchedule.as_view(), name="post_schedule"),
    path("posts/<id:pk>/approve", posts.PostApprove.as_view(), name="post_approve"),
    path("channels", desk.ChannelList.as_view(), name="channels"),
    path("channels/<id:pk>", desk.ChannelDetail.as_view(), name="channel"),
    path("searches", desk.SearchList.as_view(), name="searches"),
    path("reports/summary", desk.ReportSummary.as_view(), name="report_summary"),
    path("webhooks", webhooks.WebhookList.as_view(), name="webhooks"),
    path("webhooks/<id:pk>", webhooks.WebhookDetail.as_view(), name="webhook"),
    path(
        "webhooks/<id:pk>/deliveries",
        webhooks.WebhookDeliveries.as_view(),
        name="webhook_deliveries",
    ),
    # Pages of the desk (HTML, signed-in members).
    path("manage/tokens/", pages.tokens_page, name="tokens_page"),
    path("manage/tokens/<id:pk>/revoke/", pages.revoke_token, name="token_revoke"),
    path("manage/webhooks/", pages.webhooks_page, name="webhooks_page"),
    path("manage/webhooks/<id:pk>/", pages.webhook_action, name="webhook_action"),
]
