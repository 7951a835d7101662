"""Names across scripts: normalise, detect script, case, transliterate, key and compare.

Pure Python, no Django: the `network` app stores `search_keys` of every name and variant, and
uses `query_keys` to find candidates and `compare` to rank and to spot duplicates.
"""

from __future__ import annotations

import re

from korpu.names.compare import Comparison, compare
from korpu.names.keys import query_keys, search_keys
from korpu.names.text import (
    az_lower,
    az_upper,
    detect_script,
    is_printable_name,
    normalize,
    validate_name,
)
from korpu.names.translit import (
    display_latin,
    latin_system,
    plf_to_cyrillic,
    split_tokens,
    token_script,
)

__all__ = [
    "Comparison",
    "az_lower",
    "az_upper",
    "compare",
    "detect_script",
    "is_printable_name",
    "normalize",
    "query_keys",
    "search_keys",
    "transliterate",
    "validate_name",
]

_WORD = re.compile(r"[^\W\d_]+(?:['’ʼ\u200c][^\W\d_]+)*")


def _recase(word: str, like: str) -> str:
    if len(like) > 1 and like == az_upper(like) and like != az_lower(like):
        return az_upper(word)
    if like[:1] != az_lower(like[:1]):
        return az_upper(word[:1]) + word[1:]
    return word


def transliterate(name: str, target: str) -> str:
    """Return `name` written in `target`: "Latn" (Azerbaijani Latin) or "Cyrl" (Azerbaijani).

    Best effort, for showing alternative forms: Arabic script has no short vowels, so its
    Latin form guesses them.
    """
    if target not in ("Latn", "Cyrl"):
        raise ValueError(f"unknown target script {target!r}; use 'Latn' or 'Cyrl'")
    text = normalize(name)
    system = latin_system(split_tokens(text))

    def convert(m: re.Match[str]) -> str:
        word = m.group()
        script = token_script(word)
        if script == target:
            return word
        latin = display_latin(word, system)
        out = plf_to_cyrillic(latin) if target == "Cyrl" else latin
        return _recase(out, word) if script != "Arab" else _recase(out, "X")

    return _WORD.sub(convert, text)
