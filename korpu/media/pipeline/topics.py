"""Topics by editable rules: {topic: {lang: [patterns]}}, matched on folded text.

A pattern is one or more words; each matches a word that starts with it ("diaspor" matches
diaspora, diasporu, diasporası). A pattern starting with "re:" is a regular expression on
the folded text. The language key "*" applies to every language.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from functools import lru_cache

from korpu.media.pipeline.text import fold, words

Rules = Mapping[str, Mapping[str, Sequence[str]]]


@lru_cache(maxsize=4096)
def _compile(pattern: str) -> re.Pattern[str]:
    if pattern.startswith("re:"):
        return re.compile(pattern[3:])
    parts = [re.escape(w) for w in words(pattern)]
    return re.compile(r"(?<!\w)" + r"\w*\W+".join(parts) + r"\w*" if parts else r"(?!)")


def classify(text: str, lang: str | None, rules: Rules) -> list[str]:
    """Return the topics whose patterns for `lang` (or "*") occur in text, most hits first."""
    folded = fold(text)
    scores: dict[str, int] = {}
    for topic, by_lang in rules.items():
        patterns = [*by_lang.get(lang or "", ()), *by_lang.get("*", ())]
        hits = sum(len(_compile(p).findall(folded)) for p in patterns)
        if hits:
            scores[topic] = hits
    return sorted(scores, key=lambda t: (-scores[t], t))
