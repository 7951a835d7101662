"""Reads of the expertise app, scoped to what the actor may see."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.utils import timezone

from korpu.core import permissions
from korpu.expertise import matching
from korpu.expertise.models import (
    Availability,
    Engagement,
    EngagementStatus,
    ExpertProfile,
    Need,
    NeedStatus,
    ProfileStatus,
    Visibility,
)


def own_profile(user: Any) -> ExpertProfile | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return (ExpertProfile.objects.filter(person__user=user).select_related("person")
            .prefetch_related("availability", "credentials").first())


def profiles_for(actor: Any) -> QuerySet[ExpertProfile]:
    """Profiles the actor may see: their own; committee staff see every profile not kept private of a
    person who shares with the committee; institutions those open to institutions."""
    qs = ExpertProfile.objects.select_related("person")
    if not getattr(actor, "is_authenticated", False):
        return qs.none()
    condition = Q(person__user_id=actor.pk)
    shared = Q(person__shares_with_committee=True, person__erased_at__isnull=True) & ~Q(visibility=Visibility.PRIVATE)
    if permissions.is_platform(actor, "expertise.view_experts"):
        condition |= shared
    elif permissions.organisations_with(actor, "expertise.view_matches"):
        condition |= shared & Q(visibility=Visibility.INSTITUTIONS, status=ProfileStatus.ACTIVE)
    return qs.filter(condition)


def profile_page(actor: Any, profile_id) -> ExpertProfile | None:
    return (profiles_for(actor).filter(pk=profile_id)
            .prefetch_related("availability", "credentials").first())


def needs_for(actor: Any) -> QuerySet[Need]:
    """Needs the actor may see: staff all; institutions their own; experts the open needs they fit
    are shown through the digest instead."""
    qs = Need.objects.select_related("organisation", "project")
    if permissions.is_platform(actor, "expertise.view_needs"):
        return qs
    orgs = permissions.organisations_with(actor, "expertise.view_needs")
    return qs.filter(organisation_id__in=orgs) if orgs else qs.none()


def engagements_for(actor: Any) -> QuerySet[Engagement]:
    qs = Engagement.objects.select_related("need__organisation", "expert__person")
    if not getattr(actor, "is_authenticated", False):
        return qs.none()
    if permissions.is_platform(actor, "expertise.manage_engagements"):
        return qs
    condition = Q(expert__person__user_id=actor.pk)
    orgs = permissions.organisations_with(actor, "expertise.manage_engagements")
    if orgs:
        condition |= Q(need__organisation_id__in=orgs)
    return qs.filter(condition)


def engagement_page(actor: Any, engagement_id) -> Engagement | None:
    return (engagements_for(actor).filter(pk=engagement_id)
            .prefetch_related("sessions", "outcomes", "feedback").first())


def institutions_of(actor: Any):
    """The organisations in which the actor may post needs."""
    from korpu.network.models import Organisation

    qs = Organisation.objects.filter(kind__in=("committee", "other"), country="AZ")
    if permissions.is_platform(actor, "expertise.post_need"):
        return qs
    return qs.filter(pk__in=permissions.organisations_with(actor, "expertise.post_need"))


MATCH_COLUMNS = ("id", "headline", "country", "fields", "languages", "hours_per_month", "time_zone", "visibility",
                 "status", "contactable", "person__id", "person__name", "person__user_id")


def matches_for(actor: Any, need: Need, *, limit: int = 20) -> matching.MatchResult:
    """Ranked experts for a need, with reasons; institutions see only profiles open to them."""
    staff = permissions.is_platform(actor, "expertise.view_experts")
    engaged = set(Engagement.objects.filter(need=need).exclude(status=EngagementStatus.CANCELLED)
                  .exclude(expert__isnull=True).values_list("expert_id", flat=True))
    result = matching.rank(need, institutions_view=not staff, limit=limit, exclude=engaged)
    # Only the shown rows, and only what the reasons and the list show (not the vectors, not the texts).
    profiles = ExpertProfile.objects.select_related("person").only(*MATCH_COLUMNS).prefetch_related(
        Prefetch("availability", queryset=Availability.objects.order_by("starts_on")
                 .only("id", "profile_id", "starts_on", "ends_on"))
    ).in_bulk([m.profile_id for m in result.matches])
    for match in result.matches:
        match.profile = profiles.get(match.profile_id)
        if match.profile is not None:
            match.reasons = matching.explain(need, match, match.profile)
    result.matches = [m for m in result.matches if m.profile is not None]
    return result


OPEN_NEEDS_FOR_DIGEST = 2000


def open_needs() -> list[Need]:
    """The open needs an expert may be told about (newest first, period not over)."""
    return list(Need.objects.filter(status=NeedStatus.OPEN, ends_on__gte=timezone.localdate())
                .select_related("organisation").order_by("-created_at")[:OPEN_NEEDS_FOR_DIGEST])


def digest_for(profile: ExpertProfile, *, limit: int = 10) -> list[tuple[Need, float]]:
    """Open needs the expert fits best (by field, language and meaning), as in their opt-in digest."""
    return matching.fitting_needs(profile, matching.need_table(open_needs()), limit=limit)


def digest_recipients():
    """Ids of the experts who asked for the digest and may get it: active profile, a person in the
    registry who shares with the committee and is not erased (consent is re-checked when sending)."""
    return (ExpertProfile.objects.filter(digest=True, status=ProfileStatus.ACTIVE,
                                         person__shares_with_committee=True, person__erased_at__isnull=True,
                                         person__merged_into__isnull=True)
            .order_by("pk").values_list("pk", flat=True))


def dashboard() -> dict[str, Any]:
    """Engagements and hours by the expert's country, by field and by institution; open needs."""
    base = Engagement.objects.exclude(status=EngagementStatus.CANCELLED)
    by_country = list(base.values("expert_country").annotate(n=Count("id", distinct=True),
                                                             hours=Sum("sessions__hours")).order_by("-n"))
    by_institution = list(base.values("need__organisation__name").annotate(
        n=Count("id", distinct=True), hours=Sum("sessions__hours")).order_by("-n")[:20])
    field_counts: dict[str, list[float]] = {}
    hours_by_engagement = dict(base.values("id").annotate(h=Sum("sessions__hours")).values_list("id", "h"))
    for eid, fields in base.values_list("id", "need__fields"):
        for code in fields or []:
            entry = field_counts.setdefault(code, [0, 0.0])
            entry[0] += 1
            entry[1] += float(hours_by_engagement.get(eid) or 0)
    field_rows: list[dict[str, Any]] = [{"field": matching.taxonomy.label(c), "n": v[0], "hours": v[1]}
                                        for c, v in field_counts.items()]
    by_field = sorted(field_rows, key=lambda r: -r["n"])[:20]
    by_status = dict(Engagement.objects.values_list("status").annotate(n=Count("id")).values_list("status", "n"))
    now = timezone.now()
    open_needs = list(Need.objects.filter(status=NeedStatus.OPEN).select_related("organisation")
                      .order_by("created_at")[:50])
    ages = [(now - n.created_at).days for n in open_needs]
    buckets = [(label, sum(1 for a in ages if lo <= a < hi))
               for label, lo, hi in (("< 7", 0, 7), ("7–30", 7, 30), ("30–90", 30, 90), ("≥ 90", 90, 10**6))]
    total_hours = float(base.aggregate(h=Sum("sessions__hours"))["h"] or 0)
    return {"by_country": by_country, "by_institution": by_institution, "by_field": by_field,
            "by_status": {EngagementStatus(k).label: v for k, v in by_status.items()},
            "open_needs": open_needs, "open_count": Need.objects.filter(status=NeedStatus.OPEN).count(),
            "age_buckets": buckets, "total_hours": total_hours,
            "max_country": max([r["n"] for r in by_country] or [1]),
            "max_field": max([r["n"] for r in by_field] or [1]),
            "max_institution": max([r["n"] for r in by_institution] or [1]),
            "max_bucket": max([b[1] for b in buckets] or [1]) or 1,
            "today": dt.date.today()}


def embedding_progress() -> dict[str, Any]:
    from korpu.expertise.models import EmbeddingRun
    from korpu.expertise.tasks import stale_profiles

    total = ExpertProfile.objects.count()
    stale = stale_profiles().count()
    return {"total": total, "current": total - stale, "stale": stale,
            "run": EmbeddingRun.objects.order_by("-created_at").first()}
