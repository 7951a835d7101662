"""A sponsor's match is booked in the ledger as gifts fill a challenge's band: incrementally,
idempotently, never past the target, off the intake path; check-ledger catches a match over it."""

from __future__ import annotations

import pytest

from korpu.giving.cli import check_ledger
from korpu.giving.models import Challenge, SponsorMatch, Transfer
from tests.giving.conftest import give


@pytest.fixture
def challenge(campaign):
    from korpu.giving.services import do_add_challenge

    # The band: from 1,000.00 to 1,500.00 AZN of the campaign's total is matched.
    return do_add_challenge(actor="system", campaign=campaign, titles={"en": "Matched by Bakı Holdinq"},
                            sponsor_label="Bakı Holdinq", from_minor=1_000_00, target_minor=500_00)


def book(challenge):
    from korpu.giving.tasks import book_sponsor_matches

    book_sponsor_matches.call()
    challenge.refresh_from_db()
    return challenge.matched_minor


def fund_pending(fund) -> int:
    from korpu.giving import ledger
    from korpu.giving.models import Account

    return ledger.balance_of(Account.objects.get(code=f"fund:{fund.pk}:AZN")).pending


def test_gifts_crossing_into_and_out_of_the_band_are_matched_up_to_the_target(challenge, campaign, fund):
    give(campaign, fund, "g1", 800_00)  # below the band
    assert book(challenge) == 0 and not SponsorMatch.objects.exists()
    give(campaign, fund, "g2", 400_00)  # 1,200: crosses into the band
    assert book(challenge) == 200_00
    give(campaign, fund, "g3", 500_00)  # 1,700: crosses out of it
    assert book(challenge) == 500_00
    give(campaign, fund, "g4", 100_00)  # past the band: nothing more
    assert book(challenge) == 500_00
    assert book(challenge) == 500_00  # run again: nothing twice
    matches = list(SponsorMatch.objects.order_by("created_at"))
    assert [m.amount_minor for m in matches] == [200_00, 300_00]
    assert all(m.transfer.kind == "pending" for m in matches)
    assert matches[0].transfer.debit_account.code == f"sponsor:{challenge.pk}:AZN"
    assert fund_pending(fund) == 500_00
    assert check_ledger() == []


def test_a_gift_exactly_at_the_band_edges(challenge, campaign, fund):
    give(campaign, fund, "e1", 1_000_00)  # exactly the start: nothing yet
    assert book(challenge) == 0
    give(campaign, fund, "e2", 500_00)  # exactly the end: all of it
    assert book(challenge) == 500_00
    assert check_ledger() == []


def test_the_tally_and_transparency_page_show_the_match_apart_from_raised(client, challenge, campaign, fund):
    from korpu.giving.selectors import tally

    give(campaign, fund, "t1", 1_300_00)
    book(challenge)
    figures = tally(campaign)
    assert figures["raised_minor"] == 1_300_00 and figures["matched_minor"] == 300_00
    assert figures["challenges"][0]["matched_minor"] == 300_00
    api = client.get(f"/api/v1/campaigns/{campaign.pk}/tally").json()
    assert api["matched_minor"] == 300_00 and api["raised_minor"] == 1_300_00
    page = client.get(f"/giving/campaigns/{campaign.pk}/transparency/").content.decode()
    assert "Matched by sponsors" in page and "Bakı Holdinq" in page and 'data-field="matches"' in page


def test_the_sponsor_pays_and_the_match_is_posted_once(challenge, campaign, fund):
    from korpu.giving import ledger
    from korpu.giving.errors import AlreadyResolved
    from korpu.giving.models import Account
    from korpu.giving.services import do_pay_sponsor_match

    give(campaign, fund, "p1", 1_500_00)
    book(challenge)
    match = SponsorMatch.objects.get()
    do_pay_sponsor_match(actor="system", match=match)
    with pytest.raises(AlreadyResolved):
        do_pay_sponsor_match(actor="system", match=match)
    balance = ledger.balance_of(Account.objects.get(code=f"fund:{fund.pk}:AZN"))
    assert balance.posted == 1_500_00 + 500_00 and balance.pending == 0
    assert check_ledger() == []


def test_check_ledger_catches_a_match_over_its_target(challenge, campaign, fund):
    from korpu.giving import ledger
    from korpu.giving.ledger import Spec, fund_leg
    from korpu.giving.services import sponsor_leg

    give(campaign, fund, "o1", 1_600_00)
    book(challenge)
    assert check_ledger() == []
    # Someone books more of the sponsor's money behind the service's back.
    ledger.post([Spec(key="forged-match", debit=sponsor_leg(challenge), credit=fund_leg(fund), amount=1_00,
                      currency="AZN", kind="pending")])
    problems = check_ledger()
    assert any("over its target" in p for p in problems), problems


def test_the_database_refuses_a_booked_match_over_the_target(challenge):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Challenge.objects.filter(pk=challenge.pk).update(matched_minor=challenge.target_minor + 1)


def test_matching_is_not_in_the_intake_path(challenge, campaign, fund):
    give(campaign, fund, "i1", 1_400_00)
    assert not SponsorMatch.objects.exists()
    assert not Transfer.objects.filter(key__startswith="match:").exists()


def test_a_challenge_needs_a_fund_of_the_campaign(campaign, other_fund):
    from korpu.giving.errors import GivingError
    from korpu.giving.services import do_add_challenge

    with pytest.raises(GivingError):
        do_add_challenge(actor="system", campaign=campaign, titles={}, target_minor=100, fund=other_fund)
