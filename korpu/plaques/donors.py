"""Who is named on a plaque, and how. Every read of the giving app for plaques is here.

- Donors to the project's fund, each once: all their counted gifts together, in the plaque's
  currency (see `Converter`). A refunded gift is
  no longer counted (giving marks it refunded and posts the reversing transfer), so totals are net
  of refunds; a donor whose gifts were all refunded is not on the plaque.
- Named only with the registry's consent (network: NAMED_IN_PUBLIC), in the form the donor chose:
  as written, or the other (e.g. transliterated) form only when they chose it, or initials.
  A gift in an organisation's name (giving's `Donor.organisation`) names the organisation by its
  registered name, unless it chose to stay anonymous. Everyone else who reaches the threshold is counted as
  anonymous, never named.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from korpu.plaques.errors import PlaquesError


@dataclass
class Donation:
    """One donor's total to a fund (net of refunds), from the giving app."""

    donor_id: str
    net_minor: int
    first_at: Any
    person: Any = None
    organisation: Any = None
    display: str = "anonymous"
    display_form: str = ""


@dataclass
class NamedDonor:
    text: str
    tier: str | None
    donor_id: str
    person_id: str | None
    net_minor: int
    first_at: Any
    organisation_id: str | None = None


@dataclass
class Selection:
    """The outcome of choosing names: who is named, how many are counted anonymously, who is not."""

    named: list[NamedDonor] = field(default_factory=list)
    anonymous: int = 0
    below_threshold: int = 0
    refunded: int = 0
    donors: int = 0


@dataclass(frozen=True)
class PersonRef:
    """The registry person behind a donor: only what naming needs."""

    pk: Any
    name: str
    erased_at: Any = None


@dataclass(frozen=True)
class OrganisationRef:
    pk: Any
    name: str


@dataclass
class Unconvertible:
    """Gifts that cannot be added to a total in the plaque's currency: no rate for their day."""

    source: str
    target: str
    day: Any
    gifts: int = 0


class Converter:
    """Each gift's amount in the plaque's currency: as given when it is in that currency; else
    giving's base amount (converted at the rate recorded with the gift) when the base is that
    currency; else the base amount at giving's rate for the gift's rate day. Rates are looked up
    once per (currency, day); gifts without one are collected, never silently left out."""

    def __init__(self, currency: str):
        self.currency = currency
        self._rates: dict[tuple, Any] = {}
        self.missing: dict[tuple, Unconvertible] = {}

    def __call__(self, gift: dict) -> int | None:
        from korpu.giving.errors import NoExchangeRate
        from korpu.giving.rates import convert, rate_for

        if gift["currency"] == self.currency:
            return int(gift["amount_minor"])
        if gift["base_currency"] == self.currency:
            return int(gift["base_minor"])
        key = (gift["base_currency"], gift["rate_date"])
        if key not in self._rates:
            try:
                self._rates[key] = rate_for(gift["base_currency"], self.currency, gift["rate_date"])
            except NoExchangeRate:
                self._rates[key] = None
        rate = self._rates[key]
        if rate is None:
            gap = self.missing.setdefault(key, Unconvertible(gift["base_currency"], self.currency, gift["rate_date"]))
            gap.gifts += 1
            return None
        return convert(int(gift["base_minor"]), gift["base_currency"], rate, self.currency)

    def check(self) -> None:
        """Refuse to name anyone while some gifts cannot be counted (a total would be too low)."""
        if not self.missing:
            return
        from korpu.core.formatting import format_date

        gaps = sorted(self.missing.values(), key=lambda g: (g.day, g.source))
        gifts = sum(g.gifts for g in gaps)
        which = "; ".join(_("{source} to {target} on {day}").format(source=g.source, target=g.target,
                                                                     day=format_date(g.day)) for g in gaps)
        raise PlaquesError(
            ngettext("{n} gift to this project's fund cannot be added to its donor's total in {currency}: there is "
                     "no exchange rate for {which}. Import the exchange rates of that day, then make the proof "
                     "again.",
                     "{n} gifts to this project's fund cannot be added to their donors' totals in {currency}: there "
                     "is no exchange rate for {which}. Import the exchange rates of those days, then make the "
                     "proof again.", gifts).format(n=gifts, currency=self.currency, which=which),
            code="no_exchange_rate",
            details={"gifts": gifts, "missing": [{"from": g.source, "to": g.target, "day": g.day.isoformat(),
                                                   "gifts": g.gifts} for g in gaps]})


def donations_to(fund_ref: str, currency: str) -> tuple[list[Donation], int]:
    """Each donor's counted gifts to the fund summed in `currency` (one row per donor), and how
    many donors had every gift refunded. Gifts in other currencies are converted (`Converter`); a
    gift that cannot be raises a clear error. Plain rows, not model instances: a big fund has
    thousands of gifts."""
    from korpu.giving.models import Gift, GiftStatus

    if not fund_ref:
        return [], 0
    fields = ["amount_minor", "currency", "base_minor", "base_currency", "rate_date", "status", "created_at",
              "donor_id", "donor__display", "donor__display_form", "donor__person_id", "donor__person__name",
              "donor__person__erased_at", "donor__organisation_id", "donor__organisation__name"]
    rows = (Gift.objects.filter(fund_id=fund_ref, donor__isnull=False)
            .exclude(status=GiftStatus.HELD).order_by("created_at").values(*fields))
    totals: dict[Any, Donation] = {}
    refunded_only: dict[Any, bool] = defaultdict(lambda: True)
    in_currency = Converter(currency)
    for g in rows:
        d = totals.get(g["donor_id"])
        if d is None:
            person = (PersonRef(g["donor__person_id"], g["donor__person__name"], g["donor__person__erased_at"])
                      if g["donor__person_id"] else None)
            organisation = (OrganisationRef(g["donor__organisation_id"], g["donor__organisation__name"])
                            if g["donor__organisation_id"] else None)
            d = totals[g["donor_id"]] = Donation(
                donor_id=str(g["donor_id"]), net_minor=0, first_at=g["created_at"], person=person,
                organisation=organisation, display=g["donor__display"], display_form=g["donor__display_form"] or "")
        if g["status"] == GiftStatus.REFUNDED:  # refunded in full: giving posted the reversing transfer
            continue
        refunded_only[g["donor_id"]] = False
        amount = in_currency(g)
        if amount is not None:
            d.net_minor += amount
        d.first_at = min(d.first_at, g["created_at"])
    in_currency.check()
    refunded = sum(1 for pk in totals if refunded_only[pk])
    return [d for pk, d in totals.items() if not refunded_only[pk]], refunded


def _initials(name: str) -> str:
    return " ".join(part[0].upper() + "." for part in name.split() if part)


def public_form(d: Donation, consenting: set) -> str | None:
    """The donor's name as they chose it, or None to count them anonymously."""
    if d.organisation is not None:
        # A gift in an organisation's name: the organisation's registered name, as it writes it —
        # never the name of the person who gave for it, nor another form; the registry's consent to
        # be named is a natural person's, so the organisation's own choice (anonymous or not) decides.
        if d.display == "anonymous" or not d.organisation.name.strip():
            return None
        return d.organisation.name.strip()
    person = d.person
    if person is None or person.pk not in consenting or getattr(person, "erased_at", None):
        return None
    if d.display == "as_written":
        return person.name
    if d.display == "other_form" and d.display_form.strip():
        return d.display_form.strip()
    if d.display == "initials":
        return _initials(person.name)
    return None


def select(plaque) -> Selection:
    """Choose the names of `plaque` from its project's fund; raise a clear error when nobody is named."""
    from korpu.network.models import ConsentPurpose
    from korpu.network.selectors import consenting

    project = plaque.project
    donations, refunded = donations_to(project.fund_ref, plaque.currency)
    out = Selection(refunded=refunded, donors=len(donations))
    if not donations:
        if refunded:
            raise PlaquesError(_("Every gift to this project's fund was refunded: there is nobody to name."),
                               code="empty")
        raise PlaquesError(_("Nobody has given to this project's fund yet: there is nobody to name."), code="empty")
    reaching = [d for d in donations if d.net_minor >= plaque.threshold_minor and d.net_minor > 0]
    out.below_threshold = len(donations) - len(reaching)
    if not reaching:
        from korpu.core.formatting import format_money

        raise PlaquesError(_("No donor reaches the threshold of {amount}: the plaque would name nobody. Lower the "
                             "threshold.").format(amount=format_money(plaque.threshold_minor, plaque.currency)),
                           code="threshold_names_nobody")
    agreed = consenting([d.person.pk for d in reaching if d.person is not None], ConsentPurpose.NAMED_IN_PUBLIC)
    for d in reaching:
        text = public_form(d, agreed)
        if text is None:
            out.anonymous += 1
            continue
        out.named.append(NamedDonor(text=text, tier=plaque.tier_for(d.net_minor), donor_id=d.donor_id,
                                    person_id=str(d.person.pk) if d.person is not None else None,
                                    net_minor=d.net_minor, first_at=d.first_at,
                                    organisation_id=str(d.organisation.pk) if d.organisation is not None else None))
    if not out.named:
        raise PlaquesError(_("All {n} donors who reach the threshold chose to stay anonymous: they are counted, "
                             "but a plaque needs at least one name.").format(n=out.anonymous),
                           code="all_anonymous")
    return out
