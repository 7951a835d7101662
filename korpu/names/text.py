"""Clean raw name text: normalisation, script detection, Azerbaijani casing, validation."""

from __future__ import annotations

import re
import unicodedata

MAX_NAME_LENGTH = 300

# Bidi embeddings, overrides and isolates, and the implicit marks. An override can make a
# name display as something else ("spoofing"), so they never belong inside a stored name.
BIDI_CONTROLS = frozenset(
    "\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)
# Invisible characters that carry no meaning in a name. ZWNJ and ZWJ are kept: Persian
# spelling needs ZWNJ (علی‌یف), and removing it there is the key builder's job.
INVISIBLE = frozenset("\u200b\u2060\ufeff\u00ad\u180e")

_DROP: dict[int, str | None] = {ord(c): None for c in BIDI_CONTROLS | INVISIBLE}
for _cp in range(0x20):
    _DROP[_cp] = " "
for _cp in range(0x7F, 0xA0):
    _DROP[_cp] = " "
_SPACES = re.compile(r"\s+")

_AZ_LOWER = str.maketrans({"I": "ı", "İ": "i"})
_AZ_UPPER = str.maketrans({"i": "İ", "ı": "I"})

_PERSIAN_LETTERS = frozenset("پچژگکیۀ")


def normalize(text: str) -> str:
    """Return `text` in NFC, without control or bidi characters, with single spaces."""
    if not text.isascii():
        text = unicodedata.normalize("NFC", text)
    return _SPACES.sub(" ", text.translate(_DROP)).strip()


def az_lower(text: str) -> str:
    """Lower-case by Azerbaijani rules: I→ı and İ→i."""
    return text.translate(_AZ_LOWER).lower()


def az_upper(text: str) -> str:
    """Upper-case by Azerbaijani rules: i→İ and ı→I."""
    return text.translate(_AZ_UPPER).upper()


def char_script(ch: str) -> str:
    """Return "Latn", "Cyrl", "Arab" or "Other" for one letter; "" for a non-letter."""
    cp = ord(ch)
    if cp < 0x80:
        return "Latn" if ch.isalpha() else ""
    if not ch.isalpha():
        return ""
    if cp <= 0x2AF or 0x1E00 <= cp <= 0x1EFF:
        return "Latn"
    if 0x400 <= cp <= 0x52F:
        return "Cyrl"
    if 0x600 <= cp <= 0x6FF or 0x750 <= cp <= 0x77F or 0xFB50 <= cp <= 0xFDFF or 0xFE70 <= cp <= 0xFEFF:
        return "Arab"
    return "Other"


def detect_script(text: str) -> str:
    """Return the script of `text`: "Latn", "Cyrl", "Arab", "Pers", "Mixed" or "Other"."""
    seen: set[str] = set()
    persian = False
    for ch in text:
        script = char_script(ch)
        if script:
            seen.add(script)
            if ch in _PERSIAN_LETTERS:
                persian = True
    if not seen:
        return "Other"
    if len(seen) > 1:
        return "Mixed"
    (script,) = seen
    if script == "Arab" and persian:
        return "Pers"
    return script


def validate_name(text: str) -> list[str]:
    """Return problem codes for `text` as a stored name; an empty list means it is fine.

    Codes: "empty", "too_long", "control_chars", "bidi_override", "invisible_chars",
    "no_letters".
    """
    problems: list[str] = []
    if any(ch in BIDI_CONTROLS for ch in text):
        problems.append("bidi_override")
    if any(unicodedata.category(ch) == "Cc" for ch in text):
        problems.append("control_chars")
    if any(ch in INVISIBLE for ch in text):
        problems.append("invisible_chars")
    clean = normalize(text)
    if not clean:
        problems.append("empty")
    elif not any(ch.isalpha() for ch in clean):
        problems.append("no_letters")
    if len(clean) > MAX_NAME_LENGTH:
        problems.append("too_long")
    return problems


def is_printable_name(text: str) -> bool:
    """Return whether `text` can be stored and shown as a name as it is."""
    return not validate_name(text)
