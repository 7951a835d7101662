import pytest

from korpu.core.errors import PermissionDenied
from korpu.revival import ledger, services
from korpu.revival.errors import FourEyes, RevivalError
from korpu.revival.models import PayoutStatus
from tests.revival import factories


@pytest.fixture
def funded(foundation, fundraising):
    factories.give(fundraising, 2_000_000, key="gift-1")
    return fundraising


def test_a_project_gets_its_own_fund_in_the_ledger(fundraising):
    from korpu.giving.models import Fund

    assert Fund.objects.filter(pk=fundraising.fund_ref).exists()


def test_gifts_show_as_raised_on_the_project(funded):
    figures = ledger.fund_figures(funded)
    assert figures.raised_minor == 2_000_000
    assert figures.balance_minor == 2_000_000


def test_a_payout_needs_two_different_officers(foundation, foundation_2, funded):
    milestone = factories.milestone_with_evidence(foundation, funded)
    payout = services.do_request_payout(actor=foundation, milestone=milestone, amount_minor=500_000,
                                        payee="Qarabağ Bərpa MMC")
    payout = services.do_approve_payout(actor=foundation, payout=payout)
    assert payout.status == PayoutStatus.REQUESTED
    with pytest.raises(FourEyes):
        services.do_approve_payout(actor=foundation, payout=payout)
    payout = services.do_approve_payout(actor=foundation_2, payout=payout)
    assert payout.status == PayoutStatus.PAID and payout.transfer_ref
    figures = ledger.fund_figures(funded)
    assert figures.paid_out_minor == 500_000
    assert figures.balance_minor == 1_500_000


def test_a_payout_needs_evidence_on_its_milestone(foundation, funded):
    milestone = services.do_add_milestone(actor=foundation, project=funded, title={"en": "Walls"},
                                          amount_minor=100_000)
    with pytest.raises(RevivalError, match="evidence"):
        services.do_request_payout(actor=foundation, milestone=milestone, amount_minor=1000, payee="X")


def test_a_payout_cannot_exceed_the_milestone(foundation, funded):
    milestone = factories.milestone_with_evidence(foundation, funded, amount_minor=100_000)
    with pytest.raises(RevivalError, match="planned cost"):
        services.do_request_payout(actor=foundation, milestone=milestone, amount_minor=100_001, payee="X")


def test_a_payout_above_the_balance_is_refused_by_the_ledger(foundation, foundation_2, fundraising):
    from korpu.giving.errors import InsufficientFunds

    factories.give(fundraising, 1_000, key="small")
    milestone = factories.milestone_with_evidence(foundation, fundraising)
    payout = services.do_request_payout(actor=foundation, milestone=milestone, amount_minor=5_000, payee="X")
    services.do_approve_payout(actor=foundation, payout=payout)
    with pytest.raises(InsufficientFunds):
        services.do_approve_payout(actor=foundation_2, payout=payout)
    payout.refresh_from_db()
    assert payout.status == PayoutStatus.REQUESTED
    assert payout.approvals.count() == 1


def test_a_member_cannot_request_a_payout(member, foundation, funded):
    milestone = factories.milestone_with_evidence(foundation, funded)
    with pytest.raises(PermissionDenied):
        services.do_request_payout(actor=member, milestone=milestone, amount_minor=100, payee="X")


def test_retrying_a_payout_request_with_its_key_returns_the_first(foundation, funded):
    milestone = factories.milestone_with_evidence(foundation, funded)
    first = services.do_request_payout(actor=foundation, milestone=milestone, amount_minor=100, payee="X",
                                       idempotency_key="k1")
    again = services.do_request_payout(actor=foundation, milestone=milestone, amount_minor=100, payee="X",
                                       idempotency_key="k1")
    assert first.pk == again.pk


def test_paid_payouts_appear_on_the_transparency_page_with_evidence(client, foundation, foundation_2, funded):
    milestone = factories.milestone_with_evidence(foundation, funded)
    payout = services.do_request_payout(actor=foundation, milestone=milestone, amount_minor=250_000,
                                        payee="Şuşa Tikinti")
    services.do_approve_payout(actor=foundation, payout=payout)
    services.do_approve_payout(actor=foundation_2, payout=payout)
    body = client.get("/revival/transparency/").content.decode()
    assert "Şuşa Tikinti" in body and "Roof beams replaced" in body


def test_giving_payout_panel_finds_the_milestone_evidence(foundation, foundation_2, funded):
    from korpu.giving.models import Payout as GivingPayout
    from korpu.revival.panels import payout_panel

    milestone = factories.milestone_with_evidence(foundation, funded)
    payout = services.do_request_payout(actor=foundation, milestone=milestone, amount_minor=1000, payee="X")
    services.do_approve_payout(actor=foundation, payout=payout)
    services.do_approve_payout(actor=foundation_2, payout=payout)
    giving_payout = GivingPayout.objects.get()
    context = payout_panel(None, giving_payout)
    assert context["milestone"] == milestone
    assert [e.note for e in context["evidence"]] == ["Roof beams replaced; inspected."]


def test_refunded_gifts_no_longer_count_as_raised(foundation, fundraising):
    from korpu.giving import services as giving

    gift = factories.give(fundraising, 40_000, key="g-ref")
    factories.give(fundraising, 10_000, key="g-keep")
    giving.do_refund_gift(actor="system", gift=gift, key="refund-g-ref")
    assert ledger.fund_figures(fundraising).raised_minor == 10_000


def test_fundraising_opens_a_campaign_to_give_on(client, fundraising):
    body = client.get("/revival/p/govhar-agha/").content.decode()
    assert ledger.give_url(fundraising) in body
    assert client.get(ledger.give_url(fundraising)).status_code == 200
    assert client.get(ledger.fund_url(fundraising)).status_code == 200


def test_giving_fund_page_shows_the_revival_evidence_panel(client, foundation, foundation_2, funded):
    milestone = factories.milestone_with_evidence(foundation, funded)
    payout = services.do_request_payout(actor=foundation, milestone=milestone, amount_minor=1000, payee="X")
    services.do_approve_payout(actor=foundation, payout=payout)
    services.do_approve_payout(actor=foundation_2, payout=payout)
    body = client.get(ledger.fund_url(funded)).content.decode()
    assert "Roof beams replaced" in body
