"""Pages go out gzip-compressed to a browser that accepts it; images are left alone."""

import gzip

from django.http import HttpResponse
from django.test import Client, RequestFactory

from sociable.core.compression import PageCompressionMiddleware


def test_a_page_is_compressed_for_a_browser_that_accepts_gzip(cast):
    client = Client()
    client.force_login(cast.officer)
    plain = client.get("/inbox/")
    packed = client.get("/inbox/", HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    assert plain.status_code == packed.status_code == 200
    assert "Content-Encoding" not in plain
    assert packed["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in packed["Vary"]
    page = gzip.decompress(packed.content).decode()
    assert "Where do I park for outpatients?" in page
    assert len(packed.content) < len(plain.content) / 3


def test_json_is_compressed_and_images_are_not():
    request = RequestFactory().get("/x", HTTP_ACCEPT_ENCODING="gzip")
    image = HttpResponse(b"\x89PNG" + b"\0" * 4000, content_type="image/png")
    assert "Content-Encoding" not in PageCompressionMiddleware(lambda r: image)(request)
    data = HttpResponse(b'{"a": "' + b"x" * 4000 + b'"}', content_type="application/json")
    assert PageCompressionMiddleware(lambda r: data)(request)["Content-Encoding"] == "gzip"
