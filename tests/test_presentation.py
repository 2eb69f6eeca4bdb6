"""The wizard's view models, tested without Qt (models/presentation: issue 16, structure 1; the
import contract in make test keeps models/ free of Qt)."""

from __future__ import annotations

from models.design import Arm, Design, DoseUnit, EndpointKind
from models.guidance import evaluate
from models.presentation.dose_lines import arm_dose_lines
from models.presentation.sample_size_view import sample_size_view


def test_arm_dose_lines_for_ml_and_incomplete_arms():
    design = Design()
    design.dosing.arms = [Arm(dose_value=15, dose_unit=DoseUnit.ML, administrations=2),
                          Arm(administrations=2)]
    ml_lines = arm_dose_lines(design, 0)
    assert "Doses in ml cannot be compared with particle doses" in ml_lines[1]
    assert ml_lines[2] == "Cumulative: 30 ml over 2 administrations"
    assert arm_dose_lines(design, 1) == [
        "Enter the dose and its unit to see it per kg and in total.",
        "Last dose: set the latest first dose to see when it falls."]
    design.dosing.first_dose_within_hours = 24
    assert arm_dose_lines(design, 1)[-1] == "Last dose: enter the interval between " \
                                            "administrations."


def test_sample_size_view_names_fields_of_other_steps():
    design = Design()
    design.endpoints.primary.kind = EndpointKind.MORTALITY
    view = sample_size_view(design, evaluate(design))
    assert "Phase (Trial step)" in view.headline
    assert "Allocation ratio (Control and care step)" in view.headline
    assert view.detail == ""
    assert sample_size_view(Design(), None).headline.startswith("Choose the primary endpoint")


def test_the_summary_is_suggested_beside_the_design_or_at_home(tmp_path):
    from models.presentation.export_paths import suggested_summary_path

    assert suggested_summary_path(tmp_path / "core.trial.json", tmp_path / "home") == \
        str(tmp_path / "core-summary.pdf")
    assert suggested_summary_path(tmp_path / "old.json", tmp_path) == \
        str(tmp_path / "old-summary.pdf")
    assert suggested_summary_path(None, tmp_path / "home") == \
        str(tmp_path / "home" / "protocol-summary.pdf")


def test_evidence_texts_escape_user_text_and_name_the_sources():
    from models.evidence import load_trials
    from models.evidence.reader import Problem, TrialsFileError
    from models.presentation.evidence_texts import detail_html, import_problems_text

    evidence = load_trials(include_user=False)
    must = evidence.trial("T1_MUSTARDS_2022")
    text = detail_html(must, "mortality_active_events")
    assert "MUST-ARDS" in text and "Sources disagree" in text and "CURLEY_T1" in text
    error = TrialsFileError("<b>bad</b>.csv", [Problem(3, "n_active", "must be a whole number")])
    shown = import_problems_text(error)
    assert shown.startswith("Nothing was imported.") and "<b>bad</b>.csv" in shown
