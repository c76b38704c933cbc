"""Connecting, reconnecting and disconnecting accounts from Settings → Accounts.

The protocol is in networks/oauth.py (plain Python); this module keeps what the desk must
remember between the steps and decides what is stored:

- Each flow started gets a random ``state`` (and a PKCE verifier where the network uses one),
  kept in the person's session and usable once, within FLOW_MAX_AGE; the callback must bring
  it back unchanged or nothing happens.
- Redirect URIs are exactly ``{SITE_URL}/settings/accounts/<network>/callback/``.
- Saving an account that is already connected (the same account on the same network) updates
  it: new credentials are merged over the stored ones, and an empty value never replaces a
  stored one (a reconnect without a refresh token keeps the refresh token the desk holds).
  Its posts held while it needed reconnecting go back on the schedule.
- Every step is in the audit log.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.dispatch import Signal
from django.utils import timezone

from sociable.audit.log import record
from sociable.channels import tokens
from sociable.channels.models import Channel, ChannelStatus, DeveloperApp, MastodonApp
from sociable.core import crypto
from sociable.networks import oauth
from sociable.networks.base import NetworkError

log = logging.getLogger(__name__)

OAUTH_NETWORKS = (
    "mastodon",
    "x",
    "facebook",
    "instagram",
    "threads",
    "youtube",
    "google_business",
    "linkedin",
)
# Networks that need the organisation's own developer app.
APP_NETWORKS = ("x", "facebook", "threads", "youtube", "linkedin")

# Sent when an account is reconnected, with channel=<Channel>; each receiver answers how many
# held posts it released (publishing puts the account's held posts back on the schedule).
account_reconnected = Signal()

# Networks signed in to with another network's login and developer app (Instagram professional
# accounts: Facebook Login, the Pages' app).
SAME_LOGIN = {"instagram": "facebook", "google_business": "youtube"}
# Networks where the person picks which of the accounts they may manage to connect.
CHOOSE_NETWORKS = ("facebook", "instagram", "google_business", "linkedin")
FLOW_MAX_AGE = 15 * 60
SESSION_FLOWS = "sociable_oauth_flows"
SESSION_CHOICES = "sociable_oauth_choices"
# What networks say when the person cancels (LinkedIn has its own words).
CANCELLED = {"access_denied", "user_cancelled_login", "user_cancelled_authorize"}
# What identifies an account on each network, besides its handle.
IDENTITY_OPTION = {
    "x": "user_id",
    "facebook": "page_id",
    "instagram": "ig_user_id",
    "threads": "user_id",
    "youtube": "channel_id",
    "google_business": "location",
    "linkedin": "organization",
}
# Keys an OAuth 2.0 X connection replaces (the OAuth 1.0a keys), and the other way round.
X_OAUTH1_KEYS = ("consumer_key", "consumer_secret", "access_token", "access_token_secret")
X_OAUTH2_KEYS = ("bearer_token", "refresh_token")


class ConnectError(Exception):
    """Something the person should read: the flow stopped and nothing was changed."""


@dataclass(frozen=True)
class AppSetting:
    network: str
    app: oauth.ClientApp | None
    source: str  # "page", "environment" or ""


def redirect_uri(network: str) -> str:
    return f"{settings.SITE_URL}/settings/accounts/{network}/callback/"


def developer_app(organisation, network: str) -> AppSetting:
    """The organisation's app for a network: its own (set on the page) or the server's."""
    stored = DeveloperApp.objects.filter(organisation=organisation, network=network).first()
    if stored is not None and stored.client_id:
        return AppSetting(
            network,
            oauth.ClientApp(stored.client_id, stored.client_secret, dict(stored.extra or {})),
            "page",
        )
    env = settings.NETWORK_APPS.get(network) or {}
    if env.get("client_id"):
        extra = {k: v for k, v in env.items() if k not in ("client_id", "client_secret") and v}
        return AppSetting(
            network,
            oauth.ClientApp(env["client_id"], env.get("client_secret", ""), extra),
            "environment",
        )
    return AppSetting(network, None, "")


def app_settings(organisation) -> dict[str, AppSetting]:
    return {network: developer_app(organisation, network) for network in APP_NETWORKS}


def save_developer_app(
    organisation, user, network: str, client_id: str, client_secret: str, extra: dict
) -> DeveloperApp:
    app, created = DeveloperApp.objects.get_or_create(
        organisation=organisation, network=network, defaults={"client_id": client_id}
    )
    app.client_id = client_id
    if client_secret:  # left blank: keep the stored secret
        app.client_secret = client_secret
    app.extra = {k: v for k, v in extra.items() if v}
    app.save()
    record(
        organisation,
        user,
        "account.developer_app_saved",
        app,
        after={"network": network, "client_id": client_id, "secret_changed": bool(client_secret)},
    )
    return app


def remove_developer_app(organisation, user, network: str) -> None:
    if DeveloperApp.objects.filter(organisation=organisation, network=network).delete()[0]:
        record(
            organisation,
            user,
            "account.developer_app_removed",
            None,
            object_type="channels.developerapp",
            label=network,
            after={"network": network},
        )


def endpoints(network: str) -> dict:
    """Where a network's sign-in and API are: the settings over the defaults. A network signed
    in to with another's login takes that network's settings for what the two share (the
    sign-in pages; the Graph API for Instagram), never for its own API."""
    login = SAME_LOGIN.get(network, "")
    own, theirs = oauth.DEFAULT_ENDPOINTS.get(network, {}), oauth.DEFAULT_ENDPOINTS.get(login, {})
    shared = {
        k: v
        for k, v in (settings.OAUTH_ENDPOINTS.get(login) or {}).items()
        if k in own and own.get(k) == theirs.get(k)
    }
    configured = {**shared, **(settings.OAUTH_ENDPOINTS.get(network) or {})}
    return {
        **oauth.DEFAULT_ENDPOINTS.get(network, {}),
        **{k: v for k, v in configured.items() if v},
    }


_endpoints = endpoints


def flow_for(organisation, network: str, *, instance: str = "", options=None) -> oauth.Flow:
    """The authorisation flow for a network with the organisation's app."""
    if network == "mastodon":
        app = mastodon_app(instance)
        return oauth.MastodonFlow(app, redirect_uri(network), {"instance": instance}, options)
    setting = developer_app(organisation, SAME_LOGIN.get(network, network))
    if setting.app is None:
        raise ConnectError(
            f"Your organisation has not set up its "
            f"{_label(SAME_LOGIN.get(network, network))} developer app yet. An "
            "admin can add it under Developer apps."
        )
    return oauth.FLOWS[network](setting.app, redirect_uri(network), _endpoints(network), options)


def mastodon_app(instance: str) -> oauth.ClientApp:
    """The desk's app on a Mastodon server: registered once per instance, then kept."""
    uri = redirect_uri("mastodon")
    stored = MastodonApp.objects.filter(instance=instance, redirect_uri=uri).first()
    if stored is None:
        app = oauth.register_mastodon_app(instance, uri, website=settings.SITE_URL)
        stored = MastodonApp(instance=instance, redirect_uri=uri, client_id=app.client_id)
        stored.client_secret = app.client_secret
        with transaction.atomic():
            if not MastodonApp.objects.filter(instance=instance, redirect_uri=uri).exists():
                stored.save()
        stored = MastodonApp.objects.get(instance=instance, redirect_uri=uri)
    return oauth.ClientApp(stored.client_id, stored.client_secret)


def _label(network: str) -> str:
    from sociable.networks.registry import adapter_class

    try:
        return adapter_class(network).label or network
    except NetworkError:
        return network


# Starting and finishing a flow --------------------------------------------------------------


def begin(
    request, network: str, *, team, channel: Channel | None = None, instance: str = ""
) -> str:
    """Start connecting (or reconnecting `channel`); returns the address to send the person to."""
    organisation = request.membership.organisation
    if network == "mastodon":
        try:
            instance = oauth.normalise_instance(instance)
        except NetworkError as error:
            raise ConnectError(str(error)) from None
        if instance.startswith("http://") and not _local(instance):
            raise ConnectError("The Mastodon server's address must start with https://.")
    try:
        flow = flow_for(organisation, network, instance=instance)
    except NetworkError as error:
        record(
            organisation,
            request.user,
            "account.connect_failed",
            channel,
            object_type="channels.channel",
            label=_label(network),
            after={"network": network, "step": "register", "error": str(error)[:300]},
        )
        raise ConnectError(
            f"{_label(network)} could not be reached to start connecting: {error}"
        ) from None
    state = oauth.new_state()
    verifier, challenge = oauth.pkce_pair() if flow.pkce else ("", "")
    flows = {
        k: v
        for k, v in request.session.get(SESSION_FLOWS, {}).items()
        if time.time() - v.get("started", 0) < FLOW_MAX_AGE
    }
    flows[state] = {
        "network": network,
        "verifier": verifier,
        "started": time.time(),
        "team": team.pk,
        "channel": channel.pk if channel else None,
        "instance": instance,
    }
    request.session[SESSION_FLOWS] = flows
    record(
        organisation,
        request.user,
        "account.connect_started",
        channel,
        object_type="channels.channel",
        label=str(channel or _label(network)),
        after={
            "network": network,
            "reconnect": channel is not None,
            **({"instance": instance} if instance else {}),
        },
    )
    return flow.authorize_url(state, challenge)


def _local(instance: str) -> bool:
    from urllib.parse import urlsplit

    from sociable.networks.http import _allowed_private_hosts

    return (urlsplit(instance).hostname or "") in _allowed_private_hosts()


def finish(
    request, network: str, *, state: str, code: str, error: str, error_description: str = ""
) -> list[Channel] | None:
    """The network sent the person back. Returns the channels connected, or None when the person
    must now choose which accounts (Facebook Pages, LinkedIn pages) to connect."""
    organisation, user = request.membership.organisation, request.user
    flows = request.session.get(SESSION_FLOWS, {})
    started = flows.pop(state, None) if state else None  # single use, whatever happens next
    request.session[SESSION_FLOWS] = flows
    label = _label(network)
    if (
        started is None
        or started.get("network") != network
        or time.time() - started.get("started", 0) > FLOW_MAX_AGE
    ):
        record(
            organisation,
            user,
            "account.connect_refused_state",
            None,
            object_type="channels.channel",
            label=label,
            after={"network": network},
        )
        raise ConnectError(
            f"This link back from {label} does not match a connection started "
            "here, or it has expired. Nothing was changed; start again."
        )
    channel = _own_channel(organisation, started.get("channel"))
    if error:
        cancelled = error in CANCELLED
        record(
            organisation,
            user,
            "account.connect_cancelled" if cancelled else "account.connect_failed",
            channel,
            object_type="channels.channel",
            label=str(channel or label),
            after={"network": network, "error": error[:100]},
        )
        if cancelled:
            raise ConnectError(f"You cancelled connecting to {label}, so nothing was changed.")
        detail = f" ({error_description[:200]})" if error_description else ""
        raise ConnectError(f"{label} refused the connection{detail}. Nothing was changed.")
    if not code:
        raise ConnectError(f"{label} did not send the sign-in code back. Nothing was changed.")
    try:
        flow = flow_for(
            organisation,
            network,
            instance=started.get("instance", ""),
            options=_options_of(channel),
        )
        token_set = flow.exchange(code, started.get("verifier", ""))
        accounts = flow.accounts(token_set)
    except NetworkError as failure:
        record(
            organisation,
            user,
            "account.connect_failed",
            channel,
            object_type="channels.channel",
            label=str(channel or label),
            after={"network": network, "step": "token", "error": str(failure)[:300]},
        )
        raise ConnectError(f"{label} refused the connection: {failure}") from None
    record(
        organisation,
        user,
        "account.connect_authorised",
        channel,
        object_type="channels.channel",
        label=str(channel or label),
        after={"network": network, "accounts": len(accounts)},
    )
    if not accounts:
        raise ConnectError(_no_accounts_message(network))
    team = _team(organisation, started.get("team"), channel)
    if network in CHOOSE_NETWORKS:
        request.session[SESSION_CHOICES] = {
            network: {
                "accounts": crypto.encrypt({"accounts": [_account_data(a) for a in accounts]}),
                "team": team.pk,
                "channel": channel.pk if channel else None,
                "started": time.time(),
            }
        }
        return None
    return [save_account(organisation, user, network, accounts[0], team=team, channel=channel)]


def _no_accounts_message(network: str) -> str:
    if network == "facebook":
        return (
            "Facebook did not give access to any Page. When Facebook asks, choose the Pages "
            "Sociable may manage, then try again."
        )
    if network == "instagram":
        return (
            "None of the Facebook Pages you gave access to has an Instagram professional "
            "account linked to it. Link the Instagram account to its Page (in Instagram: "
            "Settings, Account type and tools), then try again."
        )
    if network == "google_business":
        return (
            "The Google account you signed in with manages no Business Profile location. "
            "Ask an owner of the profile to add you as a manager, then try again."
        )
    if network == "youtube":
        return (
            "The Google account you signed in with has no YouTube channel. Sign in with the "
            "account (or brand account) that owns the channel, then try again."
        )
    if network == "linkedin":
        return (
            "You are not an administrator of any LinkedIn page, so there is nothing to "
            "connect. Ask a page administrator to add you, then try again."
        )
    return "There was no account to connect."


def _options_of(channel):
    return dict(channel.options) if channel is not None else None


def _own_channel(organisation, pk):
    if not pk:
        return None
    return Channel.objects.filter(organisation=organisation, pk=pk).first()


def _team(organisation, team_id, channel):
    if channel is not None:
        return channel.team
    team = organisation.teams.filter(pk=team_id).first()
    return team or organisation.teams.order_by("-is_comms", "name").first()


def _account_data(account: oauth.Account) -> dict:
    tokens_ = account.tokens
    return {
        "key": account.key,
        "handle": account.handle,
        "display_name": account.display_name,
        "credentials": account.credentials,
        "options": account.options,
        "expires_at": tokens_.expires_at.isoformat() if tokens_ and tokens_.expires_at else "",
        "refresh_expires_at": (
            tokens_.refresh_expires_at.isoformat() if tokens_ and tokens_.refresh_expires_at else ""
        ),
    }


def _account_from(data: dict) -> oauth.Account:
    from datetime import datetime

    def when(value):
        return datetime.fromisoformat(value) if value else None

    token_set = oauth.TokenSet(
        access_token=str(data.get("access_token") or ""),  # not kept: only the expiry matters
        expires_at=when(data.get("expires_at")),
        refresh_expires_at=when(data.get("refresh_expires_at")),
    )
    return oauth.Account(
        key=data["key"],
        handle=data["handle"],
        display_name=data["display_name"],
        credentials=data["credentials"],
        options=data["options"],
        tokens=token_set,
    )


def pending_choices(request, network: str) -> list[oauth.Account]:
    """Accounts waiting for the person to pick (Facebook Pages, LinkedIn pages)."""
    pending = (request.session.get(SESSION_CHOICES) or {}).get(network)
    if not pending or time.time() - pending.get("started", 0) > FLOW_MAX_AGE:
        return []
    try:
        stored = crypto.decrypt(pending["accounts"])
    except crypto.CredentialsUnreadable:
        return []
    return [_account_from(data) for data in stored.get("accounts", [])]


def connect_chosen(request, network: str, keys: list[str]) -> list[Channel]:
    organisation, user = request.membership.organisation, request.user
    pending = (request.session.get(SESSION_CHOICES) or {}).get(network) or {}
    accounts = {a.key: a for a in pending_choices(request, network)}
    if not accounts:
        raise ConnectError("The list of accounts has expired. Nothing was changed; start again.")
    channel = _own_channel(organisation, pending.get("channel"))
    team = _team(organisation, pending.get("team"), channel)
    saved = [
        save_account(
            organisation,
            user,
            network,
            accounts[key],
            team=team,
            channel=channel if len(keys) == 1 else None,
        )
        for key in keys
        if key in accounts
    ]
    request.session.pop(SESSION_CHOICES, None)
    return saved


# Storing ------------------------------------------------------------------------------------


def merge_credentials(stored: dict, fresh: dict, *, drop: tuple[str, ...] = ()) -> dict:
    """Fresh credentials over stored ones; an empty fresh value never replaces a stored one
    (a reconnect that brings no refresh token keeps the one the desk holds)."""
    merged = {k: v for k, v in (stored or {}).items() if k not in drop}
    merged.update({k: v for k, v in fresh.items() if v})
    return merged


def _existing(organisation, network: str, account: oauth.Account):
    channels = Channel.objects.filter(organisation=organisation, network=network)
    option = IDENTITY_OPTION.get(network)
    if option and account.options.get(option):
        found = channels.filter(**{f"options__{option}": account.options[option]}).first()
        if found is not None:
            return found
    return channels.filter(handle=account.handle).first()


def save_account(
    organisation,
    user,
    network: str,
    account: oauth.Account,
    *,
    team,
    channel: Channel | None = None,
) -> Channel:
    """Create the channel, or update the one it already is, and release its held posts."""
    existing = _existing(organisation, network, account)
    if channel is not None and existing is not None and existing.pk != channel.pk:
        raise ConnectError(
            f"You signed in as {account.handle}, which is another account "
            f"already connected here, not {channel.handle}. Nothing was changed."
        )
    if channel is not None and existing is None and not _same_account(channel, account):
        raise ConnectError(
            f"You signed in as {account.handle}, but this account is "
            f"{channel.handle}. Sign in to {_label(network)} as "
            f"{channel.handle} and reconnect again. Nothing was changed."
        )
    target = channel or existing
    now = timezone.now()
    drop: tuple[str, ...] = ()
    if network == "x":
        drop = X_OAUTH1_KEYS if "bearer_token" in account.credentials else X_OAUTH2_KEYS
    with transaction.atomic():
        if target is None:
            target = Channel(
                organisation=organisation, team=team, network=network, handle=account.handle[:200]
            )
            target.credentials = account.credentials
            reconnected = False
        else:
            target = Channel.objects.select_for_update().get(pk=target.pk)
            target.credentials = merge_credentials(
                target.credentials, account.credentials, drop=drop
            )
            reconnected = True
        before = target.status if reconnected else None
        target.display_name = account.display_name[:200] or target.display_name
        target.options = {**(target.options or {}), **account.options}
        target.status, target.status_detail = ChannelStatus.CONNECTED, ""
        target.connected_at = target.last_success_at = now
        target.next_poll_at = now
        target.reconnect_notified_at = target.expiry_reminded_at = None
        tokens.set_expiry(target, account.tokens)
        target.save()
    released = (
        sum(n for _, n in account_reconnected.send(Channel, channel=target)) if reconnected else 0
    )
    record(
        organisation,
        user,
        "account.reconnected" if reconnected else "account.connected",
        target,
        before={"status": before} if before else None,
        after={
            "network": network,
            "handle": target.handle,
            "held_posts_released": released,
            "expires_at": target.token_expires_at.isoformat() if target.token_expires_at else None,
        },
    )
    return target


def _same_account(channel: Channel, account: oauth.Account) -> bool:
    option = IDENTITY_OPTION.get(channel.network)
    if option and channel.options.get(option):
        return str(channel.options[option]) == str(account.options.get(option))
    return channel.handle.lstrip("@").lower() == account.handle.lstrip("@").lower()


def connect_bluesky(
    request,
    *,
    identifier: str,
    app_password: str,
    service: str,
    team,
    channel: Channel | None = None,
) -> Channel:
    organisation, user = request.membership.organisation, request.user
    try:
        account = oauth.bluesky_account(identifier, app_password, service)
    except NetworkError as error:
        record(
            organisation,
            user,
            "account.connect_failed",
            channel,
            object_type="channels.channel",
            label=str(channel or "Bluesky"),
            after={"network": "bluesky", "step": "session", "error": str(error)[:300]},
        )
        if error.reconnect or error.status in (400, 401):
            raise ConnectError(
                "Bluesky did not accept this handle and app password. Check "
                "both, or create a new app password, and try again."
            ) from None
        raise ConnectError(f"Bluesky could not be reached to check the account: {error}") from None
    if channel is None:
        # Bluesky's DID is the identity; a handle typed differently is still the same account.
        same = Channel.objects.filter(
            organisation=organisation, network="bluesky", options__did=account.key
        ).first()
        channel = same
    account = oauth.Account(
        key=account.key,
        handle=account.handle,
        display_name=account.display_name,
        credentials=account.credentials,
        options={**account.options, "did": account.key},
    )
    return save_account(organisation, user, "bluesky", account, team=team, channel=channel)


def connect_x_keys(request, keys: dict, *, team, channel: Channel | None = None) -> Channel:
    organisation, user = request.membership.organisation, request.user
    try:
        account = oauth.x_account_from_keys(keys, _endpoints("x"))
    except NetworkError as error:
        record(
            organisation,
            user,
            "account.connect_failed",
            channel,
            object_type="channels.channel",
            label=str(channel or "X"),
            after={"network": "x", "step": "keys", "error": str(error)[:300]},
        )
        if error.reconnect or error.status in (400, 401, 403):
            raise ConnectError(
                "X did not accept these keys. Check the four values in your "
                "X developer app and try again."
            ) from None
        raise ConnectError(f"X could not be reached to check the keys: {error}") from None
    return save_account(organisation, user, "x", account, team=team, channel=channel)


# Disconnecting ------------------------------------------------------------------------------


def disconnect(channel: Channel, user) -> None:
    """Forget the account's credentials (revoked at the network where it allows) and stop using
    it. Its conversations and posts stay; reconnecting brings it back."""
    credentials = {}
    try:
        credentials = channel.credentials
    except crypto.CredentialsUnreadable:
        pass
    revoked = False
    if channel.network in OAUTH_NETWORKS and credentials:
        try:
            instance = str(channel.options.get("instance") or "")
            if (
                channel.network != "mastodon"
                or MastodonApp.objects.filter(instance=instance).exists()
            ):
                flow_for(
                    channel.organisation,
                    channel.network,
                    instance=instance,
                    options=channel.options,
                ).revoke(credentials)
                revoked = True
        except (NetworkError, ConnectError) as error:
            log.warning("%s: the network did not revoke its token: %s", channel, error)
    Channel.objects.filter(pk=channel.pk).update(
        status=ChannelStatus.DISABLED,
        status_detail="",
        credentials_encrypted="",
        token_expires_at=None,
        refresh_expires_at=None,
        refresh_due_at=None,
    )
    record(
        channel.organisation,
        user,
        "account.disconnected",
        channel,
        before={"status": channel.status},
        after={"revoked_at_network": revoked},
    )


def reconnect_window() -> timedelta:
    return timedelta(seconds=FLOW_MAX_AGE)
