"""Shared set-up of the coordination benchmarks (not a benchmark itself): a fresh SQLite database
in a temporary folder (or the database named by DATABASE_URL when it is set)."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def setup(tmp: str) -> None:
    os.environ["KORPU_VAR_DIR"] = tmp
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{tmp}/bench.sqlite3")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "korpu.settings")
    os.environ.setdefault("KORPU_TASKS_BACKEND", "django.tasks.backends.dummy.DummyBackend")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    settings.ALLOWED_HOSTS = ["*"]
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    call_command("migrate", interactive=False, verbosity=0)
    from korpu.accounts.services import do_sync_declared_roles

    do_sync_declared_roles()


def timed(fn, repeat: int = 1) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def organisation(code: str = "DE"):
    import uuid

    from korpu.network.models import Organisation

    return Organisation.objects.create(id=uuid.uuid4(), name=f"Bench organisation {code}", kind="community",
                                       country=code, city="Berlin", status="verified", languages=["az", "en"])


def smtp_shaped_mailer() -> None:
    """Make the default mailer serialise every e-mail as the SMTP backend does (MIME form with the
    SMTP policy, then bytes), keeping it in `mail.outbox` instead of opening a socket."""
    from django.conf import settings

    settings.MAILERS = {"default": {"BACKEND": "bench_coordination_common.SmtpShapedBackend"}}


def load() -> str:
    return "load average {:.1f} {:.1f} {:.1f}".format(*os.getloadavg())


def _smtp_shaped_backend():
    import email.policy

    from django.core import mail
    from django.core.mail.backends.base import BaseEmailBackend

    class SmtpShapedBackend(BaseEmailBackend):
        def send_messages(self, messages):
            for message in messages:
                message.message(policy=email.policy.SMTP).as_bytes()
            mail.outbox.extend(messages)
            return len(messages)

    return SmtpShapedBackend


def __getattr__(name: str):
    # Built on first use: Django must be set up before its mail backends are imported.
    if name == "SmtpShapedBackend":
        return _smtp_shaped_backend()
    raise AttributeError(name)


if __name__ == "__main__":
    print("Shared set-up; run bench_coordination_feed.py, bench_coordination_checkin.py or bench_coordination_digest.py.")
