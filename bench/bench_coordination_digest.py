"""Benchmark: the daily digest for 50,000 recipients (target: built in under 2 minutes), run as
the worker runs it — fan_out() cuts the recipients into batches of 1,000 and each batch task
builds its e-mails with four bulk queries and sends them over one connection of a backend that
serialises each e-mail as the SMTP backend does (MIME form, then bytes) and keeps it in memory —
against a reference measured in the same run: reading the same users' rows once.

    .venv/bin/python bench/bench_coordination_digest.py [--recipients 50000]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_coordination_common import load, setup, smtp_shaped_mailer  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--recipients", type=int, default=50_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        # Batch tasks run in this process, one after another, as one worker would run them.
        os.environ["KORPU_TASKS_BACKEND"] = "django.tasks.backends.immediate.ImmediateBackend"
        setup(tmp)
        smtp_shaped_mailer()
        from django.core import mail
        from django.utils import timezone

        from korpu.accounts.models import User
        from korpu.coordination import tasks
        from korpu.coordination.models import Notification

        mail.outbox = []
        languages = ["az", "en", "ru", "tr", "ar"]
        t0 = time.perf_counter()
        users = User.objects.bulk_create(
            [User(email=f"r{n}@bench.example", display_name=f"Reader {n}", language=languages[n % 5])
             for n in range(args.recipients)], batch_size=5000)
        now = timezone.now()
        subjects = [{"en": "Congress dates", "az": "Qurultayın tarixləri", "ru": "Даты съезда"},
                    {"en": "New task: print the posters"}, {"en": "Join the remembrance week", "ar": "انضموا إلى أسبوع الذكرى"}]
        Notification.objects.bulk_create(
            [Notification(user_id=u.pk, kind=["announcement", "task", "event"][k], subject=subjects[k],
                          url="/coordination/announcements/1/", created_at=now)
             for u in users for k in range(3)], batch_size=10000)
        prepared = time.perf_counter() - t0

        t = time.perf_counter()
        list(User.objects.values_list("id", "email", "language", "display_name"))
        reference = time.perf_counter() - t

        t = time.perf_counter()
        batches = tasks.fan_out("daily")
        elapsed = time.perf_counter() - t
        sent = len(mail.outbox)
        assert sent == args.recipients, sent
        assert not Notification.objects.filter(sent_at__isnull=True).exists()
        sample = mail.outbox[7]
        assert sample.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        print(load())
        print(f"recipients: {args.recipients:,} with 3 notifications each (prepared in {prepared:.1f} s)")
        print(f"reference (read the users once): {reference * 1000:.0f} ms")
        print(f"digest: {batches} batch tasks, {sent:,} e-mails built and handed to the mail backend in {elapsed:.1f} s "
              f"({elapsed / args.recipients * 1000:.2f} ms per recipient; ×{elapsed / reference:.0f} reference)  "
              f"target < 120 s: {'OK' if elapsed < 120 else 'MISSED'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
