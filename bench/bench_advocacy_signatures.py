"""Benchmark: petition signatures collected through the HTTP API of a real server.

Starts `korpu serve --port 8123 --no-worker` on its own PostgreSQL database, posts N signatures
(default 100,000) from concurrent clients — resending a share of them as a retrying client would —
confirms a share through the API (and some twice), then checks the database: exactly N
signatures, N distinct addresses, exactly the confirmed ones counted, no error answers.

Reference measured in the same run: GET /healthz (one database round trip) at the same concurrency.

    .venv/bin/python bench/bench_advocacy_signatures.py [--count 100000] [--clients 24]
        [--database-url postgres://postgres@127.0.0.1:5432/korpu_advocacy_bench]
"""

from __future__ import annotations

import argparse
import json
import os
import queue
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import urllib3

ROOT = Path(__file__).resolve().parents[1]
PORT = 8123
BASE = f"http://127.0.0.1:{PORT}"


def parse() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--clients", type=int, default=24)
    parser.add_argument("--retry-share", type=float, default=0.02, help="share of signatures sent twice")
    parser.add_argument("--confirm-share", type=float, default=0.1)
    parser.add_argument("--database-url", default=os.environ.get(
        "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/korpu_advocacy_bench"))
    parser.add_argument("--web-workers", type=int, default=2)
    return parser.parse_args()


def reset_database(url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1]
    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin.replace("postgres://", "postgresql://"), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def setup_django(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "korpu.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)


def make_petition():
    from korpu.accounts.models import User
    from korpu.accounts.services import do_assign_role
    from korpu.advocacy import services
    from korpu.network.models import Organisation

    admin = User.objects.create_user("bench-admin@example.org", "bench-password-123456", display_name="Bench")
    do_assign_role(actor="system", user=admin, role_code="committee_admin")
    org = Organisation.objects.create(name="Bench Organisation", country="DE", status="verified")
    campaign = services.do_create_campaign(actor=admin, organisation=org, title={"en": "Bench"}, issue="other",
                                           is_public=True)
    return services.do_create_action(actor=admin, campaign=campaign, kind="petition", title={"en": "Bench petition"},
                                     text={"en": "Signatures for the benchmark."})


def start_server(url: str, workers: int, log_path: Path) -> subprocess.Popen:
    # One client address sends everything: the per-address limits on public writes must be off.
    env = {**os.environ, "DATABASE_URL": url, "KORPU_LOG_LEVEL": "WARNING",
           "KORPU_RATE_LIMITS": "signature=off,letter=off",
           "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend"}
    log = log_path.open("wb")
    # The server's log goes to a file, never to a pipe: nobody reads a pipe while the clients run, and
    # once its 64 KiB buffer is full every process that logs blocks in write(). Each 409 logs one
    # warning line ("Conflict: /api/v1/petitions/signatures/confirm"), so the 100,000 run's second
    # confirmations stalled after about 700 answers while GETs, which log nothing, were still served.
    server = subprocess.Popen([str(ROOT / ".venv/bin/korpu"), "serve", "--port", str(PORT), "--no-worker",
                               "--workers", str(workers)], env=env, cwd=ROOT,
                              stdout=subprocess.DEVNULL, stderr=log, stdin=subprocess.DEVNULL)
    log.close()  # the server holds its own descriptor
    pool = urllib3.PoolManager()
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if pool.request("GET", BASE + "/healthz", timeout=2, retries=False).status == 200:
                return server
        except urllib3.exceptions.HTTPError:
            pass
        if server.poll() is not None:
            raise SystemExit("the server stopped: " + log_path.read_text(errors="replace")[-2000:])
        time.sleep(0.3)
    server.terminate()
    raise SystemExit("the server did not answer /healthz within 60 s")


def run_clients(jobs: list, clients: int, send) -> tuple[float, dict[int, int], list[str]]:
    """Run `send(pool, job)` over `jobs` from `clients` threads; return seconds, status counts, errors."""
    work: queue.Queue = queue.Queue()
    for job in jobs:
        work.put(job)
    statuses: dict[int, int] = {}
    errors: list[str] = []
    lock = threading.Lock()

    def worker():
        pool = urllib3.HTTPConnectionPool("127.0.0.1", PORT, maxsize=1, timeout=30)
        while True:
            try:
                job = work.get_nowait()
            except queue.Empty:
                return
            for attempt in range(5):
                try:
                    status, body = send(pool, job)
                    break
                except urllib3.exceptions.HTTPError as exc:  # a dropped connection: a client retries
                    if attempt == 4:
                        status, body = 0, str(exc)
                    time.sleep(0.05 * (attempt + 1))
            with lock:
                statuses[status] = statuses.get(status, 0) + 1
                if status >= 500 or status == 0:
                    errors.append(f"{status} {body[:200]}")

    threads = [threading.Thread(target=worker) for _ in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    total = len(jobs)
    last = started
    while any(thread.is_alive() for thread in threads):
        time.sleep(0.5)
        if time.perf_counter() - last >= 60:  # progress: a long run on a busy machine shows where it stands
            last = time.perf_counter()
            done = sum(statuses.values())
            print(f"  … {done:,}/{total:,} in {last - started:.0f} s ({done / (last - started):,.0f}/s)", flush=True)
    for thread in threads:
        thread.join()
    return time.perf_counter() - started, statuses, errors


def main() -> int:
    args = parse()
    reset_database(args.database_url)
    setup_django(args.database_url)
    action = make_petition()
    from django.db import connection

    connection.close()  # the server must not wait on our idle connection
    log_path = Path(tempfile.gettempdir()) / f"korpu-bench-advocacy-{os.getpid()}.log"
    server = start_server(args.database_url, args.web_workers, log_path)
    try:
        headers = {"Content-Type": "application/json"}
        # Reference: a one-query GET at the same concurrency.
        ref_n = max(2000, args.count // 20)
        ref_s, ref_status, ref_errors = run_clients(
            list(range(ref_n)), args.clients,
            lambda pool, _i: (lambda r: (r.status, r.data.decode()))(pool.request("GET", "/healthz", retries=False)))
        path = f"/api/v1/petitions/{action.pk}/signatures"
        names = ["Leyla Məmmədova", "Тимур Алиев", "Ayşe Demir", "ليلى حسينوفا", "Hans Becker"]
        jobs = [i for i in range(args.count)]
        retries = list(range(0, args.count, max(1, int(1 / args.retry_share)))) if args.retry_share else []

        def sign(pool, i):
            body = json.dumps({"name": names[i % len(names)], "email": f"supporter{i}@bench.example",
                               "country": "DE"})
            r = pool.request("POST", path, body=body, headers=headers, retries=False)
            return r.status, r.data.decode()

        sig_s, sig_status, sig_errors = run_clients(jobs + retries, args.clients, sign)

        # Confirm a share through the API, and a tenth of those a second time (must answer 409).
        from korpu.advocacy.models import Signature
        from korpu.advocacy.services import token_for

        nonces = list(Signature.objects.filter(action=action).order_by("id").values_list("nonce", flat=True)
                      [:int(args.count * args.confirm_share)])
        connection.close()
        twice = nonces[: len(nonces) // 10]

        def confirm(pool, nonce):
            r = pool.request("POST", "/api/v1/petitions/signatures/confirm",
                             body=json.dumps({"token": token_for(nonce)}), headers=headers, retries=False)
            return r.status, r.data.decode()

        conf_s, conf_status, conf_errors = run_clients(nonces, args.clients, confirm)
        _again_s, again_status, again_errors = run_clients(twice, args.clients, confirm)
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()

    from django.db.models import Count

    rows = Signature.objects.filter(action=action)
    total = rows.count()
    distinct = rows.values("email").distinct().count()
    confirmed = rows.filter(confirmed_at__isnull=False).count()
    duplicates = rows.values("email").annotate(n=Count("id")).filter(n__gt=1).count()
    sig_rate = (args.count + len(retries)) / sig_s
    ref_rate = ref_n / ref_s
    print(f"signatures: {args.count:,} new + {len(retries):,} resent by {args.clients} clients in {sig_s:.1f} s "
          f"= {sig_rate:,.0f} requests/s ({args.count / sig_s:,.0f} new signatures/s)")
    print(f"  answers: {dict(sorted(sig_status.items()))}")
    print(f"confirmations: {len(nonces):,} in {conf_s:.1f} s = {len(nonces) / conf_s:,.0f}/s; "
          f"second confirmations answered {dict(again_status)}")
    print(f"reference GET /healthz: {ref_n:,} in {ref_s:.1f} s = {ref_rate:,.0f}/s; "
          f"signature POST / healthz GET = {sig_rate / ref_rate:.2f}")
    print(f"database: {total:,} signatures, {distinct:,} distinct addresses, {duplicates} duplicated, "
          f"{confirmed:,} confirmed")
    ok = (total == args.count and distinct == args.count and duplicates == 0 and confirmed == len(nonces)
          and not sig_errors and not conf_errors and not again_errors and not ref_errors
          and sig_status.get(201, 0) == args.count and (again_status == {409: len(twice)} if twice else True))
    logged = log_path.read_text(errors="replace").splitlines()
    print(f"server log: {log_path} ({len(logged):,} lines, "
          f"{sum('Conflict:' in line for line in logged):,} of them the 409 warnings)")
    print("result:", "OK — no loss, no duplicate, each confirmation counted once" if ok else "FAILED")
    for line in (sig_errors + conf_errors + again_errors)[:10]:
        print("  error:", line)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
