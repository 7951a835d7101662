from __future__ import annotations

import pytest
from django.core.management import call_command
from django.db import transaction
from django_tasks_db.models import DBTaskResult

from korpu.core.tasks import enqueue_on_commit, prune_task_results


@pytest.mark.django_db(transaction=True)
def test_a_task_is_not_enqueued_when_its_transaction_rolls_back():
    with pytest.raises(RuntimeError), transaction.atomic():
        enqueue_on_commit(prune_task_results)
        raise RuntimeError("the service failed")
    assert DBTaskResult.objects.count() == 0


@pytest.mark.django_db(transaction=True)
def test_a_task_enqueued_on_commit_is_run_by_the_worker():
    with transaction.atomic():
        enqueue_on_commit(prune_task_results)
        assert DBTaskResult.objects.count() == 0
    assert DBTaskResult.objects.ready().count() == 1
    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0, interval=0.05)
    result = DBTaskResult.objects.get()
    assert result.status == "SUCCESSFUL"
    assert result.return_value == 0


def test_healthz_answers_while_the_database_does_and_reports_queue_lag(client, db):
    prune_task_results.enqueue()
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["queue"]["ready"] == 1
    assert body["queue"]["oldest_ready_seconds"] >= 0
