"""Turn a line of text into positioned glyphs: bidi runs, font runs, HarfBuzz shaping."""

import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import uharfbuzz as hb
from bidi import algorithm as uba

from .errors import UnsupportedCharacters
from .fonts import NASKH, SANS, Face, face


@dataclass(frozen=True)
class Glyph:
    """One shaped glyph, positioned in font units from the start of its line (visual order)."""

    face: Face
    gid: int
    x: float
    y: float
    cluster: int
    """Index in the logical text of the first character this glyph draws."""


@dataclass(frozen=True)
class ShapedLine:
    """A shaped line of text: glyphs left to right, total advance in font units."""

    text: str
    glyphs: tuple[Glyph, ...]
    width: float
    rtl: bool
    """The paragraph runs right to left (its first strong letter is Arabic)."""
    faces: frozenset[str]
    families: tuple[str, ...]
    """The font family chosen for each character of `text`."""


def _is_arabic(ch: str) -> bool:
    cp = ord(ch)
    return (
        0x0600 <= cp <= 0x06FF
        or 0x0750 <= cp <= 0x077F
        or 0x08A0 <= cp <= 0x08FF
        or 0xFB50 <= cp <= 0xFDFF
        or 0xFE70 <= cp <= 0xFEFF
    )


def _embedding_levels(text: str, base_rtl: bool) -> tuple[list[int], bool]:
    """Return each character's resolved bidi level (rules X1–I2) and the paragraph direction."""
    storage = uba.get_empty_storage()
    has_strong = any(unicodedata.bidirectional(c) in ("L", "R", "AL") for c in text)
    # The first strong letter sets the direction (rule P2); text with none, such as a bare
    # year, follows the language it was written in.
    base = uba.get_base_level(text) if has_strong else int(base_rtl)
    storage["base_level"] = base
    storage["base_dir"] = ("L", "R")[base]
    uba.get_embedding_levels(text, storage)
    for i, ch in enumerate(storage["chars"]):
        ch["idx"] = i
    uba.explicit_embed_and_overrides(storage, False)
    uba.resolve_weak_types(storage, False)
    uba.resolve_neutral_types(storage, False)
    uba.resolve_implicit_levels(storage, False)
    levels = [base] * len(text)
    for ch in storage["chars"]:
        levels[ch["idx"]] = ch["level"]
    return levels, bool(base)


def _assign_families(text: str, bold: bool) -> list[str]:
    """Pick a font family for each character; HarfBuzz does no fallback, so we must."""
    sans, naskh = face(SANS, bold), face(NASKH, bold)
    fams: list[str | None] = []
    missing: list[str] = []
    for ch in text:
        if _is_arabic(ch):
            fams.append(NASKH if naskh.covers(ch) else None)
        elif unicodedata.category(ch).startswith("L"):
            fams.append(SANS if sans.covers(ch) else NASKH if naskh.covers(ch) else None)
        else:
            fams.append("")  # neutral: decided below from its neighbours
        if fams[-1] is None and ch not in missing:
            missing.append(ch)
    for i, ch in enumerate(text):
        if fams[i] != "":
            continue
        neighbours = [fams[j] for j in range(i - 1, -1, -1) if fams[j]][:1]
        neighbours += [fams[j] for j in range(i + 1, len(text)) if fams[j]][:1]
        chosen = None
        for fam in [*neighbours, SANS, NASKH]:
            if face(fam, bold).covers(ch):
                chosen = fam
                break
        fams[i] = chosen
        if chosen is None and ch not in missing:
            missing.append(ch)
    if missing:
        raise UnsupportedCharacters(text, missing)
    return fams  # type: ignore[return-value]


def _visual_order(runs: list[tuple[int, int, int, str]]) -> list[tuple[int, int, int, str]]:
    """Reorder runs (start, end, level, family) from logical to visual order (UBA rule L2)."""
    if not runs:
        return runs
    order = list(runs)
    top = max(r[2] for r in order)
    lowest_odd = min((r[2] for r in order if r[2] % 2), default=top + 1)
    for level in range(top, lowest_odd - 1, -1):
        i = 0
        while i < len(order):
            if order[i][2] >= level:
                j = i
                while j < len(order) and order[j][2] >= level:
                    j += 1
                order[i:j] = order[i:j][::-1]
                i = j
            else:
                i += 1
    return order


@lru_cache(maxsize=65536)
def shape_line(text: str, lang: str, bold: bool = False) -> ShapedLine:
    """Shape text into glyphs in visual order, splitting it by direction and by font."""
    text = unicodedata.normalize("NFC", text)
    fams = _assign_families(text, bold)
    levels, rtl = _embedding_levels(text, lang == "ar")
    runs: list[tuple[int, int, int, str]] = []
    start = 0
    for i in range(1, len(text) + 1):
        if i == len(text) or levels[i] != levels[start] or fams[i] != fams[start]:
            runs.append((start, i, levels[start], fams[start]))
            start = i
    glyphs: list[Glyph] = []
    pen_x = 0.0
    for run_start, run_end, level, fam in _visual_order(runs):
        f = face(fam, bold)
        buf = hb.Buffer()
        buf.add_codepoints([ord(c) for c in text[run_start:run_end]])
        buf.guess_segment_properties()
        buf.direction = "rtl" if level % 2 else "ltr"
        buf.language = lang
        # Latin and Cyrillic never use ligatures: an "fi" ligature hides the dot that tells
        # Azerbaijani and Turkish i from ı, and names are cut letter by letter as written.
        # Arabic keeps its ligatures, which its script requires.
        features = {"liga": False, "clig": False, "dlig": False} if fam == SANS else {}
        hb.shape(f.hb_font, buf, features)
        for info, pos in zip(buf.glyph_infos, buf.glyph_positions, strict=True):
            glyphs.append(
                Glyph(
                    f, info.codepoint, pen_x + pos.x_offset, pos.y_offset, run_start + info.cluster
                )
            )
            pen_x += pos.x_advance
    return ShapedLine(text, tuple(glyphs), pen_x, rtl, frozenset(fams), tuple(fams))
