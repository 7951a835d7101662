"""Reads of the revival app, with related rows loaded on purpose."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet

from korpu.core import permissions
from korpu.revival import ledger
from korpu.revival.models import (
    DIRECT_KINDS,
    Evidence,
    Milestone,
    MilestoneStatus,
    Offer,
    OfferKind,
    OfferStatus,
    Partner,
    Payout,
    PayoutStatus,
    Project,
)


def projects_for(actor: Any) -> QuerySet[Project]:
    """Projects the actor may see: public ones for everybody, all for officers."""
    return permissions.scope(actor, "revival.view_project", Project.objects.all())


def catalogue(actor: Any, *, district: str = "", kind: str = "", status: str = "") -> QuerySet[Project]:
    """The public catalogue, filtered by place, kind and status."""
    qs = projects_for(actor)
    if district:
        qs = qs.filter(district=district)
    if kind:
        qs = qs.filter(kind=kind)
    if status:
        qs = qs.filter(status=status)
    return qs.annotate(
        milestones_total=Count("milestones", distinct=True),
        milestones_done=Count("milestones", filter=Q(milestones__status=MilestoneStatus.DONE), distinct=True),
    ).order_by("-updated_at")


@dataclass(frozen=True)
class Progress:
    """Funding and work progress of a project, as whole percentages for <progress>."""

    raised_minor: int
    paid_out_minor: int
    budget_minor: int
    currency: str
    funding_percent: int
    milestones_done: int
    milestones_total: int
    work_percent: int


def _percent(part: int, whole: int) -> int:
    if whole <= 0:
        return 0
    return max(0, min(100, round(100 * part / whole)))


def progress_many(projects: list[Project]) -> dict[Any, Progress]:
    """Progress of each project (projects annotated by `catalogue`, or counted here)."""
    figures = ledger.fund_figures_many(projects)
    out = {}
    for p in projects:
        total = getattr(p, "milestones_total", None)
        done = getattr(p, "milestones_done", None)
        if total is None:
            states = [m.status for m in p.milestones.all()]
            total, done = len(states), sum(1 for s in states if s == MilestoneStatus.DONE)
        assert done is not None  # annotated together with milestones_total
        f = figures[p.pk]
        out[p.pk] = Progress(f.raised_minor, f.paid_out_minor, p.budget_minor, p.currency,
                             _percent(f.raised_minor, p.budget_minor), done, total, _percent(done, total))
    return out


def project_page(actor: Any, slug: str) -> Project | None:
    """One project with everything its page shows."""
    return (
        projects_for(actor)
        .filter(slug=slug)
        .prefetch_related(
            Prefetch("partners", queryset=Partner.objects.select_related("organisation")),
            "photos",
            Prefetch("milestones", queryset=Milestone.objects.prefetch_related(
                Prefetch("evidence", queryset=Evidence.objects.order_by("created_at")),
                Prefetch("payouts", queryset=Payout.objects.filter(status=PayoutStatus.PAID)),
            )),
        )
        .first()
    )


def pending_payouts(project: Project) -> QuerySet[Payout]:
    return (Payout.objects.filter(milestone__project=project, status=PayoutStatus.REQUESTED)
            .select_related("milestone", "requested_by").prefetch_related("approvals__officer"))


def paid_payouts(*, project: Project | None = None) -> QuerySet[Payout]:
    """Paid payouts with their milestone, project and evidence (the transparency list)."""
    qs = Payout.objects.filter(status=PayoutStatus.PAID)
    if project is not None:
        qs = qs.filter(milestone__project=project)
    return qs.select_related("milestone__project").prefetch_related("milestone__evidence").order_by("-paid_at")


def offers_for(actor: Any, *, project: Project | None = None) -> QuerySet[Offer]:
    """Offers the actor may see: their own, or all of them for officers."""
    qs = permissions.scope(actor, "revival.manage_offer", Offer.objects.all())
    if project is not None:
        qs = qs.filter(project=project)
    return qs.select_related("project", "user").order_by("-created_at")


def my_offers(user) -> QuerySet[Offer]:
    return Offer.objects.filter(user=user).select_related("project").prefetch_related("events")


def participation(*, project: Project | None = None) -> dict[str, Any]:
    """Offers that are alive (not declined or withdrawn), by country and kind, direct and indirect."""
    qs = Offer.objects.exclude(status__in=[OfferStatus.DECLINED, OfferStatus.WITHDRAWN])
    if project is not None:
        qs = qs.filter(project=project)
    rows = qs.values("country", "kind").annotate(n=Count("id")).order_by("country", "kind")
    kinds = list(OfferKind)
    table: dict[str, dict[str, int]] = {}
    totals = {k.value: 0 for k in kinds}
    direct = indirect = 0
    for row in rows:
        table.setdefault(row["country"], {k.value: 0 for k in kinds})[row["kind"]] = row["n"]
        totals[row["kind"]] += row["n"]
        if row["kind"] in DIRECT_KINDS:
            direct += row["n"]
        else:
            indirect += row["n"]
    countries = sorted(table.items(), key=lambda item: (-sum(item[1].values()), item[0]))
    return {"kinds": kinds, "countries": [(c, [counts[k.value] for k in kinds], sum(counts.values()))
                                          for c, counts in countries],
            "totals": [totals[k.value] for k in kinds], "direct": direct, "indirect": indirect,
            "all": direct + indirect}


def partner_projects(organisation_id) -> QuerySet[Project]:
    """Public projects an organisation is a partner of (for the network organisation page)."""
    return (projects_for(None).filter(partners__organisation_id=organisation_id).distinct()
            .order_by("-updated_at"))
