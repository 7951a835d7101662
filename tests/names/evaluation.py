"""Measure same-rate and false-same-rate of `compare` on the labelled set in data/."""

from __future__ import annotations

import csv
import itertools
import random
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from korpu.names import compare, query_keys, search_keys

DATA = Path(__file__).parent / "data"


@dataclass
class Result:
    """Counts and failures of one evaluation run."""

    same_pairs: int
    same_hits: int
    diff_pairs: int
    false_same: int
    search_pairs: int
    search_hits: int
    misses: list[tuple[str, str, str]]
    false: list[tuple[str, str, str]]

    @property
    def same_rate(self) -> float:
        return self.same_hits / self.same_pairs

    @property
    def false_same_rate(self) -> float:
        return self.false_same / self.diff_pairs

    @property
    def search_rate(self) -> float:
        return self.search_hits / self.search_pairs


def load_persons() -> dict[str, list[str]]:
    persons: dict[str, list[str]] = defaultdict(list)
    with open(DATA / "persons.csv", encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            persons[row["person"]].append(row["name"])
    return dict(persons)


def load_hard_negatives() -> list[tuple[str, str]]:
    with open(DATA / "hard_negatives.csv", encoding="utf-8", newline="") as handle:
        return [(r["name1"], r["name2"]) for r in csv.DictReader(handle)]


def evaluate(diff_per_person_pair: int = 1, seed: int = 7) -> Result:
    """Compare every pair of one person's spellings, and spellings of every two persons."""
    rng = random.Random(seed)
    persons = load_persons()
    same_pairs = same_hits = diff_pairs = false_same = search_pairs = search_hits = 0
    misses: list[tuple[str, str, str]] = []
    false: list[tuple[str, str, str]] = []
    for names in persons.values():
        keys = [set(search_keys(n)) for n in names]
        for (i, a), (j, b) in itertools.combinations(enumerate(names), 2):
            result = compare(a, b)
            same_pairs += 1
            if result.same:
                same_hits += 1
            else:
                misses.append((a, b, result.reason))
            search_pairs += 2
            search_hits += set(query_keys(a)) <= keys[j]
            search_hits += set(query_keys(b)) <= keys[i]
    ids = sorted(persons)
    pairs = [(persons[x], persons[y]) for x, y in itertools.combinations(ids, 2)]
    for names_a, names_b in pairs:
        for _ in range(diff_per_person_pair):
            a, b = rng.choice(names_a), rng.choice(names_b)
            result = compare(a, b)
            diff_pairs += 1
            if result.same:
                false_same += 1
                false.append((a, b, result.reason))
    for a, b in load_hard_negatives():
        result = compare(a, b)
        diff_pairs += 1
        if result.same:
            false_same += 1
            false.append((a, b, result.reason))
    return Result(same_pairs, same_hits, diff_pairs, false_same, search_pairs, search_hits,
                  misses, false)


if __name__ == "__main__":
    import sys
    import time

    start = time.perf_counter()
    res = evaluate()
    took = time.perf_counter() - start
    print(f"same-rate {res.same_rate:.4f} ({res.same_hits}/{res.same_pairs})")
    print(f"false-same-rate {res.false_same_rate:.5f} ({res.false_same}/{res.diff_pairs})")
    print(f"search recall {res.search_rate:.4f} ({res.search_hits}/{res.search_pairs})")
    print(f"{(res.same_pairs + res.diff_pairs) / took:.0f} pairs/s")
    limit = int(sys.argv[1]) if len(sys.argv) > 1 else 40
    for a, b, why in res.misses[:limit]:
        print("MISS", a, "|", b, "::", why)
    for a, b, why in res.false[:limit]:
        print("FALSE", a, "|", b, "::", why)
