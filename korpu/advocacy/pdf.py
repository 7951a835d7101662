"""Supporters' letters as PDF (WeasyPrint), set in the fonts the plaques app ships.

The fonts are referenced where they live (korpu/plaques/fonts/), not copied: Noto Sans for Latin
and Cyrillic, Noto Naskh Arabic for Arabic, shaped by HarfBuzz inside WeasyPrint.
"""

from __future__ import annotations

from pathlib import Path

from django.template.loader import render_to_string
from django.utils import timezone, translation

FONTS = Path(__file__).resolve().parent.parent / "plaques" / "fonts"


def font_faces() -> str:
    faces = []
    for family, stem in (("Korpu Sans", "NotoSans"), ("Korpu Naskh", "NotoNaskhArabic")):
        for weight, suffix in (("normal", "Regular"), ("bold", "Bold")):
            path = FONTS / f"{stem}-{suffix}.ttf"
            if path.exists():
                faces.append(f'@font-face {{ font-family: "{family}"; font-weight: {weight}; '
                             f'src: url("{path.as_uri()}"); }}')
    return "\n".join(faces)


def letter_pdf(letter) -> bytes:
    """The letter, addressed to the official's office, ready to print and post."""
    from weasyprint import HTML

    language = letter.language or "en"
    rtl = language == "ar"
    with translation.override(language):
        html = render_to_string("advocacy/letter_pdf.html", {
            "letter": letter, "official": letter.official, "name": getattr(letter, "pdf_name", ""),
            "text": getattr(letter, "pdf_text", ""), "today": timezone.localdate(), "rtl": rtl,
            "fonts": font_faces(), "language": language,
        })
    return HTML(string=html, base_url=str(FONTS)).write_pdf()
