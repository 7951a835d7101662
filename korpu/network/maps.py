"""Server-rendered SVG: the world map of organisations and people per country, and the charts.

Nothing is drawn in the browser and nothing is fetched from a tile server; shapes come from the
vendored world-atlas data (static/network/world-110m.json, built by build_map.py). Colours are CSS
classes (static/network/network.css), so the CSP needs no inline style.
"""

from __future__ import annotations

import functools
import json
import math
from pathlib import Path
from urllib.parse import urlencode

from django.urls import reverse

from korpu.network import countries
from korpu.network.models import OrganisationKind

DATA = Path(__file__).parent / "static" / "network" / "world-110m.json"


@functools.cache
def shapes() -> dict[str, str]:
    return json.loads(DATA.read_text())


def world_map(totals: list[dict]) -> list[dict]:
    """One entry per country shape: its path, counts, a colour step 0–5 and the directory link."""
    by_code = {row["country"]: row for row in totals}
    top = max([row["organisations"] for row in totals] or [1]) or 1
    directory = reverse("network:directory")
    out = []
    for code, path in sorted(shapes().items()):
        row = by_code.get(code, {"organisations": 0, "people": 0})
        step = 0 if not row["organisations"] else 1 + min(4, int(4 * math.log1p(row["organisations"]) / math.log1p(top)))
        out.append({"code": code, "path": path, "organisations": row["organisations"], "people": row["people"],
                    "step": step, "name": countries.name(code),
                    "url": f"{directory}?{urlencode({'country': code})}"})
    return out


def _bars(items: list[tuple[str, int]], *, width: int = 600, bar: int = 22) -> dict:
    top = max([n for _l, n in items] or [1]) or 1
    rows = []
    for i, (label, value) in enumerate(items):
        rows.append({"label": label, "value": value, "y": i * (bar + 6), "text_y": i * (bar + 6) + bar * 0.7,
                     "width": max(1, int((width - 220) * value / top)), "height": bar})
    return {"rows": rows, "height": max(1, len(items) * (bar + 6)), "width": width}


def kind_chart(totals: list[tuple[str, int]]) -> dict:
    labels = dict(OrganisationKind.choices)
    return _bars([(str(labels.get(kind, kind)), n) for kind, n in totals])


def growth_chart(series: list[tuple[int, int, int]], *, width: int = 600, height: int = 200) -> dict:
    """Cumulative organisations and members by year, as two polylines."""
    if not series:
        return {"orgs": "", "people": "", "width": width, "height": height, "years": [], "max_orgs": 0,
                "max_people": 0}
    years = [y for y, _o, _p in series]
    span = max(1, years[-1] - years[0])
    top_o = max(o for _y, o, _p in series) or 1
    top_p = max(p for _y, _o, p in series) or 1

    def points(index: int, top: int) -> str:
        return " ".join(f"{(y - years[0]) / span * (width - 20) + 10:.1f},{height - 10 - row[index] / top * (height - 30):.1f}"
                        for row in series for y in [row[0]])

    ticks = [{"year": y, "x": (y - years[0]) / span * (width - 20) + 10} for y in years[:: max(1, len(years) // 6)]]
    return {"orgs": points(1, top_o), "people": points(2, top_p), "width": width, "height": height,
            "years": ticks, "max_orgs": top_o, "max_people": top_p}
