"""A guarded requests.Session for the requests-based libraries (Mastodon.py, tweepy)."""

from __future__ import annotations

import time

from sociable.networks.http.errors import timeout_error, too_large_error
from sociable.networks.http.guard import _check_scheme_and_host, checked_addresses
from sociable.networks.http.limits import DEFAULT_DEADLINE, DEFAULT_TIMEOUT, MAX_BODY_BYTES


def requests_session(
    *,
    network: str,
    timeout: float = DEFAULT_TIMEOUT,
    deadline: float = DEFAULT_DEADLINE,
    max_bytes: int = MAX_BODY_BYTES,
):
    """A requests.Session for the requests-based libraries, guarded like GuardedTransport:
    connections pinned to the address the SSRF guard checked (Host header and TLS name kept),
    a default timeout per step, the body streamed up to max_bytes and read by the deadline.

    The last response is kept on `session.last_response` so an adapter can read Retry-After
    from a rate-limit answer its library turned into an exception.
    """
    import requests
    from requests.adapters import HTTPAdapter

    pools = _pinned_pools(network)
    step_timeout = min(timeout, deadline)

    class GuardedAdapter(HTTPAdapter):
        def init_poolmanager(self, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003
            super().init_poolmanager(*args, **kwargs)
            self.poolmanager.pool_classes_by_scheme = pools

        def send(
            self,
            request: requests.PreparedRequest,
            stream: bool = False,
            timeout: float | tuple[float | None, float | None] | None = None,
            verify: bool | str = True,
            cert: str | tuple[str, str] | None = None,
            proxies: dict[str, str] | None = None,
        ) -> requests.Response:
            _check_scheme_and_host(str(request.url), network)
            ends = time.monotonic() + deadline
            response = super().send(
                request,
                stream=True,
                timeout=step_timeout if timeout is None else timeout,
                verify=verify,
                cert=cert,
                proxies=proxies,
            )
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

    class GuardedSession(requests.Session):
        last_response: requests.Response | None = None

    session = GuardedSession()
    session.trust_env = True
    adapter = GuardedAdapter(max_retries=0)
    session.mount("https://", adapter)
    session.mount("http://", adapter)

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
            return create_connection(
                (address, self.port),
                self.timeout,
                source_address=self.source_address,
                socket_options=self.socket_options,
            )
        except TimeoutError as exc:
            raise ConnectTimeoutError(self, f"Connection to {self.host} timed out.") from exc
        except OSError as exc:
            raise NewConnectionError(self, f"Failed to establish a new connection: {exc}") from exc

    plain = type("PinnedHTTPConnection", (HTTPConnection,), {"_new_conn": new_conn})
    tls = type("PinnedHTTPSConnection", (HTTPSConnection,), {"_new_conn": new_conn})
    return {
        "http": type("PinnedHTTPConnectionPool", (HTTPConnectionPool,), {"ConnectionCls": plain}),
        "https": type("PinnedHTTPSConnectionPool", (HTTPSConnectionPool,), {"ConnectionCls": tls}),
    }
