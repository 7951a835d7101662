"""Pages of the expertise exchange: profiles, needs with their matches, engagements, dashboard."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from korpu.core import audit, permissions
from korpu.core.access import public, requires, signed_in
from korpu.core.errors import KorpuError
from korpu.expertise import selectors, services, tasks, taxonomy
from korpu.expertise.forms import (
    CredentialForm,
    FeedbackForm,
    NeedForm,
    OutcomeForm,
    ProfileForm,
    SessionForm,
)
from korpu.expertise.models import Credential, EngagementStatus, ExpertProfile


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


@signed_in
def home(request):
    user = request.user
    context = {
        "profile": selectors.own_profile(user),
        "may_post": permissions.has_perm(user, "expertise.post_need"),
        "may_see_needs": permissions.has_perm(user, "expertise.view_needs"),
        "may_see_experts": permissions.has_perm(user, "expertise.view_experts"),
        "may_see_dashboard": permissions.has_perm(user, "expertise.view_dashboard"),
        "engagements": selectors.engagements_for(user)[:10],
    }
    return render(request, "expertise/home.html", context)


@signed_in
def my_profile(request):
    from korpu.network.models import ConsentPurpose
    from korpu.network.selectors import has_consent

    user = request.user
    person = getattr(user, "person", None) if hasattr(user, "person") else None
    profile = selectors.own_profile(user)
    initial = {}
    if profile is not None:
        lang, text = next(iter(sorted(profile.summary.items())), ("en", ""))
        period = profile.availability.all()[:1]
        initial = {
            "headline": profile.headline, "summary": text, "summary_language": lang, "fields": profile.fields,
            "institution": profile.institution, "country": profile.country, "languages": ", ".join(profile.languages),
            "orcid": profile.orcid, "publications": "\n".join(p.get("title", "") for p in profile.publications),
            "links": "\n".join(profile.links), "offers": profile.offers, "hours_per_month": profile.hours_per_month,
            "time_zone": profile.time_zone, "visibility": profile.visibility, "contactable": profile.contactable,
            "digest": profile.digest,
            "available_from": period[0].starts_on if period else None,
            "available_until": period[0].ends_on if period else None,
            "share_with_committee": has_consent(profile.person_id, ConsentPurpose.SHARE_WITH_COMMITTEE),
        }
    elif person is not None:
        initial = {"country": person.country, "languages": ", ".join(person.languages or []),
                   "time_zone": user.timezone or "Europe/Berlin", "share_with_committee": True,
                   "visibility": "institutions", "contactable": True}
    form = ProfileForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if person is None:
                from korpu.network.services import do_create_person

                person = do_create_person(actor=user, user=user, name=user.display_name or user.email.split("@")[0],
                                          country=data["country"].upper(), email=user.email)
            profile = services.do_save_profile(
                actor=user, person=person, share_with_committee=data["share_with_committee"],
                headline=data["headline"], summary={data["summary_language"].strip().lower(): data["summary"]},
                fields=data["fields"], institution=data["institution"], country=data["country"],
                languages=[c.strip() for c in data["languages"].split(",")], orcid=data["orcid"],
                publications=[{"title": t} for t in _lines(data["publications"])], links=_lines(data["links"]),
                offers=data["offers"], hours_per_month=data["hours_per_month"], time_zone=data["time_zone"],
                visibility=data["visibility"], contactable=data["contactable"], digest=data["digest"])
            if data.get("available_from") and data.get("available_until"):
                services.do_set_availability(actor=user, profile=profile,
                                             periods=[(data["available_from"], data["available_until"])])
        except KorpuError as exc:
            field = (exc.details or {}).get("field") if isinstance(exc.details, dict) else None
            form.add_error(field if field in form.fields else None, str(exc.message))
        else:
            messages.success(request, _("Your expert profile is saved."))
            return redirect("expertise:my_profile")
    return render(request, "expertise/my_profile.html", {"form": form, "profile": profile})


@requires("expertise.view_experts")
def expert_list(request):
    qs = selectors.profiles_for(request.user).order_by("-created_at")
    field = request.GET.get("field", "")
    country = request.GET.get("country", "").upper()[:2]
    if field:
        qs = qs.filter(fields__contains=[field]) if _json_contains() else qs.filter(fields__icontains=f'"{field}"')
    if country:
        qs = qs.filter(country=country)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(request, "expertise/expert_list.html",
                  {"page": page, "field": field, "country": country, "field_choices": taxonomy.field_choices()})


def _json_contains() -> bool:
    from django.db import connection

    return connection.vendor == "postgresql"


@signed_in
def expert_detail(request, profile_id):
    profile = selectors.profile_page(request.user, profile_id)
    if profile is None:
        raise Http404
    if profile.person.user_id != request.user.pk:
        audit.record_read(actor=request.user, obj=profile.person)
    return render(request, "expertise/expert_detail.html", {
        "profile": profile, "may_verify": permissions.has_perm(request.user, "expertise.verify_credentials"),
        "is_owner": profile.person.user_id == request.user.pk, "credential_form": CredentialForm()})


@signed_in
@require_POST
def credential_upload(request, profile_id):
    profile = get_object_or_404(ExpertProfile.objects.select_related("person"), pk=profile_id,
                                person__user=request.user)
    form = CredentialForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.do_upload_credential(actor=request.user, profile=profile, **form.cleaned_data)
            messages.success(request, _("The document is uploaded; committee staff will check it."))
        except KorpuError as exc:
            messages.error(request, str(exc.message))
    else:
        messages.error(request, _("Attach the document and say what it is."))
    return redirect("expertise:expert_detail", profile_id=profile.pk)


@requires("expertise.verify_credentials")
@require_POST
def credential_verify(request, credential_id):
    credential = get_object_or_404(Credential.objects.select_related("profile"), pk=credential_id)
    services.do_verify_credential(actor=request.user, credential=credential,
                                  verified=request.POST.get("decision") == "verify",
                                  note=request.POST.get("note", ""))
    messages.success(request, _("The check is recorded."))
    return redirect("expertise:expert_detail", profile_id=credential.profile_id)


@requires("expertise.view_needs")
def need_list(request):
    qs = selectors.needs_for(request.user).order_by("status", "-created_at")
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(request, "expertise/need_list.html", {
        "page": page, "may_post": permissions.has_perm(request.user, "expertise.post_need")})


@requires("expertise.post_need")
def need_new(request):
    organisations = list(selectors.institutions_of(request.user))
    form = NeedForm(request.POST or None, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        organisation = next((o for o in organisations if str(o.pk) == data["organisation"]), None)
        try:
            if organisation is None:
                raise Http404
            need = services.do_post_need(
                actor=request.user, organisation=organisation, title=data["title"],
                description={data["description_language"]: data["description"]}, fields=data["fields"],
                mode=data["mode"], work_languages=data["work_languages"], urgency=data["urgency"],
                starts_on=data["starts_on"], ends_on=data["ends_on"], place=data["place"], project=data["project"])
        except KorpuError as exc:
            field = (exc.details or {}).get("field") if isinstance(exc.details, dict) else None
            form.add_error(field if field in form.fields else None, str(exc.message))
        else:
            messages.success(request, _("The need is posted. Here are the experts who fit it."))
            return redirect("expertise:need_detail", need_id=need.pk)
    return render(request, "expertise/need_form.html", {"form": form})


@requires("expertise.view_needs")
def need_detail(request, need_id):
    need = get_object_or_404(selectors.needs_for(request.user), pk=need_id)
    result = None
    if permissions.has_perm(request.user, "expertise.view_matches", need):
        result = selectors.matches_for(request.user, need)
    return render(request, "expertise/need_detail.html", {
        "need": need, "result": result, "fields": [taxonomy.label(c) for c in need.fields],
        "engagements": need.engagements.select_related("expert").order_by("-created_at"),
        "may_propose": permissions.has_perm(request.user, "expertise.manage_engagements", need)})


@requires("expertise.manage_engagements")
@require_POST
def propose(request, need_id, profile_id):
    need = get_object_or_404(selectors.needs_for(request.user), pk=need_id)
    profile = get_object_or_404(ExpertProfile.objects.select_related("person"), pk=profile_id)
    try:
        engagement = services.do_propose_engagement(actor=request.user, need=need, profile=profile,
                                                    note=request.POST.get("note", ""))
    except KorpuError as exc:
        messages.error(request, str(exc.message))
        return redirect("expertise:need_detail", need_id=need.pk)
    messages.success(request, _("The introduction is proposed; the expert is asked to agree."))
    return redirect("expertise:engagement_detail", engagement_id=engagement.pk)


@signed_in
def engagement_list(request):
    qs = selectors.engagements_for(request.user).order_by("-created_at")
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(request, "expertise/engagement_list.html", {"page": page})


@signed_in
def engagement_detail(request, engagement_id):
    engagement = selectors.engagement_page(request.user, engagement_id)
    if engagement is None:
        raise Http404
    user = request.user
    context = {
        "engagement": engagement,
        "is_expert": services.is_expert_side(user, engagement),
        "is_institution": services.is_institution_side(user, engagement.need),
        "may_manage": services.may_manage(user, engagement),
        "next_statuses": [s for s in (EngagementStatus.IN_PROGRESS, EngagementStatus.COMPLETED,
                                      EngagementStatus.CANCELLED) if engagement.may_become(s)],
        "session_form": SessionForm(), "outcome_form": OutcomeForm(), "feedback_form": FeedbackForm(),
        "total_hours": sum(s.hours for s in engagement.sessions.all()),
    }
    return render(request, "expertise/engagement_detail.html", context)


@signed_in
@require_POST
def engagement_action(request, engagement_id, action):
    engagement = selectors.engagement_page(request.user, engagement_id)
    if engagement is None:
        raise Http404
    user = request.user
    try:
        if action == "agree":
            services.do_agree_engagement(actor=user, engagement=engagement)
        elif action == "status":
            services.do_set_engagement_status(actor=user, engagement=engagement, status=request.POST.get("status", ""))
        elif action == "session":
            form = SessionForm(request.POST)
            if not form.is_valid():
                raise services.ExpertiseInvalid(_("Give the date and the hours of the session."))
            services.do_log_session(actor=user, engagement=engagement, **form.cleaned_data)
        elif action == "outcome":
            form = OutcomeForm(request.POST)
            if not form.is_valid():
                raise services.ExpertiseInvalid(_("Give the kind and the number."))
            services.do_record_outcome(actor=user, engagement=engagement, **form.cleaned_data)
        elif action == "feedback":
            form = FeedbackForm(request.POST)
            if not form.is_valid():
                raise services.ExpertiseInvalid(_("Rate from 1 to 5."))
            services.do_give_feedback(actor=user, engagement=engagement, **form.cleaned_data)
        else:
            raise Http404
    except KorpuError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("Saved."))
    return redirect("expertise:engagement_detail", engagement_id=engagement.pk)


@signed_in
def digest(request):
    profile = selectors.own_profile(request.user)
    items = selectors.digest_for(profile) if profile is not None else []
    return render(request, "expertise/digest.html", {"profile": profile, "items": items})


@public
@csrf_exempt  # RFC 8058: mail programs POST "List-Unsubscribe=One-Click" without a CSRF token
def digest_unsubscribe(request, token):
    """The link in the digest e-mail: a page with one button (link checkers only GET), or a one-click POST."""
    from korpu.expertise.mail import profile_id_from

    if request.method == "POST":
        try:
            services.do_unsubscribe_digest(actor=request.user, token=token)
        except KorpuError:
            raise Http404 from None
        return render(request, "expertise/digest_unsubscribed.html")
    if profile_id_from(token) is None:
        raise Http404
    return render(request, "expertise/digest_unsubscribe.html")


@requires("expertise.view_dashboard")
def dashboard(request):
    return render(request, "expertise/dashboard.html", selectors.dashboard())


@requires("expertise.manage_embeddings")
def embeddings(request):
    if request.method == "POST":
        tasks.do_start_embedding_run(actor=request.user)
        messages.success(request, _("The background pass has started."))
        return redirect("expertise:embeddings")
    template = "expertise/_embedding_progress.html" if request.htmx else "expertise/embeddings.html"
    return render(request, template, selectors.embedding_progress())
