"""Uploaded photos and documents: check that a file is what its extension says, and remove the
metadata that could reveal a person (EXIF and GPS in photos, author and editing history in
documents) before anything is stored.

Apps call `clean_upload(uploaded_file)` and store the ContentFile it returns:

    from korpu.core.uploads import UploadRejected, clean_upload
    clean = clean_upload(request.FILES["photo"], kinds={"image"})
    photo.image.save(clean.name, clean, save=False)

- photos (jpg, jpeg, png, webp) are decoded and re-encoded from their pixels only, upright (the
  EXIF rotation is applied before the tag goes): no EXIF, GPS, XMP, maker notes or comments;
- PDFs lose their document information (author, creator, dates) and XMP metadata;
- Office Open XML (docx, xlsx, pptx) and OpenDocument (odt, ods, odp) files get empty core
  properties (author, last editor, company) and lose custom properties;
- plain text and CSV must be UTF-8 text;
- everything else is refused, as is any file whose content is not of its extension's kind.
"""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from collections.abc import Iterable

from django.core.files.base import ContentFile
from django.utils.translation import gettext_lazy as _

from korpu.core.errors import ValidationFailed

MAX_BYTES = 25 * 1024 * 1024
MAX_PIXELS = 50_000_000
MAX_UNZIPPED = 200 * 1024 * 1024  # a zip bomb in a .docx stops here

IMAGE_EXTENSIONS = {"jpg": "JPEG", "jpeg": "JPEG", "png": "PNG", "webp": "WEBP"}
IMAGE_TYPES = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}
OOXML = {"docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
         "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
         "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation"}
ODF = {"odt": "application/vnd.oasis.opendocument.text",
       "ods": "application/vnd.oasis.opendocument.spreadsheet",
       "odp": "application/vnd.oasis.opendocument.presentation"}
TEXT = {"txt": "text/plain", "csv": "text/csv"}
KINDS = {
    "image": set(IMAGE_EXTENSIONS),
    "document": {"pdf", *OOXML, *ODF},
    "text": set(TEXT),
}

EMPTY_CORE = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
              b'<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
              b'xmlns:dc="http://purl.org/dc/elements/1.1/"/>')
EMPTY_APP = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
             b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"/>')
EMPTY_ODF_META = (b'<?xml version="1.0" encoding="UTF-8"?>\n'
                  b'<office:document-meta xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
                  b'office:version="1.2"><office:meta/></office:document-meta>')


class UploadRejected(ValidationFailed):
    """A file that is not what its extension says, too large, or of a kind not accepted here."""

    code = "upload_rejected"
    default_message = _("This file cannot be accepted.")


class CleanedFile(ContentFile):
    """The cleaned content, with its safe name, content type and (for photos) size in pixels."""

    def __init__(self, content: bytes, name: str, content_type: str, width: int = 0, height: int = 0):
        super().__init__(content, name=name)
        self.content_type = content_type
        self.width = width
        self.height = height


def clean_upload(uploaded_file, *, kinds: Iterable[str] = ("image", "document"),
                 max_bytes: int = MAX_BYTES) -> CleanedFile:
    """The uploaded file without its metadata, or UploadRejected (a translated message)."""
    name = getattr(uploaded_file, "name", "") or "upload"
    stem, ext = _split(name)
    allowed = set().union(*(KINDS[k] for k in kinds))
    if ext not in allowed:
        raise UploadRejected(_("Files of this type are not accepted here. Accepted: {types}.").format(
            types=", ".join(sorted(allowed))))
    data = _read(uploaded_file, max_bytes)
    if ext in IMAGE_EXTENSIONS:
        return _clean_image(data, stem, IMAGE_EXTENSIONS[ext])
    if ext == "pdf":
        return _clean_pdf(data, stem)
    if ext in OOXML or ext in ODF:
        return _clean_office(data, stem, ext)
    return _clean_text(data, stem, ext)


def _split(name: str) -> tuple[str, str]:
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    stem, _dot, ext = base.rpartition(".")
    if not _dot:
        stem, ext = base, ""
    stem = unicodedata.normalize("NFC", stem)
    stem = re.sub(r"[^\w.-]+", "-", stem, flags=re.UNICODE).strip(".-")[:80] or "upload"
    return stem, ext.lower()


def _read(uploaded_file, max_bytes: int) -> bytes:
    if hasattr(uploaded_file, "seek"):
        try:
            uploaded_file.seek(0)
        except (OSError, ValueError):
            pass
    data = uploaded_file.read(max_bytes + 1) if hasattr(uploaded_file, "read") else bytes(uploaded_file)
    if len(data) > max_bytes:
        raise UploadRejected(_("The file is too large (at most {megabytes} MB).").format(
            megabytes=max_bytes // (1024 * 1024)))
    if not data:
        raise UploadRejected(_("The file is empty."))
    return data


def _mismatch() -> UploadRejected:
    return UploadRejected(_("The file's content does not match its extension."))


def _clean_image(data: bytes, stem: str, expected: str) -> CleanedFile:
    from PIL import Image, ImageOps, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as probe:
            if probe.format != expected:
                raise _mismatch()
            if probe.width * probe.height > MAX_PIXELS:
                raise UploadRejected(_("The picture is too large (at most {megapixels} MP).").format(
                    megapixels=MAX_PIXELS // 1_000_000))
            probe.verify()
        with Image.open(io.BytesIO(data)) as image:
            upright = ImageOps.exif_transpose(image)
            keep_alpha = expected != "JPEG" and (upright.mode in ("RGBA", "LA") or
                                                 (upright.mode == "P" and "transparency" in upright.info))
            mode = "RGBA" if keep_alpha else "RGB"
            pixels = upright.convert(mode)
            # A new image from the pixels alone: no info dict, EXIF, XMP, ICC or comments travel.
            bare = Image.new(mode, pixels.size)
            bare.paste(pixels)
    except UploadRejected:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError) as exc:
        raise _mismatch() from exc
    out = io.BytesIO()
    if expected == "JPEG":
        bare.save(out, "JPEG", quality=90, optimize=True)
    elif expected == "PNG":
        bare.save(out, "PNG", optimize=True)
    else:
        bare.save(out, "WEBP", quality=90)
    ext = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}[expected]
    return CleanedFile(out.getvalue(), f"{stem}.{ext}", IMAGE_TYPES[expected], bare.width, bare.height)


def _clean_pdf(data: bytes, stem: str) -> CleanedFile:
    if not data.lstrip()[:5] == b"%PDF-":
        raise _mismatch()
    try:
        from pypdf import PdfReader, PdfWriter
    except ImportError:  # without pypdf the header check is all we can do
        return CleanedFile(data, f"{stem}.pdf", "application/pdf")
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise UploadRejected(_("Password-protected PDF files cannot be accepted."))
        writer = PdfWriter(clone_from=reader)
        writer.metadata = None
        writer._root_object.pop("/Metadata", None)  # the XMP stream
        for page in writer.pages:
            page.pop("/Metadata", None)
        out = io.BytesIO()
        writer.write(out)
    except UploadRejected:
        raise
    except Exception as exc:  # pypdf raises many types on a broken file
        raise _mismatch() from exc
    return CleanedFile(out.getvalue(), f"{stem}.pdf", "application/pdf")


def _clean_office(data: bytes, stem: str, ext: str) -> CleanedFile:
    if data[:4] != b"PK\x03\x04":
        raise _mismatch()
    try:
        source = zipfile.ZipFile(io.BytesIO(data))
        names = source.namelist()
        if sum(i.file_size for i in source.infolist()) > MAX_UNZIPPED:
            raise UploadRejected(_("The file is too large (at most {megabytes} MB).").format(
                megabytes=MAX_UNZIPPED // (1024 * 1024)))
        if ext in OOXML:
            main = {"docx": "word/", "xlsx": "xl/", "pptx": "ppt/"}[ext]
            if "[Content_Types].xml" not in names or not any(n.startswith(main) for n in names):
                raise _mismatch()
        else:
            if "mimetype" not in names or source.read("mimetype").decode(errors="replace").strip() != ODF[ext]:
                raise _mismatch()
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as target:
            for info in source.infolist():
                if info.filename == "docProps/core.xml":
                    payload = EMPTY_CORE
                elif info.filename == "docProps/app.xml":
                    payload = EMPTY_APP
                elif info.filename == "meta.xml" and ext in ODF:
                    payload = EMPTY_ODF_META
                elif info.filename == "docProps/custom.xml":
                    payload = b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"/>'
                else:
                    payload = source.read(info.filename)
                clean_info = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
                # ODF wants its mimetype first and stored; everything else is deflated.
                clean_info.compress_type = (zipfile.ZIP_STORED if info.filename == "mimetype"
                                            else zipfile.ZIP_DEFLATED)
                target.writestr(clean_info, payload)
    except UploadRejected:
        raise
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, EOFError) as exc:
        raise _mismatch() from exc
    content_type = OOXML.get(ext) or ODF[ext]
    return CleanedFile(out.getvalue(), f"{stem}.{ext}", content_type)


def _clean_text(data: bytes, stem: str, ext: str) -> CleanedFile:
    if b"\x00" in data:
        raise _mismatch()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UploadRejected(_("Text files must be in UTF-8.")) from exc
    return CleanedFile(text.encode(), f"{stem}.{ext}", TEXT[ext] + "; charset=utf-8")
