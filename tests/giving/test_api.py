"""POST /api/v1/donations (idempotent) and the tally endpoints."""

from __future__ import annotations

import pytest

from korpu.giving.models import Gift, Transfer


@pytest.fixture
def token(foundation_officer):
    from korpu.accounts.services import do_create_api_token

    return do_create_api_token(actor=foundation_officer, name="telethon")[1]


def post(client, token, body, key="abc-1"):
    headers = {"Authorization": f"Bearer {token}"}
    if key is not None:
        headers["Idempotency-Key"] = key
    return client.post("/api/v1/donations", body, content_type="application/json", headers=headers)


def test_donation_is_created_once_and_retried(client, token, campaign, fund):
    body = {"campaign": str(campaign.pk), "amount": "25.50", "currency": "EUR", "country": "de"}
    first = post(client, token, body)
    assert first.status_code == 201, first.content
    data = first.json()
    assert data["amount_minor"] == 2550 and data["currency"] == "EUR" and data["base_currency"] == "AZN"
    assert data["rate_source"] == "cbar" and data["base_minor"] == 4718  # 25.50 × 1.85
    again = post(client, token, body)
    assert again.status_code == 200 and again.json()["id"] == data["id"]
    assert Transfer.objects.count() == 1


def test_same_key_different_body_is_409(client, token, campaign):
    post(client, token, {"campaign": str(campaign.pk), "amount": "10", "currency": "AZN"})
    response = post(client, token, {"campaign": str(campaign.pk), "amount": "11", "currency": "AZN"})
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "idempotency_conflict"


@pytest.mark.parametrize("body,code", [
    ({"amount": "0", "currency": "AZN"}, "invalid_amount"),
    ({"amount": "-5", "currency": "AZN"}, "invalid_amount"),
    ({"amount": "1e30", "currency": "AZN"}, "invalid_amount"),
    ({"amount": "10.123", "currency": "AZN"}, "invalid_amount"),
    ({"amount": "10.5", "currency": "JPY"}, "invalid_amount"),
    ({"amount": "10", "currency": "ZZZ"}, "unknown_currency"),
    ({"amount": "ten", "currency": "AZN"}, "invalid_amount"),
    ({"amount_minor": 0, "currency": "AZN"}, "invalid_amount"),
])
def test_bad_input_is_refused_with_a_clear_error(client, token, campaign, body, code):
    response = post(client, token, {"campaign": str(campaign.pk), **body})
    assert response.status_code == 422, response.content
    assert response.json()["error"]["code"] == code and response.json()["error"]["message"]
    assert not Transfer.objects.exists()


def test_errors_are_translated(client, token, campaign):
    response = client.post("/api/v1/donations", {"campaign": str(campaign.pk), "amount": "0", "currency": "AZN"},
                           content_type="application/json",
                           headers={"Authorization": f"Bearer {token}", "Idempotency-Key": "k", "Accept-Language": "ru"})
    assert response.status_code == 422
    assert response.json()["error"]["message"] != "The amount must be more than zero."


def test_missing_idempotency_key_is_refused(client, token, campaign):
    response = post(client, token, {"campaign": str(campaign.pk), "amount": "1", "currency": "AZN"}, key=None)
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "idempotency_key"


def test_member_may_not_record_donations(client, member, campaign):
    from korpu.accounts.services import do_create_api_token

    raw = do_create_api_token(actor=member, name="x")[1]
    assert post(client, raw, {"campaign": str(campaign.pk), "amount": "1", "currency": "AZN"}).status_code == 403


def test_tally_counts_the_gift_and_is_public(client, token, campaign):
    from django.core.cache import cache

    post(client, token, {"campaign": str(campaign.pk), "amount": "10", "currency": "AZN", "country": "TR"})
    cache.clear()
    for url in (f"/api/v1/campaigns/{campaign.pk}/tally", f"/api/v1/fundraising-campaigns/{campaign.pk}/tally"):
        data = client.get(url).json()
        assert data["raised_minor"] == 1000 and data["gifts"] == 1
        assert data["countries"] == [{"country": "TR", "gifts": 1, "raised_minor": 1000}]
    assert Gift.objects.count() == 1


def test_latest_donors_only_with_consent(client, campaign, fund):
    from django.core.cache import cache

    from korpu.giving.models import Donor
    from korpu.giving.selectors import tally
    from korpu.network.models import Consent, Person
    from tests.giving.conftest import give

    named = Person.objects.create(name="Leyla Məmmədova")
    silent = Person.objects.create(name="Rauf Əliyev")
    Consent.objects.create(person=named, purpose="named_public", granted=True, source="self")
    give(campaign, fund, "a", donor=Donor.objects.create(person=named, display="initials"))
    give(campaign, fund, "b", donor=Donor.objects.create(person=silent, display="as_written"))
    cache.clear()
    latest = tally(campaign)["latest"]
    assert [row["name"] for row in latest] == ["L. M."]
    assert "Rauf" not in str(tally(campaign))
