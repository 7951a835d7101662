"""Schemas of the advocacy API."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Literal

from ninja import Field, Schema


class RoleOut(Schema):
    body_id: uuid.UUID
    body: str
    label: str
    constituency: str | None
    party: str | None
    start_date: dt.date | None
    end_date: dt.date | None


class OfficialOut(Schema):
    id: uuid.UUID
    name: str
    other_names: list[str]
    country: str
    email: str
    address: str
    phone: str
    website: str
    positions: dict[str, str]
    roles: list[RoleOut]


class OfficialIn(Schema):
    name: str = Field(..., max_length=300)
    country: str = Field(..., min_length=2, max_length=2)
    other_names: list[str] = Field(default_factory=list, max_length=20)
    email: str = Field("", max_length=254)
    address: str = Field("", max_length=1000)
    phone: str = Field("", max_length=60)
    website: str = Field("", max_length=200)
    positions: dict[str, str] = Field(default_factory=dict)


class ScorecardOut(Schema):
    outcomes: int
    supportive: int
    neutral: int
    opposed: int
    by_kind: dict[str, int]
    interactions: int
    letters: int
    score: int | None


class BodyOut(Schema):
    id: uuid.UUID
    name: str
    names: dict[str, str]
    kind: str
    country: str
    parent_id: uuid.UUID | None
    website: str


class ImportIn(Schema):
    kind: Literal["popolo", "officials_csv", "postcodes_csv"]
    country: str = Field(..., min_length=2, max_length=2)
    content: str = Field(..., description="the file's text (JSON or CSV)")
    ignore_unknown: bool = False
    apply: bool = Field(False, description="import at once when the file has no errors (else: preview only)")


class ImportOut(Schema):
    id: uuid.UUID
    kind: str
    country: str
    report: dict
    applied: bool
    counts: dict[str, int] | None = None


class FollowUpIn(Schema):
    description: str = Field(..., max_length=500)
    due_on: dt.date


class FollowUpOut(Schema):
    id: uuid.UUID
    description: str
    due_on: dt.date
    done_at: dt.datetime | None


class InteractionIn(Schema):
    organisation_id: uuid.UUID
    kind: Literal["meeting", "letter", "call", "hearing", "event"]
    occurred_on: dt.date
    topic: str = Field(..., max_length=300)
    official_ids: list[uuid.UUID] = Field(default_factory=list, max_length=100)
    body_ids: list[uuid.UUID] = Field(default_factory=list, max_length=50)
    asked: str = Field("", max_length=5000)
    promised: str = Field("", max_length=5000)
    notes: str = Field("", max_length=10000)
    visibility: Literal["organisations", "committee"] = "committee"
    partner_ids: list[uuid.UUID] = Field(default_factory=list, max_length=50)
    campaign_id: uuid.UUID | None = None
    follow_ups: list[FollowUpIn] = Field(default_factory=list, max_length=50)


class InteractionOut(Schema):
    id: uuid.UUID
    kind: str
    occurred_on: dt.date
    country: str
    topic: str
    asked: str
    promised: str
    visibility: str
    organisation_id: uuid.UUID
    organisation_ids: list[uuid.UUID]
    official_ids: list[uuid.UUID]
    body_ids: list[uuid.UUID]
    campaign_id: uuid.UUID | None
    follow_ups: list[FollowUpOut]


class AdvocacyCampaignIn(Schema):
    organisation_id: uuid.UUID
    title: dict[str, str]
    issue: Literal["resolution", "commemoration", "visa", "trade", "other"]
    summary: dict[str, str] = Field(default_factory=dict)
    goals: list[dict[str, str]] = Field(default_factory=list, max_length=30)
    asks: list[dict[str, str]] = Field(default_factory=list, max_length=30)
    country: str = Field("", max_length=2)
    status: Literal["draft", "active", "closed"] = "active"
    is_public: bool = False
    starts_on: dt.date | None = None
    ends_on: dt.date | None = None
    partner_ids: list[uuid.UUID] = Field(default_factory=list, max_length=100)
    target_official_ids: list[uuid.UUID] = Field(default_factory=list, max_length=1000)
    target_body_ids: list[uuid.UUID] = Field(default_factory=list, max_length=100)


class AdvocacyCampaignOut(Schema):
    id: uuid.UUID
    title: dict[str, str]
    issue: str
    summary: dict[str, str]
    goals: list[dict[str, str]]
    asks: list[dict[str, str]]
    country: str
    status: str
    is_public: bool
    starts_on: dt.date | None
    ends_on: dt.date | None
    organisation_id: uuid.UUID
    organisation_ids: list[uuid.UUID]


class ActionIn(Schema):
    campaign_id: uuid.UUID
    kind: Literal["letter", "petition"]
    title: dict[str, str]
    text: dict[str, str]
    country: str = Field("", max_length=2)
    body_id: uuid.UUID | None = None
    target_ids: list[uuid.UUID] = Field(default_factory=list, max_length=1000)
    goal: int = Field(0, ge=0, le=100_000_000)


class ActionOut(Schema):
    id: uuid.UUID
    campaign_id: uuid.UUID
    kind: str
    title: dict[str, str]
    text: dict[str, str]
    country: str
    body_id: uuid.UUID | None
    goal: int
    is_open: bool
    count: int


class SignatureIn(Schema):
    name: str = Field(..., max_length=200)
    email: str = Field(..., max_length=254)
    country: str = Field("", max_length=2)
    language: Literal["az", "en", "ru", "tr", "ar"] = "en"


class SignatureOut(Schema):
    status: Literal["pending", "confirmed"]
    new: bool
    message: str


class SignatureRowOut(Schema):
    name: str
    country: str
    confirmed_at: dt.datetime


class ConfirmIn(Schema):
    token: str = Field(..., max_length=80)


class ConfirmOut(Schema):
    status: str
    message: str
    count: int | None = None


class LetterIn(Schema):
    official_id: uuid.UUID
    name: str = Field(..., max_length=200)
    email: str = Field("", max_length=254)
    text: str = Field(..., max_length=6000)
    delivery: Literal["email", "pdf"]
    language: Literal["az", "en", "ru", "tr", "ar"] = "en"


class LetterOut(Schema):
    id: uuid.UUID
    status: str
    message: str


class OutcomeIn(Schema):
    organisation_id: uuid.UUID
    kind: Literal["vote", "statement", "resolution", "meeting_granted", "other"]
    stance: Literal["supportive", "neutral", "opposed"] = "supportive"
    title: str = Field(..., max_length=300)
    occurred_on: dt.date
    official_id: uuid.UUID | None = None
    body_id: uuid.UUID | None = None
    source_url: str = Field("", max_length=200)
    is_public: bool = True
    interaction_ids: list[uuid.UUID] = Field(default_factory=list, max_length=100)
    campaign_ids: list[uuid.UUID] = Field(default_factory=list, max_length=20)


class OutcomeOut(Schema):
    id: uuid.UUID
    kind: str
    stance: str
    title: str
    occurred_on: dt.date
    country: str
    official_id: uuid.UUID | None
    body_id: uuid.UUID | None
    source_url: str
    is_public: bool
    campaign_ids: list[uuid.UUID]
