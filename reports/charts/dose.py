"""The dose landscape on the PDF (models.chart_data.DoseChart), as the evidence view's
ui/charts/dose_landscape.py draws it.
"""

from __future__ import annotations

from models.chart_data import DoseChart
from reports.charts.axes import axes_frame, left_margin
from reports.charts.drawing import (
    DESIGN_SIZE,
    MARKER_SIZE,
    MAX_COLUMN,
    SMALL_SIZE,
    ChartDrawing,
    Tagged,
)
from reports.charts.legend import LEGEND_BELOW, draw_legend, legend_height
from reports.charts.marks import marker, styled_line
from reports.charts.text import draw_lines, fit
from reports.styles import FONT, FONT_BOLD
from reports.text import TextFormatter


def dose_drawing(chart: DoseChart, fmt: TextFormatter, width: float,
                 plot_height: float = 215.0) -> ChartDrawing:
    """The dose landscape as models.chart_data.DoseChart lays it out: a column per number of
    administrations, the dose per administration on a log axis, each trial a marker of its
    setting's shape with its name beside it, the design's arms as stars (or lines across while
    their number of administrations is open) and the threshold as a dashed line. The legend is
    the chart's; the not-plotted list and the notes go under the drawing (``caption``)."""
    styles = {entry.key: entry for entry in chart.legend}
    x0 = left_margin(chart.y_axis, plot_height, fmt)
    # A column gets at most MAX_COLUMN points: with few columns, a trial on a spot with the
    # design stays close to the design's star (the room on the right is the labels').
    x1 = min(width - 4, x0 + (chart.x_axis.high - chart.x_axis.low) * MAX_COLUMN)
    legend_h = legend_height(chart.legend, fmt, width - 8) + LEGEND_BELOW
    y0 = legend_h + 8 + 12 + 12
    y1 = y0 + plot_height
    drawing, group = axes_frame(chart, width, (x0, y0, x1, y1), fmt)

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
