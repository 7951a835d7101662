"""`korpu import ...` and `korpu export ...`: the registry's files from the command line.

    korpu import people FILE --organisation ID [--dry-run]
    korpu import organisations FILE [--dry-run]
    korpu import memberships FILE [--organisation ID] [--dry-run]
    korpu export organisations|people [--format csv|xlsx] [-o FILE]
"""

from __future__ import annotations

import argparse
import sys
import time
from typing import TextIO


def _setup() -> None:
    from korpu.cli import _setup_django

    _setup_django()


class Bar:
    """A plain progress bar on stderr (no dependency; redraws in place on a terminal)."""

    def __init__(self, label: str, out: TextIO):
        self.label = label
        self.out = out
        self.start = time.monotonic()
        self.tty = out.isatty()

    def __call__(self, done: int, total: int) -> None:
        elapsed = time.monotonic() - self.start
        if total:
            filled = int(30 * done / total)
            line = f"{self.label} [{'#' * filled}{'.' * (30 - filled)}] {done}/{total} {elapsed:.1f}s"
        else:
            line = f"{self.label} {done} rows {elapsed:.1f}s"
        self.out.write(("\r" + line) if self.tty else line + "\n")
        self.out.flush()

    def close(self) -> None:
        if self.tty:
            self.out.write("\n")


def import_main(argv: list[str], out: TextIO | None = None, err: TextIO | None = None) -> int:
    out = out or sys.stdout
    err = err or sys.stderr
    parser = argparse.ArgumentParser(prog="korpu import", description="Import organisations, people or memberships.")
    parser.add_argument("kind", choices=["organisations", "people", "memberships"])
    parser.add_argument("file")
    parser.add_argument("--organisation", help="the organisation's id (people: required; they become its members)")
    parser.add_argument("--dry-run", action="store_true", help="check every row, write nothing")
    args = parser.parse_args(argv)
    _setup()
    from korpu.network import imports
    from korpu.network.models import Organisation

    organisation = None
    if args.organisation:
        organisation = Organisation.objects.filter(pk=args.organisation).first()
        if organisation is None:
            err.write(f"no organisation {args.organisation}\n")
            return 2
    elif args.kind == "people":
        err.write("people need --organisation ID\n")
        return 2
    try:
        with open(args.file, "rb") as handle:
            content = handle.read()
    except OSError as exc:
        err.write(f"{exc}\n")
        return 2
    bar = Bar("checking", err)
    checked = imports.check(content, args.file, args.kind, organisation=organisation, progress=bar)
    bar.close()
    if not checked.ok:
        for error in checked.errors:
            out.write(f"row {error['row']}: {error['column']}: {error['message']}\n")
        out.write(f"{len(checked.errors)} problem(s); nothing written\n")
        return 1
    if args.dry_run:
        out.write(f"{checked.total} rows checked, no errors (dry run: nothing written)\n")
        return 0
    bar = Bar("writing", err)
    count = imports.write(checked, actor="system", organisation=organisation, progress=bar)
    bar.close()
    out.write(f"{count} rows written\n")
    return 0


def export_main(argv: list[str], out: TextIO | None = None) -> int:
    parser = argparse.ArgumentParser(prog="korpu export", description="Export organisations or people.")
    parser.add_argument("what", choices=["organisations", "people"])
    parser.add_argument("--format", choices=["csv", "xlsx"], default="csv")
    parser.add_argument("-o", "--output", help="file to write (default: standard output, CSV only)")
    args = parser.parse_args(argv)
    _setup()
    from korpu.network import exports

    if args.output:
        with open(args.output, "wb") as handle:
            count = exports.write_file("system", args.what, args.format, handle)
    else:
        count = exports.write_file("system", args.what, args.format, sys.stdout.buffer)
    (out or sys.stderr).write(f"{count} rows exported\n")
    return 0
