from urllib.parse import urlencode

from django import forms

from sociable.accounts.access import colleagues, visible_channels
from sociable.core import bounds
from sociable.inbox import saved_replies
from sociable.inbox.listing import CURSOR_LIMIT, SENTIMENTS
from sociable.inbox.models import ROUTES, ConversationStatus, SavedReply, Tag

OPEN, ALL = "open", "all"
CURSOR = ("after", "before")


def colleagues_and_teams(membership) -> tuple[list, list]:
    """The organisation's colleagues and teams, for the choices of assignment: read once per
    request (kept on the membership, which the middleware finds afresh for each request), as the
    filters, the bulk form and the conversation's summary all offer them."""
    cached = getattr(membership, "_colleagues_and_teams", None)
    if cached is None:
        organisation = membership.organisation
        cached = (list(colleagues(organisation)), list(organisation.teams.all()))
        membership._colleagues_and_teams = cached
    return cached


def tag_names(membership) -> list[str]:
    """The organisation's tags by name, in order: read once per request (kept on the
    membership), as the filters and the open conversation's "Add a tag" both offer them."""
    cached = getattr(membership, "_tag_names", None)
    if cached is None:
        cached = list(
            Tag.objects.filter(organisation=membership.organisation).values_list("name", flat=True)
        )
        membership._tag_names = cached
    return cached


def _person(user) -> str:
    return user.get_full_name() or user.get_username()


class InboxFilterForm(forms.Form):
    """The inbox filters, from the query string. A value that is not one of the choices is
    ignored (the field is left out of `chosen`), never an error; a date outside 2000-2100 is a
    400 (core/bounds.py). The choices are the member's own: their accounts, colleagues, teams."""

    q = forms.CharField(label="Search messages and people", required=False)
    order = forms.ChoiceField(
        label="Order of what the search finds",
        required=False,
        choices=[("", "Newest first"), ("relevance", "Best match first")],
    )
    route = forms.ChoiceField(label="Route", required=False, choices=[("", "All routes"), *ROUTES])
    status = forms.ChoiceField(
        label="Status",
        required=False,
        choices=[(OPEN, "Open (not closed)"), (ALL, "All"), *ConversationStatus.choices],
    )
    sentiment = forms.ChoiceField(
        label="Sentiment", required=False, choices=[("", "Any"), *SENTIMENTS]
    )
    account = forms.ChoiceField(label="Account", required=False)
    network = forms.ChoiceField(label="Network", required=False)
    sla = forms.ChoiceField(
        label="Reply clock",
        required=False,
        choices=[("", "Any"), ("due", "Due within 30 minutes"), ("breached", "Overdue")],
    )
    assignee = forms.ChoiceField(label="Assigned to", required=False)
    team = forms.ChoiceField(label="Team", required=False)
    tag = forms.ChoiceField(label="Tag", required=False)
    since = forms.CharField(label="From", required=False)
    until = forms.CharField(label="To", required=False)
    after = forms.CharField(required=False, max_length=CURSOR_LIMIT)  # list pages: cursors
    before = forms.CharField(required=False, max_length=CURSOR_LIMIT)

    def __init__(self, data, membership):
        super().__init__(data)
        channels = list(visible_channels(membership))
        self.fields["account"].choices = [("", "All accounts")] + [
            (str(c.pk), str(c)) for c in channels
        ]
        self.fields["network"].choices = [("", "All networks")] + [
            (n, n) for n in sorted({c.network for c in channels})
        ]
        people, teams = colleagues_and_teams(membership)
        self.fields["assignee"].choices = [("", "Anyone"), ("me", "Me"), ("none", "Nobody")] + [
            (str(p.pk), _person(p)) for p in people
        ]
        self.fields["team"].choices = [("", "All teams")] + [(str(t.pk), t.name) for t in teams]
        self.fields["tag"].choices = [("", "Any tag")] + [
            (name, name) for name in tag_names(membership)
        ]

    def clean_q(self):
        return bounds.query_text(self.data, "q")

    def clean_network(self):
        return bounds.query_text(self.data, "network", 30)

    def clean_status(self):
        return self.cleaned_data["status"] or OPEN

    def _day(self, key):
        return bounds.query_day(self.data, key, ignore_unreadable=True)  # 400 outside 2000-2100

    def clean_since(self):
        return self._day("since")

    def clean_until(self):
        return self._day("until")

    @property
    def chosen(self) -> dict:
        """The filters in force (status always: "open" unless another was chosen)."""
        if not hasattr(self, "_chosen"):
            self.is_valid()
            self._chosen = {
                k: v
                for k, v in self.cleaned_data.items()
                if v not in ("", None) and k not in CURSOR
            }
            self._chosen.setdefault("status", OPEN)
        return self._chosen

    @property
    def narrowing(self) -> bool:
        """Whether anything beyond the default (open conversations) is chosen."""
        return any(k != "status" or v != OPEN for k, v in self.chosen.items())

    def cursor(self) -> dict:
        """The page of the list asked for (inbox/listing.py checks the cursor's signature)."""
        self.is_valid()
        return {k: self.cleaned_data[k] for k in CURSOR if self.cleaned_data.get(k)}

    def query(self, **extra) -> str:
        """The chosen filters as a query string, to carry from the list to a conversation and
        back (only valid values: what the person typed is never echoed unchecked)."""
        values = {
            k: (v.isoformat() if hasattr(v, "isoformat") else v)
            for k, v in self.chosen.items()
            if not (k == "status" and v == OPEN)
        }
        values.update({k: v for k, v in extra.items() if v})
        return urlencode(values)


class BulkForm(forms.Form):
    """What to do with the conversations ticked in the list: assign them to a person or a team,
    or change their status."""

    action = forms.ChoiceField(
        label="With the selected conversations",
        error_messages={
            "required": "Choose what to do with them.",
            "invalid_choice": "Choose what to do with them.",
        },
    )

    def __init__(self, data, membership):
        super().__init__(data)
        people, teams = colleagues_and_teams(membership)
        self.fields["action"].choices = [
            ("", "Choose…"),
            (
                "Assign",
                [("assign_me", "Assign to me")]
                + [
                    (f"person:{p.pk}", f"Assign to {_person(p)}")
                    for p in people
                    if p.pk != membership.user_id
                ]
                + [(f"team:{t.pk}", f"Assign to the {t.name} team") for t in teams],
            ),
            (
                "Status",
                [(value, f"Mark {label.lower()}") for value, label in ConversationStatus.choices],
            ),
        ]
        self.ids = (
            [i for i in map(bounds.id_or_none, (data or {}).getlist("ids")[:500]) if i is not None]
            if data is not None
            else []
        )

    def clean(self):
        if not self.ids:
            raise forms.ValidationError("Choose at least one conversation.")
        return self.cleaned_data


class TagForm(forms.Form):
    name = forms.CharField(
        label="Add a tag",
        max_length=40,
        error_messages={
            "required": "Write the tag first.",
            "max_length": "Keep a tag under 40 characters.",
        },
    )

    def clean_name(self):
        name = " ".join(bounds.query_text(self.cleaned_data, "name", 40).split()).lower()
        if not name:
            raise forms.ValidationError("Write the tag first.")
        return name


class ReplyForm(forms.Form):
    text = forms.CharField(
        label="Your reply",
        widget=forms.Textarea(attrs={"rows": 5, "data-replying": ""}),
        max_length=5000,
        error_messages={"required": "Write a reply first."},
    )
    override_reason = forms.CharField(
        label="Reason to send despite the confidentiality check (admins only)",
        required=False,
        max_length=300,
    )


class NoteForm(forms.Form):
    text = forms.CharField(
        label="Internal note (only your organisation sees it)",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
        error_messages={"required": "Write the note first."},
    )


class StatusForm(forms.Form):
    status = forms.ChoiceField(choices=ConversationStatus.choices)


class RouteForm(forms.Form):
    route = forms.ChoiceField(choices=ROUTES, label="Correct the route")


class ModerateForm(forms.Form):
    action = forms.ChoiceField(
        choices=[("hide", "Hide"), ("unhide", "Unhide"), ("delete", "Delete")]
    )
    reason = forms.CharField(
        max_length=300, error_messages={"required": "Give a reason: it is kept in the audit log."}
    )


class SavedReplyForm(forms.ModelForm):
    language = forms.ChoiceField(
        choices=saved_replies.LANGUAGES,
        widget=forms.RadioSelect,
        initial="en",
        label="Language of the reply",
    )
    routes = forms.MultipleChoiceField(
        choices=saved_replies.SUGGEST_FOR,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Suggest this reply for conversations on these routes.",
    )

    class Meta:
        model = SavedReply
        fields = ["title", "body", "routes", "language"]
        widgets = {"body": forms.Textarea(attrs={"rows": 6})}
        help_texts = {
            "body": "Filled in when the reply is used: "
            + "; ".join("{" + v + "} " + meaning for v, meaning in saved_replies.VARIABLES.items())
            + ".",
        }

    def clean_body(self):
        body = self.cleaned_data["body"]
        if len(body) > saved_replies.MAX_LENGTH:
            raise forms.ValidationError(
                f"Keep a saved reply under {saved_replies.MAX_LENGTH:,} characters."
            )
        unknown = saved_replies.unknown_variables(body)
        if unknown:
            raise forms.ValidationError(
                "Unknown variable(s): "
                + ", ".join("{" + u + "}" for u in unknown)
                + ". Use only the variables listed, written exactly as shown, like {first_name},"
                " with nothing else inside the braces."
            )
        organisation = self.instance.organisation if self.instance.organisation_id else None
        blocked = saved_replies.guard_findings(body, organisation)
        if blocked:
            raise forms.ValidationError(
                "This reply contains patient-identifiable information: "
                + "; ".join(f"“{f['text']}” ({f['explanation']})" for f in blocked)
            )
        return body
