"""In a real browser: an officer creates an event, a member registers, the officer checks the
member in with the typed code (through checkin.js and its offline queue), and the event shows in
the calendar in Arabic."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.conftest import ARTIFACTS, make_user, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def people(org_a):
    from korpu.accounts.services import do_sync_declared_roles

    do_sync_declared_roles()
    return {
        "officer": make_user("officer@example.org", role="org_admin", organisation=org_a.pk),
        "member": make_user("member@example.org", role="member", organisation=org_a.pk),
    }


def sign_out(page):
    page.context.clear_cookies()


def test_officer_creates_member_registers_officer_checks_in_and_arabic_calendar(page, live_server, people, org_a,
                                                                               settings):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    from korpu.coordination.models import Event, Registration

    start = (timezone.localtime(timezone.now(), dt.timezone(dt.timedelta(hours=4))) + dt.timedelta(days=2)).replace(
        hour=18, minute=0, second=0, microsecond=0)

    # 1. The officer creates the event.
    sign_in(page, "officer@example.org")
    page.goto("/coordination/events/new/")
    page.select_option("#id_organisers", str(org_a.pk))
    page.select_option("#id_kind", "commemoration")
    page.fill("#id_title_en", "Remembrance evening")
    page.fill("#id_title_ar", "أمسية الذكرى")
    page.fill("#id_description_en", "<p>Candles and <script>alert(1)</script>music</p>")
    page.fill("#id_starts_at", start.strftime("%Y-%m-%dT%H:%M"))
    page.fill("#id_ends_at", (start + dt.timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"))
    page.fill("#id_timezone", "Asia/Baku")
    page.fill("#id_venue", "Haus der Kulturen")
    page.fill("#id_capacity", "50")
    page.locator("#event-form button[type=submit]").click()
    page.wait_for_url("**/coordination/events/*/")
    event = Event.objects.get()
    assert event.description["en"] == "<p>Candles and music</p>"
    assert page.locator("h1").inner_text() == "Remembrance evening"
    sign_out(page)

    # 2. A member registers and sees their QR code and typed code.
    sign_in(page, "member@example.org")
    page.goto(f"/coordination/events/{event.pk}/")
    page.locator("#register-form button[type=submit]").click()
    page.wait_for_url("**/coordination/registrations/*/")
    code = page.locator("#registration-code").inner_text()
    assert page.locator("#registration-qr").get_attribute("src").startswith("data:image/svg+xml")
    page.screenshot(path=str(ARTIFACTS / "coordination-registration.png"), full_page=True)
    sign_out(page)

    # 3. The officer checks the member in by typing the code (the JS queue posts to the API).
    sign_in(page, "officer@example.org")
    page.goto(f"/coordination/events/{event.pk}/check-in/")
    page.fill("#id_code", code.lower())
    page.locator("#checkin-form button[type=submit]").click()
    page.locator("#checkin-log li.list-group-item-success").wait_for()
    assert code in page.locator("#checkin-log").inner_text()
    assert page.locator("#checkin-pending").inner_text() == "0"
    # The same code typed again is refused: no double check-in.
    page.fill("#id_code", code)
    page.locator("#checkin-form button[type=submit]").click()
    page.locator("#checkin-log li.list-group-item-danger").wait_for()
    registration = Registration.objects.get()
    assert registration.checked_in_at is not None
    page.screenshot(path=str(ARTIFACTS / "coordination-checkin.png"), full_page=True)

    # 4. The calendar in Arabic shows the event, right to left, at the reader's time.
    page.goto("/coordination/")
    page.select_option("#language-switcher", "ar")
    page.locator("form[action='/i18n/setlang/'] button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    page.goto(f"/coordination/?month={start.year}-{start.month}")
    assert page.locator("html").get_attribute("dir") == "rtl"
    link = page.locator("#month-grid a", has_text="أمسية الذكرى")
    assert link.count() == 1
    assert "18:00" in link.inner_text()
    page.screenshot(path=str(ARTIFACTS / "coordination-calendar-ar.png"), full_page=True)


def test_check_in_queue_survives_a_lost_connection(page, live_server, people, org_a, settings):
    """Offline, a typed code waits in localStorage; back online it is sent once."""
    from korpu.coordination.models import Registration
    from korpu.coordination.services import do_register
    from tests.coordination.conftest import make_event

    event = make_event([org_a])
    registration = do_register(actor=people["member"], event=event)
    sign_in(page, "officer@example.org")
    page.goto(f"/coordination/events/{event.pk}/check-in/")
    page.context.set_offline(True)
    page.fill("#id_code", registration.code)
    page.locator("#checkin-form button[type=submit]").click()
    expect(page.locator("#checkin-pending")).to_have_text("1")
    assert Registration.objects.get().checked_in_at is None
    page.context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    expect(page.locator("#checkin-pending")).to_have_text("0")
    assert Registration.objects.get().checked_in_at is not None


def _queued_scan(page, people, org_a):
    from korpu.coordination.services import do_register
    from tests.coordination.conftest import make_event

    event = make_event([org_a])
    registration = do_register(actor=people["member"], event=event)
    sign_in(page, "officer@example.org")
    page.goto(f"/coordination/events/{event.pk}/check-in/")
    return event, registration


def _check_in_audit_rows(registration) -> int:
    from korpu.core.models import AuditEntry

    return sum("checked_in_at" in (entry.changes or {})
               for entry in AuditEntry.objects.filter(object_id=str(registration.pk)))


def test_a_code_scanned_twice_while_offline_checks_in_once(page, live_server, people, org_a):
    """Two scans of one code wait in the queue; back online the first checks in, the second is refused."""
    from korpu.coordination.models import Registration

    _event, registration = _queued_scan(page, people, org_a)
    page.context.set_offline(True)
    for _scan in range(2):
        page.fill("#id_code", registration.code)
        page.locator("#checkin-form button[type=submit]").click()
    expect(page.locator("#checkin-pending")).to_have_text("2")
    page.context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    expect(page.locator("#checkin-pending")).to_have_text("0")
    expect(page.locator("#checkin-log li.list-group-item-success")).to_have_count(1)
    expect(page.locator("#checkin-log li.list-group-item-danger", has_text="already been used")).to_have_count(1)
    assert Registration.objects.get().checked_in_at is not None
    assert _check_in_audit_rows(registration) == 1


def test_a_check_in_whose_answer_was_lost_is_sent_again_without_a_second_check_in(page, live_server, people, org_a):
    """The server checks in but the connection drops before the answer: the scan stays queued, is
    sent again with the same scan id, and the server answers as the first time."""
    from korpu.coordination.models import Registration

    _event, registration = _queued_scan(page, people, org_a)
    answers = []

    def deliver_then_drop(route):
        answers.append(route.fetch().status)  # the server receives the scan and commits it
        route.abort("connectionreset")  # the browser never hears back

    page.route("**/api/v1/checkins", deliver_then_drop)
    page.fill("#id_code", registration.code)
    page.locator("#checkin-form button[type=submit]").click()
    expect(page.locator("#checkin-log li.list-group-item-danger")).to_have_count(1)  # "queued"
    expect(page.locator("#checkin-pending")).to_have_text("1")
    assert answers == [200]
    assert Registration.objects.get().checked_in_at is not None

    page.unroute("**/api/v1/checkins")
    page.evaluate("window.dispatchEvent(new Event('online'))")
    expect(page.locator("#checkin-pending")).to_have_text("0")
    expect(page.locator("#checkin-log li.list-group-item-success")).to_have_count(1)
    expect(page.locator("#checkin-log li.list-group-item-danger", has_text="already been used")).to_have_count(0)
    assert _check_in_audit_rows(registration) == 1
