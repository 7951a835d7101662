"""PDF proof through WeasyPrint: the layout's lines as real, selectable text."""

import base64
from html import escape

from .fonts import CSS_FAMILIES, FAMILIES, FONT_DIR, NASKH, SANS, face
from .layout import Panel, PlacedLine
from .qr import qr_boxes


def _font_faces() -> str:
    rules = []
    for fam, file_stem in FAMILIES.items():
        for bold in (False, True):
            uri = (FONT_DIR / f"{file_stem}-{'Bold' if bold else 'Regular'}.ttf").as_uri()
            rules.append(
                f'@font-face {{ font-family: "{CSS_FAMILIES[fam]}"; src: url("{uri}"); '
                f"font-weight: {700 if bold else 400}; }}"
            )
    return "\n".join(rules)


def _baseline_offset(line: PlacedLine) -> float:
    """Return how far below a box's top CSS puts the baseline, in ems, at line-height 1."""
    # With line-height 1 each font's inline box is centred on its ascent + descent, so the
    # baseline sits (1 + ascent - descent) / 2 below the top of the tallest box.
    offsets = []
    for fam in line.shaped.faces:
        f = face(fam)
        offsets.append((1 + (f.ascent + f.descent) / f.upem) / 2)
    return max(offsets)


def _spans(line: PlacedLine) -> str:
    """Wrap each run of one font family in a span that forces our font choice."""
    text, fams = line.shaped.text, line.shaped.families
    if len(set(fams)) == 1:
        return escape(text)  # the line's own class already names its font
    out = []
    start = 0
    for i in range(1, len(text) + 1):
        if i == len(text) or fams[i] != fams[start]:
            cls = "s" if fams[start] == SANS else "n"
            out.append(f'<span class="{cls}">{escape(text[start:i])}</span>')
            start = i
    return "".join(out)


def _line_html(line: PlacedLine) -> str:
    top = line.baseline_mm - _baseline_offset(line) * line.em_mm
    weight = 700 if line.kind in ("title", "tier") else 400
    direction = "rtl" if line.shaped.rtl else "ltr"
    fams = set(line.shaped.families)
    font = ("s" if SANS in fams else "n") if len(fams) == 1 else ""
    return (
        f'<div class="l {font}" dir="{direction}" style="left:{line.x_mm:.3f}mm;'
        f"top:{top:.3f}mm;width:{line.width_mm + 0.5:.3f}mm;font-size:{line.em_mm:.3f}mm;"
        f'font-weight:{weight}">{_spans(line)}</div>'
    )


def _qr_html(panel: Panel) -> str:
    q = panel.qr
    if q is None:
        return ""
    d = "".join(
        f"M{bx - q.x_mm:.3f} {by - q.y_mm:.3f}h{bw:.3f}v{bh:.3f}h{-bw:.3f}z"
        for bx, by, bw, bh in qr_boxes(q.url, q.x_mm, q.y_mm, q.size_mm)
    )
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{q.size_mm}mm" height="{q.size_mm}mm" '
        f'viewBox="0 0 {q.size_mm} {q.size_mm}"><path d="{d}" fill="#000"/></svg>'
    )
    data = base64.b64encode(svg.encode()).decode()
    return (
        f'<img alt="" src="data:image/svg+xml;base64,{data}" style="position:absolute;'
        f'left:{q.x_mm:.3f}mm;top:{q.y_mm:.3f}mm;width:{q.size_mm}mm;height:{q.size_mm}mm">'
    )


def panels_html(panels: list[Panel], title: str) -> str:
    """Return the HTML document WeasyPrint turns into the proof, one page per panel."""
    first = panels[0]
    css = f"""
{_font_faces()}
@page {{ size: {first.width_mm:g}mm {first.height_mm:g}mm; margin: 0; }}
html, body {{ margin: 0; padding: 0; }}
.panel {{ position: relative; width: {first.width_mm:g}mm; height: {first.height_mm:g}mm;
  overflow: hidden; page-break-after: always; background: #f3e9d2; }}
.panel:last-child {{ page-break-after: auto; }}
.l {{ position: absolute; white-space: pre; line-height: 1; color: #3a2a12; }}
.s {{ font-family: "{CSS_FAMILIES[SANS]}"; font-variant-ligatures: none; }}
.n {{ font-family: "{CSS_FAMILIES[NASKH]}"; }}
"""
    body = []
    for panel in panels:
        body.append(f'<div class="panel" id="panel-{panel.number}">')
        body.extend(_line_html(line) for line in panel.lines)
        body.append(_qr_html(panel))
        body.append("</div>")
    return (
        f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{escape(title)}</title>'
        f"<style>{css}</style></head><body>{''.join(body)}</body></html>"
    )


def panels_pdf(panels: list[Panel], title: str) -> bytes:
    """Return the PDF proof of the panels, one page each."""
    import weasyprint  # imported late: loading Pango costs time that SVG and DXF never need

    return weasyprint.HTML(string=panels_html(panels, title)).write_pdf()
