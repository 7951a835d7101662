"""Authorization matrix: every page and API route of giving × every persona."""

from __future__ import annotations

import pytest

PERSONAS = ["anonymous", "member", "editor", "officer", "other_officer", "staff", "admin"]
OPEN = dict.fromkeys(PERSONAS, 200)
SIGNED_IN = {**dict.fromkeys(PERSONAS, 200), "anonymous": 302}
ADMIN_ONLY = {**dict.fromkeys(PERSONAS, 403), "anonymous": 302, "admin": 200}
API_ADMIN_ONLY = {**dict.fromkeys(PERSONAS, 403), "anonymous": 401, "admin": 201}

# (method, url template, expected per persona)
ROUTES = [
    ("get", "/giving/", OPEN),
    ("get", "/giving/campaigns/{campaign}/", OPEN),
    ("get", "/giving/campaigns/{campaign}/live/", OPEN),
    ("get", "/giving/campaigns/{campaign}/widget/", OPEN),
    ("get", "/giving/campaigns/{campaign}/tally.json", OPEN),
    ("get", "/giving/campaigns/{campaign}/stream/?seconds=0", OPEN),
    ("get", "/giving/campaigns/{campaign}/transparency/", OPEN),
    ("get", "/giving/funds/{fund}/", OPEN),
    ("get", "/giving/funds/{fund}/transfers.csv", OPEN),
    ("get", "/giving/thanks/", OPEN),
    ("get", "/giving/me/", SIGNED_IN),
    ("get", "/giving/me/statement/2026.pdf", {**SIGNED_IN, **dict.fromkeys(PERSONAS[1:], 404)}),
    ("get", "/giving/me/receipts/{receipt}.pdf", ADMIN_ONLY),
    ("get", "/giving/desk/", ADMIN_ONLY),
    ("get", "/giving/desk/cash/", ADMIN_ONLY),
    ("get", "/giving/desk/statements/", ADMIN_ONLY),
    ("get", "/giving/phone/", ADMIN_ONLY),
    ("get", "/giving/books/", ADMIN_ONLY),
    ("get", "/giving/books/{fund}/journal.csv", ADMIN_ONLY),
    ("post", "/giving/desk/gifts/{gift}/review/", {**ADMIN_ONLY, "admin": 302}),
    ("post", "/giving/desk/cash/{cash}/confirm/", {**ADMIN_ONLY, "admin": 302}),
    ("post", "/giving/desk/statements/lines/{line}/", {**ADMIN_ONLY, "admin": 302}),
    ("post", "/giving/me/recurring/{recurring}/", {**SIGNED_IN, **dict.fromkeys(PERSONAS[1:], 404)}),
    ("post", "/giving/stripe/webhook/", dict.fromkeys(PERSONAS, 400)),
    ("get", "/api/v1/fundraising-campaigns", OPEN),
    ("get", "/api/v1/fundraising-campaigns/{campaign}", OPEN),
    ("get", "/api/v1/fundraising-campaigns/{campaign}/tally", OPEN),
    ("get", "/api/v1/campaigns/{campaign}/tally", OPEN),
    ("get", "/api/v1/funds/{fund}/balance", OPEN),
    ("post", "/api/v1/donations", API_ADMIN_ONLY),
]


@pytest.fixture
def objects(campaign, fund, foundation_officer):
    from korpu.giving.models import Donor, StatementLine
    from korpu.giving.receipts import do_issue_receipt
    from korpu.giving.services import do_enter_cash, do_start_recurring
    from korpu.giving.statements import do_import_statement
    from tests.giving.conftest import give

    donor = Donor.objects.create(email="d@example.org", language="en")
    gift, _ = give(campaign, fund, "held", 60_000_00, donor=donor)
    receipt = do_issue_receipt(actor="system", gift_id=str(gift.pk), send=False)
    cash = do_enter_cash(actor=foundation_officer, fund=fund, amount_minor=100, currency="AZN")
    do_import_statement(actor="system", data=b"date,amount,currency,reference\n2026-11-27,5.00,AZN,x\n", filename="s.csv")
    rec = do_start_recurring(actor="system", donor=donor, fund=fund, amount_minor=100, currency="AZN")
    return {"campaign": campaign.pk, "fund": fund.pk, "gift": gift.pk, "receipt": receipt.pk, "cash": cash.pk,
            "line": StatementLine.objects.get().pk, "recurring": rec.pk}


@pytest.mark.parametrize("method,url,expected", ROUTES, ids=[f"{m} {u}" for m, u, _e in ROUTES])
def test_access(method, url, expected, personas, objects, client_for, campaign):
    path = url.format(**objects)
    for name in PERSONAS:
        client = client_for(personas[name])
        if method == "get":
            response = client.get(path)
        elif path.startswith("/api/"):
            response = client.post(path, {"campaign": str(campaign.pk), "amount": "1", "currency": "AZN"},
                                   content_type="application/json", headers={"Idempotency-Key": f"m-{name}"})
        else:
            response = client.post(path, {"decision": "approve", "ignore": "1", "amount": "2"})
        assert response.status_code == expected[name], f"{method} {path} as {name}: {response.status_code}"
        if response.status_code == 302 and name == "anonymous":
            assert "/accounts/login/" in response["Location"]


def test_foundation_roles(client_for, objects, foundation_officer, volunteer, auditor):
    officer, helper, reader = client_for(foundation_officer), client_for(volunteer), client_for(auditor)
    assert officer.get("/giving/desk/").status_code == 200
    assert helper.get("/giving/phone/").status_code == 200
    assert helper.get("/giving/desk/").status_code == 403
    assert helper.get("/giving/books/").status_code == 403
    assert reader.get("/giving/books/").status_code == 200
    assert reader.get(f"/giving/books/{objects['fund']}/journal.csv").status_code == 200
    assert reader.get(f"/giving/me/receipts/{objects['receipt']}.pdf").status_code == 200
    assert reader.get("/giving/desk/").status_code == 403


def test_widget_alone_may_be_framed(client, objects):
    widget = client.get(f"/giving/campaigns/{objects['campaign']}/widget/")
    live = client.get(f"/giving/campaigns/{objects['campaign']}/live/")
    assert "X-Frame-Options" not in widget and "frame-ancestors *" in widget["Content-Security-Policy"]
    assert live["X-Frame-Options"] == "DENY" and "frame-ancestors 'none'" in live["Content-Security-Policy"]
    assert b"<script>" not in widget.content and b"style=" not in widget.content
