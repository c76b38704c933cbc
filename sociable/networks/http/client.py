"""HttpClient: JSON over HTTP for one network and one account, through the guarded transport."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable, Mapping
from typing import Any
from urllib.parse import urljoin

import httpx

from sociable.networks.base import NetworkError
from sociable.networks.http.errors import (
    connection_error,
    error_detail,
    error_for_status,
    malformed_error,
    timeout_error,
    too_large_error,
)
from sociable.networks.http.guard import GuardedTransport, _deadline
from sociable.networks.http.limits import (
    DEFAULT_DEADLINE,
    DEFAULT_RETRIES,
    DEFAULT_TIMEOUT,
    MAX_BODY_BYTES,
    MAX_REDIRECTS,
    USER_AGENT,
)
from sociable.networks.http.redaction import redact, remember_secrets
from sociable.networks.http.retry import DEFAULT_BACKOFF, RetryPolicy

log = logging.getLogger("sociable.networks.http")


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
        backoff: float = DEFAULT_BACKOFF,
        forbidden_means_reconnect: bool = True,
        transport: httpx.BaseTransport | None = None,
        classify: Callable[[int, Any, Mapping[str, str]], NetworkError | None] | None = None,
        follow_redirects: bool = True,
    ):
        self.network = network
        self.base_url = base_url.rstrip("/") + "/"
        self.secrets = [s for s in secrets if s]
        remember_secrets(self.secrets)
        self.retry_policy = RetryPolicy(retries=max(0, int(retries)), backoff=float(backoff))
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
            transport=transport
            or GuardedTransport(network=network, deadline=deadline, max_bytes=max_bytes),
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

        GETs are retried on timeouts, connection errors and 5xx (see RetryPolicy).
        """
        policy = self.retry_policy.for_method(method)
        # One deadline for the call, retries and their pauses included.
        deadline = time.monotonic() + self.deadline
        token = _deadline.set(deadline)
        try:
            response = policy.run(
                lambda: self._attempt(
                    method,
                    path,
                    params=params,
                    json=json,
                    data=data,
                    files=files,
                    content=content,
                    headers=headers,
                ),
                deadline=deadline,
            )
        finally:
            _deadline.reset(token)
        return self._decode(response, expect)  # a malformed answer is not asked for again

    def _attempt(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        """One attempt: the successful response, or the NetworkError the answer means."""
        response = self._send(method, self.url(path), **kwargs)
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
        if error is not None:
            raise error
        return response

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
        """One request: redirects (GET only) followed by httpx, each hop through the guarded
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
