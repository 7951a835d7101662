"""The proof workflow in a real browser: a foundation officer makes a version (its files are
prepared by the worker while the page waits), a second officer approves it and sends it to the
engraver, and a donor finds the proof line that names them."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from pypdf import PdfReader

from tests.conftest import MFA_SECRET, make_user, sign_in
from tests.revival import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_officers_make_approve_and_send_a_proof_and_a_donor_finds_their_line(page, browser, live_server):
    first = factories.foundation_officer()
    second = factories.foundation_officer("foundation-2@example.org")
    project = factories.project(first, slug="govhar-agha")
    donor_user = make_user("shamsi@example.org")
    factories.give(project, 150_000, key="b1", donor=factories.donor("Şəmsi Əliyev", user=donor_user))
    factories.give(project, 20_000, key="b2", donor=factories.donor("Ильгар Гусейнов", display="other_form",
                                                                   display_form="İlqar Hüseynov", script="Cyrl"))
    factories.give(project, 30_000, key="b3", donor=factories.donor("Nərmin Quliyeva", display="anonymous"))
    plaque = factories.plaque(first, project)

    # The first officer makes version 1: the page answers at once and says the files are being prepared.
    sign_in(page, first.email, totp_secret=MFA_SECRET)
    page.goto(f"/plaques/{plaque.pk}/")
    page.get_by_role("button", name="Make the next version").click()
    page.wait_for_load_state("networkidle")
    assert "being prepared" in page.locator(".alert-success").inner_text()
    version = page.locator(".proof-version[data-version='1']")
    assert "being prepared" in version.locator(".proof-preparing").inner_text()
    assert version.get_by_role("link", name="PDF proof").count() == 0

    # `korpu worker` renders it; the page notices by itself and offers the files.
    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0, interval=0.1)
    version.get_by_role("link", name="PDF proof").wait_for(timeout=20000)
    assert version.locator(".proof-preparing").count() == 0
    pdf = page.request.get(version.get_by_role("link", name="PDF proof").get_attribute("href"))
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.body())).pages)
    assert "Şəmsi Əliyev" in text and "İlqar Hüseynov" in text and "Nərmin" not in text
    version.locator("summary", has_text="Names on this version").click()
    assert version.locator("ol li").all_inner_texts() == ["Şəmsi Əliyev (Qızıl)", "İlqar Hüseynov (Gümüş)"]

    # Four eyes: the officer who made it cannot approve it.
    version.get_by_role("button", name="Approve").click()
    page.wait_for_load_state("networkidle")
    assert "Another officer must approve" in page.locator(".alert-danger").inner_text()

    context = browser.new_context(base_url=live_server.url, locale="en-GB")
    other = context.new_page()
    sign_in(other, second.email, totp_secret=MFA_SECRET)
    other.goto(f"/plaques/{plaque.pk}/")
    mine = other.locator(".proof-version[data-version='1']")
    mine.get_by_role("button", name="Approve").click()
    other.wait_for_load_state("networkidle")
    assert mine.locator(".proof-status").inner_text() == "Approved"
    mine.get_by_role("button", name="Send to the engraver").click()
    other.wait_for_load_state("networkidle")
    assert mine.locator(".proof-status").inner_text() == "Sent to the engraver"
    package = other.request.get(mine.get_by_role("link", name="Engraver's files (SVG, DXF)").get_attribute("href"))
    assert package.headers["content-type"] == "application/zip"
    context.close()

    # The donor signs in and finds the line that names them, and only that one.
    donor_context = browser.new_context(base_url=live_server.url, locale="en-GB")
    donor = donor_context.new_page()
    sign_in(donor, donor_user.email)
    donor.goto("/plaques/mine/")
    assert donor.locator(".plaque-line").all_inner_texts() == ["Şəmsi Əliyev"]
    assert "Proof version 1 (Sent to the engraver)" in donor.locator("main").inner_text()
    donor_context.close()
