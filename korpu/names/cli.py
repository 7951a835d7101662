"""Command line for names: print keys, compare two names, or compare a CSV file of pairs."""

from __future__ import annotations

import argparse
import csv
import sys
from typing import TextIO

from korpu.names.compare import compare
from korpu.names.keys import search_keys


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="korpu names", description="Names across scripts.")
    sub = parser.add_subparsers(dest="command", required=True)
    key = sub.add_parser("key", help="print the search keys of a name")
    key.add_argument("name", nargs="+")
    cmp = sub.add_parser("compare", help="compare two names, or every pair in a CSV file")
    cmp.add_argument("names", nargs="*", metavar="NAME")
    cmp.add_argument("--pairs", metavar="FILE.csv", help="UTF-8 CSV with header name1,name2")
    return parser


def _compare_pairs(path: str, out: TextIO, err: TextIO) -> int:
    try:
        handle = open(path, encoding="utf-8-sig", newline="")
    except OSError as exc:
        print(f"names: cannot open {path}: {exc.strerror}", file=err)
        return 2
    with handle:
        reader = csv.reader(handle)
        try:
            header = next(reader, None)
            if header is None or [h.strip().lower() for h in header] != ["name1", "name2"]:
                print(f"names: {path}: the header must be name1,name2", file=err)
                return 2
            lines = []
            for row in reader:
                if not row:
                    continue
                if len(row) != 2:
                    print(f"names: {path}:{reader.line_num}: expected 2 columns", file=err)
                    return 2
                result = compare(row[0], row[1])
                lines.append(f"{result.score:.3f} {'same' if result.same else 'different'}\n")
                if len(lines) >= 4096:
                    out.write("".join(lines))
                    lines.clear()
        except (UnicodeDecodeError, csv.Error) as exc:
            print(f"names: {path}: not a UTF-8 CSV file ({exc})", file=err)
            return 2
        out.write("".join(lines))
    return 0


def main(argv: list[str], out: TextIO | None = None, err: TextIO | None = None) -> int:
    """Run `korpu names ...` with `argv` (without the program name); return the exit code."""
    out = out or sys.stdout
    err = err or sys.stderr
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return 0 if exc.code == 0 else 2
    if args.command == "key":
        print(" ".join(search_keys(" ".join(args.name))), file=out)
        return 0
    if args.pairs:
        if args.names:
            print("names: give either two names or --pairs FILE, not both", file=err)
            return 2
        return _compare_pairs(args.pairs, out, err)
    if len(args.names) != 2:
        print("names: compare needs two names (quote each) or --pairs FILE.csv", file=err)
        return 2
    result = compare(args.names[0], args.names[1])
    verdict = "same" if result.same else "different"
    print(f"{result.score:.3f} {verdict}\n{result.reason}", file=out)
    return 0
