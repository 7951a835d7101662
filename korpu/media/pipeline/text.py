"""Text folding shared by the pipeline: case, diacritics, Arabic letter forms, digits."""

from __future__ import annotations

import re
import unicodedata

# Arabic-Indic (U+0660..) and Eastern Arabic-Indic / Persian (U+06F0..) digits to ASCII.
_DIGITS = {ord(c): str(i) for i, c in enumerate("٠١٢٣٤٥٦٧٨٩")}
_DIGITS.update({ord(c): str(i) for i, c in enumerate("۰۱۲۳۴۵۶۷۸۹")})

_ARABIC = {
    # Hamza-carrying alefs and alef wasla are written inconsistently across outlets.
    ord("أ"): "ا",
    ord("إ"): "ا",
    ord("آ"): "ا",
    ord("ٱ"): "ا",
    ord("ى"): "ي",
    ord("ئ"): "ي",
    ord("ؤ"): "و",
    ord("ة"): "ه",
    # Persian letter forms fold onto their Arabic twins so fa and ar spellings meet.
    ord("ی"): "ي",
    ord("ک"): "ك",
    ord("ۀ"): "ه",
    ord("ـ"): None,  # tatweel is decoration
}
# Letters that NFKD does not decompose but that Azerbaijani and Turkish spell differently
# from the ASCII a reader types: ə→e (Azərtac ~ Azertac), ı→i, ø→o, ß→ss.
_LATIN = {ord("ə"): "e", ord("Ə"): "e", ord("ı"): "i", ord("ø"): "o", ord("ß"): "ss", ord("ł"): "l"}
# Typographic apostrophes and dashes fold to one form, so "Şuşa'da" and "Şuşa’da" split alike.
_PUNCT = {ord("’"): "'", ord("‘"): "'", ord("ʼ"): "'", ord("`"): "'", ord("‐"): "-", ord("‑"): "-"}

_WORD = re.compile(r"[^\W_]+", re.UNICODE)


def to_ascii_digits(text: str) -> str:
    """Replace Arabic-Indic and Persian digits with ASCII digits."""
    return text.translate(_DIGITS)


def fold(text: str) -> str:
    """Fold text for matching: lower case, no diacritics or harakat, one Arabic letter form."""
    text = text.translate(_DIGITS).translate(_PUNCT).translate(_LATIN).casefold()
    text = text.translate(_ARABIC)
    decomposed = unicodedata.normalize("NFKD", text)
    # Dropping combining marks strips Latin diacritics (ş→s, ü→u), Cyrillic й→и and
    # Arabic harakat/shadda in one pass.
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return unicodedata.normalize("NFC", stripped).replace("ё", "е")


def words(text: str) -> list[str]:
    """Split folded text into word tokens (letters and digits)."""
    return _WORD.findall(fold(text))


def word_spans(text: str) -> list[tuple[int, int, str]]:
    """Return (start, end, folded word) for each word of the original text."""
    return [(m.start(), m.end(), fold(m.group())) for m in _WORD.finditer(text)]


_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")


def numbers(text: str) -> frozenset[str]:
    """Return the numbers a text states, normalised (74,12 = 74.12; 1,700 = 1700; 1.70 = 1.7)."""
    found = set()
    for raw in _NUMBER.findall(to_ascii_digits(text)):
        parts = re.split(r"[.,]", raw)
        if len(parts) > 1 and all(len(p) == 3 for p in parts[1:]) and len(parts[0]) <= 3:
            # 1,700 or 100.000: thousands separators
            value = "".join(parts)
        elif len(parts) == 2:
            value = parts[0] + "." + parts[1].rstrip("0") if parts[1].rstrip("0") else parts[0]
        else:
            value = "".join(parts)
        value = value.lstrip("0") or "0"
        if value.startswith("."):
            value = "0" + value
        found.add(value)
    return frozenset(found)
