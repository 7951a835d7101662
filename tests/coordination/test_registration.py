"""Registration: own questions, waiting list, cancellation, confirmation e-mail with .ics and QR."""

from __future__ import annotations

import datetime as dt
import email
import email.policy

import icalendar
import pytest
from django.core import mail

from korpu.coordination.errors import RegistrationClosed
from korpu.coordination.models import Registration
from korpu.coordination.services import do_cancel_registration, do_register
from korpu.core.errors import NotFound, ValidationFailed
from tests.conftest import make_user
from tests.coordination.conftest import make_event


def test_member_registers_and_gets_a_confirmation_in_their_language_with_ics_and_qr(
        org_a, event, django_capture_on_commit_callbacks):
    user = make_user("ru@example.org", role="member", organisation=org_a.pk, language="ru")
    with django_capture_on_commit_callbacks(execute=True):
        registration = do_register(actor=user, event=event)
    assert registration.status == "confirmed" and registration.organisation == org_a
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.subject.startswith("Ваша регистрация")
    assert registration.code in message.body
    names = [a[0] if isinstance(a, tuple) else a.get_filename() for a in message.attachments]
    assert "event.ics" in names and f"check-in-{registration.code}.png" in names
    ics = next(a for a in message.attachments if (a[0] if isinstance(a, tuple) else a.get_filename()) == "event.ics")
    content = ics[1] if isinstance(ics, tuple) else ics.get_content()
    parsed = icalendar.Calendar.from_ical(content)
    # No Russian title was given: the first of az, en, ru, tr, ar that was is used.
    assert str(parsed.walk("VEVENT")[0]["SUMMARY"]) == "Novruz axşamı"


def test_the_ics_attachment_as_received_is_in_the_registrants_language(org_a, event, django_capture_on_commit_callbacks):
    user = make_user("ar@example.org", role="member", organisation=org_a.pk, language="ar")
    with django_capture_on_commit_callbacks(execute=True):
        registration = do_register(actor=user, event=event)
    raw = mail.outbox[0].message(policy=email.policy.SMTP).as_bytes()  # what the SMTP backend sends
    received = email.message_from_bytes(raw, policy=email.policy.default)
    assert received["Subject"] == "تسجيلك: أمسية نوروز"
    parts = {part.get_filename(): part for part in received.iter_attachments()}
    assert parts[f"check-in-{registration.code}.png"].get_content().startswith(b"\x89PNG")
    attachment = parts["event.ics"]
    assert attachment.get_content_type() == "text/calendar"
    vevent = icalendar.Calendar.from_ical(attachment.get_content()).walk("VEVENT")[0]
    assert str(vevent["SUMMARY"]) == "أمسية نوروز"
    assert str(vevent["DESCRIPTION"]) == "Music and food"  # no Arabic text given: the first language that has one
    assert vevent.decoded("DTSTART") == event.starts_at.astimezone(dt.UTC)
    assert vevent.decoded("DTEND") == event.ends_at.astimezone(dt.UTC)
    assert str(vevent["LOCATION"]) == "Kulturhaus, Berlin"
    assert str(vevent["UID"]).startswith(str(event.pk))
    assert str(vevent["X-KORPU-TZ"]) == "Europe/Berlin"


def test_a_full_event_puts_people_on_the_waiting_list_and_moves_them_up(org_a, member, editor, officer):
    event = make_event([org_a], capacity=1)
    first = do_register(actor=member, event=event)
    second = do_register(actor=editor, event=event)
    assert (first.status, second.status) == ("confirmed", "waitlisted")
    do_cancel_registration(actor=member, registration=first)
    second.refresh_from_db()
    assert second.status == "confirmed"


def test_registering_twice_is_refused(member, registration, event):
    with pytest.raises(RegistrationClosed):
        do_register(actor=member, event=event)
    assert Registration.objects.count() == 1


def test_required_questions_must_be_answered(org_a, member):
    event = make_event([org_a], questions=[{"id": "diet", "label": {"en": "Diet"}, "required": True}])
    with pytest.raises(ValidationFailed):
        do_register(actor=member, event=event, answers={})
    registration = do_register(actor=member, event=event, answers={"diet": "vegetarian"})
    assert registration.answers == {"diet": "vegetarian"}


def test_other_organisations_cannot_register_for_members_only_events(other_officer, members_event):
    with pytest.raises(NotFound):
        do_register(actor=other_officer, event=members_event)


def test_registration_page_shows_the_qr_code_as_an_image(client_for, member, registration):
    response = client_for(member).get(f"/coordination/registrations/{registration.pk}/")
    body = response.content.decode()
    assert 'src="data:image/svg+xml' in body and registration.code in body
    assert "style=" not in body.split("<main")[1]


def test_registering_through_the_page(client_for, member, event):
    response = client_for(member).post(f"/coordination/events/{event.pk}/register/")
    assert response.status_code == 302
    assert Registration.objects.get().user == member
