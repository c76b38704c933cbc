"""What the API shows and accepts. Output serializers are read-only views of the models; input
serializers validate requests before a service function is called."""

from django.conf import settings
from django.urls import reverse
from rest_framework import serializers

from sociable.api.fields import Id, Moment, Text, WebUrl
from sociable.api.models import WebhookDelivery, WebhookEndpoint, WebhookEvent
from sociable.channels.models import Channel
from sociable.inbox.models import ROUTES, Conversation, ConversationStatus, Message
from sociable.publishing.models import Language, Post, PostStatus, PostTarget

# --------------------------------------------------------------------------------------------
# Small shared pieces
# --------------------------------------------------------------------------------------------


class PersonSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    username = serializers.CharField()
    name = serializers.CharField(source="get_full_name")


class TeamSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class ChannelSerializer(serializers.ModelSerializer):
    team = TeamSerializer()

    class Meta:
        model = Channel
        fields = [
            "id",
            "network",
            "handle",
            "display_name",
            "team",
            "status",
            "status_detail",
            "last_polled_at",
            "next_poll_at",
        ]


class ChannelBriefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Channel
        fields = ["id", "network", "handle"]


# --------------------------------------------------------------------------------------------
# Conversations and messages
# --------------------------------------------------------------------------------------------


class ContactSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    network = serializers.CharField()
    handle = serializers.CharField()
    name = serializers.CharField()


class MessageSerializer(serializers.ModelSerializer):
    author = PersonSerializer(allow_null=True)
    url = WebUrl()

    class Meta:
        model = Message
        fields = [
            "id",
            "direction",
            "kind",
            "text",
            "url",
            "sent_at",
            "author",
            "route",
            "sentiment",
            "language",
            "delivery",
            "delivery_detail",
            "automatic",
            "hidden",
            "deleted",
            "held_for_review",
        ]


class ConversationSerializer(serializers.ModelSerializer):
    channel = ChannelBriefSerializer()
    contact = ContactSerializer()
    assignee = PersonSerializer(allow_null=True)
    team = TeamSerializer(allow_null=True)
    desk_url = serializers.SerializerMethodField()

    class Meta:
        model = Conversation
        fields = [
            "id",
            "channel",
            "contact",
            "route",
            "status",
            "priority",
            "assignee",
            "team",
            "last_message_at",
            "created_at",
            "waiting_since",
            "first_response_due_at",
            "first_responded_at",
            "resolution_due_at",
            "closed_at",
            "desk_url",
        ]

    def get_desk_url(self, conversation) -> str:
        return settings.SITE_URL + reverse("conversation", args=[conversation.pk])


class ConversationDetailSerializer(ConversationSerializer):
    messages = MessageSerializer(many=True)

    class Meta(ConversationSerializer.Meta):
        fields = [*ConversationSerializer.Meta.fields, "messages"]


class ConversationFilters(serializers.Serializer):
    route = serializers.ChoiceField(
        choices=ROUTES, required=False, help_text="Only conversations on this route."
    )
    status = serializers.ChoiceField(
        choices=[("open", "Not closed"), *ConversationStatus.choices],
        required=False,
        help_text="`open` (the default) is every status but closed; `all` is not a status.",
    )
    assignee = serializers.RegexField(
        r"^(me|none|[1-9][0-9]{0,17})$",
        required=False,
        help_text="`me`, `none` (unassigned), or a user id.",
        error_messages={"invalid": "Use me, none, or a user id."},
    )
    channel = Id(required=False, help_text="Only conversations on this account.")


class ReplyInput(serializers.Serializer):
    text = Text(max_length=10000)
    override_reason = Text(
        max_length=300,
        required=False,
        allow_blank=True,
        default="",
        help_text="Admins only: send despite the confidentiality guard, with a reason.",
    )


class ReplyResult(serializers.Serializer):
    message = MessageSerializer()


class AssignInput(serializers.Serializer):
    user_id = Id(required=False, allow_null=True, help_text="The assignee; null unassigns.")
    team_id = Id(required=False, allow_null=True, help_text="The owning team.")


class StatusInput(serializers.Serializer):
    status = serializers.ChoiceField(choices=ConversationStatus.choices)


class Finding(serializers.Serializer):
    type = serializers.CharField()
    blocking = serializers.BooleanField(required=False)


class Refusal(serializers.Serializer):
    detail = serializers.CharField()
    findings = Finding(many=True, required=False)
    problems = serializers.ListField(child=serializers.CharField(), required=False)


class Problem(serializers.Serializer):
    detail = serializers.CharField()
    errors = serializers.DictField(required=False)


# --------------------------------------------------------------------------------------------
# Posts
# --------------------------------------------------------------------------------------------


class TargetSerializer(serializers.ModelSerializer):
    channel = ChannelBriefSerializer()
    url = WebUrl()

    class Meta:
        model = PostTarget
        fields = [
            "id",
            "channel",
            "language",
            "text",
            "status",
            "next_attempt_at",
            "attempts",
            "last_error",
            "network_post_id",
            "url",
            "published_at",
            "impressions",
            "reach",
            "reactions",
            "comments",
            "shares",
            "clicks",
            "metrics_updated_at",
        ]


class PostSerializer(serializers.ModelSerializer):
    author = PersonSerializer(allow_null=True)
    reviewed_by = PersonSerializer(allow_null=True)
    targets = TargetSerializer(many=True)

    class Meta:
        model = Post
        fields = [
            "id",
            "text",
            "text_cy",
            "thread",
            "link",
            "campaign",
            "status",
            "scheduled_at",
            "author",
            "reviewed_by",
            "reviewed_at",
            "review_comment",
            "created_at",
            "updated_at",
            "targets",
        ]


class PostFilters(serializers.Serializer):
    status = serializers.ChoiceField(choices=PostStatus.choices, required=False)


class TargetInput(serializers.Serializer):
    channel = Id(help_text="The account (channel id) to post to.")
    language = serializers.ChoiceField(choices=Language.choices, default=Language.ENGLISH)
    text = Text(
        max_length=10000,
        required=False,
        allow_blank=True,
        default="",
        help_text="This account's own variant; blank uses the post's text.",
    )


class PostInput(serializers.Serializer):
    text = Text(max_length=10000)
    text_cy = Text(max_length=10000, required=False, allow_blank=True, default="")
    thread = serializers.ListField(
        child=Text(max_length=10000),
        required=False,
        default=list,
        max_length=25,
        help_text="Further parts, posted as replies.",
    )
    link = serializers.URLField(max_length=500, required=False, allow_blank=True, default="")
    campaign = Text(max_length=100, required=False, allow_blank=True, default="")
    scheduled_at = Moment(required=False, allow_null=True, default=None)
    targets = TargetInput(many=True, min_length=1, max_length=50)

    def validate_targets(self, targets):
        channels = [t["channel"] for t in targets]
        if len(set(channels)) != len(channels):
            raise serializers.ValidationError("Name each account once.")
        return targets


class ScheduleInput(serializers.Serializer):
    scheduled_at = Moment(
        required=False,
        allow_null=True,
        default=None,
        help_text="When to publish; leave out to keep the post's time.",
    )


class ApproveInput(serializers.Serializer):
    override_reason = Text(
        max_length=300,
        required=False,
        allow_blank=True,
        default="",
        help_text="Admins only: approve despite the confidentiality guard, with a reason.",
    )


# --------------------------------------------------------------------------------------------
# Searches and reports
# --------------------------------------------------------------------------------------------


class SavedSearchSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    kind = serializers.CharField()
    keywords = serializers.SerializerMethodField()
    hashtags = serializers.SerializerMethodField()
    exclusions = serializers.SerializerMethodField()
    channels = serializers.SerializerMethodField(help_text="The accounts it searches on.")
    feed_urls = serializers.SerializerMethodField()
    language = serializers.CharField()
    active = serializers.BooleanField()
    created_at = serializers.DateTimeField()

    def get_keywords(self, search) -> list[str]:
        return _terms(search)[0]

    def get_hashtags(self, search) -> list[str]:
        return _terms(search)[1]

    def get_exclusions(self, search) -> list[str]:
        return _terms(search)[2]

    def get_channels(self, search) -> list[int]:
        return [channel.pk for channel in search.channels.all()]

    def get_feed_urls(self, search) -> list[str]:
        from sociable.listening.matching import lines

        return lines(search.feed_urls)


def _terms(search):
    from sociable.listening.searches import terms_of

    return terms_of(search)


class ReportFilters(serializers.Serializer):
    since = serializers.DateField(required=False, help_text="First day (default: 28 days ago).")
    until = serializers.DateField(required=False, help_text="Last day (default: today).")

    def validate(self, data):
        since, until = data.get("since"), data.get("until")
        for day in (since, until):
            if day is not None and not 2000 <= day.year <= 2200:
                raise serializers.ValidationError("Choose days between 2000 and 2200.")
        if since and until and since > until:
            raise serializers.ValidationError("since must not be after until.")
        return data


class ResponseTimes(serializers.Serializer):
    answered = serializers.IntegerField(help_text="Waits that ended with a person's reply.")
    median_minutes = serializers.FloatField(
        allow_null=True,
        help_text="Counted minutes to the first reply: staffed time, every "
        "minute for crisis and safeguarding.",
    )
    p90_minutes = serializers.FloatField(allow_null=True)
    target_minutes = serializers.IntegerField(allow_null=True)
    answered_within_target = serializers.IntegerField(
        allow_null=True, help_text="Of `replies_due`: the rate's base is stated, never implied."
    )
    replies_due = serializers.IntegerField(allow_null=True)
    waiting = serializers.IntegerField(help_text="No reply yet, target not yet passed.")


class RouteSummary(ResponseTimes):
    route = serializers.CharField()
    label = serializers.CharField()
    conversations = serializers.IntegerField(help_text="Conversations that began in the period.")
    inbound_messages = serializers.IntegerField()


class ReportSummary(serializers.Serializer):
    since = serializers.DateField()
    until = serializers.DateField()
    conversations = serializers.IntegerField()
    inbound_messages = serializers.IntegerField()
    replies_sent = serializers.IntegerField()
    first_response = ResponseTimes()
    by_route = RouteSummary(many=True)
    posts_published = serializers.IntegerField()


# --------------------------------------------------------------------------------------------
# Webhooks
# --------------------------------------------------------------------------------------------


class WebhookEndpointSerializer(serializers.ModelSerializer):
    class Meta:
        model = WebhookEndpoint
        fields = ["id", "url", "events", "active", "description", "created_at"]


class WebhookEndpointCreated(WebhookEndpointSerializer):
    secret = serializers.CharField(help_text="Shown once: verify signatures with it.")

    class Meta(WebhookEndpointSerializer.Meta):
        fields = [*WebhookEndpointSerializer.Meta.fields, "secret"]


class WebhookEndpointInput(serializers.Serializer):
    url = serializers.URLField(max_length=500)
    events = serializers.ListField(
        child=serializers.ChoiceField(choices=WebhookEvent.choices),
        min_length=1,
        max_length=10,
    )
    description = Text(max_length=200, required=False, allow_blank=True, default="")
    active = serializers.BooleanField(required=False, default=True)


class WebhookDeliverySerializer(serializers.ModelSerializer):
    class Meta:
        model = WebhookDelivery
        fields = [
            "id",
            "event",
            "status",
            "attempts",
            "next_attempt_at",
            "response_code",
            "last_error",
            "created_at",
            "delivered_at",
            "payload",
        ]
