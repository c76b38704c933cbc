"""Who may do what. The one module that decides; every view goes through it.

Roles (DESIGN.md): admin; comms officer (publishes and replies on any account); contributor
(drafts for approval; replies on their team's accounts if the organisation allows); viewer
(reports only). Nobody sees another organisation's data: every query a view makes starts from
the functions here, which are scoped to the member's organisation. They reach the other apps'
records through the organisation's relations (`organisation.conversations`, `.channels`, …), so
this module imports no app above accounts.
"""

from enum import StrEnum
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from sociable.accounts.models import Membership, Role


class Capability(StrEnum):
    VIEW_INBOX = "view_inbox"
    REPLY = "reply"
    TRIAGE = "triage"  # assign, re-route, moderate, approve replies, acknowledge alerts
    MANAGE_SAVED_REPLIES = "manage_saved_replies"
    DRAFT_POSTS = "draft_posts"
    PUBLISH = "publish"
    VIEW_CALENDAR = "view_calendar"
    VIEW_LISTENING = "view_listening"
    MANAGE_LISTENING = "manage_listening"  # saved searches, listening alerts
    VIEW_REPORTS = "view_reports"
    VIEW_SETTINGS = "view_settings"
    MANAGE_ORGANISATION = "manage_organisation"
    MANAGE_ACCOUNTS = "manage_accounts"  # connect, reconnect, disconnect; developer apps
    VIEW_AUDIT = "view_audit"
    MANAGE_PERSONAL_DATA = "manage_personal_data"  # retention, subject access, erasure
    MANAGE_PEOPLE = "manage_people"  # invite colleagues, set roles and teams, deactivate
    PAUSE_PUBLISHING = "pause_publishing"  # hold every due post (an incident, an election)


_ALL = frozenset(Capability)
_DESK = frozenset(
    {
        Capability.VIEW_INBOX,
        Capability.DRAFT_POSTS,
        Capability.VIEW_CALENDAR,
        Capability.VIEW_LISTENING,
        Capability.VIEW_REPORTS,
    }
)

ROLE_CAPABILITIES: dict[str, frozenset[Capability]] = {
    Role.ADMIN: _ALL,
    Role.OFFICER: _DESK
    | {
        Capability.REPLY,
        Capability.TRIAGE,
        Capability.PUBLISH,
        Capability.VIEW_SETTINGS,
        Capability.MANAGE_SAVED_REPLIES,
        Capability.MANAGE_LISTENING,
    },
    Role.CONTRIBUTOR: _DESK,  # replying depends on the organisation's setting: see can_reply
    Role.VIEWER: frozenset({Capability.VIEW_REPORTS}),
}

PUBLIC = "public"  # the access rule of pages anyone may see (login, password reset, health)
SIGNED_IN = "signed_in"  # pages about the signed-in person themselves
MEMBER = "member"  # pages about a member's own things (their API tokens), whatever their role


def can(membership: Membership | None, capability: Capability) -> bool:
    if not membership:  # None, or a lazy proxy of None
        return False
    if getattr(membership, "deactivated_at", None) is not None:  # deactivated: nothing
        return False
    return capability in ROLE_CAPABILITIES.get(membership.role, frozenset())


def permissions(membership: Membership | None) -> dict[str, bool]:
    """What the member may do, by capability name, for templates to show or hide what the
    views would refuse (`{% if may.publish %}`: accounts/context_processors.py)."""
    return {capability.value: can(membership, capability) for capability in Capability}


def is_admin(membership: Membership) -> bool:
    return membership.role == Role.ADMIN and membership.deactivated_at is None


def admin_anywhere(user) -> bool:
    """Whether the person is, or was until deactivated, an admin of any organisation: they
    must use a second factor (security/two_factor.py)."""
    return Membership.objects.filter(user=user, role=Role.ADMIN).exists()


def active_admins(organisation):
    """The organisation's active admins: at least one must remain (accounts/people.py)."""
    return Membership.objects.active().filter(organisation=organisation, role=Role.ADMIN)


def colleagues(organisation):
    """The people who work in the organisation now (deactivated members left out): those a
    conversation can be assigned to."""
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(
        memberships__in=Membership.objects.active().filter(organisation=organisation)
    )


def visible_memberships(membership: Membership):
    """The colleagues a member may manage: their own organisation's, and only for admins."""
    if not can(membership, Capability.MANAGE_PEOPLE):
        return Membership.objects.none()
    return Membership.objects.filter(organisation=membership.organisation)


def visible_invitations(membership: Membership):
    from sociable.accounts.models import Invitation

    if not can(membership, Capability.MANAGE_PEOPLE):
        return Invitation.objects.none()
    return Invitation.objects.filter(organisation=membership.organisation)


def _team_ids(membership: Membership) -> set[int]:
    return set(membership.teams.values_list("id", flat=True))


def visible_teams(membership: Membership):
    """Teams a member may filter by: all of the organisation's, or a contributor's own."""
    from sociable.accounts.models import Team

    teams = Team.objects.filter(organisation=membership.organisation)
    if can(membership, Capability.TRIAGE) or can(membership, Capability.PUBLISH):
        return teams
    return teams.filter(id__in=_team_ids(membership))


def visible_channels(membership: Membership):
    """Channels whose conversations this member may read."""
    channels = membership.organisation.channels.all()
    if not can(membership, Capability.VIEW_INBOX):
        return channels.none()
    if membership.role == Role.CONTRIBUTOR:
        channels = channels.filter(team__in=_team_ids(membership))
    return channels


def visible_conversations(membership: Membership):
    return membership.organisation.conversations.filter(channel__in=visible_channels(membership))


def can_reply(membership: Membership, channel) -> bool:
    if channel.organisation_id != membership.organisation_id:
        return False
    if can(membership, Capability.REPLY):
        return True
    return (
        membership.role == Role.CONTRIBUTOR
        and membership.organisation.contributors_may_reply
        and channel.team_id in _team_ids(membership)
    )


def reply_needs_approval(membership: Membership) -> bool:
    """A contributor's reply waits for a comms officer when the organisation says so."""
    return (
        membership.role == Role.CONTRIBUTOR
        and membership.organisation.contributor_replies_need_approval
    )


def can_change_status(membership: Membership, channel) -> bool:
    """Open, wait or close a conversation: those who triage, and those who may reply on it."""
    return can(membership, Capability.TRIAGE) or can_reply(membership, channel)


def can_delete_reply(membership: Membership, message) -> bool:
    """Take a sent reply down from the network: those who triage, or its author while they may
    still reply on the account. Only a sent reply not already deleted."""
    if message.channel.organisation_id != membership.organisation_id:
        return False
    if message.direction != "out" or message.delivery != "sent" or message.deleted:
        return False
    if can(membership, Capability.TRIAGE):
        return True
    return message.author_id == membership.user_id and can_reply(membership, message.channel)


def visible_contacts(membership: Membership):
    """People who wrote to the organisation: contributors see only those who wrote to their
    teams' accounts."""
    contacts = membership.organisation.contacts.all()
    if not can(membership, Capability.VIEW_INBOX):
        return contacts.none()
    if not can(membership, Capability.TRIAGE):
        contacts = contacts.filter(conversations__in=visible_conversations(membership)).distinct()
    return contacts


def visible_posts(membership: Membership):
    """Posts a member may open: all of the organisation's for those who publish; for
    contributors their own, and the approved posts on their teams' accounts (read only)."""
    from django.db.models import Q

    from sociable.publishing.models import PostStatus

    posts = membership.organisation.posts.all()
    if not (can(membership, Capability.DRAFT_POSTS) or can(membership, Capability.VIEW_CALENDAR)):
        return posts.none()
    if can(membership, Capability.PUBLISH):
        return posts
    team_posts = Q(status=PostStatus.APPROVED, targets__channel__in=visible_channels(membership))
    return posts.filter(Q(author=membership.user) | team_posts).distinct()


def api_posts(membership: Membership):
    """Posts a member reads and acts on through the API: all of the organisation's for those
    who publish; for contributors their own only (the approved posts on their teams' accounts,
    which the desk shows them read only, are not in the API)."""
    from sociable.publishing.models import Post

    if not can(membership, Capability.DRAFT_POSTS):
        return Post.objects.none()
    posts = Post.objects.filter(organisation=membership.organisation)
    if not can(membership, Capability.PUBLISH):
        posts = posts.filter(author=membership.user)
    return posts


def drafting_channels(membership: Membership):
    """Accounts a member may post to: all of the organisation's for those who publish, their
    teams' accounts for contributors (whose posts then need approval)."""
    channels = membership.organisation.channels.all()
    if not can(membership, Capability.DRAFT_POSTS):
        return channels.none()
    if not can(membership, Capability.PUBLISH):
        channels = channels.filter(team__in=_team_ids(membership))
    return channels


def may_edit_post(membership: Membership, post) -> bool:
    """Change, reschedule, cancel or delete a post not yet published: its author, or those who
    publish."""
    if not membership or post.organisation_id != membership.organisation_id:
        return False
    if not can(membership, Capability.DRAFT_POSTS):
        return False
    return post.author_id == membership.user_id or can(membership, Capability.PUBLISH)


def may_override_guard(membership: Membership) -> bool:
    """Send words the confidentiality guard stopped, with a reason: admins only."""
    return is_admin(membership)


def landing(membership: Membership | None) -> str:
    """Where a member lands after signing in (a URL name): somewhere their role can work."""
    if can(membership, Capability.TRIAGE):
        return "inbox"
    if can(membership, Capability.DRAFT_POSTS):
        return "publish"  # a contributor's drafts, with their team's inbox beside them
    if can(membership, Capability.VIEW_REPORTS):
        return "reports"
    return "two_factor"  # signed in, but no role here: their own settings only


def get_visible_or_404(queryset, **lookup):
    """Fetch one object from an organisation-scoped queryset; other organisations' are 404."""
    return get_object_or_404(queryset, **lookup)


def requires(capability: Capability):
    """Decorator for views: signed in, a member of an organisation, and allowed `capability`."""

    def decorate(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not can(request.membership, capability):
                raise PermissionDenied(f"Your role does not allow this ({capability}).")
            return view(request, *args, **kwargs)

        wrapper.access_rule = capability
        return wrapper

    return decorate


def signed_in(view):
    """Decorator for pages about the person themselves (e.g. their second factor): signed in,
    whatever their role."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    wrapper.access_rule = SIGNED_IN
    return wrapper


def member_required(view):
    """Decorator for pages about a member's own things (their API tokens): signed in and a
    member of an organisation, whatever their role."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not request.membership:
            raise PermissionDenied("You are not a member of an organisation.")
        return view(request, *args, **kwargs)

    wrapper.access_rule = MEMBER
    return wrapper


def public(view):
    """Mark a view as open to everyone, signed in or not."""
    view.access_rule = PUBLIC
    return view


def access_rule_of(view) -> str | None:
    """The rule a resolved view carries (None when it has none: the URL test fails on it)."""
    target = getattr(view, "view_class", None) or view
    return getattr(view, "access_rule", None) or getattr(target, "access_rule", None)
