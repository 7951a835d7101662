"""End-to-end `korpu media ingest` / `korpu media stories` on the labelled set: speed and quality.

Run: python bench/bench_media_cli.py

Copies tests/media/data/articles with each file's mtime set to the day it was seen, migrates a
fresh SQLite database under /tmp, runs the two commands as a user would (subprocesses, so model
loading and Django start-up are counted), and scores their CSV against labels.csv. Reference in
the same run: the pure pipeline (`ingest_file` on every file, no database, no embeddings).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from korpu.media.pipeline import ingest_file  # noqa: E402
from korpu.media.quality import copy_with_seen_dates, score  # noqa: E402

DATA = ROOT / "tests" / "media" / "data"
KORPU = [sys.executable, "-m", "korpu"]


def main() -> int:
    work = Path(tempfile.mkdtemp(prefix="korpu_media_cli_"))
    articles = copy_with_seen_dates(DATA / "articles", DATA / "labels.csv", work / "articles")
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{work / 'db.sqlite3'}", "KORPU_VAR_DIR": str(work / "var")}
    refused = subprocess.run([*KORPU, "media", "ingest", str(articles)], env=env, capture_output=True, text=True)
    print(f"before migrate: exit {refused.returncode}, says {refused.stderr.strip()!r}")
    subprocess.run([*KORPU, "manage", "migrate", "-v0"], env=env, check=True)
    start = time.perf_counter()
    ingest = subprocess.run([*KORPU, "media", "ingest", str(articles), "--format", "csv"], env=env,
                            capture_output=True, text=True, check=True)
    ingest_s = time.perf_counter() - start
    start = time.perf_counter()
    stories = subprocess.run([*KORPU, "media", "stories", "--format", "csv"], env=env, capture_output=True,
                             text=True, check=True)
    stories_s = time.perf_counter() - start
    start = time.perf_counter()
    items = [i for path in sorted(articles.iterdir()) for i in ingest_file(path)]
    pure_s = time.perf_counter() - start
    figures = score(ingest.stdout, stories.stdout, DATA / "labels.csv")
    n = figures["items"]
    print(f"ingest: {n} items in {ingest_s:.1f} s ({n / ingest_s:.1f} items/s, process start and model load "
          f"included); pure pipeline without DB/embeddings {pure_s:.1f} s ({len(items) / pure_s:.1f} items/s); "
          f"ratio {ingest_s / pure_s:.1f}×")
    print(f"stories: {stories_s:.1f} s (rebuild from stored embeddings)")
    for key in ("language", "place", "agency", "date"):
        print(f"  {key:<9} {figures[key]:.3f}")
    print(f"  stories  precision {figures['precision']:.3f}  recall {figures['recall']:.3f}  "
          f"({figures['true_pairs']} true pairs, {figures['false_pairs']} false, {figures['missed_pairs']} missed)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
