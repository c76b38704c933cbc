"""A local authorisation server on 127.0.0.1 that follows each network's documented flow.

It plays Mastodon (apps, oauth/authorize, oauth/token, oauth/revoke, verify_credentials,
v2/instance, and enough of statuses to publish), X (i/oauth2/authorize, 2/oauth2/token with PKCE
checked and refresh tokens rotated, 2/oauth2/revoke, 2/users/me with a bearer token or OAuth
1.0a keys), Facebook (dialog/oauth, oauth/access_token with code and fb_exchange_token,
me/accounts with appsecret_proof checked, and a Page's feed), Instagram through Facebook Login
(the same app with both redirect URIs; me/permissions as granted, me/accounts giving each
Page's instagram_business_account, and the account's content_publishing_limit read with its
Page's token), Threads (threads.net/oauth/authorize under /threads.net, oauth/access_token,
access_token with th_exchange_token, refresh_access_token with th_refresh_token, v1.0/me and a
profile's threads_publishing_limit), Google for YouTube (o/oauth2/v2/auth with PKCE and
offline access, token with code and refresh_token, revoke, youtube/v3/channels mine=true and
commentThreads; for Business Profile v1/accounts, v1/{account}/locations and a location's
v4 reviews) and LinkedIn
(oauth/v2/authorization, oauth/v2/accessToken with refresh, oauth/v2/revoke, rest/organizationAcls,
rest/organizations).

Sources: docs.joinmastodon.org/methods/apps, /methods/oauth, /spec/oauth;
docs.x.com/resources/fundamentals/authentication/oauth-2-0/user-access-token;
developers.facebook.com/docs/facebook-login/guides/advanced/manual-flow and
/docs/facebook-login/guides/access-tokens/get-long-lived; developers.facebook.com/docs/threads/
get-started/get-access-tokens-and-permissions and /long-lived-tokens;
learn.microsoft.com/linkedin/shared/authentication/authorization-code-flow and
/programmatic-refresh-tokens, and
/linkedin/marketing/community-management/organizations/organization-access-control-by-role.

The person's decision at the authorize step is `decision` ("approve" or "deny"); with
`consent_page = True` the authorize step is an HTML page with "Allow" and "Cancel" links for a
browser test to click. Everything received is kept in `requests`.

Use it through the `oauth_server` fixture (tests/conftest.py), which points the desk's
OAUTH_ENDPOINTS and NETWORK_APPS at it.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import html
import json
import re
import secrets
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, parse_qsl, urlencode, urlsplit

from sociable.networks.facebook import DEFAULT_VERSION as FACEBOOK_VERSION

LINKEDIN_CANCEL = "user_cancelled_authorize"


@dataclass
class Seen:
    method: str
    path: str
    query: dict[str, str]
    form: dict[str, str]
    headers: dict[str, str]


@dataclass
class Grant:
    network: str
    client_id: str
    redirect_uri: str
    scope: str
    code_challenge: str = ""
    used: bool = False


@dataclass
class Token:
    network: str
    kind: str  # access | refresh | user | long_user | page
    client_id: str = ""
    scope: str = ""
    revoked: bool = False
    extra: dict = field(default_factory=dict)


class OAuthServer:
    def __init__(self, site_url: str = "http://127.0.0.1:8000"):
        self.site_url = site_url.rstrip("/")
        self.clients = {
            "x": ("x-client-id", "x-client-secret"),
            "facebook": ("424242424242", "facebook-app-secret"),
            "threads": ("990011223344", "threads-app-secret"),
            "youtube": ("1234-northshire.apps.googleusercontent.com", "GOCSPX-youtube-secret"),
            "linkedin": ("78linkedinclient", "linkedin-client-secret"),
        }
        self.threads_user = {
            "id": "25187340000009999",
            "username": "northshirenhs",
            "name": "Northshire Hospitals",
        }
        self.threads_expires_in = 60 * 24 * 3600
        self.business_accounts = {
            "accounts/1098765432": [
                {
                    "name": "locations/4321987650",
                    "title": "Northshire General Hospital",
                    "storefrontAddress": {
                        "addressLines": ["Hospital Road"],
                        "locality": "Northshire",
                        "postalCode": "NS1 1AA",
                        "regionCode": "GB",
                    },
                },
                {
                    "name": "locations/4321987651",
                    "title": "Northshire Birth Centre",
                    "storefrontAddress": {
                        "addressLines": ["Mill Lane"],
                        "locality": "Northshire",
                        "regionCode": "GB",
                    },
                },
            ]
        }
        self.youtube_channels = [
            {
                "id": "UCnorthshireNHS0000000AB",
                "snippet": {
                    "title": "Northshire NHS",
                    "customUrl": "@northshirenhs",
                    "description": "",
                },
            }
        ]
        self.x_oauth1 = {
            "consumer_key": "xconsumerkey",
            "consumer_secret": "xconsumersecret",
            "access_token": "1470-xaccesstoken",
            "access_token_secret": "xtokensecret",
        }
        self.decision = "approve"
        self.consent_page = False
        self.x_expires_in = 7200
        self.linkedin_expires_in = 60 * 24 * 3600
        self.linkedin_refresh = True  # LinkedIn grants refresh tokens to some apps only
        self.linkedin_refresh_expires_in = 365 * 24 * 3600
        self.refuse_refresh = False
        self.mastodon_domain = "social.northshire.example"
        self.mastodon_max_characters = 1000
        self.mastodon_user = {
            "id": "109348",
            "username": "northshire",
            "acct": "northshire",
            "display_name": "Northshire Hospitals",
        }
        self.x_user = {
            "id": "1470000000000000001",
            "username": "NorthshireNHS",
            "name": "Northshire Hospitals",
        }
        self.pages = [
            {"id": "1010101", "name": "Northshire Hospitals"},
            {"id": "2020202", "name": "Northshire Maternity"},
        ]
        # The Instagram professional account linked to each Page (Pages not listed have none).
        self.instagram = {
            "1010101": {
                "id": "17841400000001010",
                "username": "northshirenhs",
                "name": "Northshire Hospitals",
            },
            "2020202": {
                "id": "17841400000002020",
                "username": "northshire_mat",
                "name": "Northshire Maternity",
            },
        }
        self.declined: set[str] = set()  # permissions the person unticks in the dialog
        self.organisations = [
            {
                "id": "2414183",
                "name": "Northshire Hospitals NHS Trust",
                "vanity": "northshire-hospitals",
                "role": "ADMINISTRATOR",
            },
            {
                "id": "5550001",
                "name": "Northshire Charity",
                "vanity": "northshire-charity",
                "role": "ANALYST",
            },
        ]
        self.requests: list[Seen] = []
        self.mastodon_apps: dict[str, dict] = {}
        self.grants: dict[str, Grant] = {}
        self.tokens: dict[str, Token] = {}
        self.published: list[dict] = []
        self._lock = threading.Lock()
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    # Life -----------------------------------------------------------------------------------

    @property
    def url(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> OAuthServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()

    def endpoints(self) -> dict:
        """OAUTH_ENDPOINTS for the desk's settings."""
        return {
            "x": {"web": self.url, "api": self.url},
            "facebook": {"web": self.url, "api": self.url, "version": FACEBOOK_VERSION},
            "threads": {"web": f"{self.url}/threads.net", "api": self.url},
            "youtube": {"web": self.url, "token": self.url, "api": self.url},
            "google_business": {
                "web": self.url,
                "token": self.url,
                "api": self.url,
                "accounts": self.url,
                "locations": self.url,
            },
            "linkedin": {"web": self.url, "api": self.url},
        }

    def network_apps(self) -> dict:
        """NETWORK_APPS for the desk's settings: the developer apps this server knows."""
        return {
            network: {"client_id": cid, "client_secret": secret}
            for network, (cid, secret) in self.clients.items()
        }

    def redirect_uri(self, network: str) -> str:
        return f"{self.site_url}/settings/accounts/{network}/callback/"

    # Inspection -----------------------------------------------------------------------------

    def seen(self, method: str, path_contains: str) -> list[Seen]:
        return [r for r in self.requests if r.method == method and path_contains in r.path]

    def valid_tokens(self, network: str, kind: str) -> list[str]:
        return [
            t
            for t, info in self.tokens.items()
            if info.network == network and info.kind == kind and not info.revoked
        ]

    def expire(self, token: str) -> None:
        """The network no longer accepts this token (it expired or was revoked)."""
        self.tokens[token].revoked = True

    # Helpers --------------------------------------------------------------------------------

    def _new(self, prefix: str) -> str:
        return f"{prefix}-{secrets.token_urlsafe(18)}"

    def _issue(self, network: str, kind: str, client_id: str = "", scope: str = "", **extra) -> str:
        token = self._new(f"{network}-{kind}")
        self.tokens[token] = Token(network, kind, client_id, scope, extra=extra)
        return token

    def _token(self, value: str, network: str, *kinds: str) -> Token | None:
        info = self.tokens.get(value)
        if info is None or info.revoked or info.network != network or info.kind not in kinds:
            return None
        return info

    def _authorize(
        self,
        network: str,
        query: dict,
        expected_redirect: str,
        client_ok: bool,
        scope: str,
        challenge: str = "",
    ):
        """The person's decision at the network: a redirect back to the desk (or a page)."""
        redirect_uri = query.get("redirect_uri", "")
        if not client_ok:
            return 400, {"error": "invalid_client"}
        if redirect_uri != expected_redirect:
            return 400, {
                "error": "invalid_request",
                "error_description": "The redirect_uri does not match the app's.",
            }
        if query.get("response_type", "code") != "code":
            return 400, {"error": "unsupported_response_type"}
        state = query.get("state", "")
        code = self._new("code")
        self.grants[code] = Grant(
            network, query.get("client_id", ""), redirect_uri, scope, challenge
        )
        approve = f"{redirect_uri}?{urlencode({'code': code, 'state': state})}"
        error = "access_denied"
        cancel_query = {
            "error": error,
            "error_description": "The user denied the request.",
            "state": state,
        }
        if network == "facebook":
            cancel_query.update(error_reason="user_denied", error_code="200")
        if network == "linkedin":
            cancel_query["error"] = LINKEDIN_CANCEL
        cancel = f"{redirect_uri}?{urlencode(cancel_query)}"
        if self.consent_page:
            page = (
                f"<!doctype html><html lang='en'><head><title>Allow Sociable</title></head>"
                f"<body><main><h1>Allow Sociable to use your {html.escape(network)} "
                f"account?</h1><p><a id='allow' href='{html.escape(approve)}'>Allow</a></p>"
                f"<p><a id='cancel' href='{html.escape(cancel)}'>Cancel</a></p></main>"
                f"</body></html>"
            )
            return 200, page
        return 302, approve if self.decision == "approve" else cancel

    def _take_code(self, network: str, form: dict, client_id: str) -> tuple[Grant | None, dict]:
        grant = self.grants.get(form.get("code", ""))
        if grant is None or grant.used or grant.network != network:
            return None, {
                "error": "invalid_grant",
                "error_description": "The authorization code is invalid or was used.",
            }
        grant.used = True  # single use, whatever comes next
        if grant.client_id != client_id:
            return None, {"error": "invalid_grant", "error_description": "Wrong client."}
        if form.get("redirect_uri") != grant.redirect_uri:
            return None, {
                "error": "invalid_grant",
                "error_description": "redirect_uri does not match the authorization.",
            }
        if grant.code_challenge:
            verifier = form.get("code_verifier", "")
            digest = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest())
            if digest.rstrip(b"=").decode() != grant.code_challenge:
                return None, {
                    "error": "invalid_request",
                    "error_description": "Value passed for the code verifier was invalid.",
                }
        return grant, {}

    @staticmethod
    def _basic(headers: dict) -> tuple[str, str]:
        value = headers.get("authorization", "")
        if not value.startswith("Basic "):
            return "", ""
        client_id, _, secret = base64.b64decode(value[6:]).decode().partition(":")
        return client_id, secret

    @staticmethod
    def _bearer(headers: dict) -> str:
        value = headers.get("authorization", "")
        return value[7:] if value.startswith("Bearer ") else ""

    # Mastodon -------------------------------------------------------------------------------

    def mastodon(self, method, path, query, form, headers):
        if method == "POST" and path == "/api/v1/apps":
            client_id, secret = self._new("mastodon-client"), self._new("mastodon-secret")
            self.mastodon_apps[client_id] = {
                "secret": secret,
                "redirect_uris": form.get("redirect_uris", ""),
                "scopes": form.get("scopes", "read"),
            }
            return 200, {
                "id": "5",
                "name": form.get("client_name", ""),
                "website": None,
                "redirect_uri": form.get("redirect_uris", ""),
                "client_id": client_id,
                "client_secret": secret,
            }
        if method == "GET" and path == "/oauth/authorize":
            app = self.mastodon_apps.get(query.get("client_id", ""))
            scopes = set(query.get("scope", "read").split())
            if app and not scopes <= set(app["scopes"].split()):
                return 400, {"error": "invalid_scope"}
            if query.get("code_challenge") and query.get("code_challenge_method") != "S256":
                return 400, {"error": "invalid_request"}
            return self._authorize(
                "mastodon",
                query,
                app["redirect_uris"] if app else "",
                app is not None,
                query.get("scope", "read"),
                query.get("code_challenge", ""),
            )
        if method == "POST" and path == "/oauth/token":
            app = self.mastodon_apps.get(form.get("client_id", ""))
            if app is None or app["secret"] != form.get("client_secret"):
                return 401, {
                    "error": "invalid_client",
                    "error_description": "Client authentication failed.",
                }
            if form.get("grant_type") != "authorization_code":
                return 400, {"error": "unsupported_grant_type"}
            grant, error = self._take_code("mastodon", form, form["client_id"])
            if grant is None:
                return 400, error
            token = self._issue("mastodon", "access", form["client_id"], grant.scope)
            return 200, {
                "access_token": token,
                "token_type": "Bearer",
                "scope": grant.scope,
                "created_at": 1733000000,
            }
        if method == "POST" and path == "/oauth/revoke":
            app = self.mastodon_apps.get(form.get("client_id", ""))
            if app is None or app["secret"] != form.get("client_secret"):
                return 403, {"error": "unauthorized_client"}
            if form.get("token") in self.tokens:
                self.tokens[form["token"]].revoked = True
            return 200, {}
        if method == "GET" and path == "/api/v2/instance":
            return 200, {
                "domain": self.mastodon_domain,
                "title": "Northshire Social",
                "version": "4.3.2",
                "configuration": {
                    "statuses": {
                        "max_characters": self.mastodon_max_characters,
                        "max_media_attachments": 4,
                    }
                },
            }
        token = self._token(self._bearer(headers), "mastodon", "access")
        if path.startswith("/api/v1/") and token is None:
            return 401, {"error": "The access token is invalid"}
        if method == "GET" and path == "/api/v1/accounts/verify_credentials":
            return 200, {
                **self.mastodon_user,
                "url": f"https://{self.mastodon_domain}/@{self.mastodon_user['username']}",
                "note": "",
                "followers_count": 10,
            }
        if method == "POST" and path == "/api/v1/statuses":
            number = str(110000000000000000 + len(self.published))
            self.published.append({"network": "mastodon", "text": form.get("status", "")})
            return 200, _status(
                number, form.get("status", ""), self.mastodon_user, self.mastodon_domain
            )
        if method == "GET" and path in ("/api/v1/notifications", "/api/v1/timelines/home"):
            return 200, []
        return None

    # X --------------------------------------------------------------------------------------

    def x(self, method, path, query, form, headers):
        client_id, client_secret = self.clients["x"]
        if method == "GET" and path == "/i/oauth2/authorize":
            if query.get("code_challenge_method") != "S256" or not query.get("code_challenge"):
                return 400, {
                    "error": "invalid_request",
                    "error_description": "PKCE with S256 is required.",
                }
            return self._authorize(
                "x",
                query,
                self.redirect_uri("x"),
                query.get("client_id") == client_id,
                query.get("scope", ""),
                query["code_challenge"],
            )
        if method == "POST" and path.startswith("/2/oauth2/"):
            basic_id, basic_secret = self._basic(headers)
            if basic_id and (basic_id, basic_secret) != (client_id, client_secret):
                return 401, {
                    "error": "unauthorized_client",
                    "error_description": "Missing valid authorization header",
                }
            if (basic_id or form.get("client_id")) != client_id:
                return 401, {"error": "unauthorized_client"}
        if method == "POST" and path == "/2/oauth2/token":
            if form.get("grant_type") == "authorization_code":
                grant, error = self._take_code("x", form, client_id)
                if grant is None:
                    return 400, error
                return 200, self._x_tokens(grant.scope)
            if form.get("grant_type") == "refresh_token":
                info = self._token(form.get("refresh_token", ""), "x", "refresh")
                if info is None or self.refuse_refresh:
                    return 400, {
                        "error": "invalid_request",
                        "error_description": "Value passed for the token was invalid.",
                    }
                info.revoked = True  # X rotates refresh tokens: the old one is spent
                return 200, self._x_tokens(info.scope)
            return 400, {"error": "unsupported_grant_type"}
        if method == "POST" and path == "/2/oauth2/revoke":
            if form.get("token") in self.tokens:
                self.tokens[form["token"]].revoked = True
            return 200, {"revoked": True}
        if method == "GET" and path == "/2/users/me":
            if self._token(self._bearer(headers), "x", "access") or self._oauth1_ok(headers):
                return 200, {"data": dict(self.x_user)}
            return 401, {
                "title": "Unauthorized",
                "type": "about:blank",
                "status": 401,
                "detail": "Unauthorized",
            }
        return None

    def _x_tokens(self, scope: str) -> dict:
        body = {
            "token_type": "bearer",
            "expires_in": self.x_expires_in,
            "scope": scope,
            "access_token": self._issue("x", "access", scope=scope),
        }
        if "offline.access" in scope.split():
            body["refresh_token"] = self._issue("x", "refresh", scope=scope)
        return body

    def _oauth1_ok(self, headers: dict) -> bool:
        value = headers.get("authorization", "")
        if not value.startswith("OAuth "):
            return False
        params = dict(re.findall(r'(\w+)="([^"]*)"', value))
        return (
            params.get("oauth_consumer_key") == self.x_oauth1["consumer_key"]
            and params.get("oauth_token") == self.x_oauth1["access_token"]
            and params.get("oauth_signature_method") == "HMAC-SHA1"
            and bool(params.get("oauth_signature"))
        )

    # Facebook -------------------------------------------------------------------------------

    def facebook(self, method, path, query, form, headers):
        app_id, app_secret = self.clients["facebook"]
        prefix = f"/{FACEBOOK_VERSION}/"
        if not path.startswith(prefix):
            return None
        rest = path[len(prefix) :]
        if method == "GET" and rest == "dialog/oauth":
            if not (query.get("scope") or query.get("config_id")):
                return 400, {"error": {"message": "No permissions requested", "code": 100}}
            # The app's valid OAuth redirect URIs: Pages and Instagram accounts.
            registered = [self.redirect_uri(n) for n in ("facebook", "instagram")]
            expected = (
                query.get("redirect_uri")
                if query.get("redirect_uri") in registered
                else registered[0]
            )
            return self._authorize(
                "facebook",
                query,
                expected,
                query.get("client_id") == app_id,
                query.get("scope") or f"config:{query.get('config_id')}",
            )
        if method == "GET" and rest == "oauth/access_token":
            if query.get("client_id") != app_id or query.get("client_secret") != app_secret:
                return 400, _graph_error("Error validating client secret.", 1)
            if query.get("grant_type") == "fb_exchange_token":
                short = self._token(query.get("fb_exchange_token", ""), "facebook", "user")
                if short is None:
                    return 400, _graph_error("Error validating access token.", 190)
                return 200, {
                    "access_token": self._issue("facebook", "long_user", scope=short.scope),
                    "token_type": "bearer",
                    "expires_in": 5183944,
                }
            grant, error = self._take_code("facebook", query, app_id)
            if grant is None:
                return 400, _graph_error("This authorization code has been used.", 100)
            return 200, {
                "access_token": self._issue("facebook", "user", scope=grant.scope),
                "token_type": "bearer",
                "expires_in": 5400,
            }
        bearer = self._bearer(headers) or query.get("access_token", "")
        if method == "GET" and rest == "me/permissions":
            user = self._token(bearer, "facebook", "user", "long_user")
            if user is None:
                return 400, _graph_error("Error validating access token.", 190)
            return 200, {
                "data": [
                    {
                        "permission": name,
                        "status": "declined" if name in self.declined else "granted",
                    }
                    for name in user.scope.split(",")
                    if name
                ]
            }
        match = re.fullmatch(r"(\d+)/content_publishing_limit", rest)
        if method == "GET" and match:
            info = self._token(bearer, "facebook", "page")
            linked = self.instagram.get((info.extra.get("page_id") if info else "") or "") or {}
            if linked.get("id") != match.group(1):
                return 400, _graph_error("Error validating access token.", 190)
            return 200, {
                "data": [{"quota_usage": 0, "config": {"quota_total": 25, "quota_duration": 86400}}]
            }
        if method == "GET" and rest == "me/accounts":
            if self._token(bearer, "facebook", "user", "long_user") is None:
                return 400, _graph_error("Error validating access token.", 190)
            proof = query.get("appsecret_proof")
            wanted = hmac.new(app_secret.encode(), bearer.encode(), hashlib.sha256).hexdigest()
            if proof is not None and proof != wanted:
                return 400, _graph_error(
                    "Invalid appsecret_proof provided in the API argument", 100
                )
            data = []
            for page in self.pages:
                token = self._issue("facebook", "page", page_id=page["id"])
                entry = {
                    **page,
                    "access_token": token,
                    "category": "Hospital",
                    "tasks": ["ANALYZE", "ADVERTISE", "MODERATE", "CREATE_CONTENT", "MANAGE"],
                }
                if (
                    "instagram_business_account" in query.get("fields", "")
                    and page["id"] in self.instagram
                ):
                    entry["instagram_business_account"] = dict(self.instagram[page["id"]])
                data.append(entry)
            return 200, {"data": data, "paging": {"cursors": {"before": "b", "after": "a"}}}
        match = re.fullmatch(r"(\d+)/feed", rest)
        if match:
            info = self._token(bearer, "facebook", "page")
            if info is None or info.extra.get("page_id") != match.group(1):
                return 400, _graph_error("Error validating access token.", 190)
            if method == "POST":
                post_id = f"{match.group(1)}_{1000 + len(self.published)}"
                self.published.append({"network": "facebook", "text": form.get("message", "")})
                return 200, {"id": post_id}
            return 200, {"data": []}
        return None

    # Threads --------------------------------------------------------------------------------

    def threads(self, method, path, query, form, headers):
        app_id, app_secret = self.clients["threads"]
        if method == "GET" and path == "/threads.net/oauth/authorize":
            if not query.get("scope"):
                return 400, _graph_error("No scope requested", 100)
            return self._authorize(
                "threads",
                query,
                self.redirect_uri("threads"),
                query.get("client_id") == app_id,
                query.get("scope", ""),
            )
        if method == "POST" and path == "/oauth/access_token":
            if form.get("client_id") != app_id or form.get("client_secret") != app_secret:
                return 400, _graph_error("Error validating client secret.", 1)
            if form.get("grant_type") != "authorization_code":
                return 400, _graph_error("Unsupported grant type", 100)
            grant, error = self._take_code("threads", form, app_id)
            if grant is None:
                return 400, _graph_error("Invalid authorization code", 100)
            return 200, {
                "access_token": self._issue("threads", "short", scope=grant.scope),
                "user_id": int(self.threads_user["id"]),
            }
        if method == "GET" and path == "/access_token":
            if (
                query.get("grant_type") != "th_exchange_token"
                or query.get("client_secret") != app_secret
            ):
                return 400, _graph_error("Error validating client secret.", 1)
            short = self._token(query.get("access_token", ""), "threads", "short")
            if short is None:
                return 400, _graph_error("Error validating access token.", 190)
            return 200, {
                "access_token": self._issue("threads", "long", scope=short.scope),
                "token_type": "bearer",
                "expires_in": self.threads_expires_in,
            }
        if method == "GET" and path == "/refresh_access_token":
            token = self._token(query.get("access_token", ""), "threads", "long")
            if (
                query.get("grant_type") != "th_refresh_token"
                or token is None
                or self.refuse_refresh
            ):
                return 400, _graph_error("Error validating access token: Session has expired.", 190)
            return 200, {
                "access_token": self._issue("threads", "long", scope=token.scope),
                "token_type": "bearer",
                "expires_in": self.threads_expires_in,
            }
        if path.startswith("/v1.0/"):
            if self._token(self._bearer(headers), "threads", "long") is None:
                return 400, _graph_error("Error validating access token.", 190)
            if method == "GET" and path == "/v1.0/me":
                return 200, dict(self.threads_user)
            limit_path = f"/v1.0/{self.threads_user['id']}/threads_publishing_limit"
            if method == "GET" and path == limit_path:
                return 200, {"data": [{"quota_usage": 0, "config": {"quota_total": 250}}]}
        return None

    # YouTube (Google OAuth) -----------------------------------------------------------------

    def youtube(self, method, path, query, form, headers):
        client_id, client_secret = self.clients["youtube"]
        if method == "GET" and path == "/o/oauth2/v2/auth":
            if query.get("code_challenge_method") != "S256" or not query.get("code_challenge"):
                return 400, {"error": "invalid_request"}
            if query.get("access_type") != "offline":
                return 400, {
                    "error": "invalid_request",
                    "error_description": "offline access is needed for a refresh token",
                }
            # The Google client's authorised redirect URIs: YouTube and Business Profile.
            registered = [self.redirect_uri(n) for n in ("youtube", "google_business")]
            expected = (
                query.get("redirect_uri")
                if query.get("redirect_uri") in registered
                else registered[0]
            )
            return self._authorize(
                "youtube",
                query,
                expected,
                query.get("client_id") == client_id,
                query.get("scope", ""),
                query["code_challenge"],
            )
        if method == "POST" and path == "/token":
            if form.get("client_id") != client_id or form.get("client_secret") != client_secret:
                return 401, {"error": "invalid_client", "error_description": "Unauthorized"}
            if form.get("grant_type") == "authorization_code":
                grant, error = self._take_code("youtube", form, client_id)
                if grant is None:
                    return 400, {"error": "invalid_grant", "error_description": "Bad Request"}
                return 200, {
                    "access_token": self._issue("youtube", "access"),
                    "expires_in": 3599,
                    "scope": grant.scope,
                    "token_type": "Bearer",
                    "refresh_token": self._issue("youtube", "refresh"),
                }
            if form.get("grant_type") == "refresh_token":
                if (
                    self._token(form.get("refresh_token", ""), "youtube", "refresh") is None
                    or self.refuse_refresh
                ):
                    return 400, {
                        "error": "invalid_grant",
                        "error_description": "Token has been expired or revoked.",
                    }
                return 200, {
                    "access_token": self._issue("youtube", "access"),
                    "expires_in": 3599,
                    "token_type": "Bearer",
                }
            return 400, {"error": "unsupported_grant_type"}
        if method == "POST" and path == "/revoke":
            if form.get("token") in self.tokens:
                self.tokens[form["token"]].revoked = True
                return 200, {}
            return 400, {"error": "invalid_token"}
        if path.startswith(("/youtube/v3/", "/v1/accounts", "/v4/accounts")):
            if self._token(self._bearer(headers), "youtube", "access") is None:
                return 401, {
                    "error": {
                        "code": 401,
                        "message": "Request had invalid authentication credentials.",
                        "errors": [{"reason": "authError", "domain": "global"}],
                        "status": "UNAUTHENTICATED",
                    }
                }
            if method == "GET" and path == "/youtube/v3/channels" and query.get("mine"):
                return 200, {
                    "kind": "youtube#channelListResponse",
                    "etag": "c",
                    "pageInfo": {"totalResults": len(self.youtube_channels), "resultsPerPage": 5},
                    "items": [dict(c) for c in self.youtube_channels],
                }
            if method == "GET" and path == "/youtube/v3/commentThreads":
                return 200, {"kind": "youtube#commentThreadListResponse", "items": []}
            if method == "GET" and path == "/v1/accounts":
                return 200, {
                    "accounts": [
                        {
                            "name": name,
                            "accountName": "Northshire Hospitals NHS Trust",
                            "type": "ORGANIZATION",
                            "role": "MANAGER",
                        }
                        for name in self.business_accounts
                    ]
                }
            match = re.fullmatch(r"/v1/(accounts/\d+)/locations", path)
            if method == "GET" and match:
                if not query.get("readMask"):
                    return 400, {
                        "error": {
                            "code": 400,
                            "status": "INVALID_ARGUMENT",
                            "message": "Request must contain readMask",
                        }
                    }
                return 200, {"locations": self.business_accounts.get(match.group(1), [])}
            if method == "GET" and re.fullmatch(r"/v4/accounts/\d+/locations/\d+/reviews", path):
                return 200, {"reviews": [], "averageRating": 4.3, "totalReviewCount": 87}
        return None

    # LinkedIn -------------------------------------------------------------------------------

    def linkedin(self, method, path, query, form, headers):
        client_id, client_secret = self.clients["linkedin"]
        if method == "GET" and path == "/oauth/v2/authorization":
            return self._authorize(
                "linkedin",
                query,
                self.redirect_uri("linkedin"),
                query.get("client_id") == client_id,
                query.get("scope", ""),
            )
        if method == "POST" and path.startswith("/oauth/v2/"):
            if form.get("client_id") != client_id or form.get("client_secret") != client_secret:
                return 401, {
                    "error": "invalid_client",
                    "error_description": "Client authentication failed",
                }
        if method == "POST" and path == "/oauth/v2/accessToken":
            if form.get("grant_type") == "authorization_code":
                grant, error = self._take_code("linkedin", form, client_id)
                if grant is None:
                    return 400, {
                        "error": "invalid_request",
                        "error_description": (
                            "Unable to retrieve access token: authorization code not found"
                        ),
                    }
                body = {
                    "access_token": self._issue("linkedin", "access", scope=grant.scope),
                    "expires_in": self.linkedin_expires_in,
                    "scope": grant.scope,
                }
                if self.linkedin_refresh:
                    body.update(
                        refresh_token=self._issue("linkedin", "refresh"),
                        refresh_token_expires_in=self.linkedin_refresh_expires_in,
                    )
                return 200, body
            if form.get("grant_type") == "refresh_token":
                token = form.get("refresh_token", "")
                if self._token(token, "linkedin", "refresh") is None or self.refuse_refresh:
                    return 400, {
                        "error": "invalid_request",
                        "error_description": (
                            "The provided authorization grant or refresh token is invalid, "
                            "expired or revoked."
                        ),
                    }
                # LinkedIn keeps the refresh token and its first expiry.
                return 200, {
                    "access_token": self._issue("linkedin", "access"),
                    "expires_in": self.linkedin_expires_in,
                    "refresh_token": token,
                    "refresh_token_expires_in": self.linkedin_refresh_expires_in - 86400,
                }
            return 400, {"error": "unsupported_grant_type"}
        if method == "POST" and path == "/oauth/v2/revoke":
            if form.get("token") in self.tokens:
                self.tokens[form["token"]].revoked = True
            return 200, {}
        if path.startswith("/rest/"):
            if not re.fullmatch(r"\d{6}", headers.get("linkedin-version", "")):
                return 400, {
                    "status": 400,
                    "code": "VERSION_MISSING",
                    "message": "A version must be present.",
                }
            if self._token(self._bearer(headers), "linkedin", "access") is None:
                return 401, {
                    "status": 401,
                    "serviceErrorCode": 65600,
                    "code": "INVALID_ACCESS_TOKEN",
                    "message": "Invalid access token",
                }
        if method == "GET" and path == "/rest/organizationAcls":
            if query.get("q") != "roleAssignee":
                return 400, {"status": 400, "message": "Unknown finder"}
            role = query.get("role")
            elements = [
                {
                    "roleAssignee": "urn:li:person:northshire-admin",
                    "state": "APPROVED",
                    "role": org["role"],
                    "organization": f"urn:li:organization:{org['id']}",
                }
                for org in self.organisations
                if role in (None, org["role"])
            ]
            return 200, {
                "paging": {"count": 10, "start": 0, "total": len(elements)},
                "elements": elements,
            }
        match = re.fullmatch(r"/rest/organizations/(\d+)", path)
        if method == "GET" and match:
            for org in self.organisations:
                if org["id"] == match.group(1):
                    return 200, {
                        "id": int(org["id"]),
                        "localizedName": org["name"],
                        "vanityName": org["vanity"],
                    }
            return 404, {"status": 404, "message": "Not found"}
        return None

    # Serving --------------------------------------------------------------------------------

    def _handler(self):
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                return

            def _serve(self):
                parts = urlsplit(self.path)
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                query = dict(parse_qsl(parts.query, keep_blank_values=True))
                content_type = self.headers.get("Content-Type", "")
                if "json" in content_type and body:
                    form = {k: str(v) for k, v in json.loads(body).items()}
                elif "multipart" in content_type:
                    form = {}
                else:
                    form = {k: v[0] for k, v in parse_qs(body.decode(), True).items()}
                headers = {k.lower(): v for k, v in self.headers.items()}
                with server._lock:
                    server.requests.append(Seen(self.command, parts.path, query, form, headers))
                    answer = None
                    for network in (
                        server.mastodon,
                        server.x,
                        server.facebook,
                        server.threads,
                        server.youtube,
                        server.linkedin,
                    ):
                        answer = network(self.command, parts.path, query, form, headers)
                        if answer is not None:
                            break
                if answer is None:
                    answer = (404, {"error": f"Nothing here: {self.command} {parts.path}"})
                status, payload = answer
                if status == 302:
                    return self._send(302, {"Location": payload}, b"")
                if isinstance(payload, str):
                    return self._send(
                        status, {"Content-Type": "text/html; charset=utf-8"}, payload.encode()
                    )
                self._send(
                    status,
                    {"Content-Type": "application/json; charset=utf-8"},
                    json.dumps(payload).encode(),
                )

            def _send(self, status, headers, data):
                self.send_response(status)
                for key, value in headers.items():
                    self.send_header(key, value)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST = do_DELETE = do_PUT = _serve

        return Handler


def _graph_error(message: str, code: int) -> dict:
    return {
        "error": {
            "message": message,
            "type": "OAuthException",
            "code": code,
            "fbtrace_id": "AbCdEf",
        }
    }


def _status(number: str, text: str, user: dict, domain: str) -> dict:
    return {
        "id": number,
        "created_at": "2026-12-02T10:00:00.000Z",
        "content": f"<p>{text}</p>",
        "url": f"https://{domain}/@{user['username']}/{number}",
        "uri": f"https://{domain}/users/{user['username']}/statuses/{number}",
        "visibility": "public",
        "in_reply_to_id": None,
        "account": user,
        "media_attachments": [],
        "mentions": [],
        "tags": [],
        "emojis": [],
        "replies_count": 0,
        "reblogs_count": 0,
        "favourites_count": 0,
    }
