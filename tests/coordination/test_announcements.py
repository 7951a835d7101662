"""Announcements, read receipts, notification e-mail with one-click unsubscribe, digests, bounces."""

from __future__ import annotations

import email
import email.policy

from django.core import mail

from korpu.coordination import tasks
from korpu.coordination.models import AnnouncementRecipient, Notification
from korpu.coordination.services import (
    do_record_bounce,
    do_send_announcement,
    do_set_frequency,
    preference_for,
)
from korpu.core import links
from korpu.core.errors import PermissionDenied
from korpu.core.mail import DigestMessage


def test_announcement_goes_to_organisations_matching_the_filters(org_a, org_b):
    announcement = do_send_announcement(actor="system", title={"en": "To France"}, body={"en": "Hi"}, countries=["fr"])
    assert list(announcement.recipients.values_list("organisation_id", flat=True)) == [org_b.pk]
    by_language = do_send_announcement(actor="system", title={"en": "To German speakers"}, body={"en": "Hi"}, languages=["de"])
    assert list(by_language.recipients.values_list("organisation_id", flat=True)) == [org_a.pk]


def test_an_ordinary_officer_cannot_send_announcements(officer, org_a):
    try:
        do_send_announcement(actor=officer, title={"en": "x"}, body={"en": "y"}, sender_organisation=org_a)
    except PermissionDenied:
        pass
    else:
        raise AssertionError("a community officer sent an announcement")


def test_reader_gets_it_in_their_language_and_a_read_receipt_is_kept(client_for, editor, announcement, org_a):
    editor.language = "ru"
    editor.save(update_fields=["language"])
    response = client_for(editor).get(f"/coordination/announcements/{announcement.pk}/")
    assert "Конгресс в мае." in response.content.decode()
    receipt = AnnouncementRecipient.objects.get(announcement=announcement, organisation=org_a)
    assert receipt.read_at is not None and receipt.read_by == editor


def test_staff_see_read_receipts(client_for, staff, announcement):
    response = client_for(staff).get(f"/coordination/announcements/{announcement.pk}/")
    assert response.status_code == 200
    assert "Not yet" in response.content.decode()


def test_daily_digest_is_sent_in_batches_with_unsubscribe_headers(member, editor, officer, announcement):
    assert Notification.objects.filter(sent_at__isnull=True).count() == 3
    batches = tasks.fan_out("daily", batch_size=2)
    assert batches == 2
    assert len(mail.outbox) == 3
    message = mail.outbox[0]
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message.extra_headers["List-Unsubscribe"].startswith("<http")
    assert "Congress dates" in message.body
    assert Notification.objects.filter(sent_at__isnull=True).count() == 0


def test_digest_as_sent_reads_back_in_the_readers_language_with_a_bare_unsubscribe_link(member, editor, announcement):
    editor.language = "ru"
    editor.save(update_fields=["language"])
    tasks.fan_out("daily")
    sent = next(m for m in mail.outbox if m.to == [editor.email])
    raw = sent.message(policy=email.policy.SMTP).as_bytes()
    received = email.message_from_bytes(raw, policy=email.policy.default)
    assert received["Subject"] == "Ваша ежедневная сводка Körpü"
    assert received["To"] == editor.email
    assert "• Объявление: Даты конгресса" in received.get_content()
    token = preference_for(editor).unsubscribe_token
    # A bare <URL> on one line: mail programs do not read RFC 2047 words in List-Unsubscribe as a link.
    link = f"{links.base_url()}/coordination/unsubscribe/{token}/"
    assert f"\r\nList-Unsubscribe: <{link}>\r\n".encode() in raw
    assert b"\r\nList-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n" in raw


def test_digest_to_an_address_with_a_non_ascii_domain_is_sent_to_its_idna_form(db):
    message = DigestMessage("Salam", "Qısa xəbər", to=["oxucu@bücher.example"],
                            headers={"List-Unsubscribe": "<http://testserver/coordination/unsubscribe/t/>"})
    received = email.message_from_bytes(message.message(policy=email.policy.SMTP).as_bytes(),
                                        policy=email.policy.default)
    assert received["To"] == "oxucu@xn--bcher-kva.example"
    assert received.get_content().rstrip() == "Qısa xəbər"


def test_weekly_readers_are_not_in_the_daily_digest(member, announcement):
    do_set_frequency(actor=member, frequency="weekly")
    ids = set(tasks.recipients_with_pending("daily"))
    assert member.pk not in ids
    assert member.pk in set(tasks.recipients_with_pending("weekly"))


def test_one_click_unsubscribe_needs_no_csrf_and_no_sign_in(client, member):
    token = preference_for(member).unsubscribe_token
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    response = strict.post(f"/coordination/unsubscribe/{token}/", {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert preference_for(member).frequency == "never"


def test_unknown_unsubscribe_token_is_404(client, db):
    assert client.post("/coordination/unsubscribe/nope/").status_code == 404


def test_bounced_addresses_are_not_mailed(member, editor, officer, announcement):
    do_record_bounce(actor="system", email=member.email, hard=True, reason="550 no such user")
    tasks.fan_out("daily")
    assert member.email not in [m.to[0] for m in mail.outbox]
    assert len(mail.outbox) == 2


def test_staff_record_bounces_through_the_api(client_for, staff, member):
    response = client_for(staff).post("/api/v1/bounces", {"email": member.email, "hard": False},
                                      content_type="application/json")
    assert response.status_code == 200 and response.json()["dead"] is False


def test_dashboard_shows_countries(client_for, staff, event, task, announcement):
    response = client_for(staff).get("/coordination/dashboard/")
    rows = {r["country"]: r for r in response.context["rows"]}
    assert rows["DE"]["upcoming"] == 1 and rows["FR"]["unread"] == 1
