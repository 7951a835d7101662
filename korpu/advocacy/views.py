"""Advocacy's pages: public officials, campaigns and supporters' actions; interactions, outcomes,
imports and register exports for organisations and committee staff."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext as _

from korpu.advocacy import selectors, services
from korpu.advocacy.forms import (
    ActionForm,
    CampaignForm,
    ImportForm,
    InteractionForm,
    LetterForm,
    OutcomeForm,
    PostcodeForm,
    RegisterForm,
    SignForm,
    lines_in,
    merge_lines,
    merge_text,
)
from korpu.advocacy.models import Action, ActionKind, Body, Campaign, ImportBatch, Official
from korpu.core import permissions
from korpu.core.access import public, requires, signed_in
from korpu.core.errors import KorpuError

PREVIEW_ROWS = 500  # new officials listed by name in an import preview; the count covers the rest
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
        "may_manage_campaigns": permissions.has_perm(actor, "advocacy.manage_campaign"),
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
    may_manage = permissions.has_perm(actor, "advocacy.manage_campaign", campaign)
    return render(request, "advocacy/campaign_detail.html", {
        "campaign": campaign, "timeline": selectors.timeline(actor, campaign), "language": _language(),
        "actions": [a for a in campaign.actions.all() if a.is_open or may_manage],
        "may_manage": may_manage,
        "may_edit": permissions.has_perm(actor, "advocacy.manage_campaign", campaign.organisation),
    })


# --- Campaigns and actions, for the organisations' officers ----------------------------------------
def _text_language(request) -> str:
    """Which language's texts a campaign or action form shows: ?language=, else the page's."""
    wanted = request.POST.get("language") or request.GET.get("language") or _language()
    return wanted if wanted in dict(settings.LANGUAGES) else "en"


def _language_links(request, language: str) -> list[dict]:
    return [{"code": code, "name": name, "current": code == language, "url": f"{request.path}?language={code}"}
            for code, name in settings.LANGUAGES]


def _campaign_texts(data: dict, language: str, campaign: Campaign | None) -> dict:
    return {
        "title": merge_text(campaign.title if campaign else {}, language, data["title"]),
        "summary": merge_text(campaign.summary if campaign else {}, language, data["summary"]),
        "goals": merge_lines(campaign.goals if campaign else [], language, data["goals"]),
        "asks": merge_lines(campaign.asks if campaign else [], language, data["asks"]),
    }


def _campaign_fields(data: dict) -> dict:
    return {"issue": data["issue"], "country": data["country"], "status": data["status"],
            "is_public": data["is_public"], "starts_on": data["starts_on"], "ends_on": data["ends_on"],
            "target_official_ids": [o.pk for o in data["target_officials"]],
            "target_body_ids": [b.pk for b in data["target_bodies"]]}


def _submit(request, form, write, done: str):
    """For a valid POST: run `write(cleaned_data)` (a service call; it returns the campaign) and go to
    the campaign's page with `done`; a domain error goes on the form instead. None: show the form."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        campaign = write(form.cleaned_data)
    except KorpuError as exc:
        form.add_error(None, str(exc.message))
        return None
    messages.success(request, done)
    return redirect("advocacy:campaign_detail", campaign.pk)


def _managed_campaign(request, campaign_id, *, lead: bool) -> Campaign:
    """The campaign if the officer may manage it (404 if they may not see it, 403 if they may only
    look); `lead`: only its lead organisation's admins may (editing it), else any organisation
    taking part (adding actions)."""
    try:
        campaign = selectors.campaign_detail(request.user, campaign_id)
    except Campaign.DoesNotExist as exc:
        raise Http404 from exc
    if not permissions.has_perm(request.user, "advocacy.manage_campaign", campaign.organisation if lead else campaign):
        raise DjangoPermissionDenied
    return campaign


@requires("advocacy.manage_campaign")
def campaign_new(request):
    organisations = _organisations_with(request.user, "advocacy.manage_campaign")
    language = _text_language(request)
    form = CampaignForm(request.POST or None, organisations=organisations, initial={"language": language})

    def write(data):
        organisation = get_object_or_404(organisations, pk=data["organisation"])
        return services.do_create_campaign(
            actor=request.user, organisation=organisation, **_campaign_texts(data, language, None),
            **_campaign_fields(data), partner_ids=[o.pk for o in data["partners"] if o.pk != organisation.pk])

    return _submit(request, form, write, _("The campaign is saved.")) or render(
        request, "advocacy/form.html", {"form": form, "heading": _("New campaign")})


@requires("advocacy.manage_campaign")
def campaign_edit(request, campaign_id):
    campaign = _managed_campaign(request, campaign_id, lead=True)
    language = _text_language(request)
    initial = {
        "language": language, "title": campaign.title.get(language, ""),
        "summary": campaign.summary.get(language, ""), "goals": lines_in(campaign.goals, language),
        "asks": lines_in(campaign.asks, language), "issue": campaign.issue, "country": campaign.country,
        "status": campaign.status, "is_public": campaign.is_public, "starts_on": campaign.starts_on,
        "ends_on": campaign.ends_on,
        "partners": [o for o in campaign.organisations.all() if o.pk != campaign.organisation_id],
        "target_officials": list(campaign.target_officials.all()),
        "target_bodies": list(campaign.target_bodies.all()),
    }
    form = CampaignForm(request.POST or None, initial=initial, editing=True)

    def write(data):
        return services.do_update_campaign(
            actor=request.user, campaign=campaign, **_campaign_texts(data, language, campaign),
            **_campaign_fields(data), partner_ids=[o.pk for o in data["partners"] if o.pk != campaign.organisation_id])

    return _submit(request, form, write, _("The campaign is saved.")) or render(request, "advocacy/form.html", {
        "form": form, "heading": _("Edit the campaign"), "languages": _language_links(request, language),
        "back": campaign})


def _action_fields(data: dict, language: str, action: Action | None) -> dict:
    return {"title": merge_text(action.title if action else {}, language, data["title"]),
            "text": merge_text(action.text if action else {}, language, data["text"]),
            "body": data["body"], "target_ids": [o.pk for o in data["targets"]], "goal": data["goal"] or 0,
            "country": data["country"]}


@requires("advocacy.manage_campaign")
def action_new(request, campaign_id):
    campaign = _managed_campaign(request, campaign_id, lead=False)
    language = _text_language(request)
    form = ActionForm(request.POST or None, initial={"language": language, "country": campaign.country})

    def write(data):
        services.do_create_action(actor=request.user, campaign=campaign, kind=data["kind"],
                                  **_action_fields(data, language, None))
        return campaign

    heading = _("New action in “{campaign}”").format(campaign=campaign.title_in(language))
    return _submit(request, form, write, _("The action is saved.")) or render(
        request, "advocacy/form.html", {"form": form, "back": campaign, "heading": heading})


@requires("advocacy.manage_campaign")
def action_edit(request, action_id):
    action = get_object_or_404(selectors.actions_for(request.user).select_related("body"), pk=action_id)
    if not permissions.has_perm(request.user, "advocacy.manage_campaign", action.campaign):
        raise DjangoPermissionDenied
    language = _text_language(request)
    initial = {"language": language, "kind": action.kind, "title": action.title.get(language, ""),
               "text": action.text.get(language, ""), "body": action.body, "targets": list(action.targets.all()),
               "goal": action.goal, "country": action.country, "is_open": action.is_open}
    form = ActionForm(request.POST or None, initial=initial, editing=True)

    def write(data):
        services.do_update_action(actor=request.user, action=action, is_open=data["is_open"],
                                  **_action_fields(data, language, action))
        return action.campaign

    return _submit(request, form, write, _("The action is saved.")) or render(request, "advocacy/form.html", {
        "form": form, "heading": _("Edit the action"), "languages": _language_links(request, language),
        "back": action.campaign})


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
    return render(request, "advocacy/map.html", {"rows": rows, "shapes": _world_map(rows)})


def _world_map(rows: list[dict]) -> list[dict]:
    """Every country shape of the registry's vendored world map, shaded by activity (interactions
    the reader may read plus outcomes) on a log scale, 0 = none, 5 = the busiest country."""
    import math

    from korpu.network import countries, maps

    by_code = {row["country"]: row for row in rows}
    peak = max([row["activity"] for row in rows] or [1]) or 1
    shapes = []
    for code, path in sorted(maps.shapes().items()):
        row = by_code.get(code)
        activity = row["activity"] if row else 0
        step = 0 if not activity else 1 + min(4, int(4 * math.log1p(activity) / math.log1p(peak)))
        shapes.append({"code": code, "path": path, "step": step, "row": row,
                       "name": row["name"] if row else countries.name(code)})
    return shapes


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
    new = [item for item in batch.plan.get("officials", []) if not item.get("match") and item.get("name")]
    return render(request, "advocacy/import_preview.html", {"batch": batch, "counts": counts,
                                                            "new": new[:PREVIEW_ROWS], "new_count": len(new)})


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
