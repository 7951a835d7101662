"""iCalendar feeds: parsed back with `icalendar` and checked field by field; stable URLs; unknown
ids refused; members-only events only in private feeds reached by a revocable secret."""

from __future__ import annotations

import datetime as dt

import icalendar
import pytest

from korpu.coordination.services import (
    do_cancel_event,
    do_create_feed,
    do_revoke_feed,
    do_update_event,
)
from tests.coordination.conftest import make_event


def parse(response) -> icalendar.Calendar:
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"].startswith("text/calendar")
    return icalendar.Calendar.from_ical(response.content)


def test_public_feed_is_parsed_back_field_by_field(client, event):
    cal = parse(client.get("/api/v1/calendars/public.ics", HTTP_ACCEPT_LANGUAGE="en"))
    assert str(cal["VERSION"]) == "2.0"
    assert str(cal["PRODID"]) == "-//Korpu//Coordination//EN"
    (item,) = cal.walk("VEVENT")
    assert str(item["UID"]) == f"{event.pk}@korpu.coordination"
    assert item.decoded("DTSTART") == event.starts_at
    assert item.decoded("DTEND") == event.ends_at
    assert item.decoded("DTSTART").tzinfo is not None
    assert str(item["SUMMARY"]) == "Novruz evening"
    assert str(item["DESCRIPTION"]) == "Music and food"
    assert str(item["LOCATION"]) == "Kulturhaus, Berlin"
    assert str(item["STATUS"]) == "CONFIRMED"
    assert int(item["SEQUENCE"]) == 0
    assert str(item["CLASS"]) == "PUBLIC"
    assert str(item["X-KORPU-TZ"]) == "Europe/Berlin"
    assert str(item["URL"]).endswith(f"/coordination/events/{event.pk}/")


def test_summary_follows_the_reader_language(client, event):
    cal = parse(client.get("/api/v1/calendars/public.ics", HTTP_ACCEPT_LANGUAGE="ar"))
    assert str(cal.walk("VEVENT")[0]["SUMMARY"]) == "أمسية نوروز"


def test_changes_and_cancellation_reach_subscribers(client, officer, event):
    do_update_event(actor=officer, event=event, venue="Rathaus")
    do_cancel_event(actor=officer, event=event)
    item = parse(client.get("/api/v1/calendars/public.ics")).walk("VEVENT")[0]
    assert int(item["SEQUENCE"]) == 2 and str(item["STATUS"]) == "CANCELLED"
    assert str(item["LOCATION"]).startswith("Rathaus")


def test_organisation_and_country_feeds(client, event, event_b, org_a, org_b):
    make_event([org_b], title={"en": "Lyon picnic"})
    org = parse(client.get(f"/api/v1/calendars/organisations/{org_a.pk}.ics"))
    assert [str(e["SUMMARY"]) for e in org.walk("VEVENT")] == ["Novruz evening"]
    fr = parse(client.get("/api/v1/calendars/countries/fr.ics"))
    assert [str(e["SUMMARY"]) for e in fr.walk("VEVENT")] == ["Lyon picnic"]


def test_members_only_events_never_appear_in_public_feeds(client, members_event, org_a):
    for url in ["/api/v1/calendars/public.ics", f"/api/v1/calendars/organisations/{org_a.pk}.ics",
                "/api/v1/calendars/countries/DE.ics"]:
        assert parse(client.get(url)).walk("VEVENT") == []


@pytest.mark.parametrize("url", [
    "/api/v1/calendars/organisations/00000000-0000-4000-8000-0000000000ff.ics",
    "/api/v1/calendars/organisations/not-a-uuid.ics",
    "/api/v1/calendars/countries/XX.ics",
    "/api/v1/calendars/countries/DEU.ics",
    "/api/v1/calendars/private/unknown-secret.ics",
])
def test_feeds_with_unknown_ids_answer_404(client, db, url):
    response = client.get(url)
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_private_feed_has_members_events_until_revoked(client, member, members_event, event, event_b):
    feed = do_create_feed(actor=member)
    url = f"/api/v1/calendars/private/{feed.secret}.ics"
    titles = sorted(str(e["SUMMARY"]) for e in parse(client.get(url)).walk("VEVENT"))
    assert titles == ["General assembly", "Novruz evening"]
    do_revoke_feed(actor=member, feed=feed)
    assert client.get(url).status_code == 404


def test_feeds_are_listed_in_the_openapi_document(client, db):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    for path in ["/api/v1/calendars/public.ics", "/api/v1/calendars/organisations/{organisation_id}.ics",
                 "/api/v1/calendars/countries/{code}.ics", "/api/v1/calendars/private/{secret}.ics"]:
        assert path in paths
        assert "text/calendar" in paths[path]["get"]["responses"]["200"]["content"]


def test_an_etag_lets_calendar_programs_skip_unchanged_feeds(client, event):
    first = client.get("/api/v1/calendars/public.ics")
    again = client.get("/api/v1/calendars/public.ics", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304


def test_times_in_feeds_are_utc(client, org_a):
    make_event([org_a], starts_at=dt.datetime(2031, 1, 10, 19, 0), ends_at=dt.datetime(2031, 1, 10, 22, 0),
               timezone="America/New_York")
    item = parse(client.get("/api/v1/calendars/public.ics")).walk("VEVENT")[0]
    assert item.decoded("DTSTART") == dt.datetime(2031, 1, 11, 0, 0, tzinfo=dt.UTC)


def test_the_feed_writer_agrees_with_the_icalendar_package(client, org_a):
    """Escaping, folding of long multi-byte lines and UTC times: our writer and the package agree."""
    from korpu.coordination import ical
    from korpu.coordination.models import Event

    make_event([org_a], title={"en": "Talks; music, poetry \\ and more", "ar": "أمسية " * 30},
               description={"en": "<p>Line one</p><p>Line two, with a comma; and a semicolon</p>"},
               venue="Saal 3, Kulturhaus")
    make_event([org_a], title={"en": "Online meeting"}, venue="", online_url="https://meet.example.org/a?b=1,2")
    for language in ["en", "ar"]:
        events = list(Event.objects.order_by("starts_at"))
        ours = icalendar.Calendar.from_ical(ical.calendar(events, name="Test, one", language=language,
                                                          base_url="http://testserver/"))
        theirs = icalendar.Calendar.from_ical(ical.calendar_with_icalendar(events, name="Test, one", language=language,
                                                                           base_url="http://testserver/"))
        assert str(ours["X-WR-CALNAME"]) == str(theirs["X-WR-CALNAME"]) == "Test, one"
        for mine, reference in zip(ours.walk("VEVENT"), theirs.walk("VEVENT"), strict=True):
            for name in ["UID", "SUMMARY", "DESCRIPTION", "LOCATION", "URL", "STATUS", "CLASS", "X-KORPU-TZ"]:
                assert (str(mine.get(name)) if name in mine else None) == (str(reference.get(name)) if name in reference else None), name
            for name in ["DTSTART", "DTEND"]:
                assert mine.decoded(name) == reference.decoded(name)
            assert int(mine["SEQUENCE"]) == int(reference["SEQUENCE"])


def test_feed_lines_are_folded_at_75_octets(client, org_a):
    make_event([org_a], title={"en": "Ə" * 200})
    raw = client.get("/api/v1/calendars/public.ics").content
    assert all(len(line) <= 75 for line in raw.split(b"\r\n"))
    assert str(icalendar.Calendar.from_ical(raw).walk("VEVENT")[0]["SUMMARY"]) == "Ə" * 200
