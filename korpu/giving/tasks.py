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
