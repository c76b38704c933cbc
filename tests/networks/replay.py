"""A local HTTP server on 127.0.0.1 that replays recorded network responses.

Each file under tests/networks/recordings/<network>/ is one exchange:

    {
      "source": "where the response format comes from (the API's documentation)",
      "request": {"method": "POST", "path": "/api/v1/statuses",      # or "path_regex"
                  "query": {"since_id": "*"},                        # optional constraints
                  "from_call": 2},                                   # optional: 2nd call on
      "response": {"status": 200, "headers": {...}, "json": {...}}  # or "text" / "body_file"
    }

The most specific matching exchange wins (later from_call first, then most query
constraints). The string {{base_url}} in a response is replaced with the server's address.
Faults (an HTTP status, a malformed body, a timeout) can be injected for the next requests.
Everything the server receives is kept in `requests` for assertions.
"""

from __future__ import annotations

import json
import re
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, unquote_plus, urlsplit

RECORDINGS = Path(__file__).parent / "recordings"


@dataclass
class Received:
    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    body: bytes
    raw_query: str = ""  # the query string as sent, before decoding

    @property
    def text(self) -> str:
        """The body as text; a form body is also given URL-decoded, a JSON body unescaped."""
        raw = self.body.decode("utf-8", "replace")
        content_type = {k.lower(): v for k, v in self.headers.items()}.get("content-type", "")
        if "x-www-form-urlencoded" in content_type:
            return raw + "\n" + unquote_plus(raw)
        if "json" in content_type and raw:
            try:
                return raw + "\n" + json.dumps(json.loads(raw), ensure_ascii=False)
            except ValueError:
                return raw
        return raw

    def json(self):
        return json.loads(self.body)


@dataclass
class Exchange:
    name: str
    method: str
    path: str | None
    path_regex: re.Pattern | None
    query: dict[str, str]
    from_call: int
    response: dict

    def matches(self, method: str, path: str, query: dict[str, list[str]]) -> bool:
        if method != self.method:
            return False
        if self.path is not None and path != self.path:
            return False
        if self.path_regex is not None and not self.path_regex.fullmatch(path):
            return False
        for key, wanted in self.query.items():
            if wanted == "!":  # must be absent
                if key in query:
                    return False
                continue
            if key not in query:
                return False
            if wanted != "*" and wanted not in query[key]:
                return False
        return True

    @property
    def group(self) -> str:
        return f"{self.method} {self.path or self.path_regex.pattern}"


@dataclass
class Fault:
    kind: str  # status | malformed | timeout | text
    status: int = 500
    headers: dict[str, str] = field(default_factory=dict)
    body: str = ""
    times: int | None = None  # None: until cleared
    delay: float = 3.0
    method: str = ""  # only requests with this method ("" any)


class ReplayServer:
    def __init__(self, network: str):
        self.network = network
        self.exchanges = load_exchanges(network)
        self.requests: list[Received] = []
        self.calls: dict[str, int] = {}
        self.fault: Fault | None = None
        self._lock = threading.Lock()
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    @property
    def url(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> ReplayServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()

    # Faults ---------------------------------------------------------------------------------

    def fail(
        self,
        status: int,
        *,
        headers=None,
        body: str = "",
        times: int | None = None,
        method: str = "",
    ):
        self.fault = Fault(
            "status",
            status=status,
            headers=dict(headers or {}),
            body=body,
            times=times,
            method=method.upper(),
        )

    def fail_malformed(self, times: int | None = None):
        self.fault = Fault("malformed", times=times)

    def fail_timeout(self, delay: float = 3.0, times: int | None = None):
        self.fault = Fault("timeout", delay=delay, times=times)

    def clear(self) -> None:
        self.fault = None

    # Inspection -----------------------------------------------------------------------------

    def received(self, method: str | None = None, path_contains: str = "") -> list[Received]:
        return [
            r
            for r in self.requests
            if (method is None or r.method == method) and path_contains in r.path
        ]

    # Serving --------------------------------------------------------------------------------

    def _take_fault(self, method: str = "") -> Fault | None:
        with self._lock:
            fault = self.fault
            if fault and fault.method and fault.method != method:
                return None
            if fault and fault.times is not None:
                fault.times -= 1
                if fault.times <= 0:
                    self.fault = None
            return fault

    def _choose(self, method: str, path: str, query: dict[str, list[str]]) -> Exchange | None:
        candidates = [e for e in self.exchanges if e.matches(method, path, query)]
        if not candidates:
            return None
        with self._lock:
            group = candidates[0].group
            self.calls[group] = self.calls.get(group, 0) + 1
            call = self.calls[group]
        usable = [e for e in candidates if e.from_call <= call] or candidates
        usable.sort(key=lambda e: (e.from_call, len(e.query)), reverse=True)
        return usable[0]

    def _handler(self):
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):  # quiet
                return

            def _serve(self):
                parts = urlsplit(self.path)
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                query = parse_qs(parts.query, keep_blank_values=True)
                received = Received(
                    self.command, parts.path, query, dict(self.headers), body, parts.query
                )
                server.requests.append(received)
                fault = server._take_fault(self.command)
                if fault is not None:
                    return self._fault(fault)
                exchange = server._choose(self.command, parts.path, query)
                if exchange is None:
                    return self._send(
                        404,
                        {"Content-Type": "application/json"},
                        json.dumps(
                            {"error": f"no recording for {self.command} {parts.path}"}
                        ).encode(),
                    )
                response = exchange.response
                headers = {
                    k: str(v).replace("{{base_url}}", server.url)
                    for k, v in (response.get("headers") or {}).items()
                }
                if "json" in response:
                    payload = json.dumps(response["json"]).replace("{{base_url}}", server.url)
                    headers.setdefault("Content-Type", "application/json; charset=utf-8")
                    data = payload.encode()
                elif "body_file" in response:
                    data = (RECORDINGS / server.network / response["body_file"]).read_bytes()
                    data = data.replace(b"{{base_url}}", server.url.encode())
                else:
                    data = response.get("text", "").replace("{{base_url}}", server.url).encode()
                self._send(int(response.get("status", 200)), headers, data)

            def _fault(self, fault: Fault):
                if fault.kind == "timeout":
                    time.sleep(fault.delay)
                    try:
                        self._send(200, {"Content-Type": "application/json"}, b"{}")
                    except OSError:
                        pass
                    return
                if fault.kind == "malformed":
                    return self._send(
                        200, {"Content-Type": "application/json"}, b'{"id": "1", "created_at": '
                    )
                headers = {"Content-Type": "application/json", **fault.headers}
                body = fault.body or json.dumps({"error": f"Injected HTTP {fault.status}"})
                self._send(fault.status, headers, body.encode())

            def _send(self, status: int, headers: dict, data: bytes):
                self.send_response(status)
                for key, value in headers.items():
                    if key.lower() != "content-length":
                        self.send_header(key, value)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = _serve

        return Handler


def load_exchanges(network: str) -> list[Exchange]:
    exchanges = []
    for path in sorted((RECORDINGS / network).glob("*.json")):
        data = json.loads(path.read_text("utf-8"))
        request = data["request"]
        exchanges.append(
            Exchange(
                name=path.name,
                method=request["method"].upper(),
                path=request.get("path"),
                path_regex=re.compile(request["path_regex"]) if "path_regex" in request else None,
                query=dict(request.get("query") or {}),
                from_call=int(request.get("from_call", 1)),
                response=data["response"],
            )
        )
    return exchanges
