"""Session fixtures for the real servers, loaded by tests/conftest.py (`pytest_plugins`), so any
test (network adapters, a browser journey) can use them:

- `bluesky_network`: the reference PLC, PDS and AppView, seeded with four accounts
  (`trust` northshire.test, `annie` annie.test, `sam` sam.test, `limited` limited.test), each
  with its password and an app password; `process_all()` waits for the AppView to index.
- `bluesky_account`: the trust's account as the desk connects it:
  {"service": PDS URL, "identifier": handle, "app_password": ...}.
- `mastodon_server`: mastodon-mock with the trust's account (token `northshire-token`) and two
  members of the public (`patient-token`, `carer-token`): {"url", "token", "tokens"}.

Adapters refuse loopback addresses unless SOCIABLE_ALLOW_PRIVATE_HOSTS names them (the
network tests set it to 127.0.0.1; a browser journey must set it for the desk it starts).
Tests that use these servers are marked `realserver`.
"""

from __future__ import annotations

import time

import pytest

from tests.servers import bluesky_network as bluesky

MASTODON_TOKENS = {
    "northshire": "northshire-token",
    "patient": "patient-token",
    "carer": "carer-token",
}


@pytest.fixture(scope="session")
def bluesky_network():
    network, stop = bluesky.start()
    try:
        yield network
    finally:
        stop()
    outbound = network.outbound()
    assert not outbound, f"The Bluesky servers tried to reach other hosts: {outbound}"


@pytest.fixture(scope="session")
def bluesky_account(bluesky_network):
    trust = bluesky_network.accounts["trust"]
    return {
        "service": bluesky_network.pds,
        "identifier": trust.handle,
        "app_password": trust.app_password,
    }


@pytest.fixture(scope="session")
def mastodon_server():
    from mastodon_mock.config import (
        DatabaseConfig,
        FaultConfig,
        MastodonMockConfig,
        SeedAccount,
        SeedConfig,
        StreamingConfig,
    )
    from mastodon_mock.testing import MockServer

    seed = SeedConfig(
        accounts=[
            SeedAccount(
                username="NorthshireNHS",
                display_name="Northshire Hospitals NHS",
                access_token=MASTODON_TOKENS["northshire"],
            ),
            SeedAccount(
                username="patient",
                display_name="A patient",
                access_token=MASTODON_TOKENS["patient"],
            ),
            SeedAccount(
                username="carer", display_name="A carer", access_token=MASTODON_TOKENS["carer"]
            ),
        ]
    )
    config = MastodonMockConfig(
        database=DatabaseConfig(path=":memory:"),
        seed=seed,
        streaming=StreamingConfig(heartbeat_seconds=0.2),
        faults=FaultConfig(enabled=True),  # POST /api/v1/_mock/faults injects 429s, 5xx, ...
    )
    began = time.monotonic()
    with MockServer(config=config) as server:
        yield {
            "url": server.base_url,
            "token": MASTODON_TOKENS["northshire"],
            "tokens": dict(MASTODON_TOKENS),
            "started_seconds": time.monotonic() - began,
            "server": server,
        }
