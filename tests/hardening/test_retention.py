"""Retention: periods per kind, set by the committee, enforced through each app's purge service."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db.models import Q
from django.utils import timezone

from korpu.core import retention
from korpu.core.models import AuditEntry, PeriodicRun

pytestmark = pytest.mark.django_db


def audit_row(days_ago: int, action: str = "update", object_id: str = "x") -> AuditEntry:
    return AuditEntry.objects.create(at=timezone.now() - dt.timedelta(days=days_ago), action=action,
                                     object_type="hardening.thing", object_id=object_id, actor_label="t")


def test_audit_entries_older_than_the_committee_period_are_purged_and_the_purge_is_audited(settings):
    settings.KORPU_RETENTION_DAYS = {"audit_entries": 30, "audit_reads": 10}
    old, recent = audit_row(40, object_id="old"), audit_row(5, object_id="recent")
    old_read, new_read = audit_row(11, "read", "old-read"), audit_row(9, "read", "new-read")
    counts = retention.enforce(kinds=["audit_entries", "audit_reads"])
    assert counts == {"audit_entries": 1, "audit_reads": 1}
    left = set(AuditEntry.objects.filter(object_type="hardening.thing").values_list("object_id", flat=True))
    assert left == {"recent", "new-read"}
    assert not AuditEntry.objects.filter(pk__in=[old.pk, old_read.pk]).exists()
    assert recent.pk and new_read.pk
    trail = AuditEntry.objects.filter(actor_label="retention", action="delete")
    assert {e.changes["kind"] for e in trail} == {"audit_entries", "audit_reads"}


def test_a_kind_the_committee_keeps_forever_is_not_touched(settings, monkeypatch):
    settings.KORPU_RETENTION_DAYS = {"audit_entries": 30}
    monkeypatch.setenv("KORPU_RETENTION_DAYS", "audit_entries=keep")
    audit_row(4000)
    assert retention.days_for("audit_entries") is None
    assert retention.enforce(kinds=["audit_entries"]) == {"audit_entries": 0}
    assert AuditEntry.objects.filter(object_type="hardening.thing").count() == 1


def test_environment_sets_periods_as_json_too(monkeypatch):
    monkeypatch.setenv("KORPU_RETENTION_DAYS", '{"audit_reads": 90}')
    assert retention.days_for("audit_reads") == 90
    assert retention.days_for("audit_entries") == 3650  # the default


def test_an_apps_purge_service_gets_only_rows_past_their_period_and_matching_its_filter(settings):
    calls = []

    def purge(queryset, *, actor):
        calls.append(actor)
        names = sorted(queryset.values_list("name", flat=True))
        calls.append(names)
        return len(names)

    now = timezone.now()
    for name, days in [("unconfirmed:a", 20), ("unconfirmed:b", 2), ("confirmed:c", 20)]:
        PeriodicRun.objects.create(name=name, period_start=now - dt.timedelta(days=days))
    retention.register_retention("hardening_unconfirmed", PeriodicRun, "period_start", 14,
                                 filter=Q(name__startswith="unconfirmed:"), purge=purge)
    try:
        assert retention.enforce(kinds=["hardening_unconfirmed"], dry_run=True) == {"hardening_unconfirmed": 1}
        assert retention.enforce(kinds=["hardening_unconfirmed"]) == {"hardening_unconfirmed": 1}
    finally:
        retention.unregister_retention("hardening_unconfirmed")
    assert calls == ["retention", ["unconfirmed:a"]]


def test_one_failing_purge_does_not_stop_the_others(settings):
    settings.KORPU_RETENTION_DAYS = {"audit_entries": 30}
    audit_row(40)

    def broken(queryset, *, actor):
        raise RuntimeError("app bug")

    retention.register_retention("hardening_broken", "core.PeriodicRun", "period_start", 1, purge=broken)
    try:
        counts = retention.enforce(kinds=["hardening_broken", "audit_entries"])
    finally:
        retention.unregister_retention("hardening_broken")
    assert counts == {"audit_entries": 1}


def test_every_registered_kind_names_a_real_model_and_date_field():
    """Whatever apps have registered by now must be queryable."""
    for rule in retention.rules():
        model = rule.model_class()
        assert model is not None, rule.kind
        retention.due(rule.kind).count()  # raises FieldError on a wrong date field or filter


def test_the_daily_job_is_registered():
    from korpu.core.tasks import periodic_jobs

    assert any(job.name.endswith("retention.enforce_retention") for job in periodic_jobs())
