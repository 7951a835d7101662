"""Strict security headers on every response, HEAD included, read from real responses of every
route the URL resolver knows; and no inline script or style anywhere the CSP would have to allow."""

from __future__ import annotations

import re
import uuid
from pathlib import Path

import pytest
from django.test import Client

from tests.hardening.test_ratelimit import all_routes, concrete

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.django_db


def requestable_routes() -> list[str]:
    """Every route as a concrete path (regex routes of allauth skipped: they are tested by name)."""
    paths = []
    for route in all_routes():
        if route.startswith("^") or "(?P" in route or "^" in route:
            continue
        paths.append(concrete(route))
    return sorted(set(paths))


def directives(policy: str) -> dict[str, list[str]]:
    out = {}
    for part in policy.split(";"):
        words = part.split()
        if words:
            out[words[0]] = words[1:]
    return out


def assert_strict(response, path: str) -> None:
    headers = response.headers
    csp = headers.get("Content-Security-Policy", "")
    assert csp, f"{path}: no Content-Security-Policy"
    d = directives(csp)
    for name in ("script-src", "style-src", "default-src"):
        assert "'unsafe-inline'" not in d.get(name, []) and "'unsafe-eval'" not in d.get(name, []), (path, csp)
    assert d.get("object-src") == ["'none'"], (path, csp)
    assert headers.get("X-Content-Type-Options") == "nosniff", path
    assert headers.get("Referrer-Policy") in {"same-origin", "strict-origin-when-cross-origin", "no-referrer"}, path
    assert headers.get("Cross-Origin-Opener-Policy") == "same-origin", path
    policy = headers.get("Permissions-Policy", "")
    assert "geolocation=()" in policy and "microphone=()" in policy, (path, policy)
    from korpu.core.headers import camera_allowed, frameable

    assert ("camera=(self)" if camera_allowed(path) else "camera=()") in policy, (path, policy)
    if frameable(path):
        assert "X-Frame-Options" not in headers and d.get("frame-ancestors") == ["*"], path
    else:
        assert headers.get("X-Frame-Options") == "DENY", path
        assert d.get("frame-ancestors") == ["'none'"], (path, csp)


INLINE_STYLE = re.compile(rb"<[^>]+\sstyle\s*=", re.I)
# Data blocks (type="application/json") are not run, so the CSP allows them.
INLINE_SCRIPT = re.compile(rb"<script(?![^>]*\b(?:src=|type=\"application/(?:ld\+)?json\"))[^>]*>\s*\S", re.I)
INLINE_HANDLER = re.compile(rb"<[^>]+\son[a-z]+\s*=", re.I)


def test_every_route_answers_get_and_head_with_strict_headers(client_for, admin):
    checked = 0
    for who in (None, admin):
        client = client_for(who)
        for path in requestable_routes():
            for method in ("get", "head"):
                response = getattr(client, method)(path)
                assert response.status_code < 500, f"{method.upper()} {path}: {response.status_code}"
                assert_strict(response, path)
                checked += 1
                if method == "get" and "text/html" in response.get("Content-Type", "") and not response.streaming:
                    body = response.content
                    assert not INLINE_STYLE.search(body), f"{path}: inline style attribute"
                    assert not INLINE_SCRIPT.search(body), f"{path}: inline script"
                    assert not INLINE_HANDLER.search(body), f"{path}: inline event handler"
    assert checked > 100


def test_hsts_is_sent_in_production_over_https(settings):
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SECURE_HSTS_PRELOAD = True
    response = Client().get("/healthz", secure=True)
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    head = Client().head("/", secure=True)
    assert "Strict-Transport-Security" in head and "Permissions-Policy" in head


def test_the_check_in_page_may_use_the_camera_and_nothing_else_may(client_for, officer):
    routes = [r for r in all_routes() if re.search(r"check-?in", r) and not r.startswith("api/")]
    if not routes:
        pytest.skip("coordination has no check-in page yet")
    response = client_for(officer).get(concrete(routes[0]))
    assert "camera=(self)" in response["Permissions-Policy"]
    assert "camera=()" in Client().get("/")["Permissions-Policy"]


def test_only_the_tally_widget_may_be_framed_by_other_sites():
    from korpu.core.headers import frameable

    routes = [r for r in all_routes() if frameable(concrete(r))]
    if not routes:
        pytest.skip("giving has no tally widget yet")
    for route in routes:
        response = Client().get(concrete(route))
        assert "X-Frame-Options" not in response
        assert "frame-ancestors *" in response["Content-Security-Policy"]
    framed = [p for p in requestable_routes() if not frameable(p)]
    assert framed and all(Client().head(p).get("X-Frame-Options") == "DENY" for p in framed[:30])


def test_rate_limited_and_error_responses_carry_the_headers_too(settings):
    settings.KORPU_RATE_LIMITS = {"signin": "1/m"}
    settings.AXES_ENABLED = False
    settings.ACCOUNT_RATE_LIMITS = False
    client = Client()
    client.post("/accounts/login/", {"login": "a@example.org", "password": "x"})
    refused = client.post("/accounts/login/", {"login": "a@example.org", "password": "x"})
    assert refused.status_code == 429
    assert_strict(refused, "/accounts/login/")
    missing = client.get(f"/no-such-page-{uuid.uuid4()}/")
    assert missing.status_code == 404
    assert_strict(missing, "/no-such-page/")


def template_files() -> list[Path]:
    return sorted(p for p in (ROOT / "korpu").glob("**/templates/**/*.html") if ".venv" not in p.parts)


def test_no_template_has_inline_styles_scripts_or_handlers():
    offenders = []
    for path in template_files():
        text = path.read_bytes()
        for name, pattern in (("style=", INLINE_STYLE), ("inline <script>", INLINE_SCRIPT),
                              ("on…= handler", INLINE_HANDLER)):
            # templates may build attributes with tags; a literal match is what the CSP would block
            if pattern.search(text):
                offenders.append(f"{path.relative_to(ROOT)}: {name}")
    assert not offenders, "the CSP forbids these:\n" + "\n".join(offenders)
