"""Public figures can be checked against the ledger; the live stream carries the tally."""

from __future__ import annotations

import csv
import io
import json

from korpu.giving.services import do_pay_out
from tests.giving.conftest import give


def test_fund_csv_adds_up_to_the_published_balance(client, campaign, fund, foundation_officer, second_officer):
    for i in range(4):
        give(campaign, fund, f"k{i}", 1000 * (i + 1))
    give(campaign, fund, "usd", 500, currency="USD")
    do_pay_out(actor=foundation_officer, fund=fund, amount_minor=2500, currency="AZN", purpose_ref="m1",
               evidence_url="https://example.org/e.pdf", idempotency_key="po", approved_by=[foundation_officer, second_officer])
    body = b"".join(client.get(f"/giving/funds/{fund.pk}/transfers.csv").streaming_content).decode()
    rows = list(csv.DictReader(io.StringIO(body)))
    account = f"fund:{fund.pk}:AZN"
    balance = sum(int(r["amount_minor"]) for r in rows if r["to"] == account) - sum(
        int(r["amount_minor"]) for r in rows if r["from"] == account)
    assert balance == 10000 - 2500
    page = client.get(f"/giving/funds/{fund.pk}/").content.decode()
    assert "75.00" in page or "75,00" in page
    assert "https://example.org/e.pdf" in page  # the payout's evidence panel
    by_chain: dict = {}
    for r in sorted(rows, key=lambda r: (int(r["chain"]), int(r["seq"]))):
        by_chain.setdefault(r["chain"], []).append(r)
    assert "@" not in body  # no personal data


def test_stream_sends_the_tally(client, campaign, fund):
    give(campaign, fund, "k1", 1234, country="TR")
    response = client.get(f"/giving/campaigns/{campaign.pk}/stream/?seconds=0")
    assert response["Content-Type"] == "text/event-stream"
    from asgiref.sync import async_to_sync

    async def collect():
        return b"".join([chunk async for chunk in response.streaming_content])

    text = async_to_sync(collect)().decode()
    event = next(line for line in text.splitlines() if line.startswith("data: "))
    tally = json.loads(event[6:])
    assert tally["raised_minor"] == 1234 and tally["countries"][0]["country"] == "TR"
