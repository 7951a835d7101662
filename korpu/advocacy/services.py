"""Every advocacy write: do_<verb>_<noun>(*, actor, ...) in one transaction with its audit row."""

from __future__ import annotations

import datetime as dt
import hmac
import secrets
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import EmailValidator
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from korpu import names
from korpu.advocacy import importing
from korpu.advocacy.errors import (
    AdvocacyError,
    AlreadyConfirmed,
    ImportRejected,
    InvalidSupporterInput,
    NoAddress,
    UnknownToken,
)
from korpu.advocacy.models import (
    Action,
    ActionKind,
    Attachment,
    Body,
    Campaign,
    CampaignStatus,
    Constituency,
    FollowUp,
    ImportBatch,
    ImportKind,
    Interaction,
    InteractionKind,
    IssueKind,
    Letter,
    LetterStatus,
    Official,
    OfficialKey,
    Outcome,
    OutcomeKind,
    PostcodeArea,
    Role,
    Signature,
    Stance,
    Visibility,
)
from korpu.core import audit, permissions
from korpu.core.errors import Conflict, PermissionDenied, ValidationFailed
from korpu.core.models import AuditAction
from korpu.core.tasks import enqueue_on_commit, enqueue_with_write

PUBLIC_ACTOR = "public"
MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
MAX_LETTER_CHARS = 6000


# --- Confirmation tokens ------------------------------------------------------------------------
# A token is a random nonce (stored) plus its HMAC under SECRET_KEY (not stored): a copy of the
# database alone cannot confirm anything, and tasks need only the row id to rebuild the link.
def _nonce() -> str:
    return secrets.token_urlsafe(18)[:24]


def token_for(nonce: str) -> str:
    """The confirmation token e-mailed for a row's nonce."""
    return f"{nonce}.{salted_hmac('korpu.advocacy.confirm', nonce, algorithm='sha256').hexdigest()[:20]}"


def _nonce_of(token: str) -> str:
    nonce, _sep, mac = (token or "").strip().partition(".")
    if (not nonce or len(nonce) > 32 or not f"{nonce}.{mac}".isascii()
            or not hmac.compare_digest(token_for(nonce), f"{nonce}.{mac}")):
        raise UnknownToken()
    return nonce


# --- Officials and bodies -------------------------------------------------------------------------
def _index_official(official: Official) -> None:
    keys: set[str] = set()
    for form in [official.name, *official.other_names]:
        keys.update(k[:64] for k in names.search_keys(form))
    OfficialKey.objects.filter(official=official).delete()
    OfficialKey.objects.bulk_create([OfficialKey(official=official, key=k) for k in sorted(keys)])


def find_official(country: str, name: str, others: Iterable[str] = ()) -> tuple[Official | None, str]:
    """The existing official in `country` who is the same person as `name` (any script), and why."""
    forms = [name, *others]
    keys = {k for form in forms for k in names.query_keys(form)}
    if not keys:
        return None, ""
    candidate_ids = list(
        OfficialKey.objects.filter(key__in=keys, official__country=country)
        .values_list("official_id", flat=True).distinct()[:200]
    )
    best: tuple[float, Official | None, str] = (0.0, None, "")
    for official in Official.objects.filter(pk__in=candidate_ids):
        for mine in forms:
            for theirs in [official.name, *official.other_names]:
                result = names.compare(mine, theirs)
                if result.same and result.score > best[0]:
                    best = (result.score, official, result.reason)
    return best[1], best[2]


def _check_country(country: str) -> str:
    from korpu.network import countries

    code = (country or "").strip().upper()
    if not countries.is_valid(code):
        raise ValidationFailed(_("“{code}” is not a country code (ISO 3166-1, e.g. DE).").format(code=code[:10]))
    return code


def do_create_official(*, actor, country: str, name: str, email: str = "", address: str = "", phone: str = "",
                       website: str = "", other_names: Iterable[str] = (), positions: dict | None = None) -> Official:
    """Add one official by hand; refuses a second record of the same person."""
    permissions.require(actor, "advocacy.change_official")
    country = _check_country(country)
    problems = names.validate_name(name or "")
    if problems:
        raise ValidationFailed(_("The name cannot be used ({problems}).").format(problems=", ".join(problems)))
    if email:
        try:
            EmailValidator()(email)
        except DjangoValidationError as exc:
            raise ValidationFailed(_("“{value}” is not an e-mail address.").format(value=email[:80])) from exc
    name = names.normalize(name)
    with transaction.atomic():
        existing, reason = find_official(country, name, other_names)
        if existing is not None:
            raise Conflict(_("{name} is already listed as {existing} ({reason}).").format(
                name=name, existing=existing.name, reason=reason), code="duplicate_official",
                details={"official_id": str(existing.pk)})
        official = Official.objects.create(
            name=name, script=names.detect_script(name), other_names=[names.normalize(n) for n in other_names if n],
            country=country, email=email.lower(), address=address, phone=phone[:60], website=website,
            positions=positions or {})
        _index_official(official)
        audit.record(actor=actor, action=AuditAction.CREATE, obj=official)
    return official


# --- Imports --------------------------------------------------------------------------------------
READERS = {
    ImportKind.POPOLO: importing.read_popolo,
    ImportKind.OFFICIALS_CSV: importing.read_officials_csv,
    ImportKind.POSTCODES_CSV: importing.read_postcodes_csv,
}


def do_preview_import(*, actor, kind: str, country: str, raw: bytes, filename: str = "",
                      ignore_unknown: bool = False) -> ImportBatch:
    """Check a file and store its plan with a report of errors, warnings and matches (no import yet)."""
    permissions.require(actor, "advocacy.import_officials")
    if kind not in READERS:
        raise ValidationFailed(_("Unknown import kind."))
    country = _check_country(country)
    plan, report = READERS[ImportKind(kind)](raw, ignore_unknown=ignore_unknown)
    matches = []
    for item in plan["officials"]:
        if not item["name"]:
            continue
        existing = None
        if item["ref"] and not item["ref"].startswith("csv:"):
            existing = Official.objects.filter(country=country, external_id=item["ref"]).first()
            reason = _("same id") if existing else ""
        if existing is None:
            existing, reason = find_official(country, item["name"], item["other_names"])
        if existing is not None:
            item["match"] = str(existing.pk)
            matches.append({"where": item["row"], "name": item["name"], "official": existing.name,
                            "official_id": str(existing.pk), "reason": reason})
    result = report.as_dict()
    result["matches"] = matches
    result["counts"] = {k: len(v) for k, v in plan.items()}
    with transaction.atomic():
        batch = ImportBatch.objects.create(kind=kind, country=country, filename=filename[:200], plan=plan,
                                           report=result, created_by=actor if getattr(actor, "pk", None) else None)
        audit.record(actor=actor, action=AuditAction.CREATE, obj=batch,
                     message=f"{kind} preview: {len(report.errors)} errors")
    return batch


def do_apply_import(*, actor, batch: ImportBatch) -> dict[str, int]:
    """Carry out a previewed import: all of it, or (on any error) none of it."""
    permissions.require(actor, "advocacy.import_officials")
    if batch.report.get("errors"):
        raise ImportRejected(details=batch.report["errors"])
    counts = {"bodies": 0, "areas": 0, "officials_created": 0, "officials_matched": 0, "roles": 0, "postcodes": 0}
    with transaction.atomic():
        locked = ImportBatch.objects.select_for_update().get(pk=batch.pk)
        if locked.applied_at is not None:
            raise Conflict(_("This file was already imported."), code="already_imported")
        country, plan = locked.country, locked.plan
        bodies: dict[str, Body] = {}
        for item in plan["bodies"]:
            body, created = Body.objects.get_or_create(
                country=country, external_id=item["ref"],
                defaults={"name": item["name"], "names": item["names"], "kind": item["kind"],
                          "website": item["website"], "email": item["email"]})
            if not created:
                body.name, body.kind = item["name"], item["kind"]
                body.names = {**body.names, **item["names"]}
                body.save(update_fields=["name", "kind", "names", "updated_at"])
            counts["bodies"] += created
            bodies[item["ref"]] = body
        for item in plan["bodies"]:
            if item["parent"] and bodies[item["ref"]].parent_id != bodies[item["parent"]].pk:
                bodies[item["ref"]].parent = bodies[item["parent"]]
                bodies[item["ref"]].save(update_fields=["parent", "updated_at"])
        areas: dict[str, Constituency] = {}
        for item in plan["areas"]:
            area, created = Constituency.objects.get_or_create(
                country=country, external_id=item["ref"], defaults={"name": item["name"], "kind": item["kind"]})
            counts["areas"] += created
            areas[item["ref"]] = area
        officials: dict[str, Official] = {}
        for item in plan["officials"]:
            official = Official.objects.filter(pk=item.get("match")).first() if item.get("match") else None
            contacts = {k: item[k] for k in ("email", "phone", "address", "website")}
            if official is None:
                official = Official.objects.create(
                    name=item["name"], script=names.detect_script(item["name"]), other_names=item["other_names"],
                    country=country, external_id="" if item["ref"].startswith("csv:") else item["ref"], **contacts)
                counts["officials_created"] += 1
            else:
                changed = ["other_names", "updated_at"]
                official.other_names = list(dict.fromkeys(
                    official.other_names + [n for n in [item["name"], *item["other_names"]] if n != official.name]))
                for key, value in contacts.items():
                    if value and getattr(official, key) != value:
                        setattr(official, key, value)
                        changed.append(key)
                if not official.external_id and not item["ref"].startswith("csv:"):
                    official.external_id = item["ref"]
                    changed.append("external_id")
                official.save(update_fields=changed)
                counts["officials_matched"] += 1
            _index_official(official)
            officials[item["ref"]] = official
        for item in plan["roles"]:
            role_official, role_body = officials.get(item["official"]), bodies.get(item["body"])
            if role_official is None or role_body is None:
                continue
            fields = {"label": item["label"], "constituency": areas.get(item["area"]),
                      "party": bodies.get(item["party"]), "start_date": item["start"], "end_date": item["end"]}
            if item["ref"]:
                _role, created = Role.objects.update_or_create(official=role_official, body=role_body,
                                                               external_id=item["ref"], defaults=fields)
            else:
                _role, created = Role.objects.get_or_create(official=role_official, body=role_body,
                                                            label=item["label"],
                                                            start_date=item["start"], defaults=fields)
            counts["roles"] += created
        if plan["postcodes"]:
            by_name = {a.name: a for a in Constituency.objects.filter(country=country)}
            rows = []
            for postcode, area_name in plan["postcodes"]:
                found = by_name.get(area_name)
                if found is None:
                    found = by_name[area_name] = Constituency.objects.create(country=country, name=area_name)
                    counts["areas"] += 1
                rows.append(PostcodeArea(country=country, postcode=postcode, constituency=found))
            before = PostcodeArea.objects.filter(country=country).count()
            PostcodeArea.objects.bulk_create(rows, ignore_conflicts=True, batch_size=2000)
            counts["postcodes"] = PostcodeArea.objects.filter(country=country).count() - before
        locked.applied_at = timezone.now()
        locked.save(update_fields=["applied_at", "updated_at"])
        audit.record(actor=actor, action=AuditAction.UPDATE, obj=locked, changes=counts,
                     message=f"{locked.kind} import applied for {country}")
    batch.applied_at = locked.applied_at
    return counts


# --- Interactions ---------------------------------------------------------------------------------
def _organisations(ids: Iterable) -> list:
    from korpu.network.models import Organisation

    ids = list(dict.fromkeys(ids))
    found = list(Organisation.objects.filter(pk__in=ids))
    if len(found) != len(ids):
        raise ValidationFailed(_("One of the organisations does not exist."))
    return found


def _officials(ids: Iterable) -> list[Official]:
    ids = list(dict.fromkeys(ids))
    found = list(Official.objects.filter(pk__in=ids))
    if len(found) != len(ids):
        raise ValidationFailed(_("One of the officials does not exist."))
    return found


def _bodies(ids: Iterable) -> list[Body]:
    ids = list(dict.fromkeys(ids))
    found = list(Body.objects.filter(pk__in=ids))
    if len(found) != len(ids):
        raise ValidationFailed(_("One of the bodies does not exist."))
    return found


def do_record_interaction(*, actor, organisation, kind: str, occurred_on: dt.date, topic: str,
                          official_ids: Iterable = (), body_ids: Iterable = (), asked: str = "",
                          promised: str = "", notes: str = "", visibility: str = Visibility.COMMITTEE,
                          partner_ids: Iterable = (), participant_ids: Iterable = (),
                          campaign: Campaign | None = None,
                          follow_ups: Iterable[tuple[str, dt.date]] = ()) -> Interaction:
    """Record a meeting, letter, call, hearing or event with officials."""
    permissions.require(actor, "advocacy.record_interaction", organisation)
    if kind not in InteractionKind.values:
        raise ValidationFailed(_("Unknown kind of interaction."))
    if visibility not in Visibility.values:
        raise ValidationFailed(_("Unknown visibility."))
    topic = (topic or "").strip()
    if not topic:
        raise ValidationFailed(_("Give the topic."))
    officials, bodies = _officials(official_ids), _bodies(body_ids)
    if not officials and not bodies:
        raise ValidationFailed(_("Name at least one official or body."))
    if occurred_on > timezone.localdate() + dt.timedelta(days=366):
        raise ValidationFailed(_("The date is too far in the future."))
    partners = _organisations(partner_ids)
    from korpu.network.models import Person

    participants = list(Person.objects.filter(pk__in=list(participant_ids), erased_at__isnull=True))
    if campaign is not None and not campaign.organisations.filter(pk=organisation.pk).exists():
        raise ValidationFailed(_("Your organisation does not take part in this campaign."))
    country = (officials[0].country if officials else bodies[0].country)
    with transaction.atomic():
        interaction = Interaction.objects.create(
            kind=kind, occurred_on=occurred_on, country=country, topic=topic[:300], asked=asked, promised=promised,
            notes=notes, visibility=visibility, organisation=organisation, campaign=campaign,
            recorded_by=actor if getattr(actor, "pk", None) else None)
        interaction.organisations.set([organisation, *partners])
        interaction.officials.set(officials)
        interaction.bodies.set(bodies)
        interaction.participants.set(participants)
        for description, due_on in follow_ups:
            if description.strip():
                FollowUp.objects.create(interaction=interaction, description=description.strip()[:500], due_on=due_on)
        audit.record(actor=actor, action=AuditAction.CREATE, obj=interaction,
                     changes={"kind": kind, "officials": [o.pk for o in officials], "visibility": visibility})
    return interaction


def _require_interaction(actor, interaction: Interaction) -> None:
    orgs = permissions.organisations_with(actor, "advocacy.record_interaction")
    if permissions.is_platform(actor, "advocacy.record_interaction"):
        return
    if not interaction.organisations.filter(pk__in=orgs).exists():
        raise PermissionDenied()


def do_add_follow_up(*, actor, interaction: Interaction, description: str, due_on: dt.date) -> FollowUp:
    """Add a follow-up with a due date to an interaction."""
    _require_interaction(actor, interaction)
    if not (description or "").strip():
        raise ValidationFailed(_("Describe the follow-up."))
    with transaction.atomic():
        item = FollowUp.objects.create(interaction=interaction, description=description.strip()[:500], due_on=due_on)
        audit.record(actor=actor, action=AuditAction.CREATE, obj=item)
    return item


def do_complete_follow_up(*, actor, follow_up: FollowUp) -> FollowUp:
    """Mark a follow-up done (once)."""
    _require_interaction(actor, follow_up.interaction)
    with transaction.atomic():
        if follow_up.done_at is None:
            follow_up.done_at = timezone.now()
            follow_up.save(update_fields=["done_at", "updated_at"])
            audit.record(actor=actor, action=AuditAction.UPDATE, obj=follow_up, changes={"done": True})
    return follow_up


def do_add_attachment(*, actor, interaction: Interaction, upload) -> Attachment:
    """Keep a file with an interaction (at most 10 MB)."""
    _require_interaction(actor, interaction)
    if upload.size > MAX_ATTACHMENT_BYTES:
        raise ValidationFailed(_("The file is larger than 10 MB."))
    with transaction.atomic():
        item = Attachment.objects.create(interaction=interaction, file=upload, filename=upload.name[:200],
                                         size=upload.size)
        audit.record(actor=actor, action=AuditAction.CREATE, obj=item)
    return item


# --- Campaigns and actions --------------------------------------------------------------------
def _texts(value: Any, label: str) -> dict[str, str]:
    if isinstance(value, str):
        value = {"en": value}
    if not isinstance(value, dict) or not any(str(v).strip() for v in value.values()):
        raise ValidationFailed(_("Give the {field} in at least one language.").format(field=label))
    return {str(k)[:8]: str(v).strip() for k, v in value.items() if str(v).strip()}


def do_create_campaign(*, actor, organisation, title, issue: str, summary=None, goals=(), asks=(),
                       country: str = "", status: str = CampaignStatus.ACTIVE, is_public: bool = False,
                       starts_on: dt.date | None = None, ends_on: dt.date | None = None,
                       partner_ids: Iterable = (), target_official_ids: Iterable = (),
                       target_body_ids: Iterable = ()) -> Campaign:
    """Start a campaign led by `organisation`, with partners, goals, asks and targets."""
    permissions.require(actor, "advocacy.manage_campaign", organisation)
    title = _texts(title, _("title"))
    if issue not in IssueKind.values:
        raise ValidationFailed(_("Unknown issue."))
    if status not in CampaignStatus.values:
        raise ValidationFailed(_("Unknown status."))
    if starts_on and ends_on and ends_on < starts_on:
        raise ValidationFailed(_("The end date is before the start date."))
    country = _check_country(country) if country else ""
    partners = _organisations(partner_ids)
    with transaction.atomic():
        campaign = Campaign.objects.create(
            title=title, issue=issue, summary=_texts(summary, _("summary")) if summary else {},
            goals=[_texts(g, _("goal")) for g in goals], asks=[_texts(a, _("ask")) for a in asks],
            country=country, status=status, is_public=is_public, starts_on=starts_on, ends_on=ends_on,
            organisation=organisation)
        campaign.organisations.set([organisation, *partners])
        campaign.target_officials.set(_officials(target_official_ids))
        campaign.target_bodies.set(_bodies(target_body_ids))
        audit.record(actor=actor, action=AuditAction.CREATE, obj=campaign)
    return campaign


UNCHANGED: Any = object()


def _apply(obj, changes: dict[str, Any]) -> list[str]:
    """Set and save the fields whose value changes; return their names."""
    fields = [name for name, value in changes.items() if getattr(obj, name) != value]
    for name in fields:
        setattr(obj, name, changes[name])
    if fields:
        obj.save(update_fields=[*fields, "updated_at"])
    return fields


def do_update_campaign(*, actor, campaign: Campaign, title=UNCHANGED, issue=UNCHANGED, summary=UNCHANGED,
                       goals=UNCHANGED, asks=UNCHANGED, country=UNCHANGED, status=UNCHANGED, is_public=UNCHANGED,
                       starts_on=UNCHANGED, ends_on=UNCHANGED, partner_ids=UNCHANGED,
                       target_official_ids=UNCHANGED, target_body_ids=UNCHANGED) -> Campaign:
    """Change a campaign: only the lead organisation's admins may (partners take part, they do not
    steer). Fields left UNCHANGED stay as they are; the lead always stays among the organisations."""
    permissions.require(actor, "advocacy.manage_campaign", campaign.organisation)
    changes: dict[str, Any] = {}
    if title is not UNCHANGED:
        changes["title"] = _texts(title, _("title"))
    if summary is not UNCHANGED:
        changes["summary"] = _texts(summary, _("summary")) if summary else {}
    if goals is not UNCHANGED:
        changes["goals"] = [_texts(g, _("goal")) for g in goals]
    if asks is not UNCHANGED:
        changes["asks"] = [_texts(a, _("ask")) for a in asks]
    if issue is not UNCHANGED:
        if issue not in IssueKind.values:
            raise ValidationFailed(_("Unknown issue."))
        changes["issue"] = issue
    if status is not UNCHANGED:
        if status not in CampaignStatus.values:
            raise ValidationFailed(_("Unknown status."))
        changes["status"] = status
    if country is not UNCHANGED:
        changes["country"] = _check_country(country) if country else ""
    if is_public is not UNCHANGED:
        changes["is_public"] = bool(is_public)
    if starts_on is not UNCHANGED:
        changes["starts_on"] = starts_on
    if ends_on is not UNCHANGED:
        changes["ends_on"] = ends_on
    starts = changes.get("starts_on", campaign.starts_on)
    ends = changes.get("ends_on", campaign.ends_on)
    if starts and ends and ends < starts:
        raise ValidationFailed(_("The end date is before the start date."))
    partners = _organisations(partner_ids) if partner_ids is not UNCHANGED else None
    officials = _officials(target_official_ids) if target_official_ids is not UNCHANGED else None
    bodies = _bodies(target_body_ids) if target_body_ids is not UNCHANGED else None
    with transaction.atomic():
        fields = _apply(campaign, changes)
        related: dict[str, list[str]] = {}
        if partners is not None:
            campaign.organisations.set([campaign.organisation, *partners])
            related["organisations"] = sorted(str(o.pk) for o in [campaign.organisation, *partners])
        if officials is not None:
            campaign.target_officials.set(officials)
            related["target_officials"] = sorted(str(o.pk) for o in officials)
        if bodies is not None:
            campaign.target_bodies.set(bodies)
            related["target_bodies"] = sorted(str(b.pk) for b in bodies)
        audit.record(actor=actor, action=AuditAction.UPDATE, obj=campaign,
                     changes={**{name: str(changes[name]) for name in fields}, **related})
    return campaign


def do_update_action(*, actor, action: Action, title=UNCHANGED, text=UNCHANGED, country=UNCHANGED,
                     body=UNCHANGED, target_ids=UNCHANGED, goal=UNCHANGED, is_open=UNCHANGED) -> Action:
    """Change an action's texts, addressees, goal, or open it again (its kind never changes)."""
    permissions.require(actor, "advocacy.manage_campaign", action.campaign)
    changes: dict[str, Any] = {}
    if title is not UNCHANGED:
        changes["title"] = _texts(title, _("title"))
    if text is not UNCHANGED:
        changes["text"] = _texts(text, _("text"))
    if country is not UNCHANGED:
        changes["country"] = _check_country(country) if country else ""
    if body is not UNCHANGED:
        changes["body"] = body
    if goal is not UNCHANGED:
        changes["goal"] = max(0, int(goal))
    if is_open is not UNCHANGED:
        changes["is_open"] = bool(is_open)
    targets = _officials(target_ids) if target_ids is not UNCHANGED else None
    has_targets = bool(targets) if targets is not None else action.targets.exists()
    if action.kind == ActionKind.LETTER and changes.get("body", action.body) is None and not has_targets:
        raise ValidationFailed(_("A letter action needs a body (to match constituencies) or a list of officials."))
    with transaction.atomic():
        fields = _apply(action, changes)
        logged = {name: str(getattr(changes[name], "pk", changes[name])) for name in fields}
        if targets is not None:
            action.targets.set(targets)
            logged["targets"] = sorted(str(o.pk) for o in targets)  # type: ignore[assignment]
        audit.record(actor=actor, action=AuditAction.UPDATE, obj=action, changes=logged)
    return action


def do_join_campaign(*, actor, campaign: Campaign, organisation) -> Campaign:
    """Add `organisation` to the campaign's partners (its admin asks; the lead need not)."""
    permissions.require(actor, "advocacy.manage_campaign", organisation)
    with transaction.atomic():
        campaign.organisations.add(organisation)
        audit.record(actor=actor, action=AuditAction.UPDATE, obj=campaign,
                     changes={"joined": str(organisation.pk)})
    return campaign


def do_create_action(*, actor, campaign: Campaign, kind: str, title, text, country: str = "",
                     body: Body | None = None, target_ids: Iterable = (), goal: int = 0) -> Action:
    """Open a letter-writing action or a petition in a campaign."""
    permissions.require(actor, "advocacy.manage_campaign", campaign)
    if kind not in ActionKind.values:
        raise ValidationFailed(_("Unknown kind of action."))
    targets = _officials(target_ids)
    if kind == ActionKind.LETTER and body is None and not targets:
        raise ValidationFailed(_("A letter action needs a body (to match constituencies) or a list of officials."))
    country = country or (body.country if body else "") or campaign.country
    country = _check_country(country) if country else ""
    with transaction.atomic():
        action = Action.objects.create(campaign=campaign, kind=kind, title=_texts(title, _("title")),
                                       text=_texts(text, _("text")), country=country, body=body,
                                       goal=max(0, int(goal)))
        action.targets.set(targets)
        audit.record(actor=actor, action=AuditAction.CREATE, obj=action)
    return action


def do_close_action(*, actor, action: Action) -> Action:
    """Stop taking signatures or letters."""
    permissions.require(actor, "advocacy.manage_campaign", action.campaign)
    with transaction.atomic():
        action.is_open = False
        action.save(update_fields=["is_open", "updated_at"])
        audit.record(actor=actor, action=AuditAction.UPDATE, obj=action, changes={"is_open": False})
    return action


# --- Supporters (anonymous, public writes) ------------------------------------------------------
def _supporter_name(name: str) -> str:
    name = (name or "").strip()
    if not name:
        raise InvalidSupporterInput(_("Write your name."), details={"name": "empty"})
    if len(name) > 200:
        raise InvalidSupporterInput(_("The name is too long."), details={"name": "too_long"})
    problems = names.validate_name(name)
    if problems:
        raise InvalidSupporterInput(_("The name cannot be used ({problems}).").format(problems=", ".join(problems)),
                                    details={"name": problems})
    return names.normalize(name)


def _supporter_email(email: str) -> str:
    email = (email or "").strip()
    try:
        EmailValidator()(email)
    except DjangoValidationError as exc:
        raise InvalidSupporterInput(_("Write a valid e-mail address: we send a confirmation link to it."),
                                    details={"email": "invalid"}) from exc
    if len(email) > 254:
        raise InvalidSupporterInput(_("The e-mail address is too long."), details={"email": "too_long"})
    local, _at, domain = email.rpartition("@")
    return f"{local}@{domain.lower()}".lower()


def _open_action(action: Action, kind: str) -> None:
    if action.kind != kind:
        raise AdvocacyError(_("This action is not a petition.") if kind == ActionKind.PETITION
                            else _("This action is not a letter."), code="wrong_kind")
    if not action.is_open or action.campaign.status != CampaignStatus.ACTIVE or not action.campaign.is_public:
        raise AdvocacyError(_("This action is closed."), code="closed")


def do_sign_petition(*, action: Action, name: str, email: str, country: str = "",
                     language: str = "en") -> tuple[Signature, bool]:
    """Sign a petition (pending until the e-mailed link is followed). Signing again with the same
    address never adds a second signature: it sends the link again while unconfirmed.
    Returns the signature and whether it is new."""
    _open_action(action, ActionKind.PETITION)
    name, email = _supporter_name(name), _supporter_email(email)
    if country:
        from korpu.network import countries

        if not countries.is_valid(country):
            raise InvalidSupporterInput(_("Choose a country from the list."), details={"country": "invalid"})
        country = country.upper()
    from korpu.advocacy.tasks import send_signature_confirmation

    try:
        with transaction.atomic():
            signature = Signature.objects.create(action=action, name=name, email=email, country=country,
                                                 nonce=_nonce())
            audit.record(actor=PUBLIC_ACTOR, action=AuditAction.CREATE, obj=signature)
            enqueue_with_write(send_signature_confirmation, signature.pk, language)
    except IntegrityError:
        # The same address signed before (perhaps at the same moment, from another request).
        signature = Signature.objects.get(action=action, email=email)
        if signature.confirmed_at is None:
            enqueue_on_commit(send_signature_confirmation, signature.pk, language)
        return signature, False
    return signature, True


def do_confirm_signature(*, token: str) -> Signature:
    """Confirm a signature from its e-mailed link; a second confirmation is refused, counted once."""
    nonce = _nonce_of(token)
    with transaction.atomic():
        signature = Signature.objects.select_for_update().filter(nonce=nonce).first()
        if signature is None:
            raise UnknownToken()
        if signature.confirmed_at is not None:
            raise AlreadyConfirmed()
        signature.confirmed_at = timezone.now()
        signature.save(update_fields=["confirmed_at"])
        audit.record(actor=PUBLIC_ACTOR, action=AuditAction.UPDATE, obj=signature, changes={"confirmed": True})
    return signature


def personalise(template: str, *, official: Official, name: str, constituency: str = "") -> str:
    """Fill a letter template's {official}, {name} and {constituency} (plain replacement, no format())."""
    return (template.replace("{official}", official.name).replace("{name}", name)
            .replace("{constituency}", constituency))


def _check_letter(action: Action, official: Official, text: str, delivery: str) -> str:
    _open_action(action, ActionKind.LETTER)
    from korpu.advocacy.selectors import action_officials

    if not action_officials(action).filter(pk=official.pk).exists():
        raise InvalidSupporterInput(_("This official is not a target of this action."),
                                    details={"official": "not_a_target"})
    if delivery == "email" and not official.email:
        raise NoAddress(_("{official} has no e-mail address on record. Print the letter as PDF and post it instead.").format(
            official=official.name))
    if delivery == "pdf" and not official.address:
        raise NoAddress(_("{official} has no postal address on record. Send the letter by e-mail instead.").format(
            official=official.name) if official.email else
            _("{official} has no address on record; the letter cannot be delivered. Choose another official.").format(
            official=official.name))
    if delivery not in {"email", "pdf"}:
        raise InvalidSupporterInput(_("Choose e-mail or PDF."), details={"delivery": "invalid"})
    text = (text or "").strip()
    if not text:
        raise InvalidSupporterInput(_("The letter is empty."), details={"text": "empty"})
    if len(text) > MAX_LETTER_CHARS:
        raise InvalidSupporterInput(_("The letter is longer than 6,000 characters."), details={"text": "too_long"})
    return text


def do_write_letter(*, action: Action, official: Official, name: str, email: str = "", text: str,
                    delivery: str, language: str = "en") -> Letter:
    """A supporter's letter. By e-mail: held until the supporter confirms their address, then sent
    to the official with the supporter as reply-to. As PDF: rendered for printing; nothing personal
    is kept, only the count."""
    text = _check_letter(action, official, text, delivery)
    name = _supporter_name(name)
    with transaction.atomic():
        if delivery == "email":
            email = _supporter_email(email)
            letter = Letter.objects.create(action=action, official=official, language=language[:8], name=name,
                                           email=email, text=text, nonce=_nonce())
            from korpu.advocacy.tasks import send_letter_confirmation

            enqueue_on_commit(send_letter_confirmation, str(letter.pk))
        else:
            letter = Letter.objects.create(action=action, official=official, language=language[:8],
                                           status=LetterStatus.PRINTED, nonce=_nonce(), sent_at=timezone.now())
        audit.record(actor=PUBLIC_ACTOR, action=AuditAction.CREATE, obj=letter, changes={"delivery": delivery})
    # The PDF is rendered from what the supporter sent, never stored.
    letter.pdf_name, letter.pdf_text = name, text  # type: ignore[attr-defined]
    return letter


def do_confirm_letter(*, token: str) -> Letter:
    """Confirm a letter's sender address; the letter then goes out (once)."""
    nonce = _nonce_of(token)
    with transaction.atomic():
        letter = Letter.objects.select_for_update().filter(nonce=nonce).first()
        if letter is None:
            raise UnknownToken()
        if letter.confirmed_at is not None:
            raise AlreadyConfirmed()
        letter.confirmed_at = timezone.now()
        letter.status = LetterStatus.CONFIRMED
        letter.save(update_fields=["confirmed_at", "status", "updated_at"])
        audit.record(actor=PUBLIC_ACTOR, action=AuditAction.UPDATE, obj=letter, changes={"confirmed": True})
        from korpu.advocacy.tasks import deliver_letter

        enqueue_on_commit(deliver_letter, str(letter.pk))
    return letter


def do_mark_letter_sent(*, letter: Letter) -> Letter:
    """After delivery: drop the supporter's name, address and text; keep the count."""
    with transaction.atomic():
        letter.status = LetterStatus.SENT
        letter.sent_at = timezone.now()
        letter.name = letter.email = letter.text = ""
        letter.save(update_fields=["status", "sent_at", "name", "email", "text", "updated_at"])
        audit.record(actor="system", action=AuditAction.UPDATE, obj=letter, changes={"status": "sent"})
    return letter


# --- Outcomes -----------------------------------------------------------------------------------
def do_record_outcome(*, actor, organisation, kind: str, title: str, occurred_on: dt.date,
                      stance: str = Stance.SUPPORTIVE, official: Official | None = None,
                      body: Body | None = None, source_url: str = "", is_public: bool = True,
                      interaction_ids: Iterable = (), campaign_ids: Iterable = ()) -> Outcome:
    """Record a vote, statement, resolution or granted meeting, linked to what led to it."""
    permissions.require(actor, "advocacy.record_outcome", organisation)
    if kind not in OutcomeKind.values or stance not in Stance.values:
        raise ValidationFailed(_("Unknown kind of outcome or stance."))
    if not (title or "").strip():
        raise ValidationFailed(_("Give the outcome a title."))
    if official is None and body is None:
        raise ValidationFailed(_("Name the official or the body."))
    from korpu.advocacy.selectors import campaigns_for, interactions_for

    interaction_ids, campaign_ids = list(dict.fromkeys(interaction_ids)), list(dict.fromkeys(campaign_ids))
    interactions = list(interactions_for(actor).filter(pk__in=interaction_ids, organisations=organisation))
    campaigns = list(campaigns_for(actor).filter(pk__in=campaign_ids, organisations=organisation))
    if len(interactions) != len(interaction_ids) or len(campaigns) != len(campaign_ids):
        raise ValidationFailed(_("Link only interactions and campaigns of your organisation."))
    with transaction.atomic():
        outcome = Outcome.objects.create(
            kind=kind, stance=stance, title=title.strip()[:300], occurred_on=occurred_on,
            country=official.country if official else body.country,  # type: ignore[union-attr]
            official=official, body=body,
            source_url=source_url, is_public=is_public, organisation=organisation)
        outcome.interactions.set(interactions)
        outcome.campaigns.set(campaigns)
        audit.record(actor=actor, action=AuditAction.CREATE, obj=outcome)
    return outcome


def record_register_export(*, actor, filters: dict) -> None:
    """Note in the audit log that someone exported interactions for a transparency register."""
    audit.record(actor=actor, action=AuditAction.EXPORT, object_type="advocacy.interaction",
                 message=f"transparency register {filters}"[:500])


def record_signature_export(*, actor, action: Action) -> None:
    audit.record(actor=actor, action=AuditAction.EXPORT, obj=action, message="signatures for delivery")


# --- Answers to the registry's signals ------------------------------------------------------------
def on_person_erased(sender=None, person_id=None, **kwargs) -> None:
    """Erase what we hold about a registry person: meeting attendance, and signatures and letters
    given with their e-mail address. Counts of confirmed signatures drop with them."""
    from korpu.network.models import Person

    if person_id is None:
        return
    emails = {e.lower() for e in Person.objects.filter(pk=person_id).values_list("email", flat=True) if e}
    emails.update(e.lower() for e in kwargs.get("emails", ()) if e)
    through = Interaction.participants.through
    removed = through.objects.filter(person_id=person_id).delete()[0]
    signatures = Signature.objects.filter(email__in=emails).delete()[0] if emails else 0
    # Letters keep the supporter's data only until sent; unsent ones of this person go.
    letters = Letter.objects.filter(email__in=emails).delete()[0] if emails else 0
    audit.record(actor="system", action=AuditAction.ERASE, object_type="network.person", object_id=person_id,
                 changes={"advocacy_attendance": removed, "signatures": signatures, "letters": letters})


def on_persons_merged(sender=None, survivor_id=None, merged_id=None, **kwargs) -> None:
    """Point meeting attendance of a merged person at the survivor."""
    through = Interaction.participants.through
    for row in through.objects.filter(person_id=merged_id):
        if through.objects.filter(interaction_id=row.interaction_id, person_id=survivor_id).exists():
            row.delete()
        else:
            through.objects.filter(pk=row.pk).update(person_id=survivor_id)

