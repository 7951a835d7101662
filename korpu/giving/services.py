"""Every write of the giving app: do_<verb>_<noun>(*, actor, ...) in one transaction with its audit row."""

from __future__ import annotations

import datetime as dt
import random
import secrets
import time
import uuid
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from korpu.core import audit, context
from korpu.core.models import AuditAction, AuditEntry
from korpu.core.permissions import has_perm
from korpu.core.tasks import enqueue_on_commit
from korpu.giving import ledger
from korpu.giving.errors import (
    AlreadyResolved,
    FourEyes,
    GivingError,
    InsufficientFunds,
    InvalidAmount,
)
from korpu.giving.ledger import Leg, Spec, fund_leg, purpose_leg
from korpu.giving.models import (
    Account,
    AccountKind,
    Campaign,
    CashEntry,
    CashStatus,
    Challenge,
    Channel,
    Donor,
    Fund,
    Gift,
    GiftStatus,
    NameDisplay,
    Payout,
    Pledge,
    PledgeStatus,
    RecurringCharge,
    RecurringGift,
    SponsorMatch,
    TallyShard,
    Transfer,
    TransferKind,
)
from korpu.giving.money import check_currency, check_minor
from korpu.giving.rates import Rate, convert, rate_for


def _retrying(fn, *args, **kwargs):
    """Run a write; when a concurrent writer inserted the same idempotency key first, run it again
    (the second run finds that transfer and answers as a retry)."""
    attempts = 20
    for attempt in range(attempts):
        try:
            return fn(*args, **kwargs)
        except IntegrityError:
            # Each retry finds at least one more key booked, so this ends; inside an outer
            # transaction the caller must retry the whole of it.
            if attempt == attempts - 1 or connection.in_atomic_block:
                raise
            time.sleep(random.random() * 0.005)
    raise AssertionError("unreachable")


# --- Funds and campaigns -------------------------------------------------------------------------
def do_create_fund(*, actor, code: str, names: dict, purposes: dict | None = None, organisation=None,
                   base_currency: str = "AZN", hold_above_minor: int | None = None, is_public: bool = True) -> Fund:
    with transaction.atomic():
        fund = Fund.objects.create(code=code, names=names, purposes=purposes or {}, organisation=organisation,
                                   base_currency=check_currency(base_currency), hold_above_minor=hold_above_minor,
                                   is_public=is_public)
        audit.record(actor=actor, action=AuditAction.CREATE, obj=fund)
    return fund


def do_create_campaign(*, actor, slug: str, titles: dict, starts_at, ends_at, base_currency: str, goal_minor: int,
                       funds: list[Fund], channels: list[str] | None = None, descriptions: dict | None = None,
                       hold_above_minor: int | None = None, is_public: bool = True) -> Campaign:
    if ends_at <= starts_at:
        raise GivingError(_("A campaign must end after it starts."))
    if goal_minor < 0:
        raise InvalidAmount(_("The goal cannot be negative."))
    with transaction.atomic():
        campaign = Campaign.objects.create(
            slug=slug, titles=titles, descriptions=descriptions or {}, starts_at=starts_at, ends_at=ends_at,
            base_currency=check_currency(base_currency), goal_minor=goal_minor,
            channels=channels or [c.value for c in Channel], hold_above_minor=hold_above_minor, is_public=is_public,
        )
        campaign.funds.set(funds)
        audit.record(actor=actor, action=AuditAction.CREATE, obj=campaign)
    return campaign


def do_add_challenge(*, actor, campaign: Campaign, titles: dict, target_minor: int, from_minor: int = 0,
                     sponsor_label: str = "", fund: Fund | None = None) -> Challenge:
    """A matched band of the campaign's total; the match goes to `fund` (the campaign's only fund
    when it raises for one)."""
    check_minor(target_minor, campaign.base_currency)
    funds = list(campaign.funds.all())
    if fund is None and len(funds) == 1:
        fund = funds[0]
    if fund is None or fund.pk not in {f.pk for f in funds}:
        raise GivingError(_("Name the campaign's fund that receives the sponsor's match."))
    if from_minor < 0:
        raise InvalidAmount(_("The band cannot start below zero."))
    with transaction.atomic():
        challenge = Challenge.objects.create(campaign=campaign, titles=titles, target_minor=target_minor,
                                             from_minor=from_minor, sponsor_label=sponsor_label, fund=fund)
        audit.record(actor=actor, action=AuditAction.CREATE, obj=challenge)
    return challenge


def sponsor_leg(challenge: Challenge) -> Leg:
    """The sponsor's account of one challenge (sponsor:<challenge id>:<currency>)."""
    return Leg(AccountKind.SPONSOR, str(challenge.pk))


def campaign_raised(campaign_id) -> int:
    """The campaign's counted total in its base currency, from the maintained tally shards."""
    from django.db.models import Sum

    return TallyShard.objects.filter(campaign_id=campaign_id).aggregate(b=Sum("base_minor"))["b"] or 0


def do_book_matches(*, actor, challenge: Challenge) -> SponsorMatch | None:
    """Book what the campaign's gifts now call for from the sponsor, beyond what is booked: one
    pending transfer sponsor → fund for the difference, never past the target. Run it again and it
    books nothing; a total that falls (a refund) takes nothing back. Runs in the background (the
    periodic task `book_sponsor_matches`), never in the intake path."""

    def run():
        with transaction.atomic():
            locked = Challenge.objects.select_for_update(of=("self",)).select_related("campaign", "fund").get(pk=challenge.pk)
            raised = campaign_raised(locked.campaign_id)
            due = locked.progress(raised)
            if due <= locked.matched_minor or locked.fund is None:
                return None
            amount = due - locked.matched_minor
            currency = locked.campaign.base_currency
            spec = Spec(key=f"match:{locked.pk}:{due}", debit=sponsor_leg(locked), credit=fund_leg(locked.fund),
                        amount=amount, currency=currency, kind=TransferKind.PENDING,
                        memo=f"match {locked.sponsor_label}"[:200],
                        intent={"challenge": str(locked.pk), "due": due, "raised": raised})
            transfer, created = ledger.post([spec])[0]
            if not created:
                return SponsorMatch.objects.filter(transfer=transfer).first()
            match = SponsorMatch.objects.create(challenge=locked, amount_minor=amount, currency=currency,
                                                raised_minor=raised, transfer=transfer)
            locked.matched_minor = due
            locked.save(update_fields=["matched_minor", "updated_at"])
            audit.record(actor=actor, action=AuditAction.CREATE, obj=match,
                         changes={"amount_minor": amount, "matched_minor": due, "raised_minor": raised})
            return match

    return _retrying(run)


def do_pay_sponsor_match(*, actor, match: SponsorMatch) -> SponsorMatch:
    """The sponsor paid: post the pending match into the fund (once)."""
    with transaction.atomic():
        locked = SponsorMatch.objects.select_for_update(of=("self",)).select_related("transfer", "challenge__fund").get(pk=match.pk)
        if locked.paid_transfer_id:
            raise AlreadyResolved(_("This match has already been paid."))
        t = locked.transfer
        fund = locked.challenge.fund
        posted, _created = ledger.post([Spec(key=f"match-paid:{t.pk}", debit=sponsor_leg(locked.challenge),
                                             credit=fund_leg(fund), amount=t.amount, currency=t.currency,
                                             kind=TransferKind.POST_PENDING, pending=t)])[0]
        locked.paid_transfer = posted
        locked.save(update_fields=["paid_transfer", "updated_at"])
        audit.record(actor=actor, action=AuditAction.UPDATE, obj=locked, changes={"paid": [False, True]})
    return locked


# --- Gifts ---------------------------------------------------------------------------------------------
@dataclass
class GiftIntent:
    """One gift as a channel hands it over, before it is in the books."""

    key: str
    fund_id: Any
    amount_minor: int
    currency: str
    channel: str
    campaign_id: Any = None
    country: str = ""
    donor_id: Any = None
    source: Leg | None = None  # where the money comes from; default the channel's account
    on_day: dt.date | None = None
    memo: str = ""
    request: context.RequestInfo | None = None  # the request that brought it (audit), when booked later


def _source_leg(intent: GiftIntent) -> Leg:
    return intent.source or Leg(AccountKind.CHANNEL, intent.channel)


def _audit_rows(actor, rows: list[tuple[str, str, str, dict]],
                infos: list[context.RequestInfo | None] | None = None) -> None:
    """Append one audit row per (object_type, object_id, repr, changes), in one insert; `infos`
    gives each row its own request (the group-commit batcher books many requests at once)."""
    here = context.current()
    per_row = infos or [None] * len(rows)
    is_user = actor is not None and getattr(actor, "is_authenticated", False)
    label = (getattr(actor, "email", "") or str(actor)) if is_user else (actor if isinstance(actor, str) else "")
    now = timezone.now()
    AuditEntry.objects.bulk_create([
        AuditEntry(at=now, actor=actor if is_user else None, actor_label=label[:320], action=AuditAction.CREATE,
                   object_type=otype, object_id=oid[:64], object_repr=orepr[:300], changes=changes,
                   ip_address=(info or here).ip_address, request_id=(info or here).request_id)
        for (otype, oid, orepr, changes), info in zip(rows, per_row, strict=True)
    ])


def add_to_tally(items: list[tuple[Any, str, int, int]], shard: int) -> None:
    """Add (campaign_id, country, gifts, base_minor) to the maintained tally shards."""
    sums: dict[tuple, list[int]] = defaultdict(lambda: [0, 0])
    for campaign_id, country, gifts, base in items:
        if campaign_id is None:
            continue
        sums[(campaign_id, country or "")][0] += gifts
        sums[(campaign_id, country or "")][1] += base
    if not sums:
        return
    table = TallyShard._meta.db_table
    sql = (f"INSERT INTO {table} (campaign_id, shard, country, gifts, base_minor) VALUES (%s, %s, %s, %s, %s) "
           f"ON CONFLICT (campaign_id, shard, country) DO UPDATE SET gifts = {table}.gifts + excluded.gifts, "
           f"base_minor = {table}.base_minor + excluded.base_minor")
    campaign_pk = TallyShard._meta.get_field("campaign").target_field
    with connection.cursor() as cursor:
        cursor.executemany(sql, [
            (campaign_pk.get_db_prep_value(c, connection), shard, country, g, b)
            for (c, country), (g, b) in sorted(sums.items(), key=lambda kv: (str(kv[0][0]), kv[0][1]))
        ])


def _uuid(value):
    try:
        return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))
    except (TypeError, ValueError):
        return None


def record_gifts(*, actor, intents: list[GiftIntent], pending_of: dict[str, Transfer] | None = None) -> list[tuple[Gift, bool]]:
    """Book gifts in the caller's transaction: one transfer each, the Gift rows, tally and audit.
    A retried key returns the first gift; the same key with other contents raises a conflict."""
    if not intents:
        return []
    today = timezone.localdate()
    funds = {f.pk: f for f in Fund.objects.filter(pk__in={_uuid(i.fund_id) for i in intents} - {None})}
    campaign_ids = {_uuid(i.campaign_id) for i in intents if i.campaign_id} - {None}
    campaigns = {c.pk: c for c in Campaign.objects.filter(pk__in=campaign_ids)}
    allowed = set(Campaign.funds.through.objects.filter(campaign_id__in=campaign_ids).values_list("campaign_id", "fund_id"))
    rates: dict[tuple, Rate] = {}
    specs, bases = [], []
    for intent in intents:
        fund = funds.get(_uuid(intent.fund_id))
        if fund is None:
            raise GivingError(_("There is no such fund."))
        campaign = None
        if intent.campaign_id:
            campaign = campaigns.get(_uuid(intent.campaign_id))
            if campaign is None:
                raise GivingError(_("There is no such campaign."))
            if (campaign.pk, fund.pk) not in allowed:
                raise GivingError(_("This campaign does not raise money for this fund."))
        intent.currency = check_currency(intent.currency)
        check_minor(intent.amount_minor, intent.currency)
        base = campaign.base_currency if campaign else fund.base_currency
        day = intent.on_day or today
        rk = (intent.currency, base, day)
        if rk not in rates:
            rates[rk] = rate_for(intent.currency, base, day)
        rate = rates[rk]
        base_minor = convert(intent.amount_minor, intent.currency, rate, base)
        threshold = campaign.hold_above_minor if campaign else fund.hold_above_minor
        held = threshold is not None and base_minor > threshold
        bases.append((fund, campaign, base, base_minor, rate, held))
        pending = (pending_of or {}).get(intent.key)
        specs.append(Spec(
            key=intent.key, debit=_source_leg(intent), credit=fund_leg(fund), amount=intent.amount_minor,
            currency=intent.currency, kind=TransferKind.POST_PENDING if pending else TransferKind.POSTED,
            pending=pending, memo=intent.memo,
            intent={"campaign": str(campaign.pk) if campaign else None, "country": (intent.country or "").upper(),
                    "donor": str(intent.donor_id) if intent.donor_id else None, "channel": intent.channel},
        ))
    posted = ledger.post(specs)
    out: list[tuple[Gift, bool] | None] = [None] * len(intents)
    new_gifts: list[Gift] = []
    new_infos: list[context.RequestInfo | None] = []
    old_ids: dict[int, int] = {}
    for idx, ((transfer, created), intent, (fund, campaign, base, base_minor, rate, held)) in enumerate(
            zip(posted, intents, bases, strict=True)):
        if not created:
            old_ids[transfer.pk] = idx
            continue
        gift = Gift(transfer=transfer, campaign=campaign, fund=fund, donor_id=intent.donor_id, channel=intent.channel,
                    amount_minor=intent.amount_minor, currency=intent.currency, base_currency=base,
                    base_minor=base_minor, rate=rate.rate, rate_source=rate.source, rate_date=rate.day,
                    country=(intent.country or "").upper()[:2],
                    status=GiftStatus.HELD if held else GiftStatus.COUNTED)
        new_gifts.append(gift)
        new_infos.append(intent.request)
        out[idx] = (gift, True)
    if old_ids:
        for gift in Gift.objects.filter(transfer_id__in=list(old_ids)):
            out[old_ids[gift.transfer_id]] = (gift, False)
        for item in out:
            if item is None:
                # A retry of a key that carried something other than a gift.
                from korpu.giving.errors import IdempotencyConflict

                raise IdempotencyConflict()
    if new_gifts:
        Gift.objects.bulk_create(new_gifts)
        chain = new_gifts[0].transfer.chain
        add_to_tally([(g.campaign_id, g.country, 1, g.base_minor) for g in new_gifts
                      if g.status == GiftStatus.COUNTED], chain)
        _audit_rows(actor, [("giving.gift", str(g.pk), str(g), {"amount_minor": g.amount_minor, "currency": g.currency,
                                                                 "channel": g.channel, "transfer": g.transfer_id})
                            for g in new_gifts], new_infos)
        donors_with_mail = set(Donor.objects.filter(pk__in={g.donor_id for g in new_gifts if g.donor_id})
                               .exclude(email="").values_list("pk", flat=True))
        if donors_with_mail:
            from korpu.giving.tasks import issue_receipt

            for g in new_gifts:
                if g.donor_id in donors_with_mail and g.status == GiftStatus.COUNTED:
                    enqueue_on_commit(issue_receipt, str(g.pk))
    return out  # type: ignore[return-value]


def do_record_gifts(*, actor, intents: list[GiftIntent]) -> list[tuple[Gift, bool]]:
    """Book many gifts in one transaction (the group-commit path)."""

    def run():
        with transaction.atomic():
            return record_gifts(actor=actor, intents=intents)

    return _retrying(run)


def do_record_gift(*, actor, key: str, fund: Fund, amount_minor: int, currency: str, channel: str,
                   campaign: Campaign | None = None, country: str = "", donor: Donor | None = None,
                   source: Leg | None = None, on_day: dt.date | None = None) -> tuple[Gift, bool]:
    """Book one gift; (gift, created)."""
    intent = GiftIntent(key=key, fund_id=fund.pk, amount_minor=amount_minor, currency=currency, channel=channel,
                        campaign_id=campaign.pk if campaign else None, country=country,
                        donor_id=donor.pk if donor else None, source=source, on_day=on_day)
    return do_record_gifts(actor=actor, intents=[intent])[0]


def do_review_gift(*, actor, gift: Gift, approve: bool) -> Gift:
    """An officer lets a held gift count in public, or returns it to the donor."""
    with transaction.atomic():
        gift = Gift.objects.select_for_update().get(pk=gift.pk)
        if gift.status != GiftStatus.HELD:
            raise AlreadyResolved(_("This gift is not waiting for review."))
        if approve:
            gift.status = GiftStatus.COUNTED
            add_to_tally([(gift.campaign_id, gift.country, 1, gift.base_minor)], gift.transfer.chain)
        else:
            _reverse(gift.transfer, key=f"refund:{gift.transfer.key}", memo="refused after review")
            gift.status = GiftStatus.REFUNDED
        gift.reviewed_by = actor if getattr(actor, "is_authenticated", False) else None
        gift.reviewed_at = timezone.now()
        gift.save(update_fields=["status", "reviewed_by", "reviewed_at", "updated_at"])
        audit.record(actor=actor, action=AuditAction.UPDATE, obj=gift, changes={"status": [GiftStatus.HELD, gift.status]})
    return gift


def _reverse(original: Transfer, *, key: str, memo: str, amount: int | None = None) -> Transfer:
    debit = Account.objects.get(pk=original.credit_account_id)
    credit = Account.objects.get(pk=original.debit_account_id)
    spec = Spec(key=key, debit=Leg(debit.kind, debit.code.split(":")[1], debit.fund_id),
                credit=Leg(credit.kind, credit.code.split(":")[1], credit.fund_id),
                amount=amount or original.amount, currency=original.currency, reverses=original, memo=memo)
    return ledger.post([spec])[0][0]


def do_refund_gift(*, actor, gift: Gift, key: str) -> Gift:
    """Return a gift (refund or chargeback) with a reversing transfer."""
    with transaction.atomic():
        gift = Gift.objects.select_for_update().select_related("transfer").get(pk=gift.pk)
        if gift.status == GiftStatus.REFUNDED:
            raise AlreadyResolved(_("This gift has already been returned."))
        _reverse(gift.transfer, key=key, memo="refund")
        if gift.status == GiftStatus.COUNTED:
            add_to_tally([(gift.campaign_id, gift.country, -1, -gift.base_minor)], gift.transfer.chain)
        gift.status = GiftStatus.REFUNDED
        gift.save(update_fields=["status", "updated_at"])
        audit.record(actor=actor, action=AuditAction.UPDATE, obj=gift, message="refunded")
    return gift


# --- Donors ---------------------------------------------------------------------------------------
def do_save_donor(*, actor, user=None, person=None, organisation=None, email: str = "", language: str = "az",
                  country: str = "", display: str = NameDisplay.ANONYMOUS, display_form: str = "") -> Donor:
    """Create or update the donor record of a signed-in user (or a registry person). With
    `organisation` the donor gives in the organisation's name; an organisation's donor without a
    user or person is found again rather than created twice."""
    if display not in NameDisplay.values:
        raise GivingError(_("Choose how you want to be named."))
    with transaction.atomic():
        if user:
            donor = Donor.objects.filter(user=user).first()
        elif organisation is not None:
            donor = Donor.objects.filter(user__isnull=True, person=person, organisation=organisation).first()
        else:
            donor = None
        if donor is None:
            donor = Donor.objects.create(user=user, person=person, organisation=organisation, email=email,
                                         language=language, country=country, display=display,
                                         display_form=display_form[:200])
            audit.record(actor=actor, action=AuditAction.CREATE, obj=donor)
        else:
            before = audit.snapshot(donor, ["display", "display_form", "language", "country", "organisation"])
            donor.display, donor.display_form = display, display_form[:200]
            donor.language, donor.country = language or donor.language, country or donor.country
            donor.email = email or donor.email
            if organisation is not None:
                donor.organisation = organisation
            donor.save(update_fields=["display", "display_form", "language", "country", "email", "organisation",
                                      "updated_at"])
            audit.record(actor=actor, action=AuditAction.UPDATE, obj=donor,
                         changes=audit.diff(before, audit.snapshot(donor, list(before))))
    return donor


# --- Pledges --------------------------------------------------------------------------------------
def _reference() -> str:
    return "P" + "".join(secrets.choice("ABCDEFGHJKLMNPQRSTUVWXYZ23456789") for _ in range(7))


def duplicate_pledges(*, campaign: Campaign | None, phone: str) -> list[Pledge]:
    phone = "".join(ch for ch in phone if ch.isdigit() or ch == "+")
    if not phone:
        return []
    return list(Pledge.objects.filter(campaign=campaign, caller_phone=phone).order_by("-created_at")[:5])


def do_enter_pledge(*, actor, key: str, fund: Fund, amount_minor: int, currency: str, campaign: Campaign | None = None,
                    caller_name: str = "", caller_phone: str = "", country: str = "", donor: Donor | None = None,
                    channel: str = Channel.PHONE) -> tuple[Pledge, bool]:
    """A promise during the broadcast: a pending transfer into the fund. (pledge, created)"""
    currency = check_currency(currency)
    check_minor(amount_minor, currency)
    phone = "".join(ch for ch in caller_phone if ch.isdigit() or ch == "+")[:50]
    if campaign is not None and not campaign.funds.filter(pk=fund.pk).exists():
        raise GivingError(_("This campaign does not raise money for this fund."))

    def run():
        with transaction.atomic():
            spec = Spec(key=key, debit=Leg(AccountKind.CHANNEL, channel), credit=fund_leg(fund), amount=amount_minor,
                        currency=currency, kind=TransferKind.PENDING,
                        intent={"campaign": str(campaign.pk) if campaign else None, "phone": phone,
                                "name": caller_name, "country": country.upper()})
            transfer, created = ledger.post([spec])[0]
            if not created:
                return Pledge.objects.get(transfer=transfer), False
            pledge = Pledge.objects.create(reference=_reference(), campaign=campaign, fund=fund, donor=donor,
                                           channel=channel, caller_name=caller_name[:200], caller_phone=phone,
                                           country=country.upper()[:2], amount_minor=amount_minor, currency=currency,
                                           transfer=transfer,
                                           entered_by=actor if getattr(actor, "is_authenticated", False) else None)
            audit.record(actor=actor, action=AuditAction.CREATE, obj=pledge,
                         changes={"amount_minor": amount_minor, "currency": currency})
            return pledge, True

    return _retrying(run)


def do_pay_pledge(*, actor, pledge: Pledge, amount_minor: int, key: str, on_day: dt.date | None = None) -> Gift:
    """Payment posts the pledge (in full or in part); a pledge resolves once."""
    check_minor(amount_minor, pledge.currency)

    def run():
        with transaction.atomic():
            locked = Pledge.objects.select_for_update().select_related("transfer").get(pk=pledge.pk)
            existing = Transfer.objects.filter(key=key).first()
            if existing is None and locked.status != PledgeStatus.OPEN:
                raise AlreadyResolved()
            if amount_minor > locked.amount_minor:
                raise InvalidAmount(_("The payment is larger than the pledge."))
            intent = GiftIntent(key=key, fund_id=locked.fund_id, amount_minor=amount_minor, currency=locked.currency,
                                channel=locked.channel, campaign_id=locked.campaign_id, country=locked.country,
                                donor_id=locked.donor_id, on_day=on_day)
            gift, created = record_gifts(actor=actor, intents=[intent], pending_of={key: locked.transfer})[0]
            if created:
                locked.status = PledgeStatus.PAID
                locked.save(update_fields=["status", "updated_at"])
                audit.record(actor=actor, action=AuditAction.UPDATE, obj=locked, changes={"status": ["open", "paid"]})
            return gift

    return _retrying(run)


def do_lapse_pledge(*, actor, pledge: Pledge) -> Pledge:
    """Void a pledge that was not paid."""
    with transaction.atomic():
        locked = Pledge.objects.select_for_update().select_related("transfer").get(pk=pledge.pk)
        if locked.status != PledgeStatus.OPEN:
            raise AlreadyResolved()
        t = locked.transfer
        debit, credit = Account.objects.get(pk=t.debit_account_id), Account.objects.get(pk=t.credit_account_id)
        ledger.post([Spec(key=f"void:{t.key}", debit=Leg(debit.kind, debit.code.split(":")[1], debit.fund_id),
                          credit=Leg(credit.kind, credit.code.split(":")[1], credit.fund_id), amount=t.amount,
                          currency=t.currency, kind=TransferKind.VOID_PENDING, pending=t)])
        locked.status = PledgeStatus.LAPSED
        locked.save(update_fields=["status", "updated_at"])
        audit.record(actor=actor, action=AuditAction.UPDATE, obj=locked, changes={"status": ["open", "lapsed"]})
    return locked


# --- Cash ---------------------------------------------------------------------------------------------
def do_enter_cash(*, actor, fund: Fund, amount_minor: int, currency: str, campaign: Campaign | None = None,
                  country: str = "", event_label: str = "") -> CashEntry:
    currency = check_currency(currency)
    check_minor(amount_minor, currency)
    with transaction.atomic():
        entry = CashEntry.objects.create(fund=fund, campaign=campaign, amount_minor=amount_minor, currency=currency,
                                         country=country.upper()[:2], event_label=event_label[:200], entered_by=actor)
        audit.record(actor=actor, action=AuditAction.CREATE, obj=entry,
                     changes={"amount_minor": amount_minor, "currency": currency})
    return entry


def do_confirm_cash(*, actor, entry: CashEntry) -> Gift:
    """A second officer confirms cash entered by a first: only then is it a gift."""
    with transaction.atomic():
        locked = CashEntry.objects.select_for_update().get(pk=entry.pk)
        if locked.entered_by_id == getattr(actor, "pk", None):
            raise FourEyes(_("The officer who entered the cash cannot confirm it."))
        if locked.status != CashStatus.AWAITING:
            raise AlreadyResolved(_("This cash entry has already been dealt with."))
        gift, _created = record_gifts(actor=actor, intents=[GiftIntent(
            key=f"cash:{locked.pk}", fund_id=locked.fund_id, amount_minor=locked.amount_minor, currency=locked.currency,
            channel=Channel.CASH, campaign_id=locked.campaign_id, country=locked.country)])[0]
        locked.status, locked.confirmed_by, locked.gift = CashStatus.CONFIRMED, actor, gift
        locked.save(update_fields=["status", "confirmed_by", "gift", "updated_at"])
        audit.record(actor=actor, action=AuditAction.UPDATE, obj=locked, changes={"status": ["awaiting", "confirmed"]})
    return gift


# --- Payouts ------------------------------------------------------------------------------------------
APPROVERS_NEEDED = 2


def do_pay_out(*, actor, fund: Fund, amount_minor: int, currency: str, purpose_ref: str, evidence_url: str,
               idempotency_key: str, approved_by: list) -> Payout:
    """Pay money out of a fund to its purpose (e.g. a restoration milestone), approved by two
    foundation officers, with a link to the evidence. A retry with the same key returns the payout."""
    currency = check_currency(currency)
    check_minor(amount_minor, currency)
    approvers = {u.pk: u for u in approved_by if has_perm(u, "giving.approve_payout")}
    if len(approvers) < APPROVERS_NEEDED:
        raise FourEyes(_("A payout needs the approval of two foundation officers."))
    if not evidence_url.startswith(("https://", "http://", "/")):
        raise GivingError(_("A payout needs a link to its evidence."))

    def run():
        with transaction.atomic():
            existing = Transfer.objects.filter(key=idempotency_key).first()
            account = Account.objects.select_for_update().filter(code=fund_leg(fund).code(currency)).first()
            if existing is None:
                available = ledger.balance_of(account).posted
                if amount_minor > available:
                    raise InsufficientFunds()
            spec = Spec(key=idempotency_key, debit=fund_leg(fund), credit=purpose_leg(fund), amount=amount_minor,
                        currency=currency, memo=purpose_ref[:200],
                        intent={"purpose_ref": purpose_ref, "evidence_url": evidence_url})
            transfer, created = ledger.post([spec])[0]
            if not created:
                return Payout.objects.get(transfer=transfer)
            payout = Payout.objects.create(fund=fund, amount_minor=amount_minor, currency=currency,
                                           purpose_ref=purpose_ref[:200], evidence_url=evidence_url[:500],
                                           transfer=transfer,
                                           paid_by=actor if getattr(actor, "is_authenticated", False) else None)
            payout.approved_by.set(list(approvers.values()))
            audit.record(actor=actor, action=AuditAction.CREATE, obj=payout,
                         changes={"amount_minor": amount_minor, "currency": currency, "purpose_ref": purpose_ref,
                                  "approved_by": [str(pk) for pk in approvers]})
            return payout

    return _retrying(run)


# --- Recurring gifts ---------------------------------------------------------------------------------
def do_start_recurring(*, actor, donor: Donor, fund: Fund, amount_minor: int, currency: str,
                       day_of_month: int = 1, campaign: Campaign | None = None, country: str = "") -> RecurringGift:
    currency = check_currency(currency)
    check_minor(amount_minor, currency)
    if campaign is not None and not campaign.funds.filter(pk=fund.pk).exists():
        raise GivingError(_("This campaign does not raise money for this fund."))
    with transaction.atomic():
        rec = RecurringGift.objects.create(donor=donor, fund=fund, campaign=campaign, amount_minor=amount_minor,
                                           currency=currency, day_of_month=max(1, min(28, day_of_month)),
                                           country=country.upper()[:2])
        audit.record(actor=actor, action=AuditAction.CREATE, obj=rec)
    return rec


def do_start_monthly_gift(*, actor, donor: Donor, fund: Fund, amount_minor: int, currency: str, provider_obj,
                          label: str, success_url: str, cancel_url: str, campaign: Campaign | None = None,
                          country: str = "") -> tuple[RecurringGift, str]:
    """Start a monthly gift: the row here, then the provider's hosted checkout in subscription
    mode (the URL to send the donor to). If the provider cannot be reached, nothing is kept."""
    with transaction.atomic():
        rec = do_start_recurring(actor=actor, donor=donor, fund=fund, amount_minor=amount_minor, currency=currency,
                                 campaign=campaign, country=country, day_of_month=timezone.localdate().day)
        url = provider_obj.start_subscription(
            amount_minor=rec.amount_minor, currency=rec.currency, label=label,
            metadata={"recurring": str(rec.pk), "fund": str(fund.pk), "campaign": str(campaign.pk) if campaign else "",
                      "donor": str(donor.pk), "country": rec.country},
            success_url=success_url, cancel_url=cancel_url)
    return rec, url


def do_change_recurring(*, actor, recurring: RecurringGift, amount_minor: int | None = None,
                        active: bool | None = None, provider_obj=None) -> RecurringGift:
    """The donor changes the amount or stops the monthly gift; the provider's subscription is
    changed or cancelled first (if it refuses, nothing changes here)."""
    with transaction.atomic():
        rec = RecurringGift.objects.select_for_update().get(pk=recurring.pk)
        if not rec.active:
            raise AlreadyResolved(_("This monthly gift has been stopped."))
        before = audit.snapshot(rec, ["amount_minor", "active"])
        if amount_minor is not None:
            rec.amount_minor = check_minor(amount_minor, rec.currency)
        if active is not None:
            rec.active = active
        if rec.provider_ref:
            if provider_obj is None:
                from korpu.giving.providers import provider

                provider_obj = provider("stripe")
            if not rec.active:
                provider_obj.cancel_subscription(subscription_ref=rec.provider_ref)
            elif rec.amount_minor != before["amount_minor"]:
                provider_obj.change_subscription(subscription_ref=rec.provider_ref, amount_minor=rec.amount_minor,
                                                 currency=rec.currency)
        if not rec.active:
            rec.next_charge_on = rec.retry_on = None
        rec.save(update_fields=["amount_minor", "active", "next_charge_on", "retry_on", "updated_at"])
        audit.record(actor=actor, action=AuditAction.UPDATE, obj=rec,
                     changes=audit.diff(before, audit.snapshot(rec, list(before))))
    return rec


def _day(timestamp: int | None) -> dt.date | None:
    if not timestamp:
        return None
    return timezone.localdate(dt.datetime.fromtimestamp(int(timestamp), tz=dt.UTC))


def do_attach_subscription(*, actor, recurring_id: str, subscription_ref: str, customer_ref: str = "") -> RecurringGift | None:
    """The donor completed the provider's checkout: the monthly gift now has its subscription."""
    with transaction.atomic():
        rec = RecurringGift.objects.select_for_update().filter(pk=_uuid(recurring_id)).first()
        if rec is None:
            raise GivingError(_("There is no such monthly gift."))
        if rec.provider_ref == subscription_ref:
            return rec  # a replay
        rec.provider_ref, rec.customer_ref = subscription_ref, customer_ref or rec.customer_ref
        rec.started_at = rec.started_at or timezone.now()
        rec.save(update_fields=["provider_ref", "customer_ref", "started_at", "updated_at"])
        audit.record(actor=actor, action=AuditAction.UPDATE, obj=rec, changes={"provider_ref": ["", subscription_ref]})
    return rec


def do_record_recurring_charge(*, actor, provider_obj, outcome) -> RecurringCharge:
    """One month of a subscription (`providers.InvoiceOutcome`): a paid invoice becomes one gift
    (key `<provider>:<invoice id>`, receipt as for any gift), a failed one is noted for the donor's
    page. The same event, or another event for an invoice already paid, counts nothing twice."""

    def run():
        with transaction.atomic():
            seen = RecurringCharge.objects.filter(event_ref=outcome.event_ref).first()
            if seen is not None:
                return seen
            rec = RecurringGift.objects.select_for_update().filter(provider_ref=outcome.subscription_ref).first()
            if rec is None and outcome.recurring_id:
                # The invoice can arrive before the checkout's own webhook.
                rec = RecurringGift.objects.select_for_update().filter(pk=_uuid(outcome.recurring_id),
                                                                       provider_ref="").first()
                if rec is not None:
                    rec.provider_ref = outcome.subscription_ref
                    rec.started_at = rec.started_at or timezone.now()
            if rec is None:
                raise GivingError(_("There is no such monthly gift."))
            if outcome.paid:
                paid = RecurringCharge.objects.filter(invoice_ref=outcome.invoice_ref, paid=True).first()
                if paid is not None:
                    return paid
                campaign = Campaign.objects.filter(pk=rec.campaign_id, ends_at__gt=timezone.now()).first() \
                    if rec.campaign_id else None
                gift, _created = record_gifts(actor=actor, intents=[GiftIntent(
                    key=f"{provider_obj.name}:{outcome.invoice_ref}", fund_id=rec.fund_id,
                    amount_minor=outcome.amount_minor, currency=outcome.currency, channel=Channel.RECURRING,
                    campaign_id=campaign.pk if campaign else None, country=rec.country, donor_id=rec.donor_id,
                    source=provider_obj.leg, memo=f"pi:{outcome.payment_ref}" if outcome.payment_ref else "")])[0]
                charge = RecurringCharge.objects.create(
                    recurring=rec, event_ref=outcome.event_ref, invoice_ref=outcome.invoice_ref, paid=True,
                    amount_minor=outcome.amount_minor, currency=outcome.currency,
                    period_start=_day(outcome.period_start), gift=gift, attempt=outcome.attempts)
                rec.next_charge_on = _day(outcome.period_end) or rec.next_charge_on
                rec.last_failed_at = rec.retry_on = None
            else:
                charge = RecurringCharge.objects.create(
                    recurring=rec, event_ref=outcome.event_ref, invoice_ref=outcome.invoice_ref, paid=False,
                    amount_minor=outcome.amount_minor, currency=outcome.currency,
                    period_start=_day(outcome.period_start), attempt=outcome.attempts)
                rec.last_failed_at = timezone.now()
                rec.retry_on = _day(outcome.next_attempt)
            rec.save(update_fields=["provider_ref", "started_at", "next_charge_on", "last_failed_at", "retry_on",
                                    "updated_at"])
            audit.record(actor=actor, action=AuditAction.CREATE, obj=charge,
                         changes={"paid": outcome.paid, "invoice": outcome.invoice_ref,
                                  "amount_minor": outcome.amount_minor, "currency": outcome.currency})
            return charge

    return _retrying(run)


def do_end_subscription(*, actor, subscription_ref: str) -> RecurringGift | None:
    """The provider ended the subscription (cancelled there, or after the last failed retry)."""
    with transaction.atomic():
        rec = RecurringGift.objects.select_for_update().filter(provider_ref=subscription_ref).first()
        if rec is None or not rec.active:
            return rec
        rec.active = False
        rec.next_charge_on = rec.retry_on = None
        rec.save(update_fields=["active", "next_charge_on", "retry_on", "updated_at"])
        audit.record(actor=actor, action=AuditAction.UPDATE, obj=rec, changes={"active": [True, False]},
                     message="subscription ended by the provider")
    return rec
