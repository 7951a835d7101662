"""Search benchmark: full text over 1,000,000 articles, meaning over 100,000, on SQLite and PostgreSQL.

Run: python bench/bench_media_search.py [--text-rows 1000000] [--meaning-rows 100000] [--queries 200]
                                        [--vendors sqlite,postgresql] [--pg postgres://postgres@127.0.0.1:5432/korpu_media_bench]

Each vendor runs in a child process with its own bench database (a fresh SQLite file under /tmp,
or the PostgreSQL database named by --pg, recreated). Synthetic articles are multilingual word
soup (Latin, Cyrillic, Arabic; Zipf-distributed vocabulary of 60,000 words) inserted in bulk
(COPY on PostgreSQL, one executemany per 20,000 rows on SQLite); the media migration's full-text
index is taken off during the load and built once after it, as for any bulk import. Queries are one or two words of middle
frequency, as an officer would type ("Aghdam mosque"). The search by meaning embeds the query
with the real model and ranks stored 384-d vectors, as the search page does.

Each search is timed as the page runs it: ranking, then reading the top 50 rows. Reference,
measured in the same run: the latest 50 articles by date (an indexed ORDER BY … LIMIT 50) for
text; the bare numpy product and top-50 over the same matrix for meaning. The load average is
printed beside the figures: on a shared machine it moves them more than any code change.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

ALPHABETS = [
    "abcdefghijklmnopqrstuvwxyzəğışöüç",
    "абвгдеёжзийклмнопрстуфхцчшщыэюя",
    "ابتثجحخدذرزسشصضطظعغفقكلمنهوي",
]


def vocabulary(size: int, rng) -> list[str]:
    words = set()
    while len(words) < size:
        alphabet = ALPHABETS[len(words) % 3]
        length = int(rng.integers(4, 10))
        words.add("".join(alphabet[int(i)] for i in rng.integers(0, len(alphabet), length)))
    return sorted(words)


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def _fulltext_migration():
    import importlib

    return importlib.import_module("korpu.media.migrations.0002_fulltext")


DROPPED: list[str] = []


def before_load(connection) -> None:
    """Take the full-text index and the secondary indexes off the table: each is built once
    after the load (a sort), not updated row by row (a random B-tree insert per index per row)."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            # A bench database: losing it in a crash costs nothing, so no fsync per batch.
            cursor.execute("PRAGMA synchronous=OFF")
            cursor.execute("PRAGMA cache_size=-1000000")
            for sql in _fulltext_migration().SQLITE_DOWN:
                if "TRIGGER" in sql:
                    cursor.execute(sql)
            # Indexes Django declared (not the primary key's or a UNIQUE column's, which stay).
            cursor.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'media_article' "
                           "AND sql IS NOT NULL")
            indexes = cursor.fetchall()
        else:
            cursor.execute("DROP INDEX IF EXISTS media_article_fts")
            cursor.execute("SELECT i.indexname, i.indexdef FROM pg_indexes i WHERE i.tablename = 'media_article' "
                           "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)")
            indexes = cursor.fetchall()
        for name, sql in indexes:
            DROPPED.append(sql)
            cursor.execute(f'DROP INDEX "{name}"')


def after_load(connection) -> None:
    """Build the indexes again (the media migration's full-text index among them), then refresh
    the planner's statistics."""
    migration = _fulltext_migration()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET maintenance_work_mem = '1GB'")
        for sql in DROPPED:
            cursor.execute(sql)
        if connection.vendor == "sqlite":
            for sql in migration.SQLITE_UP:  # triggers back, then one 'rebuild' of the FTS5 table
                cursor.execute(sql)
            cursor.execute("INSERT INTO media_article_fts(media_article_fts) VALUES ('optimize')")
            cursor.execute("ANALYZE")
        else:
            for sql in migration.PG_UP:
                cursor.execute(sql)
            cursor.execute("VACUUM ANALYZE media_article")


def child(args) -> dict:
    import numpy as np

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "korpu.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from korpu.media import search
    from korpu.media.models import Article

    call_command("migrate", interactive=False, verbosity=0)
    vendor = connection.vendor
    rng = np.random.default_rng(7)
    vocab = vocabulary(60_000, rng)
    ranks = np.arange(1, len(vocab) + 1)
    weights = 1.0 / ranks**1.05
    weights /= weights.sum()
    dim = 384
    result: dict = {"vendor": vendor}

    columns = ["id", "created_at", "updated_at", "item", "url", "canonical_url", "content_hash", "outlet_name",
               "language", "language_low_confidence", "place", "place_id", "published", "agency", "agency_id",
               "title", "body", "topics", "embedding", "embedding_model"]
    existing = Article.objects.count()
    target = max(args.text_rows, args.meaning_rows)
    start = time.perf_counter()
    base_day = np.datetime64("2020-01-01")
    batch = 20_000
    with_vectors = args.meaning_rows
    written = existing
    loading = existing < target
    if loading:
        before_load(connection)
    while written < target:
        n = min(batch, target - written)
        words = rng.choice(len(vocab), size=(n, 38), p=weights)
        days = (base_day + rng.integers(0, 6 * 365, n).astype("timedelta64[D]")).astype(str)
        vectors = None
        if written < with_vectors:
            vectors = rng.standard_normal((n, dim)).astype(np.float32)
            vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
        rows = []
        # Distinct creation times, as real ingestion gives them (the meaning cache follows them).
        now = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
        for i in range(n):
            pk = uuid.uuid4()
            created = (now + dt.timedelta(seconds=written + i)).isoformat(" ")
            title = " ".join([vocab[w] for w in words[i, :8]])
            body = " ".join([vocab[w] for w in words[i, 8:]])
            blob = vectors[i].tobytes() if vectors is not None and written + i < with_vectors else None
            rows.append([pk.hex if vendor == "sqlite" else pk, created, created, f"bench:{written + i}", "", "",
                         pk.hex + pk.hex, "", ("en", "ru", "ar")[i % 3], False, "", "",
                         days[i], "", "", title, body, "[]", blob, "bench" if blob else ""])
        raw = connection.connection
        if vendor == "postgresql":
            with raw.cursor() as cursor, cursor.copy(f"COPY media_article ({', '.join(columns)}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            raw.commit()
        else:
            placeholders = ", ".join(["?"] * len(columns))
            raw.executemany(f"INSERT INTO media_article ({', '.join(columns)}) VALUES ({placeholders})", rows)
            raw.commit()
        written += n
        print(f"  {vendor}: {written:,}/{target:,} rows, {time.perf_counter() - start:.0f} s",
              file=sys.stderr, end="\r", flush=True)
    if loading:
        after_load(connection)
    result["load_seconds"] = round(time.perf_counter() - start, 1)
    result["rows"] = Article.objects.count()
    print(file=sys.stderr)

    # Middle-frequency words: neither stop-word-like nor hapaxes.
    middle = list(range(300, 3000))
    queries = []
    for i in range(args.queries):
        picked = rng.choice(middle, size=2 if i % 2 else 1, replace=False)
        queries.append(" ".join(vocab[w] for w in picked))
    for q in queries[:5]:
        search.text_ids(q)  # warm caches

    articles = Article.objects.select_related("outlet").defer("embedding")  # as selectors.articles_for

    def page_rows(ids):
        # What the search page reads after ranking: the top rows only.
        rows = articles.in_bulk(ids)
        return [rows[pk] for pk in ids if pk in rows]

    result["load_before_queries"] = os.getloadavg()[0]
    times, hits = [], []
    for q in queries:
        t = time.perf_counter()
        found = search.text_ids(q, limit=50)
        page_rows(found)
        times.append((time.perf_counter() - t) * 1000)
        hits.append(len(found))
    ref = []
    for _ in range(len(queries)):
        t = time.perf_counter()
        list(Article.objects.order_by("-published").defer("embedding")[:50])
        ref.append((time.perf_counter() - t) * 1000)
    result["text"] = {"p50_ms": round(percentile(times, 50), 2), "p95_ms": round(percentile(times, 95), 2),
                      "mean_hits": round(sum(hits) / len(hits), 1),
                      "reference_p95_ms": round(percentile(ref, 95), 2),
                      "ratio_p95": round(percentile(times, 95) / max(percentile(ref, 95), 1e-6), 1)}

    from korpu.embeddings import embed

    embed(["warm up"])
    t = time.perf_counter()
    ids, matrix = search.MATRIX.current()
    result["meaning_cold_load_s"] = round(time.perf_counter() - t, 2)
    result["meaning_rows"] = len(ids)
    reference = np.ascontiguousarray(matrix)
    phrases = ["restoration of monuments", "diaspora congress in Shusha", "earthquake in Shamakhi",
               "oil price Brent", "Novruz celebration Istanbul", "central bank dollar rate",
               "energy memorandum Berlin", "mosque reopened in Aghdam", "youth forum", "football title"]
    times, embedding, repeat, ref = [], [], [], []
    for i in range(args.queries // 2):
        q = phrases[i % len(phrases)] + f" {i}"  # never seen: the query embedding is computed
        t = time.perf_counter()
        search.query_vector(q)
        embedding.append((time.perf_counter() - t) * 1000)
        search._cached_vector.cache_clear()
        t = time.perf_counter()
        search.meaning_articles(articles, q, limit=50)  # what the page calls: ranking and the top rows
        times.append((time.perf_counter() - t) * 1000)
        t = time.perf_counter()
        search.meaning_articles(articles, q, limit=50)  # the same search again
        repeat.append((time.perf_counter() - t) * 1000)
        vector = rng.standard_normal(dim).astype(np.float32)
        t = time.perf_counter()
        scores = reference @ vector
        np.argpartition(-scores, 49)[:50]
        ref.append((time.perf_counter() - t) * 1000)
    result["meaning"] = {"p50_ms": round(percentile(times, 50), 2), "p95_ms": round(percentile(times, 95), 2),
                         "embed_p95_ms": round(percentile(embedding, 95), 2),
                         "repeat_p95_ms": round(percentile(repeat, 95), 2),
                         "reference_p95_ms": round(percentile(ref, 95), 2),
                         "ratio_p95": round(percentile(times, 95) / max(percentile(ref, 95), 1e-6), 1)}
    result["load_after_queries"] = os.getloadavg()[0]
    return result


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--text-rows", type=int, default=1_000_000)
    parser.add_argument("--meaning-rows", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--vendors", default="sqlite,postgresql")
    parser.add_argument("--pg", default=os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432/korpu_media_bench"))
    parser.add_argument("--keep", action="store_true", help="reuse the bench databases if they exist")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args)))
        return 0
    results = []
    for vendor in args.vendors.split(","):
        env = dict(os.environ)
        if vendor == "sqlite":
            path = Path(tempfile.gettempdir()) / "korpu_media_bench.sqlite3"
            if path.exists() and not args.keep:
                path.unlink()
            env["DATABASE_URL"] = f"sqlite:///{path}"
        else:
            env["DATABASE_URL"] = args.pg
            if not args.keep:
                name = args.pg.rsplit("/", 1)[1]
                admin = args.pg.rsplit("/", 1)[0] + "/postgres"
                subprocess.run(["psql", admin, "-qc", f"DROP DATABASE IF EXISTS {name}"], check=False)
                if subprocess.run(["psql", admin, "-qc", f"CREATE DATABASE {name}"], check=False).returncode:
                    print(f"PostgreSQL not reachable at {admin}; skipped", file=sys.stderr)
                    continue
        env.setdefault("KORPU_VAR_DIR", str(Path(tempfile.gettempdir()) / "korpu_media_bench_var"))
        command = [sys.executable, __file__, "--child", "--text-rows", str(args.text_rows),
                   "--meaning-rows", str(args.meaning_rows), "--queries", str(args.queries)]
        done = subprocess.run(command, env=env, stdout=subprocess.PIPE, text=True, check=False)
        if done.returncode:
            print(f"{vendor}: failed", file=sys.stderr)
            continue
        results.append(json.loads(done.stdout.strip().splitlines()[-1]))
    for r in results:
        t, m = r["text"], r["meaning"]
        print(f"{r['vendor']}: {r['rows']:,} articles (loaded in {r['load_seconds']} s; load average "
              f"{r['load_before_queries']:.1f} before the queries, {r['load_after_queries']:.1f} after)")
        print(f"  full text  p50 {t['p50_ms']} ms  p95 {t['p95_ms']} ms  (limit 100 ms; mean hits {t['mean_hits']}; "
              f"reference latest-50 p95 {t['reference_p95_ms']} ms, ratio {t['ratio_p95']}×)")
        print(f"  meaning    p50 {m['p50_ms']} ms  p95 {m['p95_ms']} ms over {r['meaning_rows']:,} vectors (limit 200 ms; "
              f"matrix load {r['meaning_cold_load_s']} s; reference numpy top-50 p95 {m['reference_p95_ms']} ms, "
              f"ratio {m['ratio_p95']}×)")
        print(f"             of which query embedding p95 {m['embed_p95_ms']} ms; the same search repeated "
              f"(embedding cached) p95 {m['repeat_p95_ms']} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
