"""Every write of the coordination app: do_<verb>_<noun>(*, actor, ...), atomic, audited."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Iterable
from typing import Any

import nh3
from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from korpu.coordination import permissions_setup as perms
from korpu.coordination.errors import CheckInRefused, InvalidEvent, RegistrationClosed
from korpu.coordination.models import (
    AdoptedDocument,
    Announcement,
    AnnouncementRecipient,
    CalendarFeed,
    Campaign,
    CongressSession,
    CountryQuota,
    Delegate,
    Event,
    EventKind,
    Frequency,
    MailBounce,
    Notification,
    NotificationPreference,
    Registration,
    RegistrationStatus,
    Task,
    TaskAttachment,
    TaskComment,
    TaskStatus,
    Visibility,
)
from korpu.core import audit, permissions
from korpu.core.errors import NotFound, PermissionDenied, ValidationFailed
from korpu.core.models import AuditAction
from korpu.core.tasks import enqueue_on_commit

LANGUAGES = {code for code, _name in settings.LANGUAGES}
ALLOWED_TAGS = {"p", "br", "strong", "em", "b", "i", "u", "ul", "ol", "li", "a", "h3", "h4", "blockquote"}
EVENT_FIELDS = ["kind", "title", "description", "starts_at", "ends_at", "timezone", "venue", "online_url",
                "country", "city", "capacity", "visibility", "questions"]


def is_system(actor: Any) -> bool:
    return actor == "system"


def sanitise(html: str) -> str:
    """Keep a small set of formatting tags; drop scripts, styles, event handlers and the rest."""
    return nh3.clean(html or "", tags=ALLOWED_TAGS, attributes={"a": {"href"}}, link_rel="noopener nofollow")


def _texts(value: Any, *, field: str, required: bool, html: bool = False, max_length: int = 300) -> dict[str, str]:
    """A language → text map, cleaned: known languages only, stripped, sanitised when html."""
    if isinstance(value, str):
        value = {"az": value}
    if not isinstance(value, dict):
        raise InvalidEvent(_("The {field} must be given per language.").format(field=field))
    out = {}
    for code, text in value.items():
        if code not in LANGUAGES:
            raise InvalidEvent(_("“{code}” is not a language Körpü speaks.").format(code=str(code)[:10]))
        text = (sanitise(str(text)) if html else str(text)).strip()
        if not html and len(text) > max_length:
            raise InvalidEvent(_("The {field} is too long.").format(field=field))
        if text:
            out[code] = text
    if required and not out:
        raise InvalidEvent(_("Give the {field} in at least one language.").format(field=field))
    return out


def check_timezone(name: str) -> str:
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, TypeError):
        raise InvalidEvent(_("“{zone}” is not a known time zone.").format(zone=str(name)[:64])) from None
    return name


def _aware(value: dt.datetime, zone: str) -> dt.datetime:
    """Naive datetimes are read as wall-clock time in the event's zone."""
    if timezone.is_naive(value):
        return value.replace(tzinfo=zoneinfo.ZoneInfo(zone))
    return value


def _check_questions(questions: Any) -> list[dict]:
    if not questions:
        return []
    if not isinstance(questions, list):
        raise InvalidEvent(_("The registration questions are not valid."))
    out = []
    for index, item in enumerate(questions):
        if not isinstance(item, dict):
            raise InvalidEvent(_("The registration questions are not valid."))
        label = _texts(item.get("label"), field=_("question"), required=True)
        out.append({"id": str(item.get("id") or f"q{index + 1}")[:20], "label": label,
                    "required": bool(item.get("required", False))})
    return out


def check_event(data: dict[str, Any]) -> dict[str, Any]:
    """Validate and normalise an event's fields; raises InvalidEvent and changes nothing."""
    clean: dict[str, Any] = {}
    clean["timezone"] = check_timezone(data.get("timezone") or "UTC")
    kind = data.get("kind") or EventKind.OTHER
    if kind not in EventKind.values:
        raise InvalidEvent(_("“{kind}” is not a kind of event.").format(kind=str(kind)[:30]))
    clean["kind"] = kind
    visibility = data.get("visibility") or Visibility.PUBLIC
    if visibility not in Visibility.values:
        raise InvalidEvent(_("“{value}” is not a visibility.").format(value=str(visibility)[:30]))
    clean["visibility"] = visibility
    clean["title"] = _texts(data.get("title"), field=_("title"), required=True)
    clean["description"] = _texts(data.get("description") or {}, field=_("description"), required=False, html=True)
    starts, ends = data.get("starts_at"), data.get("ends_at")
    if not isinstance(starts, dt.datetime) or not isinstance(ends, dt.datetime):
        raise InvalidEvent(_("Give the start and the end."))
    clean["starts_at"] = _aware(starts, clean["timezone"]).astimezone(dt.UTC)
    clean["ends_at"] = _aware(ends, clean["timezone"]).astimezone(dt.UTC)
    if clean["ends_at"] < clean["starts_at"]:
        raise InvalidEvent(_("The event ends before it starts."))
    capacity = data.get("capacity")
    if capacity in ("", None):
        clean["capacity"] = None
    else:
        try:
            capacity = int(capacity)
        except (TypeError, ValueError):
            raise InvalidEvent(_("The capacity must be a whole number.")) from None
        if capacity < 0:
            raise InvalidEvent(_("The capacity cannot be below zero."))
        clean["capacity"] = capacity
    url = (data.get("online_url") or "").strip()
    if url:
        try:
            URLValidator(schemes=["http", "https"])(url)
        except DjangoValidationError:
            raise InvalidEvent(_("The online link is not a valid web address.")) from None
    clean["online_url"] = url
    clean["venue"] = (data.get("venue") or "").strip()[:300]
    clean["city"] = (data.get("city") or "").strip()[:120]
    country = (data.get("country") or "").strip().upper()
    if country and (len(country) != 2 or not country.isalpha()):
        raise InvalidEvent(_("The country must be a two-letter ISO code."))
    clean["country"] = country
    if not clean["venue"] and not clean["online_url"]:
        raise InvalidEvent(_("Give a venue or an online link."))
    clean["questions"] = _check_questions(data.get("questions"))
    return clean


def _require_organisers(actor: Any, organisers: Iterable) -> list:
    organisers = list(organisers)
    if not organisers:
        raise InvalidEvent(_("An event needs at least one organising organisation."))
    if is_system(actor) or permissions.is_platform(actor, perms.MANAGE_EVENT):
        return organisers
    allowed = permissions.organisations_with(actor, perms.MANAGE_EVENT)
    if any(org.pk not in allowed for org in organisers):
        raise PermissionDenied(_("You may only organise events for your own organisations."))
    return organisers


def do_create_event(*, actor: Any, organisers: Iterable, **data: Any) -> Event:
    """Create an event for one or more organisations the actor manages events for."""
    organisers = _require_organisers(actor, organisers)
    clean = check_event(data)
    if not clean["country"]:
        clean["country"] = organisers[0].country
    with transaction.atomic():
        event = Event.objects.create(created_by=actor if not is_system(actor) else None, **clean)
        event.organisers.set(organisers)
        _store_ics(event)
        audit.record(actor=actor, action=AuditAction.CREATE, obj=event,
                     changes={k: [None, v] for k, v in clean.items()} | {"organisers": [None, [o.pk for o in organisers]]})
    return event


def _store_ics(event: Event) -> None:
    """Render and keep the event's iCalendar text (a derived value the feeds join)."""
    from korpu.coordination import ical

    texts = ical.vevent_texts(event)
    event.set_ics(texts)
    Event.objects.filter(pk=event.pk).update(**{f"ics_{code}": text for code, text in texts.items()})


def require_manage(actor: Any, event: Event) -> None:
    if not (is_system(actor) or permissions.has_perm(actor, perms.MANAGE_EVENT, event)):
        raise PermissionDenied()


def do_update_event(*, actor: Any, event: Event, **data: Any) -> Event:
    """Change an event's fields; raises its iCalendar SEQUENCE so subscribers update."""
    require_manage(actor, event)
    current = {name: getattr(event, name) for name in EVENT_FIELDS}
    clean = check_event(current | data)
    with transaction.atomic():
        event = Event.objects.select_for_update().get(pk=event.pk)
        before = audit.snapshot(event, EVENT_FIELDS)
        for name, value in clean.items():
            setattr(event, name, value)
        event.sequence += 1
        event.save(update_fields=EVENT_FIELDS + ["sequence", "updated_at"])
        _store_ics(event)
        changes = audit.diff(before, audit.snapshot(event, EVENT_FIELDS))
        audit.record(actor=actor, action=AuditAction.UPDATE, obj=event, changes=changes)
    return event


def do_cancel_event(*, actor: Any, event: Event) -> Event:
    """Cancel an event (it stays in feeds, marked cancelled)."""
    require_manage(actor, event)
    with transaction.atomic():
        event = Event.objects.select_for_update().get(pk=event.pk)
        if event.cancelled_at is None:
            event.cancelled_at = timezone.now()
            event.sequence += 1
            event.save(update_fields=["cancelled_at", "sequence", "updated_at"])
            _store_ics(event)
            audit.record(actor=actor, action=AuditAction.UPDATE, obj=event, changes={"cancelled_at": [None, event.cancelled_at]})
    return event


def do_invite_to_event(*, actor: Any, event: Event, users: Iterable) -> int:
    """Invite users to an invited-only event."""
    require_manage(actor, event)
    users = list(users)
    with transaction.atomic():
        event.invitees.add(*users)
        audit.record(actor=actor, action=AuditAction.UPDATE, obj=event,
                     changes={"invitees": [None, [str(u.pk) for u in users]]})
    return len(users)


# --- Registration ---------------------------------------------------------------------------

def _registrant_organisation(actor: Any, event: Event):
    mine = {g.organisation_id for g in permissions.grants(actor) if g.organisation_id}
    for org in event.organisers.all():
        if org.pk in mine:
            return org
    if mine:
        from korpu.network.models import Organisation

        return Organisation.objects.filter(pk__in=mine).order_by("name").first()
    return None


def _check_answers(event: Event, answers: dict[str, Any]) -> dict[str, str]:
    answers = answers or {}
    clean, missing = {}, []
    for question in event.questions or []:
        value = str(answers.get(question["id"], "") or "").strip()[:1000]
        if question.get("required") and not value:
            missing.append(question["id"])
        if value:
            clean[question["id"]] = value
    if missing:
        raise ValidationFailed(_("Answer every required question."), details={"missing": missing})
    return clean


def do_register(*, actor: Any, event: Event, answers: dict[str, Any] | None = None, language: str = "") -> Registration:
    """Register the actor for an event they may see; on the waiting list when it is full."""
    if not getattr(actor, "is_authenticated", False):
        raise PermissionDenied()
    if not permissions.has_perm(actor, perms.VIEW_EVENT, event):
        raise NotFound()
    if event.is_cancelled or event.ends_at < timezone.now():
        raise RegistrationClosed()
    clean = _check_answers(event, answers or {})
    language = language if language in LANGUAGES else (actor.language if actor.language in LANGUAGES else settings.LANGUAGE_CODE)
    with transaction.atomic():
        # Lock the event so that two last-seat registrations cannot both be confirmed.
        event = Event.objects.select_for_update().get(pk=event.pk)
        if Registration.objects.filter(event=event, user=actor).exclude(status=RegistrationStatus.CANCELLED).exists():
            raise RegistrationClosed(_("You are already registered for this event."))
        confirmed = Registration.objects.filter(event=event, status=RegistrationStatus.CONFIRMED).count()
        status = RegistrationStatus.CONFIRMED
        if event.capacity is not None and confirmed >= event.capacity:
            status = RegistrationStatus.WAITLISTED
        try:
            with transaction.atomic():
                registration = Registration.objects.create(
                    event=event, user=actor, organisation=_registrant_organisation(actor, event),
                    status=status, answers=clean, language=language)
        except IntegrityError:
            raise RegistrationClosed(_("You are already registered for this event.")) from None
        audit.record(actor=actor, action=AuditAction.CREATE, obj=registration,
                     changes={"event": [None, str(event.pk)], "status": [None, status]})
        from korpu.coordination.tasks import send_registration_email

        enqueue_on_commit(send_registration_email, str(registration.pk))
    return registration


def do_cancel_registration(*, actor: Any, registration: Registration) -> Registration:
    """Cancel a registration (one's own, or as a manager of the event); the first on the waiting
    list moves up."""
    if not (getattr(actor, "pk", None) == registration.user_id or is_system(actor)
            or permissions.has_perm(actor, perms.MANAGE_EVENT, registration.event)):
        raise PermissionDenied()
    promoted = None
    with transaction.atomic():
        Event.objects.select_for_update().get(pk=registration.event_id)
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if registration.status == RegistrationStatus.CANCELLED:
            return registration
        if registration.checked_in_at:
            raise RegistrationClosed(_("A registration that has been checked in cannot be cancelled."))
        was_confirmed = registration.status == RegistrationStatus.CONFIRMED
        registration.status = RegistrationStatus.CANCELLED
        registration.cancelled_at = timezone.now()
        registration.save(update_fields=["status", "cancelled_at", "updated_at"])
        audit.record(actor=actor, action=AuditAction.UPDATE, obj=registration, changes={"status": ["", "cancelled"]})
        if was_confirmed:
            promoted = (Registration.objects.select_for_update()
                        .filter(event_id=registration.event_id, status=RegistrationStatus.WAITLISTED)
                        .order_by("created_at").first())
            if promoted is not None:
                promoted.status = RegistrationStatus.CONFIRMED
                promoted.save(update_fields=["status", "updated_at"])
                audit.record(actor=actor, action=AuditAction.UPDATE, obj=promoted,
                             changes={"status": ["waitlisted", "confirmed"]}, message="moved up from the waiting list")
                from korpu.coordination.tasks import send_registration_email

                enqueue_on_commit(send_registration_email, str(promoted.pk))
    return registration


def normalise_code(code: str) -> str:
    return "".join(ch for ch in (code or "").upper() if ch.isalnum())[:16]


def do_check_in(*, actor: Any, event: Event, code: str, scan_id: str = "") -> tuple[Registration, bool]:
    """Check a registration in at the door, by its code. Idempotent: the same scan (scan_id) sent
    again answers as the first time did; another scan of a used code is refused.

    Returns (registration, replayed)."""
    if not (is_system(actor) or permissions.has_perm(actor, perms.CHECK_IN, event)):
        raise PermissionDenied()
    code = normalise_code(code)
    scan_id = (scan_id or "")[:64]
    with transaction.atomic():
        registration = (Registration.objects.select_for_update().select_related("user")
                        .filter(code=code).first())
        if registration is None:
            raise CheckInRefused(_("This code is not known."), code="unknown_code")
        if registration.event_id != event.pk:
            raise CheckInRefused(_("This code belongs to another event."), code="other_event")
        if registration.status != RegistrationStatus.CONFIRMED:
            raise CheckInRefused(_("This registration is not confirmed (cancelled or on the waiting list)."),
                                 code="not_confirmed")
        if registration.checked_in_at is not None:
            if scan_id and registration.check_in_scan == scan_id:
                return registration, True
            raise CheckInRefused(_("This code has already been used."), code="already_used",
                                 details={"checked_in_at": registration.checked_in_at.isoformat()})
        registration.checked_in_at = timezone.now()
        registration.checked_in_by = actor if not is_system(actor) else None
        registration.check_in_scan = scan_id
        registration.save(update_fields=["checked_in_at", "checked_in_by", "check_in_scan", "updated_at"])
        audit.record(actor=actor, action=AuditAction.UPDATE, obj=registration,
                     changes={"checked_in_at": [None, registration.checked_in_at]})
    return registration, False


# --- Congress -------------------------------------------------------------------------------

def _require_congress(actor: Any, event: Event) -> None:
    require_manage(actor, event)
    if not event.is_congress:
        raise ValidationFailed(_("Only a congress has sessions, quotas, delegates and adopted documents."))


def do_set_quota(*, actor: Any, event: Event, country: str, seats: int) -> CountryQuota:
    """Set how many delegates a country may send."""
    _require_congress(actor, event)
    if seats is None or int(seats) < 0:
        raise ValidationFailed(_("The quota cannot be below zero."))
    with transaction.atomic():
        quota, _created = CountryQuota.objects.update_or_create(event=event, country=country.upper()[:2],
                                                                defaults={"seats": int(seats)})
        audit.record(actor=actor, action=AuditAction.UPDATE, obj=quota, changes={"seats": [None, int(seats)]})
    return quota


def do_add_session(*, actor: Any, event: Event, title: dict, starts_at: dt.datetime, ends_at: dt.datetime,
                   kind: str = "session", room: str = "") -> CongressSession:
    """Add a session or panel to a congress."""
    _require_congress(actor, event)
    if ends_at < starts_at:
        raise InvalidEvent(_("The session ends before it starts."))
    with transaction.atomic():
        session = CongressSession.objects.create(event=event, kind=kind, title=_texts(title, field=_("title"), required=True),
                                                 starts_at=starts_at, ends_at=ends_at, room=room[:120])
        audit.record(actor=actor, action=AuditAction.CREATE, obj=session)
    return session


def do_add_document(*, actor: Any, event: Event, title: dict, text: dict, adopted_on: dt.date) -> AdoptedDocument:
    """Record a document the congress adopted."""
    _require_congress(actor, event)
    with transaction.atomic():
        document = AdoptedDocument.objects.create(
            event=event, title=_texts(title, field=_("title"), required=True),
            text=_texts(text, field=_("text"), required=False, html=True), adopted_on=adopted_on)
        audit.record(actor=actor, action=AuditAction.CREATE, obj=document)
    return document


def do_nominate_delegate(*, actor: Any, event: Event, person, organisation) -> Delegate:
    """Nominate a person of one's organisation as a delegate, within the country's quota."""
    if not event.is_congress:
        raise ValidationFailed(_("Only a congress has delegates."))
    if not (is_system(actor) or permissions.is_platform(actor, perms.NOMINATE_DELEGATE)
            or organisation.pk in permissions.organisations_with(actor, perms.NOMINATE_DELEGATE)):
        raise PermissionDenied()
    country = organisation.country
    with transaction.atomic():
        Event.objects.select_for_update().get(pk=event.pk)
        quota = CountryQuota.objects.filter(event=event, country=country).values_list("seats", flat=True).first()
        if quota is None:
            raise ValidationFailed(_("No seats are set aside for this country."))
        taken = Delegate.objects.filter(event=event, country=country).count()
        if taken >= quota:
            raise ValidationFailed(_("The quota for this country is full ({seats} seats).").format(seats=quota))
        if Delegate.objects.filter(event=event, person=person).exists():
            raise ValidationFailed(_("This person is already a delegate."))
        delegate = Delegate.objects.create(event=event, person=person, organisation=organisation, country=country,
                                           nominated_by=actor if not is_system(actor) else None)
        audit.record(actor=actor, action=AuditAction.CREATE, obj=delegate,
                     changes={"person": [None, str(person.pk)], "organisation": [None, str(organisation.pk)]})
    return delegate


# --- Calendar feeds -------------------------------------------------------------------------

def do_create_feed(*, actor: Any) -> CalendarFeed:
    """A new private feed link for the actor (older links keep working until revoked)."""
    with transaction.atomic():
        feed = CalendarFeed.objects.create(user=actor)
        audit.record(actor=actor, action=AuditAction.CREATE, obj=feed)
    return feed


def do_revoke_feed(*, actor: Any, feed: CalendarFeed) -> CalendarFeed:
    """Revoke a private feed link: calendars subscribed to it stop updating."""
    if feed.user_id != getattr(actor, "pk", None):
        raise NotFound()
    with transaction.atomic():
        if feed.revoked_at is None:
            feed.revoked_at = timezone.now()
            feed.save(update_fields=["revoked_at", "updated_at"])
            audit.record(actor=actor, action=AuditAction.UPDATE, obj=feed, changes={"revoked_at": [None, feed.revoked_at]})
    return feed


# --- Campaigns and tasks --------------------------------------------------------------------

def do_create_campaign(*, actor: Any, title: dict, description: dict | None = None, starts_on=None, ends_on=None,
                       lead_organisation=None) -> Campaign:
    """Start a joint campaign (staff, or an admin of the leading organisation, which joins it)."""
    if not is_system(actor):
        if lead_organisation is not None:
            if not (permissions.is_platform(actor, perms.MANAGE_CAMPAIGN)
                    or lead_organisation.pk in permissions.organisations_with(actor, perms.MANAGE_CAMPAIGN)):
                raise PermissionDenied()
        elif not permissions.is_platform(actor, perms.MANAGE_CAMPAIGN):
            raise PermissionDenied()
    if starts_on and ends_on and ends_on < starts_on:
        raise ValidationFailed(_("The campaign ends before it starts."))
    with transaction.atomic():
        campaign = Campaign.objects.create(
            title=_texts(title, field=_("title"), required=True),
            description=_texts(description or {}, field=_("description"), required=False, html=True),
            starts_on=starts_on, ends_on=ends_on, lead_organisation=lead_organisation,
            created_by=actor if not is_system(actor) else None)
        if lead_organisation is not None:
            campaign.participants.add(lead_organisation)
        audit.record(actor=actor, action=AuditAction.CREATE, obj=campaign)
    return campaign


def do_join_campaign(*, actor: Any, campaign: Campaign, organisation) -> Campaign:
    """An organisation joins a campaign (by one of its admins)."""
    if not (is_system(actor) or permissions.is_platform(actor, perms.MANAGE_CAMPAIGN)
            or organisation.pk in permissions.organisations_with(actor, perms.JOIN_CAMPAIGN)):
        raise PermissionDenied()
    with transaction.atomic():
        campaign.participants.add(organisation)
        audit.record(actor=actor, action=AuditAction.UPDATE, obj=campaign,
                     changes={"participants": [None, str(organisation.pk)]}, message="joined")
    return campaign


def _may_assign(actor: Any, *, campaign: Campaign | None, organisation) -> bool:
    if is_system(actor) or permissions.is_platform(actor, perms.CREATE_TASK):
        return True
    mine = permissions.organisations_with(actor, perms.CREATE_TASK)
    if not mine:
        return False
    if campaign is not None:
        leads = {campaign.lead_organisation_id} | set(campaign.participants.values_list("id", flat=True))
        if mine & leads:
            return True
    return organisation is not None and organisation.pk in mine


def do_create_task(*, actor: Any, title: str, description: str, assignee_organisation=None, assignee_person=None,
                   due: dt.date | None = None, campaign: Campaign | None = None, source_ref: str = "") -> Task:
    """Create a task for an organisation or a person. Other apps call this (media: alerts → tasks);
    `actor` may be "system" for background work."""
    title = (title or "").strip()
    if not title:
        raise ValidationFailed(_("A task needs a title."))
    if len(title) > 300:
        raise ValidationFailed(_("The title is too long."))
    if assignee_organisation is None and assignee_person is None:
        raise ValidationFailed(_("Assign the task to an organisation or a person."))
    if due is not None and not isinstance(due, dt.date):
        raise ValidationFailed(_("The due date is not a date."))
    if not _may_assign(actor, campaign=campaign, organisation=assignee_organisation):
        raise PermissionDenied()
    with transaction.atomic():
        task = Task.objects.create(
            title=title, description=sanitise(description or ""), assignee_organisation=assignee_organisation,
            assignee_person=assignee_person, due=due, campaign=campaign, source_ref=(source_ref or "")[:200],
            created_by=actor if getattr(actor, "is_authenticated", False) else None)
        audit.record(actor=actor, action=AuditAction.CREATE, obj=task,
                     changes={"title": [None, title], "due": [None, due], "source_ref": [None, source_ref]})
        notify_users(users_of_task(task), kind="task", subject={"en": title}, url=f"/coordination/tasks/{task.pk}/")
    return task


def require_change_task(actor: Any, task: Task) -> None:
    if not (is_system(actor) or permissions.has_perm(actor, perms.CHANGE_TASK, task)):
        raise PermissionDenied()


def do_set_task_status(*, actor: Any, task: Task, status: str) -> Task:
    """Move a task to another status."""
    require_change_task(actor, task)
    if status not in TaskStatus.values:
        raise ValidationFailed(_("“{value}” is not a task status.").format(value=str(status)[:20]))
    with transaction.atomic():
        task = Task.objects.select_for_update().get(pk=task.pk)
        before = task.status
        task.status = status
        task.done_at = timezone.now() if status == TaskStatus.DONE else None
        task.save(update_fields=["status", "done_at", "updated_at"])
        audit.record(actor=actor, action=AuditAction.UPDATE, obj=task, changes={"status": [before, status]})
    return task


def do_comment_task(*, actor: Any, task: Task, body: str) -> TaskComment:
    """Comment on a task."""
    require_change_task(actor, task)
    body = (body or "").strip()
    if not body:
        raise ValidationFailed(_("The comment is empty."))
    with transaction.atomic():
        comment = TaskComment.objects.create(task=task, author=actor, body=body[:5000])
        audit.record(actor=actor, action=AuditAction.CREATE, obj=comment, changes={"task": [None, str(task.pk)]})
    return comment


MAX_ATTACHMENT = 10 * 1024 * 1024


def do_attach_file(*, actor: Any, task: Task, upload) -> TaskAttachment:
    """Attach a file (up to 10 MB) to a task."""
    require_change_task(actor, task)
    if upload is None or upload.size == 0:
        raise ValidationFailed(_("Choose a file."))
    if upload.size > MAX_ATTACHMENT:
        raise ValidationFailed(_("The file is larger than 10 MB."))
    with transaction.atomic():
        attachment = TaskAttachment.objects.create(task=task, file=upload, name=str(upload.name)[:200], uploaded_by=actor)
        audit.record(actor=actor, action=AuditAction.CREATE, obj=attachment, changes={"name": [None, attachment.name]})
    return attachment


# --- Announcements and notifications --------------------------------------------------------

def announcement_recipients(*, countries: list[str], kinds: list[str], languages: list[str]):
    """The organisations an announcement with these filters goes to (empty filter: all)."""
    from korpu.network.models import Organisation, OrganisationStatus

    qs = Organisation.objects.exclude(status=OrganisationStatus.INACTIVE)
    if countries:
        qs = qs.filter(country__in=countries)
    if kinds:
        qs = qs.filter(kind__in=kinds)
    organisations = list(qs.only("id", "languages"))
    if languages:
        wanted = set(languages)
        organisations = [o for o in organisations if wanted & set(o.languages or [])]
    return organisations


def do_send_announcement(*, actor: Any, title: dict, body: dict, countries: Iterable[str] = (), kinds: Iterable[str] = (),
                         languages: Iterable[str] = (), sender_organisation=None) -> Announcement:
    """Send an announcement to the organisations matching the filters. Staff send to everyone; an
    umbrella organisation's admin (a coordination council) to organisations in its own country."""
    countries = sorted({c.strip().upper() for c in countries if c and c.strip()})
    kinds = sorted({k for k in kinds if k})
    languages = sorted({lang for lang in languages if lang})
    if any(len(c) != 2 for c in countries):
        raise ValidationFailed(_("The country must be a two-letter ISO code."))
    if not is_system(actor) and not permissions.is_platform(actor, perms.SEND_ANNOUNCEMENT_ALL):
        if sender_organisation is None or sender_organisation.pk not in permissions.organisations_with(actor, perms.SEND_ANNOUNCEMENT):
            raise PermissionDenied()
        if sender_organisation.kind not in {"coordination_council", "committee"}:
            raise PermissionDenied(_("Only an umbrella organisation may send announcements."))
        if countries and countries != [sender_organisation.country]:
            raise PermissionDenied(_("An umbrella organisation may only write to organisations of its country."))
        countries = [sender_organisation.country]
    title = _texts(title, field=_("title"), required=True)
    body = _texts(body, field=_("text"), required=True, html=True)
    organisations = announcement_recipients(countries=countries, kinds=kinds, languages=languages)
    with transaction.atomic():
        announcement = Announcement.objects.create(
            sender=actor if getattr(actor, "is_authenticated", False) else None, sender_organisation=sender_organisation,
            title=title, body=body, countries=countries, kinds=kinds, languages=languages)
        AnnouncementRecipient.objects.bulk_create(
            [AnnouncementRecipient(announcement=announcement, organisation=o) for o in organisations], batch_size=1000)
        audit.record(actor=actor, action=AuditAction.CREATE, obj=announcement,
                     changes={"recipients": [None, len(organisations)], "countries": [None, countries],
                              "kinds": [None, kinds], "languages": [None, languages]})
        notify_users(users_of_organisations([o.pk for o in organisations]), kind="announcement", subject=title,
                     url=f"/coordination/announcements/{announcement.pk}/")
    return announcement


def do_mark_announcement_read(*, actor: Any, announcement: Announcement) -> int:
    """Record that someone of the actor's organisations read an announcement (first read counts)."""
    orgs = {g.organisation_id for g in permissions.grants(actor) if g.organisation_id}
    if not orgs:
        return 0
    with transaction.atomic():
        count = (AnnouncementRecipient.objects
                 .filter(announcement=announcement, organisation_id__in=orgs, read_at__isnull=True)
                 .update(read_at=timezone.now(), read_by=actor))
        if count:
            audit.record(actor=actor, action=AuditAction.UPDATE, obj=announcement, changes={"read_by_organisations": [None, count]})
    return count


def users_of_organisations(organisation_ids: list) -> list:
    """Ids of users holding any role in these organisations (one query)."""
    from korpu.accounts.models import RoleAssignment

    if not organisation_ids:
        return []
    return list(RoleAssignment.objects.filter(organisation_id__in=organisation_ids)
                .values_list("user_id", flat=True).distinct())


def users_of_task(task: Task) -> list:
    ids = []
    if task.assignee_person_id and task.assignee_person and task.assignee_person.user_id:
        ids.append(task.assignee_person.user_id)
    if task.assignee_organisation_id:
        from korpu.accounts.models import RoleAssignment

        ids += list(RoleAssignment.objects.filter(organisation_id=task.assignee_organisation_id,
                                                  role__code__in=["org_admin", "org_editor"])
                    .values_list("user_id", flat=True))
    return list(dict.fromkeys(ids))


def notify_users(user_ids: list, *, kind: str, subject: dict, url: str) -> int:
    """Queue a notification for each user (bulk); those who want mail at once get it after commit."""
    if not user_ids:
        return 0
    now = timezone.now()
    Notification.objects.bulk_create(
        [Notification(user_id=uid, kind=kind, subject=subject, url=url, created_at=now) for uid in user_ids],
        batch_size=2000)
    from korpu.coordination.tasks import send_immediate

    enqueue_on_commit(send_immediate)
    return len(user_ids)


def do_set_frequency(*, actor: Any, frequency: str) -> NotificationPreference:
    """Choose how often to receive notification e-mail."""
    if frequency not in Frequency.values:
        raise ValidationFailed(_("“{value}” is not a choice of frequency.").format(value=str(frequency)[:20]))
    with transaction.atomic():
        pref, _created = NotificationPreference.objects.select_for_update().get_or_create(user=actor)
        before = pref.frequency
        pref.frequency = frequency
        pref.save(update_fields=["frequency", "updated_at"])
        audit.record(actor=actor, action=AuditAction.UPDATE, obj=pref, changes={"frequency": [before, frequency]})
    return pref


def preference_for(user) -> NotificationPreference:
    pref = NotificationPreference.objects.filter(user=user).first()
    if pref is None:
        pref, _created = NotificationPreference.objects.get_or_create(user=user)
    return pref


def do_unsubscribe(*, actor: Any, token: str) -> NotificationPreference:
    """One-click unsubscribe by the token in a mail's List-Unsubscribe link (RFC 8058)."""
    with transaction.atomic():
        pref = NotificationPreference.objects.select_for_update().filter(unsubscribe_token=token or "-").first()
        if pref is None:
            raise NotFound(_("This unsubscribe link is not valid."))
        if pref.frequency != Frequency.NEVER:
            before = pref.frequency
            pref.frequency = Frequency.NEVER
            pref.save(update_fields=["frequency", "updated_at"])
            audit.record(actor=actor if getattr(actor, "is_authenticated", False) else "unsubscribe link",
                         action=AuditAction.UPDATE, obj=pref, changes={"frequency": [before, Frequency.NEVER]})
    return pref


def do_record_bounce(*, actor: Any, email: str, hard: bool = True, reason: str = "") -> MailBounce:
    """Record a bounce from the mail provider; dead addresses are no longer mailed."""
    if not (is_system(actor) or permissions.has_perm(actor, perms.RECORD_BOUNCE)):
        raise PermissionDenied()
    email = (email or "").strip().lower()
    if "@" not in email:
        raise ValidationFailed(_("This is not an e-mail address."))
    with transaction.atomic():
        bounce = MailBounce.objects.select_for_update().filter(email=email).first()
        if bounce is None:
            bounce = MailBounce.objects.create(email=email, hard=hard, last_reason=reason[:300])
        else:
            bounce.count += 1
            bounce.hard = bounce.hard or hard
            bounce.last_reason = reason[:300]
            bounce.save(update_fields=["count", "hard", "last_reason", "updated_at"])
        audit.record(actor=actor, action=AuditAction.OTHER, obj=bounce, message="bounce recorded")
    return bounce


def dead_addresses(emails: Iterable[str]) -> set[str]:
    """The addresses (lower-cased) that must not be mailed any more (one query)."""
    emails = [e.lower() for e in emails if e]
    if not emails:
        return set()
    rows = MailBounce.objects.filter(email__in=emails).filter(Q(hard=True) | Q(count__gte=3)).values_list("email", flat=True)
    return set(rows)
