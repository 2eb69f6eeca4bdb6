"""Group B: dose, route, regimen and timing."""

from __future__ import annotations

from models.design import Definition, DoseSchedule, DoseUnit, RespiratorySupport, Route
from models.dosing import cumulative_dose, flat_dose_per_kg, last_dose_hours
from models.formatting import format_distinct, format_number, format_power_of_ten
from models.guidance.base import Hit, cell_product, missing, rule

# Curley 2024, Box 1: "at least 2 million MSCs/kg". A fixed threshold, not a setting.
MIN_CELLS_PER_KG = 2e6


def _powers(value: float, decimals: int) -> str:
    return format_power_of_ten(value, decimals=decimals)


def _arm_path(index: int, name: str) -> str:
    return f"dosing.arms[{index}].{name}"


@rule("B-1", applies=lambda ctx: cell_product(ctx)
      and any(a.dose_unit is DoseUnit.CELLS_PER_KG for a in ctx.arms))
def dose_below_threshold(ctx):
    # "When the product is not an EV product", and silent while the kind is unknown
    # (docs/conventions.md 1.8 item 8).
    if not cell_product(ctx):
        return []
    hits = []
    for index, arm in enumerate(ctx.arms):
        if arm.dose_unit is not DoseUnit.CELLS_PER_KG or arm.dose_value is None:
            continue
        if arm.dose_value >= MIN_CELLS_PER_KG:
            continue
        total = cumulative_dose(arm)
        hits.append(Hit((_arm_path(index, "dose_value"),), arm=index, values={
            "dose": format_distinct(arm.dose_value, MIN_CELLS_PER_KG, _powers, decimals=2),
            "cumulative": format_power_of_ten(total) if total is not None else "unknown",
        }))
    return hits


@rule("B-2", applies=lambda ctx: cell_product(ctx)
      and any(a.dose_unit is DoseUnit.CELLS for a in ctx.arms))
def flat_dose_below_threshold(ctx):
    if not cell_product(ctx):
        return []
    hits = []
    max_weight = ctx.design.dosing.max_weight_kg
    for index, arm in enumerate(ctx.arms):
        if arm.dose_unit is not DoseUnit.CELLS or arm.dose_value is None:
            continue
        per_kg = flat_dose_per_kg(arm.dose_value, max_weight, ctx.thresholds.assumed_max_weight_kg)
        if per_kg.cells_per_kg >= MIN_CELLS_PER_KG:
            continue
        hits.append(Hit(
            (_arm_path(index, "dose_value"), "dosing.max_weight_kg"), arm=index,
            values={
                "threshold_weight": format_number(arm.dose_value / MIN_CELLS_PER_KG, 1),
                "weight": format_number(per_kg.weight_kg, 1),
                "assumed": ", assumed" if per_kg.weight_assumed else "",
                "per_kg": format_distinct(per_kg.cells_per_kg, MIN_CELLS_PER_KG, _powers, 2),
            },
            thresholds=("assumed_max_weight_kg",) if per_kg.weight_assumed else ()))
    return hits


@rule("B-3", applies=lambda ctx: any(a.dose_unit is DoseUnit.CELLS_PER_KG for a in ctx.arms))
def weight_basis(ctx):
    if not any(a.dose_unit is DoseUnit.CELLS_PER_KG for a in ctx.arms):
        return []
    if not missing(ctx.design.dosing.weight_basis):
        return []
    return [Hit(("dosing.weight_basis",), not_specified=True)]


@rule("B-4", applies=lambda ctx: bool(ctx.arms))
def route_not_intravenous(ctx):
    return [Hit((_arm_path(i, "route"),), arm=i) for i, arm in enumerate(ctx.arms)
            if arm.route is not None and arm.route is not Route.INTRAVENOUS]


@rule("B-5", applies=lambda ctx: bool(ctx.arms))
def single_dose(ctx):
    return [Hit((_arm_path(i, "administrations"),), arm=i) for i, arm in enumerate(ctx.arms)
            if arm.administrations == 1]


@rule("B-6", applies=lambda ctx: bool(ctx.arms))
def more_than_three_doses(ctx):
    return [Hit((_arm_path(i, "administrations"),), arm=i) for i, arm in enumerate(ctx.arms)
            if arm.administrations is not None and arm.administrations > 3]


@rule("B-7")
def regimen_incomplete(ctx):
    dosing = ctx.design.dosing
    paths: list[str] = []
    stated_problem = False  # a bullet about a stated value (not a missing field)
    if missing(dosing.arms):
        paths.append("dosing.arms")
    for index, arm in enumerate(ctx.arms):
        for name in ("dose_value", "dose_unit", "administrations", "route"):
            if getattr(arm, name) is None:
                paths.append(_arm_path(index, name))
        if arm.administrations is not None and arm.administrations >= 2 \
                and arm.interval_hours is None and arm.schedule is not DoseSchedule.IRREGULAR:
            paths.append(_arm_path(index, "interval_hours"))
    if dosing.first_dose_within_hours is None:
        paths.append("dosing.first_dose_within_hours")
    if cell_product(ctx):
        for index, arm in enumerate(ctx.arms):
            if arm.dose_unit in (DoseUnit.PARTICLES, DoseUnit.ML):
                paths.append(_arm_path(index, "dose_unit"))
                stated_problem = True
    if not paths:
        return []
    return [Hit(tuple(paths), not_specified=not stated_problem)]


@rule("B-8")
def first_dose_not_early(ctx):
    hours = ctx.design.dosing.first_dose_within_hours
    if hours is None or hours <= ctx.thresholds.early_first_dose_hours:
        return []
    return [Hit(("dosing.first_dose_within_hours",),
                values={"first_dose_within_hours": format_distinct(
                    hours, ctx.thresholds.early_first_dose_hours)},
                thresholds=("early_first_dose_hours",))]


@rule("B-9", applies=lambda ctx: any((a.administrations or 0) >= 2 for a in ctx.arms))
def last_dose_late(ctx):
    first = ctx.design.dosing.first_dose_within_hours
    if first is None:
        return []
    hits = []
    for index, arm in enumerate(ctx.arms):
        if arm.administrations is None or arm.administrations < 2:
            continue
        last = last_dose_hours(first, arm)   # format 3: an irregular schedule's own times
        if last is None or last <= ctx.thresholds.late_ards_hours:
            continue
        timing = "dose_times_hours" if arm.schedule is DoseSchedule.IRREGULAR else "interval_hours"
        hits.append(Hit(("dosing.first_dose_within_hours", _arm_path(index, "administrations"),
                         _arm_path(index, timing)), arm=index,
                        values={"days": format_distinct(
                            last / 24, ctx.thresholds.late_ards_hours / 24)},
                        thresholds=("late_ards_hours",)))
    return hits


@rule("B-10")
def non_intubated_eligible(ctx):
    hfno = RespiratorySupport.HIGH_FLOW_NASAL_OXYGEN in ctx.support
    niv = RespiratorySupport.NONINVASIVE_VENTILATION in ctx.support
    if not (hfno or niv):
        return []
    if ctx.design.population.definition is Definition.BERLIN_2012:
        # HFNO under Berlin is C-3's error; NIV under Berlin is not "the new global definition"
        # (issue 15), so the Berlin wording says what Berlin accepts.
        return [] if hfno else [Hit(("population.respiratory_support",),
                                    variant="message_berlin")]
    return [Hit(("population.respiratory_support",))]
