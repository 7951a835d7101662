"""Channels: cash with four eyes, phone pledges, bank statements, Stripe webhooks, receipts, rates."""

from __future__ import annotations

import io
import json
import time

import pytest

from korpu.giving.errors import AlreadyResolved, BadStatement, BadWebhook, FourEyes
from korpu.giving.models import Gift, LineStatus, PledgeStatus, Receipt, Transfer
from korpu.giving.services import do_confirm_cash, do_enter_cash, do_enter_pledge
from tests.giving.test_ledger import sound


def test_cash_needs_a_second_officer(campaign, fund, foundation_officer, second_officer):
    entry = do_enter_cash(actor=foundation_officer, fund=fund, campaign=campaign, amount_minor=20000, currency="AZN",
                          event_label="Novruz gala, Berlin")
    assert not Transfer.objects.exists()
    with pytest.raises(FourEyes):
        do_confirm_cash(actor=foundation_officer, entry=entry)
    gift = do_confirm_cash(actor=second_officer, entry=entry)
    assert gift.channel == "cash" and gift.amount_minor == 20000
    with pytest.raises(AlreadyResolved):
        do_confirm_cash(actor=second_officer, entry=entry)
    sound()


def test_phone_page_warns_of_a_duplicate_caller(client_for, campaign, fund, volunteer):
    c = client_for(volunteer)
    page = c.get("/giving/phone/")
    assert page.status_code == 200 and b"autofocus" in page.content
    body = {"key": "k1", "caller_phone": "+994 50 111 22 33", "caller_name": "Aysel", "amount": "50",
            "currency": "AZN", "fund": str(fund.pk), "country": "AZ"}
    assert c.post("/giving/phone/", body).status_code == 302
    again = c.post("/giving/phone/", {**body, "key": "k2"})
    assert again.status_code == 200 and b"pledged before" in again.content
    assert Transfer.objects.count() == 1
    assert c.post("/giving/phone/", {**body, "key": "k2", "confirm_duplicate": "on"}).status_code == 302
    assert Transfer.objects.count() == 2
    # A double-submitted form (same hidden key) is one pledge.
    assert c.post("/giving/phone/", {**body, "key": "k2", "confirm_duplicate": "on"}).status_code == 302
    assert Transfer.objects.count() == 2
    sound()


CSV = """date,amount,currency,reference,counterparty
2026-11-27,50.00,AZN,Pledge {ref} thank you,Aysel M
2026-11-27,20.00,AZN,for the mosque,Ali V
2026-11-27,abc,AZN,garbled,??
2026-11-27,-5.00,AZN,bank fee,Bank
2026-11-27,70.00,AZN,{ref} again,Aysel M
"""


def test_csv_statement_matches_pledges_and_leaves_the_rest(campaign, fund, foundation_officer):
    from korpu.giving.statements import do_assign_line, do_import_statement

    pledge, _ = do_enter_pledge(actor="system", key="p", fund=fund, campaign=campaign, amount_minor=5000, currency="AZN")
    data = CSV.format(ref=pledge.reference).encode()
    statement = do_import_statement(actor=foundation_officer, data=data, filename="s.csv")
    status = [line.status for line in statement.lines.order_by("line_no")]
    assert status == [LineStatus.MATCHED, LineStatus.UNMATCHED, LineStatus.GARBLED, LineStatus.IGNORED,
                      LineStatus.UNMATCHED]
    pledge.refresh_from_db()
    assert pledge.status == PledgeStatus.PAID
    # The same file again books nothing twice.
    assert do_import_statement(actor=foundation_officer, data=data, filename="s.csv").pk == statement.pk
    line = statement.lines.get(line_no=3)
    do_assign_line(actor=foundation_officer, line=line, fund=fund)
    assert Gift.objects.count() == 2
    sound()


CAMT = b"""<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><BkToCstmrStmt><Stmt><Id>1</Id>
<Ntry><Amt Ccy="EUR">120.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><BookgDt><Dt>%s</Dt></BookgDt>
<NtryDtls><TxDtls><RltdPties><Dbtr><Nm>Elvin Q</Nm></Dbtr></RltdPties><RmtInf><Ustrd>Donation marathon</Ustrd></RmtInf></TxDtls></NtryDtls></Ntry>
<Ntry><Amt Ccy="EUR">1.234</Amt><CdtDbtInd>CRDT</CdtDbtInd><BookgDt><Dt>%s</Dt></BookgDt></Ntry>
</Stmt></BkToCstmrStmt></Document>"""


def test_camt053_statement_books_credits_to_a_fund(campaign, fund, foundation_officer):
    from django.utils import timezone

    from korpu.giving.statements import do_import_statement

    today = timezone.localdate().isoformat().encode()
    statement = do_import_statement(actor=foundation_officer, data=CAMT % (today, today), filename="s.xml", fund=fund)
    lines = list(statement.lines.order_by("line_no"))
    assert lines[0].status == LineStatus.MATCHED and lines[0].counterparty == "Elvin Q"
    assert lines[1].status == LineStatus.GARBLED
    gift = Gift.objects.get()
    assert gift.currency == "EUR" and gift.amount_minor == 12000 and gift.channel == "bank"
    sound()


def test_a_statement_that_is_not_one_is_refused(foundation_officer):
    from korpu.giving.statements import do_import_statement

    with pytest.raises(BadStatement):
        do_import_statement(actor=foundation_officer, data=b"hello,world\n1,2\n", filename="x.csv")
    with pytest.raises(BadStatement):
        do_import_statement(actor=foundation_officer, data=b"<not-xml", filename="x.xml")


SECRET = "whsec_test_secret"


def _signed(event: dict, secret: str = SECRET, at: int | None = None) -> tuple[bytes, str]:
    import stripe

    payload = json.dumps(event)
    at = at or int(time.time())
    signature = stripe.WebhookSignature._compute_signature(f"{at}.{payload}", secret)
    return payload.encode(), f"t={at},v1={signature}"


def _checkout(campaign, fund, session="cs_test_1"):
    return {"id": "evt_1", "object": "event", "type": "checkout.session.completed", "data": {"object": {
        "id": session, "object": "checkout.session", "payment_status": "paid", "amount_total": 5000,
        "currency": "usd", "payment_intent": "pi_1",
        "metadata": {"campaign": str(campaign.pk), "fund": str(fund.pk), "country": "US"}}}}


@pytest.fixture
def stripe_secret(settings):
    settings.KORPU_STRIPE_WEBHOOK_SECRET = SECRET


def test_stripe_webhook_books_a_card_gift_once(client, campaign, fund, stripe_secret):
    payload, signature = _signed(_checkout(campaign, fund))
    for _attempt in range(2):  # Stripe retries; a replay changes nothing
        response = client.post("/giving/stripe/webhook/", payload, content_type="application/json",
                               headers={"Stripe-Signature": signature})
        assert response.status_code == 200
    gift = Gift.objects.get()
    assert gift.channel == "card" and gift.currency == "USD" and gift.amount_minor == 5000
    assert gift.transfer.debit_account.code == "provider:stripe:USD"
    sound()


def test_forged_or_stale_webhooks_are_refused(client, campaign, fund, stripe_secret):
    payload, signature = _signed(_checkout(campaign, fund), secret="whsec_wrong")
    assert client.post("/giving/stripe/webhook/", payload, content_type="application/json",
                       headers={"Stripe-Signature": signature}).status_code == 400
    payload, signature = _signed(_checkout(campaign, fund), at=int(time.time()) - 3600)
    assert client.post("/giving/stripe/webhook/", payload, content_type="application/json",
                       headers={"Stripe-Signature": signature}).status_code == 400
    assert client.post("/giving/stripe/webhook/", b"{}", content_type="application/json").status_code == 400
    assert not Transfer.objects.exists()


def test_stripe_refund_reverses_the_gift(campaign, fund, stripe_secret):
    from korpu.giving.providers import StripeProvider, do_handle_webhook

    provider = StripeProvider(webhook_secret=SECRET)
    do_handle_webhook(provider_obj=provider, payload=_signed(_checkout(campaign, fund))[0] and
                      _signed(_checkout(campaign, fund))[0], signature=_signed(_checkout(campaign, fund))[1])
    refund = {"id": "evt_2", "object": "event", "type": "charge.refunded",
              "data": {"object": {"id": "ch_1", "object": "charge", "payment_intent": "pi_1"}}}
    payload, signature = _signed(refund)
    do_handle_webhook(provider_obj=provider, payload=payload, signature=signature)
    assert Gift.objects.get().status == "refunded"
    sound()


def test_webhook_without_secret_is_refused(campaign, fund):
    from korpu.giving.providers import StripeProvider

    with pytest.raises(BadWebhook):
        StripeProvider(webhook_secret="").parse_webhook(b"{}", "t=1,v1=x")


def test_receipt_pdf_in_the_donors_language_with_gap_free_numbers(campaign, fund, mailoutbox):
    from pypdf import PdfReader

    from korpu.giving.models import Donor
    from korpu.giving.receipts import do_issue_receipt
    from tests.giving.conftest import give

    donor = Donor.objects.create(email="d@example.org", language="ru")
    gifts = [give(campaign, fund, f"r{i}", 1000 + i, donor=donor)[0] for i in range(3)]
    receipts = [do_issue_receipt(actor="system", gift_id=str(g.pk)) for g in gifts]
    assert [r.number for r in receipts] == [1, 2, 3]
    assert do_issue_receipt(actor="system", gift_id=str(gifts[0].pk)).pk == receipts[0].pk
    text = PdfReader(io.BytesIO(bytes(Receipt.objects.get(number=1).pdf))).pages[0].extract_text()
    assert receipts[0].label in text and "10,00" in text
    assert "Квитанция" in text or "квитанц" in text.lower()


def test_cbar_and_ecb_rates_are_imported(db):
    import datetime as dt
    from decimal import Decimal

    from korpu.giving.models import ExchangeRate
    from korpu.giving.rates import do_import_rates, rate_for

    cbar = """<?xml version="1.0" encoding="UTF-8"?><ValCurs Date="27.11.2026" Name="AZN"><ValType Type="Xarici valyutalar">
    <Valute Code="USD"><Nominal>1</Nominal><Name>1 ABŞ dolları</Name><Value>1.7</Value></Valute>
    <Valute Code="RUB"><Nominal>100</Nominal><Name>100 Rusiya rublu</Name><Value>1.8512</Value></Valute>
    </ValType></ValCurs>""".encode()
    ecb = b"""<?xml version="1.0" encoding="UTF-8"?><gesmes:Envelope xmlns:gesmes="http://www.gesmes.org/xml/2002-08-01"
    xmlns="http://www.ecb.int/vocabulary/2002-08-01/eurofxref"><Cube><Cube time="2026-11-27">
    <Cube currency="USD" rate="1.0850"/><Cube currency="TRY" rate="37.5"/></Cube></Cube></gesmes:Envelope>"""
    assert do_import_rates(actor="system", xml=cbar, source="cbar") == 2
    assert do_import_rates(actor="system", xml=cbar, source="cbar") == 0
    assert do_import_rates(actor="system", xml=ecb, source="ecb") == 2
    day = dt.date(2026, 11, 27)
    assert ExchangeRate.objects.get(currency="RUB").rate == Decimal("0.018512")
    assert rate_for("RUB", "AZN", day).rate == Decimal("0.018512")
    assert rate_for("AZN", "USD", day).source == "cbar"
    assert rate_for("TRY", "EUR", day).source == "ecb"


def test_donor_changes_and_stops_a_monthly_gift(client_for, fund, member):
    from korpu.giving.models import RecurringGift
    from korpu.giving.services import do_save_donor, do_start_recurring

    donor = do_save_donor(actor=member, user=member, email=member.email)
    rec = do_start_recurring(actor=member, donor=donor, fund=fund, amount_minor=2000, currency="AZN")
    c = client_for(member)
    assert c.post(f"/giving/me/recurring/{rec.pk}/", {"amount": "30"}).status_code == 302
    assert RecurringGift.objects.get().amount_minor == 3000
    assert c.post(f"/giving/me/recurring/{rec.pk}/", {"stop": "1"}).status_code == 302
    assert RecurringGift.objects.get().active is False
    assert c.get("/giving/me/").status_code == 200
