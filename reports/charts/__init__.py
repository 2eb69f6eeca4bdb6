"""The PDF's charts as vector drawings (reportlab.graphics), drawn from models.chart_data: the
same DoseChart, ForestChart and PowerChart the screen draws (ui/charts/). The points, confidence
intervals, diamonds, threshold, axis ranges, ticks and tick labels, titles, legend entries, point
labels, not-plotted lists and notes all come from there; this package only lays them out on A4.

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

One module per chart, as ui/charts/ has it: ``dose`` (the dose landscape), ``forest`` (the
forest plot), ``power`` (the power curve and the group-sequential boundaries); and the drawing
kit they share: ``drawing`` (sizes, line looks, Tagged, ChartDrawing), ``text``, ``marks``,
``legend`` and ``axes``. The sections call the charts through this package
(``charts.dose_drawing``), so a test can watch what they are given.
"""

from reports.charts.dose import dose_drawing
from reports.charts.drawing import (
    DASHES,
    LABEL_SIZE,
    LINE_LOOK,
    SMALL_SIZE,
    ChartDrawing,
    Tagged,
)
from reports.charts.forest import forest_drawings
from reports.charts.power import boundary_drawing, power_drawing
from reports.charts.text import not_plotted_markup

__all__ = ["DASHES", "LABEL_SIZE", "LINE_LOOK", "SMALL_SIZE", "ChartDrawing", "Tagged",
           "boundary_drawing", "dose_drawing", "forest_drawings", "not_plotted_markup",
           "power_drawing"]
