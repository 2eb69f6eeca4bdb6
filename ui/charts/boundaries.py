"""The group-sequential boundaries of the sample-size step: z against the information fraction,
the efficacy boundary (and its mirror when two-sided) and the non-binding futility bound, each a
line through its looks. Draws models.chart_data.BoundaryChart, as the PDF does.
"""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from models.chart_data import BoundaryChart
from ui.charts.common import INK, ChartPanel, apply_axis, brush, pen

EFFICACY_COLOUR = "#0072B2"
FUTILITY_COLOUR = "#D55E00"


class BoundaryChartView(ChartPanel):
    def __init__(self, parent: QWidget | None = None):
        super().__init__("Group-sequential boundaries", legend_columns=1, parent=parent)
        self.side_scroll.setVisible(False)
        self.setMinimumSize(420, 260)
        self.lines = {
            "efficacy": pg.PlotDataItem(pen=pen(EFFICACY_COLOUR, 2.0), symbol="o",
                                        symbolSize=9, symbolPen=pen(INK),
                                        symbolBrush=brush(EFFICACY_COLOUR)),
            "harm": pg.PlotDataItem(pen=pen(EFFICACY_COLOUR, 1.5, Qt.PenStyle.DashLine),
                                    symbol="o", symbolSize=8, symbolPen=pen(INK),
                                    symbolBrush=brush("#FFFFFF")),
            "futility": pg.PlotDataItem(pen=pen(FUTILITY_COLOUR, 1.8, Qt.PenStyle.DotLine),
                                        symbol="s", symbolSize=9, symbolPen=pen(INK),
                                        symbolBrush=brush(FUTILITY_COLOUR)),
        }
        for item in self.lines.values():
            self.plot.addItem(item)
        self.chart: BoundaryChart | None = None

    def set_chart(self, chart: BoundaryChart) -> None:
        self.chart = chart
        apply_axis(self.plot, "bottom", chart.x_axis)
        apply_axis(self.plot, "left", chart.y_axis)
        for key, points in (("efficacy", chart.efficacy), ("harm", chart.harm),
                            ("futility", chart.futility)):
            points = points or ()
            self.lines[key].setData([t for t, _ in points], [z for _, z in points])
        self.set_legend([(self.lines[entry.key], entry.label) for entry in chart.legend])
        self.set_notes(chart.notes)
