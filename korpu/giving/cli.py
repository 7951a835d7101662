"""`korpu check-ledger`: verify every invariant of the books; exit 1 on any break."""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict


def check_ledger(*, out=None, limit: int = 50) -> list[str]:
    """Every problem found in the books (empty when they are sound)."""
    from django.db.models import Count, Q, Sum

    from korpu.giving.ledger import ZERO_HASH, row_hash
    from korpu.giving.models import (
        CHAINS,
        Account,
        AccountBalance,
        AccountKind,
        Challenge,
        Gift,
        GiftStatus,
        LedgerHead,
        TallyShard,
        Transfer,
        TransferKind,
    )

    problems: list[str] = []

    def problem(text: str) -> None:
        problems.append(text)
        if out is not None and len(problems) <= limit:
            print(f"BROKEN: {text}", file=out)

    accounts = {a.pk: a for a in Account.objects.all()}
    heads = {h.chain: h for h in LedgerHead.objects.all()}
    computed: dict[int, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    pending_amount: dict[int, tuple[int, int, int]] = {}
    resolutions: dict[int, int] = defaultdict(int)
    reversed_: dict[int, int] = defaultdict(int)
    by_id: dict[int, tuple] = {}
    count = 0
    fields = ["id", "key", "fingerprint", "kind", "debit_account_id", "credit_account_id", "amount", "currency",
              "pending_id", "reverses_id", "memo", "created_at", "chain", "seq", "prev_hash", "hash"]
    for chain in sorted(set(heads) | set(Transfer.objects.values_list("chain", flat=True).distinct())):
        expected_seq, prev = 0, ZERO_HASH
        for values in Transfer.objects.filter(chain=chain).order_by("seq").values_list(*fields).iterator(chunk_size=5000):
            t = Transfer(**dict(zip(fields, values, strict=True)))
            count += 1
            expected_seq += 1
            if t.seq != expected_seq:
                problem(f"chain {chain}: transfer #{t.pk} has seq {t.seq}, expected {expected_seq} (a row is missing or added)")
                expected_seq = t.seq
            if t.prev_hash != prev:
                problem(f"chain {chain}: transfer #{t.pk} does not link to the previous row")
            if row_hash(t.prev_hash, t) != t.hash:
                problem(f"transfer #{t.pk} was changed after it was written (hash mismatch)")
            prev = t.hash
            by_id[t.pk] = (t.kind, t.debit_account_id, t.credit_account_id, t.amount)
            if t.amount <= 0:
                problem(f"transfer #{t.pk} has a non-positive amount")
            debit, credit = accounts.get(t.debit_account_id), accounts.get(t.credit_account_id)
            if debit is None or credit is None or debit.pk == credit.pk:
                problem(f"transfer #{t.pk} does not move money between two accounts")
                continue
            if debit.currency != t.currency or credit.currency != t.currency:
                problem(f"transfer #{t.pk} mixes currencies")
            if debit.kind == AccountKind.FUND and t.reverses_id is None:
                if not (credit.kind == AccountKind.PURPOSE and credit.fund_id == debit.fund_id):
                    problem(f"transfer #{t.pk} takes money out of fund {debit.fund_id} but not to its purpose")
            if t.reverses_id:
                reversed_[t.reverses_id] += 1
            if t.kind == TransferKind.POSTED:
                computed[debit.pk][0] += t.amount
                computed[credit.pk][1] += t.amount
            elif t.kind == TransferKind.PENDING:
                computed[debit.pk][2] += t.amount
                computed[credit.pk][3] += t.amount
                pending_amount[t.pk] = (t.amount, debit.pk, credit.pk)
            elif t.pending_id is None:
                problem(f"transfer #{t.pk} resolves a pledge but names no pending transfer")
            else:
                resolutions[t.pending_id] += 1
                if t.kind == TransferKind.POST_PENDING:
                    computed[debit.pk][0] += t.amount
                    computed[credit.pk][1] += t.amount
        head = heads.get(chain)
        if head is None or head.seq != expected_seq or head.hash != prev:
            problem(f"chain {chain}: its head does not match its last row (the newest row was changed or removed)")
    if len(heads) != CHAINS:
        problem(f"there are {len(heads)} chain heads, expected {CHAINS}")
    # Pledges resolve at most once, for no more than was promised, in the promised accounts.
    for pending_id, n in resolutions.items():
        if n > 1:
            problem(f"pending transfer #{pending_id} was resolved {n} times")
        if pending_id not in pending_amount:
            problem(f"a resolution names #{pending_id}, which is not a pending transfer")
    for (pid, kind, debit_id, credit_id, amount) in Transfer.objects.filter(pending__isnull=False).values_list(
            "pending_id", "kind", "debit_account_id", "credit_account_id", "amount").iterator():
        original = pending_amount.get(pid)
        if original is None:
            continue
        computed[original[1]][2] -= original[0]
        computed[original[2]][3] -= original[0]
        if kind == TransferKind.POST_PENDING and amount > original[0]:
            problem(f"pending transfer #{pid} was posted for more than it promised")
        if (debit_id, credit_id) != original[1:]:
            problem(f"pending transfer #{pid} was resolved into other accounts")
    for tid, n in reversed_.items():
        if n > 1:
            problem(f"transfer #{tid} was reversed {n} times")
    # A sponsor's match (pending or paid, out of the challenge's sponsor account) stays within the
    # challenge's target, and agrees with what the challenge says was booked.
    by_code = {a.code: a for a in accounts.values()}
    for ch_id, target, booked, currency in Challenge.objects.values_list(
            "pk", "target_minor", "matched_minor", "campaign__base_currency"):
        account = by_code.get(f"{AccountKind.SPONSOR}:{ch_id}:{currency}")
        flows = computed.get(account.pk, [0, 0, 0, 0]) if account else [0, 0, 0, 0]
        matched = flows[0] + flows[2] - flows[1]
        if matched > target:
            problem(f"challenge {ch_id}: the sponsor's match {matched} is over its target {target}")
        if matched != booked:
            problem(f"challenge {ch_id}: the ledger holds a match of {matched}, the challenge says {booked}")
    # Maintained balances equal the sum of the transfers.
    stored = {
        r["account_id"]: [r["pd"], r["pc"], r["qd"], r["qc"]]
        for r in AccountBalance.objects.values("account_id").annotate(
            pd=Sum("posted_debits"), pc=Sum("posted_credits"), qd=Sum("pending_debits"), qc=Sum("pending_credits"))
    }
    totals: dict[str, int] = defaultdict(int)
    for account_id in set(stored) | set(computed):
        want = computed.get(account_id, [0, 0, 0, 0])
        have = stored.get(account_id, [0, 0, 0, 0])
        if list(want) != list(have):
            code = accounts[account_id].code if account_id in accounts else account_id
            problem(f"account {code}: stored balance {have} differs from its transfers {want}")
        if account_id in accounts:
            totals[accounts[account_id].currency] += want[1] - want[0]
    for currency, total in totals.items():
        if total != 0:
            problem(f"the accounts in {currency} do not sum to zero ({total})")
    # Gifts match their transfers; the maintained tally matches the counted gifts.
    mismatched = Gift.objects.exclude(amount_minor=__import__("django.db.models", fromlist=["F"]).F("transfer__amount"))
    for gift_id in mismatched.values_list("pk", flat=True)[:limit]:
        problem(f"gift {gift_id} differs from its transfer")
    counted = {
        (r["campaign_id"], r["country"]): (r["n"], r["b"])
        for r in Gift.objects.filter(status=GiftStatus.COUNTED, campaign__isnull=False)
        .values("campaign_id", "country").annotate(n=Count("id"), b=Sum("base_minor"))
    }
    tally = {
        (r["campaign_id"], r["country"]): (r["n"], r["b"])
        for r in TallyShard.objects.values("campaign_id", "country").annotate(n=Sum("gifts"), b=Sum("base_minor"))
        .filter(~Q(n=0) | ~Q(b=0))
    }
    if counted != tally:
        problem("the live tally differs from the counted gifts")
    if out is not None:
        print(f"checked {count} transfers in {len(heads)} chains, {len(accounts)} accounts: "
              + ("OK" if not problems else f"{len(problems)} problem(s)"), file=out)
    return problems


def check_ledger_main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="korpu check-ledger", description="Verify every invariant of the ledger.")
    parser.parse_args(argv)
    from korpu.cli import _setup_django

    _setup_django()
    problems = check_ledger(out=sys.stdout)
    return 1 if problems else 0
