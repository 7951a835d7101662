import io
import re
import unicodedata
import xml.etree.ElementTree as ET

import ezdxf
import pytest
from ezdxf import bbox
from pypdf import PdfReader

from korpu.plaques.rendering import NameEntry, PlaqueSpec, render_dxf, render_pdf, render_svg

SVG = "{http://www.w3.org/2000/svg}"
NAMES = [
    NameEntry("Şəmsi Əliyev", "Qızıl"),
    NameEntry("İlqar Hüseynov", "Qızıl"),
    NameEntry("Ülviyyə Qasımova", "Gümüş"),
    NameEntry("Hikmət Çələbi", "Gümüş"),
    NameEntry("Йосиф Ёлкин", "Gümüş"),
]



def _spec(**kw):
    base = dict(
        title={"az": "Şuşa məscidinin bərpası", "en": "Restoration of the Shusha mosque"},
        dedication={"ar": "تم الترميم عام ٢٠٢٦"},
        names=NAMES,
        tiers=["Qızıl", "Gümüş"],
        width_mm=600,
        height_mm=400,
        qr_url="https://korpu.example/projects/shusha",
    )
    base.update(kw)
    return PlaqueSpec(**base)


def _path_points(d: str) -> list[tuple[float, float]]:
    """Return every end and control point of an SVG path made of M m l q c h v z commands."""
    tokens = re.findall(r"[MmLlQqCcHhVvZz]|-?\d*\.?\d+(?:e-?\d+)?", d)
    points, x, y, sx, sy, i, cmd = [], 0.0, 0.0, 0.0, 0.0, 0, ""
    sizes = {"m": 2, "l": 2, "q": 4, "c": 6, "h": 1, "v": 1, "z": 0}
    while i < len(tokens):
        if tokens[i].isalpha():
            cmd = tokens[i]
            i += 1
            if cmd in "Zz":
                x, y = sx, sy
                continue
        n = sizes[cmd.lower()]
        args = [float(t) for t in tokens[i : i + n]]
        i += n
        rel = cmd.islower()
        if cmd.lower() == "h":
            x = x + args[0] if rel else args[0]
        elif cmd.lower() == "v":
            y = y + args[0] if rel else args[0]
        else:
            pts = [
                (args[k] + (x if rel else 0), args[k + 1] + (y if rel else 0))
                for k in range(0, n, 2)
            ]
            points.extend(pts)
            x, y = pts[-1]
            if cmd.lower() == "m":
                sx, sy = x, y
                cmd = "l" if rel else "L"
        points.append((x, y))
    return points


def _box(points):
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    return min(xs), min(ys), max(xs), max(ys)


@pytest.fixture(scope="module")
def svg_root():
    return ET.fromstring(render_svg(_spec())[0].encode())


def test_svg_size_is_in_millimetres(svg_root):
    assert (svg_root.get("width"), svg_root.get("height"), svg_root.get("viewBox")) == (
        "600mm",
        "400mm",
        "0 0 600 400",
    )


def test_svg_has_no_text_elements(svg_root):
    assert svg_root.find(f".//{SVG}text") is None


def test_every_svg_path_lies_inside_the_plaque(svg_root):
    for path in svg_root.iter(f"{SVG}path"):
        x0, y0, x1, y1 = _box(_path_points(path.get("d")))
        assert 0 <= x0 and 0 <= y0 and x1 <= 600 and y1 <= 400


def test_every_name_is_its_own_group_with_its_text(svg_root):
    groups = svg_root.findall(f".//{SVG}g[@class='name']")
    assert sorted(g.get("data-text") for g in groups) == sorted(n.text for n in NAMES)


@pytest.mark.parametrize("name", ["Ş", "Ü", "Ə", "İ", "Й", "й", "ё"])
def test_composite_letters_produce_outlines(name):
    root = ET.fromstring(render_svg(_spec(names=[NameEntry(name)], tiers=[]))[0].encode())
    group = root.find(f".//{SVG}g[@class='name']")
    paths = group.findall(f"{SVG}path")
    assert len(paths) == 1 and len(_path_points(paths[0].get("d"))) > 8


def test_capital_h_in_the_svg_is_at_least_the_minimum_cap_height():
    root = ET.fromstring(render_svg(_spec(names=[NameEntry("H" * 3)] * 200, tiers=[]))[0].encode())
    h_path = root.find(f".//{SVG}g[@class='name']/{SVG}path")
    x0, y0, x1, y1 = _box(_path_points(h_path.get("d")))
    assert y1 - y0 >= 6.35 - 0.002


def test_arabic_dedication_is_drawn_right_to_left(svg_root):
    group = svg_root.find(f".//{SVG}g[@class='dedication']")
    assert group.get("data-text") == "تم الترميم عام ٢٠٢٦"
    # Glyphs are emitted left to right, so the rightmost path comes last.
    lefts = [_box(_path_points(p.get("d")))[0] for p in group.findall(f"{SVG}path")]
    assert lefts.index(max(lefts)) == len(lefts) - 1


def test_qr_code_is_vector_paths_in_a_corner(svg_root):
    qr = svg_root.find(f".//{SVG}g[@id='qr']/{SVG}path")
    x0, y0, x1, y1 = _box(_path_points(qr.get("d")))
    assert x1 <= 580 and x1 > 540 and y0 >= 20 and y0 < 40


def test_panels_are_rendered_as_separate_svgs():
    names = [NameEntry(f"Ad Soyad {i}") for i in range(2000)]
    svgs = render_svg(_spec(names=names, tiers=[], allow_panels=True))
    assert len(svgs) > 1 and all('width="600mm"' in s for s in svgs)


def test_pdf_text_layer_holds_every_name_as_written():
    reader = PdfReader(io.BytesIO(render_pdf(_spec())))
    text = unicodedata.normalize("NFC", "\n".join(p.extract_text() for p in reader.pages))
    assert all(unicodedata.normalize("NFC", n.text) in text for n in NAMES)


def test_pdf_page_is_the_plaque_size():
    reader = PdfReader(io.BytesIO(render_pdf(_spec())))
    box = reader.pages[0].mediabox
    assert (round(float(box.width) / 72 * 25.4), round(float(box.height) / 72 * 25.4)) == (600, 400)


def test_pdf_has_a_page_per_panel():
    names = [NameEntry(f"Ad Soyad {i}") for i in range(1500)]
    spec = _spec(names=names, tiers=[], allow_panels=True)
    assert len(PdfReader(io.BytesIO(render_pdf(spec))).pages) == len(render_svg(spec))


@pytest.fixture(scope="module")
def dxf_doc():
    return ezdxf.read(io.StringIO(render_dxf(_spec())[0].decode()))


def test_dxf_is_in_millimetres(dxf_doc):
    assert dxf_doc.header["$INSUNITS"] == 4


def test_dxf_entities_lie_inside_the_plaque(dxf_doc):
    for entity in dxf_doc.modelspace():
        ext = bbox.extents([entity])
        assert ext.extmin.x >= -1e-6 and ext.extmin.y >= -1e-6
        assert ext.extmax.x <= 600 + 1e-6 and ext.extmax.y <= 400 + 1e-6


def test_dxf_holds_outlines_for_every_letter(dxf_doc):
    letters = sum(len(n.text.replace(" ", "")) for n in NAMES)
    assert len(dxf_doc.modelspace().query("INSERT[layer=='NAME']")) == letters
