"""The composer's YouTube fieldset: always on the page, said to be only for YouTube; when a
YouTube account is chosen the server asks for a title of at most 100 characters and a video; a
caption file is checked by its words (WebVTT or SubRip), never by its name."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from sociable.channels.models import Channel
from sociable.publishing import media
from sociable.publishing.models import Post
from tests.conftest import CAST_PASSWORD
from tests.publishing_support import image_bytes

MP4 = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + b"\x00" * 64
VTT = b"WEBVTT\n\n00:00.000 --> 00:04.000\nOur flu clinic is open today.\n"
SRT = b"1\n00:00:00,000 --> 00:00:04,000\nOur flu clinic is open today.\n"


@pytest.fixture
def youtube(cast):
    return Channel.objects.create(
        organisation=cast.organisation,
        team=cast.comms,
        network="youtube",
        handle="@northshirenhs",
        display_name="Northshire NHS",
        options={"channel_id": "UCnorthshireNHS0000000AB"},
    )


def officer():
    client = Client()
    assert client.login(username="officer", password=CAST_PASSWORD)
    return client


def compose(channels, *, video=True, **fields):
    data = {
        "text": "Flu clinics open all week",
        "channels": [c.pk for c in channels],
        "language": "en",
        "action": "save",
        "alt_text": "A nurse shows the clinic",
        "has_captions": "on",
        **fields,
    }
    if video:
        data["media_file"] = SimpleUploadedFile("tour.mp4", MP4, content_type="video/mp4")
    return officer().post("/publish/new/", data)


def errors(answer) -> str:
    return re.sub(r"\s+", " ", answer.content.decode())


def new_posts(cast):
    return Post.objects.exclude(pk=cast.post.pk)


def test_the_youtube_fieldset_is_always_there_and_says_it_is_only_for_youtube(cast):
    page = officer().get("/publish/new/").content.decode()
    fieldset = page[page.index('data-testid="youtube-fields"') :]
    fieldset = fieldset[: fieldset.index('name="link"')]  # the field after it
    legend = re.search(r"<legend[^>]*>(.*?)</legend>", fieldset).group(1)
    assert re.sub(r"<[^>]+>", "", legend) == "YouTube video details"  # it reads "YouTube"
    assert "Only for YouTube" in fieldset
    for name in ("youtube_title", "youtube_privacy", "youtube_publish_at", "youtube_captions"):
        assert f'name="{name}"' in fieldset


def test_a_youtube_post_needs_a_title(cast, youtube):
    answer = compose([youtube])
    assert answer.status_code == 200
    assert "Give the video a title for YouTube." in errors(answer)
    assert not new_posts(cast).exists()


def test_a_youtube_title_is_at_most_100_characters(cast, youtube):
    answer = compose([youtube], youtube_title="T" * 101)
    assert answer.status_code == 200 and not new_posts(cast).exists()
    assert "100 characters" in errors(answer)
    assert compose([youtube], youtube_title="T" * 100).status_code == 302
    assert new_posts(cast).get().youtube_title == "T" * 100


def test_a_youtube_title_has_no_angle_brackets(cast, youtube):
    answer = compose([youtube], youtube_title="<b>Flu</b>")
    assert "does not allow &lt; or &gt;" in errors(answer) and not new_posts(cast).exists()


def test_a_youtube_post_needs_a_video(cast, youtube):
    answer = compose([youtube], video=False, youtube_title="Flu clinic tour")
    assert "YouTube needs a video" in errors(answer) and not new_posts(cast).exists()
    image = SimpleUploadedFile("ward.png", image_bytes("PNG"), content_type="image/png")
    answer = compose([youtube], video=False, youtube_title="Flu clinic tour", media_file=image)
    assert "YouTube needs a video" in errors(answer) and not new_posts(cast).exists()


def test_without_youtube_the_fields_are_not_asked_for(cast):
    answer = compose([cast.channel], video=False)
    assert answer.status_code == 302, errors(answer)[:2000]


def test_a_time_in_the_past_is_refused(cast, youtube):
    answer = compose(
        [youtube], youtube_title="Flu clinic tour", youtube_publish_at="2001-01-01T09:00"
    )
    assert "Choose a time in the future." in errors(answer) and not new_posts(cast).exists()


def test_an_unknown_privacy_is_refused(cast, youtube):
    answer = compose([youtube], youtube_title="Flu clinic tour", youtube_privacy="everyone")
    assert answer.status_code == 200 and not new_posts(cast).exists()


@pytest.mark.parametrize(
    ("name", "data", "found"),
    [
        ("captions.txt", VTT, ".vtt"),
        ("captions.vtt", b"\xef\xbb\xbf" + VTT, ".vtt"),
        ("captions.dat", SRT, ".srt"),
        ("captions.srt", SRT.replace(b"\n", b"\r\n"), ".srt"),
    ],
)
def test_a_caption_file_is_typed_by_its_words(cast, youtube, name, data, found):
    answer = compose(
        [youtube],
        youtube_title="Flu clinic tour",
        youtube_captions=SimpleUploadedFile(name, data, content_type="text/html"),
    )
    assert answer.status_code == 302, errors(answer)[:2000]
    stored = new_posts(cast).get().youtube_captions
    assert stored.name.endswith(found) and stored.read() == data


@pytest.mark.parametrize(
    "data",
    [
        b"<html><script>alert(1)</script></html>",
        MP4,
        b"WEBVTTX\n",
        b"\xff\xfe\x00W\x00E",
        b"1\nnot a timing line\n",
        b"",
        b"WEBVTT\x00\n",
    ],
)
def test_anything_else_as_captions_is_refused(cast, youtube, data):
    answer = compose(
        [youtube],
        youtube_title="Flu clinic tour",
        youtube_captions=SimpleUploadedFile("captions.vtt", data, content_type="text/vtt"),
    )
    assert answer.status_code == 200 and not new_posts(cast).exists()
    assert "WebVTT" in errors(answer) or "empty" in errors(answer)


def test_a_caption_file_counts_as_the_videos_captions_on_youtube_alone(cast, youtube):
    captions = SimpleUploadedFile("c.vtt", VTT, content_type="text/vtt")
    answer = compose(
        [youtube], youtube_title="Flu clinic tour", has_captions="", youtube_captions=captions
    )
    assert answer.status_code == 302, errors(answer)[:2000]
    assert new_posts(cast).get().media.get().has_captions
    # With another account too, the caption file (YouTube's only) does not caption its video.
    captions = SimpleUploadedFile("c.vtt", VTT, content_type="text/vtt")
    answer = compose(
        [youtube, cast.channel],
        youtube_title="Flu clinic tour",
        has_captions="",
        youtube_captions=captions,
    )
    assert "The caption file is only for YouTube." in errors(answer)


def test_caption_kinds():
    assert media.caption_kind(VTT).content_type == "text/vtt"
    assert media.caption_kind(b"WEBVTT - Flu clinic\n\n").content_type == "text/vtt"
    assert media.caption_kind(SRT).content_type == "application/x-subrip"
    assert media.caption_kind(b"\n\n" + SRT).content_type == "application/x-subrip"
    assert media.caption_kind(b"WEBVTTfoo\n") is None
    assert media.caption_kind(b"webvtt\n") is None


def test_whoever_approves_sees_the_youtube_title_and_who_can_see_it(cast, youtube):
    captions = SimpleUploadedFile("c.vtt", VTT, content_type="text/vtt")
    answer = compose(
        [youtube, cast.channel],
        youtube_title="Flu clinic tour",
        youtube_privacy="private",
        youtube_captions=captions,
    )
    assert answer.status_code == 302, errors(answer)[:2000]
    post = new_posts(cast).get()
    page = errors(officer().get(f"/publish/{post.pk}/"))
    [details] = re.findall(r'data-testid="youtube-details">([^<]*)<', page)
    assert details == "Video title: Flu clinic tour · Private: only the account · caption file: yes"
