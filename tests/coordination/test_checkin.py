"""Check-in at the door: idempotent per scan, refusing codes of other events or already used."""

from __future__ import annotations

import pytest

from korpu.coordination.errors import CheckInRefused
from korpu.coordination.services import do_check_in, do_register
from tests.coordination.conftest import make_event


def post(client, event, code, scan_id=""):
    return client.post("/api/v1/checkins", {"event_id": str(event.pk), "code": code, "scan_id": scan_id},
                       content_type="application/json")


def test_officer_checks_a_registration_in_by_its_code(client_for, officer, event, registration):
    response = post(client_for(officer), event, registration.code.lower(), "scan-1")
    assert response.status_code == 200
    assert response.json()["replayed"] is False
    registration.refresh_from_db()
    assert registration.checked_in_at is not None and registration.checked_in_by == officer


def test_the_same_scan_sent_again_is_answered_without_a_second_check_in(client_for, officer, event, registration):
    client = client_for(officer)
    first = post(client, event, registration.code, "scan-1").json()
    again = post(client, event, registration.code, "scan-1")
    assert again.status_code == 200 and again.json()["replayed"] is True
    assert again.json()["checked_in_at"] == first["checked_in_at"]


def test_a_used_code_is_refused(client_for, officer, event, registration):
    client = client_for(officer)
    post(client, event, registration.code, "scan-1")
    response = post(client, event, registration.code, "scan-2")
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "already_used"


def test_a_code_of_another_event_is_refused_and_nothing_changes(officer, org_a, member, registration):
    other = make_event([org_a], title={"en": "Other"})
    with pytest.raises(CheckInRefused) as excinfo:
        do_check_in(actor=officer, event=other, code=registration.code)
    assert excinfo.value.code == "other_event"
    registration.refresh_from_db()
    assert registration.checked_in_at is None


def test_an_unknown_code_is_refused(client_for, officer, event):
    response = post(client_for(officer), event, "NOPE", "s")
    assert response.status_code == 409 and response.json()["error"]["code"] == "unknown_code"


def test_waitlisted_registrations_cannot_be_checked_in(officer, org_a, member, editor):
    event = make_event([org_a], capacity=1)
    do_register(actor=member, event=event)
    waiting = do_register(actor=editor, event=event)
    with pytest.raises(CheckInRefused):
        do_check_in(actor=officer, event=event, code=waiting.code)


def test_officers_of_another_organisation_cannot_check_in(client_for, other_officer, event, registration):
    assert post(client_for(other_officer), event, registration.code).status_code == 403


def test_typed_code_without_javascript_checks_in(client_for, editor, event, registration):
    response = client_for(editor).post(f"/coordination/events/{event.pk}/check-in/", {"code": registration.code})
    assert response.status_code == 200
    assert "Checked in" in response.content.decode()
