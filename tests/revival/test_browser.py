"""The revival pages in a real browser: map and progress bars render under the CSP, Arabic flips,
an officer's payout needs a second officer."""

from __future__ import annotations

import pytest

from korpu.revival import services
from tests.conftest import MFA_SECRET, sign_in
from tests.revival import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _no_csp_errors(page):
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if "Content Security Policy" in m.text else None)
    return errors


def test_visitor_finds_a_project_on_the_map_and_reads_it_in_arabic(page):
    officer = factories.foundation_officer()
    factories.project(officer, slug="govhar-agha")
    errors = _no_csp_errors(page)
    page.goto("/revival/")
    assert page.locator("svg.revival-map").is_visible()
    assert page.locator("progress").count() == 2
    page.locator("a.revival-map-link").first.click()
    page.wait_for_url("**/revival/p/govhar-agha/")
    assert page.locator("h1").inner_text() == "Upper Govhar Agha Mosque"
    page.select_option("#language-switcher", "ar")
    page.locator("form button[type=submit]", has_text="Switch").click()
    page.wait_for_load_state("networkidle")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator("h1").inner_text() == "مسجد يوخاري غوهر آغا"
    assert not errors


def test_a_payout_is_paid_only_after_a_second_officer_approves(page, browser, live_server):
    first = factories.foundation_officer()
    second = factories.foundation_officer("foundation-2@example.org")
    project = factories.project(first, slug="govhar-agha")
    factories.give(project, 500_000, key="browser-gift")
    milestone = factories.milestone_with_evidence(first, project)
    services.do_request_payout(actor=first, milestone=milestone, amount_minor=100_000, payee="Şuşa Tikinti")
    sign_in(page, first.email, totp_secret=MFA_SECRET)
    page.goto("/revival/manage/govhar-agha/")
    page.locator("button[value=approve]").click()
    page.wait_for_load_state("networkidle")
    page.locator("button[value=approve]").click()
    page.wait_for_load_state("networkidle")
    assert "already approved" in page.locator(".alert-danger").inner_text()
    context = browser.new_context(base_url=live_server.url, locale="en-GB")
    other = context.new_page()
    sign_in(other, second.email, totp_secret=MFA_SECRET)
    other.goto("/revival/manage/govhar-agha/")
    other.locator("button[value=approve]").click()
    other.wait_for_load_state("networkidle")
    other.goto("/revival/transparency/")
    assert "Şuşa Tikinti" in other.locator("table").inner_text()
    context.close()
