"""Fixtures of the expertise tests: an institution at home, its officer, and experts."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest

from tests.conftest import make_user

HOSPITAL_ID = uuid.UUID("00000000-0000-4000-8000-0000000000c1")


@pytest.fixture
def hospital(db):
    """A hospital at home (an organisation of kind 'other' in AZ)."""
    from korpu.network.models import Organisation

    return Organisation.objects.create(id=HOSPITAL_ID, name="Bakı Respublika Klinik Xəstəxanası", kind="other",
                                       country="AZ", city="Bakı", status="verified", languages=["az", "ru"])


@pytest.fixture
def institution(db, hospital):
    """The hospital's account: posts needs, sees their matches, manages their engagements."""
    return make_user("hospital@example.az", role="institution", organisation=hospital.pk, language="az")


def make_expert(*, email=None, name="Expert", fields=("3.2",), languages=("en",), summary=None,
                headline="Cardiologist", country="DE", visibility="institutions", consent=True,
                offers=("consultation", "lecture"), zone="Europe/Berlin", hours=8, periods=True):
    from korpu.expertise.services import do_save_profile, do_set_availability
    from korpu.network.services import do_create_person

    user = make_user(email) if email else None
    person = do_create_person(actor="system", name=name, country=country, languages=list(languages), user=user,
                              consents={"share_committee": consent, "contact": consent})
    profile = do_save_profile(actor="system", person=person, headline=headline, summary=summary or {},
                              fields=list(fields), country=country, languages=list(languages),
                              offers=list(offers), time_zone=zone, hours_per_month=hours, visibility=visibility)
    if periods:
        today = dt.date.today()
        do_set_availability(actor="system", profile=profile,
                            periods=[(today, today + dt.timedelta(days=180))])
    return profile


@pytest.fixture
def expert_factory(db):
    return make_expert


@pytest.fixture
def cardiologist(db):
    """An English-speaking paediatric cardiologist in Berlin, open to institutions, with a user account."""
    return make_expert(email="cardio@example.de", name="Dr. Leyla Rəhimova",
                       fields=("med.paediatric_cardiology", "3.2"), languages=("en", "az", "de"),
                       headline="Paediatric cardiologist",
                       summary={"en": "Paediatric cardiologist with 20 years of experience in congenital heart "
                                      "disease, echocardiography of children and training of young doctors."})


@pytest.fixture
def need(db, hospital, institution):
    """An Azerbaijani need for a children's heart specialist."""
    from korpu.expertise.services import do_post_need

    today = dt.date.today()
    return do_post_need(actor=institution, organisation=hospital, title="Uşaq kardiologiyası",
                        description={"az": "Uşaqlarda anadangəlmə ürək qüsurlarının exokardioqrafiyası üzrə "
                                           "həkimlərimizə təlim keçəcək təcrübəli uşaq kardioloqu lazımdır."},
                        fields=["med.paediatric_cardiology"], mode="consultation", work_languages=["az", "en"],
                        urgency="high", starts_on=today + dt.timedelta(days=10),
                        ends_on=today + dt.timedelta(days=100), place="Bakı")
