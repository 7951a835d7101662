"""Advocacy's pages: public officials, campaigns and supporters' actions; interactions, outcomes,
imports and register exports for organisations and committee staff."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext as _

from korpu.advocacy import selectors, services
from korpu.advocacy.forms import (
    ImportForm,
    InteractionForm,
    LetterForm,
    OutcomeForm,
    PostcodeForm,
    RegisterForm,
    SignForm,
)
from korpu.advocacy.models import ActionKind, Body, Campaign, ImportBatch, Official
from korpu.core import permissions
from korpu.core.access import public, requires, signed_in
from korpu.core.errors import KorpuError

INTERACTION_READERS = ("advocacy.view_interaction", "advocacy.view_committee_interactions")


def _actor(request):
    return request.user if request.user.is_authenticated else None


def _organisations_with(user, perm):
    from korpu.network.models import Organisation

    if permissions.is_platform(user, perm):
        return Organisation.objects.order_by("name")
    return Organisation.objects.filter(pk__in=permissions.organisations_with(user, perm)).order_by("name")


def _language() -> str:
    return (translation.get_language() or "en").split("-")[0]


@public
def index(request):
    actor = _actor(request)
    campaigns = selectors.campaign_list(actor)[:30]
    actions = selectors.public_actions().select_related("campaign").order_by("-created_at")[:30]
    may_read = any(permissions.has_perm(actor, p) for p in INTERACTION_READERS)
    return render(request, "advocacy/index.html", {
        "campaigns": campaigns, "actions": actions, "language": _language(), "may_read_interactions": may_read,
        "may_import": permissions.has_perm(actor, "advocacy.import_officials"),
        "may_export": permissions.has_perm(actor, "advocacy.export_register"),
        "may_record_outcome": permissions.has_perm(actor, "advocacy.record_outcome"),
    })


@public
def official_list(request):
    q = request.GET.get("q", "")[:200]
    country = request.GET.get("country", "")[:2]
    rows = selectors.officials(q=q, country=country)
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    return render(request, "advocacy/official_list.html", {"page": page, "q": q, "country": country})


@public
def official_detail(request, official_id):
    try:
        official = selectors.official_detail(official_id)
    except Official.DoesNotExist as exc:
        raise Http404 from exc
    actor = _actor(request)
    return render(request, "advocacy/official_detail.html", {
        "official": official, "card": selectors.scorecard(actor, official),
        "outcomes": selectors.outcome_list(actor, official_id=official.pk)[:50],
        "interactions": selectors.interaction_list(actor, official_id=official.pk)[:50],
        "language": _language(),
    })


@public
def body_detail(request, body_id):
    body = get_object_or_404(Body.objects.select_related("parent"), pk=body_id)
    members = selectors.officials(body_id=body.pk)
    return render(request, "advocacy/body_detail.html", {"body": body, "members": members[:500]})


@public
def campaign_detail(request, campaign_id):
    actor = _actor(request)
    try:
        campaign = selectors.campaign_detail(actor, campaign_id)
    except Campaign.DoesNotExist as exc:
        raise Http404 from exc
    return render(request, "advocacy/campaign_detail.html", {
        "campaign": campaign, "timeline": selectors.timeline(actor, campaign), "language": _language(),
        "actions": [a for a in campaign.actions.all() if a.is_open or permissions.has_perm(actor, "advocacy.manage_campaign", campaign)],
    })


@public
def action_page(request, action_id):
    """A supporter's page: sign the petition, or find your representative and write to them."""
    action = get_object_or_404(selectors.public_actions().select_related("campaign", "body"), pk=action_id)
    language = _language()
    context = {"action": action, "language": language, "title": action.title_in(language),
               "text": action.text_in(language)}
    if action.kind == ActionKind.PETITION:
        form = SignForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                signature, created = services.do_sign_petition(
                    action=action, name=form.cleaned_data["name"], email=form.cleaned_data["email"],
                    country=form.cleaned_data["country"], language=language)
            except KorpuError as exc:
                form.add_error(None, str(exc.message))
            else:
                return render(request, "advocacy/thanks.html", {
                    "action": action, "title": context["title"],
                    "message": _("Check your e-mail and open the link to confirm your signature.") if created
                    else _("You signed before: we sent the confirmation link again.")
                    if not signature.confirmed_at else _("You have already signed; thank you.")})
        context.update(form=form, count=selectors.signature_count(action))
        return render(request, "advocacy/petition.html", context)

    postcode_form = PostcodeForm(request.GET or None)
    postcode = request.GET.get("postcode", "")[:20]
    found = selectors.representatives(action, postcode) if postcode else []
    officials = found or list(selectors.action_officials(action))
    initial = {"text": action.text_in(language)}
    form = LetterForm(request.POST or None, officials=officials, initial=initial)
    if request.method == "POST" and form.is_valid():
        official = get_object_or_404(Official, pk=form.cleaned_data["official"])
        constituency = next((r.constituency.name for r in getattr(official, "current_roles", [])
                             if r.constituency), "")
        text = services.personalise(form.cleaned_data["text"], official=official, name=form.cleaned_data["name"],
                                    constituency=constituency)
        try:
            letter = services.do_write_letter(
                action=action, official=official, name=form.cleaned_data["name"], email=form.cleaned_data["email"],
                text=text, delivery=form.cleaned_data["delivery"], language=language)
        except KorpuError as exc:
            form.add_error(None, str(exc.message))
        else:
            if form.cleaned_data["delivery"] == "pdf":
                from korpu.advocacy.pdf import letter_pdf

                response = HttpResponse(letter_pdf(letter), content_type="application/pdf")
                response["Content-Disposition"] = 'attachment; filename="letter.pdf"'
                return response
            return render(request, "advocacy/thanks.html", {
                "action": action, "title": context["title"],
                "message": _("Check your e-mail: the letter is sent once you open the link we sent you.")})
    context.update(form=form, postcode_form=postcode_form, postcode=postcode, found=found,
                   count=selectors.letter_count(action))
    return render(request, "advocacy/letter.html", context)


def _confirm(request, token, confirm, done_message):
    status = 200
    message = ""
    done = False
    if request.method == "POST":
        try:
            confirm(token=token)
            message, done = done_message, True
        except KorpuError as exc:
            message, status = str(exc.message), exc.status
    return render(request, "advocacy/confirm.html", {"message": message, "done": done},
                  status=status)


@public
def confirm(request, token):
    """Confirm a signature (a button, so that link scanners that open e-mails confirm nothing)."""
    return _confirm(request, token, services.do_confirm_signature, _("Thank you: your signature is counted."))


@public
def confirm_letter(request, token):
    return _confirm(request, token, services.do_confirm_letter, _("Thank you: your letter is on its way."))


@signed_in
def interaction_list(request):
    if not any(permissions.has_perm(request.user, p) for p in INTERACTION_READERS):
        raise DjangoPermissionDenied
    country = request.GET.get("country", "")[:2]
    rows = selectors.interaction_list(request.user, country=country)
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    return render(request, "advocacy/interaction_list.html", {
        "page": page, "country": country,
        "may_record": permissions.has_perm(request.user, "advocacy.record_interaction")})


@signed_in
def interaction_detail(request, interaction_id):
    try:
        interaction = selectors.interaction_detail(request.user, interaction_id)
    except Exception as exc:  # DoesNotExist or a malformed id: the actor may not know it exists
        raise Http404 from exc
    return render(request, "advocacy/interaction_detail.html", {"interaction": interaction})


@requires("advocacy.record_interaction")
def interaction_new(request):
    organisations = _organisations_with(request.user, "advocacy.record_interaction")
    form = InteractionForm(request.POST or None, request.FILES or None, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        organisation = get_object_or_404(organisations, pk=data["organisation"])
        follow_ups = [(data["follow_up"], data["follow_up_due"])] if data.get("follow_up") else []
        try:
            interaction = services.do_record_interaction(
                actor=request.user, organisation=organisation, kind=data["kind"], occurred_on=data["occurred_on"],
                topic=data["topic"], official_ids=[o.pk for o in data["officials"]], asked=data["asked"],
                promised=data["promised"], visibility=data["visibility"], follow_ups=follow_ups)
            if data.get("attachment"):
                services.do_add_attachment(actor=request.user, interaction=interaction, upload=data["attachment"])
        except KorpuError as exc:
            form.add_error(None, str(exc.message))
        else:
            messages.success(request, _("The interaction is recorded."))
            return redirect("advocacy:interaction_detail", interaction.pk)
    return render(request, "advocacy/form.html", {"form": form, "heading": _("Record an interaction"),
                                                  "multipart": True})


@public
def outcome_list(request):
    country = request.GET.get("country", "")[:2]
    rows = selectors.outcome_list(_actor(request), country=country)
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    return render(request, "advocacy/outcome_list.html", {
        "page": page, "may_record": permissions.has_perm(_actor(request), "advocacy.record_outcome")})


@requires("advocacy.record_outcome")
def outcome_new(request):
    organisations = _organisations_with(request.user, "advocacy.record_outcome")
    form = OutcomeForm(request.POST or None, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.do_record_outcome(
                actor=request.user, organisation=get_object_or_404(organisations, pk=data["organisation"]),
                kind=data["kind"], stance=data["stance"], title=data["title"], occurred_on=data["occurred_on"],
                official=data["official"], source_url=data["source_url"] or "")
        except KorpuError as exc:
            form.add_error(None, str(exc.message))
        else:
            messages.success(request, _("The outcome is recorded."))
            return redirect("advocacy:outcome_list")
    return render(request, "advocacy/form.html", {"form": form, "heading": _("Record an outcome")})


@public
def activity_map(request):
    from korpu.network import countries

    rows = selectors.activity_by_country(_actor(request))
    for row in rows:
        row["name"] = countries.name(row["country"])
    return render(request, "advocacy/map.html", {"rows": rows})


@requires("advocacy.export_register")
def register(request):
    form = RegisterForm(request.GET or None)
    if request.GET.get("format") == "csv" and form.is_valid():
        from korpu.advocacy.api import register_csv

        data = form.cleaned_data
        return register_csv(request.user, country=data["country"], since=data["since"], until=data["until"])
    return render(request, "advocacy/register.html", {"form": form})


@requires("advocacy.import_officials")
def import_upload(request):
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            batch = services.do_preview_import(
                actor=request.user, kind=form.cleaned_data["kind"], country=form.cleaned_data["country"],
                raw=upload.read(), filename=upload.name, ignore_unknown=form.cleaned_data["ignore_unknown"])
        except KorpuError as exc:
            form.add_error(None, str(exc.message))
        else:
            return redirect("advocacy:import_preview", batch.pk)
    return render(request, "advocacy/form.html", {"form": form, "heading": _("Import officials"),
                                                  "multipart": True})


@requires("advocacy.import_officials")
def import_preview(request, batch_id):
    batch = get_object_or_404(ImportBatch, pk=batch_id, created_by=request.user)
    counts = None
    if request.method == "POST":
        try:
            counts = services.do_apply_import(actor=request.user, batch=batch)
        except KorpuError as exc:
            messages.error(request, str(exc.message))
        else:
            messages.success(request, _("Imported: {created} new officials, {matched} matched to existing ones.").format(
                created=counts["officials_created"], matched=counts["officials_matched"]))
    return render(request, "advocacy/import_preview.html", {"batch": batch, "counts": counts})


@requires("advocacy.export_signatures")
def signatures_export(request, action_id):
    import csv
    import io

    action = get_object_or_404(selectors.actions_for(request.user), pk=action_id, kind=ActionKind.PETITION)
    if not permissions.has_perm(request.user, "advocacy.export_signatures", action.campaign):
        raise DjangoPermissionDenied
    services.record_signature_export(actor=request.user, action=action)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["name", "country", "confirmed_at"])
    for name, country, at in selectors.signatures_for_delivery(action).iterator(chunk_size=5000):
        writer.writerow([name, country, at.isoformat()])
    response = HttpResponse(buffer.getvalue().encode("utf-8-sig"), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="petition-{action.pk}.csv"'
    return response


@signed_in
def attachment_download(request, interaction_id, attachment_id):
    """A file kept with an interaction, for those who may read the interaction."""
    from django.http import FileResponse

    from korpu.advocacy.models import Attachment

    attachment = get_object_or_404(
        Attachment.objects.filter(interaction__in=selectors.interactions_for(request.user)),
        pk=attachment_id, interaction_id=interaction_id)
    return FileResponse(attachment.file.open("rb"), as_attachment=True, filename=attachment.filename)
