"""Turn a name token in any supported script into one phonetic Latin form (PLF).

The PLF is lower-case Azerbaijani Latin (a b c ç d e ə f g ğ h x ı i j k q l m n o ö p r s ş
t u ü v y z). Tokens written in Arabic script keep their unwritten short vowels unwritten and
write the long-vowel letters as capitals: A (ا), W (و, vowel or v), Y (ی, vowel or y) and
E (final ه or ة read as a vowel), because their reading is only known against another
spelling.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from korpu.names.text import az_lower, char_script

ARABIC_MATRES = frozenset("AWYE")
VOWELS = frozenset("aeəıioöuüä")
# Letters of Azerbaijani and Turkish that no English, French or German romanisation uses: a
# token holding one is read as Azerbaijani or Turkish, without the digraph rules. (Not ö and
# ü: German writes them too, Günaj.)
_NATIVE_LETTERS = frozenset("əığşçƏĞŞÇİ")

# --- Cleaning -------------------------------------------------------------------------------

# Harakat, Quranic marks, superscript alef, tatweel, ZWNJ/ZWJ, apostrophes and dots: none of
# them changes which name it is, and spellings differ in whether they write them.
_STRIP = {cp: None for cp in range(0x610, 0x61B)}
_STRIP.update({cp: None for cp in range(0x64B, 0x660)})
_STRIP.update({cp: None for cp in range(0x6D6, 0x6EE)})
_STRIP.update({ord(c): None for c in "\u0670\u0640\u200c\u200d'’ʼʻ`´‘ʹ"})

# Cyrillic letters that look like Latin ones, for a Latin word with a few Cyrillic letters
# typed into it (and the other way round).
_CYR_TO_LAT_LOOKALIKE = str.maketrans(
    "АВЕКМНОРСТХУаеорсухіјѕһԁԛԝӘәІЈЅҺ",
    "ABEKMHOPCTXYaeopcyxijshdqwƏəIJSH",
)
_LAT_TO_CYR_LOOKALIKE = str.maketrans(
    "ABEKMHOPCTXYaeopcyxƏə",
    "АВЕКМНОРСТХУаеорсухӘә",
)

# --- Latin ------------------------------------------------------------------------------------

# Foreign diacritics folded onto the Azerbaijani alphabet (Czech, Romanian, Polish, French,
# Spanish, German, Tatar and Turkmen spellings of the same names).
_LATIN_FOLD = str.maketrans(
    {
        "é": "e", "è": "e", "ê": "e", "ë": "e", "ě": "e", "ē": "e",
        "á": "a", "à": "a", "â": "a", "ã": "a", "å": "a", "ā": "a", "ą": "a",
        "í": "i", "ì": "i", "ï": "i", "ī": "i", "î": "ı", "ý": "ı", "ÿ": "i",
        "ó": "o", "ò": "o", "ô": "o", "õ": "o", "ø": "ö", "ō": "o", "ő": "ö",
        "ú": "u", "ù": "u", "û": "u", "ů": "u", "ū": "u", "ű": "ü",
        "č": "ç", "ć": "ç", "š": "ş", "ś": "ş", "ș": "ş", "ž": "j", "ż": "j", "ź": "z",
        "ř": "r", "ț": "ts", "ţ": "ts", "ă": "ə", "ä": "ə", "ñ": "ny", "ł": "l", "ň": "n",
        "ď": "d", "ť": "t", "ľ": "l", "ŋ": "n", "ß": "s", "ǝ": "ə", "ḩ": "h",
        "ḥ": "h", "ẖ": "x", "ḵ": "x", "w": "v",
    }
)

_DIGRAPHS_COMMON = [
    ("tsch", "ç"), ("dsch", "c"), ("dzh", "c"), ("dsh", "c"), ("tch", "ç"), ("sch", "ş"),
    ("zh", "j"), ("kh", "x"), ("gh", "ğ"), ("sh", "ş"), ("ph", "f"), ("dj", "c"),
    ("ck", "k"),
]
# English and French read ch as ç or ş and j as c or j; German, Czech and Polish read ch as x
# and j as y. A name is read one way as a whole (see `latin_system`).
_DIGRAPHS_EN = _DIGRAPHS_COMMON + [("ch", "ç"), ("ou", "u"), ("j", "c")]
_DIGRAPHS_DE = _DIGRAPHS_COMMON + [("ch", "x"), ("cz", "ç"), ("sz", "ş"), ("j", "y")]


def _digraph_regex(pairs: list[tuple[str, str]]) -> tuple[re.Pattern[str], dict[str, str]]:
    table = dict(pairs)
    pattern = re.compile("|".join(re.escape(k) for k, _ in sorted(pairs, key=lambda p: -len(p[0]))))
    return pattern, table


_EN_RE, _EN_TABLE = _digraph_regex(_DIGRAPHS_EN)
_DE_RE, _DE_TABLE = _digraph_regex(_DIGRAPHS_DE)
_GERMAN_MARK = re.compile(r"sch|[oe]wa?$|[oe]witsch|cz")

_DOUBLES = re.compile(r"([a-zəığşçöü])\1+")
_SURNAME_OV = re.compile(r"(?<=..[oe])f{1,2}(?=a?$)")
_ZADE = re.compile(r"zad(?:eh|e|a|ə)$")
_FINAL_EH = re.compile(r"(?<=...)eh$")
# Only after a consonant: given names such as Mirəli and Məmmədəli end in -əli.
_LI = re.compile(r"(?<=...[bcçdfgğhjklmnpqrsştvxz])l[iıuü]$")
_Y_AS_VOWEL = re.compile(r"(?<=[bcçdfgğhjklmnpqrsştvxz])y(?=[bcçdfgğhjklmnpqrsştvxz]|$)")
_IE = re.compile(r"ie(?=v|f)")


@lru_cache(maxsize=262_144)
def _reads_german(token: str) -> bool:
    lower = token.lower()
    return bool(_GERMAN_MARK.search(lower)) and not any(ch in _NATIVE_LETTERS for ch in lower)


def latin_system(tokens: list[str]) -> str:
    """Return "de" when any token reads as German/Czech/Polish romanisation, else "en"."""
    for tok in tokens:
        if _reads_german(tok):
            return "de"
    return "en"


def _finish(plf: str, collapse: bool = True) -> str:
    if collapse:
        plf = _DOUBLES.sub(r"\1", plf)
    plf = _SURNAME_OV.sub("v", plf)
    plf = _ZADE.sub("zadə", plf)
    plf = _FINAL_EH.sub("ə", plf)
    plf = _LI.sub("lı", plf)
    return plf


def latin_plf(lower: str, system: str = "en", collapse: bool = True) -> str:
    """Return the PLF of a lower-cased Latin token (doubled letters kept unless `collapse`)."""
    native = any(ch in _NATIVE_LETTERS for ch in lower)
    plf = lower.translate(_LATIN_FOLD)
    if not plf.isascii():
        plf = _fold_other(plf)
    if not native:
        if system == "de":
            plf = _DE_RE.sub(lambda m: _DE_TABLE[m.group()], plf)
        else:
            plf = _EN_RE.sub(lambda m: _EN_TABLE[m.group()], plf)
        plf = _IE.sub("iye", plf)
    plf = _Y_AS_VOWEL.sub("ı", plf)
    return _finish(plf, collapse)


_KEEP_LATIN = frozenset("abcçdeəfgğhxıijkqlmnoöprsştuüvyz")


def _fold_other(text: str) -> str:
    out = []
    for ch in text:
        if ch in _KEEP_LATIN:
            out.append(ch)
        else:
            base = unicodedata.normalize("NFKD", ch)[:1]
            out.append(base if base.isascii() else ch)
    return "".join(out)


# --- Cyrillic ---------------------------------------------------------------------------------

_AZ_CYRILLIC_MARK = frozenset("әғҝөүһҹј")
_CYR_COMMON = {
    "а": "a", "б": "b", "в": "v", "д": "d", "е": "e", "ё": "yo", "ж": "j", "з": "z",
    "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r",
    "с": "s", "т": "t", "у": "u", "ф": "f", "х": "x", "ц": "ts", "ч": "ç", "ш": "ş",
    "щ": "şç", "ъ": "", "ы": "ı", "ь": "", "э": "e", "ю": "yu", "я": "ya",
    # Azerbaijani
    "ә": "ə", "ғ": "ğ", "ҝ": "g", "ө": "ö", "ү": "ü", "һ": "h", "ҹ": "c", "ј": "y",
    # Serbian and Macedonian
    "ђ": "c", "ћ": "ç", "џ": "c", "љ": "ly", "њ": "ny", "ѓ": "g", "ќ": "ç", "ѕ": "z",
    # Bashkir, Tatar, Kazakh, Kyrgyz, Uzbek
    "ҡ": "q", "ҙ": "z", "ҫ": "s", "ң": "n", "җ": "c", "қ": "q", "ұ": "u", "і": "i",
    "ҳ": "h", "ў": "u", "ӑ": "ə", "ӗ": "e", "ӳ": "ü", "ӧ": "ö", "ӓ": "ə",
    # Ukrainian and Belarusian
    "є": "ye", "ї": "yi", "ґ": "g",
}
_RU_TABLE = str.maketrans({**_CYR_COMMON, "г": "g"})
# In Azerbaijani Cyrillic г is q (Гасымов = Qasımov); in Russian it stands for g and h.
_AZ_TABLE = str.maketrans({**_CYR_COMMON, "г": "q"})
_CYR_VOWELS = "аеёиоуыэюяәөүіұ"
# е, ё, ю, я are read with a y at the start of a word and after a vowel or a sign letter; after
# a consonant they soften it, which Azerbaijani writes as a front vowel (Гюльнара = Gülnarə).
_CYR_IOTATED = re.compile(rf"(^|[{_CYR_VOWELS}ъь])([еёюя])")
_CYR_SOFT = {"е": "e", "ё": "ö", "ю": "ü", "я": "a"}
_CYR_YOT = {"е": "ye", "ё": "yo", "ю": "yu", "я": "ya"}
_CYR_SOFT_TABLE = str.maketrans({k: v for k, v in _CYR_SOFT.items() if k in "ёюя"})


def cyrillic_plf(lower: str, collapse: bool = True) -> str:
    """Return the PLF of a lower-cased Cyrillic token (doubled letters kept unless `collapse`)."""
    text = _CYR_IOTATED.sub(lambda m: m.group(1) + _CYR_YOT[m.group(2)], lower)
    text = text.replace("дж", "c")
    text = text.translate(_CYR_SOFT_TABLE)
    table = _AZ_TABLE if any(ch in _AZ_CYRILLIC_MARK for ch in lower) else _RU_TABLE
    plf = text.translate(table)
    if not plf.isascii():
        plf = _fold_other(plf)
    plf = _Y_AS_VOWEL.sub("ı", plf)
    return _finish(plf, collapse)


# --- Arabic and Persian -----------------------------------------------------------------------

_ARABIC_TABLE = str.maketrans(
    {
        "ا": "A", "أ": "A", "إ": "A", "آ": "A", "ٱ": "A", "ء": "", "ع": "", "ؤ": "",
        "ئ": "", "ی": "Y", "ي": "Y", "ى": "Y", "ې": "Y", "ێ": "Y", "ۍ": "Y",
        "و": "W", "ۆ": "W", "ۇ": "W", "ۉ": "W", "ۈ": "W", "ۊ": "W", "ۋ": "v",
        "ب": "b", "پ": "p", "ت": "t", "ث": "s", "ج": "c", "چ": "ç", "ح": "h", "خ": "x",
        "د": "d", "ذ": "z", "ر": "r", "ز": "z", "ژ": "j", "س": "s", "ش": "ş", "ص": "s",
        "ض": "z", "ط": "t", "ظ": "z", "غ": "ğ", "ف": "f", "ق": "q", "ك": "k", "ک": "k",
        "گ": "g", "ڭ": "n", "ل": "l", "م": "m", "ن": "n", "ه": "h", "ە": "E", "ة": "E",
        "ۀ": "E", "ھ": "h", "ڤ": "v",
    }
)
_ARABIC_FINAL_HE = re.compile(r"(?<=[^A])h$")


def arabic_plf(text: str) -> str:
    """Return the PLF of an Arabic-script token (Arabic, Persian, South Azerbaijani)."""
    text = unicodedata.normalize("NFKC", text) if any("\ufb50" <= c for c in text) else text
    # Allah in compounds is read without its h in Azerbaijani (عبدالله = Abdulla).
    text = text.replace("الله", "لا")
    plf = text.translate(_ARABIC_TABLE)
    # A final ه is the vowel ə/e (زاده = zadə, علویه = Ülviyyə), except after ا (شاه = Şah).
    return _ARABIC_FINAL_HE.sub("E", plf) if len(plf) > 2 else plf


# --- Tokens -----------------------------------------------------------------------------------

_TOKEN = re.compile(r"[^\W\d_]+")


def split_tokens(text: str) -> list[str]:
    """Return the letter runs of `text` (hyphens, dots, commas and spaces separate them)."""
    return _TOKEN.findall(text.translate(_STRIP))


def token_script(token: str) -> str:
    """Return the main script of one token: "Latn", "Cyrl", "Arab" or "Other"."""
    counts: dict[str, int] = {}
    for ch in token:
        script = char_script(ch)
        if script:
            counts[script] = counts.get(script, 0) + 1
    if not counts:
        return "Other"
    if len(counts) == 1:
        return next(iter(counts))
    # Latin wins ties: a Latin word with one Cyrillic look-alike typed into it is the usual case.
    return max(counts, key=lambda s: (counts[s], s == "Latn"))


@lru_cache(maxsize=262_144)
def token_plf(token: str, system: str = "en") -> tuple[str, str]:
    """Return (script, PLF) for one raw token."""
    script = token_script(token)
    if script == "Latn":
        if not token.isascii():
            token = token.translate(_CYR_TO_LAT_LOOKALIKE)
        lower = az_lower(token) if is_native_latin(token) else token.lower()
        return script, latin_plf(lower, system)
    if script == "Cyrl":
        token = token.translate(_LAT_TO_CYR_LOOKALIKE)
        return script, cyrillic_plf(token.lower())
    if script == "Arab":
        return script, arabic_plf(token)
    return script, _fold_other(token.lower())


# --- Display transliteration ------------------------------------------------------------------

_PLF_TO_AZ_CYRL = str.maketrans(
    {
        "a": "а", "b": "б", "c": "ҹ", "ç": "ч", "d": "д", "e": "е", "ə": "ә", "f": "ф",
        "g": "ҝ", "ğ": "ғ", "h": "һ", "x": "х", "ı": "ы", "i": "и", "j": "ж", "k": "к",
        "q": "г", "l": "л", "m": "м", "n": "н", "o": "о", "ö": "ө", "p": "п", "r": "р",
        "s": "с", "ş": "ш", "t": "т", "u": "у", "ü": "ү", "v": "в", "y": "ј", "z": "з",
    }
)
_ARABIC_DISPLAY = [
    (re.compile(r"W[fv]$"), "ov"),
    (re.compile(r"Y+[fv]$"), "iyev"),
    (re.compile(r"^W|(?<=A)W|WW"), "v"),
    (re.compile(r"^Y(?=A)"), "y"),
    (re.compile(r"W"), "u"),
    (re.compile(r"Y+"), "i"),
    (re.compile(r"A"), "a"),
    (re.compile(r"E"), "ə"),
    # Unwritten short vowels: ə is the most frequent one in Azerbaijani names.
    (re.compile(r"(?<=[bcçdfgğhjklmnpqrsştvxz])(?=[bcçdfgğhjklmnpqrsştvxz])"), "ə"),
]


def is_native_latin(word: str) -> bool:
    """Return whether a Latin word uses Azerbaijani or Turkish letters."""
    return any(ch in _NATIVE_LETTERS for ch in word)


def display_latin(word: str, system: str = "en") -> str:
    """Return a lower-case Azerbaijani Latin reading of one word, as close to it as possible."""
    word = word.translate(_STRIP)
    script = token_script(word)
    if script == "Latn":
        word = word.translate(_CYR_TO_LAT_LOOKALIKE)
        return az_lower(word) if is_native_latin(word) else latin_plf(word.lower(), system, False)
    if script == "Cyrl":
        return cyrillic_plf(word.translate(_LAT_TO_CYR_LOOKALIKE).lower(), collapse=False)
    if script == "Arab":
        # Initial ع is the vowel ə in Azerbaijani names (علی = Əli).
        word = "ا" + word[1:] if word[:1] == "ع" else word
        return plf_to_latin(arabic_plf(word), script).replace("a", "ə", 1 if word[:1] == "ا" else 0)
    return token_plf(word, system)[1]


def plf_to_latin(plf: str, script: str) -> str:
    """Return a readable Azerbaijani Latin form of a PLF (best effort for Arabic script)."""
    if script == "Arab":
        for pattern, repl in _ARABIC_DISPLAY:
            plf = pattern.sub(repl, plf)
    return plf


def plf_to_cyrillic(latin: str) -> str:
    """Return the Azerbaijani Cyrillic form of an Azerbaijani Latin lower-case word."""
    return latin.translate(_PLF_TO_AZ_CYRL)
