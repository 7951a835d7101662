"""The live tally page in a real browser: a gift recorded through the API shows on the open page
within 2 seconds, without a reload."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest
from django.utils import timezone

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _campaign():
    from korpu.giving.models import ExchangeRate
    from korpu.giving.services import do_create_campaign, do_create_fund

    ExchangeRate.objects.create(day=timezone.localdate(), currency="USD", quote="AZN", rate=Decimal("1.7"),
                                source="cbar")
    fund = do_create_fund(actor="system", code="shusha-mosque", names={"en": "Restoring the Shusha mosque"})
    now = timezone.now()
    return do_create_campaign(actor="system", slug="marathon", titles={"en": "Charity marathon"},
                              starts_at=now - dt.timedelta(hours=1), ends_at=now + dt.timedelta(hours=5),
                              base_currency="AZN", goal_minor=100_000_00, funds=[fund])


def test_a_gift_through_the_api_shows_on_the_live_page_within_two_seconds(page):
    from korpu.accounts.services import do_create_api_token
    from korpu.giving.models import Gift
    from tests.conftest import MFA_SECRET, make_user

    campaign = _campaign()
    officer = make_user("foundation@example.org", role="foundation_officer", mfa_secret=MFA_SECRET)
    token = do_create_api_token(actor=officer, name="telethon")[1]
    page.goto(f"/giving/campaigns/{campaign.pk}/live/")
    raised = page.locator("[data-field=raised]")
    before = raised.inner_text()
    assert "0.00" in before
    page.wait_for_timeout(3000)  # the page is live (stream, or polling when the server buffers it)
    response = page.request.post("/api/v1/donations", data=json.dumps(
        {"campaign": str(campaign.pk), "amount": "125.50", "currency": "AZN", "country": "DE"}),
        headers={"Authorization": f"Bearer {token}", "Idempotency-Key": "browser-1",
                 "Content-Type": "application/json"})
    assert response.status == 201, response.text()
    # Seen without a reload, within 2 s of the API's answer.
    page.wait_for_function("(el) => el.textContent.includes('125.50')", arg=raised.element_handle(), timeout=2000)
    assert page.locator("[data-field=gifts]").inner_text() == "1"
    assert Gift.objects.get().amount_minor == 125_50
