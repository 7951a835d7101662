"""Background work: embeddings of expert profiles, in resumable batches, with progress."""

from __future__ import annotations

import datetime as dt
import logging
from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import F, Q
from django.tasks import task
from django.utils import timezone

from korpu.core import audit
from korpu.core.models import AuditAction
from korpu.core.tasks import enqueue_on_commit, periodic

if TYPE_CHECKING:
    from korpu.expertise.models import EmbeddingRun

log = logging.getLogger(__name__)
BATCH = 128
# Bump the match index at most this often while a long run is writing vectors.
BUMP_EVERY = dt.timedelta(seconds=60)


def stale_profiles():
    """Profiles without an embedding, or whose embedding is of older text or another model."""
    from korpu.expertise.models import ExpertProfile

    return ExpertProfile.objects.filter(Q(embedding__isnull=True) | ~Q(embedding_hash=F("wanted_hash")))


def embed_rows(rows) -> int:
    """Embed the given profiles and store their vectors; returns how many were stored."""
    from korpu.embeddings import embed, model_name
    from korpu.expertise.models import ExpertProfile

    if not rows:
        return 0
    model = model_name()
    texts = [r.match_text() for r in rows]
    # Identical texts (imported or templated profiles) are embedded once.
    unique = list(dict.fromkeys(texts))
    by_text = dict(zip(unique, embed(unique), strict=True))
    vectors = [by_text[t] for t in texts]
    now = timezone.now()
    stored = 0
    with transaction.atomic():
        for row, vector in zip(rows, vectors, strict=True):
            # Only when the text has not changed since it was read (else the next batch redoes it).
            stored += ExpertProfile.objects.filter(pk=row.pk, wanted_hash=row.wanted_hash).update(
                embedding=vector.astype("float32").tobytes(), embedding_model=model,
                embedding_hash=row.wanted_hash, embedded_at=now)
    return stored


def do_start_embedding_run(*, actor) -> EmbeddingRun:
    """Start (or return the running) background pass over missing and stale embeddings."""
    from korpu.embeddings import model_name
    from korpu.expertise.models import EmbeddingRun

    with transaction.atomic():
        running = EmbeddingRun.objects.select_for_update().filter(finished_at__isnull=True, error="").first()
        if running is not None and running.updated_at > timezone.now() - dt.timedelta(minutes=10):
            return running
        if running is not None:
            running.error = "abandoned"
            running.save(update_fields=["error", "updated_at"])
        run = EmbeddingRun.objects.create(total=stale_profiles().count(), model=model_name())
        audit.record(actor=actor, action=AuditAction.CREATE, obj=run, changes={"total": run.total})
        enqueue_on_commit(embed_batch, str(run.pk))
    return run


def run_batch(run_id: str) -> bool:
    """Embed one batch for the run; True while more remain. Safe to call again after a crash."""
    from korpu.expertise import matching
    from korpu.expertise.models import EmbeddingRun, IndexVersion

    run = EmbeddingRun.objects.filter(pk=run_id).first()
    if run is None or run.finished_at or run.error:
        return False
    rows = list(stale_profiles().select_related(None).order_by("id")[:BATCH])
    if rows:
        stored = embed_rows(rows)
        EmbeddingRun.objects.filter(pk=run.pk).update(done=F("done") + stored, updated_at=timezone.now())
    more = len(rows) == BATCH
    last = IndexVersion.objects.filter(pk=1).values_list("changed_at", flat=True).first()
    if not more or last is None or last < timezone.now() - BUMP_EVERY:
        with transaction.atomic():
            matching.bump()
    if not more:
        EmbeddingRun.objects.filter(pk=run.pk).update(finished_at=timezone.now(), updated_at=timezone.now())
    return more


@task
def embed_batch(run_id: str) -> int:
    """One batch, then the next one is enqueued: a stopped worker loses at most one batch."""
    try:
        more = run_batch(run_id)
    except Exception as exc:
        from korpu.expertise.models import EmbeddingRun

        log.exception("embedding batch failed")
        EmbeddingRun.objects.filter(pk=run_id).update(error=str(exc)[:500], updated_at=timezone.now())
        raise
    if more:
        embed_batch.enqueue(run_id)
    return int(more)


@task
def embed_profiles(profile_ids: list[str]) -> int:
    """Embed a few profiles just saved (so a new expert is matched by meaning within seconds)."""
    from korpu.expertise import matching

    rows = list(stale_profiles().filter(pk__in=profile_ids))
    stored = embed_rows(rows)
    if stored:
        with transaction.atomic():
            matching.bump()
    return stored


@periodic(every=dt.timedelta(minutes=15))
@task
def resume_embeddings() -> str:
    """Pick up profiles left without a current embedding (a crash, a model change)."""
    if not stale_profiles().exists():
        return ""
    run = do_start_embedding_run(actor="system")
    return str(run.pk)


# --- The expert's digest ---------------------------------------------------------------------------
DIGEST_BATCH = 500


@periodic(every=dt.timedelta(days=1))
@task
def send_expert_digests() -> int:
    """Once a day (one worker claims the day): one batch task per 500 experts who asked for the digest."""
    from korpu.expertise.selectors import digest_recipients

    ids = [str(pk) for pk in digest_recipients()]
    for start in range(0, len(ids), DIGEST_BATCH):
        send_digest_batch.enqueue(ids[start:start + DIGEST_BATCH])
    return (len(ids) + DIGEST_BATCH - 1) // DIGEST_BATCH


@task
def send_digest_batch(profile_ids: list[str]) -> int:
    """E-mail each expert of the batch the open needs they fit and were not sent before."""
    from django.core.mail import mailers

    from korpu.expertise import mail
    from korpu.expertise.services import do_record_digest_sent

    digests = mail.digests_for(profile_ids)
    if not digests:
        return 0
    messages = [mail.message(d) for d in digests]
    with mailers.default as connection:
        connection.send_messages(messages)
    # Recorded after sending: a crash in between sends a need twice rather than never.
    do_record_digest_sent(actor="system", sent=[(d.profile.pk, need.pk) for d in digests for need, _s in d.needs])
    return len(messages)
