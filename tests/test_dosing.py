"""Dose conversions against the figures the guidance catalogue prints for precedent trials
(shared/spec/guidance-rules.md, rule B-2 "Trials")."""

from __future__ import annotations

import pytest

from models.design import Arm, DoseUnit
from models.dosing import (
    administration_hours,
    arm_dose_per_kg,
    cumulative_dose,
    flat_dose_per_kg,
    last_dose_hours,
)


@pytest.mark.parametrize("cells, per_kg_at_120", [
    (400e6, 3.3e6),   # REALIST-COVID and REALIST: "3.3 × 10⁶/kg at 120 kg"
    (900e6, 7.5e6),   # MUST-ARDS and ONE-BRIDGE: "7.5 × 10⁶/kg at 120 kg"
])
def test_flat_doses_at_the_assumed_120_kg(cells, per_kg_at_120):
    dose = flat_dose_per_kg(cells, None)
    assert dose.weight_assumed and dose.weight_kg == 120
    assert dose.cells_per_kg == pytest.approx(per_kg_at_120, rel=0.011)


@pytest.mark.parametrize("cells, heaviest_weight_at_threshold", [
    (100e6, 50),   # Lanzoni 2021: "below 2 × 10⁶/kg above 50 kg"
    (40e6, 20),    # Shi 2021: "below 2 × 10⁶/kg above 20 kg"
])
def test_weight_where_a_flat_dose_falls_below_the_threshold(cells, heaviest_weight_at_threshold):
    assert cells / 2e6 == heaviest_weight_at_threshold
    assert flat_dose_per_kg(cells, heaviest_weight_at_threshold).cells_per_kg == 2e6
    assert flat_dose_per_kg(cells, heaviest_weight_at_threshold + 1).cells_per_kg < 2e6


def test_stated_maximum_weight_is_used():
    dose = flat_dose_per_kg(900e6, 150)
    assert not dose.weight_assumed and dose.cells_per_kg == 6e6


def test_arm_conversions():
    assert arm_dose_per_kg(Arm(dose_value=1e7, dose_unit=DoseUnit.CELLS_PER_KG), None) \
        .cells_per_kg == 1e7
    assert arm_dose_per_kg(Arm(dose_value=1.2e12, dose_unit=DoseUnit.PARTICLES), 100) is None
    assert arm_dose_per_kg(Arm(dose_value=15, dose_unit=DoseUnit.ML), 100) is None
    assert arm_dose_per_kg(Arm(dose_unit=DoseUnit.CELLS), 100) is None


def test_cumulative_exposure_and_timing():
    # STROMA-CoV-2-like: 1 × 10⁶/kg three times, 60 h apart, first dose within 96 h.
    arm = Arm(dose_value=1e6, dose_unit=DoseUnit.CELLS_PER_KG, administrations=3,
              interval_hours=60)
    assert cumulative_dose(arm) == 3e6
    assert last_dose_hours(96, arm) == 216
    assert administration_hours(96, arm) == [96, 156, 216]
    single = Arm(dose_value=1e7, administrations=1)
    assert last_dose_hours(72, single) == 72 and administration_hours(72, single) == [72]
    assert cumulative_dose(Arm(dose_value=1e6)) is None
    assert last_dose_hours(72, Arm(administrations=2)) is None


def test_small_positive_numbers_never_print_as_zero():
    from models.formatting import format_number

    assert format_number(1e-5) == "1e-05"
    assert format_number(0.0004, 3) == "0.0004"
    assert format_number(0.05) == "0.05" and format_number(0) == "0"
