"""QR code modules as rectangles, merged along rows so engravers get few, clean shapes."""

from functools import lru_cache

import segno


@lru_cache(maxsize=32)
def qr_rects(url: str) -> tuple[int, tuple[tuple[int, int, int], ...]]:
    """Return (modules per side including a 2-module quiet zone, dark runs as (row, col, length))."""
    code = segno.make(url, error="m", micro=False)
    border = 2  # smaller than the usual 4: the bare bronze around the code is quiet already
    matrix = code.matrix
    side = len(matrix) + 2 * border
    runs = []
    for r, row in enumerate(matrix):
        c = 0
        while c < len(row):
            if row[c]:
                start = c
                while c < len(row) and row[c]:
                    c += 1
                runs.append((r + border, start + border, c - start))
            else:
                c += 1
    return side, tuple(runs)


def qr_boxes(url: str, x: float, y: float, size: float) -> list[tuple[float, float, float, float]]:
    """Return the dark runs of the QR code placed at (x, y) with side size, as (x, y, w, h) mm."""
    side, runs = qr_rects(url)
    m = size / side
    return [(x + c * m, y + r * m, n * m, m) for r, c, n in runs]
