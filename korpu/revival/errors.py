"""The revival app's domain errors (translated messages, mapped to HTTP once at the edge)."""

from django.utils.translation import gettext_lazy as _

from korpu.core.errors import Conflict, KorpuError, ValidationFailed


class RevivalError(KorpuError):
    """A revival rule was broken."""

    default_message = _("This cannot be done with this project.")


class InvalidUpload(ValidationFailed):
    """An uploaded file is not a photo or document we accept."""

    default_message = _("The file is not a JPEG, PNG or WebP photo or a PDF document.")


class FourEyes(Conflict):
    """The same officer tried to approve a payout twice."""

    default_message = _("A payout needs the approval of two different officers; you have already approved this one.")


class LedgerUnavailable(KorpuError):
    """The giving app's ledger cannot do what was asked (yet)."""

    status = 503
    code = "ledger_unavailable"
    default_message = _("The ledger is not available; try again later.")
