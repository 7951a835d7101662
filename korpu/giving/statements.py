"""Bank statements: CSV and ISO 20022 camt.053, matched to pledges (by reference) and funds;
what cannot be matched or read is left for an officer."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import re
from dataclasses import dataclass
from xml.etree import ElementTree

from django.db import transaction
from django.utils.translation import gettext as _

from korpu.core import audit
from korpu.core.models import AuditAction
from korpu.giving.errors import BadStatement, KorpuError
from korpu.giving.ledger import Leg
from korpu.giving.models import (
    AccountKind,
    BankStatement,
    Fund,
    LineStatus,
    Pledge,
    PledgeStatus,
    StatementLine,
)
from korpu.giving.money import check_currency, parse_amount

PLEDGE_REF = re.compile(r"\bP[A-HJ-NP-Z2-9]{7}\b")


@dataclass
class Line:
    line_no: int
    raw: str
    booked_on: dt.date | None = None
    amount_minor: int | None = None
    currency: str = ""
    reference: str = ""
    counterparty: str = ""
    problem: str = ""
    credit: bool = True


def _date(text: str) -> dt.date:
    text = text.strip()
    for fmt in ("%Y-%m-%d", "%d.%m.%Y", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(text[:10], fmt).date()
        except ValueError:
            continue
    raise ValueError(text)


def parse_csv(data: bytes) -> list[Line]:
    """Columns: date, amount, currency, reference, counterparty (a header row names them)."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise BadStatement(_("The statement is not UTF-8 text.")) from None
    reader = csv.reader(io.StringIO(text), delimiter=";" if text.count(";") > text.count(",") else ",")
    rows = list(reader)
    if not rows:
        raise BadStatement(_("The statement is empty."))
    header = [h.strip().lower() for h in rows[0]]
    needed = ["date", "amount", "currency", "reference"]
    if not all(h in header for h in needed):
        raise BadStatement(_("The first row must name the columns date, amount, currency and reference."))
    lines = []
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        line = Line(line_no=number, raw=",".join(row)[:1000])
        try:
            cells = dict(zip(header, row, strict=True))
            line.booked_on = _date(cells["date"])
            line.currency = check_currency(cells["currency"])
            amount = cells["amount"].strip()
            line.credit = not amount.startswith("-")
            line.amount_minor = parse_amount(amount.lstrip("-+"), line.currency)
            line.reference = cells.get("reference", "").strip()[:300]
            line.counterparty = cells.get("counterparty", cells.get("name", "")).strip()[:200]
        except (KorpuError, ValueError, KeyError) as exc:
            line.problem = str(getattr(exc, "message", "") or _("This line could not be read."))[:300]
        lines.append(line)
    return lines


def parse_camt053(data: bytes) -> list[Line]:
    """ISO 20022 camt.053: Stmt/Ntry with Amt[@Ccy], CdtDbtInd, BookgDt, and the remittance info."""
    try:
        root = ElementTree.fromstring(data)
    except ElementTree.ParseError:
        raise BadStatement(_("The statement is not valid camt.053 XML.")) from None

    def local(el):
        return el.tag.rsplit("}", 1)[-1]

    def find(el, *path):
        for step in path:
            el = next((c for c in el if local(c) == step), None)
            if el is None:
                return None
        return el

    entries = [el for el in root.iter() if local(el) == "Ntry"]
    if not any(local(el) == "Stmt" for el in root.iter()):
        raise BadStatement(_("The statement is not valid camt.053 XML."))
    lines = []
    for number, entry in enumerate(entries, start=1):
        line = Line(line_no=number, raw=ElementTree.tostring(entry, encoding="unicode")[:1000])
        try:
            amt = find(entry, "Amt")
            if amt is None:
                raise ValueError("Amt")
            line.currency = check_currency(amt.attrib.get("Ccy", ""))
            line.amount_minor = parse_amount(amt.text or "", line.currency)
            line.credit = (find(entry, "CdtDbtInd").text or "").strip() == "CRDT"
            booked = find(entry, "BookgDt", "Dt")
            if booked is None:
                booked = find(entry, "BookgDt", "DtTm")
            line.booked_on = _date(booked.text or "") if booked is not None else None
            refs = [el.text or "" for el in entry.iter() if local(el) in {"Ustrd", "Ref", "EndToEndId"}]
            line.reference = " ".join(r.strip() for r in refs if r.strip())[:300]
            name = next((el for el in entry.iter() if local(el) == "Dbtr"), None)
            nm = find(name, "Nm") if name is not None else None
            if nm is None and name is not None:
                nm = find(name, "Pty", "Nm")
            line.counterparty = (nm.text or "").strip()[:200] if nm is not None else ""
        except (KorpuError, ValueError, AttributeError) as exc:
            line.problem = str(getattr(exc, "message", "") or _("This line could not be read."))[:300]
        lines.append(line)
    return lines


def do_import_statement(*, actor, data: bytes, filename: str, fund: Fund | None = None) -> BankStatement:
    """Import a statement once (the same file again is refused); book the lines that match a pledge
    or, when a fund is given, every other credit as a gift to it; leave the rest for an officer."""
    from korpu.giving.services import GiftIntent, do_pay_pledge, record_gifts

    digest = hashlib.sha256(data).hexdigest()
    existing = BankStatement.objects.filter(digest=digest).first()
    if existing:
        return existing
    fmt = "camt053" if data.lstrip()[:1] == b"<" else "csv"
    lines = parse_camt053(data) if fmt == "camt053" else parse_csv(data)
    with transaction.atomic():
        statement = BankStatement.objects.create(digest=digest, filename=filename[:200], format=fmt, fund=fund,
                                                 imported_by=actor if getattr(actor, "is_authenticated", False) else None)
        audit.record(actor=actor, action=AuditAction.CREATE, obj=statement, message=f"{len(lines)} lines")
    for line in lines:
        row = StatementLine(statement=statement, line_no=line.line_no, booked_on=line.booked_on,
                            amount_minor=line.amount_minor, currency=line.currency, reference=line.reference,
                            counterparty=line.counterparty, raw=line.raw, problem=line.problem,
                            status=LineStatus.UNMATCHED)
        key = f"bank:{digest[:16]}:{line.line_no}"
        amount_minor = line.amount_minor
        if line.problem or amount_minor is None:
            row.status = LineStatus.GARBLED
            row.problem = row.problem or _("This line could not be read.")
        elif not line.credit:
            row.status = LineStatus.IGNORED
        else:
            match = PLEDGE_REF.search(line.reference.upper())
            pledge = Pledge.objects.filter(reference=match.group(0), status=PledgeStatus.OPEN).first() if match else None
            try:
                if pledge and pledge.currency == line.currency and amount_minor <= pledge.amount_minor:
                    row.gift = do_pay_pledge(actor=actor, pledge=pledge, amount_minor=amount_minor, key=key,
                                             on_day=line.booked_on)
                    row.pledge, row.status = pledge, LineStatus.MATCHED
                elif fund is not None and not match:
                    with transaction.atomic():
                        row.gift = record_gifts(actor=actor, intents=[GiftIntent(
                            key=key, fund_id=fund.pk, amount_minor=amount_minor, currency=line.currency,
                            channel="bank", on_day=line.booked_on,
                            source=Leg(AccountKind.CHANNEL, "bank"))])[0][0]
                    row.status = LineStatus.MATCHED
            except KorpuError as exc:
                row.problem = str(exc.message)[:300]
        row.save()
    return statement


def do_assign_line(*, actor, line: StatementLine, fund: Fund | None = None, pledge: Pledge | None = None,
                   ignore: bool = False) -> StatementLine:
    """An officer books an unmatched line to a pledge or a fund, or marks it as not a gift."""
    from korpu.giving.services import GiftIntent, do_pay_pledge, record_gifts

    with transaction.atomic():
        line = StatementLine.objects.select_for_update().get(pk=line.pk)
        if line.status != LineStatus.UNMATCHED:
            from korpu.giving.errors import AlreadyResolved

            raise AlreadyResolved(_("This line has already been dealt with."))
        key = f"bank:{line.statement.digest[:16]}:{line.line_no}"
        amount_minor = line.amount_minor
        if ignore:
            line.status = LineStatus.IGNORED
        elif amount_minor is None:
            raise BadStatement(_("This line could not be read."))
        elif pledge is not None:
            line.gift = do_pay_pledge(actor=actor, pledge=pledge, amount_minor=amount_minor, key=key,
                                      on_day=line.booked_on)
            line.pledge, line.status = pledge, LineStatus.MATCHED
        elif fund is not None:
            line.gift = record_gifts(actor=actor, intents=[GiftIntent(
                key=key, fund_id=fund.pk, amount_minor=amount_minor, currency=line.currency, channel="bank",
                on_day=line.booked_on)])[0][0]
            line.status = LineStatus.MATCHED
        else:
            raise BadStatement(_("Choose a pledge or a fund, or mark the line as not a gift."))
        line.save(update_fields=["status", "gift", "pledge", "updated_at"])
        audit.record(actor=actor, action=AuditAction.UPDATE, obj=line, changes={"status": ["unmatched", line.status]})
    return line
