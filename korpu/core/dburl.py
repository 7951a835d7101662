"""Turn DATABASE_URL into Django's DATABASES entry, tuned per engine."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

SUPPORTED = ("sqlite", "postgres", "postgresql", "pgsql")


def parse_database_url(url: str) -> dict[str, Any]:
    """Parse a database URL, or raise ImproperlyConfigured with one clear line."""
    scheme = url.split(":", 1)[0].lower() if ":" in url else ""
    if scheme not in SUPPORTED:
        raise ImproperlyConfigured(
            f"DATABASE_URL {redact(url)!r} is not understood: use sqlite:///path/to/file.sqlite3 "
            "or postgres://user:password@host:5432/name"
        )
    try:
        config: dict[str, Any] = dict(dj_database_url.parse(url))
    except Exception as exc:  # dj-database-url raises several types for malformed input
        raise ImproperlyConfigured(f"DATABASE_URL {redact(url)!r} is not valid: {exc}") from None
    if config["ENGINE"] == "django.db.backends.sqlite3":
        name = config.get("NAME") or ""
        if not name or name == ":memory:":
            raise ImproperlyConfigured("DATABASE_URL for SQLite must name a file, e.g. sqlite:///var/korpu.sqlite3")
        Path(name).parent.mkdir(parents=True, exist_ok=True)
        config["OPTIONS"] = {
            # A web server and a worker write at once: WAL lets readers go on during a write,
            # IMMEDIATE takes the write lock at BEGIN (so no deadlocked upgrade from a read lock),
            # and the busy timeout makes the second writer wait instead of failing with
            # "database is locked".
            "transaction_mode": "IMMEDIATE",
            "timeout": 30,
            "init_command": (
                "PRAGMA journal_mode=WAL;"
                # FULL: an acknowledged gift survives a power cut too, not only a crash.
                "PRAGMA synchronous=FULL;"
                "PRAGMA foreign_keys=ON;"
                "PRAGMA busy_timeout=30000;"
                # 64 MiB page cache instead of 2 MiB: bulk imports and re-keying of large
                # registries spend most of their time re-reading index pages otherwise.
                "PRAGMA cache_size=-65536;"
            ),
        }
        # Tests use a file beside the database, not shared-cache memory: threads then meet the
        # same WAL and busy-timeout behaviour as production instead of "table is locked".
        config["TEST"] = {"NAME": str(Path(name).with_name(f"test_{Path(name).stem}_{os.getpid()}.sqlite3"))}
    else:
        config.setdefault("OPTIONS", {})
        config["CONN_MAX_AGE"] = 0
        config["CONN_HEALTH_CHECKS"] = True
        config["OPTIONS"].setdefault("connect_timeout", 5)
    config["ATOMIC_REQUESTS"] = False
    return config


def redact(url: str) -> str:
    """Hide the password in a database URL before printing it."""
    if "@" not in url or "://" not in url:
        return url
    scheme, rest = url.split("://", 1)
    creds, host = rest.rsplit("@", 1)
    user = creds.split(":", 1)[0]
    return f"{scheme}://{user}:***@{host}" if ":" in creds else url
