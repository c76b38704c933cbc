"""Pages of the desk: a member's own API tokens, and an admin's webhook endpoints."""

from django.contrib import messages as flash
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from sociable.accounts.access import Capability, get_visible_or_404, member_required, requires
from sociable.api import tokens, webhooks
from sociable.api.forms import TokenForm, WebhookForm
from sociable.api.scopes import DESCRIPTIONS


@member_required
def tokens_page(request):
    membership = request.membership
    form = TokenForm(request.POST or None, membership=membership)
    issued = None
    if request.method == "POST" and form.is_valid():
        try:
            issued = tokens.issue(
                membership,
                form.cleaned_data["name"],
                form.cleaned_data["scopes"],
                form.expires_at(),
            )
        except ValueError as error:
            form.add_error(None, str(error))
        else:
            form = TokenForm(membership=membership)
    return render(
        request,
        "api/tokens.html",
        {
            "form": form,
            "issued": issued,
            "tokens": tokens.tokens_of(membership),
            "descriptions": DESCRIPTIONS,
            "now": timezone.now(),
        },
    )


@member_required
@require_POST
def revoke_token(request, pk: int):
    token = get_visible_or_404(tokens.tokens_of(request.membership), pk=pk)
    if tokens.revoke(token, request.user):
        flash.success(request, f"“{token.name}” is revoked: it no longer works.")
    return redirect("api:tokens_page")


@requires(Capability.MANAGE_ORGANISATION)
def webhooks_page(request):
    membership = request.membership
    form = WebhookForm(request.POST or None)
    created = secret = None
    if request.method == "POST" and form.is_valid():
        try:
            created, secret = webhooks.create_endpoint(membership, **form.cleaned_data)
        except ValueError as error:
            form.add_error("url", str(error))
        else:
            form = WebhookForm()
    organisation = membership.organisation
    return render(
        request,
        "api/webhooks.html",
        {
            "form": form,
            "created": created,
            "secret": secret,
            "endpoints": webhooks.endpoints_of(organisation),
            "deliveries": webhooks.deliveries_of(organisation).select_related("endpoint")[:25],
        },
    )


@requires(Capability.MANAGE_ORGANISATION)
@require_POST
def webhook_action(request, pk: int):
    membership = request.membership
    endpoint = get_visible_or_404(webhooks.endpoints_of(membership.organisation), pk=pk)
    action = request.POST.get("action")
    if action in ("enable", "disable"):
        webhooks.set_active(endpoint, membership, action == "enable")
        flash.success(request, f"{endpoint.url} is {'on' if action == 'enable' else 'off'}.")
    elif action == "delete":
        webhooks.delete_endpoint(endpoint, membership)
        flash.success(request, f"{endpoint.url} is removed.")
    else:
        flash.error(request, "Choose what to do.")
    return redirect("api:webhooks_page")
