"""Every write of the revival app: do_<verb>_<noun>(*, actor, ...) in one transaction with its
audit row. Money moves only through korpu.revival.ledger (the giving app)."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from korpu.core import audit, permissions
from korpu.core.models import AuditAction
from korpu.core.tasks import enqueue_on_commit
from korpu.revival import geo, ledger
from korpu.revival.errors import FourEyes, RevivalError
from korpu.revival.models import (
    REQUIRED_APPROVALS,
    Evidence,
    EvidenceKind,
    Milestone,
    MilestoneStatus,
    Offer,
    OfferEvent,
    OfferKind,
    OfferStatus,
    Partner,
    PartnerRole,
    Payout,
    PayoutApproval,
    PayoutStatus,
    Photo,
    PhotoKind,
    Project,
    ProjectKind,
    ProjectStatus,
)
from korpu.revival.uploads import clean_evidence, clean_image

PROJECT_FIELDS = ("slug", "kind", "status", "title", "summary", "description", "district", "settlement",
                  "latitude", "longitude", "heritage_period", "heritage_builder", "heritage_damage",
                  "budget_minor", "currency", "fund_ref")
EDITABLE_FIELDS = ("kind", "title", "summary", "description", "district", "settlement", "latitude", "longitude",
                   "heritage_period", "heritage_builder", "heritage_damage", "budget_minor")


def _touch(project: Project) -> None:
    """Mark the project changed, so its cached public page is rebuilt."""
    project.updated_at = timezone.now()
    Project.objects.filter(pk=project.pk).update(updated_at=project.updated_at)


def _check_project(data: dict[str, Any]) -> None:
    if not any((data.get("title") or {}).values()):
        raise RevivalError(_("A project needs a title in at least one language."))
    if data.get("kind") not in ProjectKind.values:
        raise RevivalError(_("Choose what kind of project this is."))
    district = geo.place(data.get("district", ""))
    if district is None or district.kind != "district":
        raise RevivalError(_("Choose a district from the list."))
    if data.get("settlement") and geo.place(data["settlement"]) is None:
        raise RevivalError(_("Choose a settlement from the list."))
    if int(data.get("budget_minor") or 0) < 0:
        raise RevivalError(_("The budget cannot be negative."))


def do_create_project(*, actor: Any, title: dict, kind: str, district: str, settlement: str = "",
                      latitude: float | None = None, longitude: float | None = None, budget_minor: int = 0,
                      currency: str = "AZN", summary: dict | None = None, description: dict | None = None,
                      heritage_period: dict | None = None, heritage_builder: dict | None = None,
                      heritage_damage: dict | None = None, slug: str = "") -> Project:
    """Propose a project; its fund is opened in the ledger at once."""
    data: dict[str, Any] = {"title": {k: v for k, v in (title or {}).items() if v}, "kind": kind,
                            "district": district, "settlement": settlement or district, "budget_minor": budget_minor}
    _check_project(data)
    place = geo.place(data["settlement"])
    assert place is not None  # checked by _check_project
    with transaction.atomic():
        base = slugify(slug or data["title"].get("en") or next(iter(data["title"].values())))[:60] or "project"
        candidate, n = base, 1
        while Project.objects.filter(slug=candidate).exists():
            n += 1
            candidate = f"{base}-{n}"
        project = Project.objects.create(
            slug=candidate, kind=kind, title=data["title"], summary=summary or {}, description=description or {},
            district=district, settlement=data["settlement"],
            latitude=latitude if latitude is not None else place.latitude,
            longitude=longitude if longitude is not None else place.longitude,
            heritage_period=heritage_period or {}, heritage_builder=heritage_builder or {},
            heritage_damage=heritage_damage or {}, budget_minor=int(budget_minor), currency=currency.upper(),
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        fund_ref = ledger.open_fund(actor=actor, project=project)
        if fund_ref:
            project.fund_ref = fund_ref
            project.save(update_fields=["fund_ref"])
        audit.record(actor=actor, action=AuditAction.CREATE, obj=project,
                     changes=audit.snapshot(project, PROJECT_FIELDS))
    return project


def do_update_project(*, actor: Any, project: Project, **changes: Any) -> Project:
    """Change a project's description, place, heritage facts or budget."""
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise RevivalError(_("These fields cannot be changed: {fields}.").format(fields=", ".join(sorted(unknown))))
    with transaction.atomic():
        project = Project.objects.select_for_update().get(pk=project.pk)
        before = audit.snapshot(project, EDITABLE_FIELDS)
        for name, value in changes.items():
            setattr(project, name, value)
        _check_project({"title": project.title, "kind": project.kind, "district": project.district,
                        "settlement": project.settlement, "budget_minor": project.budget_minor})
        project.save(update_fields=[*changes, "updated_at"])
        audit.record(actor=actor, action=AuditAction.UPDATE, obj=project,
                     changes=audit.diff(before, audit.snapshot(project, EDITABLE_FIELDS)))
    return project


def do_change_project_status(*, actor: Any, project: Project, status: str) -> Project:
    """Move a project along proposed → approved → fundraising → in progress → completed."""
    with transaction.atomic():
        project = Project.objects.select_for_update().get(pk=project.pk)
        if not project.may_become(status):
            raise RevivalError(_("A project that is “{old}” cannot become “{new}”.").format(
                old=ProjectStatus(project.status).label, new=ProjectStatus(status).label
                if status in ProjectStatus.values else status))
        if status == ProjectStatus.COMPLETED and project.milestones.exclude(status=MilestoneStatus.DONE).exists():
            raise RevivalError(_("Every milestone must be done before the project is completed."))
        old = project.status
        project.status = status
        project.save(update_fields=["status", "updated_at"])
        if status == ProjectStatus.FUNDRAISING:
            ledger.open_campaign(actor=actor, project=project)
        audit.record(actor=actor, action=AuditAction.UPDATE, obj=project, changes={"status": [old, status]})
    return project


def do_add_partner(*, actor: Any, project: Project, role: str, organisation=None, name: str = "",
                   contact_email: str = "") -> Partner:
    """Add the foundation, the ministry, a contractor or another partner to a project."""
    if role not in PartnerRole.values:
        raise RevivalError(_("Choose the partner's role."))
    if organisation is None and not name.strip():
        raise RevivalError(_("Name the partner or choose a registered organisation."))
    with transaction.atomic():
        partner = Partner.objects.create(project=project, role=role, organisation=organisation,
                                         name=name.strip(), contact_email=contact_email)
        _touch(project)
        audit.record(actor=actor, action=AuditAction.CREATE, obj=partner,
                     changes=audit.snapshot(partner, ["project", "role", "organisation", "name"]))
    return partner


def do_add_photo(*, actor: Any, project: Project, upload, kind: str, caption: dict | None = None) -> Photo:
    """Add a before/after photo to the public page, with its metadata (EXIF, GPS) stripped."""
    if kind not in PhotoKind.values:
        raise RevivalError(_("Say whether the photo shows the site before or after the work."))
    clean = clean_image(upload)
    with transaction.atomic():
        photo = Photo(project=project, kind=kind, caption=caption or {}, content_type=clean.content_type,
                      width=clean.width, height=clean.height)
        photo.image.save(clean.name, clean.content, save=False)
        photo.save()
        _touch(project)
        audit.record(actor=actor, action=AuditAction.CREATE, obj=photo, changes={"project": str(project.pk),
                                                                                  "kind": kind})
    return photo


def do_add_milestone(*, actor: Any, project: Project, title: dict, amount_minor: int = 0,
                     description: dict | None = None, due_on: dt.date | None = None) -> Milestone:
    """Add the next milestone to a project's plan."""
    if not any((title or {}).values()):
        raise RevivalError(_("A milestone needs a title."))
    if int(amount_minor) < 0:
        raise RevivalError(_("The planned cost cannot be negative."))
    with transaction.atomic():
        Project.objects.select_for_update().filter(pk=project.pk).first()
        position = (project.milestones.order_by("-position").values_list("position", flat=True).first() or 0) + 1
        milestone = Milestone.objects.create(project=project, position=position, title=title,
                                             description=description or {}, amount_minor=int(amount_minor),
                                             due_on=due_on)
        _touch(project)
        audit.record(actor=actor, action=AuditAction.CREATE, obj=milestone,
                     changes=audit.snapshot(milestone, ["project", "position", "title", "amount_minor"]))
    return milestone


def do_add_evidence(*, actor: Any, milestone: Milestone, kind: str, upload=None, note: str = "") -> Evidence:
    """Attach a photo, a document or an inspection note to a milestone."""
    if kind not in EvidenceKind.values:
        raise RevivalError(_("Choose what kind of evidence this is."))
    if kind == EvidenceKind.INSPECTION and not note.strip():
        raise RevivalError(_("An inspection note needs its text."))
    if kind != EvidenceKind.INSPECTION and upload is None:
        raise RevivalError(_("Attach the photo or document."))
    clean = clean_image(upload) if kind == EvidenceKind.PHOTO else clean_evidence(upload) if upload else None
    with transaction.atomic():
        evidence = Evidence(milestone=milestone, kind=kind, note=note.strip(),
                            uploaded_by=actor if getattr(actor, "is_authenticated", False) else None)
        if clean is not None:
            evidence.content_type = clean.content_type
            evidence.file.save(clean.name, clean.content, save=False)
        evidence.save()
        _touch(milestone.project)
        audit.record(actor=actor, action=AuditAction.CREATE, obj=evidence,
                     changes={"milestone": str(milestone.pk), "kind": kind})
    return evidence


def do_change_milestone_status(*, actor: Any, milestone: Milestone, status: str) -> Milestone:
    """Start or finish a milestone; finishing needs evidence."""
    if status not in MilestoneStatus.values:
        raise RevivalError(_("Unknown milestone status."))
    with transaction.atomic():
        milestone = Milestone.objects.select_for_update().select_related("project").get(pk=milestone.pk)
        if status == MilestoneStatus.DONE and not milestone.evidence.exists():
            raise RevivalError(_("Add evidence (a photo, a document or an inspection note) before marking "
                                 "the milestone done."))
        old = milestone.status
        milestone.status = status
        milestone.done_on = timezone.localdate() if status == MilestoneStatus.DONE else None
        milestone.save(update_fields=["status", "done_on", "updated_at"])
        _touch(milestone.project)
        audit.record(actor=actor, action=AuditAction.UPDATE, obj=milestone, changes={"status": [old, status]})
    return milestone


def do_request_payout(*, actor: Any, milestone: Milestone, amount_minor: int, payee: str, purpose: str = "",
                      idempotency_key: str = "") -> Payout:
    """Ask for money to leave the fund against a milestone that has evidence; paid after two approvals."""
    permissions.require(actor, "revival.approve_payout")
    key = idempotency_key or f"revival-payout-{uuid.uuid4()}"
    existing = Payout.objects.filter(idempotency_key=key).first()
    if existing is not None:
        if existing.milestone_id != milestone.pk or existing.amount_minor != int(amount_minor):
            raise RevivalError(_("This idempotency key was already used for a different payout."))
        return existing
    amount_minor = int(amount_minor)
    if amount_minor <= 0:
        raise RevivalError(_("A payout must be more than zero."))
    if not payee.strip():
        raise RevivalError(_("Name who is paid."))
    with transaction.atomic():
        milestone = Milestone.objects.select_for_update().select_related("project").get(pk=milestone.pk)
        project = milestone.project
        if project.status not in (ProjectStatus.FUNDRAISING, ProjectStatus.IN_PROGRESS, ProjectStatus.COMPLETED):
            raise RevivalError(_("Money leaves a project's fund only once the project is under way."))
        if not milestone.evidence.exists():
            raise RevivalError(_("A payout needs evidence on its milestone first."))
        committed = (milestone.payouts.exclude(status=PayoutStatus.REJECTED)
                     .aggregate(total=Sum("amount_minor"))["total"] or 0)
        if milestone.amount_minor and committed + amount_minor > milestone.amount_minor:
            raise RevivalError(_("This payout would take the milestone over its planned cost."))
        payout = Payout.objects.create(milestone=milestone, amount_minor=amount_minor, currency=project.currency,
                                       payee=payee.strip(), purpose=purpose.strip(), idempotency_key=key,
                                       requested_by=actor if getattr(actor, "is_authenticated", False) else None)
        audit.record(actor=actor, action=AuditAction.CREATE, obj=payout,
                     changes=audit.snapshot(payout, ["milestone", "amount_minor", "currency", "payee"]))
    return payout


def do_approve_payout(*, actor: Any, payout: Payout) -> Payout:
    """Approve a payout; the second approval by a different officer pays it through the ledger."""
    permissions.require(actor, "revival.approve_payout")
    with transaction.atomic():
        payout = Payout.objects.select_for_update().select_related("milestone__project").get(pk=payout.pk)
        if payout.status != PayoutStatus.REQUESTED:
            raise RevivalError(_("This payout is no longer awaiting approval."))
        if payout.approvals.filter(officer=actor).exists():
            raise FourEyes()
        PayoutApproval.objects.create(payout=payout, officer=actor)
        audit.record(actor=actor, action=AuditAction.UPDATE, obj=payout, message="approved")
        if payout.approvals.values("officer").distinct().count() >= REQUIRED_APPROVALS:
            payout.transfer_ref = ledger.pay_out(actor=actor, payout=payout, idempotency_key=payout.idempotency_key)
            payout.status = PayoutStatus.PAID
            payout.paid_at = timezone.now()
            payout.save(update_fields=["transfer_ref", "status", "paid_at", "updated_at"])
            _touch(payout.milestone.project)
            audit.record(actor=actor, action=AuditAction.UPDATE, obj=payout,
                         changes={"status": [PayoutStatus.REQUESTED, PayoutStatus.PAID],
                                  "transfer_ref": payout.transfer_ref})
    return payout


def do_reject_payout(*, actor: Any, payout: Payout, reason: str = "") -> Payout:
    """Refuse a payout request; nothing leaves the fund."""
    permissions.require(actor, "revival.approve_payout")
    with transaction.atomic():
        payout = Payout.objects.select_for_update().get(pk=payout.pk)
        if payout.status != PayoutStatus.REQUESTED:
            raise RevivalError(_("This payout is no longer awaiting approval."))
        payout.status = PayoutStatus.REJECTED
        payout.save(update_fields=["status", "updated_at"])
        audit.record(actor=actor, action=AuditAction.UPDATE, obj=payout,
                     changes={"status": [PayoutStatus.REQUESTED, PayoutStatus.REJECTED]}, message=reason[:500])
    return payout


OFFER_DETAIL_FIELDS: dict[str, tuple[str, ...]] = {
    OfferKind.MONEY: ("amount_minor", "currency"),
    OfferKind.INVESTMENT: ("company", "sector", "amount_from", "amount_to", "currency"),
    OfferKind.VOLUNTEERING: ("skills", "date_from", "date_to"),
    OfferKind.EXPERTISE: ("field", "summary"),
    OfferKind.IN_KIND: ("goods", "quantity"),
}
REQUIRED_DETAILS: dict[str, tuple[str, ...]] = {
    OfferKind.INVESTMENT: ("company", "sector"),
    OfferKind.VOLUNTEERING: ("skills",),
    OfferKind.EXPERTISE: ("field",),
    OfferKind.IN_KIND: ("goods",),
}


def do_make_offer(*, actor: Any, project: Project, kind: str, country: str, details: dict | None = None,
                  message: str = "", consent_to_share: bool = False, person=None) -> Offer:
    """Offer money, investment interest, volunteering, expertise or goods to a public project."""
    if kind not in OfferKind.values:
        raise RevivalError(_("Choose how you want to take part."))
    if not project.is_public or project.status == ProjectStatus.COMPLETED:
        raise RevivalError(_("This project does not take offers."))
    country = (country or "").strip().upper()
    if len(country) != 2 or not country.isalpha():
        raise RevivalError(_("Give the country you live in as a two-letter code, e.g. DE."))
    details = {k: v for k, v in (details or {}).items() if k in OFFER_DETAIL_FIELDS[kind] and v not in (None, "")}
    missing = [f for f in REQUIRED_DETAILS.get(kind, ()) if not details.get(f)]
    if missing:
        raise RevivalError(_("Please fill in: {fields}.").format(fields=", ".join(missing)), details=missing)
    if kind == OfferKind.INVESTMENT:
        low, high = details.get("amount_from"), details.get("amount_to")
        if low is not None and high is not None and int(low) > int(high):
            raise RevivalError(_("The lower end of the amount range is above the upper end."))
    if person is None and getattr(actor, "is_authenticated", False):
        person = getattr(actor, "person", None)
    with transaction.atomic():
        offer = Offer.objects.create(project=project, kind=kind, country=country, details=details,
                                     message=message.strip(), consent_to_share=bool(consent_to_share),
                                     user=actor if getattr(actor, "is_authenticated", False) else None,
                                     person=person)
        OfferEvent.objects.create(offer=offer, status=OfferStatus.SUBMITTED, actor=offer.user)
        audit.record(actor=actor, action=AuditAction.CREATE, obj=offer,
                     changes=audit.snapshot(offer, ["project", "kind", "country", "consent_to_share"]))
    return offer


def do_change_offer_status(*, actor: Any, offer: Offer, status: str, note: str = "") -> Offer:
    """Move an offer along its statuses; its maker may withdraw it, officers do the rest."""
    own = getattr(actor, "is_authenticated", False) and offer.user_id == actor.pk
    if not (status == OfferStatus.WITHDRAWN and own):
        permissions.require(actor, "revival.manage_offer")
    if status == OfferStatus.PASSED_ON:
        return do_pass_offer_to_ministry(actor=actor, offer=offer)
    with transaction.atomic():
        offer = Offer.objects.select_for_update().get(pk=offer.pk)
        if not offer.may_become(status):
            raise RevivalError(_("An offer that is “{old}” cannot become “{new}”.").format(
                old=OfferStatus(offer.status).label,
                new=OfferStatus(status).label if status in OfferStatus.values else status))
        old = offer.status
        offer.status = status
        offer.save(update_fields=["status", "updated_at"])
        OfferEvent.objects.create(offer=offer, status=status, actor=actor if getattr(actor, "pk", None) else None,
                                  note=note[:500])
        audit.record(actor=actor, action=AuditAction.UPDATE, obj=offer, changes={"status": [old, status]})
    return offer


def do_pass_offer_to_ministry(*, actor: Any, offer: Offer) -> Offer:
    """Pass an investor's interest to the ministry's contact — only with the investor's consent."""
    permissions.require(actor, "revival.manage_offer")
    with transaction.atomic():
        offer = Offer.objects.select_for_update().select_related("project").get(pk=offer.pk)
        if offer.kind != OfferKind.INVESTMENT:
            raise RevivalError(_("Only investment interest is passed to the ministry."))
        if not offer.consent_to_share:
            raise RevivalError(_("The investor did not agree to be passed on to the ministry."))
        if not offer.may_become(OfferStatus.PASSED_ON):
            raise RevivalError(_("This offer cannot be passed on any more."))
        contact = (offer.project.partners.filter(role=PartnerRole.MINISTRY).exclude(contact_email="")
                   .values_list("contact_email", flat=True).first())
        if not contact:
            raise RevivalError(_("The project has no ministry partner with a contact address."))
        old = offer.status
        offer.status = OfferStatus.PASSED_ON
        offer.passed_on_at = timezone.now()
        offer.passed_to = contact
        offer.save(update_fields=["status", "passed_on_at", "passed_to", "updated_at"])
        OfferEvent.objects.create(offer=offer, status=OfferStatus.PASSED_ON, actor=actor, note=contact)
        audit.record(actor=actor, action=AuditAction.UPDATE, obj=offer,
                     changes={"status": [old, OfferStatus.PASSED_ON], "passed_to": contact})
        from korpu.revival.tasks import send_investment_interest

        enqueue_on_commit(send_investment_interest, str(offer.pk))
    return offer
