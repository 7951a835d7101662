"""Uploaded photos and documents: check what they are, and strip the metadata from photos.

A photo's EXIF block can hold GPS coordinates and the camera owner's name: members' photos could
reveal where they live. Photos are decoded and re-encoded from their pixels only, so nothing but
the picture survives.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from django.core.files.base import ContentFile
from PIL import Image, ImageOps, UnidentifiedImageError

from korpu.revival.errors import InvalidUpload

MAX_BYTES = 15 * 1024 * 1024
MAX_PIXELS = 40_000_000
_FORMATS = {"JPEG": ("jpg", "image/jpeg"), "PNG": ("png", "image/png"), "WEBP": ("webp", "image/webp")}


@dataclass
class CleanFile:
    content: ContentFile
    name: str
    content_type: str
    width: int = 0
    height: int = 0


def _read(upload) -> bytes:
    data = upload.read() if hasattr(upload, "read") else bytes(upload)
    if len(data) > MAX_BYTES:
        raise InvalidUpload()
    return data


def clean_image(upload) -> CleanFile:
    """Re-encode a photo from its pixels (no EXIF, GPS, XMP or comments), upright."""
    data = _read(upload)
    try:
        with Image.open(io.BytesIO(data)) as probe:
            fmt = probe.format
            if fmt not in _FORMATS or probe.width * probe.height > MAX_PIXELS:
                raise InvalidUpload()
            probe.verify()
        with Image.open(io.BytesIO(data)) as opened:
            image = ImageOps.exif_transpose(opened)  # apply the rotation before the tag goes
            mode = "RGBA" if image.mode in ("RGBA", "LA", "P") and fmt != "JPEG" else "RGB"
            pixels = image.convert(mode)
            bare = Image.new(mode, pixels.size)
            bare.paste(pixels)
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise InvalidUpload() from exc
    out = io.BytesIO()
    ext, content_type = _FORMATS[fmt]
    if fmt == "JPEG":
        bare.save(out, "JPEG", quality=88, optimize=True)
    else:
        bare.save(out, fmt)
    return CleanFile(ContentFile(out.getvalue()), f"upload.{ext}", content_type, bare.width, bare.height)


def clean_evidence(upload) -> CleanFile:
    """A photo (cleaned as above) or a PDF document (checked by its header)."""
    data = _read(upload)
    if data[:5] == b"%PDF-":
        return CleanFile(ContentFile(data), "upload.pdf", "application/pdf")
    return clean_image(io.BytesIO(data))
