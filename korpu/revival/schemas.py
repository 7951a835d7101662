"""Schemas of the revival API."""

from __future__ import annotations

import datetime as dt
import uuid

from ninja import Schema


class ProgressOut(Schema):
    raised_minor: int
    paid_out_minor: int
    budget_minor: int
    currency: str
    funding_percent: int
    milestones_done: int
    milestones_total: int
    work_percent: int


class ProjectOut(Schema):
    id: uuid.UUID
    slug: str
    kind: str
    status: str
    title: dict[str, str]
    summary: dict[str, str]
    district: str
    settlement: str
    latitude: float
    longitude: float
    budget_minor: int
    currency: str
    progress: ProgressOut
    url: str


class EvidenceOut(Schema):
    id: uuid.UUID
    kind: str
    note: str
    url: str | None


class MilestoneOut(Schema):
    id: uuid.UUID
    position: int
    title: dict[str, str]
    status: str
    amount_minor: int
    evidence: list[EvidenceOut]


class ProjectDetailOut(ProjectOut):
    heritage_period: dict[str, str]
    heritage_builder: dict[str, str]
    heritage_damage: dict[str, str]
    milestones: list[MilestoneOut]


class OfferIn(Schema):
    kind: str
    country: str
    details: dict = {}
    message: str = ""
    consent_to_share: bool = False


class OfferOut(Schema):
    id: uuid.UUID
    project: str
    kind: str
    status: str
    country: str
    details: dict
    created_at: dt.datetime


class ParticipationOut(Schema):
    direct: int
    indirect: int
    by_country: dict[str, dict[str, int]]


class PayoutOut(Schema):
    id: uuid.UUID
    status: str
    amount_minor: int
    currency: str
    approvals: int
