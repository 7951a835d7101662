"""Fit a plaque's text to its physical size: pick the letter size, columns and panels."""

import math
from dataclasses import dataclass

from .collation import SUPPORTED_LANGUAGES, collation_key, upper_for
from .errors import (
    EmptyPlaque,
    NameTooLong,
    PlaqueDoesNotFit,
    PlaqueTooSmall,
    TitleTooLong,
    UnknownTier,
    UnsupportedLanguage,
)
from .fonts import cap_height_ratio, face
from .shaping import ShapedLine, shape_line
from .spec import NameEntry, PlaqueSpec

TITLE_SCALE = 1.6
"""Title letters are this many times the minimum size when they fit."""
NAME_MAX_SCALE = 1.6
"""Names grow up to this many times the minimum size on a roomy plaque."""
COLUMN_GAP_EM = 1.5
TIER_GAP_EM = 0.6
HEADER_GAP_EM = 1.0
QR_GAP_MM = 5.0


@dataclass(frozen=True)
class PlacedLine:
    """One line on a panel: where its glyph origin sits and how big its em is, in mm."""

    kind: str
    """"title", "dedication", "tier" or "name"."""
    shaped: ShapedLine
    x_mm: float
    baseline_mm: float
    em_mm: float
    index: int | None = None
    """Position of a name in the plaque's sorted order; None for other lines."""

    @property
    def text(self) -> str:
        return self.shaped.text

    @property
    def width_mm(self) -> float:
        return self.shaped.width * self.em_mm / 1000.0


@dataclass(frozen=True)
class QrPlacement:
    """The QR code's square on a panel, in mm from the top left corner."""

    url: str
    x_mm: float
    y_mm: float
    size_mm: float


@dataclass(frozen=True)
class Panel:
    """One plate of the plaque, ready to render."""

    number: int
    width_mm: float
    height_mm: float
    lines: tuple[PlacedLine, ...]
    qr: QrPlacement | None
    name_em_mm: float
    columns: int


def _line_metrics(shaped: list[ShapedLine]) -> tuple[float, float]:
    """Return (ascent, line pitch) in ems for lines set in the faces these lines use."""
    fams = set().union(*(s.faces for s in shaped)) if shaped else {"sans"}
    faces = [face(f) for f in fams]
    ascent = max(f.ascent / f.upem for f in faces)
    descent = max(-f.descent / f.upem for f in faces)
    return ascent, ascent + descent


def _min_em(spec: PlaqueSpec) -> float:
    return spec.min_cap_height_mm / cap_height_ratio()


def _grouped(spec: PlaqueSpec) -> list[tuple[str | None, list[NameEntry]]]:
    """Group names by tier in the plaque's tier order, each group alphabetical."""
    order = {t: i for i, t in enumerate(spec.tiers)}
    groups: dict[str | None, list[NameEntry]] = {}
    for n in spec.names:
        if n.tier is not None and n.tier not in order:
            raise UnknownTier(n.text, n.tier)
        groups.setdefault(n.tier, []).append(n)
    result = []
    for tier in [*spec.tiers, None]:
        if tier in groups:
            entries = sorted(groups[tier], key=lambda n: collation_key(n.key or n.text, spec.lang))
            result.append((tier, entries))
    return result


def _qr_size(spec: PlaqueSpec) -> float:
    # Large enough for a phone at arm's length, small beside the names.
    return max(20.0, min(40.0, 0.12 * min(spec.width_mm, spec.height_mm)))


@dataclass
class _Header:
    lines: list[tuple[str, ShapedLine, float]]  # kind, shaped, em
    height: float
    qr_size: float


def _header(spec: PlaqueSpec, inner_w: float, inner_h: float, min_em: float) -> _Header:
    qr_size = _qr_size(spec) if spec.qr_url else 0.0
    text_w = inner_w - 2 * (qr_size + QR_GAP_MM) if qr_size else inner_w
    if text_w <= 0:
        raise PlaqueTooSmall("the QR code leaves no room for the title.")
    lines: list[tuple[str, ShapedLine, float]] = []
    titles = []
    for lang, text in spec.title.items():
        for part in text.splitlines():
            if part.strip():
                shown = upper_for(part, lang) if spec.uppercase_title else part
                titles.append(shape_line(shown, lang, True))
    if titles:
        widest = max(s.width for s in titles) / 1000.0
        em = min(TITLE_SCALE * min_em, text_w / widest)
        if em < min_em:
            s = max(titles, key=lambda s: s.width)
            raise TitleTooLong(s.text, s.width * min_em / 1000.0, text_w)
        lines += [("title", s, em) for s in titles]
    for lang, text in spec.dedication.items():
        for part in text.splitlines():
            if part.strip():
                s = shape_line(part, lang, False)
                if s.width * min_em / 1000.0 > text_w:
                    raise TitleTooLong(s.text, s.width * min_em / 1000.0, text_w)
                lines.append(("dedication", s, min_em))
    height = 0.0
    for _kind, s, em in lines:
        height += _line_metrics([s])[1] * em
    height = max(height, qr_size)
    if lines or qr_size:
        height += HEADER_GAP_EM * min_em
    if height > inner_h:
        raise PlaqueTooSmall("the title and dedication alone are taller than the plaque.")
    return _Header(lines, height, qr_size)


def _columns(width: float, widest: float, em: float) -> int:
    gap = COLUMN_GAP_EM * em
    return max(0, math.floor((width + gap) / (widest * em / 1000.0 + gap)))


def _flow(groups, shaped_names, tiers_shaped, em, cols, top_first, top_rest, bottom, pitch):
    """Place groups into panels at size em; return per panel a list of (kind, idx, col, y)."""
    panels: list[list[tuple]] = [[]]
    y = top_first
    index = 0
    for g, (_tier, entries) in enumerate(groups):
        heading = tiers_shaped[g]
        if heading is not None:
            if y + 2 * pitch > bottom:
                panels.append([])
                y = top_rest
            panels[-1].append(("tier", g, None, y))
            y += pitch
        remaining = list(range(index, index + len(entries)))
        index += len(entries)
        while remaining:
            rows_free = math.floor((bottom - y) / pitch + 1e-9)
            if rows_free <= 0:
                panels.append([])
                y = top_rest
                if (bottom - y) / pitch < 1:
                    return None
                continue
            rows = math.ceil(len(remaining) / cols)
            take_rows = min(rows, rows_free)
            chunk = remaining[: take_rows * cols]
            remaining = remaining[len(chunk) :]
            rows = math.ceil(len(chunk) / cols)
            for k, idx in enumerate(chunk):
                panels[-1].append(("name", idx, k // rows, y + (k % rows) * pitch))
            y += rows * pitch
        y += TIER_GAP_EM * em
    return panels


def layout(spec: PlaqueSpec) -> list["Panel"]:
    """Lay the plaque out on one panel, or on several when `spec.allow_panels` is set.

    Raises a PlaqueError subclass with a clear message when it cannot be done.
    """
    if spec.lang not in SUPPORTED_LANGUAGES:
        raise UnsupportedLanguage(spec.lang, SUPPORTED_LANGUAGES)
    if not spec.names:
        raise EmptyPlaque()
    inner_w = spec.width_mm - 2 * spec.margin_mm
    inner_h = spec.height_mm - 2 * spec.margin_mm
    if inner_w <= 0 or inner_h <= 0:
        raise PlaqueTooSmall(
            f"margins of {spec.margin_mm:g} mm leave no room on a "
            f"{spec.width_mm:g} × {spec.height_mm:g} mm plaque."
        )
    min_em = _min_em(spec)
    groups = _grouped(spec)
    entries = [n for _tier, names in groups for n in names]
    shaped = [shape_line(n.text, spec.lang, False) for n in entries]
    tiers_shaped = [
        shape_line(tier, spec.lang, True) if tier is not None and len(spec.tiers) > 0 else None
        for tier, _names in groups
    ]
    header = _header(spec, inner_w, inner_h, min_em)
    widest = max(s.width for s in shaped)
    narrowest = min(s.width for s in shaped)
    if narrowest * min_em / 1000.0 > inner_w:
        raise PlaqueTooSmall(
            f"even the shortest name needs {narrowest * min_em / 1000.0:.1f} mm but only "
            f"{inner_w:.1f} mm lie between the margins."
        )
    if widest * min_em / 1000.0 > inner_w:
        s = max(shaped, key=lambda s: s.width)
        raise NameTooLong(s.text, s.width * min_em / 1000.0, inner_w)
    for h in tiers_shaped:
        if h is not None and h.width * min_em / 1000.0 > inner_w:
            raise TitleTooLong(h.text, h.width * min_em / 1000.0, inner_w)
    ascent, pitch_em = _line_metrics(shaped + [h for h in tiers_shaped if h is not None])
    top_first = spec.margin_mm + header.height
    top_rest = spec.margin_mm
    bottom = spec.height_mm - spec.margin_mm

    def attempt(em: float):
        cols = _columns(inner_w, widest, em)
        if cols < 1:
            return None, cols
        return _flow(
            groups, shaped, tiers_shaped, em, cols, top_first, top_rest, bottom, pitch_em * em
        ), cols

    flowed, cols = attempt(min_em)
    if flowed is None or not flowed[0]:
        raise PlaqueTooSmall("there is no room for a single line of names under the title.")
    em = min_em
    if len(flowed) > 1:
        if not spec.allow_panels:
            raise PlaqueDoesNotFit(len(flowed))
    else:
        # Largest size that still fits on one panel; height grows with size, so bisect.
        lo, hi = min_em, max(min_em, min(NAME_MAX_SCALE * min_em, inner_w * 1000.0 / widest))
        best = (flowed, cols, min_em)
        for _ in range(24):
            mid = (lo + hi) / 2
            f, c = attempt(mid)
            if f is not None and len(f) == 1:
                best, lo = (f, c, mid), mid
            else:
                hi = mid
            if hi - lo < 0.01:
                break
        f, c = attempt(hi)
        if f is not None and len(f) == 1:
            best = (f, c, hi)
        flowed, cols, em = best
    return _build_panels(
        spec, header, flowed, cols, em, shaped, tiers_shaped, entries, ascent, pitch_em, inner_w
    )


def _build_panels(
    spec, header, flowed, cols, em, shaped, tiers_shaped, entries, ascent, pitch_em, inner_w
) -> list[Panel]:
    rtl_plaque = spec.lang == "ar"
    gap = COLUMN_GAP_EM * em
    col_w = (inner_w - (cols - 1) * gap) / cols
    panels = []
    for number, items in enumerate(flowed, start=1):
        lines: list[PlacedLine] = []
        qr = None
        if number == 1:
            y = spec.margin_mm
            for kind, s, hem in header.lines:
                h_ascent, h_pitch = _line_metrics([s])
                w = s.width * hem / 1000.0
                lines.append(PlacedLine(kind, s, (spec.width_mm - w) / 2, y + h_ascent * hem, hem))
                y += h_pitch * hem
            if spec.qr_url:
                qx = (
                    spec.margin_mm
                    if rtl_plaque
                    else spec.width_mm - spec.margin_mm - header.qr_size
                )
                qr = QrPlacement(spec.qr_url, qx, spec.margin_mm, header.qr_size)
        for kind, idx, col, top in items:
            if kind == "tier":
                s = tiers_shaped[idx]
                w = s.width * em / 1000.0
                lines.append(PlacedLine("tier", s, (spec.width_mm - w) / 2, top + ascent * em, em))
                continue
            s = shaped[idx]
            w = s.width * em / 1000.0
            # Columns run in reading order: from the left on a Latin plaque, the right on Arabic.
            visual_col = cols - 1 - col if rtl_plaque else col
            left = spec.margin_mm + visual_col * (col_w + gap)
            x = left + col_w - w if s.rtl else left
            lines.append(PlacedLine("name", s, x, top + ascent * em, em, index=idx))
        panels.append(Panel(number, spec.width_mm, spec.height_mm, tuple(lines), qr, em, cols))
    return panels
