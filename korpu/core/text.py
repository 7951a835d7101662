"""Locale-aware text helpers (pure Python)."""

from __future__ import annotations

_AZ_UPPER = str.maketrans({"i": "İ", "ı": "I"})
_AZ_LOWER = str.maketrans({"İ": "i", "I": "ı"})
TURKIC = {"az", "tr", "crh", "tt", "kk", "ba"}


def upper(text: str, language: str | None = None) -> str:
    """Upper-case `text` by the rules of `language`: in Azerbaijani and Turkish i→İ and ı→I."""
    if language and language.split("-")[0].lower() in TURKIC:
        text = text.translate(_AZ_UPPER)
    return text.upper()


def lower(text: str, language: str | None = None) -> str:
    """Lower-case `text` by the rules of `language`: in Azerbaijani and Turkish İ→i and I→ı."""
    if language and language.split("-")[0].lower() in TURKIC:
        text = text.translate(_AZ_LOWER)
    return text.lower()
