"""Demo registry: ~200 organisations in 45 countries, ~5,000 people with names in mixed scripts,
memberships, consents, some planted duplicates, and the demo users' organisation roles."""

from __future__ import annotations

import random
import uuid
from typing import TextIO

from django.db import transaction
from django.utils import timezone

DEMO_ORG_ID = uuid.UUID("00000000-0000-4000-8000-0000000d0001")
SEED = 20261128

# country, cities, Faker locale for the people who live there
PLACES = [
    ("DE", ["Berlin", "Köln", "München", "Hamburg"], "de_DE"), ("FR", ["Paris", "Lyon", "Strasbourg"], "fr_FR"),
    ("GB", ["London", "Manchester"], "en_GB"), ("NL", ["Amsterdam", "Rotterdam"], "nl_NL"),
    ("BE", ["Brussel", "Antwerpen"], "fr_FR"), ("AT", ["Wien", "Graz"], "de_DE"), ("CH", ["Zürich", "Genève"], "de_DE"),
    ("SE", ["Stockholm", "Göteborg"], "sv_SE"), ("NO", ["Oslo"], "no_NO"), ("DK", ["København"], "da_DK"),
    ("FI", ["Helsinki"], "fi_FI"), ("PL", ["Warszawa", "Kraków"], "pl_PL"), ("CZ", ["Praha"], "cs_CZ"),
    ("IT", ["Roma", "Milano"], "it_IT"), ("ES", ["Madrid", "Barcelona"], "es_ES"), ("PT", ["Lisboa"], "pt_PT"),
    ("RU", ["Москва", "Санкт-Петербург", "Екатеринбург", "Дербент"], "ru_RU"),
    ("UA", ["Київ", "Харків", "Одеса"], "uk_UA"), ("BY", ["Минск"], "ru_RU"), ("KZ", ["Алматы", "Астана"], "ru_RU"),
    ("UZ", ["Toshkent"], "ru_RU"), ("KG", ["Бишкек"], "ru_RU"), ("GE", ["Tbilisi", "Marneuli"], "ka_GE"),
    ("TR", ["İstanbul", "Ankara", "Iğdır", "Kars"], "tr_TR"), ("IR", ["تبریز", "تهران", "اردبیل", "زنجان"], "fa_IR"),
    ("IQ", ["كركوك", "بغداد"], "ar_AA"), ("AE", ["دبي", "أبو ظبي"], "ar_AA"), ("SA", ["الرياض"], "ar_AA"),
    ("EG", ["القاهرة"], "ar_AA"), ("IL", ["Tel Aviv"], "en_GB"), ("US", ["New York", "Houston", "Los Angeles"], "en_US"),
    ("CA", ["Toronto", "Montréal"], "en_CA"), ("BR", ["São Paulo"], "pt_BR"), ("AR", ["Buenos Aires"], "es_ES"),
    ("AU", ["Sydney", "Melbourne"], "en_AU"), ("NZ", ["Auckland"], "en_GB"), ("JP", ["Tokyo"], "en_GB"),
    ("CN", ["Beijing"], "en_GB"), ("KR", ["Seoul"], "en_GB"), ("IN", ["Delhi"], "en_GB"),
    ("PK", ["Lahore"], "en_GB"), ("MY", ["Kuala Lumpur"], "en_GB"), ("LT", ["Vilnius"], "lt_LT"),
    ("LV", ["Rīga"], "lv_LV"), ("EE", ["Tallinn"], "et_EE"), ("HU", ["Budapest"], "hu_HU"), ("RO", ["București"], "ro_RO"),
    ("BG", ["София"], "bg_BG"), ("MD", ["Chișinău"], "ro_RO"),
]
# Diaspora names: the people are mostly Azerbaijani wherever they live, written in the local script.
NAME_LOCALES = {"Latn": "az_AZ", "Cyrl": "ru_RU", "Arab": "ar_AA", "tr": "tr_TR", "en": "en_GB"}
ORG_PATTERNS = [
    ("community", {"az": "{city} Azərbaycan İcması", "en": "Azerbaijani Community of {city}"}),
    ("cultural_centre", {"az": "{city} Azərbaycan Mədəniyyət Mərkəzi", "en": "Azerbaijani Cultural Centre {city}"}),
    ("youth", {"az": "{city} Azərbaycanlı Tələbələr Birliyi", "en": "Azerbaijani Students' Union {city}"}),
    ("women", {"az": "{city} Azərbaycanlı Qadınlar Cəmiyyəti", "en": "Azerbaijani Women's Society {city}"}),
    ("professional", {"az": "{city} Azərbaycanlı Həkimlər Şəbəkəsi", "en": "Azerbaijani Doctors' Network {city}"}),
    ("business", {"az": "{city} Azərbaycan Biznes Assosiasiyası", "en": "Azerbaijani Business Association {city}"}),
    ("media", {"az": "{city} Azərbaycan Qəzeti", "en": "{city} Azerbaijani Newspaper"}),
    ("religious", {"az": "{city} Azərbaycan Dini İcması", "en": "{city} Azerbaijani Religious Community"}),
]
RU_ORG = "Азербайджанская община {city}"
FRIENDLY = [("tr", "{city} Türk Kültür Derneği"), ("kz", "{city} Қазақ Қоғамы"), ("uz", "{city} O'zbek Jamiyati"),
            ("hu", "{city} Magyar–Türk Baráti Kör"), ("kg", "{city} Кыргыз Диаспорасы")]


def load(*, out: TextIO) -> None:
    from korpu.network.models import Organisation

    if Organisation.objects.filter(pk=DEMO_ORG_ID).exists():
        print("  network: already loaded", file=out)
        return
    with transaction.atomic():
        organisations = _organisations()
        people = _people(organisations)
        _demo_users(organisations[0])
    print(f"  network: {len(organisations)} organisations, {people} people", file=out)


def _organisations() -> list:
    from korpu.network.models import LinkKind, Organisation, OrganisationLink

    rng = random.Random(SEED)
    now = timezone.now()
    rows = [Organisation(id=DEMO_ORG_ID, name="Berlin Azərbaycan Evi", names={"en": "Azerbaijan House Berlin",
                         "de": "Aserbaidschanisches Haus Berlin"}, search_name="berlin azərbaycan evi", kind="community",
                         country="DE", city="Berlin", founded_year=1998, languages=["az", "de", "en"],
                         email="info@azevi-berlin.example", website="https://azevi-berlin.example",
                         status="verified", verified_at=now)]
    councils = {}
    for code, cities, _locale in PLACES:
        council = Organisation(name=f"Azərbaycan Diaspor Əlaqələndirmə Şurası ({code})",
                               names={"en": f"Azerbaijani Diaspora Coordination Council ({code})"},
                               kind="coordination_council", country=code, city=cities[0],
                               founded_year=rng.randint(1995, 2015), languages=["az"], status="verified", verified_at=now)
        councils[code] = council
        rows.append(council)
    while len(rows) < 200:
        code, cities, _locale = rng.choice(PLACES)
        city = rng.choice(cities)
        if rng.random() < 0.12:
            diaspora, pattern = rng.choice(FRIENDLY)
            name, names, kind = pattern.format(city=city), {}, "friendly_diaspora"
        else:
            kind, patterns = rng.choice(ORG_PATTERNS)
            name = patterns["az"].format(city=city)
            names = {"en": patterns["en"].format(city=city)}
            if code in ("RU", "UA", "BY", "KZ", "KG", "BG"):
                names["ru"] = RU_ORG.format(city=city)
            diaspora = "az"
        if any(r.name == name for r in rows):
            continue
        status = rng.choices(["verified", "proposed", "inactive"], [85, 10, 5])[0]
        rows.append(Organisation(name=name, names=names, search_name=name.casefold(), kind=kind, country=code,
                                 city=city, founded_year=rng.randint(1990, 2025), diaspora=diaspora,
                                 languages=sorted({"az", rng.choice(["en", "ru", "tr", "de", "fr", "ar"])}),
                                 status=status, verified_at=now if status == "verified" else None,
                                 created_at=now))
    from korpu.network.services import organisation_search_text

    for row in rows:
        row.search_name = row.name.casefold()[:300]
        row.search_text = organisation_search_text(row.name, row.names)
    Organisation.objects.bulk_create(rows)
    links = []
    for row in rows:
        own_council = councils.get(row.country)
        if own_council is not None and row is not own_council and row.kind != "friendly_diaspora":
            links.append(OrganisationLink(source=row, target=own_council, kind=LinkKind.MEMBER_OF))
        if row.kind == "friendly_diaspora" and own_council is not None:
            links.append(OrganisationLink(source=row, target=own_council, kind=LinkKind.PARTNER))
    OrganisationLink.objects.bulk_create(links, ignore_conflicts=True)
    return rows


def _people(organisations: list, total: int = 5000) -> int:
    import datetime as dt

    from faker import Faker

    from korpu import names
    from korpu.network.models import Consent, Membership, NameKey, NameVariant, Person
    from korpu.network.services import script_of

    rng = random.Random(SEED)
    fakers = {key: Faker(locale) for key, locale in NAME_LOCALES.items()}
    for faker in fakers.values():
        faker.seed_instance(SEED)
    by_country: dict[str, list] = {}
    for organisation in organisations:
        if organisation.status == "verified":
            by_country.setdefault(organisation.country, []).append(organisation)
    places = [p for p in PLACES if p[0] in by_country]
    now = timezone.now()
    people, variants, keys, memberships, consents = [], [], [], [], []

    def add(person, forms, organisation, role, since, shares):
        people.append(person)
        for text, kind in forms:
            if text != person.name:
                variants.append(NameVariant(person=person, text=text, script=script_of(text), kind=kind))
        for key in {k[:64] for text in [person.name, *(f for f, _k in forms)] for k in names.search_keys(text)}:
            keys.append(NameKey(person=person, key=key))
        memberships.append(Membership(person=person, organisation=organisation, role=role, since=since))
        for purpose, granted in (("share_committee", shares), ("contact", rng.random() < 0.8),
                                 ("named_public", rng.random() < 0.3), ("newsletter", rng.random() < 0.5)):
            consents.append(Consent(person=person, purpose=purpose, granted=granted, source="import",
                                    decided_at=now))

    while len(people) < total:
        code, cities, _locale = rng.choice(places)
        city = rng.choice(cities)
        organisation = rng.choice(by_country[code])
        script = "Cyrl" if code in ("RU", "UA", "BY", "KZ", "KG", "UZ", "BG") else (
            "Arab" if code in ("IR", "IQ", "AE", "SA", "EG") else rng.choice(["Latn", "Latn", "tr", "en"]))
        name = fakers[script].name()
        forms = []
        if script == "Cyrl" or (script == "Latn" and rng.random() < 0.3):
            try:
                forms.append((names.transliterate(name, "Latn" if script == "Cyrl" else "Cyrl"),
                              "latin" if script == "Cyrl" else "cyrillic"))
            except ValueError:
                pass
        pseudonym = code in ("IR",) and rng.random() < 0.3
        slug = f"p{len(people)}"
        person = Person(name=name, script=script_of(name), country=code, city=city, is_pseudonym=pseudonym,
                        languages=["az", rng.choice(["en", "ru", "tr", "de", "ar", "fa"])],
                        profession=rng.choice(["", "engineer", "doctor", "teacher", "student", "journalist", "lawyer"]),
                        email="" if pseudonym else f"{slug}@mail.example", created_at=now,
                        phone="" if pseudonym or rng.random() < 0.5 else f"+{rng.randint(10, 99)} {rng.randint(1000000, 9999999)}")
        shares = rng.random() < 0.6
        person.shares_with_committee = shares
        since = dt.date(rng.randint(2000, 2026), rng.randint(1, 12), 1)
        add(person, forms, organisation, rng.choices(["member", "volunteer", "board", "chair"], [80, 12, 6, 2])[0],
            since, shares)
        # Planted duplicates: the same person imported by another organisation, written in another script.
        if rng.random() < 0.02 and len(people) < total:
            other = rng.choice(by_country[code])
            try:
                spelled = names.transliterate(name, "Cyrl" if script != "Cyrl" else "Latn")
            except ValueError:
                spelled = name
            twin = Person(name=spelled, script=script_of(spelled), country=code, city=city, email=person.email,
                          phone=person.phone, created_at=now, shares_with_committee=shares, languages=person.languages)
            add(twin, [], other, "member", since, shares)
    Person.objects.bulk_create(people, batch_size=2000)
    NameVariant.objects.bulk_create(variants, batch_size=2000, ignore_conflicts=True)
    NameKey.objects.bulk_create(keys, batch_size=5000)
    Membership.objects.bulk_create(memberships, batch_size=2000)
    Consent.objects.bulk_create(consents, batch_size=5000)
    return len(people)


def _demo_users(organisation) -> None:
    from korpu.accounts.models import User
    from korpu.accounts.services import do_assign_role
    from korpu.core.demo import DEMO_USERS, demo_email
    from korpu.network.models import Membership, Person
    from korpu.network.services import script_of

    for kind, name, language, role in DEMO_USERS:
        user = User.objects.filter(email=demo_email(kind)).first()
        if user is None:
            continue
        if role in ("org_admin", "org_editor", "member") and not user.role_assignments.filter(
                organisation_id=organisation.pk).exists():
            do_assign_role(actor="system", user=user, role_code=role, organisation_id=organisation.pk)
        if not Person.objects.filter(user=user).exists():
            person = Person.objects.create(user=user, name=name, script=script_of(name), email=user.email,
                                           country="DE" if role != "committee_admin" else "AZ",
                                           languages=[language])
            from korpu.network.services import rekey_person

            rekey_person(person)
            if role in ("org_admin", "org_editor", "member"):
                Membership.objects.create(person=person, organisation=organisation,
                                          role="chair" if role == "org_admin" else "member")
