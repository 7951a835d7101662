"""Command line for plaques: `korpu plaque render --names FILE.csv ...` renders a CSV of names
without a database; `korpu plaque render --project ID ...` takes the names from the ledger."""

import argparse
import csv
import os
import re
import sys
import tempfile
from pathlib import Path

from korpu.plaques.rendering import (
    NameEntry,
    PlaqueDoesNotFit,
    PlaqueError,
    PlaqueSpec,
    render_dxf,
    render_pdf,
    render_svg,
)
from korpu.plaques.rendering.collation import SUPPORTED_LANGUAGES
from korpu.plaques.rendering.spec import DEFAULT_MIN_CAP_HEIGHT_MM

_LANG_PREFIX = re.compile(r"^([a-z]{2,3}):\s*(.*)$", re.S)


class _Parser(argparse.ArgumentParser):
    """An ArgumentParser that raises instead of exiting, so main() can return 2."""

    def error(self, message: str):  # type: ignore[override]
        raise PlaqueError(message)


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="korpu plaque", description="Render donor plaques.")
    sub = parser.add_subparsers(dest="command", required=True)
    r = sub.add_parser("render", help="render a plaque from a CSV of names or from a project's ledger")
    source = r.add_mutually_exclusive_group(required=True)
    source.add_argument("--names", type=Path, help="UTF-8 CSV with name[,tier]")
    source.add_argument("--project", help="revival project id or address: names from its fund in the ledger")
    r.add_argument("--threshold", type=float, default=None,
                   help="with --project: least net gift to be named, in the fund's currency")
    r.add_argument("--size", help="WIDTHxHEIGHT in mm, e.g. 600x400 (required with --names)")
    r.add_argument(
        "--title",
        action="append",
        default=[],
        help="title line; prefix with 'az:', 'en:', 'ar:' … to set its language",
    )
    r.add_argument("--dedication", action="append", default=[], help="dedication line (repeat)")
    r.add_argument(
        "--tier",
        action="append",
        default=[],
        dest="tiers",
        help="tier in display order (repeat); default: order of first appearance",
    )
    r.add_argument("--margin", type=float, default=20.0, help="margin in mm (default 20)")
    r.add_argument(
        "--min-cap-height",
        type=float,
        default=None,
        help=f"smallest capital height in mm (default {DEFAULT_MIN_CAP_HEIGHT_MM})",
    )
    r.add_argument(
        "--lang",
        default=None,
        choices=SUPPORTED_LANGUAGES,
        help="plaque language, sets the alphabetical order (default az)",
    )
    r.add_argument("--qr", help="URL of the project's public page")
    r.add_argument("--uppercase-title", action="store_true")
    r.add_argument("--format", required=True, choices=["pdf", "svg", "dxf"])
    r.add_argument(
        "--panels",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="when the names do not fit, write numbered panel files (default); --no-panels refuses instead",
    )
    r.add_argument("--out", required=True, type=Path)
    return parser


def _texts(values: list[str], default_lang: str) -> dict[str, str]:
    """Turn repeated 'lang:text' options into a language → text map (lines joined)."""
    out: dict[str, list[str]] = {}
    for value in values:
        m = _LANG_PREFIX.match(value)
        if m and m.group(1) in SUPPORTED_LANGUAGES:
            lang, text = m.group(1), m.group(2)
        elif any("\u0600" <= c <= "\u06ff" for c in value):
            lang, text = "ar", value
        else:
            lang, text = default_lang, value
        out.setdefault(lang, []).append(text)
    return {lang: "\n".join(lines) for lang, lines in out.items()}


def read_names_csv(path: Path) -> list[NameEntry]:
    """Read a UTF-8 CSV with a header row, a `name` column and an optional `tier` column."""
    try:
        with path.open(encoding="utf-8-sig", newline="") as f:
            reader = csv.DictReader(f)
            fields = [c.strip().lower() for c in reader.fieldnames or []]
            if "name" not in fields:
                raise PlaqueError(f"{path} has no 'name' column in its header row.")
            reader.fieldnames = fields
            entries = []
            for row in reader:
                name = (row.get("name") or "").strip()
                if not name:
                    continue
                tier = (row.get("tier") or "").strip() or None
                entries.append(NameEntry(name, tier))
            return entries
    except UnicodeDecodeError as exc:
        raise PlaqueError(f"{path} is not UTF-8 text.") from exc
    except OSError as exc:
        raise PlaqueError(f"Cannot read {path}: {exc.strerror}.") from exc


def _parse_size(size: str) -> tuple[float, float]:
    m = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*[x×]\s*(\d+(?:\.\d+)?)\s*", size)
    if not m:
        raise PlaqueError(f"Size {size!r} is not WIDTHxHEIGHT in millimetres, e.g. 600x400.")
    return float(m.group(1)), float(m.group(2))


def _write_atomic(path: Path, data: bytes) -> None:
    """Write data to path through a temporary file, so a failure never leaves half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise


def _numbered(out: Path, number: int) -> Path:
    return out.with_name(f"{out.stem}-{number}{out.suffix}")


def _render(args: argparse.Namespace) -> int:
    if args.project:
        from korpu.plaques.project_cli import spec_from_project

        spec = spec_from_project(args)
    else:
        spec = _spec_from_names(args)
    return _write(args, spec)


def _spec_from_names(args: argparse.Namespace) -> PlaqueSpec:
    if not args.size:
        raise PlaqueError("--size is required with --names.")
    if not args.title:
        raise PlaqueError("--title is required with --names.")
    args.lang = args.lang or "az"
    if args.min_cap_height is None:
        args.min_cap_height = DEFAULT_MIN_CAP_HEIGHT_MM
    width, height = _parse_size(args.size)
    names = read_names_csv(args.names)
    tiers = list(args.tiers)
    for n in names:
        if n.tier is not None and n.tier not in tiers and not args.tiers:
            tiers.append(n.tier)
    spec = PlaqueSpec(
        title=_texts(args.title, args.lang),
        dedication=_texts(args.dedication, args.lang),
        names=names,
        tiers=tiers,
        width_mm=width,
        height_mm=height,
        margin_mm=args.margin,
        min_cap_height_mm=args.min_cap_height,
        lang=args.lang,
        qr_url=args.qr,
        uppercase_title=args.uppercase_title,
        allow_panels=args.panels,
    )
    return spec


def _write(args: argparse.Namespace, spec: PlaqueSpec) -> int:
    # Render everything in memory first: a failure must not leave some files written.
    if args.format == "pdf":
        outputs = [render_pdf(spec)]
    elif args.format == "svg":
        outputs = [s.encode("utf-8") for s in render_svg(spec)]
    else:
        outputs = render_dxf(spec)
    if len(outputs) == 1:
        _write_atomic(args.out, outputs[0])
        print(f"Wrote {args.out}")
    else:
        print(f"The names do not fit on one plaque: {len(outputs)} panels are needed, "
              f"written as {_numbered(args.out, 1).name} to {_numbered(args.out, len(outputs)).name}.",
              file=sys.stderr)
        for number, data in enumerate(outputs, start=1):
            _write_atomic(_numbered(args.out, number), data)
            print(f"Wrote {_numbered(args.out, number)}")
    return 0


def main(argv: list[str] | None = None) -> int:
    """Run the plaque command line; return 0 on success, 2 on bad input."""
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] == "plaque":
        argv = argv[1:]
    try:
        args = _parser().parse_args(argv)
        return _render(args)
    except PlaqueDoesNotFit as exc:
        print(f"error: {exc}", file=sys.stderr)
        print(
            f"Run again without --no-panels to write {exc.panels_needed} numbered panels, "
            "or use a larger size or a smaller --min-cap-height.",
            file=sys.stderr,
        )
        return 2
    except PlaqueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
