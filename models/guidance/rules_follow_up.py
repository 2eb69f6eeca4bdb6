"""Group F (biological samples) and group G (safety and long-term follow-up)."""

from __future__ import annotations

from models.formatting import format_number
from models.guidance.base import Hit, missing, rule


def _flag_hit(path: str, value) -> list[Hit]:
    """A finding for a yes/no field that is not true; 'not specified' while it is unset."""
    if value is True:
        return []
    return [Hit((path,), not_specified=value is None)]


@rule("F-1")
def no_blood(ctx):
    return _flag_hit("sampling.blood", ctx.design.sampling.blood)


@rule("F-2")
def no_bal(ctx):
    return _flag_hit("sampling.bal", ctx.design.sampling.bal)


def _samples_taken(ctx) -> bool:
    sampling = ctx.design.sampling
    return sampling.blood is True or sampling.bal is True


@rule("F-3", applies=_samples_taken)
def no_baseline_sample(ctx):
    if not _samples_taken(ctx):
        return []
    timepoints = ctx.design.sampling.timepoints_days
    if missing(timepoints):
        return [Hit(("sampling.timepoints_days",), not_specified=True)]
    if 0 not in timepoints:
        return [Hit(("sampling.timepoints_days",))]
    return []


@rule("G-1")
def infusion_events(ctx):
    return _flag_hit("safety.infusion_events_prespecified",
                     ctx.design.safety.infusion_events_prespecified)


@rule("G-2")
def long_term_follow_up(ctx):
    follow_up = ctx.design.follow_up
    paths, stated = [], False
    if follow_up.malignancy_surveillance is not True:
        paths.append("follow_up.malignancy_surveillance")
        stated = follow_up.malignancy_surveillance is False
    if follow_up.months is None:
        paths.append("follow_up.months")
    if not paths:
        return []
    return [Hit(tuple(paths), not_specified=not stated)]


@rule("G-3")
def short_follow_up(ctx):
    months = ctx.design.follow_up.months
    t = ctx.thresholds
    if months is None or months >= t.follow_up_min_months:
        return []
    suffixes = ("message_under_12_suffix",) if months < t.follow_up_precedent_months else ()
    return [Hit(("follow_up.months",), values={"months": format_number(months, 1)},
                suffixes=suffixes,
                thresholds=("follow_up_min_months",) + (
                    ("follow_up_precedent_months",) if suffixes else ()))]


@rule("G-5")
def no_fibrosis_assessment(ctx):
    return _flag_hit("follow_up.fibrosis_assessment", ctx.design.follow_up.fibrosis_assessment)
