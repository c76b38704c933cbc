from datetime import UTC, datetime

from django import forms
from django.utils import timezone
from django.utils.html import format_html

from sociable.core import bounds
from sociable.networks.base import NetworkError
from sociable.networks.registry import adapter_class
from sociable.publishing import media
from sociable.publishing.models import Language, LinkTracking, Post, VideoPrivacy
from sociable.publishing.preview import initials


def network_label(network: str) -> str:
    try:
        return adapter_class(network).label or network
    except NetworkError:
        return network


class AccountsField(forms.ModelMultipleChoiceField):
    """The accounts to post to, grouped by network, each shown with its picture (the account's
    initials in its network's colour: no picture is fetched from the network) and its handle."""

    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, channel):
        status = (
            ""
            if channel.status == "connected"
            else format_html(
                ' <span class="nhsuk-tag nhsuk-tag--orange">{}</span>', channel.get_status_display()
            )
        )
        name = channel.display_name.strip()
        return format_html(
            '<span class="sociable-avatar sociable-avatar--{}" aria-hidden="true">{}</span>'
            '<span class="sociable-account"><span class="sociable-account__name">{}</span>{}{}'
            "</span>",
            channel.network,
            initials(channel),
            name or channel.handle,
            format_html(' <span class="sociable-account__handle">{}</span>', channel.handle)
            if name
            else "",
            status,
        )

    def grouped(self, channels) -> list:
        """Choices grouped by network, for forms/choices.html."""
        groups: dict[str, list] = {}
        for channel in channels:
            groups.setdefault(network_label(channel.network), []).append(
                (channel.pk, self.label_from_instance(channel))
            )
        return sorted(groups.items())


class UKDateTimeField(forms.DateTimeField):
    """A wall-clock time in the UK. It is read as given and made aware in clean_when, which can
    then explain the night the clocks go forward (that hour does not exist)."""

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, datetime):
            return value
        for fmt in self.input_formats:
            try:
                when = datetime.strptime(str(value).strip(), fmt)
            except ValueError:
                continue
            if not bounds.in_range(when):  # before any arithmetic that could overflow
                raise forms.ValidationError("Choose a time between 2000 and 2100.")
            return when
        raise forms.ValidationError("Enter a date and time, like 2026-12-01 09:30.")


def uk_aware(when):
    """A wall-clock UK time made aware; the hour the clocks skip is refused in words."""
    if when is None or not timezone.is_naive(when):
        return when
    local = when
    when = timezone.make_aware(when)  # the current zone: Europe/London
    round_trip = timezone.localtime(when.astimezone(UTC)).replace(tzinfo=None)
    if round_trip != local:
        raise forms.ValidationError(
            f"{local:%H:%M} does not exist on {local:%d %B %Y}: the clocks go forward "
            "that night. Choose another time."
        )
    return when


YOUTUBE_TITLE_MAX = 100


class PostForm(forms.ModelForm):
    channels = AccountsField(
        queryset=None,
        label="Accounts",
        error_messages={"required": "Choose at least one account to post to."},
    )
    language = forms.ChoiceField(
        choices=Language.choices,
        initial=Language.ENGLISH,
        label="Language",
        help_text="Welsh and English puts the Welsh first, as the Welsh Language Standards ask.",
    )
    thread_text = forms.CharField(
        label="Thread (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Further parts, published as replies. Separate parts with a line of ---.",
    )
    when = UKDateTimeField(
        label="When (UK time)",
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d/%m/%Y %H:%M"],
        help_text="Times are UK time (Europe/London), including summer time.",
    )
    media_file = forms.FileField(label="Image or video (optional)", required=False)
    alt_text = forms.CharField(
        label="Describe the image or video (alt text)",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    has_captions = forms.BooleanField(label="The video has captions", required=False)
    # Only for YouTube (checked only when a YouTube account is chosen).
    youtube_privacy = forms.ChoiceField(
        label="Who can see the video",
        choices=VideoPrivacy.choices,
        required=False,
        initial=VideoPrivacy.PUBLIC,
        widget=forms.RadioSelect,
    )
    youtube_publish_at = UKDateTimeField(
        label="YouTube makes it public at (UK time, optional)",
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d/%m/%Y %H:%M"],
        help_text="The video is uploaded as private and YouTube publishes it at this time.",
    )

    class Meta:
        model = Post
        fields = [
            "text",
            "text_cy",
            "link",
            "campaign",
            "link_tracking",
            "youtube_title",
            "youtube_privacy",
            "youtube_publish_at",
            "youtube_captions",
        ]
        labels = {
            "text": "Post",
            "text_cy": "Welsh text (optional)",
            "link": "Link (optional)",
            "campaign": "Campaign (optional)",
            "link_tracking": "Add campaign tracking to",
            "youtube_title": "Video title",
            "youtube_captions": "Caption file (optional, .vtt or .srt)",
        }
        help_texts = {
            "link": "Added at the end of the post; networks show it as a card.",
            "youtube_title": f"Up to {YOUTUBE_TITLE_MAX} characters, without < or >.",
            "youtube_captions": "Becomes the video's caption track on YouTube.",
        }
        widgets = {
            "text": forms.Textarea(attrs={"rows": 6}),
            "text_cy": forms.Textarea(attrs={"rows": 4}),
            "link_tracking": forms.RadioSelect,
        }

    def __init__(self, *args, channels, organisation=None, **kwargs):
        super().__init__(*args, **kwargs)
        if organisation is None:
            organisation = self.instance.organisation
        accounts = self.fields["channels"]
        accounts.queryset = channels
        accounts.choices = accounts.grouped(channels)
        accounts.empty_text = "No accounts are connected yet: an admin connects them in Settings."
        tracking = self.fields["link_tracking"]
        tracking.required = False  # left out: links to our own websites
        domains = organisation.own_domains
        tracking.choices = [
            (
                LinkTracking.OWN,
                "Links to our own websites ("
                + (
                    ", ".join(domains)
                    if domains
                    else "none set yet: an admin adds them in Settings, Organisation"
                )
                + ")",
            ),
            (LinkTracking.ALL, "All links"),
            (LinkTracking.NONE, "No links"),
        ]
        tracking.help_text = (
            "Adds utm_source (the network), utm_medium=social and utm_campaign "
            "(the campaign) so your website's analytics show what each post "
            "brought. The preview shows the links as they will go out."
        )
        self.networks = sorted({c.network for c in channels}, key=network_label)
        for network in self.networks:
            self.fields[f"variant_{network}"] = forms.CharField(
                label=f"Words for {network_label(network)} only",
                required=False,
                widget=forms.Textarea(attrs={"rows": 3}),
                help_text="Leave empty to use the post as it is.",
            )
        post = self.instance
        if post.pk and post.youtube_publish_at:
            self.fields["youtube_publish_at"].initial = timezone.localtime(post.youtube_publish_at)
        if post.pk:
            targets = list(post.targets.select_related("channel"))
            accounts.initial = [t.channel_id for t in targets]
            self.fields["language"].initial = targets[0].language if targets else Language.ENGLISH
            for target in targets:
                if target.text and f"variant_{target.channel.network}" in self.fields:
                    self.fields[f"variant_{target.channel.network}"].initial = target.text
            self.fields["thread_text"].initial = "\n---\n".join(post.thread)
            if post.scheduled_at:
                self.fields["when"].initial = timezone.localtime(post.scheduled_at)

    def chosen_channels(self) -> list:
        """The accounts ticked, for the preview: those of the member's that were ticked even when
        the rest of the choice did not validate (an account removed meanwhile, a crafted id)."""
        if "channels" in self.cleaned_data:
            return list(self.cleaned_data["channels"])
        ids = [bounds.id_or_none(value) for value in self.data.getlist(self.add_prefix("channels"))]
        return list(self.fields["channels"].queryset.filter(pk__in=[i for i in ids if i]))

    def variant_fields(self):
        return [self[f"variant_{network}"] for network in self.networks]

    def variants(self) -> dict[str, str]:
        """Each network's own words, where they were given."""
        found = {}
        for network in self.networks:
            text = (self.cleaned_data.get(f"variant_{network}") or "").strip()
            if text:
                found[network] = text
        return found

    def clean_link_tracking(self):
        return self.cleaned_data.get("link_tracking") or LinkTracking.OWN

    def clean_when(self):
        when = uk_aware(self.cleaned_data.get("when"))
        if when is None:
            return None
        if when < timezone.now():
            raise forms.ValidationError("Choose a time in the future.")
        return when

    def clean_media_file(self):
        upload = self.cleaned_data.get("media_file")
        if upload is None:
            return None
        try:
            kind = media.inspect(upload)
        except media.Refused as refused:
            raise forms.ValidationError(str(refused)) from None
        upload.content_type = kind.content_type  # what the content is, not what was claimed
        return upload

    def clean_youtube_publish_at(self):
        return uk_aware(self.cleaned_data.get("youtube_publish_at"))

    def clean_youtube_captions(self):
        upload = self.cleaned_data.get("youtube_captions")
        if not upload or not hasattr(upload, "content_type"):  # none, cleared, or kept
            return upload
        try:
            kind = media.inspect_captions(upload)
        except media.Refused as refused:
            raise forms.ValidationError(str(refused)) from None
        upload.content_type = kind.content_type
        return upload

    def to_youtube(self) -> bool:
        return any(c.rules.name == "youtube" for c in self.cleaned_data.get("channels") or ())

    def _has_video(self) -> bool:
        upload = self.cleaned_data.get("media_file")
        if upload is not None:
            return upload.content_type.startswith("video/")
        post = self.instance
        return bool(post.pk) and post.media.filter(content_type__startswith="video/").exists()

    def _clean_youtube(self, cleaned) -> None:
        """A YouTube post is a video with a title; the rest of the post's accounts ignore it."""
        title = (cleaned.get("youtube_title") or "").strip()
        cleaned["youtube_title"] = title
        if not title:
            self.add_error("youtube_title", "Give the video a title for YouTube.")
        elif len(title) > YOUTUBE_TITLE_MAX:
            self.add_error(
                "youtube_title",
                f"A YouTube title is at most {YOUTUBE_TITLE_MAX} "
                f"characters; this one is {len(title)}.",
            )
        elif "<" in title or ">" in title:
            self.add_error("youtube_title", "YouTube does not allow < or > in a title.")
        if not self._has_video():
            self.add_error("media_file", "YouTube needs a video: add an MP4, MOV or WebM file.")
        cleaned["youtube_privacy"] = cleaned.get("youtube_privacy") or VideoPrivacy.PUBLIC
        publish_at = cleaned.get("youtube_publish_at")
        if publish_at is not None and publish_at < timezone.now():
            self.add_error("youtube_publish_at", "Choose a time in the future.")
        channels = cleaned.get("channels") or ()
        if cleaned.get("youtube_captions") and all(c.rules.name == "youtube" for c in channels):
            cleaned["has_captions"] = True  # the caption file is the video's captions

    def clean(self):
        cleaned = super().clean()
        if self.to_youtube():
            self._clean_youtube(cleaned)
        upload = cleaned.get("media_file")
        if upload is not None and not (cleaned.get("alt_text") or "").strip():
            self.add_error("alt_text", "Describe the image or video for people who cannot see it.")
        if (
            upload is not None
            and upload.content_type.startswith("video/")
            and not cleaned.get("has_captions")
        ):
            self.add_error(
                "has_captions",
                "Videos need captions: add them, then tick the box."
                + (" The caption file is only for YouTube." if self.to_youtube() else ""),
            )
        if (
            cleaned.get("language") in (Language.WELSH, Language.BILINGUAL)
            and not (cleaned.get("text_cy") or "").strip()
        ):
            self.add_error("text_cy", "Add the Welsh text, or choose English.")
        return cleaned

    def thread_parts(self) -> list[str]:
        raw = self.cleaned_data.get("thread_text") or ""
        parts = [p.strip() for p in raw.replace("\r\n", "\n").split("\n---\n")]
        return [p for p in parts if p]


class ReviewForm(forms.Form):
    comment = forms.CharField(
        label="Comment for the author", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    override_reason = forms.CharField(
        label="Reason to publish despite the confidentiality check (admins only)",
        required=False,
        max_length=300,
    )


class IdField(forms.Field):
    """A database id: digits that fit 64 bits (anything else is refused, not looked up)."""

    def to_python(self, value):
        if value in self.empty_values:
            return None
        found = bounds.id_or_none(value)
        if found is None:
            raise forms.ValidationError("That is not one of yours.")
        return found


class CalendarForm(forms.Form):
    """The calendar's query string: month view (?date=2026-11) or week view
    (?view=week&date=2026-11-02), filtered by account or team."""

    view = forms.CharField(required=False, max_length=10)
    date = forms.CharField(required=False, max_length=10)
    account = IdField(required=False)
    team = IdField(required=False)

    def clean(self):
        cleaned = super().clean()
        cleaned["view"] = "week" if cleaned.get("view") == "week" else "month"
        raw = (cleaned.get("date") or "").strip()
        cleaned["day"] = cleaned["month"] = None
        if raw:
            fmt = "%Y-%m-%d" if cleaned["view"] == "week" else "%Y-%m"
            try:
                chosen = datetime.strptime(raw, fmt).date()
            except ValueError:
                raise forms.ValidationError("Choose a date like 2026-11.") from None
            bounds.check_day(chosen)
            cleaned["day" if cleaned["view"] == "week" else "month"] = chosen
        return cleaned


class MoveForm(forms.Form):
    """Drag and drop on the calendar: which post, to which day."""

    post = IdField(error_messages={"required": "Choose a post."})
    date = bounds.BoundedDateField(
        input_formats=["%Y-%m-%d"],
        error_messages={"required": "Choose a day.", "invalid": "Choose a day."},
    )


class AwarenessDayForm(forms.ModelForm):
    class Meta:
        from sociable.publishing.models import OrganisationAwarenessDay

        model = OrganisationAwarenessDay
        fields = ["name", "kind", "rule", "rule_machine", "organiser"]
        labels = {"rule": "When, in words", "rule_machine": "Date rule"}
        help_texts = {
            "rule_machine": "For example fixed:10-10 (10 October), nth_weekday:2:THU:1 (first "
            "Thursday of February), month:5 (all May), fixed_range:06-01:06-07, or variable:3 "
            "(set each year; an admin confirms the dates).",
        }
        widgets = {
            "kind": forms.Select(choices=[("day", "Day"), ("week", "Week"), ("month", "Month")])
        }

    def clean_rule_machine(self):
        from sociable.publishing import awareness

        value = self.cleaned_data["rule_machine"].strip()
        try:
            awareness.parse_rule(value)
        except ValueError as error:
            raise forms.ValidationError(str(error)) from None
        return value


class ConfirmDatesForm(forms.Form):
    year = forms.IntegerField(min_value=2000, max_value=2100)
    start = bounds.BoundedDateField(widget=forms.DateInput(attrs={"type": "date"}))
    end = bounds.BoundedDateField(widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self):
        cleaned = super().clean()
        start, end, year = cleaned.get("start"), cleaned.get("end"), cleaned.get("year")
        if start and end and end < start:
            raise forms.ValidationError("The end date is before the start date.")
        if start and year and start.year != year:
            raise forms.ValidationError("The start date is not in that year.")
        return cleaned


class ContentSourceForm(forms.ModelForm):
    class Meta:
        from sociable.publishing.models import ContentSource

        model = ContentSource
        fields = ["name", "url", "kind"]
        labels = {"url": "Feed address (RSS or Atom)"}
