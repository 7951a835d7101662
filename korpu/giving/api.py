"""The giving API: donations from other systems (idempotent), campaigns and their live tally."""

from __future__ import annotations

import time
import uuid
from typing import Any

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router, Status

from korpu.api import Error, SessionAuth, optional
from korpu.core import context, permissions
from korpu.core.errors import ValidationFailed
from korpu.giving import batcher, selectors
from korpu.giving.errors import GivingError
from korpu.giving.models import Campaign, Channel, Gift
from korpu.giving.money import check_currency, check_minor, parse_amount
from korpu.giving.schemas import DonationIn, DonationOut, FundraisingCampaignOut, TallyOut
from korpu.giving.services import GiftIntent

router = Router(tags=["giving"])

API_CHANNELS = {c.value for c in Channel} - {Channel.SPONSOR}
_campaign_funds: dict[uuid.UUID, tuple[float, list[uuid.UUID]]] = {}


def funds_known(campaign_id: uuid.UUID) -> bool:
    """True when the campaign's funds are remembered (so `prepare` needs no query for them)."""
    hit = _campaign_funds.get(campaign_id)
    return hit is not None and hit[0] > time.monotonic()


def prepare_needs_db(payload: DonationIn) -> bool:
    """Whether `prepare` may query the database (else it can run on the event loop)."""
    return payload.donor_person is not None or payload.donor_organisation is not None or (payload.campaign is not None and not funds_known(payload.campaign))


def _funds_of(campaign_id: uuid.UUID, may_query: bool = True) -> list[uuid.UUID]:
    """A campaign's fund ids, remembered for 10 s (ids are random, so a stale entry can only be
    missing, never wrong for another campaign). On the event loop (`may_query=False`) an entry that
    expired since `prepare_needs_db` looked is still used: querying there would fail."""
    hit = _campaign_funds.get(campaign_id)
    if hit and (hit[0] > time.monotonic() or not may_query):
        return hit[1]
    ids = list(Campaign.funds.through.objects.filter(campaign_id=campaign_id).values_list("fund_id", flat=True))
    if not ids and not Campaign.objects.filter(pk=campaign_id).exists():
        raise GivingError(_("There is no such campaign."))
    _campaign_funds[campaign_id] = (time.monotonic() + 10, ids)
    return ids


def prepare(actor, payload: DonationIn, key: str, *, may_query: bool = True) -> GiftIntent:
    """Check a donation request and turn it into a GiftIntent (shared by the ninja route and the
    ASGI fast path in korpu.giving.fastpath). Raises KorpuError subclasses. The fast path calls it
    on the event loop with `may_query=False` when `prepare_needs_db` said no query is needed."""
    permissions.require(actor, "giving.record_donation")
    if not key or len(key) > 150:
        raise ValidationFailed(_("Send an Idempotency-Key header (at most 150 characters)."), code="idempotency_key")
    currency = check_currency(payload.currency)
    if payload.amount is not None and payload.amount_minor is not None:
        raise ValidationFailed(_("Send either amount or amount_minor, not both."))
    if payload.amount is not None:
        amount_minor = parse_amount(payload.amount, currency)
    elif payload.amount_minor is not None:
        amount_minor = check_minor(payload.amount_minor, currency)
    else:
        raise ValidationFailed(_("Send the amount."))
    if payload.channel not in API_CHANNELS:
        raise ValidationFailed(_("Unknown channel “{channel}”.").format(channel=payload.channel[:16]))
    fund_id = payload.fund
    if payload.campaign:
        funds = _funds_of(payload.campaign, may_query)
        if fund_id is None:
            if len(funds) != 1:
                raise ValidationFailed(_("This campaign raises money for several funds: name the fund."))
            fund_id = funds[0]
    if fund_id is None:
        raise ValidationFailed(_("Name the campaign or the fund."))
    donor_id = None
    if payload.donor_person or payload.donor_organisation:
        donor_id = _api_donor(payload)
    return GiftIntent(key=f"api:{key}", fund_id=fund_id, amount_minor=amount_minor, currency=currency,
                      channel=payload.channel, campaign_id=payload.campaign, country=(payload.country or "").upper(),
                      donor_id=donor_id, on_day=timezone.localdate(), request=context.current())


def _api_donor(payload: DonationIn):
    """The donor a partner system names: a registry person, an organisation giving in its own name,
    or a person giving for an organisation. Found again, not created twice."""
    from korpu.giving.models import Donor
    from korpu.network.models import Organisation, Person

    person = organisation = None
    if payload.donor_person:
        person = Person.objects.filter(pk=payload.donor_person).first()
        if person is None:
            raise ValidationFailed(_("There is no such person in the registry."))
    if payload.donor_organisation:
        organisation = Organisation.objects.filter(pk=payload.donor_organisation).first()
        if organisation is None:
            raise ValidationFailed(_("There is no such organisation in the registry."))
    donor = Donor.objects.filter(person=person, organisation=organisation, user__isnull=True).first()
    if donor is None:
        source = person or organisation
        donor = Donor.objects.create(
            person=person, organisation=organisation,
            display=payload.display if payload.display in {"as_written", "other_form", "initials"} else "anonymous",
            display_form=payload.display_form, email=getattr(source, "email", "") or "",
            country=getattr(source, "country", "") or "")
    return donor.pk


class CachedTokenAuth:
    """`Authorization: Bearer korpu_...`, remembered for 30 s per web process under the ASGI
    server, so the donation path does not query the token and the roles on every request (a
    revoked token stops working within 30 s there; at once in embedded mode and tests)."""

    is_async = True
    TTL = 30.0

    def __init__(self) -> None:
        self.cache: dict[str, tuple[float, Any]] = {}

    async def __call__(self, request):
        header = request.headers.get("Authorization", "")
        if not header.lower().startswith("bearer "):
            return None
        user = await self.user(header[7:].strip())
        if user is not None:
            request.user = user
        return user

    async def user(self, raw: str):
        """The user of a raw token (roles loaded), or None."""
        hit = self.cache.get(raw) if batcher.enabled() else None
        if hit and hit[0] > time.monotonic():
            return hit[1]
        user = await batcher.run_sync(_token_user, raw)
        if user is not None and batcher.enabled():
            if len(self.cache) > 10_000:
                self.cache.clear()
            self.cache[raw] = (time.monotonic() + self.TTL, user)
        return user


def _token_user(raw: str):
    from korpu.accounts.services import authenticate_token

    user = authenticate_token(raw)
    if user is not None:
        permissions.grants(user)  # load the roles now, in this thread
    return user


token_auth = CachedTokenAuth()
donation_auth = [token_auth, SessionAuth()]


def donation_out(gift: Gift) -> dict:
    return {"id": gift.pk, "transfer": gift.transfer_id, "status": gift.status, "campaign": gift.campaign_id,
            "fund": gift.fund_id, "amount_minor": gift.amount_minor, "currency": gift.currency,
            "base_minor": gift.base_minor, "base_currency": gift.base_currency, "rate": str(gift.rate),
            "rate_source": gift.rate_source, "rate_date": gift.rate_date, "created_at": gift.created_at}


@router.post("/donations", auth=donation_auth, url_name="giving_donation_create",
             response={200: DonationOut, 201: DonationOut, 400: Error, 401: Error, 403: Error, 409: Error, 422: Error})
async def create_donation(request, payload: DonationIn):
    """Record a gift. Send a unique `Idempotency-Key` header: a retry answers with the first result
    (200); the same key with different contents is refused (409)."""
    key = request.headers.get("Idempotency-Key", "").strip()
    intent = await batcher.run_sync(prepare, request.auth, payload, key)
    gift, created = await batcher.book(request.auth, intent)
    return Status(201 if created else 200, donation_out(gift))


def _campaign_out(c: Campaign) -> dict:
    return {"id": c.pk, "slug": c.slug, "title": c.title, "titles": c.titles, "starts_at": c.starts_at,
            "ends_at": c.ends_at, "base_currency": c.base_currency, "goal_minor": c.goal_minor,
            "funds": [f.pk for f in c.funds.all()]}


@router.get("/fundraising-campaigns", auth=optional, response={200: list[FundraisingCampaignOut], 401: Error},
            url_name="giving_campaign_list")
def list_campaigns(request):
    return [_campaign_out(c) for c in selectors.campaigns_for(request.auth).prefetch_related("funds")[:200]]


@router.get("/fundraising-campaigns/{campaign_id}", auth=optional, response={200: FundraisingCampaignOut, 401: Error, 404: Error},
            url_name="giving_campaign_detail")
def get_campaign(request, campaign_id: uuid.UUID):
    return _campaign_out(get_object_or_404(selectors.campaigns_for(request.auth), pk=campaign_id))


def _tally(request, campaign_id):
    """From process memory: a warm poll costs no query (404 for a campaign the viewer may not see)."""
    found = selectors.viewer_tally(request.auth, campaign_id)
    if found is None:
        raise Http404
    return found[1]


@router.get("/fundraising-campaigns/{campaign_id}/tally", auth=optional, response={200: TallyOut, 401: Error, 404: Error},
            url_name="giving_campaign_tally")
def campaign_tally(request, campaign_id: uuid.UUID):
    """The live tally (cached for a second)."""
    return _tally(request, campaign_id)


@router.get("/campaigns/{campaign_id}/tally", auth=optional, response={200: TallyOut, 401: Error, 404: Error},
            url_name="giving_tally")
def tally(request, campaign_id: uuid.UUID):
    """The live tally of a fundraising campaign (the issue's address)."""
    return _tally(request, campaign_id)


@router.get("/funds/{fund_id}/balance", auth=optional, response={200: dict, 401: Error, 404: Error},
            url_name="giving_fund_balance")
def fund_balance(request, fund_id: uuid.UUID):
    """A fund's maintained balances per currency, and what it paid out."""
    fund = get_object_or_404(selectors.funds_for(request.auth), pk=fund_id)
    figures = selectors.fund_figures(fund)
    return {"fund": str(fund.pk), "balances": figures["balances"], "paid_out": figures["paid_out"]}

