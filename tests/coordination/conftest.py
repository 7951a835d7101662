"""Fixtures of the coordination tests: organisations A and B with events, registrations,
a campaign with a task, and an announcement; background tasks run at once."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone


@pytest.fixture(autouse=True)
def _immediate_tasks(settings):
    """Tasks run inside the request that enqueues them (on commit)."""
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    from django.core.cache import cache

    cache.clear()


def soon(days: int = 7, hours: int = 0) -> dt.datetime:
    return (timezone.now() + dt.timedelta(days=days, hours=hours)).replace(microsecond=0)


def make_event(organisers, *, days: int = 7, **extra):
    from korpu.coordination.services import do_create_event

    data = dict(kind="cultural", title={"en": "Novruz evening", "az": "Novruz axşamı", "ar": "أمسية نوروز"},
                description={"en": "<p>Music and <b>food</b></p>"}, starts_at=soon(days), ends_at=soon(days, 3),
                timezone="Europe/Berlin", venue="Kulturhaus", city="Berlin", visibility="public")
    data.update(extra)
    return do_create_event(actor="system", organisers=organisers, **data)


@pytest.fixture
def event(org_a):
    """A public event of organisation A, next week."""
    return make_event([org_a])


@pytest.fixture
def members_event(org_a):
    """A members-only event of organisation A."""
    return make_event([org_a], title={"en": "General assembly"}, visibility="members")


@pytest.fixture
def event_b(org_b):
    """A members-only event of organisation B."""
    return make_event([org_b], title={"en": "Lyon board meeting"}, visibility="members")


@pytest.fixture
def registration(event, member):
    from korpu.coordination.services import do_register

    return do_register(actor=member, event=event)


@pytest.fixture
def campaign(org_a):
    from korpu.coordination.services import do_create_campaign

    return do_create_campaign(actor="system", title={"en": "Khojaly remembrance week"}, lead_organisation=org_a)


@pytest.fixture
def task(campaign, org_a):
    from korpu.coordination.services import do_create_task

    return do_create_task(actor="system", title="Book the hall", description="", assignee_organisation=org_a,
                          due=timezone.localdate() + dt.timedelta(days=3), campaign=campaign)


@pytest.fixture
def announcement(org_a, org_b):
    from korpu.coordination.services import do_send_announcement

    return do_send_announcement(actor="system", title={"en": "Congress dates", "ru": "Даты конгресса"},
                                body={"en": "<p>The congress meets in May.</p>", "ru": "<p>Конгресс в мае.</p>"})
