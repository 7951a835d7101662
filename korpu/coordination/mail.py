"""E-mail of the coordination app: confirmations with .ics and QR, notifications and digests,
each in the recipient's language, with one-click unsubscribe headers (RFC 8058)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from django.conf import settings
from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from korpu.coordination import ical, qr
from korpu.coordination.models import (
    Frequency,
    Notification,
    NotificationPreference,
    Registration,
    in_language,
)
from korpu.core import links
from korpu.core.mail import DigestMessage

LANGUAGE_CODES = {code for code, _name in settings.LANGUAGES}


base_url = links.base_url


def unsubscribe_headers(token: str) -> dict[str, str]:
    link = f"{base_url()}/coordination/unsubscribe/{token}/"
    return {"List-Unsubscribe": f"<{link}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}


def language_of(user, fallback: str = "") -> str:
    for code in (fallback, getattr(user, "language", "")):
        if code in LANGUAGE_CODES:
            return code
    return settings.LANGUAGE_CODE


def registration_message(registration: Registration) -> EmailMultiAlternatives:
    """The confirmation (or waiting-list) e-mail, with the event as .ics and the QR code as PNG."""
    event = registration.event
    language = language_of(registration.user, registration.language)
    with translation.override(language), timezone.override(_zone_of(registration.user)):
        context = {"registration": registration, "event": event, "title": event.title_text(language),
                   "link": f"{base_url()}/coordination/registrations/{registration.pk}/"}
        subject = (_("Your registration: {title}") if registration.status == "confirmed"
                   else _("Waiting list: {title}")).format(title=event.title_text(language))
        body = render_to_string("coordination/email/registration.txt", context)
    message = EmailMultiAlternatives(subject, body, to=[registration.user.email])
    message.attach("event.ics", ical.single(event, language=language, base_url=base_url()), "text/calendar")
    if registration.status == "confirmed":
        message.attach(f"check-in-{registration.code}.png", qr.png(registration.code), "image/png")
    return message


def _zone_of(user):
    import zoneinfo

    try:
        return zoneinfo.ZoneInfo(getattr(user, "timezone", "") or settings.KORPU_DEFAULT_TIMEZONE)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo(settings.KORPU_DEFAULT_TIMEZONE)


# Digest texts, translated once per language per batch rather than once per recipient.
def _digest_strings(language: str, frequency: str) -> dict[str, str]:
    with translation.override(language):
        subjects: dict[str, str] = {
            Frequency.IMMEDIATE: _("News from Körpü"),
            Frequency.DAILY: _("Your daily Körpü digest"),
            Frequency.WEEKLY: _("Your weekly Körpü digest"),
        }
        return {
            "subject": subjects.get(frequency, _("News from Körpü")),
            "greeting": _("Hello {name},"),
            "intro": _("Here is what happened in your organisations:"),
            "announcement": _("Announcement"),
            "task": _("Task"),
            "event": _("Event"),
            "footer": _("You receive this because of your notification settings. Unsubscribe: {link}"),
        }


def build_messages(user_ids: Iterable, frequency: str) -> tuple[list[EmailMessage], list[int]]:
    """The digest e-mails for a batch of users, and the ids of the notifications they cover.

    Four queries per batch whatever its size: users, preferences, bounces, notifications.
    Unsubscribed users and dead addresses get nothing, but their notifications are consumed.
    """
    from korpu.accounts.models import User
    from korpu.coordination.services import dead_addresses

    ids = list(user_ids)
    users = {pk: (address, language, name) for pk, address, language, name in
             User.objects.filter(pk__in=ids, is_active=True).values_list("id", "email", "language", "display_name")}
    prefs = dict(NotificationPreference.objects.filter(user_id__in=ids).values_list("user_id", "unsubscribe_token"))
    missing = [uid for uid in users if uid not in prefs]
    if missing:
        created = NotificationPreference.objects.bulk_create(
            [NotificationPreference(user_id=uid) for uid in missing], batch_size=1000)
        prefs.update({p.user_id: p.unsubscribe_token for p in created})
    dead = dead_addresses(address for address, _language, _name in users.values())
    pending: dict = defaultdict(list)
    consumed: list[int] = []
    for row in (Notification.objects.filter(user_id__in=ids, sent_at__isnull=True)
                .order_by("created_at").values_list("id", "user_id", "kind", "subject", "url")):
        pending[row[1]].append(row)
        consumed.append(row[0])
    strings: dict[str, dict[str, str]] = {}
    site = base_url()
    messages: list[EmailMessage] = []
    for uid, items in pending.items():
        user = users.get(uid)
        if user is None or user[0].lower() in dead:
            continue
        address, language, name = user
        language = language if language in LANGUAGE_CODES else settings.LANGUAGE_CODE
        text = strings.get(language) or strings.setdefault(language, _digest_strings(language, frequency))
        token = prefs[uid]
        link = f"{site}/coordination/unsubscribe/{token}/"
        lines = [text["greeting"].format(name=name or address), "", text["intro"], ""]
        for _id, _uid, kind, subject, url in items:
            lines.append(f"• {text.get(kind, '')}: {in_language(subject, language)}")
            if url:
                lines.append(f"  {site}{url}")
        lines += ["", "-- ", text["footer"].format(link=link)]
        messages.append(DigestMessage(text["subject"], "\n".join(lines), to=[address],
                                      headers=unsubscribe_headers(token)))
    return messages, consumed
