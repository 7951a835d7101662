"""Apply the hardening wiring (see settings_hardened.py) to every test here, on a clean cache."""

from __future__ import annotations

import pytest

from tests.hardening.settings_hardened import harden_middleware


@pytest.fixture(autouse=True)
def hardened(request):
    if not request.config.pluginmanager.hasplugin("django"):
        yield
        return
    settings = request.getfixturevalue("settings")
    from django.core.cache import cache

    settings.MIDDLEWARE = harden_middleware(list(settings.MIDDLEWARE))
    cache.clear()
    yield settings
    cache.clear()


ROOT = __import__("pathlib").Path(__file__).resolve().parents[2]


def subprocess_env(tmp, **extra) -> dict[str, str]:
    """Environment for a `korpu` subprocess on the hardened settings (KORPU_TEST_SETTINGS overrides)."""
    import os

    return {**os.environ, "KORPU_VAR_DIR": str(tmp),
            "DJANGO_SETTINGS_MODULE": os.environ.get("KORPU_TEST_SETTINGS", "tests.hardening.settings_hardened"),
            "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH", "")])),
            "KORPU_LOG_LEVEL": "WARNING", **extra}


@pytest.fixture(scope="session")
def migrated_template(tmp_path_factory):
    """A migrated SQLite file, built once per session (migrating takes the better part of a minute)."""
    import subprocess
    import sys

    tmp = tmp_path_factory.mktemp("migrated")
    path = tmp / "template.sqlite3"
    result = subprocess.run([sys.executable, "-m", "korpu", "manage", "migrate", "-v", "0"],
                            env=subprocess_env(tmp, DATABASE_URL=f"sqlite:///{path}"),
                            capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stderr[-3000:]
    return path


@pytest.fixture
def migrated_db(migrated_template, tmp_path):
    """A private copy of the migrated SQLite file."""
    import sqlite3

    target = tmp_path / "korpu.sqlite3"
    src, dst = sqlite3.connect(migrated_template), sqlite3.connect(target)
    src.backup(dst)
    src.close()
    dst.close()
    return target


def _on_postgres() -> bool:
    import os

    return os.environ.get("DATABASE_URL", "").startswith(("postgres", "pgsql"))


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory):
    """The demo database, built once per session (`korpu demo --no-serve`, minutes), or the one
    KORPU_HARDENING_DEMO_DB names. The SQLite pass of `make test` runs the demo-based tests; the
    PostgreSQL pass skips them (they test the API and the files, not the database engine)."""
    import os
    from pathlib import Path

    from tests.hardening.live import build_demo

    if _on_postgres() and not os.environ.get("KORPU_HARDENING_DEMO_DB"):
        pytest.skip("demo-based hardening tests run in the SQLite pass")
    prepared = os.environ.get("KORPU_HARDENING_DEMO_DB")
    if prepared:
        return Path(prepared)
    return build_demo(tmp_path_factory.mktemp("demo"))
