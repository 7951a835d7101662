"""Media fixtures: a media officer, outlets, a journalist, articles ingested from the labelled set."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parent / "data"
ARTICLES = DATA / "articles"


@pytest.fixture
def media_state():
    """Forget the per-process story grouper and embedding matrix (each test has its own rows)."""
    from korpu.media.processing import STORIES
    from korpu.media.search import MATRIX

    STORIES.reset()
    MATRIX.forget()
    yield
    STORIES.reset()
    MATRIX.forget()


@pytest.fixture
def media_officer(db):
    """The committee's media team: every media permission, and alerts → coordination tasks."""
    from tests.conftest import MFA_SECRET, make_user

    return make_user("press@example.org", role="media_officer", mfa_secret=MFA_SECRET)


@pytest.fixture
def outlet(db):
    from korpu.media.services import do_create_outlet

    return do_create_outlet(actor="system", name="Caspian Wire", country="GB", language="en", kind="agency",
                            website="https://caspianwire.example/")


@pytest.fixture
def contact(db, outlet):
    from korpu.media.services import do_create_contact

    return do_create_contact(actor="system", name="Jane Reporter", email="jane@caspianwire.example",
                             outlets=[outlet], beats=["Caucasus"], languages=["en"], consent=True,
                             consent_note="asked at a briefing")


def ingest(*names: str, seen: dt.date = dt.date(2024, 5, 14)):
    """Ingest files of the labelled set (as the CLI does) and return their articles."""
    from korpu.media.pipeline import ingest_file
    from korpu.media.services import do_ingest_items

    items = [item for name in names for item in ingest_file(ARTICLES / name, seen=seen)]
    return [article for _i, article, _new in do_ingest_items(actor="system", items=items)]


@pytest.fixture
def articles(db, media_state, outlet):
    """Four items: the Aghdam mosque story in az, en (a page of Caspian Wire) and ar, and an unrelated one."""
    return ingest("s2_az.txt", "s2_en.html", "s2_ar.txt", "u_en_football.html")
