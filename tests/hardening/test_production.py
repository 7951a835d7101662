"""The production layout of docs/operations.md, started on this machine: PostgreSQL with its own
database, static files collected, two web processes behind a round-robin reverse proxy, two task
workers, a shared database cache; then a smoke test through the proxy."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid

import pytest

from tests.hardening.conftest import subprocess_env
from tests.hardening.live import free_port, stop, wait_for
from tests.hardening.proxy import RoundRobinProxy
from tests.hardening.test_backup import PG, _pg_available, _pg_url, record_figure

pytestmark = pytest.mark.slow


def fetch(url: str, *, method: str = "GET", data: bytes | None = None, headers: dict | None = None):
    request = urllib.request.Request(url, data=data, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, {k.lower(): v for k, v in response.headers.items()}, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, {k.lower(): v for k, v in exc.headers.items()}, exc.read()


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


@pytest.fixture
def pg_database():
    if not (os.environ.get("DATABASE_URL", "").startswith("postgres") or os.environ.get("KORPU_HARDENING_PRODUCTION")):
        pytest.skip("the production layout runs in the PostgreSQL pass (or set KORPU_HARDENING_PRODUCTION=1)")
    if not _pg_available():
        pytest.skip("PostgreSQL on 127.0.0.1:5432 (user postgres) is needed")
    import psycopg

    name = f"korpu_hardening_prod_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(PG, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    yield name
    with psycopg.connect(PG, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_two_web_processes_and_two_workers_behind_a_proxy_on_postgresql(pg_database, tmp_path):
    import psycopg

    url = _pg_url(pg_database)
    env = subprocess_env(
        tmp_path, DATABASE_URL=url, KORPU_HTTPS="1", SECRET_KEY="test-" + uuid.uuid4().hex * 2,
        ALLOWED_HOSTS="127.0.0.1,localhost", KORPU_COLLECTSTATIC="1", KORPU_STATIC_ROOT=str(tmp_path / "static"),
        KORPU_CACHE_BACKEND="django.core.cache.backends.db.DatabaseCache", KORPU_CACHE_LOCATION="korpu_cache",
        KORPU_RATE_LIMITS="signin=3/m", KORPU_AXES="0", EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
    )
    timings = {}

    def korpu(*args, timeout=900):
        started = time.perf_counter()
        result = subprocess.run([sys.executable, "-m", "korpu", *args], env=env, capture_output=True, text=True,
                                timeout=timeout, cwd=tmp_path)
        assert result.returncode == 0, f"korpu {' '.join(args)}:\n{result.stderr[-3000:]}"
        timings[" ".join(args[:2])] = round(time.perf_counter() - started, 1)
        return result

    korpu("manage", "migrate", "--no-input", "-v", "0")
    korpu("manage", "createcachetable")
    korpu("manage", "collectstatic", "--no-input", "-v", "0")
    assert any((tmp_path / "static").rglob("staticfiles.json"))

    ports = [free_port(), free_port()]
    processes = []
    try:
        for port in ports:
            log = open(tmp_path / f"web-{port}.log", "w")  # noqa: SIM115
            processes.append(subprocess.Popen(
                [sys.executable, "-m", "korpu", "serve", "--host", "127.0.0.1", "--port", str(port), "--no-worker"],
                env=env, stdout=log, stderr=subprocess.STDOUT, cwd=tmp_path, start_new_session=True))
        for n in range(2):
            log = open(tmp_path / f"worker-{n}.log", "w")  # noqa: SIM115
            processes.append(subprocess.Popen([sys.executable, "-m", "korpu", "worker"], env=env, stdout=log,
                                              stderr=subprocess.STDOUT, cwd=tmp_path, start_new_session=True))
        for port, process in zip(ports, processes, strict=False):
            # straight to the backend: it redirects plain HTTP to HTTPS except /healthz
            wait_for(f"http://127.0.0.1:{port}/healthz", process=process)
        with RoundRobinProxy([("127.0.0.1", p) for p in ports]) as proxy:
            base = f"http://127.0.0.1:{proxy.port}"
            status, headers, body = fetch(base + "/healthz")
            assert status == 200 and json.loads(body)["database"] == "ok"
            status, headers, body = fetch(base + "/")
            assert status == 200, body[:500]
            assert headers.get("strict-transport-security", "").startswith("max-age="), headers
            assert "content-security-policy" in headers and "permissions-policy" in headers
            stylesheet = re.search(rb'href="(/static/[^"]+\.css)"', body)
            assert stylesheet and re.search(rb"\.[0-9a-f]{12}\.css$", stylesheet.group(1)), "static files not hashed"
            assert fetch(base + stylesheet.group(1).decode())[0] == 200
            status, headers, body = fetch(base + "/accounts/login/")
            assert status == 200 and b'name="login"' in body
            status, headers, body = fetch(base + "/api/v1/openapi.json")
            assert status == 200 and json.loads(body)["openapi"].startswith("3.")
            assert all(proxy.served[i] > 0 for i in range(2)), f"the proxy used one backend only: {proxy.served}"

            # rate limits are shared by both web processes (database cache)
            statuses = [fetch(base + "/accounts/login/", method="POST", data=b"login=a%40example.org&password=x",
                              headers={"Content-Type": "application/x-www-form-urlencoded"})[0] for _ in range(4)]
            assert statuses[-1] == 429 and 429 not in statuses[:3], statuses

            # a task enqueued by the platform is run by one of the workers
            enqueue = subprocess.run([sys.executable, "-c", (
                "import django; django.setup();"
                "from korpu.core.tasks import prune_task_results;"
                "print(prune_task_results.enqueue().id)")], env=env, capture_output=True, text=True, timeout=300)
            assert enqueue.returncode == 0, enqueue.stderr[-2000:]
            task_id = enqueue.stdout.strip().splitlines()[-1]
            deadline = time.monotonic() + 120
            status = None
            with psycopg.connect(url) as conn:
                while time.monotonic() < deadline:
                    row = conn.execute("SELECT status, worker_ids FROM django_tasks_database_dbtaskresult WHERE id = %s",
                                       (uuid.UUID(task_id),)).fetchone()
                    conn.commit()
                    status = row[0] if row else None
                    if status in {"SUCCESSFUL", "FAILED"}:
                        break
                    time.sleep(0.5)
            assert status == "SUCCESSFUL", f"task {task_id} is {status}"
            served = dict(proxy.served)
        # one web process going away: the proxy goes on with the other
        stop(processes[0])
        with RoundRobinProxy([("127.0.0.1", p) for p in ports]) as proxy:
            assert all(fetch(f"http://127.0.0.1:{proxy.port}/healthz")[0] == 200 for _ in range(4))
    finally:
        for process in processes:
            stop(process)
    record_figure("production_layout", {"setup_seconds": timings, "requests_per_backend": served,
                                        "web_processes": 2, "workers": 2, "database": "postgresql"})
    assert os.path.exists(tmp_path / "static")
