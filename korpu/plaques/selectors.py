"""Reads of the plaques app."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from korpu.plaques.models import Plaque, Proof, ProofStatus


def plaques() -> QuerySet[Plaque]:
    return Plaque.objects.select_related("project").order_by("-created_at")


def proofs_of(plaque: Plaque) -> QuerySet[Proof]:
    """Every version, newest first, without the stored files (they are fetched on download)."""
    return (plaque.proofs.defer("pdf", "engraver_zip").select_related("created_by", "approved_by", "sent_by")
            .order_by("-version"))


def lines_naming(user) -> list[dict[str, Any]]:
    """The proof lines that name this user (as a registry person or as a donor), newest version
    of each plaque that is not superseded."""
    person = getattr(user, "person", None) if getattr(user, "is_authenticated", False) else None
    donor = getattr(user, "donor", None) if getattr(user, "is_authenticated", False) else None
    person_id = str(person.pk) if person is not None else None
    donor_id = str(donor.pk) if donor is not None else None
    if person_id is None and donor_id is None:
        return []
    proofs = (Proof.objects.exclude(status=ProofStatus.SUPERSEDED).defer("pdf", "engraver_zip")
              .select_related("plaque__project").order_by("plaque_id", "-version"))
    seen, out = set(), []
    for proof in proofs:
        if proof.plaque_id in seen:
            continue
        for row in proof.names:
            if (person_id and row.get("person") == person_id) or (donor_id and row.get("donor") == donor_id):
                seen.add(proof.plaque_id)
                out.append({"proof": proof, "plaque": proof.plaque, "project": proof.plaque.project, "row": row})
                break
    return out
