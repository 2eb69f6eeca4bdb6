"""A PDF chart's legend: chart_data's entries left to right, wrapping at the width, each with
its sample drawn as on the chart.
"""

from __future__ import annotations

from typing import Sequence

from reports.shapes import Group

from models.chart_data import LegendEntry
from reports.charts.drawing import SMALL_SIZE, Tagged
from reports.charts.marks import marker, pooled_diamond_sample, styled_line
from reports.charts.text import draw_text, text_width
from reports.text import TextFormatter


def legend_sample(group: Group, entry: LegendEntry, x: float, y: float) -> None:
    """The legend's sample of an entry, centred at (x, y): its line and/or its marker, drawn
    as on the chart."""
    if entry.key == "pooled":
        pooled_diamond_sample(group, x, y)
        return
    if entry.line is not None:
        group.add(styled_line(entry.key, entry.line, x - 8, y, x + 8, y))
    if entry.marker is not None:
        marker(group, entry.marker, x, y, 4.2 if entry.marker == "star" else 2.6)


LEGEND_SAMPLE = 19.0
LEGEND_LINE = 10.0
LEGEND_BELOW = 4.0      # air under the legend, before the text that follows the drawing


def legend_layout(entries: Sequence[LegendEntry], fmt: TextFormatter,
                  width: float) -> list[tuple[LegendEntry, float, int]]:
    """(entry, x, line) for each entry, left to right, wrapping at ``width``."""
    placed, x, line = [], 0.0, 0
    for entry in entries:
        needed = LEGEND_SAMPLE + text_width(entry.label, fmt, SMALL_SIZE) + 10
        if x > 0 and x + needed > width:
            x, line = 0.0, line + 1
        placed.append((entry, x, line))
        x += needed
    return placed


def legend_height(entries: Sequence[LegendEntry], fmt: TextFormatter, width: float) -> float:
    layout = legend_layout(entries, fmt, width)
    return (1 + max((line for _, _, line in layout), default=-1)) * LEGEND_LINE


def draw_legend(group: Group, x: float, top: float, entries: Sequence[LegendEntry],
                fmt: TextFormatter, width: float) -> None:
    for entry, dx, line in legend_layout(entries, fmt, width):
        tagged = Tagged("legend", entry.key, entry.label)
        y = top - (line + 0.5) * LEGEND_LINE
        legend_sample(tagged, entry, x + dx + LEGEND_SAMPLE / 2 - 2, y)
        draw_text(tagged, x + dx + LEGEND_SAMPLE, y - SMALL_SIZE * 0.35, entry.label, fmt,
                  size=SMALL_SIZE, role="line")
        group.add(tagged)
