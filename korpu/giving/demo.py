"""Demo data: a past charity marathon with a few thousand gifts over every channel and currency,
a live one for the tally page, pledges, cash awaiting confirmation, and a fund with a payout."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from typing import TextIO

from django.utils import timezone

# AZN per unit, as the Central Bank of Azerbaijan publishes them (demo values).
DEMO_RATES = {"USD": "1.7000", "EUR": "1.8520", "RUB": "0.0186", "TRY": "0.0494", "GBP": "2.1610", "KZT": "0.0034",
              "CAD": "1.2150", "SEK": "0.1610", "UAH": "0.0410", "GEL": "0.6250"}
COUNTRIES = ["AZ", "TR", "RU", "DE", "US", "GB", "FR", "NL", "UA", "GE", "KZ", "CA", "SE", "IL"]
CURRENCY_OF = {"AZ": "AZN", "TR": "TRY", "RU": "RUB", "DE": "EUR", "US": "USD", "GB": "GBP", "FR": "EUR", "NL": "EUR",
               "UA": "UAH", "GE": "GEL", "KZ": "KZT", "CA": "CAD", "SE": "SEK", "IL": "USD"}
TYPICAL = {"AZN": 5000, "USD": 3000, "EUR": 3000, "GBP": 2500, "RUB": 300000, "TRY": 100000, "UAH": 100000,
           "GEL": 8000, "KZT": 1500000, "CAD": 4000, "SEK": 30000}


# The foundation's two officers (four eyes); revival's demo uses the same two people.
FOUNDATION_OFFICERS = [("foundation", "Nigar Quliyeva", "az"), ("foundation2", "Tural Həsənov", "az")]


def _users(out):
    from korpu.accounts.services import do_assign_role
    from korpu.core.demo import demo_email, ensure_user

    people = {}
    for kind, name, lang, role in [
        *((kind, name, lang, "foundation_officer") for kind, name, lang in FOUNDATION_OFFICERS),
        ("callcentre", "Sevinc Abbasova", "az", "call_centre_volunteer"),
        ("auditor", "Murad Kərimov", "en", "auditor"),
    ]:
        user = ensure_user(demo_email(kind), name, lang)
        if not user.role_assignments.filter(role__code=role).exists():
            do_assign_role(actor="system", user=user, role_code=role)
        people[kind] = user
    return people


def _rates(days):
    from korpu.giving.models import ExchangeRate

    rows = [ExchangeRate(day=day, currency=c, quote="AZN", rate=Decimal(r), source="cbar")
            for day in days for c, r in DEMO_RATES.items()]
    ExchangeRate.objects.bulk_create(rows, ignore_conflicts=True)


def _gifts(campaign, fund, *, prefix, count, day, rng, donors=()):
    from korpu.giving.ledger import Leg
    from korpu.giving.models import AccountKind
    from korpu.giving.services import GiftIntent, do_record_gifts

    channels = ["card"] * 5 + ["bank"] * 2 + ["api"] * 2 + ["cash"]
    intents = []
    for i in range(count):
        country = rng.choice(COUNTRIES)
        currency = CURRENCY_OF[country] if rng.random() < 0.8 else rng.choice(["USD", "EUR", "AZN"])
        channel = rng.choice(channels)
        amount = max(100, int(rng.lognormvariate(0, 0.9) * TYPICAL[currency]) // 100 * 100)
        donor = donors[i % len(donors)] if donors and rng.random() < 0.3 else None
        intents.append(GiftIntent(
            key=f"{prefix}:{i}", fund_id=fund.pk, amount_minor=amount, currency=currency, channel=channel,
            campaign_id=campaign.pk, country=country, donor_id=donor.pk if donor else None, on_day=day,
            source=Leg(AccountKind.PROVIDER, "stripe") if channel == "card" else None))
    for start in range(0, len(intents), 500):
        do_record_gifts(actor="demo", intents=intents[start:start + 500])


def load(*, out: TextIO) -> None:
    from korpu.giving.models import Challenge, Donor, Fund
    from korpu.giving.services import (
        do_add_challenge,
        do_book_matches,
        do_create_campaign,
        do_create_fund,
        do_enter_cash,
        do_enter_pledge,
        do_pay_out,
        do_pay_pledge,
        do_record_gift,
    )
    from korpu.network.models import ConsentPurpose, Person
    from korpu.network.selectors import consenting

    if Fund.objects.filter(code="shusha-juma-mosque").exists():
        return
    rng = random.Random(2020)
    users = _users(out)
    now = timezone.now()
    today = timezone.localdate()
    past_day = today - dt.timedelta(days=3)
    _rates([today, past_day])

    mosque = do_create_fund(
        actor="demo", code="shusha-juma-mosque", base_currency="AZN", hold_above_minor=5_000_000,
        names={"az": "Şuşa Cümə məscidinin bərpası", "en": "Restoring the Juma Mosque of Shusha",
               "ru": "Восстановление Джума-мечети в Шуше", "tr": "Şuşa Cuma Camii'nin restorasyonu",
               "ar": "ترميم مسجد الجمعة في شوشا"},
        purposes={"az": "Məscidin bərpası və mühafizəsi", "en": "Restoration and conservation of the mosque",
                  "ru": "Реставрация и сохранение мечети", "tr": "Caminin restorasyonu ve korunması",
                  "ar": "ترميم المسجد وصونه"})
    general = do_create_fund(
        actor="demo", code="foundation-general", base_currency="AZN",
        names={"az": "Fondun ümumi fondu", "en": "The foundation's general fund", "ru": "Общий фонд",
               "tr": "Vakfın genel fonu", "ar": "الصندوق العام للمؤسسة"})
    past = do_create_campaign(
        actor="demo", slug="qarabag-marathon-2025", base_currency="AZN", goal_minor=50_000_000,
        titles={"az": "Qarabağ xeyriyyə marafonu 2025", "en": "Karabakh charity marathon 2025",
                "ru": "Благотворительный марафон «Карабах» 2025", "tr": "Karabağ yardım maratonu 2025",
                "ar": "ماراثون قره باغ الخيري 2025"},
        starts_at=now - dt.timedelta(days=3, hours=6), ends_at=now - dt.timedelta(days=3), funds=[mosque, general])
    live = do_create_campaign(
        actor="demo", slug="shusha-live", base_currency="AZN", goal_minor=25_000_000, hold_above_minor=5_000_000,
        titles={"az": "Şuşa üçün canlı marafon", "en": "Live marathon for Shusha", "ru": "Прямой марафон для Шуши",
                "tr": "Şuşa için canlı maraton", "ar": "ماراثون مباشر من أجل شوشا"},
        descriptions={"az": "Diaspor bu gecə Cümə məscidi üçün toplayır.",
                      "en": "Tonight the diaspora gives for the Juma Mosque."},
        starts_at=now - dt.timedelta(hours=1), ends_at=now + dt.timedelta(hours=6), funds=[mosque])
    challenge = Challenge.objects.filter(campaign=live).first()
    if challenge is None:
        challenge = do_add_challenge(actor="demo", campaign=live, target_minor=1_000_000, from_minor=0, sponsor_label="Bakı Holdinq",
                         titles={"az": "Növbəti 10 000 ₼ sponsor tərəfindən ikiqat artırılır",
                                 "en": "The next 10,000 AZN are matched by a sponsor"})
    consenting_ids = consenting(Person.objects.values_list("pk", flat=True)[:500], ConsentPurpose.NAMED_IN_PUBLIC)
    donors = []
    for n, person in enumerate(Person.objects.filter(pk__in=consenting_ids)[:40]):
        donors.append(Donor.objects.get_or_create(person=person, user=None, defaults={
            "display": ["as_written", "initials", "as_written", "anonymous"][n % 4], "language": "az"})[0])
    _gifts(past, mosque, prefix="demo:past", count=2400, day=past_day, rng=rng, donors=donors)
    _gifts(past, general, prefix="demo:past-general", count=600, day=past_day, rng=rng, donors=donors)
    _gifts(live, mosque, prefix="demo:live", count=300, day=today, rng=rng, donors=donors)
    do_record_gift(actor="demo", key="demo:live:big", fund=mosque, campaign=live, amount_minor=8_000_000,
                   currency="AZN", channel="bank", country="AZ")  # held for review
    for i in range(12):
        pledge, _ = do_enter_pledge(actor=users["callcentre"], key=f"demo:pledge:{i}", fund=mosque, campaign=live,
                                    amount_minor=rng.choice([2000, 5000, 10000, 25000]), currency="AZN",
                                    caller_name=rng.choice(["Aynur", "Kamran", "Günel", "Elçin"]),
                                    caller_phone=f"+99450{rng.randrange(1000000, 9999999)}", country="AZ")
        if i % 3 == 0:
            do_pay_pledge(actor=users["foundation"], pledge=pledge, amount_minor=pledge.amount_minor,
                          key=f"demo:pledge-pay:{i}")
    do_enter_cash(actor=users["foundation"], fund=mosque, campaign=live, amount_minor=45000, currency="AZN",
                  country="DE", event_label="Berlin, Azərbaycan Evi")
    do_book_matches(actor="demo", challenge=challenge)  # the sponsor's match, as the periodic task books it
    do_pay_out(actor=users["foundation"], fund=mosque, amount_minor=1_000_000, currency="AZN",
               purpose_ref="Milestone 1: roof survey and scaffolding", evidence_url="https://example.org/evidence/roof-survey.pdf",
               idempotency_key="demo:payout:1", approved_by=[users["foundation"], users["foundation2"]])
    print("giving: 2 funds, 2 campaigns, ~3,300 gifts, pledges, cash and a payout", file=out)
