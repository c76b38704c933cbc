"""`sociable run --demo` (what `make run` calls): a login page, the demo inbox, a clean stop."""

import re
import signal
import subprocess
import time
from pathlib import Path

import httpx

from tests.support import VENV_BIN, free_port, product_env, wait_for


def test_run_serves_the_login_page_fills_the_inbox_and_stops_on_ctrl_c(tmp_path):
    port = free_port()
    env = product_env(tmp_path)
    desk = subprocess.Popen(
        [
            str(VENV_BIN / "sociable"),
            "run",
            "--demo",
            "--bind",
            f"127.0.0.1:{port}",
            "--web-workers",
            "1",
        ],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        login_page = wait_for(f"{base}/login/", seconds=90)
        assert login_page.status_code == 200
        assert _resident_mb(desk.pid) < 40  # the supervisor never loads Django
        assert "Log in to Sociable" in login_page.text
        password = (tmp_path / "demo-password.txt").read_text().strip()
        with httpx.Client(base_url=base, follow_redirects=True, timeout=10) as browser:
            page = browser.get("/login/")
            token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
            inbox = browser.post(
                "/login/",
                data={
                    "username": "demo-officer",
                    "password": password,
                    "csrfmiddlewaretoken": token,
                },
                headers={"Referer": f"{base}/login/"},
            )
            assert inbox.url.path == "/inbox/"
            deadline = time.monotonic() + 60
            while "/inbox/" not in _conversation_links(inbox.text) and time.monotonic() < deadline:
                time.sleep(1)
                inbox = browser.get("/inbox/")
            assert _conversation_links(inbox.text), "the demo inbox stayed empty"
            assert "Northshire Hospitals NHS Foundation Trust" in inbox.text
    finally:
        desk.send_signal(signal.SIGINT)
        output, _ = desk.communicate(timeout=60)
    assert desk.returncode == 0, output
    assert "Stopped." in output
    with _refused():
        httpx.get(f"{base}/login/", timeout=2)


def _resident_mb(pid: int) -> float:
    status = Path(f"/proc/{pid}/status").read_text()
    return int(re.search(r"VmRSS:\s+(\d+) kB", status).group(1)) / 1024


def _conversation_links(html: str) -> str:
    return " ".join(re.findall(r'href="(/inbox/\d+/)"', html))


class _refused:
    def __enter__(self):
        return self

    def __exit__(self, kind, error, tb):
        assert kind is not None and issubclass(kind, httpx.TransportError), "still serving"
        return True
