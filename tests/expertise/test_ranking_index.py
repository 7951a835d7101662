"""The ranking on the in-memory index: the institutions' view, withdrawals deep in the ranking, and
profiles with no hours to give."""

from __future__ import annotations

import datetime as dt
import uuid

import numpy as np

from korpu.embeddings import dim, model_name
from korpu.expertise import matching
from korpu.expertise.models import Need

TODAY = dt.date.today()


def _rows(count: int, *, visibility=lambda i: "institutions", hours=lambda i: 8):
    """`count` cardiologists whose vectors get further from the need as `i` grows."""
    rng = np.random.default_rng(3)
    width = dim()
    need_vec = rng.normal(size=width).astype(np.float32)
    need_vec /= np.linalg.norm(need_vec)
    rows = []
    for i in range(count):
        noise = rng.normal(size=width).astype(np.float32)
        vec = need_vec * (1 - i / count) + noise / np.linalg.norm(noise) * (i / count)
        vec /= np.linalg.norm(vec)
        rows.append((uuid.UUID(int=i + 1), uuid.UUID(int=10_000 + i), ["med.cardiology"], ["az"], ["consultation"],
                     "Europe/Berlin", hours(i), visibility(i), vec.astype(np.float32).tobytes(), model_name()))
    return rows, need_vec


def _need() -> Need:
    return Need(title="Kardioloq", description={"az": "Kardioloq lazımdır."}, fields=["med.cardiology"],
                mode="consultation", work_languages=["az"], starts_on=TODAY, ends_on=TODAY + dt.timedelta(days=30))


def test_experts_who_withdrew_are_skipped_however_deep_the_ranking_must_go():
    rows, vec = _rows(200)
    index = matching.index_from_rows("t", model_name(), rows)
    # Only every fifth person still consents: the first look at the best places is far too short.
    consenting = {r[1] for i, r in enumerate(rows) if i % 5 == 0}
    result = matching.rank(_need(), institutions_view=True, limit=20, index=index, need_vec=vec,
                           consenting=lambda people, purpose: set(people) & consenting)
    got = [m.profile_id for m in result.matches]
    assert got == [rows[i][0] for i in range(0, 100, 5)]
    assert result.left_out_without_consent == 76
    assert [m.score for m in result.matches] == sorted((m.score for m in result.matches), reverse=True)


def test_institutions_see_only_profiles_open_to_them_and_staff_see_all():
    rows, vec = _rows(30, visibility=lambda i: "committee" if i % 2 else "institutions")
    index = matching.index_from_rows("t", model_name(), rows)
    everyone = lambda people, purpose: set(people)  # noqa: E731 - consent is not under test here
    institutions = matching.rank(_need(), institutions_view=True, limit=30, index=index, need_vec=vec,
                                 consenting=everyone)
    staff = matching.rank(_need(), institutions_view=False, limit=30, index=index, need_vec=vec, consenting=everyone)
    assert [m.profile_id for m in institutions.matches] == [rows[i][0] for i in range(0, 30, 2)]
    assert institutions.candidates == 15
    assert {m.profile_id for m in staff.matches} == {r[0] for r in rows}
    assert staff.candidates == 30


def test_profiles_with_no_hours_are_never_proposed_and_excluded_ones_are_skipped():
    rows, vec = _rows(10, hours=lambda i: 0 if i == 0 else 8)
    index = matching.index_from_rows("t", model_name(), rows)
    result = matching.rank(_need(), institutions_view=True, limit=3, index=index, need_vec=vec,
                           exclude={rows[1][0]}, consenting=lambda people, purpose: set(people))
    assert [m.profile_id for m in result.matches] == [rows[2][0], rows[3][0], rows[4][0]]
    assert result.candidates == 8
