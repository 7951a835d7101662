"""Time a 2,000-name plaque in each format against WeasyPrint rendering a plain list.

Run: python bench/bench_plaques.py [--names 2000]
"""

import argparse
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from korpu.plaques.rendering import (  # noqa: E402
    NameEntry,
    PlaqueSpec,
    render_dxf,
    render_pdf,
    render_svg,
)

GIVEN = [
    "Əli",
    "Şəmsi",
    "İlqar",
    "Ülviyyə",
    "Gülnar",
    "Rafiq",
    "Aynur",
    "Tofiq",
    "Nərgiz",
    "Çingiz",
]
FAMILY = ["Əliyev", "Hüseynov", "Qasımova", "Çələbi", "Şükürov", "Məmmədli", "Babayeva", "Quliyev"]


def _names(count: int) -> list[NameEntry]:
    # Fixed seed: every run measures the same plaque.
    rng = random.Random(2026)
    tiers = ["Qızıl", "Gümüş", "Bürünc"]
    return [
        NameEntry(f"{rng.choice(GIVEN)} {rng.choice(FAMILY)} {i}", tiers[min(2, i // 200)])
        for i in range(count)
    ]


def _time(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--names", type=int, default=2000)
    args = parser.parse_args()
    names = _names(args.names)
    spec = PlaqueSpec(
        title={"az": "Şuşa məscidinin bərpası", "en": "Restoration of the Shusha mosque"},
        dedication={"ar": "تم الترميم عام ٢٠٢٦"},
        names=names,
        tiers=["Qızıl", "Gümüş", "Bürünc"],
        width_mm=2400,
        height_mm=1600,
        qr_url="https://korpu.example/projects/shusha",
    )
    import weasyprint

    weasyprint.HTML(string="<p>warm-up</p>").write_pdf()  # load Pango and fonts once
    html = "<ul>" + "".join(f"<li>{n.text}</li>" for n in names) + "</ul>"
    reference = _time(lambda: weasyprint.HTML(string=html).write_pdf())
    results = {
        "svg": _time(lambda: render_svg(spec)),
        "dxf": _time(lambda: render_dxf(spec)),
        "pdf": _time(lambda: render_pdf(spec)),
    }
    print(f"{args.names} names on a {spec.width_mm:g}x{spec.height_mm:g} mm plaque")
    print(f"reference (WeasyPrint, plain HTML list): {reference:.2f} s")
    for fmt, seconds in results.items():
        print(f"{fmt}: {seconds:.2f} s  ({seconds / reference:.2f}x reference)")
    print(f"total: {sum(results.values()):.2f} s")


if __name__ == "__main__":
    main()
