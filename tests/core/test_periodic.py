from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.db import connection
from django_tasks_db.models import DBTaskResult

from korpu.core.models import PeriodicRun
from korpu.core.tasks import period_start, periodic_jobs, schedule_due

NOON = dt.datetime(2026, 11, 28, 12, 0, 5, tzinfo=dt.UTC)


def test_a_periodic_job_is_enqueued_once_per_period_however_often_workers_ask(db):
    # Ask again later but still inside the current period of every job (the shortest is a minute).
    shortest = min(job.every for job in periodic_jobs())
    assert shortest >= dt.timedelta(minutes=1)
    first = schedule_due(now=NOON, worker="a")
    second = schedule_due(now=NOON + shortest / 4, worker="b")
    assert "korpu.core.tasks.prune_task_results" in first
    assert second == []
    assert DBTaskResult.objects.filter(task_path="korpu.core.tasks.prune_task_results").count() == 1


def test_the_next_period_enqueues_the_job_again(db):
    schedule_due(now=NOON)
    again = schedule_due(now=NOON + dt.timedelta(days=1))
    assert "korpu.core.tasks.prune_task_results" in again
    assert PeriodicRun.objects.filter(name="korpu.core.tasks.prune_task_results").count() == 2


@pytest.mark.django_db(transaction=True)
def test_workers_racing_for_one_period_enqueue_one_job(db):
    results: list[list[str]] = []

    def worker(name):
        try:
            results.append(schedule_due(now=NOON, worker=name))
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(f"w{i}",)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    claims = [name for r in results for name in r if name == "korpu.core.tasks.prune_task_results"]
    assert len(claims) == 1
    assert DBTaskResult.objects.filter(task_path="korpu.core.tasks.prune_task_results").count() == 1


def test_periods_start_on_whole_multiples_of_their_length():
    assert period_start(NOON, dt.timedelta(hours=1)) == dt.datetime(2026, 11, 28, 12, tzinfo=dt.UTC)
    assert period_start(NOON, dt.timedelta(days=1)) == dt.datetime(2026, 11, 28, tzinfo=dt.UTC)
