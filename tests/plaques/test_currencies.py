"""Donors who gave in several currencies: ranked and tiered on the sum of all their gifts in the
plaque's currency, each converted at the rate giving recorded with it; a gift that cannot be
converted stops the proof with a clear message instead of being left out."""

import datetime as dt

import pytest

from korpu.core.formatting import format_date
from korpu.giving import services as giving
from korpu.plaques import donors, services
from korpu.plaques.errors import PlaquesError
from korpu.plaques.models import Proof
from tests.revival import factories
from tests.revival.fixtures import *  # noqa: F401,F403

DAY_1 = dt.date(2026, 3, 2)
DAY_2 = dt.date(2026, 3, 9)
TIERS = [{"label": "Qızıl", "min_minor": 35_000}, {"label": "Gümüş", "min_minor": 10_000}]


@pytest.fixture
def rates(db):
    """CBAR: 1 USD = 1.7000 AZN on day 1, 1.6950 on day 2; 1 EUR = 1.8500 AZN on day 2.
    ECB on day 1: 1 EUR = 1.0800 USD (giving stores it as 1 USD = 1/1.08 EUR)."""
    factories.cbar_rates(DAY_1, {"USD": "1.7000"})
    factories.cbar_rates(DAY_2, {"USD": "1.6950", "EUR": "1.8500"})
    factories.ecb_rates(DAY_1, {"USD": "1.0800"})


def test_gifts_in_dollars_and_manats_are_summed_at_each_gifts_own_rate(foundation, fundraising, rates):
    both = factories.donor("Zaur Həsənov")
    factories.give(fundraising, 10_000, key="usd", donor=both, currency="USD", on_day=DAY_1)   # 100 USD → 170 AZN
    factories.give(fundraising, 20_000, key="azn", donor=both)                                 # 200 AZN
    manats = factories.donor("Aysel Kərimova")
    factories.give(fundraising, 30_000, key="azn-2", donor=manats)                             # 300 AZN
    plaque = factories.plaque(foundation, fundraising, tiers=TIERS, order="amount")
    proof = services.do_make_proof(actor=foundation, plaque=plaque)
    # Without the dollars Zaur would have 200 AZN, below Aysel and in the silver tier.
    assert [(r["text"], r["tier"], r["net_minor"]) for r in proof.names] == [
        ("Zaur Həsənov", "Qızıl", 37_000), ("Aysel Kərimova", "Gümüş", 30_000)]


def test_gifts_on_different_days_use_their_own_days_rate(foundation, fundraising, rates):
    d = factories.donor("Zaur Həsənov")
    factories.give(fundraising, 10_000, key="d1", donor=d, currency="USD", on_day=DAY_1)   # × 1.7000 = 170.00
    factories.give(fundraising, 10_000, key="d2", donor=d, currency="USD", on_day=DAY_2)   # × 1.6950 = 169.50
    factories.give(fundraising, 10_000, key="d3", donor=d, currency="EUR", on_day=DAY_2)   # × 1.8500 = 185.00
    selection = donors.select(factories.plaque(foundation, fundraising, tiers=TIERS))
    assert [(n.text, n.net_minor) for n in selection.named] == [("Zaur Həsənov", 52_450)]


def test_a_gift_counted_in_a_dollar_campaign_is_converted_to_the_plaques_manats(foundation, fundraising, rates):
    """Giving keeps a campaign's gifts in the campaign's currency: euros given to a dollar marathon
    have a base amount in dollars, which the plaque converts at CBAR's rate of the gift's day."""
    marathon = factories.campaign(fundraising, slug="marathon-usd", currency="USD")
    d = factories.donor("Zaur Həsənov")
    gift = factories.give(fundraising, 10_000, key="eur", donor=d, currency="EUR", campaign=marathon, on_day=DAY_1)
    assert (gift.base_currency, gift.base_minor) == ("USD", 10_800)
    other = factories.donor("Aysel Kərimova")
    factories.give(fundraising, 15_000, key="azn", donor=other)
    proof = services.do_make_proof(actor=foundation, plaque=factories.plaque(foundation, fundraising, tiers=TIERS,
                                                                              order="amount"))
    # 108.00 USD × 1.7000 = 183.60 AZN, more than Aysel's 150 AZN.
    assert [(r["text"], r["net_minor"]) for r in proof.names] == [("Zaur Həsənov", 18_360), ("Aysel Kərimova", 15_000)]


def test_a_gift_whose_rate_is_missing_stops_the_proof_with_a_clear_message(foundation, fundraising, rates):
    marathon = factories.campaign(fundraising, slug="marathon-usd", currency="USD")
    # The ECB's euro rate lets giving book euros in dollars on 20 March, but no CBAR file for that
    # week was imported: there is no dollar → manat rate for the plaque.
    day = dt.date(2026, 3, 20)
    factories.ecb_rates(day, {"USD": "1.0900"})
    factories.give(fundraising, 50_000, key="azn", donor=factories.donor("Aysel Kərimova"))
    factories.give(fundraising, 10_000, key="eur", donor=factories.donor("Zaur Həsənov"), currency="EUR",
                   campaign=marathon, on_day=day)
    plaque = factories.plaque(foundation, fundraising, tiers=TIERS)
    with pytest.raises(PlaquesError) as caught:
        services.do_make_proof(actor=foundation, plaque=plaque)
    message = str(caught.value.message)
    assert "1 gift" in message and f"USD to AZN on {format_date(day)}" in message
    assert "Import the exchange rates" in message
    assert caught.value.code == "no_exchange_rate"
    assert caught.value.details["missing"] == [{"from": "USD", "to": "AZN", "day": "2026-03-20", "gifts": 1}]
    assert not Proof.objects.exists()
    factories.cbar_rates(day, {"USD": "1.7000"})
    proof = services.do_make_proof(actor=foundation, plaque=plaque)
    assert [r["text"] for r in proof.names] == ["Aysel Kərimova", "Zaur Həsənov"]


def test_a_donor_whose_foreign_gift_was_refunded_counts_only_what_stayed(foundation, fundraising, rates):
    d = factories.donor("Zaur Həsənov")
    usd = factories.give(fundraising, 100_000, key="usd", donor=d, currency="USD", on_day=DAY_1)   # 1,700 AZN
    factories.give(fundraising, 15_000, key="azn", donor=d)
    giving.do_refund_gift(actor="system", gift=usd, key="refund-usd")
    proof = services.do_make_proof(actor=foundation, plaque=factories.plaque(foundation, fundraising, tiers=TIERS))
    assert [(r["text"], r["tier"], r["net_minor"]) for r in proof.names] == [("Zaur Həsənov", "Gümüş", 15_000)]


def test_a_donor_whose_every_gift_in_every_currency_was_refunded_is_not_named(foundation, fundraising, rates):
    gone = factories.donor("Elvin Nəbiyev")
    for key, currency in (("u", "USD"), ("e", "EUR"), ("a", "AZN")):
        gift = factories.give(fundraising, 90_000, key=key, donor=gone, currency=currency,
                              on_day=DAY_2 if currency == "EUR" else DAY_1)
        giving.do_refund_gift(actor="system", gift=gift, key=f"refund-{key}")
    factories.give(fundraising, 20_000, key="kept", donor=factories.donor("Aysel Kərimova"))
    selection = donors.select(factories.plaque(foundation, fundraising, tiers=TIERS))
    assert [n.text for n in selection.named] == ["Aysel Kərimova"]
    assert selection.refunded == 1 and selection.anonymous == 0


def test_a_plaque_in_another_currency_than_the_fund_converts_every_gift(foundation, fundraising, rates):
    d = factories.donor("Zaur Həsənov")
    factories.give(fundraising, 18_500, key="azn", donor=d, on_day=DAY_2)                   # 185 AZN = 100 EUR
    factories.give(fundraising, 5_000, key="eur", donor=d, currency="EUR", on_day=DAY_2)     # 50 EUR
    plaque = factories.plaque(foundation, fundraising, currency="EUR",
                              tiers=[{"label": "Gold", "min_minor": 15_000}], threshold_minor=1_000)
    selection = donors.select(plaque)
    assert [(n.text, n.tier, n.net_minor) for n in selection.named] == [("Zaur Həsənov", "Gold", 15_000)]
