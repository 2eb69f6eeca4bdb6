"""Below the Sample size box of step 6: the group-sequential plan (its sentence, the boundaries
table and chart), following every edit, and the simulated operating characteristics, run on
demand in a worker thread with progress and Cancel (models.design_simulation).

A simulation belongs to the design it was run on: after an edit its table says it is out of
date rather than showing numbers for another design.
"""

from __future__ import annotations

import copy
import threading

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractScrollArea,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from models.formatting import format_number, format_percent


def _table(name: str) -> QTableWidget:
    table = QTableWidget()
    table.setAccessibleName(name)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSizeAdjustPolicy(QAbstractScrollArea.SizeAdjustPolicy.AdjustToContents)
    table.verticalHeader().setVisible(False)
    return table


def _fill(table: QTableWidget, columns, rows) -> None:
    table.setColumnCount(len(columns))
    table.setRowCount(len(rows))
    table.setHorizontalHeaderLabels(list(columns))
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            item = QTableWidgetItem(text)
            item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            table.setItem(r, c, item)
    table.resizeColumnsToContents()


class PlanBox:
    """The group-sequential plan of the design as it stands (hidden without interim looks)."""

    def __init__(self, page):
        self.box, form = page.section("Group-sequential plan")
        self.sentence = QLabel()
        self.sentence.setWordWrap(True)
        self.sentence.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        form.addRow(self.sentence)
        self.table = _table("Group-sequential boundaries")
        form.addRow(self.table)
        self.chart_host = QVBoxLayout()
        form.addRow(self.chart_host)
        fixed = QLabel("The power curve and the sensitivity table further down are those of "
                       "the fixed-sample design (no interim looks).")
        fixed.setWordWrap(True)
        form.addRow(fixed)
        self.chart = None          # ui.charts.boundaries.BoundaryChartView, on demand
        self.plan = None

    def show(self, outcome) -> None:
        from models.plan_text import plan_columns, plan_rows, plan_sentence

        plan = outcome.plan if outcome is not None else None
        self.plan = plan
        self.box.setVisible(plan is not None)
        if plan is None:
            return
        self.sentence.setText(plan_sentence(plan))
        _fill(self.table, plan_columns(plan), plan_rows(plan))
        from models.chart_data import boundary_chart

        if self.chart is None:
            from ui.charts.boundaries import BoundaryChartView

            self.chart = BoundaryChartView()
            self.chart_host.addWidget(self.chart)
        self.chart.set_chart(boundary_chart(plan))


class _Signals(QObject):
    progress = Signal(float, str)
    finished = Signal(object, object)   # SimulationResult, notes
    failed = Signal(str)


class _SimulationJob(QRunnable):
    """One simulation on a copy of the design, off the GUI thread."""

    def __init__(self, design, outcome, stop: threading.Event):
        super().__init__()
        self.design, self.outcome, self.stop = design, outcome, stop
        self.signals = _Signals()

    def run(self) -> None:
        from models.design_simulation import NotSimulated, design_operating_characteristics
        from models.simulation import SimulationCancelled, SimulationError

        try:
            result, notes = design_operating_characteristics(
                self.design, self.outcome, progress=self.signals.progress.emit,
                cancelled=self.stop.is_set)
        except SimulationCancelled:
            self.signals.failed.emit("Cancelled.")
        except (NotSimulated, SimulationError) as why:
            self.signals.failed.emit(f"Not simulated: {why}.")
        except Exception as error:  # noqa: BLE001 - a worker must report, never die silently
            self.signals.failed.emit(f"The simulation failed ({type(error).__name__}: {error}).")
        else:
            self.signals.finished.emit(result, notes)


class OperatingCharacteristicsBox(QObject):
    """Simulated type I error, power, expected n and early stopping over a grid of true effects,
    for the design as it stood when Simulate was pressed. A QObject, so that the worker's
    signals reach its methods on the GUI thread (queued), never on the worker's."""

    def __init__(self, page):
        super().__init__(page)
        self.page = page
        self.box, form = page.section("Operating characteristics (simulated)")
        intro = QLabel("10,000 simulated trials per true effect, from no effect to 1.25 times the "
                       "assumed one, with the design's looks and boundaries (fixed seed: the "
                       "same numbers as the PDF).")
        intro.setWordWrap(True)
        form.addRow(intro)
        row = QHBoxLayout()
        self.simulate_button = QPushButton("Simulate")
        self.simulate_button.clicked.connect(self.start)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.clicked.connect(self.cancel)
        self.cancel_button.setEnabled(False)
        self.progress = QProgressBar()
        self.progress.setRange(0, 100)
        self.progress.setAccessibleName("Simulation progress")
        for widget in (self.simulate_button, self.cancel_button):
            row.addWidget(widget)
        row.addWidget(self.progress, 1)
        form.addRow(row)
        self.status = QLabel()
        self.status.setWordWrap(True)
        form.addRow(self.status)
        self.table = _table("Operating characteristics")
        form.addRow(self.table)
        self.table.setVisible(False)
        self.pool = QThreadPool(self.box)
        self.pool.setMaxThreadCount(1)
        self._stop: threading.Event | None = None
        self._job: _SimulationJob | None = None
        self.result = None
        self._fingerprint = None

    @property
    def running(self) -> bool:
        return self._job is not None

    def start(self) -> None:
        from models.design_io import fingerprint

        outcome = self.page._guidance.sample_size if self.page._guidance is not None else None
        design = copy.deepcopy(self.page.session.design)
        self._fingerprint = fingerprint(design)
        self._stop = threading.Event()
        self._job = _SimulationJob(design, outcome, self._stop)
        self._job.signals.progress.connect(self._progress)
        self._job.signals.finished.connect(self._finished)
        self._job.signals.failed.connect(self._failed)
        self.simulate_button.setEnabled(False)
        self.cancel_button.setEnabled(True)
        self.progress.setValue(0)
        self.status.setText("Simulating…")
        self.pool.start(self._job)

    def cancel(self) -> None:
        if self._stop is not None:
            self._stop.set()

    def wait(self, msecs: int = 30_000) -> bool:
        """Block until the running simulation has ended (tests and window close)."""
        return self.pool.waitForDone(msecs)

    def _progress(self, fraction: float, _text: str) -> None:
        self.progress.setValue(round(100 * fraction))

    def _done(self) -> None:
        self._job = None
        self.simulate_button.setEnabled(True)
        self.cancel_button.setEnabled(False)

    def _failed(self, message: str) -> None:
        self._done()
        self.result = None
        self.table.setVisible(False)   # never an earlier design's numbers beside a failure
        outcome = self.page._guidance.sample_size if self.page._guidance is not None else None
        if outcome is not None and outcome.error and message.startswith("Not simulated"):
            message = f"Not simulated: the sample size cannot be computed: {outcome.error}."
        elif outcome is not None and outcome.missing and message.startswith("Not simulated"):
            message = "Not simulated: the sample size still needs the assumptions marked above."
        self.status.setText(message)

    def _finished(self, result, notes) -> None:
        self._done()
        self.result = result
        self.progress.setValue(100)
        columns = ("True effect", "P(reject H0)", "± MC SE", "Expected n", "Early: efficacy",
                   "Early: futility")
        rows = [(format_number(s.effect, 4) + (" (no effect)" if s.is_null else ""),
                 format_percent(s.rejection.value, 1), format_percent(s.rejection.se, 1),
                 format_number(s.expected_patients.value, 0),
                 format_percent(sum(e.value for e in s.efficacy_by_look[:-1]), 1),
                 format_percent(sum(f.value for f in s.futility_by_look[:-1]), 1))
                for s in result.scenarios]
        _fill(self.table, columns, rows)
        self.table.setVisible(True)
        self.status.setText(f"{result.n_simulations:,} trials per effect ({result.parameter}), "
                            f"seed {result.seed}. " + " ".join(notes))
        self.design_changed()   # an edit made while it ran makes it out of date at once

    def design_changed(self) -> None:
        """After an edit: a table of another design's numbers says so."""
        from models.design_io import fingerprint

        if self.result is not None and self._fingerprint != fingerprint(self.page.session.design):
            self.status.setText("The design has changed since this simulation: press Simulate "
                                "to run it again.")
