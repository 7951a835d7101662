"""Retention periods per kind of record, set by the committee, enforced by a daily job.

Apps declare their kinds in `AppConfig.ready()`:

    from korpu.core.retention import register_retention
    register_retention("event_registrations", "coordination.Registration", "event__ends_at",
                       default_days=365, filter=Q(status="attended") | Q(status="cancelled"),
                       purge=services.do_purge_registrations, label=_("Event registrations"))

`purge(queryset, *, actor) -> int` is the app's own service: it deletes or anonymises the rows
it is handed (keeping ledgers and totals whole) and returns how many it handled. Without one,
rows are deleted in batches.

The committee's periods live in `settings.KORPU_RETENTION_DAYS` (a dict kind → days) or the
environment variable of the same name (JSON, or "kind=days,kind=days"); 0 or "keep" keeps a kind
forever. Each run writes one audit row per kind it purged.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import logging
import os
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.conf import settings
from django.db import models, transaction
from django.db.models import Q
from django.tasks import task
from django.utils import timezone

from korpu.core.tasks import periodic

log = logging.getLogger(__name__)
BATCH = 500
ACTOR = "retention"


@dataclass(frozen=True)
class RetentionRule:
    kind: str
    model: str  # "app_label.ModelName"
    date_field: str
    default_days: int | None
    filter: Q | None = None
    purge: Callable[..., int] | None = None
    label: Any = ""

    def model_class(self) -> type[models.Model]:
        return apps.get_model(self.model)


_registry: dict[str, RetentionRule] = {}


def register_retention(kind: str, model: str | type[models.Model], date_field: str, default_days: int | None, *,
                       filter: Q | None = None, purge: Callable[..., int] | None = None, label: Any = "") -> None:
    """Declare that rows of `model` whose `date_field` is older than the period are purged."""
    label_lower = model if isinstance(model, str) else model._meta.label
    _registry[kind] = RetentionRule(kind, label_lower, date_field, default_days, filter, purge, label or kind)


def unregister_retention(kind: str) -> None:
    _registry.pop(kind, None)


def rules() -> list[RetentionRule]:
    return sorted(_registry.values(), key=lambda r: r.kind)


def _configured() -> dict[str, Any]:
    merged: dict[str, Any] = dict(getattr(settings, "KORPU_RETENTION_DAYS", {}) or {})
    raw = os.environ.get("KORPU_RETENTION_DAYS", "").strip()
    if raw.startswith("{"):
        merged.update(json.loads(raw))
    elif raw:
        merged.update(dict(item.split("=", 1) for item in raw.split(",") if "=" in item))
    return merged


def days_for(kind: str) -> int | None:
    """The committee's period for `kind` in days, or None to keep forever."""
    rule = _registry.get(kind)
    value = _configured().get(kind, rule.default_days if rule else None)
    if value in (None, "", "keep", "forever"):
        return None
    days = int(value)
    return days if days > 0 else None


def due(kind: str, *, now: dt.datetime | None = None) -> models.QuerySet:
    """The rows of `kind` past their period (an empty queryset when the kind is kept forever)."""
    rule = _registry[kind]
    model = rule.model_class()
    days = days_for(kind)
    if days is None:
        return model._default_manager.none()
    cutoff = (now or timezone.now()) - dt.timedelta(days=days)
    queryset = model._default_manager.filter(**{f"{rule.date_field}__lt": cutoff})
    if rule.filter is not None:
        queryset = queryset.filter(rule.filter)
    return queryset


def _delete_in_batches(queryset: models.QuerySet, *, actor: Any) -> int:
    total = 0
    model = queryset.model
    while True:
        ids = list(queryset.values_list("pk", flat=True)[:BATCH])
        if not ids:
            return total
        with transaction.atomic():
            # QuerySet.delete of the base class: a model's own guard (e.g. the append-only audit
            # log) forbids deletion by hand, retention is the sanctioned exception.
            models.QuerySet.delete(model._base_manager.filter(pk__in=ids))
        total += len(ids)


def enforce(*, now: dt.datetime | None = None, dry_run: bool = False, kinds: list[str] | None = None) -> dict[str, int]:
    """Purge every kind's rows past their period; {kind: rows handled} (counted only on dry run)."""
    from korpu.core import audit
    from korpu.core.models import AuditAction

    now = now or timezone.now()
    result: dict[str, int] = {}
    for rule in rules():
        if kinds is not None and rule.kind not in kinds:
            continue
        queryset = due(rule.kind, now=now)
        if dry_run:
            result[rule.kind] = queryset.count()
            continue
        purge = rule.purge or _delete_in_batches
        try:
            count = int(purge(queryset, actor=ACTOR) or 0)
        except Exception:  # one app's failure must not stop the others' retention
            log.exception("retention of %s failed", rule.kind)
            continue
        result[rule.kind] = count
        if count:
            with transaction.atomic():
                audit.record(actor=ACTOR, action=AuditAction.DELETE, object_type=rule.model.lower(),
                             changes={"kind": rule.kind, "rows": count, "days": days_for(rule.kind)},
                             message=f"retention: {count} {rule.kind} older than {days_for(rule.kind)} days")
    return result


@periodic(every=dt.timedelta(days=1))
@task
def enforce_retention() -> dict[str, int]:
    """The daily retention run."""
    return enforce()


# --- core's own kinds ----------------------------------------------------------------------------
# Audit entries are kept ten years by default (a charity's books and their trail); the committee
# may shorten or lengthen it. Reads of a person's record are personal data in themselves: two years.
register_retention("audit_entries", "core.AuditEntry", "at", 3650, filter=~Q(action="read"), label="audit entries")
register_retention("audit_reads", "core.AuditEntry", "at", 730, filter=Q(action="read"), label="audit reads")


def retention_main(argv: list[str]) -> int:
    """`korpu retention [--dry-run]`: show the periods, and purge what is past them."""
    parser = argparse.ArgumentParser(prog="korpu retention", description="Apply the retention periods.")
    parser.add_argument("--dry-run", action="store_true", help="count what would be purged, change nothing")
    args = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "korpu.settings")
    import django

    django.setup()
    counts = enforce(dry_run=args.dry_run)
    for rule in rules():
        days = days_for(rule.kind)
        period = f"{days} days" if days else "kept"
        print(f"{rule.kind:30} {period:>12}  {counts.get(rule.kind, 0):>8} {'due' if args.dry_run else 'purged'}")
    return 0
