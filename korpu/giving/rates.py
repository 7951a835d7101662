"""Exchange rates: the day's rate with its source and date, and importers for the Central Bank of
Azerbaijan (CBAR) and the European Central Bank (ECB) daily XML files."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Decimal
from xml.etree import ElementTree

from django.db import transaction
from django.utils.translation import gettext as _

from korpu.giving.errors import BadStatement, NoExchangeRate
from korpu.giving.models import ExchangeRate
from korpu.giving.money import minor_digits

# A rate older than this is not "the day's rate" any more (weekends and holidays are covered).
MAX_AGE = dt.timedelta(days=7)


@dataclass(frozen=True)
class Rate:
    """1 unit of the gift's currency = `rate` units of the base currency."""

    rate: Decimal
    source: str
    day: dt.date


def _latest(currency: str, quote: str, day: dt.date) -> ExchangeRate | None:
    return (
        ExchangeRate.objects.filter(currency=currency, quote=quote, day__lte=day, day__gte=day - MAX_AGE)
        .order_by("-day", "source")
        .first()
    )


def rate_for(currency: str, base: str, day: dt.date) -> Rate:
    """The rate to convert `currency` into `base` on `day`: direct, inverse, or across AZN or EUR."""
    if currency == base:
        return Rate(Decimal(1), "identity", day)
    direct = _latest(currency, base, day)
    if direct:
        return Rate(direct.rate, direct.source, direct.day)
    inverse = _latest(base, currency, day)
    if inverse:
        return Rate((Decimal(1) / inverse.rate).quantize(Decimal("1e-12")), inverse.source, inverse.day)
    for pivot in ("AZN", "EUR"):
        first = _latest(currency, pivot, day) if currency != pivot else None
        second = _latest(base, pivot, day) if base != pivot else None
        if (first or currency == pivot) and (second or base == pivot):
            r1 = first.rate if first else Decimal(1)
            r2 = second.rate if second else Decimal(1)
            used = [r for r in (first, second) if r]
            return Rate((r1 / r2).quantize(Decimal("1e-12")), used[0].source, min(r.day for r in used))
    raise NoExchangeRate(
        _("There is no exchange rate from {currency} to {base} on {day}.").format(currency=currency, base=base, day=day)
    )


def convert(amount_minor: int, currency: str, rate: Rate, base: str) -> int:
    """Minor units of `currency` → minor units of `base` (banker's rounding)."""
    shift = minor_digits(base) - minor_digits(currency)
    value = (Decimal(amount_minor) * rate.rate).scaleb(shift)
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_EVEN))


def parse_cbar(xml: bytes) -> tuple[dt.date, list[tuple[str, Decimal]]]:
    """CBAR's daily file: ValCurs[@Date]/ValType/Valute[@Code] with Nominal and Value (AZN per Nominal)."""
    try:
        root = ElementTree.fromstring(xml)
        day = dt.datetime.strptime(root.attrib["Date"], "%d.%m.%Y").date()
    except (ElementTree.ParseError, KeyError, ValueError):
        raise BadStatement(_("This is not a CBAR exchange-rate file.")) from None
    rates = []
    for valute in root.iter("Valute"):
        code = (valute.attrib.get("Code") or "").upper()
        try:
            nominal = Decimal((valute.findtext("Nominal") or "1").strip().split()[0])
            value = Decimal((valute.findtext("Value") or "").strip())
        except (ArithmeticError, IndexError, ValueError):
            continue
        if len(code) == 3 and code.isalpha() and nominal > 0 and value > 0:
            rates.append((code, (value / nominal).quantize(Decimal("1e-12"))))
    return day, rates


def parse_ecb(xml: bytes) -> tuple[dt.date, list[tuple[str, Decimal]]]:
    """ECB's eurofxref-daily.xml: Cube[@time]/Cube[@currency @rate] (units per 1 EUR)."""
    try:
        root = ElementTree.fromstring(xml)
    except ElementTree.ParseError:
        raise BadStatement(_("This is not an ECB exchange-rate file.")) from None
    day = None
    rates = []
    for cube in root.iter():
        if not cube.tag.endswith("Cube"):
            continue
        if "time" in cube.attrib:
            day = dt.date.fromisoformat(cube.attrib["time"])
        if "currency" in cube.attrib and "rate" in cube.attrib:
            per_eur = Decimal(cube.attrib["rate"])
            if per_eur > 0:
                # Stored as 1 unit of the currency = x EUR, like CBAR's AZN per unit.
                rates.append((cube.attrib["currency"].upper(), (Decimal(1) / per_eur).quantize(Decimal("1e-12"))))
    if day is None:
        raise BadStatement(_("This is not an ECB exchange-rate file."))
    return day, rates


def do_import_rates(*, actor, xml: bytes, source: str) -> int:
    """Store a CBAR or ECB daily file; importing the same day twice changes nothing."""
    from korpu.core import audit

    day, rates = parse_cbar(xml) if source == "cbar" else parse_ecb(xml)
    quote = "AZN" if source == "cbar" else "EUR"
    with transaction.atomic():
        created = 0
        for code, rate in rates:
            _obj, made = ExchangeRate.objects.get_or_create(
                day=day, currency=code, quote=quote, source=source, defaults={"rate": rate}
            )
            created += made
        audit.record(actor=actor, action="create", object_type="giving.exchangerate", object_id=f"{source}:{day}",
                     message=f"{created} rates from {source} for {day}")
    return created
