"""Fixtures shared by the revival and plaques tests (star-imported by tests/revival/conftest.py and
by the plaques test modules that need a project)."""

import pytest

from tests.revival import factories


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    """Uploaded files go to a temporary folder."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _fresh_cache():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def foundation(db):
    """A foundation officer: manages projects and offers, approves payouts (platform-wide)."""
    return factories.foundation_officer()


@pytest.fixture
def foundation_2(db):
    """A second foundation officer, for the four-eyes rule."""
    return factories.foundation_officer("foundation-2@example.org")


@pytest.fixture
def fundraising(foundation):
    return factories.project(foundation, slug="govhar-agha")


@pytest.fixture
def proposed(foundation):
    return factories.project(foundation, status="proposed", slug="proposed-school", kind="school",
                             title={"en": "Aghdam school No. 1", "az": "Ağdam 1 nömrəli məktəb"},
                             district="aghdam", settlement="aghdam")
