"""The revival API: the public catalogue, offers, payout approvals and participation figures."""

from __future__ import annotations

import uuid

from django.shortcuts import get_object_or_404
from django.urls import reverse
from ninja import Router, Status

from korpu.api import Error, optional, signed_in
from korpu.core import permissions
from korpu.core.errors import NotFound
from korpu.revival import selectors, services
from korpu.revival.models import Payout
from korpu.revival.schemas import (
    EvidenceOut,
    MilestoneOut,
    OfferIn,
    OfferOut,
    ParticipationOut,
    PayoutOut,
    ProgressOut,
    ProjectDetailOut,
    ProjectOut,
)

router = Router(tags=["revival"])


def _actor(request):
    return request.auth if request.auth is not True else None


def _project_out(p, progress, cls=ProjectOut, **extra):
    return cls(id=p.id, slug=p.slug, kind=p.kind, status=p.status, title=p.title, summary=p.summary,
               district=p.district, settlement=p.settlement, latitude=float(p.latitude), longitude=float(p.longitude),
               budget_minor=p.budget_minor, currency=p.currency, progress=ProgressOut(**progress.__dict__),
               url=reverse("revival:project", args=[p.slug]), **extra)


@router.get("/revival/projects", response={200: list[ProjectOut], 401: Error}, auth=optional,
            url_name="revival_project_list")
def list_projects(request, district: str = "", kind: str = "", status: str = ""):
    """Public projects, filtered by district, kind and status."""
    projects = list(selectors.catalogue(_actor(request), district=district, kind=kind, status=status)[:500])
    progress = selectors.progress_many(projects)
    return [_project_out(p, progress[p.pk]) for p in projects]


@router.get("/revival/projects/{slug}", response={200: ProjectDetailOut, 401: Error, 404: Error}, auth=optional,
            url_name="revival_project_detail")
def get_project(request, slug: str):
    """One public project with its milestones and evidence."""
    p = selectors.project_page(_actor(request), slug)
    if p is None:
        raise NotFound()
    progress = selectors.progress_many([p])[p.pk]
    milestones = [MilestoneOut(id=m.id, position=m.position, title=m.title, status=m.status,
                               amount_minor=m.amount_minor,
                               evidence=[EvidenceOut(id=e.id, kind=e.kind, note=e.note,
                                                     url=reverse("revival:evidence", args=[e.id]) if e.file else None)
                                         for e in m.evidence.all()])
                  for m in p.milestones.all()]
    return _project_out(p, progress, ProjectDetailOut, heritage_period=p.heritage_period,
                        heritage_builder=p.heritage_builder, heritage_damage=p.heritage_damage, milestones=milestones)


def _offer_out(o) -> OfferOut:
    return OfferOut(id=o.id, project=o.project.slug, kind=o.kind, status=o.status, country=o.country,
                    details=o.details, created_at=o.created_at)


@router.post("/revival/projects/{slug}/offers", response={201: OfferOut, 400: Error, 401: Error, 404: Error, 422: Error},
             auth=signed_in, url_name="revival_offer_create")
def make_offer(request, slug: str, payload: OfferIn):
    """Offer to take part in a project (money, investment, volunteering, expertise, in kind)."""
    p = selectors.project_page(request.auth, slug)
    if p is None:
        raise NotFound()
    offer = services.do_make_offer(actor=request.auth, project=p, kind=payload.kind, country=payload.country,
                                   details=payload.details, message=payload.message,
                                   consent_to_share=payload.consent_to_share)
    return Status(201, _offer_out(offer))


@router.get("/revival/offers", response={200: list[OfferOut], 401: Error}, auth=signed_in,
            url_name="revival_offer_list")
def list_offers(request):
    """Your offers; every offer for foundation officers."""
    return [_offer_out(o) for o in selectors.offers_for(request.auth)[:500]]


@router.post("/revival/payouts/{payout_id}/approve", response={200: PayoutOut, 400: Error, 401: Error, 403: Error,
                                                               404: Error, 409: Error, 503: Error},
             auth=signed_in, url_name="revival_payout_approve")
def approve_payout(request, payout_id: uuid.UUID):
    """Approve a payout; the second officer's approval pays it."""
    permissions.require(request.auth, "revival.approve_payout")
    payout = get_object_or_404(Payout, pk=payout_id)
    payout = services.do_approve_payout(actor=request.auth, payout=payout)
    return PayoutOut(id=payout.id, status=payout.status, amount_minor=payout.amount_minor, currency=payout.currency,
                     approvals=payout.approvals.count())


@router.get("/revival/participation", response={200: ParticipationOut, 401: Error, 403: Error}, auth=signed_in,
            url_name="revival_participation")
def participation(request):
    """Direct and indirect participation by country and kind."""
    permissions.require(request.auth, "revival.view_dashboard")
    data = selectors.participation()
    kinds = [k.value for k in data["kinds"]]
    return ParticipationOut(direct=data["direct"], indirect=data["indirect"],
                            by_country={c: dict(zip(kinds, counts, strict=True)) for c, counts, _t in data["countries"]})
