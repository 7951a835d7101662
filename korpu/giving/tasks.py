"""Background work: receipts (PDF, e-mailed) after the gift, never in the intake path."""

from __future__ import annotations

import datetime as dt

from django.tasks import task

from korpu.core.tasks import periodic


@task
def issue_receipt(gift_id: str) -> str:
    """Number, render and e-mail the receipt of one gift (idempotent)."""
    from korpu.giving.receipts import do_issue_receipt

    receipt = do_issue_receipt(actor="system", gift_id=gift_id, send=True)
    return str(receipt.pk) if receipt else ""


@periodic(every=dt.timedelta(days=1))
@task
def lapse_old_pledges() -> int:
    """Void phone pledges still unpaid 90 days after the campaign ended."""
    from django.utils import timezone

    from korpu.giving.models import Pledge, PledgeStatus
    from korpu.giving.services import do_lapse_pledge

    cutoff = timezone.now() - dt.timedelta(days=90)
    count = 0
    for pledge in Pledge.objects.filter(status=PledgeStatus.OPEN, campaign__ends_at__lt=cutoff)[:1000]:
        do_lapse_pledge(actor="system", pledge=pledge)
        count += 1
    return count


@periodic(every=dt.timedelta(minutes=1))
@task
def book_sponsor_matches() -> int:
    """Book sponsors' matches for the challenges of running (or just ended) campaigns: off the
    donation intake path, incremental and idempotent (see services.do_book_matches)."""
    from django.db.models import F
    from django.utils import timezone

    from korpu.giving.models import Challenge
    from korpu.giving.services import do_book_matches

    recent = timezone.now() - dt.timedelta(days=90)
    booked = 0
    open_bands = Challenge.objects.filter(campaign__ends_at__gte=recent, matched_minor__lt=F("target_minor"))
    for challenge in open_bands.order_by("campaign_id", "from_minor")[:1000]:
        if do_book_matches(actor="system", challenge=challenge) is not None:
            booked += 1
    return booked
