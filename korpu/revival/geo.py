"""The vendored map data (data/karabakh.geojson) and the server-side SVG map of projects.

No tile server and no script: the map is an SVG drawn here from the points in the GeoJSON file,
with one link per project marker.
"""

from __future__ import annotations

import functools
import json
import math
from dataclasses import dataclass
from pathlib import Path

from django.utils.html import escape

from korpu.revival.models import text_in

DATA = Path(__file__).resolve().parent / "data" / "karabakh.geojson"


@dataclass(frozen=True)
class Place:
    code: str
    kind: str  # "district" or "settlement"
    district: str
    latitude: float
    longitude: float
    names: dict

    def name(self, language: str | None = None) -> str:
        return text_in(self.names, language)


@functools.cache
def _load() -> tuple[dict[str, Place], list[tuple[float, float]]]:
    doc = json.loads(DATA.read_text(encoding="utf-8"))
    places: dict[str, Place] = {}
    outline: list[tuple[float, float]] = []
    for feature in doc["features"]:
        props = feature["properties"]
        if props["kind"] == "outline":
            outline = [(lon, lat) for lon, lat in feature["geometry"]["coordinates"][0]]
            continue
        lon, lat = feature["geometry"]["coordinates"]
        places[feature["id"]] = Place(feature["id"], props["kind"], props["district"], lat, lon, props["names"])
    return places, outline


def places() -> dict[str, Place]:
    return _load()[0]


def districts() -> list[Place]:
    return [p for p in places().values() if p.kind == "district"]


def place(code: str) -> Place | None:
    return places().get(code)


def place_name(code: str, language: str | None = None) -> str:
    found = place(code)
    return found.name(language) if found else code


def district_choices(language: str | None = None) -> list[tuple[str, str]]:
    return sorted(((p.code, p.name(language)) for p in districts()), key=lambda c: c[1])


def settlement_choices(language: str | None = None) -> list[tuple[str, str]]:
    return sorted(((p.code, p.name(language)) for p in places().values()), key=lambda c: c[1])


# The map's frame: a little wider than the outline, in degrees.
WEST, EAST, SOUTH, NORTH = 45.85, 47.55, 38.80, 40.45
WIDTH = 640.0
_K = math.cos(math.radians((SOUTH + NORTH) / 2))
HEIGHT = round(WIDTH * (NORTH - SOUTH) / ((EAST - WEST) * _K), 1)


def project_xy(longitude: float, latitude: float) -> tuple[float, float]:
    """Equirectangular projection into the SVG's coordinate space (y grows southwards)."""
    x = (longitude - WEST) / (EAST - WEST) * WIDTH
    y = (NORTH - latitude) / (NORTH - SOUTH) * HEIGHT
    return round(x, 1), round(y, 1)


@dataclass(frozen=True)
class Marker:
    latitude: float
    longitude: float
    label: str
    url: str
    css_class: str


def map_svg(markers: list[Marker], *, language: str, title: str) -> str:
    """An accessible SVG map: the outline, district centres with names, one linked dot per marker."""
    _places, outline = _load()
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="revival-map" viewBox="0 0 {WIDTH:g} {HEIGHT:g}" '
        f'role="img" aria-labelledby="revival-map-title">',
        f'<title id="revival-map-title">{escape(title)}</title>',
    ]
    if outline:
        points = " ".join("{:g},{:g}".format(*project_xy(lon, lat)) for lon, lat in outline)
        parts.append(f'<polygon class="revival-map-outline" points="{points}"/>')
    for p in districts():
        x, y = project_xy(p.longitude, p.latitude)
        parts.append(f'<circle class="revival-map-town" cx="{x:g}" cy="{y:g}" r="2.5"/>')
        parts.append(f'<text class="revival-map-label" x="{x + 5:g}" y="{y - 4:g}">{escape(p.name(language))}</text>')
    for m in markers:
        x, y = project_xy(float(m.longitude), float(m.latitude))
        parts.append(
            f'<a href="{escape(m.url)}" class="revival-map-link"><circle class="revival-map-marker {escape(m.css_class)}" '
            f'cx="{x:g}" cy="{y:g}" r="7"><title>{escape(m.label)}</title></circle></a>'
        )
    parts.append("</svg>")
    return "".join(parts)
