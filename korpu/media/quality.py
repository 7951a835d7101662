"""Score `korpu media ingest/stories --format csv` output against a labelled set (labels.csv:
item, story, lang, place, agency, date, seen). Used by tests and bench/bench_media_cli.py."""

from __future__ import annotations

import csv
import datetime as dt
import itertools
import os
import shutil
from pathlib import Path

from korpu.media.pipeline.aliases import find_agency, find_place


def labels(path: Path) -> dict[str, dict[str, str]]:
    return {row["item"]: row for row in csv.DictReader(path.open(encoding="utf-8"))}


def copy_with_seen_dates(articles: Path, labels_path: Path, target: Path) -> Path:
    """Copy the labelled files, each with the modification time of the day it was seen (the CLI
    takes a file's mtime as the day it was fetched, to complete datelines without a year)."""
    rows = labels(labels_path)
    target.mkdir(parents=True, exist_ok=True)
    for path in sorted(articles.iterdir()):
        copy = target / path.name
        shutil.copyfile(path, copy)
        seen = rows.get(path.name, {}).get("seen") or "2024-05-14"
        stamp = dt.datetime.fromisoformat(seen + "T12:00:00").timestamp()
        os.utime(copy, (stamp, stamp))
    return target


def _key(item: str) -> str:
    return item if "://" in item else Path(item).name


def score(ingest_csv: str, stories_csv: str, labels_path: Path) -> dict[str, float | int]:
    truth = labels(labels_path)
    rows = list(csv.DictReader(ingest_csv.splitlines()))
    counts = {"language": 0, "place": 0, "agency": 0, "date": 0}
    n = 0
    for row in rows:
        label = truth.get(_key(row["item"]))
        if label is None:
            continue
        n += 1
        counts["language"] += row["language"] == label["lang"]
        place = find_place(row["place"]) if row["place"] else None
        counts["place"] += (place.id if place else row["place"].casefold()) == label["place"]
        agency = find_agency(row["agency"]) if row["agency"] else None
        counts["agency"] += (agency.id if agency else "") == label["agency"]
        counts["date"] += row["date"] == label["date"]
    story_of = {_key(r["item"]): r["story"] for r in csv.DictReader(stories_csv.splitlines())}
    items = [i for i in truth if i in story_of]
    tp = fp = fn = 0
    for a, b in itertools.combinations(items, 2):
        same_truth = truth[a]["story"] == truth[b]["story"]
        same_found = story_of[a] == story_of[b]
        tp += same_truth and same_found
        fp += same_found and not same_truth
        fn += same_truth and not same_found
    return {"items": n, "labelled": len(truth), "grouped": len(items),
            **{k: v / n if n else 0.0 for k, v in counts.items()},
            "precision": tp / (tp + fp) if tp + fp else 1.0, "recall": tp / (tp + fn) if tp + fn else 1.0,
            "true_pairs": tp, "false_pairs": fp, "missed_pairs": fn}
