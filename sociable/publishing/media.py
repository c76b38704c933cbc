"""What an uploaded file really is, read from its content, never from its name or the type the
browser claims. Images are opened with Pillow (JPEG, PNG, GIF, WebP only) within a size and
pixel limit, so a decompression bomb is refused before it is decoded; videos are recognised by
their container's first bytes (MP4 and MOV: an ISO `ftyp` box; WebM: an EBML header naming
`webm`). Anything else, SVG and HTML included, is refused. A caption file (for YouTube) is
checked apart: UTF-8 text that starts with WEBVTT, or with a SubRip cue (a number, then a
"00:00:01,000 --> 00:00:04,000" line)."""

from __future__ import annotations

import re
import uuid
import warnings
from dataclasses import dataclass

from PIL import Image, UnidentifiedImageError

MAX_UPLOAD_BYTES = 8 * 1024 * 1024
MAX_PIXELS = 40_000_000  # e.g. 8000 × 5000; the networks take far smaller images anyway
MAX_SIDE = 12_000
IMAGE_FORMATS = {
    "JPEG": ("image/jpeg", "jpg"),
    "PNG": ("image/png", "png"),
    "GIF": ("image/gif", "gif"),
    "WEBP": ("image/webp", "webp"),
}
MP4_BRANDS = {
    b"isom",
    b"iso2",
    b"iso4",
    b"iso5",
    b"iso6",
    b"mp41",
    b"mp42",
    b"avc1",
    b"M4V ",
    b"dash",
    b"MSNV",
}
REFUSED = (
    "Use a JPEG, PNG, GIF or WebP image, or an MP4, MOV or WebM video. Other files, "
    "including SVG images and web pages, cannot be attached."
)


class Refused(ValueError):
    """The file cannot be attached; the message says why, in plain words."""


@dataclass(frozen=True)
class Kind:
    content_type: str
    extension: str

    @property
    def is_video(self) -> bool:
        return self.content_type.startswith("video/")


def video_kind(head: bytes) -> Kind | None:
    if len(head) >= 12 and head[4:8] == b"ftyp":
        brand = head[8:12]
        if brand == b"qt  ":
            return Kind("video/quicktime", "mov")
        if brand in MP4_BRANDS:
            return Kind("video/mp4", "mp4")
        return None
    if head[:4] == b"\x1a\x45\xdf\xa3" and b"webm" in head[:64]:
        return Kind("video/webm", "webm")
    return None


def image_kind(upload) -> Kind | None:
    upload.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(upload) as image:
                if image.format not in IMAGE_FORMATS:
                    return None
                width, height = image.size
                if width > MAX_SIDE or height > MAX_SIDE or width * height > MAX_PIXELS:
                    raise Refused(
                        f"The image is {width:,} × {height:,} pixels: make it "
                        "smaller than 40 megapixels."
                    )
                image.verify()
                content_type, extension = IMAGE_FORMATS[image.format]
                return Kind(content_type, extension)
    except Refused:
        raise
    except (Image.DecompressionBombWarning, Image.DecompressionBombError):
        raise Refused("The image is too large to open safely: make it smaller.") from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        return None
    finally:
        upload.seek(0)


def inspect(upload) -> Kind:
    """The kind of an uploaded file, or Refused. Renames the upload to a safe name."""
    if upload.size > MAX_UPLOAD_BYTES:
        raise Refused("The file is larger than 8 MB.")
    upload.seek(0)
    head = upload.read(64)
    upload.seek(0)
    kind = video_kind(head) or image_kind(upload)
    if kind is None:
        raise Refused(REFUSED)
    upload.name = f"{uuid.uuid4().hex}.{kind.extension}"
    return kind


MAX_CAPTION_BYTES = 1024 * 1024
SRT_TIMING = re.compile(r"\d{1,2}:\d{2}:\d{2},\d{3} --> \d{1,2}:\d{2}:\d{2},\d{3}")
CAPTIONS_REFUSED = (
    "Use a caption file in WebVTT (.vtt, starting with WEBVTT) or SubRip (.srt) form."
)


def caption_kind(data: bytes) -> Kind | None:
    """WebVTT or SubRip from the file's words, or None."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None
    if "\x00" in text:
        return None
    if re.match(r"WEBVTT(?:[ \t].*)?(?:\r?\n|$)", text):
        return Kind("text/vtt", "vtt")
    lines = text.lstrip("\r\n").splitlines()
    if len(lines) >= 2 and lines[0].strip().isdigit() and SRT_TIMING.fullmatch(lines[1].strip()):
        return Kind("application/x-subrip", "srt")
    return None


def caption_type(name: str) -> str:
    """The type of a stored caption file, by the extension inspect_captions gave it."""
    return "text/vtt" if name.endswith(".vtt") else "application/x-subrip"


def inspect_captions(upload) -> Kind:
    """The kind of an uploaded caption file, or Refused. Renames the upload to a safe name."""
    if upload.size > MAX_CAPTION_BYTES:
        raise Refused("The caption file is larger than 1 MB.")
    upload.seek(0)
    data = upload.read(MAX_CAPTION_BYTES + 1)
    upload.seek(0)
    kind = caption_kind(data)
    if kind is None:
        raise Refused(CAPTIONS_REFUSED)
    upload.name = f"{uuid.uuid4().hex}.{kind.extension}"
    return kind
