"""Group E: sample size and outcomes."""

from __future__ import annotations

from models.design import (Analysis, CoreOutcome, EndpointKind, Phase, RespiratorySupport,
                           Subphenotype)
from models.design_sample_size import effective_analysis, sample_size_inputs
from models.formatting import format_distinct, format_number
from models.guidance.base import Hit, Severity, missing, rule

EFFICACY_PHASES = (Phase.PHASE_2B, Phase.PHASE_3)
EARLY_PHASES = (Phase.PHASE_1, Phase.PHASE_2, Phase.PHASE_2A)   # phase 2: format 3
SURROGATES = (EndpointKind.OXYGENATION, EndpointKind.BIOMARKER)
VFD = EndpointKind.VENTILATOR_FREE_DAYS


def _e1b_applies(ctx) -> bool:
    # docs/conventions.md 1.8 item 3: phase 2b or 3, and the primary kind missing or not safety.
    return ctx.design.statistics.phase in EFFICACY_PHASES \
        and ctx.design.endpoints.primary.kind is not EndpointKind.SAFETY


def _sample_size_gaps(ctx) -> list[str]:
    return [path for path, value in sample_size_inputs(ctx.design) if missing(value)]


@rule("E-1a", applies=lambda ctx: not _e1b_applies(ctx))
def justification_incomplete(ctx):
    if _e1b_applies(ctx):
        return []
    gaps = _sample_size_gaps(ctx)
    return [Hit(tuple(gaps), not_specified=True)] if gaps else []


@rule("E-1b", applies=_e1b_applies)
def justification_incomplete_efficacy(ctx):
    if not _e1b_applies(ctx):
        return []
    gaps = _sample_size_gaps(ctx)
    return [Hit(tuple(gaps), not_specified=True)] if gaps else []


ERROR_INPUTS = {
    Analysis.BINARY: ("statistics.binary.control_rate", "statistics.binary.treatment_rate"),
    Analysis.CONTINUOUS: ("statistics.continuous.mean_difference", "statistics.continuous.sd"),
    Analysis.TIME_TO_EVENT: ("statistics.time_to_event.hazard_ratio",
                             "statistics.time_to_event.control_event_rate"),
    Analysis.ORDINAL: ("statistics.ordinal.control_probabilities",
                       "statistics.ordinal.odds_ratio"),
}


@rule("E-2", applies=lambda ctx: effective_analysis(ctx.design) is not None)
def planned_below_computed(ctx):
    outcome = ctx.sample_size
    if outcome is None or outcome.missing:
        return []
    stats = ctx.design.statistics
    if outcome.plan is not None:
        suffixes = ("message_plan_suffix",)
    else:
        suffixes = ("message_interim_suffix",) if (stats.interim_analyses or 0) > 0 else ()
    if outcome.error is not None:
        # Name the assumptions that make the request impossible, after the planned n.
        inputs = ERROR_INPUTS[effective_analysis(ctx.design)]
        return [Hit(("statistics.planned_total_n", *inputs, "statistics.alpha", "statistics.power"),
                    variant="message_not_computable",
                    values={"reason": outcome.error}, suffixes=suffixes)]
    computed = outcome.n_total
    if stats.planned_total_n >= computed:
        return []
    return [Hit(("statistics.planned_total_n",), suffixes=suffixes, values={
        "planned_total_n": str(stats.planned_total_n),
        "computed_n": str(computed),
        "alpha": format_number(stats.alpha, 6),
        "sided": str(stats.sided),
        "power": format_number(stats.power, 6),
        "dropout_pct": format_number(stats.dropout_pct, 6),
    })]


@rule("E-3a")
def surrogate_in_efficacy_phase(ctx):
    if ctx.design.endpoints.primary.kind in SURROGATES \
            and ctx.design.statistics.phase in EFFICACY_PHASES:
        return [Hit(("endpoints.primary.kind", "statistics.phase"))]
    return []


@rule("E-3b")
def surrogate_in_early_phase(ctx):
    if ctx.design.endpoints.primary.kind in SURROGATES \
            and ctx.design.statistics.phase in EARLY_PHASES:
        return [Hit(("endpoints.primary.kind", "statistics.phase"))]
    return []


@rule("E-4a", applies=lambda ctx: ctx.uses_vfd)
def vfd_horizon_or_death(ctx):
    if not ctx.uses_vfd:
        return []
    vfd = ctx.design.endpoints.vfd
    paths, stated = [], False
    if vfd.horizon_days is None:
        paths.append("endpoints.vfd.horizon_days")
    if vfd.death_counts_as_zero is not True:
        paths.append("endpoints.vfd.death_counts_as_zero")
        stated = vfd.death_counts_as_zero is False
    if not paths:
        return []
    horizon = str(vfd.horizon_days) if vfd.horizon_days is not None else "28 (the usual horizon)"
    # A secondary VFD endpoint of an early-phase trial is not what the trial is judged on, so an
    # incomplete definition is a warning there, not an error (issue 15, item 10).
    phase = ctx.design.statistics.phase
    secondary_only = ctx.design.endpoints.primary.kind is not VFD
    lenient = secondary_only and phase is not None and phase is not Phase.PHASE_3
    return [Hit(tuple(paths), not_specified=not stated, values={"horizon_days": horizon},
                severity=Severity.WARNING if lenient else None)]


@rule("E-4b", applies=lambda ctx: ctx.uses_vfd)
def vfd_details(ctx):
    if not ctx.uses_vfd:
        return []
    vfd = ctx.design.endpoints.vfd
    gaps = [f"endpoints.vfd.{name}" for name in ("day_zero", "counts_as_ventilation",
                                                 "liberation_rule")
            if missing(getattr(vfd, name))]
    return [Hit(tuple(gaps), not_specified=True)] if gaps else []


@rule("E-5")
def vfd_with_non_intubated(ctx):
    if ctx.design.endpoints.primary.kind is VFD and ctx.support & {
            RespiratorySupport.HIGH_FLOW_NASAL_OXYGEN, RespiratorySupport.NONINVASIVE_VENTILATION}:
        return [Hit(("endpoints.primary.kind", "population.respiratory_support"))]
    return []


def _endpoint_paths(design):
    yield "endpoints.primary", design.endpoints.primary
    for index, endpoint in enumerate(design.endpoints.secondary or []):
        yield f"endpoints.secondary[{index}]", endpoint


@rule("E-7")
def no_late_mortality(ctx):
    undated, early = [], []
    for path, endpoint in _endpoint_paths(ctx.design):
        if endpoint.kind is not EndpointKind.MORTALITY:
            continue
        if endpoint.timepoint_days is None:
            undated.append(f"{path}.timepoint_days")
        elif endpoint.timepoint_days >= 28:
            return []
        else:
            early.append(f"{path}.timepoint_days")
    if undated or early:
        return [Hit(tuple(undated + early), not_specified=bool(undated) and not early)]
    # No endpoint decided at all is an open decision; endpoints without mortality are a choice.
    return [Hit(("endpoints.primary.kind", "endpoints.secondary"),
                not_specified=not ctx.endpoint_kinds)]


@rule("E-8", applies=lambda ctx: ctx.design.endpoints.primary.kind in (EndpointKind.MORTALITY, VFD))
def implausible_control_assumptions(ctx):
    design, t = ctx.design, ctx.thresholds
    kind = design.endpoints.primary.kind
    if kind is EndpointKind.MORTALITY:
        rate = design.statistics.binary.control_rate
        # A hyperinflammatory-enriched population's own mortality (about 45-50%) is expected
        # there, so its band replaces the unselected one (issue 15; docs/catalogue-changes.md).
        enriched = design.population.subphenotype is Subphenotype.ENRICHED_HYPERINFLAMMATORY
        names = (("hyperinflammatory_mortality_low", "hyperinflammatory_mortality_high")
                 if enriched else ("control_mortality_low", "control_mortality_high"))
        low, high = (getattr(t, name) for name in names)
        if rate is None or low <= rate <= high:
            return []
        bound = low if rate < low else high
        shown = format_distinct(rate * 100, bound * 100)
        return [Hit(("statistics.binary.control_rate",),
                    variant="message_hyperinflammatory" if enriched else "message",
                    values={"control_rate": f"{shown}%",
                            "band": f"{low * 100:g}–{high * 100:g}%"},
                    thresholds=names)]
    if kind is VFD:
        sd = design.statistics.continuous.sd
        if sd is None or sd >= t.vfd_sd_min:
            return []
        return [Hit(("statistics.continuous.sd",), variant="message_sd",
                    values={"sd": format_distinct(sd, t.vfd_sd_min, decimals=2)},
                    thresholds=("vfd_sd_min",))]
    return []


CORE_OUTCOME_NAMES = {
    CoreOutcome.EXTUBATION: "extubation",
    CoreOutcome.REINTUBATION: "reintubation",
    CoreOutcome.DURATION_OF_VENTILATION: "duration of mechanical ventilation",
    CoreOutcome.LENGTH_OF_STAY: "length of stay",
    CoreOutcome.QUALITY_OF_LIFE: "health-related quality of life",
    CoreOutcome.MORTALITY: "mortality",
}


def core_outcomes_recorded(design) -> set[CoreOutcome]:
    """The Blackwood 2019 items the design reports: those listed in endpoints.core_outcomes
    (format 3), and mortality when an endpoint is mortality. Ventilator-free days are not an item
    of the set and stand in for none."""
    recorded = set(design.endpoints.core_outcomes or ())
    if any(e.kind is EndpointKind.MORTALITY for e in design.endpoints.all_endpoints()):
        recorded.add(CoreOutcome.MORTALITY)
    return recorded


@rule("E-9")
def core_outcomes(ctx):
    design = ctx.design
    recorded = core_outcomes_recorded(design)
    absent = [name for item, name in CORE_OUTCOME_NAMES.items() if item not in recorded]
    functional = design.follow_up.functional_outcomes
    paths = ["endpoints.core_outcomes"] if absent else []
    if functional is not True:
        paths.append("follow_up.functional_outcomes")
    if not paths:
        return []
    stated = (bool(absent) and not missing(design.endpoints.core_outcomes)) or functional is False
    if not absent:
        return [Hit(tuple(paths), not_specified=not stated, variant="message_functional")]
    suffixes = ("message_functional",) if functional is not True else ()
    return [Hit(tuple(paths), not_specified=not stated, suffixes=suffixes,
                values={"missing_outcomes": ", ".join(absent)})]
