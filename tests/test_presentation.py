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
