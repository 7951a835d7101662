"""Build (once) the benchmark registry: N people with names in mixed scripts, their name keys,
memberships, and planted duplicates (1% of people, written in another script) whose pairs are
saved for precision/recall.

Run: python bench/bench_network_data.py [--people 1000000]
Shared by bench_network_search/keys/duplicates. SQLite file under var/bench/ unless DATABASE_URL
is set (e.g. postgres://postgres@127.0.0.1:5432/korpu_network_bench).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
VAR = ROOT / "var" / "bench"


def setup(people: int) -> Path:
    """Point Django at the benchmark database and set it up; return the truth file's path."""
    VAR.mkdir(parents=True, exist_ok=True)
    if not os.environ.get("DATABASE_URL"):
        os.environ["DATABASE_URL"] = f"sqlite:///{VAR / f'network-{people}.sqlite3'}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "korpu.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    tag = "pg" if os.environ["DATABASE_URL"].startswith("postgres") else "sqlite"
    return VAR / f"network-{people}-{tag}-truth.json"


def _pools(rng: random.Random) -> dict[str, tuple[list[str], list[str]]]:
    from faker import Faker

    pools = {}
    for locale in ("az_AZ", "ru_RU", "tr_TR", "ar_AA", "en_GB"):
        faker = Faker(locale)
        faker.seed_instance(7)
        given = list({faker.first_name() for _ in range(3000)})
        family = list({faker.last_name() for _ in range(3000)})
        pools[locale] = (given, family)
    return pools


def _analyze(connection) -> None:
    """Vacuum and analyse the bulk-loaded tables on PostgreSQL, as autovacuum would in production (it
    may be off or not yet run): without statistics the plans go wrong, and without the visibility map
    index-only scans visit the heap for every row."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE network_person, network_namekey, network_namevariant, network_membership")


def build(people: int, truth_path: Path, *, duplicates: float = 0.01) -> None:
    """Fill the database unless it already holds `people` people."""
    from django.db import connection, transaction

    from korpu import names
    from korpu.network.models import Organisation, Person
    from korpu.network.services import script_of

    if Person.objects.count() >= people and truth_path.exists():
        _analyze(connection)
        return
    started = time.perf_counter()
    Person.objects.all().delete()
    Organisation.objects.all().delete()
    rng = random.Random(1)
    pools = _pools(rng)
    locales = list(pools)
    countries = ["DE", "RU", "TR", "IR", "US", "GB", "FR", "UA", "KZ", "GE", "NL", "SE", "AE", "CA", "IL"]
    cities = {c: [f"{c}-city-{i}" for i in range(30)] for c in countries}
    orgs = [Organisation(name=f"Bench Org {i}", country=rng.choice(countries), status="verified") for i in range(500)]
    Organisation.objects.bulk_create(orgs)
    prep = Person._meta.get_field("id").get_db_prep_value
    qn = connection.ops.quote_name
    person_sql = (f"INSERT INTO {qn('network_person')} (id, created_at, updated_at, name, script, patronymic, "
                  "is_pseudonym, country, city, languages, profession, email, phone, shares_with_committee) "
                  "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)")
    key_sql = f"INSERT INTO {qn('network_namekey')} (person_id, key) VALUES (%s, %s)"
    member_sql = (f"INSERT INTO {qn('network_membership')} (id, created_at, updated_at, person_id, organisation_id, "
                  "role) VALUES (%s, %s, %s, %s, %s, %s)")
    from django.utils import timezone

    now = timezone.now()
    now_db = connection.ops.adapt_datetimefield_value(now)
    truth: list[list[str]] = []
    batch_people, batch_keys, batch_members = [], [], []
    made = 0

    def flush():
        with connection.cursor() as cursor:
            cursor.executemany(person_sql, batch_people)
            cursor.executemany(key_sql, batch_keys)
            cursor.executemany(member_sql, batch_members)
        batch_people.clear()
        batch_keys.clear()
        batch_members.clear()

    def add(name, country, city, email, phone, patronymic=""):
        nonlocal made
        pid = uuid.uuid4()
        db_id = prep(pid, connection)
        batch_people.append((db_id, now_db, now_db, name, script_of(name), patronymic, False, country, city, "[]",
                             "", email, phone, rng.random() < 0.6))
        for key in set(names.search_keys(name)):
            batch_keys.append((db_id, key[:64]))
        org = rng.choice(orgs)
        batch_members.append((prep(uuid.uuid4(), connection), now_db, now_db, db_id, prep(org.pk, connection),
                              "member"))
        made += 1
        return pid

    with transaction.atomic():
        while made < people:
            locale = rng.choice(locales)
            given, family = pools[locale]
            name = f"{rng.choice(given)} {rng.choice(family)}"
            country = rng.choice(countries)
            city = rng.choice(cities[country])
            email = f"u{made}@bench.example" if rng.random() < 0.7 else ""
            phone = f"+{rng.randint(10**9, 10**10 - 1)}" if rng.random() < 0.4 else ""
            pid = add(name, country, city, email, phone)
            if rng.random() < duplicates and made < people:
                target = "Cyrl" if locale != "ru_RU" else "Latn"
                try:
                    twin_name = names.transliterate(name, target)
                except ValueError:
                    twin_name = name
                # Some twins keep the e-mail, some only the phone, some only the place.
                style = rng.random()
                twin_email = email if style < 0.6 else ""
                twin_phone = phone if style >= 0.6 else ""
                twin = add(twin_name, country, city, twin_email, twin_phone)
                truth.append(sorted([str(pid), str(twin)]))
            if len(batch_people) >= 20000:
                flush()
                print(f"\r  built {made:,} people", end="", file=sys.stderr, flush=True)
        flush()
    truth_path.write_text(json.dumps(truth))
    _analyze(connection)
    print(f"\n  built {made:,} people ({len(truth)} planted duplicates) in {time.perf_counter() - started:.0f}s",
          file=sys.stderr)


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=1_000_000)
    args = parser.parse_args()
    build(args.people, setup(args.people))
