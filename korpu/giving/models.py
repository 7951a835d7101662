"""Funds, campaigns, the double-entry ledger and what feeds it (gifts, pledges, cash, statements).

The ledger is `Account` + `Transfer`: append-only, integer minor units, one currency per transfer.
Every transfer belongs to one of a few hash chains (`LedgerHead`), so `korpu check-ledger` can
prove that no row was changed, removed or added behind the application's back; account balances
are kept in sharded rows (`AccountBalance`, one shard per chain) so no single row is a hot spot.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from korpu.core.models import BaseModel

CHAINS = 8  # hash chains = balance shards; writers take whichever chain is free


def in_language(texts: dict | None, fallback: str = "") -> str:
    """The text for the active language from a language → text map (then az, en, any)."""
    texts = texts or {}
    lang = (translation.get_language() or "az")[:2]
    for code in (lang, "az", "en"):
        if texts.get(code):
            return texts[code]
    return next((v for v in texts.values() if v), fallback)


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):  # type: ignore[override]
        raise PermissionError("The ledger is append-only: post a reversing transfer instead.")

    def delete(self):  # type: ignore[override]
        raise PermissionError("The ledger is append-only: post a reversing transfer instead.")


# --- Funds and campaigns ------------------------------------------------------------------------
class Fund(BaseModel):
    """Earmarked money for one purpose; it leaves only to that purpose (or back to a donor)."""

    code = models.SlugField(max_length=64, unique=True)
    names = models.JSONField(default=dict, help_text=_("language → name"))
    purposes = models.JSONField(default=dict, blank=True, help_text=_("language → the purpose"))
    organisation = models.ForeignKey("network.Organisation", null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="funds")
    base_currency = models.CharField(max_length=3, default="AZN")
    hold_above_minor = models.BigIntegerField(null=True, blank=True,
                                              help_text=_("Gifts above this (base currency) wait for review."))
    is_public = models.BooleanField(default=True)

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return in_language(self.names, self.code)

    @property
    def purpose(self) -> str:
        return in_language(self.purposes)


class Campaign(BaseModel):
    """A fundraising campaign or charity marathon."""

    slug = models.SlugField(max_length=80, unique=True)
    titles = models.JSONField(default=dict, help_text=_("language → title"))
    descriptions = models.JSONField(default=dict, blank=True)
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    base_currency = models.CharField(max_length=3, default="AZN")
    goal_minor = models.BigIntegerField(default=0)
    funds = models.ManyToManyField(Fund, related_name="campaigns")
    channels = models.JSONField(default=list, blank=True)
    hold_above_minor = models.BigIntegerField(null=True, blank=True)
    is_public = models.BooleanField(default=True)

    class Meta:
        ordering = ["-starts_at"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="giving_campaign_ends_after_start"),
            models.CheckConstraint(condition=Q(goal_minor__gte=0), name="giving_campaign_goal_not_negative"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return in_language(self.titles, self.slug)

    @property
    def description(self) -> str:
        return in_language(self.descriptions)

    @property
    def is_live(self) -> bool:
        return self.starts_at <= timezone.now() < self.ends_at


class Challenge(BaseModel):
    """"The next 10,000 AZN are matched by a sponsor": a band of the campaign's total. As gifts fill
    the band, the sponsor's match is booked in the ledger (`SponsorMatch`), never above the target."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="challenges")
    titles = models.JSONField(default=dict)
    sponsor_label = models.CharField(max_length=200, blank=True)
    from_minor = models.BigIntegerField(default=0, help_text=_("Starts when the total reaches this."))
    target_minor = models.BigIntegerField()
    fund = models.ForeignKey(Fund, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                             help_text=_("The fund the sponsor's match goes to."))
    matched_minor = models.BigIntegerField(default=0, help_text=_("The match booked so far."))

    class Meta:
        ordering = ["from_minor"]
        constraints = [
            models.CheckConstraint(condition=Q(target_minor__gt=0), name="giving_challenge_target_positive"),
            models.CheckConstraint(condition=Q(matched_minor__gte=0, matched_minor__lte=F("target_minor")),
                                   name="giving_challenge_match_within_target"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return in_language(self.titles)

    def progress(self, raised_minor: int) -> int:
        return max(0, min(self.target_minor, raised_minor - self.from_minor))


# --- The ledger -----------------------------------------------------------------------------------
class AccountKind(models.TextChoices):
    """What an account holds."""

    FUND = "fund", _("Fund")
    PURPOSE = "purpose", _("Paid out to the fund's purpose")
    CHANNEL = "channel", _("Channel")
    PROVIDER = "provider", _("Payment provider clearing")
    SPONSOR = "sponsor", _("Sponsor")
    DONOR_REFUNDS = "refunds", _("Returned to donors")


class Account(models.Model):
    """One ledger account in one currency (fund:<id>:AZN, channel:card:USD, ...)."""

    id = models.BigAutoField(primary_key=True)
    code = models.CharField(max_length=120, unique=True)
    kind = models.CharField(max_length=16, choices=AccountKind.choices)
    fund = models.ForeignKey(Fund, null=True, blank=True, on_delete=models.PROTECT, related_name="accounts")
    currency = models.CharField(max_length=3)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind__in=["fund", "purpose"]) | Q(fund__isnull=False), name="giving_account_fund_set"
            )
        ]

    def __str__(self) -> str:
        return self.code


class TransferKind(models.TextChoices):
    """A transfer's phase (two-phase transfers as in TigerBeetle)."""

    POSTED = "posted", _("Posted")
    PENDING = "pending", _("Pending")
    POST_PENDING = "post_pending", _("Posts a pending transfer")
    VOID_PENDING = "void_pending", _("Voids a pending transfer")


class Transfer(models.Model):
    """Money moved from one account to another. Never updated, never deleted."""

    id = models.BigAutoField(primary_key=True)
    key = models.CharField(max_length=200, unique=True, help_text=_("The caller's idempotency key."))
    fingerprint = models.CharField(max_length=64)
    kind = models.CharField(max_length=16, choices=TransferKind.choices, default=TransferKind.POSTED)
    debit_account = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="debits")
    credit_account = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="credits")
    amount = models.BigIntegerField()
    currency = models.CharField(max_length=3)
    pending = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="resolutions")
    reverses = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="reversals")
    memo = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    chain = models.SmallIntegerField()
    seq = models.BigIntegerField()
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="giving_transfer_amount_positive"),
            models.CheckConstraint(condition=~Q(debit_account=F("credit_account")), name="giving_transfer_two_accounts"),
            models.CheckConstraint(
                condition=Q(kind__in=["post_pending", "void_pending"], pending__isnull=False)
                | Q(kind__in=["posted", "pending"], pending__isnull=True),
                name="giving_transfer_resolution_names_pending",
            ),
            models.UniqueConstraint(fields=["pending"], condition=Q(pending__isnull=False),
                                    name="giving_transfer_pending_resolved_once"),
            models.UniqueConstraint(fields=["reverses"], condition=Q(reverses__isnull=False),
                                    name="giving_transfer_reversed_once"),
            models.UniqueConstraint(fields=["chain", "seq"], name="giving_transfer_chain_seq"),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.debit_account_id}→{self.credit_account_id} {self.amount} {self.currency}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise PermissionError("The ledger is append-only: post a reversing transfer instead.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("The ledger is append-only: post a reversing transfer instead.")


class AccountBalance(models.Model):
    """One shard of an account's maintained balance; the balance is the sum over shards."""

    id = models.BigAutoField(primary_key=True)
    account = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="balances")
    shard = models.SmallIntegerField()
    posted_debits = models.BigIntegerField(default=0)
    posted_credits = models.BigIntegerField(default=0)
    pending_debits = models.BigIntegerField(default=0)
    pending_credits = models.BigIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["account", "shard"], name="giving_balance_shard_once")]

    def __str__(self) -> str:
        return f"{self.account_id}#{self.shard}"


class LedgerHead(models.Model):
    """The end of one hash chain: its last sequence number and hash."""

    chain = models.SmallIntegerField(primary_key=True)
    seq = models.BigIntegerField(default=0)
    hash = models.CharField(max_length=64, default="0" * 64)

    def __str__(self) -> str:
        return f"chain {self.chain} @ {self.seq}"


# --- Donors and gifts ------------------------------------------------------------------------------
class NameDisplay(models.TextChoices):
    """How a donor is named in public (when the registry's consent allows naming at all)."""

    AS_WRITTEN = "as_written", _("My name as written")
    OTHER_FORM = "other_form", _("Another form of my name")
    INITIALS = "initials", _("My initials")
    ANONYMOUS = "anonymous", _("Anonymous")



class Donor(BaseModel):
    """A giver: linked to a person in the registry (consent lives there) or not, and to the
    organisation in whose name the gift is given, when it is an organisation's gift."""

    person = models.ForeignKey("network.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    organisation = models.ForeignKey("network.Organisation", null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+", help_text=_("Set when the gift is given by an organisation."))
    user = models.OneToOneField(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="donor")
    email = models.EmailField(blank=True)
    language = models.CharField(max_length=8, default="az")
    country = models.CharField(max_length=2, blank=True)
    display = models.CharField(max_length=16, choices=NameDisplay.choices, default=NameDisplay.ANONYMOUS)
    display_form = models.CharField(max_length=200, blank=True, help_text=_("The other form the donor chose."))

    def __str__(self) -> str:
        return f"donor {str(self.pk)[:8]}"


class Channel(models.TextChoices):
    """How a gift reached us."""

    CARD = "card", _("Card")
    BANK = "bank", _("Bank transfer")
    CASH = "cash", _("Cash or cheque")
    PHONE = "phone", _("Phone pledge")
    API = "api", _("Partner system")
    RECURRING = "recurring", _("Monthly gift")
    SPONSOR = "sponsor", _("Sponsor match")


class GiftStatus(models.TextChoices):
    """Whether a gift counts in public."""

    COUNTED = "counted", _("Counted")
    HELD = "held", _("Held for review")
    REFUNDED = "refunded", _("Refunded")


class Gift(BaseModel):
    """A gift: the ledger transfer that carries it plus what the public tally needs."""

    transfer = models.OneToOneField(Transfer, on_delete=models.PROTECT, related_name="gift")
    campaign = models.ForeignKey(Campaign, null=True, blank=True, on_delete=models.PROTECT, related_name="gifts")
    fund = models.ForeignKey(Fund, on_delete=models.PROTECT, related_name="gifts")
    donor = models.ForeignKey(Donor, null=True, blank=True, on_delete=models.SET_NULL, related_name="gifts")
    channel = models.CharField(max_length=16, choices=Channel.choices)
    amount_minor = models.BigIntegerField()
    currency = models.CharField(max_length=3)
    base_currency = models.CharField(max_length=3)
    base_minor = models.BigIntegerField()
    rate = models.DecimalField(max_digits=24, decimal_places=12)
    rate_source = models.CharField(max_length=16)
    rate_date = models.DateField()
    country = models.CharField(max_length=2, blank=True)
    status = models.CharField(max_length=16, choices=GiftStatus.choices, default=GiftStatus.COUNTED, db_index=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    reviewed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["campaign", "status", "created_at"])]
        constraints = [models.CheckConstraint(condition=Q(amount_minor__gt=0), name="giving_gift_amount_positive")]

    def __str__(self) -> str:
        return f"{self.amount_minor} {self.currency}"


class TallyShard(models.Model):
    """Maintained counters of a campaign's counted gifts, per country, in shards."""

    id = models.BigAutoField(primary_key=True)
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="tally_shards")
    shard = models.SmallIntegerField()
    country = models.CharField(max_length=2, blank=True)
    gifts = models.BigIntegerField(default=0)
    base_minor = models.BigIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["campaign", "shard", "country"], name="giving_tally_shard_once")]

    def __str__(self) -> str:
        return f"{self.campaign_id} {self.country} #{self.shard}"



class PledgeStatus(models.TextChoices):
    """Where a pledge stands."""

    OPEN = "open", _("Open")
    PAID = "paid", _("Paid")
    LAPSED = "lapsed", _("Lapsed")


class Pledge(BaseModel):
    """A promise (phone, sponsor): a pending transfer, later posted by payment or voided."""

    reference = models.CharField(max_length=16, unique=True)
    campaign = models.ForeignKey(Campaign, null=True, blank=True, on_delete=models.PROTECT, related_name="pledges")
    fund = models.ForeignKey(Fund, on_delete=models.PROTECT, related_name="pledges")
    donor = models.ForeignKey(Donor, null=True, blank=True, on_delete=models.SET_NULL, related_name="pledges")
    channel = models.CharField(max_length=16, choices=Channel.choices, default=Channel.PHONE)
    caller_name = models.CharField(max_length=200, blank=True, help_text=_("As the caller gave it, for reconciliation."))
    caller_phone = models.CharField(max_length=50, blank=True, db_index=True)
    country = models.CharField(max_length=2, blank=True)
    amount_minor = models.BigIntegerField()
    currency = models.CharField(max_length=3)
    transfer = models.OneToOneField(Transfer, on_delete=models.PROTECT, related_name="pledge")
    status = models.CharField(max_length=8, choices=PledgeStatus.choices, default=PledgeStatus.OPEN)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.reference


class CashStatus(models.TextChoices):
    """Four eyes on cash."""

    AWAITING = "awaiting", _("Awaiting confirmation")
    CONFIRMED = "confirmed", _("Confirmed")
    REJECTED = "rejected", _("Rejected")


class CashEntry(BaseModel):
    """Cash or a cheque taken at an event, entered by one officer and confirmed by another."""

    campaign = models.ForeignKey(Campaign, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    fund = models.ForeignKey(Fund, on_delete=models.PROTECT, related_name="+")
    amount_minor = models.BigIntegerField()
    currency = models.CharField(max_length=3)
    country = models.CharField(max_length=2, blank=True)
    event_label = models.CharField(max_length=200, blank=True)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+")
    status = models.CharField(max_length=10, choices=CashStatus.choices, default=CashStatus.AWAITING)
    gift = models.OneToOneField(Gift, null=True, blank=True, on_delete=models.PROTECT, related_name="cash_entry")

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=Q(amount_minor__gt=0), name="giving_cash_amount_positive"),
            models.CheckConstraint(condition=Q(confirmed_by__isnull=True) | ~Q(confirmed_by=F("entered_by")),
                                   name="giving_cash_four_eyes"),
        ]

    def __str__(self) -> str:
        return f"{self.amount_minor} {self.currency} ({self.status})"



class BankStatement(BaseModel):
    """An imported bank statement (CSV or camt.053)."""

    digest = models.CharField(max_length=64, unique=True)
    filename = models.CharField(max_length=200)
    format = models.CharField(max_length=8)
    imported_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    fund = models.ForeignKey(Fund, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.filename



class LineStatus(models.TextChoices):
    """What became of a statement line."""

    MATCHED = "matched", _("Matched")
    UNMATCHED = "unmatched", _("Unmatched, for an officer")
    GARBLED = "garbled", _("Could not be read")
    IGNORED = "ignored", _("Not a gift")


class StatementLine(BaseModel):
    statement = models.ForeignKey(BankStatement, on_delete=models.CASCADE, related_name="lines")
    line_no = models.IntegerField()
    booked_on = models.DateField(null=True, blank=True)
    amount_minor = models.BigIntegerField(null=True, blank=True)
    currency = models.CharField(max_length=3, blank=True)
    reference = models.CharField(max_length=300, blank=True)
    counterparty = models.CharField(max_length=200, blank=True)
    raw = models.TextField(blank=True)
    problem = models.CharField(max_length=300, blank=True)
    status = models.CharField(max_length=10, choices=LineStatus.choices)
    pledge = models.ForeignKey(Pledge, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    gift = models.ForeignKey(Gift, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["statement", "line_no"]

    def __str__(self) -> str:
        return f"{self.statement_id}:{self.line_no}"



class Payout(BaseModel):
    """Money paid out of a fund to its purpose, with evidence (a revival milestone, an invoice)."""

    fund = models.ForeignKey(Fund, on_delete=models.PROTECT, related_name="payouts")
    amount_minor = models.BigIntegerField()
    currency = models.CharField(max_length=3)
    purpose_ref = models.CharField(max_length=200)
    evidence_url = models.URLField(max_length=500)
    transfer = models.OneToOneField(Transfer, on_delete=models.PROTECT, related_name="payout")
    paid_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    approved_by = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="+")

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.purpose_ref} {self.amount_minor} {self.currency}"


class RecurringGift(BaseModel):
    """A monthly gift the donor can change or stop themselves. The provider charges it (a Stripe
    subscription: `provider_ref`); each paid month is a `RecurringCharge` with its gift."""

    donor = models.ForeignKey(Donor, on_delete=models.CASCADE, related_name="recurring")
    fund = models.ForeignKey(Fund, on_delete=models.PROTECT, related_name="+")
    campaign = models.ForeignKey(Campaign, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    amount_minor = models.BigIntegerField()
    currency = models.CharField(max_length=3)
    country = models.CharField(max_length=2, blank=True)
    day_of_month = models.PositiveSmallIntegerField(default=1)
    active = models.BooleanField(default=True)
    provider_ref = models.CharField(max_length=200, blank=True, help_text=_("The provider's subscription id."))
    customer_ref = models.CharField(max_length=200, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    next_charge_on = models.DateField(null=True, blank=True)
    last_failed_at = models.DateTimeField(null=True, blank=True, help_text=_("When the last payment failed."))
    retry_on = models.DateField(null=True, blank=True, help_text=_("When the provider tries the card again."))

    class Meta:
        constraints = [models.CheckConstraint(condition=Q(amount_minor__gt=0), name="giving_recurring_amount_positive")]

    def __str__(self) -> str:
        return f"{self.amount_minor} {self.currency} monthly"

    @property
    def awaiting_card(self) -> bool:
        """Started here, but the donor has not yet completed the provider's checkout."""
        return self.active and not self.provider_ref


class RecurringCharge(BaseModel):
    """One month of a recurring gift as the provider reported it: paid (with its gift) or failed.
    A replayed webhook finds its event here and counts nothing twice."""

    recurring = models.ForeignKey(RecurringGift, on_delete=models.CASCADE, related_name="charges")
    event_ref = models.CharField(max_length=200, unique=True)
    invoice_ref = models.CharField(max_length=200, db_index=True)
    paid = models.BooleanField()
    amount_minor = models.BigIntegerField()
    currency = models.CharField(max_length=3)
    period_start = models.DateField(null=True, blank=True)
    gift = models.OneToOneField(Gift, null=True, blank=True, on_delete=models.PROTECT, related_name="recurring_charge")
    attempt = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["invoice_ref"], condition=Q(paid=True), name="giving_recurring_invoice_paid_once"),
            models.CheckConstraint(condition=Q(paid=False) | Q(gift__isnull=False), name="giving_recurring_paid_has_gift"),
        ]

    def __str__(self) -> str:
        return f"{self.invoice_ref} {'paid' if self.paid else 'failed'}"


class SponsorMatch(BaseModel):
    """One booking of a sponsor's match: a pending transfer (the sponsor's pledge) from the
    challenge's sponsor account to the fund, posted when the sponsor pays."""

    challenge = models.ForeignKey(Challenge, on_delete=models.PROTECT, related_name="matches")
    amount_minor = models.BigIntegerField()
    currency = models.CharField(max_length=3)
    raised_minor = models.BigIntegerField(help_text=_("The campaign's total that called for it."))
    transfer = models.OneToOneField(Transfer, on_delete=models.PROTECT, related_name="sponsor_match")
    paid_transfer = models.OneToOneField(Transfer, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["created_at"]
        constraints = [models.CheckConstraint(condition=Q(amount_minor__gt=0), name="giving_match_amount_positive")]

    def __str__(self) -> str:
        return f"{self.amount_minor} {self.currency} matched"

    @property
    def paid(self) -> bool:
        return self.paid_transfer_id is not None


class Receipt(BaseModel):
    """A donation receipt with a gap-free number per fund and year."""

    gift = models.OneToOneField(Gift, on_delete=models.PROTECT, related_name="receipt")
    fund = models.ForeignKey(Fund, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    number = models.PositiveIntegerField()
    language = models.CharField(max_length=8)
    pdf = models.BinaryField()
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["fund", "year", "number"], name="giving_receipt_number_once")]

    @property
    def label(self) -> str:
        return f"{self.fund.code.upper()}-{self.year}-{self.number:06d}"

    def __str__(self) -> str:
        return self.label



class ReceiptCounter(models.Model):
    fund = models.ForeignKey(Fund, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["fund", "year"], name="giving_receipt_counter_once")]

    def __str__(self) -> str:
        return f"{self.fund_id} {self.year}: {self.last}"



class ExchangeRate(models.Model):
    """1 unit of `currency` = `rate` units of `quote`, on `day`, from `source` (cbar, ecb, manual)."""

    id = models.BigAutoField(primary_key=True)
    day = models.DateField()
    currency = models.CharField(max_length=3)
    quote = models.CharField(max_length=3)
    rate = models.DecimalField(max_digits=24, decimal_places=12)
    source = models.CharField(max_length=16)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["day", "currency", "quote", "source"], name="giving_rate_once"),
            models.CheckConstraint(condition=Q(rate__gt=0), name="giving_rate_positive"),
        ]
        indexes = [models.Index(fields=["currency", "quote", "day"])]

    def __str__(self) -> str:
        return f"{self.day} 1 {self.currency} = {self.rate} {self.quote} ({self.source})"
