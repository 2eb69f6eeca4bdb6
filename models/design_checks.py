"""The rules of the design format that tie two fields together (allocation ratio against the
arms, ages, doses in ml, the looks' information fractions, the ordinal categories). The reader
applies them to a whole file; the wizard's session after every edit (cross_field_problems)."""

from __future__ import annotations

import math

from models.design import MAX_DOSE, Design, DoseUnit, _plain
from models.design_problems import Problem


def cross_field_problems(design: Design) -> list[Problem]:
    """The problems that tie two fields together (allocation vs arms, ages, ml doses)."""
    problems: list[Problem] = []
    check_across_fields(design, problems)
    return problems


def check_across_fields(design: Design, problems: list[Problem]) -> None:
    """The rules that tie two fields together."""
    for i, arm in enumerate(design.dosing.arms or []):
        if arm.dose_value is not None and arm.dose_unit is not None:
            limit = MAX_DOSE[arm.dose_unit]
            if arm.dose_value > limit:
                unit = "ml" if arm.dose_unit is DoseUnit.ML else arm.dose_unit.value
                problems.append(Problem(
                    f"dosing.arms[{i}].dose_value",
                    f"must be above 0 and at most {_plain(limit)} for a dose in {unit}, "
                    f"not {arm.dose_value:g}"))
    ratio = design.control.allocation_ratio
    arms = design.dosing.arms
    # An entry refused above is dropped from the list: its length is then not the file's.
    entry_refused = any(p.path.startswith("control.allocation_ratio[") for p in problems)
    if ratio is not None and arms is not None and len(ratio) != len(arms) + 1 \
            and not entry_refused:
        problems.append(Problem(
            "control.allocation_ratio",
            f"has {len(ratio)} numbers but dosing.arms has {len(arms)} arm(s); give one number "
            f"per active arm in dosing.arms order, then one for the control arm "
            f"({len(arms) + 1} in all)"))
    _check_looks(design, problems)
    _check_ordinal(design, problems)
    pop = design.population
    if pop.age_min is not None and pop.age_max is not None and pop.age_min > pop.age_max:
        problems.append(Problem("population.age_min",
                                f"({pop.age_min:g}) must not be above population.age_max "
                                f"({pop.age_max:g})"))


def _check_looks(design: Design, problems: list[Problem]) -> None:
    """Information fractions rise to 1."""
    stats = design.statistics
    rates = stats.group_sequential.info_rates
    if rates is None or any(p.path.startswith("statistics.group_sequential.info_rates[")
                            for p in problems):
        return
    path = "statistics.group_sequential.info_rates"
    if any(later <= earlier for earlier, later in zip(rates, rates[1:])):
        problems.append(Problem(path, "must rise from look to look, e.g. [0.5, 1]"))
    elif rates[-1] != 1:
        problems.append(Problem(path, f"must end with 1 (the final analysis), not "
                                f"{rates[-1]:g}"))
    # Their number against statistics.interim_analyses is the plan's to check (design_plan):
    # a read error here would refuse every edit of the number of looks in the wizard.


def _check_ordinal(design: Design, problems: list[Problem]) -> None:
    ordinal = design.statistics.ordinal
    probabilities = ordinal.control_probabilities
    if probabilities is None or any(
            p.path.startswith("statistics.ordinal.control_probabilities[") for p in problems):
        return
    path = "statistics.ordinal.control_probabilities"
    if len(probabilities) < 2:
        problems.append(Problem(path, "needs at least 2 ordered categories"))
    elif abs(math.fsum(probabilities) - 1) > 1e-6:
        problems.append(Problem(path, f"must add up to 1, not {math.fsum(probabilities):.6g}"))
    categories = ordinal.categories
    if categories is not None and len(categories) != len(probabilities):
        problems.append(Problem("statistics.ordinal.categories",
                                f"names {len(categories)} categories but {path} gives "
                                f"{len(probabilities)} probabilities; give one name per "
                                "probability, worst first"))

