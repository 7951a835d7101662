"""The background pass: only missing or stale embeddings, resumable, with progress; the index cache."""

from __future__ import annotations

import json
import uuid

import pytest

from korpu.expertise import matching, selectors, tasks
from korpu.expertise.models import EmbeddingRun, ExpertProfile


@pytest.fixture
def bare_profiles(db):
    from korpu.network.models import Person

    rows = []
    for i, text in enumerate(["Cardiologist", "Kardiyolog", "Кардиолог"]):
        person = Person.objects.create(name=f"P{i}", country="DE")
        profile = ExpertProfile(person=person, headline=text, fields=["med.cardiology"], country="DE",
                                languages=["en"], offers=["lecture"], id=uuid.uuid4())
        profile.refresh_wanted_hash()
        rows.append(profile)
    return ExpertProfile.objects.bulk_create(rows)


def test_a_stopped_pass_is_resumed_by_the_next_one(bare_profiles, monkeypatch):
    monkeypatch.setattr(tasks, "BATCH", 2)
    run = tasks.do_start_embedding_run(actor="system")
    assert run.total == 3
    assert tasks.run_batch(str(run.pk)) is True
    EmbeddingRun.objects.filter(pk=run.pk).update(error="worker stopped")
    assert selectors.embedding_progress()["current"] == 2
    second = tasks.do_start_embedding_run(actor="system")
    assert second.total == 1
    assert tasks.run_batch(str(second.pk)) is False
    second.refresh_from_db()
    assert second.finished_at and second.done == 1 and second.percent == 100
    assert tasks.stale_profiles().count() == 0


def test_editing_a_profile_makes_only_it_stale(bare_profiles):
    tasks.embed_rows(list(tasks.stale_profiles()))
    profile = bare_profiles[0]
    profile.headline = "Paediatric cardiologist"
    profile.save(update_fields=["headline", "updated_at"])
    assert list(tasks.stale_profiles()) == [profile]


def test_index_is_rebuilt_when_the_version_changes(need, cardiologist):
    first = matching.get_index()
    assert matching.get_index() is first
    from tests.expertise.conftest import make_expert

    newcomer = make_expert(name="Newcomer", fields=("med.paediatric_cardiology",))
    second = matching.get_index()
    assert second is not first and newcomer.pk in second.position


def test_api_matches_carry_scores_parts_and_reasons(need, cardiologist, institution, client_for):
    body = json.loads(client_for(institution).get(f"/api/v1/needs/{need.pk}/matches").content)
    top = body["matches"][0]
    assert top["expert_id"] == str(cardiologist.pk)
    assert set(top["parts"]) == set(matching.WEIGHTS)
    assert any(r["code"] == "meaning" for r in top["reasons"])
    assert body["left_out_without_consent"] == 0
