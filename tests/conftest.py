"""Shared personas. Each says what it may see; the authorization matrix test holds them to it.

Organisations live in the network app, above accounts; for the foundation's tests an organisation
is just an id that organisation roles are scoped to.
"""

from __future__ import annotations

import time
import uuid

import pytest

ORG_A = uuid.UUID("00000000-0000-4000-8000-00000000000a")
ORG_B = uuid.UUID("00000000-0000-4000-8000-00000000000b")
PASSWORD = "correct-horse-battery-staple-42"


def totp_code(secret: str) -> str:
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def make_user(email: str, *, role: str | None = None, organisation=None, mfa_secret: str | None = None,
              language: str = "en"):
    from allauth.account.models import EmailAddress
    from allauth.mfa.totp.internal.auth import TOTP

    from korpu.accounts.models import User
    from korpu.accounts.services import do_assign_role

    user = User.objects.create_user(email, PASSWORD, display_name=email.split("@")[0].title(), language=language)
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    if role:
        do_assign_role(actor="system", user=user, role_code=role, organisation_id=organisation)
    if mfa_secret:
        TOTP.activate(user, mfa_secret)
    return user


MFA_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


@pytest.fixture
def member(db):
    """A member of organisation A: sees public pages and their own account, nothing of others."""
    return make_user("member@example.org", role="member", organisation=ORG_A)


@pytest.fixture
def editor(db):
    """An editor of organisation A: edits A's content; cannot invite or see the audit log."""
    return make_user("editor@example.org", role="org_editor", organisation=ORG_A)


@pytest.fixture
def officer(db):
    """An admin of organisation A: invites colleagues to A and assigns A's roles; nothing in B."""
    return make_user("officer@example.org", role="org_admin", organisation=ORG_A)


@pytest.fixture
def other_officer(db):
    """An admin of organisation B: the mirror of `officer`, to catch leaks between organisations."""
    return make_user("officer-b@example.org", role="org_admin", organisation=ORG_B)


@pytest.fixture
def staff(db):
    """Committee staff (with TOTP set up): sees across organisations, not the audit log."""
    return make_user("staff@example.org", role="committee_staff", mfa_secret=MFA_SECRET)


@pytest.fixture
def admin(db):
    """A committee admin (with TOTP set up): may do everything, including reading the audit log."""
    return make_user("admin@example.org", role="committee_admin", mfa_secret=MFA_SECRET)


@pytest.fixture
def client_for(client):
    """A test client signed in as the given user (None for the anonymous public)."""

    def sign_in(user):
        from django.test import Client

        c = Client()
        if user is not None:
            c.force_login(user, backend="allauth.account.auth_backends.AuthenticationBackend")
        return c

    return sign_in


@pytest.fixture(autouse=True)
def _english_by_default(request):
    """Tests read English unless they ask for another language (Django tests only: the pure
    packages, names and the renderers, also run without pytest-django)."""
    if request.config.pluginmanager.hasplugin("django"):
        settings = request.getfixturevalue("settings")
        settings.LANGUAGE_CODE = "en"
        # Personas are created in almost every test: a slow password hash would dominate the suite.
        settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
        # Each test starts with empty in-process caches: otherwise the rate-limit counters of earlier
        # tests (every browser test signs in from 127.0.0.1) spill into the next one's minute.
        from django.core.cache import caches
        from django.core.cache.backends.locmem import LocMemCache

        for cache in caches.all(initialized_only=True):
            if isinstance(cache, LocMemCache):
                cache.clear()


@pytest.fixture
def personas(db, member, editor, officer, other_officer, staff, admin):
    return {"anonymous": None, "member": member, "editor": editor, "officer": officer,
            "other_officer": other_officer, "staff": staff, "admin": admin}


# --- Browser tests (headless Chromium through Playwright) -------------------------------------
ARTIFACTS = __import__("pathlib").Path(__file__).resolve().parent.parent / "test-artifacts"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
]


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium, driven by Playwright (never a downloaded browser)."""
    import os
    import shutil

    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the ORM calls the tests make
    # around it are still plain synchronous calls.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    executable = shutil.which("chromium") or "/usr/bin/chromium"
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def page(browser, live_server):
    """A fresh browser tab on the live server; fails the test on any request to another host."""
    context = browser.new_context(base_url=live_server.url, locale="en-GB", timezone_id="Asia/Baku")
    tab = context.new_page()
    tab.set_default_timeout(15000)
    foreign: list[str] = []

    def watch(request):
        if not request.url.startswith((live_server.url, "data:", "blob:", "about:")):
            foreign.append(request.url)

    tab.on("request", watch)
    yield tab
    context.close()
    assert not foreign, f"the page asked other hosts for: {foreign}"


def sign_in(tab, email: str, password: str = PASSWORD, totp_secret: str | None = None) -> None:
    """Sign in through the real allauth pages (and its TOTP step when the user has one)."""
    tab.goto("/accounts/login/")
    tab.fill("input[name=login]", email)
    tab.fill("input[name=password]", password)
    tab.locator("form button[type=submit]").last.click()
    if totp_secret:
        tab.wait_for_url("**/accounts/2fa/authenticate/**")
        tab.fill("input[name=code]", totp_code(totp_secret))
        tab.locator("form button[type=submit]").last.click()
    tab.wait_for_load_state("networkidle")


# --- Organisations the personas belong to ------------------------------------------------------
@pytest.fixture
def org_a(db):
    """Organisation A (verified, Germany): officer, editor and member hold their roles here."""
    from korpu.network.models import Organisation

    return Organisation.objects.create(id=ORG_A, name="Berlin Azərbaycan Evi", names={"en": "Azerbaijan House Berlin"},
                                       kind="community", country="DE", city="Berlin", status="verified",
                                       languages=["az", "de"])


@pytest.fixture
def org_b(db):
    """Organisation B (verified, France): other_officer holds their role here."""
    from korpu.network.models import Organisation

    return Organisation.objects.create(id=ORG_B, name="Association des Azerbaïdjanais de Lyon", kind="cultural_centre",
                                       country="FR", city="Lyon", status="verified", languages=["az", "fr"])


# --- Pure tests run once ----------------------------------------------------------------------
# The pure packages (names, embeddings, the plaque renderer, the news pipeline) touch no database,
# so the PostgreSQL run of the suite skips them: `-m "not pure"`.
PURE_PREFIXES = ("tests/names/", "tests/embeddings/", "tests/plaques/test_render_", "tests/media/test_pipeline_")


def pytest_collection_modifyitems(config, items):
    root = str(config.rootpath) + "/"
    for item in items:
        path = str(item.path).removeprefix(root)
        if path.startswith(PURE_PREFIXES):
            item.add_marker(pytest.mark.pure)
