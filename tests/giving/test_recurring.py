"""Monthly gifts are charged: Stripe Checkout in subscription mode, one gift per paid invoice
(signed webhooks, replays count nothing twice), failures on the donor's page, and changing or
stopping the gift changes or cancels the subscription. Stripe's API is a small real HTTP server
started here, which records what we ask of it and answers as Stripe does."""

from __future__ import annotations

import datetime as dt
import json
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.utils import timezone

from korpu.giving.models import Gift, RecurringCharge, RecurringGift, Transfer

SECRET = "whsec_recurring"
DAY = 86_400


class StripeServer:
    """Stripe's API for the calls we make: checkout sessions, subscriptions (read, change, cancel)."""

    def __init__(self) -> None:
        self.requests: list[tuple[str, str, dict]] = []
        self.fail = False
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # quiet
                pass

            def _answer(self, method: str) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length).decode() if length else urllib.parse.urlsplit(self.path).query
                form = {k: v[0] for k, v in urllib.parse.parse_qs(raw).items()}
                path = urllib.parse.urlsplit(self.path).path
                outer.requests.append((method, path, form))
                status, body = outer.route(method, path, form, self.headers.get("Authorization", ""))
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Request-Id", "req_test")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self):
                self._answer("GET")

            def do_POST(self):
                self._answer("POST")

            def do_DELETE(self):
                self._answer("DELETE")

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def route(self, method: str, path: str, form: dict, auth: str):
        if auth != "Bearer sk_test_recurring":
            return 401, {"error": {"type": "invalid_request_error", "message": "Invalid API Key provided"}}
        if self.fail:
            return 500, {"error": {"type": "api_error", "message": "Something went wrong on Stripe's end."}}
        if method == "POST" and path == "/v1/checkout/sessions":
            return 200, {"id": "cs_test_sub", "object": "checkout.session", "mode": form.get("mode"),
                         "url": "https://checkout.stripe.com/c/pay/cs_test_sub"}
        if path.startswith("/v1/subscriptions/"):
            sub = path.rsplit("/", 1)[-1]
            body = {"id": sub, "object": "subscription", "status": "canceled" if method == "DELETE" else "active",
                    "items": {"object": "list", "data": [{"id": "si_1", "object": "subscription_item",
                                                          "price": {"id": "price_1", "object": "price",
                                                                    "product": "prod_1"}}]}}
            return 200, body
        return 404, {"error": {"type": "invalid_request_error", "message": f"Unrecognized request URL ({path})"}}


@pytest.fixture
def stripe_api(settings, monkeypatch):
    import stripe

    server = StripeServer()
    server.thread.start()
    monkeypatch.setattr(stripe, "api_base", server.url)
    monkeypatch.setattr(stripe, "max_network_retries", 0)
    settings.KORPU_STRIPE_SECRET_KEY = "sk_test_recurring"
    settings.KORPU_STRIPE_WEBHOOK_SECRET = SECRET
    yield server
    server.httpd.shutdown()
    server.httpd.server_close()


def signed_post(client, event: dict):
    import stripe

    payload = json.dumps(event)
    return client.post("/giving/stripe/webhook/", payload, content_type="application/json",
                       headers={"Stripe-Signature": stripe.WebhookSignature.generate_signature_header(payload, SECRET)})


def checkout_completed(rec, sub="sub_1"):
    return {"id": "evt_cs", "object": "event", "type": "checkout.session.completed", "data": {"object": {
        "id": "cs_test_sub", "object": "checkout.session", "mode": "subscription", "payment_status": "paid",
        "subscription": sub, "customer": "cus_1", "amount_total": rec.amount_minor, "currency": "azn",
        "metadata": {"recurring": str(rec.pk), "fund": str(rec.fund_id), "campaign": str(rec.campaign_id or "")}}}}


def invoice(event_id, invoice_id, *, kind="invoice.paid", amount=2000, start=None, sub="sub_1", rec=None,
            next_attempt=None, new_shape=False):
    start = start or int(time.time())
    details = {"subscription": sub, "metadata": {"recurring": str(rec.pk)} if rec else {}}
    obj = {"id": invoice_id, "object": "invoice", "currency": "azn", "amount_due": amount,
           "amount_paid": amount if kind == "invoice.paid" else 0, "attempt_count": 1,
           "next_payment_attempt": next_attempt,
           "lines": {"object": "list", "data": [{"period": {"start": start, "end": start + 30 * DAY}}]}}
    if new_shape:  # API versions from 2025 on
        obj["parent"] = {"type": "subscription_details", "subscription_details": details}
    else:
        obj.update(subscription=sub, subscription_details={"metadata": details["metadata"]},
                   payment_intent=f"pi_{invoice_id}")
    return {"id": event_id, "object": "event", "type": kind, "data": {"object": obj}}


@pytest.fixture
def monthly(client_for, member, campaign, fund, stripe_api):
    """A member starts 20 AZN a month on the campaign page and completes Stripe's checkout."""
    c = client_for(member)
    response = c.post(f"/giving/campaigns/{campaign.pk}/give/",
                      {"amount": "20", "currency": "AZN", "fund": str(fund.pk), "country": "DE", "monthly": "on"})
    assert response.status_code == 302 and response["Location"] == "https://checkout.stripe.com/c/pay/cs_test_sub"
    rec = RecurringGift.objects.get()
    assert signed_post(c, checkout_completed(rec)).status_code == 200
    rec.refresh_from_db()
    return c, rec


def test_starting_a_monthly_gift_opens_stripe_checkout_in_subscription_mode(monthly, stripe_api, member):
    _c, rec = monthly
    method, path, form = stripe_api.requests[0]
    assert (method, path, form["mode"]) == ("POST", "/v1/checkout/sessions", "subscription")
    assert form["line_items[0][price_data][recurring][interval]"] == "month"
    assert form["line_items[0][price_data][unit_amount]"] == "2000"
    assert form["subscription_data[metadata][recurring]"] == str(rec.pk)
    assert rec.provider_ref == "sub_1" and rec.customer_ref == "cus_1" and rec.donor.user == member
    assert not Gift.objects.exists()  # the checkout books nothing: each paid invoice does


def test_each_paid_invoice_is_one_gift_and_a_replay_counts_nothing(monthly, campaign, fund, mailoutbox, settings,
                                                                   django_capture_on_commit_callbacks):
    from korpu.giving.cli import check_ledger
    from korpu.giving.selectors import tally

    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    c, rec = monthly
    first = invoice("evt_1", "in_1", rec=rec)
    second = invoice("evt_2", "in_2", start=int(time.time()) + 30 * DAY, new_shape=True)
    with django_capture_on_commit_callbacks(execute=True):
        for _attempt in range(3):
            assert signed_post(c, first).status_code == 200
        assert signed_post(c, second).status_code == 200
        # Another event for an invoice already booked (Stripe sends invoice.paid again) is no new gift.
        assert signed_post(c, {**first, "id": "evt_1b"}).status_code == 200
    gifts = Gift.objects.filter(channel="recurring").order_by("created_at")
    assert [g.transfer.key for g in gifts] == ["stripe:in_1", "stripe:in_2"]
    assert all(g.amount_minor == 2000 and g.donor_id == rec.donor_id and g.campaign == campaign for g in gifts)
    assert gifts[0].transfer.debit_account.code == "provider:stripe:AZN"
    assert RecurringCharge.objects.filter(paid=True).count() == 2
    assert tally(campaign)["raised_minor"] == 4000
    assert gifts[0].receipt.number == 1 and gifts[1].receipt.number == 2  # receipts as for any gift
    assert len(mailoutbox) == 2
    assert check_ledger() == []


def test_the_donors_page_shows_next_charge_history_and_a_failed_payment(monthly):
    c, rec = monthly
    start = int(time.time())
    signed_post(c, invoice("evt_1", "in_1", rec=rec, start=start))
    page = c.get("/giving/me/").content.decode()
    rec.refresh_from_db()
    assert rec.next_charge_on == timezone.localdate(dt.datetime.fromtimestamp(start + 30 * DAY, tz=dt.UTC))
    assert 'data-field="next"' in page and "Next charge" in page
    assert "<td>Paid</td>" in page and "20.00 a month" in page
    retry = start + 33 * DAY
    assert signed_post(c, invoice("evt_f", "in_2", kind="invoice.payment_failed", rec=rec,
                                  start=start + 30 * DAY, next_attempt=retry)).status_code == 200
    rec.refresh_from_db()
    assert rec.last_failed_at is not None and rec.retry_on is not None
    page = c.get("/giving/me/").content.decode()
    assert 'data-field="failed"' in page and "failed" in page and "Payment failed" in page
    assert Gift.objects.count() == 1
    # Stripe's retry succeeds: the same invoice is paid, the warning goes.
    assert signed_post(c, invoice("evt_p", "in_2", rec=rec, start=start + 30 * DAY)).status_code == 200
    assert Gift.objects.count() == 2
    assert 'data-field="failed"' not in c.get("/giving/me/").content.decode()


def test_changing_the_amount_changes_the_subscription_and_stopping_cancels_it(monthly, stripe_api):
    c, rec = monthly
    stripe_api.requests.clear()
    assert c.post(f"/giving/me/recurring/{rec.pk}/", {"amount": "35"}).status_code == 302
    rec.refresh_from_db()
    assert rec.amount_minor == 3500
    (get, modify) = stripe_api.requests
    assert get[:2] == ("GET", "/v1/subscriptions/sub_1")
    assert modify[:2] == ("POST", "/v1/subscriptions/sub_1")
    assert modify[2]["items[0][id]"] == "si_1" and modify[2]["items[0][price_data][unit_amount]"] == "3500"
    assert modify[2]["items[0][price_data][product]"] == "prod_1" and modify[2]["proration_behavior"] == "none"
    assert c.post(f"/giving/me/recurring/{rec.pk}/", {"stop": "1"}).status_code == 302
    assert stripe_api.requests[-1][:2] == ("DELETE", "/v1/subscriptions/sub_1")
    rec.refresh_from_db()
    assert rec.active is False
    assert "stopped" in c.get("/giving/me/").content.decode()


def test_when_stripe_refuses_a_change_nothing_changes(monthly, stripe_api):
    c, rec = monthly
    stripe_api.fail = True
    response = c.post(f"/giving/me/recurring/{rec.pk}/", {"amount": "35"}, follow=True)
    assert "could not be reached" in response.content.decode()
    rec.refresh_from_db()
    assert rec.amount_minor == 2000 and rec.active


def test_a_forged_invoice_webhook_books_nothing(monthly):
    import stripe

    c, rec = monthly
    payload = json.dumps(invoice("evt_x", "in_x", rec=rec))
    header = stripe.WebhookSignature.generate_signature_header(payload, "whsec_someone_else")
    response = c.post("/giving/stripe/webhook/", payload, content_type="application/json",
                      headers={"Stripe-Signature": header})
    assert response.status_code == 400
    assert not Transfer.objects.exists() and not RecurringCharge.objects.exists()


def test_an_invoice_of_an_unknown_subscription_is_refused_so_stripe_retries(client, stripe_api, db):
    response = signed_post(client, invoice("evt_u", "in_u", sub="sub_unknown"))
    assert response.status_code == 422 and not Transfer.objects.exists()


def test_a_monthly_gift_needs_a_signed_in_donor(client, campaign, fund, stripe_api):
    response = client.post(f"/giving/campaigns/{campaign.pk}/give/",
                           {"amount": "20", "currency": "AZN", "fund": str(fund.pk), "monthly": "on"})
    assert response.status_code == 422 and "Sign in" in response.content.decode()
    assert not RecurringGift.objects.exists() and not stripe_api.requests


def test_stripe_ending_the_subscription_stops_the_gift(monthly):
    c, rec = monthly
    event = {"id": "evt_del", "object": "event", "type": "customer.subscription.deleted",
             "data": {"object": {"id": "sub_1", "object": "subscription", "status": "canceled"}}}
    assert signed_post(c, event).status_code == 200
    rec.refresh_from_db()
    assert rec.active is False
