"""Advocacy's background work: confirmation e-mails and letter delivery (ids only)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.mail import EmailMessage
from django.tasks import task
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from korpu.core import links
from korpu.core.tasks import periodic

UNCONFIRMED_DAYS = 30


def _site() -> str:
    return links.base_url()


@task
def send_signature_confirmation(signature_id: int, language: str = "en") -> bool:
    """E-mail the confirmation link of a pending signature."""
    from korpu.advocacy.models import Signature
    from korpu.advocacy.services import token_for

    signature = Signature.objects.select_related("action").filter(pk=signature_id).first()
    if signature is None or signature.confirmed_at is not None:
        return False
    with translation.override(language if language in dict(settings.LANGUAGES) else "en"):
        link = _site() + reverse("advocacy:confirm", args=[token_for(signature.nonce)])
        context = {"name": signature.name, "title": signature.action.title_in(language), "link": link}
        subject = render_to_string("advocacy/email/confirm_signature_subject.txt", context).strip()
        body = render_to_string("advocacy/email/confirm_signature.txt", context)
    EmailMessage(subject, body, to=[signature.email]).send()
    return True


@task
def send_letter_confirmation(letter_id: str) -> bool:
    """E-mail the supporter the link that releases their letter."""
    from korpu.advocacy.models import Letter, LetterStatus
    from korpu.advocacy.services import token_for

    letter = Letter.objects.select_related("official", "action").filter(pk=letter_id).first()
    if letter is None or letter.status != LetterStatus.PENDING or not letter.email:
        return False
    with translation.override(letter.language if letter.language in dict(settings.LANGUAGES) else "en"):
        link = _site() + reverse("advocacy:confirm_letter", args=[token_for(letter.nonce)])
        context = {"name": letter.name, "official": letter.official.name, "link": link}
        subject = render_to_string("advocacy/email/confirm_letter_subject.txt", context).strip()
        body = render_to_string("advocacy/email/confirm_letter.txt", context)
    EmailMessage(subject, body, to=[letter.email]).send()
    return True


@task
def deliver_letter(letter_id: str) -> bool:
    """Send a confirmed letter to the official (reply-to the supporter), then drop the supporter's data."""
    from korpu.advocacy.models import Letter, LetterStatus
    from korpu.advocacy.services import do_mark_letter_sent

    letter = Letter.objects.select_related("official", "action").filter(pk=letter_id).first()
    if letter is None or letter.status != LetterStatus.CONFIRMED or not letter.official.email:
        return False
    subject = letter.action.title_in(letter.language) or letter.official.name
    EmailMessage(subject, letter.text, to=[letter.official.email], reply_to=[letter.email]).send()
    do_mark_letter_sent(letter=letter)
    return True


@periodic(every=dt.timedelta(days=1))
@task
def prune_unconfirmed() -> int:
    """Delete signatures and letters whose sender never confirmed within 30 days (they never counted)."""
    from django.utils import timezone

    from korpu.advocacy.models import Letter, LetterStatus, Signature

    cutoff = timezone.now() - dt.timedelta(days=UNCONFIRMED_DAYS)
    signatures = Signature.objects.filter(confirmed_at__isnull=True, created_at__lt=cutoff).delete()[0]
    letters = Letter.objects.filter(status=LetterStatus.PENDING, created_at__lt=cutoff).delete()[0]
    return signatures + letters
