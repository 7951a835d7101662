"""Search across languages: full text (SQLite FTS5 or PostgreSQL tsvector with the 'simple'
configuration, chosen by connection.vendor) and meaning (embeddings, cosine in numpy).

The full-text index is created by migration 0002 for the database in use: an FTS5 table kept in
step by triggers on SQLite, a GIN expression index on PostgreSQL. 'simple' (no stemming) because
articles come in a dozen languages and no single stemmer fits them all.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Iterable, Iterator

import numpy as np
from django.db import connection

from korpu.media.models import Article

PG_VECTOR = "to_tsvector('simple'::regconfig, coalesce(media_article.title, '') || ' ' || coalesce(media_article.body, ''))"
_WORD = re.compile(r"\w+", re.UNICODE)


def _words(query: str) -> list[str]:
    return [w for w in _WORD.findall(query or "") if w][:20]


def _fts5_query(query: str) -> str:
    # Each word a quoted prefix term: no FTS5 syntax from the user reaches the engine.
    return " ".join('"{}"*'.format(w.replace('"', "")) for w in _words(query))


def text_ids(query: str, *, limit: int | None = 50, within: Iterable | None = None) -> list:
    """Article ids matching every word of `query` (prefixes), best first; no limit when None."""
    if not _words(query):
        return []
    return list(iter_text_ids(query, limit=limit, within=within))


def iter_text_ids(query: str, *, limit: int | None = None, within: Iterable | None = None) -> Iterator:
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

REFRESH_SECONDS = 600


class _Matrix:
    """Every stored embedding in one float32 matrix, refreshed when articles were added."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.key: tuple | None = None
        self.ids: list = []
        self.matrix = np.zeros((0, 0), dtype=np.float32)

    def current(self) -> tuple[list, np.ndarray]:
        """Every stored (id, vector); new rows are appended, a full reload every REFRESH_SECONDS."""
        # The newest creation time is one index probe; a count (or a filter on the vector column)
        # would read every row. Deletions are picked up by the periodic full reload.
        newest = Article.objects.order_by("-created_at").values_list("created_at", flat=True).first()
        base = (connection.alias, connection.settings_dict.get("NAME"), int(time.monotonic() // REFRESH_SECONDS))
        with self.lock:
            if self.key is not None and self.key[0] == base and newest == self.key[1]:
                return self.ids, self.matrix
            stored = Article.objects.exclude(embedding=None)
            append = self.key is not None and self.key[0] == base and self.key[1] is not None
            if append:
                assert self.key is not None
                stored = stored.filter(created_at__gt=self.key[1])
            ids, rows = [], []
            for pk, blob in stored.values_list("id", "embedding").iterator(chunk_size=5000):
                assert blob is not None  # excluded above
                ids.append(pk)
                rows.append(np.frombuffer(bytes(blob), dtype=np.float32))
            if append and len(self.ids):
                if rows:
                    self.ids = self.ids + ids
                    self.matrix = np.vstack([self.matrix, *rows])
            else:
                self.ids = ids
                self.matrix = np.vstack(rows) if rows else np.zeros((0, 0), dtype=np.float32)
            self.key = (base, newest)
            return self.ids, self.matrix

    def forget(self) -> None:
        with self.lock:
            self.key = None


MATRIX = _Matrix()


def query_vector(query: str) -> np.ndarray:
    from korpu.embeddings import embed

    # e5 wants "query: " before a search and "passage: " before documents? The package embeds
    # both sides the same way; articles were embedded as title + lead, so is the query.
    return embed([query])[0]


def meaning_ids(query: str, *, limit: int | None = 50) -> list[tuple]:
    """(article id, cosine) of the articles nearest in meaning to `query`, best first."""
    if not (query or "").strip():
        return []
    ids, matrix = MATRIX.current()
    if not ids:
        return []
    scores = matrix @ query_vector(query).astype(np.float32)
    count = len(ids) if limit is None else min(limit, len(ids))
    if count < len(ids):
        top = np.argpartition(-scores, count - 1)[:count]
        top = top[np.argsort(-scores[top])]
    else:
        top = np.argsort(-scores)
    return [(ids[i], float(scores[i])) for i in top]
