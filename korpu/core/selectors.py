"""Reads of core's tables."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from korpu.core.models import AuditEntry


def audit_entries(filters: dict[str, Any]) -> QuerySet[AuditEntry]:
    """Audit rows matching the filters, newest first; the actor is loaded with them."""
    qs = AuditEntry.objects.all()
    if filters.get("actor"):
        qs = qs.filter(actor_label__icontains=filters["actor"])
    if filters.get("action"):
        qs = qs.filter(action=filters["action"])
    if filters.get("object_type"):
        qs = qs.filter(object_type=filters["object_type"])
    if filters.get("object_id"):
        qs = qs.filter(object_id=filters["object_id"])
    if filters.get("since"):
        qs = qs.filter(at__date__gte=filters["since"])
    if filters.get("until"):
        qs = qs.filter(at__date__lte=filters["until"])
    return qs.order_by("-at", "-id")


def audit_object_types() -> list[str]:
    return list(AuditEntry.objects.order_by().values_list("object_type", flat=True).distinct())
