"""Background work: enqueue-on-commit, periodic jobs declared once, and core's own jobs.

Tasks take ids, never model instances, and are enqueued when the transaction that produced their
work commits (or, on hot paths, inside it when tasks are rows of the same database:
`enqueue_with_write`), so a worker never sees a row that is not there yet.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.tasks import Task, task
from django.utils import timezone

from korpu.core.models import PeriodicRun

log = logging.getLogger(__name__)


def enqueue_on_commit(job: Task, *args, **kwargs) -> None:
    """Enqueue `job` once the current transaction commits (at once outside a transaction)."""
    transaction.on_commit(lambda: job.enqueue(*args, **kwargs))


def enqueue_with_write(job: Task, *args, **kwargs) -> None:
    """Enqueue `job` inside the current transaction when tasks are rows of the same database
    (django-tasks-db): the task row commits, or rolls back, with the write, workers still see it
    only after the commit, and a hot path pays one commit instead of two. Any other backend may run
    the task at once, so there it waits for the commit as `enqueue_on_commit` does."""
    from django_tasks_db import DatabaseBackend

    if isinstance(job.get_backend(), DatabaseBackend):
        job.enqueue(*args, **kwargs)
    else:
        enqueue_on_commit(job, *args, **kwargs)


@dataclass(frozen=True)
class PeriodicJob:
    name: str
    job: Task
    every: dt.timedelta


_periodic: dict[str, PeriodicJob] = {}


def periodic(*, every: dt.timedelta):
    """Declare a task to run once per `every`, however many workers run."""

    def register(job: Task) -> Task:
        name = job.module_path
        _periodic[name] = PeriodicJob(name, job, every)
        return job

    return register


def periodic_jobs() -> list[PeriodicJob]:
    return list(_periodic.values())


def period_start(now: dt.datetime, every: dt.timedelta) -> dt.datetime:
    """The start of the period that contains `now`, periods counted from the Unix epoch."""
    epoch = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
    seconds = int(every.total_seconds())
    elapsed = int((now - epoch).total_seconds())
    return epoch + dt.timedelta(seconds=elapsed - elapsed % seconds)


def schedule_due(*, now: dt.datetime | None = None, worker: str = "") -> list[str]:
    """Enqueue every periodic job whose current period has not been claimed yet.

    Claiming is an insert into a table with a unique (name, period) constraint: with many workers
    on many hosts exactly one insert wins, so each job runs once per period.
    """
    now = now or timezone.now()
    started: list[str] = []
    for item in periodic_jobs():
        start = period_start(now, item.every)
        try:
            with transaction.atomic():
                PeriodicRun.objects.create(name=item.name, period_start=start, worker=worker[:100])
                item.job.enqueue()
        except IntegrityError:
            continue
        started.append(item.name)
    return started


@periodic(every=dt.timedelta(days=1))
@task
def prune_task_results() -> int:
    """Delete finished task results older than 14 days and periodic-run claims older than 30."""
    from django_tasks_db.models import DBTaskResult

    cutoff = timezone.now() - dt.timedelta(days=14)
    deleted, _ = DBTaskResult.objects.finished().filter(finished_at__lt=cutoff).delete()
    PeriodicRun.objects.filter(period_start__lt=timezone.now() - dt.timedelta(days=30)).delete()
    return deleted


def queue_lag() -> dict[str, float | int]:
    """Tasks ready to run and the age in seconds of the oldest of them."""
    from django_tasks_db.models import DBTaskResult

    ready = DBTaskResult.objects.ready()
    oldest = ready.order_by("enqueued_at").values_list("enqueued_at", flat=True).first()
    lag = (timezone.now() - oldest).total_seconds() if oldest else 0.0
    return {"ready": ready.count(), "oldest_ready_seconds": round(max(lag, 0.0), 3)}
