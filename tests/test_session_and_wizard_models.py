"""The wizard's models without a screen: steps, session edits, autosave and recovery, summary."""

from __future__ import annotations

import pytest

from models.autosave import discard_autosave, pending_recovery, write_autosave
from models.design import Design, DoseUnit
from models.design_io import DesignFileError, load_design, save_design
from models.guidance import Severity, evaluate
from models.resources import resource_path
from models.session import DesignSession, EditRejected
from models.summary import NOT_DECIDED, design_summary
from models.wizard import STEPS, findings_by_step, step_badge, step_for_path
from rule_helpers import complete_example

EXAMPLE = resource_path("examples", "stroma-cov-2-like.trial.json")


@pytest.mark.parametrize("path, step", [
    ("meta.title", "trial"), ("statistics.phase", "trial"), ("statistics.alpha", "endpoints"),
    ("statistics.binary.control_rate", "endpoints"), ("product.ev.potency_assay", "product"),
    ("dosing.arms[2].route", "dosing"), ("dosing.arms", "dosing"),
    ("population.peep_min", "population"), ("care.elements", "control"),
    ("control.allocation_ratio", "control"), ("endpoints.vfd.day_zero", "endpoints"),
    ("sampling.bal", "follow_up"), ("safety.dsmb", "follow_up"), ("follow_up.months", "follow_up"),
])
def test_every_field_belongs_to_a_step(path, step):
    assert step_for_path(path).key == step


def test_steps_are_the_eight_of_the_product():
    assert [s.title for s in STEPS] == [
        "Trial", "Product", "Dose and regimen", "Population", "Control and care",
        "Endpoints and sample size", "Biosamples, follow-up and safety", "Review"]


def test_findings_by_step_counts_each_finding_once_plus_review(tmp_path):
    result = evaluate(load_design(complete_example(EXAMPLE.name, tmp_path)))
    counts = findings_by_step(result)
    assert counts["dosing"] == {Severity.ERROR: 0, Severity.WARNING: 2, Severity.ADVICE: 1}
    assert sum(counts["review"].values()) == len(result.findings)
    assert sum(sum(c.values()) for k, c in counts.items() if k != "review") == \
        len(result.findings)
    assert step_badge(counts["dosing"]) == "2 warnings · 1 advice"
    assert step_badge({s: 0 for s in Severity}) == ""
    assert step_badge({Severity.ERROR: 1}) == "1 error"


def test_session_edits_are_validated_like_the_file():
    session = DesignSession()
    seen = []
    session.subscribe(seen.append)
    session.set_value("dosing.max_weight_kg", 120)
    assert session.design.dosing.max_weight_kg == 120.0 and session.dirty
    with pytest.raises(EditRejected, match="dosing.max_weight_kg: must be from 30 to 300"):
        session.set_value("dosing.max_weight_kg", 20)
    assert session.design.dosing.max_weight_kg == 120.0
    session.set_value("population.age_max", 60)
    with pytest.raises(EditRejected, match="population.age_min"):
        session.set_value("population.age_min", 70)
    assert session.design.population.age_min is None
    session.set_value("meta.title", "   ")
    assert session.design.meta.title is None
    assert seen == ["dosing.max_weight_kg", "population.age_max"]


def test_arms_keep_the_allocation_ratio_in_step():
    session = DesignSession(load_design(resource_path("examples", "core-protocol.trial.json")))
    assert session.design.control.allocation_ratio == [1, 1, 1]
    index = session.add_arm()
    assert index == 2 and session.design.control.allocation_ratio == [1, 1, 1, 1]
    session.set_value("dosing.arms[2].dose_unit", "cells")
    assert session.design.dosing.arms[2].dose_unit is DoseUnit.CELLS
    session.set_value("control.allocation_ratio", [2, 1, 1, 1])
    session.remove_arm(0)
    assert session.design.control.allocation_ratio == [1, 1, 1]
    session.remove_arm(0)
    session.remove_arm(0)
    assert session.design.dosing.arms is None
    assert session.design.control.allocation_ratio is None


def test_ratio_set_before_arms_goes_back_to_not_decided():
    session = DesignSession()
    session.set_value("control.allocation_ratio", [2, 1, 1])
    session.add_arm()
    assert session.design.control.allocation_ratio is None


def test_open_failure_keeps_the_design(tmp_path):
    session = DesignSession(load_design(EXAMPLE), EXAMPLE)
    before = session.snapshot()
    bad = tmp_path / "bad.trial.json"
    bad.write_text("{", encoding="utf-8")
    with pytest.raises(DesignFileError, match="bad.trial.json"):
        session.open(bad)
    assert session.design == before and session.path == EXAMPLE


def test_save_and_reopen(tmp_path):
    session = DesignSession(load_design(EXAMPLE))
    session.set_value("meta.title", "Édition <b>&</b> ≥ 2 × 10⁶")
    target = session.save(tmp_path / "x.trial.json")
    assert not session.dirty
    other = DesignSession()
    other.open(target)
    assert other.design == session.design


def test_autosave_and_recovery(tmp_path):
    folder = tmp_path / "autosave"
    assert pending_recovery(folder) is None
    design = load_design(EXAMPLE)
    write_autosave(design, EXAMPLE, folder)
    recovery = pending_recovery(folder)
    assert recovery.design == design and recovery.original_path == EXAMPLE
    discard_autosave(folder)
    assert pending_recovery(folder) is None


@pytest.mark.parametrize("content, words", [
    ("{broken", "not valid JSON"),
    ('{"format": "msc-ards-trial-design", "version": 99}', "format version 99"),
])
def test_an_unreadable_autosave_is_kept_aside_not_deleted(tmp_path, content, words):
    # Issue 16 bug 2: recovery used to delete what it could not read, even an autosave
    # written by a newer version of the program.
    from models.autosave import UnreadableAutosave

    folder = tmp_path / "autosave"
    folder.mkdir()
    (folder / "autosave.trial.json").write_text(content, encoding="utf-8")
    (folder / "autosave-info.json").write_text('{"saved_at": "x"}', encoding="utf-8")
    found = pending_recovery(folder)
    assert isinstance(found, UnreadableAutosave) and words in found.reason
    assert found.kept_at.read_text(encoding="utf-8") == content   # every byte kept
    assert not (folder / "autosave.trial.json").exists()           # no longer blocks a start
    assert pending_recovery(folder) is None
    again = folder / "autosave.trial.json"
    again.write_text(content, encoding="utf-8")
    second = pending_recovery(folder)
    assert second.kept_at != found.kept_at and found.kept_at.exists()


def test_autosave_default_folder_is_in_the_redirected_home(tmp_path):
    from models.autosave import autosave_folder
    from pathlib import Path

    assert str(autosave_folder()).startswith(str(Path.home()))


def test_summary_lists_every_section_and_missing_fields():
    sections = dict(design_summary(Design()))
    assert list(sections) == ["Trial", "Product", "Dose and regimen", "Population", "Control",
                              "Care", "Endpoints", "Statistics", "Biosamples", "Follow-up",
                              "Safety"]
    assert all(row.value == NOT_DECIDED for rows in sections.values() for row in rows)
    filled = dict(design_summary(load_design(EXAMPLE)))
    dose = next(r for r in filled["Dose and regimen"] if r.path == "dosing.arms[0].dose_value")
    assert dose.value.startswith("1 × 10⁶") and dose.label.startswith("Arm 1: ")


def test_round_trip_of_saved_summary(tmp_path):
    design = load_design(EXAMPLE)
    save_design(design, tmp_path / "a.trial.json")
    assert design_summary(load_design(tmp_path / "a.trial.json")) == design_summary(design)
