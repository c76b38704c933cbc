"""`sociable bench publish` on a small N: real worker processes killed at random moments, a
recording network counting what it was sent, and the JSON the bench promises."""

import json
import os

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
