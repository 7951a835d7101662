"""Mentions of registry entities (organisations, people, places, projects) in article text.

The registry is the gazetteer: entries are (id, kind, name forms). Matching folds case,
diacritics and Arabic letter forms, strips Arabic attached prefixes (و ف ب ل ك and the
article ال: لأذربيجان, والشتات, بـكاراباخ) and tolerates Turkic and Russian endings
(Şuşada, Bakının, Мурадова, Шуше).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from korpu.media.pipeline.text import word_spans

GazetteerEntry = tuple[str, str, Sequence[str]]

# Index by the first three letters: enough to pick few candidates, short enough that an
# inflected ending (Шуша → Шуше) still lands in the same bucket.
_KEY = 3
_ARABIC_LETTERS = range(0x0600, 0x0700)
_PROCLITICS = ("و", "ف", "ب", "ل", "ك")


@dataclass(frozen=True)
class Mention:
    """One entity named in the text, with where and how."""

    entity_id: str
    kind: str
    start: int
    end: int
    surface: str


@dataclass(frozen=True)
class _Form:
    tokens: tuple[str, ...]
    entity_id: str
    kind: str


class Gazetteer:
    """Compiled name forms, indexed for fast scanning; build once, reuse for every article."""

    def __init__(self, entries: Iterable[GazetteerEntry]):
        self._index: dict[str, list[_Form]] = defaultdict(list)
        for entity_id, kind, names in entries:
            for name in names:
                tokens = tuple(w for _, _, w in word_spans(name))
                if not tokens:
                    continue
                for first in _bare_variants(tokens[0]):
                    self._index[first[:_KEY]].append(_Form((first, *tokens[1:]), entity_id, kind))
        for forms in self._index.values():
            forms.sort(key=lambda f: -len(f.tokens))

    def candidates(self, token: str) -> list[tuple[str, _Form]]:
        """Forms whose first word could be this text word, with the word's matching variant."""
        out = []
        for variant in _bare_variants(token):
            for form in self._index.get(variant[:_KEY], ()):
                out.append((variant, form))
        return out


def _is_arabic(word: str) -> bool:
    return bool(word) and ord(word[0]) in _ARABIC_LETTERS


def _bare_variants(word: str) -> list[str]:
    """The word and its forms without Arabic proclitics and article (والشتات → الشتات, شتات)."""
    if not _is_arabic(word):
        return [word]
    out = [word]
    stems = [word]
    if len(word) > 3 and word[0] in _PROCLITICS:
        stems.append(word[1:])
    # li + al- contracts to لل (للشتات = ل + الشتات)
    if word.startswith("لل") and len(word) > 4:
        stems.append("ا" + word[1:])
    for stem in stems:
        if stem not in out:
            out.append(stem)
        if stem.startswith("ال") and len(stem) > 4:
            out.append(stem[2:])
    return out


# Case and possessive endings that Azerbaijani, Turkish and Russian glue to a name, folded
# (ə→e, ı→i, ü→u). A whitelist, so "Shushanik" is not Shusha but "Şuşada" and "Шуши" are.
_SUFFIXES = frozenset(
    """da de ta te dan den tan ten in nin un nun a e ya ye i yi u yu dir dur li lu lar ler
    daki deki taki teki ki nda nde ndan nden ndaki ndeki na ne ni nu si su sinin sina sine sini
    sinde sinda yla yle la le ca ce dakilar dakiler
    а у е ом ой ы и ым ам ах ою ей ого ому ом ю я""".split()
)


def _suffix_ok(extra: str) -> bool:
    if not extra or extra in _SUFFIXES:
        return True
    # Two stacked endings: Bakı-da-kı, Azərbaycan-ın-da
    return any(extra[:i] in _SUFFIXES and extra[i:] in _SUFFIXES for i in range(1, len(extra)))


def _word_matches(text_word: str, form_word: str) -> bool:
    if text_word == form_word:
        return True
    if len(form_word) < 4 or not text_word.startswith(form_word[: len(form_word) - 1]):
        return False
    extra = len(text_word) - len(form_word)
    if text_word.startswith(form_word):
        # Agglutinated endings: Bakı-nın, Şuşa-da, Azərbaycan-ın; Arabic attaches none here.
        return not _is_arabic(form_word) and extra <= 6 and _suffix_ok(text_word[len(form_word) :])
    # A final vowel that inflects away: Шуша → Шуше/Шуши, Москва → Москве.
    return form_word[-1] in "аяоеиыуaeiou" and -1 <= extra <= 2 and not _is_arabic(form_word)


def find_mentions(text: str, gazetteer: Gazetteer | Iterable[GazetteerEntry]) -> list[Mention]:
    """Find the gazetteer's entities named in text, longest match first, without overlaps."""
    gaz = gazetteer if isinstance(gazetteer, Gazetteer) else Gazetteer(gazetteer)
    spans = word_spans(text)
    out: list[Mention] = []
    i = 0
    while i < len(spans):
        best: tuple[int, _Form] | None = None
        for variant, form in gaz.candidates(spans[i][2]):
            n = len(form.tokens)
            if i + n > len(spans) or (best is not None and n <= best[0]):
                continue
            if not _word_matches(variant, form.tokens[0]):
                continue
            if all(_word_matches(spans[i + k][2], form.tokens[k]) for k in range(1, n)):
                best = (n, form)
        if best is None:
            i += 1
            continue
        n, form = best
        start, end = spans[i][0], spans[i + n - 1][1]
        out.append(Mention(form.entity_id, form.kind, start, end, text[start:end]))
        i += n
    return out
