"""Donor-plaque rendering engine: names in, engraver's files out. Pure Python, no Django.

`layout(spec)` fits the names to the plaque's physical size; `render_pdf`, `render_svg` and
`render_dxf` turn the layout into a proof and into outlined files for engravers.
"""

from .collation import az_sort_key, az_upper, collation_key, upper_for
from .errors import (
    EmptyPlaque,
    NameTooLong,
    PlaqueDoesNotFit,
    PlaqueError,
    PlaqueTooSmall,
    TitleTooLong,
    UnknownTier,
    UnsupportedCharacters,
    UnsupportedLanguage,
)
from .layout import Panel, PlacedLine, QrPlacement, layout
from .spec import DEFAULT_MIN_CAP_HEIGHT_MM, NameEntry, PlaqueSpec, sort_names

__all__ = [
    "DEFAULT_MIN_CAP_HEIGHT_MM",
    "EmptyPlaque",
    "NameEntry",
    "NameTooLong",
    "Panel",
    "PlacedLine",
    "PlaqueDoesNotFit",
    "PlaqueError",
    "PlaqueSpec",
    "PlaqueTooSmall",
    "QrPlacement",
    "TitleTooLong",
    "UnknownTier",
    "UnsupportedCharacters",
    "UnsupportedLanguage",
    "az_sort_key",
    "az_upper",
    "collation_key",
    "layout",
    "render_dxf",
    "render_pdf",
    "render_svg",
    "sort_names",
    "upper_for",
]


def _title(spec: PlaqueSpec) -> str:
    return next(iter(spec.title.values()), "Plaque")


def render_pdf(spec: PlaqueSpec) -> bytes:
    """Return the PDF proof of the plaque, one page per panel."""
    from .pdf import panels_pdf

    return panels_pdf(layout(spec), _title(spec))


def render_svg(spec: PlaqueSpec) -> list[str]:
    """Return one outlined SVG document per panel."""
    from .svg import panel_svg

    return [panel_svg(p) for p in layout(spec)]


def render_dxf(spec: PlaqueSpec) -> list[bytes]:
    """Return one DXF document (millimetres) per panel."""
    from .dxf import panel_dxf

    return [panel_dxf(p) for p in layout(spec)]
