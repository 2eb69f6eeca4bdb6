"""What an arm's dose entries mean, in words: the dose per administration (for a flat cell dose
also per kg, saying at whose weight), the cumulative exposure and the latest time of the last
dose. The dose step shows these lines under each arm; they are tested without Qt."""

from __future__ import annotations

from models.design import Design, DoseUnit
from models.dosing import arm_dose_per_kg, cumulative_dose, last_dose_hours
from models.formatting import format_number, format_power_of_ten
from models.vocabulary import DOSE_UNIT_SYMBOLS


def _hours(hours: float) -> str:
    text = f"{format_number(hours, 1)} h"
    if hours >= 24:
        days = hours / 24
        text += f" ({format_number(days, 1)} day{'' if days == 1 else 's'})"
    return text


def arm_dose_lines(design: Design, index: int) -> list[str]:
    """What arm ``index``'s entries mean, one line per fact: the dose per administration (for a
    flat cell dose also in cells/kg at the heaviest eligible patient), the cumulative exposure,
    and the latest time of the last dose."""
    arm = design.arms[index]
    dosing = design.dosing
    unit = arm.dose_unit
    lines: list[str] = []
    if arm.dose_value is None or unit is None:
        lines.append("Enter the dose and its unit to see it per kg and in total.")
    else:
        words = DOSE_UNIT_SYMBOLS[unit]
        lines.append(f"Per administration: {format_power_of_ten(arm.dose_value)} {words}")
        per_kg = arm_dose_per_kg(arm, dosing.max_weight_kg)
        at_weight = ""
        if unit is DoseUnit.CELLS and per_kg is not None:   # a flat cell dose has a per-kg form
            at_weight = f" cells/kg at {format_number(per_kg.weight_kg)} kg"
            lines.append(f"= {per_kg.text()}")
        elif unit is DoseUnit.ML:
            lines.append("Doses in ml cannot be compared with particle doses: state the "
                         "particle count per dose as well.")
        total = cumulative_dose(arm)
        if total is None:
            lines.append("Cumulative: enter the number of administrations.")
        else:
            times = "administration" if arm.administrations == 1 else "administrations"
            cumulative = f"Cumulative: {format_power_of_ten(total)} {words} over " \
                         f"{arm.administrations} {times}"
            if at_weight and per_kg is not None and arm.administrations is not None:
                total_per_kg = per_kg.cells_per_kg * arm.administrations
                cumulative += f" (= {format_power_of_ten(total_per_kg)}{at_weight})"
            lines.append(cumulative)
    last = last_dose_hours(dosing.first_dose_within_hours, arm)
    if last is not None:
        which = "Only dose" if arm.administrations == 1 else "Last dose"
        lines.append(f"{which}: at most {_hours(last)} after ARDS onset")
    elif dosing.first_dose_within_hours is None:
        lines.append("Last dose: set the latest first dose to see when it falls.")
    elif arm.administrations is None:
        lines.append("Last dose: enter the number of administrations.")
    else:
        lines.append("Last dose: enter the interval between administrations.")
    return lines
