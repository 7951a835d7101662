"""Events: creation by officers, and bad input refused with clear errors and nothing changed."""

from __future__ import annotations

import datetime as dt

import pytest

from korpu.coordination.errors import InvalidEvent
from korpu.coordination.models import Event
from korpu.coordination.services import do_create_event, do_update_event
from korpu.core.errors import PermissionDenied
from korpu.core.models import AuditEntry
from tests.coordination.conftest import make_event, soon


def test_officer_creates_an_event_for_their_organisation_with_an_audit_row(officer, org_a):
    event = do_create_event(actor=officer, organisers=[org_a], title={"en": "Forum"}, starts_at=soon(),
                            ends_at=soon(hours=2), timezone="Europe/Berlin", venue="Hall", kind="forum")
    assert event.country == "DE"
    assert list(event.organisers.all()) == [org_a]
    assert AuditEntry.objects.filter(object_id=str(event.pk), action="create").exists()


def test_officer_cannot_organise_for_another_organisation(officer, org_b):
    with pytest.raises(PermissionDenied):
        do_create_event(actor=officer, organisers=[org_b], title={"en": "X"}, starts_at=soon(), ends_at=soon(hours=1), venue="v")
    assert Event.objects.count() == 0


def test_naive_times_are_read_in_the_event_time_zone(org_a):
    event = make_event([org_a], starts_at=dt.datetime(2030, 6, 1, 18, 0), ends_at=dt.datetime(2030, 6, 1, 21, 0),
                       timezone="Asia/Baku")
    assert event.starts_at == dt.datetime(2030, 6, 1, 14, 0, tzinfo=dt.UTC)


@pytest.mark.parametrize("bad, message", [
    ({"ends_at": soon(days=6)}, "ends before it starts"),
    ({"capacity": -1}, "below zero"),
    ({"timezone": "Mars/Olympus_Mons"}, "not a known time zone"),
    ({"title": {}}, "at least one language"),
    ({"venue": "", "online_url": ""}, "venue or an online link"),
    ({"online_url": "javascript:alert(1)"}, "not a valid web address"),
    ({"kind": "rave"}, "not a kind of event"),
])
def test_bad_event_input_is_refused_and_nothing_is_created(org_a, bad, message):
    with pytest.raises(InvalidEvent) as excinfo:
        make_event([org_a], **bad)
    assert message in str(excinfo.value.message)
    assert Event.objects.count() == 0


def test_html_in_descriptions_is_sanitised(org_a):
    event = make_event([org_a], description={"en": '<p onclick="x()">Hi<script>alert(1)</script><img src=x onerror=y></p>'})
    assert event.description["en"] == "<p>Hi</p>"


def test_a_bad_update_changes_nothing(officer, event):
    with pytest.raises(InvalidEvent):
        do_update_event(actor=officer, event=event, capacity=-5)
    event.refresh_from_db()
    assert event.capacity is None and event.sequence == 0


def test_an_update_raises_the_icalendar_sequence(officer, event):
    event = do_update_event(actor=officer, event=event, venue="New hall")
    assert event.sequence == 1 and event.venue == "New hall"


def test_event_form_shows_a_clear_error_for_end_before_start(client_for, officer, org_a):
    client = client_for(officer)
    response = client.post("/coordination/events/new/", {
        "organisers": [str(org_a.pk)], "kind": "forum", "visibility": "public", "title_en": "Forum",
        "starts_at": "2030-05-02T10:00", "ends_at": "2030-05-01T10:00", "timezone": "Europe/Berlin", "venue": "Hall"})
    assert response.status_code == 200
    assert "The event ends before it starts." in response.content.decode()
    assert Event.objects.count() == 0


def test_event_form_refuses_an_unknown_time_zone(client_for, officer, org_a):
    response = client_for(officer).post("/coordination/events/new/", {
        "organisers": [str(org_a.pk)], "kind": "forum", "visibility": "public", "title_en": "Forum",
        "starts_at": "2030-05-01T10:00", "ends_at": "2030-05-01T12:00", "timezone": "Europe/Atlantis", "venue": "Hall"})
    assert "is not a known time zone" in response.content.decode()
    assert Event.objects.count() == 0


def test_api_refuses_negative_capacity_with_the_error_format(client_for, officer, org_a):
    response = client_for(officer).post("/api/v1/events", {
        "organisers": [str(org_a.pk)], "title": {"en": "Forum"}, "starts_at": "2030-05-01T10:00:00Z",
        "ends_at": "2030-05-01T12:00:00Z", "venue": "Hall", "capacity": -3}, content_type="application/json")
    assert response.status_code == 422
    assert response.json()["error"]["message"] == "The capacity cannot be below zero."


def test_calendar_month_shows_the_event_on_its_day(client, event):
    month = event.starts_at.astimezone(dt.timezone(dt.timedelta(hours=4)))
    response = client.get(f"/coordination/?month={month.year}-{month.month}")
    assert "Novruz evening" in response.content.decode()


def test_members_only_events_are_hidden_from_the_public_and_other_organisations(client_for, members_event, member,
                                                                                other_officer):
    assert client_for(None).get(f"/coordination/events/{members_event.pk}/").status_code == 404
    assert client_for(other_officer).get(f"/coordination/events/{members_event.pk}/").status_code == 404
    assert client_for(member).get(f"/coordination/events/{members_event.pk}/").status_code == 200


def test_calendar_list_counts_its_queries(client, django_assert_max_num_queries, org_a):
    for i in range(15):
        make_event([org_a], title={"en": f"Event {i}"}, days=i + 1)
    with django_assert_max_num_queries(8):
        response = client.get("/coordination/?view=list")
    assert response.content.decode().count("Event ") >= 15
