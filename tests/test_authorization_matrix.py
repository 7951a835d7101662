"""Every role against every page and API route: no page without an access decision, no leak.

Apps add the routes that need objects (detail pages, per-organisation pages) to their own
`tests/<app>/test_access.py`; this test walks everything it can reach without parameters, and
every API operation for the anonymous public.
"""

from __future__ import annotations

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from korpu.core import permissions

PERSONAS = ["anonymous", "member", "editor", "officer", "other_officer", "staff", "admin"]
# Routes served by libraries with their own access rules (sign-in pages, the API framework,
# the static file server): checked by the library and by the API part of this test.
FOREIGN = re.compile(r"^(accounts/(?!profile|tokens|invite|invitations)|api/v1/|static/|media/)")


def walk(patterns=None, prefix=""):
    for entry in patterns if patterns is not None else get_resolver().url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from walk(entry.url_patterns, route)
        elif isinstance(entry, URLPattern):
            yield route, entry


def decision(callback) -> str | None:
    view = getattr(callback, "view_class", callback)
    return getattr(view, "korpu_access", None) or getattr(callback, "korpu_access", None)


OWN_ROUTES = [(route, entry) for route, entry in walk() if not FOREIGN.match(route.lstrip("^"))]


def test_every_page_declares_who_may_use_it():
    missing = [route for route, entry in OWN_ROUTES if decision(entry.callback) is None]
    assert not missing, f"pages without public/signed_in/requires: {missing}"


def plain(route: str) -> str | None:
    """The URL of a route without parameters, or None."""
    if "<" in route or "(?P" in route or "(" in route:
        return None
    return "/" + route.lstrip("^").rstrip("$").replace("\\", "")


def expected(access: str, user) -> set[int]:
    if access == "public":
        return {200, 204, 301, 302, 405}
    if user is None:
        return {302}
    if access == "signed_in":
        # the view may narrow further (e.g. 404 for a user with no registry record)
        return {200, 302, 403, 404, 405}
    return {200, 302, 405} if permissions.has_perm(user, access) else {403}


@pytest.mark.parametrize("who", PERSONAS)
def test_each_persona_gets_exactly_what_each_page_declares(who, personas, org_a, org_b, client_for):
    user = personas[who]
    client = client_for(user)
    wrong = []
    for route, entry in OWN_ROUTES:
        url = plain(route)
        if url is None:
            continue
        access = decision(entry.callback)
        response = client.get(url)
        if response.status_code not in expected(access, user):
            wrong.append((url, access, response.status_code))
        if user is None and response.status_code == 302 and access != "public":
            assert "/accounts/login/" in response["Location"], url
    assert not wrong, f"{who}: {wrong}"


# Foundation pages, spelled out: what each persona must get.
TABLE = {
    "/": dict(anonymous=200, member=200, editor=200, officer=200, other_officer=200, staff=200, admin=200),
    "/healthz": dict(anonymous=200, member=200, editor=200, officer=200, other_officer=200, staff=200, admin=200),
    "/audit/": dict(anonymous=302, member=403, editor=403, officer=403, other_officer=403, staff=403, admin=200),
    "/audit/export.csv": dict(anonymous=302, member=403, editor=403, officer=403, other_officer=403, staff=403, admin=200),
    "/accounts/profile/": dict(anonymous=302, member=200, editor=200, officer=200, other_officer=200, staff=200, admin=200),
    "/accounts/tokens/": dict(anonymous=302, member=200, editor=200, officer=200, other_officer=200, staff=200, admin=200),
    "/accounts/invite/": dict(anonymous=302, member=403, editor=403, officer=200, other_officer=200, staff=403, admin=200),
    "/api/v1/me": dict(anonymous=401, member=200, editor=200, officer=200, other_officer=200, staff=200, admin=200),
    "/api/v1/tokens": dict(anonymous=401, member=200, editor=200, officer=200, other_officer=200, staff=200, admin=200),
    "/api/v1/audit": dict(anonymous=401, member=403, editor=403, officer=403, other_officer=403, staff=403, admin=200),
}


@pytest.mark.parametrize("url", sorted(TABLE))
def test_foundation_pages_answer_each_persona_as_the_table_says(url, personas, client_for):
    got = {who: client_for(user).get(url).status_code for who, user in personas.items()}
    assert got == TABLE[url]


def test_every_api_operation_refuses_the_anonymous_public_unless_it_is_public(client, db):
    schema = client.get("/api/v1/openapi.json").json()
    leaks = []
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            if method not in {"get", "post", "put", "patch", "delete"}:
                continue
            url = re.sub(r"\{[^}]+\}", "00000000-0000-4000-8000-000000000000", path)
            secured = bool(operation.get("security"))
            response = client.generic(method.upper(), url, "{}", content_type="application/json")
            assert response.status_code < 500, (method, path, response.status_code)
            if secured and response.status_code != 401:
                leaks.append((method, path, response.status_code))
    assert not leaks, f"operations that did not ask the anonymous public to sign in: {leaks}"
