from django import forms
from django.utils.translation import gettext_lazy as _

from korpu.core.forms import StyledForm
from korpu.expertise import taxonomy
from korpu.expertise.models import CredentialKind, Offer, OutcomeKind, Urgency, Visibility

LANGUAGE_CHOICES = [(c, taxonomy.LANGUAGE_NAMES[c]) for c in taxonomy.LANGUAGE_NAMES]
NEED_LANGUAGE_CHOICES = [(c, taxonomy.LANGUAGE_NAMES[c]) for c in taxonomy.NEED_LANGUAGES]
DATE = {"type": "date"}


class ProfileForm(StyledForm):
    headline = forms.CharField(label=_("Headline"), max_length=200)
    summary = forms.CharField(label=_("About your work"), widget=forms.Textarea(attrs={"rows": 5}), required=False)
    summary_language = forms.CharField(label=_("Language of that text (code, e.g. en, ru, az)"), max_length=8,
                                       initial="en")
    # The form metaclass moves declared fields into base_fields, so this does not replace BaseForm.fields;
    # django-stubs cannot see that.
    fields = forms.MultipleChoiceField(label=_("Fields"), choices=taxonomy.choices,  # type: ignore[assignment]
                                       widget=forms.SelectMultiple(attrs={"size": 10}))
    institution = forms.CharField(label=_("Institution"), max_length=300, required=False)
    country = forms.CharField(label=_("Country (ISO code, e.g. DE)"), max_length=2)
    languages = forms.CharField(label=_("Languages you work in (codes, separated by commas)"), max_length=100,
                                initial="az, en")
    orcid = forms.CharField(label=_("ORCID iD"), max_length=40, required=False)
    publications = forms.CharField(label=_("Publications (one title per line)"), required=False,
                                   widget=forms.Textarea(attrs={"rows": 3}))
    links = forms.CharField(label=_("Links (one per line)"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    offers = forms.MultipleChoiceField(label=_("What you offer"), choices=Offer.choices,
                                       widget=forms.CheckboxSelectMultiple)
    hours_per_month = forms.IntegerField(label=_("Hours per month"), min_value=0, max_value=200, initial=4)
    time_zone = forms.CharField(label=_("Time zone"), max_length=64, initial="Europe/Berlin")
    available_from = forms.DateField(label=_("Available from"), required=False, widget=forms.DateInput(attrs=DATE))
    available_until = forms.DateField(label=_("Available until"), required=False, widget=forms.DateInput(attrs=DATE))
    visibility = forms.ChoiceField(label=_("Who may see the profile"), choices=Visibility.choices)
    contactable = forms.BooleanField(label=_("Institutions may contact me through the committee"), required=False)
    digest = forms.BooleanField(label=_("Send me a digest of needs I fit"), required=False)
    share_with_committee = forms.BooleanField(
        label=_("I consent to my profile being shared with the committee for matching"), required=False)


class NeedForm(StyledForm):
    organisation = forms.ChoiceField(label=_("Institution"))
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea(attrs={"rows": 5}))
    description_language = forms.ChoiceField(label=_("Language of the description"), choices=NEED_LANGUAGE_CHOICES)
    # Not BaseForm.fields: see ProfileForm.
    fields = forms.MultipleChoiceField(label=_("Fields"), choices=taxonomy.choices, required=False,  # type: ignore[assignment]
                                       widget=forms.SelectMultiple(attrs={"size": 10}))
    mode = forms.ChoiceField(label=_("What is asked for"), choices=Offer.choices)
    work_languages = forms.MultipleChoiceField(label=_("Languages of work"), choices=LANGUAGE_CHOICES,
                                               widget=forms.CheckboxSelectMultiple)
    urgency = forms.ChoiceField(label=_("Urgency"), choices=Urgency.choices, initial=Urgency.NORMAL)
    starts_on = forms.DateField(label=_("From"), widget=forms.DateInput(attrs=DATE))
    ends_on = forms.DateField(label=_("Until"), widget=forms.DateInput(attrs=DATE))
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    project = forms.UUIDField(label=_("Revival project (id)"), required=False)

    def __init__(self, *args, organisations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].choices = [(str(o.pk), o.name) for o in organisations]


class CredentialForm(StyledForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=CredentialKind.choices)
    title = forms.CharField(label=_("What it is"), max_length=200)
    document = forms.FileField(label=_("Document (PDF, PNG or JPEG)"))


class SessionForm(StyledForm):
    held_on = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs=DATE))
    hours = forms.DecimalField(label=_("Hours"), max_digits=4, decimal_places=1, min_value=0)
    topic = forms.CharField(label=_("Topic"), max_length=200, required=False)


class OutcomeForm(StyledForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=OutcomeKind.choices)
    count = forms.IntegerField(label=_("How many"), min_value=0, initial=1)
    description = forms.CharField(label=_("Description (no patient names, dates of birth or record numbers)"),
                                  max_length=500, required=False)


class FeedbackForm(StyledForm):
    rating = forms.TypedChoiceField(label=_("Rating"), coerce=int, choices=[(i, str(i)) for i in range(5, 0, -1)])
    comment = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
