"""Bad input gets a clear, translated message."""

from __future__ import annotations

import datetime as dt

import pytest

from korpu.expertise.errors import ConsentMissing, ExpertiseError, ExpertiseInvalid
from korpu.expertise.orcid import normalise
from korpu.expertise.services import (
    clean_orcid,
    do_post_need,
    do_propose_engagement,
    do_set_availability,
)
from tests.expertise.conftest import make_expert

TODAY = dt.date.today()


def _need_data(**over):
    data = {"title": "Kardiologiya", "description": {"az": "Uşaq kardioloqu lazımdır."},
            "fields": ["med.cardiology"], "mode": "consultation", "work_languages": ["az"],
            "starts_on": TODAY, "ends_on": TODAY + dt.timedelta(days=30)}
    data.update(over)
    return data


def test_need_without_a_field_is_refused_with_a_message(hospital, institution):
    with pytest.raises(ExpertiseInvalid) as err:
        do_post_need(actor=institution, organisation=hospital, **_need_data(fields=[]))
    assert err.value.code == "field_missing"
    assert "field" in str(err.value.message)


def test_orcid_with_a_wrong_check_digit_is_refused():
    assert normalise("0000-0002-1825-0097") == "0000-0002-1825-0097"
    assert normalise("https://orcid.org/0000-0002-1694-233x") == "0000-0002-1694-233X"
    with pytest.raises(ExpertiseInvalid) as err:
        clean_orcid("0000-0002-1825-0098")
    assert err.value.code == "orcid_checksum"
    assert "check digit" in str(err.value.message)
    with pytest.raises(ExpertiseInvalid) as err:
        clean_orcid("1234")
    assert err.value.code == "orcid_format"


def test_availability_in_the_past_is_refused(cardiologist):
    past = TODAY - dt.timedelta(days=60)
    with pytest.raises(ExpertiseInvalid) as err:
        do_set_availability(actor="system", profile=cardiologist, periods=[(past, past + dt.timedelta(days=10))])
    assert err.value.code == "period_in_past"


def test_need_in_the_past_is_refused(hospital, institution):
    with pytest.raises(ExpertiseInvalid) as err:
        do_post_need(actor=institution, organisation=hospital,
                     **_need_data(starts_on=TODAY - dt.timedelta(days=30), ends_on=TODAY - dt.timedelta(days=1)))
    assert err.value.code == "period_in_past"


def test_profile_in_a_language_the_model_does_not_know_is_refused(db):
    with pytest.raises(ExpertiseInvalid) as err:
        make_expert(name="Inuk", summary={"kl": "Nakorsaq meeqqanut immikkut ilisimasalik."})
    assert err.value.code == "language_unknown"
    assert "kl" in str(err.value.message)


def test_need_in_a_language_outside_the_five_is_refused(hospital, institution):
    with pytest.raises(ExpertiseInvalid):
        do_post_need(actor=institution, organisation=hospital, **_need_data(description={"de": "Kardiologe"}))


def test_expert_who_withdrew_consent_cannot_be_introduced(need, staff):
    from korpu.network.services import do_record_consent

    expert = make_expert(name="Tural", fields=("med.paediatric_cardiology",))
    do_record_consent(actor="system", person=expert.person, purpose="share_committee", granted=False)
    with pytest.raises(ConsentMissing) as err:
        do_propose_engagement(actor=staff, need=need, profile=expert)
    assert "withdrawn consent" in str(err.value.message)


def test_a_community_association_abroad_cannot_post_needs(org_a, admin):
    with pytest.raises(ExpertiseError):
        do_post_need(actor=admin, organisation=org_a, **_need_data())


def test_outcome_with_patient_data_is_refused(need, institution, cardiologist):
    from korpu.expertise.services import do_agree_engagement, do_record_outcome

    engagement = do_propose_engagement(actor=institution, need=need, profile=cardiologist)
    do_agree_engagement(actor=cardiologist.person.user, engagement=engagement)
    with pytest.raises(ExpertiseInvalid) as err:
        do_record_outcome(actor=institution, engagement=engagement, kind="patients", count=3,
                          description="Patient Əliyev, born 12.03.2015")
    assert err.value.code == "patient_data"
    assert do_record_outcome(actor=institution, engagement=engagement, kind="patients", count=14,
                             description="Children examined by echocardiography").count == 14


def test_need_links_a_revival_project_and_refuses_an_unknown_one(hospital, institution):
    import uuid

    from korpu.revival.models import Project

    project = Project.objects.create(slug="susa-xeste", kind=Project._meta.get_field("kind").choices[0][0],
                                     title={"az": "Şuşa xəstəxanası"}, district="shusha", settlement="Şuşa",
                                     latitude="39.75830", longitude="46.75170")
    need = do_post_need(actor=institution, organisation=hospital, **_need_data(project=project.pk))
    assert need.project == project
    with pytest.raises(ExpertiseInvalid):
        do_post_need(actor=institution, organisation=hospital, **_need_data(project=uuid.uuid4()))
