"""Step 6, Endpoints and sample size: the primary and secondary endpoints, the VFD definition when
VFDs are used, the statistical assumptions, and the computed sample size beside the planned one.

The sample size is computed in ``models.design_sample_size`` (with the guidance, after every
edit); the window hands the result to ``show_result`` and this page only puts it into words.
Below it, the power curve and the sensitivity table (models.chart_data) follow the assumptions on
a short single-shot timer, so a burst of keystrokes costs one recomputation; the chart
(pyqtgraph) is created the first time there is something to draw on a page that is shown.
"""

from __future__ import annotations


from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractScrollArea,
    QComboBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from models.design import EndpointKind
from models.applicability import uses_vfd  # noqa: F401 - re-exported (tests, callers)
from models.design_sample_size import effective_analysis
from models.field_help import field_help
from models.vocabulary import SHORT_ENDPOINT_KIND_LABELS
from models.presentation.sample_size_view import SampleSizeView, sample_size_view  # noqa: F401
from ui.binder import NOT_DECIDED
from ui.pages.base import Page, fresh_grid
from ui.pages.dosing import describe_row_widget

SIDED_ITEMS = ((NOT_DECIDED, None), ("Two-sided", 2), ("One-sided", 1))
# The power curve and the sensitivity table wait this long after the last edit (they take up to
# about 10 ms together; the Sample size box itself follows every keystroke).
POWER_REFRESH_MS = 120
SECONDARY_FIELDS = ("kind", "timepoint_days", "description")


# --- the page ----------------------------------------------------------------------------------


class EndpointsPage(Page):
    step_key = "endpoints"

    def build(self) -> None:
        b = self.binder
        self._guidance = None
        self.heading("Endpoints and sample size")
        self.intro("Enrol enough patients to assess clinically meaningful outcomes (Curley 2024, "
                   "Box 1). The primary endpoint sets the sample-size method: mortality uses the "
                   "binary assumptions; ventilator-free days, oxygenation and biomarkers the "
                   "continuous ones.")

        p = "endpoints.primary."
        _, form = self.section("Primary endpoint")
        self.field(form, p + "kind")
        self.field(form, p + "timepoint_days")
        self.field(form, p + "description")
        description = b.widget_for(p + "description")
        assert description is not None, "field() has just bound it"
        self.primary_description = description

        self._build_secondary()

        v = "endpoints.vfd."
        self.vfd_group, form = self.section("Ventilator-free days: definition")
        self.field(form, v + "horizon_days")
        self.field(form, v + "death_counts_as_zero")
        self.field(form, v + "day_zero")
        self.field(form, v + "counts_as_ventilation")
        self.field(form, v + "liberation_rule")

        from ui.pages.format3 import add_outcome_set
        add_outcome_set(self)

        s = "statistics."
        _, form = self.section("Statistical assumptions")
        self.field(form, s + "alpha")
        self.add_field(form, s + "sided", self._sided_combo())
        self.field(form, s + "power")
        self.field(form, s + "dropout_pct")
        self.field(form, s + "interim_analyses")
        self.assumptions_hint = QLabel("Choose a mortality, VFD, oxygenation or biomarker primary "
                                       "endpoint to enter the expected results in each arm.")
        self.assumptions_hint.setWordWrap(True)
        form.addRow(self.assumptions_hint)

        from ui.pages.phase3 import Phase3Sections

        self.phase3 = Phase3Sections(self)
        self.binary_group, form = self.section("Expected results: mortality")
        self.field(form, s + "binary.control_rate")
        self.field(form, s + "binary.treatment_rate")
        self.field(form, s + "binary.method")
        self.continuous_group, form = self.section("Expected results: continuous endpoint")
        self.field(form, s + "continuous.mean_difference")
        self.field(form, s + "continuous.sd")

        self.phase3.build_assumptions()
        self._build_sample_size_box()
        from ui.pages.plan_view import OperatingCharacteristicsBox, PlanBox

        self.plan_box = PlanBox(self)
        self.plan_box.box.setVisible(False)
        self.oc_box = OperatingCharacteristicsBox(self)
        self._build_power_box()
        self.session.subscribe(self._design_changed)

    # --- statistics.sided: 1 or 2, not a named set, so not binder.choice ---------------------

    def _sided_combo(self) -> QComboBox:
        combo = QComboBox()
        for text, value in SIDED_ITEMS:
            combo.addItem(text, value)
        combo.activated.connect(
            lambda index: self.binder.write("statistics.sided", combo.itemData(index)))

        def refresh(value):
            combo.setCurrentIndex(next((i for i, (_, v) in enumerate(SIDED_ITEMS) if v == value),
                                       0))

        return self.binder.register_widget("statistics.sided", combo, refresh)

    # --- secondary endpoints -----------------------------------------------------------------

    def _build_secondary(self) -> None:
        self.secondary_group = QGroupBox("Secondary endpoints")
        self.secondary_group.setAccessibleName("Secondary endpoints")
        outer = QVBoxLayout(self.secondary_group)
        note = QLabel(field_help("endpoints.secondary").help)
        note.setWordWrap(True)
        outer.addWidget(note)
        self.secondary_grid_host = QWidget()
        self.secondary_grid_host.setAccessibleName("Secondary endpoints")
        outer.addWidget(self.secondary_grid_host)
        self.add_secondary_button = QPushButton("Add secondar&y endpoint")
        self.add_secondary_button.clicked.connect(self.add_secondary)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_secondary_button)
        buttons.addStretch(1)
        outer.addLayout(buttons)
        self.layout_.addWidget(self.secondary_group)
        self.secondary_group.setFocusProxy(self.add_secondary_button)
        self.binder.register_widget("endpoints.secondary", self.secondary_group)
        self.secondary_rows: list[list[QWidget]] = []
        self._secondary_grid: QGridLayout | None = None
        self._rebuild_secondary()

    def add_secondary(self) -> None:
        index = self.session.add_secondary_endpoint()
        if index < len(self.secondary_rows):
            self.secondary_rows[index][0].setFocus(Qt.FocusReason.OtherFocusReason)

    def remove_secondary(self, index: int) -> None:
        self.session.remove_secondary_endpoint(index)
        self.add_secondary_button.setFocus(Qt.FocusReason.OtherFocusReason)

    def _rebuild_secondary(self) -> None:
        self.binder.unbind_prefix("endpoints.secondary[")
        # Each endpoint takes two lines: kind and time point, then its description and Remove.
        host, grid = fresh_grid(self.secondary_grid_host, 2, "Secondary endpoints")
        self.secondary_grid_host = host
        self.secondary_rows = []
        count = len(self.session.design.endpoints.secondary or [])
        if count:
            for column, name in enumerate(SECONDARY_FIELDS[:2]):
                info = field_help(f"endpoints.secondary[].{name}")
                header = QLabel(f"{info.label}\n({info.unit})" if info.unit else info.label)
                header.setStyleSheet("font-weight: bold;")
                grid.addWidget(header, 0, column, Qt.AlignmentFlag.AlignBottom)
        for index in range(count):
            base = f"endpoints.secondary[{index}]."
            owner = f"Secondary endpoint {index + 1}"
            kind = self.binder.choice(base + "kind", EndpointKind, SHORT_ENDPOINT_KIND_LABELS)
            timepoint = self.binder.number(base + "timepoint_days", "not decided, e.g. 90")
            description = self.binder.text(base + "description",
                                           "description, e.g. all-cause mortality at day 90")
            for name, widget in zip(SECONDARY_FIELDS, (kind, timepoint, description)):
                describe_row_widget(widget, base + name, owner)
            timepoint.setMaximumWidth(timepoint.fontMetrics().horizontalAdvance("0" * 14))
            remove = QPushButton("Remove")
            remove.setAccessibleName(f"Remove secondary endpoint {index + 1}")
            remove.clicked.connect(lambda _checked=False, i=index: self.remove_secondary(i))
            row = 1 + 3 * index
            grid.addWidget(kind, row, 0)
            grid.addWidget(timepoint, row, 1)
            grid.addWidget(description, row + 1, 0, 1, 3)
            grid.addWidget(remove, row + 1, 3)
            grid.setRowMinimumHeight(row + 2, 6)
            self.secondary_rows.append([kind, timepoint, description, remove])
        host.show()  # with its rows, now: the new row takes the focus
        chain = [self.primary_description] + [w for row in self.secondary_rows for w in row] \
            + [self.add_secondary_button]
        for first, second in zip(chain, chain[1:]):
            QWidget.setTabOrder(first, second)

    def _design_changed(self, path: str | None) -> None:
        count = len(self.session.design.endpoints.secondary or [])
        if path == "endpoints.secondary" or count != len(self.secondary_rows):
            self._rebuild_secondary()
            self.update_visibility()
        self.phase3.design_changed(path)

    # --- sample size -------------------------------------------------------------------------

    def _build_sample_size_box(self) -> None:
        box, form = self.section("Sample size")
        self.field(form, "statistics.planned_total_n")
        self.sample_size_labels: dict[str, QLabel] = {}
        for name in SampleSizeView.__dataclass_fields__:
            label = QLabel()
            label.setTextFormat(Qt.TextFormat.PlainText)
            label.setWordWrap(True)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                          | Qt.TextInteractionFlag.TextSelectableByKeyboard)
            label.setAccessibleName(f"Sample size: {name}")
            if name == "headline":
                label.setStyleSheet("font-weight: bold;")
            elif name in ("formula", "reference", "notes"):
                label.setStyleSheet("font-size: 90%;")
            form.addRow(label)
            self.sample_size_labels[name] = label
        self.sample_size_box = box
        self._show_sample_size()

    def show_result(self, result) -> None:
        """The window's GuidanceResult after every recomputation (``result.sample_size``)."""
        self._guidance = result
        self._show_sample_size()
        self.plan_box.show(result.sample_size)
        self.oc_box.design_changed()
        self._power_timer.start()

    # --- power curve and sensitivity table ---------------------------------------------------

    def _build_power_box(self) -> None:
        box = QGroupBox("Power curve and sensitivity")
        box.setAccessibleName("Power curve and sensitivity")
        layout = QVBoxLayout(box)
        self.power_placeholder = QLabel()
        self.power_placeholder.setWordWrap(True)
        layout.addWidget(self.power_placeholder)
        self.power_host = QVBoxLayout()
        layout.addLayout(self.power_host)
        self.sensitivity_caption = QLabel()
        self.sensitivity_caption.setWordWrap(True)
        layout.addWidget(self.sensitivity_caption)
        self.sensitivity_table = QTableWidget()
        self.sensitivity_table.setAccessibleName("Sensitivity table")
        self.sensitivity_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.sensitivity_table.setSizeAdjustPolicy(
            QAbstractScrollArea.SizeAdjustPolicy.AdjustToContents)
        self.sensitivity_table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.sensitivity_table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        layout.addWidget(self.sensitivity_table, 0, Qt.AlignmentFlag.AlignLeft)
        self.sensitivity_problems = QLabel()
        self.sensitivity_problems.setWordWrap(True)
        layout.addWidget(self.sensitivity_problems)
        self.layout_.addWidget(box)
        self.power_box = box
        self.power_chart = None             # ui.charts.power_curve.PowerCurveChart, on demand
        self.power_data = None              # models.chart_data.PowerChart shown, or None
        self.sensitivity_data = None        # models.chart_data.SensitivityGrid shown, or None
        self._power_timer = QTimer(self)
        self._power_timer.setSingleShot(True)
        self._power_timer.setInterval(POWER_REFRESH_MS)
        self._power_timer.timeout.connect(self.refresh_power)
        self._power_pending = True
        self.refresh_power()

    def refresh_power(self) -> None:
        """Recompute the power curve and the sensitivity table for the assumptions as they
        stand, and draw them (the chart only while the page is shown)."""
        from models import chart_data

        self._power_timer.stop()
        from models.sample_size import SampleSizeResult

        outcome = self._guidance.sample_size if self._guidance is not None else None
        result = outcome.result if outcome is not None else None
        if not isinstance(result, SampleSizeResult):
            self.power_data = self.sensitivity_data = None
            self.power_placeholder.setText("The power curve and the sensitivity table appear "
                                           "once the sample size can be computed.")
            self.power_placeholder.setVisible(True)
            for widget in (self.sensitivity_caption, self.sensitivity_table,
                           self.sensitivity_problems):
                widget.setVisible(False)
            if self.power_chart is not None:
                self.power_chart.setVisible(False)
            self._power_pending = False
            return
        self.power_placeholder.setVisible(False)
        self.power_data = chart_data.power_chart(result,
                                                 self.session.design.statistics.planned_total_n)
        self.sensitivity_data = chart_data.sensitivity_grid(result)
        self._show_sensitivity(self.sensitivity_data)
        if not self.isVisible():
            self._power_pending = True      # drawn when the page is shown
            return
        if self.power_chart is None:
            from ui.charts.power_curve import PowerCurveChart

            self.power_chart = PowerCurveChart()
            self.power_chart.setMinimumHeight(330)
            self.power_host.addWidget(self.power_chart)
        self.power_chart.set_chart(self.power_data)
        self.power_chart.setVisible(True)
        self._power_pending = False

    def _show_sensitivity(self, grid) -> None:
        table = self.sensitivity_table
        self.sensitivity_caption.setText(
            f"{grid.title}. Rows: {grid.row_title.lower()}; columns: "
            f"{grid.column_title[0].lower()}{grid.column_title[1:]}. The design's own "
            "assumptions are in bold.")
        table.setRowCount(len(grid.row_headers))
        table.setColumnCount(len(grid.column_headers))
        table.setVerticalHeaderLabels(list(grid.row_headers))
        table.setHorizontalHeaderLabels(list(grid.column_headers))
        bold = QFont(table.font())
        bold.setBold(True)
        for row, cells in enumerate(grid.cells):
            for column, text in enumerate(cells):
                item = table.item(row, column)
                if item is None:
                    item = QTableWidgetItem()
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight
                                          | Qt.AlignmentFlag.AlignVCenter)
                    table.setItem(row, column, item)
                item.setText(text)
                is_base = (row, column) == grid.base
                item.setFont(bold if is_base else table.font())
                item.setToolTip(f"{grid.row_title} {grid.row_headers[row]}, "
                                f"{grid.column_title.lower()} {grid.column_headers[column]}: "
                                f"{text} patients in total"
                                + (" (the design's assumptions)" if is_base else ""))
        table.resizeColumnsToContents()
        self.sensitivity_problems.setText(
            "Some assumptions are impossible: " + "; ".join(grid.problems) + "."
            if grid.problems else "")
        self.sensitivity_problems.setVisible(bool(grid.problems))
        self.sensitivity_caption.setVisible(True)
        table.setVisible(True)

    def showEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        if self._power_pending:
            # After the show, so the page paints before pyqtgraph loads (first visit only).
            QTimer.singleShot(0, self.refresh_power)

    def _show_sample_size(self) -> None:
        view = sample_size_view(self.session.design, self._guidance)
        for name, label in self.sample_size_labels.items():
            text = getattr(view, name)
            label.setText(text)
            label.setVisible(bool(text))

    def update_visibility(self) -> None:
        super().update_visibility()   # the VFD, expected-results and looks rows and groups
        design = self.session.design
        self.phase3.update_visibility(design)
        self.assumptions_hint.setVisible(effective_analysis(design) is None)
