"""Revival pages: the public catalogue and project pages, offers, the officers' project desk,
the participation dashboard and the payout transparency list."""

from __future__ import annotations

import mimetypes
from decimal import Decimal

from django.contrib import messages
from django.core.cache import cache
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from korpu.core import permissions
from korpu.core.access import public, requires, signed_in
from korpu.core.errors import KorpuError
from korpu.core.formatting import minor_digits
from korpu.network.models import Organisation
from korpu.revival import forms, geo, ledger, selectors, services
from korpu.revival.models import (
    Evidence,
    Milestone,
    Offer,
    Payout,
    Photo,
    Project,
    ProjectStatus,
    text_in,
)

PAGE_CACHE_SECONDS = 45


def to_minor(amount: Decimal | None, currency: str) -> int:
    if amount is None:
        return 0
    return int((Decimal(amount) * (10 ** minor_digits(currency))).to_integral_value())


def _markers(projects, language: str) -> list[geo.Marker]:
    from django.urls import reverse

    return [geo.Marker(p.latitude, p.longitude, f"{p.title_in(language)} — {p.get_status_display()}",
                       reverse("revival:project", args=[p.slug]), f"status-{p.status}") for p in projects]


@public
def catalogue(request):
    """Public catalogue: filter by place, kind and status; map and progress bars."""
    form = forms.FilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    language = translation.get_language()
    key = "revival:catalogue:{}:{}:{}:{}:{}".format(
        language, filters.get("district", ""), filters.get("kind", ""), filters.get("status", ""),
        int(permissions.has_perm(request.user, "revival.manage_project")))
    body = cache.get(key)
    if body is None:
        projects = list(selectors.catalogue(request.user, **{k: v for k, v in filters.items() if v})[:200])
        progress = selectors.progress_many(projects)
        svg = geo.map_svg(_markers(projects, language), language=language, title=_("Map of the projects"))
        body = render_to_string("revival/_catalogue_body.html", {
            "rows": [(p, progress[p.pk], geo.place_name(p.settlement, language)) for p in projects],
            "map_svg": mark_safe(svg),  # noqa: S308 - built by geo.map_svg with every value escaped
        })
        cache.set(key, body, PAGE_CACHE_SECONDS)
    return render(request, "revival/catalogue.html", {"form": form, "body": mark_safe(body)})  # noqa: S308


def _project_body(actor, project: Project, language: str) -> str:
    """The project page's public part, cached per project version and language (45 s)."""
    key = f"revival:project:{project.pk}:{project.updated_at.timestamp()}:{language}"
    body = cache.get(key)
    if body is None:
        loaded = selectors.project_page(actor, project.slug)
        assert loaded is not None  # the caller found it in the same scope
        project = loaded
        progress = selectors.progress_many([project])[project.pk]
        body = render_to_string("revival/_project_body.html", {
            "project": project, "progress": progress, "language": language,
            "place": geo.place_name(project.settlement, language),
            "district": geo.place_name(project.district, language),
            "photos_before": [p for p in project.photos.all() if p.kind == "before"],
            "photos_after": [p for p in project.photos.all() if p.kind != "before"],
            "milestones": list(project.milestones.all()),
            "give_url": ledger.give_url(project), "fund_url": ledger.fund_url(project),
            "summary": text_in(project.summary, language), "description": text_in(project.description, language),
            "period": text_in(project.heritage_period, language),
            "builder": text_in(project.heritage_builder, language),
            "damage": text_in(project.heritage_damage, language),
        })
        cache.set(key, body, PAGE_CACHE_SECONDS)
    return body


@public
def project(request, slug):
    """A project's public page (its body is cached for 45 s per language)."""
    # Only the project row on a cache hit: the page body with its related rows is cached.
    found = selectors.projects_for(request.user).filter(slug=slug).first()
    if found is None:
        raise Http404
    language = translation.get_language()
    body = _project_body(request.user, found, language)
    return render(request, "revival/project.html", {
        "project": found, "title": found.title_in(language), "body": mark_safe(body),  # noqa: S308
        "may_manage": permissions.has_perm(request.user, "revival.manage_project"),
        "may_offer": found.is_public and found.status != ProjectStatus.COMPLETED,
    })


def _serve(request, file_field, content_type: str, project: Project):
    if not permissions.has_perm(request.user, "revival.view_project", project):
        raise Http404
    try:
        handle = file_field.open("rb")
    except (FileNotFoundError, ValueError) as exc:
        raise Http404 from exc
    response = FileResponse(handle, content_type=content_type or mimetypes.guess_type(file_field.name)[0])
    response["Cache-Control"] = "public, max-age=3600"
    response["X-Content-Type-Options"] = "nosniff"
    if content_type == "application/pdf":
        response["Content-Disposition"] = "attachment"
    return response


@public
def photo(request, photo_id):
    found = get_object_or_404(Photo.objects.select_related("project"), pk=photo_id)
    return _serve(request, found.image, found.content_type, found.project)


@public
def evidence(request, evidence_id):
    found = get_object_or_404(Evidence.objects.select_related("milestone__project"), pk=evidence_id)
    if not found.file:
        raise Http404
    return _serve(request, found.file, found.content_type, found.milestone.project)


@public
def transparency(request):
    """Every payout from a project fund, with its milestone and evidence."""
    payouts = list(selectors.paid_payouts().filter(milestone__project__status__in=[
        s for s in ProjectStatus.values if s != ProjectStatus.PROPOSED])[:200])
    return render(request, "revival/transparency.html", {"payouts": payouts})


@signed_in
def make_offer(request, slug):
    """Offer money, investment interest, volunteering, expertise or goods."""
    found = selectors.project_page(request.user, slug)
    if found is None:
        raise Http404
    form = forms.OfferForm(request.POST or None, initial={"country": getattr(getattr(request.user, "person", None),
                                                                             "country", "")})
    if request.method == "POST" and form.is_valid():
        try:
            services.do_make_offer(actor=request.user, project=found, kind=form.cleaned_data["kind"],
                                   country=form.cleaned_data["country"], details=form.details(),
                                   message=form.cleaned_data["message"],
                                   consent_to_share=form.cleaned_data["consent_to_share"])
        except KorpuError as exc:
            form.add_error(None, str(exc.message))
        else:
            messages.success(request, _("Thank you: your offer was sent to the foundation."))
            return redirect("revival:my_offers")
    return render(request, "revival/offer_form.html", {"project": found, "form": form,
                                                        "give_url": ledger.give_url(found)}, status=200 if form.is_valid() or request.method == "GET" else 422)


@signed_in
def my_offers(request):
    return render(request, "revival/my_offers.html", {"offers": list(selectors.my_offers(request.user))})


@signed_in
@require_POST
def withdraw_offer(request, offer_id):
    offer = get_object_or_404(selectors.offers_for(request.user), pk=offer_id)
    try:
        services.do_change_offer_status(actor=request.user, offer=offer, status="withdrawn")
    except KorpuError as exc:
        messages.error(request, str(exc.message))
    return redirect("revival:my_offers")


@requires("revival.view_dashboard")
def dashboard(request):
    """Direct and indirect participation by country and by kind."""
    return render(request, "revival/dashboard.html", {"data": selectors.participation()})


# --- The officers' desk --------------------------------------------------------------------------
@requires("revival.manage_project")
def manage(request):
    projects = list(selectors.catalogue(request.user))
    return render(request, "revival/manage_list.html", {"projects": projects})


@requires("revival.manage_project")
def create_project(request):
    form = forms.ProjectForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            created = services.do_create_project(
                actor=request.user, title=forms.translated(d, "title"), kind=d["kind"], district=d["district"],
                settlement=d["settlement"], budget_minor=to_minor(d["budget"], d["currency"]),
                currency=d["currency"], summary=forms.translated(d, "summary"),
                heritage_period=forms.translated(d, "period"), heritage_builder=forms.translated(d, "builder"),
                heritage_damage=forms.translated(d, "damage"))
        except KorpuError as exc:
            form.add_error(None, str(exc.message))
        else:
            return redirect("revival:manage_project", slug=created.slug)
    return render(request, "revival/project_form.html", {"form": form})


def _managed(request, slug) -> Project:
    found = get_object_or_404(Project, slug=slug)
    permissions.require(request.user, "revival.manage_project", found)
    return found


@requires("revival.manage_project")
def manage_project(request, slug):
    found = _managed(request, slug)
    milestones = list(found.milestones.prefetch_related("evidence", "payouts__approvals"))
    return render(request, "revival/manage_project.html", {
        "project": found, "milestones": milestones,
        "partners": list(found.partners.select_related("organisation")),
        "pending": list(selectors.pending_payouts(found)),
        "offers": list(selectors.offers_for(request.user, project=found)),
        "status_form": forms.StatusForm(), "partner_form": forms.PartnerForm(), "photo_form": forms.PhotoForm(),
        "milestone_form": forms.MilestoneForm(), "evidence_form": forms.EvidenceForm(),
        "payout_form": forms.PayoutForm(), "offer_status_form": forms.OfferStatusForm(),
        "milestone_status_form": forms.MilestoneStatusForm(),
        "may_approve": permissions.has_perm(request.user, "revival.approve_payout"),
    })


def _act(request, slug, action) -> object:
    found = _managed(request, slug)
    try:
        action(found)
    except KorpuError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("Saved."))
    return redirect("revival:manage_project", slug=found.slug)


def _form_or_error(form):
    if not form.is_valid():
        errors = "; ".join(str(e) for errs in form.errors.values() for e in errs)
        raise KorpuError(errors)
    return form.cleaned_data


@requires("revival.manage_project")
@require_POST
def change_status(request, slug):
    def act(p):
        d = _form_or_error(forms.StatusForm(request.POST))
        services.do_change_project_status(actor=request.user, project=p, status=d["status"])
    return _act(request, slug, act)


@requires("revival.manage_project")
@require_POST
def add_partner(request, slug):
    def act(p):
        d = _form_or_error(forms.PartnerForm(request.POST))
        organisation = Organisation.objects.filter(pk=d["organisation"]).first() if d.get("organisation") else None
        services.do_add_partner(actor=request.user, project=p, role=d["role"], organisation=organisation,
                                name=d.get("name") or "", contact_email=d.get("contact_email") or "")
    return _act(request, slug, act)


@requires("revival.manage_project")
@require_POST
def add_photo(request, slug):
    def act(p):
        d = _form_or_error(forms.PhotoForm(request.POST, request.FILES))
        caption = {translation.get_language(): d["caption"]} if d.get("caption") else {}
        services.do_add_photo(actor=request.user, project=p, upload=d["image"], kind=d["kind"], caption=caption)
    return _act(request, slug, act)


@requires("revival.manage_project")
@require_POST
def add_milestone(request, slug):
    def act(p):
        d = _form_or_error(forms.MilestoneForm(request.POST))
        services.do_add_milestone(actor=request.user, project=p, title={translation.get_language(): d["title"]},
                                  amount_minor=to_minor(d.get("amount"), p.currency), due_on=d.get("due_on"))
    return _act(request, slug, act)


def _milestone(project, milestone_id) -> Milestone:
    return get_object_or_404(Milestone, pk=milestone_id, project=project)


@requires("revival.manage_project")
@require_POST
def add_evidence(request, slug, milestone_id):
    def act(p):
        d = _form_or_error(forms.EvidenceForm(request.POST, request.FILES))
        services.do_add_evidence(actor=request.user, milestone=_milestone(p, milestone_id), kind=d["kind"],
                                 upload=d.get("file"), note=d.get("note") or "")
    return _act(request, slug, act)


@requires("revival.manage_project")
@require_POST
def milestone_status(request, slug, milestone_id):
    def act(p):
        d = _form_or_error(forms.MilestoneStatusForm(request.POST))
        services.do_change_milestone_status(actor=request.user, milestone=_milestone(p, milestone_id),
                                            status=d["status"])
    return _act(request, slug, act)


@requires("revival.approve_payout")
@require_POST
def request_payout(request, slug, milestone_id):
    def act(p):
        d = _form_or_error(forms.PayoutForm(request.POST))
        services.do_request_payout(actor=request.user, milestone=_milestone(p, milestone_id),
                                   amount_minor=to_minor(d["amount"], p.currency), payee=d["payee"],
                                   purpose=d.get("purpose") or "",
                                   idempotency_key=request.POST.get("idempotency_key", ""))
    return _act(request, slug, act)


@requires("revival.approve_payout")
@require_POST
def decide_payout(request, slug, payout_id):
    def act(p):
        payout = get_object_or_404(Payout, pk=payout_id, milestone__project=p)
        if request.POST.get("decision") == "reject":
            services.do_reject_payout(actor=request.user, payout=payout, reason=request.POST.get("reason", ""))
        else:
            services.do_approve_payout(actor=request.user, payout=payout)
    return _act(request, slug, act)


@requires("revival.manage_offer")
@require_POST
def offer_status(request, slug, offer_id):
    def act(p):
        d = _form_or_error(forms.OfferStatusForm(request.POST))
        offer = get_object_or_404(Offer, pk=offer_id, project=p)
        services.do_change_offer_status(actor=request.user, offer=offer, status=d["status"], note=d.get("note") or "")
    return _act(request, slug, act)
