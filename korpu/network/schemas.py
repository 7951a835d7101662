
import datetime as dt
import uuid

from ninja import Schema


class OrganisationOut(Schema):
    id: uuid.UUID
    name: str
    names: dict[str, str]
    kind: str
    country: str
    city: str
    founded_year: int | None
    languages: list[str]
    website: str
    status: str


class OrganisationIn(Schema):
    name: str
    names: dict[str, str] = {}
    kind: str = "community"
    country: str
    city: str = ""
    founded_year: int | None = None
    languages: list[str] = []
    email: str = ""
    phone: str = ""
    website: str = ""
    social_links: list[str] = []


class VariantOut(Schema):
    id: uuid.UUID
    text: str
    script: str
    kind: str


class VariantIn(Schema):
    text: str
    kind: str = "other"


class PersonOut(Schema):
    id: uuid.UUID
    name: str
    script: str
    patronymic: str
    is_pseudonym: bool
    country: str
    city: str
    languages: list[str]
    profession: str
    email: str
    phone: str
    variants: list[VariantOut]


class PersonIn(Schema):
    organisation_id: uuid.UUID
    name: str
    patronymic: str = ""
    is_pseudonym: bool = False
    country: str = ""
    city: str = ""
    languages: list[str] = []
    profession: str = ""
    email: str = ""
    phone: str = ""
    role: str = "member"
    since: dt.date | None = None
    variants: list[VariantIn] = []
    consents: dict[str, bool] = {}


class PersonPatch(Schema):
    name: str | None = None
    patronymic: str | None = None
    is_pseudonym: bool | None = None
    country: str | None = None
    city: str | None = None
    languages: list[str] | None = None
    profession: str | None = None
    email: str | None = None
    phone: str | None = None


class SearchHit(Schema):
    person: PersonOut
    score: float
    reason: str


class MembershipOut(Schema):
    id: uuid.UUID
    person_id: uuid.UUID
    organisation_id: uuid.UUID
    role: str
    since: dt.date | None
    until: dt.date | None


class MembershipIn(Schema):
    person_id: uuid.UUID
    organisation_id: uuid.UUID
    role: str = "member"
    since: dt.date | None = None
    until: dt.date | None = None


class ConsentIn(Schema):
    purpose: str
    granted: bool
    source: str = "api"


class ConsentOut(Schema):
    purpose: str
    granted: bool
    decided_at: dt.datetime
    source: str


class DuplicateOut(Schema):
    id: uuid.UUID
    a_id: uuid.UUID
    b_id: uuid.UUID
    score: float
    reasons: list[str]
    status: str


class MergeIn(Schema):
    survivor_id: uuid.UUID


class MergeOut(Schema):
    id: uuid.UUID
    survivor_id: uuid.UUID
    merged_id: uuid.UUID
