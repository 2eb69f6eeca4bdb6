"""The power curve of the sample-size step: power against the total number of patients
analysed, the target power as a line, and the computed and the planned n marked (each with its
enrolled and analysed totals and its power in the legend).

Draws models.chart_data.PowerChart; items are made once and updated in place, so a redraw after
an edit costs a few setData calls.
"""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from models.chart_data import PowerChart
from ui.charts.common import INK, ChartPanel, apply_axis, brush, pen

CURVE_COLOUR = "#0072B2"
COMPUTED_COLOUR = "#D55E00"
PLANNED_COLOUR = "#009E73"


class PowerCurveChart(ChartPanel):
    def __init__(self, parent: QWidget | None = None):
        super().__init__("Power curve", legend_columns=1, parent=parent)
        self.side_scroll.setVisible(False)
        self.setMinimumSize(420, 300)
        plot = self.plot
        self.curve = pg.PlotDataItem(pen=pen(CURVE_COLOUR, 2.0))
        plot.addItem(self.curve)
        self.target_line = pg.PlotDataItem(pen=pen(INK, 1.2, Qt.PenStyle.DashDotLine))
        plot.addItem(self.target_line)
        # Each mark: a drop line from the curve to the axis and a marker on the curve, with
        # its own line style and marker shape so that they differ in grey as well.
        self.computed_line = pg.PlotDataItem(pen=pen(COMPUTED_COLOUR, 1.5, Qt.PenStyle.DashLine))
        self.computed_point = pg.ScatterPlotItem(symbol="o", size=11, pen=pen(INK),
                                                 brush=brush(COMPUTED_COLOUR))
        self.planned_line = pg.PlotDataItem(pen=pen(PLANNED_COLOUR, 1.5, Qt.PenStyle.DotLine))
        self.planned_point = pg.ScatterPlotItem(symbol="s", size=11, pen=pen(INK),
                                                brush=brush(PLANNED_COLOUR))
        for item in (self.computed_line, self.planned_line, self.computed_point,
                     self.planned_point):
            plot.addItem(item)
        # Legend samples that show both the line style and the marker of a mark.
        self.computed_sample = pg.PlotDataItem(
            pen=pen(COMPUTED_COLOUR, 1.5, Qt.PenStyle.DashLine), symbol="o", symbolSize=9,
            symbolPen=pen(INK), symbolBrush=brush(COMPUTED_COLOUR))
        self.planned_sample = pg.PlotDataItem(
            pen=pen(PLANNED_COLOUR, 1.5, Qt.PenStyle.DotLine), symbol="s", symbolSize=9,
            symbolPen=pen(INK), symbolBrush=brush(PLANNED_COLOUR))
        for sample in (self.computed_sample, self.planned_sample):
            # pyqtgraph's legend reads a sample's marker from its scatter, which takes the
            # symbol options only once it holds data; the samples are never drawn on the plot.
            sample.setData([0.0], [0.0])
        self.chart: PowerChart | None = None

    def set_chart(self, chart: PowerChart) -> None:
        self.chart = chart
        plot = self.plot
        apply_axis(plot, "bottom", chart.x_axis)
        apply_axis(plot, "left", chart.y_axis)
        self.curve.setData([n for n, _ in chart.points], [p for _, p in chart.points])
        self.target_line.setData([chart.x_axis.low, chart.x_axis.high],
                                 [chart.target_power, chart.target_power])
        self._mark(chart.computed, self.computed_line, self.computed_point)
        self._mark(chart.planned, self.planned_line, self.planned_point)
        # The entries and their texts are the chart data's (the PDF's legend reads the same).
        samples = {"curve": self.curve, "target": self.target_line,
                   "computed": self.computed_sample, "planned": self.planned_sample}
        self.set_legend([(samples[entry.key], entry.label) for entry in chart.legend])
        self.set_notes(chart.notes)

    @staticmethod
    def _mark(mark, line: pg.PlotDataItem, point: pg.ScatterPlotItem) -> None:
        if mark is None:
            line.setData([], [])
            point.setData([], [])
            return
        top = mark.power if mark.power is not None else 1.0
        line.setData([mark.n_analysed, mark.n_analysed], [0.0, top])
        point.setData([mark.n_analysed] if mark.power is not None else [],
                      [mark.power] if mark.power is not None else [])
