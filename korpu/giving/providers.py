"""Payment providers. Stripe's hosted Checkout takes the card on Stripe's own page, so no page of
ours loads a third-party script; Stripe tells us the outcome by signed webhooks.

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


class PaymentProvider(Protocol):
    name: str

    def start_checkout(self, *, amount_minor: int, currency: str, label: str, metadata: dict,
                       success_url: str, cancel_url: str) -> str: ...

    def parse_webhook(self, payload: bytes, signature: str) -> PaidCheckout | Refund | None: ...


class StripeProvider:
    name = "stripe"

    def __init__(self, secret_key: str | None = None, webhook_secret: str | None = None) -> None:
        self.secret_key = secret_key if secret_key is not None else _setting("KORPU_STRIPE_SECRET_KEY")
        self.webhook_secret = webhook_secret if webhook_secret is not None else _setting("KORPU_STRIPE_WEBHOOK_SECRET")

    @property
    def leg(self) -> Leg:
        return Leg(AccountKind.PROVIDER, self.name)

    def start_checkout(self, *, amount_minor, currency, label, metadata, success_url, cancel_url) -> str:
        """Create a hosted Checkout session; the donor is redirected to its URL."""
        import stripe

        if not self.secret_key:
            raise GivingError(_("Card payments are not set up on this installation."))
        session = stripe.checkout.Session.create(
            api_key=self.secret_key, mode="payment", success_url=success_url, cancel_url=cancel_url,
            line_items=[{"quantity": 1, "price_data": {"currency": currency.lower(), "unit_amount": amount_minor,
                                                        "product_data": {"name": label[:200]}}}],
            metadata=metadata, payment_intent_data={"metadata": metadata},
        )
        if not session.url:
            raise GivingError(_("The card payment could not be started."))
        return session.url

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
        if event.get("type") == "checkout.session.completed" and obj.get("payment_status") == "paid":
            meta = obj.get("metadata") or {}
            if not meta.get("fund"):
                return None
            return PaidCheckout(reference=obj["id"], amount_minor=int(obj["amount_total"]),
                                currency=str(obj["currency"]).upper(), campaign_id=meta.get("campaign") or None,
                                fund_id=meta["fund"], country=meta.get("country", ""),
                                donor_id=meta.get("donor") or None, payment_ref=str(obj.get("payment_intent") or ""))
        if event["type"] in {"charge.refunded", "charge.dispute.created"}:
            intent = obj.get("payment_intent") or obj.get("charge") or ""
            return Refund(payment_ref=str(intent), reference=obj["id"])
        return None


def provider(name: str = "stripe") -> PaymentProvider:
    if name != "stripe":
        raise GivingError(_("Unknown payment provider."))
    return StripeProvider()


def do_handle_webhook(*, provider_obj, payload: bytes, signature: str):
    """Book what a verified webhook reports; a replay of the same event changes nothing."""
    from korpu.giving.models import Gift, Transfer
    from korpu.giving.services import GiftIntent, do_record_gifts, do_refund_gift

    outcome = provider_obj.parse_webhook(payload, signature)
    if isinstance(outcome, PaidCheckout):
        intent = GiftIntent(key=f"{provider_obj.name}:{outcome.reference}", fund_id=outcome.fund_id,
                            amount_minor=outcome.amount_minor, currency=outcome.currency, channel="card",
                            campaign_id=outcome.campaign_id, country=outcome.country, donor_id=outcome.donor_id,
                            source=provider_obj.leg, memo=f"pi:{outcome.payment_ref}" if outcome.payment_ref else "")
        return do_record_gifts(actor=f"webhook:{provider_obj.name}", intents=[intent])[0][0]
    if isinstance(outcome, Refund) and outcome.payment_ref:
        transfer = Transfer.objects.filter(memo=f"pi:{outcome.payment_ref}").first()
        gift = Gift.objects.filter(transfer=transfer).first() if transfer else None
        if gift is None:
            gift = Gift.objects.filter(transfer__key=f"{provider_obj.name}:{outcome.payment_ref}").first()
        if gift is not None and gift.status != "refunded":
            return do_refund_gift(actor=f"webhook:{provider_obj.name}", gift=gift,
                                  key=f"{provider_obj.name}-refund:{outcome.reference}")
    return None
