"""Joint campaigns and tasks: the service other apps call, the board, my tasks, overdue flags."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from korpu.coordination.models import Task
from korpu.coordination.services import do_create_task, do_join_campaign, do_set_task_status
from korpu.core.errors import PermissionDenied, ValidationFailed


def test_another_app_creates_a_task_through_the_service(org_a):
    task = do_create_task(actor="system", title="Answer the article in Le Monde", description="<b>urgent</b><script>x</script>",
                          assignee_organisation=org_a, source_ref="media:alert:42")
    assert task.status == "todo" and task.source_ref == "media:alert:42"
    assert task.description == "<b>urgent</b>"


def test_a_task_needs_an_assignee(org_a):
    with pytest.raises(ValidationFailed):
        do_create_task(actor="system", title="Nobody's", description="")


def test_officers_cannot_assign_tasks_to_organisations_outside_their_reach(officer, org_b):
    with pytest.raises(PermissionDenied):
        do_create_task(actor=officer, title="X", description="", assignee_organisation=org_b)
    assert Task.objects.count() == 0


def test_campaign_participants_assign_tasks_to_each_other(officer, campaign, org_b):
    do_join_campaign(actor="system", campaign=campaign, organisation=org_b)
    task = do_create_task(actor=officer, title="Flyers for Lyon", description="", assignee_organisation=org_b,
                          campaign=campaign)
    assert task.campaign == campaign


def test_overdue_tasks_are_flagged_on_my_tasks(client_for, editor, org_a):
    do_create_task(actor="system", title="Late one", description="", assignee_organisation=org_a,
                   due=timezone.localdate() - dt.timedelta(days=2))
    body = client_for(editor).get("/coordination/tasks/").content.decode()
    assert "Late one" in body and "Overdue" in body


def test_the_board_shows_tasks_by_status(client_for, officer, task):
    do_set_task_status(actor=officer, task=task, status="doing")
    response = client_for(officer).get(f"/coordination/campaigns/{task.campaign_id}/")
    assert "Book the hall" in response.content.decode()
    assert response.context["columns"][1][2] == [task]


def test_unknown_status_is_refused(officer, task):
    with pytest.raises(ValidationFailed):
        do_set_task_status(actor=officer, task=task, status="someday")


def test_comments_and_status_through_the_api(client_for, editor, task):
    client = client_for(editor)
    assert client.post(f"/api/v1/tasks/{task.pk}/comments", {"body": "Booked."}, content_type="application/json").status_code == 201
    response = client.patch(f"/api/v1/tasks/{task.pk}", {"status": "done"}, content_type="application/json")
    assert response.status_code == 200 and response.json()["status"] == "done"


def test_other_organisations_do_not_see_the_task(client_for, other_officer, task):
    assert client_for(other_officer).get(f"/api/v1/tasks/{task.pk}").status_code == 404
