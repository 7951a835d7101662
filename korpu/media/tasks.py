"""Background work: feeds polled periodically (politely, conditionally), alert digests."""

from __future__ import annotations

import datetime as dt
import os

from django.tasks import task
from django.utils import timezone

from korpu.core.tasks import periodic

POLL_EVERY = dt.timedelta(minutes=int(os.environ.get("KORPU_MEDIA_POLL_MINUTES", "15")))


@periodic(every=POLL_EVERY)
@task
def poll_sources() -> int:
    """Poll every active source once; one request per host every few seconds (fetch.wait_for_host).

    Unhealthy sources are retried too, but at most once an hour, so a dead feed costs little."""
    from korpu.media.models import Source
    from korpu.media.services import poll_source

    stored = 0
    hour_ago = timezone.now() - dt.timedelta(hours=1)
    for source in Source.objects.filter(active=True).select_related("outlet").order_by("last_polled_at"):
        if not source.healthy and source.last_polled_at and source.last_polled_at > hour_ago:
            continue
        stored += poll_source(source)
    return stored


@task
def poll_source(source_id: str) -> int:
    """Poll one source now (the "poll now" button)."""
    from korpu.media.models import Source
    from korpu.media.services import poll_source as poll

    source = Source.objects.filter(pk=source_id).first()
    return poll(source) if source is not None else 0


@periodic(every=dt.timedelta(days=1))
@task
def send_alert_digests() -> int:
    """E-mail the day's alerts of saved searches set to a daily digest."""
    from korpu.media.services import send_digests

    return send_digests()
