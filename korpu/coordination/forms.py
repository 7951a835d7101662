"""Forms of the coordination pages. Texts entered in several languages get one field per language."""

from __future__ import annotations

import zoneinfo

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from korpu.coordination.models import EventKind, Frequency, TaskStatus, Visibility
from korpu.core.forms import StyledForm

LANGS = [code for code, _name in settings.LANGUAGES]
LANGUAGE_NAMES = dict(settings.LANGUAGES)


def add_language_fields(form: forms.Form, prefix: str, label, *, textarea: bool = False, required_one: bool = True) -> None:
    for code in LANGS:
        widget = forms.Textarea(attrs={"rows": 3, "lang": code, "dir": "auto"}) if textarea else forms.TextInput(attrs={"lang": code, "dir": "auto"})
        form.fields[f"{prefix}_{code}"] = forms.CharField(
            label=f"{label} ({LANGUAGE_NAMES[code]})", required=False, widget=widget,
            max_length=20000 if textarea else 300)


def language_map(data: dict, prefix: str) -> dict[str, str]:
    return {code: data.get(f"{prefix}_{code}", "") for code in LANGS if data.get(f"{prefix}_{code}")}


class EventForm(StyledForm):
    organisers = forms.MultipleChoiceField(label=_("Organisers"), choices=[])
    kind = forms.ChoiceField(label=_("Kind"), choices=EventKind.choices)
    visibility = forms.ChoiceField(label=_("Visibility"), choices=Visibility.choices)
    starts_at = forms.DateTimeField(label=_("Starts (local time at the venue)"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    ends_at = forms.DateTimeField(label=_("Ends (local time at the venue)"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    timezone = forms.CharField(label=_("Time zone"), max_length=64, initial=settings.KORPU_DEFAULT_TIMEZONE)
    venue = forms.CharField(label=_("Venue"), required=False, max_length=300)
    city = forms.CharField(label=_("City"), required=False, max_length=120)
    country = forms.CharField(label=_("Country (ISO code)"), required=False, max_length=2)
    online_url = forms.CharField(label=_("Online link"), required=False, max_length=500)
    capacity = forms.IntegerField(label=_("Capacity"), required=False)
    questions = forms.CharField(label=_("Registration questions (one per line; start a line with * if an answer is required)"),
                                required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, organisations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisers"].choices = [(str(o.pk), o.name) for o in organisations]
        add_language_fields(self, "title", _("Title"))
        add_language_fields(self, "description", _("Description"), textarea=True)
        for name, field in self.fields.items():
            if name.startswith(("title_", "description_")):
                field.widget.attrs["class"] = "form-control"

    def clean_timezone(self):
        value = self.cleaned_data["timezone"].strip()
        try:
            zoneinfo.ZoneInfo(value)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            raise forms.ValidationError(_("“{zone}” is not a known time zone.").format(zone=value[:64])) from None
        return value

    def event_data(self) -> dict:
        data = self.cleaned_data
        questions = []
        for index, line in enumerate((data.get("questions") or "").splitlines()):
            line = line.strip()
            if not line:
                continue
            required = line.startswith("*")
            questions.append({"id": f"q{index + 1}", "label": {"en": line.lstrip("* ").strip()}, "required": required})
        # Naive local times: the service reads them in the event's zone.
        return {
            "kind": data["kind"], "visibility": data["visibility"],
            "title": language_map(data, "title"), "description": language_map(data, "description"),
            "starts_at": data["starts_at"].replace(tzinfo=None), "ends_at": data["ends_at"].replace(tzinfo=None),
            "timezone": data["timezone"], "venue": data.get("venue", ""), "city": data.get("city", ""),
            "country": data.get("country", ""), "online_url": data.get("online_url", ""),
            "capacity": data.get("capacity"), "questions": questions,
        }


class CampaignForm(StyledForm):
    lead_organisation = forms.ChoiceField(label=_("Leading organisation"), required=False, choices=[])
    starts_on = forms.DateField(label=_("Starts on"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    ends_on = forms.DateField(label=_("Ends on"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, organisations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead_organisation"].choices = [("", _("None (the committee)"))] + [(str(o.pk), o.name) for o in organisations]
        add_language_fields(self, "title", _("Title"))
        add_language_fields(self, "description", _("Description"), textarea=True)
        for name, field in self.fields.items():
            if name.startswith(("title_", "description_")):
                field.widget.attrs["class"] = "form-control"


class TaskForm(StyledForm):
    title = forms.CharField(label=_("Title"), max_length=300)
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    assignee_organisation = forms.ChoiceField(label=_("Organisation"), required=False, choices=[])
    due = forms.DateField(label=_("Due"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, organisations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee_organisation"].choices = [("", "—")] + [(str(o.pk), o.name) for o in organisations]


class TaskStatusForm(StyledForm):
    status = forms.ChoiceField(label=_("Status"), choices=TaskStatus.choices)


class CommentForm(StyledForm):
    body = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 2}), max_length=5000)


class AttachmentForm(StyledForm):
    file = forms.FileField(label=_("File"))


class AnnouncementForm(StyledForm):
    sender_organisation = forms.ChoiceField(label=_("Send as"), required=False, choices=[])
    countries = forms.CharField(label=_("Countries (ISO codes, separated by commas; empty for all)"), required=False)
    kinds = forms.MultipleChoiceField(label=_("Kinds of organisation (none for all)"), required=False, choices=[],
                                      widget=forms.CheckboxSelectMultiple)
    languages = forms.MultipleChoiceField(label=_("Languages (none for all)"), required=False, choices=settings.LANGUAGES,
                                          widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, organisations=(), **kwargs):
        super().__init__(*args, **kwargs)
        from korpu.network.models import OrganisationKind

        self.fields["kinds"].choices = OrganisationKind.choices
        self.fields["sender_organisation"].choices = [("", _("The committee"))] + [(str(o.pk), o.name) for o in organisations]
        add_language_fields(self, "title", _("Title"))
        add_language_fields(self, "body", _("Text"), textarea=True)
        for name, field in self.fields.items():
            if name.startswith(("title_", "body_")):
                field.widget.attrs["class"] = "form-control"


class PreferenceForm(StyledForm):
    frequency = forms.ChoiceField(label=_("Send me notification e-mail"), choices=Frequency.choices, widget=forms.RadioSelect)


class CheckInForm(StyledForm):
    code = forms.CharField(label=_("Check-in code"), max_length=32)
