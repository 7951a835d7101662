"""The confirmation e-mail of a signature is a task row written in the signature's own transaction
(django-tasks-db): it commits, or rolls back, with the signature."""

import pytest
from django.db import transaction
from django_tasks_db.models import DBTaskResult

from korpu.advocacy import services

TASK = "korpu.advocacy.tasks.send_signature_confirmation"


def queued(signature) -> int:
    return sum(1 for row in DBTaskResult.objects.filter(task_path=TASK) if row.args_kwargs["args"][0] == signature.pk)


def test_signing_queues_one_confirmation_email_with_the_signature(petition):
    signature, created = services.do_sign_petition(action=petition, name="Leyla Hüseynova",
                                                   email="leyla@example.org", language="az")
    assert created
    row = DBTaskResult.objects.get(task_path=TASK)
    assert row.args_kwargs["args"] == [signature.pk, "az"]


def test_signing_again_queues_the_link_again(petition, django_capture_on_commit_callbacks):
    signature, _created = services.do_sign_petition(action=petition, name="Leyla Hüseynova",
                                                    email="leyla@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        services.do_sign_petition(action=petition, name="Leyla Hüseynova", email="leyla@example.org")
    assert queued(signature) == 2


def test_a_rolled_back_signature_leaves_no_email_to_send(petition):
    class Abort(Exception):
        pass

    with pytest.raises(Abort), transaction.atomic():
        services.do_sign_petition(action=petition, name="Leyla Hüseynova", email="leyla@example.org")
        raise Abort
    assert not DBTaskResult.objects.filter(task_path=TASK).exists()
