"""The evidence view: a dock reachable from every step (View > Evidence, Ctrl+Shift+E) with

- the trials table (sortable, filterable by setting, product kind and tissue source), a mark on
  every value whose sources disagree or that is uncertain, and a pane with the selected value's
  status, sources and disagreements;
- the comparable trials for the design as it stands, each with why it matched;
- the dose landscape and the forest plot (pyqtgraph, created when their tab is first shown);
- Import trials… (the user's CSV, validated; problems listed with line and column).

The evidence loads off the GUI thread on first use (reading and checking the files). The design
part follows the window's ``guidance_updated`` on a short single-shot timer, so a burst of
keystrokes costs one recomputation and typing never waits for it.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QSignalBlocker, QTimer, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDockWidget,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMainWindow,
    QMenu,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableView,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from models.presentation.evidence_texts import (  # noqa: F401 - re-exported for tests
    comparison_html,
    detail_html,
    import_problems_text,
)
from ui import dialogs

if TYPE_CHECKING:  # models.chart_data itself is imported on first use (_ChartData)
    from models.chart_data import DoseChart, ForestChart


class _ChartData:
    """models.chart_data, imported on first use: the window imports this module while it builds
    its menus, before it is shown, and only the view itself needs the evidence modules."""

    def __getattr__(self, name: str):
        from models import chart_data

        return getattr(chart_data, name)


cd = _ChartData()

REFRESH_DELAY_MS = 150
SHORTCUT = "Ctrl+Shift+E"
DOCK_OBJECT_NAME = "evidence-dock"
CSV_FILTER = "Evidence tables (*.csv);;All files (*)"
FILTER_LABELS = {"setting": ("Se&tting:", "All settings"),
                 "product_kind": ("Product &kind:", "All products"),
                 "tissue_source": ("Tiss&ue source:", "All tissue sources")}
TABS = ("Trials", "Comparable trials", "Dose chart", "Forest plot")


# --- the modal questions, behind functions that tests replace ---------------------------------


def ask_trials_csv_path(parent: QWidget) -> str | None:
    path, _ = QFileDialog.getOpenFileName(parent, "Import trials", "", CSV_FILTER)
    return path or None


def show_import_problems(parent: QWidget, title: str, text: str) -> None:
    dialogs.show_error(parent, title, text)


def confirm_removal(parent: QWidget, name: str) -> bool:
    from PySide6.QtWidgets import QMessageBox

    answer = QMessageBox.question(parent, "Remove a user trial",
                                  f"Remove the user-supplied trial “{name}” from your data "
                                  "folder? The bundled evidence is not affected.")
    return answer == QMessageBox.StandardButton.Yes


# --- loading the evidence off the GUI thread -------------------------------------------------


class EvidenceLoader(QObject):
    """Loads models.evidence.loaded_evidence() in a worker thread and reports on the GUI
    thread. The worker touches no widget."""

    loaded = Signal(object)        # EvidenceBase
    failed = Signal(str)

    def start(self) -> None:
        threading.Thread(target=self._run, name="evidence-loader", daemon=True).start()

    def _run(self) -> None:
        from models.evidence import TrialsFileError, loaded_evidence

        try:
            evidence = loaded_evidence()
        except (TrialsFileError, OSError) as error:
            self._emit(self.failed, str(error))
            return
        self._emit(self.loaded, evidence)

    @staticmethod
    def _emit(signal, value) -> None:
        try:
            signal.emit(value)       # queued to the GUI thread (the loader lives there)
        except RuntimeError:
            pass                     # the view was closed while loading: nobody to tell


# --- the view ----------------------------------------------------------------------------------


class EvidenceView(QWidget):
    evidence_loaded = Signal()
    refreshed = Signal()           # after the design part was recomputed

    def __init__(self, design_provider, parent: QWidget | None = None):
        super().__init__(parent)
        self.setAccessibleName("Evidence")
        self._design = design_provider
        self.evidence = None
        self.comparison = None
        self.dose_data: DoseChart | None = None
        self.forest_data: ForestChart | None = None
        self.dose_chart = None         # ui.charts.dose_landscape.DoseLandscapeChart, on demand
        self.forest_chart = None       # ui.charts.forest_plot.ForestPlotChart, on demand
        self._stale = True
        self.last_import: tuple[str, ...] = ()     # ids of the trials imported last

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(REFRESH_DELAY_MS)
        self._timer.timeout.connect(self.refresh)

        self.status = QLabel("Loading the evidence…")
        self.status.setWordWrap(True)
        self.status.setAccessibleName("Evidence status")
        self.import_button = QPushButton("&Import trials…")
        self.import_button.setToolTip("Add trials from a CSV file with the columns of the "
                                      "bundled evidence table; they are kept in your data folder "
                                      "and marked as user-supplied.")
        self.import_button.clicked.connect(self.import_trials)
        self.remove_button = QPushButton("Re&move user trial")
        self.remove_button.setToolTip("Remove the selected user-supplied trial from your data "
                                      "folder (bundled trials cannot be removed).")
        self.remove_button.setEnabled(False)
        self.remove_button.clicked.connect(self.remove_selected_trial)
        top = QHBoxLayout()
        top.addWidget(self.status, 1)
        top.addWidget(self.import_button)
        top.addWidget(self.remove_button)

        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("Evidence views")
        self.tabs.addTab(self._build_trials_tab(), TABS[0])
        self.tabs.addTab(self._build_comparable_tab(), TABS[1])
        self.dose_host = self._chart_host("Dose chart")
        self.forest_host = self._chart_host("Forest plot")
        self.tabs.addTab(self.dose_host, TABS[2])
        self.tabs.addTab(self.forest_host, TABS[3])
        self.tabs.currentChanged.connect(self._tab_changed)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addWidget(self.tabs, 1)

        # No parent: the worker thread holds the loader until it has reported, so closing the
        # view while loading never leaves the thread a deleted object to emit from.
        self.loader = EvidenceLoader()
        self.loader.loaded.connect(self._loaded)
        self.loader.failed.connect(self._load_failed)
        self.loader.start()

    # --- building ----------------------------------------------------------------------------

    def _build_trials_tab(self) -> QWidget:
        from ui.trials_model import TrialsFilterModel, TrialsTableModel

        page = QWidget()
        filters = QHBoxLayout()
        self.filter_boxes: dict[str, QComboBox] = {}
        for column, (label_text, any_text) in FILTER_LABELS.items():
            combo = QComboBox()
            combo.addItem(any_text, None)
            combo.setAccessibleName(label_text.replace("&", "").rstrip(":"))
            combo.currentIndexChanged.connect(
                lambda _index, c=column, box=combo: self.set_filter(c, box.currentData()))
            label = QLabel(label_text)
            label.setBuddy(combo)
            filters.addWidget(label)
            filters.addWidget(combo)
            self.filter_boxes[column] = combo
        filters.addStretch(1)
        self.shown_count = QLabel()
        filters.addWidget(self.shown_count)

        self.model = TrialsTableModel(parent=self)
        self.proxy = TrialsFilterModel(self)
        self.proxy.setSourceModel(self.model)
        self.table = QTableView()
        self.table.setAccessibleName("Trials")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)   # the file's order at first
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectItems)
        self.table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.table.setWordWrap(False)
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setSectionsMovable(True)
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self._column_menu)
        header.setToolTip("Right-click to choose the columns")
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.selectionModel().currentChanged.connect(self._show_detail)
        self._apply_default_columns()

        self.detail = QTextBrowser()
        self.detail.setAccessibleName("Provenance of the selected value")
        self.detail.setOpenExternalLinks(False)     # offline: addresses are shown, not opened
        self.detail.setOpenLinks(False)
        self.detail.setHtml("<p>Select a value to see where it comes from.</p>")
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.table)
        splitter.addWidget(self.detail)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([700, 280])

        legend = QLabel(cd.MARK_LEGEND + ". Hover or select a value for its sources.")
        legend.setWordWrap(True)
        self.user_problems = QLabel()
        self.user_problems.setWordWrap(True)
        self.user_problems.setStyleSheet("color: #8A1C00;")
        self.user_problems.setVisible(False)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.addLayout(filters)
        layout.addWidget(legend)
        layout.addWidget(self.user_problems)
        layout.addWidget(splitter, 1)
        return page

    def _build_comparable_tab(self) -> QWidget:
        page = QWidget()
        self.all_settings = QCheckBox("Include trials of &other settings")
        self.all_settings.toggled.connect(lambda _on: self.refresh())
        self.comparable = QTextBrowser()
        self.comparable.setAccessibleName("Comparable trials")
        self.comparable.setOpenLinks(False)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.addWidget(self.all_settings)
        layout.addWidget(self.comparable, 1)
        return page

    @staticmethod
    def _chart_host(name: str) -> QScrollArea:
        host = QScrollArea()
        host.setAccessibleName(name)
        host.setWidgetResizable(True)
        host.setFrameShape(QScrollArea.Shape.NoFrame)
        waiting = QLabel("Loading the evidence…")
        waiting.setAlignment(Qt.AlignmentFlag.AlignCenter)
        host.setWidget(waiting)
        return host

    def _apply_default_columns(self) -> None:
        for index, name in enumerate(self.model.columns):
            self.table.setColumnHidden(index, name not in cd.DEFAULT_TABLE_COLUMNS)

    def _column_menu(self, position) -> None:
        menu = QMenu(self)
        for index, name in enumerate(self.model.columns):
            action = menu.addAction(cd.column_title(name))
            action.setCheckable(True)
            action.setChecked(not self.table.isColumnHidden(index))
            action.toggled.connect(lambda on, i=index: self.table.setColumnHidden(i, not on))
        menu.addSeparator()
        menu.addAction("Default columns", self._apply_default_columns)
        menu.exec(self.table.horizontalHeader().mapToGlobal(position))

    # --- the evidence --------------------------------------------------------------------------

    def _loaded(self, evidence) -> None:
        self.evidence = evidence
        self.model.set_evidence(evidence)
        self.table.resizeColumnsToContents()
        for index in range(self.model.columnCount()):
            # Long texts (doses as reported, notes) are cut; the tooltip and pane hold them.
            self.table.setColumnWidth(index, min(self.table.columnWidth(index), 220))
        for column, combo in self.filter_boxes.items():
            chosen = combo.currentData()
            # Rebuilt without signals: the proxy keeps its filter, the choice stays selected.
            with QSignalBlocker(combo):
                while combo.count() > 1:
                    combo.removeItem(1)
                for value, label in cd.filter_choices(evidence.trials, column):
                    combo.addItem(label, value)
                combo.setCurrentIndex(max(0, combo.findData(chosen)))
            if combo.currentData() != chosen:
                self.set_filter(column, combo.currentData())
        users = len(evidence.user_trials)
        self.status.setText(f"{len(evidence.trials)} trial rows"
                            + (f", {users} user-supplied" if users else "")
                            + ". Mortality and doses as the sources report them; nothing is "
                              "imputed.")
        self.user_problems.setText("Your imported trials were left out:\n"
                                   + "\n".join(evidence.user_problems))
        self.user_problems.setVisible(bool(evidence.user_problems))
        self._update_count()
        self.forest_data = cd.forest_chart(evidence)
        if self.forest_chart is not None:
            self.forest_chart.set_chart(self.forest_data)
        self.refresh()
        self._tab_changed(self.tabs.currentIndex())
        self.evidence_loaded.emit()

    def _load_failed(self, message: str) -> None:
        self.status.setText(f"The evidence could not be loaded: {message}")

    def reload(self) -> None:
        """Load the evidence again (after the user's trials changed)."""
        self.status.setText("Loading the evidence…")
        self.loader.start()

    def import_trials(self) -> None:
        from models.evidence import TrialsFileError, import_user_trials

        path = ask_trials_csv_path(self)
        if not path:
            return
        try:
            ids = import_user_trials(path)
        except TrialsFileError as error:
            show_import_problems(self, "The trials could not be imported",
                                 import_problems_text(error))
            return
        except OSError as error:
            show_import_problems(self, "The trials could not be imported",
                                 f"Nothing was imported: your data folder could not be written "
                                 f"({error.strerror or error}).")
            return
        self.last_import = tuple(ids)
        self.reload()
        self.status.setText(f"Imported {len(ids)} trial{'s' if len(ids) != 1 else ''} "
                            f"({', '.join(ids)}); loading…")

    # --- filters and the detail pane -----------------------------------------------------------

    def set_filter(self, column: str, value: str | None) -> None:
        self.proxy.set_filter(column, value)
        combo = self.filter_boxes[column]
        if combo.currentData() != value:
            with QSignalBlocker(combo):
                combo.setCurrentIndex(max(0, combo.findData(value)))
        self._update_count()

    def _update_count(self) -> None:
        self.shown_count.setText(f"{self.proxy.rowCount()} of {self.model.rowCount()} shown")

    def selected_trial(self):
        current = self.table.selectionModel().currentIndex()
        if not current.isValid():
            return None
        return self.model.trial(self.proxy.mapToSource(current).row())

    def remove_selected_trial(self) -> None:
        from models.evidence import remove_user_trials

        trial = self.selected_trial()
        if trial is None or not trial.user_supplied:
            return
        if not confirm_removal(self, trial["short_name"]):
            return
        try:
            remove_user_trials([trial.id])
        except (KeyError, OSError) as error:
            show_import_problems(self, "The trial could not be removed", str(error))
            return
        self.remove_button.setEnabled(False)
        self.reload()
        self.status.setText(f"Removed {trial['short_name']}; loading…")

    def _show_detail(self, current, _previous=None) -> None:
        if not current.isValid():
            self.remove_button.setEnabled(False)
            return
        source = self.proxy.mapToSource(current)
        trial = self.model.trial(source.row())
        self.remove_button.setEnabled(bool(trial.user_supplied))
        column = self.model.column_name(source.column())
        self.detail.setHtml(detail_html(trial, column))

    # --- the design ----------------------------------------------------------------------------

    def schedule_refresh(self, *_args) -> None:
        """After an edit: recompute once the edits pause (coalesced on a single-shot timer)."""
        self._stale = True
        self._timer.start()

    def refresh(self) -> None:
        """Recompute the comparable trials and the dose chart for the design as it stands."""
        self._timer.stop()
        if self.evidence is None:
            return
        if not self.isVisible():
            self._stale = True      # redone when shown: a hidden view costs nothing per edit
            return
        design = self._design()
        self.comparison = self.evidence.comparable_trials(
            design, all_settings=self.all_settings.isChecked())
        self.comparable.setHtml(comparison_html(self.comparison))
        self.dose_data = cd.dose_chart(self.evidence, design)
        if self.dose_chart is not None:
            self.dose_chart.set_chart(self.dose_data)
        self._stale = False
        self.refreshed.emit()

    def showEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        if self._stale:
            # After the show, so the dock paints first.
            QTimer.singleShot(0, self.refresh)

    def _tab_changed(self, index: int) -> None:
        if self.evidence is None:
            return
        if index == TABS.index("Dose chart") and self.dose_chart is None:
            from ui.charts.dose_landscape import DoseLandscapeChart

            self.dose_chart = DoseLandscapeChart()
            self.dose_host.setWidget(self.dose_chart)
            if self.dose_data is not None:
                self.dose_chart.set_chart(self.dose_data)
        elif index == TABS.index("Forest plot") and self.forest_chart is None:
            from ui.charts.forest_plot import ForestPlotChart

            self.forest_chart = ForestPlotChart()
            self.forest_host.setWidget(self.forest_chart)
            if self.forest_data is not None:
                self.forest_chart.set_chart(self.forest_data)


# --- the window's menu ------------------------------------------------------------------------


def evidence_dock(window: QMainWindow) -> QDockWidget | None:
    return window.findChild(QDockWidget, DOCK_OBJECT_NAME)


def show_evidence_view(window) -> QDockWidget:
    """The evidence dock, made on first use (nothing of it exists before), shown and raised."""
    dock = evidence_dock(window)
    if dock is None:
        dock = QDockWidget("&Evidence", window)
        dock.setObjectName(DOCK_OBJECT_NAME)
        view = EvidenceView(lambda: window.session.design)
        dock.setWidget(view)
        # Where the user left it last time (the window's saved state names the dock), else
        # below the wizard, where the table and the charts have the window's width.
        if not window.restoreDockWidget(dock):
            window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, dock)
            window.resizeDocks([dock], [360], Qt.Orientation.Vertical)
        window.guidance_updated.connect(view.schedule_refresh)
    dock.show()
    dock.raise_()
    shown = dock.widget()
    assert isinstance(shown, EvidenceView)  # the dock is made above with an EvidenceView
    shown.tabs.setFocus(Qt.FocusReason.ShortcutFocusReason)
    return dock


def install_evidence_view(window, view_menu: QMenu) -> QAction:
    """View > Evidence (Ctrl+Shift+E), reachable from every step."""
    action = QAction("&Evidence", window)
    action.setShortcut(QKeySequence(SHORTCUT))
    action.setStatusTip("Show the trials run so far, the comparable trials, the dose chart and "
                        "the forest plot")
    action.triggered.connect(lambda _checked=False: show_evidence_view(window))
    view_menu.addAction(action)
    return action
