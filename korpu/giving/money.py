"""Amounts: parse and validate integer minor units in an ISO 4217 currency."""

from __future__ import annotations

import functools
from decimal import Decimal, InvalidOperation

from babel import numbers as babel_numbers
from django.utils.translation import gettext as _

from korpu.core.formatting import minor_digits as _minor_digits
from korpu.giving.errors import InvalidAmount, UnknownCurrency

# ISO 4217 precision never changes while the process runs: ask babel once per currency.
minor_digits = functools.cache(_minor_digits)

# No single gift, pledge or payout is larger than this many major units: anything above is a typo.
MAX_MAJOR = 100_000_000


@functools.cache
def known_currencies() -> frozenset[str]:
    return frozenset(c for c in babel_numbers.list_currencies() if len(c) == 3 and c.isalpha() and c.isupper())


def check_currency(code: str) -> str:
    """The upper-case ISO 4217 code, or UnknownCurrency."""
    value = (code or "").strip().upper()
    if value not in known_currencies() or value.startswith("X"):
        raise UnknownCurrency(_("“{code}” is not a known ISO 4217 currency code.").format(code=(code or "")[:10]))
    return value


def check_minor(amount_minor, currency: str) -> int:
    """A positive, plausible integer of minor units."""
    if isinstance(amount_minor, bool) or not isinstance(amount_minor, int):
        raise InvalidAmount(_("The amount must be a whole number of minor units."))
    if amount_minor <= 0:
        raise InvalidAmount(_("The amount must be more than zero."))
    if amount_minor > MAX_MAJOR * 10 ** minor_digits(currency):
        raise InvalidAmount(_("The amount is implausibly large."))
    return amount_minor


def parse_amount(text, currency: str) -> int:
    """'25.50' in AZN → 2550; refuses more decimals than the currency has."""
    currency = check_currency(currency)
    try:
        value = Decimal(str(text).strip().replace(",", "."))
    except (InvalidOperation, ValueError):
        raise InvalidAmount(_("“{text}” is not an amount.").format(text=str(text)[:20])) from None
    if not value.is_finite():
        raise InvalidAmount(_("“{text}” is not an amount.").format(text=str(text)[:20]))
    digits = minor_digits(currency)
    minor = value.scaleb(digits)
    if minor != minor.to_integral_value():
        raise InvalidAmount(
            _("{currency} has {digits} decimal places; the amount has more.").format(currency=currency, digits=digits)
        )
    if value <= 0:
        raise InvalidAmount(_("The amount must be more than zero."))
    if value > MAX_MAJOR:
        raise InvalidAmount(_("The amount is implausibly large."))
    return check_minor(int(minor), currency)
