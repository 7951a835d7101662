"""Build static/network/world-110m.json (country code → SVG path) from world-atlas's TopoJSON.

Run once when the map data is updated (not at run time):
    npm pack world-atlas@2 && tar xzf world-atlas-2.0.2.tgz
    python -m korpu.network.build_map package/countries-110m.json iso3166-1.json
The second file is pycountry's databases/iso3166-1.json (for numeric → alpha-2 codes).
world-atlas is ISC-licensed (static/network/world-atlas-LICENSE.txt); its data is Natural Earth (public domain).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

WIDTH, HEIGHT = 1000, 500


def decode_arcs(topology: dict) -> list[list[tuple[float, float]]]:
    scale = topology["transform"]["scale"]
    translate = topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append((x * scale[0] + translate[0], y * scale[1] + translate[1]))
        arcs.append(points)
    return arcs


def project(lon: float, lat: float) -> tuple[float, float]:
    """Equirectangular: simple, and enough for a map of counts per country."""
    return (lon + 180) / 360 * WIDTH, (90 - lat) / 180 * HEIGHT


def ring(indexes: list[int], arcs) -> list[tuple[float, float]]:
    points: list[tuple[float, float]] = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else list(reversed(arcs[~index]))
        points.extend(arc[1:] if points else arc)
    return points


def path_of(geometry: dict, arcs) -> str:
    polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
    parts = []
    for polygon in polygons:
        for indexes in polygon:
            pts = [project(*p) for p in ring(indexes, arcs)]
            if len(pts) < 3:
                continue
            parts.append("M" + "L".join(f"{x:.1f},{y:.1f}" for x, y in pts) + "Z")
    return "".join(parts)


def main(argv: list[str]) -> int:
    topology = json.loads(Path(argv[0]).read_text())
    numeric = {row["numeric"]: row["alpha_2"] for row in json.loads(Path(argv[1]).read_text())["3166-1"]}
    arcs = decode_arcs(topology)
    out: dict[str, str] = {}
    for geometry in topology["objects"]["countries"]["geometries"]:
        code = numeric.get(geometry.get("id", ""))
        if not code or "arcs" not in geometry:
            continue
        out[code] = out.get(code, "") + path_of(geometry, arcs)
    target = Path(__file__).parent / "static" / "network" / "world-110m.json"
    target.write_text(json.dumps(out, separators=(",", ":"), sort_keys=True))
    print(f"{len(out)} countries → {target}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
