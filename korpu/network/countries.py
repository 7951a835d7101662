"""Countries: ISO 3166-1 alpha-2 codes and their names in the reader's language (CLDR via Babel)."""

from __future__ import annotations

import functools

import babel
from django.utils import translation

# CLDR territories that are not countries of ISO 3166-1 (Kosovo's XK is kept: it is in common use).
_NOT_COUNTRIES = {"AC", "CP", "CQ", "DG", "EA", "EU", "EZ", "IC", "QO", "TA", "UN", "XA", "XB", "ZZ"}


@functools.cache
def codes() -> frozenset[str]:
    """Every valid country code."""
    return frozenset(k for k in babel.Locale("en").territories if isinstance(k, str) and len(k) == 2 and k.isalpha()
                     and k not in _NOT_COUNTRIES)


@functools.cache
def _names(language: str) -> dict[str, str]:
    try:
        locale = babel.Locale.parse(language or "en")
    except (ValueError, babel.UnknownLocaleError):
        locale = babel.Locale("en")
    return {code: locale.territories.get(code, code) for code in codes()}


def name(code: str, language: str | None = None) -> str:
    """The country's name in `language` (the active one by default)."""
    return _names(language or translation.get_language() or "en").get((code or "").upper(), code or "")


def is_valid(code: str) -> bool:
    return (code or "").upper() in codes()


def choices(language: str | None = None) -> list[tuple[str, str]]:
    """(code, name) sorted by name in `language`."""
    names = _names(language or translation.get_language() or "en")
    return sorted(names.items(), key=lambda item: item[1])


@functools.cache
def lookup() -> dict[str, str]:
    """Code by code or by any of its names in az, en, ru, tr, ar (lower case), for imports."""
    table: dict[str, str] = {}
    for language in ("en", "az", "ru", "tr", "ar"):
        for code, label in _names(language).items():
            table[label.casefold()] = code
    for code in codes():
        table[code.casefold()] = code
    return table


def parse(value: str) -> str | None:
    """The code for a code or a country name; None when unknown."""
    return lookup().get((value or "").strip().casefold())
