"""Duplicate detection over N people (1% planted duplicates written in another script):
time (target under 10 minutes at 1,000,000 on 2 cores), precision and recall.

Run: python bench/bench_network_duplicates.py [--people 1000000]
Reference, measured in the same run: loading the people and their name keys (the floor of any pass).
"""

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_network_data as data  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=1_000_000)
    args = parser.parse_args()
    truth_path = data.setup(args.people)
    data.build(args.people, truth_path)
    from korpu.network import duplicates
    from korpu.network.models import NameKey

    truth = {tuple(pair) for pair in json.loads(truth_path.read_text())}
    started = time.perf_counter()
    people = duplicates.load_people()
    sum(1 for _row in NameKey.objects.values_list("person_id", "key").iterator(chunk_size=50000))
    reference = time.perf_counter() - started
    started = time.perf_counter()
    cpu = time.process_time()
    found, outcome = duplicates.find()
    elapsed = time.perf_counter() - started
    cpu = time.process_time() - cpu
    predicted = {tuple(sorted((str(a), str(b)))) for a, b, _score, _reasons in found}
    hits = len(predicted & truth)
    precision = hits / len(predicted) if predicted else 0.0
    recall = hits / len(truth) if truth else 0.0
    print(f"duplicates over {len(people):,} people: {outcome.pairs:,} blocked pairs, {len(predicted):,} found, "
          f"{elapsed:.0f} s wall, {cpu:.0f} s CPU (target < 600 s)")
    print(f"planted {len(truth):,}: precision {precision:.3f}, recall {recall:.3f}")
    print(f"reference: loading people and keys {reference:.1f} s; ratio {elapsed / reference:.1f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
