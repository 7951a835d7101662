"""`korpu backup` and `korpu restore`: consistent, encrypted backups taken while the platform runs.

- SQLite: the online backup API (`sqlite3.Connection.backup`) copies the database in one step
  inside a read transaction, so the copy is one consistent moment even while web processes and
  workers write (WAL mode lets them go on meanwhile).
- PostgreSQL: `pg_dump --format=custom` (one repeatable-read snapshot), streamed straight into the
  encryption, never written to disk in clear; `pg_restore` brings it back.

The backup file is encrypted and authenticated with AES-256-GCM under a key the operator holds
(`KORPU_BACKUP_KEY`, or a key file: `korpu backup --new-key FILE`). It is written in chunks of
1 MiB, each with its own nonce and bound to its position and to the header, so a reordered,
spliced or truncated file is refused on restore, and memory stays flat however large the
database.

    header:  b"KORPU-BACKUP\\x01" | u32 length | JSON (engine, time, version, key id, tables)
    chunks:  u32 length | 12-byte nonce | ciphertext+tag      (AAD = sha256(header) | u64 index | final flag)
"""

from __future__ import annotations

import argparse
import base64
import datetime as dt
import hashlib
import json
import os
import shutil
import sqlite3
import struct
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

MAGIC = b"KORPU-BACKUP\x01"
CHUNK = 1024 * 1024
NONCE = 12
MAX_CHUNK_ON_DISK = CHUNK + NONCE + 16 + 1024


class BackupError(Exception):
    """A backup or restore that cannot be carried out; the message says why, in one line."""


# --- keys ----------------------------------------------------------------------------------
def new_key() -> str:
    """A fresh 256-bit key, URL-safe base64 (the same text form as a Fernet key)."""
    return base64.urlsafe_b64encode(os.urandom(32)).decode()


def parse_key(text: str) -> bytes:
    try:
        raw = base64.urlsafe_b64decode(text.strip().encode() + b"==")
    except (ValueError, TypeError) as exc:
        raise BackupError("the backup key is not valid base64") from exc
    if len(raw) != 32:
        raise BackupError("the backup key must be 32 bytes (generate one with `korpu backup --new-key FILE`)")
    return raw


def load_key(key_file: str | os.PathLike | None = None) -> bytes:
    """The key from `key_file`, else KORPU_BACKUP_KEY_FILE, else KORPU_BACKUP_KEY."""
    path = key_file or os.environ.get("KORPU_BACKUP_KEY_FILE")
    if path:
        try:
            return parse_key(Path(path).read_text())
        except OSError as exc:
            raise BackupError(f"cannot read the key file {path}: {exc.strerror}") from exc
    text = os.environ.get("KORPU_BACKUP_KEY", "")
    if not text:
        raise BackupError("no backup key: set KORPU_BACKUP_KEY or pass --key-file "
                          "(create one with `korpu backup --new-key FILE`)")
    return parse_key(text)


def key_id(key: bytes) -> str:
    """A short fingerprint that tells which key a backup needs, without revealing it."""
    return hashlib.sha256(b"korpu-backup-key-id" + key).hexdigest()[:16]


# --- the encrypted stream -------------------------------------------------------------------
class EncryptedWriter:
    """Write a header, then plaintext in any pieces; `close()` writes the final chunk."""

    def __init__(self, out: IO[bytes], key: bytes, header: dict[str, Any]):
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM

        self._aead = AESGCM(key)
        self._out = out
        header = {**header, "key_id": key_id(key), "chunk_size": CHUNK}
        encoded = json.dumps(header, sort_keys=True).encode()
        self._bind = hashlib.sha256(encoded).digest()
        out.write(MAGIC + struct.pack(">I", len(encoded)) + encoded)
        self._buffer = bytearray()
        self._index = 0
        self.plain_bytes = 0

    def write(self, data: bytes) -> None:
        self._buffer += data
        self.plain_bytes += len(data)
        while len(self._buffer) > CHUNK:
            self._emit(bytes(self._buffer[:CHUNK]), final=False)
            del self._buffer[:CHUNK]

    def close(self) -> None:
        self._emit(bytes(self._buffer), final=True)
        self._buffer.clear()
        self._out.flush()

    def _emit(self, plain: bytes, *, final: bool) -> None:
        nonce = os.urandom(NONCE)
        aad = self._bind + struct.pack(">QB", self._index, 1 if final else 0)
        sealed = nonce + self._aead.encrypt(nonce, plain, aad)
        self._out.write(struct.pack(">I", len(sealed)) + sealed)
        self._index += 1


def read_header(source: IO[bytes]) -> tuple[dict[str, Any], bytes]:
    magic = source.read(len(MAGIC))
    if magic != MAGIC:
        raise BackupError("this is not a Körpü backup file")
    (length,) = struct.unpack(">I", _exactly(source, 4))
    if length > 10 * 1024 * 1024:
        raise BackupError("the backup header is damaged")
    encoded = _exactly(source, length)
    return json.loads(encoded), hashlib.sha256(encoded).digest()


def decrypt_chunks(source: IO[bytes], key: bytes) -> Iterator[bytes]:
    """The plaintext of a backup, chunk by chunk; raises BackupError on any tampering or truncation."""
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    header, bind = read_header(source)
    if header.get("key_id") != key_id(key):
        raise BackupError(f"this backup was made with another key (key id {header.get('key_id')})")
    aead = AESGCM(key)
    index = 0
    while True:
        prefix = source.read(4)
        if len(prefix) < 4:
            raise BackupError("the backup file is truncated (its last part is missing)")
        (length,) = struct.unpack(">I", prefix)
        if not NONCE + 16 <= length <= MAX_CHUNK_ON_DISK:
            raise BackupError("the backup file is damaged")
        sealed = _exactly(source, length)
        nonce, body = sealed[:NONCE], sealed[NONCE:]
        for final in (0, 1):
            try:
                plain = aead.decrypt(nonce, body, bind + struct.pack(">QB", index, final))
                break
            except InvalidTag:
                continue
        else:
            raise BackupError("the backup file was changed or damaged (authentication failed)")
        yield plain
        index += 1
        if final:
            if source.read(1):
                raise BackupError("the backup file has data after its end")
            return


def _exactly(source: IO[bytes], n: int) -> bytes:
    data = source.read(n)
    if len(data) != n:
        raise BackupError("the backup file is truncated")
    return data


# --- backup ---------------------------------------------------------------------------------
@dataclass
class BackupInfo:
    path: str
    engine: str
    seconds: float
    plain_bytes: int
    file_bytes: int
    tables: dict[str, int] = field(default_factory=dict)


def _engine(db: dict[str, Any]) -> str:
    engine = db["ENGINE"]
    if "sqlite" in engine:
        return "sqlite"
    if "postgres" in engine:
        return "postgresql"
    raise BackupError(f"backups of {engine} are not supported")


def table_counts_sqlite(path: str | os.PathLike) -> dict[str, int]:
    conn = sqlite3.connect(path)
    try:
        names = [r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' ORDER BY name")]
        return {n: conn.execute(f'SELECT COUNT(*) FROM "{n}"').fetchone()[0] for n in names}
    finally:
        conn.close()


def backup_database(db: dict[str, Any], out: IO[bytes], *, key: bytes) -> BackupInfo:
    """Write an encrypted, consistent backup of the database `db` (a DATABASES entry) to `out`."""
    started = time.perf_counter()
    engine = _engine(db)
    meta: dict[str, Any] = {"engine": engine, "created_at": dt.datetime.now(dt.UTC).isoformat(),
                            "korpu_version": _version(), "format": 1}
    if engine == "sqlite":
        with tempfile.TemporaryDirectory(prefix="korpu-backup-") as tmp:
            os.chmod(tmp, 0o700)
            copy = Path(tmp) / "snapshot.sqlite3"
            snapshot_sqlite(db["NAME"], copy)
            meta["tables"] = table_counts_sqlite(copy)
            writer = EncryptedWriter(out, key, meta)
            with open(copy, "rb") as handle:
                while block := handle.read(CHUNK):
                    writer.write(block)
            writer.close()
    else:
        writer = EncryptedWriter(out, key, meta)
        _pg_dump(db, writer)
        writer.close()
    return BackupInfo(path=getattr(out, "name", ""), engine=engine, seconds=time.perf_counter() - started,
                      plain_bytes=writer.plain_bytes, file_bytes=_tell(out), tables=meta.get("tables", {}))


def snapshot_sqlite(source: str | os.PathLike, target: str | os.PathLike) -> None:
    """Copy a live SQLite database consistently with the online backup API.

    One step (pages=-1) copies every page inside one read transaction: writers in WAL mode go on,
    and the copy is the database as it was when the step began.
    """
    if not Path(source).exists():
        raise BackupError(f"the database file {source} does not exist")
    src = sqlite3.connect(source, timeout=60)
    dst = sqlite3.connect(target)
    try:
        src.execute("PRAGMA busy_timeout=60000")
        src.backup(dst, pages=-1)
        dst.execute("PRAGMA journal_mode=DELETE")
    finally:
        dst.close()
        src.close()


def _pg_env(db: dict[str, Any]) -> dict[str, str]:
    env = os.environ.copy()
    for var, key in (("PGHOST", "HOST"), ("PGPORT", "PORT"), ("PGUSER", "USER"), ("PGPASSWORD", "PASSWORD"),
                     ("PGDATABASE", "NAME")):
        if db.get(key):
            env[var] = str(db[key])
    return env


def _pg_dump(db: dict[str, Any], writer: EncryptedWriter) -> None:
    if shutil.which("pg_dump") is None:
        raise BackupError("pg_dump is not installed (Debian: apt-get install postgresql-client)")
    proc = subprocess.Popen(["pg_dump", "--format=custom", "--no-owner", "--no-privileges", "--compress=6"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=_pg_env(db))
    errors: list[bytes] = []
    drain = threading.Thread(target=lambda: errors.append(proc.stderr.read()), daemon=True)  # type: ignore[union-attr]
    drain.start()
    assert proc.stdout is not None
    while block := proc.stdout.read(CHUNK):
        writer.write(block)
    code = proc.wait()
    drain.join()
    if code != 0:
        raise BackupError("pg_dump failed: " + b"".join(errors).decode(errors="replace").strip()[:500])


# --- restore --------------------------------------------------------------------------------
@dataclass
class RestoreInfo:
    engine: str
    seconds: float
    created_at: str
    tables: dict[str, int] = field(default_factory=dict)


def restore_database(db: dict[str, Any], source: IO[bytes], *, key: bytes, force: bool = False) -> RestoreInfo:
    """Restore an encrypted backup into the database `db`; refuse a non-empty one unless `force`."""
    started = time.perf_counter()
    engine = _engine(db)
    header, _bind = read_header(source)
    source.seek(0)
    if header.get("engine") != engine:
        raise BackupError(f"this is a {header.get('engine')} backup; the target database is {engine}")
    if engine == "sqlite":
        tables = _restore_sqlite(db["NAME"], source, key, force=force)
    else:
        _restore_pg(db, source, key, force=force)
        tables = {}
    return RestoreInfo(engine=engine, seconds=time.perf_counter() - started,
                       created_at=header.get("created_at", ""), tables=tables)


def _has_tables_sqlite(path: str) -> bool:
    if not Path(path).exists() or Path(path).stat().st_size == 0:
        return False
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT COUNT(*) FROM sqlite_master WHERE type='table'").fetchone()[0] > 0
    finally:
        conn.close()


def _restore_sqlite(target: str, source: IO[bytes], key: bytes, *, force: bool) -> dict[str, int]:
    if _has_tables_sqlite(target) and not force:
        raise BackupError(f"the database {target} is not empty: restore into a fresh one, or pass --force")
    Path(target).parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="korpu-restore-", dir=Path(target).parent) as tmp:
        os.chmod(tmp, 0o700)
        plain = Path(tmp) / "restore.sqlite3"
        with open(plain, "wb") as handle:
            for block in decrypt_chunks(source, key):
                handle.write(block)
        check = sqlite3.connect(plain)
        try:
            verdict = check.execute("PRAGMA integrity_check").fetchone()[0]
        finally:
            check.close()
        if verdict != "ok":
            raise BackupError(f"the restored database fails its integrity check: {verdict}")
        # Through the backup API again, so a target other processes hold open is replaced safely.
        src, dst = sqlite3.connect(plain), sqlite3.connect(target, timeout=60)
        try:
            src.backup(dst, pages=-1)
            dst.execute("PRAGMA journal_mode=WAL")
        finally:
            src.close()
            dst.close()
    return table_counts_sqlite(target)


def _restore_pg(db: dict[str, Any], source: IO[bytes], key: bytes, *, force: bool) -> None:
    if shutil.which("pg_restore") is None:
        raise BackupError("pg_restore is not installed (Debian: apt-get install postgresql-client)")
    env = _pg_env(db)
    if not force:
        probe = subprocess.run(
            ["psql", "-tAc", "SELECT count(*) FROM information_schema.tables WHERE table_schema='public'"],
            env=env, capture_output=True, text=True)
        if probe.returncode == 0 and probe.stdout.strip() not in {"", "0"}:
            raise BackupError(f"the database {db.get('NAME')} is not empty: restore into a fresh one, or pass --force")
    args = ["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction",
            "-d", str(db.get("NAME"))]
    if force:
        args[1:1] = ["--clean", "--if-exists"]
    proc = subprocess.Popen(args, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    errors: list[bytes] = []
    drain = threading.Thread(target=lambda: errors.append(proc.stderr.read()), daemon=True)  # type: ignore[union-attr]
    drain.start()
    assert proc.stdin is not None
    try:
        for block in decrypt_chunks(source, key):
            proc.stdin.write(block)
    except BrokenPipeError:
        pass
    except BackupError:
        proc.kill()
        raise
    finally:
        try:
            proc.stdin.close()
        except BrokenPipeError:
            pass
    code = proc.wait()
    drain.join()
    if code != 0:
        raise BackupError("pg_restore failed: " + b"".join(errors).decode(errors="replace").strip()[:500])


# --- helpers and commands --------------------------------------------------------------------
def _version() -> str:
    import korpu

    return korpu.__version__


def _tell(out: IO[bytes]) -> int:
    try:
        return out.tell()
    except (OSError, ValueError):
        return 0


def _default_output() -> Path:
    from django.conf import settings

    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%d-%H%M%S")
    return Path(settings.VAR_DIR) / "backups" / f"korpu-{stamp}.kbk"


def _setup_django() -> dict[str, Any]:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "korpu.settings")
    import django

    django.setup()
    from django.db import connections

    return dict(connections["default"].settings_dict)


def backup_main(argv: list[str]) -> int:
    """`korpu backup [-o FILE] [--key-file KEY]` — or `korpu backup --new-key KEYFILE`."""
    parser = argparse.ArgumentParser(prog="korpu backup", description="Write an encrypted, consistent backup.")
    parser.add_argument("-o", "--output", help="backup file (default var/backups/korpu-<time>.kbk); - for stdout")
    parser.add_argument("--key-file", help="file holding the key (else KORPU_BACKUP_KEY_FILE or KORPU_BACKUP_KEY)")
    parser.add_argument("--new-key", metavar="KEYFILE", help="write a new key to KEYFILE (mode 0600) and exit")
    args = parser.parse_args(argv)
    try:
        if args.new_key:
            fd = os.open(args.new_key, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "w") as handle:
                handle.write(new_key() + "\n")
            print(f"korpu: wrote a new backup key to {args.new_key}; keep a copy away from the backups",
                  file=sys.stderr)
            return 0
        key = load_key(args.key_file)
        db = _setup_django()
        if args.output == "-":
            info = backup_database(db, sys.stdout.buffer, key=key)
            target = "stdout"
        else:
            path = Path(args.output) if args.output else _default_output()
            path.parent.mkdir(parents=True, exist_ok=True)
            partial = path.with_name(path.name + ".partial")
            fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "wb") as handle:
                info = backup_database(db, handle, key=key)
                handle.flush()
                os.fsync(handle.fileno())
            partial.replace(path)  # a backup file exists only once it is complete
            target = str(path)
    except FileExistsError:
        print(f"korpu: {args.new_key} exists; not overwriting a key", file=sys.stderr)
        return 1
    except BackupError as exc:
        print(f"korpu backup: {exc}", file=sys.stderr)
        return 1
    rows = sum(info.tables.values())
    print(f"korpu: backed up the {info.engine} database to {target} in {info.seconds:.2f} s "
          f"({info.plain_bytes / 1e6:.1f} MB{f', {rows} rows' if rows else ''})", file=sys.stderr)
    return 0


def restore_main(argv: list[str]) -> int:
    """`korpu restore FILE [--key-file KEY] [--force]` into the configured DATABASE_URL."""
    parser = argparse.ArgumentParser(prog="korpu restore", description="Restore an encrypted backup.")
    parser.add_argument("file", help="backup file written by `korpu backup` (- for stdin)")
    parser.add_argument("--key-file", help="file holding the key (else KORPU_BACKUP_KEY_FILE or KORPU_BACKUP_KEY)")
    parser.add_argument("--force", action="store_true", help="replace a database that is not empty")
    args = parser.parse_args(argv)
    try:
        key = load_key(args.key_file)
        db = _setup_django()
        if args.file == "-":
            import io

            source: IO[bytes] = io.BytesIO(sys.stdin.buffer.read())
            info = restore_database(db, source, key=key, force=args.force)
        else:
            with open(args.file, "rb") as handle:
                info = restore_database(db, handle, key=key, force=args.force)
    except OSError as exc:
        print(f"korpu restore: cannot read {args.file}: {exc.strerror}", file=sys.stderr)
        return 1
    except BackupError as exc:
        print(f"korpu restore: {exc}", file=sys.stderr)
        return 1
    rows = sum(info.tables.values())
    print(f"korpu: restored the backup of {info.created_at} in {info.seconds:.2f} s"
          f"{f' ({rows} rows)' if rows else ''}", file=sys.stderr)
    return 0


if __name__ == "__main__":  # python -m korpu.core.backup backup|restore ...
    commands = {"backup": backup_main, "restore": restore_main}
    if len(sys.argv) < 2 or sys.argv[1] not in commands:
        print("usage: python -m korpu.core.backup backup|restore ...", file=sys.stderr)
        sys.exit(2)
    sys.exit(commands[sys.argv[1]](sys.argv[2:]))
