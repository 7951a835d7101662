"""Giving fixtures: a fund, a live campaign, the day's rates and the foundation's roles."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from tests.conftest import MFA_SECRET, make_user


@pytest.fixture
def rates(db):
    from korpu.giving.models import ExchangeRate

    today = timezone.localdate()
    rows = {"USD": "1.7", "EUR": "1.85", "RUB": "0.0185", "TRY": "0.049", "GBP": "2.15", "JPY": "0.0113"}
    ExchangeRate.objects.bulk_create([
        ExchangeRate(day=today, currency=c, quote="AZN", rate=Decimal(r), source="cbar") for c, r in rows.items()
    ])
    return rows


@pytest.fixture
def fund(db):
    from korpu.giving.services import do_create_fund

    return do_create_fund(actor="system", code="shusha-mosque", names={"az": "Şuşa məscidinin bərpası",
                          "en": "Restoring the Shusha mosque"}, purposes={"en": "Restoration of the mosque"})


@pytest.fixture
def other_fund(db):
    from korpu.giving.services import do_create_fund

    return do_create_fund(actor="system", code="general", names={"en": "General fund"})


@pytest.fixture
def campaign(db, fund, rates):
    from korpu.giving.services import do_create_campaign

    now = timezone.now()
    return do_create_campaign(actor="system", slug="marathon", titles={"az": "Xeyriyyə marafonu", "en": "Charity marathon"},
                              starts_at=now - dt.timedelta(hours=1), ends_at=now + dt.timedelta(hours=5),
                              base_currency="AZN", goal_minor=100_000_00, funds=[fund], hold_above_minor=50_000_00)


@pytest.fixture
def foundation_officer(db):
    """A foundation officer (platform role, TOTP set up): manages campaigns, cash, reviews, payouts."""
    return make_user("foundation@example.org", role="foundation_officer", mfa_secret=MFA_SECRET)


@pytest.fixture
def second_officer(db):
    """Another foundation officer, the second pair of eyes."""
    return make_user("foundation2@example.org", role="foundation_officer", mfa_secret=MFA_SECRET)


@pytest.fixture
def volunteer(db):
    """A call-centre volunteer: enters phone pledges, nothing else."""
    return make_user("volunteer@example.org", role="call_centre_volunteer")


@pytest.fixture
def auditor(db):
    """An auditor: reads the books and exports them."""
    return make_user("auditor@example.org", role="auditor", mfa_secret=MFA_SECRET)


def give(campaign, fund, key, amount=1000, currency="AZN", channel="api", country="DE", donor=None):
    from korpu.giving.services import do_record_gift

    return do_record_gift(actor="system", key=key, fund=fund, campaign=campaign, amount_minor=amount,
                          currency=currency, channel=channel, country=country, donor=donor)
