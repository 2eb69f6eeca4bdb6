"""The dose landscape: each prior trial's cell dose per administration (cells/kg, log axis)
against its number of administrations, coloured and shaped by setting, with the design's arms
as stars (or lines while their number of administrations is open) and the 2 × 10⁶/kg threshold.
Trials whose dose is not in cells (EV particles, ml) or not known are listed beside the chart.

Draws models.chart_data.DoseChart; items are made once and updated in place on every edit.
"""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from models.chart_data import DESIGN_STYLE, SETTING_STYLES, DoseChart, setting_style
from ui.charts.common import (
    INK,
    ChartPanel,
    TextPool,
    apply_axis,
    brush,
    pen,
    series_size,
    series_symbol,
    to_plot,
)

THRESHOLD_COLOUR = "#7A0019"
MARKER_SIZE = 10
DESIGN_MARKER_SIZE = 17


class DoseLandscapeChart(ChartPanel):
    def __init__(self, parent: QWidget | None = None):
        super().__init__("Dose landscape chart", legend_columns=3, parent=parent)
        self.setMinimumSize(520, 340)
        plot = self.plot
        # One scatter per setting: its legend sample shows the setting's shape and colour.
        self.series_items: dict[str, pg.ScatterPlotItem] = {}
        for setting, style in SETTING_STYLES.items():
            item = pg.ScatterPlotItem(symbol=series_symbol(style),
                                      size=series_size(style, MARKER_SIZE),
                                      pen=pen(INK, 1.0), brush=brush(style.colour),
                                      name=style.label)
            plot.addItem(item)
            self.series_items[setting] = item
        self.threshold_item = pg.PlotDataItem(
            pen=pen(THRESHOLD_COLOUR, 1.6, Qt.PenStyle.DashLine))
        plot.addItem(self.threshold_item)
        self.design_lines: list[pg.PlotDataItem] = []
        self.design_item = pg.ScatterPlotItem(
            symbol=series_symbol(DESIGN_STYLE), size=DESIGN_MARKER_SIZE, pen=pen(INK, 1.0),
            brush=brush("#FFD700"), name=DESIGN_STYLE.label)
        plot.addItem(self.design_item)
        self.labels = TextPool(plot)
        self.chart: DoseChart | None = None

    def set_chart(self, chart: DoseChart) -> None:
        self.chart = chart
        log = chart.y_axis.log
        apply_axis(self.plot, "bottom", chart.x_axis)
        apply_axis(self.plot, "left", chart.y_axis)
        present = {s.setting: s for s in chart.series}
        for setting, item in self.series_items.items():
            series = present.get(setting)
            markers = series.markers if series else ()
            item.setData(x=[m.x for m in markers], y=[to_plot(m.dose_per_kg, log)
                                                       for m in markers],
                         data=[m.trial_id for m in markers])
        for setting in present.keys() - self.series_items.keys():
            # A setting the palette does not know (a newer evidence file): drawn all the same.
            style = setting_style(setting)
            item = pg.ScatterPlotItem(symbol=series_symbol(style),
                                      size=series_size(style, MARKER_SIZE),
                                      pen=pen(INK), brush=brush(style.colour), name=setting)
            self.plot.addItem(item)
            self.series_items[setting] = item
            markers = present[setting].markers
            item.setData(x=[m.x for m in markers],
                         y=[to_plot(m.dose_per_kg, log) for m in markers])

        x_span = [chart.x_axis.low, chart.x_axis.high]
        if chart.threshold is not None:      # None on the EV particle chart
            threshold = to_plot(chart.threshold.value, log)
            self.threshold_item.setData(x_span, [threshold, threshold])
        else:
            self.threshold_item.setData([], [])

        points = [a for a in chart.design_arms if not a.is_line]
        self.design_item.setData(x=[a.x for a in points],
                                 y=[to_plot(a.dose_per_kg, log) for a in points])
        lines = [a for a in chart.design_arms if a.is_line]
        while len(self.design_lines) < len(lines):
            line = pg.PlotDataItem(pen=pen(INK, 2.0, Qt.PenStyle.DashDotLine))
            self.plot.addItem(line)
            self.design_lines.append(line)
        for line, arm in zip(self.design_lines, lines):
            y = to_plot(arm.dose_per_kg, log)
            line.setData(x_span, [y, y])
            line.setVisible(True)
        for line in self.design_lines[len(lines):]:
            line.setData([], [])
            line.setVisible(False)

        entries = [(label.text, label.x + 0.1, to_plot(label.label_dose, log), (0, 0.5),
                    INK, label.for_design) for label in chart.labels]
        # A line's label sits at the right end, above the line.
        entries += [(arm.line_label, chart.x_axis.high,
                     to_plot(arm.dose_per_kg, log), (1, 1), INK, True) for arm in lines]
        self.labels.show(entries)

        # The entries and their texts are the chart data's (the PDF's legend reads the same).
        samples = {f"setting:{s}": item for s, item in self.series_items.items()}
        samples["design"] = self.design_item if points else (self.design_lines or [None])[0]
        samples["threshold"] = self.threshold_item
        self.set_legend([(samples[entry.key], entry.label) for entry in chart.legend])
        self.set_side("Not on the chart", [(n.label, n.reason) for n in chart.not_plotted])
        self.set_notes(chart.notes)
