"""An attachment's type is read from its content: real images (via Pillow) and MP4, MOV or WebM
containers are accepted and stored under a safe name with the type found; SVG, HTML, a file
pretending to be an image, and decompression bombs are refused with a plain message."""

import io
import struct
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from sociable.publishing.models import PostMedia
from tests.conftest import CAST_PASSWORD
from tests.publishing_support import image_bytes

MP4 = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + b"\x00" * 64
MOV = b"\x00\x00\x00\x14ftypqt  \x00\x00\x02\x00qt  " + b"\x00" * 64
WEBM = b"\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01\x42\xf7\x81\x01\x42\x82\x84webm" + b"\x00" * 64


def png_bomb(side=30_000) -> bytes:
    """A small PNG whose header claims side × side pixels (900 megapixels)."""

    def chunk(kind, data):
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    header = struct.pack(">IIBBBBB", side, side, 8, 0, 0, 0, 0)
    rows = zlib.compress(b"\x00" * (side + 1) * 16)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", rows) + chunk(b"IEND", b"")
    )


def upload(cast, name, data, claimed, **extra):
    client = Client()
    client.login(username="officer", password=CAST_PASSWORD)
    return client.post(
        "/publish/new/",
        {
            "text": "Our ward",
            "channels": [cast.channel.pk],
            "language": "en",
            "media_file": SimpleUploadedFile(name, data, content_type=claimed),
            "alt_text": "The ward",
            "has_captions": "on",
            **extra,
        },
    )


@pytest.mark.parametrize(
    ("name", "data", "found"),
    [
        ("ward.png", image_bytes("PNG"), "image/png"),
        ("ward.jpg", image_bytes("JPEG"), "image/jpeg"),
        ("ward.gif", image_bytes("GIF"), "image/gif"),
        ("ward.webp", image_bytes("WEBP"), "image/webp"),
        ("clip.mp4", MP4, "video/mp4"),
        ("clip.mov", MOV, "video/quicktime"),
        ("clip.webm", WEBM, "video/webm"),
    ],
)
def test_real_images_and_videos_are_stored_with_the_type_their_content_shows(
    cast, name, data, found
):
    answer = upload(cast, name, data, "application/octet-stream")
    assert answer.status_code == 302, answer.content.decode()[:2000]
    stored = PostMedia.objects.get()
    assert stored.content_type == found
    assert stored.file.name.rsplit("/", 1)[-1] != name  # a name of our own, not the sender's


@pytest.mark.parametrize(
    ("name", "data", "claimed"),
    [
        (
            "logo.svg",
            b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
            "image/svg+xml",
        ),
        (
            "logo.png",
            b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
            "image/png",
        ),
        ("page.html", b"<!doctype html><script>alert(1)</script>", "text/html"),
        ("page.jpg", b"<html><body>hello</body></html>", "image/jpeg"),
        ("fake.png", b"\x89PNG\r\n\x1a\n" + b"0" * 64, "image/png"),
        ("tool.mp4", b"MZ\x90\x00" + b"\x00" * 64, "video/mp4"),
        ("tiff.png", image_bytes("TIFF"), "image/png"),
    ],
)
def test_svg_html_and_pretenders_are_refused(cast, name, data, claimed):
    answer = upload(cast, name, data, claimed)
    assert answer.status_code == 200
    assert "SVG images and web pages, cannot be attached" in answer.content.decode()
    assert not PostMedia.objects.exists()


def test_a_decompression_bomb_is_refused_before_it_is_decoded(cast):
    data = png_bomb()
    assert len(data) < 100_000
    answer = upload(cast, "bomb.png", data, "image/png")
    assert answer.status_code == 200
    assert (
        "too large to open safely" in answer.content.decode()
        or "megapixels" in answer.content.decode()
    )
    assert not PostMedia.objects.exists()


def test_a_wide_image_under_the_bomb_limit_is_still_refused_by_its_side(cast):
    buffer = io.BytesIO()
    Image.new("1", (13_000, 2)).save(buffer, "PNG")
    answer = upload(cast, "strip.png", buffer.getvalue(), "image/png")
    assert "megapixels" in answer.content.decode()


def test_a_file_over_eight_megabytes_is_refused(cast):
    answer = upload(cast, "big.mp4", MP4 + b"\x00" * (8 * 1024 * 1024), "video/mp4")
    assert "larger than 8 MB" in answer.content.decode()


def test_form_fields_larger_than_the_limit_are_refused(cast, settings):
    from sociable import settings as product

    assert product.DATA_UPLOAD_MAX_MEMORY_SIZE <= 2_621_440
    client = Client()
    client.login(username="officer", password=CAST_PASSWORD)
    answer = client.post(
        "/publish/new/", {"text": "x" * (product.DATA_UPLOAD_MAX_MEMORY_SIZE + 10)}
    )
    assert answer.status_code == 400
