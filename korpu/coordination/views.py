"""Coordination pages: calendar and events, registration and check-in, congresses, campaigns and
tasks, announcements, notification settings, and the committee's dashboard."""

from __future__ import annotations

import calendar as pycalendar
import datetime as dt
import functools
from pathlib import Path

from django.contrib import messages
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from korpu.coordination import forms, qr, selectors, services
from korpu.coordination import permissions_setup as perms
from korpu.coordination.models import (
    CalendarFeed,
    Campaign,
    Event,
    Registration,
    RegistrationStatus,
    TaskStatus,
    in_language,
)
from korpu.core import permissions
from korpu.core.access import public, requires, signed_in
from korpu.core.errors import KorpuError
from korpu.core.errors import PermissionDenied as KorpuPermissionDenied

FONTS = Path(__file__).resolve().parent.parent / "plaques" / "fonts"


def handles_errors(view):
    """Show a domain error as a page with its status, having changed nothing."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except KorpuPermissionDenied:
            raise DjangoPermissionDenied from None
        except KorpuError as exc:
            if exc.status == 404:
                raise Http404 from None
            return render(request, "coordination/error.html", {"message": exc.message}, status=exc.status)

    return wrapper


def _my_organisations(user, perm: str):
    from korpu.network.models import Organisation

    qs = Organisation.objects.all()
    if not permissions.is_platform(user, perm):
        qs = qs.filter(pk__in=permissions.organisations_with(user, perm))
    return list(qs.order_by("name"))


def _visible_event(request, event_id) -> Event:
    return get_object_or_404(selectors.events_for(request.user), pk=event_id)


# --- Calendar and events --------------------------------------------------------------------

@public
def calendar(request):
    """The calendar: a month grid (default) or a list of upcoming events, in the reader's zone."""
    zone = timezone.get_current_timezone()
    today = timezone.localdate()
    view = request.GET.get("view", "month")
    try:
        year, month = (int(x) for x in request.GET.get("month", f"{today.year}-{today.month}").split("-", 1))
        first = dt.date(year, month, 1)
    except (ValueError, TypeError):
        first = today.replace(day=1)
    if view == "list":
        events = list(selectors.upcoming_events(request.user, limit=200))
        return render(request, "coordination/calendar.html", {"view": "list", "events": events})
    start = dt.datetime.combine(first, dt.time.min, tzinfo=zone)
    next_month = (first + dt.timedelta(days=32)).replace(day=1)
    end = dt.datetime.combine(next_month, dt.time.min, tzinfo=zone)
    events = list(selectors.events_between(request.user, start, end))
    by_day: dict[dt.date, list[Event]] = {}
    for event in events:
        day = timezone.localtime(event.starts_at).date()
        last = timezone.localtime(event.ends_at).date()
        while day <= last:
            by_day.setdefault(day, []).append(event)
            day += dt.timedelta(days=1)
    weeks = [[{"date": d, "in_month": d.month == first.month, "events": by_day.get(d, []), "today": d == today}
              for d in week] for week in pycalendar.Calendar(firstweekday=0).monthdatescalendar(first.year, first.month)]
    previous = (first - dt.timedelta(days=1)).replace(day=1)
    return render(request, "coordination/calendar.html", {
        "view": "month", "weeks": weeks, "month": first, "previous": f"{previous.year}-{previous.month}",
        "next": f"{next_month.year}-{next_month.month}", "zone": str(zone),
        "may_create": permissions.has_perm(request.user, perms.MANAGE_EVENT),
    })


@requires(perms.MANAGE_EVENT)
@handles_errors
def event_new(request):
    organisations = _my_organisations(request.user, perms.MANAGE_EVENT)
    initial = {"timezone": request.user.timezone or timezone.get_current_timezone_name()}
    form = forms.EventForm(request.POST or None, organisations=organisations, initial=initial)
    if request.method == "POST" and form.is_valid():
        chosen = [o for o in organisations if str(o.pk) in form.cleaned_data["organisers"]]
        try:
            event = services.do_create_event(actor=request.user, organisers=chosen, **form.event_data())
        except KorpuError as exc:
            form.add_error(None, str(exc.message))
        else:
            messages.success(request, _("The event has been created."))
            return redirect("coordination:event_detail", event.pk)
    return render(request, "coordination/event_form.html", {"form": form, "event": None})


@requires(perms.MANAGE_EVENT)
@handles_errors
def event_edit(request, event_id):
    event = get_object_or_404(selectors.managed_events(request.user), pk=event_id)
    organisations = list(event.organisers.all())
    zone = event.timezone
    import zoneinfo

    local = zoneinfo.ZoneInfo(zone)
    initial = {"organisers": [str(o.pk) for o in organisations], "kind": event.kind, "visibility": event.visibility,
               "starts_at": event.starts_at.astimezone(local).replace(tzinfo=None),
               "ends_at": event.ends_at.astimezone(local).replace(tzinfo=None), "timezone": zone,
               "venue": event.venue, "city": event.city, "country": event.country, "online_url": event.online_url,
               "capacity": event.capacity,
               "questions": "\n".join(("* " if q.get("required") else "") + in_language(q["label"]) for q in event.questions)}
    initial |= {f"title_{k}": v for k, v in event.title.items()} | {f"description_{k}": v for k, v in event.description.items()}
    form = forms.EventForm(request.POST or None, organisations=organisations, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.do_update_event(actor=request.user, event=event, **form.event_data())
        except KorpuError as exc:
            form.add_error(None, str(exc.message))
        else:
            messages.success(request, _("The event has been saved."))
            return redirect("coordination:event_detail", event.pk)
    return render(request, "coordination/event_form.html", {"form": form, "event": event})


@public
@handles_errors
def event_detail(request, event_id):
    event = _visible_event(request, event_id)
    user = request.user
    context = {
        "event": event,
        "title": event.title_text(),
        "description": event.description_text(),
        "organisers": [(o, o.name_in(translation.get_language())) for o in event.organisers.all()],
        "registration": selectors.my_registration(user, event),
        "may_manage": permissions.has_perm(user, perms.MANAGE_EVENT, event),
        "may_check_in": permissions.has_perm(user, perms.CHECK_IN, event),
        "counts": selectors.registration_counts(event),
        "questions": [{"id": q["id"], "label": in_language(q["label"]), "required": q.get("required")} for q in event.questions],
    }
    if event.is_congress:
        context["sessions"] = list(event.sessions.all())
        context["documents"] = list(event.documents.all())
        context["quotas"] = list(event.quotas.all())
        context["delegate_count"] = event.delegates.count()
    return render(request, "coordination/event_detail.html", context)


@requires(perms.MANAGE_EVENT)
@require_POST
@handles_errors
def event_cancel(request, event_id):
    event = get_object_or_404(selectors.managed_events(request.user), pk=event_id)
    services.do_cancel_event(actor=request.user, event=event)
    messages.success(request, _("The event has been cancelled."))
    return redirect("coordination:event_detail", event.pk)


@signed_in
@require_POST
@handles_errors
def event_register(request, event_id):
    event = _visible_event(request, event_id)
    answers = {q["id"]: request.POST.get(f"answer_{q['id']}", "") for q in event.questions}
    registration = services.do_register(actor=request.user, event=event, answers=answers,
                                        language=translation.get_language())
    if registration.status == RegistrationStatus.WAITLISTED:
        messages.info(request, _("The event is full: you are on the waiting list."))
    else:
        messages.success(request, _("You are registered. A confirmation is on its way by e-mail."))
    return redirect("coordination:registration_detail", registration.pk)


def _own_registration(request, registration_id) -> Registration:
    registration = get_object_or_404(Registration.objects.select_related("event"), pk=registration_id)
    if registration.user_id != request.user.pk and not permissions.has_perm(request.user, perms.VIEW_REGISTRATION, registration):
        raise Http404
    return registration


@signed_in
def registration_detail(request, registration_id):
    registration = _own_registration(request, registration_id)
    return render(request, "coordination/registration_detail.html", {
        "registration": registration, "event": registration.event, "title": registration.event.title_text(),
        "qr": qr.svg_data_uri(registration.code) if registration.status == RegistrationStatus.CONFIRMED else "",
    })


@signed_in
def registration_qr(request, registration_id):
    registration = _own_registration(request, registration_id)
    return HttpResponse(qr.svg(registration.code), content_type="image/svg+xml",
                        headers={"Cache-Control": "private, max-age=3600"})


@signed_in
@require_POST
@handles_errors
def registration_cancel(request, registration_id):
    registration = _own_registration(request, registration_id)
    services.do_cancel_registration(actor=request.user, registration=registration)
    messages.success(request, _("Your registration has been cancelled."))
    return redirect("coordination:event_detail", registration.event_id)


@requires(perms.CHECK_IN)
@handles_errors
def event_check_in(request, event_id):
    """The officer's door page: camera scanning and typed codes, queued offline by checkin.js;
    without JavaScript the typed code is posted here."""
    event = _visible_event(request, event_id)
    permissions.require(request.user, perms.CHECK_IN, event)
    form = forms.CheckInForm(request.POST or None)
    result = None
    if request.method == "POST" and form.is_valid():
        try:
            registration, _replayed = services.do_check_in(actor=request.user, event=event, code=form.cleaned_data["code"])
            result = {"ok": True, "message": _("Checked in: {name}").format(name=str(registration.user))}
        except KorpuPermissionDenied:
            raise
        except KorpuError as exc:
            result = {"ok": False, "message": str(exc.message)}
    return render(request, "coordination/check_in.html", {
        "event": event, "title": event.title_text(), "form": form, "result": result,
        "counts": selectors.registration_counts(event),
    }, status=200 if result is None or result["ok"] else 409)


@requires(perms.VIEW_ATTENDANCE)
def attendance(request):
    """Attendance per event, organisation and country over the events the reader manages."""
    if permissions.is_platform(request.user, perms.VIEW_ATTENDANCE):
        events = Event.objects.all()
    else:
        events = permissions.scope(request.user, perms.VIEW_ATTENDANCE, Event.objects.all())
    figures = selectors.attendance(events)
    for row in figures["events"]:
        row["title"] = in_language(row["event__title"])
    return render(request, "coordination/attendance.html", figures)


@requires(perms.MANAGE_EVENT)
@handles_errors
def event_badges(request, event_id):
    """Printable delegate badges (A6, PDF), names in the delegate's own script."""
    event = get_object_or_404(selectors.managed_events(request.user), pk=event_id)
    from weasyprint import HTML

    from korpu.coordination.models import Delegate

    badges = [{"name": d.person.name, "organisation": d.organisation.name, "country": d.country, "code": ""}
              for d in Delegate.objects.filter(event=event).select_related("person", "organisation")]
    if not badges:
        badges = [{"name": str(r.user), "organisation": r.organisation.name if r.organisation else "", "country":
                   r.organisation.country if r.organisation else "", "code": r.code,
                   "qr": qr.svg_data_uri(r.code)}
                  for r in event.registrations.filter(status=RegistrationStatus.CONFIRMED).select_related("user", "organisation")]
    from django.template.loader import render_to_string

    html = render_to_string("coordination/badges.html", {"event": event, "title": event.title_text(), "badges": badges,
                                                         "fonts": FONTS.as_uri()})
    pdf = HTML(string=html, base_url=str(FONTS)).write_pdf()
    return HttpResponse(pdf, content_type="application/pdf",
                        headers={"Content-Disposition": f'inline; filename="badges-{event.pk}.pdf"'})


@requires(perms.NOMINATE_DELEGATE)
@handles_errors
def event_delegates(request, event_id):
    """A congress's delegates by country, and nomination by an organisation's officers."""
    event = _visible_event(request, event_id)
    if not event.is_congress:
        raise Http404
    from korpu.network.models import Membership

    organisations = _my_organisations(request.user, perms.NOMINATE_DELEGATE)
    if request.method == "POST":
        org = next((o for o in organisations if str(o.pk) == request.POST.get("organisation")), None)
        membership = Membership.objects.select_related("person").filter(
            organisation=org, person_id=request.POST.get("person")).first() if org else None
        if membership is None:
            messages.error(request, _("Choose a person of your organisation."))
        else:
            try:
                services.do_nominate_delegate(actor=request.user, event=event, person=membership.person, organisation=org)
                messages.success(request, _("The delegate has been nominated."))
            except KorpuPermissionDenied:
                raise
            except KorpuError as exc:
                messages.error(request, str(exc.message))
        return redirect("coordination:event_delegates", event.pk)
    visible_orgs = {o.pk for o in organisations}
    delegates = event.delegates.select_related("person", "organisation")
    if not permissions.is_platform(request.user, perms.NOMINATE_DELEGATE):
        delegates = delegates.filter(organisation_id__in=visible_orgs)
    candidates = (Membership.objects.filter(organisation__in=organisations).select_related("person", "organisation")
                  .order_by("person__name")[:500])
    quotas = {q.country: q.seats for q in event.quotas.all()}
    return render(request, "coordination/delegates.html", {
        "event": event, "title": event.title_text(), "delegates": delegates, "candidates": candidates,
        "organisations": organisations, "quotas": sorted(quotas.items()),
    })


# --- Feeds page -----------------------------------------------------------------------------

@public
def feeds(request):
    """Subscription links: public, per organisation, per country, and the private secret link."""
    context = {"base": request.build_absolute_uri("/").rstrip("/"), "feeds": [], "organisations": []}
    if request.user.is_authenticated:
        context["feeds"] = list(CalendarFeed.objects.filter(user=request.user, revoked_at__isnull=True))
        from korpu.network.models import Organisation

        mine = {g.organisation_id for g in permissions.grants(request.user) if g.organisation_id}
        context["organisations"] = list(Organisation.objects.filter(pk__in=mine))
    return render(request, "coordination/feeds.html", context)


@signed_in
@require_POST
def feed_create(request):
    services.do_create_feed(actor=request.user)
    messages.success(request, _("A new private calendar link has been made."))
    return redirect("coordination:feeds")


@signed_in
@require_POST
@handles_errors
def feed_revoke(request, feed_id):
    feed = get_object_or_404(CalendarFeed, pk=feed_id, user=request.user)
    services.do_revoke_feed(actor=request.user, feed=feed)
    messages.success(request, _("The private calendar link no longer works."))
    return redirect("coordination:feeds")


# --- Campaigns and tasks --------------------------------------------------------------------

@requires(perms.VIEW_CAMPAIGN)
def campaign_list(request):
    return render(request, "coordination/campaign_list.html", {
        "campaigns": selectors.campaigns_for(request.user),
        "may_create": permissions.has_perm(request.user, perms.MANAGE_CAMPAIGN),
    })


@requires(perms.MANAGE_CAMPAIGN)
@handles_errors
def campaign_new(request):
    organisations = _my_organisations(request.user, perms.MANAGE_CAMPAIGN) if not permissions.is_platform(
        request.user, perms.MANAGE_CAMPAIGN) else _my_organisations(request.user, perms.MANAGE_CAMPAIGN)[:500]
    form = forms.CampaignForm(request.POST or None, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        lead = next((o for o in organisations if str(o.pk) == data.get("lead_organisation")), None)
        try:
            campaign = services.do_create_campaign(
                actor=request.user, title=forms.language_map(data, "title"),
                description=forms.language_map(data, "description"), starts_on=data.get("starts_on"),
                ends_on=data.get("ends_on"), lead_organisation=lead)
        except KorpuPermissionDenied:
            raise
        except KorpuError as exc:
            form.add_error(None, str(exc.message))
        else:
            return redirect("coordination:campaign_detail", campaign.pk)
    return render(request, "coordination/campaign_form.html", {"form": form})


@requires(perms.VIEW_CAMPAIGN)
def campaign_detail(request, campaign_id):
    """A campaign's board: its tasks by status; overdue tasks flagged."""
    campaign = get_object_or_404(Campaign.objects.select_related("lead_organisation"), pk=campaign_id)
    participants = list(campaign.participants.all())
    joinable = [o for o in _my_organisations(request.user, perms.JOIN_CAMPAIGN) if o not in participants] if \
        permissions.has_perm(request.user, perms.JOIN_CAMPAIGN) else []
    columns = selectors.board(campaign)
    return render(request, "coordination/campaign_detail.html", {
        "campaign": campaign, "title": in_language(campaign.title), "description": in_language(campaign.description),
        "participants": participants, "joinable": joinable,
        "columns": [(status, label, columns[status]) for status, label in TaskStatus.choices],
        "may_add_task": permissions.has_perm(request.user, perms.CREATE_TASK),
    })


@requires(perms.JOIN_CAMPAIGN)
@require_POST
@handles_errors
def campaign_join(request, campaign_id):
    campaign = get_object_or_404(Campaign, pk=campaign_id)
    org = next((o for o in _my_organisations(request.user, perms.JOIN_CAMPAIGN) if str(o.pk) == request.POST.get("organisation")), None)
    if org is None:
        raise DjangoPermissionDenied
    services.do_join_campaign(actor=request.user, campaign=campaign, organisation=org)
    messages.success(request, _("Your organisation has joined the campaign."))
    return redirect("coordination:campaign_detail", campaign.pk)


@requires(perms.CREATE_TASK)
@handles_errors
def task_new(request):
    campaign = None
    if request.GET.get("campaign") or request.POST.get("campaign"):
        campaign = get_object_or_404(Campaign, pk=request.GET.get("campaign") or request.POST.get("campaign"))
    from korpu.network.models import Organisation

    if campaign is not None:
        organisations = list(campaign.participants.all())
    else:
        organisations = _my_organisations(request.user, perms.CREATE_TASK) if not permissions.is_platform(
            request.user, perms.CREATE_TASK) else list(Organisation.objects.order_by("name")[:1000])
    form = forms.TaskForm(request.POST or None, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        org = next((o for o in organisations if str(o.pk) == data.get("assignee_organisation")), None)
        try:
            task = services.do_create_task(actor=request.user, title=data["title"], description=data.get("description", ""),
                                           assignee_organisation=org, due=data.get("due"), campaign=campaign)
        except KorpuPermissionDenied:
            raise
        except KorpuError as exc:
            form.add_error(None, str(exc.message))
        else:
            return redirect("coordination:task_detail", task.pk)
    return render(request, "coordination/task_form.html", {"form": form, "campaign": campaign})


@signed_in
@handles_errors
def task_detail(request, task_id):
    task = get_object_or_404(selectors.tasks_for(request.user), pk=task_id)
    may_change = permissions.has_perm(request.user, perms.CHANGE_TASK, task)
    if request.method == "POST":
        if not may_change:
            raise DjangoPermissionDenied
        action = request.POST.get("action")
        if action == "status":
            services.do_set_task_status(actor=request.user, task=task, status=request.POST.get("status", ""))
        elif action == "comment":
            services.do_comment_task(actor=request.user, task=task, body=request.POST.get("body", ""))
        elif action == "attach":
            services.do_attach_file(actor=request.user, task=task, upload=request.FILES.get("file"))
        return redirect("coordination:task_detail", task.pk)
    return render(request, "coordination/task_detail.html", {
        "task": task, "may_change": may_change, "comments": task.comments.select_related("author"),
        "attachments": task.attachments.all(), "status_form": forms.TaskStatusForm(initial={"status": task.status}),
        "comment_form": forms.CommentForm(), "attachment_form": forms.AttachmentForm(),
    })


@signed_in
def task_attachment(request, task_id, attachment_id):
    task = get_object_or_404(selectors.tasks_for(request.user), pk=task_id)
    attachment = get_object_or_404(task.attachments, pk=attachment_id)
    from django.http import FileResponse

    return FileResponse(attachment.file.open("rb"), as_attachment=True, filename=attachment.name)


@signed_in
def my_tasks(request):
    tasks = list(selectors.my_tasks(request.user))
    return render(request, "coordination/my_tasks.html", {
        "tasks": tasks, "overdue": sum(1 for t in tasks if t.is_overdue)})


# --- Announcements --------------------------------------------------------------------------

@requires(perms.VIEW_ANNOUNCEMENT)
def announcement_list(request):
    return render(request, "coordination/announcement_list.html", {
        "announcements": selectors.announcements_for(request.user)[:200],
        "may_send": permissions.has_perm(request.user, perms.SEND_ANNOUNCEMENT),
    })


@requires(perms.SEND_ANNOUNCEMENT)
@handles_errors
def announcement_new(request):
    organisations = [o for o in _my_organisations(request.user, perms.SEND_ANNOUNCEMENT)
                     if o.kind in {"coordination_council", "committee"}] if not permissions.is_platform(
        request.user, perms.SEND_ANNOUNCEMENT_ALL) else []
    form = forms.AnnouncementForm(request.POST or None, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        sender = next((o for o in organisations if str(o.pk) == data.get("sender_organisation")), None)
        try:
            announcement = services.do_send_announcement(
                actor=request.user, title=forms.language_map(data, "title"), body=forms.language_map(data, "body"),
                countries=[c for c in (data.get("countries") or "").replace(" ", "").split(",") if c],
                kinds=data.get("kinds") or [], languages=data.get("languages") or [], sender_organisation=sender)
        except KorpuPermissionDenied as exc:
            form.add_error(None, str(exc.message))
        except KorpuError as exc:
            form.add_error(None, str(exc.message))
        else:
            messages.success(request, _("The announcement has been sent. Organisations reached: {count}.").format(
                count=announcement.recipients.count()))
            return redirect("coordination:announcement_detail", announcement.pk)
    return render(request, "coordination/announcement_form.html", {"form": form})


@requires(perms.VIEW_ANNOUNCEMENT)
def announcement_detail(request, announcement_id):
    announcement = get_object_or_404(selectors.announcements_for(request.user), pk=announcement_id)
    services.do_mark_announcement_read(actor=request.user, announcement=announcement)
    show_receipts = (permissions.is_platform(request.user, perms.VIEW_ANNOUNCEMENT)
                     or announcement.sender_id == request.user.pk)
    return render(request, "coordination/announcement_detail.html", {
        "announcement": announcement, "title": in_language(announcement.title), "body": in_language(announcement.body),
        "receipts": selectors.receipts(announcement) if show_receipts else None,
    })


# --- Notification settings and unsubscribe ---------------------------------------------------

@signed_in
def preferences(request):
    pref = services.preference_for(request.user)
    form = forms.PreferenceForm(request.POST or None, initial={"frequency": pref.frequency})
    if request.method == "POST" and form.is_valid():
        services.do_set_frequency(actor=request.user, frequency=form.cleaned_data["frequency"])
        messages.success(request, _("Your notification settings have been saved."))
        return redirect("coordination:preferences")
    return render(request, "coordination/preferences.html", {"form": form})


@public
@csrf_exempt  # RFC 8058: mail programs POST "List-Unsubscribe=One-Click" without a CSRF token
@handles_errors
def unsubscribe(request, token):
    if request.method == "POST":
        services.do_unsubscribe(actor=request.user, token=token)
        return render(request, "coordination/unsubscribed.html")
    from korpu.coordination.models import NotificationPreference

    if not NotificationPreference.objects.filter(unsubscribe_token=token).exists():
        raise Http404
    return render(request, "coordination/unsubscribe.html", {"token": token})


# --- Dashboard ------------------------------------------------------------------------------

@requires(perms.VIEW_DASHBOARD)
def dashboard(request):
    rows = selectors.dashboard()
    upcoming = list(selectors.upcoming_events(request.user, limit=20))
    overdue = list(selectors.overdue(selectors.tasks_for(request.user)).order_by("due")[:50])
    return render(request, "coordination/dashboard.html", {"rows": rows, "upcoming": upcoming, "overdue": overdue})


# --- The panel on the network app's organisation page ----------------------------------------

def organisation_panel_context(request, organisation):
    if organisation is None:
        return None
    user = getattr(request, "user", None)
    events = selectors.organisation_events(organisation, user)
    return {"coordination_events": [(e, e.title_text()) for e in events],
            "calendar_url": reverse("api:organisation_feed", kwargs={"organisation_id": organisation.pk})}



