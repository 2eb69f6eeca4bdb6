"""The phase 3 parts of step 6 (format 2): how the primary endpoint is analysed, the interim
looks of a group-sequential plan, the time-to-event and ordinal assumptions, and the estimand
(ICH E9(R1)) with its intercurrent events. Built into the Endpoints page by ``Phase3Sections``;
the page shows the computed plan (boundaries, maximum and expected n) in its Sample size box.

Each part appears only when it applies: the looks when there are interim analyses, the
time-to-event assumptions for a time-to-event analysis, the ordinal ones for an ordinal one.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from models.design import (
    Design,
    IntercurrentStrategy,
)
from models.field_help import field_help
from ui.pages.base import fresh_grid
from ui.pages.dosing import describe_row_widget

S = "statistics."
E = "endpoints.estimand."


class Phase3Sections:
    """The groups of the phase 3 statistics and the estimand, on ``page`` (an EndpointsPage)."""

    def __init__(self, page):
        """The analysis and the looks (under the statistical assumptions); the page calls
        ``build_assumptions`` after its own expected-results groups."""
        self.page = page
        self.analysis_group, form = page.section("Analysis and interim looks")
        self.looks_form = form
        page.field(form, S + "analysis")
        g = S + "group_sequential."
        page.field(form, g + "info_rates")
        page.field(form, g + "efficacy")
        page.field(form, g + "futility")
        page.field(form, g + "futility_z")
        self.looks_hint = QLabel("Set the number of interim analyses above to plan the looks.")
        self.looks_hint.setWordWrap(True)
        form.addRow(self.looks_hint)

    def build_assumptions(self) -> None:
        """The time-to-event and ordinal assumptions, then the estimand."""
        page = self.page
        t = S + "time_to_event."
        self.survival_group, form = page.section("Expected results: time to death")
        page.field(form, t + "hazard_ratio")
        page.field(form, t + "control_event_rate")
        page.field(form, t + "accrual_months")
        page.field(form, t + "follow_up_months")
        page.field(form, t + "method")

        o = S + "ordinal."
        self.ordinal_group, form = page.section("Expected results: ordinal outcome")
        page.field(form, o + "categories")
        page.field(form, o + "control_probabilities")
        page.field(form, o + "odds_ratio")

        self._build_estimand()

    # --- the estimand and its intercurrent events ------------------------------------------

    def _build_estimand(self) -> None:
        page = self.page
        self.estimand_group, form = page.section("Primary estimand (ICH E9(R1))")
        page.field(form, E + "population")
        page.field(form, E + "variable")
        page.field(form, E + "summary_measure")
        events = QGroupBox("Intercurrent events")
        events.setAccessibleName("Intercurrent events")
        outer = QVBoxLayout(events)
        note = QLabel(field_help(E + "intercurrent_events").help)
        note.setWordWrap(True)
        outer.addWidget(note)
        self.events_host = QWidget()
        outer.addWidget(self.events_host)
        self.add_event_button = QPushButton("Add intercurrent event")
        self.add_event_button.clicked.connect(self.add_event)
        row = QHBoxLayout()
        row.addWidget(self.add_event_button)
        row.addStretch(1)
        outer.addLayout(row)
        form.addRow(events)
        events.setFocusProxy(self.add_event_button)
        page.binder.register_widget(E + "intercurrent_events", events)
        self.event_rows: list[list[QWidget]] = []
        self.rebuild_events()

    def add_event(self) -> None:
        index = self.page.session.add_intercurrent_event()
        if index < len(self.event_rows):
            self.event_rows[index][0].setFocus(Qt.FocusReason.OtherFocusReason)

    def remove_event(self, index: int) -> None:
        self.page.session.remove_intercurrent_event(index)
        self.add_event_button.setFocus(Qt.FocusReason.OtherFocusReason)

    def rebuild_events(self) -> None:
        b = self.page.binder
        b.unbind_prefix(E + "intercurrent_events[")
        self.events_host, grid = fresh_grid(self.events_host, 0, "Intercurrent events")
        self.event_rows = []
        for index in range(len(self.page.session.design.endpoints.estimand.intercurrent_events
                               or [])):
            base = f"{E}intercurrent_events[{index}]."
            owner = f"Intercurrent event {index + 1}"
            event = b.text(base + "event", "e.g. death before day 28")
            strategy = b.choice(base + "strategy", IntercurrentStrategy)
            describe_row_widget(event, base + "event", owner)
            describe_row_widget(strategy, base + "strategy", owner)
            remove = QPushButton("Remove")
            remove.setAccessibleName(f"Remove intercurrent event {index + 1}")
            remove.clicked.connect(lambda _checked=False, i=index: self.remove_event(i))
            grid.addWidget(event, index, 0)
            grid.addWidget(strategy, index, 1)
            grid.addWidget(remove, index, 2)
            self.event_rows.append([event, strategy, remove])
        self.events_host.show()

    def design_changed(self, path: str | None) -> None:
        count = len(self.page.session.design.endpoints.estimand.intercurrent_events or [])
        if path == E + "intercurrent_events" or count != len(self.event_rows):
            self.rebuild_events()

    # --- what applies ------------------------------------------------------------------------

    def update_visibility(self, design: Design) -> None:
        """The looks' rows and the assumption groups follow models/applicability.py (the page
        base); the hint stands in for the looks until there are interim analyses."""
        self.looks_hint.setVisible((design.statistics.interim_analyses or 0) == 0)
