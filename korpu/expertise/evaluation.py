"""Matching quality on a labelled set: the share of needs whose right expert is in the top k.

Runs the real scoring (`matching.rank`) on an in-memory index, without the database, so it can be
run on any labelled set in the same shape as `data/labelled.py` (or a JSON file of that shape).
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from korpu.expertise import matching
from korpu.expertise.models import ExpertProfile, Need


@dataclass
class Report:
    model: str
    needs: int
    top1: float
    top5: float
    meaning_only_top1: float
    meaning_only_top5: float
    coarse_top1: float
    coarse_top5: float
    misses: list[str]


def load(path: str | Path | None = None) -> tuple[dict, list]:
    """The built-in labelled set, or one read from a JSON file {"experts": {...}, "needs": [...]}."""
    if path is None:
        from korpu.expertise.data import labelled

        return labelled.EXPERTS, labelled.NEEDS
    data = json.loads(Path(path).read_text())
    return {k: tuple(v) for k, v in data["experts"].items()}, [tuple(n) for n in data["needs"]]


def evaluate(experts: dict | None = None, needs: list | None = None, *, k: int = 5) -> Report:
    from korpu.embeddings import embed, model_name

    if experts is None or needs is None:
        experts, needs = load()
    keys = list(experts)
    ids = {key: uuid.uuid5(uuid.NAMESPACE_URL, f"expert:{key}") for key in keys}
    profiles = []
    for key in keys:
        fields, langs, country, zone, offers, headline, summary, pubs = experts[key]
        profiles.append(ExpertProfile(headline=headline, summary=summary, fields=fields,
                                      publications=[{"title": t} for t in pubs]))
    model = model_name()
    vectors = embed([p.match_text() for p in profiles])
    rows = []
    for key, vec in zip(keys, vectors, strict=True):
        fields, langs, country, zone, offers, *_rest = experts[key]
        rows.append((ids[key], ids[key], fields, langs, offers, zone, 8, "institutions",
                     vec.astype(np.float32).tobytes(), model))
    today = dt.date.today()
    periods = [(ids[key], today, today + dt.timedelta(days=365)) for key in keys]
    index = matching.index_from_rows("eval", model, rows, periods)
    need_objs = [Need(title=title, description={lang: text}, fields=fields, mode=mode, work_languages=work,
                      starts_on=today + dt.timedelta(days=7), ends_on=today + dt.timedelta(days=90))
                 for lang, title, text, fields, mode, work, _right in needs]
    need_vecs = embed([n.match_text() for n in need_objs])
    everyone = lambda people, purpose: set(people)  # noqa: E731 - consent is not under test here
    hits1 = hits5 = meaning1 = meaning5 = coarse1 = coarse5 = 0
    misses = []
    from korpu.expertise import taxonomy

    for need, vec, row in zip(need_objs, need_vecs, needs, strict=True):
        right = {ids[key] for key in row[6]}
        result = matching.rank(need, institutions_view=False, limit=k, index=index, consenting=everyone,
                               need_vec=vec)
        got = [m.profile_id for m in result.matches]
        hits1 += bool(got[:1] and got[0] in right)
        hits5 += bool(right & set(got[:k]))
        if not right & set(got[:k]):
            misses.append(f"{row[0]}: {row[1]}")
        # The same need when the institution only names the broad OECD field ("Clinical medicine"):
        # then the meaning of the text must tell the specialties apart.
        coarse = Need(title=need.title, description=need.description, mode=need.mode,
                      work_languages=need.work_languages, starts_on=need.starts_on, ends_on=need.ends_on,
                      fields=sorted({taxonomy.parent(c) for c in need.fields}))
        got = [m.profile_id for m in matching.rank(coarse, institutions_view=False, limit=k, index=index,
                                                   consenting=everyone, need_vec=vec).matches]
        coarse1 += bool(got[:1] and got[0] in right)
        coarse5 += bool(right & set(got[:k]))
        sims = index.matrix @ vec
        best = [index.ids[i] for i in np.argsort(-sims)[:k]]
        meaning1 += best[0] in right
        meaning5 += bool(right & set(best))
    n = len(needs)
    return Report(model, n, hits1 / n, hits5 / n, meaning1 / n, meaning5 / n, coarse1 / n, coarse5 / n, misses)
