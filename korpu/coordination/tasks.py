"""Background work: confirmation e-mails, immediate notifications and the daily and weekly
digests. Digests are cut into batches of recipients (one task per batch, bulk queries inside),
so 50,000 recipients are 50 tasks, not 50,000."""

from __future__ import annotations

import datetime as dt

from django.core.mail import mailers
from django.db.models import Exists, OuterRef, Q
from django.tasks import task
from django.utils import timezone

from korpu.core.tasks import periodic

BATCH_SIZE = 1000


@task
def send_registration_email(registration_id: str) -> bool:
    """Send a registration's confirmation (or waiting-list) e-mail."""
    from korpu.coordination import mail
    from korpu.coordination.models import Registration
    from korpu.coordination.services import dead_addresses

    registration = Registration.objects.select_related("event", "user").filter(pk=registration_id).first()
    if registration is None or registration.status == "cancelled":
        return False
    if registration.user.email.lower() in dead_addresses([registration.user.email]):
        return False
    mail.registration_message(registration).send()
    return True


def recipients_with_pending(frequency: str):
    """Ids of users with unsent notifications whose preference is `frequency` (daily by default)."""
    from korpu.accounts.models import User
    from korpu.coordination.models import Frequency, Notification, NotificationPreference

    pending = Notification.objects.filter(user_id=OuterRef("pk"), sent_at__isnull=True)
    users = User.objects.filter(Exists(pending), is_active=True)
    chosen = NotificationPreference.objects.filter(user_id=OuterRef("pk"))
    if frequency == Frequency.DAILY:
        users = users.filter(Q(Exists(chosen.filter(frequency=frequency))) | ~Exists(chosen))
    else:
        users = users.filter(Exists(chosen.filter(frequency=frequency)))
    return users.order_by("pk").values_list("pk", flat=True)


def fan_out(frequency: str, *, batch_size: int = BATCH_SIZE) -> int:
    """Enqueue one batch task per `batch_size` recipients; returns the number of batches."""
    ids = [str(pk) for pk in recipients_with_pending(frequency)]
    batches = 0
    for start in range(0, len(ids), batch_size):
        send_batch.enqueue(frequency, ids[start:start + batch_size])
        batches += 1
    return batches


@task
def send_batch(frequency: str, user_ids: list[str]) -> int:
    """Build and send the e-mails of one batch of recipients; mark their notifications sent."""
    from korpu.coordination import mail
    from korpu.coordination.models import Notification

    messages, consumed = mail.build_messages(user_ids, frequency)
    if messages:
        with mailers.default as connection:
            connection.send_messages(messages)
    for start in range(0, len(consumed), 5000):
        Notification.objects.filter(pk__in=consumed[start:start + 5000]).update(sent_at=timezone.now())
    return len(messages)


@task
def send_immediate() -> int:
    """Send pending notifications to those who want them at once."""
    return fan_out("immediate")


@periodic(every=dt.timedelta(days=1))
@task
def send_daily_digests() -> int:
    """Once a day: the daily digests."""
    return fan_out("daily")


@periodic(every=dt.timedelta(days=7))
@task
def send_weekly_digests() -> int:
    """Once a week: the weekly digests."""
    return fan_out("weekly")
