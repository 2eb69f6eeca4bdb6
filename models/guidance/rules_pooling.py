"""Group E, format 3: what lets outcomes be pooled across trials (one mortality horizon), how
co-primary endpoints are judged, and the core measures after discharge (Needham 2017)."""

from __future__ import annotations

from models.design import EndpointKind, PostDischargeMeasure
from models.guidance.base import Hit, missing, rule

CORE_MEASURES = ((PostDischargeMeasure.EQ_5D, "EQ-5D"), (PostDischargeMeasure.HADS, "HADS"),
                 (PostDischargeMeasure.IES_R, "IES-R"))


@rule("E-10")
def no_pooling_horizon(ctx):
    endpoints = ctx.design.endpoints
    day = endpoints.pooling_mortality_days
    if day is None:
        return [Hit(("endpoints.pooling_mortality_days",), not_specified=True)]
    if any(e.kind is EndpointKind.MORTALITY and e.timepoint_days == day
           for e in endpoints.all_endpoints()):
        return []
    return [Hit(("endpoints.pooling_mortality_days",), variant="message_not_reported",
                values={"days": str(day)})]


@rule("E-11", applies=lambda ctx: not missing(ctx.design.endpoints.co_primary))
def co_primary_rule_missing(ctx):
    endpoints = ctx.design.endpoints
    if missing(endpoints.co_primary) or endpoints.co_primary_rule is not None:
        return []
    return [Hit(("endpoints.co_primary_rule",), not_specified=True)]


@rule("E-12", applies=lambda ctx: ctx.design.follow_up.functional_outcomes is True)
def post_discharge_measures(ctx):
    follow_up = ctx.design.follow_up
    if follow_up.functional_outcomes is not True:
        return []
    chosen = set(follow_up.post_discharge_measures or ())
    absent = [name for measure, name in CORE_MEASURES if measure not in chosen]
    if not absent:
        return []
    return [Hit(("follow_up.post_discharge_measures",),
                not_specified=missing(follow_up.post_discharge_measures),
                values={"missing_measures": ", ".join(absent)})]
