"""YouTube: a resumable upload through its states (session started, file sent, interrupted,
asked where it stopped, resumed), title, description, privacy and publishAt, a caption track;
comment threads into the inbox; reply, hold for review, reject and delete; the day's quota
counted per call, refused before it runs out, and shown."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta

import pytest

from sociable.networks.base import Draft, Media, NetworkError
from sociable.networks.registry import adapter_class
from sociable.networks.youtube import COST, quota_day, seconds_to_reset

from . import specs
from .harnesses import HARNESSES, YOUTUBE_VIDEO
from .replay import RECORDINGS, Exchange, Received

MP4 = b"\x00\x00\x00\x18ftypmp42" + bytes(range(40))
VTT = b"WEBVTT\n\n00:00.000 --> 00:04.000\nOur flu clinic is open today.\n"
TEXT = "Flu clinics open all week\nWalk in 9am-4pm at Northshire General, no appointment."


@pytest.fixture
def youtube(replay):
    server = replay("youtube")
    yield server, HARNESSES["youtube"].make(server)
    problems = [p for r in server.requests for p in specs.check_request("youtube", r)]
    assert not problems, "\n".join(problems)


def _video(data=MP4):
    return Media(
        filename="clinic.mp4",
        content_type="video/mp4",
        data=data,
        alt_text="A nurse explains the clinic",
    )


def _metadata(server) -> dict:
    return server.received("POST", "/upload/youtube/v3/videos")[0].json()


def test_the_first_line_is_the_title_and_the_text_the_description(youtube):
    server, adapter = youtube
    published = adapter.publish(Draft(text=TEXT, media=(_video(),)))
    assert published.network_id == YOUTUBE_VIDEO
    assert published.url == f"https://www.youtube.com/watch?v={YOUTUBE_VIDEO}"
    start = server.received("POST", "/upload/youtube/v3/videos")[0]
    assert start.query["uploadType"] == ["resumable"]
    headers = {k.lower(): v for k, v in start.headers.items()}
    assert headers["x-upload-content-length"] == str(len(MP4))
    assert headers["x-upload-content-type"] == "video/mp4"
    meta = start.json()
    assert meta["snippet"]["title"] == "Flu clinics open all week"
    assert meta["snippet"]["description"] == TEXT
    assert meta["status"] == {"privacyStatus": "public", "selfDeclaredMadeForKids": False}
    [upload] = server.received("PUT", "/upload/youtube/v3/videos")
    assert upload.body == MP4 and upload.query["upload_id"] == ["ADPycdvNorthshire0001"]


def test_a_scheduled_video_is_private_until_youtube_publishes_it(youtube):
    server, adapter = youtube
    when = datetime.now(UTC) + timedelta(days=2)
    adapter.publish(
        Draft(
            text=TEXT,
            media=(_video(),),
            title="Flu clinic tour",
            privacy="unlisted",
            publish_at=when,
        )
    )
    meta = _metadata(server)
    assert meta["snippet"]["title"] == "Flu clinic tour"
    assert meta["status"]["privacyStatus"] == "private"
    assert meta["status"]["publishAt"] == when.strftime("%Y-%m-%dT%H:%M:%S.000Z")
    with pytest.raises(NetworkError) as past:
        adapter.publish(
            Draft(text=TEXT, media=(_video(),), publish_at=datetime.now(UTC) - timedelta(hours=1))
        )
    assert past.value.permanent


def test_an_interrupted_upload_asks_where_it_stopped_and_sends_the_rest(youtube):
    server, adapter = youtube
    server.exchanges = [e for e in server.exchanges if e.method != "PUT"]
    server.exchanges += [
        Exchange(
            "stopped",
            "PUT",
            "/upload/youtube/v3/videos",
            None,
            {},
            1,
            {"status": 308, "headers": {"Range": "bytes=0-19"}, "text": ""},
        ),
        Exchange(
            "done",
            "PUT",
            "/upload/youtube/v3/videos",
            None,
            {},
            2,
            {"status": 201, "json": {"kind": "youtube#video", "id": YOUTUBE_VIDEO}},
        ),
    ]
    server.fail(503, times=1, method="PUT")  # the connection drops during the first PUT
    published = adapter.publish(Draft(text=TEXT, media=(_video(),)))
    assert published.network_id == YOUTUBE_VIDEO
    first, status, rest = server.received("PUT", "/upload/youtube/v3/videos")
    assert first.body == MP4
    status_headers = {k.lower(): v for k, v in status.headers.items()}
    assert status.body == b"" and status_headers["content-range"] == f"bytes */{len(MP4)}"
    rest_headers = {k.lower(): v for k, v in rest.headers.items()}
    assert rest.body == MP4[20:]
    assert rest_headers["content-range"] == f"bytes 20-{len(MP4) - 1}/{len(MP4)}"
    assert len(server.received("POST", "/upload/youtube/v3/videos")) == 1  # one session


def test_a_caption_file_becomes_a_caption_track_of_the_video(youtube):
    server, adapter = youtube
    captions = Media(filename="clinic.vtt", content_type="text/vtt", data=VTT, alt_text="English")
    adapter.publish(Draft(text=TEXT, media=(_video(), captions)))
    [upload] = server.received("POST", "/upload/youtube/v3/captions")
    assert upload.query["uploadType"] == ["multipart"] and upload.query["part"] == ["snippet"]
    assert b'"videoId": "Nw5hX2kQp0c"' in upload.body and VTT in upload.body
    assert "multipart/related" in {k.lower(): v for k, v in upload.headers.items()}["content-type"]


def test_a_post_without_one_video_or_with_an_unusable_title_is_refused_before_sending(youtube):
    server, adapter = youtube
    image = Media(filename="a.png", content_type="image/png", data=b"png", alt_text="A ward")
    for draft in (
        Draft(text=TEXT),
        Draft(text=TEXT, media=(image,)),
        Draft(text=TEXT, media=(_video(), _video())),
        Draft(text="Clinic <b>open</b>", media=(_video(),)),
        Draft(text="a" * 101, media=(_video(),)),
        Draft(text="Title\n" + "é" * 2600, media=(_video(),)),
    ):  # 5,200 bytes
        with pytest.raises(NetworkError) as caught:
            adapter.publish(draft)
        assert caught.value.permanent
    assert not server.requests


def test_held_comments_come_in_too_and_the_channels_own_replies_do_not(youtube):
    server, adapter = youtube
    batch = adapter.fetch_inbound({})
    asked = [r.query["moderationStatus"][0] for r in server.received("GET", "/commentThreads")]
    assert asked == ["published", "heldForReview"]
    ids = {i.network_id for i in batch.items}
    assert "UgxNorthshire0202AaABAg.9xOwnReply01" not in ids
    comment = next(i for i in batch.items if i.network_id == "UgxNorthshire0202AaABAg")
    assert comment.kind == "comment" and comment.author.handle == "Priya Anand"
    assert comment.in_reply_to == YOUTUBE_VIDEO
    assert comment.url.endswith("&lc=UgxNorthshire0202AaABAg")


def test_a_reply_to_a_reply_goes_to_its_thread(youtube):
    server, adapter = youtube
    adapter.reply(Draft(text="Yes, there is parking.", in_reply_to="UgxNorthshire0202AaABAg.9xAb"))
    sent = server.received("POST", "/youtube/v3/comments")[0].json()
    assert sent == {
        "snippet": {"parentId": "UgxNorthshire0202AaABAg", "textOriginal": "Yes, there is parking."}
    }


def test_hold_for_review_publish_again_reject_and_delete(youtube):
    server, adapter = youtube
    adapter.hide("UgxNorthshire0202AaABAg")
    adapter.hide("UgxNorthshire0202AaABAg", hidden=False)
    adapter.reject("UgxNorthshire0101AaABAg", ban_author=True)
    sent = [
        (r.query["moderationStatus"][0], r.query.get("banAuthor", [""])[0])
        for r in server.received("POST", "/setModerationStatus")
    ]
    assert sent == [("heldForReview", ""), ("published", ""), ("rejected", "true")]
    adapter.delete("UgxNorthshire0101AaABAg")
    adapter.delete(YOUTUBE_VIDEO)
    assert server.received("DELETE", "/youtube/v3/comments")[0].query["id"] == [
        "UgxNorthshire0101AaABAg"
    ]
    assert server.received("DELETE", "/youtube/v3/videos")[0].query["id"] == [YOUTUBE_VIDEO]


def test_each_call_is_counted_in_units_and_the_desk_is_told(youtube):
    server, adapter = youtube
    spent: list[int] = []
    counting = adapter_class("youtube")(
        adapter.credentials, {**adapter.options, "spend": spent.append}
    )
    counting.fetch_inbound({})
    counting.reply(Draft(text="Thank you!", in_reply_to="UgxNorthshire0101AaABAg"))
    counting.publish(
        Draft(
            text=TEXT,
            media=(
                _video(),
                Media(filename="c.vtt", content_type="text/vtt", data=VTT, alt_text="English"),
            ),
        )
    )
    assert spent == [1, 1, 50, 1600, 400]
    assert counting.units_spent == 2052


def test_a_call_that_would_go_over_the_days_quota_is_not_made(youtube):
    server, adapter = youtube
    nearly = adapter_class("youtube")(
        adapter.credentials, {**adapter.options, "quota": {"day": quota_day(), "used": 9000}}
    )
    with pytest.raises(NetworkError) as caught:
        nearly.publish(Draft(text=TEXT, media=(_video(),)))
    assert not caught.value.permanent
    assert abs(caught.value.retry_after - seconds_to_reset()) < 5
    assert "1600 units" in str(caught.value)
    assert not server.requests
    nearly.reply(Draft(text="Replies still fit", in_reply_to="UgxNorthshire0101AaABAg"))
    yesterday = adapter_class("youtube")(
        adapter.credentials, {**adapter.options, "quota": {"day": "2020-01-01", "used": 10000}}
    )
    yesterday.metrics(YOUTUBE_VIDEO)  # yesterday's use does not count today


def test_settings_show_the_days_quota(youtube):
    cls = adapter_class("youtube")
    [note] = cls.notices({"quota": {"day": quota_day(), "used": 8450}}, date.today())
    assert "8,450 of 10,000 units" in note and "Uploads may wait" in note
    [fresh] = cls.notices({"quota": {"day": "2020-01-01", "used": 9999}}, date.today())
    assert "0 of 10,000" in fresh
    assert COST["videos.insert"] == 1600


def test_a_quota_error_from_google_waits_until_the_reset(youtube):
    server, adapter = youtube
    server.fail(
        403,
        body=json.dumps(
            {
                "error": {
                    "code": 403,
                    "message": "quota",
                    "errors": [{"reason": "quotaExceeded", "domain": "youtube.quota"}],
                }
            }
        ),
    )
    with pytest.raises(NetworkError) as caught:
        adapter.metrics(YOUTUBE_VIDEO)
    assert not caught.value.permanent and caught.value.retry_after > 60


RESPONSES = {
    "upload_put.json": "Video",
    "caption_insert.json": "Caption",
    "comment_threads.json": "CommentThreadListResponse",
    "comment_threads_later.json": "CommentThreadListResponse",
    "comment_threads_held.json": "CommentThreadListResponse",
    "comment_insert.json": "Comment",
    "video_statistics.json": "VideoListResponse",
}


def test_every_youtube_recording_uses_only_fields_its_resource_defines():
    for recording in sorted((RECORDINGS / "youtube").glob("*.json")):
        response = json.loads(recording.read_text("utf-8"))["response"]
        if recording.name not in RESPONSES:
            assert not response.get("json"), f"{recording.name} answers with an empty body"
            continue
        problems = specs.youtube_resource_problems(RESPONSES[recording.name], response["json"])
        assert not problems, f"{recording.name}: {problems}"


@pytest.mark.parametrize(
    "received, wrong",
    [
        (
            Received(
                "GET",
                "/youtube/v3/commentThreads",
                {"part": ["snippet"], "moderationStatus": ["hidden"]},
                {},
                b"",
            ),
            "hidden",
        ),
        (
            Received(
                "GET", "/youtube/v3/commentThreads", {"part": ["snippet"], "mood": ["x"]}, {}, b""
            ),
            "mood",
        ),
        (
            Received(
                "POST",
                "/youtube/v3/comments/setModerationStatus",
                {"id": ["x"], "moderationStatus": ["hiddenForever"]},
                {},
                b"",
            ),
            "hiddenForever",
        ),
        (
            Received(
                "POST",
                "/upload/youtube/v3/videos",
                {"part": ["snippet,status"]},
                {"Content-Type": "application/json"},
                b'{"snippet": {"title": "x", "mood": "y"}}',
            ),
            "mood",
        ),
        (
            Received("GET", "/youtube/v3/videos", {"part": ["statistics,sparkle"]}, {}, b""),
            "sparkle",
        ),
        (Received("GET", "/youtube/v3/reviews", {}, {}, b""), "no such method"),
    ],
    ids=[
        "unknown-moderation-status",
        "made-up-parameter",
        "unknown-moderation-value",
        "made-up-body-field",
        "unknown-part",
        "made-up-method",
    ],
)
def test_the_checker_refuses_what_the_youtube_api_does_not_define(received, wrong):
    problems = specs.check_request("youtube", received)
    assert any(wrong in p for p in problems), problems


@pytest.mark.django_db
def test_the_composer_says_a_youtube_post_needs_a_video(cast):
    from django.core.files.base import ContentFile

    from sociable.channels.models import Channel
    from sociable.publishing.models import Post, PostMedia, PostTarget
    from sociable.publishing.posts import check

    channel = Channel.objects.create(
        organisation=cast.organisation,
        team=cast.comms,
        network="youtube",
        handle="@northshirenhs",
        options={"channel_id": "UCnorthshireNHS0000000AB"},
    )
    post = Post.objects.create(organisation=cast.organisation, author=cast.officer, text=TEXT)
    PostTarget.objects.create(post=post, channel=channel)
    PostMedia.objects.create(
        post=post,
        file=ContentFile(b"png", name="a.png"),
        content_type="image/png",
        alt_text="A ward",
    )
    assert f"{channel}: YouTube needs a video." in check(post).problems
    PostMedia.objects.create(
        post=post,
        file=ContentFile(MP4, name="tour.mp4"),
        content_type="video/mp4",
        alt_text="A tour",
        has_captions=True,
    )
    assert not [p for p in check(post).problems if "needs a video" in p]
