"""Re-key every person (korpu.names.search_keys of every name form, rewritten into NameKey):
target under 60 s for 1,000,000 people.

Run: python bench/bench_network_keys.py [--people 1000000]
Reference, measured in the same run: reading every person's id and name (the floor of any re-key).
"""

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_network_data as data  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=1_000_000)
    args = parser.parse_args()
    truth = data.setup(args.people)
    data.build(args.people, truth)
    from korpu import names
    from korpu.network.models import Person
    from korpu.network.services import rekey_all

    started = time.perf_counter()
    count = sum(1 for _row in Person.objects.values_list("id", "name").iterator(chunk_size=20000))
    reference = time.perf_counter() - started
    for cached in (names.keys._name_keys, names.keys.plf_key):  # measure cold, as after an upgrade
        cached.cache_clear()
    started = time.perf_counter()
    cpu = time.process_time()
    keys = rekey_all()
    elapsed = time.perf_counter() - started
    cpu = time.process_time() - cpu
    print(f"re-key {count:,} people → {keys:,} keys: {elapsed:.1f} s wall, {cpu:.1f} s CPU (target < 60 s)")
    print(f"reference: reading all names {reference:.1f} s; ratio {elapsed / reference:.1f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
