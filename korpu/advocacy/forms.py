"""Advocacy's forms."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from korpu.advocacy.models import (
    ImportKind,
    InteractionKind,
    Official,
    OutcomeKind,
    Stance,
    Visibility,
)
from korpu.core.forms import StyledForm


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
