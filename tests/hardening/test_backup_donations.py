"""The issue's backup test: `korpu backup` while donations pour in through the API, `korpu restore`
into a fresh database, every gift acknowledged before the backup began is there, and
`korpu check-ledger` passes on the restored books."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
import uuid

import pytest

from korpu.core import backup
from tests.hardening.conftest import subprocess_env
from tests.hardening.live import free_port, prepare_demo, start_server, stop, wait_for
from tests.hardening.test_backup import record_figure

pytestmark = pytest.mark.slow
CLIENTS = 4


def giving_api_present(db) -> bool:
    conn = sqlite3.connect(db)
    try:
        return bool(conn.execute("SELECT 1 FROM sqlite_master WHERE name='giving_campaign'").fetchone())
    finally:
        conn.close()


def post_donation(base: str, token: str, target: tuple[str, str], n: int) -> tuple[int, dict]:
    campaign, fund = target
    body = json.dumps({"campaign": campaign, "fund": fund, "amount_minor": 1000 + n, "currency": "EUR", "country": "DE",
                       "channel": "api"}).encode()
    request = urllib.request.Request(f"{base}/api/v1/donations", data=body, method="POST", headers={
        "Content-Type": "application/json", "Authorization": f"Bearer {token}", "Idempotency-Key": str(uuid.uuid4())})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read() or b"{}")


def test_backup_during_donation_load_restores_every_acknowledged_gift_and_a_sound_ledger(tmp_path, demo_template):
    db, tokens, _seconds = prepare_demo(tmp_path, demo_template)
    if not giving_api_present(db):
        pytest.skip("the giving app (POST /api/v1/donations) is not there yet")
    conn = sqlite3.connect(db)
    pairs = conn.execute("SELECT campaign_id, fund_id FROM giving_campaign_funds").fetchall()
    conn.close()
    token = tokens.get("admin")
    if not pairs or not token:
        pytest.skip("the demo data has no fundraising campaign or no admin")
    campaign = (str(uuid.UUID(pairs[0][0])), str(uuid.UUID(pairs[0][1])))
    port = free_port()
    server = start_server(tmp_path, f"sqlite:///{db}", port, KORPU_RATE_LIMITS="donation=off")
    base = f"http://127.0.0.1:{port}"
    acknowledged: list[tuple[float, str]] = []  # (time the answer came, gift id)
    refused: list[tuple[int, dict]] = []
    stop_load = threading.Event()

    def client(k: int) -> None:
        n = 0
        while not stop_load.is_set():
            n += 1
            status, body = post_donation(base, token, campaign, k * 100000 + n)
            if status in (200, 201):
                acknowledged.append((time.monotonic(), body["id"]))
            else:
                refused.append((status, body))

    key = backup.new_key()
    env = subprocess_env(tmp_path, DATABASE_URL=f"sqlite:///{db}", KORPU_BACKUP_KEY=key)
    try:
        wait_for(f"{base}/healthz", process=server)
        status, body = post_donation(base, token, campaign, 0)
        assert status == 201, body
        threads = [threading.Thread(target=client, args=(k,), daemon=True) for k in range(CLIENTS)]
        for t in threads:
            t.start()
        time.sleep(3)
        backup_started = time.monotonic()
        out = tmp_path / "during-load.kbk"
        result = subprocess.run([sys.executable, "-m", "korpu.core.backup", "backup", "-o", str(out)], env=env,
                                capture_output=True, text=True, timeout=600)
        backup_seconds = time.monotonic() - backup_started
        assert result.returncode == 0, result.stderr
        time.sleep(2)
        stop_load.set()
        for t in threads:
            t.join(timeout=120)
    finally:
        stop_load.set()
        stop(server)
    before = {gift for at, gift in acknowledged if at < backup_started}
    assert len(before) > 10, f"the load did not get going: {refused[:3]}"
    assert not [r for r in refused if r[0] >= 500], refused[:5]

    fresh = tmp_path / "restored.sqlite3"
    restore_env = {**env, "DATABASE_URL": f"sqlite:///{fresh}"}
    started = time.monotonic()
    result = subprocess.run([sys.executable, "-m", "korpu.core.backup", "restore", str(out)], env=restore_env,
                            capture_output=True, text=True, timeout=600)
    restore_seconds = time.monotonic() - started
    assert result.returncode == 0, result.stderr
    conn = sqlite3.connect(fresh)
    restored = {str(uuid.UUID(r[0])) for r in conn.execute("SELECT id FROM giving_gift")}
    conn.close()
    missing = {str(uuid.UUID(g)) for g in before} - restored
    assert not missing, f"{len(missing)} acknowledged gifts are missing from the restored database"
    ledger = subprocess.run([sys.executable, "-m", "korpu", "check-ledger"], env=restore_env, capture_output=True,
                            text=True, timeout=600)
    assert ledger.returncode == 0, ledger.stdout[-3000:] + ledger.stderr[-3000:]
    record_figure("backup_during_donation_load", {
        "clients": CLIENTS, "gifts_acknowledged": len(acknowledged), "acknowledged_before_backup": len(before),
        "gifts_lost": len(missing), "backup_seconds": round(backup_seconds, 2),
        "restore_seconds": round(restore_seconds, 2), "check_ledger": ledger.stdout.strip().splitlines()[-1],
        "backup_megabytes": round(out.stat().st_size / 1e6, 1)})
