"""Pages of the registry: directory, organisation and person pages, self-service, imports, exports,
duplicates and the network dashboard."""

from __future__ import annotations

import json

from django.contrib import messages
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from korpu.core import audit, permissions
from korpu.core.access import public, requires, signed_in
from korpu.core.errors import KorpuError
from korpu.core.models import AuditAction
from korpu.network import countries, exports, imports, maps, selectors, services
from korpu.network.forms import (
    ConsentForm,
    DirectoryFilterForm,
    EraseForm,
    ImportForm,
    MembershipForm,
    OrganisationForm,
    PeopleSearchForm,
    PersonForm,
    VariantForm,
)
from korpu.network.models import (
    ConsentPurpose,
    ConsentSource,
    DuplicateCandidate,
    DuplicateStatus,
    ImportJob,
    ImportStatus,
    NameVariant,
    Organisation,
    OrganisationStatus,
    Person,
    PersonMerge,
)


def _query(request) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


# --- Directory and organisations ------------------------------------------------------------------
@public
def directory(request):
    form = DirectoryFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    qs = selectors.directory(request.user, **{k: v for k, v in filters.items() if v})
    qs = qs.only("id", "name", "names", "kind", "country", "city", "status", "languages", "founded_year")
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(request, "network/directory.html", {
        "form": form, "page": page, "query": _query(request),
        "may_apply": request.user.is_authenticated,
        "may_verify": permissions.has_perm(request.user, "network.verify_organisation"),
        "may_export": permissions.has_perm(request.user, "network.export"),
    })


def _organisation(request, organisation_id) -> Organisation:
    return get_object_or_404(selectors.organisations_for(request.user), pk=organisation_id)


@public
def organisation_detail(request, organisation_id):
    organisation = _organisation(request, organisation_id)
    user = request.user
    members = Paginator(selectors.organisation_members(user, organisation), 50).get_page(request.GET.get("page"))
    in_org = organisation.pk in permissions.organisations_with(user, "network.view_person")
    may_totals = in_org or permissions.has_perm(user, "network.view_totals")
    staff_reads = [m.person for m in members if not in_org and m.person.user_id != getattr(user, "pk", None)]
    for person in staff_reads:
        audit.record_read(actor=user, obj=person)
    return render(request, "network/organisation_detail.html", {
        "organisation": organisation, "links": selectors.organisation_links(organisation), "members": members,
        "total": selectors.member_total(organisation) if may_totals else None,
        "country_name": countries.name(organisation.country),
        "may_edit": permissions.has_perm(user, "network.change_organisation", organisation),
        "may_add_people": in_org and permissions.has_perm(user, "network.change_person"),
        "may_verify": permissions.has_perm(user, "network.verify_organisation")
        and organisation.status != OrganisationStatus.VERIFIED,
        "may_import": imports.may_import(user, "people", organisation) if user.is_authenticated else False,
    })


@signed_in
def organisation_apply(request):
    form = OrganisationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            organisation = services.do_register_organisation(actor=request.user, **form.service_data())
        except KorpuError as exc:
            form.add_error(None, str(exc.message))
        else:
            messages.success(request, _("Thank you. The committee will verify the organisation."))
            return redirect("network:organisation", organisation_id=organisation.pk)
    return render(request, "network/organisation_form.html", {"form": form, "title": _("Apply to join")})


@requires("network.change_organisation")
def organisation_edit(request, organisation_id):
    organisation = _organisation(request, organisation_id)
    if not permissions.has_perm(request.user, "network.change_organisation", organisation):
        raise DjangoPermissionDenied
    initial = {
        "name": organisation.name, "kind": organisation.kind, "country": organisation.country,
        "city": organisation.city, "founded_year": organisation.founded_year,
        "languages": ", ".join(organisation.languages or []), "email": organisation.email,
        "phone": organisation.phone, "website": organisation.website,
        "social_links": "\n".join(organisation.social_links or []),
        **{f"name_{k}": v for k, v in (organisation.names or {}).items()},
    }
    form = OrganisationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.do_update_organisation(actor=request.user, organisation=organisation, **form.service_data())
        except KorpuError as exc:
            form.add_error(None, str(exc.message))
        else:
            messages.success(request, _("Saved."))
            return redirect("network:organisation", organisation_id=organisation.pk)
    return render(request, "network/organisation_form.html", {"form": form, "title": organisation.name})


@requires("network.verify_organisation")
def applications(request):
    qs = Organisation.objects.filter(status=OrganisationStatus.PROPOSED).select_related("applied_by")
    page = Paginator(qs.order_by("created_at"), 50).get_page(request.GET.get("page"))
    return render(request, "network/applications.html", {"page": page, "query": ""})


@requires("network.verify_organisation")
@require_POST
def organisation_verify(request, organisation_id):
    organisation = get_object_or_404(Organisation, pk=organisation_id)
    try:
        services.do_verify_organisation(actor=request.user, organisation=organisation)
    except KorpuError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("The organisation is verified."))
    return redirect("network:organisation", organisation_id=organisation.pk)


# --- People ---------------------------------------------------------------------------------------
@requires("network.change_person")
def person_add(request, organisation_id):
    organisation = _organisation(request, organisation_id)
    if organisation.pk not in permissions.organisations_with(request.user, "network.change_person") and not \
            permissions.is_platform(request.user, "network.change_person"):
        raise Http404
    form = PersonForm(request.POST or None)
    role_form = MembershipForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and role_form.is_valid():
        try:
            person = services.do_create_person(actor=request.user, organisation=organisation,
                                               role=role_form.cleaned_data["role"],
                                               since=role_form.cleaned_data["since"], **form.service_data())
        except KorpuError as exc:
            form.add_error(None, str(exc.message))
        else:
            return redirect("network:person", person_id=person.pk)
    return render(request, "network/person_form.html",
                  {"form": form, "role_form": role_form, "title": organisation.name})


def _person(request, person_id) -> Person:
    person = selectors.person_page(request.user, person_id)
    if person is None:
        raise Http404
    return person


@signed_in
def person_detail(request, person_id):
    person = _person(request, person_id)
    if person.merged_into_id:
        return redirect("network:person", person_id=person.merged_into_id)
    if selectors.is_staff_read(request.user, person):
        audit.record_read(actor=request.user, obj=person)
    return render(request, "network/person_detail.html", {
        "person": person,
        "consents": _consent_rows(person),
        "country_name": countries.name(person.country) if person.country else "",
        "may_edit": services.can_change_person(request.user, person),
        "variant_form": VariantForm(),
        "merges": PersonMerge.objects.filter(survivor=person, undone_at__isnull=True).select_related("merged"),
    })


def _consent_rows(person: Person) -> list[tuple]:
    current = selectors.consents_of(person)
    return [(label, current[purpose]) for purpose, label in ConsentPurpose.choices]


@signed_in
def person_edit(request, person_id):
    person = _person(request, person_id)
    if not services.can_change_person(request.user, person) or person.erased_at:
        raise Http404
    initial = {"name": person.name, "patronymic": person.patronymic, "is_pseudonym": person.is_pseudonym,
               "country": person.country, "city": person.city, "languages": ", ".join(person.languages or []),
               "profession": person.profession, "email": person.email, "phone": person.phone}
    form = PersonForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.do_update_person(actor=request.user, person=person, **form.service_data())
        except KorpuError as exc:
            form.add_error(None, str(exc.message))
        else:
            messages.success(request, _("Saved."))
            return redirect("network:person", person_id=person.pk)
    return render(request, "network/person_form.html", {"form": form, "title": person.name})


@signed_in
@require_POST
def person_add_variant(request, person_id):
    person = _person(request, person_id)
    if not services.can_change_person(request.user, person):
        raise Http404
    form = VariantForm(request.POST)
    if form.is_valid():
        try:
            services.do_add_name_variant(actor=request.user, person=person, text=form.cleaned_data["text"],
                                         kind=form.cleaned_data["kind"])
        except KorpuError as exc:
            messages.error(request, str(exc.message))
    else:
        messages.error(request, _("The name form is not valid."))
    return redirect("network:person", person_id=person.pk)


@signed_in
@require_POST
def person_remove_variant(request, person_id, variant_id):
    person = _person(request, person_id)
    variant = get_object_or_404(NameVariant, pk=variant_id, person=person)
    if not services.can_change_person(request.user, person):
        raise Http404
    services.do_remove_name_variant(actor=request.user, variant=variant)
    return redirect("network:person", person_id=person.pk)


@signed_in
@require_POST
def person_consents(request, person_id):
    person = _person(request, person_id)
    if not services.can_change_person(request.user, person):
        raise Http404
    _save_consents(request, person)
    return redirect("network:my_data" if person.user_id == request.user.pk else "network:person", **(
        {} if person.user_id == request.user.pk else {"person_id": person.pk}))


def _save_consents(request, person: Person) -> None:
    current = selectors.consents_of(person)
    form = ConsentForm(request.POST, current=current)
    if not form.is_valid():
        return
    own = person.user_id == request.user.pk
    for purpose, granted in form.cleaned_data.items():
        decision = current.get(purpose)
        if decision is None and not granted:
            continue
        if decision is not None and decision.granted == granted:
            continue
        services.do_record_consent(actor=request.user, person=person, purpose=purpose, granted=granted,
                                   source=ConsentSource.SELF_SERVICE if own else ConsentSource.OFFICER)
    messages.success(request, _("Your choices are saved.") if own else _("Saved."))


@signed_in
def people_search(request):
    form = PeopleSearchForm(request.GET or None)
    results = []
    if form.is_valid() and form.cleaned_data["q"]:
        results = selectors.search_people(request.user, form.cleaned_data["q"], limit=50)
    return render(request, "network/people_search.html", {"form": form, "results": results})


# --- Self-service ---------------------------------------------------------------------------------
@signed_in
def my_data(request):
    person = Person.objects.filter(user=request.user, erased_at__isnull=True).first()
    if person is None:
        form = PersonForm(request.POST or None, initial={"name": request.user.display_name})
        if request.method == "POST" and form.is_valid():
            try:
                services.do_create_person(actor=request.user, user=request.user, **form.service_data())
            except KorpuError as exc:
                form.add_error(None, str(exc.message))
            else:
                return redirect("network:my_data")
        return render(request, "network/my_data_new.html", {"form": form})
    person = selectors.person_page(request.user, person.pk)
    current = selectors.consents_of(person)
    return render(request, "network/my_data.html", {
        "person": person, "consents": current, "consent_form": ConsentForm(current=current),
        "country_name": countries.name(person.country) if person.country else "",
        "erase_form": EraseForm(), "variant_form": VariantForm(),
    })


def _own_person(request) -> Person:
    person = Person.objects.filter(user=request.user, erased_at__isnull=True).first()
    if person is None:
        raise Http404
    return person


@signed_in
@require_POST
def my_consents(request):
    person = _own_person(request)
    _save_consents(request, person)
    return redirect("network:my_data")


@signed_in
def my_export(request, fmt):
    person = _own_person(request)
    data = selectors.person_data(person)
    audit.record(actor=request.user, action=AuditAction.EXPORT, obj=person, message=f"own data as {fmt}")
    if fmt == "json":
        response = HttpResponse(json.dumps(data, ensure_ascii=False, indent=2),
                                content_type="application/json; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="korpu-my-data.json"'
        return response
    if fmt == "csv":
        response = HttpResponse(exports.person_data_csv(data), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="korpu-my-data.csv"'
        return response
    raise Http404


@signed_in
def my_erase(request):
    person = _own_person(request)
    form = EraseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.do_erase_person(actor=request.user, person=person)
        messages.success(request, _("Your personal data was erased."))
        return redirect("network:my_data")
    return render(request, "network/my_erase.html", {"form": form, "person": person})


# --- Imports and exports --------------------------------------------------------------------------
def _import_organisations(user) -> list[tuple[str, str]]:
    if permissions.is_platform(user, "network.import"):
        qs = Organisation.objects.filter(status=OrganisationStatus.VERIFIED)
    else:
        qs = Organisation.objects.filter(pk__in=permissions.organisations_with(user, "network.import"))
    return [(str(pk), name) for pk, name in qs.order_by("name").values_list("pk", "name")[:500]]


@requires("network.import")
def import_new(request):
    choices = _import_organisations(request.user)
    form = ImportForm(request.POST or None, request.FILES or None, organisations=choices,
                      initial={"organisation": choices[0][0] if len(choices) == 1 else ""})
    if request.method == "POST" and form.is_valid():
        org_id = form.cleaned_data["organisation"]
        organisation = Organisation.objects.filter(pk=org_id).first() if org_id else None
        upload = form.cleaned_data["file"]
        try:
            job = imports.do_upload_import(actor=request.user, kind=form.cleaned_data["kind"], filename=upload.name,
                                           content=upload.read(), organisation=organisation)
        except KorpuError as exc:
            form.add_error(None, str(exc.message))
        else:
            return redirect("network:import", job_id=job.pk)
    return render(request, "network/import_new.html", {"form": form})


def _job(request, job_id) -> ImportJob:
    job = get_object_or_404(ImportJob, pk=job_id)
    if job.created_by_id != request.user.pk and not permissions.is_platform(request.user, "network.verify_organisation"):
        raise Http404
    return job


@requires("network.import")
def import_detail(request, job_id):
    job = _job(request, job_id)
    template = "network/_import_status.html" if request.headers.get("HX-Request") else "network/import_detail.html"
    running = job.status in (ImportStatus.QUEUED, ImportStatus.RUNNING)
    return render(request, template, {"job": job, "running": running})


@requires("network.import")
@require_POST
def import_confirm(request, job_id):
    job = _job(request, job_id)
    try:
        imports.do_confirm_import(actor=request.user, job=job)
    except KorpuError as exc:
        messages.error(request, str(exc.message))
    return redirect("network:import", job_id=job.pk)


@requires("network.export")
def export(request, what, fmt):
    if fmt not in ("csv", "xlsx") or what not in ("organisations", "people"):
        raise Http404
    return exports.response(request.user, what, fmt)


# --- Duplicates -----------------------------------------------------------------------------------
@requires("network.view_duplicates")
def duplicates(request):
    visible = selectors.people_for(request.user).values("pk")
    qs = (DuplicateCandidate.objects.filter(status=DuplicateStatus.OPEN, a__in=visible, b__in=visible)
          .select_related("a", "b").order_by("-score"))
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    merges = PersonMerge.objects.filter(undone_at__isnull=True, survivor__in=visible).select_related(
        "survivor", "merged")[:20]
    return render(request, "network/duplicates.html", {"page": page, "query": "", "merges": merges})


@requires("network.merge_people")
@require_POST
def duplicate_merge(request, candidate_id):
    candidate = get_object_or_404(DuplicateCandidate, pk=candidate_id)
    keep = request.POST.get("keep")
    survivor, merged = (candidate.b, candidate.a) if keep == str(candidate.b_id) else (candidate.a, candidate.b)
    try:
        services.do_merge_people(actor=request.user, survivor=survivor, merged=merged)
    except KorpuError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("The records are merged. You can undo this below."))
    return redirect("network:duplicates")


@requires("network.merge_people")
@require_POST
def duplicate_dismiss(request, candidate_id):
    candidate = get_object_or_404(DuplicateCandidate, pk=candidate_id)
    try:
        services.do_dismiss_duplicate(actor=request.user, candidate=candidate)
    except KorpuError as exc:
        messages.error(request, str(exc.message))
    return redirect("network:duplicates")


@requires("network.merge_people")
@require_POST
def merge_undo(request, merge_id):
    merge = get_object_or_404(PersonMerge, pk=merge_id)
    try:
        services.do_undo_merge(actor=request.user, merge=merge)
    except KorpuError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("The merge is undone."))
    return redirect("network:duplicates")


# --- Dashboard ------------------------------------------------------------------------------------
@requires("network.view_totals")
def dashboard(request):
    totals = selectors.totals_by_country()
    return render(request, "network/dashboard.html", {
        "map": maps.world_map(totals), "totals": totals,
        "growth": maps.growth_chart(selectors.growth_by_year()),
        "kinds": maps.kind_chart(selectors.totals_by_kind()),
    })
