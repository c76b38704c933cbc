"""`sociable bench inbox` loads an inbox into a database of its own, times the officer's
requests and prints one JSON object. (Speed is a figure it prints, not something tested here.)"""

import json

from sociable.inbox.bench import CHILD_ENV
from tests.support import product_env, sociable

REQUESTS = {
    "default",
    "route_crisis",
    "status_waiting",
    "status_closed",
    "assignee_me",
    "search_open",
    "search_all",
    "page_50",
    "page_50_all",
    "conversation",
}


def test_bench_inbox_times_every_request_on_a_small_inbox_of_its_own(tmp_path):
    env = product_env(tmp_path)
    run = sociable(
        "bench",
        "inbox",
        "--messages",
        "3000",
        "--rounds",
        "2",
        "--search",
        "clinic",
        env=env,
        timeout=600,
    )
    assert run.returncode == 0, run.stderr
    result = json.loads(run.stdout)
    assert set(result) == {
        "messages",
        "database",
        "conversations",
        "open",
        "search",
        "rounds",
        "load_s",
        "requests",
        "p95_ms",
        "load",
    }
    assert result["messages"] == 3000 and result["conversations"] == 1000
    assert 0 < result["open"] < 200 and result["database"] == "sqlite"
    assert set(result["requests"]) == REQUESTS
    for name, timing in result["requests"].items():
        assert timing["status"] == [200], name
        assert 0 < timing["p50_ms"] <= timing["p95_ms"] <= result["p95_ms"]
        assert 0 < timing["sql"]["p50_ms"] <= timing["sql"]["p95_ms"]
        assert 0 < timing["cpu"]["p50_ms"] <= timing["cpu"]["p95_ms"]
    assert result["p95_ms"] == max(t["p95_ms"] for t in result["requests"].values())
    assert result["requests"]["page_50_all"]["page"] == 20  # 1,000 conversations, 50 a page
    assert len(result["load"]) == 3
    # The desk's own database was never touched.
    assert not (tmp_path / "sociable.sqlite3").exists()


def test_the_bench_refuses_to_load_into_any_database_but_its_own(tmp_path):
    env = product_env(tmp_path, **{CHILD_ENV: f"sqlite:///{tmp_path / 'elsewhere.sqlite3'}"})
    assert sociable("migrate", "-v", "0", env=env).returncode == 0
    run = sociable("bench", "inbox", "--messages", "30", env=env)
    assert run.returncode != 0 and "database of its own" in run.stderr
    assert not (tmp_path / "elsewhere.sqlite3").exists()
