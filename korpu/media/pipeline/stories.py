"""Group articles into stories: the copies, rewrites and translations of one news event.

Same language: MinHash LSH over word shingles of folded text (copies and light rewrites).
Across languages: cosine of multilingual embeddings of title + lead. Both only within a
window of days around the publication date, and never between items whose numbers
disagree: "Brent is $74.12" and next day's "Brent is $73.05" share a template, not a story.

`StoryGrouper` is incremental: `add()` one article at a time, in any order; the state is
rebuilt from stored texts and embeddings by calling `add()` again (see `rebuild`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
from datasketch import MinHash, MinHashLSH

from korpu.media.pipeline.text import numbers, words

# Measured on tests/media/data (docs/media.md): same-event pairs across languages score
# 0.85–0.97 with multilingual-e5-small on title + lead, different events up to ~0.84.
COSINE_THRESHOLD = 0.86
JACCARD_THRESHOLD = 0.5
WINDOW_DAYS = 2
NUM_PERM = 64
SHINGLE = 3
# At most this many LSH candidates per day are checked: near-copies are few, and a flood of
# candidates means shared boilerplate, not one story.
MAX_CANDIDATES = 200
LEAD_CHARS = 200


def story_text(title: str, text: str, lead_chars: int = LEAD_CHARS) -> str:
    """The part of an article that identifies its story: title and the start of the body."""
    lead = " ".join(text.split())[:lead_chars]
    return f"{title.strip()}. {lead}" if title else lead


def numbers_conflict(a: frozenset[str], b: frozenset[str]) -> bool:
    """True when each text states a number the other does not (a price, a day, a score).

    A shortened rewrite may drop numbers, so one side being a subset is no conflict.
    """
    return bool(a - b) and bool(b - a)


def _shingles(text: str) -> set[bytes]:
    tokens = words(text)
    if len(tokens) < SHINGLE:
        return {" ".join(tokens).encode()} if tokens else set()
    return {" ".join(tokens[i : i + SHINGLE]).encode() for i in range(len(tokens) - SHINGLE + 1)}


@dataclass
class _Item:
    item_id: str
    lang: str | None
    day: int | None
    numbers: frozenset[str]
    minhash: MinHash | None
    story_id: str


class _DayVectors:
    """The embeddings of one day's items as a growing matrix (amortised appends)."""

    def __init__(self, dim: int):
        self.matrix = np.zeros((16, dim), dtype=np.float32)
        self.items: list[_Item] = []

    def append(self, item: _Item, vector: np.ndarray) -> None:
        n = len(self.items)
        if n == len(self.matrix):
            self.matrix = np.vstack([self.matrix, np.zeros_like(self.matrix)])
        self.matrix[n] = vector
        self.items.append(item)

    def view(self) -> np.ndarray:
        return self.matrix[: len(self.items)]


@dataclass(frozen=True)
class Match:
    """Why an item joined a story: the item it matched and by which measure."""

    item_id: str
    method: str
    score: float


class StoryGrouper:
    """Assigns each added article to a story, creating a new one when nothing matches."""

    def __init__(
        self,
        *,
        cosine_threshold: float = COSINE_THRESHOLD,
        jaccard_threshold: float = JACCARD_THRESHOLD,
        window_days: int = WINDOW_DAYS,
        num_perm: int = NUM_PERM,
    ):
        self.cosine_threshold = cosine_threshold
        self.jaccard_threshold = jaccard_threshold
        self.window_days = window_days
        self.num_perm = num_perm
        self._items: dict[str, _Item] = {}
        # One LSH index per (language, day): a query only ever sees the date window, so
        # boilerplate shared by thousands of items cannot turn a lookup into a scan.
        self._lsh: dict[tuple[str | None, int | None], MinHashLSH] = {}
        self._days: dict[int | None, _DayVectors] = {}
        self.matches: dict[str, Match] = {}
        self.merges: list[tuple[str, str]] = []
        self._order: dict[str, int] = {}
        self._members: dict[str, list[str]] = {}

    def __len__(self) -> int:
        return len(self._items)

    def add(
        self,
        item_id: str,
        lang: str | None,
        text: str,
        embedding: np.ndarray | None,
        published: dt.date | dt.datetime | None,
    ) -> str:
        """Add an article (title + lead as `text`) and return the id of its story.

        A story's id is the id of its first article. Adding an id twice returns its story.
        """
        if item_id in self._items:
            return self._items[item_id].story_id
        day = _day(published)
        nums = numbers(text)
        minhash = self._minhash(text) if text else None
        found = self._match_same_language(lang, day, nums, minhash)
        vector = None
        if embedding is not None:
            vector = np.asarray(embedding, dtype=np.float32).reshape(-1)
            found += self._match_embedding(day, nums, vector)
        story_id = item_id
        if found:
            best = max(found, key=lambda m: m.score)
            self.matches[item_id] = best
            # An item that matches two stories shows they are one (the Arabic copy that
            # matched the English wire and the Azerbaijani original): merge into the oldest.
            stories = {self.story_of(m.item_id) for m in found}
            story_id = min(stories, key=lambda sid: self._order[sid])
            for other in stories - {story_id}:
                self._merge(other, story_id)
        item = _Item(item_id, lang, day, nums, minhash, story_id)
        self._items[item_id] = item
        self._order.setdefault(story_id, len(self._order))
        self._members.setdefault(story_id, []).append(item_id)
        if minhash is not None:
            self._lsh_for(lang, day).insert(item_id, minhash)
        if vector is not None:
            bucket = self._days.get(day)
            if bucket is None:
                bucket = self._days[day] = _DayVectors(len(vector))
            bucket.append(item, vector)
        return story_id

    def _merge(self, old: str, new: str) -> None:
        for member in self._members.pop(old, []):
            self._items[member].story_id = new
            self._members[new].append(member)
        self.merges.append((old, new))

    def pop_merges(self) -> list[tuple[str, str]]:
        """Return and forget the (old story id, surviving story id) merges since last asked."""
        merges, self.merges = self.merges, []
        return merges

    def story_of(self, item_id: str) -> str:
        """Return the story id of an added item."""
        return self._items[item_id].story_id

    def stories(self) -> dict[str, list[str]]:
        """Return every story id with its item ids."""
        return {sid: list(members) for sid, members in self._members.items()}

    @classmethod
    def rebuild(
        cls,
        records: Iterable[
            tuple[str, str | None, str, np.ndarray | None, dt.date | dt.datetime | None]
        ],
        **options: float,
    ) -> StoryGrouper:
        """Rebuild the state from stored (item_id, lang, text, embedding, published) records.

        Records are replayed in publication order, so the result does not depend on the
        order the database returns them in.
        """
        grouper = cls(**options)  # type: ignore[arg-type]
        ordered = sorted(records, key=lambda r: (_day(r[4]) is None, _day(r[4]) or 0, r[0]))
        for record in ordered:
            grouper.add(*record)
        return grouper

    # -- matching -----------------------------------------------------------------------

    def _minhash(self, text: str) -> MinHash | None:
        shingles = _shingles(text)
        if not shingles:
            return None
        m = MinHash(num_perm=self.num_perm)
        m.update_batch(list(shingles))
        return m

    def _lsh_for(self, lang: str | None, day: int | None) -> MinHashLSH:
        lsh = self._lsh.get((lang, day))
        if lsh is None:
            lsh = MinHashLSH(threshold=self.jaccard_threshold, num_perm=self.num_perm)
            self._lsh[(lang, day)] = lsh
        return lsh

    def _window(self, day: int | None) -> list[int | None]:
        return (
            [day]
            if day is None
            else list(range(day - self.window_days, day + self.window_days + 1))
        )

    def _match_same_language(
        self, lang: str | None, day: int | None, nums: frozenset[str], minhash: MinHash | None
    ) -> list[Match]:
        if minhash is None:
            return []
        keys: list[str] = []
        for d in self._window(day):
            lsh = self._lsh.get((lang, d))
            if lsh is not None:
                keys.extend(lsh.query(minhash)[:MAX_CANDIDATES])
        found: list[Match] = []
        for key in keys:
            other = self._items[key]
            if numbers_conflict(nums, other.numbers):
                continue
            assert other.minhash is not None
            score = minhash.jaccard(other.minhash)
            if score >= self.jaccard_threshold:
                found.append(Match(key, "minhash", float(score)))
        return found

    def _match_embedding(
        self, day: int | None, nums: frozenset[str], vector: np.ndarray
    ) -> list[Match]:
        found: list[Match] = []
        for d in self._window(day):
            bucket = self._days.get(d)
            if bucket is None or not bucket.items:
                continue
            sims = bucket.view() @ vector
            # Only the few rows above the threshold are looked at one by one.
            for row in np.flatnonzero(sims >= self.cosine_threshold):
                other = bucket.items[int(row)]
                if not numbers_conflict(nums, other.numbers):
                    found.append(Match(other.item_id, "embedding", float(sims[row])))
        return found


def _day(value: dt.date | dt.datetime | None) -> int | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        value = value.date()
    return value.toordinal()
