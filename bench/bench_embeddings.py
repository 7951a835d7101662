"""Compare the shipped-in-wheel embedding models on Körpü's own cross-language set.

Run: python bench/bench_embeddings.py [backend ...]   (default: every backend)

Prints, per backend: load time, speed (texts/s), and for each labelled set the ROC AUC of
cosine similarity between same-meaning and different-meaning pairs, the best-threshold
accuracy, and need → profile top-1 retrieval.
"""

from __future__ import annotations

import csv
import itertools
import re
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from korpu.embeddings._backends import BACKENDS  # noqa: E402

DATA = ROOT / "tests" / "embeddings" / "data"
MEDIA = ROOT / "tests" / "media" / "data"


def roc_auc(pos: np.ndarray, neg: np.ndarray) -> float:
    """Probability that a random positive scores above a random negative (ties count half)."""
    scores = np.concatenate([pos, neg])
    order = scores.argsort(kind="mergesort")
    ranks = np.empty(len(scores))
    ranks[order] = np.arange(1, len(scores) + 1)
    # Average ranks over ties so equal scores count half.
    for value in np.unique(scores):
        tie = scores == value
        if tie.sum() > 1:
            ranks[tie] = ranks[tie].mean()
    return float((ranks[: len(pos)].sum() - len(pos) * (len(pos) + 1) / 2) / (len(pos) * len(neg)))


def best_threshold(pos: np.ndarray, neg: np.ndarray) -> tuple[float, float]:
    """Return (threshold, balanced accuracy) that best splits positives from negatives."""
    best = (0.0, 0.0)
    for t in np.unique(np.concatenate([pos, neg])):
        acc = ((pos >= t).mean() + (neg < t).mean()) / 2
        if acc > best[1]:
            best = (float(t), float(acc))
    return best


def pair_scores(
    vecs: np.ndarray, groups: list[str], langs: list[str]
) -> tuple[np.ndarray, np.ndarray]:
    """Cosines of cross-language pairs: same group (positive), different group (negative)."""
    sims = vecs @ vecs.T
    pos, neg = [], []
    for i, j in itertools.combinations(range(len(groups)), 2):
        if langs[i] == langs[j]:
            continue
        (pos if groups[i] == groups[j] else neg).append(sims[i, j])
    return np.array(pos), np.array(neg)


def load_sentences() -> tuple[list[str], list[str], list[str]]:
    rows = list(csv.DictReader((DATA / "sentences.csv").open(encoding="utf-8")))
    return [r["text"] for r in rows], [r["group"] for r in rows], [r["lang"] for r in rows]


def load_articles() -> tuple[list[str], list[str], list[str]]:
    """Title + lead of each labelled article file (RSS items are skipped here)."""
    texts, groups, langs = [], [], []
    for row in csv.DictReader((MEDIA / "labels.csv").open(encoding="utf-8")):
        path = MEDIA / "articles" / row["item"]
        if not path.exists():
            continue
        raw = path.read_text(encoding="utf-8")
        raw = re.sub(r"<[^>]+>", " ", raw) if path.suffix == ".html" else raw
        texts.append(" ".join(raw.split())[:400])
        groups.append(row["story"])
        langs.append(row["lang"])
    return texts, groups, langs


def load_needs() -> tuple[list[str], list[str], list[str], list[str]]:
    rows = list(csv.DictReader((DATA / "needs_profiles.csv").open(encoding="utf-8")))
    needs = [r for r in rows if r["kind"] == "need"]
    profiles = [r for r in rows if r["kind"] == "profile"]
    return (
        [r["text"] for r in needs],
        [r["pair"] for r in needs],
        [r["text"] for r in profiles],
        [r["pair"] for r in profiles],
    )


def report(key: str) -> dict[str, float]:
    backend = BACKENDS[key]
    t0 = time.perf_counter()
    run = backend.load()
    run(["warm up"])
    load_s = time.perf_counter() - t0

    def enc(texts: list[str]) -> np.ndarray:
        v = np.vstack([run(texts[i : i + 64]) for i in range(0, len(texts), 64)])
        return v / np.linalg.norm(v, axis=1, keepdims=True)

    out: dict[str, float] = {"load_s": load_s}
    s_texts, s_groups, s_langs = load_sentences()
    pos, neg = pair_scores(enc(s_texts), s_groups, s_langs)
    out["sent_auc"] = roc_auc(pos, neg)
    out["sent_thr"], out["sent_acc"] = best_threshold(pos, neg)
    az = [i for i, lang in enumerate(s_langs) if lang == "az"]
    v = enc(s_texts)
    az_pos = [
        v[i] @ v[j]
        for i in az
        for j in range(len(s_texts))
        if s_groups[i] == s_groups[j] and i != j
    ]
    az_neg = [
        v[i] @ v[j]
        for i in az
        for j in range(len(s_texts))
        if s_groups[i] != s_groups[j] and s_langs[j] != "az"
    ]
    out["sent_az_auc"] = roc_auc(np.array(az_pos), np.array(az_neg))

    a_texts, a_groups, a_langs = load_articles()
    a_vecs = enc(a_texts)
    pos, neg = pair_scores(a_vecs, a_groups, a_langs)
    out["art_auc"] = roc_auc(pos, neg)
    out["art_thr"], out["art_acc"] = best_threshold(pos, neg)

    n_texts, n_pairs, p_texts, p_pairs = load_needs()
    nv, pv = enc(n_texts), enc(p_texts)
    sims = nv @ pv.T
    out["need_top1"] = float(
        np.mean([p_pairs[int(k)] == n_pairs[i] for i, k in enumerate(sims.argmax(1))])
    )
    match = np.array([[a == b for b in p_pairs] for a in n_pairs])
    out["need_auc"] = roc_auc(sims[match], sims[~match])

    # Speed on article-sized inputs (title + lead, ~400 chars), as the pipeline feeds them.
    batch = (a_texts * 8)[:256]
    t0 = time.perf_counter()
    enc(batch)
    out["texts_per_s"] = len(batch) / (time.perf_counter() - t0)
    t0 = time.perf_counter()
    for text in a_texts[:20]:
        run([text])
    out["one_by_one_per_s"] = 20 / (time.perf_counter() - t0)
    return out


def main() -> None:
    keys = sys.argv[1:] or list(BACKENDS)
    for key in keys:
        r = report(key)
        print(f"== {key}: {BACKENDS[key].name}")
        print(
            f"  load {r['load_s']:.2f} s; {r['texts_per_s']:.0f} texts/s batched, {r['one_by_one_per_s']:.0f}/s one by one"
        )
        print(
            f"  sentences (10 meanings x 6 langs, cross-language pairs): AUC {r['sent_auc']:.3f}, "
            f"best-threshold accuracy {r['sent_acc']:.3f} at {r['sent_thr']:.3f}; az-vs-other AUC {r['sent_az_auc']:.3f}"
        )
        print(
            f"  articles title+lead (cross-language pairs): AUC {r['art_auc']:.3f}, "
            f"best-threshold accuracy {r['art_acc']:.3f} at {r['art_thr']:.3f}"
        )
        print(f"  az need -> en/ru profile: top-1 {r['need_top1']:.3f}, AUC {r['need_auc']:.3f}")


if __name__ == "__main__":
    main()
