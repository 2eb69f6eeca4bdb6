"""Step 3, Dose and regimen: the weight basis, the heaviest eligible patient, the latest first
dose, and one group per active arm with a live line showing what the arm's dose means: cells/kg
at the heaviest eligible patient for a flat dose, the cumulative exposure, and when the last
dose falls.

The arithmetic lives in ``models.dosing``; this module only puts it into words.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from models.applicability import applies
from models.design import Design, DoseSchedule, DoseUnit, Route
from models.field_help import field_help
from models.presentation.dose_lines import arm_dose_lines
from ui.pages.base import Page, prepare_check_boxes  # noqa: F401  (re-exported)

ARM_FIELDS = ("label", "dose_value", "dose_unit", "administrations", "interval_hours", "route",
              "schedule", "dose_times_hours")


# --- helpers shared by the pages with repeated rows and check-box groups ------------------------


def describe_row_widget(widget: QWidget, path: str, owner: str) -> str:
    """For a field in a repeated row (an arm, a secondary endpoint): the accessible name says
    whose field it is ("Arm 2: Route"); the help goes to the tooltip rather than under every row.
    Returns the field's label, with its mnemonic marker."""
    info = field_help(path)
    widget.setAccessibleName(f"{owner}: {info.label.replace('&', '')}")
    widget.setProperty("helpText", info.help)
    widget.setToolTip(info.help)
    widget.setAccessibleDescription(info.help)
    return info.label


def with_unit(widget: QWidget, unit: str) -> QWidget:
    if not unit:
        return widget
    box = QWidget()
    line = QHBoxLayout(box)
    line.setContentsMargins(0, 0, 0, 0)
    line.addWidget(widget, 1)
    line.addWidget(QLabel(unit))
    return box


def escape_mnemonic(text: str) -> str:
    """User text shown where '&' would make a keyboard mnemonic (group titles, buttons)."""
    return text.replace("&", "&&")


# --- the arms editor ---------------------------------------------------------------------------


class ArmEditor(QGroupBox):
    """One active arm: its eight fields, the live dose line and a Remove button."""

    def __init__(self, page: "DosingPage", index: int):
        super().__init__()
        self.index = index
        binder = page.binder
        base = f"dosing.arms[{index}]."
        owner = f"Arm {index + 1}"
        form = QFormLayout(self)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.fields: list[QWidget] = [
            binder.text(base + "label", "e.g. Two doses"),
            binder.number(base + "dose_value", "not decided, e.g. 5e6"),
            binder.choice(base + "dose_unit", DoseUnit),
            binder.number(base + "administrations", "not decided, e.g. 2"),
            binder.number(base + "interval_hours", "not decided, e.g. 48"),
            binder.choice(base + "route", Route),
            binder.choice(base + "schedule", DoseSchedule),
            binder.number_list(base + "dose_times_hours", "irregular: e.g. 0, 72, 168"),
        ]
        self.form = form
        self.rows: list[tuple[str, QWidget]] = []   # (path, row) for models/applicability.py
        for name, widget in zip(ARM_FIELDS, self.fields):
            path = base + name
            label = QLabel(describe_row_widget(widget, path, owner))
            label.setBuddy(widget)
            label.setToolTip(widget.toolTip())
            row = with_unit(widget, field_help(path).unit)
            form.addRow(label, row)
            self.rows.append((path, row))

        self.summary = QLabel()
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.summary.setAccessibleName(f"{owner}: what the dose means")
        self.summary.setProperty("role", "summary")
        self.summary.setStyleSheet("padding: 4px 8px;")
        form.addRow(self.summary)

        self.remove_button = QPushButton("&Remove arm")
        self.remove_button.setAccessibleName(f"Remove arm {index + 1}")
        self.remove_button.clicked.connect(lambda: page.remove_arm(self.index))
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.remove_button)
        form.addRow(buttons)

    def focus_chain(self) -> list[QWidget]:
        return [*self.fields, self.remove_button]

    def show_design(self, design: Design) -> None:
        label = design.arms[self.index].label
        title = f"Arm {self.index + 1}" + (f": {label}" if label else "")
        self.setTitle(escape_mnemonic(title))
        self.remove_button.setAccessibleName(f"Remove {design.arm_name(self.index)}")
        self.summary.setText("\n".join(arm_dose_lines(design, self.index)))
        for path, row in self.rows:   # an irregular schedule gives times, not an interval
            self.form.setRowVisible(row, applies(design, path))


class DosingPage(Page):
    step_key = "dosing"

    def build(self) -> None:
        b = self.binder
        self.heading("Dose and regimen")
        self.intro("Box 1 of Curley 2024: test doses of at least 2 × 10⁶ MSCs/kg, given "
                   "intravenously, in regimens of two or three doses early in the course of ARDS. "
                   "Flat doses are shown in cells/kg at the heaviest eligible patient, who gets "
                   "the lowest dose per kg.")
        _, form = self.section("All arms")
        self.field(form, "dosing.weight_basis")
        self.field(form, "dosing.max_weight_kg")
        self.first_dose = b.number("dosing.first_dose_within_hours", "not decided, e.g. 72")
        self.add_field(form, "dosing.first_dose_within_hours", self.first_dose)

        self.arms_box = QGroupBox("Active arms")
        self.arms_box.setAccessibleName("Active arms")
        outer = QVBoxLayout(self.arms_box)
        note = QLabel(field_help("dosing.arms").help + " The control arm is set in the "
                      "Control and care step.")
        note.setWordWrap(True)
        outer.addWidget(note)
        self.arms_layout = QVBoxLayout()
        outer.addLayout(self.arms_layout)
        self.add_arm_button = QPushButton("Add ar&m")
        self.add_arm_button.setAccessibleName("Add an active arm")
        self.add_arm_button.clicked.connect(self.add_arm)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_arm_button)
        buttons.addStretch(1)
        outer.addLayout(buttons)
        self.layout_.addWidget(self.arms_box)
        # A finding about dosing.arms (no arm yet) focuses the Add arm button.
        self.arms_box.setFocusProxy(self.add_arm_button)
        self.binder.register_widget("dosing.arms", self.arms_box)

        self.arm_editors: list[ArmEditor] = []
        self._rebuild_arms()

        from ui.pages.format3 import add_time_zero
        add_time_zero(self)
        self.session.subscribe(self._design_changed)

    # --- arms --------------------------------------------------------------------------------

    def add_arm(self) -> None:
        index = self.session.add_arm()
        if index < len(self.arm_editors):
            self.arm_editors[index].fields[0].setFocus(Qt.FocusReason.OtherFocusReason)

    def remove_arm(self, index: int) -> None:
        self.session.remove_arm(index)
        self.add_arm_button.setFocus(Qt.FocusReason.OtherFocusReason)

    def _design_changed(self, path: str | None) -> None:
        # One group per arm, after an arm is added or removed or another design is opened.
        if path == "dosing.arms" or len(self.arm_editors) != len(self.session.design.arms):
            self._rebuild_arms()

    def _rebuild_arms(self) -> None:
        self.binder.unbind_prefix("dosing.arms[")
        for editor in self.arm_editors:
            self.arms_layout.removeWidget(editor)
            editor.hide()
            editor.deleteLater()
        self.arm_editors = [ArmEditor(self, i) for i in range(len(self.session.design.arms))]
        for editor in self.arm_editors:
            self.arms_layout.addWidget(editor)
            editor.show()  # now, not at the next event loop turn: the new arm takes the focus
        chain = [self.first_dose] + [w for e in self.arm_editors for w in e.focus_chain()] \
            + [self.add_arm_button]
        for first, second in zip(chain, chain[1:]):
            QWidget.setTabOrder(first, second)
        self.update_visibility()

    def update_visibility(self) -> None:
        super().update_visibility()
        design = self.session.design
        if len(self.arm_editors) != len(design.arms):
            return  # the session listener rebuilds them
        for editor in self.arm_editors:
            editor.show_design(design)
