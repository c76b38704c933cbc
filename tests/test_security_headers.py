"""Every page carries the security headers, and no page needs inline script or style (so the
Content-Security-Policy can forbid them)."""

from html.parser import HTMLParser

import pytest
from django.test import Client

from tests.conftest import CAST_PASSWORD, verified
from tests.test_every_url_has_an_access_rule import concrete, walk

URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "poster"}


class Markup(HTMLParser):
    """The elements of a page, with what would run or style it inline."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict]] = []
        self.script_texts: list[str] = []
        self._in_script = False
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, {name: value or "" for name, value in attrs}))
        self._in_script = tag == "script"

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False

    def handle_data(self, data):
        if self._in_script and data.strip():
            self.script_texts.append(data)

    def inline_code(self) -> list[str]:
        """Inline scripts, styles, event handlers and javascript: URLs."""
        found = [f"inline script: {text.strip()[:60]}" for text in self.script_texts]
        for tag, attrs in self.elements:
            if tag == "style":
                found.append("a <style> element")
            for name, value in attrs.items():
                if name.startswith("on"):
                    found.append(f"<{tag} {name}=…>")
                elif name == "style":
                    found.append(f"<{tag} style={value!r}>")
                elif name in URL_ATTRIBUTES and _scheme(value) in {"javascript", "vbscript"}:
                    found.append(f"<{tag} {name}={value!r}>")
        return found


def _scheme(url: str) -> str:
    cleaned = "".join(ch for ch in url if not ch.isspace() and ord(ch) > 31).lower()
    return cleaned.split(":", 1)[0] if ":" in cleaned else ""


def every_page(cast):
    """(path, response) for every URL, as anonymous and as a verified admin."""
    admin = Client()
    admin.login(username="admin", password=CAST_PASSWORD)
    clients = {"anonymous": Client(), "admin": verified(admin)}
    for route, name, _view in walk():
        path = concrete(route, cast, name)
        for who, client in clients.items():
            yield f"{path} as {who}", client.get(path)


@pytest.mark.django_db
def test_every_response_carries_the_security_headers(cast):
    missing = []
    for where, response in every_page(cast):
        headers = response.headers
        csp = headers.get("Content-Security-Policy", "")
        if "default-src 'self'" not in csp or "frame-ancestors 'none'" not in csp:
            missing.append(f"{where}: Content-Security-Policy {csp!r}")
        if headers.get("X-Frame-Options") != "DENY":
            missing.append(f"{where}: X-Frame-Options")
        if headers.get("X-Content-Type-Options") != "nosniff":
            missing.append(f"{where}: X-Content-Type-Options")
        if headers.get("Referrer-Policy") != "same-origin":
            missing.append(f"{where}: Referrer-Policy")
    assert missing == []


@pytest.mark.django_db
def test_no_page_has_inline_script_or_style(cast):
    found = []
    for where, response in every_page(cast):
        if response.status_code == 200 and "html" in response.get("Content-Type", ""):
            markup = Markup(response.content.decode())
            found += [f"{where}: {item}" for item in markup.inline_code()]
    assert found == [], "\n".join(found)


def test_the_policy_allows_nothing_inline_and_nothing_from_elsewhere(client, db):
    csp = client.get("/login/")["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in csp.split(";"))
    assert directives["script-src"] == "'self'" and directives["style-src"] == "'self'"
    assert "unsafe" not in csp and "http" not in csp and "*" not in csp


def test_the_inspector_finds_inline_code():
    page = (
        '<p style="color:red" onclick="x()">a</p><script>alert(1)</script><style>p{}</style>'
        '<a href=" javascript:alert(1)">b</a><script type="module" src="/s.js"></script>'
    )
    assert len(Markup(page).inline_code()) == 5
