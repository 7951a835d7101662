"""Every call from revival into the giving app goes through this module, and only this one.

The giving app owns funds, the ledger, donations and payouts; revival only keeps references to
them (`Project.fund_ref`, `Payout.transfer_ref`). When giving's API changes, this is the one file
to adapt.
"""

from __future__ import annotations

import datetime as dt
import importlib
from dataclasses import dataclass
from typing import Any

from korpu.revival.errors import LedgerUnavailable


@dataclass(frozen=True)
class FundFigures:
    """What a project's fund holds: received (net of refunds), paid out, and the balance."""

    raised_minor: int = 0
    paid_out_minor: int = 0
    balance_minor: int = 0
    currency: str = "AZN"
    donors: int = 0


def _giving(module: str) -> Any | None:
    try:
        return importlib.import_module(f"korpu.giving.{module}")
    except ModuleNotFoundError:
        return None


def available() -> bool:
    """Does the giving app offer what revival needs?"""
    services = _giving("services")
    return services is not None and hasattr(services, "do_pay_out") and hasattr(services, "do_create_fund")


def _fund(fund_ref: str):
    models = _giving("models")
    if models is None or not fund_ref:
        return None
    return models.Fund.objects.filter(pk=fund_ref).first()


def open_fund(*, actor: Any, project) -> str:
    """Open the project's fund in the ledger and return its reference ('' when giving has no funds)."""
    services = _giving("services")
    if services is None or not hasattr(services, "do_create_fund"):
        return ""
    purposes = {"az": "Bərpa layihəsi", "en": "Revival project", "ru": "Проект восстановления",
                "tr": "Yeniden canlandırma projesi", "ar": "مشروع إعادة الإعمار"}
    fund = services.do_create_fund(actor=actor, code=f"revival-{project.slug}"[:64], names=dict(project.title),
                                   purposes=purposes, base_currency=project.currency)
    return str(fund.pk)


def fund_figures(project) -> FundFigures:
    """The project's fund figures (zeros while it has no fund)."""
    return fund_figures_many([project]).get(project.pk, FundFigures(currency=project.currency))


def fund_figures_many(projects) -> dict[Any, FundFigures]:
    """Figures for many projects in four queries: counted gifts net of refunds (a refunded gift is
    no longer counted), money paid out to the purpose, and the fund account's balance."""
    projects = list(projects)
    out = {p.pk: FundFigures(currency=p.currency) for p in projects}
    models = _giving("models")
    giving_ledger = _giving("ledger")
    refs = {p.fund_ref: p for p in projects if p.fund_ref}
    if models is None or giving_ledger is None or not refs:
        return out
    from django.db.models import Count, Sum

    gifts = (models.Gift.objects.filter(fund_id__in=list(refs), status=models.GiftStatus.COUNTED)
             .values("fund_id", "currency").annotate(total=Sum("amount_minor"), donors=Count("donor", distinct=True)))
    raised: dict[tuple[str, str], tuple[int, int]] = {}
    for row in gifts:
        raised[(str(row["fund_id"]), row["currency"])] = (row["total"] or 0, row["donors"] or 0)
    accounts = list(models.Account.objects.filter(fund_id__in=list(refs)).values("id", "fund_id", "kind", "currency"))
    balances = giving_ledger.balances([a["id"] for a in accounts])
    held: dict[tuple[str, str, str], int] = {}
    for a in accounts:
        b = balances.get(a["id"])
        held[(str(a["fund_id"]), a["kind"], a["currency"])] = b.posted if b else 0
    for ref, p in refs.items():
        total, donors = raised.get((str(ref), p.currency), (0, 0))
        out[p.pk] = FundFigures(
            raised_minor=int(total),
            paid_out_minor=int(held.get((str(ref), models.AccountKind.PURPOSE, p.currency), 0)),
            balance_minor=int(held.get((str(ref), models.AccountKind.FUND, p.currency), 0)),
            currency=p.currency,
            donors=int(donors),
        )
    return out


def pay_out(*, actor: Any, payout, idempotency_key: str) -> str:
    """Move the payout's amount out of the project's fund to its purpose through giving's
    `do_pay_out` (which checks the two approvers and the balance); return giving's payout id."""
    services = _giving("services")
    project = payout.milestone.project
    fund = _fund(project.fund_ref)
    if services is None or not hasattr(services, "do_pay_out") or fund is None:
        raise LedgerUnavailable()
    from django.urls import reverse

    approvers = [a.officer for a in payout.approvals.select_related("officer")]
    paid = services.do_pay_out(
        actor=actor, fund=fund, amount_minor=payout.amount_minor, currency=payout.currency,
        purpose_ref=f"revival.payout:{payout.pk}",
        evidence_url=reverse("revival:project", args=[project.slug]) + f"#milestone-{payout.milestone_id}",
        idempotency_key=idempotency_key, approved_by=approvers,
    )
    return str(paid.pk)


def open_campaign(*, actor: Any, project) -> str:
    """Open a public giving campaign for the project's fund (when it starts fundraising), so that
    members have a page to give on; return its id ('' when there is no fund or one is open)."""
    services, models = _giving("services"), _giving("models")
    fund = _fund(project.fund_ref)
    if services is None or models is None or fund is None or not hasattr(services, "do_create_campaign"):
        return ""
    from django.utils import timezone

    now = timezone.now()
    if models.Campaign.objects.filter(funds=fund, ends_at__gt=now).exists():
        return ""
    campaign = services.do_create_campaign(
        actor=actor, slug=f"revival-{project.slug}"[:80], titles=dict(project.title),
        descriptions=dict(project.summary or {}), starts_at=now, ends_at=now + dt.timedelta(days=730),
        base_currency=project.currency, goal_minor=max(int(project.budget_minor), 0), funds=[fund])
    return str(campaign.pk)


def give_url(project) -> str | None:
    """The giving page where a member gives to the project's fund: its live public campaign."""
    models = _giving("models")
    if models is None or not project.fund_ref:
        return None
    from django.urls import NoReverseMatch, reverse
    from django.utils import timezone

    now = timezone.now()
    campaign_id = (models.Campaign.objects.filter(funds__pk=project.fund_ref, is_public=True, starts_at__lte=now,
                                                  ends_at__gt=now).values_list("pk", flat=True).first())
    if campaign_id is None:
        return None
    try:
        return reverse("giving:campaign", args=[campaign_id])
    except NoReverseMatch:
        return None


def fund_url(project) -> str | None:
    """The giving app's public page of the project's fund (its books and payouts)."""
    if not project.fund_ref:
        return None
    from django.urls import NoReverseMatch, reverse

    try:
        return reverse("giving:fund", args=[project.fund_ref])
    except NoReverseMatch:
        return None


def payout_of_transfer(transfer_ref: str):
    """The revival payout a ledger transfer paid (for giving's transparency page panel)."""
    from korpu.revival.models import Payout

    return (
        Payout.objects.filter(transfer_ref=str(transfer_ref))
        .select_related("milestone__project")
        .prefetch_related("milestone__evidence")
        .first()
    )


def payout_for_giving_object(obj):
    """The revival payout behind whatever giving passes to its "giving.payout" panel slot: a
    transfer/payout object (by its reference 'revival.payout:<id>' or its key), or a plain id."""
    from korpu.revival.models import Payout

    if obj is None:
        return None
    reference = str(getattr(obj, "purpose_ref", "") or getattr(obj, "reference", "") or getattr(obj, "memo", "") or "")
    if reference.startswith("revival.payout:"):
        found = (Payout.objects.filter(pk=reference.split(":", 1)[1]).select_related("milestone__project")
                 .prefetch_related("milestone__evidence").first())
        if found is not None:
            return found
    key = getattr(obj, "idempotency_key", None)
    if key:
        found = (Payout.objects.filter(idempotency_key=key).select_related("milestone__project")
                 .prefetch_related("milestone__evidence").first())
        if found is not None:
            return found
    return payout_of_transfer(getattr(obj, "pk", obj))
