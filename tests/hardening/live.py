"""A live Körpü on this machine for the subprocess tests: a demo database prepared once per
session, servers started on free ports, and helpers to wait for them."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from tests.hardening.conftest import subprocess_env

PERSONAS = ["member", "editor", "officer", "other_officer", "staff", "admin"]

TOKENS_SCRIPT = r"""
import json, django
django.setup()
from django.db import transaction
from korpu.accounts.models import User
from korpu.accounts.services import do_assign_role, do_create_api_token
from korpu.core.demo import demo_email, ensure_user
tokens = {}
with transaction.atomic():
    for kind in ["member", "editor", "officer", "staff", "admin"]:
        user = User.objects.filter(email=demo_email(kind)).first()
        if user is not None:
            tokens[kind] = do_create_api_token(actor=user, name="hardening")[1]
    try:
        from korpu.accounts.models import RoleAssignment
        officer = User.objects.get(email=demo_email("officer"))
        mine = set(RoleAssignment.objects.filter(user=officer).values_list("organisation_id", flat=True))
        from korpu.network.models import Organisation
        other = Organisation.objects.exclude(pk__in=[m for m in mine if m]).order_by("created_at").first()
    except Exception:
        other = None
    if other is not None:
        user = ensure_user(demo_email("other-officer"), "Kamran Quliyev", "az")
        do_assign_role(actor="system", user=user, role_code="org_admin", organisation_id=other.pk)
        tokens["other_officer"] = do_create_api_token(actor=user, name="hardening")[1]
print(json.dumps(tokens))
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(url: str, timeout: float = 120.0, process: subprocess.Popen | None = None) -> None:
    deadline = time.monotonic() + timeout
    last: Exception | None = None
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"the process serving {url} exited with {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status < 500:
                    return
        except urllib.error.HTTPError as exc:
            if exc.code < 500:
                return
            last = exc
        except Exception as exc:  # not up yet
            last = exc
        time.sleep(0.3)
    raise TimeoutError(f"{url} did not answer within {timeout:.0f} s: {last}")


def build_demo(directory: Path) -> Path:
    """`korpu demo --no-serve` into a fresh SQLite file under `directory` (minutes on a busy machine)."""
    db = directory / "demo.sqlite3"
    env = subprocess_env(directory, DATABASE_URL=f"sqlite:///{db}")
    result = subprocess.run([sys.executable, "-m", "korpu", "demo", "--no-serve"], env=env,
                            capture_output=True, text=True, timeout=1800, cwd=directory)
    if result.returncode != 0:
        raise RuntimeError("korpu demo failed:\n" + result.stderr[-4000:])
    return db


def prepare_demo(directory: Path, template: Path) -> tuple[Path, dict[str, str], float]:
    """A private copy of the demo database `template`, with an API token per persona."""
    import sqlite3

    db = directory / "demo.sqlite3"
    env = subprocess_env(directory, DATABASE_URL=f"sqlite:///{db}")
    started = time.perf_counter()
    src, dst = sqlite3.connect(template), sqlite3.connect(db)
    src.backup(dst)
    src.close()
    dst.close()
    # The ledger's hash chain is keyed with SECRET_KEY: the copy needs the key it was made with.
    key = Path(template).parent / "secret_key"
    if key.exists():
        (directory / "secret_key").write_text(key.read_text())
    seconds = time.perf_counter() - started
    result = subprocess.run([sys.executable, "-c", TOKENS_SCRIPT], env=env, capture_output=True, text=True,
                            timeout=300, cwd=directory)
    if result.returncode != 0:
        raise RuntimeError("creating API tokens failed:\n" + result.stderr[-4000:])
    return db, json.loads(result.stdout.strip().splitlines()[-1]), seconds


def start_server(directory: Path, db_url: str, port: int, *extra: str, **env_extra: str) -> subprocess.Popen:
    env = subprocess_env(directory, DATABASE_URL=db_url, **env_extra)
    log = open(directory / f"serve-{port}.log", "w")  # noqa: SIM115 (closed with the process)
    return subprocess.Popen([sys.executable, "-m", "korpu", "serve", "--port", str(port), "--no-worker", *extra],
                            env=env, stdout=log, stderr=subprocess.STDOUT, cwd=directory,
                            start_new_session=True)


def stop(process: subprocess.Popen) -> None:
    import signal

    if process.poll() is None:
        try:
            os.killpg(process.pid, signal.SIGTERM)
        except ProcessLookupError:
            return
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
