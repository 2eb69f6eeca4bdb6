"""The forest plot of mortality risk ratios on the PDF (models.chart_data.ForestChart), as the
evidence view's ui/charts/forest_plot.py draws it, split into drawings of at most ``max_rows``
rows.
"""

from __future__ import annotations

from reports.shapes import Group, Line, Polygon, Rect

from models.chart_data import Axis, ForestChart, ForestRow, setting_style
from reports.charts.axes import x_ticks
from reports.charts.drawing import (
    FOREST_SIZE,
    LABEL_SIZE,
    MIN_FOREST_PLOT,
    ROW_HEIGHT,
    SMALL_SIZE,
    ChartDrawing,
    Tagged,
)
from reports.charts.legend import LEGEND_BELOW, draw_legend, legend_height
from reports.charts.marks import marker, styled_line
from reports.charts.text import draw_text, fit, text_width, wrap
from reports.styles import FONT, FONT_BOLD, GREY_FAINT, GREY_LIGHT, GREY_MID, INK
from reports.text import TextFormatter


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
    x_ticks(group, drawing, chart.x_axis, fmt, SMALL_SIZE)
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
