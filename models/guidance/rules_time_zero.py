"""Group B, format 3: time zero and the dosing schedule as given. A trial that says when ARDS
began but not how long after randomisation the dose follows, nor what happens to a patient who
is randomised and never dosed, cannot be pooled on an intention-to-treat basis."""

from __future__ import annotations

from models.design import Blinding, DoseSchedule, NotDosedPlan, RespiratorySupport
from models.guidance.base import Hit, missing, rule

D = "dosing"


@rule("B-11")
def time_zero_undefined(ctx):
    design = ctx.design
    paths = []
    if design.dosing.randomisation_to_dose_max_hours is None:
        paths.append(f"{D}.randomisation_to_dose_max_hours")
    if missing(design.dosing.predose_stability):
        paths.append(f"{D}.predose_stability")
    support = design.population.respiratory_support
    if (missing(support) or RespiratorySupport.INVASIVE_VENTILATION in ctx.support) \
            and design.population.max_hours_from_intubation is None:
        paths.append("population.max_hours_from_intubation")
    return [Hit(tuple(paths), not_specified=True)] if paths else []


@rule("B-12")
def never_dosed_plan(ctx):
    plan = ctx.design.dosing.not_dosed_plan
    if plan is None:
        return [Hit((f"{D}.not_dosed_plan",), not_specified=True)]
    # ICH E9 5.2.1: leaving out randomised patients who were never treated keeps the comparison
    # unbiased only when knowing the allocation could not influence the decision not to treat.
    if plan is not NotDosedPlan.ANALYSED_AS_RANDOMISED \
            and ctx.design.control.blinding is Blinding.OPEN:
        return [Hit((f"{D}.not_dosed_plan", "control.blinding"), variant="message_open")]
    return []


def _irregular(ctx) -> bool:
    return any(arm.schedule is DoseSchedule.IRREGULAR for arm in ctx.arms)


@rule("B-13", applies=_irregular)
def irregular_schedule_times(ctx):
    hits = []
    for index, arm in enumerate(ctx.arms):
        if arm.schedule is not DoseSchedule.IRREGULAR:
            continue
        path = f"{D}.arms[{index}].dose_times_hours"
        times = arm.dose_times_hours
        if missing(times):
            hits.append(Hit((path,), not_specified=True, arm=index))
            continue
        rising = times[0] == 0 and all(b > a for a, b in zip(times, times[1:]))
        count_ok = arm.administrations is None or arm.administrations == len(times)
        if not (rising and count_ok):
            hits.append(Hit((path, f"{D}.arms[{index}].administrations"), arm=index,
                            variant="message_times"))
    return hits
