"""Charts as inline SVG: text stays text, so Chinese labels use the reader's own
fonts (no font files to ship, nothing fetched), and the same markup serves the
site, the HTML handbook and its PDF.

Labels are record text (project names, defect titles, taxonomy labels) and the
site serves the charts as .svg files, which browsers parse as XML: every label is
escaped (`</text><script>` and `]]>` stay text) and characters XML cannot hold at
all (control characters written as YAML escapes) become U+FFFD instead of making
the file unreadable.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from markupsafe import Markup
from markupsafe import escape as escape_html

FONT = "'Noto Sans CJK SC','Source Han Sans SC','Microsoft YaHei','PingFang SC','WenQuanYi Micro Hei',sans-serif"
BAR = "#3f6ec6"
LINE = "#d9822b"
ROW = 22
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def escape(text: object) -> Markup:
    """Text for an SVG element or attribute: escaped, and well-formed XML whatever it holds."""
    return Markup(_NOT_XML.sub("\ufffd", str(escape_html(text))))


def _svg(width: int, height: int, body: list[str], title: str) -> Markup:
    head = (f'<svg class="hb-chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
            f'width="{width}" height="{height}" role="img" aria-label="{escape(title)}" '
            f'font-family="{FONT}" font-size="12">')
    return Markup(head + f"<title>{escape(title)}</title>" + "".join(body) + "</svg>")


def _text(x: float, y: float, text: object, anchor: str = "start", **attrs: object) -> str:
    extra = "".join(f' {k.replace("_", "-")}="{escape(v)}"' for k, v in attrs.items())
    return f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}"{extra}>{escape(text)}</text>'


def _label_width(labels: Sequence[str]) -> int:
    """Room for the longest label: CJK characters are about twice as wide as Latin ones."""
    widest = max((sum(2 if ord(c) > 0x2E80 else 1 for c in label) for label in labels), default=4)
    return min(max(int(widest * 6.8) + 16, 60), 360)


def bars(items: Sequence[tuple[str, float]], title: str, width: int = 640, unit: str = "") -> Markup:
    """Horizontal bars: long Chinese labels read best on the left, not rotated."""
    labels = [label for label, _ in items]
    left, top = _label_width(labels), 8
    span = width - left - 60
    peak = max((value for _, value in items), default=0) or 1
    body = []
    for index, (label, value) in enumerate(items):
        y = top + index * ROW
        length = span * value / peak
        body.append(_text(left - 6, y + 15, label, "end"))
        body.append(f'<rect x="{left}" y="{y + 4}" width="{length:.1f}" height="{ROW - 8}" fill="{BAR}"/>')
        body.append(_text(left + length + 4, y + 15, f"{value:,.0f}{unit}"))
    return _svg(width, top * 2 + ROW * len(items), body, title)


def pareto(items: Sequence[tuple[str, float]], title: str, cumulative_label: str, width: int = 640) -> Markup:
    """Bars in falling order with the cumulative share as a line: the vital few on the left."""
    items = sorted(items, key=lambda item: -item[1])
    total = sum(value for _, value in items) or 1
    left, right, top, bottom = 40, 40, 40, 90
    height = 300
    plot_h = height - top - bottom
    step = (width - left - right) / max(len(items), 1)
    peak = max((value for _, value in items), default=0) or 1
    body = [f'<line x1="{left}" y1="{height - bottom}" x2="{width - right}" y2="{height - bottom}" stroke="#888"/>']
    points, running = [], 0.0
    for index, (label, value) in enumerate(items):
        x = left + index * step
        bar_h = plot_h * value / peak
        body.append(f'<rect x="{x + step * 0.15:.1f}" y="{height - bottom - bar_h:.1f}" width="{step * 0.7:.1f}" '
                    f'height="{bar_h:.1f}" fill="{BAR}"/>')
        body.append(_text(x + step / 2, height - bottom - bar_h - 4, f"{value:,.0f}", "middle"))
        cx, cy = x + step / 2, height - bottom + 14
        body.append(_text(cx, cy, label, "end", transform=f"rotate(-40 {cx:.1f} {cy:.1f})"))
        running += value
        points.append(f"{x + step / 2:.1f},{height - bottom - plot_h * running / total:.1f}")
    body.append(f'<polyline points="{" ".join(points)}" fill="none" stroke="{LINE}" stroke-width="2"/>')
    body.append(_text(width - right + 4, top + 4, "100%", fill=LINE))
    body.append(_text(width - right, 14, f"— {cumulative_label}", "end", fill=LINE))
    return _svg(width, height, body, title)


def columns(items: Sequence[tuple[str, float]], title: str, width: int = 640, every: int = 1) -> Markup:
    """Vertical bars over time; only every `every`-th label is written, so many quarters stay legible."""
    left, right, top, bottom, height = 40, 10, 16, 50, 240
    plot_h = height - top - bottom
    step = (width - left - right) / max(len(items), 1)
    peak = max((value for _, value in items), default=0) or 1
    body = [f'<line x1="{left}" y1="{height - bottom}" x2="{width - right}" y2="{height - bottom}" stroke="#888"/>',
            _text(left - 4, top + 4, f"{peak:,.0f}", "end")]
    for index, (label, value) in enumerate(items):
        x = left + index * step
        bar_h = plot_h * value / peak
        body.append(f'<rect x="{x + 1:.1f}" y="{height - bottom - bar_h:.1f}" width="{max(step - 2, 1):.1f}" '
                    f'height="{bar_h:.1f}" fill="{BAR}"><title>{escape(label)}: {value:,.0f}</title></rect>')
        if index % every == 0:
            cx, cy = x + step / 2, height - bottom + 14
            body.append(_text(cx, cy, label, "end", transform=f"rotate(-40 {cx:.1f} {cy:.1f})"))
    return _svg(width, height, body, title)


def heatmap(rows: Sequence[str], cols: Sequence[str], values: Sequence[Sequence[float]], title: str) -> Markup:
    """A matrix of counts; darker cells for more cases, the count written in each non-empty cell."""
    left, top, cell = _label_width(rows), _label_width(cols) * 0.9 + 8, 26
    width, height = int(left + cell * len(cols) + 10), int(top + cell * len(rows) + 10)
    peak = max((v for row in values for v in row), default=0) or 1
    body = []
    for j, col in enumerate(cols):
        cx, cy = left + j * cell + cell / 2, top - 6
        body.append(_text(cx, cy, col, "start", transform=f"rotate(-60 {cx:.1f} {cy:.1f})"))
    for i, row in enumerate(rows):
        y = top + i * cell
        body.append(_text(left - 6, y + cell / 2 + 4, row, "end"))
        for j, value in enumerate(values[i]):
            shade = 0.12 + 0.88 * value / peak if value else 0
            fill = f"rgba(63,110,198,{shade:.2f})" if value else "#f3f4f6"
            body.append(f'<rect x="{left + j * cell}" y="{y}" width="{cell - 2}" height="{cell - 2}" fill="{fill}">'
                        f'<title>{escape(row)} × {escape(cols[j])}: {value:,.0f}</title></rect>')
            if value:
                colour = "#fff" if shade > 0.55 else "#222"
                body.append(_text(left + j * cell + cell / 2 - 1, y + cell / 2 + 3, f"{value:,.0f}", "middle",
                                  fill=colour, font_size=10))
    return _svg(width, height, body, title)
