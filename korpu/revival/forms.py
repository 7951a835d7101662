"""Forms of the revival pages (Bootstrap-styled through StyledForm)."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from korpu.core.forms import StyledForm
from korpu.revival import geo
from korpu.revival.models import (
    EvidenceKind,
    MilestoneStatus,
    OfferKind,
    OfferStatus,
    PartnerRole,
    PhotoKind,
    ProjectKind,
    ProjectStatus,
)

LANGS = [code for code, _name in settings.LANGUAGES]


def add_translated(form: forms.Form, name: str, label, *, required_one: bool = True, textarea: bool = False) -> None:
    """Add one field per language: `<name>_az`, `<name>_en`, ..."""
    for code, language in settings.LANGUAGES:
        widget = forms.Textarea(attrs={"rows": 3, "lang": code}) if textarea else forms.TextInput(attrs={"lang": code})
        form.fields[f"{name}_{code}"] = forms.CharField(label=f"{label} ({language})", required=False, widget=widget)


def translated(data: dict, name: str) -> dict:
    return {code: data.get(f"{name}_{code}", "").strip() for code in LANGS if data.get(f"{name}_{code}", "").strip()}


class FilterForm(StyledForm):
    district = forms.ChoiceField(label=_("District"), required=False)
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", _("Any"))] + list(ProjectKind.choices))
    status = forms.ChoiceField(label=_("Status"), required=False,
                               choices=[("", _("Any"))] + [c for c in ProjectStatus.choices if c[0] != "proposed"])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["district"].choices = [("", _("Any"))] + geo.district_choices()


class ProjectForm(StyledForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=ProjectKind.choices)
    district = forms.ChoiceField(label=_("District"))
    settlement = forms.ChoiceField(label=_("Settlement"))
    budget = forms.DecimalField(label=_("Budget"), min_value=0, decimal_places=2)
    currency = forms.CharField(label=_("Currency"), initial="AZN", max_length=3)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["district"].choices = geo.district_choices()
        self.fields["settlement"].choices = geo.settlement_choices()
        add_translated(self, "title", _("Title"))
        add_translated(self, "summary", _("Summary"), textarea=True)
        add_translated(self, "period", _("Period"))
        add_translated(self, "builder", _("Builder"))
        add_translated(self, "damage", _("What was damaged"), textarea=True)
        self._style()  # StyledForm styled the fields declared on the class; style the added ones too

    def _style(self):
        for field in self.fields.values():
            if "class" not in field.widget.attrs:
                css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
                field.widget.attrs["class"] = css

    def clean(self):
        data = super().clean()
        if not translated(data, "title"):
            raise forms.ValidationError(_("Give the title in at least one language."))
        return data


class StatusForm(StyledForm):
    status = forms.ChoiceField(label=_("New status"), choices=ProjectStatus.choices)


class PartnerForm(StyledForm):
    role = forms.ChoiceField(label=_("Role"), choices=PartnerRole.choices)
    name = forms.CharField(label=_("Name"), max_length=300, required=False)
    organisation = forms.UUIDField(label=_("Registered organisation (id)"), required=False)
    contact_email = forms.EmailField(label=_("Contact e-mail"), required=False)


class PhotoForm(StyledForm):
    kind = forms.ChoiceField(label=_("Shows"), choices=PhotoKind.choices)
    image = forms.FileField(label=_("Photo (JPEG, PNG or WebP)"))
    caption = forms.CharField(label=_("Caption"), max_length=300, required=False)


class MilestoneForm(StyledForm):
    title = forms.CharField(label=_("Title"), max_length=300)
    amount = forms.DecimalField(label=_("Planned cost"), min_value=0, decimal_places=2, required=False)
    due_on = forms.DateField(label=_("Due"), required=False, widget=forms.DateInput(attrs={"type": "date"}))


class EvidenceForm(StyledForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=EvidenceKind.choices)
    file = forms.FileField(label=_("Photo or PDF"), required=False)
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class MilestoneStatusForm(StyledForm):
    status = forms.ChoiceField(label=_("Status"), choices=MilestoneStatus.choices)


class PayoutForm(StyledForm):
    amount = forms.DecimalField(label=_("Amount"), min_value=0, decimal_places=2)
    payee = forms.CharField(label=_("Paid to"), max_length=300)
    purpose = forms.CharField(label=_("Purpose"), max_length=500, required=False)


class OfferForm(StyledForm):
    kind = forms.ChoiceField(label=_("How do you want to take part?"), choices=OfferKind.choices)
    country = forms.CharField(label=_("Country you live in (two letters, e.g. DE)"), max_length=2)
    message = forms.CharField(label=_("Message"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    amount = forms.DecimalField(label=_("Amount"), required=False, min_value=0, decimal_places=2)
    company = forms.CharField(label=_("Company"), required=False, max_length=200)
    sector = forms.CharField(label=_("Sector"), required=False, max_length=200)
    amount_from = forms.IntegerField(label=_("Investment from"), required=False, min_value=0)
    amount_to = forms.IntegerField(label=_("Investment up to"), required=False, min_value=0)
    currency = forms.CharField(label=_("Currency"), required=False, max_length=3, initial="AZN")
    skills = forms.CharField(label=_("Skills"), required=False, max_length=300)
    date_from = forms.DateField(label=_("Available from"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label=_("Available until"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    field = forms.CharField(label=_("Field of expertise"), required=False, max_length=200)
    summary = forms.CharField(label=_("What you can advise on"), required=False, max_length=500)
    goods = forms.CharField(label=_("Materials or equipment"), required=False, max_length=300)
    quantity = forms.CharField(label=_("Quantity"), required=False, max_length=100)
    consent_to_share = forms.BooleanField(
        label=_("You may pass my investment interest and contact details to the ministry's contact."), required=False)

    def details(self) -> dict:
        d = self.cleaned_data
        out = {k: d.get(k) for k in ("company", "sector", "amount_from", "amount_to", "skills", "field", "summary",
                                     "goods", "quantity")}
        out["currency"] = (d.get("currency") or "AZN").upper()
        for k in ("date_from", "date_to"):
            out[k] = d[k].isoformat() if d.get(k) else None
        if d.get("amount") is not None:
            out["amount_minor"] = int(d["amount"] * 100)
        return out


class OfferStatusForm(StyledForm):
    status = forms.ChoiceField(label=_("Status"), choices=OfferStatus.choices)
    note = forms.CharField(label=_("Note"), required=False, max_length=500)
