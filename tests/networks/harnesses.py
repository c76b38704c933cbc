"""How each adapter is pointed at the replay server, and what its recordings contain."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sociable.networks.base import Network
from sociable.networks.registry import adapter_for

# Per-test network settings: short timeouts, no waiting between GET retries.
FAST = {"timeout": 0.5, "retries": 1, "retry_backoff": 0}


@dataclass
class Harness:
    network: str
    credentials: dict[str, str]
    post_id: str = ""  # what publish returns in the recordings
    reply_to: str = ""  # a message to answer
    reply_marker: str = ""  # what in the request shows which message was answered
    delete_id: str = ""
    metrics_id: str = ""
    metrics: dict[str, int] = field(default_factory=dict)
    first_inbound: set[str] = field(default_factory=set)
    second_inbound: set[str] = field(default_factory=set)
    hide_id: str = ""
    extra_options: dict[str, Any] = field(default_factory=dict)

    def options(self, base_url: str) -> dict[str, Any]:
        return {**FAST, **self.extra_options, **self.base_options(base_url)}

    def base_options(self, base_url: str) -> dict[str, Any]:
        return {"api_base": base_url}

    def make(self, server) -> Network:
        return adapter_for(self.network, self.credentials, self.options(server.url))

    @property
    def secrets(self) -> list[str]:
        return [v for v in self.credentials.values() if len(v) >= 8]

    def supports(self, operation: str) -> bool:
        from sociable.networks.registry import adapter_class

        return operation in adapter_class(self.network).supports


class MastodonHarness(Harness):
    def base_options(self, base_url):
        return {"instance": base_url}


HARNESSES: dict[str, Harness] = {
    "mastodon": MastodonHarness(
        network="mastodon",
        credentials={"access_token": "mastodon-token-ZZ9PluralZAlpha-0001"},
        post_id="113954872356720001",
        reply_to="113954900000000202",
        reply_marker="113954900000000202",
        delete_id="113954872356720001",
        metrics_id="113954872356720001",
        metrics={"likes": 52, "shares": 17, "replies": 4},
        first_inbound={"113954900000000101", "113954900000000202"},
        second_inbound={"113954900000000303"},
    ),
}
