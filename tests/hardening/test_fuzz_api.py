"""schemathesis against the whole OpenAPI document of a live server with demo data, once
anonymously and once as each persona: no server error, every response as declared, and nothing
written by a rejected request. The number of generated cases goes to test-artifacts/fuzz-cases.txt.

KORPU_FUZZ_EXAMPLES sets the examples per operation and persona (default 6; anonymous gets twice).
"""

from __future__ import annotations

import os
import sqlite3
import time
from collections import Counter

import pytest

from tests.hardening.live import PERSONAS, free_port, prepare_demo, start_server, stop, wait_for
from tests.hardening.test_backup import ARTIFACTS, record_figure

pytestmark = pytest.mark.slow

EXAMPLES = int(os.environ.get("KORPU_FUZZ_EXAMPLES", "6"))
SAFE = {"GET", "HEAD", "OPTIONS"}
# Tables a rejected request may legitimately touch: sessions, sign-in throttling and lock-outs.
MAY_CHANGE = ("django_session", "axes_", "account_", "django_cache")


@pytest.fixture(scope="module")
def demo_server(tmp_path_factory, demo_template):
    directory = tmp_path_factory.mktemp("fuzz")
    db, tokens, seconds = prepare_demo(directory, demo_template)
    port = free_port()
    # Rate limits off: the fuzzer is one client sending thousands of writes on purpose.
    off = '{"signin":"off","password_reset":"off","signup":"off","donation":"off","registration":"off",' \
          '"petition":"off","signature":"off","letter":"off","offer":"off"}'
    server = start_server(directory, f"sqlite:///{db}", port, KORPU_RATE_LIMITS=off, KORPU_AXES="0")
    try:
        wait_for(f"http://127.0.0.1:{port}/healthz", process=server)
        yield {"base": f"http://127.0.0.1:{port}", "db": db, "tokens": tokens, "demo_seconds": seconds,
               "log": directory / f"serve-{port}.log"}
    finally:
        stop(server)


def fingerprint(db) -> dict[str, int]:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=30)
    try:
        names = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table' "
                                            "AND name NOT LIKE 'sqlite_%'")]
        names = [n for n in names if not n.startswith(MAY_CHANGE)]
        query = " UNION ALL ".join(f"SELECT '{n}', COUNT(*) FROM \"{n}\"" for n in names)
        return dict(conn.execute(query).fetchall())
    finally:
        conn.close()


def run_persona(schema, base: str, db, token: str | None, examples: int, failures: list[str], stats: Counter):
    import requests
    from hypothesis import HealthCheck, Phase, given
    from hypothesis import settings as hsettings
    from schemathesis.checks import not_a_server_error
    from schemathesis.specs.openapi.checks import (
        content_type_conformance,
        response_schema_conformance,
        status_code_conformance,
    )

    checks = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
    session = requests.Session()
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    seen: set[str] = set()
    def make_exercise(operation, label):
        @hsettings(max_examples=examples, deadline=None, database=None, derandomize=True,
                   phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck))
        @given(case=operation.as_strategy())
        def exercise(case):
            method = case.method.upper()
            before = fingerprint(db) if method not in SAFE else None
            session.cookies.clear()  # an API client sends its token, not the cookies it was given
            try:
                response = case.call(base_url=base, session=session, headers=headers, timeout=60)
            except Exception as exc:  # a dropped connection is a failure too
                failures.append(f"{label} [{token and 'token' or 'anonymous'}]: no answer: {exc!r}"[:500])
                return
            stats["cases"] += 1
            stats[f"status_{response.status_code // 100}xx"] += 1
            if response.status_code == 429:
                stats["rate_limited"] += 1
            try:
                case.validate_response(response, checks=checks)
            except (Exception, BaseExceptionGroup) as exc:  # schemathesis' FailureGroup is a BaseExceptionGroup
                key = f"{label}:{type(exc).__name__}:{response.status_code}"
                if key not in seen:
                    seen.add(key)
                    failures.append(f"{label} → {response.status_code}: {str(exc).strip()[:800]}\n"
                                    f"    reproduce: {case.as_curl_command()[:600]}")
            if before is not None and response.status_code >= 400:
                after = fingerprint(db)
                changed = {t: (before.get(t), after.get(t)) for t in after if before.get(t) != after.get(t)}
                if changed:
                    failures.append(f"{label} → {response.status_code} but wrote rows: {changed}")

        return exercise

    for result in schema.get_all_operations():
        operation = result.ok()
        make_exercise(operation, f"{operation.method.upper()} {operation.path}")()


def test_fuzz_the_whole_api_anonymously_and_as_every_persona(demo_server):
    import schemathesis

    base, db = demo_server["base"], demo_server["db"]
    schema = schemathesis.openapi.from_url(f"{base}/api/v1/openapi.json")
    operations = sum(1 for _ in schema.get_all_operations())
    failures: list[str] = []
    per_persona: dict[str, int] = {}
    started = time.perf_counter()
    stats: Counter = Counter()
    for persona in ["anonymous", *PERSONAS]:
        token = demo_server["tokens"].get(persona) if persona != "anonymous" else None
        if persona != "anonymous" and token is None:
            continue
        before = stats["cases"]
        run_persona(schema, base, db, token, EXAMPLES * (2 if persona == "anonymous" else 1), failures, stats)
        per_persona[persona] = stats["cases"] - before
    seconds = time.perf_counter() - started
    ARTIFACTS.mkdir(exist_ok=True)
    lines = [f"operations: {operations}", f"examples per operation and persona: {EXAMPLES} (anonymous {EXAMPLES * 2})",
             f"cases: {stats['cases']}", f"seconds: {seconds:.1f}"]
    lines += [f"  {p}: {n}" for p, n in per_persona.items()]
    lines += [f"  {k}: {v}" for k, v in sorted(stats.items()) if k.startswith("status_")]
    lines += [f"failures: {len(failures)}", *failures]
    (ARTIFACTS / "fuzz-cases.txt").write_text("\n".join(lines) + "\n")
    record_figure("fuzz", {"operations": operations, "cases": stats["cases"], "per_persona": per_persona,
                           "failures": len(failures), "seconds": round(seconds, 1),
                           "statuses": {k: v for k, v in stats.items() if k.startswith("status_")}})
    assert stats["cases"] >= operations, "the fuzzer generated fewer cases than there are operations"
    assert not failures, f"{len(failures)} problems (test-artifacts/fuzz-cases.txt):\n" + "\n".join(failures[:40])
