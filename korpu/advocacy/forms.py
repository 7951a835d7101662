"""Advocacy's forms."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from korpu.advocacy.models import (
    ActionKind,
    Body,
    CampaignStatus,
    ImportKind,
    InteractionKind,
    IssueKind,
    Official,
    OutcomeKind,
    Stance,
    Visibility,
)
from korpu.core.forms import StyledForm
from korpu.network.models import Organisation


class SignForm(StyledForm):
    name = forms.CharField(label=_("Your name"), max_length=200)
    email = forms.EmailField(label=_("Your e-mail"), max_length=254,
                             help_text=_("Only to confirm your signature; never shown or shared."))
    country = forms.ChoiceField(label=_("Country where you live"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from korpu.network import countries

        self.fields["country"].choices = [("", "—"), *countries.choices()]


class PostcodeForm(StyledForm):
    postcode = forms.CharField(label=_("Your postcode"), max_length=20, required=False)


class LetterForm(StyledForm):
    official = forms.ChoiceField(label=_("To"))
    name = forms.CharField(label=_("Your name"), max_length=200)
    email = forms.EmailField(label=_("Your e-mail"), max_length=254, required=False,
                             help_text=_("Needed to send by e-mail: replies come to you."))
    text = forms.CharField(label=_("Your letter"), widget=forms.Textarea(attrs={"rows": 12}), max_length=6000)
    delivery = forms.ChoiceField(label=_("Send"), widget=forms.RadioSelect,
                                 choices=[("email", _("by e-mail")), ("pdf", _("as a PDF to print and post"))],
                                 initial="email")

    def __init__(self, *args, officials=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["official"].choices = [(str(o.pk), _official_label(o)) for o in officials]


def _official_label(official: Official) -> str:
    roles = getattr(official, "current_roles", [])
    if roles:
        role = roles[0]
        where = f" — {role.constituency.name}" if role.constituency else ""
        return f"{official.name} ({role.label or role.body.name}{where})"
    return official.name


class InteractionForm(StyledForm):
    organisation = forms.ChoiceField(label=_("Organisation"))
    kind = forms.ChoiceField(label=_("Kind"), choices=InteractionKind.choices)
    occurred_on = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    topic = forms.CharField(label=_("Topic"), max_length=300)
    officials = forms.ModelMultipleChoiceField(label=_("Officials"), queryset=Official.objects.none(),
                                               required=False)
    asked = forms.CharField(label=_("What we asked"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    promised = forms.CharField(label=_("What was promised"), widget=forms.Textarea(attrs={"rows": 3}),
                               required=False)
    visibility = forms.ChoiceField(label=_("Who may read this record"), choices=Visibility.choices,
                                   initial=Visibility.COMMITTEE)
    follow_up = forms.CharField(label=_("Follow-up"), max_length=500, required=False)
    follow_up_due = forms.DateField(label=_("Follow-up due"), required=False,
                                    widget=forms.DateInput(attrs={"type": "date"}))
    attachment = forms.FileField(label=_("Attachment"), required=False)

    def __init__(self, *args, organisations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].choices = [(str(o.pk), o.name) for o in organisations]
        self.fields["officials"].queryset = Official.objects.order_by("country", "name")

    def clean(self):
        data = super().clean()
        if data.get("follow_up") and not data.get("follow_up_due"):
            self.add_error("follow_up_due", _("Give the date the follow-up is due."))
        return data


class OutcomeForm(StyledForm):
    organisation = forms.ChoiceField(label=_("Organisation"))
    kind = forms.ChoiceField(label=_("Kind"), choices=OutcomeKind.choices)
    stance = forms.ChoiceField(label=_("Stance"), choices=Stance.choices)
    title = forms.CharField(label=_("Title"), max_length=300)
    occurred_on = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    official = forms.ModelChoiceField(label=_("Official"), queryset=Official.objects.none(), required=False)
    source_url = forms.URLField(label=_("Source"), required=False)

    def __init__(self, *args, organisations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].choices = [(str(o.pk), o.name) for o in organisations]
        self.fields["official"].queryset = Official.objects.order_by("country", "name")


class ImportForm(StyledForm):
    kind = forms.ChoiceField(label=_("File"), choices=ImportKind.choices)
    country = forms.ChoiceField(label=_("Country"))
    file = forms.FileField(label=_("File"))
    ignore_unknown = forms.BooleanField(label=_("Ignore unknown fields"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from korpu.network import countries

        self.fields["country"].choices = countries.choices()


class RegisterForm(StyledForm):
    country = forms.ChoiceField(label=_("Country"), required=False)
    since = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(label=_("Until"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from korpu.network import countries

        self.fields["country"].choices = [("", _("All countries")), *countries.choices()]

    def clean(self):
        data = super().clean()
        if data.get("since") and data.get("until") and data["since"] > data["until"]:
            raise forms.ValidationError(_("The start date is after the end date."))
        return data


# --- Campaigns and actions: texts are language → text maps; a form edits one language at a time and
# keeps the others. Goals and asks are lists whose entries line up across languages by position.
def merge_text(old: dict | None, language: str, new: str) -> dict[str, str]:
    """`old` with `language`'s text replaced by `new` (removed when `new` is blank)."""
    merged = {k: v for k, v in (old or {}).items() if k != language}
    if new.strip():
        merged[language] = new.strip()
    return merged


def merge_lines(old: list | None, language: str, lines: str) -> list[dict[str, str]]:
    """One entry per non-blank line, each keeping its other languages' texts (matched by position)."""
    old = list(old or [])
    texts = [line.strip() for line in lines.splitlines() if line.strip()]
    return [merge_text(old[i] if i < len(old) else {}, language, text) for i, text in enumerate(texts)]


def lines_in(entries: list | None, language: str) -> str:
    return "\n".join((entry or {}).get(language, "") for entry in entries or [])


def _language_field():
    return forms.ChoiceField(label=_("Language of the texts"), choices=settings.LANGUAGES,
                             help_text=_("Texts in other languages are kept as they are."))


class CampaignForm(StyledForm):
    organisation = forms.ChoiceField(label=_("Lead organisation"))
    language = _language_field()
    title = forms.CharField(label=_("Title"), max_length=300)
    issue = forms.ChoiceField(label=_("Issue"), choices=IssueKind.choices)
    summary = forms.CharField(label=_("Summary"), widget=forms.Textarea(attrs={"rows": 3}), required=False,
                              max_length=5000)
    goals = forms.CharField(label=_("Goals"), widget=forms.Textarea(attrs={"rows": 3}), required=False,
                            max_length=5000, help_text=_("One per line."))
    asks = forms.CharField(label=_("Asks"), widget=forms.Textarea(attrs={"rows": 3}), required=False,
                           max_length=5000, help_text=_("One per line."))
    country = forms.ChoiceField(label=_("Country"), required=False)
    partners = forms.ModelMultipleChoiceField(label=_("Other organisations taking part"), required=False,
                                              queryset=Organisation.objects.none())
    target_officials = forms.ModelMultipleChoiceField(label=_("Target officials"), required=False,
                                                      queryset=Official.objects.none())
    target_bodies = forms.ModelMultipleChoiceField(label=_("Target bodies"), required=False,
                                                   queryset=Body.objects.none())
    starts_on = forms.DateField(label=_("Starts"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    ends_on = forms.DateField(label=_("Ends"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    status = forms.ChoiceField(label=_("Status"), choices=CampaignStatus.choices, initial=CampaignStatus.DRAFT)
    is_public = forms.BooleanField(label=_("Public (shown to everyone unless a draft)"), required=False)

    def __init__(self, *args, organisations=(), editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        from korpu.network import countries

        # Editing may leave this language's title empty when another language has one.
        self.fields["title"].required = not editing
        if editing:  # the lead organisation never changes
            del self.fields["organisation"]
        else:
            self.fields["organisation"].choices = [(str(o.pk), o.name) for o in organisations]
        self.fields["country"].choices = [("", "—"), *countries.choices()]
        self.fields["partners"].queryset = Organisation.objects.order_by("name")
        self.fields["target_officials"].queryset = Official.objects.order_by("country", "name")
        self.fields["target_bodies"].queryset = Body.objects.order_by("country", "name")

    def clean(self):
        data = super().clean()
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", _("The end date is before the start date."))
        return data


class ActionForm(StyledForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=ActionKind.choices, widget=forms.RadioSelect,
                             initial=ActionKind.PETITION)
    language = _language_field()
    title = forms.CharField(label=_("Title"), max_length=300)
    text = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 8}), max_length=6000,
                           help_text=_("A letter may use {official}, {name} and {constituency}; they are filled in "
                                       "for each supporter."))
    body = forms.ModelChoiceField(label=_("Letters: the body whose members represent the supporters"),
                                  required=False, queryset=Body.objects.none())
    targets = forms.ModelMultipleChoiceField(label=_("Letters: officials supporters may choose from"),
                                             required=False, queryset=Official.objects.none())
    goal = forms.IntegerField(label=_("Signature goal"), min_value=0, max_value=100_000_000, initial=0,
                              required=False)
    country = forms.ChoiceField(label=_("Country"), required=False)
    is_open = forms.BooleanField(label=_("Open to supporters"), required=False, initial=True)

    def __init__(self, *args, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        from korpu.network import countries

        self.fields["title"].required = self.fields["text"].required = not editing
        if editing:  # a petition's signatures never become letters
            del self.fields["kind"]
        else:
            del self.fields["is_open"]
        self.fields["country"].choices = [("", "—"), *countries.choices()]
        self.fields["body"].queryset = Body.objects.order_by("country", "name")
        self.fields["targets"].queryset = Official.objects.order_by("country", "name")

    def clean(self):
        data = super().clean()
        kind = data.get("kind", self.initial.get("kind"))
        if kind == ActionKind.LETTER and not data.get("body") and not data.get("targets"):
            self.add_error("body", _("A letter action needs a body (to match constituencies) or a list of officials."))
        return data
