"""The wizard's design pages (steps 2-7), driven through their widgets as a user would: every field
is entered, saved, reopened and found again; conditional parts show and hide; arms and secondary
endpoints are added and removed; invalid entries are refused with the model unchanged.

Each page is built against a DesignSession and a Binder wired as the main window wires them:
after every change the bound widgets follow (``refresh_all`` for a whole new design), the pages
update their visibility, and the guidance result goes to the pages that show one.
"""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QWidget,
)

from models.design import Arm, Design, field_specs
from models.design_io import load_design, read_field
from models.json_path import spec_for_path
from models.guidance import evaluate
from models.resources import resource_path
from models.session import DesignSession
from ui.binder import Binder, parse_number, parse_number_list
from ui.pages.control import ControlPage
from ui.pages.dosing import DosingPage
from ui.pages.endpoints import EndpointsPage
from ui.pages.follow_up import FollowUpPage
from ui.pages.population import PopulationPage
from ui.pages.product import ProductPage

PAGES = [ProductPage, DosingPage, PopulationPage, ControlPage, EndpointsPage, FollowUpPage]
EXAMPLE = resource_path("examples", "core-protocol.trial.json")


# --- building pages as the window does -------------------------------------------------------


class Harness:
    """One session, one binder and the pages built on them, wired like the main window. The
    window may build a page after it has subscribed to the session (pages are built on first
    visit): ``window_first`` does the same."""

    def __init__(self, qtbot, classes, design: Design | None = None, window_first=False):
        self.session = DesignSession(design)
        self.binder = Binder(self.session)
        if window_first:
            self.session.subscribe(self._changed)
        self.pages = [cls(self.binder, self.session) for cls in classes]
        for page in self.pages:
            qtbot.addWidget(page)
            page.resize(900, 900)
            page.show()
        if not window_first:
            self.session.subscribe(self._changed)
        self._changed(None)

    def _changed(self, path):
        if path is None:
            self.binder.refresh_all()
        for page in self.pages:
            page.update_visibility()
        result = evaluate(self.session.design)
        for page in self.pages:
            if hasattr(page, "show_result"):
                page.show_result(result)

    @property
    def page(self):
        return self.pages[0]

    def widget(self, path: str) -> QWidget:
        widget = self.binder.widget_for(path)
        assert widget is not None, f"no widget bound to {path}"
        return widget


# --- entering and reading values through widgets ---------------------------------------------


def _choices(path: str) -> list[str]:
    return [member.value for member in spec_for_path(path).item]


def type_text(qtbot, widget: QWidget, text: str) -> None:
    """Key presses, one per character (QTest.keyClicks takes ASCII only)."""
    for char in text:
        if char.isascii():
            qtbot.keyClicks(widget, char)
        else:
            QTest.sendKeyEvent(QTest.KeyAction.Click, widget, Qt.Key.Key_unknown, char,
                               Qt.KeyboardModifier.NoModifier)


def enter(qtbot, harness: Harness, path: str, value) -> None:
    """Put a JSON-like value into the field's widget the way a user would."""
    widget = harness.widget(path)
    if isinstance(widget, QLineEdit):
        if isinstance(value, list):
            text = ", ".join(str(v) for v in value)
        else:
            text = str(value)
        widget.setFocus()
        widget.selectAll()
        qtbot.keyClick(widget, Qt.Key.Key_Backspace)
        type_text(qtbot, widget, text)
        qtbot.keyClick(widget, Qt.Key.Key_Tab)
    elif isinstance(widget, QPlainTextEdit):
        widget.setPlainText("\n".join(value) if isinstance(value, list) else value)
    elif isinstance(widget, QComboBox):
        index = next(i for i in range(widget.count()) if widget.itemData(i) == value
                     and type(widget.itemData(i)) is type(value))
        widget.setCurrentIndex(index)
        widget.activated.emit(index)
    else:  # a group of check boxes, in the order of the choices
        for check, choice in zip(widget.findChildren(QCheckBox), _choices(path)):
            if check.isChecked() != (choice in value):
                # click() rather than a mouse click: the format-3 groups sit below the test
                # window's viewport, where a mouse click lands nowhere (as for "add event").
                check.click()


def shown(harness: Harness, path: str):
    """The JSON-like value the field's widget shows."""
    widget = harness.widget(path)
    spec = spec_for_path(path)
    if isinstance(widget, QLineEdit):
        if spec.kind == "list":
            return parse_number_list(widget.text())
        if spec.kind == "number":
            return parse_number(widget.text())
        return widget.text() or None
    if isinstance(widget, QPlainTextEdit):
        if spec.kind == "list":
            return [line for line in widget.toPlainText().splitlines() if line.strip()] or None
        return widget.toPlainText() or None
    if isinstance(widget, QComboBox):
        return widget.currentData()
    chosen = [choice for check, choice in zip(widget.findChildren(QCheckBox), _choices(path))
              if check.isChecked()]
    return chosen or None


def typed(path: str, value):
    """The design's value for what was entered (a number may be typed as text, e.g. '4e8')."""
    if isinstance(value, str) and spec_for_path(path).kind == "number":
        value = parse_number(value)
    return read_field(path, value)


# --- what each page's round trip enters (in this order; later entries win) -------------------

PRODUCT_STEPS = [
    ("product.kind", "msc"),
    ("product.tissue_source", "bone_marrow"),
    ("product.donor", "allogeneic"),
    ("product.cryopreserved", True),
    ("product.characterization.isolation", "Explant culture of Wharton's jelly"),
    ("product.characterization.processing", "Expansion in xeno-free medium; passage ≤ 4"),
    ("product.characterization.culture_supplement", "human_platelet_lysate"),
    ("product.characterization.max_passage", 4),
    ("product.characterization.isct_markers", True),
    ("product.characterization.plastic_adherence", False),
    ("product.characterization.trilineage_differentiation", True),
    ("product.characterization.viability_at_administration", True),
    ("product.characterization.viability_min_pct", 72.5),
    ("product.characterization.potency_assay", "IDO activity after IFN-γ licensing"),
    ("product.characterization.thaw_to_infusion_max_min", 45),
    ("product.characterization.vehicle", "Plasma-Lyte 148 & 4% albumin <b>"),
    ("product.characterization.infusion_duration_min", 60),
    ("product.kind", "msc_ev"),
    ("product.ev.source_amount_reported", True),
    ("product.ev.quantification_methods", ["particle_count", "total_protein"]),
    ("product.ev.transmembrane_markers", ["CD9", "CD63"]),
    ("product.ev.cytosolic_markers", ["TSG101"]),
    ("product.ev.contaminant_markers", ["calnexin"]),
    ("product.ev.single_vesicle_imaging", "electron_microscopy"),
    ("product.ev.single_particle_method", "nta"),
    ("product.ev.parent_cells_characterized", False),
    ("product.ev.potency_assay", "Macrophage polarisation"),
    # Format 3 (docs/design-format-v3.md).
    ("product.release.potency_matrix", ["immunosuppression", "barrier_repair"]),
    ("product.release.potency_lot_release", True),
    ("product.release.dose_basis", "viable_cells"),
    ("product.release.sterility", True),
    ("product.release.mycoplasma", False),
    ("product.release.endotoxin_max_eu_per_kg", 0.5),
    ("product.release.dmso_max_pct", 5),
    ("product.release.lot_traceability", True),
    ("product.release.identity_markers", ["CD49d+", "HLA-DR-"]),
]

DOSING_STEPS = [
    ("dosing.weight_basis", "actual"),
    ("dosing.max_weight_kg", 150),
    ("dosing.first_dose_within_hours", 48),
    ("add arm", None),
    ("add arm", None),
    ("dosing.arms[0].label", "Low & <slow>"),
    ("dosing.arms[0].dose_unit", "cells"),
    ("dosing.arms[0].dose_value", "4e8"),
    ("dosing.arms[0].administrations", 2),
    ("dosing.arms[0].interval_hours", 72),
    ("dosing.arms[0].route", "intravenous"),
    ("dosing.arms[1].label", "High"),
    ("dosing.arms[1].dose_unit", "cells_per_kg"),
    ("dosing.arms[1].dose_value", 10000000),
    ("dosing.arms[1].administrations", 3),
    ("dosing.arms[1].interval_hours", 48),
    ("dosing.arms[1].route", "inhaled"),
    # Format 3 (docs/design-format-v3.md).
    ("dosing.arms[1].schedule", "irregular"),
    ("dosing.arms[1].dose_times_hours", [0, 72, 168]),
    ("dosing.randomisation_to_dose_max_hours", 6),
    ("dosing.predose_stability", "No rise in vasopressors in the past 2 h"),
    ("dosing.not_dosed_plan", "analysed_as_randomised"),
]

POPULATION_STEPS = [
    ("population.setting", "mixed"),
    ("population.definition", "global_2024"),
    ("population.respiratory_support", ["invasive_ventilation", "high_flow_nasal_oxygen"]),
    ("population.pf_ratio_max", 300),
    ("population.sf_ratio_max", 315),
    ("population.peep_min", 5),
    ("population.hfno_flow_min", 30),
    ("population.onset_window_hours", 72),
    ("population.age_min", 18),
    ("population.age_max", 80),
    ("population.subphenotype", "stratified"),
    ("population.classifier", "IL-8, bicarbonate and protein C (Sinha 2020)"),
    ("population.fibroproliferative", "excluded"),
    ("population.exclude_recent_malignancy", False),
    ("population.prespecified_subgroups", ["age under 65 years", "COVID-19"]),
    # Format 3 (docs/design-format-v3.md).
    ("population.max_hours_from_intubation", 48),
    ("population.pregnancy", "excluded"),
    ("population.ecmo_at_baseline", "eligible"),
    ("population.consent_model", ["surrogate", "deferred"]),
    ("population.enrichment", ["crp"]),
    ("population.enrichment_criteria", "CRP of at least 100 mg/L"),
]

CONTROL_STEPS = [
    ("control.type", "placebo"),
    ("control.placebo", "Plasma-Lyte 148, identical bag"),
    ("control.blinding", "double"),
    ("control.allocation_ratio", [2, 1]),
    ("care.protocolised", True),
    ("care.elements", ["lung_protective_ventilation", "prone_positioning"]),
    ("care.immunomodulators", "recorded"),
    # Format 3 (docs/design-format-v3.md).
    ("control.stratification_factors", ["centre", "severity"]),
    ("care.corticosteroids", "recorded"),
    ("care.peep_strategy", "higher_peep_table"),
    ("care.neuromuscular_blockade", "protocolised"),
    ("care.prone_positioning", "protocolised"),
    ("care.ecmo", "not_addressed"),
]

ENDPOINTS_STEPS = [
    ("endpoints.primary.kind", "mortality"),
    ("endpoints.primary.timepoint_days", 28),
    ("endpoints.primary.description", "All-cause mortality at day 28"),
    ("statistics.alpha", 0.05),
    ("statistics.sided", 1),
    ("statistics.power", 0.9),
    ("statistics.dropout_pct", 10),
    ("statistics.binary.control_rate", 0.4),
    ("statistics.binary.treatment_rate", 0.25),
    ("statistics.binary.method", "continuity_corrected"),
    ("endpoints.primary.kind", "ventilator_free_days"),
    ("statistics.continuous.mean_difference", 3),
    ("statistics.continuous.sd", 10.5),
    ("statistics.planned_total_n", 300),
    ("statistics.interim_analyses", 1),
    ("statistics.group_sequential.info_rates", [0.5, 1]),
    ("statistics.group_sequential.efficacy", "ld_obf"),
    ("statistics.group_sequential.futility", "fixed_z"),
    ("statistics.group_sequential.futility_z", 0),
    ("statistics.analysis", "time_to_event"),
    ("statistics.time_to_event.hazard_ratio", 0.7),
    ("statistics.time_to_event.control_event_rate", 0.3),
    ("statistics.time_to_event.accrual_months", 24),
    ("statistics.time_to_event.follow_up_months", 3),
    ("statistics.time_to_event.method", "freedman"),
    ("statistics.analysis", "ordinal"),
    ("statistics.ordinal.categories", ["dead", "ventilated at day 28", "alive, free"]),
    ("statistics.ordinal.control_probabilities", [0.3, 0.2, 0.5]),
    ("statistics.ordinal.odds_ratio", 1.5),
    ("endpoints.estimand.population", "all randomised patients"),
    ("endpoints.estimand.variable", "VFD to day 28, death scoring 0"),
    ("endpoints.estimand.summary_measure", "common_odds_ratio"),
    ("add event", None),
    ("endpoints.estimand.intercurrent_events[0].event", "death before day 28"),
    ("endpoints.estimand.intercurrent_events[0].strategy", "composite"),
    ("endpoints.vfd.horizon_days", 28),
    ("endpoints.vfd.death_counts_as_zero", True),
    ("endpoints.vfd.day_zero", "first_dose"),
    ("endpoints.vfd.counts_as_ventilation", ["invasive_ventilation"]),
    ("endpoints.vfd.liberation_rule", "unassisted breathing for 48 h"),
    ("add secondary", None),
    ("add secondary", None),
    ("endpoints.secondary[0].kind", "mortality"),
    ("endpoints.secondary[0].timepoint_days", 90),
    ("endpoints.secondary[0].description", "90-day mortality"),
    ("endpoints.secondary[1].kind", "safety"),
    ("endpoints.secondary[1].timepoint_days", 7),
    ("endpoints.secondary[1].description", "Infusion events within 6 h"),
    # Format 3 (docs/design-format-v3.md).
    ("endpoints.core_outcomes", ["extubation", "mortality"]),
    ("endpoints.co_primary", ["ventilator_free_days"]),
    ("endpoints.co_primary_rule", "all_must_succeed"),
    ("endpoints.pooling_mortality_days", 90),
]

FOLLOW_UP_STEPS = [
    ("sampling.blood", True),
    ("sampling.bal", False),
    ("sampling.timepoints_days", [0, 2, 7]),
    ("follow_up.months", 24),
    ("follow_up.malignancy_surveillance", True),
    ("follow_up.fibrosis_assessment", False),
    ("follow_up.functional_outcomes", True),
    ("safety.infusion_events_prespecified", True),
    ("safety.dsmb", False),
    # Format 3 (docs/design-format-v3.md).
    ("follow_up.post_discharge_measures", ["eq_5d", "hads", "ies_r"]),
    ("follow_up.malignancy_detection", ["cancer_registry"]),
    ("follow_up.baseline_cancer_history", True),
    ("follow_up.fibrosis_imaging_months", [6, 12]),
    ("safety.dsmb_charter", ["independent_members", "safety_stopping_rule"]),
    ("safety.safety_stopping_rule", "Pause after 2 serious infusion events"),
]

ROUND_TRIPS = {
    ProductPage: PRODUCT_STEPS, DosingPage: DOSING_STEPS, PopulationPage: POPULATION_STEPS,
    ControlPage: CONTROL_STEPS, EndpointsPage: ENDPOINTS_STEPS, FollowUpPage: FOLLOW_UP_STEPS,
}
# The Trial step (meta.*, statistics.phase) is the lead's page and has its own tests.
TRIAL_STEP_FIELDS = {"statistics.phase"} | {f"meta.{name}" for name in field_specs(
    type(Design().meta))}


def _do(qtbot, harness: Harness, path: str, value) -> None:
    if path == "add arm":
        qtbot.mouseClick(harness.page.add_arm_button, Qt.MouseButton.LeftButton)
    elif path == "add secondary":
        qtbot.mouseClick(harness.page.add_secondary_button, Qt.MouseButton.LeftButton)
    elif path == "add event":
        # Far down the page, below the 900-pixel viewport a mouse click would land in.
        harness.page.phase3.add_event_button.click()
    else:
        enter(qtbot, harness, path, value)
        widget = harness.widget(path)
        assert not widget.property("invalid"), (path, widget.toolTip())
        assert harness.session.get(path) == typed(path, value), path


def _leaf_paths(cls=Design, prefix="") -> set[str]:
    paths = set()
    for name, spec in field_specs(cls).items():
        if spec.kind == "block":
            paths |= _leaf_paths(spec.item, f"{prefix}{name}.")
        elif spec.kind == "blocks":
            paths |= _leaf_paths(spec.item, f"{prefix}{name}[].")
        else:
            paths.add(prefix + name)
    return paths


def test_round_trips_cover_every_field_of_the_format():
    entered = {re.sub(r"\[\d+\]", "[]", path) for steps in ROUND_TRIPS.values()
               for path, _ in steps if "." in path}
    assert entered | TRIAL_STEP_FIELDS == _leaf_paths()


@pytest.mark.parametrize("cls", PAGES, ids=lambda cls: cls.step_key)
def test_page_round_trip_through_widgets_and_file(qtbot, tmp_path, cls):
    harness = Harness(qtbot, [cls])
    if cls is ControlPage:
        harness.session.add_arm()
        harness.session.set_value("dosing.arms[0].label", "Two doses")
    steps = ROUND_TRIPS[cls]
    for path, value in steps:
        _do(qtbot, harness, path, value)
    final = {path: value for path, value in steps if "." in path}
    for path, value in final.items():
        assert harness.session.get(path) == typed(path, value), path

    saved = harness.session.save(tmp_path / "design.trial.json")
    reopened = Harness(qtbot, [cls], load_design(saved))
    for path, value in final.items():
        assert reopened.session.get(path) == typed(path, value), path
        assert shown(reopened, path) == typed(path, value) or \
            typed(path, shown(reopened, path)) == typed(path, value), path


@pytest.mark.parametrize("cls", PAGES, ids=lambda cls: cls.step_key)
@pytest.mark.parametrize("example", [None] + sorted(
    path.name for path in resource_path("examples").glob("*.trial.json")))
def test_page_builds_and_shows_every_example(qtbot, cls, example):
    design = load_design(resource_path("examples", example)) if example else None
    harness = Harness(qtbot, [cls], design)
    harness.page.grab()  # paints without a Qt warning (warnings fail the test)
    for path in harness.binder.paths():
        if path in ("dosing.arms", "endpoints.secondary", "endpoints.estimand.intercurrent_events"):
            continue  # the list editors themselves, not fields
        value = harness.session.get(path)
        assert typed(path, shown(harness, path)) == value, path


@pytest.mark.parametrize("window_first", [False, True])
def test_opening_another_design_rebuilds_the_lists(qtbot, window_first):
    harness = Harness(qtbot, [DosingPage, ControlPage, EndpointsPage], load_design(EXAMPLE),
                      window_first=window_first)
    dosing, control, endpoints = harness.pages
    assert len(dosing.arm_editors) == 2
    assert len(endpoints.secondary_rows) == 4
    harness.session.new()
    assert dosing.arm_editors == [] and endpoints.secondary_rows == []
    assert harness.binder.widget_for("dosing.arms[0].label") is None
    assert harness.widget("control.allocation_ratio").text() == ""
    harness.session.new(load_design(EXAMPLE))
    assert len(dosing.arm_editors) == 2
    assert harness.widget("dosing.arms[1].label").text() == "Three doses"


# --- arms and the allocation ratio -----------------------------------------------------------


@pytest.mark.parametrize("window_first", [False, True])
def test_adding_and_removing_arms_keeps_the_allocation_ratio_in_step(qtbot, window_first):
    design = Design()
    design.dosing.arms = [Arm(label="Two doses")]
    design.control.allocation_ratio = [2.0, 1.0]
    harness = Harness(qtbot, [DosingPage, ControlPage], design, window_first=window_first)
    dosing, control = harness.pages
    ratio = harness.widget("control.allocation_ratio")
    assert ratio.text() == "2, 1"
    assert control.order_label.text() == "Order: Two doses, control"

    qtbot.mouseClick(dosing.add_arm_button, Qt.MouseButton.LeftButton)
    assert harness.session.design.control.allocation_ratio == [2.0, 1.0, 1.0]
    assert ratio.text() == "2, 1, 1"
    assert control.order_label.text() == "Order: Two doses, arm 2, control"
    assert len(dosing.arm_editors) == 2
    enter(qtbot, harness, "dosing.arms[1].label", "Three doses")
    assert control.order_label.text() == "Order: Two doses, Three doses, control"
    assert dosing.arm_editors[1].title() == "Arm 2: Three doses"

    qtbot.mouseClick(dosing.arm_editors[0].remove_button, Qt.MouseButton.LeftButton)
    assert [a.label for a in harness.session.design.arms] == ["Three doses"]
    assert harness.session.design.control.allocation_ratio == [1.0, 1.0]
    assert ratio.text() == "1, 1"
    assert control.order_label.text() == "Order: Three doses, control"
    assert harness.widget("dosing.arms[0].label").text() == "Three doses"
    assert harness.binder.widget_for("dosing.arms[1].label") is None

    qtbot.mouseClick(dosing.arm_editors[0].remove_button, Qt.MouseButton.LeftButton)
    assert harness.session.design.dosing.arms is None
    assert harness.session.design.control.allocation_ratio is None
    assert ratio.text() == ""
    assert "control only" in control.order_label.text()


def test_a_finding_about_the_arms_focuses_the_add_arm_button(qtbot):
    harness = Harness(qtbot, [DosingPage])
    dosing = harness.page
    container = harness.widget("dosing.arms")
    assert container.focusProxy() is dosing.add_arm_button
    findings = evaluate(harness.session.design).findings
    assert any("dosing.arms" in f.fields for f in findings)
    dosing.activateWindow()
    qtbot.waitUntil(lambda: dosing.isActiveWindow())
    container.setFocus()
    assert dosing.add_arm_button.hasFocus()


def test_new_arm_gets_the_focus_and_the_tab_order_follows_the_arms(qtbot):
    harness = Harness(qtbot, [DosingPage])
    dosing = harness.page
    dosing.activateWindow()
    qtbot.waitUntil(lambda: dosing.isActiveWindow())
    qtbot.keyClick(dosing.add_arm_button, Qt.Key.Key_Space)
    qtbot.keyClick(dosing.add_arm_button, Qt.Key.Key_Space)
    second_label = harness.widget("dosing.arms[1].label")
    assert second_label.hasFocus()
    dosing.first_dose.setFocus()
    # The administration times apply to an irregular schedule only (models/applicability.py):
    # hidden, they are not in the tab order.
    assert not harness.widget("dosing.arms[0].dose_times_hours").isVisible()
    expected = [harness.widget(f"dosing.arms[0].{name}") for name in
                ("label", "dose_value", "dose_unit", "administrations", "interval_hours",
                 "route", "schedule")] + [
        dosing.arm_editors[0].remove_button, second_label]
    assert QApplication.focusWidget() is dosing.first_dose
    for widget in expected:
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        assert QApplication.focusWidget() is widget


def test_secondary_endpoint_rows_follow_the_primary_endpoint_in_tab_order(qtbot):
    harness = Harness(qtbot, [EndpointsPage])
    page = harness.page
    page.activateWindow()
    qtbot.waitUntil(lambda: page.isActiveWindow())
    qtbot.mouseClick(page.add_secondary_button, Qt.MouseButton.LeftButton)
    assert harness.widget("endpoints.secondary[0].kind").hasFocus()
    page.primary_description.setFocus()
    expected = [harness.widget(f"endpoints.secondary[0].{name}") for name in
                ("kind", "timepoint_days", "description")] + [
        page.secondary_rows[0][-1], page.add_secondary_button,
        # Format 3: the core outcome set's first check box, then on to the statistics.
        harness.widget("endpoints.core_outcomes").focusProxy()]
    for widget in expected:
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        assert QApplication.focusWidget() is widget


def test_arm_dose_line_converts_flat_doses_and_names_the_assumed_weight(qtbot):
    harness = Harness(qtbot, [DosingPage])
    qtbot.mouseClick(harness.page.add_arm_button, Qt.MouseButton.LeftButton)
    enter(qtbot, harness, "dosing.arms[0].dose_unit", "cells")
    enter(qtbot, harness, "dosing.arms[0].dose_value", "4e8")
    enter(qtbot, harness, "dosing.arms[0].administrations", 2)
    summary = harness.page.arm_editors[0].summary.text()
    assert "= 3.33 × 10⁶ cells/kg at 120 kg (assumed: no maximum weight set)" in summary
    assert "Cumulative: 8 × 10⁸ cells over 2 administrations" in summary
    enter(qtbot, harness, "dosing.max_weight_kg", 160)
    enter(qtbot, harness, "dosing.first_dose_within_hours", 72)
    enter(qtbot, harness, "dosing.arms[0].interval_hours", 96)
    summary = harness.page.arm_editors[0].summary.text()
    assert "= 2.5 × 10⁶ cells/kg at 160 kg (the heaviest eligible patient)" in summary
    assert "Last dose: at most 168 h (7 days) after ARDS onset" in summary


# --- conditional parts -----------------------------------------------------------------------


def test_product_groups_follow_the_kind_and_keep_their_values(qtbot):
    harness = Harness(qtbot, [ProductPage])
    page = harness.page
    assert page.cell_group.isVisible() and not page.ev_group.isVisible()
    enter(qtbot, harness, "product.characterization.vehicle", "Plasma-Lyte")
    enter(qtbot, harness, "product.kind", "secretome")
    assert not page.cell_group.isVisible() and page.ev_group.isVisible()
    assert harness.session.design.product.characterization.vehicle == "Plasma-Lyte"
    enter(qtbot, harness, "product.kind", "mapc")
    assert page.cell_group.isVisible() and not page.ev_group.isVisible()
    assert harness.widget("product.characterization.vehicle").text() == "Plasma-Lyte"


def test_population_conditional_fields(qtbot):
    harness = Harness(qtbot, [PopulationPage])
    peep, hfno, classifier = (harness.widget(f"population.{n}") for n in
                              ("peep_min", "hfno_flow_min", "classifier"))
    assert not peep.isVisible() and not hfno.isVisible() and not classifier.isVisible()
    enter(qtbot, harness, "population.respiratory_support", ["noninvasive_ventilation"])
    assert peep.isVisible() and not hfno.isVisible()
    enter(qtbot, harness, "population.peep_min", 5)
    enter(qtbot, harness, "population.respiratory_support", ["high_flow_nasal_oxygen"])
    assert not peep.isVisible() and hfno.isVisible()
    assert harness.session.design.population.peep_min == 5   # hidden, kept
    label_for_peep = [label for label in harness.page.findChildren(QLabel)
                      if label.buddy() is peep]
    assert label_for_peep and not label_for_peep[0].isVisible()
    for strategy, visible in (("stratified", True), ("none", False),
                              ("enriched_hyperinflammatory", True)):
        enter(qtbot, harness, "population.subphenotype", strategy)
        assert classifier.isVisible() is visible


def test_placebo_description_only_for_a_placebo_control(qtbot):
    harness = Harness(qtbot, [ControlPage])
    placebo = harness.widget("control.placebo")
    assert not placebo.isVisible()
    enter(qtbot, harness, "control.type", "placebo")
    assert placebo.isVisible()
    enter(qtbot, harness, "control.placebo", "Saline")
    enter(qtbot, harness, "control.type", "standard_care")
    assert not placebo.isVisible()
    assert harness.session.design.control.placebo == "Saline"


def test_endpoint_blocks_follow_the_endpoints(qtbot):
    harness = Harness(qtbot, [EndpointsPage])
    page = harness.page
    assert not page.vfd_group.isVisible()
    assert not page.binary_group.isVisible() and not page.continuous_group.isVisible()
    assert page.assumptions_hint.isVisible()
    enter(qtbot, harness, "endpoints.primary.kind", "mortality")
    assert page.binary_group.isVisible() and not page.continuous_group.isVisible()
    assert not page.vfd_group.isVisible()
    qtbot.mouseClick(page.add_secondary_button, Qt.MouseButton.LeftButton)
    enter(qtbot, harness, "endpoints.secondary[0].kind", "ventilator_free_days")
    assert page.vfd_group.isVisible()
    enter(qtbot, harness, "endpoints.primary.kind", "oxygenation")
    assert page.continuous_group.isVisible() and not page.binary_group.isVisible()
    enter(qtbot, harness, "endpoints.primary.kind", "ordinal")
    assert not page.continuous_group.isVisible() and page.assumptions_hint.isVisible()
    qtbot.mouseClick(page.secondary_rows[0][-1], Qt.MouseButton.LeftButton)
    assert harness.session.design.endpoints.secondary is None
    assert not page.vfd_group.isVisible()


# --- the sample size box ---------------------------------------------------------------------


def _sample_size_text(page: EndpointsPage) -> str:
    return "\n".join(label.text() for label in page.sample_size_labels.values()
                     if label.isVisible())


def test_sample_size_box_follows_every_change(qtbot):
    harness = Harness(qtbot, [EndpointsPage], load_design(EXAMPLE))
    page = harness.page
    text = _sample_size_text(page)
    # The example plans two interim looks (S-1): the computed n is the group-sequential maximum.
    # With two active arms the plan inflates the Bonferroni fixed sample (295 evaluable per arm
    # x 1.0085 = 298, / 0.95 dropout = 314), and says so.
    assert text.startswith("Computed: 942 in total (314 + 314 + 314; control first) with 3 "
                           "looks, the maximum of the group-sequential plan (fixed-sample 933 in "
                           "total (311 + 311 + 311; control first) by the pooled-variance normal "
                           "approximation, Bonferroni-adjusted")
    assert "target: 1200." in text
    assert "pooled-variance normal approximation" in text
    assert "Formula: n_control" in text and "Reference: Fleiss JL" in text

    enter(qtbot, harness, "statistics.power", 0.9)
    text = _sample_size_text(page)
    assert "Computed: 918" not in text and "90% power" in text

    enter(qtbot, harness, "statistics.planned_total_n", 200)
    assert "Warning (E-2): The plan enrols 200 patients" in _sample_size_text(page)

    enter(qtbot, harness, "statistics.binary.treatment_rate", 0.4)
    assert "The sample size cannot be computed:" in _sample_size_text(page)

    harness.widget("statistics.alpha").selectAll()
    qtbot.keyClick(harness.widget("statistics.alpha"), Qt.Key.Key_Backspace)
    assert harness.session.design.statistics.alpha is None
    assert "Still needed for the computed n: Alpha." in _sample_size_text(page)

    enter(qtbot, harness, "endpoints.primary.kind", "safety")
    assert "No computed n" in _sample_size_text(page)

    enter(qtbot, harness, "endpoints.primary.kind", "ventilator_free_days")
    text = _sample_size_text(page)
    assert "Still needed for the computed n: Alpha, Mean difference, Standard deviation." in text
    assert "bimodal" in text


def test_sidedness_writes_one_or_two(qtbot):
    harness = Harness(qtbot, [EndpointsPage])
    enter(qtbot, harness, "statistics.sided", 1)
    assert harness.session.design.statistics.sided == 1
    enter(qtbot, harness, "statistics.sided", 2)
    assert harness.session.design.statistics.sided == 2
    enter(qtbot, harness, "statistics.sided", None)
    assert harness.session.design.statistics.sided is None


# --- invalid input ---------------------------------------------------------------------------


@pytest.mark.parametrize("cls, path, start, text", [
    (DosingPage, "dosing.max_weight_kg", None, "20"),
    (DosingPage, "dosing.max_weight_kg", 120, "20"),
    (DosingPage, "dosing.first_dose_within_hours", 72, "800"),
    (DosingPage, "dosing.max_weight_kg", 120, "heavy"),
    (PopulationPage, "population.pf_ratio_max", 200, "750"),
    (ProductPage, "product.characterization.max_passage", 4, "2.5"),
    (EndpointsPage, "statistics.power", 0.8, "1"),
    (EndpointsPage, "statistics.alpha", 0.05, "0.6"),
    (FollowUpPage, "sampling.timepoints_days", [0, 7], "0, -1"),
    (FollowUpPage, "follow_up.months", 24, "250"),
    (ControlPage, "control.allocation_ratio", [1, 1], "1, 0"),
])
def test_invalid_input_is_refused_and_marked(qtbot, cls, path, start, text):
    harness = Harness(qtbot, [cls])
    if start is not None:
        enter(qtbot, harness, path, start)
    widget = harness.widget(path)
    before = harness.session.get(path)
    rejected = []
    harness.binder.rejected.connect(lambda p, message: rejected.append((p, message)))
    widget.setFocus()
    widget.selectAll()
    if start is None:
        type_text(qtbot, widget, text)      # every keystroke is refused
    else:
        widget.setText(text)                # as pasted: one edit
        widget.textEdited.emit(text)
    assert widget.property("invalid") is True
    assert rejected and rejected[-1][0] == path
    assert widget.toolTip().startswith(path)  # the reason, in place of the help
    assert harness.session.get(path) == before
    qtbot.keyClick(widget, Qt.Key.Key_Tab)
    assert widget.text() == text            # the entry stays for the user to correct


def test_arm_dose_above_the_unit_limit_is_refused(qtbot):
    harness = Harness(qtbot, [DosingPage])
    qtbot.mouseClick(harness.page.add_arm_button, Qt.MouseButton.LeftButton)
    enter(qtbot, harness, "dosing.arms[0].dose_unit", "ml")
    widget = harness.widget("dosing.arms[0].dose_value")
    widget.setFocus()
    qtbot.keyClicks(widget, "5000")
    assert widget.property("invalid") is True
    assert harness.session.design.arms[0].dose_value == 500   # the last accepted keystroke


def test_age_range_is_checked_across_fields(qtbot):
    harness = Harness(qtbot, [PopulationPage])
    enter(qtbot, harness, "population.age_max", 60)
    widget = harness.widget("population.age_min")
    widget.setFocus()
    qtbot.keyClicks(widget, "70")
    assert widget.property("invalid") is True
    assert harness.session.design.population.age_min == 7


# --- keyboard and names ----------------------------------------------------------------------


def _mnemonics(page: QWidget) -> list[str]:
    texts = [label.text() for label in page.findChildren(QLabel)
             if label.buddy() is not None and label.isVisibleTo(page)]
    texts += [w.text() for w in page.findChildren(QPushButton) if w.isVisibleTo(page)]
    texts += [w.title() for w in page.findChildren(QGroupBox) if w.isVisibleTo(page)]
    found = []
    for text in texts:
        match = re.search(r"&([^&])", text.replace("&&", ""))
        if match:
            found.append(match.group(1).lower())
    return found


@pytest.mark.parametrize("cls, changes", [
    (ProductPage, {"product.kind": "msc"}),
    (ProductPage, {"product.kind": "msc_ev"}),
    (DosingPage, {}),
    (PopulationPage, {"population.respiratory_support": ["invasive_ventilation",
                                                         "high_flow_nasal_oxygen"],
                      "population.subphenotype": "stratified"}),
    (ControlPage, {"control.type": "placebo"}),
    (EndpointsPage, {"endpoints.primary.kind": "mortality"}),
    (EndpointsPage, {"endpoints.primary.kind": "ventilator_free_days"}),
    (FollowUpPage, {}),
])
def test_mnemonics_are_unique_on_each_page(qtbot, cls, changes):
    harness = Harness(qtbot, [cls])
    for path, value in changes.items():
        harness.session.set_value(path, value)
    if cls is DosingPage:
        harness.session.add_arm()
    if cls is EndpointsPage:
        harness.session.add_secondary_endpoint()
    letters = _mnemonics(harness.page)
    assert len(letters) == len(set(letters)), sorted(letters)
    # The window's own mnemonics: &Back, &Next and the menus &File, &View, &Settings, &Help.
    assert not set(letters) & set("bnfvsh")


@pytest.mark.parametrize("cls", PAGES, ids=lambda cls: cls.step_key)
def test_every_bound_widget_has_an_accessible_name(qtbot, cls):
    harness = Harness(qtbot, [cls], load_design(EXAMPLE))
    for path in harness.binder.paths():
        widget = harness.widget(path)
        assert widget.accessibleName(), path
        assert "_" not in widget.accessibleName(), path
        for check in widget.findChildren(QCheckBox):
            assert check.accessibleName() == check.text()


# --- fields bound from the schema (issue 16, structure 3) ---------------------------------------


def test_a_field_is_bound_from_its_kind_in_the_schema_and_its_words_in_the_help_file(qtbot):
    from PySide6.QtWidgets import QCheckBox, QComboBox, QLineEdit, QPlainTextEdit

    from ui.pages.base import Page

    class Bare(Page):
        def build(self) -> None:
            pass

    session = DesignSession(Design())
    page = Bare(Binder(session), session)
    qtbot.addWidget(page)
    _, form = page.section("Fields")
    for path in ("product.kind", "product.cryopreserved", "follow_up.months", "meta.acronym",
                 "meta.notes", "population.respiratory_support", "sampling.timepoints_days",
                 "population.prespecified_subgroups"):
        page.field(form, path)
    widget = page.binder.widget_for
    assert isinstance(widget("product.kind"), QComboBox)
    flag = widget("product.cryopreserved")
    assert [flag.itemText(i) for i in range(flag.count())][1:] == ["Cryopreserved", "Fresh"]
    assert isinstance(widget("follow_up.months"), QLineEdit)
    assert widget("follow_up.months").placeholderText() == "not decided, e.g. 24"
    assert isinstance(widget("meta.acronym"), QLineEdit)
    assert isinstance(widget("meta.notes"), QPlainTextEdit)          # multiline = true
    assert len(widget("population.respiratory_support").findChildren(QCheckBox)) == 4
    assert isinstance(widget("sampling.timepoints_days"), QLineEdit)
    assert isinstance(widget("population.prespecified_subgroups"), QPlainTextEdit)
    with pytest.raises(ValueError, match="endpoints.primary: a block field"):
        page.field(form, "endpoints.primary")
