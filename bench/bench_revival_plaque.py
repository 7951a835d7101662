"""Benchmark: choosing a plaque's names from the ledger (net of refunds, in two currencies, consent,
chosen forms, tiers), making a proof version (the request) and rendering its files (the background task), against a reference in the same run: one plain GROUP BY query
summing the same gifts per donor.

    .venv/bin/python bench/bench_revival_plaque.py [--donors 1000] [--gifts-each 3]
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.bench_revival_pages import setup, timed  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--donors", type=int, default=1000)
    parser.add_argument("--gifts-each", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        setup(tmp)
        from django.db.models import Sum

        from korpu.accounts.models import User
        from korpu.accounts.services import do_assign_role
        from korpu.giving import services as giving
        from korpu.giving.models import Donor, Gift
        from korpu.network.models import Consent, Person
        from korpu.plaques import donors
        from korpu.plaques import services as plaques
        from korpu.revival import services

        rng = random.Random(7)
        officer = User.objects.create_user("bench@example.org", "x-very-long-password-1", display_name="Bench")
        do_assign_role(actor="system", user=officer, role_code="foundation_officer")
        project = services.do_create_project(actor=officer, title={"az": "Məscid", "en": "Mosque"}, kind="religious",
                                             district="shusha", budget_minor=10**9)
        first = ["Şəmsi", "İlqar", "Nərmin", "Aysel", "Zaur", "Ləman", "Rəşad", "Günay", "Elvin", "Səbinə"]
        last = ["Əliyev", "Hüseynov", "Quliyeva", "Məmmədov", "Kərimova", "Həsənov", "Nəbiyev", "Cəfərova"]
        t0 = time.perf_counter()
        people = Person.objects.bulk_create(
            [Person(name=f"{rng.choice(first)} {rng.choice(last)} {n}") for n in range(args.donors)])
        Consent.objects.bulk_create([Consent(person=p, purpose="named_public", granted=rng.random() < 0.8,
                                             source="import") for p in people])
        donor_rows = Donor.objects.bulk_create([Donor(person=p, display=rng.choice(
            ["as_written"] * 6 + ["other_form", "initials", "anonymous"]), display_form=p.name.upper()) for p in people])
        # A fifth of the gifts in dollars: half to the manat fund (giving converts them to AZN at the
        # day's rate), half through a dollar campaign (kept in USD; the plaque converts them).
        import datetime as dt

        from django.utils import timezone

        from korpu.giving.models import Fund
        from korpu.giving.rates import do_import_rates

        today = timezone.localdate()
        do_import_rates(actor="system", source="cbar", xml=(
            f'<ValCurs Date="{today:%d.%m.%Y}"><ValType><Valute Code="USD"><Nominal>1</Nominal>'
            f'<Value>1.7000</Value></Valute></ValType></ValCurs>').encode())
        marathon = giving.do_create_campaign(
            actor="system", slug="bench-usd", titles={"en": "Bench"}, starts_at=timezone.now() - dt.timedelta(days=1),
            ends_at=timezone.now() + dt.timedelta(days=1), base_currency="USD", goal_minor=0,
            funds=[Fund.objects.get(pk=project.fund_ref)])

        def intent(d, i):
            roll = rng.random()
            return giving.GiftIntent(key=f"b-{d.pk}-{i}", fund_id=project.fund_ref,
                                     amount_minor=rng.choice([2_000, 5_000, 20_000, 100_000]),
                                     currency="USD" if roll < 0.2 else "AZN", channel="bank", donor_id=d.pk,
                                     country="DE", campaign_id=marathon.pk if roll < 0.1 else None)

        intents = [intent(d, i) for d in donor_rows for i in range(args.gifts_each)]
        for start in range(0, len(intents), 500):
            giving.do_record_gifts(actor="system", intents=intents[start:start + 500])
        for gift in Gift.objects.filter(fund_id=project.fund_ref).order_by("?")[: len(intents) // 20]:
            giving.do_refund_gift(actor="system", gift=gift, key=f"refund-{gift.pk}")
        build = time.perf_counter() - t0
        plaque = plaques.do_create_plaque(actor=officer, project=project, title={"az": "Məscidin bərpası"},
                                          tiers=[{"label": "Qızıl", "min_minor": 200_000},
                                                 {"label": "Gümüş", "min_minor": 50_000}],
                                          threshold_minor=10_000, width_mm=3000, height_mm=2000, allow_panels=True)

        def reference():
            list(Gift.objects.filter(fund_id=project.fund_ref, status="counted").values("donor_id", "base_currency")
                 .annotate(total=Sum("base_minor")))

        def choose():
            donors.select(plaque)

        if os.environ.get("PROFILE"):
            import cProfile
            cProfile.runctx("donors.select(plaque)", globals(), locals(), sort="cumulative")
        chosen = donors.select(plaque)
        ref = timed(reference, 5)
        pick = timed(choose, 3)
        plaques.project_url(plaque)   # load the URLconf, as a running server already has
        start = time.perf_counter()
        proof = plaques.do_make_proof(actor=officer, plaque=plaque)   # the request: names + layout, task queued
        proof_time = time.perf_counter() - start
        start = time.perf_counter()
        proof = plaques.do_render_proof(actor="system", proof_id=proof.pk)   # the background task's work
        render_time = time.perf_counter() - start
        assert proof.render_state == "ready", proof.render_error
        print(f"{args.donors} donors, {len(intents)} gifts (20% in USD, 5% refunded), built in {build:.1f} s")
        print(f"named {len(chosen.named)}, anonymous {chosen.anonymous}, below threshold {chosen.below_threshold}, "
              f"refunded-only {chosen.refunded}; proof: {proof.panels} panel(s)")
        print(f"{'step':50} {'time':>10} {'vs ref':>8}")
        for label, seconds in [("reference: GROUP BY donor over the fund's gifts", ref),
                               ("choose the names (donors.select)", pick),
                               ("make a proof version (request: names + layout)", proof_time),
                               ("render its files (task: PDF + SVG + DXF)", render_time)]:
            print(f"{label:50} {seconds * 1000:8.1f} ms {seconds / ref:7.1f}×")
    return 0


if __name__ == "__main__":
    sys.exit(main())
