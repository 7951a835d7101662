"""Benchmark: one door check-in at the server (POST /api/v1/checkins, target under 50 ms), median
of many, against a reference measured in the same run: GET /healthz (one SELECT 1 and the queue
figures). The event has 2,000 confirmed registrations.

    .venv/bin/python bench/bench_coordination_checkin.py [--registrations 2000] [--checkins 300]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_coordination_common import organisation, setup  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--registrations", type=int, default=2000)
    parser.add_argument("--checkins", type=int, default=300)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        setup(tmp)
        import datetime as dt

        from django.test import Client
        from django.utils import timezone

        from korpu.accounts.models import User
        from korpu.accounts.services import do_assign_role
        from korpu.coordination.models import Registration
        from korpu.coordination.services import do_create_event

        org = organisation()
        officer = User.objects.create_user("officer@bench.example", None, display_name="Officer")
        do_assign_role(actor="system", user=officer, role_code="org_admin", organisation_id=org.pk)
        start = timezone.now() + dt.timedelta(days=1)
        event = do_create_event(actor=officer, organisers=[org], title={"en": "Congress"}, starts_at=start,
                                ends_at=start + dt.timedelta(hours=8), venue="Hall", timezone="Asia/Baku")
        users = User.objects.bulk_create([User(email=f"d{n}@bench.example", display_name=f"Delegate {n}")
                                          for n in range(args.registrations)])
        regs = Registration.objects.bulk_create([Registration(event=event, user=u, status="confirmed") for u in users])
        client = Client()
        client.force_login(officer, backend="allauth.account.auth_backends.AuthenticationBackend")

        def median_ms(fn, n):
            times = []
            for i in range(n):
                t = time.perf_counter()
                fn(i)
                times.append(time.perf_counter() - t)
            return statistics.median(times) * 1000, max(times) * 1000

        def health(_i):
            assert client.get("/healthz").status_code == 200

        def check_in(i):
            body = json.dumps({"event_id": str(event.pk), "code": regs[i].code, "scan_id": str(uuid.uuid4())})
            response = client.post("/api/v1/checkins", body, content_type="application/json")
            assert response.status_code == 200, response.content

        def replay(i):
            body = json.dumps({"event_id": str(event.pk), "code": regs[i].code, "scan_id": "same"})
            assert client.post("/api/v1/checkins", body, content_type="application/json").status_code in (200, 409)

        health(0)
        ref, _ = median_ms(health, args.checkins)
        med, worst = median_ms(check_in, args.checkins)
        rep, _ = median_ms(replay, 50)
        print(f"registrations: {args.registrations:,}; check-ins timed: {args.checkins}")
        print(f"reference (GET /healthz): median {ref:.1f} ms")
        print(f"check-in (POST /api/v1/checkins): median {med:.1f} ms, worst {worst:.1f} ms  (×{med / ref:.1f} reference)  "
              f"target < 50 ms: {'OK' if med < 50 else 'MISSED'}")
        print(f"refused or replayed scan: median {rep:.1f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
