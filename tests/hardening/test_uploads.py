"""Uploads lose EXIF, GPS and authorship metadata, and files that lie about their kind are refused."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from korpu.core.uploads import UploadRejected, clean_upload

OWNER = "Leyla Məmmədova"
ARTIST = "Leyla Mammadova"  # EXIF text is ASCII


def photo_with_gps(fmt: str = "JPEG", size=(40, 20)) -> bytes:
    image = Image.new("RGB", size, (200, 30, 30))
    exif = Image.Exif()
    exif[0x013B] = ARTIST  # Artist
    exif[0x0112] = 6  # Orientation: rotate 90° clockwise to display
    exif[0x8825] = {1: "N", 2: (40.0, 24.0, 36.0), 3: "E", 4: (49.0, 52.0, 3.0)}  # GPS: Baku
    out = io.BytesIO()
    image.save(out, fmt, exif=exif.tobytes())
    return out.getvalue()


def upload(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data)


@pytest.mark.parametrize("fmt,ext", [("JPEG", "jpg"), ("JPEG", "jpeg"), ("WEBP", "webp"), ("PNG", "png")])
def test_photos_lose_exif_and_gps_and_come_out_upright(fmt, ext):
    raw = photo_with_gps(fmt)
    with Image.open(io.BytesIO(raw)) as before:
        assert before.getexif().get(0x013B) == ARTIST  # the fixture really carries the data
    clean = clean_upload(upload(f"IMG 0001.{ext}", raw))
    data = clean.read()
    with Image.open(io.BytesIO(data)) as after:
        assert after.format == fmt
        assert not after.getexif(), "EXIF survived"
        assert "exif" not in after.info and "xmp" not in after.info
        assert after.size == (20, 40), "the EXIF rotation was not applied"
    assert ARTIST.encode() not in data and b"GPS" not in data
    assert clean.name.startswith("IMG-0001.") and clean.content_type.startswith("image/")


def test_png_text_chunks_are_removed():
    from PIL import PngImagePlugin

    info = PngImagePlugin.PngInfo()
    info.add_text("Author", OWNER)
    info.add_text("Comment", "taken at home, 12 Nizami Street")
    out = io.BytesIO()
    Image.new("RGBA", (10, 10), (0, 0, 0, 0)).save(out, "PNG", pnginfo=info)
    data = clean_upload(upload("map.png", out.getvalue())).read()
    assert b"Nizami" not in data and OWNER.encode() not in data
    with Image.open(io.BytesIO(data)) as after:
        assert after.mode == "RGBA"  # transparency kept


def test_pdf_loses_author_and_xmp():
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    writer.add_metadata({"/Author": OWNER, "/Creator": "Scanner of Leyla"})
    out = io.BytesIO()
    writer.write(out)
    clean = clean_upload(upload("receipt.pdf", out.getvalue()))
    reader = PdfReader(io.BytesIO(clean.read()))
    assert len(reader.pages) == 1
    assert not (reader.metadata or {}).get("/Author")
    assert "Leyla" not in str(reader.metadata or {})


def _docx(core: str) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document>Report on the monument</w:document>")
        z.writestr("docProps/core.xml", core)
        z.writestr("docProps/app.xml", "<Properties><Company>Home address Ltd</Company></Properties>")
    return out.getvalue()


def test_office_documents_lose_their_core_properties():
    raw = _docx(f"<cp:coreProperties><dc:creator>{OWNER}</dc:creator></cp:coreProperties>")
    data = clean_upload(upload("report.docx", raw)).read()
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        assert b"Report on the monument" in z.read("word/document.xml")
        assert OWNER.encode() not in z.read("docProps/core.xml")
        assert b"Home address" not in z.read("docProps/app.xml")


@pytest.mark.parametrize("name,data", [
    ("photo.jpg", b"\x89PNG\r\n\x1a\n" + b"0" * 100),          # a PNG header under .jpg
    ("photo.png", photo_with_gps("JPEG")),                      # a real JPEG under .png
    ("photo.jpg", b"MZ\x90\x00" + b"\x00" * 200),               # a Windows program
    ("receipt.pdf", b"<html><script>alert(1)</script></html>"),
    ("report.docx", b"%PDF-1.7 not a zip"),
    ("report.docx", (lambda b: (z := zipfile.ZipFile(b, "w"), z.writestr("x.txt", "x"), z.close(), b.getvalue())[-1])(io.BytesIO())),
])
def test_files_whose_content_does_not_match_their_extension_are_refused(name, data):
    with pytest.raises(UploadRejected):
        clean_upload(upload(name, data))


@pytest.mark.parametrize("name", ["drawing.svg", "page.html", "tool.exe", "archive.zip", "noextension"])
def test_other_kinds_are_refused(name):
    with pytest.raises(UploadRejected):
        clean_upload(upload(name, b"<svg onload=alert(1)>"))


def test_kinds_restrict_what_a_field_accepts_and_size_is_capped():
    with pytest.raises(UploadRejected):
        clean_upload(upload("receipt.pdf", b"%PDF-1.4"), kinds={"image"})
    with pytest.raises(UploadRejected):
        clean_upload(upload("big.jpg", photo_with_gps()), max_bytes=100)
    assert clean_upload(upload("list.csv", "ad,şəhər\nLeyla,Bakı\n".encode()), kinds={"text"}).read().startswith(b"ad,")
    with pytest.raises(UploadRejected):
        clean_upload(upload("list.csv", "ad".encode("utf-16")), kinds={"text"})
