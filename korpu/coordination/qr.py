"""QR codes of check-in codes (segno): SVG for pages, PNG for e-mail."""

from __future__ import annotations

import io

import segno


def svg_data_uri(code: str) -> str:
    """An SVG data: URI (allowed by the CSP's img-src) of the QR code of `code`."""
    return segno.make(code, error="m", micro=False).svg_data_uri(scale=6, border=2)


def svg(code: str) -> bytes:
    out = io.BytesIO()
    segno.make(code, error="m", micro=False).save(out, kind="svg", scale=6, border=2, xmldecl=False)
    return out.getvalue()


def png(code: str) -> bytes:
    out = io.BytesIO()
    segno.make(code, error="m", micro=False).save(out, kind="png", scale=6, border=2)
    return out.getvalue()
