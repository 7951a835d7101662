"""Donations per second through POST /api/v1/donations, durably committed, with p50/p99 latency,
while a screen polls the live tally — beside the raw PostgreSQL ceiling for the same rows
(psycopg, same run) and the SQLite figure.

Run:  .venv/bin/python bench/bench_giving_api.py [--seconds 60] [--workers 2] [--clients 200] [--skip-sqlite]
Needs PostgreSQL at $BENCH_PG (default postgres://postgres@127.0.0.1:5432/korpu_giving_bench; the
database is dropped and created). Only loopback traffic; every loop is bounded in time.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
VENV = ROOT / ".venv" / "bin"
PG = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432/korpu_giving_bench")
SETTINGS = os.environ.get("DJANGO_SETTINGS_MODULE", "korpu.settings")

SETUP = r"""
import datetime as dt, json
from decimal import Decimal
import django; django.setup()
from django.utils import timezone
from korpu.accounts.models import User
from korpu.accounts.services import do_assign_role, do_create_api_token
from korpu.giving.models import ExchangeRate
from korpu.giving.services import do_create_campaign, do_create_fund
today = timezone.localdate()
for c, r in {"USD": "1.7", "EUR": "1.85", "TRY": "0.049", "RUB": "0.0186", "GBP": "2.16"}.items():
    ExchangeRate.objects.get_or_create(day=today, currency=c, quote="AZN", source="cbar", defaults={"rate": Decimal(r)})
fund = do_create_fund(actor="system", code="bench", names={"en": "Bench fund"})
now = timezone.now()
campaign = do_create_campaign(actor="system", slug="bench", titles={"en": "Bench"}, base_currency="AZN", goal_minor=10**12,
    starts_at=now - dt.timedelta(hours=1), ends_at=now + dt.timedelta(days=1), funds=[fund])
user = User.objects.create_user("bench@example.org", "bench-password-123")
do_assign_role(actor="system", user=user, role_code="foundation_officer")
print(json.dumps({"campaign": str(campaign.pk), "token": do_create_api_token(actor=user, name="bench")[1]}))
"""

COUNT = r"""
import django, sys; django.setup()
from korpu.giving.models import Gift
from korpu.giving.cli import check_ledger
problems = check_ledger()
print(Gift.objects.count(), len(problems))
"""


def env_for(database_url: str, var: str) -> dict:
    env = {**os.environ, "DATABASE_URL": database_url, "DJANGO_SETTINGS_MODULE": SETTINGS, "KORPU_VAR_DIR": var,
           "KORPU_LOG_LEVEL": "WARNING", "KORPU_GIVING_GROUP_COMMIT": "1", "KORPU_AXES": "0",
           # One partner token and one address send everything: the operator raises the per-token
           # donation limit (default 120/m) for the integration, as a telethon would.
           "KORPU_RATE_LIMITS": os.environ.get("KORPU_RATE_LIMITS", "donation=10000000/m"),
           "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    return env


def prepare(database_url: str, var: str) -> dict:
    env = env_for(database_url, var)
    if database_url.startswith("postgres"):
        import psycopg

        name = database_url.rsplit("/", 1)[1]
        with psycopg.connect(database_url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{name}"')
    subprocess.run([str(VENV / "python"), "-m", "django", "migrate", "-v", "0"], env=env, check=True, timeout=600,
                   cwd=var)
    out = subprocess.run([str(VENV / "python"), "-c", SETUP], env=env, check=True, timeout=300, capture_output=True,
                         text=True, cwd=var)
    return json.loads(out.stdout.strip().splitlines()[-1])


def start_server(database_url: str, var: str, port: int, workers: int) -> subprocess.Popen:
    env = env_for(database_url, var)
    # The server's log goes to a file (a pipe nobody reads would fill up and stall the server).
    log = open(Path(var) / "server.log", "wb")  # noqa: SIM115 - closed with the process
    proc = subprocess.Popen([str(VENV / "korpu"), "serve", "--workers", str(workers), "--no-worker", "--port", str(port)],
                            env=env, cwd=var, stdout=subprocess.DEVNULL, stderr=log, start_new_session=True)
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            import urllib.request

            urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v1/fundraising-campaigns", timeout=2).read()
            return proc
        except Exception:  # noqa: BLE001 - not up yet
            time.sleep(0.3)
    proc.kill()
    raise SystemExit("the server did not start: " + (Path(var) / "server.log").read_text(errors="replace")[-3000:])


def stop_server(proc: subprocess.Popen) -> None:
    os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(20)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)


class Client:
    """A lean HTTP/1.1 keep-alive client (the load generator shares the machine's 2 cores)."""

    def __init__(self, port: int):
        self.port = port
        self.reader = self.writer = None

    async def connect(self):
        self.reader, self.writer = await asyncio.open_connection("127.0.0.1", self.port)

    async def request(self, method: str, path: str, body: bytes = b"", headers: dict | None = None) -> tuple[int, bytes]:
        if self.writer is None:
            await self.connect()
        lines = [f"{method} {path} HTTP/1.1", f"Host: 127.0.0.1:{self.port}", f"Content-Length: {len(body)}"]
        lines += [f"{k}: {v}" for k, v in (headers or {}).items()]
        self.writer.write(("\r\n".join(lines) + "\r\n\r\n").encode() + body)
        await self.writer.drain()
        status_line = await self.reader.readline()
        if not status_line:
            raise ConnectionError("closed")
        status = int(status_line.split()[1])
        length, close = 0, False
        while True:
            line = await self.reader.readline()
            if line in (b"\r\n", b""):
                break
            name, _, value = line.decode().partition(":")
            if name.lower() == "content-length":
                length = int(value)
            elif name.lower() == "connection" and "close" in value.lower():
                close = True
        data = await self.reader.readexactly(length) if length else b""
        if close:
            self.writer.close()
            self.writer = None
        return status, data

    def reset(self):
        if self.writer is not None:
            self.writer.close()
        self.writer = None


async def load(port: int, campaign: str, token: str, seconds: float, clients: int, run_id: str) -> dict:
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    acked: list[str] = []
    errors = 0
    tally_samples: list[tuple[float, int]] = []
    stop_at = time.monotonic() + seconds
    counter = iter(range(10**9))

    async def worker(n: int):
        nonlocal errors
        client = Client(port)
        while time.monotonic() < stop_at:
            i = next(counter)
            key = f"{run_id}-{i}"
            body = json.dumps({"campaign": campaign, "amount": f"{5 + i % 50}.00", "currency": ("AZN", "USD", "EUR")[i % 3],
                               "country": ("AZ", "TR", "DE", "US", "RU")[i % 5]}).encode()
            headers = {"Authorization": f"Bearer {token}", "Idempotency-Key": key, "Content-Type": "application/json"}
            started = time.monotonic()
            for _attempt in range(5):
                try:
                    status, _data = await asyncio.wait_for(
                        client.request("POST", "/api/v1/donations", body, headers), 10)
                    break
                except (OSError, ConnectionError, asyncio.IncompleteReadError, TimeoutError):
                    client.reset()
                    errors += 1
                    await asyncio.sleep(0.05)
            else:
                continue
            latencies.append(time.monotonic() - started)
            statuses[status] = statuses.get(status, 0) + 1
            if status in (200, 201):
                acked.append(key)

    async def screen():
        client = Client(port)
        while time.monotonic() < stop_at:
            try:
                status, data = await asyncio.wait_for(client.request("GET", f"/api/v1/campaigns/{campaign}/tally"), 10)
                if status == 200:
                    tally_samples.append((time.monotonic(), json.loads(data)["gifts"]))
            except (OSError, ConnectionError, asyncio.IncompleteReadError, TimeoutError):
                client.reset()
            await asyncio.sleep(0.5)

    started = time.monotonic()
    await asyncio.gather(screen(), *(worker(n) for n in range(clients)))
    elapsed = time.monotonic() - started
    latencies.sort()

    def q(p: float) -> float:
        return latencies[min(len(latencies) - 1, int(p * len(latencies)))] if latencies else float("nan")

    return {"seconds": round(elapsed, 1), "acked": len(acked), "rate": round(len(acked) / elapsed, 1),
            "p50_ms": round(q(0.50) * 1000, 1), "p99_ms": round(q(0.99) * 1000, 1), "max_ms": round(q(1.0) * 1000, 1),
            "statuses": statuses, "connection_errors": errors,
            "tally_polls": len(tally_samples), "tally_last": tally_samples[-1][1] if tally_samples else None,
            "acked_keys": acked}


def verify(database_url: str, var: str) -> tuple[int, int]:
    out = subprocess.run([str(VENV / "python"), "-c", COUNT], env=env_for(database_url, var), capture_output=True,
                         text=True, timeout=900, cwd=var, check=True)
    gifts, problems = out.stdout.split()
    return int(gifts), int(problems)


def raw_ceiling(database_url: str, seconds: float, threads: int = 2, batch: int = 200) -> dict:
    """psycopg writing the same rows per gift (transfer, gift, audit; balance and tally upserts per
    batch) into scratch copies of the tables, many gifts per transaction."""
    import psycopg

    with psycopg.connect(database_url, autocommit=True) as conn:
        for table in ("giving_transfer", "giving_gift", "core_auditentry", "giving_accountbalance", "giving_tallyshard"):
            conn.execute(f"DROP TABLE IF EXISTS bench_{table}")
            conn.execute(f"CREATE TABLE bench_{table} (LIKE {table} INCLUDING ALL)")
    stop_at = time.monotonic() + seconds
    counts = [0] * threads

    def run(n: int):
        with psycopg.connect(database_url) as conn:
            i = 0
            while time.monotonic() < stop_at:
                with conn.transaction():
                    with conn.cursor() as cur:
                        rows, gifts = [], []
                        for _ in range(batch):
                            i += 1
                            gifts.append((uuid.uuid4(), n * 10**10 + i, uuid.uuid4(), 500, 500))
                            rows.append((f"raw-{n}-{i}", "x" * 64, "posted", 1, 2, 500 + i % 50, "AZN", n, i, "0" * 64, "1" * 64))
                        cur.executemany(
                            "INSERT INTO bench_giving_transfer (key, fingerprint, kind, debit_account_id, credit_account_id,"
                            " amount, currency, chain, seq, prev_hash, hash, memo, created_at) VALUES"
                            " (%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,'',now())", rows)
                        cur.executemany(
                            "INSERT INTO bench_giving_gift (id, created_at, updated_at, transfer_id, fund_id, channel,"
                            " amount_minor, currency, base_currency, base_minor, rate, rate_source, rate_date, country,"
                            " status) VALUES (%s, now(), now(), %s, %s, 'api', %s, 'AZN', 'AZN', %s, 1, 'identity',"
                            " current_date, 'AZ', 'counted')",
                            gifts)
                        cur.executemany(
                            "INSERT INTO bench_core_auditentry (at, actor_label, action, object_type, object_id,"
                            " object_repr, changes, message, request_id) VALUES (now(), 'bench', 'create', 'giving.gift',"
                            " %s, '', '{}', '', '')", [(r[0],) for r in rows])
                        cur.execute("INSERT INTO bench_giving_accountbalance (account_id, shard, posted_debits,"
                                    " posted_credits, pending_debits, pending_credits) VALUES (%s, %s, 1, 1, 0, 0)"
                                    " ON CONFLICT (account_id, shard) DO UPDATE SET posted_credits ="
                                    " bench_giving_accountbalance.posted_credits + 1", (1, n))
                counts[n] += batch

    started = time.monotonic()
    workers = [threading.Thread(target=run, args=(n,)) for n in range(threads)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    elapsed = time.monotonic() - started
    with psycopg.connect(database_url, autocommit=True) as conn:
        for table in ("giving_transfer", "giving_gift", "core_auditentry", "giving_accountbalance", "giving_tallyshard"):
            conn.execute(f"DROP TABLE IF EXISTS bench_{table}")
    return {"rate": round(sum(counts) / elapsed, 1), "seconds": round(elapsed, 1), "batch": batch, "threads": threads}


def run_target(name: str, database_url: str, args, port: int) -> dict:
    var = tempfile.mkdtemp(prefix=f"korpu-bench-{name}-")
    info = prepare(database_url, var)
    proc = start_server(database_url, var, port, args.workers)
    try:
        result = asyncio.run(load(port, info["campaign"], info["token"],
                                  args.seconds if name == "postgresql" else args.sqlite_seconds, args.clients,
                                  uuid.uuid4().hex[:8]))
    finally:
        stop_server(proc)
    gifts, problems = verify(database_url, var)
    log = (Path(var) / "server.log").read_text(errors="replace")
    if "Traceback" in log:
        errors = [line for line in log.splitlines() if line and not line.startswith((" ", "Traceback"))
                  and "Error" in line]
        print(f"server errors ({name}):", sorted(set(errors))[:10], flush=True)
    result.pop("acked_keys")
    result.update({"gifts_in_ledger": gifts, "check_ledger_problems": problems})
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--sqlite-seconds", type=float, default=30)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--skip-sqlite", action="store_true")
    parser.add_argument("--port", type=int, default=8790)
    args = parser.parse_args()
    print(f"giving API bench: {args.seconds:.0f} s, {args.workers} web workers, {args.clients} clients, "
          f"fast path {os.environ.get('KORPU_GIVING_FASTPATH', '1')}", flush=True)
    print("load average before: {:.1f} {:.1f} {:.1f}".format(*os.getloadavg()), flush=True)
    pg = run_target("postgresql", PG, args, args.port)
    print("PostgreSQL via HTTP API:", json.dumps(pg), flush=True)
    print("load average after the API run: {:.1f} {:.1f} {:.1f}".format(*os.getloadavg()), flush=True)
    ceiling = raw_ceiling(PG, seconds=min(15, args.seconds))
    print("PostgreSQL raw psycopg ceiling (same rows, 200 per transaction):", json.dumps(ceiling), flush=True)
    single = raw_ceiling(PG, seconds=min(15, args.seconds), batch=1, threads=8)
    print("PostgreSQL raw psycopg, one transaction per gift (8 connections):", json.dumps(single), flush=True)
    print(f"ratio API / raw batched ceiling: {pg['rate'] / max(ceiling['rate'], 1):.2f}; "
          f"API / raw one-per-transaction: {pg['rate'] / max(single['rate'], 1):.2f}", flush=True)
    if not args.skip_sqlite:
        var = tempfile.mkdtemp(prefix="korpu-bench-sqlite-")
        sqlite = run_target("sqlite", f"sqlite:///{var}/bench.sqlite3", args, args.port + 1)
        print("SQLite via HTTP API:", json.dumps(sqlite), flush=True)
    ok = pg["check_ledger_problems"] == 0 and pg["gifts_in_ledger"] >= pg["acked"]
    print("verdict:", "ledger sound, every acknowledged gift present" if ok else "LEDGER PROBLEM", flush=True)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
