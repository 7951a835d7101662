"""Reads: balances, the live tally, transparency figures, a donor's page, the books."""

from __future__ import annotations

import threading
import time
import uuid
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, Sum
from django.utils import timezone

from korpu.core import permissions
from korpu.giving import ledger
from korpu.giving.models import (
    Account,
    AccountKind,
    Campaign,
    Fund,
    Gift,
    GiftStatus,
    NameDisplay,
    Payout,
    RecurringCharge,
    TallyShard,
    Transfer,
    in_language,
)

LATEST_NAMED = 12


def public_campaigns():
    return Campaign.objects.filter(is_public=True).prefetch_related("funds")


def public_funds():
    return Fund.objects.filter(is_public=True)


def campaigns_for(actor):
    if permissions.has_perm(actor, "giving.manage_campaigns"):
        return Campaign.objects.all()
    return public_campaigns()


def funds_for(actor):
    if permissions.has_perm(actor, "giving.manage_campaigns") or permissions.has_perm(actor, "giving.read_books"):
        return Fund.objects.all()
    return public_funds()


def initials(name: str) -> str:
    return " ".join(part[0].upper() + "." for part in name.split() if part)


def public_name(donor, person, consenting: set) -> str | None:
    """How a donor appears in public, or None: only with the registry's consent, in the chosen form."""
    if donor is None or person is None or person.pk not in consenting or person.erased_at:
        return None
    if donor.display == NameDisplay.AS_WRITTEN:
        return person.name
    if donor.display == NameDisplay.OTHER_FORM and donor.display_form:
        return donor.display_form
    if donor.display == NameDisplay.INITIALS:
        return initials(person.name)
    return None


def latest_named(campaign: Campaign, limit: int = LATEST_NAMED) -> list[dict]:
    """The newest counted gifts whose donors agreed to be named (no one else, no personal data)."""
    from korpu.network.models import ConsentPurpose
    from korpu.network.selectors import consenting

    gifts = list(
        Gift.objects.filter(campaign=campaign, status=GiftStatus.COUNTED, donor__person__isnull=False)
        .exclude(donor__display=NameDisplay.ANONYMOUS)
        .select_related("donor__person").order_by("-created_at")[: limit * 3]
    )
    ok = consenting({g.donor.person_id for g in gifts if g.donor is not None}, ConsentPurpose.NAMED_IN_PUBLIC)
    rows = []
    for g in gifts:
        if g.donor is None:  # excluded by the query; narrows the type
            continue
        name = public_name(g.donor, g.donor.person, ok)
        if name:
            rows.append({"name": name, "amount_minor": g.amount_minor, "currency": g.currency, "country": g.country,
                         "at": g.created_at.isoformat()})
        if len(rows) >= limit:
            break
    return rows


def tally(campaign: Campaign) -> dict:
    """The live figures from the maintained tally shards (no sum over history)."""
    return {**_tally_figures(campaign), "title": campaign.title}


def _tally_figures(campaign: Campaign) -> dict:
    """The tally without its title (the title is the viewer's language's, added when served)."""
    per_country: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for row in TallyShard.objects.filter(campaign=campaign).values("country").annotate(n=Sum("gifts"), b=Sum("base_minor")):
        per_country[row["country"] or ""][0] += row["n"] or 0
        per_country[row["country"] or ""][1] += row["b"] or 0
    raised = sum(v[1] for v in per_country.values())
    count = sum(v[0] for v in per_country.values())
    goal = campaign.goal_minor
    challenges = list(campaign.challenges.all())
    return {
        "campaign": str(campaign.pk),
        "title": "",
        "currency": campaign.base_currency,
        "raised_minor": raised,
        "matched_minor": sum(ch.matched_minor for ch in challenges),
        "gifts": count,
        "goal_minor": goal,
        "progress": round(raised / goal, 4) if goal else None,
        "countries": [{"country": c, "gifts": v[0], "raised_minor": v[1]}
                      for c, v in sorted(per_country.items(), key=lambda kv: -kv[1][1]) if v[0] or v[1]],
        "challenges": [{"title": ch.title, "sponsor": ch.sponsor_label, "target_minor": ch.target_minor,
                        "progress_minor": ch.progress(raised), "matched_minor": ch.matched_minor}
                       for ch in challenges],
        "latest": latest_named(campaign),
        "live": campaign.is_live,
        "at": timezone.now().isoformat(),
    }


# --- The live tally as viewers get it: from process memory ------------------------------------------
# Every screen, widget, SSE stream and API poll of a campaign reads one copy per web process, made
# at most once a second (TALLY_SECONDS) together with what the pages need of the campaign, so a warm
# view costs no query at all: not the campaign, not the cache (in production the shared cache is
# the database). While one thread refreshes a copy, the others serve the previous one; a missing
# campaign is never remembered (random ids cannot fill the memory).
TALLY_SECONDS = 1.0
STALE_SECONDS = 5.0
MEMO_MAX = 10_000


@dataclass(frozen=True)
class CampaignCard:
    """What the live pages need of a campaign; the title follows the viewer's language."""

    pk: uuid.UUID
    slug: str
    titles: dict
    is_public: bool
    base_currency: str

    @property
    def title(self) -> str:
        return in_language(self.titles, self.slug)


@dataclass(frozen=True)
class _Entry:
    card: CampaignCard
    figures: dict
    made: float


_memo: dict[uuid.UUID, _Entry] = {}
_locks: dict[uuid.UUID, threading.Lock] = {}


def forget_tallies() -> None:
    """Drop every remembered tally of this process (tests, the benchmark's reference run)."""
    _memo.clear()


def _compute_entry(campaign_id: uuid.UUID) -> _Entry | None:
    campaign = Campaign.objects.filter(pk=campaign_id).prefetch_related("challenges").first()
    if campaign is None:
        return None
    card = CampaignCard(pk=campaign.pk, slug=campaign.slug, titles=dict(campaign.titles or {}),
                        is_public=campaign.is_public, base_currency=campaign.base_currency)
    return _Entry(card=card, figures=_tally_figures(campaign), made=time.monotonic())


def fresh_entry(campaign_id: uuid.UUID) -> _Entry | None:
    """The remembered copy when it is fresh, else None; never queries (safe on the event loop)."""
    entry = _memo.get(campaign_id)
    if entry is not None and time.monotonic() - entry.made < TALLY_SECONDS:
        return entry
    return None


def tally_entry(campaign_id: uuid.UUID) -> _Entry | None:
    """The campaign's card and tally, at most TALLY_SECONDS old (or None: no such campaign)."""
    if TALLY_SECONDS <= 0:
        return _compute_entry(campaign_id)
    entry = fresh_entry(campaign_id)
    if entry is not None:
        return entry
    stale = _memo.get(campaign_id)
    if len(_locks) > MEMO_MAX:
        _locks.clear()
    lock = _locks.setdefault(campaign_id, threading.Lock())
    if stale is not None and time.monotonic() - stale.made < STALE_SECONDS:
        if not lock.acquire(blocking=False):
            return stale  # another thread is refreshing it right now
    else:
        lock.acquire()
    try:
        entry = fresh_entry(campaign_id)
        if entry is None:
            entry = _compute_entry(campaign_id)
            if entry is None:
                _memo.pop(campaign_id, None)
                return None
            if len(_memo) > MEMO_MAX:
                _memo.clear()
            _memo[campaign_id] = entry
        return entry
    finally:
        lock.release()


def may_view(actor, card: CampaignCard) -> bool:
    """campaigns_for's rule on a card: public, or the viewer manages campaigns. No query for a
    public campaign nor for an anonymous viewer."""
    if card.is_public:
        return True
    if actor is None or not getattr(actor, "is_authenticated", False):
        return False
    return permissions.has_perm(actor, "giving.manage_campaigns")


def served(entry: _Entry) -> dict:
    """The tally as sent: a copy with the title in the active language."""
    return {**entry.figures, "title": entry.card.title}


def viewer_tally(actor, campaign_id) -> tuple[CampaignCard, dict] | None:
    """(card, tally) for a viewer, or None when there is no such campaign or they may not see it
    (the caller answers 404, as for a campaign that does not exist)."""
    try:
        cid = campaign_id if isinstance(campaign_id, uuid.UUID) else uuid.UUID(str(campaign_id))
    except ValueError:
        return None
    entry = tally_entry(cid)
    if entry is None or not may_view(actor, entry.card):
        return None
    return entry.card, served(entry)


def tally_cached(campaign: Campaign) -> dict:
    """The live tally of a campaign already loaded (at most TALLY_SECONDS old)."""
    entry = tally_entry(campaign.pk)
    return served(entry) if entry is not None else tally(campaign)


def fund_accounts(fund: Fund):
    return Account.objects.filter(fund=fund)


def fund_figures(fund: Fund) -> dict:
    """Raised by channel, country and currency; paid out; balance per currency (counted gifts only)."""
    gifts = Gift.objects.filter(fund=fund).exclude(status=GiftStatus.HELD)
    counted = gifts.filter(status=GiftStatus.COUNTED)
    by = {
        key: list(counted.values(key, "currency").annotate(n=Count("id"), total=Sum("amount_minor")).order_by(key, "currency"))
        for key in ("channel", "country")
    }
    by_currency = list(counted.values("currency").annotate(n=Count("id"), total=Sum("amount_minor")).order_by("currency"))
    accounts = list(fund_accounts(fund))
    bal = ledger.balances([a.pk for a in accounts])
    balances = [{"currency": a.currency, "kind": a.kind, "balance": bal.get(a.pk, ledger.Balance()).posted,
                 "pending": bal.get(a.pk, ledger.Balance()).pending} for a in accounts]
    return {
        "by_channel": by["channel"], "by_country": by["country"], "by_currency": by_currency,
        "balances": [b for b in balances if b["kind"] == AccountKind.FUND],
        "paid_out": [b for b in balances if b["kind"] == AccountKind.PURPOSE],
        "payouts": list(Payout.objects.filter(fund=fund).select_related("transfer").order_by("-created_at")),
    }


def public_transfers(fund: Fund):
    """Every transfer into or out of the fund's accounts (no personal data: ids, amounts, kinds)."""
    return (
        Transfer.objects.filter(Q(debit_account__fund=fund) | Q(credit_account__fund=fund))
        .select_related("debit_account", "credit_account").order_by("chain", "seq")
    )


def campaign_matches(campaign: Campaign) -> list[dict]:
    """Each challenge with the sponsor's match booked in the ledger: pledged, and paid so far."""
    from korpu.giving.models import Challenge

    rows = []
    for ch in Challenge.objects.filter(campaign=campaign).prefetch_related("matches").select_related("fund"):
        matches = list(ch.matches.all())
        rows.append({"challenge": ch, "matched_minor": ch.matched_minor,
                     "paid_minor": sum(m.amount_minor for m in matches if m.paid),
                     "pledged_minor": sum(m.amount_minor for m in matches if not m.paid), "matches": matches})
    return rows


def campaign_breakdown(campaign: Campaign) -> dict:
    counted = Gift.objects.filter(campaign=campaign, status=GiftStatus.COUNTED)
    return {
        key: list(counted.values(key).annotate(n=Count("id"), total=Sum("base_minor")).order_by("-total"))
        for key in ("channel", "country", "currency")
    }


def donor_page(user) -> dict:
    donor = getattr(user, "donor", None) if user.is_authenticated else None
    if donor is None:
        from korpu.giving.models import Donor

        donor = Donor.objects.filter(user=user).first()
    if donor is None:
        return {"donor": None, "gifts": [], "pledges": [], "recurring": [], "receipts": []}
    return {
        "donor": donor,
        "gifts": list(donor.gifts.select_related("fund", "campaign").order_by("-created_at")[:200]),
        "pledges": list(donor.pledges.select_related("fund").order_by("-created_at")[:100]),
        "recurring": list(donor.recurring.select_related("fund").prefetch_related(
            Prefetch("charges", queryset=RecurringCharge.objects.order_by("-created_at"))).order_by("-active", "-created_at")),
        "receipts": list(donor.gifts.filter(receipt__isnull=False).select_related("receipt", "fund")
                         .order_by("-created_at")[:200]),
    }
