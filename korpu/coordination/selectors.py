"""Reads of the coordination app, scoped by korpu.core.permissions, with related rows loaded."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, Exists, Max, OuterRef, Prefetch, Q
from django.utils import timezone

from korpu.coordination import permissions_setup as perms
from korpu.coordination.models import (
    Announcement,
    AnnouncementRecipient,
    CalendarFeed,
    Campaign,
    Event,
    Registration,
    RegistrationStatus,
    Task,
    TaskStatus,
    Visibility,
)
from korpu.core import permissions

FEED_PAST_DAYS = 400


def events_for(actor: Any):
    """Events the actor may see, organisers loaded."""
    qs = permissions.scope(actor, perms.VIEW_EVENT, Event.objects.all())
    return qs.prefetch_related("organisers").order_by("starts_at")


def events_between(actor: Any, start: dt.datetime, end: dt.datetime):
    return events_for(actor).filter(starts_at__lt=end, ends_at__gte=start)


def upcoming_events(actor: Any, limit: int | None = None):
    qs = events_for(actor).filter(ends_at__gte=timezone.now(), cancelled_at__isnull=True)
    return qs[:limit] if limit else qs


def managed_events(actor: Any):
    return permissions.scope(actor, perms.MANAGE_EVENT, Event.objects.all())


def _feed_window(qs):
    return qs.filter(ends_at__gte=timezone.now() - dt.timedelta(days=FEED_PAST_DAYS)).order_by("starts_at")


FEED_FIELDS = ("id", "updated_at", "starts_at", "ends_at", "title", "description", "venue", "city", "online_url",
               "sequence", "cancelled_at", "visibility", "kind", "timezone")


def public_feed_events(*, organisation_id=None, country: str | None = None):
    """Public events for the anonymous feeds (by organisation, by country, or all)."""
    qs = Event.objects.filter(visibility=Visibility.PUBLIC)
    if organisation_id is not None:
        qs = qs.filter(organisers__id=organisation_id)
    if country is not None:
        qs = qs.filter(country=country)
    return _feed_window(qs).only(*FEED_FIELDS)


def private_feed_events(feed: CalendarFeed):
    """What the feed's owner may see: public events plus their organisations' and invitations."""
    visible = permissions.scope(feed.user, perms.VIEW_EVENT, Event.objects.all())
    return _feed_window(visible).only(*FEED_FIELDS)


def active_feed(secret: str) -> CalendarFeed | None:
    return (CalendarFeed.objects.select_related("user")
            .filter(secret=secret or "-", revoked_at__isnull=True, user__is_active=True).first())


def registration_counts(event: Event) -> dict[str, int]:
    rows = dict(Registration.objects.filter(event=event).values_list("status").annotate(n=Count("id")).values_list("status", "n"))
    checked = Registration.objects.filter(event=event, checked_in_at__isnull=False).count()
    return {"confirmed": rows.get("confirmed", 0), "waitlisted": rows.get("waitlisted", 0),
            "cancelled": rows.get("cancelled", 0), "checked_in": checked}


def my_registration(user: Any, event: Event) -> Registration | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return (Registration.objects.filter(event=event, user=user).exclude(status=RegistrationStatus.CANCELLED).first())


def registrations_for(actor: Any):
    qs = permissions.scope(actor, perms.VIEW_REGISTRATION, Registration.objects.all())
    return qs.select_related("event", "user", "organisation")


def attendance(events_qs) -> dict[str, list[Any]]:
    """Attendance figures per event, per registrant's organisation and per country (3 queries)."""
    base = Registration.objects.filter(event__in=events_qs).exclude(status=RegistrationStatus.CANCELLED)
    figures = dict(registered=Count("id", filter=Q(status=RegistrationStatus.CONFIRMED)),
                   waitlisted=Count("id", filter=Q(status=RegistrationStatus.WAITLISTED)),
                   checked_in=Count("id", filter=Q(checked_in_at__isnull=False)))
    per_event = list(base.values("event_id", "event__title", "event__starts_at").annotate(**figures).order_by("-event__starts_at"))
    # django-stubs cannot see the names annotate(**figures) adds, so it rejects ordering by them.
    per_org = list(base.values("organisation_id", "organisation__name", "organisation__country").annotate(**figures)  # type: ignore[misc]
                   .order_by("-checked_in", "organisation__name"))
    per_country = list(base.values("organisation__country").annotate(**figures).order_by("-checked_in"))  # type: ignore[misc]
    return {"events": per_event, "organisations": per_org, "countries": per_country}


def campaigns_for(actor: Any):
    return (Campaign.objects.all().select_related("lead_organisation")
            .annotate(n_participants=Count("participants", distinct=True), n_tasks=Count("tasks", distinct=True))
            .order_by("-created_at"))


def tasks_for(actor: Any):
    return (permissions.scope(actor, perms.VIEW_TASK, Task.objects.all())
            .select_related("campaign", "assignee_organisation", "assignee_person"))


def my_tasks(user: Any):
    """Tasks assigned to the user's person record, or to organisations where they handle tasks."""
    orgs = permissions.organisations_with(user, perms.CHANGE_TASK)
    return (Task.objects.filter(Q(assignee_person__user_id=user.pk) | Q(assignee_organisation_id__in=orgs))
            .select_related("campaign", "assignee_organisation", "assignee_person").order_by("status", "due"))


def board(campaign: Campaign) -> dict[str, list[Task]]:
    """A campaign's tasks by status, in board order."""
    columns: dict[str, list[Task]] = {status: [] for status in TaskStatus.values}
    for task in campaign.tasks.select_related("assignee_organisation", "assignee_person").order_by("due", "created_at"):
        columns[task.status].append(task)
    return columns


def overdue(qs):
    return qs.filter(due__lt=timezone.localdate()).exclude(status=TaskStatus.DONE)


def announcements_for(actor: Any):
    qs = permissions.scope(actor, perms.VIEW_ANNOUNCEMENT, Announcement.objects.all())
    if not permissions.is_platform(actor, perms.VIEW_ANNOUNCEMENT):
        orgs = {g.organisation_id for g in permissions.grants(actor) if g.organisation_id}
        sent_by_me = Q(sender_id=getattr(actor, "pk", None))
        qs = Announcement.objects.filter(Q(pk__in=qs.values("pk")) | sent_by_me)
        unread = AnnouncementRecipient.objects.filter(announcement_id=OuterRef("pk"), organisation_id__in=orgs,
                                                      read_at__isnull=True)
        qs = qs.annotate(unread=Exists(unread))
    return qs.select_related("sender_organisation").order_by("-sent_at")


def receipts(announcement: Announcement):
    return announcement.recipients.select_related("organisation").order_by("read_at", "organisation__name")


def dashboard(*, days: int = 90) -> list[dict]:
    """Per country: upcoming events, active and silent organisations, overdue tasks, unread
    announcements. "Active" means an event organised, a task touched, a registration made or an
    announcement read in the last `days` days."""
    from korpu.network.models import Organisation, OrganisationStatus

    now = timezone.now()
    since = now - dt.timedelta(days=days)
    organisations = (Organisation.objects.exclude(status=OrganisationStatus.INACTIVE)
                     .annotate(
                         last_event=Max("coordination_events__updated_at"),
                         last_task=Max("coordination_tasks__updated_at"),
                     ).values("id", "name", "country", "last_event", "last_task"))
    read_recently = set(AnnouncementRecipient.objects.filter(read_at__gte=since).values_list("organisation_id", flat=True))
    registered_recently = set(Registration.objects.filter(created_at__gte=since).values_list("organisation_id", flat=True))
    countries: dict[str, dict] = {}

    def row(code: str) -> dict:
        return countries.setdefault(code or "—", {"country": code or "—", "upcoming": 0, "active": [], "silent": [],
                                                  "overdue": 0, "unread": 0})

    for org in organisations:
        recent = any(v and v >= since for v in (org["last_event"], org["last_task"]))
        recent = recent or org["id"] in read_recently or org["id"] in registered_recently
        row(org["country"])["active" if recent else "silent"].append(org["name"])
    for item in (Event.objects.filter(starts_at__gte=now, cancelled_at__isnull=True).values("country")
                 .annotate(n=Count("id"))):
        row(item["country"])["upcoming"] += item["n"]
    for item in (overdue(Task.objects.all()).values("assignee_organisation__country").annotate(n=Count("id"))):
        row(item["assignee_organisation__country"])["overdue"] += item["n"]
    for unread in (AnnouncementRecipient.objects.filter(read_at__isnull=True).values("organisation__country")
                   .annotate(n=Count("id"))):
        row(unread["organisation__country"])["unread"] += unread["n"]
    return sorted(countries.values(), key=lambda r: r["country"])


def organisation_events(organisation, actor: Any, limit: int = 10):
    qs = events_for(actor).filter(organisers=organisation, ends_at__gte=timezone.now())
    return list(qs[:limit])


def prefetch_organisers():
    from korpu.network.models import Organisation

    return Prefetch("organisers", queryset=Organisation.objects.only("id", "name", "names", "country"))
