from django import forms
from django.core.validators import EmailValidator, URLValidator

from sociable.listening import matching, searches
from sociable.listening.models import SavedSearch, SearchKind

LANGUAGES = [("", "Any language"), ("en", "English"), ("cy", "Welsh (Cymraeg)")]


class SavedSearchForm(forms.ModelForm):
    kind = forms.ChoiceField(
        choices=SearchKind.choices,
        widget=forms.RadioSelect,
        label="What kind of search is it?",
        initial=SearchKind.TOPIC,
    )
    channels = forms.ModelMultipleChoiceField(
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Search on these accounts' networks",
        help_text="Only networks that offer search are listed.",
    )
    language = forms.ChoiceField(choices=LANGUAGES, required=False, label="Language")

    class Meta:
        model = SavedSearch
        fields = [
            "name",
            "kind",
            "keywords",
            "hashtags",
            "exclusions",
            "channels",
            "feed_urls",
            "language",
            "active",
            "signal_rises",
            "signal_floor",
            "alert_emails",
        ]
        labels = {
            "name": "Name",
            "keywords": "Keywords and phrases",
            "hashtags": "Hashtags",
            "exclusions": "Leave out posts containing",
            "feed_urls": "RSS or Atom feeds",
            "active": "Run this search",
            "signal_rises": "Weekly rises before a symptom alert",
            "signal_floor": "Fewest mentions in a week for a symptom alert",
            "alert_emails": "Send alerts to",
        }
        help_texts = {
            "keywords": 'One per line, e.g. Northshire Hospital or "Northshire A&E". A '
            "symptom watch with none uses the standard symptom terms (norovirus, "
            "vomiting bug, diarrhoea, food poisoning, flu-like...).",
            "hashtags": "One per line, e.g. #HelloMyNameIs",
        }
        widgets = {
            name: forms.Textarea(attrs={"rows": 3})
            for name in ("keywords", "hashtags", "exclusions", "feed_urls", "alert_emails")
        }

    def __init__(self, *args, organisation, channels, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        self.fields["channels"].queryset = channels
        unsearched = searches.unsearched_networks(organisation)
        if unsearched:
            self.fields["channels"].help_text += (
                f" Listening does not cover {_names(unsearched)}: they offer apps no search "
                "of public posts."
            )
        if self.instance.pk:
            self.fields["channels"].initial = list(
                self.instance.channels.values_list("pk", flat=True)
            )

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        taken = SavedSearch.objects.filter(organisation=self.organisation, name__iexact=name)
        if self.instance.pk:
            taken = taken.exclude(pk=self.instance.pk)
        if taken.exists():
            raise forms.ValidationError("You already have a search with this name.")
        return name

    def clean_hashtags(self):
        tags = matching.lines(self.cleaned_data.get("hashtags", ""))
        bad = [t for t in tags if not matching.HASHTAG.fullmatch(matching.normalise_hashtag(t))]
        if bad:
            raise forms.ValidationError(
                f"A hashtag is one word without spaces or punctuation: check {bad[0]}"
            )
        return "\n".join(matching.normalise_hashtag(t) for t in tags)

    def clean_feed_urls(self):
        urls = matching.lines(self.cleaned_data.get("feed_urls", ""))
        validate = URLValidator(schemes=["http", "https"])
        for url in urls:
            try:
                validate(url)
            except forms.ValidationError:
                raise forms.ValidationError(
                    f"Enter each feed as a web address starting https://: check {url}"
                ) from None
        return "\n".join(urls)

    def clean_alert_emails(self):
        emails = matching.lines(self.cleaned_data.get("alert_emails", ""))
        for email in emails:
            try:
                EmailValidator()(email)
            except forms.ValidationError:
                raise forms.ValidationError(
                    f"Enter e-mail addresses like name@nhs.net: check {email}"
                ) from None
        return "\n".join(emails)

    def clean_signal_rises(self):
        rises = self.cleaned_data.get("signal_rises")
        if rises is not None and not 1 <= rises <= 10:
            raise forms.ValidationError("Choose between 1 and 10 weekly rises.")
        return rises

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        if (
            kind != SearchKind.SYMPTOMS
            and not matching.lines(data.get("keywords", ""))
            and not matching.lines(data.get("hashtags", ""))
        ):
            self.add_error("keywords", "Enter at least one keyword, phrase or hashtag.")
        if kind == SearchKind.CAMPAIGN and not matching.lines(data.get("hashtags", "")):
            self.add_error("hashtags", "A campaign search needs the campaign's hashtag.")
        if not data.get("channels") and not matching.lines(data.get("feed_urls", "")):
            self.add_error("channels", "Choose at least one account, or add a feed.")
        return data


def _names(names: list[str]) -> str:
    """ "Instagram, Threads and YouTube"."""
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"
