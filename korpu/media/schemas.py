"""Schemas of the media API."""

from __future__ import annotations

import datetime as dt
import uuid

from ninja import Schema


class ArticleOut(Schema):
    id: uuid.UUID
    item: str
    url: str
    title: str
    language: str
    place: str
    agency: str
    published: dt.date | None = None
    outlet_name: str
    story_id: uuid.UUID | None = None
    topics: list[str]
    score: float | None = None


class StoryOut(Schema):
    id: uuid.UUID
    first: ArticleOut
    copies: list[ArticleOut]
    languages: dict[str, int]
    countries: dict[str, int]


class OutletIn(Schema):
    name: str
    country: str
    language: str
    kind: str = "online"
    website: str = ""


class OutletOut(Schema):
    id: uuid.UUID
    name: str
    country: str
    language: str
    kind: str
    website: str


class SourceOut(Schema):
    id: uuid.UUID
    url: str
    kind: str
    active: bool
    healthy: bool
    last_error: str
    last_polled_at: dt.datetime | None = None
    items_stored: int
