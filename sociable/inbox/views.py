from django.core.paginator import Paginator
from django.shortcuts import render

from sociable.accounts.access import (
    Capability,
    get_visible_or_404,
    requires,
    visible_conversations,
)
from sociable.inbox.models import ROUTES, ConversationStatus


@requires(Capability.VIEW_INBOX)
def inbox(request):
    conversations = (
        visible_conversations(request.membership)
        .select_related("contact", "channel", "assignee")
        .order_by("priority", "-last_message_at")
    )
    route = request.GET.get("route", "")
    if route in dict(ROUTES):
        conversations = conversations.filter(route=route)
    status = request.GET.get("status", "open")
    if status == "open":
        conversations = conversations.exclude(status=ConversationStatus.CLOSED)
    elif status in ConversationStatus.values:
        conversations = conversations.filter(status=status)
    page = Paginator(conversations, 50).get_page(request.GET.get("page"))
    return render(request, "inbox/inbox.html", {
        "page": page,
        "routes": ROUTES,
        "statuses": ConversationStatus.choices,
        "chosen_route": route,
        "chosen_status": status,
    })


@requires(Capability.VIEW_INBOX)
def conversation(request, pk: int):
    convo = get_visible_or_404(
        visible_conversations(request.membership).select_related("contact", "channel"), pk=pk
    )
    return render(request, "inbox/conversation.html", {
        "conversation": convo,
        "messages_list": convo.messages.all(),
    })
