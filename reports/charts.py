"""The PDF's charts as vector drawings (reportlab.graphics), drawn from models.chart_data: the
same DoseChart, ForestChart and PowerChart the screen draws (ui/charts/). The points, confidence
intervals, diamonds, threshold, axis ranges, ticks and tick labels, titles, legend entries, point
labels, not-plotted lists and notes all come from there; this module only lays them out on A4.

Printed in black and grey: settings differ by marker shape (chart_data's SeriesStyle.marker),
lines by dash pattern (chart_data's line styles), and every mark has a label or a legend entry,
so nothing depends on colour. Every string is set in the embedded Vera font; powers of ten are
drawn with real superscripts.

Each drawing is a ChartDrawing, which keeps its plot frame and axes, and every item on it is a
Tagged group that names what it stands for (a role and a key), so a test can read a drawing back
before it is rendered.

    dose_drawing(cd.dose_chart(evidence, design), fmt, width)
    forest_drawings(cd.forest_chart(evidence), fmt, width, marks={trial_id: " [3]"})
    power_drawing(cd.power_chart(result, planned_total_n), fmt, width)
"""

from __future__ import annotations

import math
from typing import Callable, Iterable, Sequence

from reportlab.graphics.shapes import (
    Circle,
    Drawing,
    Group,
    Line,
    Polygon,
    PolyLine,
    Rect,
    String,
)
from reportlab.lib import colors
from reportlab.lib.attrmap import AttrMap, AttrMapValue
from reportlab.lib.validators import isAnything, isString
from reportlab.pdfbase.pdfmetrics import stringWidth

from models.chart_data import (
    Axis,
    BoundaryChart,
    DoseChart,
    ForestChart,
    ForestRow,
    LegendEntry,
    NotPlottedItem,
    PowerChart,
    PowerMark,
    setting_style,
)
from reports.styles import FONT, FONT_BOLD, GREY_DARK, GREY_FAINT, GREY_LIGHT, GREY_MID, INK
from reports.text import TextFormatter

LABEL_SIZE = 7          # axis titles, tick labels
SMALL_SIZE = 6.3        # point labels, row texts, legend
ROW_HEIGHT = 11.0       # one forest row (one unit of ForestRow.y)
MARKER_SIZE = 3.0       # a trial's marker on the dose chart (radius)
DESIGN_SIZE = 5.2       # the design's star
MIN_FOREST_PLOT = 152.0     # the narrowest the forest plot's axis gets
FOREST_SIZE = 6.0       # the forest plot's row labels and texts
MAX_COLUMN = 120.0      # the widest one number of administrations gets on the dose chart
WHITE = colors.white
# chart_data's line styles as dash patterns.
DASHES = {"solid": None, "dashed": [4, 2], "dotted": [1, 1.6], "dashdot": [4, 1.6, 1, 1.6]}
# How heavy each line is: (colour, width), by the legend key it belongs to.
LINE_LOOK = {"threshold": (GREY_DARK, 1.0), "design": (INK, 1.2), "curve": (INK, 1.4),
             "target": (GREY_DARK, 0.9), "computed": (INK, 0.9), "planned": (INK, 0.9),
             "null": (INK, 0.8), "efficacy": (INK, 1.3), "harm": (GREY_DARK, 1.0),
             "futility": (GREY_DARK, 1.1)}


# --- drawings that can be read back -------------------------------------------------------------


class Tagged(Group):
    """A group of shapes that stands for one thing on the chart: ``role`` ('marker', 'design',
    'label', 'threshold', 'ci', 'diamond', 'tick-x', 'legend', ...), ``key`` (a trial id, a
    setting, a value) and ``text`` (the text it shows, superscripts and all)."""

    _attrMap = AttrMap(BASE=Group, role=AttrMapValue(isString), key=AttrMapValue(isAnything),
                       text=AttrMapValue(isAnything))

    def __init__(self, role: str = "", key=None, text: str | None = None):
        super().__init__()
        self.role, self.key, self.text = role, key, text


class ChartDrawing(Drawing):
    """A chart: the drawing with its plot frame (x0, y0, x1, y1, in points) and the axes that
    map data onto it (the forest plot's vertical axis counts rows, as ForestRow.y does)."""

    _attrMap = AttrMap(BASE=Drawing, frame=AttrMapValue(isAnything),
                       x_axis=AttrMapValue(isAnything), y_axis=AttrMapValue(isAnything))

    def __init__(self, width: float = 400, height: float = 200, frame=None, x_axis=None,
                 y_axis=None):
        super().__init__(width, height, initialFontName=FONT)
        self.frame, self.x_axis, self.y_axis = frame, x_axis, y_axis

    def x(self, value: float) -> float:
        return _map(value, self.x_axis, self.frame[0], self.frame[2])

    def y(self, value: float) -> float:
        return _map(value, self.y_axis, self.frame[1], self.frame[3])

    def tagged(self, role: str | None = None) -> list[Tagged]:
        """Every Tagged group of the drawing (of one role), in drawing order."""
        found: list[Tagged] = []

        def walk(node) -> None:
            for child in getattr(node, "contents", ()):
                if isinstance(child, Tagged) and (role is None or child.role == role):
                    found.append(child)
                walk(child)

        walk(self)
        return found


def _map(value: float, axis: Axis, p0: float, p1: float) -> float:
    low, high = axis.low, axis.high
    if axis.log:
        value, low, high = math.log10(value), math.log10(low), math.log10(high)
    return p0 + (value - low) / (high - low) * (p1 - p0)


# --- text -------------------------------------------------------------------------------------


def text_width(text: str, fmt: TextFormatter, size: float = LABEL_SIZE,
               font: str = FONT) -> float:
    return sum(stringWidth(piece, font, size * 0.7 if sup else size)
               for piece, sup in fmt.split_superscripts(text))


def draw_text(group: Group, x: float, y: float, text: str, fmt: TextFormatter, *,
              size: float = LABEL_SIZE, anchor: str = "start", font: str = FONT,
              color=INK, role: str = "text", key=None) -> Tagged:
    """One line of text with its powers of ten as superscripts, as a Tagged group."""
    tagged = Tagged(role, key, text)
    parts = fmt.split_superscripts(text)
    total = sum(stringWidth(piece, font, size * 0.7 if sup else size) for piece, sup in parts)
    if anchor == "middle":
        x -= total / 2
    elif anchor == "end":
        x -= total
    for piece, sup in parts:
        piece_size = size * 0.7 if sup else size
        tagged.add(String(x, y + (size * 0.4 if sup else 0), piece, fontName=font,
                          fontSize=piece_size, fillColor=color))
        x += stringWidth(piece, font, piece_size)
    group.add(tagged)
    return tagged


def draw_lines(group: Group, x: float, y_middle: float, text: str, fmt: TextFormatter, *,
               size: float = SMALL_SIZE, font: str = FONT, anchor: str = "start",
               role: str = "label", key=None, backing: bool = False) -> Tagged:
    """Text of one or more lines ('\\n'), centred on ``y_middle``; with a white backing so that
    a line behind it does not strike it through."""
    lines = text.split("\n")
    leading = size * 1.2
    tagged = Tagged(role, key, text)
    top = y_middle + (len(lines) - 1) * leading / 2
    if backing:
        width = max(text_width(line, fmt, size, font) for line in lines)
        left = x - (width if anchor == "end" else width / 2 if anchor == "middle" else 0)
        tagged.add(Rect(left - 1, top - (len(lines) - 1) * leading - size * 0.45, width + 2,
                        (len(lines) - 1) * leading + size * 1.2, fillColor=WHITE,
                        strokeColor=None))
    for index, line in enumerate(lines):
        draw_text(tagged, x, top - index * leading - size * 0.35, line, fmt, size=size,
                  font=font, anchor=anchor, role="line")
    group.add(tagged)
    return tagged


def fit(text: str, width: float, fmt: TextFormatter, size: float = LABEL_SIZE,
        font: str = FONT) -> str:
    """The text, shortened with a visible '…' until it fits the width."""
    if text_width(text, fmt, size, font) <= width:
        return text
    low, high = 0, len(text)
    while low < high:
        middle = (low + high + 1) // 2
        if text_width(text[:middle] + "…", fmt, size, font) <= width:
            low = middle
        else:
            high = middle - 1
    return text[:low].rstrip() + "…"


def wrap(text: str, width: float, fmt: TextFormatter, size: float = LABEL_SIZE,
         font: str = FONT) -> list[str]:
    """The text broken into lines no wider than ``width`` (at spaces; a single word too wide
    for a line is shortened visibly)."""
    lines: list[str] = []
    for word in text.split():
        trial = f"{lines[-1]} {word}" if lines else word
        if lines and text_width(trial, fmt, size, font) <= width:
            lines[-1] = trial
        else:
            lines.append(fit(word, width, fmt, size, font))
    return lines or [""]


TITLE_LEADING = 9.0


def _vertical_title_lines(text: str, length: float, fmt: TextFormatter) -> list[str]:
    return wrap(text, length, fmt, LABEL_SIZE, FONT_BOLD)


def _vertical_title(group: Group, y0: float, y1: float, text: str, fmt: TextFormatter,
                    role: str = "y-title") -> None:
    """An axis title turned 90°, reading upwards beside the plot (from y0 to y1), on as many
    lines as it needs; the first line's baseline is at x = 8."""
    lines = _vertical_title_lines(text, y1 - y0, fmt)
    rotated = Tagged(role, None, text)
    for index, line in enumerate(lines):
        draw_text(rotated, 0, -index * TITLE_LEADING, line, fmt, anchor="middle",
                  font=FONT_BOLD, role="line")
    rotated.transform = (0, 1, -1, 0, 8, (y0 + y1) / 2)
    group.add(rotated)


def _left_margin(axis: Axis, plot_height: float, fmt: TextFormatter) -> float:
    """Room left of the plot for the vertical title and the tick labels."""
    lines = len(_vertical_title_lines(axis.title, plot_height, fmt))
    return 12 + (lines - 1) * TITLE_LEADING + _tick_label_width(axis, fmt) + 6


# --- markers, lines and the legend ------------------------------------------------------------


def marker(group: Group, shape: str, x: float, y: float, size: float = 3.0) -> None:
    """A black-and-white marker for chart_data's shape names: filled circle, open square, grey
    triangle, open diamond, grey star (the design), open hexagon."""
    line = dict(strokeColor=INK, strokeWidth=0.8)
    if shape == "circle":
        group.add(Circle(x, y, size, fillColor=INK, **line))
    elif shape == "square":
        s = size * 0.9
        group.add(Rect(x - s, y - s, 2 * s, 2 * s, fillColor=WHITE, **line))
    elif shape == "triangle":
        # Centred on its centroid (as every shape here is on the mean of its corners).
        s, h = size * 1.15, size * 2.2
        group.add(Polygon([x - s, y - h / 3, x + s, y - h / 3, x, y + 2 * h / 3],
                          fillColor=GREY_MID, **line))
    elif shape == "diamond":
        s = size * 1.3
        group.add(Polygon([x, y - s, x + s, y, x, y + s, x - s, y], fillColor=WHITE, **line))
    elif shape == "star":
        points = []
        for index in range(10):
            radius = size * (1.0 if index % 2 == 0 else 0.42)
            angle = math.pi / 2 + index * math.pi / 5
            points += [x + radius * math.cos(angle), y + radius * math.sin(angle)]
        group.add(Polygon(points, fillColor=GREY_LIGHT, strokeColor=INK, strokeWidth=0.9,
                          strokeLineJoin=1))
    elif shape == "hexagon":
        points = []
        for index in range(6):
            angle = index * math.pi / 3
            points += [x + size * math.cos(angle), y + size * math.sin(angle)]
        group.add(Polygon(points, fillColor=GREY_FAINT, **line))
    else:
        raise ValueError(shape)


def styled_line(key: str, style: str | None, x0: float, y0: float, x1: float,
                y1: float) -> Line:
    colour, width = LINE_LOOK.get(key, (INK, 0.9))
    return Line(x0, y0, x1, y1, strokeColor=colour, strokeWidth=width,
                strokeDashArray=DASHES[style or "solid"])


def pooled_diamond_sample(group: Group, x: float, y: float) -> None:
    group.add(Polygon([x - 7, y, x, y + 3.3, x + 7, y, x, y - 3.3], fillColor=GREY_MID,
                      strokeColor=INK, strokeWidth=0.8))


def _sample(group: Group, entry: LegendEntry, x: float, y: float) -> None:
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
        _sample(tagged, entry, x + dx + LEGEND_SAMPLE / 2 - 2, y)
        draw_text(tagged, x + dx + LEGEND_SAMPLE, y - SMALL_SIZE * 0.35, entry.label, fmt,
                  size=SMALL_SIZE, role="line")
        group.add(tagged)


# --- axes -------------------------------------------------------------------------------------


def _x_ticks(group: Group, drawing: ChartDrawing, axis: Axis, fmt: TextFormatter,
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


def _y_ticks(group: Group, drawing: ChartDrawing, axis: Axis, fmt: TextFormatter) -> None:
    x0, y0, x1, y1 = drawing.frame
    for tick in axis.ticks:
        y = drawing.y(tick.value)
        if not y0 - 0.01 <= y <= y1 + 0.01:
            continue
        group.add(Line(x0, y, x1, y, strokeColor=GREY_LIGHT, strokeWidth=0.4))
        group.add(Line(x0, y, x0 - 3, y, strokeColor=INK, strokeWidth=0.6))
        draw_text(group, x0 - 5, y - LABEL_SIZE * 0.35, tick.label, fmt, anchor="end",
                  role="tick-y", key=tick.value)


def _tick_label_width(axis: Axis, fmt: TextFormatter) -> float:
    return max((text_width(t.label, fmt) for t in axis.ticks), default=0.0)


# --- dose landscape ---------------------------------------------------------------------------


def _axes_frame(chart, width: float, frame: tuple[float, float, float, float], fmt):
    """A drawing with the chart's plot frame: ticks and tick labels, the two axis lines and the
    axis titles (shared by the dose chart and the power curve)."""
    x0, y0, x1, y1 = frame
    drawing = ChartDrawing(width, y1 + 6, frame, chart.x_axis, chart.y_axis)
    group = Group()
    drawing.add(group)
    _y_ticks(group, drawing, chart.y_axis, fmt)
    _x_ticks(group, drawing, chart.x_axis, fmt)
    group.add(Line(x0, y0, x1, y0, strokeColor=INK, strokeWidth=0.7))
    group.add(Line(x0, y0, x0, y1, strokeColor=INK, strokeWidth=0.7))
    draw_text(group, (x0 + x1) / 2, y0 - 21, chart.x_axis.title, fmt, anchor="middle",
              font=FONT_BOLD, role="x-title")
    _vertical_title(group, y0, y1, chart.y_axis.title, fmt)
    return drawing, group


def dose_drawing(chart: DoseChart, fmt: TextFormatter, width: float,
                 plot_height: float = 215.0) -> ChartDrawing:
    """The dose landscape as models.chart_data.DoseChart lays it out: a column per number of
    administrations, the dose per administration on a log axis, each trial a marker of its
    setting's shape with its name beside it, the design's arms as stars (or lines across while
    their number of administrations is open) and the threshold as a dashed line. The legend is
    the chart's; the not-plotted list and the notes go under the drawing (``caption``)."""
    styles = {entry.key: entry for entry in chart.legend}
    x0 = _left_margin(chart.y_axis, plot_height, fmt)
    # A column gets at most MAX_COLUMN points: with few columns, a trial on a spot with the
    # design stays close to the design's star (the room on the right is the labels').
    x1 = min(width - 4, x0 + (chart.x_axis.high - chart.x_axis.low) * MAX_COLUMN)
    legend_h = legend_height(chart.legend, fmt, width - 8) + LEGEND_BELOW
    y0 = legend_h + 8 + 12 + 12
    y1 = y0 + plot_height
    drawing, group = _axes_frame(chart, width, (x0, y0, x1, y1), fmt)

    if chart.threshold is not None:
        y = drawing.y(chart.threshold.value)
        threshold = Tagged("threshold", chart.threshold.value, chart.threshold.label)
        threshold.add(styled_line("threshold", styles["threshold"].line, x0, y, x1, y))
        group.add(threshold)
    design_line = styles["design"].line if "design" in styles else None
    for arm in chart.design_arms:
        if not arm.is_line:
            continue
        y = drawing.y(arm.dose_per_kg)
        line = Tagged("design-line", arm.label, arm.line_label)
        line.add(styled_line("design", design_line or "dashdot", x0, y, x1, y))
        group.add(line)
        draw_lines(group, x1 - 2, y + SMALL_SIZE * 0.9, arm.line_label, fmt, font=FONT_BOLD,
                   anchor="end", key=arm.label, backing=True)

    # Labels first, markers over them: a label never hides a point.
    for label in chart.labels:
        x = drawing.x(label.x) + (DESIGN_SIZE if label.for_design else MARKER_SIZE) + 3
        font = FONT_BOLD if label.for_design else FONT
        text = "\n".join(fit(line, width - x, fmt, SMALL_SIZE, font)
                         for line in label.text.split("\n"))
        tagged = draw_lines(group, x, drawing.y(label.label_dose), text, fmt, font=font,
                            key=label.text, backing=True)
        tagged.text = label.text
    for series in chart.series:
        for point in series.markers:
            tagged = Tagged("marker", point.trial_id, point.name)
            marker(tagged, series.style.marker, drawing.x(point.x),
                   drawing.y(point.dose_per_kg), MARKER_SIZE)
            group.add(tagged)
    for arm in chart.design_arms:
        if arm.is_line:
            continue
        tagged = Tagged("design", arm.label, arm.label)
        marker(tagged, styles["design"].marker or "star", drawing.x(arm.x),
               drawing.y(arm.dose_per_kg), DESIGN_SIZE)
        group.add(tagged)

    draw_legend(group, 4, legend_h - LEGEND_BELOW, chart.legend, fmt, width - 8)
    return drawing


# --- forest plot ------------------------------------------------------------------------------


def _indent(row: ForestRow) -> float:
    return 2.0 if row.kind == "heading" else 6.0


def _row_font(row: ForestRow) -> str:
    return FONT if row.kind == "trial" else FONT_BOLD


def _row_label(row: ForestRow, marks: dict[str, str]) -> str:
    return row.label + (marks.get(row.trial_id or "", "") if row.kind == "trial" else "")


def forest_drawings(chart: ForestChart, fmt: TextFormatter, width: float,
                    marks: dict[str, str] | None = None,
                    max_rows: int = 40) -> list[ChartDrawing]:
    """The forest plot as models.chart_data.ForestChart lays it out, one drawing per
    ``max_rows`` rows: each trial's risk ratio (a marker of its setting's shape) with its 95% CI,
    the pooled diamond of each setting, the line of no effect; the chart's labels on the left
    (with ``marks``: trial id -> text appended, the reference numbers) and its texts on the
    right. Empty when no trial is plotted."""
    marks = marks or {}
    if not chart.rows:
        return []
    chunks: list[list[ForestRow]] = [[]]
    for row in chart.rows:
        # A setting's heading never ends a part.
        if len(chunks[-1]) >= max_rows or (row.kind == "heading" and chunks[-1]
                                           and len(chunks[-1]) >= max_rows - 2):
            chunks.append([])
        chunks[-1].append(row)
    return [_forest_drawing(chart, rows, fmt, width, marks, part, len(chunks))
            for part, rows in enumerate(chunks, start=1)]


def _forest_drawing(chart: ForestChart, rows: list[ForestRow], fmt: TextFormatter,
                    width: float, marks: dict[str, str], part: int,
                    parts: int) -> ChartDrawing:
    size = FOREST_SIZE
    # The texts take what they need up to 30% of the width, the labels what they need as long
    # as the plot keeps MIN_FOREST_PLOT (a longer label is shortened before its reference
    # numbers), the plot the rest.
    text_w = min(max(text_width(r.text, fmt, size, _row_font(r)) for r in chart.rows),
                 0.3 * width)
    label_w = min(max(_indent(r) + text_width(_row_label(r, marks), fmt, size, _row_font(r))
                      for r in chart.rows) + 4, width - text_w - 16 - MIN_FOREST_PLOT)
    x0, x1 = label_w + 6, width - text_w - 10
    text_x = x1 + 8
    row_head = wrap(chart.row_title, label_w - 4, fmt, size, FONT_BOLD)
    text_head = wrap(chart.text_title, text_w + 2, fmt, size, FONT_BOLD)
    head_lines = max(len(row_head), len(text_head))
    title = chart.x_axis.title + (f" — part {part} of {parts}" if parts > 1 else "")
    title_lines = wrap(title, width - 8, fmt, LABEL_SIZE, FONT_BOLD)
    legend_h = legend_height(chart.legend, fmt, width - 8) + LEGEND_BELOW
    top_y = max(r.y for r in rows) + 0.7
    bottom_y = min(r.y for r in rows) - 0.7
    plot_height = (top_y - bottom_y) * ROW_HEIGHT
    y0 = legend_h + 6 + len(title_lines) * 9 + 9 + 12
    y1 = y0 + plot_height
    height = y1 + head_lines * (size * 1.2) + 4
    rows_axis = Axis("", bottom_y, top_y)
    drawing = ChartDrawing(width, height, (x0, y0, x1, y1), chart.x_axis, rows_axis)
    group = Group()
    drawing.add(group)

    # Column headings.
    for index, line in enumerate(row_head):
        draw_text(group, 2, y1 + 3 + (len(row_head) - 1 - index) * size * 1.2, line, fmt,
                  size=size, font=FONT_BOLD, role="row-title")
    for index, line in enumerate(text_head):
        draw_text(group, text_x, y1 + 3 + (len(text_head) - 1 - index) * size * 1.2, line,
                  fmt, size=size, font=FONT_BOLD, role="text-title")

    # Headings' bands under everything else; the grid; the axis.
    for row in rows:
        if row.kind == "heading":
            y = drawing.y(row.y)
            group.add(Rect(0, y - ROW_HEIGHT / 2, width, ROW_HEIGHT, fillColor=GREY_FAINT,
                           strokeColor=None))
    for tick in chart.x_axis.ticks:
        x = drawing.x(tick.value)
        if tick.value != chart.null_value:
            group.add(Line(x, y0, x, y1, strokeColor=GREY_LIGHT, strokeWidth=0.4))
    _x_ticks(group, drawing, chart.x_axis, fmt, SMALL_SIZE)
    group.add(Line(x0, y0, x1, y0, strokeColor=INK, strokeWidth=0.7))
    null = Tagged("null", chart.null_value)
    null.add(styled_line("null", "dashed", drawing.x(chart.null_value), y0,
                         drawing.x(chart.null_value), y1))
    group.add(null)
    favour_left, favour_right = chart.favours
    null_x = drawing.x(chart.null_value)
    draw_text(group, null_x - 4, y0 - 19, favour_left, fmt, size=size, anchor="end",
              role="favours")
    draw_text(group, null_x + 4, y0 - 19, favour_right, fmt, size=size, role="favours")
    for index, line in enumerate(title_lines):
        draw_text(group, width / 2, y0 - 30 - index * 9, line, fmt, anchor="middle",
                  font=FONT_BOLD, role="x-title")

    for row in rows:
        y = drawing.y(row.y)
        text_y = y - size * 0.35
        bold = _row_font(row)
        indent = _indent(row)
        label = _row_label(row, marks)
        mark = label[len(row.label):]
        room = label_w - indent - 4 - text_width(mark, fmt, size, bold)
        tagged = draw_text(group, indent, text_y, fit(row.label, room, fmt, size, bold) + mark,
                           fmt, size=size, font=bold, role="row-label",
                           key=row.trial_id or row.setting)
        tagged.text = label
        if row.text:
            tagged = draw_text(group, text_x, text_y,
                               fit(row.text, width - text_x, fmt, size, bold), fmt, size=size,
                               font=bold, role="row-text", key=row.trial_id or row.setting)
            tagged.text = row.text
        if row.kind == "trial" and row.rr is not None:
            _ci(group, drawing, row, y)
    for diamond in chart.diamonds:
        if not bottom_y <= diamond.y <= top_y:
            continue
        tagged = Tagged("diamond", diamond.setting)
        points = []
        for value, row_y in diamond.polygon()[:-1]:
            points += [drawing.x(value), drawing.y(row_y)]
        tagged.add(Polygon(points, fillColor=GREY_MID, strokeColor=INK, strokeWidth=0.8))
        group.add(tagged)

    draw_legend(group, 4, legend_h - LEGEND_BELOW, chart.legend, fmt, width - 8)
    return drawing


def _ci(group: Group, drawing: ChartDrawing, row: ForestRow, y: float) -> None:
    """A trial's CI (an arrowhead where it runs off the axis) and its marker."""
    axis = drawing.x_axis
    tagged = Tagged("ci", row.trial_id, row.text)
    left = drawing.x(max(row.ci_low, axis.low))
    right = drawing.x(min(row.ci_high, axis.high))
    tagged.add(Line(left, y, right, y, strokeColor=INK, strokeWidth=0.9))
    for end, outward in ((left, -1), (right, 1)):
        clipped = row.ci_low < axis.low if outward < 0 else row.ci_high > axis.high
        if clipped:
            tagged.add(Polygon([end, y, end - 4 * outward, y + 2, end - 4 * outward, y - 2],
                               fillColor=INK, strokeColor=INK, strokeWidth=0.3))
        else:
            tagged.add(Line(end, y - 1.8, end, y + 1.8, strokeColor=INK, strokeWidth=0.9))
    group.add(tagged)
    point = Tagged("marker", row.trial_id, row.label)
    rr = min(max(row.rr, axis.low), axis.high)
    marker(point, setting_style(row.setting).marker, drawing.x(rr), y, 2.6)
    group.add(point)


# --- power curve ------------------------------------------------------------------------------


def power_drawing(chart: PowerChart, fmt: TextFormatter, width: float,
                  plot_height: float = 150.0) -> ChartDrawing:
    """Power against the patients analysed as models.chart_data.PowerChart has it: the curve,
    the target power as a line, the computed and the planned n each a drop line with a marker
    on the curve; the legend (with each n's enrolled and analysed totals and its power) is the
    chart's."""
    styles = {entry.key: entry for entry in chart.legend}
    x0 = _left_margin(chart.y_axis, plot_height, fmt)
    x1 = width - 10
    legend_h = legend_height(chart.legend, fmt, width - x0) + LEGEND_BELOW
    y0 = legend_h + 8 + 12 + 12
    y1 = y0 + plot_height
    drawing, group = _axes_frame(chart, width, (x0, y0, x1, y1), fmt)

    target = Tagged("target", chart.target_power, chart.target_label)
    y = drawing.y(chart.target_power)
    target.add(styled_line("target", styles["target"].line, x0, y, x1, y))
    group.add(target)
    curve = Tagged("curve", None, styles["curve"].label)
    points: list[float] = []
    for n, power in chart.points:
        points += [drawing.x(n), drawing.y(power)]
    colour, line_width = LINE_LOOK["curve"]
    curve.add(PolyLine(points, strokeColor=colour, strokeWidth=line_width,
                       strokeDashArray=DASHES[styles["curve"].line]))
    group.add(curve)
    for mark in (chart.computed, chart.planned):
        if mark is not None:
            _power_mark(group, drawing, mark, styles[mark.name])

    draw_legend(group, x0, legend_h - LEGEND_BELOW, chart.legend, fmt, width - x0)
    return drawing


def boundary_drawing(chart: BoundaryChart, fmt: TextFormatter, width: float,
                     plot_height: float = 140.0) -> ChartDrawing:
    """The group-sequential boundaries as models.chart_data.BoundaryChart has them: each bound
    a line through its looks with a marker at each look, the legend below."""
    styles = {entry.key: entry for entry in chart.legend}
    x0 = _left_margin(chart.y_axis, plot_height, fmt)
    x1 = width - 10
    legend_h = legend_height(chart.legend, fmt, width - x0) + LEGEND_BELOW
    y0 = legend_h + 8 + 12 + 12
    drawing, group = _axes_frame(chart, width, (x0, y0, x1, y0 + plot_height), fmt)
    zero = drawing.y(0.0)
    group.add(Line(x0, zero, x1, zero, strokeColor=GREY_LIGHT, strokeWidth=0.6))
    for key, points in (("efficacy", chart.efficacy), ("harm", chart.harm),
                        ("futility", chart.futility)):
        if not points:
            continue
        tagged = Tagged(key, tuple(points), styles[key].label)
        xy: list[float] = []
        for t, z in points:
            xy += [drawing.x(t), drawing.y(z)]
        colour, line_width = LINE_LOOK[key]
        if len(points) > 1:
            tagged.add(PolyLine(xy, strokeColor=colour, strokeWidth=line_width,
                                strokeDashArray=DASHES[styles[key].line]))
        for t, z in points:
            marker(tagged, styles[key].marker, drawing.x(t), drawing.y(z), 2.4)
        group.add(tagged)
    draw_legend(group, x0, legend_h - LEGEND_BELOW, chart.legend, fmt, width - x0)
    return drawing


def _power_mark(group: Group, drawing: ChartDrawing, mark: PowerMark,
                style: LegendEntry) -> None:
    """A drop line from the curve to the axis at the n analysed, and a marker on the curve
    (the line alone, up to the top, when the power cannot be computed there)."""
    tagged = Tagged("mark", mark.name, mark.label)
    x = drawing.x(mark.n_analysed)
    top = drawing.y(mark.power if mark.power is not None else drawing.y_axis.high)
    tagged.add(styled_line(mark.name, style.line, x, drawing.frame[1], x, top))
    if mark.power is not None and style.marker:
        marker(tagged, style.marker, x, top, 2.8)
    group.add(tagged)


# --- what goes under a chart ------------------------------------------------------------------


def not_plotted_markup(items: Iterable[NotPlottedItem], fmt: TextFormatter,
                       refs: Callable[[str], str] | None = None) -> list[str]:
    """Paragraph markup for each item a chart lists instead of drawing: the name in bold (with
    its reference numbers from ``refs``: trial id -> ' [n]'), then why."""
    out = []
    for item in items:
        ref = refs(item.trial_id) if refs is not None and item.trial_id else ""
        out.append(f"<b>{fmt.markup(item.label)}</b>{fmt.markup(ref)}: "
                   f"{fmt.markup(item.reason)}")
    return out
