"""The SSRF guard, pinned at the socket, and the deadline and size limit of every request.

A host name is resolved once, every address it resolves to is checked (private, loopback,
link-local, multicast, reserved, unspecified, IPv4 carried in IPv6) and the connection is made
to the address that was checked, so a name that answers a public address to the check and
127.0.0.1 to the connection (DNS rebinding) cannot reach the server itself; the Host header and
the TLS server name stay the original name. GuardedTransport applies this to every request httpx
sends through it, each redirect hop included. A deployment may allow named hosts or addresses
(tests serve recordings from 127.0.0.1) with the environment variable
SOCIABLE_ALLOW_PRIVATE_HOSTS="127.0.0.1,localhost".

The deadline bounds a request as a whole (connect, TLS, sending and every read together): a
server that drips a byte every few seconds is cut off at the deadline, not kept forever.
"""

from __future__ import annotations

import contextvars
import ipaddress
import os
import socket
import time
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import httpcore
import httpx
from httpcore._backends.sync import SyncStream  # the socket stream httpcore itself uses

from sociable.networks.base import NetworkError
from sociable.networks.http.errors import too_large_error
from sociable.networks.http.limits import DEFAULT_DEADLINE, MAX_BODY_BYTES

ALLOW_PRIVATE_ENV = "SOCIABLE_ALLOW_PRIVATE_HOSTS"


def _allowed_private_hosts() -> set[str]:
    return {h.strip().lower() for h in os.environ.get(ALLOW_PRIVATE_ENV, "").split(",") if h}


_NAT64 = ipaddress.ip_network("64:ff9b::/96")


def _is_public(address: str) -> bool:
    ip: ipaddress.IPv4Address | ipaddress.IPv6Address
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address):
        # An IPv4 address carried inside IPv6 (mapped, 6to4, NAT64) is judged as IPv4.
        carried = ip.ipv4_mapped or ip.sixtofour
        if carried is None and ip in _NAT64:
            carried = ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
        ip = carried or ip
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
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, proto=socket.IPPROTO_TCP)
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
    "sociable_http_deadline", default=None
)


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
        return _DeadlineStream(
            self._inner.start_tls(
                ssl_context, server_hostname, _within_deadline(timeout, httpcore.ConnectTimeout)
            )
        )

    def get_extra_info(self, info: str) -> Any:
        return self._inner.get_extra_info(info)


class PinnedBackend(httpcore.SyncBackend):
    """httpcore's socket backend, connecting only to the address the SSRF guard checked."""

    def __init__(self, network: str):
        self.network = network

    def connect_tcp(
        self,
        host,
        port,
        timeout=None,
        local_address=None,  # noqa: ANN001
        socket_options=None,
    ):
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


class GuardedTransport(httpx.HTTPTransport):
    """An httpx transport for untrusted addresses: every request (each redirect hop too) is
    http(s), connects only to an address the SSRF guard checked (PinnedBackend), ends by its
    deadline and reads at most max_bytes of body (see the module's description)."""

    def __init__(
        self,
        *,
        network: str = "network",
        deadline: float = DEFAULT_DEADLINE,
        max_bytes: int = MAX_BODY_BYTES,
        verify: Any = True,
        **kwargs: Any,
    ):
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
            status_code=response.status_code,
            headers=response.headers,
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


def guarded_transport(network: str) -> GuardedTransport:
    return GuardedTransport(network=network)
