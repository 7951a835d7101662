"""Rate limits: the counter, its settings, the decorator, and 429 + Retry-After on every public
write route that exists (discovered from the URL resolver)."""

from __future__ import annotations

import asyncio
import re
import uuid

import pytest
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.urls import get_resolver
from django.urls.resolvers import URLResolver

from korpu.core import ratelimit

# Public write routes per app, as Django route strings. Each is skipped while its app has no
# such route yet; the middleware's rule table (ratelimit.DEFAULT_RULES) must cover every one.
PUBLIC_WRITES: dict[str, list[tuple[str, str]]] = {
    "accounts": [("accounts/login/", "signin"), ("accounts/password/reset/", "password_reset"),
                 ("accounts/signup/", "signup")],
    "giving": [("api/v1/donations", "donation"), ("giving/campaigns/<uuid:campaign_id>/give/", "donation")],
    "coordination": [("api/v1/registrations", "registration"),
                     ("coordination/events/<uuid:event_id>/register/", "registration")],
    "advocacy": [("api/v1/actions", "petition"), ("api/v1/petitions/<action_id>/signatures", "signature"),
                 ("api/v1/actions/<action_id>/letters", "letter"), ("advocacy/act/<uuid:action_id>/", "signature")],
    "revival": [("revival/p/<slug:slug>/offer/", "offer"), ("api/v1/revival/projects/<slug>/offers", "offer"),
                ("api/v1/revival/offers", "offer")],
}


def all_routes() -> list[str]:
    """Every route string the resolver knows (regex routes included as written)."""

    def walk(patterns, prefix: str):
        for p in patterns:
            if isinstance(p, URLResolver):
                yield from walk(p.url_patterns, prefix + str(p.pattern))
            else:
                yield prefix + str(p.pattern)

    return list(walk(get_resolver().url_patterns, ""))


_CONVERTER = re.compile(r"<(?:(\w+):)?(\w+)>")


def concrete(route: str) -> str:
    """A requestable path for a route string: converters filled with plausible values."""

    def fill(match: re.Match) -> str:
        kind = match.group(1) or "str"
        return {"uuid": str(uuid.uuid4()), "int": "1", "slug": "no-such-thing"}.get(kind, "x")

    return "/" + _CONVERTER.sub(fill, route)


def _normalise(route: str) -> str:
    # ninja writes "{uuid:event_id}" paths as "<uuid:event_id>"; compare without converter kinds
    return _CONVERTER.sub(lambda m: "<" + m.group(2) + ">", route).rstrip("/")


def discovered_public_writes() -> list[tuple[str, str, str]]:
    known = {_normalise(r): r for r in all_routes()}
    found = []
    for app, routes in PUBLIC_WRITES.items():
        for route, scope in routes:
            real = known.get(_normalise(route))
            if real is not None:
                found.append((app, real, scope))
    return found


def expected_public_writes() -> list[tuple[str, str, str]]:
    return [(app, route, scope) for app, routes in PUBLIC_WRITES.items() for route, scope in routes]


# --- the counter ----------------------------------------------------------------------------
def test_rates_parse_per_second_minute_hour_and_multiples():
    assert ratelimit.parse_rate("10/m") == ratelimit.Rate(10, 60)
    assert ratelimit.parse_rate("300/5m") == ratelimit.Rate(300, 300)
    assert ratelimit.parse_rate("2/s") == ratelimit.Rate(2, 1)
    assert ratelimit.parse_rate("1000/d") == ratelimit.Rate(1000, 86400)
    assert ratelimit.parse_rate("off") is None
    with pytest.raises(ValueError):
        ratelimit.parse_rate("ten per minute")


def test_window_refuses_the_request_over_the_limit_and_says_when_to_retry(settings):
    settings.KORPU_RATE_LIMITS = {"demo": "3/m"}
    now = 60 * 1_000_000 + 45.2  # 45.2 s into a window
    results = [ratelimit.hit("demo", ["ip:192.0.2.1"], now=now) for _ in range(4)]
    assert [r.allowed for r in results] == [True, True, True, False]
    assert results[-1].retry_after == 15
    assert ratelimit.hit("demo", ["ip:192.0.2.1"], now=now + 15).allowed  # the next window


def test_address_and_account_are_counted_separately(settings):
    settings.KORPU_RATE_LIMITS = {"demo": "2/m"}
    now = 60 * 2_000_000.0
    assert ratelimit.hit("demo", ["ip:192.0.2.1", "account:a"], now=now).allowed
    assert ratelimit.hit("demo", ["ip:192.0.2.2", "account:a"], now=now).allowed
    # a third address, same account: the account is over its limit
    assert not ratelimit.hit("demo", ["ip:192.0.2.3", "account:a"], now=now).allowed
    # the first address with another account still has room
    assert ratelimit.hit("demo", ["ip:192.0.2.4", "account:b"], now=now).allowed


def test_environment_overrides_settings_and_can_switch_a_scope_off(settings, monkeypatch):
    settings.KORPU_RATE_LIMITS = {"signin": "10/m"}
    monkeypatch.setenv("KORPU_RATE_LIMITS", "signin=3/h,donation=off")
    assert ratelimit.rate_for("signin") == ratelimit.Rate(3, 3600)
    assert ratelimit.rate_for("donation") is None
    monkeypatch.setenv("KORPU_RATE_LIMITS", '{"signin": "7/m"}')
    assert ratelimit.rate_for("signin") == ratelimit.Rate(7, 60)
    assert ratelimit.hit("donation", ["ip:x"]).allowed


def test_keys_never_hold_addresses_or_emails_in_clear(settings):
    from django.core.cache import cache

    settings.KORPU_RATE_LIMITS = {"demo": "5/m"}
    ratelimit.hit("demo", ["ip:203.0.113.9", "account:name:someone@example.org"])
    keys = [k for k in getattr(cache, "_cache", {})]
    assert keys and not any("203.0.113.9" in k or "someone@" in k for k in keys)


# --- the decorator --------------------------------------------------------------------------
def test_decorated_view_answers_429_with_retry_after(settings):
    settings.KORPU_RATE_LIMITS = {"demo": "2/m"}

    @ratelimit.rate_limit("demo")
    def view(request):
        return HttpResponse("ok")

    factory = RequestFactory()
    statuses = [view(factory.post("/x/", REMOTE_ADDR="198.51.100.7")) for _ in range(3)]
    assert [r.status_code for r in statuses] == [200, 200, 429]
    assert 1 <= int(statuses[-1]["Retry-After"]) <= 60


def test_decorated_async_api_handler_answers_the_api_error_format(settings):
    settings.KORPU_RATE_LIMITS = {"demo": "1/m"}

    @ratelimit.rate_limit("demo", account_field="email")
    async def handler(request):
        return HttpResponse("ok", status=201)

    factory = RequestFactory()

    def call():
        request = factory.post("/api/v1/things", data={"email": "a@example.org"},
                               content_type="application/json", REMOTE_ADDR=f"198.51.100.{uuid.uuid4().int % 250}")
        return asyncio.run(handler(request))

    first, second = call(), call()
    assert (first.status_code, second.status_code) == (201, 429)  # same e-mail, other address
    import json

    body = json.loads(second.content)
    assert body["error"]["code"] == "rate_limited" and body["error"]["message"]
    assert body["error"]["details"]["retry_after"] == int(second["Retry-After"])


# --- the middleware on real routes ------------------------------------------------------------
@pytest.fixture
def quiet_other_limits(settings):
    """Switch off axes and allauth's own limits so that only ours answer."""
    settings.AXES_ENABLED = False
    settings.ACCOUNT_RATE_LIMITS = False
    return settings


@pytest.mark.django_db
def test_sign_in_is_limited_per_address_with_a_page_and_retry_after(quiet_other_limits, settings):
    settings.KORPU_RATE_LIMITS = {"signin": "3/m"}
    client = Client(REMOTE_ADDR="192.0.2.10")
    statuses = [client.post("/accounts/login/", {"login": f"u{i}@example.org", "password": "wrong-password"}).status_code
                for i in range(4)]
    assert statuses[:3] == [200, 200, 200] and statuses[3] == 429
    response = client.post("/accounts/login/", {"login": "x@example.org", "password": "y"})
    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 60
    assert b"Too many requests" in response.content
    assert "Content-Security-Policy" in response


@pytest.mark.django_db
def test_sign_in_is_limited_per_account_across_addresses(quiet_other_limits, settings):
    settings.KORPU_RATE_LIMITS = {"signin": "3/m"}
    statuses = [
        Client(REMOTE_ADDR=f"192.0.2.{20 + i}").post(
            "/accounts/login/", {"login": "Target@Example.org" if i % 2 else "target@example.org", "password": "x"}
        ).status_code
        for i in range(4)
    ]
    assert statuses == [200, 200, 200, 429]


@pytest.mark.django_db
def test_password_reset_is_limited(quiet_other_limits, settings):
    settings.KORPU_RATE_LIMITS = {"password_reset": "2/m"}
    client = Client(REMOTE_ADDR="192.0.2.30")
    statuses = [client.post("/accounts/password/reset/", {"email": "nobody@example.org"}).status_code for _ in range(3)]
    assert statuses[2] == 429 and statuses[0] in {200, 302}


@pytest.mark.django_db
def test_reads_are_never_limited(settings):
    settings.KORPU_RATE_LIMITS = {"signin": "1/m"}
    client = Client(REMOTE_ADDR="192.0.2.40")
    assert all(client.get("/accounts/login/").status_code == 200 for _ in range(5))


def test_every_listed_public_write_route_has_a_rule():
    for _app, route, scope in expected_public_writes():
        rule = ratelimit.rule_for("POST", concrete(route))
        assert rule is not None and rule.scope == scope, route


def test_every_api_write_on_donations_registrations_or_signatures_has_a_rule():
    words = re.compile(r"donation|registrations$|signatures$|letters$|^api/v1/actions$|offers$")
    api_routes = [r for r in all_routes() if r.startswith("api/v1/")]
    candidates = [r for r in api_routes if words.search(r.rstrip("/")) and "confirm" not in r]
    missing = [r for r in candidates if ratelimit.rule_for("POST", concrete(r)) is None]
    assert not missing, f"public write routes without a rate limit: {missing}"


@pytest.mark.django_db
@pytest.mark.parametrize("app,route,scope", expected_public_writes(), ids=lambda v: str(v))
def test_public_write_route_answers_429_with_retry_after(app, route, scope, settings, quiet_other_limits):
    present = {r for _a, r, _s in discovered_public_writes()}
    real = next((r for _a, r, s in discovered_public_writes() if _normalise(r) == _normalise(route)), None)
    if real is None or real not in present:
        pytest.skip(f"{app} has no route {route} yet")
    settings.KORPU_RATE_LIMITS = {scope: "2/m"}
    path = concrete(real)
    client = Client(REMOTE_ADDR="192.0.2.50")
    responses = [client.post(path, data="{}", content_type="application/json") for _ in range(3)]
    assert [r.status_code == 429 for r in responses] == [False, False, True], [r.status_code for r in responses]
    last = responses[-1]
    assert 1 <= int(last["Retry-After"]) <= 60
    if path.startswith("/api/"):
        assert last.json()["error"]["code"] == "rate_limited"
    # another address is not affected
    assert Client(REMOTE_ADDR="192.0.2.51").post(path, data="{}", content_type="application/json").status_code != 429
