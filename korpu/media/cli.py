"""`korpu media ...`: ingest files, list stories, poll sources — without a worker.

    korpu media ingest PATH... [--format text|csv]
    korpu media stories [--format text|csv]
    korpu media poll
"""

from __future__ import annotations

import argparse
import csv
import os
import sys
from pathlib import Path
from typing import TextIO

SUFFIXES = (".html", ".htm", ".txt", ".xml", ".rss", ".atom")
MIGRATE_FIRST = "run `korpu manage migrate` first"


def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "korpu.settings")
    import django

    django.setup()


def _needs_migrations() -> bool:
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    return bool(executor.migration_plan(executor.loader.graph.leaf_nodes()))


def files_of(paths: list[str]) -> list[Path]:
    """The files to ingest: each file given, and the ingestible files under each folder (sorted)."""
    found: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES))
        elif path.is_file():
            found.append(path)
        else:
            raise FileNotFoundError(raw)
    return found


class Progress:
    """A one-line progress bar on standard error."""

    def __init__(self, total: int, out: TextIO, width: int = 30):
        self.total, self.out, self.width, self.done = max(total, 1), out, width, 0

    def step(self, count: int = 1, label: str = "") -> None:
        self.done += count
        filled = int(self.width * self.done / self.total)
        bar = "#" * filled + "-" * (self.width - filled)
        self.out.write(f"\r[{bar}] {self.done}/{self.total} {label[:40]:<40}")
        self.out.flush()

    def close(self) -> None:
        self.out.write("\n")
        self.out.flush()


def _row(item) -> list[str]:
    return [item.item_id, item.language or "", item.place or "", item.date.isoformat() if item.date else "",
            item.agency or "", item.title]


def ingest(argv: list[str], *, out: TextIO, err: TextIO) -> int:
    parser = argparse.ArgumentParser(prog="korpu media ingest",
                                     description="Ingest .html, .txt and .xml (RSS/Atom) files or folders of them.")
    parser.add_argument("paths", nargs="+", metavar="PATH")
    parser.add_argument("--format", choices=["text", "csv"], default="text")
    parser.add_argument("--batch", type=int, default=32, help="articles embedded and stored together")
    args = parser.parse_args(argv)
    try:
        files = files_of(args.paths)
    except FileNotFoundError as exc:
        print(f"korpu media ingest: no such file or folder: {exc}", file=err)
        return 2
    from korpu.media.pipeline import ingest_file
    from korpu.media.services import configured_languages, do_ingest_items

    languages = configured_languages()
    writer = csv.writer(out, lineterminator="\n") if args.format == "csv" else None
    if writer:
        writer.writerow(["item", "language", "place", "date", "agency", "title"])
    progress = Progress(len(files), err)
    pending: list = []
    failures = 0

    def flush() -> None:
        if not pending:
            return
        do_ingest_items(actor="korpu media ingest", items=pending)
        for item in pending:
            row = _row(item)
            if writer:
                writer.writerow(row)
            else:
                out.write("\t".join([row[1] or "-", row[2] or "-", row[3] or "-", row[4] or "-", row[5]]) + "\n")
        out.flush()
        pending.clear()

    for path in files:
        try:
            pending.extend(ingest_file(path, languages=languages))
        except Exception as exc:  # one unreadable file must not stop the others
            failures += 1
            err.write(f"\nkorpu media ingest: {path}: {exc}\n")
        progress.step(label=path.name)
        if len(pending) >= args.batch:
            flush()
    flush()
    progress.close()
    return 1 if failures and failures == len(files) else 0


def stories(argv: list[str], *, out: TextIO, err: TextIO) -> int:
    parser = argparse.ArgumentParser(prog="korpu media stories", description="Every stored item with its story.")
    parser.add_argument("--format", choices=["text", "csv"], default="text")
    args = parser.parse_args(argv)
    from korpu.media.processing import STORIES
    from korpu.media.selectors import story_rows

    STORIES.get()  # rebuilds from stored embeddings and persists its story ids
    if args.format == "csv":
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["story", "item", "language"])
        for story_id, item, language in story_rows():
            writer.writerow([story_id, item, language])
    else:
        current = None
        for story_id, item, language in story_rows():
            if story_id != current:
                out.write(f"{story_id}\n")
                current = story_id
            out.write(f"  {language or '-'}\t{item}\n")
    return 0


def poll(argv: list[str], *, out: TextIO, err: TextIO) -> int:
    from korpu.media.models import Source
    from korpu.media.services import poll_source

    total = 0
    for source in Source.objects.filter(active=True):
        stored = poll_source(source)
        total += stored
        state = "ok" if source.healthy else f"unhealthy: {source.last_error}"
        out.write(f"{source.url}\t{stored}\t{state}\n")
    err.write(f"{total} new articles\n")
    return 0


COMMANDS = {"ingest": ingest, "stories": stories, "poll": poll}


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0] in {"-h", "--help"} or argv[0] not in COMMANDS:
        print(__doc__.strip(), file=sys.stderr if argv and argv[0] not in {"-h", "--help"} else sys.stdout)
        return 0 if argv and argv[0] in {"-h", "--help"} else 2
    _setup()
    if _needs_migrations():
        print(MIGRATE_FIRST, file=sys.stderr)
        return 1
    return COMMANDS[argv[0]](argv[1:], out=sys.stdout, err=sys.stderr)
