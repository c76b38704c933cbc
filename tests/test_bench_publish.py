"""`sociable bench publish` on a small N: real worker processes killed at random moments, a
recording network counting what it was sent, and the JSON the bench promises."""

import json
import os

import pytest

from tests.support import sociable


def test_the_publish_bench_loses_and_doubles_nothing_through_crashes(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["SOCIABLE_DATA_DIR"] = str(tmp_path / "never-used")  # the bench makes its own database
    done = sociable(
        "bench",
        "publish",
        "--posts",
        "40",
        "--crashes",
        "3",
        "--latency",
        "0.05",
        env=env,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["posts"] == 40 and result["crashes"] == 3 and result["workers"] == 2
    assert result["duplicates"] == 0
    assert result["lost"] == 0
    assert result["held_never_sent"] == 0
    assert result["published"] + result["held"] == 40
    assert result["held"] <= 3
    assert result["requests"] >= 40  # counted by the network, not the database
    assert result["most_in_flight"] > result["workers"]  # several posts in flight per worker
    assert 0 < result["p50_s"] <= result["p95_s"]
    assert len(result["load"]) == 3
    assert not (tmp_path / "never-used" / "sociable.sqlite3").exists()


POSTGRES = os.environ.get("DATABASE_URL", "")


@pytest.mark.skipif(
    not POSTGRES.startswith("postgres"),
    reason="needs a PostgreSQL server: DATABASE_URL names one on CI's PostgreSQL leg",
)
def test_the_publish_bench_on_postgresql_loses_and_doubles_nothing(tmp_path):
    """The same crashes on PostgreSQL, where each worker thread keeps its connection from one
    task to the next: a connection per task would be a server process per post."""
    server = POSTGRES.rsplit("/", 1)[0] + "/postgres"  # the bench makes a database of its own
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["SOCIABLE_DATA_DIR"] = str(tmp_path / "never-used")
    posts = 80
    done = sociable(
        "bench",
        "publish",
        "--posts",
        str(posts),
        "--crashes",
        "3",
        "--latency",
        "0.05",
        "--threads",
        "4",
        "--database-url",
        server,
        env=env,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["database"] == "postgresql"
    assert result["posts"] == posts and result["crashes"] == 3 and result["workers"] == 2
    assert result["duplicates"] == 0
    assert result["lost"] == 0
    assert result["held_never_sent"] == 0
    assert result["published"] + result["held"] == posts
    assert result["held"] <= 3
    # 5 worker processes (2, and 3 restarts), each with a connection for its loop, one for its
    # heartbeat and one per task thread (4), plus migrating and setting up: about 35.
    assert result["database_sessions"] < posts
    assert not (tmp_path / "never-used" / "sociable.sqlite3").exists()
