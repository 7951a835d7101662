"""The ledger: double entry, idempotency, two-phase pledges, fund rules, check-ledger."""

from __future__ import annotations

import io

import pytest
from django.db import IntegrityError, connection, transaction

from korpu.giving import ledger
from korpu.giving.cli import check_ledger
from korpu.giving.errors import (
    AlreadyResolved,
    GivingError,
    IdempotencyConflict,
    InsufficientFunds,
    InvalidAmount,
    UnknownCurrency,
)
from korpu.giving.models import Account, Gift, GiftStatus, Transfer
from korpu.giving.services import (
    do_enter_pledge,
    do_lapse_pledge,
    do_pay_out,
    do_pay_pledge,
    do_refund_gift,
)
from tests.giving.conftest import give


def sound():
    out = io.StringIO()
    problems = check_ledger(out=out)
    assert problems == [], out.getvalue()


def fund_balance(fund, currency="AZN"):
    account = Account.objects.filter(code=ledger.fund_leg(fund).code(currency)).first()
    return ledger.balance_of(account)


def test_gift_moves_money_into_the_fund(campaign, fund):
    gift, created = give(campaign, fund, "k1", 2550)
    assert created and gift.status == GiftStatus.COUNTED
    assert fund_balance(fund).posted == 2550
    sound()


def test_retry_returns_the_first_gift(campaign, fund):
    first, _ = give(campaign, fund, "k1", 2550)
    again, created = give(campaign, fund, "k1", 2550)
    assert not created and again.pk == first.pk
    assert Transfer.objects.count() == 1 and fund_balance(fund).posted == 2550
    sound()


def test_same_key_with_other_contents_is_refused(campaign, fund):
    give(campaign, fund, "k1", 2550)
    with pytest.raises(IdempotencyConflict):
        give(campaign, fund, "k1", 9999)
    with pytest.raises(IdempotencyConflict):
        give(campaign, fund, "k1", 2550, country="FR")
    assert Transfer.objects.count() == 1


@pytest.mark.parametrize("amount", [0, -5, 10**15])
def test_bad_amounts_write_nothing(campaign, fund, amount):
    with pytest.raises(InvalidAmount):
        give(campaign, fund, "bad", amount)
    assert not Transfer.objects.exists() and not Gift.objects.exists()


def test_unknown_currency_is_refused(campaign, fund):
    with pytest.raises(UnknownCurrency):
        give(campaign, fund, "bad", 100, currency="ABC")
    assert not Transfer.objects.exists()


def test_foreign_gift_is_converted_at_the_days_rate(campaign, fund):
    gift, _ = give(campaign, fund, "usd", 10000, currency="USD")
    assert gift.currency == "USD" and gift.amount_minor == 10000
    assert gift.base_currency == "AZN" and gift.base_minor == 17000
    assert gift.rate_source == "cbar" and str(gift.rate).startswith("1.7")
    jpy, _ = give(campaign, fund, "jpy", 10000, currency="JPY")  # no minor units in JPY
    assert jpy.base_minor == 11300
    eur_to_usd = ledger  # noqa: F841
    sound()


def test_pledge_is_pending_until_paid(campaign, fund):
    pledge, _ = do_enter_pledge(actor="system", key="p1", fund=fund, campaign=campaign, amount_minor=5000,
                                currency="AZN", caller_phone="+994 50 123 45 67")
    balance = fund_balance(fund)
    assert balance.posted == 0 and balance.pending == 5000
    gift = do_pay_pledge(actor="system", pledge=pledge, amount_minor=3000, key="pay1")
    balance = fund_balance(fund)
    assert balance.posted == 3000 and balance.pending == 0
    assert gift.transfer.pending_id == pledge.transfer_id
    sound()


def test_pledge_resolves_once(campaign, fund):
    pledge, _ = do_enter_pledge(actor="system", key="p1", fund=fund, campaign=campaign, amount_minor=5000, currency="AZN")
    do_pay_pledge(actor="system", pledge=pledge, amount_minor=5000, key="pay1")
    # A retry of the same payment is the same gift; another payment or a void is refused.
    assert do_pay_pledge(actor="system", pledge=pledge, amount_minor=5000, key="pay1").transfer.key == "pay1"
    with pytest.raises(AlreadyResolved):
        do_pay_pledge(actor="system", pledge=pledge, amount_minor=5000, key="pay2")
    with pytest.raises(AlreadyResolved):
        do_lapse_pledge(actor="system", pledge=pledge)
    assert fund_balance(fund).posted == 5000
    sound()


def test_payment_larger_than_pledge_is_refused(campaign, fund):
    pledge, _ = do_enter_pledge(actor="system", key="p1", fund=fund, campaign=campaign, amount_minor=5000, currency="AZN")
    with pytest.raises(InvalidAmount):
        do_pay_pledge(actor="system", pledge=pledge, amount_minor=5001, key="pay1")
    assert not Gift.objects.exists()
    sound()


def test_lapsed_pledge_is_voided(campaign, fund):
    pledge, _ = do_enter_pledge(actor="system", key="p1", fund=fund, campaign=campaign, amount_minor=5000, currency="AZN")
    do_lapse_pledge(actor="system", pledge=pledge)
    balance = fund_balance(fund)
    assert balance.posted == 0 and balance.pending == 0
    sound()


def test_the_database_refuses_a_second_resolution(campaign, fund):
    pledge, _ = do_enter_pledge(actor="system", key="p1", fund=fund, campaign=campaign, amount_minor=5000, currency="AZN")
    do_lapse_pledge(actor="system", pledge=pledge)
    t = Transfer.objects.get(key="void:p1")
    with pytest.raises(IntegrityError), transaction.atomic():
        Transfer.objects.create(key="x", fingerprint="x", kind="void_pending", debit_account_id=t.debit_account_id,
                                credit_account_id=t.credit_account_id, amount=5000, currency="AZN",
                                pending_id=pledge.transfer_id, chain=7, seq=999, prev_hash="", hash="")


@pytest.mark.parametrize("column,value", [("amount", 0), ("currency", "USD")])
def test_the_database_refuses_bad_rows(campaign, fund, column, value):
    give(campaign, fund, "k1", 100)
    t = Transfer.objects.get(key="k1")
    row = {"key": "raw", "fingerprint": "x", "kind": "posted", "debit_account_id": t.debit_account_id,
           "credit_account_id": t.credit_account_id, "amount": 5, "currency": "AZN", "chain": 7, "seq": 999,
           "prev_hash": "", "hash": ""}
    row[column] = value
    with pytest.raises(IntegrityError), transaction.atomic():
        Transfer.objects.create(**row)


def test_money_leaves_a_fund_only_to_its_purpose(campaign, fund, other_fund):
    give(campaign, fund, "k1", 100)
    with pytest.raises(GivingError), transaction.atomic():
        ledger.post([ledger.Spec(key="steal", debit=ledger.fund_leg(fund), credit=ledger.fund_leg(other_fund),
                                 amount=50, currency="AZN")])
    sound()


def test_refund_is_a_reversing_transfer(campaign, fund):
    gift, _ = give(campaign, fund, "k1", 100)
    do_refund_gift(actor="system", gift=gift, key="refund-k1")
    assert fund_balance(fund).posted == 0
    assert Transfer.objects.count() == 2
    sound()


def test_payout_needs_two_officers_and_money(campaign, fund, foundation_officer, second_officer, member):
    from korpu.giving.errors import FourEyes

    give(campaign, fund, "k1", 10000)
    args = dict(actor=foundation_officer, fund=fund, currency="AZN", purpose_ref="milestone-1",
                evidence_url="https://example.org/evidence.pdf", idempotency_key="po1")
    with pytest.raises(FourEyes):
        do_pay_out(amount_minor=5000, approved_by=[foundation_officer, member], **args)
    with pytest.raises(InsufficientFunds):
        do_pay_out(amount_minor=10001, approved_by=[foundation_officer, second_officer], **args)
    payout = do_pay_out(amount_minor=6000, approved_by=[foundation_officer, second_officer], **args)
    assert do_pay_out(amount_minor=6000, approved_by=[foundation_officer, second_officer], **args).pk == payout.pk
    assert fund_balance(fund).posted == 4000
    sound()


def test_held_gift_counts_only_after_review(campaign, fund, foundation_officer):
    from korpu.giving.selectors import tally
    from korpu.giving.services import do_review_gift

    gift, _ = give(campaign, fund, "big", 60_000_00)
    assert gift.status == GiftStatus.HELD and tally(campaign)["gifts"] == 0
    do_review_gift(actor=foundation_officer, gift=gift, approve=True)
    assert tally(campaign)["gifts"] == 1 and tally(campaign)["raised_minor"] == 60_000_00
    sound()


def _raw(sql, params=()):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def test_check_ledger_catches_a_changed_amount_even_in_the_newest_row(campaign, fund):
    for i in range(5):
        give(campaign, fund, f"k{i}", 100 + i)
    newest = Transfer.objects.order_by("-id").first()
    _raw("UPDATE giving_transfer SET amount = amount + 1 WHERE id = %s", [newest.pk])
    _raw("UPDATE giving_accountbalance SET posted_credits = posted_credits + 1 WHERE account_id = %s",
         [newest.credit_account_id])
    _raw("UPDATE giving_accountbalance SET posted_debits = posted_debits + 1 WHERE account_id = %s",
         [newest.debit_account_id])
    problems = check_ledger()
    assert any("changed" in p for p in problems)


def test_check_ledger_catches_a_removed_newest_row(campaign, fund):
    for i in range(3):
        give(campaign, fund, f"k{i}", 100)
    newest = Transfer.objects.order_by("-id").first()
    _raw("DELETE FROM giving_gift WHERE transfer_id = %s", [newest.pk])
    _raw("DELETE FROM giving_transfer WHERE id = %s", [newest.pk])
    assert check_ledger()


def test_check_ledger_catches_a_wrong_balance(campaign, fund):
    give(campaign, fund, "k1", 100)
    _raw("UPDATE giving_accountbalance SET posted_credits = posted_credits + 7")
    assert any("stored balance" in p for p in check_ledger())


def test_check_ledger_command_exit_codes(campaign, fund, capsys):
    from korpu.giving.cli import check_ledger_main

    give(campaign, fund, "k1", 100)
    assert check_ledger_main([]) == 0
    _raw("UPDATE giving_transfer SET amount = 5")
    assert check_ledger_main([]) == 1
    assert "BROKEN" in capsys.readouterr().out
