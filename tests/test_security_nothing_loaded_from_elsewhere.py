"""Nothing is sent to third parties by the pages: every script, style sheet, image, font and
frame comes from the desk's own server (no analytics, web fonts or CDNs)."""

import re
from pathlib import Path

import pytest

from sociable.settings import BASE_DIR
from tests.test_security_headers import Markup, every_page

# Attributes by which a page makes the browser fetch something by itself.
FETCHED = {
    "script": ["src"],
    "img": ["src", "srcset"],
    "source": ["src", "srcset"],
    "iframe": ["src"],
    "frame": ["src"],
    "embed": ["src"],
    "object": ["data"],
    "video": ["src", "poster"],
    "audio": ["src"],
    "track": ["src"],
    "image": ["href"],
    "use": ["href", "xlink:href"],
    "input": ["src"],
}
LINKS_FETCHED = {
    "stylesheet",
    "icon",
    "preload",
    "prefetch",
    "preconnect",
    "dns-prefetch",
    "modulepreload",
    "manifest",
    "apple-touch-icon",
    "shortcut",
}


def external(url: str) -> bool:
    url = url.strip().lower()
    return url.startswith(("http:", "https:", "//", "ftp:")) or bool(
        re.match(r"^[a-z][a-z0-9+.-]*:", url) and not url.startswith(("data:", "blob:"))
    )


def fetched_elsewhere(html: str) -> list[str]:
    found = []
    for tag, attrs in Markup(html).elements:
        names = list(FETCHED.get(tag, []))
        if tag == "link" and LINKS_FETCHED & set(attrs.get("rel", "").lower().split()):
            names.append("href")
        for name in names:
            for url in attrs.get(name, "").split(","):
                if url.strip() and external(url.split()[0]):
                    found.append(f"<{tag} {name}={url.strip()!r}>")
    return found


@pytest.mark.django_db
def test_no_page_fetches_anything_from_another_site(cast):
    found = []
    for where, response in every_page(cast):
        if response.status_code == 200 and "html" in response.get("Content-Type", ""):
            found += [f"{where}: {item}" for item in fetched_elsewhere(response.content.decode())]
    assert found == [], "\n".join(found)


def test_no_style_sheet_or_script_of_ours_reaches_another_site():
    found = []
    for path in Path(BASE_DIR, "static").rglob("*"):
        if path.suffix in {".css", ".js"}:
            text = path.read_text(errors="ignore")
            for url in re.findall(r"""(?:url\(|@import\s+)['"]?(https?:|//)[^)'"\s]*""", text):
                found.append(f"{path.name}: {url}")
            if path.suffix == ".js" and re.search(r"""fetch\(\s*['"]https?:""", text):
                found.append(f"{path.name}: fetches from another site")
    assert found == []


def test_the_check_spots_an_external_script_and_font():
    page = (
        '<script src="https://cdn.example/x.js"></script>'
        '<link rel="stylesheet" href="//fonts.example/css">'
        '<a href="https://111.nhs.uk/">NHS 111</a><img src="/static/a.png">'
    )
    assert len(fetched_elsewhere(page)) == 2


HTTP_CLIENTS = {
    "httpx",
    "requests",
    "urllib.request",
    "http.client",
    "aiohttp",
    "urllib3",
    "feedparser",
    "mastodon",
    "tweepy",
    "atproto",
    "atproto_client",
    "socket",
}
# Outbound requests leave from the network adapters (through sociable/networks/http/) and,
# for the webhooks an organisation's admins set up, from api/webhooks.py (same SSRF guard).
MAY_CONNECT = ("networks/", "api/webhooks.py")


def test_only_the_network_adapters_and_webhooks_open_connections():
    import ast

    found = []
    for path in sorted(Path(BASE_DIR).rglob("*.py")):
        relative = path.relative_to(BASE_DIR).as_posix()
        if relative.startswith(MAY_CONNECT) or "/migrations/" in relative:
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            names = (
                [a.name for a in node.names]
                if isinstance(node, ast.Import)
                else [node.module or ""]
                if isinstance(node, ast.ImportFrom)
                else []
            )
            found += [
                f"{relative}: {name}"
                for name in names
                if name in HTTP_CLIENTS or name.split(".")[0] in HTTP_CLIENTS - {"http"}
            ]
    assert found == []
