"""The forest plot: each trial's mortality risk ratio with its 95% CI on a log axis, the line of
no effect at 1, and the pooled random-effects estimate of each setting as a diamond. The trial
and its mortality time point are named on the left, the estimate and the counts on the right;
trials without an estimate (no deaths in either arm, no arm-level counts) are listed beside.

Draws models.chart_data.ForestChart; items are made once and updated in place.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QWidget

from models.chart_data import SETTING_STYLES, ForestChart, ForestRow, setting_style
from ui.charts.common import (
    INK,
    ChartPanel,
    apply_axis,
    brush,
    fit_width,
    pen,
    series_size,
    series_symbol,
    to_plot,
)

MARKER_SIZE = 9
ROW_PIXELS = 22          # the height a row needs for its label


class _CrispErrorBars(pg.ErrorBarItem):
    """Horizontal and vertical strokes drawn without antialiasing: antialiased, a row that falls
    between two pixel rows is drawn twice as thick and half as dark as its neighbour."""

    def paint(self, painter, *args):
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        super().paint(painter, *args)


class ForestPlotChart(ChartPanel):
    def __init__(self, parent: QWidget | None = None):
        super().__init__("Forest plot of mortality risk ratios", legend_columns=3,
                         side_width=260, parent=parent)
        self.setMinimumSize(640, 340)
        plot = self.plot
        plot.showAxis("right")
        self.null_line = pg.InfiniteLine(pos=0.0, angle=90,
                                         pen=pen(INK, 1.2, Qt.PenStyle.DashLine))
        plot.addItem(self.null_line)
        self.error_bars = _CrispErrorBars(x=np.zeros(0), y=np.zeros(0), pen=pen(INK, 2.0),
                                          beam=0.3)
        plot.addItem(self.error_bars)
        self.trial_items: dict[str, pg.ScatterPlotItem] = {}
        for setting, style in SETTING_STYLES.items():
            item = pg.ScatterPlotItem(symbol=series_symbol(style),
                                      size=series_size(style, MARKER_SIZE),
                                      pen=pen(INK), brush=brush(style.colour), name=style.label)
            item.setZValue(2)
            plot.addItem(item)
            self.trial_items[setting] = item
        self.diamond_items: list[pg.PlotDataItem] = []
        # The legend's sample of a pooled estimate: a diamond marker (a filled outline's own
        # sample would show a line and a wedge). Never added to the plot.
        self.pooled_sample = pg.ScatterPlotItem(symbol="d", size=15, pen=pen(INK),
                                                brush=brush("#999999"))
        self.chart: ForestChart | None = None

    def set_chart(self, chart: ForestChart) -> None:
        self.chart = chart
        log = chart.x_axis.log
        plot = self.plot
        apply_axis(plot, "bottom", chart.x_axis)
        self.null_line.setValue(to_plot(chart.null_value, log))

        trials = [r for r in chart.rows if r.kind == "trial"]
        estimates = [_estimate(r) for r in trials]
        x = np.array([to_plot(rr, log) for rr, _, _ in estimates], dtype=np.float64)
        self.error_bars.setData(
            x=x, y=np.array([r.y for r in trials], dtype=np.float64),
            left=x - np.array([to_plot(low, log) for _, low, _ in estimates], dtype=np.float64),
            right=np.array([to_plot(high, log) for _, _, high in estimates],
                           dtype=np.float64) - x,
            beam=0.3)
        for setting in {r.setting for r in trials} - self.trial_items.keys():
            style = setting_style(setting)
            item = pg.ScatterPlotItem(symbol=series_symbol(style),
                                      size=series_size(style, MARKER_SIZE),
                                      pen=pen(INK), brush=brush(style.colour), name=setting)
            plot.addItem(item)
            self.trial_items[setting] = item
        for setting, item in self.trial_items.items():
            rows = [r for r in trials if r.setting == setting]
            item.setData(x=[to_plot(_estimate(r)[0], log) for r in rows], y=[r.y for r in rows],
                         data=[r.trial_id for r in rows])

        while len(self.diamond_items) < len(chart.diamonds):
            # The outline filled to its own middle line: the polygon's interior.
            item = pg.PlotDataItem(pen=pen(INK, 1.2))
            item.setZValue(3)
            plot.addItem(item)
            self.diamond_items.append(item)
        for item, diamond in zip(self.diamond_items, chart.diamonds):
            corners = diamond.polygon()
            item.setData([to_plot(v, log) for v, _ in corners], [y for _, y in corners])
            item.setFillLevel(diamond.y)
            item.setFillBrush(brush(setting_style(diamond.setting).colour, 200))
            item.setVisible(True)
        for item in self.diamond_items[len(chart.diamonds):]:
            item.setData([], [])
            item.setVisible(False)

        left_ticks = [(r.y, r.label) for r in chart.rows]
        right_ticks = [(r.y, r.text) for r in chart.rows if r.text]
        left, right = plot.getAxis("left"), plot.getAxis("right")
        left.setTicks([left_ticks, []])
        right.setTicks([right_ticks, []])
        left.setLabel(chart.row_title)
        right.setLabel(chart.text_title)
        fit_width(left, [label for _, label in left_ticks], titled=True)
        fit_width(right, [text for _, text in right_ticks], titled=True)
        top = max((r.y for r in chart.rows), default=0.0) + 0.8
        bottom = min((r.y for r in chart.rows), default=0.0) - 0.8
        plot.setYRange(bottom, top, padding=0)
        self.graphics.setMinimumHeight(int((top - bottom) * ROW_PIXELS) + 120)

        # The entries and their texts are the chart data's (the PDF's legend reads the same).
        samples = {f"setting:{s}": item for s, item in self.trial_items.items()}
        samples["pooled"] = self.pooled_sample
        self.set_legend([(samples[entry.key], entry.label) for entry in chart.legend])
        self.set_side("Listed, not plotted", [(n.label, n.reason) for n in chart.not_plotted])
        self.set_notes(chart.notes)


def _estimate(row: ForestRow) -> tuple[float, float, float]:
    """A trial row's risk ratio and 95% CI: forest_chart makes a trial row only from an
    estimate, with all three."""
    if row.rr is None or row.ci_low is None or row.ci_high is None:
        raise ValueError(f"the forest plot's trial row {row.label!r} has no risk ratio and CI")
    return row.rr, row.ci_low, row.ci_high
