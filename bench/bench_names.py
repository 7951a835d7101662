"""Benchmark korpu.names: search keys per second and compare pairs per second.

Run: python bench/bench_names.py [N]   (N names for the key benchmark, default 1,000,000)

Names are built from every token of the labelled set (tests/names/data/persons.csv), crossed
at random, so most full names are new while tokens repeat as in a real register. A cold run
with every token unseen shows the cost without caches. The reference is a plain
unicodedata.normalize("NFC") + lower() + split() over the same names in the same run.
"""

from __future__ import annotations

import csv
import random
import sys
import time
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from korpu.names import compare, search_keys  # noqa: E402
from korpu.names.compare import _compare, token_similarity  # noqa: E402
from korpu.names.keys import _name_keys, plf_key  # noqa: E402
from korpu.names.structure import _analyse, parse_name  # noqa: E402
from korpu.names.translit import token_plf  # noqa: E402

PERSONS = ROOT / "tests" / "names" / "data" / "persons.csv"


def clear_caches() -> None:
    for fn in (_compare, token_similarity, _name_keys, plf_key, parse_name, token_plf, _analyse):
        fn.cache_clear()


def load() -> list[list[str]]:
    with open(PERSONS, encoding="utf-8", newline="") as handle:
        return [row["name"].split() for row in csv.DictReader(handle)]


def make_names(spellings: list[list[str]], n: int, rng: random.Random) -> list[str]:
    firsts = [s[0] for s in spellings]
    lasts = [s[-1] for s in spellings]
    return [f"{rng.choice(firsts)} {rng.choice(lasts)}" for _ in range(n)]


def timed(fn, items) -> float:
    start = time.perf_counter()
    for item in items:
        fn(item)
    return time.perf_counter() - start


def reference(name: str) -> list[str]:
    return unicodedata.normalize("NFC", name).lower().split()


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    rng = random.Random(1)
    spellings = load()
    names = make_names(spellings, n, rng)

    clear_caches()
    keys_s = timed(search_keys, names)
    ref_s = timed(reference, names)
    print(f"search_keys: {n:,} names in {keys_s:.1f} s = {n / keys_s:,.0f} names/s "
          f"({keys_s / n * 1e6:.1f} µs/name); reference NFC+lower: {n / ref_s:,.0f} names/s; "
          f"ratio {keys_s / ref_s:.1f}x")

    cold = [f"{a}{rng.choice('abdeklmnr')}{rng.randrange(10**6)} {b}" for a, b in
            (name.split(" ", 1) for name in names[:20_000])]
    cold = [name.translate(str.maketrans("0123456789", "qwertyuiop")) for name in cold]
    clear_caches()
    cold_s = timed(search_keys, cold)
    cold_ref = timed(reference, cold)
    print(f"search_keys, every name and token unseen: {len(cold) / cold_s:,.0f} names/s "
          f"({cold_s / len(cold) * 1e6:.1f} µs/name); ratio to reference {cold_s / cold_ref:.1f}x")

    flat = [" ".join(s) for s in spellings]
    pairs = [(rng.choice(flat), rng.choice(flat)) for _ in range(100_000)]
    clear_caches()
    cmp_s = timed(lambda p: compare(*p), pairs)
    ref_pairs = timed(lambda p: (reference(p[0]), reference(p[1])), pairs)
    print(f"compare: {len(pairs):,} pairs in {cmp_s:.1f} s = {len(pairs) / cmp_s:,.0f} pairs/s; "
          f"ratio to reference {cmp_s / ref_pairs:.0f}x")

    cold_pairs = [(a, b) for a, b in zip(cold[: 5000], cold[5000:10_000], strict=True)]
    clear_caches()
    cold_cmp = timed(lambda p: compare(*p), cold_pairs)
    print(f"compare, every name unseen: {len(cold_pairs) / cold_cmp:,.0f} pairs/s")


if __name__ == "__main__":
    main()
