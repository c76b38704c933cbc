"""All outbound HTTP of the network adapters goes through this module.

It gives every adapter the same behaviour:

- a deadline on every request as a whole (connect, TLS, sending and every read together: a
  server that drips a byte every few seconds is cut off at the deadline, not kept forever), and
  a maximum body size (the body is streamed and reading stops at the limit): both end in a
  NetworkError;
- bounded retries with backoff for idempotent GETs only (a POST is never repeated here: the
  publisher decides whether a post may be tried again);
- an SSRF guard at the socket: a host name is resolved once, every address it resolves to is
  checked (private, loopback, link-local, multicast, reserved, unspecified, IPv4-mapped IPv6)
  and the connection is made to the address that was checked, so a name that answers a public
  address to the check and 127.0.0.1 to the connection (DNS rebinding) cannot reach the server
  itself; the Host header and the TLS server name stay the original name. Redirects are
  followed by httpx (GET only) and every hop is checked the same way. A deployment may allow
  named hosts or addresses (tests serve recordings from 127.0.0.1) with the environment
  variable SOCIABLE_ALLOW_PRIVATE_HOSTS="127.0.0.1,localhost";
- redaction of tokens and keys in log records and in error messages;
- one mapping from HTTP status to NetworkError: 401 (and 403 meaning "not authorised") ask for
  the account to be reconnected, 429 carries retry_after from Retry-After or the rate-limit
  reset headers, 5xx and timeouts are transient, other 4xx are permanent, and a body that is
  not the JSON that was promised is transient with a message that says so.

httpx-based adapters use HttpClient. Adapters built on requests-based libraries (Mastodon.py,
tweepy) get a guarded requests.Session from requests_session(); atproto gets guarded_transport().
"""

from __future__ import annotations

import contextvars
import ipaddress
import json
import logging
import os
import re
import socket
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import urljoin, urlsplit

import httpcore
import httpx
from httpcore._backends.sync import SyncStream  # the socket stream httpcore itself uses

from sociable.networks.base import NetworkError

log = logging.getLogger("sociable.networks.http")

DEFAULT_TIMEOUT = 15.0  # for any one step (connecting, one read)
DEFAULT_DEADLINE = 30.0  # for the whole request, however the server paces its answer
MAX_BODY_BYTES = 10 * 1024 * 1024  # a feed or an API answer is far smaller
DEFAULT_RETRIES = 2
ALLOW_PRIVATE_ENV = "SOCIABLE_ALLOW_PRIVATE_HOSTS"
MAX_REDIRECTS = 5
USER_AGENT = "Sociable (self-hosted social media desk)"

# --------------------------------------------------------------------------------------------
# Redaction
# --------------------------------------------------------------------------------------------

REDACTED = "[redacted]"
_known_secrets: set[str] = set()
_MAX_KNOWN_SECRETS = 10_000

_SECRET_PATTERNS = [
    # Authorization header schemes
    re.compile(r"(?i)\b(Bearer|OAuth|Basic|SUBSCRIPTION_KEY|DPoP)\s+[A-Za-z0-9._~+/=\-]+"),
    # query-string and form parameters
    re.compile(
        r"(?i)\b(access_token|refresh_token|client_secret|oauth_token|oauth_signature|"
        r"oauth_consumer_key|password|app_password|api_key|subscription_key|appsecret_proof)"
        r"=[^&\s'\"]+"
    ),
    # JSON fields
    re.compile(
        r"(?i)(\"|')(accessJwt|refreshJwt|access_token|refresh_token|password|client_secret)"
        r"(\"|')\s*:\s*(\"|')[^\"']*(\"|')"
    ),
]


def remember_secrets(values: Iterable[str]) -> None:
    """Make these values (tokens, keys, passwords) disappear from every redacted text."""
    for value in values:
        if isinstance(value, str) and len(value) >= 6 and len(_known_secrets) < _MAX_KNOWN_SECRETS:
            _known_secrets.add(value)


def redact(text: Any, secrets: Iterable[str] = ()) -> str:
    """The text with known secrets and anything that looks like a credential replaced."""
    result = str(text)
    for secret in sorted({*_known_secrets, *(s for s in secrets if s)}, key=len, reverse=True):
        if len(secret) >= 4 and secret in result:
            result = result.replace(secret, REDACTED)
    for pattern in _SECRET_PATTERNS:
        result = pattern.sub(_redacted_match, result)
    return result


def _redacted_match(match: re.Match) -> str:
    text = match.group(0)
    for separator in ("=", ":", " "):
        if separator in text:
            head = text.split(separator, 1)[0]
            return f"{head}{separator}{REDACTED}" if separator != ":" else f"{head}: {REDACTED!r}"
    return REDACTED


class RedactingFilter(logging.Filter):
    """Rewrites log records so that no token, key or password reaches a log handler."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a broken format string: keep the raw text, redacted
            message = str(record.msg)
        cleaned = redact(message)
        if cleaned != message or record.args:
            record.msg = cleaned
            record.args = ()
        return True


# Libraries that log request headers, URLs or OAuth parameters at debug level.
_REDACTED_LOGGERS = (
    "sociable", "httpx", "httpcore", "tweepy", "requests", "requests_oauthlib", "oauthlib",
    "urllib3", "mastodon", "atproto", "atproto_client", "atproto_core", "feedparser",
)
_filter = RedactingFilter()
_installed = False


def install_log_redaction() -> None:
    """Redact every log record of the network libraries as it is made, whatever its handler."""
    global _installed
    if _installed:
        return
    previous = logging.getLogRecordFactory()

    def factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record = previous(*args, **kwargs)
        if record.name.startswith(_REDACTED_LOGGERS):
            _filter.filter(record)
        return record

    logging.setLogRecordFactory(factory)
    _installed = True


install_log_redaction()

# --------------------------------------------------------------------------------------------
# SSRF guard
# --------------------------------------------------------------------------------------------


def _allowed_private_hosts() -> set[str]:
    return {h.strip().lower() for h in os.environ.get(ALLOW_PRIVATE_ENV, "").split(",") if h}


_NAT64 = ipaddress.ip_network("64:ff9b::/96")


def _is_public(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address):
        # An IPv4 address carried inside IPv6 (mapped, 6to4, NAT64) is judged as IPv4.
        if ip.ipv4_mapped or ip.sixtofour:
            ip = ip.ipv4_mapped or ip.sixtofour
        elif ip in _NAT64:
            ip = ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return ip.is_global and not (ip.is_multicast or ip.is_reserved or ip.is_unspecified)


def _check_scheme_and_host(url: str, network: str) -> tuple[str, int | None]:
    parts = urlsplit(str(url))
    if parts.scheme not in ("http", "https"):
        raise NetworkError(f"{network}: refusing a non-HTTP address.", permanent=True)
    host = (parts.hostname or "").lower()
    if not host:
        raise NetworkError(f"{network}: the address has no host.", permanent=True)
    return host, parts.port


def checked_addresses(host: str, port: int, *, network: str = "network") -> list[tuple]:
    """Resolve `host` once and check every address: the getaddrinfo entries to connect to, in
    order. Raises a permanent NetworkError if any address is not public (unless allowed)."""
    host = host.lower().strip("[]")
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM,
                                   proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError) as exc:
        raise NetworkError(f"{network}: cannot resolve the host {host}.") from exc
    allowed = _allowed_private_hosts()
    if "*" in allowed or host in allowed:
        return infos
    for info in infos:
        address = str(info[4][0])
        if address.lower() not in allowed and not _is_public(address):
            raise NetworkError(
                f"{network}: refusing to connect to {host}, which is a private or local address.",
                permanent=True,
            )
    return infos


def guard_url(url: str, *, network: str = "network") -> None:
    """Refuse a URL that is not http(s) or whose host resolves to a non-public address. (A check
    only: connections made through GuardedTransport are pinned to the address checked.)"""
    host, port = _check_scheme_and_host(url, network)
    checked_addresses(host, port or 443, network=network)


# The deadline of the request under way in this thread (time.monotonic()), read by every
# socket operation of the pinned backend below.
_deadline: contextvars.ContextVar[float | None] = contextvars.ContextVar(
    "sociable_http_deadline", default=None)


def _within_deadline(timeout: float | None, error: type[Exception]) -> float | None:
    deadline = _deadline.get()
    if deadline is None:
        return timeout
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        raise error("The request ran past its deadline.")
    return remaining if timeout is None else min(timeout, remaining)


class _DeadlineStream(httpcore.NetworkStream):
    """A socket stream whose every wait ends by the request's deadline."""

    def __init__(self, inner: httpcore.NetworkStream):
        self._inner = inner

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._inner.read(max_bytes, _within_deadline(timeout, httpcore.ReadTimeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._inner.write(buffer, _within_deadline(timeout, httpcore.WriteTimeout))

    def close(self) -> None:
        self._inner.close()

    def start_tls(self, ssl_context, server_hostname=None, timeout=None):  # noqa: ANN001
        # server_hostname is the URL's host name: SNI and the certificate check use it.
        return _DeadlineStream(self._inner.start_tls(
            ssl_context, server_hostname, _within_deadline(timeout, httpcore.ConnectTimeout)))

    def get_extra_info(self, info: str) -> Any:
        return self._inner.get_extra_info(info)


class PinnedBackend(httpcore.SyncBackend):
    """httpcore's socket backend, connecting only to the address the SSRF guard checked."""

    def __init__(self, network: str):
        self.network = network

    def connect_tcp(self, host, port, timeout=None, local_address=None,  # noqa: ANN001
                    socket_options=None):
        infos = checked_addresses(host, port, network=self.network)
        last_error: Exception | None = None
        for family, kind, proto, _, address in infos:
            sock = socket.socket(family, kind, proto)
            try:
                sock.settimeout(_within_deadline(timeout, httpcore.ConnectTimeout))
                if local_address:
                    sock.bind((local_address, 0))
                sock.connect(address)
            except httpcore.ConnectTimeout:
                sock.close()
                raise
            except TimeoutError as exc:
                sock.close()
                raise httpcore.ConnectTimeout(str(exc)) from exc
            except OSError as exc:
                sock.close()
                last_error = exc
                continue
            for option in socket_options or ():
                sock.setsockopt(*option)
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            return _DeadlineStream(SyncStream(sock))
        raise httpcore.ConnectError(str(last_error or "no address to connect to"))


# --------------------------------------------------------------------------------------------
# Status mapping
# --------------------------------------------------------------------------------------------


def retry_after_from(headers: Mapping[str, str] | None, now: float | None = None) -> float | None:
    """Seconds to wait, from Retry-After or the rate-limit reset headers networks send."""
    if not headers:
        return None
    lower = {k.lower(): v for k, v in headers.items()}
    now = time.time() if now is None else now
    value = lower.get("retry-after")
    if value:
        value = value.strip()
        if re.fullmatch(r"\d+(\.\d+)?", value):
            return max(0.0, float(value))
        try:
            when = parsedate_to_datetime(value)
            return max(0.0, when.timestamp() - now)
        except (TypeError, ValueError):
            pass
    for name in ("x-rate-limit-reset", "x-ratelimit-reset", "ratelimit-reset"):
        value = lower.get(name)
        if not value:
            continue
        value = value.strip()
        if re.fullmatch(r"\d+(\.\d+)?", value):
            number = float(value)
            # An epoch timestamp (X, Bluesky), or seconds from now (IETF draft RateLimit).
            return max(0.0, number - now) if number > 1_000_000_000 else number
        try:
            when = datetime.fromisoformat(value.replace("Z", "+00:00"))
            if when.tzinfo is None:
                when = when.replace(tzinfo=UTC)
            return max(0.0, when.timestamp() - now)
        except ValueError:
            continue
    return None


def error_for_status(
    status: int,
    *,
    network: str,
    detail: str = "",
    headers: Mapping[str, str] | None = None,
    forbidden_means_reconnect: bool = True,
    secrets: Iterable[str] = (),
) -> NetworkError:
    """The NetworkError that an HTTP error status means."""
    detail = redact(detail, secrets).strip()
    if len(detail) > 300:
        detail = detail[:300] + "…"
    suffix = f": {detail}" if detail else "."
    if status == 401 or (status == 403 and forbidden_means_reconnect):
        return NetworkError(
            f"{network} no longer accepts this account's credentials (HTTP {status}){suffix}",
            reconnect=True,
            status=status,
        )
    if status == 429:
        return NetworkError(
            f"{network} is rate limiting this account (HTTP 429){suffix}",
            retry_after=retry_after_from(headers),
            status=status,
        )
    if status in (408, 425) or status >= 500:
        return NetworkError(
            f"{network} had a temporary problem (HTTP {status}){suffix}",
            retry_after=retry_after_from(headers),
            status=status,
        )
    return NetworkError(
        f"{network} refused the request (HTTP {status}){suffix}", permanent=True, status=status
    )


def timeout_error(network: str) -> NetworkError:
    return NetworkError(f"{network} did not answer in time; it can be tried again later.")


def connection_error(network: str, exc: BaseException, secrets: Iterable[str] = ()) -> NetworkError:
    return NetworkError(f"{network} could not be reached: {redact(type(exc).__name__, secrets)}.")


def malformed_error(network: str) -> NetworkError:
    return NetworkError(
        f"{network} sent a response that is not the JSON its API promises; "
        "it is probably a temporary fault and can be tried again."
    )


def error_detail(body: bytes | str) -> str:
    """A short human description from a JSON error body, if there is one."""
    text = body.decode("utf-8", "replace") if isinstance(body, bytes) else body
    try:
        data = json.loads(text)
    except ValueError:
        return ""
    return _describe(data)[:300]


def _describe(data: Any) -> str:
    if isinstance(data, str):
        return data
    if isinstance(data, list) and data:
        return _describe(data[0])
    if isinstance(data, dict):
        for key in ("error_description", "message", "detail", "title", "error", "errors"):
            if key in data and data[key]:
                return _describe(data[key])
    return ""


def retrying(call, options: Mapping[str, Any] | None = None):
    """Run a read-only call, retrying transient NetworkErrors (never 429s) a bounded number of
    times with exponential backoff. Options: retries (default 2), retry_backoff (seconds)."""
    options = options or {}
    retries = max(0, int(options.get("retries", DEFAULT_RETRIES)))
    backoff = float(options.get("retry_backoff", 0.5))
    for attempt in range(retries + 1):
        try:
            return call()
        except NetworkError as exc:
            if exc.permanent or exc.status == 429 or exc.retry_after or attempt == retries:
                raise
        time.sleep(backoff * (2**attempt))
    raise AssertionError("unreachable")


# --------------------------------------------------------------------------------------------
# httpx
# --------------------------------------------------------------------------------------------


class GuardedTransport(httpx.HTTPTransport):
    """An httpx transport for untrusted addresses: every request (each redirect hop too) is
    http(s), connects only to an address the SSRF guard checked (PinnedBackend), ends by its
    deadline and reads at most max_bytes of body (see the module's description)."""

    def __init__(self, *, network: str = "network", deadline: float = DEFAULT_DEADLINE,
                 max_bytes: int = MAX_BODY_BYTES, verify: Any = True, **kwargs: Any):
        super().__init__(verify=verify, **kwargs)
        self.network = network
        self.deadline = float(deadline)
        self.max_bytes = int(max_bytes)
        self._pool = httpcore.ConnectionPool(
            ssl_context=httpx.create_ssl_context(verify=verify),
            network_backend=PinnedBackend(network),
        )

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        _check_scheme_and_host(str(request.url), self.network)
        deadline = time.monotonic() + self.deadline
        outer = _deadline.get()  # the whole call's deadline (HttpClient.request), if sooner
        if outer is not None:
            deadline = min(deadline, outer)
        token = _deadline.set(deadline)
        try:
            response = super().handle_request(request)
        finally:
            _deadline.reset(token)
        return httpx.Response(
            status_code=response.status_code, headers=response.headers,
            stream=_BoundedStream(response.stream, deadline, self.max_bytes, self.network),
            extensions=response.extensions,
        )


class _BoundedStream(httpx.SyncByteStream):
    """A response body read under its request's deadline, and no more than max_bytes of it."""

    def __init__(self, inner: Any, deadline: float, max_bytes: int, network: str):
        self._inner, self._deadline, self._max = inner, deadline, max_bytes
        self._network = network

    def __iter__(self) -> Iterator[bytes]:
        chunks = iter(self._inner)
        received = 0
        while True:
            token = _deadline.set(self._deadline)
            try:
                chunk = next(chunks)
            except StopIteration:
                return
            finally:
                _deadline.reset(token)
            received += len(chunk)
            if received > self._max:
                raise too_large_error(self._network, self._max)
            yield chunk

    def close(self) -> None:
        self._inner.close()


def too_large_error(network: str, limit: int) -> NetworkError:
    return NetworkError(f"{network} sent an answer larger than {limit // (1024 * 1024)} MB; "
                        "it was not read.", permanent=True)


def guarded_transport(network: str) -> GuardedTransport:
    return GuardedTransport(network=network)


def client_for(network: str, base_url: str, options: Mapping[str, Any], **kwargs: Any):
    """An HttpClient configured from an adapter's options (timeout, retries, retry_backoff)."""
    return HttpClient(
        network=network,
        base_url=base_url,
        timeout=float(options.get("timeout", DEFAULT_TIMEOUT)),
        deadline=float(options.get("deadline", DEFAULT_DEADLINE)),
        max_bytes=int(options.get("max_bytes", MAX_BODY_BYTES)),
        retries=int(options.get("retries", DEFAULT_RETRIES)),
        backoff=float(options.get("retry_backoff", 0.5)),
        **kwargs,
    )


class HttpClient:
    """A small JSON-over-HTTP client for one network and one account."""

    def __init__(
        self,
        *,
        network: str,
        base_url: str,
        headers: Mapping[str, str] | None = None,
        secrets: Iterable[str] = (),
        timeout: float = DEFAULT_TIMEOUT,
        deadline: float = DEFAULT_DEADLINE,
        max_bytes: int = MAX_BODY_BYTES,
        retries: int = DEFAULT_RETRIES,
        backoff: float = 0.5,
        forbidden_means_reconnect: bool = True,
        transport: httpx.BaseTransport | None = None,
        classify: Callable[[int, Any, Mapping[str, str]], NetworkError | None] | None = None,
        follow_redirects: bool = True,
    ):
        self.network = network
        self.base_url = base_url.rstrip("/") + "/"
        self.secrets = [s for s in secrets if s]
        remember_secrets(self.secrets)
        self.retries = max(0, int(retries))
        self.backoff = float(backoff)
        self.forbidden_means_reconnect = forbidden_means_reconnect
        self.classify = classify
        self.follow_redirects = follow_redirects
        self.deadline = float(deadline)
        self.max_bytes = int(max_bytes)
        self._client = httpx.Client(
            headers={"User-Agent": USER_AGENT, **dict(headers or {})},
            timeout=httpx.Timeout(min(timeout, deadline)),
            follow_redirects=False,
            max_redirects=MAX_REDIRECTS,
            transport=transport or GuardedTransport(network=network, deadline=deadline,
                                                    max_bytes=max_bytes),
        )

    def __repr__(self) -> str:
        return f"HttpClient({self.network!r}, {self.base_url!r})"

    def url(self, path: str) -> str:
        if path.startswith(("http://", "https://")):
            return path
        return urljoin(self.base_url, path.lstrip("/"))

    def close(self) -> None:
        self._client.close()

    def get(self, path: str, **kwargs: Any) -> Any:
        return self.request("GET", path, **kwargs)

    def post(self, path: str, **kwargs: Any) -> Any:
        return self.request("POST", path, **kwargs)

    def delete(self, path: str, **kwargs: Any) -> Any:
        return self.request("DELETE", path, **kwargs)

    def request(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, Any] | None = None,
        json: Any = None,
        data: Mapping[str, Any] | None = None,
        files: Any = None,
        content: bytes | None = None,
        headers: Mapping[str, str] | None = None,
        expect: str = "json",
    ) -> Any:
        """Send a request; return parsed JSON (expect="json"), bytes ("bytes") or the response.

        GETs are retried on timeouts, connection errors and 5xx, at most `retries` times.
        """
        attempts = 1 + (self.retries if method.upper() == "GET" else 0)
        # One deadline for the call, retries and their pauses included.
        token = _deadline.set(time.monotonic() + self.deadline)
        try:
            return self._attempts(method, path, attempts, params=params, json=json, data=data,
                                  files=files, content=content, headers=headers, expect=expect)
        finally:
            _deadline.reset(token)

    def _attempts(self, method: str, path: str, attempts: int, *, params, json, data, files,
                  content, headers, expect) -> Any:  # noqa: ANN001
        last_error: NetworkError | None = None
        for attempt in range(attempts):
            if attempt:
                pause = self.backoff * (2 ** (attempt - 1))
                if time.monotonic() + pause >= (_deadline.get() or float("inf")):
                    break
                time.sleep(pause)
            try:
                response = self._send(
                    method, self.url(path), params=params, json=json, data=data, files=files,
                    content=content, headers=headers,
                )
            except NetworkError as exc:
                if exc.permanent or exc.status == 429:
                    raise
                last_error = exc
                continue
            error = self._classified(response)
            if error is None and response.status_code >= 400:
                error = error_for_status(
                    response.status_code,
                    network=self.network,
                    detail=error_detail(response.content),
                    headers=response.headers,
                    forbidden_means_reconnect=self.forbidden_means_reconnect,
                    secrets=self.secrets,
                )
            if error is None:
                return self._decode(response, expect)
            if error.permanent or error.status == 429 or error.retry_after:
                raise error
            last_error = error
        assert last_error is not None
        raise last_error

    def _classified(self, response: httpx.Response) -> NetworkError | None:
        """The network's own reading of an answer (e.g. Graph API error codes), if it has one."""
        if self.classify is None:
            return None
        try:
            body = response.json() if response.content.strip() else None
        except ValueError:
            body = None
        return self.classify(response.status_code, body, response.headers)

    def _send(self, method: str, url: str, **kwargs: Any) -> httpx.Response:
        """One attempt: redirects (GET only) followed by httpx, each hop through the guarded
        transport; the body streamed and read up to max_bytes (decoded, so a compressed bomb
        is cut off too)."""
        log.debug("%s %s %s", self.network, method, redact(url, self.secrets))
        follow = method.upper() == "GET" and self.follow_redirects
        try:
            request = self._client.build_request(method, url, **kwargs)
            response = self._client.send(request, stream=True, follow_redirects=follow)
            try:
                body, size = [], 0
                for chunk in response.iter_bytes():
                    size += len(chunk)
                    if size > self.max_bytes:
                        raise too_large_error(self.network, self.max_bytes)
                    body.append(chunk)
            finally:
                response.close()
        except httpx.TooManyRedirects:
            raise NetworkError(f"{self.network}: too many redirects.", permanent=True) from None
        except httpx.TimeoutException:
            raise timeout_error(self.network) from None
        except httpx.HTTPError as exc:
            raise connection_error(self.network, exc, self.secrets) from None
        response._content = b"".join(body)  # what response.read() sets; read under limits here
        return response

    def _decode(self, response: httpx.Response, expect: str) -> Any:
        if expect == "response":
            return response
        if expect == "bytes":
            return response.content
        if response.status_code == 204 or not response.content.strip():
            return {}
        try:
            return response.json()
        except ValueError:
            raise malformed_error(self.network) from None


# --------------------------------------------------------------------------------------------
# requests (Mastodon.py, tweepy)
# --------------------------------------------------------------------------------------------


def requests_session(*, network: str, timeout: float = DEFAULT_TIMEOUT,
                     deadline: float = DEFAULT_DEADLINE, max_bytes: int = MAX_BODY_BYTES):
    """A requests.Session for the requests-based libraries, guarded like GuardedTransport:
    connections pinned to the address the SSRF guard checked (Host header and TLS name kept),
    a default timeout per step, the body streamed up to max_bytes and read by the deadline.

    The last response is kept on `session.last_response` so an adapter can read Retry-After
    from a rate-limit answer its library turned into an exception.
    """
    import requests
    from requests.adapters import HTTPAdapter

    pools = _pinned_pools(network)

    class GuardedAdapter(HTTPAdapter):
        def init_poolmanager(self, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003
            super().init_poolmanager(*args, **kwargs)
            self.poolmanager.pool_classes_by_scheme = pools

        def send(self, request, **kwargs):  # noqa: ANN001
            _check_scheme_and_host(request.url, network)
            ends = time.monotonic() + deadline
            if kwargs.get("timeout") is None:
                kwargs["timeout"] = min(timeout, deadline)
            kwargs["stream"] = True
            response = super().send(request, **kwargs)
            body, size = [], 0
            try:
                while chunk := response.raw.read1(65536, decode_content=True):  # one read each
                    size += len(chunk)
                    if size > max_bytes:
                        raise too_large_error(network, max_bytes)
                    if time.monotonic() > ends:
                        raise timeout_error(network)
                    body.append(chunk)
            finally:
                response.close()
            response._content = b"".join(body)  # what requests itself sets once it has read
            response._content_consumed = True
            return response

    session = requests.Session()
    session.trust_env = True
    adapter = GuardedAdapter(max_retries=0)
    session.mount("https://", adapter)
    session.mount("http://", adapter)
    session.last_response = None

    def keep(response, *args, **kwargs):  # noqa: ANN001
        session.last_response = response
        return response

    session.hooks["response"].append(keep)
    return session


def _pinned_pools(network: str) -> dict:
    """urllib3 connection pools whose connections go to the address the SSRF guard checked
    (urllib3 would resolve the name again when connecting)."""
    from urllib3.connection import HTTPConnection, HTTPSConnection
    from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
    from urllib3.exceptions import ConnectTimeoutError, NewConnectionError
    from urllib3.util.connection import create_connection

    def new_conn(self):  # noqa: ANN001
        infos = checked_addresses(self.host, self.port, network=network)
        address = infos[0][4][0]
        try:
            return create_connection((address, self.port), self.timeout,
                                     source_address=self.source_address,
                                     socket_options=self.socket_options)
        except TimeoutError as exc:
            raise ConnectTimeoutError(self, f"Connection to {self.host} timed out.") from exc
        except OSError as exc:
            raise NewConnectionError(self, f"Failed to establish a new connection: {exc}") from exc

    plain = type("PinnedHTTPConnection", (HTTPConnection,), {"_new_conn": new_conn})
    tls = type("PinnedHTTPSConnection", (HTTPSConnection,), {"_new_conn": new_conn})
    return {
        "http": type("PinnedHTTPConnectionPool", (HTTPConnectionPool,), {"ConnectionCls": plain}),
        "https": type("PinnedHTTPSConnectionPool", (HTTPSConnectionPool,),
                      {"ConnectionCls": tls}),
    }
