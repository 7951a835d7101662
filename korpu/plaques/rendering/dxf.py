"""DXF in millimetres for CNC and laser engravers: outlines as closed polylines.

Each distinct glyph at each size is one BLOCK of closed LWPOLYLINEs, and every letter on the
plate is an INSERT of its block at its place: thirty times smaller and faster than repeating
the polylines, and CAM software (or `ezdxf`'s `explode`) flattens blocks when needed.
"""

import io

import ezdxf

from .layout import Panel
from .qr import qr_boxes

LAYERS = {"plate": 8, "title": 1, "dedication": 3, "tier": 5, "name": 7, "qr": 6}


def _glyph_block(doc, blocks: dict, face, gid: int, em_mm: float, polylines) -> str:
    key = (face.family, face.bold, gid, round(em_mm * 1000))
    name = blocks.get(key)
    if name is None:
        name = f"G_{face.family}_{'B' if face.bold else 'R'}_{gid}_{key[3]}"
        block = doc.blocks.new(name=name)
        for poly in polylines:
            # Layer 0 inside a block takes the layer of each INSERT that places it.
            block.add_lwpolyline(poly, close=True, dxfattribs={"layer": "0"})
        blocks[key] = name
    return name


def panel_dxf(panel: Panel) -> bytes:
    """Return one panel as a DXF document (R2010, $INSUNITS = 4, y up from the bottom left)."""
    doc = ezdxf.new("R2010", units=4)
    doc.header["$MEASUREMENT"] = 1
    for name, color in LAYERS.items():
        doc.layers.add(name.upper(), color=color)
    msp = doc.modelspace()
    w, h = panel.width_mm, panel.height_mm
    msp.add_lwpolyline([(0, 0), (w, 0), (w, h), (0, h)], close=True, dxfattribs={"layer": "PLATE"})
    blocks: dict = {}
    for line in panel.lines:
        attribs = {"layer": line.kind.upper()}
        k = line.em_mm / 1000.0
        for g in line.shaped.glyphs:
            sized = g.face.at_size(g.gid, line.em_mm)
            if not sized.polylines:
                continue
            block = _glyph_block(doc, blocks, g.face, g.gid, line.em_mm, sized.polylines)
            ox = round((line.x_mm + g.x * k) * 1000) / 1000.0
            oy = h - round((line.baseline_mm - g.y * k) * 1000) / 1000.0
            msp.add_blockref(block, (ox, oy), dxfattribs=attribs)
    if panel.qr is not None:
        q = panel.qr
        for bx, by, bw, bh in qr_boxes(q.url, q.x_mm, q.y_mm, q.size_mm):
            y0 = h - by - bh
            msp.add_lwpolyline(
                [(bx, y0), (bx + bw, y0), (bx + bw, y0 + bh), (bx, y0 + bh)],
                close=True,
                dxfattribs={"layer": "QR"},
            )
    stream = io.StringIO()
    doc.write(stream)
    return stream.getvalue().encode("utf-8")
