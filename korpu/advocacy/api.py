"""Advocacy's API: officials and bodies (public), interactions (the organisations involved and
committee staff), campaigns, supporters' actions, petition signatures and outcomes."""


import csv
import datetime as dt
import io
import uuid

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Router
from ninja.pagination import paginate
from ninja.responses import Status

from korpu.advocacy import selectors, services
from korpu.advocacy.models import (
    Action,
    ActionKind,
    Body,
    Campaign,
    FollowUp,
    ImportBatch,
    Official,
)
from korpu.advocacy.schemas import (
    ActionIn,
    ActionOut,
    AdvocacyCampaignIn,
    AdvocacyCampaignOut,
    BodyOut,
    ConfirmIn,
    ConfirmOut,
    FollowUpIn,
    FollowUpOut,
    ImportIn,
    ImportOut,
    InteractionIn,
    InteractionOut,
    LetterIn,
    LetterOut,
    OfficialIn,
    OfficialOut,
    OutcomeIn,
    OutcomeOut,
    ScorecardOut,
    SignatureIn,
    SignatureOut,
    SignatureRowOut,
)
from korpu.api import Error, Pagination, optional, signed_in
from korpu.core import permissions
from korpu.core.errors import PermissionDenied

router = Router(tags=["advocacy"], auth=optional)


def _actor(request):
    return request.auth if request.auth is not True else None


def _require_any(actor, *perms: str) -> None:
    if not any(permissions.has_perm(actor, p) for p in perms):
        raise PermissionDenied()


def _organisation(organisation_id):
    from korpu.network.models import Organisation

    return get_object_or_404(Organisation, pk=organisation_id)


def official_out(o: Official) -> dict:
    roles = getattr(o, "current_roles", None)
    if roles is None:
        roles = list(o.roles.select_related("body", "constituency", "party"))
    return {"id": o.id, "name": o.name, "other_names": o.other_names, "country": o.country, "email": o.email,
            "address": o.address, "phone": o.phone, "website": o.website, "positions": o.positions,
            "roles": [{"body_id": r.body_id, "body": r.body.name, "label": r.label,
                       "constituency": r.constituency.name if r.constituency else None,
                       "party": r.party.name if r.party else None, "start_date": r.start_date,
                       "end_date": r.end_date} for r in roles]}


def interaction_out(i) -> dict:
    return {"id": i.id, "kind": i.kind, "occurred_on": i.occurred_on, "country": i.country, "topic": i.topic,
            "asked": i.asked, "promised": i.promised, "visibility": i.visibility,
            "organisation_id": i.organisation_id, "organisation_ids": [o.pk for o in i.organisations.all()],
            "official_ids": [o.pk for o in i.officials.all()], "body_ids": [b.pk for b in i.bodies.all()],
            "campaign_id": i.campaign_id, "follow_ups": list(i.follow_ups.all())}


def campaign_out(c: Campaign) -> dict:
    return {"id": c.id, "title": c.title, "issue": c.issue, "summary": c.summary, "goals": c.goals, "asks": c.asks,
            "country": c.country, "status": c.status, "is_public": c.is_public, "starts_on": c.starts_on,
            "ends_on": c.ends_on, "organisation_id": c.organisation_id,
            "organisation_ids": [o.pk for o in c.organisations.all()]}


def action_out(a: Action) -> dict:
    count = selectors.signature_count(a) if a.kind == ActionKind.PETITION else selectors.letter_count(a)
    return {"id": a.id, "campaign_id": a.campaign_id, "kind": a.kind, "title": a.title, "text": a.text,
            "country": a.country, "body_id": a.body_id, "goal": a.goal, "is_open": a.is_open, "count": count}


def outcome_out(o) -> dict:
    return {"id": o.id, "kind": o.kind, "stance": o.stance, "title": o.title, "occurred_on": o.occurred_on,
            "country": o.country, "official_id": o.official_id, "body_id": o.body_id, "source_url": o.source_url,
            "is_public": o.is_public, "campaign_ids": [c.pk for c in o.campaigns.all()]}


# --- Officials and bodies -----------------------------------------------------------------------
@router.get("/officials", response={200: list[OfficialOut], 401: Error}, url_name="advocacy_official_list")
@paginate(Pagination, page_size=50)
def list_officials(request, q: str = "", country: str = "", body_id: uuid.UUID | None = None):
    """Officials of any country (public-position data); `q` matches names across scripts."""
    return [official_out(o) for o in selectors.officials(q=q[:200], country=country[:2], body_id=body_id)]


@router.post("/officials", response={201: OfficialOut, 401: Error, 403: Error, 409: Error, 422: Error},
             auth=signed_in, url_name="advocacy_official_create")
def create_official(request, payload: OfficialIn):
    """Add one official by hand (refused when the same person is already listed)."""
    official = services.do_create_official(actor=request.auth, **payload.dict())
    return Status(201, official_out(official))


@router.post("/officials/import", response={200: ImportOut, 201: ImportOut, 401: Error, 403: Error, 409: Error,
                                            422: Error}, auth=signed_in, url_name="advocacy_official_import")
def import_officials(request, payload: ImportIn):
    """Check a Popolo JSON or CSV file (preview), and import it whole when `apply` and no errors."""
    batch = services.do_preview_import(actor=request.auth, kind=payload.kind, country=payload.country,
                                       raw=payload.content.encode(), ignore_unknown=payload.ignore_unknown)
    out = {"id": batch.id, "kind": batch.kind, "country": batch.country, "report": batch.report, "applied": False}
    if payload.apply:
        out["counts"] = services.do_apply_import(actor=request.auth, batch=batch)
        out["applied"] = True
        return Status(201, out)
    return Status(200, out)


@router.post("/officials/import/{batch_id}/apply", response={201: ImportOut, 401: Error, 403: Error, 404: Error,
                                                             409: Error, 422: Error},
             auth=signed_in, url_name="advocacy_import_apply")
def apply_import(request, batch_id: uuid.UUID):
    """Import a previewed file (all or nothing)."""
    batch = get_object_or_404(ImportBatch, pk=batch_id, created_by=request.auth)
    counts = services.do_apply_import(actor=request.auth, batch=batch)
    return Status(201, {"id": batch.id, "kind": batch.kind, "country": batch.country, "report": batch.report,
                        "applied": True, "counts": counts})


@router.get("/officials/{official_id}", response={200: OfficialOut, 401: Error, 404: Error},
            url_name="advocacy_official_detail")
def get_official(request, official_id: uuid.UUID):
    return official_out(get_object_or_404(Official, pk=official_id))


@router.get("/officials/{official_id}/scorecard", response={200: ScorecardOut, 401: Error, 404: Error},
            url_name="advocacy_official_scorecard")
def official_scorecard(request, official_id: uuid.UUID):
    """Outcomes by stance, interactions you may read, supporters' letters."""
    return selectors.scorecard(_actor(request), get_object_or_404(Official, pk=official_id))


@router.get("/bodies", response={200: list[BodyOut], 401: Error}, url_name="advocacy_body_list")
@paginate(Pagination, page_size=100)
def list_bodies(request, country: str = "", kind: str = ""):
    """Parliaments, committees, governments, councils, parties and friendship groups."""
    return selectors.bodies(country=country[:2], kind=kind[:20])


@router.get("/bodies/{body_id}", response={200: BodyOut, 401: Error, 404: Error}, url_name="advocacy_body_detail")
def get_body(request, body_id: uuid.UUID):
    return get_object_or_404(Body, pk=body_id)


# --- Interactions -------------------------------------------------------------------------------
INTERACTION_READERS = ("advocacy.view_interaction", "advocacy.view_committee_interactions")


@router.get("/interactions", response={200: list[InteractionOut], 401: Error, 403: Error}, auth=signed_in,
            url_name="advocacy_interaction_list")
@paginate(Pagination, page_size=50)
def list_interactions(request, country: str = "", official_id: uuid.UUID | None = None,
                      campaign_id: uuid.UUID | None = None):
    """Interactions of your organisations (and, for committee staff, those shared with the committee)."""
    _require_any(request.auth, *INTERACTION_READERS)
    rows = selectors.interaction_list(request.auth, country=country[:2], official_id=official_id,
                                      campaign_id=campaign_id).prefetch_related("follow_ups")
    return [interaction_out(i) for i in rows]


@router.post("/interactions", response={201: InteractionOut, 401: Error, 403: Error, 404: Error, 422: Error},
             auth=signed_in, url_name="advocacy_interaction_create")
def create_interaction(request, payload: InteractionIn):
    data = payload.dict()
    organisation = _organisation(data.pop("organisation_id"))
    campaign_id = data.pop("campaign_id")
    campaign = get_object_or_404(selectors.campaigns_for(request.auth), pk=campaign_id) if campaign_id else None
    follow_ups = [(f["description"], f["due_on"]) for f in data.pop("follow_ups")]
    interaction = services.do_record_interaction(actor=request.auth, organisation=organisation, campaign=campaign,
                                                 follow_ups=follow_ups, **data)
    return Status(201, interaction_out(interaction))


@router.get("/interactions/register", response={200: None, 401: Error, 403: Error, 422: Error}, auth=signed_in,
            url_name="advocacy_register_export")
def register_export(request, country: str = "", since: dt.date | None = None, until: dt.date | None = None):
    """Meetings for a lobbying transparency register, as CSV (date, official, topic, organisation)."""
    _require_any(request.auth, "advocacy.export_register")
    return register_csv(request.auth, country=country[:2], since=since, until=until)


def register_csv(actor, *, country: str, since, until) -> HttpResponse:
    services.record_register_export(actor=actor, filters={"country": country, "since": str(since or ""),
                                                          "until": str(until or "")})
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["date", "country", "kind", "official", "body", "topic", "organisations"])
    writer.writerows(selectors.register_rows(actor, country=country, since=since, until=until))
    name = f"korpu-lobbying-register-{country or 'all'}-{since or 'start'}-{until or 'now'}.csv"
    response = HttpResponse(buffer.getvalue().encode("utf-8-sig"), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@router.get("/interactions/{interaction_id}", response={200: InteractionOut, 401: Error, 403: Error, 404: Error},
            auth=signed_in, url_name="advocacy_interaction_detail")
def get_interaction(request, interaction_id: uuid.UUID):
    _require_any(request.auth, *INTERACTION_READERS)
    return interaction_out(get_object_or_404(selectors.interactions_for(request.auth), pk=interaction_id))


@router.post("/interactions/{interaction_id}/follow-ups", response={201: FollowUpOut, 401: Error, 403: Error,
                                                                    404: Error, 422: Error},
             auth=signed_in, url_name="advocacy_follow_up_create")
def add_follow_up(request, interaction_id: uuid.UUID, payload: FollowUpIn):
    interaction = get_object_or_404(selectors.interactions_for(request.auth), pk=interaction_id)
    return Status(201, services.do_add_follow_up(actor=request.auth, interaction=interaction, **payload.dict()))


@router.post("/follow-ups/{follow_up_id}/done", response={200: FollowUpOut, 401: Error, 403: Error, 404: Error},
             auth=signed_in, url_name="advocacy_follow_up_done")
def complete_follow_up(request, follow_up_id: uuid.UUID):
    item = get_object_or_404(FollowUp.objects.filter(interaction__in=selectors.interactions_for(request.auth)),
                             pk=follow_up_id)
    return services.do_complete_follow_up(actor=request.auth, follow_up=item)


# --- Campaigns and actions ----------------------------------------------------------------------
@router.get("/advocacy-campaigns", response={200: list[AdvocacyCampaignOut], 401: Error},
            url_name="advocacy_campaign_list")
@paginate(Pagination, page_size=50)
def list_campaigns(request):
    """Public campaigns, and those of your organisations."""
    return [campaign_out(c) for c in selectors.campaign_list(_actor(request))]


@router.post("/advocacy-campaigns", response={201: AdvocacyCampaignOut, 401: Error, 403: Error, 404: Error, 422: Error},
             auth=signed_in, url_name="advocacy_campaign_create")
def create_campaign(request, payload: AdvocacyCampaignIn):
    data = payload.dict()
    organisation = _organisation(data.pop("organisation_id"))
    campaign = services.do_create_campaign(actor=request.auth, organisation=organisation, **data)
    return Status(201, campaign_out(campaign))


@router.get("/advocacy-campaigns/{campaign_id}", response={200: AdvocacyCampaignOut, 401: Error, 404: Error},
            url_name="advocacy_campaign_detail")
def get_campaign(request, campaign_id: uuid.UUID):
    return campaign_out(get_object_or_404(selectors.campaigns_for(_actor(request)), pk=campaign_id))


@router.get("/actions", response={200: list[ActionOut], 401: Error}, url_name="advocacy_action_list")
@paginate(Pagination, page_size=50)
def list_actions(request):
    """Open letter actions and petitions (and, for organisers, their closed ones)."""
    return [action_out(a) for a in selectors.actions_for(_actor(request)).order_by("-created_at")]


@router.post("/actions", response={201: ActionOut, 401: Error, 403: Error, 404: Error, 422: Error}, auth=signed_in,
             url_name="advocacy_action_create")
def create_action(request, payload: ActionIn):
    data = payload.dict()
    campaign = get_object_or_404(selectors.campaigns_for(request.auth), pk=data.pop("campaign_id"))
    body_id = data.pop("body_id")
    body = get_object_or_404(Body, pk=body_id) if body_id else None
    return Status(201, action_out(services.do_create_action(actor=request.auth, campaign=campaign, body=body, **data)))


@router.get("/actions/{action_id}", response={200: ActionOut, 401: Error, 404: Error},
            url_name="advocacy_action_detail")
def get_action(request, action_id: uuid.UUID):
    return action_out(get_object_or_404(selectors.actions_for(_actor(request)), pk=action_id))


@router.get("/actions/{action_id}/representatives", response={200: list[OfficialOut], 401: Error, 404: Error},
            url_name="advocacy_representatives")
def action_representatives(request, action_id: uuid.UUID, postcode: str = ""):
    """Whom a supporter may write to: by postcode (the organisation's constituency table), else the list."""
    action = get_object_or_404(selectors.public_actions(), pk=action_id, kind=ActionKind.LETTER)
    found = selectors.representatives(action, postcode[:20]) if postcode else list(selectors.action_officials(action))
    return [official_out(o) for o in found]


@router.post("/actions/{action_id}/letters", response={200: None, 201: LetterOut, 400: Error, 401: Error,
                                                       404: Error, 422: Error},
             url_name="advocacy_letter_create")
def write_letter(request, action_id: uuid.UUID, payload: LetterIn):
    """A supporter's letter: `email` delivery waits for the supporter to confirm their address;
    `pdf` answers the printable letter."""
    action = get_object_or_404(selectors.public_actions(), pk=action_id)
    official = get_object_or_404(Official, pk=payload.official_id)
    letter = services.do_write_letter(action=action, official=official, name=payload.name, email=payload.email,
                                      text=payload.text, delivery=payload.delivery, language=payload.language)
    if payload.delivery == "pdf":
        from korpu.advocacy.pdf import letter_pdf

        response = HttpResponse(letter_pdf(letter), content_type="application/pdf")
        response["Content-Disposition"] = 'attachment; filename="letter.pdf"'
        return response
    return Status(201, {"id": letter.id, "status": letter.status,
                        "message": _("Check your e-mail: the letter is sent once you open the link we sent you.")})


@router.post("/letters/confirm", response={200: ConfirmOut, 401: Error, 404: Error, 409: Error},
             url_name="advocacy_letter_confirm")
def confirm_letter(request, payload: ConfirmIn):
    services.do_confirm_letter(token=payload.token)
    return {"status": "confirmed", "message": _("Thank you: your letter is on its way.")}


@router.post("/petitions/{action_id}/signatures", response={200: SignatureOut, 201: SignatureOut, 400: Error,
                                                             401: Error, 404: Error, 422: Error},
             url_name="advocacy_signature_create")
def sign_petition(request, action_id: uuid.UUID, payload: SignatureIn):
    """Sign a petition. It counts once the e-mailed link is opened; signing again with the same
    address adds nothing."""
    action = get_object_or_404(selectors.public_actions().select_related("campaign"), pk=action_id)
    signature, created = services.do_sign_petition(action=action, name=payload.name, email=payload.email,
                                                   country=payload.country, language=payload.language)
    if signature.confirmed_at:
        return Status(200, {"status": "confirmed", "new": False, "message": _("You have already signed; thank you.")})
    message = (_("Check your e-mail and open the link to confirm your signature.") if created
               else _("You signed before: we sent the confirmation link again."))
    return Status(201 if created else 200, {"status": "pending", "new": created, "message": message})


@router.get("/petitions/{action_id}/signatures", response={200: list[SignatureRowOut], 401: Error, 403: Error,
                                                            404: Error},
            auth=signed_in, url_name="advocacy_signature_list")
@paginate(Pagination, page_size=500)
def list_signatures(request, action_id: uuid.UUID):
    """Confirmed signatures for delivery (name, country, date): organisers of the campaign only."""
    action = get_object_or_404(selectors.actions_for(request.auth), pk=action_id, kind=ActionKind.PETITION)
    permissions.require(request.auth, "advocacy.export_signatures", action.campaign)
    services.record_signature_export(actor=request.auth, action=action)
    return [{"name": n, "country": c, "confirmed_at": at} for n, c, at in selectors.signatures_for_delivery(action)]


@router.post("/petitions/signatures/confirm", response={200: ConfirmOut, 401: Error, 404: Error, 409: Error},
             url_name="advocacy_signature_confirm")
def confirm_signature(request, payload: ConfirmIn):
    """Confirm a signature from the e-mailed link; a second confirmation answers 409 and counts nothing."""
    signature = services.do_confirm_signature(token=payload.token)
    return {"status": "confirmed", "message": _("Thank you: your signature is counted."),
            "count": selectors.signature_count(signature.action)}


# --- Outcomes ---------------------------------------------------------------------------------
@router.get("/outcomes", response={200: list[OutcomeOut], 401: Error}, url_name="advocacy_outcome_list")
@paginate(Pagination, page_size=50)
def list_outcomes(request, country: str = "", official_id: uuid.UUID | None = None):
    return [outcome_out(o) for o in selectors.outcome_list(_actor(request), country=country[:2],
                                                           official_id=official_id)]


@router.post("/outcomes", response={201: OutcomeOut, 401: Error, 403: Error, 404: Error, 422: Error},
             auth=signed_in, url_name="advocacy_outcome_create")
def create_outcome(request, payload: OutcomeIn):
    data = payload.dict()
    organisation = _organisation(data.pop("organisation_id"))
    official_id, body_id = data.pop("official_id"), data.pop("body_id")
    official = get_object_or_404(Official, pk=official_id) if official_id else None
    body = get_object_or_404(Body, pk=body_id) if body_id else None
    outcome = services.do_record_outcome(actor=request.auth, organisation=organisation, official=official,
                                         body=body, **data)
    return Status(201, outcome_out(outcome))


__all__ = ["router", "register_csv"]
