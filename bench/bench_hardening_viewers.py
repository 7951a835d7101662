"""1,000 concurrent viewers of the live tally and of public project pages: database queries per
view with the platform's caches, against the same views with caching switched off (DummyCache),
measured in the same run.

    .venv/bin/python bench/bench_hardening_viewers.py [--viewers 1000] [--threads 50] [--db demo.sqlite3]

Needs a demo database: --db, or KORPU_HARDENING_DEMO_DB, or it runs `korpu demo --no-serve` into
a temporary directory first (minutes).
"""

from __future__ import annotations

import argparse
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def prepare(db_arg: str | None) -> tuple[Path, Path]:
    work = Path(tempfile.mkdtemp(prefix="korpu-bench-viewers-"))
    source = db_arg or os.environ.get("KORPU_HARDENING_DEMO_DB")
    target = work / "demo.sqlite3"
    if source:
        src, dst = sqlite3.connect(source), sqlite3.connect(target)
        src.backup(dst)
        src.close()
        dst.close()
        key = Path(source).parent / "secret_key"
        if key.exists():
            shutil.copy(key, work / "secret_key")
    else:
        print("preparing demo data (korpu demo --no-serve)…", file=sys.stderr)
        env = {**os.environ, "DATABASE_URL": f"sqlite:///{target}", "KORPU_VAR_DIR": str(work)}
        subprocess.run([sys.executable, "-m", "korpu", "demo", "--no-serve"], env=env, check=True, cwd=work,
                       stdout=subprocess.DEVNULL)
    return work, target


class QueryCounter:
    def __init__(self) -> None:
        self.count = 0
        self.lock = threading.Lock()

    def __call__(self, execute, sql, params, many, context):
        with self.lock:
            self.count += 1
        return execute(sql, params, many, context)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--viewers", type=int, default=1000)
    parser.add_argument("--threads", type=int, default=50)
    parser.add_argument("--db")
    args = parser.parse_args()
    work, db = prepare(args.db)
    os.environ.update({"DATABASE_URL": f"sqlite:///{db}", "KORPU_VAR_DIR": str(work),
                       "DJANGO_SETTINGS_MODULE": "korpu.settings", "KORPU_LOG_LEVEL": "ERROR"})
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.cache import caches
    from django.db.backends.signals import connection_created
    from django.test import Client
    from django.test.utils import override_settings

    counter = QueryCounter()

    def attach(sender, connection, **kwargs):
        if counter not in connection.execute_wrappers:
            connection.execute_wrappers.append(counter)

    connection_created.connect(attach)
    conn = sqlite3.connect(db)
    campaign = conn.execute("SELECT id FROM giving_campaign ORDER BY created_at LIMIT 1").fetchone()
    project = conn.execute("SELECT slug FROM revival_project WHERE status != 'draft' LIMIT 1").fetchone() \
        if conn.execute("SELECT 1 FROM sqlite_master WHERE name='revival_project'").fetchone() else None
    conn.close()
    targets = []
    if campaign:
        import uuid

        cid = uuid.UUID(campaign[0])
        targets += [("live tally (API)", f"/api/v1/campaigns/{cid}/tally"),
                    ("live tally (JSON)", f"/giving/campaigns/{cid}/tally.json"),
                    ("tally widget", f"/giving/campaigns/{cid}/widget/"),
                    ("live tally page", f"/giving/campaigns/{cid}/live/"),
                    ("campaign page", f"/giving/campaigns/{cid}/")]
    if project:
        targets += [("project page", f"/revival/p/{project[0]}/"), ("project catalogue", "/revival/")]
    if not targets:
        print("no campaign or project in the demo data: nothing to measure", file=sys.stderr)
        return 1

    def run(path: str) -> tuple[int, float, int]:
        def one(_):
            return Client(HTTP_ACCEPT_LANGUAGE="az").get(path).status_code

        counter.count = 0
        started = time.perf_counter()
        with ThreadPoolExecutor(args.threads) as pool:
            statuses = list(pool.map(one, range(args.viewers)))
        elapsed = time.perf_counter() - started
        ok = sum(1 for s in statuses if s == 200)
        return counter.count, elapsed, ok

    print(f"{args.viewers} viewers, {args.threads} at a time, SQLite demo database")
    print(f"{'page':22} {'queries cached':>15} {'per view':>9} {'queries uncached':>17} {'per view':>9} "
          f"{'ratio':>7} {'views/s cached':>15}")
    results = {}
    from korpu.giving import selectors as giving_selectors

    for label, path in targets:
        caches["default"].clear()
        giving_selectors.forget_tallies()
        cached_queries, cached_seconds, ok = run(path)
        memo_seconds = giving_selectors.TALLY_SECONDS
        giving_selectors.TALLY_SECONDS = 0  # the reference: the giving tally's process memory off too
        with override_settings(CACHES={"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}):
            caches["default"].clear()
            plain_queries, _plain_seconds, _ = run(path)
        giving_selectors.TALLY_SECONDS = memo_seconds
        ratio = plain_queries / max(cached_queries, 1)
        results[label] = (cached_queries, plain_queries)
        print(f"{label:22} {cached_queries:>15} {cached_queries / args.viewers:>9.3f} {plain_queries:>17} "
              f"{plain_queries / args.viewers:>9.2f} {ratio:>6.0f}× {args.viewers / cached_seconds:>15.0f}"
              + ("" if ok == args.viewers else f"   ({args.viewers - ok} answers were not 200)"))
    shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
