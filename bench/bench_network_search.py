"""People search by name in any script over N people: p95 (target < 50 ms at 1,000,000).

Run: python bench/bench_network_search.py [--people 1000000] [--queries 300]
Reference, measured in the same run: one indexed lookup by e-mail (the cheapest useful query).
"""

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_network_data as data  # noqa: E402


def p95(samples):
    return statistics.quantiles(samples, n=20)[-1] * 1000


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=1_000_000)
    parser.add_argument("--queries", type=int, default=300)
    args = parser.parse_args()
    truth = data.setup(args.people)
    data.build(args.people, truth)
    from korpu import names
    from korpu.accounts.models import User
    from korpu.accounts.services import do_assign_role
    from korpu.network import selectors
    from korpu.network.models import Person

    staff = User.objects.filter(email="bench-staff@example.org").first()
    if staff is None:
        staff = User.objects.create_user("bench-staff@example.org", "x" * 20)
        do_assign_role(actor="system", user=staff, role_code="committee_staff")
    rng = random.Random(3)
    # Pick people by id (an OFFSET per query costs seconds each on PostgreSQL at a million rows).
    ids = list(Person.objects.values_list("id", flat=True).order_by("id").iterator(chunk_size=50000))
    count = len(ids)
    chosen = [rng.choice(ids) for _ in range(args.queries)]
    by_id = {pid: (name, email) for pid, name, email in
             Person.objects.filter(pk__in=chosen).values_list("id", "name", "email")}
    sample = [by_id[pid] for pid in chosen]
    queries = []
    for name, _email in sample:
        style = rng.random()
        if style < 0.4:
            queries.append(name)
        elif style < 0.7:
            try:
                queries.append(names.transliterate(name, "Cyrl" if names.detect_script(name) != "Cyrl" else "Latn"))
            except ValueError:
                queries.append(name)
        else:
            queries.append(name.split()[-1])  # surname only: the widest query
    emails = [e for _n, e in sample if e] or ["nobody@example.org"]
    selectors.search_people(staff, queries[0])  # warm
    timings, cpu, found = [], [], 0
    for query in queries:
        started, started_cpu = time.perf_counter(), time.process_time()
        hits = selectors.search_people(staff, query)
        timings.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
        found += bool(hits)
    reference = []
    for email in emails:
        started = time.perf_counter()
        list(Person.objects.filter(email=email)[:5])
        reference.append(time.perf_counter() - started)
    from django.db import connection

    vendor = connection.vendor
    print(f"people search ({vendor}, {count:,} people, {len(queries)} queries): "
          f"p50 {statistics.median(timings) * 1000:.1f} ms, p95 {p95(timings):.1f} ms (target < 50 ms); "
          f"{found}/{len(queries)} queries found someone")
    # On a shared machine wall time includes waiting for a core; CPU time is the work itself.
    print(f"CPU time per query: p50 {statistics.median(cpu) * 1000:.1f} ms, p95 {p95(cpu):.1f} ms")
    print(f"reference e-mail lookup p95 {p95(reference):.2f} ms; ratio {p95(timings) / p95(reference):.1f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
