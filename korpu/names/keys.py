"""Search keys: a consonant skeleton per name token that survives script and spelling changes."""

from __future__ import annotations

import re
from functools import lru_cache

from korpu.names.structure import Role, _analyse
from korpu.names.text import normalize
from korpu.names.translit import latin_system, split_tokens

# Consonants fold into classes whose members stand for each other in some romanisation:
#   k: k q g ğ h x  (Russian г for h and q, х for x; English kh, gh)
#   s: s ş ç c j z  (ASCII typing drops cedillas; French ch is ş, English ch is ç, j is c;
#                    German writes z as s: Alisade)
#   v: v f w        (Arabic script writes -ov with ف; German -ow, French -off)
#   b: b p, d: d t  (Turkish Ahmet for Əhməd; Arabic has no p)
# Vowels, y and the Arabic long-vowel letters are dropped: Arabic script does not write short
# vowels, and romanisations disagree on the rest (Aliyev, Aliev, Əliyev).
_CLASS = str.maketrans(
    {
        **{v: None for v in "aeəıioöuüyAYEW"},
        "q": "k", "g": "k", "ğ": "k", "h": "k", "x": "k",
        "ş": "s", "ç": "s", "c": "s", "j": "s", "z": "s",
        "f": "v", "w": "v", "p": "b", "t": "d",
    }
)
# Arabic و is a consonant (v) at the start of a word, next to ا, and doubled (داوود = Davud,
# ممدوا = Məmmədova).
_ARABIC_WAW_V = re.compile(r"^W|(?<=A)W|WW|W(?=A)")
_VOWEL_CLASS = str.maketrans({**dict.fromkeys("aeəAEä", "a"), **dict.fromkeys("iıyY", "i"),
                              **dict.fromkeys("oöuüW", "u")})
_SAME_CLASS_RUN = re.compile(r"([ksvbd])\1+")


@lru_cache(maxsize=524_288)
def plf_key(plf: str, arabic: bool = False) -> str:
    """Return the search key of one token's PLF (`arabic` when it was in Arabic script)."""
    if arabic:
        key = _ARABIC_WAW_V.sub("v", plf).translate(_CLASS)
    else:
        key = plf.translate(_CLASS)
        # Within a Latin or Cyrillic spelling, neighbouring letters of one class are one sound
        # (Cyrillic щ = şç, German tsch).
        key = _SAME_CLASS_RUN.sub(r"\1", key)
    if not key:
        # A name of vowels only (Ay, Aya): keep its first vowel so it is not an empty key.
        return "~" + plf[:1].translate(_VOWEL_CLASS)
    return key


@lru_cache(maxsize=262_144)
def _name_keys(name: str, query: bool) -> tuple[str, ...]:
    # The same role rules as structure.parse_name, without building Token objects: keys are
    # computed for every stored name, so this path is kept lean.
    raw = split_tokens(normalize(name))
    system = latin_system(raw)
    items: list[list] = []  # [key, hint]
    for text in raw:
        script, plf, hint = _analyse(text, system)
        if hint == "title":
            continue
        if hint == "marker":
            if items:
                if items[-1][1] is None:
                    items[-1][1] = Role.PATRONYMIC
                continue
            hint = None
        items.append([plf_key(plf, script == "Arab"), hint])
    if query:
        open_idx = [i for i, it in enumerate(items) if it[1] is None]
        if not any(it[1] is Role.SURNAME for it in items) and len(open_idx) >= 2:
            open_idx.pop()  # the last open token is the surname
        middles = set(open_idx[1:])
        kept = [
            key for i, (key, hint) in enumerate(items)
            if hint not in (Role.PATRONYMIC, Role.INITIAL) and i not in middles
        ]
        if not kept:
            # A query of only a patronymic or middle name still searches by it.
            kept = [key for key, hint in items if hint is not Role.INITIAL]
    else:
        kept = [key for key, hint in items if hint is not Role.INITIAL]
    return tuple(dict.fromkeys(kept))


def search_keys(name: str) -> list[str]:
    """Return the keys to index a person's name under, one per name token (no duplicates)."""
    return list(_name_keys(name, False))


def query_keys(query: str) -> list[str]:
    """Return the keys a search query must find among a person's keys.

    Patronymics and middle names are left out, so a query with them still finds a person
    stored without them.
    """
    return list(_name_keys(query, True))
