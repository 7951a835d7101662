"""Pydantic schemas of the coordination API."""


import datetime as dt
import uuid

from ninja import Schema
from pydantic import Field


class EventIn(Schema):
    organisers: list[uuid.UUID] = Field(min_length=1)
    kind: str = "other"
    title: dict[str, str]
    description: dict[str, str] = {}
    starts_at: dt.datetime
    ends_at: dt.datetime
    timezone: str = "UTC"
    venue: str = ""
    city: str = ""
    country: str = ""
    online_url: str = ""
    capacity: int | None = None
    visibility: str = "public"
    questions: list[dict] = []


class EventPatch(Schema):
    kind: str | None = None
    title: dict[str, str] | None = None
    description: dict[str, str] | None = None
    starts_at: dt.datetime | None = None
    ends_at: dt.datetime | None = None
    timezone: str | None = None
    venue: str | None = None
    city: str | None = None
    country: str | None = None
    online_url: str | None = None
    capacity: int | None = None
    visibility: str | None = None
    questions: list[dict] | None = None


class EventOut(Schema):
    id: uuid.UUID
    kind: str
    title: dict[str, str]
    description: dict[str, str]
    starts_at: dt.datetime
    ends_at: dt.datetime
    timezone: str
    venue: str
    city: str
    country: str
    online_url: str
    capacity: int | None
    visibility: str
    questions: list[dict]
    cancelled: bool
    organisers: list[uuid.UUID]

    @staticmethod
    def resolve_cancelled(obj) -> bool:
        return obj.cancelled_at is not None

    @staticmethod
    def resolve_organisers(obj) -> list:
        return [o.pk for o in obj.organisers.all()]


class RegistrationIn(Schema):
    event_id: uuid.UUID
    answers: dict[str, str] = {}


class RegistrationOut(Schema):
    id: uuid.UUID
    event_id: uuid.UUID
    status: str
    code: str
    answers: dict
    checked_in_at: dt.datetime | None


class CheckInIn(Schema):
    event_id: uuid.UUID
    code: str = Field(min_length=1, max_length=32)
    scan_id: str = Field(default="", max_length=64)


class CheckInOut(Schema):
    registration_id: uuid.UUID
    code: str
    name: str
    checked_in_at: dt.datetime
    replayed: bool


class CampaignIn(Schema):
    title: dict[str, str]
    description: dict[str, str] = {}
    starts_on: dt.date | None = None
    ends_on: dt.date | None = None
    lead_organisation: uuid.UUID | None = None


class CampaignOut(Schema):
    id: uuid.UUID
    title: dict[str, str]
    description: dict[str, str]
    starts_on: dt.date | None
    ends_on: dt.date | None
    lead_organisation_id: uuid.UUID | None
    participants: list[uuid.UUID]

    @staticmethod
    def resolve_participants(obj) -> list:
        return [o.pk for o in obj.participants.all()]


class JoinIn(Schema):
    organisation: uuid.UUID


class TaskIn(Schema):
    title: str = Field(min_length=1, max_length=300)
    description: str = ""
    assignee_organisation: uuid.UUID | None = None
    assignee_person: uuid.UUID | None = None
    due: dt.date | None = None
    campaign: uuid.UUID | None = None


class TaskPatch(Schema):
    status: str


class TaskOut(Schema):
    id: uuid.UUID
    title: str
    description: str
    status: str
    due: dt.date | None
    overdue: bool
    campaign_id: uuid.UUID | None
    assignee_organisation_id: uuid.UUID | None
    assignee_person_id: uuid.UUID | None
    source_ref: str

    @staticmethod
    def resolve_overdue(obj) -> bool:
        return obj.is_overdue


class CommentIn(Schema):
    body: str = Field(min_length=1, max_length=5000)


class CommentOut(Schema):
    id: uuid.UUID
    body: str
    created_at: dt.datetime


class AnnouncementIn(Schema):
    title: dict[str, str]
    body: dict[str, str]
    countries: list[str] = []
    kinds: list[str] = []
    languages: list[str] = []
    sender_organisation: uuid.UUID | None = None


class AnnouncementOut(Schema):
    id: uuid.UUID
    title: str
    body: str
    titles: dict[str, str]
    sent_at: dt.datetime
    countries: list[str]
    kinds: list[str]
    languages: list[str]


class ReadOut(Schema):
    marked: int


class BounceIn(Schema):
    email: str
    hard: bool = True
    reason: str = ""


class BounceOut(Schema):
    email: str
    count: int
    dead: bool
