import zoneinfo

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from korpu.core.forms import StyledForm

COMMON_ZONES = sorted(zoneinfo.available_timezones())


class ProfileForm(StyledForm):
    display_name = forms.CharField(label=_("Name"), max_length=200, required=False)
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)
    timezone = forms.ChoiceField(label=_("Time zone"), choices=[(z, z) for z in COMMON_ZONES])


class TokenForm(StyledForm):
    name = forms.CharField(label=_("Token name"), max_length=100)


class InviteForm(StyledForm):
    email = forms.EmailField(label=_("E-mail address"))
    organisation = forms.ChoiceField(label=_("Organisation"))
    role = forms.ChoiceField(label=_("Role"))
    language = forms.ChoiceField(label=_("Language of the invitation"), choices=settings.LANGUAGES)

    def __init__(self, *args, organisations, roles, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].choices = organisations
        self.fields["role"].choices = roles
