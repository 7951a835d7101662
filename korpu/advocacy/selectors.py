"""Advocacy reads, each scoped to what the actor may see and loading related rows on purpose."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from korpu import names
from korpu.advocacy.models import (
    Action,
    Body,
    Campaign,
    CampaignStatus,
    Interaction,
    InteractionKind,
    Letter,
    LetterStatus,
    Official,
    OfficialKey,
    Outcome,
    PostcodeArea,
    Role,
    Signature,
    Visibility,
    normalize_postcode,
)
from korpu.core import permissions


# --- Officials and bodies (public-position data) -----------------------------------------------
def _current_roles() -> Prefetch:
    today = timezone.localdate()
    return Prefetch("roles", queryset=Role.objects.filter(Q(end_date__isnull=True) | Q(end_date__gte=today))
                    .select_related("body", "constituency", "party"), to_attr="current_roles")


def officials(*, q: str = "", country: str = "", body_id=None) -> QuerySet[Official] | list[Official]:
    """Officials, filtered; a name query matches across scripts and is ranked by `names.compare`."""
    rows = Official.objects.all()
    if country:
        rows = rows.filter(country=country.upper())
    if body_id:
        rows = rows.filter(roles__body_id=body_id).distinct()
    rows = rows.prefetch_related(_current_roles())
    q = (q or "").strip()
    if not q:
        return rows.order_by("country", "name")
    keys = names.query_keys(q)
    ids = OfficialKey.objects.filter(key__in=keys).values("official_id") if keys else []
    candidates = list(rows.filter(Q(pk__in=ids) | Q(name__icontains=q))[:300])
    scored = []
    for official in candidates:
        score = max(names.compare(q, form).score for form in [official.name, *official.other_names])
        if score >= 0.5 or q.casefold() in official.name.casefold():
            scored.append((score, official))
    return [o for _s, o in sorted(scored, key=lambda pair: -pair[0])]


def official_detail(official_id) -> Official:
    return (Official.objects.prefetch_related(_current_roles(), Prefetch(
        "roles", queryset=Role.objects.select_related("body", "constituency", "party"), to_attr="all_roles"))
        .get(pk=official_id))


def bodies(*, country: str = "", kind: str = "") -> QuerySet[Body]:
    rows = Body.objects.select_related("parent").annotate(members=Count("roles", distinct=True))
    if country:
        rows = rows.filter(country=country.upper())
    if kind:
        rows = rows.filter(kind=kind)
    return rows.order_by("country", "name")


# --- Interactions: the organisations involved, and committee staff where visibility allows -------
def interactions_for(actor) -> QuerySet[Interaction]:
    """Interactions `actor` may read: those of organisations where they hold view_interaction, and
    for committee staff those whose visibility includes the committee."""
    rows = Interaction.objects.all()
    if permissions.is_platform(actor, "advocacy.view_interaction"):
        return rows
    orgs = permissions.organisations_with(actor, "advocacy.view_interaction")
    through = Interaction.organisations.through
    condition = Q(pk__in=through.objects.filter(organisation_id__in=orgs).values("interaction_id"))
    if permissions.is_platform(actor, "advocacy.view_committee_interactions"):
        condition |= Q(visibility=Visibility.COMMITTEE)
    if not orgs and not permissions.is_platform(actor, "advocacy.view_committee_interactions"):
        return rows.none()
    return rows.filter(condition)


def interaction_list(actor, *, country: str = "", official_id=None, campaign_id=None) -> QuerySet[Interaction]:
    rows = interactions_for(actor).select_related("organisation", "campaign").prefetch_related(
        "officials", "bodies", "organisations")
    if country:
        rows = rows.filter(country=country.upper())
    if official_id:
        rows = rows.filter(officials=official_id)
    if campaign_id:
        rows = rows.filter(campaign_id=campaign_id)
    return rows


def interaction_detail(actor, interaction_id) -> Interaction:
    return (interactions_for(actor).select_related("organisation", "campaign", "recorded_by")
            .prefetch_related("officials", "bodies", "organisations", "participants", "follow_ups",
                              "attachments", "outcomes").get(pk=interaction_id))


def register_rows(actor, *, country: str = "", since: dt.date | None = None, until: dt.date | None = None):
    """Meetings for a lobbying transparency register: date, official, body, topic, organisation."""
    rows = interactions_for(actor)
    if not permissions.is_platform(actor, "advocacy.export_register"):
        orgs = permissions.organisations_with(actor, "advocacy.export_register")
        through = Interaction.organisations.through
        rows = rows.filter(pk__in=through.objects.filter(organisation_id__in=orgs).values("interaction_id"))
    rows = rows.filter(kind__in=[InteractionKind.MEETING, InteractionKind.HEARING, InteractionKind.CALL,
                                 InteractionKind.EVENT])
    if country:
        rows = rows.filter(country=country.upper())
    if since:
        rows = rows.filter(occurred_on__gte=since)
    if until:
        rows = rows.filter(occurred_on__lte=until)
    rows = rows.select_related("organisation").prefetch_related(
        "officials", "bodies", "organisations").order_by("occurred_on", "created_at")
    for interaction in rows:
        organisations = "; ".join(sorted(o.name for o in interaction.organisations.all()))
        bodies_text = "; ".join(b.name for b in interaction.bodies.all())
        officials_list: list[Official | None] = list(interaction.officials.all()) or [None]
        for official in officials_list:
            yield [interaction.occurred_on.isoformat(), interaction.country, interaction.kind,
                   official.name if official else "", bodies_text, interaction.topic, organisations]


# --- Campaigns and actions --------------------------------------------------------------------
def campaigns_for(actor) -> QuerySet[Campaign]:
    return permissions.scope(actor, "advocacy.view_campaign", Campaign.objects.all())


def campaign_list(actor) -> QuerySet[Campaign]:
    return campaigns_for(actor).select_related("organisation").prefetch_related("organisations").annotate(
        action_count=Count("actions", distinct=True)).order_by("-starts_on", "-created_at")


def campaign_detail(actor, campaign_id) -> Campaign:
    return campaigns_for(actor).select_related("organisation").prefetch_related(
        "organisations", "target_officials", "target_bodies", "actions").get(pk=campaign_id)


def timeline(actor, campaign: Campaign) -> list[dict[str, Any]]:
    """The campaign's story in date order: start, interactions the actor may read, outcomes, end."""
    items: list[dict[str, Any]] = []
    if campaign.starts_on:
        items.append({"date": campaign.starts_on, "kind": "start", "title": ""})
    for interaction in interactions_for(actor).filter(campaign=campaign).prefetch_related("officials"):
        items.append({"date": interaction.occurred_on, "kind": interaction.kind, "title": interaction.topic,
                      "interaction": interaction})
    for outcome in outcomes_for(actor).filter(campaigns=campaign).select_related("official", "body"):
        items.append({"date": outcome.occurred_on, "kind": "outcome", "title": outcome.title, "outcome": outcome})
    if campaign.ends_on:
        items.append({"date": campaign.ends_on, "kind": "end", "title": ""})
    return sorted(items, key=lambda item: item["date"])


def public_actions() -> QuerySet[Action]:
    return Action.objects.filter(is_open=True, campaign__is_public=True, campaign__status=CampaignStatus.ACTIVE)


def actions_for(actor) -> QuerySet[Action]:
    return permissions.scope(actor, "advocacy.view_action", Action.objects.all()).select_related("campaign")


def action_officials(action: Action) -> QuerySet[Official]:
    """Whom a letter action may address: its listed officials and the current members of its body."""
    today = timezone.localdate()
    condition = Q(pk__in=action.targets.values("pk"))
    if action.body_id:
        condition |= Q(pk__in=Role.objects.filter(body_id=action.body_id).filter(
            Q(end_date__isnull=True) | Q(end_date__gte=today)).values("official_id"))
    return Official.objects.filter(condition).prefetch_related(_current_roles()).order_by("name")


def representatives(action: Action, postcode: str) -> list[Official]:
    """The officials of the action's body who represent the constituency of `postcode`."""
    code = normalize_postcode(postcode)
    if not code or not action.body_id:
        return []
    areas = PostcodeArea.objects.filter(country=action.country, postcode=code).values("constituency_id")
    today = timezone.localdate()
    ids = Role.objects.filter(body_id=action.body_id, constituency_id__in=areas).filter(
        Q(end_date__isnull=True) | Q(end_date__gte=today)).values("official_id")
    return list(Official.objects.filter(pk__in=ids).prefetch_related(_current_roles()).order_by("name"))


def signature_count(action: Action) -> int:
    return Signature.objects.filter(action=action, confirmed_at__isnull=False).count()


def letter_count(action: Action) -> int:
    return Letter.objects.filter(action=action).exclude(status=LetterStatus.PENDING).count()


def signatures_for_delivery(action: Action) -> QuerySet:
    return Signature.objects.filter(action=action, confirmed_at__isnull=False).order_by("confirmed_at").values_list(
        "name", "country", "confirmed_at")


# --- Outcomes, scorecards, the map --------------------------------------------------------------
def outcomes_for(actor) -> QuerySet[Outcome]:
    return permissions.scope(actor, "advocacy.view_outcome", Outcome.objects.all())


def outcome_list(actor, *, country: str = "", official_id=None) -> QuerySet[Outcome]:
    rows = outcomes_for(actor).select_related("official", "body", "organisation").prefetch_related("campaigns")
    if country:
        rows = rows.filter(country=country.upper())
    if official_id:
        rows = rows.filter(official_id=official_id)
    return rows


def scorecard(actor, official: Official) -> dict[str, Any]:
    """What we know of one official: outcomes by stance and kind, interactions the actor may read,
    supporters' letters sent."""
    outcomes = list(outcomes_for(actor).filter(official=official).values_list("stance", "kind"))
    stances = Counter(s for s, _k in outcomes)
    kinds = Counter(k for _s, k in outcomes)
    total = len(outcomes)
    interactions = interactions_for(actor).filter(officials=official).count()
    letters = Letter.objects.filter(official=official).exclude(status=LetterStatus.PENDING).count()
    supportive = stances.get("supportive", 0)
    return {"outcomes": total, "supportive": supportive, "neutral": stances.get("neutral", 0),
            "opposed": stances.get("opposed", 0), "by_kind": dict(kinds), "interactions": interactions,
            "letters": letters, "score": round(100 * (supportive - stances.get("opposed", 0)) / total) if total else None}


def activity_by_country(actor) -> list[dict[str, Any]]:
    """Per country: interactions the actor may read, outcomes, supportive outcomes, officials known."""
    table: dict[str, dict[str, int]] = defaultdict(lambda: {"interactions": 0, "outcomes": 0, "supportive": 0,
                                                            "officials": 0})
    for row in interactions_for(actor).values("country").annotate(n=Count("id")):
        table[row["country"]]["interactions"] = row["n"]
    for row in outcomes_for(actor).values("country").annotate(n=Count("id"), s=Count("id", filter=Q(stance="supportive"))):
        table[row["country"]]["outcomes"] = row["n"]
        table[row["country"]]["supportive"] = row["s"]
    for row in Official.objects.values("country").annotate(n=Count("id")):
        table[row["country"]]["officials"] = row["n"]
    peak = max([v["interactions"] + v["outcomes"] for v in table.values()] or [1]) or 1
    return sorted(({"country": c, **v, "activity": v["interactions"] + v["outcomes"], "peak": peak}
                   for c, v in table.items()), key=lambda r: (-r["activity"], r["country"]))
