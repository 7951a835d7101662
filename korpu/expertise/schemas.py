"""Schemas of the expertise API."""

from __future__ import annotations

import datetime as dt
import uuid

from ninja import Schema


class ExpertOut(Schema):
    id: uuid.UUID
    person_id: uuid.UUID
    headline: str
    summary: dict
    fields: list[str]
    degrees: list[dict]
    institution: str
    country: str
    languages: list[str]
    orcid: str
    publications: list[dict]
    links: list[str]
    offers: list[str]
    hours_per_month: int
    time_zone: str
    visibility: str
    contactable: bool
    status: str
    credentials_verified_at: dt.datetime | None
    availability: list[dict]

    @staticmethod
    def resolve_availability(obj) -> list[dict]:
        return [{"starts_on": a.starts_on.isoformat(), "ends_on": a.ends_on.isoformat()} for a in obj.availability.all()]


class PeriodIn(Schema):
    starts_on: dt.date
    ends_on: dt.date


class ExpertIn(Schema):
    headline: str
    summary: dict[str, str] = {}
    fields: list[str] = []
    degrees: list[dict] = []
    institution: str = ""
    country: str
    languages: list[str] = []
    orcid: str = ""
    publications: list[dict] = []
    links: list[str] = []
    offers: list[str] = []
    hours_per_month: int = 4
    time_zone: str = "UTC"
    visibility: str = "committee"
    contactable: bool = True
    digest: bool = False
    share_with_committee: bool | None = None
    availability: list[PeriodIn] | None = None


class NeedIn(Schema):
    organisation_id: uuid.UUID
    title: str
    description: dict[str, str] = {}
    fields: list[str] = []
    mode: str
    work_languages: list[str] = []
    urgency: str = "normal"
    starts_on: dt.date
    ends_on: dt.date
    place: str = ""
    project: uuid.UUID | None = None


class NeedOut(Schema):
    id: uuid.UUID
    organisation_id: uuid.UUID
    title: str
    description: dict
    fields: list[str]
    mode: str
    work_languages: list[str]
    urgency: str
    starts_on: dt.date
    ends_on: dt.date
    place: str
    project_id: uuid.UUID | None
    status: str
    created_at: dt.datetime


class ReasonOut(Schema):
    code: str
    score: float
    text: str


class MatchOut(Schema):
    expert_id: uuid.UUID
    headline: str
    country: str
    score: float
    parts: dict[str, float]
    reasons: list[ReasonOut]


class MatchesOut(Schema):
    need_id: uuid.UUID
    model: str
    candidates: int
    left_out_without_consent: int
    matches: list[MatchOut]


class EngagementIn(Schema):
    need_id: uuid.UUID
    expert_id: uuid.UUID
    note: str = ""


class EngagementActionIn(Schema):
    action: str
    status: str = ""
    held_on: dt.date | None = None
    hours: float | None = None
    topic: str = ""
    kind: str = ""
    count: int = 1
    description: str = ""
    rating: int | None = None
    comment: str = ""


class EngagementOut(Schema):
    id: uuid.UUID
    need_id: uuid.UUID
    expert_id: uuid.UUID | None
    expert_country: str
    status: str
    expert_agreed_at: dt.datetime | None
    institution_agreed_at: dt.datetime | None
    started_at: dt.datetime | None
    ended_at: dt.datetime | None
    hours: float

    @staticmethod
    def resolve_hours(obj) -> float:
        return float(sum(s.hours for s in obj.sessions.all()))
