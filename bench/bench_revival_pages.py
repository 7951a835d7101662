"""Benchmark: the public revival pages (catalogue with map and progress bars; a project page), cold
and cached, against a reference measured in the same run: Django rendering core's home page.

    .venv/bin/python bench/bench_revival_pages.py [--projects 200]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def setup(tmp: str) -> None:
    os.environ["KORPU_VAR_DIR"] = tmp
    os.environ["DATABASE_URL"] = f"sqlite:///{tmp}/bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "korpu.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)


def timed(fn, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--projects", type=int, default=200)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        setup(tmp)
        from django.conf import settings
        from django.core.cache import cache
        from django.test import Client

        settings.ALLOWED_HOSTS = ["*"]
        from korpu.accounts.models import User
        from korpu.accounts.services import do_assign_role
        from korpu.revival import services

        officer = User.objects.create_user("bench@example.org", "x-very-long-password-1", display_name="Bench")
        do_assign_role(actor="system", user=officer, role_code="foundation_officer")
        districts = ["shusha", "aghdam", "fuzuli", "lachin", "kalbajar", "zangilan", "gubadli", "jabrayil"]
        t0 = time.perf_counter()
        first = None
        for n in range(args.projects):
            p = services.do_create_project(actor=officer, title={"az": f"Layihə {n}", "en": f"Project {n}"},
                                           kind="monument", district=districts[n % 8], budget_minor=1_000_000)
            p = services.do_change_project_status(actor=officer, project=p, status="approved")
            p = services.do_change_project_status(actor=officer, project=p, status="fundraising")
            for m in range(3):
                services.do_add_milestone(actor=officer, project=p, title={"en": f"Stage {m}"}, amount_minor=1000)
            first = first or p
        build = time.perf_counter() - t0
        client = Client()

        def home():
            assert client.get("/").status_code == 200

        def catalogue_cold():
            cache.clear()
            assert client.get("/revival/").status_code == 200

        def catalogue_warm():
            assert client.get("/revival/").status_code == 200

        def project_cold():
            cache.clear()
            assert client.get(f"/revival/p/{first.slug}/").status_code == 200

        def project_warm():
            assert client.get(f"/revival/p/{first.slug}/").status_code == 200

        home()
        catalogue_warm()
        project_warm()
        reference = timed(home, 20)
        rows = [
            ("reference: core home page", reference),
            (f"catalogue, {args.projects} projects, cold (map + progress)", timed(catalogue_cold, 5)),
            ("catalogue, cached body", timed(catalogue_warm, 20)),
            ("project page, cold", timed(project_cold, 10)),
            ("project page, cached body", timed(project_warm, 20)),
        ]
        print(f"built {args.projects} projects with 3 milestones each in {build:.1f} s")
        print(f"{'page':55} {'best':>10} {'vs ref':>8}")
        for label, seconds in rows:
            print(f"{label:55} {seconds * 1000:8.1f} ms {seconds / reference:7.2f}×")
    return 0


if __name__ == "__main__":
    sys.exit(main())
