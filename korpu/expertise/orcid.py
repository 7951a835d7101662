"""ORCID iDs: format and ISO 7064 MOD 11-2 check digit (pure Python)."""

from __future__ import annotations

import re

_SHAPE = re.compile(r"^(\d{4})-?(\d{4})-?(\d{4})-?(\d{3}[\dX])$")
_PREFIXES = ("https://orcid.org/", "http://orcid.org/", "orcid.org/")


def check_digit(base_digits: str) -> str:
    """The ISO 7064 11-2 check character of 15 digits ("0"–"9" or "X")."""
    total = 0
    for ch in base_digits:
        total = (total + int(ch)) * 2
    result = (12 - total % 11) % 11
    return "X" if result == 10 else str(result)


def normalise(value: str) -> str | None:
    """The canonical form 0000-0002-1825-0097 of an ORCID iD, or None when it is not one.

    Accepts the bare iD, with or without hyphens, or its https://orcid.org/ URL, any case.
    """
    text = (value or "").strip()
    for prefix in _PREFIXES:
        if text.lower().startswith(prefix):
            text = text[len(prefix):]
            break
    match = _SHAPE.match(text.upper())
    if not match:
        return None
    digits = "".join(match.groups())
    if check_digit(digits[:15]) != digits[15]:
        return None
    return "-".join(match.groups())


def has_valid_shape(value: str) -> bool:
    """Does the value look like an ORCID iD (ignoring its check digit)?"""
    text = (value or "").strip()
    for prefix in _PREFIXES:
        if text.lower().startswith(prefix):
            text = text[len(prefix):]
    return bool(_SHAPE.match(text.upper()))
