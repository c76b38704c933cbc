"""Network adapter tests talk only to a replay server on 127.0.0.1, never to the internet."""

from __future__ import annotations

import socket

import pytest

from .replay import ReplayServer


@pytest.fixture(autouse=True)
def _loopback_only(monkeypatch):
    # The SSRF guard refuses loopback addresses unless the deployment allows them by name.
    monkeypatch.setenv("SOCIABLE_ALLOW_PRIVATE_HOSTS", "127.0.0.1")
    real_connect = socket.socket.connect

    def connect(sock, address):
        host = address[0] if isinstance(address, tuple) else address
        if isinstance(host, str) and host not in ("127.0.0.1", "::1", "localhost"):
            raise AssertionError(f"A network test tried to reach {host}")
        return real_connect(sock, address)

    monkeypatch.setattr(socket.socket, "connect", connect)


@pytest.fixture
def replay():
    servers: list[ReplayServer] = []

    def start(network: str) -> ReplayServer:
        server = ReplayServer(network).start()
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.stop()
    # Every request the Bluesky adapter sent is one the lexicons allow.
    from .lexicons import check_request

    problems = [
        problem
        for server in servers
        if server.network == "bluesky"
        for r in server.requests
        for problem in check_request(
            r.method,
            r.path,
            r.query,
            r.body,
            {k.lower(): v for k, v in r.headers.items()}.get("content-type", ""),
        )
    ]
    assert not problems, problems
