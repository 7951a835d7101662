from __future__ import annotations

import datetime as dt
import uuid

from ninja import Field, Schema


class DonationIn(Schema):
    campaign: uuid.UUID | None = None
    fund: uuid.UUID | None = None
    amount: str | None = Field(None, description="Decimal amount in the currency, e.g. '25.50'", max_length=40)
    amount_minor: int | None = Field(None, description="Or the amount in integer minor units")
    currency: str = Field(..., max_length=8)
    country: str = Field("", max_length=2)
    channel: str = Field("api", max_length=16)
    donor_person: uuid.UUID | None = Field(None, description="The donor's person id in the registry")
    donor_organisation: uuid.UUID | None = Field(
        None, description="The organisation in whose name the gift is given (its id in the registry)")
    display: str = Field("anonymous", max_length=16)
    display_form: str = Field("", max_length=200)


class DonationOut(Schema):
    id: uuid.UUID
    transfer: int
    status: str
    campaign: uuid.UUID | None
    fund: uuid.UUID
    amount_minor: int
    currency: str
    base_minor: int
    base_currency: str
    rate: str
    rate_source: str
    rate_date: dt.date
    created_at: dt.datetime


class FundraisingCampaignOut(Schema):
    id: uuid.UUID
    slug: str
    title: str
    titles: dict
    starts_at: dt.datetime
    ends_at: dt.datetime
    base_currency: str
    goal_minor: int
    funds: list[uuid.UUID]


class CountryOut(Schema):
    country: str
    gifts: int
    raised_minor: int


class ChallengeOut(Schema):
    title: str
    sponsor: str
    target_minor: int
    progress_minor: int
    matched_minor: int = Field(0, description="The sponsor's match booked in the ledger so far")


class NamedOut(Schema):
    name: str
    amount_minor: int
    currency: str
    country: str
    at: str


class TallyOut(Schema):
    campaign: str
    title: str
    currency: str
    raised_minor: int
    matched_minor: int = Field(0, description="Sponsors' matches booked in the ledger (not part of raised_minor)")
    gifts: int
    goal_minor: int
    progress: float | None
    countries: list[CountryOut]
    challenges: list[ChallengeOut]
    latest: list[NamedOut]
    live: bool
    at: str
