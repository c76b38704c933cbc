"""Connecting accounts: each network's own authorisation flow, in plain Python (no Django).

Every flow here follows the network's published documentation:

- Mastodon: the desk registers an app on the person's instance (POST /api/v1/apps), then the
  authorization-code flow (scopes ``read write``, with PKCE, which Mastodon 4.3+ checks and older
  servers ignore). Tokens do not expire. The instance's character limit comes from
  /api/v2/instance (configuration.statuses.max_characters).
- X: OAuth 2.0 authorization code with PKCE (S256). Access tokens last two hours; with the
  ``offline.access`` scope a refresh token comes too, and X rotates it on every refresh. OAuth
  1.0a user keys are the alternative (signed with oauthlib, checked against /2/users/me).
- Facebook Pages: Facebook Login (for Business when the app has a configuration id): the code is
  exchanged for a user token, that for a long-lived user token (fb_exchange_token), and
  me/accounts gives each Page's own token, which does not expire when taken from a long-lived
  user token.
- Instagram (professional accounts): the same Facebook Login and app as the Pages, with the
  Instagram permissions; each Page's instagram_business_account is an account to connect, acted
  for with that Page's token. Direct messages only when instagram_manage_messages was granted
  (me/permissions), which the adapter is told (option `messaging`).
- Threads: its own authorization-code flow (threads.net/oauth/authorize, a Threads app id and
  secret); the code is exchanged for a short-lived token, that for a long-lived one (60 days,
  th_exchange_token), which the desk renews before it ends (th_refresh_token, with the
  long-lived token itself). /v1.0/me says which profile it is.
- YouTube: Google's OAuth 2.0 for web server apps with PKCE (S256), offline access (a refresh
  token; Google does not rotate it), scopes youtube.upload and youtube.force-ssl; the channel
  is the signed-in identity's own (channels.list mine=true). Revoked at oauth2.googleapis.com.
- Google Business Profile: the same Google OAuth (scope business.manage); the locations of every
  Business Profile account the person manages (Account Management API, then Business
  Information API) are offered to choose from, one account per location.
- LinkedIn: three-legged OAuth; tokens last 60 days; a refresh token comes only to apps LinkedIn
  has granted programmatic refresh, and it keeps its first expiry (365 days). The pages a person
  may connect are their organizationAcls with role ADMINISTRATOR.

All HTTP goes through networks/http/ (SSRF guard, timeouts, redaction); every failure is a
NetworkError. A refusal of a code or a refresh token (``invalid_grant`` and friends) asks for a
reconnect. Base URLs are given by the caller (the desk's settings), so tests point them at a
local authorisation server.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlencode, urlsplit

from sociable.networks import http
from sociable.networks.base import Credentials, NetworkError

# Where each network lives. "web": where the person's browser is sent; "api": what the desk calls.
DEFAULT_ENDPOINTS: dict[str, dict[str, str]] = {
    "x": {"web": "https://x.com", "api": "https://api.x.com"},
    "facebook": {
        "web": "https://www.facebook.com",
        "api": "https://graph.facebook.com",
        "version": "",
    },  # "": the adapter's Graph API version
    "instagram": {
        "web": "https://www.facebook.com",
        "api": "https://graph.facebook.com",
        "version": "",
    },  # Facebook Login (Instagram API with Facebook Login)
    "threads": {"web": "https://threads.net", "api": "https://graph.threads.net"},
    "youtube": {
        "web": "https://accounts.google.com",
        "token": "https://oauth2.googleapis.com",  # nosec B105 (an address)
        "api": "https://www.googleapis.com",
    },
    "google_business": {
        "web": "https://accounts.google.com",
        "token": "https://oauth2.googleapis.com",  # nosec B105 (an address)
        "api": "https://mybusiness.googleapis.com",
        "accounts": "https://mybusinessaccountmanagement.googleapis.com",
        "locations": "https://mybusinessbusinessinformation.googleapis.com",
    },
    "linkedin": {"web": "https://www.linkedin.com", "api": "https://api.linkedin.com"},
}
MASTODON_SCOPES = "read write"
X_SCOPES = "tweet.read tweet.write users.read media.write offline.access"
FACEBOOK_SCOPES = (
    "pages_show_list,pages_manage_posts,pages_read_engagement,pages_manage_engagement,"
    "pages_read_user_content,read_insights,business_management"
)
INSTAGRAM_SCOPES = (
    "instagram_basic,instagram_content_publish,instagram_manage_comments,"
    "instagram_manage_insights,instagram_manage_messages,pages_show_list,pages_read_engagement,"
    "pages_manage_posts,business_management"
)
THREADS_SCOPES = (
    "threads_basic,threads_content_publish,threads_read_replies,threads_manage_replies,"
    "threads_manage_insights,threads_manage_mentions,threads_delete"
)
YOUTUBE_SCOPES = (
    "https://www.googleapis.com/auth/youtube.upload "
    "https://www.googleapis.com/auth/youtube.force-ssl"
)
GOOGLE_BUSINESS_SCOPES = "https://www.googleapis.com/auth/business.manage"
LINKEDIN_SCOPES = "r_organization_social w_organization_social rw_organization_admin"
# OAuth errors (RFC 6749 §5.2) that mean the grant itself is no good: a person must sign in again.
REFUSED_GRANT = {
    "invalid_grant",
    "invalid_client",
    "unauthorized_client",
    "invalid_request",
    "invalid_token",
    "access_denied",
}


@dataclass(frozen=True)
class ClientApp:
    """An organisation's developer app on a network."""

    client_id: str
    client_secret: str = ""
    extra: Mapping[str, str] = field(default_factory=dict)  # e.g. Facebook's configuration id

    def __repr__(self) -> str:
        return f"ClientApp({self.client_id!r})"


@dataclass(frozen=True)
class TokenSet:
    access_token: str
    refresh_token: str = ""
    expires_at: datetime | None = None
    refresh_expires_at: datetime | None = None
    scope: str = ""

    def __repr__(self) -> str:
        return f"TokenSet(expires_at={self.expires_at}, refreshable={bool(self.refresh_token)})"


@dataclass(frozen=True)
class Account:
    """An account the person may connect: who it is, its credentials and adapter options."""

    key: str  # the network's own id for it (user id, page id, organization URN)
    handle: str
    display_name: str
    credentials: dict[str, str]
    options: dict[str, Any] = field(default_factory=dict)
    tokens: TokenSet | None = None

    def __repr__(self) -> str:
        return f"Account({self.handle!r})"


def new_state() -> str:
    return secrets.token_urlsafe(32)


def pkce_pair() -> tuple[str, str]:
    """A PKCE code verifier and its S256 challenge (RFC 7636 §4.1-4.2)."""
    verifier = secrets.token_urlsafe(64)[:96]
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    return verifier, base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def _expiry(seconds: Any, now: datetime | None) -> datetime | None:
    try:
        value = int(seconds)
    except (TypeError, ValueError):
        return None
    if value <= 0:
        return None
    return (now or datetime.now(UTC)) + timedelta(seconds=value)


def _token_set(data: Any, label: str, now: datetime | None = None) -> TokenSet:
    if not isinstance(data, dict) or not data.get("access_token"):
        raise NetworkError(f"{label} did not send an access token.", permanent=True)
    http.remember_secrets([data.get("access_token", ""), data.get("refresh_token", "")])
    return TokenSet(
        access_token=str(data["access_token"]),
        refresh_token=str(data.get("refresh_token") or ""),
        expires_at=_expiry(data.get("expires_in"), now),
        refresh_expires_at=_expiry(data.get("refresh_token_expires_in"), now),
        scope=str(data.get("scope") or ""),
    )


def _oauth_errors(label: str):
    """Read an OAuth error body (RFC 6749 §5.2): a refused grant asks for a reconnect."""

    def classify(status: int, body: Any, headers: Mapping[str, str]) -> NetworkError | None:
        if status < 400 or not isinstance(body, dict):
            return None
        error = body.get("error")
        if isinstance(error, dict):  # Graph API
            code = int(error.get("code") or 0)
            message = http.redact(str(error.get("message") or ""))[:300]
            if code in (100, 190) or error.get("type") == "OAuthException":
                return NetworkError(
                    f"{label} refused the sign-in: {message}", reconnect=True, status=status
                )
            return None
        if isinstance(error, str) and error in REFUSED_GRANT:
            detail = http.redact(str(body.get("error_description") or error))[:300]
            return NetworkError(
                f"{label} refused the sign-in: {detail}", reconnect=True, status=status
            )
        return None

    return classify


class Flow:
    """The authorization-code flow of one network for one developer app."""

    network = ""
    label = ""
    pkce = False

    def __init__(
        self,
        app: ClientApp,
        redirect_uri: str,
        endpoints: Mapping[str, str] | None,
        options: Mapping[str, Any] | None = None,
    ):
        self.app = app
        self.redirect_uri = redirect_uri
        self.endpoints = {**DEFAULT_ENDPOINTS.get(self.network, {}), **dict(endpoints or {})}
        self.options = dict(options or {})
        http.remember_secrets([app.client_secret])

    def _client(self, base: str, **kwargs: Any) -> http.HttpClient:
        return http.client_for(
            self.label,
            base,
            {"retries": 0, **self.options},
            secrets=[self.app.client_secret],
            classify=_oauth_errors(self.label),
            **kwargs,
        )

    def authorize_url(self, state: str, code_challenge: str = "") -> str:
        raise NotImplementedError

    def exchange(self, code: str, code_verifier: str = "") -> TokenSet:
        raise NotImplementedError

    def refresh(self, refresh_token: str) -> TokenSet:
        raise NetworkError(
            f"{self.label} tokens cannot be refreshed; reconnect the account.", reconnect=True
        )

    def revoke(self, credentials: Mapping[str, str]) -> None:
        """Tell the network the desk no longer holds this token (best effort)."""

    def accounts(self, tokens: TokenSet) -> list[Account]:
        """The accounts these tokens may act as."""
        raise NotImplementedError


# --------------------------------------------------------------------------------------------
# Mastodon
# --------------------------------------------------------------------------------------------


def normalise_instance(value: str) -> str:
    """'mastodon.social', 'https://mastodon.social/' -> 'https://mastodon.social'."""
    text = (value or "").strip().rstrip("/")
    if text.startswith("@") or ("@" in text and "://" not in text):
        text = text.rsplit("@", 1)[-1]
    if "://" not in text:
        text = "https://" + text
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.path not in ("", "/"):
        raise NetworkError("That is not the address of a Mastodon server.", permanent=True)
    port = f":{parts.port}" if parts.port else ""
    return f"{parts.scheme}://{parts.hostname.lower()}{port}"


def register_mastodon_app(
    instance: str, redirect_uri: str, website: str = "", options: Mapping[str, Any] | None = None
) -> ClientApp:
    """POST /api/v1/apps: the desk's app on this instance (the caller keeps it)."""
    client = http.client_for("Mastodon", instance, {"retries": 0, **dict(options or {})})
    data = client.post(
        "api/v1/apps",
        data={
            "client_name": "Sociable",
            "redirect_uris": redirect_uri,
            "scopes": MASTODON_SCOPES,
            "website": website,
        },
    )
    if not isinstance(data, dict) or not data.get("client_id") or not data.get("client_secret"):
        raise NetworkError("The Mastodon server did not register the app.", permanent=True)
    return ClientApp(str(data["client_id"]), str(data["client_secret"]))


class MastodonFlow(Flow):
    network = "mastodon"
    label = "Mastodon"
    pkce = True

    @property
    def instance(self) -> str:
        return self.endpoints["instance"]

    def authorize_url(self, state: str, code_challenge: str = "") -> str:
        query = {
            "response_type": "code",
            "client_id": self.app.client_id,
            "redirect_uri": self.redirect_uri,
            "scope": MASTODON_SCOPES,
            "state": state,
        }
        if code_challenge:
            query.update(code_challenge=code_challenge, code_challenge_method="S256")
        return f"{self.instance}/oauth/authorize?{urlencode(query)}"

    def exchange(self, code: str, code_verifier: str = "") -> TokenSet:
        body = {
            "grant_type": "authorization_code",
            "code": code,
            "client_id": self.app.client_id,
            "client_secret": self.app.client_secret,
            "redirect_uri": self.redirect_uri,
            "scope": MASTODON_SCOPES,
        }
        if code_verifier:
            body["code_verifier"] = code_verifier
        return _token_set(self._client(self.instance).post("oauth/token", data=body), self.label)

    def revoke(self, credentials: Mapping[str, str]) -> None:
        token = credentials.get("access_token", "")
        if token:
            self._client(self.instance).post(
                "oauth/revoke",
                data={
                    "client_id": self.app.client_id,
                    "client_secret": self.app.client_secret,
                    "token": token,
                },
            )

    def accounts(self, tokens: TokenSet) -> list[Account]:
        client = self._client(
            self.instance, headers={"Authorization": f"Bearer {tokens.access_token}"}
        )
        me = client.get("api/v1/accounts/verify_credentials")
        domain = urlsplit(self.instance).hostname or ""
        options: dict[str, Any] = {"instance": self.instance}
        try:
            about = client.get("api/v2/instance")
            limit = ((about.get("configuration") or {}).get("statuses") or {}).get("max_characters")
            domain = str(about.get("domain") or domain)
            if limit:
                options["max_characters"] = int(limit)
        except (NetworkError, AttributeError, TypeError, ValueError):
            pass  # older servers: the default limit (500) applies
        acct = str(me.get("acct") or me.get("username") or "")
        if not acct:
            raise NetworkError("The Mastodon server did not say which account this is.")
        handle = f"@{acct}" if "@" in acct else f"@{acct}@{domain}"
        return [
            Account(
                key=str(me.get("id", "")),
                handle=handle,
                display_name=str(me.get("display_name") or acct),
                credentials={"access_token": tokens.access_token},
                options=options,
                tokens=tokens,
            )
        ]


# --------------------------------------------------------------------------------------------
# X
# --------------------------------------------------------------------------------------------


class XFlow(Flow):
    network = "x"
    label = "X"
    pkce = True

    def _token_client(self) -> http.HttpClient:
        headers = {}
        if self.app.client_secret:  # a confidential client authenticates with Basic
            pair = f"{self.app.client_id}:{self.app.client_secret}".encode()
            headers["Authorization"] = "Basic " + base64.b64encode(pair).decode()
        return self._client(self.endpoints["api"], headers=headers)

    def authorize_url(self, state: str, code_challenge: str = "") -> str:
        query = {
            "response_type": "code",
            "client_id": self.app.client_id,
            "redirect_uri": self.redirect_uri,
            "scope": X_SCOPES,
            "state": state,
            "code_challenge": code_challenge,
            "code_challenge_method": "S256",
        }
        return f"{self.endpoints['web'].rstrip('/')}/i/oauth2/authorize?{urlencode(query)}"

    def exchange(self, code: str, code_verifier: str = "") -> TokenSet:
        data = self._token_client().post(
            "2/oauth2/token",
            data={
                "grant_type": "authorization_code",
                "code": code,
                "redirect_uri": self.redirect_uri,
                "code_verifier": code_verifier,
                "client_id": self.app.client_id,
            },
        )
        return _token_set(data, self.label)

    def refresh(self, refresh_token: str) -> TokenSet:
        data = self._token_client().post(
            "2/oauth2/token",
            data={
                "grant_type": "refresh_token",
                "refresh_token": refresh_token,
                "client_id": self.app.client_id,
            },
        )
        return _token_set(data, self.label)

    def revoke(self, credentials: Mapping[str, str]) -> None:
        for key, hint in (("bearer_token", "access_token"), ("refresh_token", "refresh_token")):
            if credentials.get(key):
                self._token_client().post(
                    "2/oauth2/revoke",
                    data={
                        "token": credentials[key],
                        "token_type_hint": hint,
                        "client_id": self.app.client_id,
                    },
                )

    def accounts(self, tokens: TokenSet) -> list[Account]:
        client = self._client(
            self.endpoints["api"], headers={"Authorization": f"Bearer {tokens.access_token}"}
        )
        return [
            _x_account(
                client.get("2/users/me"),
                {"bearer_token": tokens.access_token, "refresh_token": tokens.refresh_token},
                tokens,
            )
        ]


def _x_account(
    me: Any, credentials: dict[str, str], tokens: TokenSet | None, auth: str = "oauth2"
) -> Account:
    user = (me or {}).get("data") if isinstance(me, dict) else None
    if not isinstance(user, dict) or not user.get("id"):
        raise NetworkError("X did not say which account this is.")
    return Account(
        key=str(user["id"]),
        handle="@" + str(user.get("username") or user["id"]),
        display_name=str(user.get("name") or ""),
        credentials=credentials,
        options={"user_id": str(user["id"]), "auth": auth},
        tokens=tokens,
    )


def x_account_from_keys(
    keys: Mapping[str, str],
    endpoints: Mapping[str, str] | None = None,
    options: Mapping[str, Any] | None = None,
) -> Account:
    """Check OAuth 1.0a user keys by reading /2/users/me with them (signed as X documents)."""
    from oauthlib.oauth1 import Client as OAuth1Client

    base = {**DEFAULT_ENDPOINTS["x"], **dict(endpoints or {})}["api"].rstrip("/")
    credentials = {
        k: str(keys.get(k) or "").strip()
        for k in ("consumer_key", "consumer_secret", "access_token", "access_token_secret")
    }
    http.remember_secrets(credentials.values())
    url = f"{base}/2/users/me"
    signer = OAuth1Client(
        credentials["consumer_key"],
        credentials["consumer_secret"],
        credentials["access_token"],
        credentials["access_token_secret"],
    )
    _, headers, _ = signer.sign(url, "GET")
    client = http.client_for(
        "X", base, {"retries": 0, **dict(options or {})}, secrets=list(credentials.values())
    )
    return _x_account(client.get(url, headers=headers), credentials, None, auth="oauth1")


# --------------------------------------------------------------------------------------------
# Facebook Pages
# --------------------------------------------------------------------------------------------


class FacebookFlow(Flow):
    network = "facebook"
    label = "Facebook"
    scopes = FACEBOOK_SCOPES

    @property
    def version(self) -> str:
        from sociable.networks.facebook import DEFAULT_VERSION

        return self.endpoints.get("version") or DEFAULT_VERSION

    def _graph(self, token: str | None = None) -> http.HttpClient:
        base = f"{self.endpoints['api'].rstrip('/')}/{self.version}/"
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        return self._client(base, headers=headers)

    def _api_options(self) -> dict[str, str]:
        """Where the adapter should call, when it is not the Graph API's usual address."""
        base = self.endpoints["api"].rstrip("/")
        return {} if base == DEFAULT_ENDPOINTS[self.network]["api"] else {"api_base": base}

    def _proof(self, token: str) -> str:
        """appsecret_proof: required when the app has 'Require App Secret' on."""
        return hmac.new(self.app.client_secret.encode(), token.encode(), hashlib.sha256).hexdigest()

    def authorize_url(self, state: str, code_challenge: str = "") -> str:
        query = {
            "client_id": self.app.client_id,
            "redirect_uri": self.redirect_uri,
            "state": state,
            "response_type": "code",
        }
        config_id = (self.app.extra or {}).get("config_id", "")
        if config_id:  # Facebook Login for Business: the configuration names the permissions
            query["config_id"] = config_id
            query["override_default_response_type"] = "true"
        else:
            query["scope"] = self.scopes
        return f"{self.endpoints['web'].rstrip('/')}/{self.version}/dialog/oauth?{urlencode(query)}"

    def exchange(self, code: str, code_verifier: str = "") -> TokenSet:
        graph = self._graph()
        short = _token_set(
            graph.get(
                "oauth/access_token",
                params={
                    "client_id": self.app.client_id,
                    "client_secret": self.app.client_secret,
                    "redirect_uri": self.redirect_uri,
                    "code": code,
                },
            ),
            self.label,
        )
        # A long-lived user token (about 60 days): Page tokens taken from it do not expire.
        return _token_set(
            graph.get(
                "oauth/access_token",
                params={
                    "grant_type": "fb_exchange_token",
                    "client_id": self.app.client_id,
                    "client_secret": self.app.client_secret,
                    "fb_exchange_token": short.access_token,
                },
            ),
            self.label,
        )

    def _pages(self, tokens: TokenSet, fields: str) -> list[dict]:
        """The Pages this person may act for (me/accounts), each with its own token."""
        graph = self._graph(tokens.access_token)
        pages: list[dict] = []
        params: dict[str, Any] | None = {
            "fields": fields,
            "limit": 100,
            "appsecret_proof": self._proof(tokens.access_token),
        }
        path = "me/accounts"
        for _ in range(10):  # at most 1,000 Pages
            data = graph.get(path, params=params)
            for page in data.get("data", []) if isinstance(data, dict) else []:
                if isinstance(page, dict) and page.get("id") and page.get("access_token"):
                    http.remember_secrets([str(page["access_token"])])
                    pages.append(page)
            following = ((data or {}).get("paging") or {}).get("next")
            if not following:
                break
            path, params = following, None
        return pages

    def accounts(self, tokens: TokenSet) -> list[Account]:
        return [
            Account(
                key=str(page["id"]),
                handle=str(page["id"]),
                display_name=str(page.get("name") or page["id"]),
                credentials={"page_access_token": str(page["access_token"])},
                options={"page_id": str(page["id"]), **self._api_options()},
            )
            for page in self._pages(tokens, "id,name,access_token,tasks")
        ]

    def revoke(self, credentials: Mapping[str, str]) -> None:
        """A Page token is not revoked alone: removing the app's permissions would disconnect
        every Page the person connected. The desk forgets the token instead."""


class InstagramFlow(FacebookFlow):
    """Instagram professional accounts: the Instagram account linked to each Page."""

    network = "instagram"
    label = "Instagram"
    scopes = INSTAGRAM_SCOPES

    def granted(self, tokens: TokenSet) -> set[str]:
        """The permissions the person granted (they may untick some in the dialog)."""
        data = self._graph(tokens.access_token).get(
            "me/permissions", params={"appsecret_proof": self._proof(tokens.access_token)}
        )
        return {
            str(p.get("permission"))
            for p in (data or {}).get("data", [])
            if isinstance(p, dict) and p.get("status") == "granted"
        }

    def accounts(self, tokens: TokenSet) -> list[Account]:
        from sociable.networks.instagram import MESSAGING_PERMISSION

        messaging = MESSAGING_PERMISSION in self.granted(tokens)
        accounts = []
        fields = "id,name,access_token,instagram_business_account{id,username,name}"
        for page in self._pages(tokens, fields):
            linked = page.get("instagram_business_account")
            if not isinstance(linked, dict) or not linked.get("id"):
                continue  # a Page without an Instagram professional account
            username = str(linked.get("username") or linked["id"])
            options: dict[str, Any] = {
                "ig_user_id": str(linked["id"]),
                "page_id": str(page["id"]),
                "username": username,
                "messaging": messaging,
                **self._api_options(),
            }
            accounts.append(
                Account(
                    key=str(linked["id"]),
                    handle=f"@{username}",
                    display_name=str(linked.get("name") or username),
                    credentials={"page_access_token": str(page["access_token"])},
                    options=options,
                )
            )
        return accounts


# --------------------------------------------------------------------------------------------
# Threads
# --------------------------------------------------------------------------------------------


class ThreadsFlow(Flow):
    network = "threads"
    label = "Threads"

    def _api(self, token: str | None = None) -> http.HttpClient:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        return self._client(self.endpoints["api"].rstrip("/") + "/", headers=headers)

    def authorize_url(self, state: str, code_challenge: str = "") -> str:
        query = {
            "client_id": self.app.client_id,
            "redirect_uri": self.redirect_uri,
            "scope": THREADS_SCOPES,
            "response_type": "code",
            "state": state,
        }
        return f"{self.endpoints['web'].rstrip('/')}/oauth/authorize?{urlencode(query)}"

    def exchange(self, code: str, code_verifier: str = "") -> TokenSet:
        short = _token_set(
            self._api().post(
                "oauth/access_token",
                data={
                    "client_id": self.app.client_id,
                    "client_secret": self.app.client_secret,
                    "grant_type": "authorization_code",
                    "redirect_uri": self.redirect_uri,
                    "code": code,
                },
            ),
            self.label,
        )
        long_lived = _token_set(
            self._api().get(
                "access_token",
                params={
                    "grant_type": "th_exchange_token",
                    "client_secret": self.app.client_secret,
                    "access_token": short.access_token,
                },
            ),
            self.label,
        )
        return self._renewable(long_lived)

    def refresh(self, refresh_token: str) -> TokenSet:
        return self._renewable(
            _token_set(
                self._api().get(
                    "refresh_access_token",
                    params={"grant_type": "th_refresh_token", "access_token": refresh_token},
                ),
                self.label,
            )
        )

    @staticmethod
    def _renewable(tokens: TokenSet) -> TokenSet:
        """Threads renews a long-lived token with the token itself: it is the refresh token
        too, and can no longer be renewed once it has expired."""
        return TokenSet(
            access_token=tokens.access_token,
            refresh_token=tokens.access_token,
            expires_at=tokens.expires_at,
            refresh_expires_at=tokens.expires_at,
            scope=tokens.scope,
        )

    def accounts(self, tokens: TokenSet) -> list[Account]:
        me = self._api(tokens.access_token).get("v1.0/me", params={"fields": "id,username,name"})
        if not isinstance(me, dict) or not me.get("id"):
            raise NetworkError("Threads did not say which profile this is.")
        username = str(me.get("username") or me["id"])
        options: dict[str, Any] = {"user_id": str(me["id"]), "username": username}
        base = self.endpoints["api"].rstrip("/")
        if base != DEFAULT_ENDPOINTS["threads"]["api"]:
            options["api_base"] = base
        return [
            Account(
                key=str(me["id"]),
                handle=f"@{username}",
                display_name=str(me.get("name") or username),
                credentials={
                    "access_token": tokens.access_token,
                    "refresh_token": tokens.refresh_token,
                },
                options=options,
                tokens=tokens,
            )
        ]


# --------------------------------------------------------------------------------------------
# YouTube (Google OAuth)
# --------------------------------------------------------------------------------------------


class YouTubeFlow(Flow):
    network = "youtube"
    label = "YouTube"
    pkce = True
    scopes = YOUTUBE_SCOPES

    def _token_endpoint(self) -> http.HttpClient:
        return self._client(self.endpoints["token"].rstrip("/") + "/")

    def authorize_url(self, state: str, code_challenge: str = "") -> str:
        query = {
            "client_id": self.app.client_id,
            "redirect_uri": self.redirect_uri,
            "response_type": "code",
            "scope": self.scopes,
            "access_type": "offline",
            "prompt": "consent",
            "include_granted_scopes": "true",
            "state": state,
            "code_challenge": code_challenge,
            "code_challenge_method": "S256",
        }
        return f"{self.endpoints['web'].rstrip('/')}/o/oauth2/v2/auth?{urlencode(query)}"

    def exchange(self, code: str, code_verifier: str = "") -> TokenSet:
        return _token_set(
            self._token_endpoint().post(
                "token",
                data={
                    "code": code,
                    "client_id": self.app.client_id,
                    "client_secret": self.app.client_secret,
                    "redirect_uri": self.redirect_uri,
                    "grant_type": "authorization_code",
                    "code_verifier": code_verifier,
                },
            ),
            self.label,
        )

    def refresh(self, refresh_token: str) -> TokenSet:
        return _token_set(
            self._token_endpoint().post(
                "token",
                data={
                    "grant_type": "refresh_token",
                    "refresh_token": refresh_token,
                    "client_id": self.app.client_id,
                    "client_secret": self.app.client_secret,
                },
            ),
            self.label,
        )

    def revoke(self, credentials: Mapping[str, str]) -> None:
        token = credentials.get("refresh_token") or credentials.get("access_token")
        if token:
            self._token_endpoint().post("revoke", data={"token": token})

    def accounts(self, tokens: TokenSet) -> list[Account]:
        api = self._client(
            self.endpoints["api"].rstrip("/") + "/youtube/v3/",
            headers={"Authorization": f"Bearer {tokens.access_token}"},
        )
        data = api.get("channels", params={"part": "snippet", "mine": "true"})
        accounts = []
        base = self.endpoints["api"].rstrip("/")
        for channel in (data or {}).get("items") or []:
            if not isinstance(channel, dict) or not channel.get("id"):
                continue
            snippet = channel.get("snippet") or {}
            title = str(snippet.get("title") or channel["id"])
            options: dict[str, Any] = {"channel_id": str(channel["id"])}
            if base != DEFAULT_ENDPOINTS["youtube"]["api"]:
                options["api_base"] = base
            accounts.append(
                Account(
                    key=str(channel["id"]),
                    handle=str(snippet.get("customUrl") or title),
                    display_name=title,
                    credentials={
                        "access_token": tokens.access_token,
                        "refresh_token": tokens.refresh_token,
                    },
                    options=options,
                    tokens=tokens,
                )
            )
        return accounts


class GoogleBusinessFlow(YouTubeFlow):
    """Google Business Profile: the same Google sign-in; each location is an account."""

    network = "google_business"
    label = "Google Business Profile"
    scopes = GOOGLE_BUSINESS_SCOPES

    def accounts(self, tokens: TokenSet) -> list[Account]:
        headers = {"Authorization": f"Bearer {tokens.access_token}"}
        management = self._client(self.endpoints["accounts"].rstrip("/") + "/v1/", headers=headers)
        information = self._client(
            self.endpoints["locations"].rstrip("/") + "/v1/", headers=headers
        )
        found = []
        listed = management.get("accounts", params={"pageSize": 20})
        for account in (listed or {}).get("accounts") or []:
            name = str((account or {}).get("name") or "")
            if not name.startswith("accounts/"):
                continue
            page_token: str | None = None
            for _ in range(10):  # at most 1,000 locations per account
                params = {"readMask": "name,title,storefrontAddress", "pageSize": 100}
                if page_token:
                    params["pageToken"] = page_token
                data = information.get(f"{name}/locations", params=params) or {}
                for location in data.get("locations") or []:
                    found.append(self._account(name, location, tokens))
                page_token = str(data.get("nextPageToken") or "")
                if not page_token:
                    break
        return [account for account in found if account is not None]

    def _account(self, account: str, location: Any, tokens: TokenSet) -> Account | None:
        if not isinstance(location, dict) or not str(location.get("name", "")).startswith(
            "locations/"
        ):
            return None
        title = str(location.get("title") or location["name"])
        address = location.get("storefrontAddress") or {}
        where = ", ".join(
            str(p) for p in [*(address.get("addressLines") or [])[:1], address.get("locality")] if p
        )
        options: dict[str, Any] = {
            "account": account,
            "location": str(location["name"]),
            "title": title,
        }
        base = self.endpoints["api"].rstrip("/")
        if base != DEFAULT_ENDPOINTS["google_business"]["api"]:
            options["api_base"] = base
        return Account(
            key=f"{account}/{location['name']}",
            handle=title,
            display_name=f"{title} ({where})" if where else title,
            credentials={
                "access_token": tokens.access_token,
                "refresh_token": tokens.refresh_token,
            },
            options=options,
            tokens=tokens,
        )


# --------------------------------------------------------------------------------------------
# LinkedIn
# --------------------------------------------------------------------------------------------


class LinkedInFlow(Flow):
    network = "linkedin"
    label = "LinkedIn"

    def _oauth(self) -> http.HttpClient:
        return self._client(f"{self.endpoints['web'].rstrip('/')}/oauth/v2/")

    def authorize_url(self, state: str, code_challenge: str = "") -> str:
        query = {
            "response_type": "code",
            "client_id": self.app.client_id,
            "redirect_uri": self.redirect_uri,
            "state": state,
            "scope": LINKEDIN_SCOPES,
        }
        return f"{self.endpoints['web'].rstrip('/')}/oauth/v2/authorization?{urlencode(query)}"

    def exchange(self, code: str, code_verifier: str = "") -> TokenSet:
        return _token_set(
            self._oauth().post(
                "accessToken",
                data={
                    "grant_type": "authorization_code",
                    "code": code,
                    "redirect_uri": self.redirect_uri,
                    "client_id": self.app.client_id,
                    "client_secret": self.app.client_secret,
                },
            ),
            self.label,
        )

    def refresh(self, refresh_token: str) -> TokenSet:
        return _token_set(
            self._oauth().post(
                "accessToken",
                data={
                    "grant_type": "refresh_token",
                    "refresh_token": refresh_token,
                    "client_id": self.app.client_id,
                    "client_secret": self.app.client_secret,
                },
            ),
            self.label,
        )

    def revoke(self, credentials: Mapping[str, str]) -> None:
        if credentials.get("access_token"):
            self._oauth().post(
                "revoke",
                data={
                    "client_id": self.app.client_id,
                    "client_secret": self.app.client_secret,
                    "token": credentials["access_token"],
                },
            )

    def accounts(self, tokens: TokenSet) -> list[Account]:
        from sociable.networks.linkedin import api_version

        version = api_version(self.options)
        api = self._client(
            f"{self.endpoints['api'].rstrip('/')}/rest/",
            headers={
                "Authorization": f"Bearer {tokens.access_token}",
                "LinkedIn-Version": version,
                "X-Restli-Protocol-Version": "2.0.0",
            },
        )
        acls = api.get(
            "organizationAcls",
            params={"q": "roleAssignee", "role": "ADMINISTRATOR", "state": "APPROVED", "count": 50},
        )
        pages = []
        for acl in (acls or {}).get("elements", []):
            urn = str(acl.get("organization") or acl.get("organizationTarget") or "")
            if not urn.startswith("urn:li:organization:") or acl.get("role") != "ADMINISTRATOR":
                continue
            if acl.get("state", "APPROVED") != "APPROVED":
                continue
            org_id = urn.rsplit(":", 1)[-1]
            try:
                about = api.get(f"organizations/{org_id}")
                name = str(about.get("localizedName") or about.get("vanityName") or urn)
                vanity = str(about.get("vanityName") or org_id)
            except NetworkError:
                name, vanity = urn, org_id
            credentials = {
                "access_token": tokens.access_token,
                "refresh_token": tokens.refresh_token,
            }
            options = {"organization": urn}
            if self.endpoints["api"].rstrip("/") != DEFAULT_ENDPOINTS["linkedin"]["api"]:
                options["api_base"] = self.endpoints["api"].rstrip("/")
            pages.append(
                Account(
                    key=urn,
                    handle=vanity,
                    display_name=name,
                    credentials=credentials,
                    options=options,
                    tokens=tokens,
                )
            )
        return pages


FLOWS: dict[str, type[Flow]] = {
    "mastodon": MastodonFlow,
    "x": XFlow,
    "facebook": FacebookFlow,
    "instagram": InstagramFlow,
    "threads": ThreadsFlow,
    "youtube": YouTubeFlow,
    "google_business": GoogleBusinessFlow,
    "linkedin": LinkedInFlow,
}


# --------------------------------------------------------------------------------------------
# Bluesky: an app password, checked by creating a session with the adapter
# --------------------------------------------------------------------------------------------


def bluesky_account(
    identifier: str, app_password: str, service: str = "", options: Mapping[str, Any] | None = None
) -> Account:
    """Sign in with the adapter (com.atproto.server.createSession) before anything is saved."""
    from sociable.networks.bluesky import BlueskyNetwork

    handle = (identifier or "").strip().lstrip("@")
    adapter_options = {**dict(options or {}), **({"service": service} if service else {})}
    adapter = BlueskyNetwork(
        Credentials({"identifier": handle, "app_password": app_password}), adapter_options
    )
    did = adapter._login()  # the adapter's own sign-in; raises NetworkError when refused
    session = getattr(adapter.client, "_session", None)
    signed_in_as = str(getattr(session, "handle", "") or handle)
    return Account(
        key=did or signed_in_as,
        handle=f"@{signed_in_as}",
        display_name=signed_in_as,
        credentials={"identifier": handle, "app_password": app_password},
        options={"service": service} if service else {},
    )
