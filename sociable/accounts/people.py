"""People: admins invite colleagues, set their roles and teams, deactivate and reactivate them.

- An invitation is a single-use link sent by e-mail. The link carries a random token; only its
  SHA-256 hash is stored (as with API tokens). It works for `INVITATION_LIFETIME`; re-sending
  makes a new link (the old one stops working) and a new expiry; revoking ends it. Accepting
  claims the invitation with one conditional UPDATE, so a link works once even if it is opened
  twice at the same moment.
- A new colleague sets their name and password (Django's password validators) and becomes a
  member with the role and teams the admin chose. Someone who already has a Sociable account
  on this server (another organisation's member) logs in with it to accept instead: a link
  never sets the password of an existing account.
- A deactivated member can do nothing in the organisation (`access.can`), their API tokens for
  it are refused (`api/tokens.py`). When they have no active membership left anywhere their
  user is made inactive, so they cannot log in, and their sessions are ended.
- An organisation always keeps one active admin: the last one cannot be demoted or
  deactivated, by themselves or anyone.
- Every change is written to the audit log, worded for the people who read it.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
import smtplib
from dataclasses import dataclass
from datetime import timedelta
from importlib import import_module

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone

from sociable.accounts import access
from sociable.accounts.models import Invitation, Membership, Role
from sociable.audit.log import record

log = logging.getLogger(__name__)

INVITATION_LIFETIME = timedelta(days=7)


class Refused(Exception):
    """The action is not allowed; the message says why, in words for the admin."""


LAST_ADMIN = (
    "{name} is the only active admin of {organisation}. Make someone else an admin "
    "first: an organisation always needs one."
)


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def name_of(user) -> str:
    return user.get_full_name() or user.get_username()


def _label(membership: Membership) -> str:
    return f"{name_of(membership.user)} ({membership.user.email or membership.user.username})"


def _team_names(teams) -> list[str]:
    return sorted(team.name for team in teams)


def _role_label(role: str) -> str:
    return Role(role).label


def status_of(membership: Membership) -> str:
    return "Deactivated" if membership.deactivated_at else "Active"


def invitation_status(invitation: Invitation, now=None) -> str:
    now = now or timezone.now()
    if invitation.accepted_at:
        return "Accepted"
    if invitation.revoked_at:
        return "Revoked"
    return "Invited" if invitation.expires_at > now else "Invitation expired"


# Invitations -------------------------------------------------------------------------------


@dataclass
class Sent:
    invitation: Invitation
    delivered: bool  # False: saved, but the e-mail could not be handed to the mail server


def _existing_member(organisation, email: str) -> Membership | None:
    return (
        Membership.objects.select_related("user")
        .filter(
            Q(user__email__iexact=email) | Q(user__username__iexact=email),
            organisation=organisation,
        )
        .first()
    )


def invite(admin: Membership, email: str, role: str, teams, link_for) -> Sent:
    """Invite `email` to the admin's organisation; `link_for(token)` makes the absolute link."""
    organisation = admin.organisation
    email = email.strip().lower()
    member = _existing_member(organisation, email)
    if member is not None:
        if member.deactivated_at:
            raise Refused(
                f"{email} belongs to {name_of(member.user)}, who is a deactivated "
                f"member of {organisation}. Reactivate them instead of inviting them."
            )
        raise Refused(
            f"{email} already belongs to {name_of(member.user)}, a member of "
            f"{organisation}. Change their role or teams instead."
        )
    teams = [team for team in teams if team.organisation_id == organisation.pk]
    token = secrets.token_urlsafe(32)
    now = timezone.now()
    try:
        with transaction.atomic():
            invitation = Invitation.objects.create(
                organisation=organisation,
                email=email,
                role=role,
                token_hash=_hash(token),
                invited_by=admin.user,
                sent_at=now,
                expires_at=now + INVITATION_LIFETIME,
            )
            invitation.teams.set(teams)
    except IntegrityError:
        raise Refused(
            f"{email} has already been invited. Re-send or revoke that invitation "
            f"from the list of people."
        ) from None
    record(
        organisation,
        admin.user,
        "person.invited",
        invitation,
        label=(
            f"Invited {email} as {_role_label(role)}"
            + (f" in {', '.join(_team_names(teams))}" if teams else "")
        ),
        after={"email": email, "role": role, "teams": _team_names(teams)},
    )
    return Sent(invitation, _send(invitation, token, admin.user, link_for))


def resend(admin: Membership, invitation: Invitation, link_for) -> Sent:
    """A new link with a new expiry; the previous link stops working."""
    if not invitation.is_open:
        raise Refused(
            f"The invitation for {invitation.email} was "
            f"{invitation_status(invitation).lower()}: invite them again instead."
        )
    token = secrets.token_urlsafe(32)
    now = timezone.now()
    changed = Invitation.objects.filter(
        pk=invitation.pk, accepted_at__isnull=True, revoked_at__isnull=True
    ).update(token_hash=_hash(token), sent_at=now, expires_at=now + INVITATION_LIFETIME)
    if not changed:
        raise Refused(f"The invitation for {invitation.email} has just been used or revoked.")
    invitation.refresh_from_db()
    record(
        invitation.organisation,
        admin.user,
        "person.invitation_resent",
        invitation,
        label=f"Sent a new invitation link to {invitation.email}",
    )
    return Sent(invitation, _send(invitation, token, admin.user, link_for))


def revoke(admin: Membership, invitation: Invitation) -> None:
    revoked = Invitation.objects.filter(
        pk=invitation.pk, accepted_at__isnull=True, revoked_at__isnull=True
    ).update(revoked_at=timezone.now())
    if not revoked:
        raise Refused(
            f"The invitation for {invitation.email} was already "
            f"{invitation_status(invitation).lower()}."
        )
    record(
        invitation.organisation,
        admin.user,
        "person.invitation_revoked",
        invitation,
        label=f"Withdrew the invitation for {invitation.email}",
    )


def _send(invitation: Invitation, token: str, inviter, link_for) -> bool:
    context = {
        "invitation": invitation,
        "link": link_for(token),
        "inviter": name_of(inviter),
        "organisation": invitation.organisation,
        "role": invitation.get_role_display(),
        "days": INVITATION_LIFETIME.days,
    }
    try:
        send_mail(
            " ".join(render_to_string("people/invitation_subject.txt", context).split()),
            render_to_string("people/invitation_email.txt", context),
            settings.DEFAULT_FROM_EMAIL,
            [invitation.email],
        )
    except (OSError, smtplib.SMTPException):
        log.exception(
            "The invitation e-mail could not be sent", extra={"invitation": invitation.pk}
        )
        return False
    return True


def find(token: str) -> Invitation | None:
    """The invitation a link's token belongs to (whatever its state), or None."""
    if not token or len(token) > 100:
        return None
    return Invitation.objects.select_related("organisation").filter(token_hash=_hash(token)).first()


def usable(invitation: Invitation | None) -> bool:
    return invitation is not None and invitation.is_open and invitation.expires_at > timezone.now()


def existing_account(invitation: Invitation):
    """The user already registered on this server under the invited address, if any."""
    return (
        get_user_model()
        .objects.filter(Q(email__iexact=invitation.email) | Q(username__iexact=invitation.email))
        .order_by("id")
        .first()
    )


def accept(token: str, *, first_name: str = "", last_name: str = "", password: str = "", user=None):
    """Claim the invitation once and make the member. With `user` (someone already signed in
    whose address it is), they join; otherwise a new user is made with `password`.
    Returns the membership, or raises Refused."""
    invitation = find(token)
    if not usable(invitation):
        raise Refused("This invitation link has expired or has already been used.")
    with transaction.atomic():
        claimed = Invitation.objects.filter(
            pk=invitation.pk,
            token_hash=_hash(token),
            accepted_at__isnull=True,
            revoked_at__isnull=True,
            expires_at__gt=timezone.now(),
        ).update(accepted_at=timezone.now())
        if not claimed:
            raise Refused("This invitation link has expired or has already been used.")
        if user is None:
            if existing_account(invitation) is not None:
                raise Refused("You already have a Sociable account: log in to accept.")
            user = get_user_model().objects.create_user(
                username=invitation.email,
                email=invitation.email,
                password=password,
                first_name=first_name.strip(),
                last_name=last_name.strip(),
            )
        elif not _address_matches(user, invitation):
            raise Refused("This invitation is for another e-mail address.")
        if Membership.objects.filter(user=user, organisation=invitation.organisation).exists():
            raise Refused(f"You are already a member of {invitation.organisation}.")
        membership = Membership.objects.create(
            user=user, organisation=invitation.organisation, role=invitation.role
        )
        teams = list(invitation.teams.all())
        membership.teams.set(teams)
        Invitation.objects.filter(pk=invitation.pk).update(accepted_by=user)
    record(
        invitation.organisation,
        user,
        "person.joined",
        membership,
        label=(
            f"{_label(membership)} accepted the invitation and joined as "
            f"{membership.get_role_display()}"
        ),
        after={"role": membership.role, "teams": _team_names(teams)},
    )
    return membership


def _address_matches(user, invitation: Invitation) -> bool:
    address = invitation.email.lower()
    return (user.email or "").lower() == address or user.get_username().lower() == address


# Members -----------------------------------------------------------------------------------


def _lock(membership: Membership) -> tuple[Membership, list[int]]:
    """Lock the organisation's active admins, then the member (always in this order, so two
    admins acting on each other at once wait rather than deadlock). Returns the member as
    stored now and the ids of the active admins."""
    admins = list(
        access.active_admins(membership.organisation)
        .select_for_update()
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    locked = (
        Membership.objects.select_for_update(of=("self",))
        .select_related("user")
        .get(pk=membership.pk)
    )
    return locked, admins


def _is_last_admin(membership: Membership, admins: list[int]) -> bool:
    return access.is_admin(membership) and admins == [membership.pk]


def change(admin: Membership, membership: Membership, role: str, teams) -> bool:
    """Set a member's role and teams. Returns whether anything changed."""
    organisation = membership.organisation
    teams = [team for team in teams if team.organisation_id == organisation.pk]
    with transaction.atomic():
        membership, admins = _lock(membership)
        before_role = membership.role
        before_teams = _team_names(membership.teams.all())
        after_teams = _team_names(teams)
        if role != before_role and _is_last_admin(membership, admins):
            raise Refused(
                LAST_ADMIN.format(name=name_of(membership.user), organisation=organisation)
            )
        if role != before_role:
            membership.role = role
            membership.save(update_fields=["role"])
            record(
                organisation,
                admin.user,
                "person.role_changed",
                membership,
                label=(
                    f"{_label(membership)}: role changed from {_role_label(before_role)} to "
                    f"{_role_label(role)}"
                ),
                before={"role": before_role},
                after={"role": role},
            )
        if after_teams != before_teams:
            membership.teams.set(teams)
            record(
                organisation,
                admin.user,
                "person.teams_changed",
                membership,
                label=(
                    f"{_label(membership)}: teams changed from "
                    f"{', '.join(before_teams) or 'none'} to {', '.join(after_teams) or 'none'}"
                ),
                before={"teams": before_teams},
                after={"teams": after_teams},
            )
    return role != before_role or after_teams != before_teams


def deactivate(admin: Membership, membership: Membership) -> None:
    organisation = membership.organisation
    with transaction.atomic():
        membership, admins = _lock(membership)
        if membership.deactivated_at is not None:
            raise Refused(f"{name_of(membership.user)} is already deactivated.")
        if _is_last_admin(membership, admins):
            raise Refused(
                LAST_ADMIN.format(name=name_of(membership.user), organisation=organisation)
            )
        membership.deactivated_at = timezone.now()
        membership.save(update_fields=["deactivated_at"])
        user = membership.user
        elsewhere = Membership.objects.active().filter(user=user).exists()
        if not elsewhere and user.is_active:
            user.is_active = False
            user.save(update_fields=["is_active"])
        record(
            organisation,
            admin.user,
            "person.deactivated",
            membership,
            label=(
                f"Deactivated {_label(membership)}: they can no longer use Sociable for "
                f"{organisation}"
            ),
            before={"active": True},
            after={"active": False},
        )
    if not elsewhere:
        end_sessions(user)


def reactivate(admin: Membership, membership: Membership) -> None:
    organisation = membership.organisation
    with transaction.atomic():
        membership, _ = _lock(membership)
        if membership.deactivated_at is None:
            raise Refused(f"{name_of(membership.user)} is already active.")
        membership.deactivated_at = None
        membership.save(update_fields=["deactivated_at"])
        user = membership.user
        if not user.is_active:
            user.is_active = True
            user.save(update_fields=["is_active"])
        record(
            organisation,
            admin.user,
            "person.reactivated",
            membership,
            label=(f"Reactivated {_label(membership)}"),
            before={"active": False},
            after={"active": True},
        )


def end_sessions(user) -> int:
    """Delete every stored session signed in as `user`; returns how many. (Their user is
    inactive already, so Django's authentication refuses those sessions anyway; this removes
    them.) Sessions are looked through one by one: Django keeps no index from user to session."""
    engine = import_module(settings.SESSION_ENGINE)
    store = engine.SessionStore
    if not hasattr(store, "get_model_class"):  # cookie or cache-only sessions: nothing stored
        return 0
    ended = 0
    wanted = str(user.pk)
    sessions = store.get_model_class().objects.filter(expire_date__gt=timezone.now())
    for session in sessions.iterator():
        if session.get_decoded().get("_auth_user_id") == wanted:
            store(session_key=session.session_key).delete()
            ended += 1
    return ended
