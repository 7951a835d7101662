"""Pages: posting a need through the form, keeping one's own profile, list pages' query counts."""

from __future__ import annotations

import datetime as dt

from korpu.expertise.models import ExpertProfile, Need
from tests.expertise.conftest import make_expert

TODAY = dt.date.today()


def test_institution_posts_a_need_and_sees_explained_matches(hospital, institution, cardiologist, client_for):
    c = client_for(institution)
    response = c.post("/expertise/needs/new/", {
        "organisation": str(hospital.pk), "title": "Exokardioqrafiya kursu",
        "description": "Uşaq kardiologiyası üzrə exokardioqrafiya kursu lazımdır.", "description_language": "az",
        "fields": ["med.paediatric_cardiology"], "mode": "course", "work_languages": ["az", "en"],
        "urgency": "high", "starts_on": TODAY + dt.timedelta(days=3), "ends_on": TODAY + dt.timedelta(days=90)})
    need = Need.objects.get(title="Exokardioqrafiya kursu")
    assert response.status_code == 302 and response["Location"].endswith(f"/expertise/needs/{need.pk}/")
    page = c.get(response["Location"])
    assert page.context["result"].matches[0].profile == cardiologist
    assert "Eyni sahə: Uşaq kardiologiyası" in page.content.decode()  # the institution reads Azerbaijani


def test_need_form_without_field_shows_the_message(hospital, institution, client_for):
    response = client_for(institution).post("/expertise/needs/new/", {
        "organisation": str(hospital.pk), "title": "X", "description": "Mütəxəssis lazımdır.",
        "description_language": "az", "mode": "course", "work_languages": ["az"], "urgency": "normal",
        "starts_on": TODAY, "ends_on": TODAY + dt.timedelta(days=9)})
    assert response.status_code == 200
    assert "sahəsi göstərilməlidir" in response.content.decode()


def test_member_creates_an_expert_profile_with_consent(member, client_for):
    data = {"headline": "Kardioloq", "summary": "Uşaq kardioloqu, 15 il təcrübə.", "summary_language": "az",
            "fields": ["med.cardiology"], "country": "TR", "languages": "tr, az", "offers": ["consultation"],
            "hours_per_month": 6, "time_zone": "Europe/Istanbul", "visibility": "institutions",
            "contactable": "on", "share_with_committee": "on",
            "available_from": TODAY, "available_until": TODAY + dt.timedelta(days=60)}
    c = client_for(member)
    bad = c.post("/expertise/profile/", {**data, "orcid": "0000-0002-1825-0098"})
    assert "wrong check digit" in bad.content.decode()
    assert c.post("/expertise/profile/", {**data, "orcid": "0000-0002-1825-0097"}).status_code == 302
    profile = ExpertProfile.objects.get(person__user=member)
    assert profile.orcid == "0000-0002-1825-0097" and profile.embedding_is_current
    assert profile.person.shares_with_committee
    assert profile.availability.count() == 1


def test_list_pages_use_a_fixed_number_of_queries(staff, need, client_for, django_assert_max_num_queries):
    for i in range(4):
        make_expert(name=f"E{i}", fields=("1.1",))
    c = client_for(staff)
    with django_assert_max_num_queries(25):
        assert c.get("/expertise/experts/").status_code == 200
    with django_assert_max_num_queries(25):
        assert c.get("/expertise/needs/").status_code == 200
    with django_assert_max_num_queries(25):
        assert c.get("/expertise/dashboard/").status_code == 200
