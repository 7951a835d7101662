"""Panels revival shows on lower apps' pages (core.extensions.register_panel)."""

from __future__ import annotations

from typing import Any

from django.utils import translation


def organisation_panel(request, organisation) -> dict[str, Any] | None:
    """On a network organisation's page: the public projects it is a partner of."""
    from korpu.revival.selectors import partner_projects

    if organisation is None:
        return None
    projects = list(partner_projects(getattr(organisation, "pk", organisation))[:20])
    if not projects:
        return None
    return {"revival_projects": projects, "language": translation.get_language()}


def payout_panel(request, obj) -> dict[str, Any] | None:
    """On giving's transparency page, beside a payout: the milestone and its evidence."""
    from korpu.revival import ledger

    payout = ledger.payout_for_giving_object(obj)
    if payout is None or not payout.milestone.project.is_public:
        return None
    return {"payout": payout, "milestone": payout.milestone, "project": payout.milestone.project,
            "evidence": list(payout.milestone.evidence.all())}
