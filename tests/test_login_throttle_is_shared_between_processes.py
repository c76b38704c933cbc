"""Two real processes on one database: failures counted by one web process refuse the next
attempt in another, as they would after a restart."""

import os
import subprocess
import sys
from pathlib import Path

COUNT = (
    "from sociable.security import throttle\n"
    "for _ in range(5): throttle.failed('ｏｆｆｉｃｅｒ', '192.0.2.1')\n"
)
CHECK = (
    "from sociable.security import throttle\n"
    "print(throttle.blocked_for('Officer', '198.51.100.1'))\n"
)


def sociable(tmp_path, *args):
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'shared.sqlite3'}",
        "PYTHONPATH": str(Path(__file__).resolve().parents[1]),
    }
    env.pop("REDIS_URL", None)
    return subprocess.run(
        [sys.executable, "-m", "sociable.cli", *args],
        env=env,
        check=True,
        capture_output=True,
        text=True,
        timeout=240,
    ).stdout


def test_failures_counted_in_one_process_refuse_in_another(tmp_path):
    sociable(tmp_path, "migrate", "--no-input", "-v", "0")
    sociable(tmp_path, "shell", "-c", COUNT)
    wait = int(sociable(tmp_path, "shell", "-c", CHECK).strip().splitlines()[-1])
    assert wait > 0
