"""The `korpu` command end to end: demo preparation, serving with a worker beside it."""

from __future__ import annotations

import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow


def env_for(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"DJANGO_SETTINGS_MODULE", "SECRET_KEY", "KORPU_HTTPS"}}
    env.update(DATABASE_URL=f"sqlite:///{tmp_path / 'demo.sqlite3'}", KORPU_VAR_DIR=str(tmp_path / "var"))
    return env


def korpu(*args, env, timeout=900):
    return subprocess.run([sys.executable, "-m", "korpu", *args], env=env, capture_output=True, text=True, timeout=timeout)


def count(db: Path, table: str) -> int:
    with sqlite3.connect(db) as conn:
        return conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]


def test_demo_prepares_the_database_prints_sign_in_help_and_is_idempotent(tmp_path):
    env = env_for(tmp_path)
    first = korpu("demo", "--no-serve", env=env)
    assert first.returncode == 0, first.stderr[-2000:]
    assert "admin@demo.korpu.az" in first.stdout and "korpu-demo-2026" in first.stdout
    db = tmp_path / "demo.sqlite3"
    users, audit = count(db, "accounts_user"), count(db, "core_auditentry")
    # the queued work ran before it exited
    with sqlite3.connect(db) as conn:
        waiting = conn.execute("SELECT COUNT(*) FROM django_tasks_database_dbtaskresult WHERE status='READY'").fetchone()[0]
    assert waiting == 0
    second = korpu("demo", "--no-serve", env=env)
    assert second.returncode == 0, second.stderr[-2000:]
    assert count(db, "accounts_user") == users >= 5
    assert count(db, "core_auditentry") >= audit


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_serve_answers_health_checks_and_runs_a_worker_beside_it(tmp_path):
    env = env_for(tmp_path)
    assert korpu("manage", "migrate", "-v", "0", env=env).returncode == 0
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "korpu", "serve", "--port", str(port)], env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    try:
        body = None
        for _ in range(100):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as response:
                    body = json.loads(response.read())
                    break
            except OSError:
                time.sleep(0.2)
        assert body is not None and body["status"] == "ok"
        # a task queued now is picked up by the worker the server started
        enqueue = korpu("manage", "shell", "-v", "0", "-c",
                        "from korpu.core.tasks import prune_task_results; print(prune_task_results.enqueue().id)", env=env)
        task_id = enqueue.stdout.strip().replace("-", "")
        status = None
        for _ in range(100):
            with sqlite3.connect(tmp_path / "demo.sqlite3") as conn:
                row = conn.execute("SELECT status FROM django_tasks_database_dbtaskresult WHERE replace(id, '-', '') = ?",
                                   (task_id,)).fetchone()
            status = row[0] if row else None
            if status == "SUCCESSFUL":
                break
            time.sleep(0.2)
        assert status == "SUCCESSFUL"
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as response:
            assert response.status == 200
            assert response.headers["Content-Security-Policy"].startswith("default-src 'self'")
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
