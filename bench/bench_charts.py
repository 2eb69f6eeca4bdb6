"""The charts: redraw time after a design edit, offscreen, for the dose landscape, the forest plot
and the power curve (and the Endpoints step's power curve with its sensitivity table).

Each redraw is what the program does after an edit: the chart data from models.chart_data, the
chart's set_chart (pyqtgraph items updated in place), then what the event loop does next: the
pending layout events and one paint of the plot. Goal (issue 6): p95 within a frame, 16 ms.

Baseline, same run, same size and same steps: an empty pyqtgraph PlotDataItem given empty data
and the same paint, i.e. what any pyqtgraph redraw costs before it draws anything.

The evidence is the bundled trials only (no user trials are read).
"""

from __future__ import annotations

import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

EDITS = 200
FRAME_MS = 16.0


def _percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def _dose_edits(design, rng):
    """Random dose and regimen edits of the design's first arm, as typing makes them."""
    from models.design import DoseUnit

    for _ in range(EDITS):
        arm = design.arms[0]
        arm.dose_value = rng.choice([5e5, 1e6, 2e6, 3e6, 5e6, 1e7, 4e8, 9e8])
        arm.dose_unit = DoseUnit.CELLS if arm.dose_value > 1e8 else DoseUnit.CELLS_PER_KG
        arm.administrations = rng.choice([None, 1, 2, 3, 4])
        yield design


def _power_edits(design, rng):
    stats = design.statistics
    for _ in range(EDITS):
        stats.power = rng.choice([0.8, 0.85, 0.9])
        stats.binary.control_rate = rng.choice([0.3, 0.35, 0.4, 0.45])
        stats.binary.treatment_rate = stats.binary.control_rate - rng.choice([0.08, 0.1, 0.12])
        stats.planned_total_n = rng.choice([300, 600, 900, 1200, 2500])
        yield design


def _timed(app, paint_target, step, inputs) -> list[float]:
    """Time ``step(item)`` followed by what the event loop does next: pyqtgraph's layout
    requests and exactly one paint of ``paint_target`` (forced if no update was pending)."""
    from PySide6.QtCore import QEvent, QObject

    class PaintCounter(QObject):
        paints = 0

        def eventFilter(self, _watched, event):  # noqa: N802 - Qt's name
            if event.type() == QEvent.Type.Paint:
                self.paints += 1
            return False

    counter = PaintCounter()
    paint_target.installEventFilter(counter)
    times = []
    for item in inputs:
        counter.paints = 0
        start = time.perf_counter()
        step(item)
        app.processEvents()
        if counter.paints == 0:
            paint_target.repaint()
        times.append(time.perf_counter() - start)
    paint_target.removeEventFilter(counter)
    return times


def _rows(name, times, base_times) -> list[tuple]:
    return [
        (f"charts: {name}, median", statistics.median(times) * 1e3, "ms",
         "empty PlotDataItem setData + paint, median", statistics.median(base_times) * 1e3,
         None),
        (f"charts: {name}, p95", _percentile(times, 0.95) * 1e3, "ms",
         "empty PlotDataItem setData + paint, p95", _percentile(base_times, 0.95) * 1e3,
         f"p95 <= {FRAME_MS:g} ms (a frame)"),
    ]


def run() -> list[tuple]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([])
    import pyqtgraph as pg

    from models import chart_data as cd
    from models.design_io import load_design
    from models.evidence import load_trials
    from models.resources import resource_path
    from ui.charts.dose_landscape import DoseLandscapeChart
    from ui.charts.forest_plot import ForestPlotChart
    from ui.charts.power_curve import PowerCurveChart

    evidence = load_trials(include_user=False)
    rng = random.Random(20261125)
    core = load_design(resource_path("examples", "core-protocol.trial.json"))
    rows: list[tuple] = []
    widgets = []

    def baseline(width, height) -> list[float]:
        widget = pg.PlotWidget()
        widget.resize(width, height)
        widget.show()
        item = pg.PlotDataItem()
        widget.addItem(item)
        app.processEvents()
        times = _timed(app, widget.viewport(), lambda _i: item.setData([], []), range(EDITS))
        done(widget)
        return times

    def done(widget) -> None:
        # One window at a time, as on screen: each chart is timed alone.
        widget.close()
        widgets.append(widget)
        app.processEvents()

    # The dose landscape: every edit changes the design's arm.
    dose = DoseLandscapeChart()
    dose.resize(1000, 560)
    dose.show()
    dose.set_chart(cd.dose_chart(evidence, core))
    app.processEvents()
    designs = list(_dose_edits(core, rng))  # the same object, edited: snapshot the values
    dose_inputs = []
    for design in designs:
        arm = design.arms[0]
        dose_inputs.append((arm.dose_value, arm.dose_unit, arm.administrations))

    def dose_step(values):
        core.arms[0].dose_value, core.arms[0].dose_unit, core.arms[0].administrations = values
        dose.set_chart(cd.dose_chart(evidence, core))

    dose_times = _timed(app, dose.graphics.viewport(), dose_step, dose_inputs)
    done(dose)
    rows += _rows("dose landscape redraw after a dose edit (1000x560)", dose_times,
                  baseline(1000, 560))

    # The forest plot does not depend on the design: an edit redraws it at most; timed as the
    # full redraw anyway (chart data from the evidence, set_chart, paint).
    forest = ForestPlotChart()
    forest.resize(1150, 650)
    forest.show()
    app.processEvents()
    forest_times = _timed(app, forest.graphics.viewport(),
                          lambda _i: forest.set_chart(cd.forest_chart(evidence)), range(EDITS))
    done(forest)
    rows += _rows("forest plot full redraw (1150x650)", forest_times, baseline(1150, 650))

    # The power curve: edits of the statistical assumptions.
    power = PowerCurveChart()
    power.resize(760, 440)
    power.show()
    app.processEvents()
    design = load_design(resource_path("examples", "core-protocol.trial.json"))
    snapshots = []
    for edited in _power_edits(design, rng):
        stats = edited.statistics
        snapshots.append((stats.power, stats.binary.control_rate, stats.binary.treatment_rate,
                          stats.planned_total_n))

    def power_step(values):
        stats = design.statistics
        (stats.power, stats.binary.control_rate, stats.binary.treatment_rate,
         stats.planned_total_n) = values
        power.set_chart(cd.design_power_chart(design))

    power_times = _timed(app, power.graphics.viewport(), power_step, snapshots)
    done(power)
    base = baseline(760, 440)
    rows += _rows("power curve redraw after an assumption edit (760x440)", power_times, base)

    # The Endpoints step's whole refresh: power curve and sensitivity table (25 sample sizes).
    from models.guidance import evaluate
    from models.session import DesignSession
    from ui.binder import Binder
    from ui.pages.endpoints import EndpointsPage

    session = DesignSession(load_design(resource_path("examples", "core-protocol.trial.json")))
    page = EndpointsPage(Binder(session), session)
    page.resize(900, 900)
    page.show()
    page.show_result(evaluate(session.design))
    page.refresh_power()
    app.processEvents()
    # Scrolled to the chart and the table, so that the paint includes them.
    page.verticalScrollBar().setValue(page.verticalScrollBar().maximum())
    app.processEvents()

    def page_step(values):
        stats = session.design.statistics
        (stats.power, stats.binary.control_rate, stats.binary.treatment_rate,
         stats.planned_total_n) = values
        page._guidance = evaluate(session.design)
        page.refresh_power()

    page_times = _timed(app, page.viewport(), page_step, snapshots)
    done(page)
    rows += [(
        "charts: Endpoints step refresh (guidance + power curve + sensitivity table), p95",
        _percentile(page_times, 0.95) * 1e3, "ms",
        "empty PlotDataItem setData + paint, p95", _percentile(base, 0.95) * 1e3,
        f"p95 <= {FRAME_MS:g} ms (a frame)")]
    return rows


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from table import print_table

    print_table(run())
