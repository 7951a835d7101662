"""The plaques API: a donor's own plaque lines, and a plaque's proof versions for officers."""

from __future__ import annotations

import datetime as dt
import uuid

from django.shortcuts import get_object_or_404
from ninja import Router, Schema

from korpu.api import Error, signed_in
from korpu.core import permissions
from korpu.plaques import selectors
from korpu.plaques.models import Plaque

router = Router(tags=["plaques"], auth=signed_in)


class LineOut(Schema):
    project: str
    plaque: uuid.UUID
    version: int
    status: str
    text: str
    tier: str | None
    line: str | None
    panel: int | None


class ProofOut(Schema):
    """A proof version; `files` is `pending` while its PDF, SVG and DXF are being rendered, then
    `ready` (or `failed`)."""

    id: uuid.UUID
    version: int
    status: str
    source: str
    names: int
    anonymous: int
    panels: int
    files: str
    created_at: dt.datetime


@router.get("/plaques/mine", response={200: list[LineOut], 401: Error}, url_name="plaque_my_lines")
def my_lines(request):
    """The proof lines that name you."""
    return [LineOut(project=i["project"].slug, plaque=i["plaque"].pk, version=i["proof"].version,
                    status=i["proof"].status, text=i["row"]["text"], tier=i["row"].get("tier"),
                    line=i["row"].get("line"), panel=i["row"].get("panel"))
            for i in selectors.lines_naming(request.auth)]


@router.get("/plaques/{plaque_id}/proofs", response={200: list[ProofOut], 401: Error, 403: Error, 404: Error},
            url_name="plaque_proofs")
def proofs(request, plaque_id: uuid.UUID):
    """Every proof version of a plaque (foundation officers)."""
    permissions.require(request.auth, "plaques.manage_plaque")
    plaque = get_object_or_404(Plaque, pk=plaque_id)
    return [ProofOut(id=p.id, version=p.version, status=p.status, source=p.source, names=len(p.names),
                     anonymous=p.anonymous_count, panels=p.panels, files=p.render_state, created_at=p.created_at)
            for p in selectors.proofs_of(plaque)]
