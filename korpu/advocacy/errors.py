"""Advocacy's domain errors."""

from django.utils.translation import gettext_lazy as _

from korpu.core.errors import Conflict, KorpuError, NotFound, ValidationFailed


class AdvocacyError(KorpuError):
    """An advocacy rule was broken."""

    status = 400
    code = "advocacy"
    default_message = _("This advocacy action could not be carried out.")


class ImportRejected(ValidationFailed):
    """An import file has problems; `details` lists each one; nothing was imported."""

    code = "import_invalid"
    default_message = _("The file has problems; nothing was imported.")


class InvalidSupporterInput(ValidationFailed):
    """A supporter's form (petition or letter) has a problem."""

    code = "invalid"


class AlreadyConfirmed(Conflict):
    """A confirmation link used a second time; the signature or letter counts once."""

    code = "already_confirmed"
    default_message = _("This was already confirmed. It is counted once; there is nothing more to do.")


class UnknownToken(NotFound):
    """A confirmation link that does not exist (mistyped, or data erased)."""

    code = "unknown_token"
    default_message = _("This confirmation link is not valid. Copy the whole link from the e-mail.")


class NoAddress(AdvocacyError):
    """The official has no address for the chosen delivery."""

    status = 422
    code = "no_address"
