"""Backups: consistent while writers run, encrypted and authenticated, restorable — on SQLite and
PostgreSQL. Figures go to test-artifacts/reliability.json for docs/reliability.md."""

from __future__ import annotations

import io
import os
import sqlite3
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

import pytest

from korpu.core import backup
from tests.hardening.conftest import subprocess_env

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
PG = os.environ.get("KORPU_HARDENING_PG", "postgres://postgres@127.0.0.1:5432/postgres")


def record_figure(name: str, value) -> None:
    """Append a figure for docs/reliability.md (test-artifacts/reliability.json)."""
    import json

    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / "reliability.json"
    data = json.loads(path.read_text()) if path.exists() else {}
    data[name] = value
    path.write_text(json.dumps(data, indent=2, sort_keys=True))


@pytest.fixture
def key():
    return backup.parse_key(backup.new_key())


def make_db(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("CREATE TABLE gift (id INTEGER PRIMARY KEY, amount INTEGER NOT NULL, note TEXT)")
    conn.execute("CREATE TABLE entry (id INTEGER PRIMARY KEY, gift_id INTEGER NOT NULL, amount INTEGER NOT NULL)")
    conn.commit()
    conn.close()


class Writer(threading.Thread):
    """Writes gifts, each with its matching ledger entry in the same transaction, and remembers
    which ones were committed (acknowledged)."""

    def __init__(self, path: Path, prefix: int):
        super().__init__(daemon=True)
        self.path, self.prefix = path, prefix
        self.acknowledged: list[int] = []
        self.stop = threading.Event()

    def run(self) -> None:
        conn = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        conn.execute("PRAGMA busy_timeout=30000")
        n = 0
        while not self.stop.is_set():
            n += 1
            gift_id = self.prefix * 10_000_000 + n
            conn.execute("BEGIN IMMEDIATE")
            conn.execute("INSERT INTO gift VALUES (?, ?, ?)", (gift_id, n * 100, "x" * 200))
            conn.execute("INSERT INTO entry (gift_id, amount) VALUES (?, ?)", (gift_id, n * 100))
            conn.execute("COMMIT")
            self.acknowledged.append(gift_id)
        conn.close()


def test_sqlite_backup_taken_during_writes_restores_every_acknowledged_row_consistently(tmp_path, key):
    db = tmp_path / "live.sqlite3"
    make_db(db)
    writers = [Writer(db, p) for p in (1, 2, 3)]
    for w in writers:
        w.start()
    time.sleep(1.0)
    acknowledged_before = {g for w in writers for g in list(w.acknowledged)}
    out = tmp_path / "backup.kbk"
    with open(out, "wb") as handle:
        info = backup.backup_database({"ENGINE": "django.db.backends.sqlite3", "NAME": str(db)}, handle, key=key)
    time.sleep(0.3)
    for w in writers:
        w.stop.set()
        w.join()
    fresh = tmp_path / "fresh.sqlite3"
    with open(out, "rb") as handle:
        restored = backup.restore_database({"ENGINE": "django.db.backends.sqlite3", "NAME": str(fresh)}, handle, key=key)
    conn = sqlite3.connect(fresh)
    gifts = {r[0] for r in conn.execute("SELECT id FROM gift")}
    entries = dict(conn.execute("SELECT gift_id, amount FROM entry").fetchall())
    amounts = dict(conn.execute("SELECT id, amount FROM gift").fetchall())
    conn.close()
    assert acknowledged_before <= gifts, "a gift acknowledged before the backup is missing"
    assert set(entries) == gifts and entries == amounts, "the copy is not one consistent moment"
    assert restored.tables["gift"] == info.tables["gift"] == len(gifts)
    assert b"x" * 200 not in out.read_bytes(), "the backup file holds data in clear"
    record_figure("backup_sqlite_during_writes", {
        "rows_acknowledged_before": len(acknowledged_before), "rows_in_backup": len(gifts),
        "rows_lost": len(acknowledged_before - gifts), "backup_seconds": round(info.seconds, 3),
        "restore_seconds": round(restored.seconds, 3), "megabytes": round(info.plain_bytes / 1e6, 2),
        "writers": len(writers)})


def test_backup_is_streamed_in_authenticated_chunks(tmp_path, key):
    payload = os.urandom(3 * backup.CHUNK + 123)
    buffer = io.BytesIO()
    writer = backup.EncryptedWriter(buffer, key, {"engine": "test"})
    for i in range(0, len(payload), 50_000):
        writer.write(payload[i:i + 50_000])
    writer.close()
    chunks = list(backup.decrypt_chunks(io.BytesIO(buffer.getvalue()), key))
    assert len(chunks) == 4 and b"".join(chunks) == payload


@pytest.mark.parametrize("damage", ["flip", "truncate", "drop_last", "swap"])
def test_a_changed_or_cut_backup_is_refused(key, damage):
    buffer = io.BytesIO()
    writer = backup.EncryptedWriter(buffer, key, {"engine": "test"})
    writer.write(os.urandom(2 * backup.CHUNK + 10))
    writer.close()
    data = bytearray(buffer.getvalue())
    header_end = len(backup.MAGIC) + 4 + int.from_bytes(data[len(backup.MAGIC):len(backup.MAGIC) + 4], "big")
    if damage == "flip":
        data[header_end + 100] ^= 1
    elif damage == "truncate":
        del data[-1000:]
    elif damage == "drop_last":
        # the final chunk is the short one: cut the file right after the second full chunk
        step = 4 + backup.NONCE + backup.CHUNK + 16
        data = data[: header_end + 2 * step]
    else:  # swap the first two chunks
        step = 4 + backup.NONCE + backup.CHUNK + 16
        first, second = data[header_end:header_end + step], data[header_end + step:header_end + 2 * step]
        data[header_end:header_end + 2 * step] = second + first
    with pytest.raises(backup.BackupError):
        b"".join(backup.decrypt_chunks(io.BytesIO(bytes(data)), key))


def test_a_backup_needs_its_own_key(tmp_path, key):
    db = tmp_path / "db.sqlite3"
    make_db(db)
    buffer = io.BytesIO()
    backup.backup_database({"ENGINE": "django.db.backends.sqlite3", "NAME": str(db)}, buffer, key=key)
    other = backup.parse_key(backup.new_key())
    buffer.seek(0)
    with pytest.raises(backup.BackupError, match="another key"):
        backup.restore_database({"ENGINE": "django.db.backends.sqlite3", "NAME": str(tmp_path / "x.sqlite3")},
                                buffer, key=other)


def test_restore_refuses_a_database_that_is_not_empty_unless_forced(tmp_path, key):
    db, target = tmp_path / "db.sqlite3", tmp_path / "target.sqlite3"
    make_db(db)
    make_db(target)
    buffer = io.BytesIO()
    sqlite_db = {"ENGINE": "django.db.backends.sqlite3", "NAME": str(db)}
    backup.backup_database(sqlite_db, buffer, key=key)
    buffer.seek(0)
    with pytest.raises(backup.BackupError, match="not empty"):
        backup.restore_database({**sqlite_db, "NAME": str(target)}, buffer, key=key)
    buffer.seek(0)
    assert backup.restore_database({**sqlite_db, "NAME": str(target)}, buffer, key=key, force=True).tables == {
        "entry": 0, "gift": 0}


def test_keys_are_read_from_file_or_environment(tmp_path, monkeypatch):
    text = backup.new_key()
    path = tmp_path / "key"
    path.write_text(text + "\n")
    assert backup.load_key(path) == backup.parse_key(text)
    monkeypatch.setenv("KORPU_BACKUP_KEY", text)
    assert backup.load_key() == backup.parse_key(text)
    monkeypatch.delenv("KORPU_BACKUP_KEY")
    with pytest.raises(backup.BackupError, match="no backup key"):
        backup.load_key()
    with pytest.raises(backup.BackupError):
        backup.parse_key("too-short")


# --- PostgreSQL -------------------------------------------------------------------------------
def _pg_available() -> bool:
    try:
        import psycopg

        psycopg.connect(PG, connect_timeout=3).close()
        return True
    except Exception:
        return False


@pytest.fixture
def pg_databases():
    if not _pg_available() or not backup.shutil.which("pg_dump"):
        pytest.skip("PostgreSQL on 127.0.0.1:5432 (user postgres) and pg_dump are needed")
    import psycopg

    names = [f"korpu_hardening_{uuid.uuid4().hex[:8]}_{s}" for s in ("live", "fresh")]
    with psycopg.connect(PG, autocommit=True) as conn:
        for name in names:
            conn.execute(f'CREATE DATABASE "{name}"')
    yield names
    with psycopg.connect(PG, autocommit=True) as conn:
        for name in names:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _pg_url(name: str) -> str:
    return PG.rsplit("/", 1)[0] + "/" + name


def _pg_settings(name: str) -> dict:
    from korpu.core.dburl import parse_database_url

    return parse_database_url(_pg_url(name))


def test_postgres_backup_taken_during_writes_restores_every_acknowledged_row(pg_databases, tmp_path, key):
    import psycopg

    live, fresh = pg_databases
    with psycopg.connect(_pg_url(live), autocommit=True) as conn:
        conn.execute("CREATE TABLE gift (id bigint PRIMARY KEY, amount bigint NOT NULL)")
        conn.execute("CREATE TABLE entry (gift_id bigint PRIMARY KEY REFERENCES gift, amount bigint NOT NULL)")
    acknowledged: list[int] = []
    stop = threading.Event()

    def write():
        with psycopg.connect(_pg_url(live)) as conn:
            n = 0
            while not stop.is_set():
                n += 1
                with conn.transaction():
                    conn.execute("INSERT INTO gift VALUES (%s, %s)", (n, n * 100))
                    conn.execute("INSERT INTO entry VALUES (%s, %s)", (n, n * 100))
                acknowledged.append(n)

    thread = threading.Thread(target=write, daemon=True)
    thread.start()
    time.sleep(1.0)
    before = set(acknowledged)
    out = tmp_path / "pg.kbk"
    with open(out, "wb") as handle:
        info = backup.backup_database(_pg_settings(live), handle, key=key)
    time.sleep(0.3)
    stop.set()
    thread.join()
    with open(out, "rb") as handle:
        restored = backup.restore_database(_pg_settings(fresh), handle, key=key)
    with psycopg.connect(_pg_url(fresh)) as conn:
        gifts = {r[0] for r in conn.execute("SELECT id FROM gift")}
        entries = {r[0] for r in conn.execute("SELECT gift_id FROM entry")}
    assert before <= gifts and gifts == entries
    record_figure("backup_postgres_during_writes", {
        "rows_acknowledged_before": len(before), "rows_in_backup": len(gifts), "rows_lost": len(before - gifts),
        "backup_seconds": round(info.seconds, 3), "restore_seconds": round(restored.seconds, 3)})


# --- the commands, on a migrated Körpü database with audit rows written meanwhile ----------------
AUDIT_WRITER = """
import os, sys, django
django.setup()
from django.db import transaction
from korpu.core import audit
n = 0
while True:
    n += 1
    with transaction.atomic():
        audit.record(actor="load", action="other", object_type="hardening.load", object_id=str(n), message="row %d" % n)
    print(n, flush=True)
"""


@pytest.mark.slow
def test_backup_and_restore_commands_on_a_running_korpu_database(migrated_db, tmp_path):
    env = subprocess_env(tmp_path, DATABASE_URL=f"sqlite:///{migrated_db}", KORPU_BACKUP_KEY=backup.new_key())
    writer = subprocess.Popen([sys.executable, "-c", AUDIT_WRITER], env=env, stdout=subprocess.PIPE, text=True)
    try:
        acknowledged = []
        while len(acknowledged) < 50:
            acknowledged.append(int(writer.stdout.readline()))  # type: ignore[union-attr]
        out = tmp_path / "korpu.kbk"
        result = subprocess.run([sys.executable, "-m", "korpu.core.backup", "backup", "-o", str(out)], env=env,
                                capture_output=True, text=True, timeout=300)
        assert result.returncode == 0, result.stderr
        for _ in range(20):
            acknowledged.append(int(writer.stdout.readline()))  # type: ignore[union-attr]
    finally:
        writer.kill()
        writer.wait()
    fresh = tmp_path / "fresh.sqlite3"
    result = subprocess.run([sys.executable, "-m", "korpu.core.backup", "restore", str(out)],
                            env={**env, "DATABASE_URL": f"sqlite:///{fresh}"}, capture_output=True, text=True,
                            timeout=300)
    assert result.returncode == 0, result.stderr
    conn = sqlite3.connect(fresh)
    restored = {int(r[0]) for r in conn.execute(
        "SELECT object_id FROM core_auditentry WHERE object_type='hardening.load'")}
    conn.close()
    assert set(acknowledged[:50]) <= restored
    # and a second restore over it is refused without --force
    again = subprocess.run([sys.executable, "-m", "korpu.core.backup", "restore", str(out)],
                           env={**env, "DATABASE_URL": f"sqlite:///{fresh}"}, capture_output=True, text=True)
    assert again.returncode == 1 and "not empty" in again.stderr
