"""The program's computed n for a design's primary endpoint (docs/conventions.md
1.7, 1.8 items 4-7).

Shared by rule E-2, the wizard's sample-size step, ``check --json`` and the PDF. It never fills an
input with a default: while any input is missing there is no computed n.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from models.design import Analysis, Design, FutilityRule

# The analysis helpers live in models/design_analysis.py (the group-sequential plan needs them
# too, and importing them from here would make a cycle). effective_analysis is also imported from
# here by the pages, the rules and models/applicability.py: an explicit re-export.
from models.design_analysis import effective_analysis as effective_analysis

if TYPE_CHECKING:
    from models.design_plan import CheckedInputs, FixedResult, GroupSequentialPlan


def sample_size_inputs(design: Design) -> list[tuple[str, object]]:
    """The E-1 inputs as (JSON path, value) pairs, in the order a reader expects them: the
    common ones, the analysis's assumptions, then the group-sequential plan's when there are
    interim analyses."""
    stats = design.statistics
    kind = design.endpoints.primary.kind
    inputs: list[tuple[str, object]] = [
        ("statistics.phase", stats.phase),
        ("endpoints.primary.kind", kind),
        ("statistics.planned_total_n", stats.planned_total_n),
    ]
    analysis = effective_analysis(design)
    if analysis is None:
        return inputs
    inputs += [
        ("statistics.alpha", stats.alpha),
        ("statistics.sided", stats.sided),
        ("statistics.power", stats.power),
        ("statistics.dropout_pct", stats.dropout_pct),
        ("control.allocation_ratio", design.control.allocation_ratio),
    ]
    if analysis is Analysis.BINARY:
        inputs += [
            ("statistics.binary.control_rate", stats.binary.control_rate),
            ("statistics.binary.treatment_rate", stats.binary.treatment_rate),
            ("statistics.binary.method", stats.binary.method),
        ]
    elif analysis is Analysis.CONTINUOUS:
        inputs += [
            ("statistics.continuous.mean_difference", stats.continuous.mean_difference),
            ("statistics.continuous.sd", stats.continuous.sd),
        ]
    elif analysis is Analysis.TIME_TO_EVENT:
        tte = stats.time_to_event
        inputs += [
            ("statistics.time_to_event.hazard_ratio", tte.hazard_ratio),
            ("statistics.time_to_event.control_event_rate", tte.control_event_rate),
            ("endpoints.primary.timepoint_days", design.endpoints.primary.timepoint_days),
            ("statistics.time_to_event.method", tte.method),
        ]
        if tte.accrual_months is not None:
            inputs.append(("statistics.time_to_event.follow_up_months", tte.follow_up_months))
    else:
        inputs += [
            ("statistics.ordinal.control_probabilities", stats.ordinal.control_probabilities),
            ("statistics.ordinal.odds_ratio", stats.ordinal.odds_ratio),
        ]
    if (stats.interim_analyses or 0) > 0:
        gs = stats.group_sequential
        inputs += [("statistics.group_sequential.efficacy", gs.efficacy),
                   ("statistics.group_sequential.futility", gs.futility)]
        if gs.futility is FutilityRule.FIXED_Z:
            inputs.append(("statistics.group_sequential.futility_z", gs.futility_z))
    return inputs


@dataclass(frozen=True)
class DesignSampleSize:
    """The outcome of the calculation for a design: a result, or the reason there is none.
    With interim analyses, ``plan`` is the group-sequential plan and the n to enrol is its
    maximum (``n_total``)."""

    result: FixedResult | None
    error: str | None              # why an impossible request cannot be computed
    missing: tuple[str, ...]       # inputs not yet decided (then result and error are None)
    plan: GroupSequentialPlan | None = None     # with interim looks

    @property
    def computed(self) -> bool:
        return self.result is not None

    @property
    def n_total(self) -> int | None:
        """The patients to enrol: the group-sequential maximum, else the fixed-sample n."""
        if self.result is None:
            return None
        return self.plan.max_n if self.plan is not None else self.result.n_total


DAYS_PER_MONTH = 365.25 / 12


def compute_design_sample_size(design: Design) -> DesignSampleSize | None:
    """The computed n for the design's primary endpoint; None when it has no analysis with a
    computed n (safety or ordinal endpoints without an analysis chosen)."""
    analysis = effective_analysis(design)
    if analysis is None:
        return None
    from models.design import is_missing

    gaps = tuple(path for path, value in sample_size_inputs(design) if is_missing(value))
    if gaps:
        return DesignSampleSize(None, None, gaps)
    from models import sample_size as ss
    from models.design_plan import CheckedInputs, PlanError, group_sequential_plan

    # No gap: every input is set, and CheckedInputs holds them without Optional.
    inputs = CheckedInputs.of(design, analysis)
    if not inputs.ratios:
        return DesignSampleSize(None, "the allocation ratio names no active arm", ())
    try:
        result = _fixed_sample(design, inputs)
    except ss.SampleSizeError as exc:
        return DesignSampleSize(None, str(exc), ())
    if (design.statistics.interim_analyses or 0) == 0:
        return DesignSampleSize(result, None, ())
    try:
        plan = group_sequential_plan(design, result, inputs)
    except PlanError as exc:
        return DesignSampleSize(None, str(exc), ())
    return DesignSampleSize(result, None, (), plan)


def _fixed_sample(design: Design, inputs: CheckedInputs) -> FixedResult:
    """The fixed-sample calculation for the design's analysis (no interim looks)."""
    from models import sample_size as ss
    from models.design_plan import (BinaryInputs, ContinuousInputs, TimeToEventInputs,
                                    decided)

    assumed, ratios, dropout_pct = inputs.assumptions, inputs.ratios, inputs.dropout_pct
    alpha, sided, power = inputs.alpha, inputs.sided, inputs.power
    if isinstance(assumed, BinaryInputs):
        return ss.binary_sample_size(assumed.control_rate, assumed.treatment_rate,
                                     method=assumed.method.value, alpha=alpha, sided=sided,
                                     power=power, dropout_pct=dropout_pct, ratio=ratios,
                                     arms=len(ratios))
    if isinstance(assumed, ContinuousInputs):
        return ss.continuous_sample_size(assumed.mean_difference, assumed.sd, alpha=alpha,
                                         sided=sided, power=power, dropout_pct=dropout_pct,
                                         ratio=ratios, arms=len(ratios))
    if len(ratios) > 1:
        raise ss.SampleSizeError(f"the {ANALYSIS_WORDS[inputs.analysis]} calculation compares "
                                 f"one active arm with control, not {len(ratios)}")
    if isinstance(assumed, TimeToEventInputs):
        tte = design.statistics.time_to_event
        months = assumed.timepoint_days / DAYS_PER_MONTH
        if tte.accrual_months is None:
            timing = dict(fixed_follow_up=months)
        else:
            # sample_size_inputs lists follow_up_months whenever accrual_months is set.
            timing = dict(accrual_time=tte.accrual_months,
                          follow_up_time=decided(tte.follow_up_months,
                                                 "statistics.time_to_event.follow_up_months"))
        # Dropout is censoring here: a proportion lost by the endpoint's day.
        return ss.survival_sample_size(assumed.hazard_ratio, assumed.control_event_rate, months,
                                       method=assumed.method.value, alpha=alpha, sided=sided,
                                       power=power, ratio=ratios[0], dropout=dropout_pct / 100,
                                       dropout_time=months, **timing)
    result = ss.ordinal_sample_size(assumed.control_probabilities, assumed.odds_ratio,
                                    probabilities_are="control",
                                    categories=design.statistics.ordinal.categories,
                                    alpha=alpha, sided=sided, power=power, ratio=ratios[0])
    if not dropout_pct:
        return result
    # Whitehead's N is of patients analysed: each arm is inflated for dropout as elsewhere.
    control, active = (ss.inflate_for_dropout(n, dropout_pct) for n in result.n_per_arm)
    return replace(result, n_per_arm=(control, active), n_total=control + active,
                   dropout_pct=dropout_pct)


ANALYSIS_WORDS = {Analysis.TIME_TO_EVENT: "time-to-event", Analysis.ORDINAL: "ordinal"}
