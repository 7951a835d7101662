"""Alphabetical order of names for each plaque language, and correct upper-casing."""

import unicodedata

from .errors import UnsupportedLanguage

ALPHABETS: dict[str, str] = {
    "az": "abcçdeəfgğhxıijkqlmnoöprsştuüvwyz",
    "tr": "abcçdefgğhıijklmnoöpqrsştuüvwxyz",
    "en": "abcdefghijklmnopqrstuvwxyz",
    "ru": "абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
    "ar": "ءآأؤإئابةتثجحخدذرزسشصضطظعغفقكلمنهوىي",
}
"""Each language's letters in dictionary order (az and tr place w/q/x where readers expect)."""

SUPPORTED_LANGUAGES = sorted(ALPHABETS)

_SCRIPT_ALPHABET = {"latin": "en", "cyrillic": "ru", "arabic": "ar"}
_LANG_SCRIPT = {"az": "latin", "tr": "latin", "en": "latin", "ru": "cyrillic", "ar": "arabic"}

# Arabic dictionaries sort hamza carriers and taa marbuta with their base letters.
_ARABIC_FOLD = str.maketrans({"آ": "ا", "أ": "ا", "إ": "ا", "ؤ": "و", "ئ": "ي", "ى": "ي", "ة": "ه"})
_ARABIC_DIACRITICS = {chr(c) for c in range(0x064B, 0x0660)} | {"\u0670", "\u0640"}


def _script_of(ch: str) -> str:
    cp = ord(ch)
    if 0x0400 <= cp <= 0x052F:
        return "cyrillic"
    if 0x0600 <= cp <= 0x06FF or 0x0750 <= cp <= 0x077F or 0x08A0 <= cp <= 0x08FF:
        return "arabic"
    return "latin"


def lower_for(text: str, lang: str) -> str:
    """Lower-case text by the rules of lang (dotted and dotless i for az and tr)."""
    if lang in ("az", "tr"):
        text = text.replace("I", "ı").replace("İ", "i")
    return text.lower()


def az_upper(text: str) -> str:
    """Upper-case Azerbaijani (or Turkish) text: i becomes İ and ı becomes I."""
    return text.replace("i", "İ").upper()


def upper_for(text: str, lang: str) -> str:
    """Upper-case text by the rules of lang; Arabic has no case and is returned as is."""
    if lang in ("az", "tr"):
        return az_upper(text)
    return text.upper()


def _char_weights(ch: str, lang: str, primary_script: str) -> tuple[int, int, int] | None:
    """Return (script rank, letter index, accent) for one lower-case char, or None to ignore."""
    if ch.isspace():
        return (0, 0, 0)
    if ch.isdigit():
        return (1, int(unicodedata.numeric(ch)), 0)
    if not ch.isalpha():
        return None
    script = _script_of(ch)
    rank = 2 if script == primary_script else 3 + list(_SCRIPT_ALPHABET).index(script)
    alphabet = ALPHABETS[lang] if script == primary_script else ALPHABETS[_SCRIPT_ALPHABET[script]]
    if script == "arabic":
        folded = ch.translate(_ARABIC_FOLD)
        if folded in alphabet:
            return (rank, alphabet.index(folded), 0 if folded == ch else 1 + alphabet.index(ch))
    pos = alphabet.find(ch)
    if pos >= 0:
        return (rank, pos, 0)
    # A letter the alphabet lacks (é, à, ў): sort it with its base letter, after it.
    decomposed = unicodedata.normalize("NFD", ch)
    base = decomposed[0]
    pos = alphabet.find(base)
    if pos >= 0:
        return (rank, pos, sum(ord(m) for m in decomposed[1:]))
    return (rank, len(alphabet) + ord(ch), 0)


def collation_key(text: str, lang: str) -> tuple:
    """Return a sort key that orders text alphabetically in lang's alphabet.

    Letters of lang's own script come first, then other scripts in their own alphabets;
    spaces sort before letters, punctuation is ignored, accents break ties.
    """
    if lang not in ALPHABETS:
        raise UnsupportedLanguage(lang, SUPPORTED_LANGUAGES)
    primary_script = _LANG_SCRIPT[lang]
    lowered = lower_for(unicodedata.normalize("NFC", text), lang)
    primary: list[tuple[int, int]] = []
    secondary: list[int] = []
    for ch in lowered:
        if ch in _ARABIC_DIACRITICS:
            continue
        weights = _char_weights(ch, lang, primary_script)
        if weights is None:
            continue
        primary.append(weights[:2])
        secondary.append(weights[2])
    # Upper case after lower case, then the raw text, so the order is total.
    tertiary = [c.isupper() for c in text]
    return (primary, secondary, tertiary, text)


def az_sort_key(text: str) -> tuple:
    """Return the Azerbaijani alphabetical sort key of text."""
    return collation_key(text, "az")
