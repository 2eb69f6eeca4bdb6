"""The chart widgets draw the chart data: asserted on the pyqtgraph items' data (log10 where the
axis is logarithmic), the axes, the legends and the lists beside the charts, never on pixels.
Then the Endpoints step: its power curve and sensitivity table follow the assumptions."""

from __future__ import annotations

import math

import numpy as np
import pytest

from models import chart_data as cd
from models.design_io import load_design
from models.design_sample_size import compute_design_sample_size
from models.evidence import load_trials
from models.guidance import evaluate
from models.resources import resource_path
from models.session import DesignSession
from ui.binder import Binder

log10 = math.log10


@pytest.fixture(scope="module")
def evidence():
    return load_trials(include_user=False)


def example(name: str):
    return load_design(resource_path("examples", f"{name}.trial.json"))


def shown(qtbot, widget, width=1000, height=600):
    qtbot.addWidget(widget)
    widget.resize(width, height)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def ticks(plot, side):
    return plot.getAxis(side)._tickLevels[0]


def axis_title(plot, side):
    return plot.getAxis(side).labelText


# --- dose landscape ---------------------------------------------------------------------------


def test_dose_landscape_items_hold_the_trials_design_and_threshold(qtbot, evidence):
    from ui.charts.common import item_text
    from ui.charts.dose_landscape import DoseLandscapeChart

    chart = shown(qtbot, DoseLandscapeChart())
    data = cd.dose_chart(evidence, example("core-protocol"))
    chart.set_chart(data)

    classical = chart.series_items["classical"]
    x, y = classical.getData()
    expected = [m for m in data.markers if m.setting == "classical"]
    assert list(y) == pytest.approx([log10(m.dose_per_kg) for m in expected])
    assert list(x) == pytest.approx([m.x for m in expected])
    assert any(math.isclose(v, 7.0) for v in y)                     # START, 10⁷/kg
    assert classical.opts["symbol"] == "o" and chart.series_items["covid19"].opts["symbol"] == "s"
    assert len(chart.series_items["covid19"].getData()[0]) == 9
    assert list(chart.series_items["gvhd"].getData()[1]) == pytest.approx([log10(2e6)])

    dx, dy = chart.design_item.getData()
    assert list(dy) == pytest.approx([log10(5e6), log10(5e6)]) and list(dx) == [1.0, 2.0]
    assert chart.design_item.opts["symbol"] == "star"
    tx, ty = chart.threshold_item.getData()
    assert list(ty) == pytest.approx([log10(2e6)] * 2)
    assert list(tx) == [data.x_axis.low, data.x_axis.high]

    labels = [item_text(item) for item in chart.labels.visible()]
    assert "START, STAT" in labels and "design: Three doses" in labels
    assert len(labels) == len(data.labels)
    assert any(math.isclose(value, log10(2e6)) and label == "2 × 10⁶"
               for value, label in ticks(chart.plot, "left"))
    assert [label for _, label in ticks(chart.plot, "bottom")] == ["1", "2", "3", "8"]
    assert "cells/kg" in axis_title(chart.plot, "left")
    assert "administrations" in axis_title(chart.plot, "bottom")
    assert chart.legend_names() == ["classical ARDS", "COVID-19", "mixed ARDS", "GvHD",
                                    "this design", "2 × 10⁶ cells/kg (Curley 2024, Box 1)"]
    side = chart.side.text()
    assert "Lightner 2023 (EF-15)" in side and "not dosed per kg" in side
    assert "70 kg" in chart.notes.text()


def test_dose_landscape_redraws_in_place_for_another_design(qtbot, evidence):
    from ui.charts.dose_landscape import DoseLandscapeChart

    chart = shown(qtbot, DoseLandscapeChart())
    chart.set_chart(cd.dose_chart(evidence, example("core-protocol")))
    items = (chart.series_items["classical"], chart.design_item, chart.threshold_item)
    pooled_labels = len(chart.labels.items)
    chart.set_chart(cd.dose_chart(evidence, example("ev-trial")))
    assert items == (chart.series_items["classical"], chart.design_item, chart.threshold_item)
    assert len(chart.design_item.getData()[0]) == 0          # an EV arm has no per-kg dose
    assert "design: EV 1.2 x 10^12 particles x 2" in chart.side.text()
    assert "this design" not in chart.legend_names()
    assert len(chart.labels.items) == pooled_labels          # labels reused, none added
    # An arm whose number of administrations is open: a line across the chart, labelled.
    design = example("core-protocol")
    design.arms[0].administrations = None
    chart.set_chart(cd.dose_chart(evidence, design))
    line = chart.design_lines[0]
    assert line.isVisible() and list(line.getData()[1]) == pytest.approx([log10(5e6)] * 2)


# --- forest plot ------------------------------------------------------------------------------


def test_forest_plot_items_hold_the_estimates_and_diamonds(qtbot, evidence):
    from ui.charts.forest_plot import ForestPlotChart

    chart = shown(qtbot, ForestPlotChart(), 1150, 650)
    data = cd.forest_chart(evidence)
    chart.set_chart(data)

    bars = chart.error_bars.opts
    rows = data.trial_rows()
    start_index = [r.trial_id for r in rows].index("T1_START_2019")
    start = rows[start_index]
    assert bars["x"][start_index] == pytest.approx(log10(2.0))
    assert bars["y"][start_index] == start.y
    assert bars["x"][start_index] - bars["left"][start_index] == pytest.approx(
        log10(start.ci_low))
    assert bars["x"][start_index] + bars["right"][start_index] == pytest.approx(
        log10(start.ci_high))
    assert 10 ** (bars["x"][start_index] - bars["left"][start_index]) == pytest.approx(
        0.636, abs=5e-3)
    assert len(bars["x"]) == 11
    covid_x, covid_y = chart.trial_items["covid19"].getData()
    assert len(covid_x) == 7 and chart.trial_items["covid19"].opts["symbol"] == "s"

    classical_diamond = chart.diamond_items[0]
    dx, dy = classical_diamond.getData()
    pooled = data.diamonds[0]
    assert 10 ** dx[0] == pytest.approx(0.28, abs=5e-3)
    assert 10 ** dx[2] == pytest.approx(1.75, abs=5e-3)
    assert 10 ** dx[1] == pytest.approx(0.70, abs=5e-3)
    assert list(dy) == pytest.approx([pooled.y, pooled.y + 0.3, pooled.y, pooled.y - 0.3,
                                      pooled.y])
    assert classical_diamond.opts["fillLevel"] == pooled.y
    assert chart.null_line.value() == 0.0                       # log10(1)

    left = dict(ticks(chart.plot, "left"))
    right = dict(ticks(chart.plot, "right"))
    assert left[start.y] == "START† · 28 days"
    assert right[start.y].startswith("2.00 (0.64–6.29)")
    assert right[pooled.y].startswith("0.70 (0.28–1.75)")
    assert left[0.0] == "CLASSICAL ARDS"
    assert "log scale" in axis_title(chart.plot, "bottom")
    assert "Shi 2021" in chart.side.text() and "no deaths in either arm" in chart.side.text()
    assert chart.legend_names()[-1].startswith("pooled per setting")


def test_forest_plot_redraw_with_fewer_diamonds_hides_the_rest(qtbot, evidence):
    from ui.charts.forest_plot import ForestPlotChart

    chart = shown(qtbot, ForestPlotChart(), 1150, 650)
    chart.set_chart(cd.forest_chart(evidence))
    chart.set_chart(cd.forest_chart(evidence, ["covid19"]))
    assert [item.isVisible() for item in chart.diamond_items] == [True, False]
    assert len(chart.trial_items["classical"].getData()[0]) == 0
    assert len(chart.error_bars.opts["x"]) == 7


# --- power curve ------------------------------------------------------------------------------


def test_power_curve_items_hold_the_curve_marks_and_target(qtbot):
    from ui.charts.power_curve import PowerCurveChart

    chart = shown(qtbot, PowerCurveChart(), 700, 450)
    data = cd.design_power_chart(example("core-protocol"))
    chart.set_chart(data)
    x, y = chart.curve.getData()
    assert np.allclose(x, [n for n, _ in data.points]) and np.allclose(y, [p for _, p in
                                                                           data.points])
    cx, cy = chart.computed_point.getData()
    assert list(cx) == [870.0] and cy[0] == pytest.approx(data.computed.power)
    px, py = chart.planned_point.getData()
    assert list(px) == [1140.0] and py[0] == pytest.approx(data.planned.power)
    assert list(chart.planned_line.getData()[0]) == [1140.0, 1140.0]
    assert list(chart.target_line.getData()[1]) == [0.8, 0.8]
    assert chart.legend_names() == ["power", "target power 80%", data.computed.label,
                                    data.planned.label]
    assert axis_title(chart.plot, "left") == "Power (%)"
    assert "Patients analysed" in axis_title(chart.plot, "bottom")
    assert (0.8, "80%") in ticks(chart.plot, "left")


# --- the Endpoints step -----------------------------------------------------------------------


class EndpointsHarness:
    """The Endpoints page wired as the window wires it: each edit re-evaluates the guidance
    and hands the result to the page."""

    def __init__(self, qtbot, design, show=True):
        from ui.pages.endpoints import EndpointsPage

        self.session = DesignSession(design)
        self.binder = Binder(self.session)
        self.page = EndpointsPage(self.binder, self.session)
        qtbot.addWidget(self.page)
        self.session.subscribe(self.changed)
        self.changed(None)
        if show:
            self.page.resize(900, 900)
            self.page.show()
            qtbot.waitExposed(self.page)

    def changed(self, _path):
        self.page.update_visibility()
        self.page.show_result(evaluate(self.session.design))


def base_cell(page):
    row, column = page.sensitivity_data.base
    return page.sensitivity_table.item(row, column)


def test_endpoints_power_curve_and_sensitivity_follow_the_assumptions(qtbot):
    harness = EndpointsHarness(qtbot, example("core-protocol"))
    page = harness.page
    qtbot.waitUntil(lambda: page.power_chart is not None and page.power_chart.chart is not None)
    chart = page.power_chart
    assert chart.chart.computed.n_enrolled == 918
    assert base_cell(page).text() == "918" and base_cell(page).font().bold()
    assert page.sensitivity_table.verticalHeaderItem(2).text() == "40%"
    assert page.sensitivity_table.horizontalHeaderItem(2).text() == "12"

    # A burst of edits: the Sample size box follows each at once, the curve and table once
    # the edits pause, and from the same result.
    harness.session.set_value("statistics.power", 0.85)
    harness.session.set_value("statistics.power", 0.9)
    assert page.power_chart.chart.target_power == 0.8          # not recomputed mid-burst
    qtbot.waitUntil(lambda: page.power_chart.chart.target_power == 0.9)
    expected = compute_design_sample_size(harness.session.design).result
    assert page.power_chart is chart                            # redrawn, not rebuilt
    assert chart.chart.computed.n_enrolled == expected.n_total
    assert list(chart.target_line.getData()[1]) == [0.9, 0.9]
    assert base_cell(page).text() == str(expected.n_total)

    harness.session.set_value("statistics.planned_total_n", 500)
    qtbot.waitUntil(lambda: page.power_chart.chart.planned.n_enrolled == 500)
    assert list(chart.planned_point.getData()[0]) == [475.0]

    # No computed n: the chart and the table make way for a sentence.
    harness.session.set_value("statistics.binary.treatment_rate", 0.4)
    qtbot.waitUntil(lambda: page.power_data is None)
    assert not page.sensitivity_table.isVisible() and not chart.isVisible()
    assert "once the sample size can be computed" in page.power_placeholder.text()


def test_endpoints_chart_waits_until_the_page_is_shown(qtbot):
    harness = EndpointsHarness(qtbot, example("stroma-cov-2-like"), show=False)
    page = harness.page
    page.refresh_power()
    # The table is filled; the chart (and pyqtgraph) wait for the page to be shown.
    assert base_cell(page).text() == "72"
    assert page.power_chart is None
    page.show()
    qtbot.waitUntil(lambda: page.power_chart is not None)
    assert page.power_chart.chart.computed.n_enrolled == 72
