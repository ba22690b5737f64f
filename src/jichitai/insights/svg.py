"""The process map and the charts drawn as SVG on the server: no script, no CDN, readable
without colour (the slowest transitions are also drawn dashed and named in the text), and
each figure is paired with its data table on the page (WCAG 2.2 1.1.1: the table is the
text alternative; the SVG itself is `role="img"` with a title).

Layout of the map: activities top to bottom in process order; a step to the next activity
is a straight arrow, a step that skips ahead curves on the left, a step back (a return for
correction, a loop) curves on the right. Line width grows with the count.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from jichitai.insights.process_map import ProcessMap

_NODE_W, _NODE_H, _ROW = 220, 48, 110
_LEFT, _RIGHT = 470, 400


def duration_label(seconds: float) -> str:
    """A time as people say it: 分, 時間 or 日, one decimal where it helps."""
    if seconds < 3600:
        return f"{seconds / 60:.0f}分"
    if seconds < 86_400:
        return f"{seconds / 3600:.1f}時間"
    return f"{seconds / 86_400:.1f}日"


def process_map_svg(process_map: ProcessMap, *, title_id: str) -> SafeString:
    """The map as an inline `<svg>`; `title_id` links its title for screen readers."""
    names = [name for name, _ in process_map.activities]
    row = {name: i for i, name in enumerate(names)}
    width = _LEFT + _NODE_W + _RIGHT
    height = 40 + len(names) * _ROW
    centre = _LEFT + _NODE_W / 2
    most = max((e.count for e in process_map.edges), default=1)
    parts: list[SafeString] = []
    for index, edge in enumerate(process_map.edges):
        a, b = row[edge.source], row[edge.target]
        stroke = 1.5 + 6 * math.log1p(edge.count) / math.log1p(most)
        path, label_x, label_y, anchor = _edge_path(a, b, centre, index)
        css = "jt-map-edge jt-map-edge--slow" if edge.slowest else "jt-map-edge"
        label = f"{edge.count}件・中央値 {duration_label(edge.median_seconds)}"
        parts.append(
            format_html(
                '<path class="{}" d="{}" stroke-width="{}" marker-end="url(#{}-arrow{})"/>'
                '<text class="jt-map-label{}" x="{}" y="{}" text-anchor="{}">{}</text>',
                css,
                path,
                f"{stroke:.1f}",
                title_id,
                "-slow" if edge.slowest else "",
                " jt-map-label--slow" if edge.slowest else "",
                f"{label_x:.0f}",
                f"{label_y:.0f}",
                anchor,
                ("遅い: " if edge.slowest else "") + label,
            )
        )
    for name, count in process_map.activities:
        y = 20 + row[name] * _ROW
        parts.append(
            format_html(
                '<rect class="jt-map-node" x="{}" y="{}" width="{}" height="{}" rx="8"/>'
                '<text class="jt-map-node-label" x="{}" y="{}" text-anchor="middle">{}（{}件）</text>',
                _LEFT,
                y,
                _NODE_W,
                _NODE_H,
                f"{centre:.0f}",
                y + 30,
                name,
                count,
            )
        )
    return format_html(
        '<svg class="jt-map" role="img" aria-labelledby="{id}" viewBox="0 0 {w} {h}" '
        'width="{w}" height="{h}" xmlns="http://www.w3.org/2000/svg">'
        '<title id="{id}">{title}</title><defs>{markers}</defs>{body}</svg>',
        id=title_id,
        w=width,
        h=height,
        title=f"プロセスマップ: 活動 {len(names)}、遷移 {len(process_map.edges)}",
        markers=_markers(title_id),
        body=mark_safe("".join(parts)),  # noqa: S308 (each part built by format_html)
    )


def _markers(title_id: str) -> SafeString:
    return format_html_join(
        "",
        '<marker id="{}-arrow{}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="14" '
        'markerHeight="14" markerUnits="userSpaceOnUse" orient="auto-start-reverse"><path class="{}" d="M0,0 L10,5 L0,10 z"/>'
        "</marker>",
        ((title_id, "", "jt-map-arrow"), (title_id, "-slow", "jt-map-arrow jt-map-arrow--slow")),
    )


def _edge_path(a: int, b: int, centre: float, index: int) -> tuple[str, float, float, str]:
    """The path of an edge from row `a` to row `b` and where its label goes."""
    top: float = 20 + a * _ROW
    target_top: float = 20 + b * _ROW
    if b == a + 1:
        x = centre
        y1, y2 = top + _NODE_H, target_top
        return f"M{x},{y1} L{x},{y2}", x + 10, (y1 + y2) / 2 + 5, "start"
    if b == a:
        x = _LEFT + _NODE_W
        y = top + _NODE_H / 2
        return (
            f"M{x},{y - 10} C{x + 60},{y - 40} {x + 60},{y + 40} {x},{y + 10}",
            x + 56,
            y + 5,
            "start",
        )
    span = abs(b - a)
    # Fan the curves out by span so two skips do not lie on top of each other.
    bulge = 40 + 50 * span + 6 * (index % 3)
    if b > a:
        x = _LEFT
        y1, y2 = top + _NODE_H * 0.7, target_top + _NODE_H * 0.3
        return (
            f"M{x},{y1} C{x - bulge},{y1} {x - bulge},{y2} {x},{y2}",
            x - bulge * 0.75 - 4,
            (y1 + y2) / 2 + 5,
            "end",
        )
    x = _LEFT + _NODE_W
    y1, y2 = top + _NODE_H * 0.3, target_top + _NODE_H * 0.7
    return (
        f"M{x},{y1} C{x + bulge},{y1} {x + bulge},{y2} {x},{y2}",
        x + bulge * 0.75 + 4,
        (y1 + y2) / 2 + 5,
        "start",
    )


def bar_chart_svg(
    *, title: str, title_id: str, labels: Sequence[str], values: Sequence[float], unit: str
) -> SafeString:
    """A vertical bar chart (a trend by month): each bar with its value written above it."""
    width, height, base, left = 760, 290, 230, 16
    step = (width - 2 * left) / max(1, len(values))
    top = max(values, default=0) or 1
    bars = []
    for i, (label, value) in enumerate(zip(labels, values, strict=True)):
        bar = (base - 40) * value / top
        x = left + i * step + step * 0.15
        bars.append(
            format_html(
                '<rect class="jt-chart-bar" x="{}" y="{}" width="{}" height="{}"/>'
                '<text class="jt-chart-value" x="{}" y="{}" text-anchor="middle">{}</text>'
                '<text class="jt-chart-axis" x="{}" y="{}" text-anchor="middle">{}</text>',
                f"{x:.1f}",
                f"{base - bar:.1f}",
                f"{step * 0.7:.1f}",
                f"{bar:.1f}",
                f"{x + step * 0.35:.1f}",
                f"{base - bar - 6:.1f}",
                _number(value, unit),
                f"{x + step * 0.35:.1f}",
                base + 22,
                _month_label(label, first=i == 0, x=f"{x + step * 0.35:.1f}"),
            )
        )
    return format_html(
        '<svg class="jt-chart" role="img" aria-labelledby="{id}" viewBox="0 0 {w} {h}" '
        'width="{w}" height="{h}" xmlns="http://www.w3.org/2000/svg"><title id="{id}">{t}</title>'
        '<line class="jt-chart-baseline" x1="{l}" x2="{r}" y1="{b}" y2="{b}"/>{bars}</svg>',
        id=title_id,
        w=width,
        h=height,
        t=title,
        l=left,
        r=width - left,
        b=base,
        bars=mark_safe("".join(bars)),  # noqa: S308 (each bar built by format_html)
    )


def _month_label(label: str, *, first: bool, x: str) -> SafeString:
    """ "4月" under a bar; the year too under the first bar and every January, on a second
    line, so a chart over the turn of a year reads right."""
    if len(label) != 7:
        return format_html("{}", label)
    month = f"{int(label[5:])}月"
    if first or label.endswith("-01"):
        return format_html('{}<tspan x="{}" dy="18">{}年</tspan>', month, x, label[:4])
    return format_html("{}", month)


def _number(value: float, unit: str) -> str:
    if unit == "%":
        return f"{value:.0f}%"
    if unit == "日":
        return f"{value:.1f}"
    return f"{value:,.0f}"
