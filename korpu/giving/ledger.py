"""The posting engine: append transfers to a hash chain and keep sharded balances, in the caller's
transaction. Services call `post`; nothing else writes Transfer or AccountBalance.

Each transfer row stores `hash = HMAC(key, prev_hash | content)` where `prev_hash` is the hash of
the previous row of the same chain (`chain`, `seq` gap-free). `LedgerHead` holds each chain's last
seq and hash. Changing, removing or inserting any row — the newest included — breaks the chain
or its head, and without the ledger key nobody can forge a matching hash.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import random
import uuid
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from korpu.giving.errors import AlreadyResolved, GivingError, IdempotencyConflict, InvalidAmount
from korpu.giving.models import (
    CHAINS,
    Account,
    AccountBalance,
    AccountKind,
    LedgerHead,
    Transfer,
    TransferKind,
)
from korpu.giving.money import check_currency, check_minor

ZERO_HASH = "0" * 64


def ledger_key() -> bytes:
    """The HMAC key of the chains: KORPU_LEDGER_KEY when set, else SECRET_KEY."""
    return (getattr(settings, "KORPU_LEDGER_KEY", "") or settings.SECRET_KEY).encode()


def fingerprint(**fields) -> str:
    """A stable digest of what a caller asked for, to tell a retry from a different request."""
    return hashlib.sha256(json.dumps(fields, sort_keys=True, default=str).encode()).hexdigest()


def account_code(kind: str, ref: str, currency: str) -> str:
    return f"{kind}:{ref}:{currency}"


@dataclass
class Leg:
    """An account named by kind and reference (fund id, channel name, provider...)."""

    kind: str
    ref: str
    fund_id: uuid.UUID | None = None

    def code(self, currency: str) -> str:
        return account_code(self.kind, str(self.ref), currency)


def fund_leg(fund) -> Leg:
    return Leg(AccountKind.FUND, str(fund.pk), fund.pk)


def purpose_leg(fund) -> Leg:
    return Leg(AccountKind.PURPOSE, str(fund.pk), fund.pk)


@dataclass
class Spec:
    """One transfer to post."""

    key: str
    debit: Leg
    credit: Leg
    amount: int
    currency: str
    kind: str = TransferKind.POSTED
    pending: Transfer | None = None
    reverses: Transfer | None = None
    memo: str = ""
    intent: dict = field(default_factory=dict)

    def fingerprint(self) -> str:
        return fingerprint(
            debit=self.debit.code(self.currency), credit=self.credit.code(self.currency), amount=self.amount,
            currency=self.currency, kind=str(self.kind), pending=self.pending.pk if self.pending else None,
            reverses=self.reverses.pk if self.reverses else None, **self.intent,
        )


def content(t: Transfer) -> str:
    """The hashed content of a transfer row (everything but its id and its hashes)."""
    micros = int(t.created_at.timestamp() * 1_000_000)
    return "|".join(str(v) for v in (
        t.chain, t.seq, t.key, t.fingerprint, t.kind, t.debit_account_id, t.credit_account_id, t.amount,
        t.currency, t.pending_id or "", t.reverses_id or "", t.memo, micros,
    ))


def row_hash(prev_hash: str, t: Transfer) -> str:
    return hmac.new(ledger_key(), f"{prev_hash}|{content(t)}".encode(), hashlib.sha256).hexdigest()


def ensure_accounts(wanted: dict[str, tuple[str, uuid.UUID | None, str]]) -> dict[str, Account]:
    """code → Account for every code in `wanted` ({code: (kind, fund_id, currency)}), creating missing ones."""
    found = {a.code: a for a in Account.objects.filter(code__in=list(wanted))}
    missing = [Account(code=c, kind=k, fund_id=f, currency=cur) for c, (k, f, cur) in wanted.items() if c not in found]
    if missing:
        Account.objects.bulk_create(missing, ignore_conflicts=True)
        found = {a.code: a for a in Account.objects.filter(code__in=list(wanted))}
    return found


def _take_chain() -> LedgerHead:
    """Lock one chain head for this transaction: any free one on PostgreSQL, so writers never queue."""
    if connection.vendor == "postgresql":
        for _attempt in range(2):
            head = LedgerHead.objects.select_for_update(skip_locked=True).order_by("?").first()
            if head is not None:
                return head
            if not LedgerHead.objects.exists():
                _create_heads()
                continue
            # Every chain is busy: wait for one, chosen at random.
            return LedgerHead.objects.select_for_update().get(chain=random.randrange(CHAINS))
        raise RuntimeError("no ledger chain")
    # SQLite: one writer at a time anyway (BEGIN IMMEDIATE), so any chain is free.
    head = LedgerHead.objects.filter(chain=random.randrange(CHAINS)).first()
    if head is None:
        _create_heads()
        head = LedgerHead.objects.get(chain=0)
    return head


def _create_heads() -> None:
    LedgerHead.objects.bulk_create([LedgerHead(chain=c) for c in range(CHAINS)], ignore_conflicts=True)


def _check_rules(spec: Spec, debit: Account, credit: Account) -> None:
    check_minor(spec.amount, spec.currency)
    if debit.currency != spec.currency or credit.currency != spec.currency:
        raise GivingError(_("Both accounts of a transfer must be in its currency."))
    if debit.pk == credit.pk:
        raise GivingError(_("A transfer needs two different accounts."))
    if debit.kind == AccountKind.FUND:
        to_purpose = credit.kind == AccountKind.PURPOSE and credit.fund_id == debit.fund_id
        if not to_purpose and spec.reverses is None and spec.kind not in (TransferKind.VOID_PENDING,):
            raise GivingError(_("Money given to a fund may leave it only for the fund's purpose."))
    if spec.kind in (TransferKind.POST_PENDING, TransferKind.VOID_PENDING):
        pending = spec.pending
        if pending is None or pending.kind != TransferKind.PENDING:
            raise GivingError(_("Only a pending transfer can be posted or voided."))
        if Transfer.objects.filter(pending=pending).exists():
            raise AlreadyResolved()
        if (debit.pk, credit.pk) != (pending.debit_account_id, pending.credit_account_id):
            raise GivingError(_("A pledge is paid into the accounts it was promised to."))
        if spec.amount > pending.amount:
            raise InvalidAmount(_("The payment is larger than the pledge."))
    if spec.reverses is not None:
        original = spec.reverses
        if (debit.pk, credit.pk) != (original.credit_account_id, original.debit_account_id):
            raise GivingError(_("A reversal moves the money back the way it came."))
        if spec.amount > original.amount:
            raise InvalidAmount(_("A reversal cannot be larger than the original transfer."))
        if Transfer.objects.filter(reverses=original).exists():
            raise AlreadyResolved(_("This transfer has already been reversed."))


def post(specs: list[Spec]) -> list[tuple[Transfer, bool]]:
    """Post transfers (call inside transaction.atomic). A known key with the same contents returns
    the first transfer (created False); with different contents it raises IdempotencyConflict."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("ledger.post must run inside transaction.atomic")
    for spec in specs:
        spec.currency = check_currency(spec.currency)
        check_minor(spec.amount, spec.currency)
    prints = [s.fingerprint() for s in specs]
    keys = [s.key for s in specs]
    if len(set(keys)) != len(keys):
        raise IdempotencyConflict(_("The same idempotency key appears twice in one request."))
    existing = {t.key: t for t in Transfer.objects.filter(key__in=keys)}
    results: list[tuple[Transfer, bool] | None] = [None] * len(specs)
    fresh: list[int] = []
    for i, spec in enumerate(specs):
        old = existing.get(spec.key)
        if old is None:
            fresh.append(i)
        elif old.fingerprint != prints[i]:
            raise IdempotencyConflict()
        else:
            results[i] = (old, False)
    if fresh:
        wanted = {}
        for i in fresh:
            s = specs[i]
            for leg in (s.debit, s.credit):
                wanted[leg.code(s.currency)] = (leg.kind, leg.fund_id, s.currency)
        accounts = ensure_accounts(wanted)
        head = _take_chain()
        now = timezone.now()
        rows = []
        deltas: dict[int, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
        seq, prev = head.seq, head.hash
        for i in fresh:
            s = specs[i]
            debit, credit = accounts[s.debit.code(s.currency)], accounts[s.credit.code(s.currency)]
            _check_rules(s, debit, credit)
            seq += 1
            t = Transfer(
                key=s.key, fingerprint=prints[i], kind=s.kind, debit_account_id=debit.pk, credit_account_id=credit.pk,
                amount=s.amount, currency=s.currency, pending=s.pending, reverses=s.reverses, memo=s.memo[:200],
                created_at=now, chain=head.chain, seq=seq, prev_hash=prev,
            )
            t.hash = prev = row_hash(prev, t)
            rows.append(t)
            apply_delta(deltas, t, s.pending)
        Transfer.objects.bulk_create(rows)
        LedgerHead.objects.filter(chain=head.chain).update(seq=seq, hash=prev)
        _add_to_balances(deltas, head.chain)
        for i, t in zip(fresh, rows, strict=True):
            results[i] = (t, True)
    return results  # type: ignore[return-value]


def apply_delta(deltas: dict[int, list[int]], t: Transfer, pending: Transfer | None) -> None:
    """Add one transfer's effect to {account_id: [posted_debits, posted_credits, pending_debits, pending_credits]}."""
    if t.kind == TransferKind.POSTED:
        deltas[t.debit_account_id][0] += t.amount
        deltas[t.credit_account_id][1] += t.amount
    elif t.kind == TransferKind.PENDING:
        deltas[t.debit_account_id][2] += t.amount
        deltas[t.credit_account_id][3] += t.amount
    else:
        assert pending is not None
        deltas[t.debit_account_id][2] -= pending.amount
        deltas[t.credit_account_id][3] -= pending.amount
        if t.kind == TransferKind.POST_PENDING:
            deltas[t.debit_account_id][0] += t.amount
            deltas[t.credit_account_id][1] += t.amount


def _add_to_balances(deltas: dict[int, list[int]], shard: int) -> None:
    table = AccountBalance._meta.db_table
    sql = (
        f"INSERT INTO {table} (account_id, shard, posted_debits, posted_credits, pending_debits, pending_credits) "
        "VALUES (%s, %s, %s, %s, %s, %s) ON CONFLICT (account_id, shard) DO UPDATE SET "
        f"posted_debits = {table}.posted_debits + excluded.posted_debits, "
        f"posted_credits = {table}.posted_credits + excluded.posted_credits, "
        f"pending_debits = {table}.pending_debits + excluded.pending_debits, "
        f"pending_credits = {table}.pending_credits + excluded.pending_credits"
    )
    with connection.cursor() as cursor:
        cursor.executemany(sql, [(acc, shard, *vals) for acc, vals in sorted(deltas.items())])


@dataclass(frozen=True)
class Balance:
    posted_debits: int = 0
    posted_credits: int = 0
    pending_debits: int = 0
    pending_credits: int = 0

    @property
    def posted(self) -> int:
        """Credits minus debits: what the account holds (funds are credit-normal)."""
        return self.posted_credits - self.posted_debits

    @property
    def pending(self) -> int:
        return self.pending_credits - self.pending_debits


def balances(account_ids) -> dict[int, Balance]:
    """Maintained balances (sum of the shards), one query."""
    from django.db.models import Sum

    rows = (
        AccountBalance.objects.filter(account_id__in=list(account_ids)).values("account_id")
        .annotate(pd=Sum("posted_debits"), pc=Sum("posted_credits"), qd=Sum("pending_debits"), qc=Sum("pending_credits"))
    )
    return {r["account_id"]: Balance(r["pd"], r["pc"], r["qd"], r["qc"]) for r in rows}


def balance_of(account: Account | None) -> Balance:
    if account is None:
        return Balance()
    return balances([account.pk]).get(account.pk, Balance())
