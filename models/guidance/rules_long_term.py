"""Group G, format 3: how long-term safety is actually detected (malignancy, fibrosis) and the
DSMB's charter, tied to the group-sequential plan (models/design_plan.py) it has to apply."""

from __future__ import annotations

from models.design import CharterItem, FutilityRule
from models.guidance.base import Hit, missing, rule

F = "follow_up"
CHARTER = "safety.dsmb_charter"


def _surveillance(ctx) -> bool:
    return ctx.design.follow_up.malignancy_surveillance is True


@rule("G-6", applies=_surveillance)
def malignancy_detection_missing(ctx):
    if not _surveillance(ctx) or not missing(ctx.design.follow_up.malignancy_detection):
        return []
    return [Hit((f"{F}.malignancy_detection",), not_specified=True)]


@rule("G-7", applies=_surveillance)
def no_baseline_cancer_history(ctx):
    value = ctx.design.follow_up.baseline_cancer_history
    if not _surveillance(ctx) or value is True:
        return []
    return [Hit((f"{F}.baseline_cancer_history",), not_specified=value is None)]


@rule("G-8", applies=lambda ctx: ctx.design.follow_up.fibrosis_assessment is True)
def fibrosis_schedule_missing(ctx):
    follow_up = ctx.design.follow_up
    if follow_up.fibrosis_assessment is not True or not missing(follow_up.fibrosis_imaging_months):
        return []
    return [Hit((f"{F}.fibrosis_imaging_months",), not_specified=True)]


def _dsmb(ctx) -> bool:
    return ctx.design.safety.dsmb is True


@rule("G-9", applies=_dsmb)
def dsmb_charter_incomplete(ctx):
    if not _dsmb(ctx):
        return []
    safety = ctx.design.safety
    paths, stated = [], False
    if missing(safety.dsmb_charter):
        paths.append(CHARTER)
    elif CharterItem.SAFETY_STOPPING_RULE not in safety.dsmb_charter:
        paths.append(CHARTER)
        stated = True
    if missing(safety.safety_stopping_rule):
        paths.append("safety.safety_stopping_rule")
    return [Hit(tuple(paths), not_specified=not stated)] if paths else []


@rule("G-10", applies=lambda ctx: _dsmb(ctx) and not missing(ctx.design.safety.dsmb_charter))
def charter_out_of_step_with_plan(ctx):
    design = ctx.design
    charter = set(design.safety.dsmb_charter or ())
    if not _dsmb(ctx) or not charter:
        return []
    looks = design.statistics.interim_analyses
    gs = design.statistics.group_sequential
    hits = []
    if looks is not None and looks >= 1 and CharterItem.EFFICACY_STOPPING_RULE not in charter:
        hits.append(Hit((CHARTER, "statistics.interim_analyses")))
    elif looks == 0 and CharterItem.EFFICACY_STOPPING_RULE in charter:
        hits.append(Hit((CHARTER, "statistics.interim_analyses"), variant="message_no_looks"))
    if looks and gs.futility not in (None, FutilityRule.NONE) \
            and CharterItem.FUTILITY_GUIDELINE not in charter:
        hits.append(Hit((CHARTER, "statistics.group_sequential.futility"),
                        variant="message_futility"))
    return hits
