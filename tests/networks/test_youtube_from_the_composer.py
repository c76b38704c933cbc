"""YouTube from the composer: the title, privacy, publishing time and caption file written in the
composer's YouTube fieldset are stored on the post and reach YouTube through the publisher, the
adapter and the replay server; the other accounts of the same post get none of them."""

from __future__ import annotations

import json
from datetime import UTC, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from sociable.channels.models import Channel
from sociable.publishing import publisher
from sociable.publishing.models import Post, PostStatus, TargetStatus
from tests.conftest import CAST_PASSWORD

from . import specs
from .harnesses import HARNESSES, YOUTUBE_VIDEO
from .replay import ReplayServer

MP4 = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + b"\x00" * 64
SRT = b"1\r\n00:00:00,000 --> 00:00:04,000\r\nOur flu clinic is open today.\r\n"


@pytest.fixture
def youtube_account(cast, replay):
    server: ReplayServer = replay("youtube")
    harness = HARNESSES["youtube"]
    channel = Channel(
        organisation=cast.organisation,
        team=cast.comms,
        network="youtube",
        handle="@northshirenhs",
        display_name="Northshire NHS",
        options=harness.options(server.url),
    )
    channel.credentials = harness.credentials
    channel.save()
    yield server, channel
    problems = [p for r in server.requests for p in specs.check_request("youtube", r)]
    assert not problems, "\n".join(problems)


def _compose(cast, channels, **fields):
    client = Client()
    assert client.login(username="officer", password=CAST_PASSWORD)
    return client.post(
        "/publish/new/",
        {
            "text": "Flu clinics open all week\nWalk in 9am-4pm at Northshire General.",
            "channels": [c.pk for c in channels],
            "language": "en",
            "action": "save",
            "media_file": SimpleUploadedFile("tour.mp4", MP4, content_type="video/mp4"),
            "alt_text": "A nurse shows the clinic",
            **fields,
        },
    )


def _publish(post):
    post.status = PostStatus.APPROVED
    post.save()
    now = timezone.now()
    post.targets.update(status=TargetStatus.SCHEDULED, next_attempt_at=now)
    return {
        t.channel.network: publisher.publish_target(t.pk, now=now)
        for t in post.targets.select_related("channel")
    }


@pytest.mark.django_db
def test_the_composers_youtube_fields_reach_youtube(cast, youtube_account):
    server, channel = youtube_account
    when = (timezone.localtime() + timedelta(days=3)).replace(second=0, microsecond=0)
    answer = _compose(
        cast,
        [channel, cast.channel],
        youtube_title="Flu clinic tour",
        youtube_privacy="unlisted",
        youtube_publish_at=when.strftime("%Y-%m-%dT%H:%M"),
        has_captions="on",
        youtube_captions=SimpleUploadedFile("clinic.srt", SRT, content_type="text/plain"),
    )
    assert answer.status_code == 302, answer.content.decode()[:3000]
    post = Post.objects.exclude(pk=cast.post.pk).get()
    assert (post.youtube_title, post.youtube_privacy, post.youtube_publish_at) == (
        "Flu clinic tour",
        "unlisted",
        when,
    )
    assert post.youtube_captions.name.endswith(".srt")
    assert post.youtube_captions.name.rsplit("/", 1)[-1] != "clinic.srt"  # our own name

    results = _publish(post)
    assert results["youtube"] == TargetStatus.PUBLISHED
    meta = server.received("POST", "/upload/youtube/v3/videos")[0].json()
    assert meta["snippet"]["title"] == "Flu clinic tour"
    assert meta["status"]["privacyStatus"] == "private"  # until YouTube publishes it
    assert meta["status"]["publishAt"] == when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.000Z")
    [captions] = server.received("POST", "/upload/youtube/v3/captions")
    assert SRT in captions.body and json.dumps(YOUTUBE_VIDEO) in captions.body.decode()
    [upload] = server.received("PUT", "/upload/youtube/v3/videos")
    assert upload.body == MP4
    youtube_target = post.targets.get(channel=channel)
    assert youtube_target.network_post_id == YOUTUBE_VIDEO
    # The demo account of the same post published the words and video, without YouTube's bits.
    assert results[cast.channel.network] == TargetStatus.PUBLISHED


@pytest.mark.django_db
def test_without_a_time_or_privacy_the_video_is_public_at_once(cast, youtube_account):
    server, channel = youtube_account
    answer = _compose(cast, [channel], youtube_title="Flu clinic tour", has_captions="on")
    assert answer.status_code == 302, answer.content.decode()[:3000]
    post = Post.objects.exclude(pk=cast.post.pk).get()
    assert post.youtube_privacy == "public" and post.youtube_publish_at is None
    assert _publish(post)["youtube"] == TargetStatus.PUBLISHED
    meta = server.received("POST", "/upload/youtube/v3/videos")[0].json()
    assert meta["status"] == {"privacyStatus": "public", "selfDeclaredMadeForKids": False}
    assert server.received("POST", "/upload/youtube/v3/captions") == []


@pytest.mark.django_db
def test_other_accounts_get_no_youtube_fields(cast, monkeypatch):
    from sociable.networks.demo import DemoNetwork

    drafts = []
    real = DemoNetwork.publish
    monkeypatch.setattr(
        DemoNetwork, "publish", lambda self, draft: drafts.append(draft) or real(self, draft)
    )
    answer = _compose(
        cast,
        [cast.channel],
        youtube_title="Ignored here",
        has_captions="on",
        youtube_privacy="private",
    )
    assert answer.status_code == 302, answer.content.decode()[:3000]
    post = Post.objects.exclude(pk=cast.post.pk).get()
    _publish(post)
    [draft] = drafts
    assert (draft.title, draft.privacy, draft.publish_at) == ("", "", None)
    assert [m.content_type for m in draft.media] == ["video/mp4"]
