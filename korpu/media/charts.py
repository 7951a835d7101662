"""Server-side SVG charts (no script, no inline style: colours come from classes in media.css)."""

from __future__ import annotations

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe


def bars(rows: list[tuple[str, int]], *, title: str, width: int = 560, bar_height: int = 20) -> SafeString:
    """A horizontal bar chart of (label, value) rows."""
    if not rows:
        return mark_safe("")
    top = max(v for _l, v in rows) or 1
    label_w, gap = 170, 6
    height = len(rows) * (bar_height + gap) + gap
    parts = [f'<svg class="media-chart" role="img" viewBox="0 0 {width} {height}" width="100%" '
             f'aria-label="{escape(title)}" xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>']
    for i, (label, value) in enumerate(rows):
        y = gap + i * (bar_height + gap)
        w = max(1, int((width - label_w - 60) * value / top))
        parts.append(f'<text class="media-chart-label" x="{label_w - 6}" y="{y + bar_height - 5}" text-anchor="end">'
                     f'{escape(str(label)[:28])}</text>')
        parts.append(f'<rect class="media-chart-bar" x="{label_w}" y="{y}" width="{w}" height="{bar_height}" rx="2"/>')
        parts.append(f'<text class="media-chart-value" x="{label_w + w + 4}" y="{y + bar_height - 5}">{value}</text>')
    parts.append("</svg>")
    return mark_safe("".join(parts))


def columns(rows: list[tuple[str, int, int]], *, title: str, width: int = 560, height: int = 200) -> SafeString:
    """Articles (and stories) over time: (label, articles, stories) as paired columns."""
    if not rows:
        return mark_safe("")
    top = max(max(a, s) for _l, a, s in rows) or 1
    base, left = height - 24, 30
    slot = (width - left) / len(rows)
    col = max(2.0, slot * 0.35)
    parts = [f'<svg class="media-chart" role="img" viewBox="0 0 {width} {height}" width="100%" '
             f'aria-label="{escape(title)}" xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>',
             f'<line class="media-chart-axis" x1="{left}" y1="{base}" x2="{width}" y2="{base}"/>',
             f'<text class="media-chart-value" x="2" y="12">{top}</text>']
    for i, (label, articles, stories) in enumerate(rows):
        x = left + i * slot + slot * 0.1
        ha = (base - 10) * articles / top
        hs = (base - 10) * stories / top
        parts.append(f'<rect class="media-chart-bar" x="{x:.1f}" y="{base - ha:.1f}" width="{col:.1f}" height="{ha:.1f}">'
                     f'<title>{escape(label)}: {articles}</title></rect>')
        parts.append(f'<rect class="media-chart-bar-alt" x="{x + col:.1f}" y="{base - hs:.1f}" width="{col:.1f}" '
                     f'height="{hs:.1f}"><title>{escape(label)}: {stories}</title></rect>')
        if len(rows) <= 12 or i % max(1, len(rows) // 12) == 0:
            parts.append(f'<text class="media-chart-label" x="{x:.1f}" y="{height - 6}">{escape(label)}</text>')
    parts.append("</svg>")
    return mark_safe("".join(parts))
