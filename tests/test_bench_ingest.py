"""`sociable bench ingest` stores what it reports, once each, through the real ingest path,
and prints one JSON object. (Speed is a figure it prints, not something tested here.)"""

import json
import sqlite3

from tests.support import product_env, sociable


def test_bench_ingest_prints_one_json_object_and_stores_each_message_once(tmp_path):
    env = product_env(tmp_path)
    assert sociable("migrate", "-v", "0", env=env).returncode == 0
    run = sociable("bench", "ingest", "--seconds", "2", "--workers", "2", "--keep", env=env)
    assert run.returncode == 0, run.stderr
    result = json.loads(run.stdout)
    assert set(result) == {
        "seconds",
        "messages",
        "messages_per_s",
        "database",
        "workers",
        "batch",
        "hours",
        "auto_replies",
    }
    assert result["seconds"] == 2 and result["workers"] == 2 and result["batch"] == 200
    assert result["database"] == "sqlite"
    assert result["messages"] > 0 and result["messages_per_s"] > 0
    with sqlite3.connect(tmp_path / "sociable.sqlite3") as db:
        total, distinct, threads = db.execute(
            "SELECT COUNT(*), COUNT(DISTINCT m.network_id), COUNT(DISTINCT m.conversation_id) "
            "FROM inbox_message m JOIN channels_channel c ON c.id = m.channel_id "
            "WHERE c.handle = '@sociable-bench' AND m.direction = 'in'"
        ).fetchone()
    assert total == distinct == result["messages"]
    assert threads < total  # messages were threaded into conversations


def test_the_bench_organisation_is_staffed_round_the_clock_so_no_auto_replies_go(tmp_path):
    env = product_env(tmp_path)
    sociable("migrate", "-v", "0", env=env)
    run = sociable("bench", "ingest", "--seconds", "1", "--workers", "1", env=env)
    result = json.loads(run.stdout)
    assert result["hours"] == "staffed" and result["auto_replies"] == 0


def test_out_of_hours_every_conversation_gets_one_auto_reply(tmp_path):
    env = product_env(tmp_path)
    sociable("migrate", "-v", "0", env=env)
    run = sociable(
        "bench",
        "ingest",
        "--seconds",
        "1",
        "--workers",
        "2",
        "--batch",
        "30",
        "--out-of-hours",
        "--keep",
        env=env,
    )
    assert run.returncode == 0, run.stderr
    result = json.loads(run.stdout)
    assert result["hours"] == "out of hours" and result["batch"] == 30
    with sqlite3.connect(tmp_path / "sociable.sqlite3") as db:
        (conversations,) = db.execute(
            "SELECT COUNT(*) FROM inbox_conversation v JOIN channels_channel c "
            "ON c.id = v.channel_id WHERE c.handle = '@sociable-bench'"
        ).fetchone()
        (markers,) = db.execute("SELECT COUNT(*) FROM inbox_autoreply").fetchone()
    assert result["auto_replies"] == conversations == markers > 0


def test_bench_ingest_removes_its_messages_unless_asked_to_keep_them(tmp_path):
    env = product_env(tmp_path)
    sociable("migrate", "-v", "0", env=env)
    run = sociable("bench", "ingest", "--seconds", "1", "--workers", "1", env=env)
    assert json.loads(run.stdout)["messages"] > 0
    with sqlite3.connect(tmp_path / "sociable.sqlite3") as db:
        (left,) = db.execute("SELECT COUNT(*) FROM inbox_message").fetchone()
    assert left == 0


def test_an_unknown_bench_is_refused_with_the_choices(tmp_path):
    run = sociable("bench", "nonsense", env=product_env(tmp_path))
    assert run.returncode != 0
    assert "choose ingest, alerts, inbox, publish or triage" in run.stderr
