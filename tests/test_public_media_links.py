"""Networks that fetch media from an address (Threads, Google Business Profile) are given a
signed link that expires; it serves that one file to anyone, and nothing else to anyone."""

from datetime import timedelta

from django.core.files.base import ContentFile
from django.test import Client
from django.utils import timezone

from sociable.publishing import media_links
from sociable.publishing.models import PostMedia, PostTarget
from sociable.publishing.publisher import _media

JPEG = b"\xff\xd8\xff\xe0" + b"northshire" * 20


def _item(cast):
    return PostMedia.objects.create(
        post=cast.post,
        file=ContentFile(JPEG, name="ward.jpg"),
        content_type="image/jpeg",
        alt_text="The new ward",
    )


def _path(url, settings):
    return url.removeprefix(settings.SITE_URL)


def test_a_link_serves_the_file_to_a_network_that_does_not_sign_in(cast, settings):
    settings.SITE_URL = "https://social.northshire.example"
    item = _item(cast)
    url = media_links.public_url(item)
    assert url.startswith("https://social.northshire.example/media-links/")
    answer = Client().get(_path(url, settings))
    assert answer.status_code == 200 and answer["Content-Type"] == "image/jpeg"
    assert b"".join(answer.streaming_content) == JPEG


def test_a_tampered_link_or_another_name_serves_nothing(cast, settings):
    settings.SITE_URL = "https://social.northshire.example"
    item = _item(cast)
    url = _path(media_links.public_url(item), settings)
    token, name = url.split("/")[2:4]
    other = _item(cast)
    forged = token.replace(str(item.pk), str(other.pk), 1)
    assert Client().get(f"/media-links/{forged}/{name}").status_code == 404
    assert Client().get(f"/media-links/{token}/other.jpg").status_code == 404


def test_a_link_works_for_two_days_and_not_after(cast, settings, time_machine):
    settings.SITE_URL = "https://social.northshire.example"
    time_machine.move_to(timezone.now(), tick=False)
    url = _path(media_links.public_url(_item(cast)), settings)
    time_machine.shift(timedelta(days=2, minutes=-1))
    assert Client().get(url).status_code == 200
    time_machine.shift(timedelta(minutes=2))
    assert Client().get(url).status_code == 404


def test_a_desk_that_is_not_on_https_gives_no_link(cast, settings):
    settings.SITE_URL = "http://127.0.0.1:8000"
    assert media_links.public_url(_item(cast)) == ""


def test_the_publisher_gives_each_media_its_link(cast, settings):
    settings.SITE_URL = "https://social.northshire.example"
    _item(cast)
    target = PostTarget.objects.filter(post=cast.post).first() or PostTarget.objects.create(
        post=cast.post, channel=cast.channel
    )
    [media] = list(_media(target))
    assert media.data == JPEG and media.alt_text == "The new ward"
    assert media.url.startswith("https://social.northshire.example/media-links/")
