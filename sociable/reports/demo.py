"""Demo data for the demo organisation only: published posts with metrics read from the demo
network, outcomes, a month of the demo location's rating, and a one-page strategy, so a
newcomer's reports show something real."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from sociable.networks.base import Credentials
from sociable.networks.demo import DemoNetwork
from sociable.publishing.models import Post, PostStatus, PostTarget, TargetStatus
from sociable.reports.metrics import to_fields
from sociable.reports.models import LocationRating, Outcome
from sociable.strategy.models import Audience, Objective, Strategy
from sociable.triage.signposting import NHS_111_NUMBER

# days ago, hour, text, campaign, account streams
POSTS = [
    (
        38,
        10,
        "Flu jabs for staff all week in the atrium, no appointment needed.",
        "#FluJab",
        ("facebook", "mastodon"),
    ),
    (
        33,
        12,
        f"Our A&E is very busy. If it's not an emergency, NHS {NHS_111_NUMBER} online can "
        "help you find the right service.",
        "#ChooseWell",
        ("facebook", "x", "bluesky"),
    ),
    (
        27,
        9,
        "Meet Sister Aisha Rahman and the Ward 7 team, who care for people after heart surgery.",
        "",
        ("facebook", "mastodon"),
    ),
    (
        21,
        11,
        "Flu jab bookings for over-65s are open: book online or at your pharmacy.",
        "#FluJab",
        ("facebook", "x"),
    ),
    (
        16,
        14,
        "Free parking for blue badge holders in car parks A and C from Monday.",
        "",
        ("facebook", "bluesky"),
    ),
    (12, 10, "Our birth centre is open for tours every Saturday morning.", "", ("maternity",)),
    (
        9,
        16,
        "Volunteer with us: help patients find their way, or read to them on the wards.",
        "#Volunteer",
        ("facebook", "mastodon", "x"),
    ),
    (
        6,
        9,
        "Norovirus is circulating. Please don't visit if you have been sick in the last 48 hours.",
        "#ChooseWell",
        ("facebook", "x", "bluesky"),
    ),
    (
        3,
        12,
        "Flu jab clinic for children on Saturday at the community hub.",
        "#FluJab",
        ("facebook", "community"),
    ),
    (
        1,
        10,
        "Thank you to everyone who gave blood at our staff session yesterday.",
        "",
        ("mastodon", "bluesky"),
    ),
    # The newer kinds of account: a film on YouTube and Instagram, words on Threads, a local
    # post on Google (its rating over time is below).
    (
        24,
        13,
        "A look inside our new children's ward, with the nurses who helped design it.",
        "",
        ("youtube", "instagram"),
    ),
    (
        18,
        11,
        "Our midwives answer your questions about giving birth at Northshire, live on "
        "Thursday at 7pm.",
        "",
        ("instagram", "threads"),
    ),
    (
        10,
        9,
        "Flu jab drop-in at the main entrance this week, 8am to 6pm.",
        "#FluJab",
        ("threads", "google_business"),
    ),
    (5, 15, "How to use the new car park barrier: a one-minute film.", "", ("youtube", "threads")),
]


def seed(organisation, now=None) -> bool:
    """Add the demo posts, outcomes and strategy once; False if they are already there."""
    now = now or timezone.now()
    if Strategy.objects.filter(organisation=organisation).exists():
        return False
    channels = {c.options.get("stream"): c for c in organisation.channels.filter(network="demo")}
    for days_ago, hour, text, campaign, streams in POSTS:
        when = (now - timedelta(days=days_ago)).replace(
            hour=hour, minute=0, second=0, microsecond=0
        )
        post = Post.objects.create(
            organisation=organisation,
            text=text,
            campaign=campaign,
            status=PostStatus.APPROVED,
            scheduled_at=when,
        )
        for stream in streams:
            channel = channels.get(stream)
            if channel is None:
                continue
            network_id = f"demo-post-{int(when.timestamp())}-{post.pk:06d}{stream[:6]}"
            counts = DemoNetwork(Credentials({}), {"stream": stream}, clock=lambda: now).metrics(
                network_id
            )
            PostTarget.objects.create(
                post=post,
                channel=channel,
                status=TargetStatus.PUBLISHED,
                published_at=when,
                network_post_id=network_id,
                url=f"https://demo.invalid/{stream}/{network_id}",
                metrics_updated_at=now,
                **to_fields(counts),
            )
    today = timezone.localdate(now)
    location = channels.get("google_business")
    if location is not None:  # a month of daily ratings; two reads that failed are gaps
        for days_ago in range(30, -1, -1):
            if days_ago not in (11, 12):
                LocationRating.objects.create(
                    channel=location,
                    day=today - timedelta(days=days_ago),
                    average_rating_x100=390 + (30 - days_ago) * 7 % 31,
                    reviews=120 + (30 - days_ago) // 3,
                    read_at=now,
                )
    for days_ago, stage, description, count, campaign, source in [
        (
            20,
            "impact",
            "Flu jab bookings through the link in our posts",
            140,
            "#FluJab",
            "Booking system: visits from social media links",
        ),
        (
            8,
            "advocacy",
            "People who signed up to volunteer after our posts",
            12,
            "#Volunteer",
            "Voluntary services sign-up form ('How did you hear about us?')",
        ),
        (
            5,
            "preference",
            f"Survey: agree they know when to use NHS {NHS_111_NUMBER} rather than A&E",
            64,
            "#ChooseWell",
            "Online survey of 200 local people",
        ),
    ]:
        Outcome.objects.create(
            organisation=organisation,
            date=today - timedelta(days=days_ago),
            stage=stage,
            description=description,
            count=count,
            campaign=campaign,
            source=source,
        )
    Strategy.objects.create(
        organisation=organisation,
        purpose="Help people in Northshire use the right service first time, keep them "
        "informed about our hospitals, and listen to what they tell us.",
        content_pillars="Right care, right place\nStaying well (vaccinations, screening)\n"
        "Our people and their stories\nNews and changes to services",
        policy_notes="This is a demonstration organisation with made-up data.",
    )
    for title, kpi, target, period, campaign in [
        ("Reach more local people", "reach", 40000, "month", ""),
        ("Start real conversations", "engagement_rate", 3, "month", ""),
        ("Reply quickly in staffed hours", "response_time_median_minutes", 120, "month", ""),
        ("Most replies within target", "responses_within_target_pct", 90, "month", ""),
        ("More flu jab bookings", "outcome:impact", 400, "quarter", "#FluJab"),
        ("Share praise with staff", "kudos_count", 10, "month", ""),
    ]:
        Objective.objects.create(
            organisation=organisation,
            title=title,
            kpi=kpi,
            target=target,
            period=period,
            campaign=campaign,
        )
    for name, power, interest, streams, elsewhere in [
        ("Patients and carers", "high", "high", ("facebook", "x"), ""),
        ("Local MPs and councillors", "high", "low", ("x",), ""),
        ("Expectant parents", "low", "high", ("maternity",), "Local parents' groups"),
        ("Welsh-speaking communities", "low", "high", ("community",), ""),
        ("Staff", "high", "high", ("mastodon", "bluesky"), "Intranet"),
        ("National health press", "low", "low", ("x", "bluesky"), ""),
    ]:
        audience = Audience.objects.create(
            organisation=organisation,
            name=name,
            power=power,
            interest=interest,
            elsewhere=elsewhere,
        )
        audience.channels.add(*[channels[s] for s in streams if s in channels])
    return True
