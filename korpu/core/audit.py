"""Writing the audit log. Services call `record` inside their transaction."""

from __future__ import annotations

import datetime as dt
import decimal
import uuid
from collections.abc import Iterable
from typing import Any

from django.db import models

from korpu.core import context
from korpu.core.models import AuditAction, AuditEntry

REDACTED = "[redacted]"


def _plain(value: Any) -> Any:
    """A JSON-safe form of a field value."""
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, models.Model):
        return str(value.pk)
    if isinstance(value, (uuid.UUID, decimal.Decimal)):
        return str(value)
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [_plain(v) for v in value]
    return str(value)


def snapshot(instance: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    """Values of `fields` on `instance`, ready to diff after a change."""
    return {name: _plain(getattr(instance, _attname(instance, name))) for name in fields}


def _attname(instance: models.Model, name: str) -> str:
    field = instance._meta.get_field(name)
    return getattr(field, "attname", name)


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """{field: [old, new]} for every field whose value changed."""
    return {k: [before.get(k), after.get(k)] for k in after if before.get(k) != after.get(k)}


def object_type_of(obj: models.Model | type[models.Model]) -> str:
    return obj._meta.label_lower


def record(
    *,
    actor: Any,
    action: str | AuditAction,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: Any = "",
    object_repr: str = "",
    changes: dict[str, Any] | None = None,
    message: str = "",
) -> AuditEntry:
    """Append one audit row; call it inside the service's transaction."""
    info = context.current()
    if obj is not None:
        object_type = object_type or object_type_of(obj)
        object_id = object_id or obj.pk
        object_repr = object_repr or str(obj)[:300]
    is_user = actor is not None and getattr(actor, "is_authenticated", False)
    label = ""
    if is_user:
        label = getattr(actor, "email", "") or str(actor)
    elif isinstance(actor, str):
        label = actor
    return AuditEntry.objects.create(
        actor=actor if is_user else None,
        actor_label=label[:320],
        action=str(action),
        object_type=object_type,
        object_id=str(object_id or "")[:64],
        object_repr=object_repr[:300],
        changes=_plain(changes or {}),
        message=message[:500],
        ip_address=info.ip_address,
        request_id=info.request_id,
    )


def record_read(*, actor: Any, obj: models.Model) -> AuditEntry:
    """Record that `actor` read a person's record."""
    return record(actor=actor, action=AuditAction.READ, obj=obj)


def redact_values(*, object_type: str, object_id: Any, values: Iterable[str]) -> int:
    """Replace personal values in the audit rows about one object (used by erasure only).

    This is the one sanctioned change to old audit rows: the fact that something happened stays,
    the personal data it carried goes.
    """
    needles = {v for v in values if v}
    count = 0
    for entry in AuditEntry.objects.filter(object_type=object_type, object_id=str(object_id)).iterator():
        changes = _redact(entry.changes, needles)
        models.QuerySet.update(
            AuditEntry.objects.filter(pk=entry.pk),
            changes=changes,
            object_repr=REDACTED,
        )
        count += 1
    return count


def _redact(value: Any, needles: set[str]) -> Any:
    if isinstance(value, dict):
        return {k: _redact(v, needles) for k, v in value.items()}
    if isinstance(value, list):
        return [_redact(v, needles) for v in value]
    if isinstance(value, str) and (value in needles or any(n in value for n in needles)):
        return REDACTED
    return value
