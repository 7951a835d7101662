"""The shell in a real browser: sign-in with MFA, languages, right-to-left, no foreign requests."""

from __future__ import annotations

import re

import pytest

from tests.conftest import ARTIFACTS, MFA_SECRET, make_user, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_committee_admin_signs_in_with_password_and_authenticator_code(page):
    make_user("admin@example.org", role="committee_admin", mfa_secret=MFA_SECRET)
    sign_in(page, "admin@example.org", totp_secret=MFA_SECRET)
    assert page.url.rstrip("/").endswith(page.url.split("/")[2]) or page.url.endswith("/")
    page.goto("/audit/")
    assert page.locator("h1").inner_text() == "Audit log"


def test_committee_staff_must_set_up_an_authenticator_before_anything_else(page):
    from tests.conftest import PASSWORD, totp_code

    make_user("staff@example.org", role="committee_staff")
    sign_in(page, "staff@example.org")
    page.goto("/")
    # allauth asks for the password again before a second factor may be added
    if "/accounts/reauthenticate/" in page.url:
        page.fill("input[name=password]", PASSWORD)
        page.locator("form button[type=submit]").last.click()
    page.wait_for_url("**/accounts/2fa/totp/activate/**")
    secret = page.locator("#authenticator_secret").input_value()
    page.fill("input[name=code]", totp_code(secret))
    page.locator("form button[type=submit]").last.click()
    page.wait_for_load_state("networkidle")
    page.goto("/")
    assert "/accounts/2fa/" not in page.url
    assert page.locator("html").get_attribute("lang") == "en"


def test_switching_to_arabic_renders_right_to_left(page):
    page.goto("/")
    page.select_option("#language-switcher", "ar")
    page.locator("form[action='/i18n/setlang/'] button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator("html").get_attribute("lang") == "ar"
    assert page.locator("link[href*='bootstrap.rtl']").count() == 1


def test_anonymous_visitor_gets_the_language_of_their_browser(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="ru-RU")
    tab = context.new_page()
    tab.goto("/")
    assert tab.locator("html").get_attribute("lang") == "ru"
    context.close()


@pytest.mark.parametrize("language", ["az", "en", "ru", "tr", "ar"])
def test_each_language_renders_with_no_english_left(page, language):
    page.goto("/")
    page.context.add_cookies([{"name": "django_language", "value": language, "url": page.url}])
    for path in ["/", "/accounts/login/"]:
        page.goto(path)
        assert page.locator("html").get_attribute("lang") == language
        ARTIFACTS.mkdir(exist_ok=True)
        name = "home" if path == "/" else "login"
        page.screenshot(path=str(ARTIFACTS / f"{name}-{language}.png"), full_page=True)
        if language != "en":
            text = page.locator("body").inner_text()
            english = {"Sign in", "Home", "Language", "Switch", "Password", "Create an account", "Forgot"}
            left = [w for w in english if re.search(rf"\b{w}\b", text)]
            assert not left, f"English left on {path} in {language}: {left}"


def test_interactive_api_docs_come_from_our_own_server(page):
    page.goto("/api/v1/docs")
    page.wait_for_selector(".opblock", timeout=20000)
    assert page.locator(".opblock").count() >= 3
    assert "/api/v1/me" in page.locator("body").inner_text()
