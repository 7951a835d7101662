from django.utils.translation import gettext_lazy as _

from korpu.core.errors import KorpuError, ValidationFailed


class ExpertiseError(KorpuError):
    """An expertise operation that cannot be carried out."""

    code = "expertise"
    default_message = _("This cannot be done with the expertise exchange.")


class ExpertiseInvalid(ValidationFailed):
    """Input about an expert, a need or an engagement that breaks a rule."""

    code = "invalid"


class ConsentMissing(ExpertiseError):
    """The expert has not consented (or has withdrawn consent) to what is asked."""

    status = 409
    code = "consent_missing"
    default_message = _("This expert has withdrawn consent, so they cannot be proposed or contacted.")
