"""Giving's domain errors: translated messages, one HTTP status each."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from korpu.core.errors import Conflict, KorpuError, NotFound, ValidationFailed


class GivingError(KorpuError):
    """A rule of the books was broken; nothing was written."""

    status = 422
    code = "giving_invalid"
    default_message = _("The books do not allow this.")


class InvalidAmount(ValidationFailed):
    """Zero, negative, absurd or too precise."""

    code = "invalid_amount"


class UnknownCurrency(ValidationFailed):
    """Not an ISO 4217 currency."""

    code = "unknown_currency"
    default_message = _("This is not a known ISO 4217 currency code.")


class NoExchangeRate(GivingError):
    code = "no_exchange_rate"
    default_message = _("There is no exchange rate for this currency on this day.")


class IdempotencyConflict(Conflict):
    """The same idempotency key was sent before with different contents."""

    code = "idempotency_conflict"
    default_message = _("This idempotency key was already used for a different request.")


class AlreadyResolved(Conflict):
    code = "already_resolved"
    default_message = _("This pledge has already been paid or voided.")


class InsufficientFunds(GivingError):
    code = "insufficient_funds"
    default_message = _("The fund does not hold enough money in this currency.")


class FourEyes(GivingError):
    code = "four_eyes"
    default_message = _("A second officer must confirm this.")


class BadWebhook(KorpuError):
    status = 400
    code = "bad_webhook"
    default_message = _("The webhook's signature is missing or wrong.")


class BadStatement(ValidationFailed):
    code = "bad_statement"
    default_message = _("The statement could not be read.")


class GiftNotFound(NotFound):
    pass
