"""Demo data: ~300 experts in many countries and fields (profiles in several languages), hospitals
and universities at home with their needs, some matched and in progress."""

from __future__ import annotations

import datetime as dt
import random
import uuid
from typing import TextIO

from django.db import transaction
from django.utils import timezone

SEED = 20261129
EXPERTS = 300
MARKER = uuid.UUID("00000000-0000-4000-8000-0000000e0001")
INSTITUTIONS = [
    (MARKER, "Mərkəzi Klinik Xəstəxana", {"en": "Central Clinical Hospital", "ru": "Центральная клиническая больница"},
     "other", "Bakı"),
    (uuid.UUID("00000000-0000-4000-8000-0000000e0002"), "Azərbaycan Tibb Universiteti",
     {"en": "Azerbaijan Medical University"}, "other", "Bakı"),
    (uuid.UUID("00000000-0000-4000-8000-0000000e0003"), "Bakı Dövlət Universiteti", {"en": "Baku State University"},
     "other", "Bakı"),
    (uuid.UUID("00000000-0000-4000-8000-0000000e0004"), "Şuşa Rayon Mərkəzi Xəstəxanası",
     {"en": "Shusha District Hospital"}, "other", "Şuşa"),
    (uuid.UUID("00000000-0000-4000-8000-0000000e0005"), "AMEA Geologiya və Geofizika İnstitutu",
     {"en": "ANAS Institute of Geology and Geophysics"}, "other", "Bakı"),
    (uuid.UUID("00000000-0000-4000-8000-0000000e0006"), "Səhiyyə Nazirliyi", {"en": "Ministry of Health"},
     "committee", "Bakı"),
]
# Where experts live, their time zone and the Faker locale of their names.
HOMES = [("DE", "Europe/Berlin", "de_DE"), ("US", "America/New_York", "en_US"), ("RU", "Europe/Moscow", "ru_RU"),
         ("TR", "Europe/Istanbul", "tr_TR"), ("GB", "Europe/London", "en_GB"), ("FR", "Europe/Paris", "fr_FR"),
         ("CA", "America/Toronto", "en_CA"), ("IL", "Asia/Jerusalem", "en_GB"), ("UA", "Europe/Kyiv", "ru_RU"),
         ("NL", "Europe/Amsterdam", "nl_NL"), ("AE", "Asia/Dubai", "ar_AA"), ("KZ", "Asia/Almaty", "ru_RU"),
         ("AT", "Europe/Vienna", "de_DE"), ("US", "America/Los_Angeles", "en_US"), ("AU", "Australia/Sydney", "en_AU"),
         ("SE", "Europe/Stockholm", "sv_SE"), ("GE", "Asia/Tbilisi", "ru_RU"), ("IR", "Asia/Tehran", "fa_IR")]
INSTITUTIONS_ABROAD = ["Charité – Universitätsmedizin Berlin", "Johns Hopkins University", "Sechenov University",
                       "Hacettepe Üniversitesi", "Imperial College London", "Sorbonne Université",
                       "University of Toronto", "Tel Aviv University", "Bogomolets National Medical University",
                       "TU Delft", "Cleveland Clinic Abu Dhabi", "Al-Farabi Kazakh National University",
                       "Medizinische Universität Wien", "Stanford University", "University of Sydney",
                       "Karolinska Institutet", "Tbilisi State Medical University", "Tabriz University"]


def load(*, out: TextIO) -> None:
    from korpu.expertise.models import ExpertProfile
    from korpu.network.models import Organisation

    if Organisation.objects.filter(pk=MARKER).exists() and ExpertProfile.objects.count() >= EXPERTS:
        print("  expertise: already loaded", file=out)
        return
    with transaction.atomic():
        institutions = _institutions()
        profiles = _experts()
        hospital_user = _institution_user(institutions[0])
    stored = _embed(out)
    with transaction.atomic():
        needs = _needs(institutions, hospital_user)
        engaged = _engagements(needs, hospital_user)
    print(f"  expertise: {len(profiles)} experts ({stored} embedded), {len(needs)} needs, {engaged} engagements",
          file=out)


def _institutions():
    from korpu.network.models import Organisation

    rows = []
    for pk, name, names, kind, city in INSTITUTIONS:
        org, _created = Organisation.objects.get_or_create(
            pk=pk, defaults={"name": name, "names": names, "kind": kind, "country": "AZ", "city": city,
                             "status": "verified", "languages": ["az", "ru", "en"], "search_name": name.casefold()})
        rows.append(org)
    return rows


def _institution_user(hospital):
    from korpu.accounts.services import do_assign_role
    from korpu.core.demo import ensure_user

    user = ensure_user("hospital@demo.korpu.az", "Nərmin Quliyeva", "az")
    do_assign_role(actor="system", user=user, role_code="institution", organisation_id=hospital.pk)
    return user


def _experts() -> list:
    from faker import Faker

    from korpu.expertise.data.labelled import EXPERTS as ARCHETYPES
    from korpu.expertise.models import Availability, ExpertProfile
    from korpu.network.models import Consent, Person

    if ExpertProfile.objects.count() >= EXPERTS:
        return list(ExpertProfile.objects.all())
    rng = random.Random(SEED)
    fakers: dict[str, Faker] = {}
    keys = list(ARCHETYPES)
    today = timezone.localdate()
    now = timezone.now()
    people, profiles, periods, consents = [], [], [], []
    for i in range(EXPERTS):
        key = keys[i % len(keys)]
        fields, langs, _country, _zone, offers, headline, summary, pubs = ARCHETYPES[key]
        country, zone, locale = HOMES[rng.randrange(len(HOMES))]
        faker = fakers.setdefault(locale, Faker(locale))
        faker.seed_instance(SEED + i)
        person = Person(name=faker.name(), country=country, languages=sorted({*langs, "az"}), profession=headline,
                        shares_with_committee=i % 17 != 0, created_at=now)
        people.append(person)
        visibility = "institutions" if i % 5 else ("committee" if i % 10 else "private")
        profile = ExpertProfile(
            person=person, headline=headline, summary=summary, fields=fields,
            degrees=[{"degree": "PhD" if not fields[0].startswith("med.") else "MD",
                      "institution": rng.choice(INSTITUTIONS_ABROAD), "year": str(rng.randint(1985, 2018))}],
            institution=rng.choice(INSTITUTIONS_ABROAD), country=country, languages=sorted({*langs, "az"}),
            publications=[{"title": t, "year": str(rng.randint(2010, 2025))} for t in pubs],
            offers=offers, hours_per_month=rng.choice([2, 4, 6, 8, 10, 16]), time_zone=zone, visibility=visibility,
            contactable=i % 13 != 0, digest=i % 3 == 0, created_at=now - dt.timedelta(days=rng.randint(0, 400)))
        profile.refresh_wanted_hash()
        if i % 4 == 0:
            profile.credentials_verified_at = now - dt.timedelta(days=rng.randint(1, 200))
        profiles.append(profile)
        start = today + dt.timedelta(days=rng.randint(0, 60))
        periods.append((profile, start, start + dt.timedelta(days=rng.randint(60, 300))))
        consents.append((person, i % 17 != 0))
    Person.objects.bulk_create(people, batch_size=500)
    ExpertProfile.objects.bulk_create(profiles, batch_size=500)
    Availability.objects.bulk_create([Availability(profile=p, starts_on=s, ends_on=e) for p, s, e in periods],
                                     batch_size=500)
    Consent.objects.bulk_create([Consent(person=p, purpose="share_committee", granted=g, source="import")
                                 for p, g in consents], batch_size=500)
    return profiles


def _embed(out: TextIO) -> int:
    from korpu.expertise import matching
    from korpu.expertise.tasks import embed_rows, stale_profiles

    stored = 0
    try:
        # One call: the demo's profiles share a few dozen texts, each embedded once.
        stored = embed_rows(list(stale_profiles().order_by("id")))
    except Exception as exc:  # without the model the worker computes them later
        print(f"  expertise: embeddings left to the worker ({exc})", file=out)
    with transaction.atomic():
        matching.bump()
    return stored


NEED_PLACES = ["Bakı", "Şuşa", "Gəncə", "Ağdam", "Füzuli", "Laçın", "Sumqayıt"]


def _needs(institutions, hospital_user) -> list:
    from korpu.expertise.data.labelled import NEEDS
    from korpu.expertise.models import Need
    from korpu.expertise.services import do_post_need

    existing = list(Need.objects.filter(organisation__in=institutions))
    if existing:
        return existing
    rng = random.Random(SEED)
    today = timezone.localdate()
    needs = []
    for i, (lang, title, text, fields, mode, work, _right) in enumerate(NEEDS):
        organisation = institutions[0] if fields[0].startswith("med.") and i % 2 == 0 else rng.choice(institutions)
        start = today + dt.timedelta(days=rng.randint(5, 60))
        need = do_post_need(actor="system", organisation=organisation, title=title, description={lang: text},
                            fields=fields, mode=mode, work_languages=work,
                            urgency=rng.choice(["normal", "high", "critical", "low"]), starts_on=start,
                            ends_on=start + dt.timedelta(days=rng.randint(30, 180)), place=rng.choice(NEED_PLACES))
        # Spread the posting dates so the dashboard shows needs open for a while.
        Need.objects.filter(pk=need.pk).update(created_at=timezone.now() - dt.timedelta(days=rng.randint(0, 120)))
        if i % 2 == 0 and organisation == institutions[0]:
            Need.objects.filter(pk=need.pk).update(posted_by=hospital_user)
        needs.append(need)
    return needs


def _engagements(needs, hospital_user) -> int:
    from korpu.expertise import selectors, services
    from korpu.expertise.models import Engagement

    if Engagement.objects.exists():
        return Engagement.objects.count()
    today = timezone.localdate()
    count = 0
    for i, need in enumerate(needs[:14]):
        result = selectors.matches_for("system", need, limit=3)
        for match in result.matches[:1]:
            assert match.profile is not None  # matches_for keeps only matches with a profile
            try:
                engagement = services.do_propose_engagement(actor="system", need=need, profile=match.profile)
            except Exception:
                continue
            count += 1
            if i % 5 == 4:
                continue  # left proposed: waiting for the expert
            engagement.expert_agreed_at = engagement.institution_agreed_at = timezone.now()
            engagement.status = "agreed"
            engagement.save(update_fields=["expert_agreed_at", "institution_agreed_at", "status", "updated_at"])
            if i % 5 == 3:
                continue
            services.do_set_engagement_status(actor="system", engagement=engagement, status="in_progress")
            for week in range(1 + i % 4):
                services.do_log_session(actor="system", engagement=engagement,
                                        held_on=today - dt.timedelta(days=7 * week + 1), hours=2 + i % 3)
            services.do_record_outcome(actor="system", engagement=engagement, kind="trained", count=5 + i)
            if i % 3 == 0:
                services.do_record_outcome(actor="system", engagement=engagement, kind="patients", count=20 + 3 * i)
                engagement.feedback.create(side="institution", rating=4 + i % 2, comment="Çox faydalı oldu.")
                services.do_set_engagement_status(actor="system", engagement=engagement, status="completed")
    return count
