"""SIGKILL the server in the middle of a load of retrying clients: after a restart every
acknowledged gift is in the ledger exactly once, and check-ledger passes."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import sys
import tempfile
import time
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))


async def _clients(port, campaign, token, *, seconds, clients, acked, attempted):
    import bench_giving_api as bench

    stop_at = time.monotonic() + seconds

    async def one(n):
        client = bench.Client(port)
        i = 0
        while time.monotonic() < stop_at:
            i += 1
            key = f"crash-{n}-{i}"
            attempted.add(key)
            body = json.dumps({"campaign": campaign, "amount": "7.00", "currency": "AZN"}).encode()
            headers = {"Authorization": f"Bearer {token}", "Idempotency-Key": key, "Content-Type": "application/json"}
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline:  # retry the same key until it is acknowledged
                try:
                    status, _ = await asyncio.wait_for(client.request("POST", "/api/v1/donations", body, headers), 10)
                    if status in (200, 201):
                        acked.append(key)
                        break
                except (OSError, ConnectionError, asyncio.IncompleteReadError, TimeoutError):
                    client.reset()
                await asyncio.sleep(0.1)

    await asyncio.gather(*(one(n) for n in range(clients)))


@pytest.mark.slow
def test_sigkill_mid_load_loses_and_doubles_nothing():
    import bench_giving_api as bench

    var = tempfile.mkdtemp(prefix="korpu-crash-")
    url = os.environ.get("DATABASE_URL", "")
    database_url = url + "_crash" if url.startswith("postgres") else f"sqlite:///{var}/crash.sqlite3"
    info = bench.prepare(database_url, var)
    port = 8871
    server = bench.start_server(database_url, var, port, 1)
    acked: list[str] = []
    attempted: set[str] = set()

    async def scenario():
        nonlocal server
        load = asyncio.create_task(_clients(port, info["campaign"], info["token"], seconds=10, clients=20,
                                            acked=acked, attempted=attempted))
        await asyncio.sleep(4)
        before = len(acked)
        os.killpg(server.pid, signal.SIGKILL)  # no shutdown, no flush: a crash
        server.wait(10)
        await asyncio.sleep(1)
        server = await asyncio.to_thread(bench.start_server, database_url, var, port, 1)
        await load
        return before

    try:
        before = asyncio.run(scenario())
    finally:
        bench.stop_server(server)
    assert before > 0 and len(acked) > before
    assert len(set(acked)) == len(acked)
    check = """
import django, json; django.setup()
from collections import Counter
from korpu.giving.models import Transfer
from korpu.giving.cli import check_ledger
keys = Counter(Transfer.objects.filter(key__startswith="api:crash-").values_list("key", flat=True))
print(json.dumps({"keys": keys, "problems": check_ledger()}))
"""
    import subprocess

    out = subprocess.run([sys.executable, "-c", check], env=bench.env_for(database_url, var), capture_output=True,
                         text=True, timeout=300, cwd=var, check=True)
    result = json.loads(out.stdout.strip().splitlines()[-1])
    assert result["problems"] == []
    booked = result["keys"]
    assert all(n == 1 for n in booked.values())
    missing = [k for k in acked if booked.get(f"api:{k}") != 1]
    assert not missing, missing[:5]
    assert set(booked) <= {f"api:{k}" for k in attempted}
