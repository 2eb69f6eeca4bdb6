"""Dose arithmetic in one place: flat doses per kg, cumulative exposure and the last-dose time.

Curley 2024 gives its threshold in cells/kg, so a flat dose is judged at the heaviest eligible
patient, who receives the lowest dose per kg (docs/design-format-v1.md, "Unit conversions").
"""

from __future__ import annotations

from dataclasses import dataclass

from models.design import Arm, DoseSchedule, DoseUnit

# The weight the format prescribes when dosing.max_weight_kg is not set.
DEFAULT_ASSUMED_WEIGHT_KG = 120.0
# The weight at which the evidence view converts prior trials' flat doses, for display only.
DISPLAY_WEIGHT_KG = 70.0
# The doses per administration (cells/kg, or EV particles) that the evidence views compare and
# chart. Below one cell per kg a figure is no dose (and its logarithm may not even exist: a
# flat 5e-324 cells is 0 cells/kg); above 10^14 per kg no product could be made. Such a dose is
# listed as not comparable, with this range, instead of being placed.
COMPARABLE_DOSE_RANGE = (1.0, 1e14)


@dataclass(frozen=True)
class PerKgDose:
    cells_per_kg: float
    weight_kg: float
    weight_assumed: bool
    # Converted at DISPLAY_WEIGHT_KG to compare with other trials, not at the design's own
    # heaviest patient (which B-2 and the dose step use).
    reference: bool = False

    @property
    def weight_words(self) -> str:
        """Whose weight the conversion used, as every converted figure says it."""
        if self.reference:
            return "the reference weight for comparing trials"
        if self.weight_assumed:
            return "assumed: no maximum weight set"
        return "the heaviest eligible patient"

    def text(self) -> str:
        """'1.3 × 10⁷ cells/kg at 70 kg (the reference weight for comparing trials)': the one
        wording of a converted flat dose, so that no figure is shown without its weight
        (issue 15, item 9)."""
        from models.formatting import format_number, format_power_of_ten

        return (f"{format_power_of_ten(self.cells_per_kg)} cells/kg at "
                f"{format_number(self.weight_kg)} kg ({self.weight_words})")


def reference_dose_per_kg(cells: float) -> PerKgDose:
    """A flat cell dose as cells/kg at the reference weight, for comparing trials' doses (a
    trial's heaviest patient is seldom known)."""
    return PerKgDose(cells / DISPLAY_WEIGHT_KG, DISPLAY_WEIGHT_KG, False, reference=True)


def flat_dose_per_kg(cells: float, max_weight_kg: float | None,
                     assumed_weight_kg: float = DEFAULT_ASSUMED_WEIGHT_KG) -> PerKgDose:
    """A flat cell dose as cells/kg at the heaviest eligible patient."""
    if max_weight_kg is None:
        return PerKgDose(cells / assumed_weight_kg, assumed_weight_kg, True)
    return PerKgDose(cells / max_weight_kg, max_weight_kg, False)


def arm_dose_per_kg(arm: Arm, max_weight_kg: float | None,
                    assumed_weight_kg: float = DEFAULT_ASSUMED_WEIGHT_KG) -> PerKgDose | None:
    """The arm's per-administration dose in cells/kg, or None when it cannot be expressed so
    (no dose yet, or particles / ml, which are not cells)."""
    if arm.dose_value is None or arm.dose_unit is None:
        return None
    if arm.dose_unit is DoseUnit.CELLS_PER_KG:
        return PerKgDose(arm.dose_value, max_weight_kg or assumed_weight_kg, False)
    if arm.dose_unit is DoseUnit.CELLS:
        return flat_dose_per_kg(arm.dose_value, max_weight_kg, assumed_weight_kg)
    return None


def cumulative_dose(arm: Arm) -> float | None:
    """Dose per administration x administrations, in the arm's own unit (None if either is unset).
    Shown beside the per-administration dose, never instead of it."""
    if arm.dose_value is None or arm.administrations is None:
        return None
    return arm.dose_value * arm.administrations


def last_dose_hours(first_dose_within_hours: float | None, arm: Arm) -> float | None:
    """The latest time of the arm's last dose, in hours from ARDS onset."""
    times = administration_hours(first_dose_within_hours, arm)
    return times[-1] if times else None


def administration_hours(first_dose_within_hours: float | None, arm: Arm) -> list[float] | None:
    """The latest time of each administration, from ARDS onset (for the SPIRIT schedule). An
    irregular schedule (format 3) gives its own times after the first dose."""
    if first_dose_within_hours is None:
        return None
    if arm.schedule is DoseSchedule.IRREGULAR:
        if not arm.dose_times_hours:
            return None
        return [first_dose_within_hours + t for t in arm.dose_times_hours]
    if arm.administrations is None:
        return None
    if arm.administrations > 1 and arm.interval_hours is None:
        return None
    interval = arm.interval_hours or 0.0
    return [first_dose_within_hours + i * interval for i in range(arm.administrations)]
