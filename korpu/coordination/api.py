"""The coordination API: events, registrations, check-ins, campaigns, tasks, announcements, and
the iCalendar feeds (stable URLs under /api/v1/calendars/, listed in the OpenAPI document)."""


import hashlib
import uuid

from django.core.cache import cache
from django.db.models import Count, Max
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import translation
from django.utils.translation import gettext as _
from ninja import Router, Status
from ninja.pagination import paginate

from korpu.api import Error, Pagination, optional, signed_in
from korpu.coordination import ical, selectors, services
from korpu.coordination import permissions_setup as perms
from korpu.coordination.errors import UnknownFeed
from korpu.coordination.models import Announcement, Campaign, Event, in_language
from korpu.coordination.schemas import (
    AnnouncementIn,
    AnnouncementOut,
    BounceIn,
    BounceOut,
    CampaignIn,
    CampaignOut,
    CheckInIn,
    CheckInOut,
    CommentIn,
    CommentOut,
    EventIn,
    EventOut,
    EventPatch,
    JoinIn,
    ReadOut,
    RegistrationIn,
    RegistrationOut,
    TaskIn,
    TaskOut,
    TaskPatch,
)
from korpu.core import permissions
from korpu.core.errors import NotFound, PermissionDenied

router = Router(tags=["coordination"])

ICS_RESPONSE = {"responses": {"200": {"description": "An iCalendar (RFC 5545) feed.",
                                      "content": {"text/calendar": {"schema": {"type": "string"}}}}}}


def _organisations(ids):
    from korpu.network.models import Organisation

    ids = [i for i in ids if i]
    found = list(Organisation.objects.filter(pk__in=ids))
    if len(found) != len(set(ids)):
        raise NotFound(_("An organisation was not found."))
    return found


def _organisation(pk):
    return _organisations([pk])[0] if pk else None


# --- Events ---------------------------------------------------------------------------------

@router.get("/events", response={200: list[EventOut], 401: Error}, auth=optional, url_name="event_list")
@paginate(Pagination, page_size=50)
def list_events(request, upcoming: bool = False):
    """Events the caller may see (public ones for everybody)."""
    qs = selectors.upcoming_events(request.auth) if upcoming else selectors.events_for(request.auth)
    return qs


@router.post("/events", response={201: EventOut, 401: Error, 403: Error, 404: Error, 422: Error}, auth=signed_in,
             url_name="event_create")
def create_event(request, payload: EventIn):
    """Create an event for organisations the caller manages events for."""
    data = payload.model_dump(exclude={"organisers"})
    event = services.do_create_event(actor=request.auth, organisers=_organisations(payload.organisers), **data)
    return Status(201, event)


@router.get("/events/{uuid:event_id}", response={200: EventOut, 401: Error, 404: Error}, auth=optional,
            url_name="event_detail")
def get_event(request, event_id: uuid.UUID):
    return get_object_or_404(selectors.events_for(request.auth), pk=event_id)


@router.patch("/events/{uuid:event_id}", response={200: EventOut, 401: Error, 403: Error, 404: Error, 422: Error},
              auth=signed_in, url_name="event_update")
def update_event(request, event_id: uuid.UUID, payload: EventPatch):
    event = get_object_or_404(selectors.events_for(request.auth), pk=event_id)
    return services.do_update_event(actor=request.auth, event=event, **payload.model_dump(exclude_unset=True))


@router.post("/events/{uuid:event_id}/cancel", response={200: EventOut, 401: Error, 403: Error, 404: Error},
             auth=signed_in, url_name="event_cancel")
def cancel_event(request, event_id: uuid.UUID):
    event = get_object_or_404(selectors.events_for(request.auth), pk=event_id)
    return services.do_cancel_event(actor=request.auth, event=event)


# --- Registrations and check-in ---------------------------------------------------------------

@router.get("/registrations", response={200: list[RegistrationOut], 401: Error}, auth=signed_in,
            url_name="registration_list")
@paginate(Pagination, page_size=100)
def list_registrations(request, event_id: uuid.UUID | None = None):
    """The caller's own registrations, and those of events they manage."""
    qs = selectors.registrations_for(request.auth).order_by("created_at")
    if event_id:
        qs = qs.filter(event_id=event_id)
    return qs


@router.post("/registrations", response={201: RegistrationOut, 401: Error, 404: Error, 409: Error, 422: Error},
             auth=signed_in, url_name="registration_create")
def create_registration(request, payload: RegistrationIn):
    event = get_object_or_404(selectors.events_for(request.auth), pk=payload.event_id)
    return Status(201, services.do_register(actor=request.auth, event=event, answers=payload.answers,
                                     language=translation.get_language()))


@router.post("/registrations/{uuid:registration_id}/cancel",
             response={200: RegistrationOut, 401: Error, 403: Error, 404: Error, 409: Error}, auth=signed_in,
             url_name="registration_cancel")
def cancel_registration(request, registration_id: uuid.UUID):
    registration = get_object_or_404(selectors.registrations_for(request.auth), pk=registration_id)
    return services.do_cancel_registration(actor=request.auth, registration=registration)


@router.post("/checkins", response={200: CheckInOut, 401: Error, 403: Error, 404: Error, 409: Error, 422: Error},
             auth=signed_in, url_name="checkin_create")
def check_in(request, payload: CheckInIn):
    """Check a registration in by its code. Idempotent per scan: the same scan_id sent again (an
    offline queue catching up) answers 200 with replayed=true; a different scan of a used code,
    or a code of another event, answers 409."""
    event = Event.objects.filter(pk=payload.event_id).first()
    if event is None or not permissions.has_perm(request.auth, perms.VIEW_EVENT, event):
        raise NotFound()
    registration, replayed = services.do_check_in(actor=request.auth, event=event, code=payload.code,
                                                  scan_id=payload.scan_id)
    return {"registration_id": registration.pk, "code": registration.code, "name": str(registration.user),
            "checked_in_at": registration.checked_in_at, "replayed": replayed}


# --- Campaigns and tasks ----------------------------------------------------------------------

@router.get("/campaigns", response={200: list[CampaignOut], 401: Error}, auth=signed_in, url_name="campaign_list")
@paginate(Pagination, page_size=50)
def list_campaigns(request):
    return Campaign.objects.prefetch_related("participants").order_by("-created_at")


@router.post("/campaigns", response={201: CampaignOut, 401: Error, 403: Error, 404: Error, 422: Error},
             auth=signed_in, url_name="campaign_create")
def create_campaign(request, payload: CampaignIn):
    campaign = services.do_create_campaign(
        actor=request.auth, title=payload.title, description=payload.description, starts_on=payload.starts_on,
        ends_on=payload.ends_on, lead_organisation=_organisation(payload.lead_organisation))
    return Status(201, campaign)


@router.get("/campaigns/{uuid:campaign_id}", response={200: CampaignOut, 401: Error, 404: Error}, auth=signed_in,
            url_name="campaign_detail")
def get_campaign(request, campaign_id: uuid.UUID):
    return get_object_or_404(Campaign, pk=campaign_id)


@router.post("/campaigns/{uuid:campaign_id}/join", response={200: CampaignOut, 401: Error, 403: Error, 404: Error},
             auth=signed_in, url_name="campaign_join")
def join_campaign(request, campaign_id: uuid.UUID, payload: JoinIn):
    campaign = get_object_or_404(Campaign, pk=campaign_id)
    return services.do_join_campaign(actor=request.auth, campaign=campaign, organisation=_organisation(payload.organisation))


@router.get("/tasks", response={200: list[TaskOut], 401: Error}, auth=signed_in, url_name="task_list")
@paginate(Pagination, page_size=100)
def list_tasks(request, campaign_id: uuid.UUID | None = None, mine: bool = False, overdue: bool = False):
    qs = selectors.my_tasks(request.auth) if mine else selectors.tasks_for(request.auth).order_by("due", "created_at")
    if campaign_id:
        qs = qs.filter(campaign_id=campaign_id)
    if overdue:
        qs = selectors.overdue(qs)
    return qs


@router.post("/tasks", response={201: TaskOut, 401: Error, 403: Error, 404: Error, 422: Error}, auth=signed_in,
             url_name="task_create")
def create_task(request, payload: TaskIn):
    from korpu.network.models import Person

    person = get_object_or_404(Person, pk=payload.assignee_person) if payload.assignee_person else None
    campaign = get_object_or_404(Campaign, pk=payload.campaign) if payload.campaign else None
    task = services.do_create_task(actor=request.auth, title=payload.title, description=payload.description,
                                   assignee_organisation=_organisation(payload.assignee_organisation),
                                   assignee_person=person, due=payload.due, campaign=campaign)
    return Status(201, task)


@router.get("/tasks/{uuid:task_id}", response={200: TaskOut, 401: Error, 404: Error}, auth=signed_in,
            url_name="task_detail")
def get_task(request, task_id: uuid.UUID):
    return get_object_or_404(selectors.tasks_for(request.auth), pk=task_id)


@router.patch("/tasks/{uuid:task_id}", response={200: TaskOut, 401: Error, 403: Error, 404: Error, 422: Error},
              auth=signed_in, url_name="task_update")
def update_task(request, task_id: uuid.UUID, payload: TaskPatch):
    task = get_object_or_404(selectors.tasks_for(request.auth), pk=task_id)
    return services.do_set_task_status(actor=request.auth, task=task, status=payload.status)


@router.post("/tasks/{uuid:task_id}/comments", response={201: CommentOut, 401: Error, 403: Error, 404: Error, 422: Error},
             auth=signed_in, url_name="task_comment")
def comment_task(request, task_id: uuid.UUID, payload: CommentIn):
    task = get_object_or_404(selectors.tasks_for(request.auth), pk=task_id)
    return Status(201, services.do_comment_task(actor=request.auth, task=task, body=payload.body))


# --- Announcements ----------------------------------------------------------------------------

def _announcement_out(a: Announcement) -> dict:
    return {"id": a.pk, "title": in_language(a.title), "body": in_language(a.body), "titles": a.title,
            "sent_at": a.sent_at, "countries": a.countries, "kinds": a.kinds, "languages": a.languages}


@router.get("/announcements", response={200: list[AnnouncementOut], 401: Error, 403: Error}, auth=signed_in,
            url_name="announcement_list")
@paginate(Pagination, page_size=50)
def list_announcements(request):
    """Announcements to the caller's organisations, each in the caller's language."""
    permissions.require(request.auth, perms.VIEW_ANNOUNCEMENT)
    return [_announcement_out(a) for a in selectors.announcements_for(request.auth)[:1000]]


@router.post("/announcements", response={201: AnnouncementOut, 401: Error, 403: Error, 404: Error, 422: Error},
             auth=signed_in, url_name="announcement_create")
def send_announcement(request, payload: AnnouncementIn):
    permissions.require(request.auth, perms.SEND_ANNOUNCEMENT)
    announcement = services.do_send_announcement(
        actor=request.auth, title=payload.title, body=payload.body, countries=payload.countries, kinds=payload.kinds,
        languages=payload.languages, sender_organisation=_organisation(payload.sender_organisation))
    return Status(201, _announcement_out(announcement))


@router.post("/announcements/{uuid:announcement_id}/read", response={200: ReadOut, 401: Error, 404: Error},
             auth=signed_in, url_name="announcement_read")
def read_announcement(request, announcement_id: uuid.UUID):
    announcement = get_object_or_404(selectors.announcements_for(request.auth), pk=announcement_id)
    return {"marked": services.do_mark_announcement_read(actor=request.auth, announcement=announcement)}


@router.post("/bounces", response={200: BounceOut, 401: Error, 403: Error, 422: Error}, auth=signed_in,
             url_name="bounce_create")
def record_bounce(request, payload: BounceIn):
    """Record a bounce reported by the mail provider (committee staff)."""
    if not permissions.has_perm(request.auth, perms.RECORD_BOUNCE):
        raise PermissionDenied()
    bounce = services.do_record_bounce(actor=request.auth, email=payload.email, hard=payload.hard, reason=payload.reason)
    return {"email": bounce.email, "count": bounce.count, "dead": bounce.is_dead}


# --- iCalendar feeds --------------------------------------------------------------------------

def _serve_feed(request, key: str, events_qs, name: str) -> HttpResponse:
    """Render (or reuse) a feed. The cache key includes the count and the newest change of the
    rows, so any change to the events makes a new feed at once."""
    language = translation.get_language() or "az"
    stamp = events_qs.order_by().aggregate(n=Count("id"), last=Max("updated_at"))
    version = hashlib.sha1(f"{key}|{language}|{stamp['n']}|{stamp['last']}".encode()).hexdigest()
    cache_key = f"coordination:feed:{version}"
    body = cache.get(cache_key)
    if body is None:
        code = language if language in ical.LANGUAGES else "az"
        # Each event's VEVENT is stored at every write (Event.ics): the feed is a join of texts.
        rows = events_qs.values_list(f"ics_{code}", "online_url")
        body = ical.calendar_from_stored(rows.iterator(chunk_size=5000), name=name,
                                         base_url=request.build_absolute_uri("/"))
        cache.set(cache_key, body, 3600)
    if request.headers.get("If-None-Match") == f'"{version}"':
        return HttpResponse(status=304)
    return HttpResponse(body, content_type="text/calendar; charset=utf-8",
                        headers={"ETag": f'"{version}"', "Cache-Control": "private, max-age=300",
                                 "Content-Disposition": 'inline; filename="calendar.ics"'})


@router.get("/calendars/public.ics", response={404: Error}, auth=None, url_name="public_feed",
            openapi_extra=ICS_RESPONSE)
def public_feed(request):
    """Every public event (no sign-in)."""
    return _serve_feed(request, "public", selectors.public_feed_events(), _("Körpü: public events"))


@router.get("/calendars/organisations/{organisation_id}.ics", response={404: Error}, auth=None,
            url_name="organisation_feed", openapi_extra=ICS_RESPONSE)
def organisation_feed(request, organisation_id: str):
    """An organisation's public events (no sign-in)."""
    from korpu.network.models import Organisation

    try:
        pk = uuid.UUID(organisation_id)
    except ValueError:
        raise UnknownFeed() from None
    organisation = Organisation.objects.filter(pk=pk).first()
    if organisation is None:
        raise UnknownFeed()
    return _serve_feed(request, f"org:{pk}", selectors.public_feed_events(organisation_id=pk),
                       organisation.name_in(translation.get_language() or "az"))


@router.get("/calendars/countries/{code}.ics", response={404: Error}, auth=None, url_name="country_feed",
            openapi_extra=ICS_RESPONSE)
def country_feed(request, code: str):
    """Public events in one country (ISO 3166-1 alpha-2; no sign-in)."""
    from babel import Locale

    code = code.upper()
    territories = Locale.parse("en").territories
    if len(code) != 2 or not code.isalpha() or code not in territories:
        raise UnknownFeed()
    return _serve_feed(request, f"country:{code}", selectors.public_feed_events(country=code),
                       _("Körpü: events in {country}").format(country=code))


@router.get("/calendars/private/{secret}.ics", response={404: Error}, auth=None, url_name="private_feed",
            openapi_extra=ICS_RESPONSE)
def private_feed(request, secret: str):
    """A user's own feed, members-only and invited events included, reached by its secret link."""
    feed = selectors.active_feed(secret)
    if feed is None:
        raise UnknownFeed()
    with translation.override(feed.user.language or translation.get_language()):
        return _serve_feed(request, f"private:{feed.pk}", selectors.private_feed_events(feed), _("Körpü: my events"))



