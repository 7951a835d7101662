"""Import a 100,000-row people CSV: every row validated, then written in one transaction.
Target under 60 s.

Run: python bench/bench_network_import.py [--rows 100000]
Reference, measured in the same run: parsing the same file with csv.reader alone.
"""

import argparse
import csv
import io
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def make_csv(rows: int) -> bytes:
    from faker import Faker

    rng = random.Random(5)
    fakers = [Faker(locale) for locale in ("az_AZ", "ru_RU", "tr_TR", "ar_AA", "en_GB")]
    for faker in fakers:
        faker.seed_instance(5)
    pool = [f.name() for f in fakers for _ in range(4000)]
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["name", "cyrillic_name", "country", "city", "languages", "email", "phone", "role", "since",
                     "consent_contact", "consent_share_committee"])
    for i in range(rows):
        writer.writerow([pool[rng.randrange(len(pool))] + f" {i}", "", rng.choice(["DE", "RU", "TR", "IR", "US"]),
                         "Berlin", "az|en", f"p{i}@example.org", "", rng.choice(["member", "volunteer"]),
                         "2020-01-01", "yes", rng.choice(["yes", "no"])])
    return buffer.getvalue().encode("utf-8")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    args = parser.parse_args()
    var = ROOT / "var" / "bench"
    var.mkdir(parents=True, exist_ok=True)
    if not os.environ.get("DATABASE_URL"):
        db = var / "network-import.sqlite3"
        db.unlink(missing_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{db}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "korpu.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from korpu.network import imports
    from korpu.network.models import Organisation, Person

    Person.objects.all().delete()
    organisation = Organisation.objects.create(name="Bench Import Org", country="DE", status="verified")
    content = make_csv(args.rows)
    started = time.perf_counter()
    sum(1 for _row in csv.reader(io.StringIO(content.decode("utf-8"))))
    reference = time.perf_counter() - started
    started, cpu = time.perf_counter(), time.process_time()
    checked = imports.check(content, "bench.csv", "people", organisation=organisation)
    checked_at = time.perf_counter() - started
    assert checked.ok, checked.errors[:5]
    written = imports.write(checked, actor="system", organisation=organisation)
    elapsed = time.perf_counter() - started
    cpu = time.process_time() - cpu
    from django.db import connection

    print(f"import {written:,} rows ({connection.vendor}): check {checked_at:.1f} s, total {elapsed:.1f} s "
          f"(target < 60 s), {cpu:.1f} s CPU; {Person.objects.count():,} people in the table")
    print(f"reference: csv.reader alone {reference:.2f} s; ratio {elapsed / reference:.0f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
