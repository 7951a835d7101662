"""Payment providers. Stripe's hosted Checkout takes the card on Stripe's own page, so no page of
ours loads a third-party script; Stripe tells us the outcome by signed webhooks. One-off gifts are
Checkout in payment mode; monthly gifts are Checkout in subscription mode, each paid invoice a gift.

Settings (environment): KORPU_STRIPE_SECRET_KEY, KORPU_STRIPE_WEBHOOK_SECRET.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from typing import Protocol

from django.conf import settings
from django.utils.translation import gettext as _

from korpu.giving.errors import BadWebhook, GivingError
from korpu.giving.ledger import Leg
from korpu.giving.models import AccountKind


def _setting(name: str) -> str:
    return str(getattr(settings, name, "") or os.environ.get(name, ""))


@dataclass(frozen=True)
class PaidCheckout:
    """A completed card payment as the provider reported it."""

    reference: str
    amount_minor: int
    currency: str
    campaign_id: str | None
    fund_id: str
    country: str
    donor_id: str | None
    payment_ref: str


@dataclass(frozen=True)
class Refund:
    payment_ref: str
    reference: str


@dataclass(frozen=True)
class SubscriptionStarted:
    """The donor completed the checkout of a monthly gift."""

    recurring_id: str
    subscription_ref: str
    customer_ref: str


@dataclass(frozen=True)
class InvoiceOutcome:
    """One month of a subscription: paid, or a payment that failed."""

    event_ref: str
    invoice_ref: str
    subscription_ref: str
    recurring_id: str | None
    paid: bool
    amount_minor: int
    currency: str
    period_start: int | None
    period_end: int | None
    payment_ref: str = ""
    next_attempt: int | None = None
    attempts: int = 0


@dataclass(frozen=True)
class SubscriptionEnded:
    subscription_ref: str


Outcome = PaidCheckout | Refund | SubscriptionStarted | InvoiceOutcome | SubscriptionEnded


class PaymentProvider(Protocol):
    name: str

    @property
    def leg(self) -> Leg: ...

    def start_checkout(self, *, amount_minor: int, currency: str, label: str, metadata: dict,
                       success_url: str, cancel_url: str) -> str: ...

    def start_subscription(self, *, amount_minor: int, currency: str, label: str, metadata: dict,
                           success_url: str, cancel_url: str) -> str: ...

    def change_subscription(self, *, subscription_ref: str, amount_minor: int, currency: str) -> None: ...

    def cancel_subscription(self, *, subscription_ref: str) -> None: ...

    def parse_webhook(self, payload: bytes, signature: str) -> Outcome | None: ...


class StripeProvider:
    name = "stripe"

    def __init__(self, secret_key: str | None = None, webhook_secret: str | None = None) -> None:
        self.secret_key = secret_key if secret_key is not None else _setting("KORPU_STRIPE_SECRET_KEY")
        self.webhook_secret = webhook_secret if webhook_secret is not None else _setting("KORPU_STRIPE_WEBHOOK_SECRET")

    @property
    def leg(self) -> Leg:
        return Leg(AccountKind.PROVIDER, self.name)

    def _stripe(self):
        import stripe

        if not self.secret_key:
            raise GivingError(_("Card payments are not set up on this installation."))
        return stripe

    def _call(self, fn, *args, **kwargs):
        """One call to Stripe's API; its failures become one translated error (nothing changes)."""
        import stripe

        try:
            return fn(*args, api_key=self.secret_key, **kwargs)
        except stripe.StripeError:
            raise GivingError(_("The card provider could not be reached. Try again later.")) from None

    def start_checkout(self, *, amount_minor, currency, label, metadata, success_url, cancel_url) -> str:
        """Create a hosted Checkout session; the donor is redirected to its URL."""
        stripe = self._stripe()
        session = self._call(
            stripe.checkout.Session.create, mode="payment", success_url=success_url, cancel_url=cancel_url,
            line_items=[{"quantity": 1, "price_data": {"currency": currency.lower(), "unit_amount": amount_minor,
                                                        "product_data": {"name": label[:200]}}}],
            metadata=metadata, payment_intent_data={"metadata": metadata},
        )
        if not session.url:
            raise GivingError(_("The card payment could not be started."))
        return session.url

    def start_subscription(self, *, amount_minor, currency, label, metadata, success_url, cancel_url) -> str:
        """A hosted Checkout session in subscription mode: Stripe charges the card every month and
        reports each month by `invoice.paid` (or `invoice.payment_failed`)."""
        stripe = self._stripe()
        session = self._call(
            stripe.checkout.Session.create, mode="subscription", success_url=success_url, cancel_url=cancel_url,
            client_reference_id=metadata.get("recurring", ""),
            line_items=[{"quantity": 1, "price_data": {
                "currency": currency.lower(), "unit_amount": amount_minor, "recurring": {"interval": "month"},
                "product_data": {"name": label[:200]}}}],
            metadata=metadata, subscription_data={"metadata": metadata},
        )
        if not session.url:
            raise GivingError(_("The card payment could not be started."))
        return session.url

    def change_subscription(self, *, subscription_ref, amount_minor, currency) -> None:
        """Charge another amount from the next month on (no proration)."""
        stripe = self._stripe()
        subscription = self._call(stripe.Subscription.retrieve, subscription_ref)
        item = subscription["items"]["data"][0]
        product = item["price"]["product"]
        self._call(stripe.Subscription.modify, subscription_ref, proration_behavior="none", items=[{
            "id": item["id"], "price_data": {"currency": currency.lower(), "unit_amount": amount_minor,
                                             "product": product if isinstance(product, str) else product["id"],
                                             "recurring": {"interval": "month"}}}])

    def cancel_subscription(self, *, subscription_ref) -> None:
        stripe = self._stripe()
        self._call(stripe.Subscription.cancel, subscription_ref)

    def parse_webhook(self, payload: bytes, signature: str):
        """Verify the signature (and its age: a replay older than 5 minutes is refused)."""
        import stripe

        if not self.webhook_secret or not signature:
            raise BadWebhook()
        try:
            text = payload.decode("utf-8")
            stripe.WebhookSignature.verify_header(text, signature, self.webhook_secret, tolerance=300)
            event = json.loads(text)
            obj = event["data"]["object"]
        except (stripe.SignatureVerificationError, ValueError, KeyError, TypeError):
            raise BadWebhook() from None
        kind = event.get("type")
        if kind == "checkout.session.completed" and obj.get("mode") == "subscription":
            meta = obj.get("metadata") or {}
            if not meta.get("recurring") or not obj.get("subscription"):
                return None
            return SubscriptionStarted(recurring_id=meta["recurring"], subscription_ref=_ref(obj["subscription"]),
                                       customer_ref=_ref(obj.get("customer")))
        if kind == "checkout.session.completed" and obj.get("payment_status") == "paid":
            meta = obj.get("metadata") or {}
            if not meta.get("fund"):
                return None
            return PaidCheckout(reference=obj["id"], amount_minor=int(obj["amount_total"]),
                                currency=str(obj["currency"]).upper(), campaign_id=meta.get("campaign") or None,
                                fund_id=meta["fund"], country=meta.get("country", ""),
                                donor_id=meta.get("donor") or None, payment_ref=str(obj.get("payment_intent") or ""))
        if kind in {"invoice.paid", "invoice.payment_failed"}:
            return _invoice(event, obj)
        if kind == "customer.subscription.deleted":
            return SubscriptionEnded(subscription_ref=str(obj["id"]))
        if kind in {"charge.refunded", "charge.dispute.created"}:
            intent = obj.get("payment_intent") or obj.get("charge") or ""
            return Refund(payment_ref=str(intent), reference=obj["id"])
        return None


def _ref(value) -> str:
    """An id Stripe sends either as a string or as an expanded object."""
    if isinstance(value, dict):
        return str(value.get("id") or "")
    return str(value or "")


def _invoice(event: dict, obj: dict) -> InvoiceOutcome | None:
    """An invoice of a subscription, in the shape of older and newer Stripe API versions (the
    subscription and its metadata directly on the invoice, or under `parent.subscription_details`)."""
    details = (obj.get("parent") or {}).get("subscription_details") or obj.get("subscription_details") or {}
    subscription = _ref(obj.get("subscription") or details.get("subscription"))
    if not subscription:
        return None  # not a subscription's invoice
    meta = details.get("metadata") or {}
    lines = (obj.get("lines") or {}).get("data") or [{}]
    period = lines[0].get("period") or {}
    paid = event["type"] == "invoice.paid"
    amount = obj.get("amount_paid") if paid else obj.get("amount_due")
    return InvoiceOutcome(
        event_ref=str(event["id"]), invoice_ref=str(obj["id"]), subscription_ref=subscription,
        recurring_id=meta.get("recurring") or None, paid=paid, amount_minor=int(amount or 0),
        currency=str(obj["currency"]).upper(), period_start=period.get("start"), period_end=period.get("end"),
        payment_ref=_ref(obj.get("payment_intent")), next_attempt=obj.get("next_payment_attempt"),
        attempts=int(obj.get("attempt_count") or 0))


def provider(name: str = "stripe") -> PaymentProvider:
    if name != "stripe":
        raise GivingError(_("Unknown payment provider."))
    return StripeProvider()


def do_handle_webhook(*, provider_obj, payload: bytes, signature: str):
    """Book what a verified webhook reports; a replay of the same event changes nothing."""
    from korpu.giving import services
    from korpu.giving.models import Gift, Transfer
    from korpu.giving.services import GiftIntent, do_record_gifts, do_refund_gift

    outcome = provider_obj.parse_webhook(payload, signature)
    actor = f"webhook:{provider_obj.name}"
    if isinstance(outcome, PaidCheckout):
        intent = GiftIntent(key=f"{provider_obj.name}:{outcome.reference}", fund_id=outcome.fund_id,
                            amount_minor=outcome.amount_minor, currency=outcome.currency, channel="card",
                            campaign_id=outcome.campaign_id, country=outcome.country, donor_id=outcome.donor_id,
                            source=provider_obj.leg, memo=f"pi:{outcome.payment_ref}" if outcome.payment_ref else "")
        return do_record_gifts(actor=actor, intents=[intent])[0][0]
    if isinstance(outcome, SubscriptionStarted):
        return services.do_attach_subscription(actor=actor, recurring_id=outcome.recurring_id,
                                               subscription_ref=outcome.subscription_ref,
                                               customer_ref=outcome.customer_ref)
    if isinstance(outcome, InvoiceOutcome):
        return services.do_record_recurring_charge(actor=actor, provider_obj=provider_obj, outcome=outcome)
    if isinstance(outcome, SubscriptionEnded):
        return services.do_end_subscription(actor=actor, subscription_ref=outcome.subscription_ref)
    if isinstance(outcome, Refund) and outcome.payment_ref:
        transfer = Transfer.objects.filter(memo=f"pi:{outcome.payment_ref}").first()
        gift = Gift.objects.filter(transfer=transfer).first() if transfer else None
        if gift is None:
            gift = Gift.objects.filter(transfer__key=f"{provider_obj.name}:{outcome.payment_ref}").first()
        if gift is not None and gift.status != "refunded":
            return do_refund_gift(actor=actor, gift=gift, key=f"{provider_obj.name}-refund:{outcome.reference}")
    return None
