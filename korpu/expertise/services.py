"""Every write of the expertise app: do_<verb>_<noun>(*, actor, ...), audited, in one transaction."""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from korpu.core import audit, permissions
from korpu.core.errors import NotFound, PermissionDenied
from korpu.core.models import AuditAction
from korpu.core.tasks import enqueue_on_commit
from korpu.expertise import matching, orcid, taxonomy
from korpu.expertise.errors import ConsentMissing, ExpertiseError, ExpertiseInvalid
from korpu.expertise.models import (
    Availability,
    Credential,
    CredentialKind,
    CredentialStatus,
    Engagement,
    EngagementSession,
    EngagementStatus,
    ExpertProfile,
    Feedback,
    Need,
    NeedStatus,
    Offer,
    Outcome,
    OutcomeKind,
    ProfileStatus,
    Side,
    Urgency,
    Visibility,
    text_hash,
)

INSTITUTION_KINDS = ("committee", "other")
HOME_COUNTRY = "AZ"
PROFILE_FIELDS = ["headline", "summary", "fields", "degrees", "institution", "country", "languages", "orcid",
                  "publications", "links", "offers", "hours_per_month", "time_zone", "visibility",
                  "contactable", "digest"]
# Fields whose change alters what the match index holds.
INDEXED_FIELDS = {"fields", "languages", "offers", "hours_per_month", "time_zone", "visibility"}
NEED_FIELDS = ["title", "description", "fields", "mode", "work_languages", "urgency", "starts_on", "ends_on",
               "place", "project"]


def _is_system(actor: Any) -> bool:
    return actor == "system"


def _user(actor: Any):
    return actor if getattr(actor, "is_authenticated", False) else None


# --- Validation -----------------------------------------------------------------------------------
def _clean_fields(codes: Iterable[str] | None) -> list[str]:
    codes = [str(c).strip() for c in codes or [] if str(c).strip()]
    if not codes:
        raise ExpertiseInvalid(_("Choose at least one field (an OECD field of science or a medical specialty)."),
                               details={"field": "fields"})
    unknown = [c for c in codes if not taxonomy.is_field(c)]
    if unknown:
        raise ExpertiseInvalid(_("“{code}” is not a field of the taxonomy.").format(code=unknown[0][:40]),
                               details={"field": "fields"})
    return list(dict.fromkeys(codes))


def _clean_languages(codes: Iterable[str] | None, *, what: str) -> list[str]:
    out = [str(c).strip().lower()[:8] for c in codes or [] if str(c).strip()]
    if not out:
        raise ExpertiseInvalid(_("Give at least one language ({what}).").format(what=what),
                               details={"field": "languages"})
    bad = [c for c in out if not re.fullmatch(r"[a-z]{2,3}", c)]
    if bad:
        raise ExpertiseInvalid(_("“{code}” is not a language code such as az, en or ru.").format(code=bad[0]),
                               details={"field": "languages"})
    return list(dict.fromkeys(out))


def _clean_texts(texts: dict | None, *, field_name: str, allowed: Iterable[str] | None = None,
                 required: bool) -> dict[str, str]:
    out: dict[str, str] = {}
    for lang, text in (texts or {}).items():
        lang = str(lang).strip().lower()
        text = str(text or "").strip()
        if not text:
            continue
        if allowed is not None and lang not in allowed:
            raise ExpertiseInvalid(
                _("A description may be written in Azerbaijani, English, Russian, Turkish or Arabic, not “{language}”.")
                .format(language=lang[:10]), details={"field": field_name})
        if lang not in taxonomy.MODEL_LANGUAGES:
            raise ExpertiseInvalid(
                _("The matching model does not read “{language}”, so this text could not be compared by meaning. "
                  "Write it in a language such as Azerbaijani, English or Russian.").format(language=lang[:10]),
                code="language_unknown", details={"field": field_name})
        out[lang] = text[:5000]
    if required and not out:
        raise ExpertiseInvalid(_("Write a description in at least one language."), details={"field": field_name})
    return out


def _clean_zone(name: str) -> str:
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise ExpertiseInvalid(_("“{zone}” is not a time zone such as Europe/Berlin.").format(zone=str(name)[:60]),
                               details={"field": "time_zone"}) from None
    return name


def _clean_country(code: str) -> str:
    from korpu.network import countries

    code = str(code or "").strip().upper()
    if code not in countries.codes():
        raise ExpertiseInvalid(_("“{code}” is not a country code.").format(code=code[:10]), details={"field": "country"})
    return code


def _clean_offers(offers: Iterable[str] | None) -> list[str]:
    out = [str(o) for o in offers or []]
    bad = [o for o in out if o not in Offer.values]
    if bad:
        raise ExpertiseInvalid(_("“{offer}” is not something an expert can offer.").format(offer=bad[0][:40]),
                               details={"field": "offers"})
    if not out:
        raise ExpertiseInvalid(_("Choose at least one thing you offer."), details={"field": "offers"})
    return list(dict.fromkeys(out))


def clean_orcid(value: str) -> str:
    value = (value or "").strip()
    if not value:
        return ""
    canonical = orcid.normalise(value)
    if canonical is None:
        if orcid.has_valid_shape(value):
            raise ExpertiseInvalid(
                _("The ORCID iD {value} has a wrong check digit (ISO 7064 11-2): check it for a typing mistake.")
                .format(value=value[:40]), code="orcid_checksum", details={"field": "orcid"})
        raise ExpertiseInvalid(_("An ORCID iD has 16 digits in four groups, like 0000-0002-1825-0097."),
                               code="orcid_format", details={"field": "orcid"})
    return canonical


def _clean_list_of_dicts(items: Any, keys: tuple[str, ...], limit: int = 50) -> list[dict]:
    out = []
    for item in items or []:
        if isinstance(item, dict):
            clean = {k: str(item.get(k, "") or "")[:500] for k in keys if item.get(k) not in (None, "")}
            if clean:
                out.append(clean)
    return out[:limit]


def clean_profile(data: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if "headline" in data:
        out["headline"] = str(data["headline"] or "").strip()[:200]
        if not out["headline"]:
            raise ExpertiseInvalid(_("Say in one line what you do."), details={"field": "headline"})
    if "summary" in data:
        out["summary"] = _clean_texts(data["summary"], field_name="summary", required=False)
    if "fields" in data:
        out["fields"] = _clean_fields(data["fields"])
    if "degrees" in data:
        out["degrees"] = _clean_list_of_dicts(data["degrees"], ("degree", "subject", "institution", "year"))
    if "institution" in data:
        out["institution"] = str(data["institution"] or "").strip()[:300]
    if "country" in data:
        out["country"] = _clean_country(data["country"])
    if "languages" in data:
        out["languages"] = _clean_languages(data["languages"], what=_("languages you work in"))
    if "orcid" in data:
        out["orcid"] = clean_orcid(data["orcid"])
    if "publications" in data:
        out["publications"] = _clean_list_of_dicts(data["publications"], ("title", "year", "venue", "doi", "url"))
    if "links" in data:
        out["links"] = [str(u)[:500] for u in data["links"] or [] if str(u).startswith(("https://", "http://"))][:20]
    if "offers" in data:
        out["offers"] = _clean_offers(data["offers"])
    if "hours_per_month" in data:
        try:
            hours = int(data["hours_per_month"])
        except (TypeError, ValueError):
            hours = -1
        if not 0 <= hours <= 200:
            raise ExpertiseInvalid(_("Hours per month must be between 0 and 200."), details={"field": "hours_per_month"})
        out["hours_per_month"] = hours
    if "time_zone" in data:
        out["time_zone"] = _clean_zone(str(data["time_zone"] or "UTC"))
    if "visibility" in data:
        if data["visibility"] not in Visibility.values:
            raise ExpertiseInvalid(_("Choose who may see the profile."), details={"field": "visibility"})
        out["visibility"] = data["visibility"]
    for flag in ("contactable", "digest"):
        if flag in data:
            out[flag] = bool(data[flag])
    return out


# --- Profiles -------------------------------------------------------------------------------------
def may_edit_profile(actor: Any, profile: ExpertProfile) -> bool:
    if _is_system(actor):
        return True
    if getattr(actor, "is_authenticated", False) and profile.person.user_id == actor.pk:
        return True
    return permissions.is_platform(actor, "expertise.manage_profiles")


def do_save_profile(*, actor: Any, person, share_with_committee: bool | None = None, **data) -> ExpertProfile:
    """Create or change the expert profile of `person` (the person themselves, or committee staff)."""
    clean = clean_profile(data)
    with transaction.atomic():
        profile = ExpertProfile.objects.select_for_update().filter(person=person).first()
        if profile is None:
            if not (_is_system(actor) or (getattr(actor, "is_authenticated", False) and person.user_id == actor.pk)
                    or permissions.is_platform(actor, "expertise.manage_profiles")):
                raise PermissionDenied()
            for needed in ("headline", "fields", "country", "languages", "offers"):
                if needed not in clean:
                    clean_profile({needed: None})  # raises the field's own message
            clean.setdefault("time_zone", "UTC")
            profile = ExpertProfile(person=person, **clean)
            profile.save()
            audit.record(actor=actor, action=AuditAction.CREATE, obj=profile,
                         changes=audit.snapshot(profile, PROFILE_FIELDS))
            changed = set(clean)
        else:
            if not may_edit_profile(actor, profile):
                raise PermissionDenied()
            before = audit.snapshot(profile, PROFILE_FIELDS)
            for key, value in clean.items():
                setattr(profile, key, value)
            profile.save(update_fields=[*clean, "updated_at"])
            changes = audit.diff(before, audit.snapshot(profile, PROFILE_FIELDS))
            changed = set(changes)
            if changes:
                audit.record(actor=actor, action=AuditAction.UPDATE, obj=profile, changes=changes)
        if share_with_committee is not None:
            _record_consent(actor, person, share_with_committee)
        if changed & INDEXED_FIELDS or share_with_committee is not None:
            matching.bump()
    if profile.embedding_hash != profile.wanted_hash:
        embed_profile(profile)
    return profile


def embed_profile(profile: ExpertProfile) -> None:
    """Embed one saved profile at once (a single text is quick); on failure the background task will."""
    from korpu.expertise.tasks import embed_profiles, embed_rows

    try:
        stored = embed_rows([profile])
    except Exception:  # the model missing must not stop the expert saving
        matching.log.exception("embedding a profile failed")
        stored = 0
    if stored:
        with transaction.atomic():
            matching.bump()
    else:
        enqueue_on_commit(embed_profiles, [str(profile.pk)])


def _record_consent(actor: Any, person, granted: bool) -> None:
    from korpu.network.models import ConsentPurpose, ConsentSource
    from korpu.network.selectors import has_consent
    from korpu.network.services import do_record_consent

    if has_consent(person.pk, ConsentPurpose.SHARE_WITH_COMMITTEE) == granted:
        return
    source = ConsentSource.SELF_SERVICE if getattr(actor, "pk", None) == person.user_id else ConsentSource.OFFICER
    do_record_consent(actor=actor, person=person, purpose=ConsentPurpose.SHARE_WITH_COMMITTEE, granted=granted,
                      source=source)


def _model_name() -> str:
    try:
        from korpu.embeddings import model_name

        return model_name()
    except Exception:
        return ""


def do_set_availability(*, actor: Any, profile: ExpertProfile,
                        periods: Iterable[tuple[dt.date, dt.date]]) -> list[Availability]:
    """Replace the periods in which the expert can give time; no period may lie in the past."""
    if not may_edit_profile(actor, profile):
        raise PermissionDenied()
    today = timezone.localdate()
    clean = []
    for start, end in periods:
        if start is None or end is None:
            raise ExpertiseInvalid(_("Each period needs a start and an end date."), details={"field": "availability"})
        if end < start:
            raise ExpertiseInvalid(_("A period ends ({end}) before it starts ({start}).").format(start=start, end=end),
                                   details={"field": "availability"})
        if end < today:
            raise ExpertiseInvalid(
                _("The period {start} – {end} is in the past: give times from today on.").format(start=start, end=end),
                code="period_in_past", details={"field": "availability"})
        clean.append((max(start, today), end))
    with transaction.atomic():
        profile.availability.all().delete()
        rows = [Availability.objects.create(profile=profile, starts_on=s, ends_on=e) for s, e in sorted(clean)]
        audit.record(actor=actor, action=AuditAction.UPDATE, obj=profile, message="availability",
                     changes={"availability": [[s.isoformat(), e.isoformat()] for s, e in sorted(clean)]})
        matching.bump()
    return rows


def do_set_profile_status(*, actor: Any, profile: ExpertProfile, status: str) -> ExpertProfile:
    """Pause, resume or withdraw an expert (a withdrawn expert is never proposed)."""
    if status not in ProfileStatus.values:
        raise ExpertiseInvalid(_("Unknown status."))
    if not may_edit_profile(actor, profile):
        raise PermissionDenied()
    with transaction.atomic():
        before = profile.status
        profile.status = status
        profile.save(update_fields=["status", "updated_at"])
        audit.record(actor=actor, action=AuditAction.UPDATE, obj=profile, changes={"status": [before, status]})
        matching.bump()
    return profile


def do_upload_credential(*, actor: Any, profile: ExpertProfile, kind: str, title: str, document) -> Credential:
    """Attach a document for the committee to check."""
    if not may_edit_profile(actor, profile):
        raise PermissionDenied()
    if kind not in CredentialKind.values:
        raise ExpertiseInvalid(_("Choose what the document proves."))
    if document is None or getattr(document, "size", 0) == 0:
        raise ExpertiseInvalid(_("Attach the document."), details={"field": "document"})
    if document.size > 10 * 1024 * 1024:
        raise ExpertiseInvalid(_("The document is larger than 10 MB."), details={"field": "document"})
    name = getattr(document, "name", "").lower()
    if not name.endswith((".pdf", ".png", ".jpg", ".jpeg")):
        raise ExpertiseInvalid(_("Upload a PDF, PNG or JPEG file."), details={"field": "document"})
    with transaction.atomic():
        credential = Credential.objects.create(profile=profile, kind=kind, title=str(title)[:200] or kind,
                                               document=document)
        audit.record(actor=actor, action=AuditAction.CREATE, obj=credential)
    return credential


def do_verify_credential(*, actor: Any, credential: Credential, verified: bool, note: str = "") -> Credential:
    """Committee staff record their check of one document (and who checked it, and when)."""
    if not (_is_system(actor) or permissions.is_platform(actor, "expertise.verify_credentials")):
        raise PermissionDenied()
    now = timezone.now()
    with transaction.atomic():
        credential.status = CredentialStatus.VERIFIED if verified else CredentialStatus.REJECTED
        credential.verified_by = _user(actor)
        credential.verified_at = now
        credential.note = note[:300]
        credential.save(update_fields=["status", "verified_by", "verified_at", "note", "updated_at"])
        profile = credential.profile
        if verified:
            profile.credentials_verified_at = now
            profile.credentials_verified_by = _user(actor)
            profile.save(update_fields=["credentials_verified_at", "credentials_verified_by", "updated_at"])
        audit.record(actor=actor, action=AuditAction.UPDATE, obj=credential,
                     changes={"status": credential.status, "note": note[:300]})
    return credential


# --- Needs ----------------------------------------------------------------------------------------
def may_post_for(actor: Any, organisation) -> bool:
    if _is_system(actor) or permissions.is_platform(actor, "expertise.post_need"):
        return True
    return organisation.pk in permissions.organisations_with(actor, "expertise.post_need")


def check_institution(organisation) -> None:
    if organisation.kind not in INSTITUTION_KINDS or organisation.country != HOME_COUNTRY:
        raise ExpertiseError(_("Only institutions at home (hospitals, universities, institutes, ministries in "
                               "Azerbaijan) post needs; “{name}” is not one.").format(name=organisation.name))


def clean_need(data: dict[str, Any], *, partial: bool = False) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if not partial or "title" in data:
        out["title"] = str(data.get("title") or "").strip()[:200]
        if not out["title"]:
            raise ExpertiseInvalid(_("Give the need a title."), details={"field": "title"})
    if not partial or "fields" in data:
        if not data.get("fields"):
            raise ExpertiseInvalid(_("A need must name its field: choose at least one field of science or "
                                     "medical specialty."), code="field_missing", details={"field": "fields"})
        out["fields"] = _clean_fields(data["fields"])
    if not partial or "description" in data:
        out["description"] = _clean_texts(data.get("description"), field_name="description",
                                          allowed=taxonomy.NEED_LANGUAGES, required=True)
    if not partial or "mode" in data:
        if data.get("mode") not in Offer.values:
            raise ExpertiseInvalid(_("Choose what is asked for (lecture, course, consultation…)."),
                                   details={"field": "mode"})
        out["mode"] = data["mode"]
    if not partial or "work_languages" in data:
        out["work_languages"] = _clean_languages(data.get("work_languages"), what=_("languages of work"))
    if "urgency" in data or not partial:
        urgency = data.get("urgency") or Urgency.NORMAL
        if urgency not in Urgency.values:
            raise ExpertiseInvalid(_("Unknown urgency."), details={"field": "urgency"})
        out["urgency"] = urgency
    if not partial or "starts_on" in data or "ends_on" in data:
        start, end = data.get("starts_on"), data.get("ends_on")
        if isinstance(start, str):
            start = dt.date.fromisoformat(start)
        if isinstance(end, str):
            end = dt.date.fromisoformat(end)
        if not start or not end:
            raise ExpertiseInvalid(_("Give the period of the need."), details={"field": "starts_on"})
        if end < start:
            raise ExpertiseInvalid(_("The period ends before it starts."), details={"field": "ends_on"})
        if end < timezone.localdate():
            raise ExpertiseInvalid(_("The period {start} – {end} is in the past.").format(start=start, end=end),
                                   code="period_in_past", details={"field": "ends_on"})
        out["starts_on"], out["ends_on"] = start, end
    if "place" in data:
        out["place"] = str(data.get("place") or "").strip()[:200]
    if data.get("project"):
        out["project_id"] = _clean_project(data["project"])
    elif "project" in data:
        out["project_id"] = None
    return out


def _clean_project(value):
    """The id of an existing Karabakh revival project."""
    import uuid as uuid_mod

    from korpu.revival.models import Project

    try:
        project_id = value if isinstance(value, uuid_mod.UUID) else uuid_mod.UUID(str(getattr(value, "pk", value)))
    except ValueError:
        raise ExpertiseInvalid(_("Unknown revival project."), details={"field": "project"}) from None
    if not Project.objects.filter(pk=project_id).exists():
        raise ExpertiseInvalid(_("Unknown revival project."), details={"field": "project"})
    return project_id


def do_post_need(*, actor: Any, organisation, **data) -> Need:
    """An institution at home posts a need; its embedding is computed at once when the model is loaded."""
    if not may_post_for(actor, organisation):
        raise PermissionDenied()
    check_institution(organisation)
    clean = clean_need(data)
    with transaction.atomic():
        need = Need.objects.create(organisation=organisation, posted_by=_user(actor), **clean)
        audit.record(actor=actor, action=AuditAction.CREATE, obj=need, changes=audit.snapshot(need, NEED_FIELDS))
    embed_need(need)
    return need


def do_update_need(*, actor: Any, need: Need, **data) -> Need:
    if not may_post_for(actor, need.organisation):
        raise PermissionDenied()
    clean = clean_need(data, partial=True)
    with transaction.atomic():
        before = audit.snapshot(need, NEED_FIELDS)
        for key, value in clean.items():
            setattr(need, key, value)
        need.save(update_fields=[*clean, "updated_at"])
        audit.record(actor=actor, action=AuditAction.UPDATE, obj=need,
                     changes=audit.diff(before, audit.snapshot(need, NEED_FIELDS)))
    embed_need(need)
    return need


def do_close_need(*, actor: Any, need: Need) -> Need:
    if not may_post_for(actor, need.organisation):
        raise PermissionDenied()
    with transaction.atomic():
        need.status = NeedStatus.CLOSED
        need.closed_at = timezone.now()
        need.save(update_fields=["status", "closed_at", "updated_at"])
        audit.record(actor=actor, action=AuditAction.UPDATE, obj=need, changes={"status": NeedStatus.CLOSED})
    return need


def embed_need(need: Need) -> None:
    """Store the need's vector (derived data, not audited); a failure leaves it to the next match."""
    try:
        from korpu.embeddings import embed, model_name

        model = model_name()
        text = need.match_text()
        digest = text_hash(text, model)
        if need.embedding_hash == digest:
            return
        vector = embed([text])[0]
    except Exception:  # the model missing must not stop the institution posting
        matching.log.exception("embedding a need failed")
        return
    Need.objects.filter(pk=need.pk).update(embedding=vector.astype("float32").tobytes(), embedding_model=model,
                                           embedding_hash=digest)
    need.embedding, need.embedding_model, need.embedding_hash = vector.astype("float32").tobytes(), model, digest


# --- Engagements ----------------------------------------------------------------------------------
def is_institution_side(actor: Any, need: Need) -> bool:
    return need.organisation_id in permissions.organisations_with(actor, "expertise.manage_engagements")


def is_expert_side(actor: Any, engagement: Engagement) -> bool:
    expert = engagement.expert
    return bool(expert and getattr(actor, "is_authenticated", False) and expert.person.user_id == actor.pk)


def is_staff(actor: Any) -> bool:
    return _is_system(actor) or permissions.is_platform(actor, "expertise.manage_engagements")


def check_proposable(profile: ExpertProfile, *, for_institution: bool) -> None:
    from korpu.network.models import ConsentPurpose
    from korpu.network.selectors import has_consent

    if profile.status != ProfileStatus.ACTIVE:
        raise ExpertiseError(_("This expert has paused or withdrawn their profile."), code="expert_unavailable")
    if profile.visibility == Visibility.PRIVATE or (for_institution and profile.visibility != Visibility.INSTITUTIONS):
        raise ExpertiseError(_("This expert's profile is not open to you."), code="not_visible")
    if not profile.contactable:
        raise ExpertiseError(_("This expert does not wish to be contacted."), code="not_contactable")
    if profile.person.erased_at or not has_consent(profile.person_id, ConsentPurpose.SHARE_WITH_COMMITTEE):
        raise ConsentMissing()


def do_propose_engagement(*, actor: Any, need: Need, profile: ExpertProfile, note: str = "") -> Engagement:
    """Introduce an expert to a need: committee staff, or the institution itself."""
    staff = is_staff(actor)
    institution = is_institution_side(actor, need)
    if not (staff or institution):
        raise PermissionDenied()
    if need.status == NeedStatus.CLOSED:
        raise ExpertiseError(_("This need is closed."))
    check_proposable(profile, for_institution=not staff)
    if Engagement.objects.filter(need=need, expert=profile).exclude(status=EngagementStatus.CANCELLED).exists():
        raise ExpertiseError(_("This expert has already been introduced to this need."), code="duplicate")
    with transaction.atomic():
        engagement = Engagement.objects.create(
            need=need, expert=profile, expert_country=profile.country, proposed_by=_user(actor), note=note[:2000],
            institution_agreed_at=timezone.now() if institution else None)
        audit.record(actor=actor, action=AuditAction.CREATE, obj=engagement,
                     changes={"need": str(need.pk), "expert": str(profile.pk)})
    return engagement


def do_agree_engagement(*, actor: Any, engagement: Engagement) -> Engagement:
    """One side agrees; when both have, the engagement is agreed."""
    now = timezone.now()
    with transaction.atomic():
        engagement = (Engagement.objects.select_for_update(of=("self",)).select_related("need", "expert__person")
                      .get(pk=engagement.pk))
        if engagement.status != EngagementStatus.PROPOSED:
            raise ExpertiseError(_("Only a proposed engagement can be agreed to."))
        changed = []
        if is_expert_side(actor, engagement) and not engagement.expert_agreed_at:
            assert engagement.expert is not None  # is_expert_side
            check_proposable(engagement.expert, for_institution=False)
            engagement.expert_agreed_at = now
            changed.append("expert_agreed_at")
        if is_institution_side(actor, engagement.need) and not engagement.institution_agreed_at:
            engagement.institution_agreed_at = now
            changed.append("institution_agreed_at")
        if not changed:
            if is_expert_side(actor, engagement) or is_institution_side(actor, engagement.need):
                return engagement
            raise PermissionDenied()
        if engagement.expert_agreed_at and engagement.institution_agreed_at:
            engagement.status = EngagementStatus.AGREED
            changed.append("status")
            Need.objects.filter(pk=engagement.need_id, status=NeedStatus.OPEN).update(status=NeedStatus.MATCHED)
        engagement.save(update_fields=[*changed, "updated_at"])
        audit.record(actor=actor, action=AuditAction.UPDATE, obj=engagement, changes={k: True for k in changed})
    return engagement


def may_manage(actor: Any, engagement: Engagement) -> bool:
    return is_staff(actor) or is_institution_side(actor, engagement.need) or is_expert_side(actor, engagement)


def do_set_engagement_status(*, actor: Any, engagement: Engagement, status: str) -> Engagement:
    """Start, complete or cancel an engagement (either side, or committee staff)."""
    if not may_manage(actor, engagement):
        raise PermissionDenied()
    if status not in EngagementStatus.values or status in (EngagementStatus.PROPOSED, EngagementStatus.AGREED):
        raise ExpertiseInvalid(_("An engagement can be started, completed or cancelled here."))
    if not engagement.may_become(status):
        raise ExpertiseError(_("An engagement that is “{current}” cannot become “{wanted}”.").format(
            current=EngagementStatus(engagement.status).label, wanted=EngagementStatus(status).label), code="status")
    now = timezone.now()
    with transaction.atomic():
        before = engagement.status
        engagement.status = status
        fields = ["status", "updated_at"]
        if status == EngagementStatus.IN_PROGRESS:
            engagement.started_at = now
            fields.append("started_at")
        else:
            engagement.ended_at = now
            fields.append("ended_at")
        engagement.save(update_fields=fields)
        audit.record(actor=actor, action=AuditAction.UPDATE, obj=engagement, changes={"status": [before, status]})
        if status == EngagementStatus.COMPLETED:
            matching.bump()  # the track record is part of the score
    return engagement


def do_log_session(*, actor: Any, engagement: Engagement, held_on: dt.date, hours: Any, topic: str = "") -> EngagementSession:
    if not may_manage(actor, engagement):
        raise PermissionDenied()
    if engagement.status not in (EngagementStatus.AGREED, EngagementStatus.IN_PROGRESS, EngagementStatus.COMPLETED):
        raise ExpertiseError(_("Sessions are logged once both sides have agreed."))
    try:
        hours_value = Decimal(str(hours)).quantize(Decimal("0.1"))
    except (InvalidOperation, ValueError):
        hours_value = Decimal(0)
    if not Decimal("0") < hours_value <= Decimal("24"):
        raise ExpertiseInvalid(_("A session lasts more than 0 and at most 24 hours."), details={"field": "hours"})
    if held_on > timezone.localdate() + dt.timedelta(days=1):
        raise ExpertiseInvalid(_("A session is logged after it was held, not before."), details={"field": "held_on"})
    with transaction.atomic():
        session = EngagementSession.objects.create(engagement=engagement, held_on=held_on, hours=hours_value,
                                                   topic=str(topic)[:200])
        audit.record(actor=actor, action=AuditAction.CREATE, obj=session,
                     changes={"engagement": str(engagement.pk), "hours": str(hours_value)})
    return session


# Patterns that suggest a patient could be identified: dates of birth, record or ID numbers,
# "patient <Name>". Outcomes are counts and short descriptions only.
_IDENTIFYING = [
    re.compile(r"\b\d{1,2}[./-]\d{1,2}[./-](19|20)\d{2}\b"),
    re.compile(r"\b\d{6,}\b"),
    re.compile(r"\b[A-Z]{2,3}\d{5,}\b"),
    re.compile(r"(?i)\b(patient|pasiyent|xəstə|пациент|больн\w*|hasta|مريض)\s*[:#]?\s*\w*[A-ZƏÖÜĞÇŞİА-ЯЁ]\w+"),
    re.compile(r"(?i)\b(d\.?o\.?b|date of birth|doğum tarixi|дата рождения|doğum tarihi)\b"),
]


def looks_identifying(text: str) -> bool:
    return any(p.search(text or "") for p in _IDENTIFYING)


def do_record_outcome(*, actor: Any, engagement: Engagement, kind: str, count: int = 1,
                      description: str = "") -> Outcome:
    """Record a result: counts and a short description, never data that identifies a patient."""
    if not may_manage(actor, engagement):
        raise PermissionDenied()
    if kind not in OutcomeKind.values:
        raise ExpertiseInvalid(_("Unknown kind of outcome."), details={"field": "kind"})
    try:
        count = int(count)
    except (TypeError, ValueError):
        count = -1
    if count < 0 or count > 1_000_000:
        raise ExpertiseInvalid(_("Give how many, as a whole number."), details={"field": "count"})
    if looks_identifying(description):
        raise ExpertiseInvalid(_("The description seems to identify a patient (a name, a date of birth or a record "
                                 "number). Record counts only."), code="patient_data", details={"field": "description"})
    with transaction.atomic():
        outcome = Outcome.objects.create(engagement=engagement, kind=kind, count=count, description=description[:500])
        audit.record(actor=actor, action=AuditAction.CREATE, obj=outcome,
                     changes={"kind": kind, "count": count, "description": description[:500]})
    return outcome


def do_give_feedback(*, actor: Any, engagement: Engagement, rating: int, comment: str = "") -> Feedback:
    """The expert or the institution rates an engagement (once each; a second time replaces it)."""
    if is_expert_side(actor, engagement):
        side = Side.EXPERT
    elif is_institution_side(actor, engagement.need):
        side = Side.INSTITUTION
    else:
        raise PermissionDenied()
    if engagement.status not in (EngagementStatus.IN_PROGRESS, EngagementStatus.COMPLETED):
        raise ExpertiseError(_("Feedback is given once the work has started."))
    try:
        rating = int(rating)
    except (TypeError, ValueError):
        rating = 0
    if not 1 <= rating <= 5:
        raise ExpertiseInvalid(_("Rate from 1 to 5."), details={"field": "rating"})
    with transaction.atomic():
        feedback, _created = Feedback.objects.update_or_create(
            engagement=engagement, side=side, defaults={"rating": rating, "comment": comment[:4000],
                                                        "author": _user(actor)})
        audit.record(actor=actor, action=AuditAction.UPDATE, obj=feedback, changes={"rating": rating})
        matching.bump()
    return feedback


# --- The expert's digest ---------------------------------------------------------------------------
def do_record_digest_sent(*, actor: Any, sent: Iterable[tuple[Any, Any]]) -> int:
    """Remember which needs were e-mailed to which experts, so none is sent twice (one audit row per batch)."""
    from korpu.expertise.models import DigestEntry

    now = timezone.now()
    rows = [DigestEntry(profile_id=profile_id, need_id=need_id, sent_at=now) for profile_id, need_id in sent]
    if not rows:
        return 0
    with transaction.atomic():
        DigestEntry.objects.bulk_create(rows, batch_size=1000, ignore_conflicts=True)
        audit.record(actor=actor, action=AuditAction.CREATE, object_type="expertise.digestentry",
                     message="digest sent", changes={"experts": len({r.profile_id for r in rows}),
                                                     "needs": len(rows)})
    return len(rows)


def do_unsubscribe_digest(*, actor: Any, token: str) -> ExpertProfile:
    """Switch the expert's digest off from the signed link in the e-mail (no sign-in needed)."""
    from korpu.expertise.mail import profile_id_from

    profile_id = profile_id_from(token)
    with transaction.atomic():
        profile = (ExpertProfile.objects.select_for_update().filter(pk=profile_id).first()
                   if profile_id else None)
        if profile is None:
            raise NotFound(_("This unsubscribe link is not valid."))
        if profile.digest:
            profile.digest = False
            profile.save(update_fields=["digest", "updated_at"])
            audit.record(actor=actor if getattr(actor, "is_authenticated", False) else "unsubscribe link",
                         action=AuditAction.UPDATE, obj=profile, changes={"digest": [True, False]})
    return profile


# --- Registry signals -----------------------------------------------------------------------------
def on_person_erased(sender, person_id, **kwargs) -> None:
    """Drop the expert's profile (and so their documents, periods and vectors); engagements stay as
    anonymous counts for the dashboard."""
    profile = ExpertProfile.objects.filter(person_id=person_id).first()
    if profile is None:
        return
    for credential in profile.credentials.all():
        credential.document.delete(save=False)
    Feedback.objects.filter(engagement__expert=profile, side=Side.EXPERT).update(comment="")
    Engagement.objects.filter(expert=profile).update(expert=None)
    audit.redact_values(object_type=audit.object_type_of(ExpertProfile), object_id=profile.pk,
                        values=[profile.headline, profile.institution, profile.orcid,
                                *[t for t in (profile.summary or {}).values()]])
    audit.record(actor="system", action=AuditAction.ERASE, obj=profile, object_repr="[erased]")
    profile.delete()
    matching.bump()


def on_persons_merged(sender, survivor_id, merged_id, **kwargs) -> None:
    """Keep the merged person's profile by moving it to the survivor when the survivor has none."""
    if ExpertProfile.objects.filter(person_id=survivor_id).exists():
        return
    moved = ExpertProfile.objects.filter(person_id=merged_id).update(person_id=survivor_id)
    if moved:
        audit.record(actor="system", action=AuditAction.UPDATE, object_type="expertise.expertprofile",
                     object_id=str(survivor_id), message="profile moved to the surviving person")
        matching.bump()
