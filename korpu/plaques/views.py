"""Plaque pages: the foundation's plaque desk with its proof versions, and a donor's own line."""

from __future__ import annotations

import tempfile
from pathlib import Path

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from korpu.core.access import requires, signed_in
from korpu.core.errors import KorpuError
from korpu.plaques import forms, selectors, services
from korpu.plaques.errors import PlaquesError
from korpu.plaques.models import Plaque, Proof, RenderState
from korpu.plaques.rendering import PlaqueError
from korpu.revival.models import Project


@requires("plaques.manage_plaque")
def plaque_list(request):
    return render(request, "plaques/list.html", {
        "plaques": list(selectors.plaques()),
        "projects": list(Project.objects.filter(plaques__isnull=True).order_by("slug")),
    })


@requires("plaques.manage_plaque")
def create_plaque(request, slug):
    project = get_object_or_404(Project, slug=slug)
    form = forms.PlaqueForm(request.POST or None, initial={
        "title": "\n".join(f"{k}: {v}" for k, v in list(project.title.items())[:2])})
    if request.method == "POST" and form.is_valid():
        try:
            plaque = services.do_create_plaque(actor=request.user, project=project, title=form.cleaned_data["title"],
                                               **form.settings())
        except KorpuError as exc:
            form.add_error(None, str(exc.message))
        else:
            return redirect("plaques:detail", plaque_id=plaque.pk)
    return render(request, "plaques/form.html", {"form": form, "project": project})


@requires("plaques.manage_plaque")
def plaque_detail(request, plaque_id):
    plaque = get_object_or_404(selectors.plaques(), pk=plaque_id)
    form = forms.PlaqueForm(request.POST or None, initial=forms.PlaqueForm.initial_for(plaque))
    if request.method == "POST" and form.is_valid():
        try:
            services.do_update_plaque(actor=request.user, plaque=plaque, title=form.cleaned_data["title"],
                                      **form.settings())
        except KorpuError as exc:
            form.add_error(None, str(exc.message))
        else:
            messages.success(request, _("Saved."))
            return redirect("plaques:detail", plaque_id=plaque.pk)
    proofs = list(selectors.proofs_of(plaque))
    return render(request, "plaques/detail.html", {
        "plaque": plaque, "form": form, "proof_form": forms.ProofForm(), "proofs": proofs,
        "preparing": any(p.render_state == RenderState.PENDING for p in proofs),
    })


@requires("plaques.manage_plaque")
def proof_versions(request, plaque_id):
    """The versions fragment, polled while a version is being prepared."""
    plaque = get_object_or_404(selectors.plaques(), pk=plaque_id)
    proofs = list(selectors.proofs_of(plaque))
    return render(request, "plaques/_versions.html", {
        "plaque": plaque, "proofs": proofs, "preparing": any(p.render_state == RenderState.PENDING for p in proofs),
    })


def _read_names(upload):
    from korpu.plaques.cli import read_names_csv

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "names.csv"
        path.write_bytes(upload.read())
        try:
            return read_names_csv(path)
        except PlaqueError as exc:
            raise PlaquesError(_("The names list must be a UTF-8 CSV file with a “name” column.")) from exc


@requires("plaques.manage_plaque")
@require_POST
def make_proof(request, plaque_id):
    plaque = get_object_or_404(selectors.plaques(), pk=plaque_id)
    form = forms.ProofForm(request.POST, request.FILES)
    try:
        if not form.is_valid():
            raise PlaquesError(_("The names list could not be read."))
        upload = form.cleaned_data.get("names")
        entries = _read_names(upload) if upload else None
        proof = services.do_make_proof(actor=request.user, plaque=plaque, entries=entries)
    except KorpuError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("Proof version {n} is being prepared: its files appear here when they are "
                                    "ready.").format(n=proof.version))
    return redirect("plaques:detail", plaque_id=plaque.pk)


@requires("plaques.approve_proof")
@require_POST
def decide_proof(request, proof_id):
    proof = get_object_or_404(Proof, pk=proof_id)
    try:
        if request.POST.get("action") == "send":
            services.do_send_proof(actor=request.user, proof=proof)
        else:
            services.do_approve_proof(actor=request.user, proof=proof)
    except KorpuError as exc:
        messages.error(request, str(exc.message))
    return redirect("plaques:detail", plaque_id=proof.plaque_id)


@requires("plaques.manage_plaque")
def proof_pdf(request, proof_id):
    proof = get_object_or_404(Proof.objects.select_related("plaque__project"), pk=proof_id)
    if proof.render_state != RenderState.READY or not proof.pdf:
        raise Http404
    response = HttpResponse(bytes(proof.pdf), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="plaque-{proof.plaque.project.slug}-v{proof.version}.pdf"'
    return response


@requires("plaques.manage_plaque")
def proof_package(request, proof_id):
    proof = get_object_or_404(Proof.objects.select_related("plaque__project"), pk=proof_id)
    if proof.render_state != RenderState.READY or not proof.engraver_zip:
        raise Http404
    response = HttpResponse(bytes(proof.engraver_zip), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="plaque-{proof.plaque.project.slug}-v{proof.version}.zip"'
    return response


@signed_in
def my_lines(request):
    """The proof lines that name the signed-in donor."""
    return render(request, "plaques/mine.html", {"lines": selectors.lines_naming(request.user)})


def plaque_of(project_slug: str) -> Plaque | None:
    return Plaque.objects.filter(project__slug=project_slug).first()
