"""The coordination app's domain errors (translated messages, mapped to HTTP statuses at the edge)."""

from django.utils.translation import gettext_lazy as _

from korpu.core.errors import Conflict, KorpuError, NotFound, ValidationFailed


class CoordinationError(KorpuError):
    """Base of coordination's errors."""

    status = 422
    code = "invalid"


class InvalidEvent(ValidationFailed):
    """An event's data breaks a rule (end before start, negative capacity, unknown time zone)."""


class RegistrationClosed(CoordinationError):
    """Registration is not possible (cancelled or past event, already registered)."""

    status = 409
    code = "registration_closed"
    default_message = _("Registration for this event is closed.")


class CheckInRefused(Conflict):
    """A code that is unknown, for another event, cancelled or already used."""

    code = "check_in_refused"


class UnknownFeed(NotFound):
    """A calendar feed asked for with an unknown id, country or secret."""

    default_message = _("There is no such calendar.")
