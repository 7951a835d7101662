"""Forms of the plaque pages."""

from __future__ import annotations

import json

from django import forms
from django.utils.translation import gettext_lazy as _

from korpu.core.forms import StyledForm
from korpu.plaques.models import NameOrder
from korpu.plaques.rendering.collation import SUPPORTED_LANGUAGES


class PlaqueForm(StyledForm):
    title = forms.CharField(label=_("Title, one line per language as “az: …”"), widget=forms.Textarea(attrs={"rows": 3}))
    dedication = forms.CharField(label=_("Dedication, one line per language as “en: …”"), required=False,
                                 widget=forms.Textarea(attrs={"rows": 3}))
    lang = forms.ChoiceField(label=_("Plaque language (sets the alphabetical order)"),
                             choices=[(c, c) for c in SUPPORTED_LANGUAGES], initial="az")
    tiers = forms.CharField(label=_("Tiers from the top, one per line as “Qızıl: 5000”"), required=False,
                            widget=forms.Textarea(attrs={"rows": 3}))
    threshold = forms.DecimalField(label=_("Least net gift to be named"), min_value=0, decimal_places=2, initial=0)
    order = forms.ChoiceField(label=_("Order within a tier"), choices=NameOrder.choices)
    width_mm = forms.DecimalField(label=_("Width (mm)"), min_value=1, initial=600)
    height_mm = forms.DecimalField(label=_("Height (mm)"), min_value=1, initial=400)
    margin_mm = forms.DecimalField(label=_("Margin (mm)"), min_value=0, initial=20)
    min_cap_height_mm = forms.DecimalField(label=_("Minimum cap height (mm)"), min_value=1, initial=6.35)
    allow_panels = forms.BooleanField(label=_("Split into panels when the names do not fit"), required=False)

    @staticmethod
    def _pairs(text: str) -> list[tuple[str, str]]:
        pairs = []
        for line in (text or "").splitlines():
            if not line.strip():
                continue
            key, sep, value = line.partition(":")
            if not sep:
                raise forms.ValidationError(_("Write each line as “key: value”: {line}").format(line=line))
            pairs.append((key.strip(), value.strip()))
        return pairs

    def clean_title(self):
        return {k: v for k, v in self._pairs(self.cleaned_data["title"])}

    def clean_dedication(self):
        return {k: v for k, v in self._pairs(self.cleaned_data["dedication"])}

    def clean_tiers(self):
        tiers = []
        for label, amount in self._pairs(self.cleaned_data["tiers"]):
            try:
                tiers.append({"label": label, "min_minor": int(round(float(amount) * 100))})
            except ValueError as exc:
                raise forms.ValidationError(_("“{amount}” is not an amount.").format(amount=amount)) from exc
        return tiers

    @classmethod
    def initial_for(cls, plaque) -> dict:
        return {
            "title": "\n".join(f"{k}: {v}" for k, v in plaque.title.items()),
            "dedication": "\n".join(f"{k}: {v}" for k, v in plaque.dedication.items()),
            "lang": plaque.lang, "order": plaque.order, "threshold": plaque.threshold_minor / 100,
            "tiers": "\n".join(f"{t['label']}: {int(t['min_minor']) / 100:g}" for t in plaque.tiers),
            "width_mm": plaque.width_mm, "height_mm": plaque.height_mm, "margin_mm": plaque.margin_mm,
            "min_cap_height_mm": plaque.min_cap_height_mm, "allow_panels": plaque.allow_panels,
        }

    def settings(self) -> dict:
        d = self.cleaned_data
        return {"dedication": d["dedication"], "lang": d["lang"], "tiers": d["tiers"],
                "threshold_minor": int(d["threshold"] * 100), "order": d["order"], "width_mm": d["width_mm"],
                "height_mm": d["height_mm"], "margin_mm": d["margin_mm"], "min_cap_height_mm": d["min_cap_height_mm"],
                "allow_panels": d["allow_panels"]}


class ProofForm(StyledForm):
    names = forms.FileField(label=_("Names list (CSV with name[,tier]); leave empty to take the names from the ledger"),
                            required=False)


def dumps(value) -> str:
    return json.dumps(value, ensure_ascii=False)
