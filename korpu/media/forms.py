"""Forms of the media pages."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django import forms
from django.utils.translation import gettext_lazy as _

from korpu.core.forms import StyledForm
from korpu.media.models import (
    AlertFrequency,
    InteractionKind,
    InteractionResult,
    MediaContact,
    Outlet,
    OutletKind,
    SearchMode,
    SourceKind,
)

if TYPE_CHECKING:
    from korpu.network.models import Organisation

LANGUAGE_CHOICES = [("az", "az"), ("en", "en"), ("ru", "ru"), ("tr", "tr"), ("ar", "ar"), ("de", "de"),
                    ("fr", "fr"), ("es", "es"), ("fa", "fa")]


def _codes(value: str) -> list[str]:
    return [c.strip().lower() for c in (value or "").replace(";", ",").split(",") if c.strip()]


class SearchForm(StyledForm):
    q = forms.CharField(label=_("Search"), max_length=500, required=False)
    mode = forms.ChoiceField(label=_("Match by"), choices=SearchMode.choices, required=False)
    language = forms.CharField(label=_("Language"), max_length=8, required=False)


class SaveSearchForm(StyledForm):
    name = forms.CharField(label=_("Name"), max_length=200)
    query = forms.CharField(label=_("Search"), max_length=500)
    mode = forms.ChoiceField(label=_("Match by"), choices=SearchMode.choices)
    frequency = forms.ChoiceField(label=_("Alerts"), choices=AlertFrequency.choices)


class OutletForm(StyledForm):
    name = forms.CharField(label=_("Name"), max_length=200)
    country = forms.CharField(label=_("Country (ISO code)"), max_length=2)
    language = forms.CharField(label=_("Language (ISO code)"), max_length=8)
    kind = forms.ChoiceField(label=_("Kind"), choices=OutletKind.choices)
    website = forms.URLField(label=_("Website"), required=False)


class ContactForm(StyledForm):
    name = forms.CharField(label=_("Name"), max_length=200)
    outlets: forms.ModelMultipleChoiceField[Outlet] = forms.ModelMultipleChoiceField(label=_("Outlets"), queryset=None, required=False)
    beats = forms.CharField(label=_("Beats (comma-separated)"), max_length=300, required=False)
    languages = forms.CharField(label=_("Languages (ISO codes, comma-separated)"), max_length=100, required=False)
    consent = forms.BooleanField(label=_("The journalist agreed that we keep their contact details"), required=False)
    consent_note = forms.CharField(label=_("How consent was given"), max_length=200, required=False)
    email = forms.EmailField(label=_("Work e-mail"), required=False)
    phone = forms.CharField(label=_("Work phone"), max_length=50, required=False)

    def __init__(self, *args, **kwargs):
        from korpu.media.models import Outlet

        super().__init__(*args, **kwargs)
        self.fields["outlets"].queryset = Outlet.objects.all()

    def clean_beats(self):
        return [b.strip() for b in self.cleaned_data["beats"].split(",") if b.strip()]

    def clean_languages(self):
        return _codes(self.cleaned_data["languages"])


class ConsentForm(StyledForm):
    consent = forms.BooleanField(label=_("The journalist agrees that we keep their contact details"), required=False)
    note = forms.CharField(label=_("How consent was given or withdrawn"), max_length=200, required=False)


class InteractionForm(StyledForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=InteractionKind.choices)
    happened_on = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    result = forms.ChoiceField(label=_("Result"), choices=InteractionResult.choices)
    summary = forms.CharField(label=_("Summary"), widget=forms.Textarea(attrs={"rows": 3}), required=False)


class ReleaseForm(StyledForm):
    def __init__(self, *args, languages=("az", "en", "ru", "tr", "ar"), **kwargs):
        super().__init__(*args, **kwargs)
        for code in languages:
            self.fields[f"title_{code}"] = forms.CharField(label=_("Title ({code})").format(code=code),
                                                           max_length=300, required=False)
            self.fields[f"body_{code}"] = forms.CharField(label=_("Text ({code})").format(code=code), required=False,
                                                          widget=forms.Textarea(attrs={"rows": 4}))
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "form-control")
        self.languages = list(languages)


class SourceForm(StyledForm):
    url = forms.URLField(label=_("Address"), max_length=1000)
    kind = forms.ChoiceField(label=_("Kind"), choices=SourceKind.choices)
    outlet: forms.ModelChoiceField[Outlet] = forms.ModelChoiceField(label=_("Outlet"), queryset=None, required=False)

    def __init__(self, *args, **kwargs):
        from korpu.media.models import Outlet

        super().__init__(*args, **kwargs)
        self.fields["outlet"].queryset = Outlet.objects.all()


class TopicRuleForm(StyledForm):
    topic = forms.CharField(label=_("Topic"), max_length=80)
    language = forms.CharField(label=_("Language (ISO code, or * for all)"), max_length=8, initial="*")
    patterns = forms.CharField(label=_("Patterns, one a line"), widget=forms.Textarea(attrs={"rows": 4}))


class AlertTaskForm(StyledForm):
    title = forms.CharField(label=_("Task"), max_length=300)
    description = forms.CharField(label=_("What to do"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    organisation: forms.ModelChoiceField[Organisation] = forms.ModelChoiceField(
        label=_("For an organisation"), queryset=None, required=False)
    contact: forms.ModelChoiceField[MediaContact] = forms.ModelChoiceField(
        label=_("Or for a media contact in the registry"), queryset=None, required=False)
    due = forms.DateField(label=_("Due"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, **kwargs):
        from korpu.media.models import MediaContact
        from korpu.network.models import Organisation

        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.all()
        self.fields["contact"].queryset = MediaContact.objects.filter(erased_at=None).exclude(person=None)
