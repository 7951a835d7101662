"""Every write of the plaques app: plaque settings and the proof workflow
(draft → approved by a foundation officer → sent to the engraver), each version kept.

Making a version chooses and lays out its names in the request (so bad input is answered at
once); rendering its files (WeasyPrint's PDF, the outlined SVG, the DXF: seconds for a big plaque)
is a background task enqueued on commit, `korpu.plaques.tasks.render_proof`."""

from __future__ import annotations

import io
import logging
import zipfile
from typing import Any

from django.conf import settings as django_settings
from django.db import transaction
from django.db.models import Max
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from korpu.core import audit, permissions
from korpu.core.models import AuditAction
from korpu.core.tasks import enqueue_on_commit
from korpu.plaques import donors, rendering
from korpu.plaques.errors import PlaquesError, translate
from korpu.plaques.models import NameOrder, NamesSource, Plaque, Proof, ProofStatus, RenderState
from korpu.plaques.rendering.collation import SUPPORTED_LANGUAGES

log = logging.getLogger(__name__)

PLAQUE_FIELDS = ("title", "dedication", "lang", "tiers", "threshold_minor", "currency", "order", "width_mm",
                 "height_mm", "margin_mm", "min_cap_height_mm", "allow_panels", "uppercase_title")


def _check(plaque: Plaque) -> None:
    title = {k: v for k, v in (plaque.title or {}).items() if v and v.strip()}
    if not 1 <= len(title) <= 3:
        raise PlaquesError(_("A plaque's title is in one to three languages."))
    if len({k for k, v in (plaque.dedication or {}).items() if v}) > 3:
        raise PlaquesError(_("A plaque's dedication is in one to three languages."))
    if plaque.lang not in SUPPORTED_LANGUAGES:
        raise PlaquesError(_("Plaques cannot be set in the language “{lang}”.").format(lang=plaque.lang))
    labels = [str(t.get("label", "")).strip() for t in plaque.tiers or []]
    if any(not label for label in labels) or len(set(labels)) != len(labels):
        raise PlaquesError(_("Each tier needs its own name."))
    if any(int(t.get("min_minor", 0)) < 0 for t in plaque.tiers or []) or plaque.threshold_minor < 0:
        raise PlaquesError(_("Amounts cannot be negative."))
    if float(plaque.min_cap_height_mm) <= 0 or float(plaque.width_mm) <= 0 or float(plaque.height_mm) <= 0:
        raise PlaquesError(_("Sizes must be more than zero millimetres."))


def do_create_plaque(*, actor: Any, project, title: dict, **settings: Any) -> Plaque:
    """Set up the plaque of a project (title, tiers, threshold, size, order)."""
    permissions.require(actor, "plaques.manage_plaque")
    unknown = set(settings) - set(PLAQUE_FIELDS)
    if unknown:
        raise PlaquesError(_("These fields cannot be set: {fields}.").format(fields=", ".join(sorted(unknown))))
    plaque = Plaque(project=project, title=title, currency=settings.pop("currency", project.currency),
                    created_by=actor if getattr(actor, "is_authenticated", False) else None, **settings)
    _check(plaque)
    with transaction.atomic():
        plaque.save()
        audit.record(actor=actor, action=AuditAction.CREATE, obj=plaque, changes=audit.snapshot(plaque, PLAQUE_FIELDS))
    return plaque


def do_update_plaque(*, actor: Any, plaque: Plaque, **changes: Any) -> Plaque:
    """Change a plaque's settings; the next proof uses them."""
    permissions.require(actor, "plaques.manage_plaque")
    unknown = set(changes) - set(PLAQUE_FIELDS)
    if unknown:
        raise PlaquesError(_("These fields cannot be set: {fields}.").format(fields=", ".join(sorted(unknown))))
    with transaction.atomic():
        plaque = Plaque.objects.select_for_update().get(pk=plaque.pk)
        before = audit.snapshot(plaque, PLAQUE_FIELDS)
        for name, value in changes.items():
            setattr(plaque, name, value)
        _check(plaque)
        plaque.save(update_fields=[*changes, "updated_at"])
        audit.record(actor=actor, action=AuditAction.UPDATE, obj=plaque,
                     changes=audit.diff(before, audit.snapshot(plaque, PLAQUE_FIELDS)))
    return plaque


def project_url(plaque: Plaque) -> str:
    """The absolute address of the project's public page, for the QR code."""
    from django.urls import reverse

    from korpu.core import links

    return links.absolute(reverse("revival:project", args=[plaque.project.slug]))


def _sort_key(named: donors.NamedDonor, order: str) -> str | None:
    if order == NameOrder.AMOUNT:
        return f"{10**15 - named.net_minor:016d}"
    if order == NameOrder.FIRST_GIFT:
        return named.first_at.strftime("%Y%m%d%H%M%S%f") if named.first_at else None
    return None


def names_from_ledger(plaque: Plaque) -> tuple[list[dict], int]:
    """The plaque's names from its project's fund, as proof rows, and the anonymous count."""
    chosen = donors.select(plaque)
    rows = [{"text": n.text, "tier": n.tier, "donor": n.donor_id, "person": n.person_id,
             "organisation": n.organisation_id, "net_minor": n.net_minor, "key": _sort_key(n, plaque.order)}
            for n in chosen.named]
    return rows, chosen.anonymous


def names_from_list(plaque: Plaque, entries: list[rendering.NameEntry]) -> list[dict]:
    """Proof rows from a names list (CSV); tiers must be the plaque's."""
    labels = plaque.tier_labels()
    rows = []
    for e in entries:
        if e.tier and e.tier not in labels:
            raise translate(rendering.UnknownTier(e.text, e.tier))
        rows.append({"text": e.text, "tier": e.tier, "donor": None, "person": None, "net_minor": None,
                     "key": e.key})
    return rows


def spec_for(plaque: Plaque, rows: list[dict], anonymous: int = 0) -> rendering.PlaqueSpec:
    """The engine's input for these names with the plaque's settings."""
    dedication = dict(plaque.dedication or {})
    if anonymous:
        with translation.override(plaque.lang):
            line = ngettext("and {n} donor who gave anonymously", "and {n} donors who gave anonymously",
                            anonymous).format(n=anonymous)
        dedication[plaque.lang] = "\n".join(x for x in (dedication.get(plaque.lang, ""), line) if x)
    used = {r["tier"] for r in rows if r["tier"]}
    return rendering.PlaqueSpec(
        title=plaque.title, dedication=dedication,
        names=[rendering.NameEntry(r["text"], r["tier"], r.get("key")) for r in rows],
        tiers=[t for t in plaque.tier_labels() if t in used],
        width_mm=float(plaque.width_mm), height_mm=float(plaque.height_mm), margin_mm=float(plaque.margin_mm),
        min_cap_height_mm=float(plaque.min_cap_height_mm), lang=plaque.lang, qr_url=project_url(plaque),
        uppercase_title=plaque.uppercase_title, allow_panels=plaque.allow_panels)


def _line_ids(spec: rendering.PlaqueSpec, rows: list[dict]) -> tuple[list[dict], int]:
    """Rows in engraved order, each with the id of its line (`name-00017`, as in the SVG) and its panel."""
    groups: dict[str | None, list[int]] = {}
    for i, r in enumerate(rows):
        groups.setdefault(r["tier"], []).append(i)
    ordered: list[dict] = []
    for tier in [*spec.tiers, None]:
        members = groups.get(tier, [])
        # the engine's order: tiers in the plaque's order, untiered last, each by collation key
        sorted_members = sorted(members, key=lambda i: rendering.collation_key(rows[i].get("key") or rows[i]["text"],
                                                                                spec.lang))
        ordered.extend(rows[i] for i in sorted_members)
    panels = rendering.layout(spec)
    panel_of = {line.index: panel.number for panel in panels for line in panel.lines
                if line.kind == "name" and line.index is not None}
    return [{**r, "line": f"name-{n:05d}", "panel": panel_of.get(n, 1)} for n, r in enumerate(ordered)], len(panels)


def do_make_proof(*, actor: Any, plaque: Plaque, entries: list[rendering.NameEntry] | None = None) -> Proof:
    """Make the next proof version: names from the ledger (or from `entries`, a names list), laid
    out and kept with the version; its files are rendered by a background task once this commits.
    Earlier drafts and approvals not yet sent are superseded."""
    from korpu.plaques.tasks import render_proof

    permissions.require(actor, "plaques.manage_plaque")
    if entries is None:
        rows, anonymous = names_from_ledger(plaque)
        source = NamesSource.LEDGER
    else:
        rows, anonymous, source = names_from_list(plaque, entries), 0, NamesSource.LIST
    if not rows:
        raise translate(rendering.EmptyPlaque())
    spec = spec_for(plaque, rows, anonymous)
    try:
        rows, panels = _line_ids(spec, rows)
    except rendering.PlaqueError as exc:
        raise translate(exc) from exc
    with transaction.atomic():
        plaque = Plaque.objects.select_for_update().get(pk=plaque.pk)
        version = (plaque.proofs.aggregate(v=Max("version"))["v"] or 0) + 1
        plaque.proofs.filter(status__in=[ProofStatus.DRAFT, ProofStatus.APPROVED]).update(
            status=ProofStatus.SUPERSEDED, updated_at=timezone.now())
        proof = Proof.objects.create(
            plaque=plaque, version=version, source=source, names=rows, anonymous_count=anonymous, panels=panels,
            settings_snapshot=audit.snapshot(plaque, PLAQUE_FIELDS), render_state=RenderState.PENDING,
            created_by=actor if getattr(actor, "is_authenticated", False) else None)
        audit.record(actor=actor, action=AuditAction.CREATE, obj=proof,
                     changes={"version": version, "names": len(rows), "anonymous": anonymous, "source": source})
        enqueue_on_commit(render_proof, str(proof.pk))
    return proof


def plaque_as_made(proof: Proof) -> Plaque:
    """The plaque with the settings it had when this version was made (unsaved): later changes to
    the plaque never alter a version's files."""
    kept = {k: v for k, v in (proof.settings_snapshot or {}).items() if k in PLAQUE_FIELDS}
    return Plaque(pk=proof.plaque.pk, project=proof.plaque.project, **kept)


def render_files(proof: Proof) -> tuple[bytes, bytes]:
    """The PDF proof, and a ZIP with the outlined SVG and the DXF of every panel and the PDF."""
    plaque = plaque_as_made(proof)
    rows = [{k: r.get(k) for k in ("text", "tier", "key")} for r in proof.names]
    spec = spec_for(plaque, rows, proof.anonymous_count)
    try:
        pdf = rendering.render_pdf(spec)
        svgs = rendering.render_svg(spec)
        dxfs = rendering.render_dxf(spec)
    except rendering.PlaqueError as exc:
        raise translate(exc) from exc
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        stem = f"plaque-{plaque.project.slug}-v{proof.version}"
        for n, (svg, dxf) in enumerate(zip(svgs, dxfs, strict=True), start=1):
            suffix = f"-{n}" if len(svgs) > 1 else ""
            z.writestr(f"{stem}{suffix}.svg", svg.encode("utf-8"))
            z.writestr(f"{stem}{suffix}.dxf", dxf)
        z.writestr(f"{stem}-proof.pdf", pdf)
    return pdf, out.getvalue()


def _finish_render(actor: Any, proof_id: Any, **values: Any) -> Proof:
    with transaction.atomic():
        proof = Proof.objects.select_for_update().defer("pdf", "engraver_zip").get(pk=proof_id)
        if proof.render_state != RenderState.PENDING:  # another worker finished it first
            return proof
        for name, value in values.items():
            setattr(proof, name, value)
        proof.save(update_fields=[*values, "updated_at"])
        audit.record(actor=actor, action=AuditAction.UPDATE, obj=proof,
                     changes={"render_state": [RenderState.PENDING, proof.render_state]},
                     message=values.get("render_error", ""))
    return proof


def do_render_proof(*, actor: Any, proof_id: Any) -> Proof:
    """Render a version's files and keep them with it (the background task's work). A version
    already rendered is left as it is; a failure is kept as the version's message."""
    proof = Proof.objects.defer("pdf", "engraver_zip").select_related("plaque__project", "created_by").get(pk=proof_id)
    if proof.render_state != RenderState.PENDING:
        return proof
    language = getattr(proof.created_by, "language", "") or django_settings.LANGUAGE_CODE
    with translation.override(language):
        try:
            pdf, package = render_files(proof)
        except PlaquesError as exc:
            return _finish_render(actor, proof.pk, render_state=RenderState.FAILED, render_error=str(exc.message))
        except Exception:
            log.exception("rendering proof %s failed", proof.pk)
            _finish_render(actor, proof.pk, render_state=RenderState.FAILED,
                           render_error=_("The files could not be made. Make the next version to try again."))
            raise
    return _finish_render(actor, proof.pk, render_state=RenderState.READY, pdf=pdf, engraver_zip=package,
                          rendered_at=timezone.now(), render_error="")


def do_approve_proof(*, actor: Any, proof: Proof) -> Proof:
    """A foundation officer approves a draft proof (not the one who made it, when a person made it)."""
    permissions.require(actor, "plaques.approve_proof")
    with transaction.atomic():
        proof = Proof.objects.select_for_update().get(pk=proof.pk)
        if proof.status != ProofStatus.DRAFT:
            raise PlaquesError(_("Only a draft proof can be approved."))
        if proof.render_state != RenderState.READY:
            raise PlaquesError(_("This proof is still being prepared: approve it once its PDF can be read."),
                               code="not_ready")
        if proof.created_by_id and proof.created_by_id == getattr(actor, "pk", None):
            raise PlaquesError(_("Another officer must approve the proof you made."), code="four_eyes")
        proof.status = ProofStatus.APPROVED
        proof.approved_by = actor
        proof.approved_at = timezone.now()
        proof.save(update_fields=["status", "approved_by", "approved_at", "updated_at"])
        audit.record(actor=actor, action=AuditAction.UPDATE, obj=proof,
                     changes={"status": [ProofStatus.DRAFT, ProofStatus.APPROVED]})
    return proof


def do_send_proof(*, actor: Any, proof: Proof) -> Proof:
    """Send an approved proof to the engraver: its SVG and DXF files, made with the PDF, become
    the engraver's package."""
    permissions.require(actor, "plaques.approve_proof")
    with transaction.atomic():
        proof = Proof.objects.select_for_update().defer("pdf", "engraver_zip").get(pk=proof.pk)
        if proof.status != ProofStatus.APPROVED:
            raise PlaquesError(_("Only an approved proof can be sent to the engraver."))
        if proof.render_state != RenderState.READY:
            raise PlaquesError(_("This proof's files are not ready yet."), code="not_ready")
        proof.status = ProofStatus.SENT
        proof.sent_by = actor
        proof.sent_at = timezone.now()
        proof.save(update_fields=["status", "sent_by", "sent_at", "updated_at"])
        audit.record(actor=actor, action=AuditAction.UPDATE, obj=proof,
                     changes={"status": [ProofStatus.APPROVED, ProofStatus.SENT]})
    return proof
