"""Reads of the registry that other apps rely on."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import F, OuterRef, Subquery

from korpu.network.models import Consent, ConsentPurpose


def has_consent(person_id, purpose: str | ConsentPurpose) -> bool:
    """Is `purpose` consented by the person now (newest decision wins; no decision means no)?"""
    newest = (
        Consent.objects.filter(person_id=person_id, purpose=str(purpose))
        .order_by("-decided_at", "-created_at")
        .values_list("granted", flat=True)
        .first()
    )
    return bool(newest)


def consenting(person_ids: Iterable, purpose: str | ConsentPurpose) -> set:
    """The subset of `person_ids` whose newest decision on `purpose` is yes (one query)."""
    ids = list(person_ids)
    if not ids:
        return set()
    newest = Consent.objects.filter(person_id=OuterRef("person_id"), purpose=str(purpose)).order_by(
        "-decided_at", "-created_at"
    )
    rows = (
        Consent.objects.filter(person_id__in=ids, purpose=str(purpose))
        .annotate(newest_id=Subquery(newest.values("id")[:1]))
        .filter(id=F("newest_id"), granted=True)
        .values_list("person_id", flat=True)
    )
    return set(rows)

