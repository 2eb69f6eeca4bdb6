"""One wording for every choice (models/vocabulary.py) and one rule for whether a field applies
(models/applicability.py), read the same way by the Review step's rows (models/summary.py), the
PDF's text (reports/content.py), the comparison (models/compare.py) and the schedule
(models/schedule.py). Qt-free; the wizard's side is in tests/test_pages_vocabulary.py."""

from __future__ import annotations

import inspect

import pytest

import models.design as design_module
from models.applicability import applies
from models.compare import compare_designs
from models.design import (
    Arm,
    Choice,
    Design,
    DoseSchedule,
    Fibroproliferative,
    PostDischargeMeasure,
    ProductKind,
    Route,
)
from models.design_io import copy_design, load_design
from models.resources import resource_path
from models.schedule import build_schedule
from models.summary import design_summary
from models.vocabulary import LABELS, in_prose, label
from reports.content import glance_rows, section_rows

CHOICES = [c for _n, c in inspect.getmembers(design_module, inspect.isclass)
           if issubclass(c, Choice) and c is not Choice]


def example(name: str) -> Design:
    return load_design(resource_path("examples", f"{name}.trial.json"))


def test_every_choice_of_the_format_has_one_label_per_value():
    assert len(CHOICES) > 40
    assert set(LABELS) == set(CHOICES)
    for choices in CHOICES:
        table = LABELS[choices]
        assert list(table) == list(choices), choices.__name__   # every member, in enum order
        words = [label(member) for member in choices]
        assert all(w.strip() and "_" not in w for w in words), words
        assert len(set(words)) == len(words), f"{choices.__name__}: two values read alike"


def test_labels_are_by_type_not_by_json_value():
    # "excluded" is a value of two choices; "none" of two others: each keeps its own words.
    assert label(design_module.Eligibility.EXCLUDED) == "Excluded"
    assert label(design_module.FutilityRule.NONE) == "No futility stopping"
    assert label(design_module.Subphenotype.NONE) == "None"


def test_in_a_sentence_only_the_first_letter_of_a_common_word_changes():
    assert in_prose(Route.INTRAVENOUS) == "intravenous"
    assert in_prose(ProductKind.SECRETOME) == "MSC secretome (conditioned medium)"
    assert in_prose(design_module.Definition.BERLIN_2012) == "Berlin 2012"
    assert in_prose(design_module.SurvivalMethod.SCHOENFELD) == "Schoenfeld (1983)"


def _summary_value(design: Design, path: str) -> str:
    rows = {row.path: row for _t, rows in design_summary(design) for row in rows}
    return rows[path].value


def _pdf_value(design: Design, path_label: str) -> str:
    for _title, _prefixes, rows, _left in section_rows(design):
        for row in rows:
            if row.label == path_label:
                return row.value
    raise AssertionError(f"no PDF row {path_label!r}")


@pytest.mark.parametrize("path, value, words", [
    ("product.kind", ProductKind.MSC_EV, "MSC-derived extracellular vesicles (EV)"),
    ("population.fibroproliferative", Fibroproliferative.REQUIRED_ON_CT,
     "Early fibroproliferation required on CT"),
    ("follow_up.post_discharge_measures",
     [PostDischargeMeasure.EQ_5D, PostDischargeMeasure.HADS, PostDischargeMeasure.IES_R],
     "EQ-5D, HADS, IES-R"),
])
def test_a_choice_reads_the_same_on_the_review_the_pdf_and_the_comparison(path, value, words):
    design = example("core-protocol")
    before = copy_design(design)
    block_path, name = path.rsplit(".", 1)
    setattr(getattr(design, block_path), name, value)
    setattr(getattr(before, block_path), name, None)   # so that the comparison sees a change
    assert _summary_value(design, path) == words
    from models.field_help import field_help

    assert _pdf_value(design, field_help(path).label.replace("&", "")) == words
    change = {c.path: c for c in compare_designs(before, design).fields}[path]
    assert change.new == words


def test_the_pdf_glance_says_the_label_inside_its_sentence():
    design = example("start-like")
    design.product.kind = ProductKind.MSC_EV
    product = {row.label: row.value for row in glance_rows(design, _result(design))}["Product"]
    assert product.startswith("MSC-derived extracellular vesicles (EV), ")


def _result(design):
    from models.guidance import evaluate

    return evaluate(design)


# --- one rule for whether a field applies ------------------------------------------------------


def test_identity_markers_apply_to_a_mapc_product_only():
    design = example("start-like")
    assert design.product.kind is ProductKind.MSC
    assert not applies(design, "product.release.identity_markers")
    design.product.kind = ProductKind.MAPC
    assert applies(design, "product.release.identity_markers")


def test_review_and_pdf_leave_out_the_same_blank_fields_that_do_not_apply():
    design = example("start-like")          # MSC: no EV block, no MAPC identity markers
    rows = {row.path: row for _t, rows in design_summary(design) for row in rows}
    skipped = {p for p, row in rows.items() if not row.shown}
    assert "product.release.identity_markers" in skipped
    assert "product.ev.potency_assay" in skipped
    assert all(not applies(design, p) and rows[p].missing for p in skipped)
    pdf_labels = {row.label for _t, _p, section, _n in section_rows(design) for row in section}
    from models.field_help import field_help

    assert field_help("product.release.identity_markers").label.replace("&", "") \
        not in pdf_labels
    design.product.kind = ProductKind.MAPC  # now they apply: listed, as not decided
    pdf = {row.label: row for _t, _p, section, _n in section_rows(design) for row in section}
    markers = pdf[field_help("product.release.identity_markers").label.replace("&", "")]
    assert markers.missing and markers.value == "not decided"


def test_a_kept_value_that_does_not_apply_is_marked_not_hidden():
    design = example("start-like")
    design.product.release.identity_markers = ["CD105"]   # kept from a MAPC design
    row = {r.path: r for _t, rows in design_summary(design) for r in rows}[
        "product.release.identity_markers"]
    assert row.shown and not row.applies
    from models.field_help import field_help

    pdf = {r.label: r.value for _t, _p, section, _n in section_rows(design) for r in section}
    assert pdf[field_help("product.release.identity_markers").label.replace("&", "")] == \
        "CD105 (does not apply to this design; ignored by the rules)"


def test_the_schedule_gives_an_irregular_arm_its_times_and_no_interval():
    design = Design()
    design.dosing.arms = [Arm(dose_value=1e6, administrations=3, interval_hours=48,
                              schedule=DoseSchedule.IRREGULAR, dose_times_hours=[0, 72, 168])]
    design.dosing.first_dose_within_hours = 48
    schedule = build_schedule(design)
    arm = schedule.activity("Arm")
    assert "h apart" not in arm.label and "at 0, 72, 168 h" in arm.label
    assert schedule.labels_marked(arm) == ["Day 0", "Day 3", "Day 7"]
    design.arms[0].dose_times_hours = None
    notes = build_schedule(design).notes
    assert any("the time of each administration (dose_times_hours) is not decided" in n
               for n in notes), notes
