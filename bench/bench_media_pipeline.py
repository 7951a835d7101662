"""End-to-end media pipeline benchmark, and story grouping at 100,000 articles.

Run: python bench/bench_media_pipeline.py [--articles 300] [--grouping 100000]

Part 1 runs every labelled article (tests/media/data) as an HTML page through extraction,
language, dateline and dates, entities, embeddings (batched by 16, as the task worker does)
and story grouping, and times each stage; trafilatura's extraction alone on the same pages is
timed in the same run. Part 2 groups synthetic articles with stored, clustered embeddings.
"""

from __future__ import annotations

import argparse
import datetime as dt
import html
import sys
import time
from collections import defaultdict
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from korpu.embeddings import embed  # noqa: E402
from korpu.media.pipeline import (  # noqa: E402
    Gazetteer,
    StoryGrouper,
    classify,
    detect_language,
    extract_html,
    find_mentions,
    story_text,
)
from korpu.media.pipeline.aliases import AGENCIES, PLACES  # noqa: E402

ARTICLES = ROOT / "tests" / "media" / "data" / "articles"
SEEN = dt.date(2024, 5, 14)
RULES = {
    "diaspora": {
        "az": ["diaspor"],
        "en": ["diaspora"],
        "ru": ["диаспор"],
        "tr": ["diaspora"],
        "ar": ["الشتات"],
    },
    "oil": {"*": ["brent", "wti"]},
    "weather": {"en": ["weather"], "az": ["hava"], "ru": ["погода"]},
}


def pages() -> list[bytes]:
    """Every labelled article as an HTML page (text files wrapped in a news-site template)."""
    out = []
    for path in sorted(ARTICLES.iterdir()):
        if path.suffix == ".html":
            out.append(path.read_bytes())
        elif path.suffix == ".txt":
            lines = [ln for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip()]
            body = "".join(f"<p>{html.escape(ln)}</p>" for ln in lines[1:])
            out.append(
                (
                    f"<html><head><title>{html.escape(lines[0])}</title></head><body>"
                    f"<nav><a href='/'>Home</a> <a href='/news'>News</a></nav><article><h1>{html.escape(lines[0])}</h1>"
                    f"{body}</article><footer>© Outlet. Subscribe.</footer></body></html>"
                ).encode()
            )
    return out


def run_pipeline(n: int) -> None:
    base = pages()
    docs = [base[i % len(base)] for i in range(n)]
    gazetteer = Gazetteer((a.id, a.kind, sorted(a.forms())) for a in (*AGENCIES, *PLACES))
    detect_language("warm up the detector: Bakı, Baku, Баку, باكو")
    embed(["warm up the model"])
    stage: dict[str, float] = defaultdict(float)
    grouper = StoryGrouper()
    t_all = time.perf_counter()
    batch: list[tuple[int, str, str | None, dt.date | None]] = []
    for i, page in enumerate(docs):
        t = time.perf_counter()
        ex = extract_html(page, None, SEEN)  # includes dateline and date parsing
        stage["extract+dateline+dates"] += time.perf_counter() - t
        t = time.perf_counter()
        guess = detect_language(f"{ex.title}\n{ex.text}")
        stage["language"] += time.perf_counter() - t
        t = time.perf_counter()
        find_mentions(ex.text, gazetteer)
        classify(ex.text, guess.code, RULES)
        stage["entities+topics"] += time.perf_counter() - t
        batch.append((i, story_text(ex.title, ex.text), guess.code, ex.published))
        if len(batch) == 16 or i == len(docs) - 1:
            t = time.perf_counter()
            vectors = embed([b[1] for b in batch])
            stage["embeddings"] += time.perf_counter() - t
            t = time.perf_counter()
            for (j, text, lang, published), vector in zip(batch, vectors, strict=True):
                grouper.add(f"doc-{j}", lang, text, vector, published)
            stage["grouping"] += time.perf_counter() - t
            batch = []
    total = time.perf_counter() - t_all

    t = time.perf_counter()
    import trafilatura

    for page in docs:
        trafilatura.bare_extraction(page, with_metadata=True, favor_precision=True)
    traf = time.perf_counter() - t

    print(f"== end-to-end pipeline on {n} HTML articles (labelled set, repeated)")
    print(f"  total {total:.2f} s = {n / total:.1f} articles/s")
    for name, secs in stage.items():
        print(f"  {name:<24} {secs * 1000 / n:7.2f} ms/article ({secs / total:5.1%})")
    print(
        f"  trafilatura alone: {traf:.2f} s = {n / traf:.1f} articles/s; pipeline/trafilatura time ratio {total / traf:.2f}"
    )


def run_grouping(n: int, seed: int = 7) -> None:
    rng = np.random.default_rng(seed)
    dim, per_story = 384, 5
    stories = n // per_story
    centroids = rng.standard_normal((stories, dim)).astype(np.float32)
    centroids /= np.linalg.norm(centroids, axis=1, keepdims=True)
    story_of = rng.integers(0, stories, n)
    noise = rng.standard_normal((n, dim)).astype(np.float32) * 0.018  # copies at cosine ~0.9
    vectors = centroids[story_of] + noise
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    start = dt.date(2024, 1, 1)
    story_day = rng.integers(0, 365, stories)
    langs = np.array(["az", "en", "ru", "tr", "ar", "de"])[rng.integers(0, 6, n)]
    records = [
        (
            f"a{i}",
            str(langs[i]),
            f"event {story_of[i]} wire copy in {langs[i]}",
            vectors[i],
            start + dt.timedelta(days=int(story_day[story_of[i]] + rng.integers(0, 2))),
        )
        for i in range(n)
    ]
    t = time.perf_counter()
    grouper = StoryGrouper.rebuild(records)
    secs = time.perf_counter() - t
    found = grouper.stories()
    tp = fp = 0
    for members in found.values():
        labels = defaultdict(int)
        for m in members:
            labels[story_of[int(m[1:])]] += 1
        size = len(members)
        tp += sum(c * (c - 1) // 2 for c in labels.values())
        fp += size * (size - 1) // 2 - sum(c * (c - 1) // 2 for c in labels.values())
    gold = defaultdict(int)
    for s in story_of:
        gold[s] += 1
    positives = sum(c * (c - 1) // 2 for c in gold.values())
    print(
        f"== grouping {n} synthetic articles with stored embeddings ({stories} stories over 365 days)"
    )
    print(f"  {secs:.1f} s = {n / secs:.0f} articles/s; {len(found)} stories found")
    print(f"  pair precision {tp / max(tp + fp, 1):.3f}, recall {tp / max(positives, 1):.3f}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--grouping", type=int, default=100_000)
    args = parser.parse_args()
    if args.articles:
        run_pipeline(args.articles)
    if args.grouping:
        run_grouping(args.grouping)


if __name__ == "__main__":
    main()
