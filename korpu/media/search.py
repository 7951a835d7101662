"""Search across languages: full text (SQLite FTS5 or PostgreSQL tsvector with the 'simple'
configuration, chosen by connection.vendor) and meaning (embeddings, cosine in numpy).

The full-text index is created by migration 0002 for the database in use: an FTS5 table kept in
step by triggers on SQLite, a GIN expression index on PostgreSQL. 'simple' (no stemming) because
articles come in a dozen languages and no single stemmer fits them all.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import threading
from collections.abc import Iterable, Iterator

import numpy as np
from django.db import connection
from django.db.models import Count, Max

from korpu.media.models import Article

PG_VECTOR = "to_tsvector('simple'::regconfig, coalesce(media_article.title, '') || ' ' || coalesce(media_article.body, ''))"
_WORD = re.compile(r"\w+", re.UNICODE)


def _words(query: str) -> list[str]:
    return [w for w in _WORD.findall(query or "") if w][:20]


def _fts5_query(query: str) -> str:
    # Each word a quoted prefix term: no FTS5 syntax from the user reaches the engine.
    return " ".join('"{}"*'.format(w.replace('"', "")) for w in _words(query))


def text_ids(query: str, *, limit: int | None = 50, within: Iterable | None = None, language: str = "") -> list:
    """Article ids matching every word of `query` (prefixes), best first; no limit when None."""
    if not _words(query):
        return []
    return list(iter_text_ids(query, limit=limit, within=within, language=language))


def iter_text_ids(query: str, *, limit: int | None = None, within: Iterable | None = None,
                  language: str = "") -> Iterator:
    if not _words(query):
        return
    params: list = []
    restrict = ""
    if within is not None:
        ids = [str(i).replace("-", "") if connection.vendor == "sqlite" else str(i) for i in within]
        if not ids:
            return
        restrict = f" AND a.id IN ({', '.join(['%s'] * len(ids))})"
        params_within = ids
    else:
        params_within = []
    if language:
        restrict += " AND a.language = %s"
        params_within.append(language)
    if connection.vendor == "sqlite":
        sql = ("SELECT a.id FROM media_article_fts f JOIN media_article a ON a.rowid = f.rowid "
               "WHERE media_article_fts MATCH %s" + restrict + " ORDER BY f.rank")
        params = [_fts5_query(query), *params_within]
    else:
        sql = (f"SELECT a.id FROM media_article a WHERE {PG_VECTOR.replace('media_article.', 'a.')} "
               "@@ to_tsquery('simple'::regconfig, %s)" + restrict + " ORDER BY a.published DESC NULLS LAST, a.id")
        params = [" & ".join(_pg_term(w) for w in _words(query)), *params_within]
    if limit is not None:
        sql += f" LIMIT {int(limit)}"
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        while rows := cursor.fetchmany(2000):
            for (pk,) in rows:
                yield _uuid(pk)


def _pg_term(word: str) -> str:
    return "'" + word.lower().replace("'", "").replace("\\", "") + "':*"


def _uuid(value):
    import uuid

    return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))


# --- meaning ------------------------------------------------------------------------------------

# Rows committed late (a long ingest transaction stamps created_at before it commits) are still
# found: each check re-reads the rows created in this window before the newest one seen.
OVERLAP = dt.timedelta(hours=1)
QUERY_CACHE = 1024


class _Matrix:
    """Every stored embedding in one contiguous float32 matrix, kept in memory and appended to.

    A search costs one index probe (what changed in the recent window), one matrix-vector
    product and an `argpartition`; the vectors are read from the database once per process.
    Deleted articles are noticed when they reach a top-k and are masked from then on.
    """

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.forget()

    def forget(self) -> None:
        """Drop everything; the next search reloads from the database."""
        self.db: tuple | None = None
        self.probe: tuple | None = None  # (rows in the window, newest created_at) at the last check
        self.newest: dt.datetime | None = None
        self.ids: list = []
        self.row_of: dict = {}
        self.size = 0
        self.store = np.zeros((0, 0), dtype=np.float32)
        self.languages = np.zeros(0, dtype="<U8")
        self.dead = np.zeros(0, dtype=bool)
        self.any_dead = False

    def current(self) -> tuple[list, np.ndarray]:
        """Every stored (id, vector): the ids and a view of the first `size` rows."""
        with self.lock:
            self._refresh()
            return self.ids, self.store[: self.size]

    def _refresh(self) -> None:
        db = (connection.alias, connection.settings_dict.get("NAME"))
        if db != self.db:
            self.forget()
            self.db = db
        stored = Article.objects.exclude(embedding=None)
        if self.newest is None:
            # The window follows the newest article of all, vector or not: rows without one would
            # otherwise widen every probe (measured: 62 ms instead of 1 ms behind 900,000 such rows).
            newest = Article.objects.order_by("-created_at").values_list("created_at", flat=True).first()
            self._append(stored.values_list("id", "language", "embedding", "created_at"))
            if newest is not None and (self.newest is None or newest > self.newest):
                self.newest = newest
            return
        since = self.newest - OVERLAP
        # Taken before the read: a row committed in between is read now and changes the next probe.
        window = Article.objects.filter(created_at__gt=since).aggregate(n=Count("created_at"), newest=Max("created_at"))
        probe = (window["n"], window["newest"])
        if probe == self.probe:
            return
        self._append(stored.filter(created_at__gt=since).values_list("id", "language", "embedding", "created_at"))
        if probe[1] is not None and probe[1] > self.newest:
            self.newest = probe[1]
        self.probe = probe

    def _append(self, rows) -> None:
        ids, languages, vectors = [], [], []
        for pk, language, blob, created in rows.iterator(chunk_size=5000):
            if self.newest is None or created > self.newest:
                self.newest = created
            if pk in self.row_of:
                continue
            ids.append(pk)
            languages.append(language or "")
            vectors.append(np.frombuffer(bytes(blob), dtype=np.float32))
        if not ids:
            return
        width = self.store.shape[1] if self.size else vectors[0].shape[0]
        if any(v.shape[0] != width for v in vectors):
            # Vectors of another model cannot be compared with these: left out.
            kept = [k for k, v in enumerate(vectors) if v.shape[0] == width]
            ids, languages, vectors = [ids[k] for k in kept], [languages[k] for k in kept], [vectors[k] for k in kept]
        need = self.size + len(ids)
        if self.store.shape[1:] != (width,) or need > self.store.shape[0]:
            # Grow by half again so appends are amortised, not a copy of the whole matrix each time.
            capacity = max(need, int(self.store.shape[0] * 1.5), 1024)
            grown = np.zeros((capacity, width), dtype=np.float32)
            if self.size:
                grown[: self.size] = self.store[: self.size]
            self.store = grown
            self.languages = np.resize(self.languages, capacity).astype("<U8")
            self.dead = np.resize(self.dead, capacity)
        self.store[self.size:need] = np.vstack(vectors)
        self.languages[self.size:need] = languages
        self.dead[self.size:need] = False
        for offset, pk in enumerate(ids):
            self.row_of[pk] = self.size + offset
        self.ids.extend(ids)
        self.size = need

    def rank(self, vector: np.ndarray, *, limit: int | None, language: str = "") -> list[tuple]:
        """(id, cosine) of the rows nearest `vector`, best first, skipping rows known deleted."""
        with self.lock:
            self._refresh()
            # Views of the rows loaded so far: appends write past `size` or into a new array.
            size, ids, matrix = self.size, self.ids, self.store[: self.size]
            dead = self.dead[:size] if self.any_dead else None
            languages = self.languages[:size]
        if not size:
            return []
        scores = matrix @ vector
        candidates = size
        if dead is not None or language:
            if dead is not None:
                scores[dead] = -np.inf
            if language:
                scores[languages != language] = -np.inf
            candidates = int(np.count_nonzero(scores > -np.inf))
        count = candidates if limit is None else min(limit, candidates)
        if count <= 0:
            return []
        if count < size:
            top = np.argpartition(-scores, count - 1)[:count]
            top = top[np.argsort(-scores[top], kind="stable")]
        else:
            top = np.argsort(-scores, kind="stable")
        return [(ids[i], float(scores[i])) for i in top]

    def bury(self, pks: Iterable) -> None:
        """Mask rows whose articles were deleted."""
        with self.lock:
            for pk in pks:
                row = self.row_of.get(pk)
                if row is not None:
                    self.dead[row] = True
                    self.any_dead = True


MATRIX = _Matrix()


@functools.lru_cache(maxsize=QUERY_CACHE)
def _cached_vector(query: str) -> np.ndarray:
    from korpu.embeddings import embed

    vector = np.ascontiguousarray(embed([query])[0], dtype=np.float32)
    vector.setflags(write=False)
    return vector


def query_vector(query: str) -> np.ndarray:
    """The embedding of a search, cached per process (saved searches and repeated queries)."""
    # Articles were embedded as title + lead without an e5 "passage:" prefix, so the query is
    # embedded the same way.
    return _cached_vector(" ".join((query or "").split()))


def meaning_ids(query: str, *, limit: int | None = 50, language: str = "") -> list[tuple]:
    """(article id, cosine) of the articles nearest in meaning to `query`, best first.

    With a limit, the top ids are checked against the table (one indexed look-up) and articles
    deleted since the matrix was loaded are masked and replaced.
    """
    if not (query or "").strip():
        return []
    vector = query_vector(query)
    while True:
        scored = MATRIX.rank(vector, limit=limit, language=language)
        if limit is None or not scored:
            return scored
        wanted = [pk for pk, _s in scored]
        present = set(Article.objects.filter(pk__in=wanted).values_list("pk", flat=True))
        if len(present) == len(wanted):
            return scored
        MATRIX.bury(pk for pk in wanted if pk not in present)


def meaning_articles(queryset, query: str, *, limit: int = 50, language: str = "") -> list[Article]:
    """The articles of `queryset` nearest in meaning to `query`, best first, each with its `score`.

    One query reads the top rows; rows gone from the table since the matrix was loaded are
    masked and the ranking is taken again.
    """
    if not (query or "").strip():
        return []
    vector = query_vector(query)
    while True:
        scored = MATRIX.rank(vector, limit=limit, language=language)
        rows = queryset.in_bulk([pk for pk, _s in scored])
        if len(rows) < len(scored):
            missing = [pk for pk, _s in scored if pk not in rows]
            # Not visible to this reader is not deleted: only rows absent from the table are masked.
            gone = set(missing) - set(Article.objects.filter(pk__in=missing).values_list("pk", flat=True))
            if gone:
                MATRIX.bury(gone)
                continue
        found = []
        for pk, score in scored:
            if (article := rows.get(pk)) is not None:
                article.score = score
                found.append(article)
        return found
