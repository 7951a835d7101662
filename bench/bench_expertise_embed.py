"""Background embeddings of expert profiles: throughput, resumability and progress.

Stores N profiles without embeddings, runs the background pass batch by batch (as the worker
does), stops it half-way as a crash would, starts a new pass and checks that it picks up only
the profiles still missing, printing progress. Then changes some profiles' text and checks that
only those are recomputed. Reports profiles per second, the time 100,000 profiles would take,
and the ratio to the reference: bare `embed()` on the same texts in the same run.

    .venv/bin/python bench/bench_expertise_embed.py [--profiles 256]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "korpu.settings")
_tmp = tempfile.mkdtemp(prefix="bench-expertise-embed-")
os.environ["KORPU_VAR_DIR"] = _tmp
os.environ["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL", f"sqlite:///{_tmp}/bench.sqlite3")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--profiles", type=int, default=256)
    args = parser.parse_args()

    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from korpu.embeddings import embed, model_name
    from korpu.expertise import selectors, tasks
    from korpu.expertise.data.labelled import EXPERTS
    from korpu.expertise.models import EmbeddingRun, ExpertProfile
    from korpu.network.models import Person

    keys = list(EXPERTS)
    people, profiles = [], []
    for i in range(args.profiles):
        fields, langs, country, zone, offers, headline, summary, pubs = EXPERTS[keys[i % len(keys)]]
        person = Person(id=uuid.uuid4(), name=f"Expert {i}", country=country)
        # A distinct text per profile (no two embed the same), as real profiles are.
        profile = ExpertProfile(person=person, headline=f"{headline} #{i}", summary=summary, fields=fields,
                                country=country, languages=langs, offers=offers, time_zone=zone,
                                publications=[{"title": t} for t in pubs])
        profile.refresh_wanted_hash()
        people.append(person)
        profiles.append(profile)
    Person.objects.bulk_create(people)
    ExpertProfile.objects.bulk_create(profiles)
    print(f"model: {model_name()}; {args.profiles} profiles without embeddings; batch {tasks.BATCH}")
    embed(["warm up"])

    tasks.BATCH = max(16, args.profiles // 8)
    run = tasks.do_start_embedding_run(actor="system")
    t0 = time.perf_counter()
    done_batches = 0
    while tasks.run_batch(str(run.pk)):
        done_batches += 1
        p = selectors.embedding_progress()
        print(f"  progress {p['current']}/{p['total']}")
        if done_batches == 3:
            break
    first = time.perf_counter() - t0
    EmbeddingRun.objects.filter(pk=run.pk).update(error="worker stopped (simulated crash)")
    remaining = tasks.stale_profiles().count()
    print(f"stopped after {done_batches} batches ({first:.1f} s); {remaining} profiles still missing")
    run2 = tasks.do_start_embedding_run(actor="system")
    assert run2.total == remaining, (run2.total, remaining)
    t1 = time.perf_counter()
    while tasks.run_batch(str(run2.pk)):
        p = selectors.embedding_progress()
        print(f"  progress {p['current']}/{p['total']}")
    second = time.perf_counter() - t1
    assert tasks.stale_profiles().count() == 0
    run2.refresh_from_db()
    print(f"resumed pass embedded {run2.done} (= the {remaining} missing) in {second:.1f} s; finished {run2.finished_at}")

    changed = list(ExpertProfile.objects.order_by("id")[:5])
    for profile in changed:
        profile.headline += " (updated)"
        profile.save(update_fields=["headline", "updated_at"])
    stale = tasks.stale_profiles().count()
    run3 = tasks.do_start_embedding_run(actor="system")
    while tasks.run_batch(str(run3.pk)):
        pass
    run3.refresh_from_db()
    print(f"after editing 5 profiles: {stale} stale, recomputed {run3.done}")

    rate = args.profiles / (first + second)
    texts = [p.match_text() for p in ExpertProfile.objects.order_by("id")[:64]]
    t2 = time.perf_counter()
    embed(texts)
    ref_rate = len(texts) / (time.perf_counter() - t2)
    print(f"background pass: {rate:.1f} profiles/s → 100,000 profiles in {100_000 / rate / 3600:.1f} h "
          f"on this machine (one worker)")
    print(f"reference, bare embed() on the same texts: {ref_rate:.1f} texts/s; ratio {ref_rate / rate:.2f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
