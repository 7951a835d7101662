from django import forms
from django.utils.translation import gettext_lazy as _

from korpu.core.forms import StyledForm
from korpu.network import countries
from korpu.network.models import (
    ConsentPurpose,
    ImportKind,
    MembershipRole,
    OrganisationKind,
    OrganisationStatus,
    VariantKind,
)


def _country_choices(blank):
    return [("", blank), *countries.choices()]


class DirectoryFilterForm(StyledForm):
    q = forms.CharField(label=_("Name"), required=False, max_length=100)
    country = forms.ChoiceField(label=_("Country"), required=False)
    city = forms.CharField(label=_("City"), required=False, max_length=120)
    kind = forms.ChoiceField(label=_("Kind"), required=False,
                             choices=[("", _("Any kind")), *OrganisationKind.choices])
    language = forms.CharField(label=_("Language"), required=False, max_length=8)
    status = forms.ChoiceField(label=_("Status"), required=False,
                               choices=[("", _("Verified")), *OrganisationStatus.choices])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = _country_choices(_("Any country"))


class OrganisationForm(StyledForm):
    name = forms.CharField(label=_("Name"), max_length=300)
    name_en = forms.CharField(label=_("Name in English"), required=False, max_length=300)
    name_az = forms.CharField(label=_("Name in Azerbaijani"), required=False, max_length=300)
    name_ru = forms.CharField(label=_("Name in Russian"), required=False, max_length=300)
    kind = forms.ChoiceField(label=_("Kind"), choices=OrganisationKind.choices)
    country = forms.ChoiceField(label=_("Country"))
    city = forms.CharField(label=_("City"), required=False, max_length=120)
    founded_year = forms.IntegerField(label=_("Founding year"), required=False, min_value=1800, max_value=2100)
    languages = forms.CharField(label=_("Languages (codes, comma separated)"), required=False, max_length=100)
    email = forms.EmailField(label=_("E-mail"), required=False)
    phone = forms.CharField(label=_("Phone"), required=False, max_length=50)
    website = forms.URLField(label=_("Website"), required=False)
    social_links = forms.CharField(label=_("Social links (one per line)"), required=False,
                                   widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = _country_choices("—")

    def service_data(self) -> dict:
        data = self.cleaned_data
        return {
            "name": data["name"],
            "names": {lang: data[f"name_{lang}"] for lang in ("en", "az", "ru") if data.get(f"name_{lang}")},
            "kind": data["kind"], "country": data["country"], "city": data["city"],
            "founded_year": data["founded_year"],
            "languages": [c.strip().lower() for c in (data["languages"] or "").split(",") if c.strip()],
            "email": data["email"], "phone": data["phone"], "website": data["website"],
            "social_links": [line.strip() for line in (data["social_links"] or "").splitlines() if line.strip()][:10],
        }


class PersonForm(StyledForm):
    name = forms.CharField(label=_("Name, as you write it"), max_length=300)
    patronymic = forms.CharField(label=_("Patronymic"), required=False, max_length=150)
    is_pseudonym = forms.BooleanField(label=_("This is a pseudonym; keep no contact data"), required=False)
    country = forms.ChoiceField(label=_("Country of residence"), required=False)
    city = forms.CharField(label=_("City"), required=False, max_length=120)
    languages = forms.CharField(label=_("Languages (codes, comma separated)"), required=False, max_length=100)
    profession = forms.CharField(label=_("Profession"), required=False, max_length=200)
    email = forms.EmailField(label=_("E-mail"), required=False)
    phone = forms.CharField(label=_("Phone"), required=False, max_length=50)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = _country_choices("—")

    def service_data(self) -> dict:
        data = dict(self.cleaned_data)
        data["languages"] = [c.strip().lower() for c in (data["languages"] or "").split(",") if c.strip()]
        return data


class VariantForm(StyledForm):
    text = forms.CharField(label=_("Another form of the name"), max_length=300)
    kind = forms.ChoiceField(label=_("Which form"), choices=VariantKind.choices)


class ConsentForm(StyledForm):
    def __init__(self, *args, current=None, **kwargs):
        super().__init__(*args, **kwargs)
        for purpose, label in ConsentPurpose.choices:
            decision = (current or {}).get(purpose)
            self.fields[purpose] = forms.BooleanField(label=label, required=False,
                                                      initial=bool(decision and decision.granted))


class MembershipForm(StyledForm):
    role = forms.ChoiceField(label=_("Role"), choices=MembershipRole.choices)
    since = forms.DateField(label=_("Since"), required=False, widget=forms.DateInput(attrs={"type": "date"}))


class ImportForm(StyledForm):
    kind = forms.ChoiceField(label=_("What the file holds"), choices=ImportKind.choices)
    organisation = forms.ChoiceField(label=_("Organisation"), required=False)
    file = forms.FileField(label=_("CSV or XLSX file"))

    def __init__(self, *args, organisations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].choices = [("", "—"), *organisations]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > 50 * 1024 * 1024:
            raise forms.ValidationError(_("The file is larger than 50 MB."))
        if not upload.name.lower().endswith((".csv", ".xlsx", ".txt")):
            raise forms.ValidationError(_("Upload a .csv or .xlsx file."))
        return upload


class EraseForm(StyledForm):
    confirm = forms.CharField(label=_("Type ERASE to confirm"), max_length=10)

    def clean_confirm(self):
        if self.cleaned_data["confirm"].strip().upper() != "ERASE":
            raise forms.ValidationError(_("Type ERASE to confirm."))
        return "ERASE"


class PeopleSearchForm(StyledForm):
    q = forms.CharField(label=_("Name in any script"), required=False, max_length=200)
