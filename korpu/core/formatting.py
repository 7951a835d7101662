"""Numbers, money, dates and times formatted for the reader's locale (Babel, CLDR data)."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from decimal import Decimal

from babel import dates as babel_dates
from babel import numbers as babel_numbers
from django.conf import settings
from django.utils import timezone, translation


def locale_name(language: str | None = None) -> str:
    """The Babel locale of the active (or given) language."""
    return (language or translation.get_language() or settings.LANGUAGE_CODE).replace("-", "_")


def minor_digits(currency: str) -> int:
    """How many minor units a currency has (AZN 2, JPY 0, KWD 3)."""
    return babel_numbers.get_currency_precision(currency.upper())


def to_decimal(minor: int, currency: str) -> Decimal:
    """Minor units as a Decimal amount of the currency."""
    return Decimal(minor).scaleb(-minor_digits(currency))


def format_money(minor: int, currency: str, language: str | None = None) -> str:
    """An amount in integer minor units, e.g. 123456 AZN → '1 234,56 ₼' for az."""
    return babel_numbers.format_currency(
        to_decimal(minor, currency), currency.upper(), locale=locale_name(language)
    )


def format_number(value: int | float | Decimal, language: str | None = None) -> str:
    return babel_numbers.format_decimal(value, locale=locale_name(language))


def format_percent(value: float, language: str | None = None) -> str:
    return babel_numbers.format_percent(value, locale=locale_name(language))


def reader_zone() -> zoneinfo.ZoneInfo:
    tz = timezone.get_current_timezone()
    return tz if isinstance(tz, zoneinfo.ZoneInfo) else zoneinfo.ZoneInfo(settings.KORPU_DEFAULT_TIMEZONE)


def format_datetime(value: dt.datetime, length: str = "medium", language: str | None = None) -> str:
    """An aware datetime in the reader's time zone and locale."""
    if timezone.is_naive(value):
        value = timezone.make_aware(value, dt.UTC)
    return babel_dates.format_datetime(
        value, format=length, tzinfo=reader_zone(), locale=locale_name(language)
    )


def format_date(value: dt.date | dt.datetime, length: str = "medium", language: str | None = None) -> str:
    if isinstance(value, dt.datetime):
        value = value.astimezone(reader_zone()).date()
    return babel_dates.format_date(value, format=length, locale=locale_name(language))
