"""Matching: ranked experts with reasons, across languages, and never an expert without consent."""

from __future__ import annotations

import pytest

from korpu.expertise import selectors
from tests.expertise.conftest import make_expert


@pytest.fixture
def pool(db, cardiologist):
    make_expert(name="Иван Петров", fields=("2.1",), languages=("ru",), headline="Инженер-строитель",
                summary={"ru": "Проектирование сейсмостойких мостов и дорог."}, country="RU", zone="Europe/Moscow")
    make_expert(name="Ayşe Demir", fields=("6.1",), languages=("tr", "en"), headline="Arkeolog",
                summary={"tr": "Kafkasya'da orta çağ kazıları ve müze koleksiyonları."}, country="TR",
                zone="Europe/Istanbul")
    return cardiologist


def test_azerbaijani_need_finds_the_english_cardiologist_first(pool, need, institution):
    result = selectors.matches_for(institution, need)
    assert result.matches[0].profile == pool
    codes = {r["code"] for r in result.matches[0].reasons}
    assert {"fields", "languages", "meaning", "availability", "time_zone"} <= codes
    assert result.matches[0].parts["meaning"] > 0.5


def test_expert_who_withdrew_consent_is_never_proposed(pool, need, institution):
    from korpu.network.services import do_record_consent

    do_record_consent(actor="system", person=pool.person, purpose="share_committee", granted=False)
    result = selectors.matches_for(institution, need)
    assert pool.pk not in [m.profile_id for m in result.matches]
    assert result.left_out_without_consent == 1


def test_profile_open_to_committee_only_is_hidden_from_institutions(need, institution, staff):
    hidden = make_expert(name="Nigar", fields=("med.paediatric_cardiology",), visibility="committee")
    assert hidden.pk not in [m.profile_id for m in selectors.matches_for(institution, need).matches]
    assert hidden.pk in [m.profile_id for m in selectors.matches_for(staff, need).matches]


def test_private_profile_is_never_proposed(need, staff):
    private = make_expert(name="Kamran", fields=("med.paediatric_cardiology",), visibility="private")
    assert private.pk not in [m.profile_id for m in selectors.matches_for(staff, need).matches]
