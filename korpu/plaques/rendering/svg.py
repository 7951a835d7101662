"""Outlined SVG for the engraver: every letter a path, sizes in millimetres."""

from html import escape

from .fonts import _um
from .layout import Panel, PlacedLine


def _line_paths(line: PlacedLine) -> list[str]:
    k = line.em_mm / 1000.0
    paths = []
    for g in line.shaped.glyphs:
        sized = g.face.at_size(g.gid, line.em_mm)
        if not sized.svg_tail and sized.start == (0, 0):
            continue  # a space or other blank glyph
        ox = round((line.x_mm + g.x * k) * 1000)
        oy = round((line.baseline_mm - g.y * k) * 1000)
        paths.append(
            f'<path d="M{_um(ox + sized.start[0])} {_um(oy + sized.start[1])}{sized.svg_tail}"/>'
        )
    return paths


def panel_svg(panel: Panel) -> str:
    """Return one panel as an SVG document in millimetres with all text outlined."""
    w, h = f"{panel.width_mm:g}", f"{panel.height_mm:g}"
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>\n',
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}mm" height="{h}mm" '
        f'viewBox="0 0 {w} {h}" data-panel="{panel.number}">\n',
        f'<rect id="plate" x="0" y="0" width="{w}" height="{h}" fill="none" stroke="#999" '
        'stroke-width="0.1"/>\n<g id="engraving" fill="#000" stroke="none">\n',
    ]
    for n, line in enumerate(panel.lines):
        if line.kind == "name":
            ident = f'id="name-{line.index:05d}" class="name"'
        else:
            ident = f'id="{line.kind}-{n}" class="{line.kind}"'
        text = escape(line.text, quote=True)
        out.append(f'<g {ident} data-text="{text}">')
        out.extend(_line_paths(line))
        out.append("</g>\n")
    if panel.qr is not None:
        from .qr import qr_boxes

        q = panel.qr
        d = "".join(
            f"M{bx:.3f} {by:.3f}h{bw:.3f}v{bh:.3f}h{-bw:.3f}z"
            for bx, by, bw, bh in qr_boxes(q.url, q.x_mm, q.y_mm, q.size_mm)
        )
        out.append(f'<g id="qr" data-url="{escape(q.url, quote=True)}"><path d="{d}"/></g>\n')
    out.append("</g>\n</svg>\n")
    return "".join(out)
