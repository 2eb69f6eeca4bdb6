"""The power curve and the group-sequential boundaries on the PDF (models.chart_data.PowerChart,
BoundaryChart), as the sample-size step's ui/charts/power_curve.py and boundaries.py draw them.
"""

from __future__ import annotations

from reports.shapes import Group, Line, PolyLine

from models.chart_data import BoundaryChart, LegendEntry, PowerChart, PowerMark
from reports.charts.axes import axes_frame, left_margin
from reports.charts.drawing import DASHES, LINE_LOOK, ChartDrawing, Tagged
from reports.charts.legend import LEGEND_BELOW, draw_legend, legend_height
from reports.charts.marks import marker, styled_line
from reports.styles import GREY_LIGHT
from reports.text import TextFormatter


def power_drawing(chart: PowerChart, fmt: TextFormatter, width: float,
                  plot_height: float = 150.0) -> ChartDrawing:
    """Power against the patients analysed as models.chart_data.PowerChart has it: the curve,
    the target power as a line, the computed and the planned n each a drop line with a marker
    on the curve; the legend (with each n's enrolled and analysed totals and its power) is the
    chart's."""
    styles = {entry.key: entry for entry in chart.legend}
    x0 = left_margin(chart.y_axis, plot_height, fmt)
    x1 = width - 10
    legend_h = legend_height(chart.legend, fmt, width - x0) + LEGEND_BELOW
    y0 = legend_h + 8 + 12 + 12
    y1 = y0 + plot_height
    drawing, group = axes_frame(chart, width, (x0, y0, x1, y1), fmt)

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
    x0 = left_margin(chart.y_axis, plot_height, fmt)
    x1 = width - 10
    legend_h = legend_height(chart.legend, fmt, width - x0) + LEGEND_BELOW
    y0 = legend_h + 8 + 12 + 12
    drawing, group = axes_frame(chart, width, (x0, y0, x1, y0 + plot_height), fmt)
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
