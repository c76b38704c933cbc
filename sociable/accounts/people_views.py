"""Settings → People (admins only), and the page an invitation link opens (anyone)."""

from django.contrib import messages
from django.contrib.auth import login
from django.db.models import Prefetch
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from sociable.accounts import people
from sociable.accounts.access import (
    Capability,
    get_visible_or_404,
    landing,
    public,
    requires,
    visible_invitations,
    visible_memberships,
)
from sociable.accounts.middleware import SESSION_KEY
from sociable.accounts.models import Team
from sociable.accounts.people_forms import AcceptInvitationForm, InviteForm, MemberForm


def _link_for(request):
    return lambda token: request.build_absolute_uri(reverse("invitation_accept", args=[token]))


def _delivery(request, sent: people.Sent, done: str) -> None:
    if sent.delivered:
        messages.success(request, done)
    else:
        messages.warning(
            request,
            f"The invitation for {sent.invitation.email} is saved, but "
            "the e-mail could not be sent. Try “Re-send” in a few "
            "minutes; if it fails again, tell your server's operator.",
        )


@requires(Capability.MANAGE_PEOPLE)
def people_list(request):
    teams = Prefetch("teams", queryset=Team.objects.order_by("name"))
    members = (
        visible_memberships(request.membership)
        .select_related("user")
        .prefetch_related(teams)
        .order_by("deactivated_at", "user__first_name", "user__username")
    )
    invitations = (
        visible_invitations(request.membership)
        .filter(accepted_at__isnull=True, revoked_at__isnull=True)
        .prefetch_related(teams)
        .order_by("email")
    )
    return render(
        request,
        "people/people.html",
        {
            "members": [(m, people.status_of(m)) for m in members],
            "invitations": [(i, people.invitation_status(i)) for i in invitations],
        },
    )


@requires(Capability.MANAGE_PEOPLE)
def invite(request):
    organisation = request.membership.organisation
    form = InviteForm(request.POST or None, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            sent = people.invite(
                request.membership, data["email"], data["role"], data["teams"], _link_for(request)
            )
        except people.Refused as refused:
            form.add_error("email", str(refused))
        else:
            _delivery(request, sent, f"Invitation sent to {sent.invitation.email}.")
            return redirect("people")
    return render(request, "people/invite.html", {"form": form})


@requires(Capability.MANAGE_PEOPLE)
def member(request, pk: int):
    membership = get_visible_or_404(
        visible_memberships(request.membership).select_related("user"), pk=pk
    )
    form = MemberForm(
        request.POST or None,
        organisation=membership.organisation,
        initial={"role": membership.role, "teams": list(membership.teams.all())},
    )
    if request.method == "POST" and form.is_valid():
        try:
            changed = people.change(
                request.membership,
                membership,
                form.cleaned_data["role"],
                form.cleaned_data["teams"],
            )
        except people.Refused as refused:
            form.add_error("role", str(refused))
        else:
            messages.success(
                request,
                f"Saved {people.name_of(membership.user)}’s role and teams."
                if changed
                else "Nothing was changed.",
            )
            return redirect("people")
    return render(
        request,
        "people/member.html",
        {
            "form": form,
            "member": membership,
            "status": people.status_of(membership),
            "is_self": membership.user_id == request.user.pk,
        },
    )


def _member_action(request, pk: int, action, done: str):
    membership = get_visible_or_404(
        visible_memberships(request.membership).select_related("user"), pk=pk
    )
    try:
        action(request.membership, membership)
    except people.Refused as refused:
        messages.error(request, str(refused))
        return redirect("people_member", pk=pk)
    messages.success(request, done.format(name=people.name_of(membership.user)))
    if membership.user_id == request.user.pk and not request.user.is_active:
        return redirect("login")
    return redirect("people")


@requires(Capability.MANAGE_PEOPLE)
@require_POST
def deactivate(request, pk: int):
    return _member_action(
        request,
        pk,
        people.deactivate,
        "{name} is deactivated: they can no longer use Sociable here.",
    )


@requires(Capability.MANAGE_PEOPLE)
@require_POST
def reactivate(request, pk: int):
    return _member_action(
        request, pk, people.reactivate, "{name} is active again, with the same role and teams."
    )


@requires(Capability.MANAGE_PEOPLE)
@require_POST
def invitation_resend(request, pk: int):
    invitation = get_visible_or_404(visible_invitations(request.membership), pk=pk)
    try:
        sent = people.resend(request.membership, invitation, _link_for(request))
    except people.Refused as refused:
        messages.error(request, str(refused))
    else:
        _delivery(
            request,
            sent,
            f"A new link was sent to {invitation.email}; the previous one no longer works.",
        )
    return redirect("people")


@requires(Capability.MANAGE_PEOPLE)
@require_POST
def invitation_revoke(request, pk: int):
    invitation = get_visible_or_404(visible_invitations(request.membership), pk=pk)
    try:
        people.revoke(request.membership, invitation)
    except people.Refused as refused:
        messages.error(request, str(refused))
    else:
        messages.success(
            request,
            f"The invitation for {invitation.email} is withdrawn: its link no longer works.",
        )
    return redirect("people")


@public
def accept(request, token: str):
    """The page an invitation link opens. A new colleague sets their name and password; someone
    with an account already logs in with it and joins."""
    invitation = people.find(token)
    if not people.usable(invitation):
        return render(
            request, "people/invitation_unusable.html", {"invitation": invitation}, status=200
        )
    context = {"invitation": invitation, "organisation_invited": invitation.organisation}
    existing = people.existing_account(invitation)
    if existing is not None:
        signed_in_as_them = request.user.is_authenticated and request.user.pk == existing.pk
        if request.method == "POST" and signed_in_as_them:
            return _accepted(request, token, user=request.user)
        return render(
            request,
            "people/invitation_existing.html",
            {**context, "signed_in_as_them": signed_in_as_them},
        )
    form = AcceptInvitationForm(request.POST or None, email=invitation.email)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        return _accepted(
            request,
            token,
            first_name=data["first_name"],
            last_name=data["last_name"],
            password=data["password1"],
        )
    return render(request, "people/invitation_accept.html", {**context, "form": form})


def _accepted(request, token: str, **details):
    try:
        membership = people.accept(token, **details)
    except people.Refused:
        return render(
            request, "people/invitation_unusable.html", {"invitation": people.find(token)}
        )
    if membership.user_id != request.user.pk:  # a new account: sign in as it
        login(request, membership.user, backend="django.contrib.auth.backends.ModelBackend")
    request.session[SESSION_KEY] = membership.organisation_id
    messages.success(request, f"Welcome to Sociable for {membership.organisation}.")
    return redirect(landing(membership))
