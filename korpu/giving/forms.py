from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from korpu.core.forms import StyledForm
from korpu.giving.models import NameDisplay

COMMON_CURRENCIES = ["AZN", "USD", "EUR", "RUB", "TRY", "GBP"]


class GiveForm(StyledForm):
    amount = forms.CharField(label=_("Amount"), max_length=20)
    currency = forms.ChoiceField(label=_("Currency"), choices=[(c, c) for c in COMMON_CURRENCIES])
    fund = forms.ChoiceField(label=_("Fund"))
    country = forms.CharField(label=_("Country (two letters)"), max_length=2, required=False)
    monthly = forms.BooleanField(label=_("Give this every month"), required=False)

    def __init__(self, *args, funds=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["fund"].choices = [(str(f.pk), f.name) for f in funds]


class PledgeForm(StyledForm):
    key = forms.CharField(widget=forms.HiddenInput)
    caller_phone = forms.CharField(label=_("Caller's phone"), max_length=50)
    caller_name = forms.CharField(label=_("Caller's name"), max_length=200, required=False)
    amount = forms.CharField(label=_("Amount"), max_length=20)
    currency = forms.ChoiceField(label=_("Currency"), choices=[(c, c) for c in COMMON_CURRENCIES])
    fund = forms.ChoiceField(label=_("Fund"))
    country = forms.CharField(label=_("Country (two letters)"), max_length=2, required=False)
    confirm_duplicate = forms.BooleanField(label=_("Yes, this caller pledges again"), required=False)

    def __init__(self, *args, funds=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["fund"].choices = [(str(f.pk), f.name) for f in funds]
        self.fields["caller_phone"].widget.attrs.update({"autofocus": True, "inputmode": "tel", "autocomplete": "off"})
        self.fields["amount"].widget.attrs.update({"inputmode": "decimal", "autocomplete": "off"})


class CashForm(StyledForm):
    amount = forms.CharField(label=_("Amount"), max_length=20)
    currency = forms.ChoiceField(label=_("Currency"), choices=[(c, c) for c in COMMON_CURRENCIES])
    fund = forms.ChoiceField(label=_("Fund"))
    event_label = forms.CharField(label=_("Event"), max_length=200, required=False)
    country = forms.CharField(label=_("Country (two letters)"), max_length=2, required=False)

    def __init__(self, *args, funds=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["fund"].choices = [(str(f.pk), f.name) for f in funds]


class StatementForm(StyledForm):
    file = forms.FileField(label=_("Statement (CSV or camt.053 XML)"))
    fund = forms.ChoiceField(label=_("Book unreferenced credits to"), required=False)

    def __init__(self, *args, funds=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["fund"].choices = [("", _("No fund: leave them for an officer"))] + [
            (str(f.pk), f.name) for f in funds]


class DisplayForm(StyledForm):
    display = forms.ChoiceField(label=_("How you are named in public"), choices=NameDisplay.choices)
    display_form = forms.CharField(label=_("The other form of your name"), max_length=200, required=False)


class RecurringForm(StyledForm):
    amount = forms.CharField(label=_("Monthly amount"), max_length=20)
