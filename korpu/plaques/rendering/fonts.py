"""The shipped fonts, their metrics, and cached glyph outlines."""

import math
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import uharfbuzz as hb
from fontTools.pens.basePen import BasePen
from fontTools.pens.boundsPen import BoundsPen
from fontTools.pens.recordingPen import DecomposingRecordingPen
from fontTools.ttLib import TTFont

FONT_DIR = Path(__file__).resolve().parent.parent / "fonts"

SANS = "sans"
NASKH = "naskh"
FAMILIES = {SANS: "NotoSans", NASKH: "NotoNaskhArabic"}
CSS_FAMILIES = {SANS: "Korpu Noto Sans", NASKH: "Korpu Noto Naskh Arabic"}

FLATTEN_TOLERANCE_MM = 0.01
"""Largest distance between a DXF polyline and the true curve: far below a cutter's width."""


class _SegmentPen(BasePen):
    """Collect contours of a glyph as simple segments in integer micrometres, y down."""

    def __init__(self, scale: float) -> None:
        super().__init__(None)
        self.scale = scale
        self.contours: list[list[tuple]] = []

    def _pt(self, p: tuple[float, float]) -> tuple[int, int]:
        return (round(p[0] * self.scale), round(-p[1] * self.scale))

    def _moveTo(self, pt):  # noqa: N802 — fontTools' pen protocol
        self.contours.append([("M", self._pt(pt))])

    def _lineTo(self, pt):  # noqa: N802
        self.contours[-1].append(("L", self._pt(pt)))

    def _qCurveToOne(self, pt1, pt2):  # noqa: N802
        self.contours[-1].append(("Q", self._pt(pt1), self._pt(pt2)))

    def _curveToOne(self, pt1, pt2, pt3):  # noqa: N802
        self.contours[-1].append(("C", self._pt(pt1), self._pt(pt2), self._pt(pt3)))

    def _closePath(self):  # noqa: N802
        self.contours[-1].append(("Z",))

    _endPath = _closePath


def _um(v: int) -> str:
    """Format integer micrometres as millimetres with no trailing zeros."""
    if v % 1000 == 0:
        return str(v // 1000)
    s = f"{v / 1000:.3f}".rstrip("0")
    return s


@dataclass
class GlyphAtSize:
    """One glyph's outline at one size: an SVG path tail and flattened DXF polylines."""

    start: tuple[int, int]
    """First point of the path, micrometres from the glyph origin (y down)."""
    svg_tail: str
    """Path commands after the first absolute move, all relative, so any origin reuses them."""
    polylines: list[list[tuple[float, float]]]
    """Closed contours in millimetres from the glyph origin, y up (DXF orientation)."""
    bounds: tuple[float, float, float, float] | None
    """Ink box in millimetres from the origin, y down: (x_min, y_min, x_max, y_max)."""


def _flatten_quad(p0, p1, p2, out: list[tuple[float, float]]) -> None:
    dd = math.hypot(p0[0] - 2 * p1[0] + p2[0], p0[1] - 2 * p1[1] + p2[1]) / 1000.0
    n = max(1, min(32, math.ceil(math.sqrt(dd / (4 * FLATTEN_TOLERANCE_MM)))))
    for i in range(1, n + 1):
        t = i / n
        a, b, c = (1 - t) ** 2, 2 * t * (1 - t), t * t
        out.append(
            (
                (a * p0[0] + b * p1[0] + c * p2[0]) / 1000.0,
                -(a * p0[1] + b * p1[1] + c * p2[1]) / 1000.0,
            )
        )


def _flatten_cubic(p0, p1, p2, p3, out: list[tuple[float, float]]) -> None:
    dd = (
        max(
            math.hypot(p0[0] - 2 * p1[0] + p2[0], p0[1] - 2 * p1[1] + p2[1]),
            math.hypot(p1[0] - 2 * p2[0] + p3[0], p1[1] - 2 * p2[1] + p3[1]),
        )
        / 1000.0
    )
    n = max(1, min(48, math.ceil(math.sqrt(3 * dd / (4 * FLATTEN_TOLERANCE_MM)))))
    for i in range(1, n + 1):
        t = i / n
        a, b, c, d = (1 - t) ** 3, 3 * t * (1 - t) ** 2, 3 * t * t * (1 - t), t**3
        out.append(
            (
                (a * p0[0] + b * p1[0] + c * p2[0] + d * p3[0]) / 1000.0,
                -(a * p0[1] + b * p1[1] + c * p2[1] + d * p3[1]) / 1000.0,
            )
        )


@dataclass
class Face:
    """One shipped font file: HarfBuzz for shaping, fontTools for outlines."""

    family: str
    bold: bool
    path: Path
    hb_font: hb.Font = field(repr=False)
    tt: TTFont = field(repr=False)
    upem: int
    cap_height: int
    ascent: int
    descent: int
    cmap: frozenset[int] = field(repr=False)
    _outlines: dict = field(default_factory=dict, repr=False)
    _sized: dict = field(default_factory=dict, repr=False)

    @property
    def key(self) -> tuple[str, bool]:
        return (self.family, self.bold)

    def covers(self, ch: str) -> bool:
        return ord(ch) in self.cmap

    def outline(self, gid: int) -> DecomposingRecordingPen:
        """Return the glyph's outline with composite glyphs decomposed into plain contours."""
        rec = self._outlines.get(gid)
        if rec is None:
            glyph_set = self.tt.getGlyphSet()
            # Composite glyphs (ş, ü, Ə, İ, й) are drawn as references to other glyphs;
            # a plain RecordingPen would keep only the references and lose the letters.
            rec = DecomposingRecordingPen(glyph_set)
            glyph_set[self.tt.getGlyphName(gid)].draw(rec)
            self._outlines[gid] = rec
        return rec

    def at_size(self, gid: int, em_mm: float) -> GlyphAtSize:
        """Return the glyph outline scaled so that one em is em_mm millimetres (cached)."""
        key = (gid, round(em_mm * 1000))
        sized = self._sized.get(key)
        if sized is None:
            sized = self._build(gid, key[1] / 1000.0)
            self._sized[key] = sized
        return sized

    def _build(self, gid: int, em_mm: float) -> GlyphAtSize:
        pen = _SegmentPen(em_mm * 1000.0 / self.upem)
        self.outline(gid).replay(pen)
        parts: list[str] = []
        polylines: list[list[tuple[float, float]]] = []
        start = (0, 0)
        cur = (0, 0)
        sub_start = (0, 0)
        xs: list[int] = []
        ys: list[int] = []
        first = True
        for contour in pen.contours:
            poly: list[tuple[float, float]] = []
            for seg in contour:
                op = seg[0]
                if op == "M":
                    p = seg[1]
                    if first:
                        start = p
                        first = False
                    else:
                        parts.append(f"m{_um(p[0] - cur[0])} {_um(p[1] - cur[1])}")
                    cur = sub_start = p
                    poly.append((p[0] / 1000.0, -p[1] / 1000.0))
                elif op == "L":
                    p = seg[1]
                    parts.append(f"l{_um(p[0] - cur[0])} {_um(p[1] - cur[1])}")
                    poly.append((p[0] / 1000.0, -p[1] / 1000.0))
                    cur = p
                elif op == "Q":
                    c1, p = seg[1], seg[2]
                    parts.append(
                        f"q{_um(c1[0] - cur[0])} {_um(c1[1] - cur[1])} "
                        f"{_um(p[0] - cur[0])} {_um(p[1] - cur[1])}"
                    )
                    _flatten_quad(cur, c1, p, poly)
                    xs.append(c1[0])
                    ys.append(c1[1])
                    cur = p
                elif op == "C":
                    c1, c2, p = seg[1], seg[2], seg[3]
                    parts.append(
                        f"c{_um(c1[0] - cur[0])} {_um(c1[1] - cur[1])} "
                        f"{_um(c2[0] - cur[0])} {_um(c2[1] - cur[1])} "
                        f"{_um(p[0] - cur[0])} {_um(p[1] - cur[1])}"
                    )
                    _flatten_cubic(cur, c1, c2, p, poly)
                    cur = p
                else:
                    parts.append("z")
                    cur = sub_start
                if op != "Z":
                    xs.append(cur[0])
                    ys.append(cur[1])
            if len(poly) > 2:
                polylines.append(poly)
        bounds = None
        if xs:
            # Control points bound the curve, so this box encloses all ink.
            bounds = (min(xs) / 1000.0, min(ys) / 1000.0, max(xs) / 1000.0, max(ys) / 1000.0)
        return GlyphAtSize(start, "".join(parts), polylines, bounds)

    def ink_bounds(self, gid: int) -> tuple[float, float, float, float] | None:
        """Return the glyph's ink box in font units (y up), or None for a blank glyph."""
        pen = BoundsPen(None)
        self.outline(gid).replay(pen)
        return pen.bounds


@cache
def face(family: str, bold: bool = False) -> Face:
    """Return the shipped face of family (SANS or NASKH), loaded once per process."""
    path = FONT_DIR / f"{FAMILIES[family]}-{'Bold' if bold else 'Regular'}.ttf"
    tt = TTFont(path, lazy=True)
    hb_font = hb.Font(hb.Face(hb.Blob.from_file_path(str(path))))
    os2 = tt["OS/2"]
    hhea = tt["hhea"]
    return Face(
        family=family,
        bold=bold,
        path=path,
        hb_font=hb_font,
        tt=tt,
        upem=tt["head"].unitsPerEm,
        cap_height=os2.sCapHeight,
        ascent=hhea.ascent,
        descent=hhea.descent,
        cmap=frozenset(tt.getBestCmap()),
    )


def cap_height_ratio() -> float:
    """Return Noto Sans's capital height as a fraction of its em (OS/2 sCapHeight/unitsPerEm)."""
    sans = face(SANS)
    return sans.cap_height / sans.upem
