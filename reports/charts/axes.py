"""A PDF chart's axes: tick marks and labels, the axis lines and titles (the vertical title
turned and wrapped), and the room they take left of the plot.
"""

from __future__ import annotations

import math

from reports.shapes import Group, Line

from models.chart_data import Axis
from reports.charts.drawing import LABEL_SIZE, ChartDrawing, Tagged
from reports.charts.text import draw_text, text_width, wrap
from reports.styles import FONT_BOLD, GREY_LIGHT, INK
from reports.text import TextFormatter

TITLE_LEADING = 9.0


def vertical_title_lines(text: str, length: float, fmt: TextFormatter) -> list[str]:
    return wrap(text, length, fmt, LABEL_SIZE, FONT_BOLD)


def vertical_title(group: Group, y0: float, y1: float, text: str, fmt: TextFormatter,
                    role: str = "y-title") -> None:
    """An axis title turned 90°, reading upwards beside the plot (from y0 to y1), on as many
    lines as it needs; the first line's baseline is at x = 8."""
    lines = vertical_title_lines(text, y1 - y0, fmt)
    rotated = Tagged(role, None, text)
    for index, line in enumerate(lines):
        draw_text(rotated, 0, -index * TITLE_LEADING, line, fmt, anchor="middle",
                  font=FONT_BOLD, role="line")
    rotated.transform = (0, 1, -1, 0, 8, (y0 + y1) / 2)
    group.add(rotated)


def left_margin(axis: Axis, plot_height: float, fmt: TextFormatter) -> float:
    """Room left of the plot for the vertical title and the tick labels."""
    lines = len(vertical_title_lines(axis.title, plot_height, fmt))
    return 12 + (lines - 1) * TITLE_LEADING + tick_label_width(axis, fmt) + 6


def x_ticks(group: Group, drawing: ChartDrawing, axis: Axis, fmt: TextFormatter,
             size: float = LABEL_SIZE) -> None:
    """Tick marks and labels under the plot. A label that would touch another is left out (its
    tick stays), powers of ten on a log axis last; the chart data's ticks never need that at
    the PDF's widths."""
    x0, y0, x1, _ = drawing.frame
    shown = [(tick, drawing.x(tick.value)) for tick in axis.ticks
             if x0 - 0.01 <= drawing.x(tick.value) <= x1 + 0.01]
    for _, x in shown:
        group.add(Line(x, y0, x, y0 - 3, strokeColor=INK, strokeWidth=0.6))

    def decade(value: float) -> bool:
        return axis.log and abs(math.log10(value) - round(math.log10(value))) < 1e-9

    taken: list[tuple[float, float]] = []
    labelled = set()
    for index, (tick, x) in sorted(enumerate(shown),
                                   key=lambda item: not decade(item[1][0].value)):
        half = text_width(tick.label, fmt, size) / 2
        if any(x - half < right + 2.5 and x + half > left - 2.5 for left, right in taken):
            continue
        taken.append((x - half, x + half))
        labelled.add(index)
    for index, (tick, x) in enumerate(shown):
        if index in labelled:
            draw_text(group, x, y0 - 10, tick.label, fmt, size=size, anchor="middle",
                      role="tick-x", key=tick.value)


def y_ticks(group: Group, drawing: ChartDrawing, axis: Axis, fmt: TextFormatter) -> None:
    x0, y0, x1, y1 = drawing.frame
    for tick in axis.ticks:
        y = drawing.y(tick.value)
        if not y0 - 0.01 <= y <= y1 + 0.01:
            continue
        group.add(Line(x0, y, x1, y, strokeColor=GREY_LIGHT, strokeWidth=0.4))
        group.add(Line(x0, y, x0 - 3, y, strokeColor=INK, strokeWidth=0.6))
        draw_text(group, x0 - 5, y - LABEL_SIZE * 0.35, tick.label, fmt, anchor="end",
                  role="tick-y", key=tick.value)


def tick_label_width(axis: Axis, fmt: TextFormatter) -> float:
    return max((text_width(t.label, fmt) for t in axis.ticks), default=0.0)


def axes_frame(chart, width: float, frame: tuple[float, float, float, float], fmt):
    """A drawing with the chart's plot frame: ticks and tick labels, the two axis lines and the
    axis titles (shared by the dose chart and the power curve)."""
    x0, y0, x1, y1 = frame
    drawing = ChartDrawing(width, y1 + 6, frame, chart.x_axis, chart.y_axis)
    group = Group()
    drawing.add(group)
    y_ticks(group, drawing, chart.y_axis, fmt)
    x_ticks(group, drawing, chart.x_axis, fmt)
    group.add(Line(x0, y0, x1, y0, strokeColor=INK, strokeWidth=0.7))
    group.add(Line(x0, y0, x0, y1, strokeColor=INK, strokeWidth=0.7))
    draw_text(group, (x0 + x1) / 2, y0 - 21, chart.x_axis.title, fmt, anchor="middle",
              font=FONT_BOLD, role="x-title")
    vertical_title(group, y0, y1, chart.y_axis.title, fmt)
    return drawing, group
