"""Coordination: events and congresses, registrations and check-ins, joint campaigns and their
tasks, announcements, notification preferences and the digest queue."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from korpu.core.models import BaseModel

LANGUAGE_ORDER = ["az", "en", "ru", "tr", "ar"]

# Code alphabet without the letters and digits people confuse when typing (0/O, 1/I/L).
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


def new_code(length: int = 10) -> str:
    """A random check-in code, easy to type at a door."""
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(length))


def new_secret() -> str:
    return secrets.token_urlsafe(24)


def in_language(texts: dict | None, language: str | None = None) -> str:
    """The text in `language`, else in the first language that has one."""
    texts = texts or {}
    language = (language or get_language() or "az").split("-")[0]
    if texts.get(language):
        return texts[language]
    for code in LANGUAGE_ORDER:
        if texts.get(code):
            return texts[code]
    return next((v for v in texts.values() if v), "")


class EventKind(models.TextChoices):
    """What kind of event it is."""

    CONGRESS = "congress", _("Congress")
    FORUM = "forum", _("Forum")
    COMMEMORATION = "commemoration", _("Commemoration")
    CULTURAL = "cultural", _("Cultural event")
    YOUTH = "youth", _("Youth event")
    LOBBYING_VISIT = "lobbying_visit", _("Lobbying visit")
    FUNDRAISING = "fundraising", _("Fundraising")
    OTHER = "other", _("Other")


class Visibility(models.TextChoices):
    """Who may see an event."""

    PUBLIC = "public", _("Public")
    MEMBERS = "members", _("Members of the organising organisations")
    INVITED = "invited", _("Invited only")


class Event(BaseModel):
    """An event organised by one or more organisations; times are stored in UTC, with the zone
    the organisers gave for display at the venue."""

    organisers = models.ManyToManyField("network.Organisation", related_name="coordination_events")
    kind = models.CharField(_("kind"), max_length=20, choices=EventKind.choices, default=EventKind.OTHER)
    title = models.JSONField(_("title"), default=dict)
    description = models.JSONField(_("description"), default=dict, blank=True)
    starts_at = models.DateTimeField(_("starts"), db_index=True)
    ends_at = models.DateTimeField(_("ends"))
    timezone = models.CharField(_("time zone"), max_length=64, default="UTC")
    venue = models.CharField(_("venue"), max_length=300, blank=True)
    online_url = models.URLField(_("online link"), blank=True)
    country = models.CharField(_("country"), max_length=2, blank=True, db_index=True)
    city = models.CharField(_("city"), max_length=120, blank=True)
    capacity = models.PositiveIntegerField(_("capacity"), null=True, blank=True)
    visibility = models.CharField(_("visibility"), max_length=10, choices=Visibility.choices, default=Visibility.PUBLIC, db_index=True)
    questions = models.JSONField(_("registration questions"), default=list, blank=True)
    invitees = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="coordination_invitations")
    cancelled_at = models.DateTimeField(null=True, blank=True)
    sequence = models.PositiveIntegerField(default=0, help_text="iCalendar SEQUENCE: raised on every change.")
    # Derived: the event's VEVENT in each language (without its URL line), rendered by the services
    # at every write, so that a feed of 10,000 events is one plain-column read and a join.
    ics_az = models.TextField(blank=True, editable=False)
    ics_en = models.TextField(blank=True, editable=False)
    ics_ru = models.TextField(blank=True, editable=False)
    ics_tr = models.TextField(blank=True, editable=False)
    ics_ar = models.TextField(blank=True, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["starts_at"]
        indexes = [models.Index(fields=["visibility", "starts_at"]), models.Index(fields=["country", "starts_at"])]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gte=models.F("starts_at")), name="event_ends_after_start"),
        ]

    def __str__(self) -> str:
        return self.title_text()

    def title_text(self, language: str | None = None) -> str:
        return in_language(self.title, language)

    def description_text(self, language: str | None = None) -> str:
        return in_language(self.description, language)

    def set_ics(self, texts: dict[str, str]) -> list[str]:
        """Keep the rendered VEVENT texts; returns the fields to save."""
        fields = []
        for code, text in texts.items():
            setattr(self, f"ics_{code}", text)
            fields.append(f"ics_{code}")
        return fields

    @property
    def is_congress(self) -> bool:
        return self.kind == EventKind.CONGRESS

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_at is not None

    @property
    def is_past(self) -> bool:
        return self.ends_at < timezone.now()


class RegistrationStatus(models.TextChoices):
    """Where a registration stands."""

    CONFIRMED = "confirmed", _("Confirmed")
    WAITLISTED = "waitlisted", _("On the waiting list")
    CANCELLED = "cancelled", _("Cancelled")


class Registration(BaseModel):
    """A user's place at an event, with their answers and a check-in code."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="registrations")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="coordination_registrations")
    organisation = models.ForeignKey("network.Organisation", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    status = models.CharField(max_length=12, choices=RegistrationStatus.choices, default=RegistrationStatus.CONFIRMED, db_index=True)
    answers = models.JSONField(default=dict, blank=True)
    language = models.CharField(max_length=8, default="az")
    code = models.CharField(max_length=16, unique=True, default=new_code)
    checked_in_at = models.DateTimeField(null=True, blank=True)
    checked_in_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    check_in_scan = models.CharField(max_length=64, blank=True, help_text="The client's id of the scan that checked in (idempotent retries).")
    cancelled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(fields=["event", "user"], condition=~Q(status="cancelled"), name="registration_once_per_event"),
        ]
        indexes = [models.Index(fields=["event", "status", "created_at"])]

    def __str__(self) -> str:
        return f"{self.code}"


class SessionKind(models.TextChoices):
    """A congress's plenary session or a panel."""

    SESSION = "session", _("Plenary session")
    PANEL = "panel", _("Panel")


class CongressSession(BaseModel):
    """A session or panel of a congress."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="sessions")
    kind = models.CharField(max_length=10, choices=SessionKind.choices, default=SessionKind.SESSION)
    title = models.JSONField(default=dict)
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    room = models.CharField(max_length=120, blank=True)

    class Meta:
        ordering = ["starts_at"]
        constraints = [models.CheckConstraint(condition=Q(ends_at__gte=models.F("starts_at")), name="session_ends_after_start")]

    def __str__(self) -> str:
        return in_language(self.title)


class CountryQuota(BaseModel):
    """How many delegates a country may send to a congress."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="quotas")
    country = models.CharField(max_length=2)
    seats = models.PositiveIntegerField()

    class Meta:
        ordering = ["country"]
        constraints = [models.UniqueConstraint(fields=["event", "country"], name="quota_once_per_country")]

    def __str__(self) -> str:
        return f"{self.country}: {self.seats}"


class Delegate(BaseModel):
    """A person an organisation nominated to a congress (the name lives in the registry)."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="delegates")
    person = models.ForeignKey("network.Person", on_delete=models.CASCADE, related_name="+")
    organisation = models.ForeignKey("network.Organisation", on_delete=models.CASCADE, related_name="+")
    country = models.CharField(max_length=2, db_index=True)
    nominated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["country", "created_at"]
        constraints = [models.UniqueConstraint(fields=["event", "person"], name="delegate_once_per_congress")]

    def __str__(self) -> str:
        return str(self.person_id)


class AdoptedDocument(BaseModel):
    """A resolution, declaration or statement a congress adopted."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="documents")
    title = models.JSONField(default=dict)
    text = models.JSONField(default=dict, blank=True)
    adopted_on = models.DateField()

    class Meta:
        ordering = ["adopted_on"]

    def __str__(self) -> str:
        return in_language(self.title)


class CalendarFeed(BaseModel):
    """A private iCalendar feed of a user's members-only events, reached by a revocable secret."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="coordination_feeds")
    secret = models.CharField(max_length=64, unique=True, default=new_secret)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"feed {self.secret[:6]}…"


class Campaign(BaseModel):
    """A joint campaign (e.g. a commemoration week in many cities) that organisations join."""

    title = models.JSONField(default=dict)
    description = models.JSONField(default=dict, blank=True)
    starts_on = models.DateField(null=True, blank=True)
    ends_on = models.DateField(null=True, blank=True)
    lead_organisation = models.ForeignKey("network.Organisation", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    participants = models.ManyToManyField("network.Organisation", blank=True, related_name="coordination_campaigns")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__isnull=True) | Q(starts_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                                   name="campaign_ends_after_start"),
        ]

    def __str__(self) -> str:
        return in_language(self.title)


class TaskStatus(models.TextChoices):
    """Where a task stands."""

    TODO = "todo", _("To do")
    DOING = "doing", _("Doing")
    DONE = "done", _("Done")
    BLOCKED = "blocked", _("Blocked")


class Task(BaseModel):
    """Work assigned to an organisation or a person, possibly within a campaign."""

    campaign = models.ForeignKey(Campaign, null=True, blank=True, on_delete=models.CASCADE, related_name="tasks")
    title = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    assignee_organisation = models.ForeignKey("network.Organisation", null=True, blank=True, on_delete=models.SET_NULL, related_name="coordination_tasks")
    assignee_person = models.ForeignKey("network.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="coordination_tasks")
    due = models.DateField(null=True, blank=True, db_index=True)
    status = models.CharField(max_length=10, choices=TaskStatus.choices, default=TaskStatus.TODO, db_index=True)
    source_ref = models.CharField(max_length=200, blank=True, db_index=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["due", "created_at"]
        indexes = [models.Index(fields=["status", "due"])]

    def __str__(self) -> str:
        return self.title

    @property
    def is_overdue(self) -> bool:
        return self.due is not None and self.status != TaskStatus.DONE and self.due < timezone.localdate()


class TaskComment(BaseModel):
    """A comment on a task."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    body = models.TextField()

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return self.body[:60]


class TaskAttachment(BaseModel):
    """A file attached to a task."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to="coordination/tasks/%Y/%m/")
    name = models.CharField(max_length=200)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return self.name


class Announcement(BaseModel):
    """A message from the committee or an umbrella organisation to a filtered set of organisations."""

    sender = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    sender_organisation = models.ForeignKey("network.Organisation", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    title = models.JSONField(default=dict)
    body = models.JSONField(default=dict)
    countries = models.JSONField(default=list, blank=True)
    kinds = models.JSONField(default=list, blank=True)
    languages = models.JSONField(default=list, blank=True)
    sent_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-sent_at"]

    def __str__(self) -> str:
        return in_language(self.title)


class AnnouncementRecipient(models.Model):
    """One organisation an announcement went to, and when someone there first read it."""

    id = models.BigAutoField(primary_key=True)
    announcement = models.ForeignKey(Announcement, on_delete=models.CASCADE, related_name="recipients")
    organisation = models.ForeignKey("network.Organisation", on_delete=models.CASCADE, related_name="+")
    read_at = models.DateTimeField(null=True, blank=True)
    read_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["announcement", "organisation"], name="announcement_recipient_once")]
        indexes = [models.Index(fields=["organisation", "read_at"])]

    def __str__(self) -> str:
        return f"{self.announcement_id} → {self.organisation_id}"


class Frequency(models.TextChoices):
    """How often a user wants notification e-mail."""

    IMMEDIATE = "immediate", _("Immediately")
    DAILY = "daily", _("Daily digest")
    WEEKLY = "weekly", _("Weekly digest")
    NEVER = "never", _("Never (unsubscribed)")


class NotificationPreference(BaseModel):
    """A user's choice of e-mail frequency, and the token of their one-click unsubscribe link."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="coordination_preference")
    frequency = models.CharField(max_length=10, choices=Frequency.choices, default=Frequency.DAILY, db_index=True)
    unsubscribe_token = models.CharField(max_length=64, unique=True, default=new_secret)

    def __str__(self) -> str:
        return f"{self.user_id}: {self.frequency}"


class Notification(models.Model):
    """Something to tell a user by e-mail: sent at once or gathered into their digest."""

    id = models.BigAutoField(primary_key=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="coordination_notifications")
    created_at = models.DateTimeField(default=timezone.now)
    kind = models.CharField(max_length=20)
    subject = models.JSONField(default=dict)
    url = models.CharField(max_length=300, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["sent_at", "user"])]

    def __str__(self) -> str:
        return in_language(self.subject)


class MailBounce(BaseModel):
    """An address that bounced: after a hard bounce (or three soft ones) it is no longer mailed."""

    email = models.EmailField(unique=True)
    hard = models.BooleanField(default=True)
    count = models.PositiveIntegerField(default=1)
    last_reason = models.CharField(max_length=300, blank=True)

    def __str__(self) -> str:
        return self.email

    @property
    def is_dead(self) -> bool:
        return self.hard or self.count >= 3
