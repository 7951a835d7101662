"""The expertise API: experts, needs, their matches and engagements, scoped by permission."""

from __future__ import annotations

import uuid

from django.db import transaction
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from ninja import Router, Status
from ninja.pagination import paginate

from korpu.api import Error, Pagination, signed_in
from korpu.core import audit, permissions
from korpu.core.errors import NotFound, PermissionDenied
from korpu.expertise import selectors, services
from korpu.expertise.models import Availability, ExpertProfile
from korpu.expertise.schemas import (
    EngagementActionIn,
    EngagementIn,
    EngagementOut,
    ExpertIn,
    ExpertOut,
    MatchesOut,
    MatchOut,
    NeedIn,
    NeedOut,
)

router = Router(tags=["expertise"], auth=signed_in)
ERRORS = {401: Error, 403: Error, 404: Error, 409: Error, 422: Error, 400: Error}


@router.get("/experts", response={200: list[ExpertOut], 401: Error}, url_name="expertise_expert_list")
@paginate(Pagination, page_size=50)
def list_experts(request):
    """Expert profiles you may see (your own; staff: those shared with the committee)."""
    return selectors.profiles_for(request.auth).prefetch_related(
        Prefetch("availability", queryset=Availability.objects.order_by("starts_on"))).order_by("-created_at")


@router.put("/experts/me", response={200: ExpertOut, **ERRORS}, url_name="expertise_expert_me")
def save_my_profile(request, payload: ExpertIn):
    """Create or replace your own expert profile (your account must belong to a person in the registry)."""
    user = request.auth
    # One transaction: a profile refused half-way leaves no person or availability behind.
    with transaction.atomic():
        person = getattr(user, "person", None) if hasattr(user, "person") else None
        if person is None:
            from korpu.network.services import do_create_person

            person = do_create_person(actor=user, user=user, name=user.display_name or user.email.split("@")[0],
                                      country=payload.country.upper()[:2], email=user.email)
        data = payload.dict()
        periods = data.pop("availability")
        consent = data.pop("share_with_committee")
        profile = services.do_save_profile(actor=user, person=person, share_with_committee=consent, **data)
        if periods is not None:
            services.do_set_availability(actor=user, profile=profile,
                                         periods=[(p["starts_on"], p["ends_on"]) for p in periods])
    return ExpertProfile.objects.prefetch_related("availability").get(pk=profile.pk)


@router.get("/experts/{expert_id}", response={200: ExpertOut, **ERRORS}, url_name="expertise_expert_detail")
def get_expert(request, expert_id: uuid.UUID):
    profile = selectors.profile_page(request.auth, expert_id)
    if profile is None:
        raise NotFound()
    if profile.person.user_id != request.auth.pk:
        audit.record_read(actor=request.auth, obj=profile.person)
    return profile


@router.get("/needs", response={200: list[NeedOut], 401: Error, 403: Error}, url_name="expertise_need_list")
@paginate(Pagination, page_size=50)
def list_needs(request):
    """Needs you may see: your institution's (committee staff: all)."""
    return selectors.needs_for(request.auth).order_by("-created_at")


@router.post("/needs", response={201: NeedOut, **ERRORS}, url_name="expertise_need_create")
def post_need(request, payload: NeedIn):
    from korpu.network.models import Organisation

    organisation = Organisation.objects.filter(pk=payload.organisation_id).first()
    if organisation is None:
        raise NotFound()
    data = payload.dict()
    data.pop("organisation_id")
    need = services.do_post_need(actor=request.auth, organisation=organisation, **data)
    return Status(201, need)


@router.get("/needs/{need_id}", response={200: NeedOut, **ERRORS}, url_name="expertise_need_detail")
def get_need(request, need_id: uuid.UUID):
    return get_object_or_404(selectors.needs_for(request.auth), pk=need_id)


@router.get("/needs/{need_id}/matches", response={200: MatchesOut, **ERRORS}, url_name="expertise_need_matches")
def need_matches(request, need_id: uuid.UUID, limit: int = 20):
    """Experts ranked for the need, with the parts of the score and the reasons."""
    need = get_object_or_404(selectors.needs_for(request.auth), pk=need_id)
    if not permissions.has_perm(request.auth, "expertise.view_matches", need):
        raise PermissionDenied()
    result = selectors.matches_for(request.auth, need, limit=max(1, min(limit, 100)))
    return MatchesOut(need_id=need.pk, model=result.model, candidates=result.candidates,
                      left_out_without_consent=result.left_out_without_consent,
                      # matches_for keeps only matches with a profile; pydantic validates the reason dicts.
                      matches=[MatchOut(expert_id=m.profile_id, headline=m.profile.headline, country=m.profile.country,
                                        score=m.score, parts=m.parts, reasons=m.reasons)  # type: ignore[arg-type]
                               for m in result.matches if m.profile is not None])


@router.get("/engagements", response={200: list[EngagementOut], 401: Error}, url_name="expertise_engagement_list")
@paginate(Pagination, page_size=50)
def list_engagements(request):
    return selectors.engagements_for(request.auth).prefetch_related("sessions").order_by("-created_at")


@router.post("/engagements", response={201: EngagementOut, **ERRORS}, url_name="expertise_engagement_create")
def propose_engagement(request, payload: EngagementIn):
    """Introduce an expert to a need (committee staff, or the need's institution)."""
    need = selectors.needs_for(request.auth).filter(pk=payload.need_id).first()
    profile = ExpertProfile.objects.select_related("person").filter(pk=payload.expert_id).first()
    if need is None or profile is None:
        raise NotFound()
    engagement = services.do_propose_engagement(actor=request.auth, need=need, profile=profile, note=payload.note)
    return Status(201, engagement)


@router.get("/engagements/{engagement_id}", response={200: EngagementOut, **ERRORS},
            url_name="expertise_engagement_detail")
def get_engagement(request, engagement_id: uuid.UUID):
    engagement = selectors.engagement_page(request.auth, engagement_id)
    if engagement is None:
        raise NotFound()
    return engagement


@router.post("/engagements/{engagement_id}/actions", response={200: EngagementOut, **ERRORS},
             url_name="expertise_engagement_action")
def engagement_action(request, engagement_id: uuid.UUID, payload: EngagementActionIn):
    """agree | status (in_progress, completed, cancelled) | session | outcome | feedback."""
    engagement = selectors.engagement_page(request.auth, engagement_id)
    if engagement is None:
        raise NotFound()
    user = request.auth
    if payload.action == "agree":
        services.do_agree_engagement(actor=user, engagement=engagement)
    elif payload.action == "status":
        services.do_set_engagement_status(actor=user, engagement=engagement, status=payload.status)
    elif payload.action == "session":
        if payload.held_on is None:
            raise services.ExpertiseInvalid(services._("Give the date of the session."))
        services.do_log_session(actor=user, engagement=engagement, held_on=payload.held_on, hours=payload.hours,
                                topic=payload.topic)
    elif payload.action == "outcome":
        services.do_record_outcome(actor=user, engagement=engagement, kind=payload.kind, count=payload.count,
                                   description=payload.description)
    elif payload.action == "feedback":
        services.do_give_feedback(actor=user, engagement=engagement, rating=payload.rating or 0,
                                  comment=payload.comment)
    else:
        raise services.ExpertiseInvalid(services._("Unknown action."))
    return selectors.engagement_page(request.auth, engagement_id)
