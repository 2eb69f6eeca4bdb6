"""A design's group-sequential plan: its interim looks (format 2's statistics.group_sequential)
applied to the fixed-sample calculation of its primary endpoint.

The boundaries come from models.group_sequential (Lan-DeMets spending or the classic shapes,
recursive numerical integration); the patients (or, for time to death, the events) are the
fixed-sample figures scaled by the inflation factor, the looks at the planned information
fractions. Shared by rule E-2 (the n to enrol is the plan's maximum), the wizard, ``check
--json`` and the PDF.

Choices stated in every plan's notes:

- A two-sided design with futility stopping is run as a one-sided test at alpha / 2 in the
  direction of benefit, with the non-binding futility bound (gsDesign test.type 4, rpact).
- With several active arms each comparison with control is monitored at alpha / k (Bonferroni,
  which keeps the familywise error at most alpha), and the fixed-sample n is recomputed at that
  level before it is inflated.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, TypeVar

from models.design import (Analysis, BinaryMethod, Design, EfficacyBoundary, FutilityRule,
                           SurvivalMethod)

if TYPE_CHECKING:
    from models.group_sequential import (EstimateBoundaries, GroupSequentialDesign,
                                         PatientPlan)
    from models.sample_size import OrdinalResult, SampleSizeResult, SurvivalResult

    FixedResult = SampleSizeResult | SurvivalResult | OrdinalResult

T = TypeVar("T")

FUTILITY = {FutilityRule.NONE: None, FutilityRule.BETA_LD_OBF: ("beta", "ld_obf"),
            FutilityRule.BETA_LD_POCOCK: ("beta", "ld_pocock")}


class PlanError(ValueError):
    """A plan that cannot be computed; the message says why."""


class UncheckedInputs(ValueError):
    """A calculation reached with an input undecided: its caller skipped the missing-inputs
    check of models.design_sample_size (a program error, not bad input)."""


def decided(value: T | None, path: str) -> T:
    """``value``, which the missing-inputs check (sample_size_inputs, is_missing) found set;
    a clear error naming ``path`` if a caller computed without that check."""
    if value is None:
        raise UncheckedInputs(f"{path} is not decided: the sample size is computed only once "
                              "models.design_sample_size.sample_size_inputs has no gap")
    return value


@dataclass(frozen=True)
class BinaryInputs:
    control_rate: float
    treatment_rate: float
    method: BinaryMethod


@dataclass(frozen=True)
class ContinuousInputs:
    mean_difference: float
    sd: float


@dataclass(frozen=True)
class TimeToEventInputs:
    hazard_ratio: float
    control_event_rate: float
    timepoint_days: int
    method: SurvivalMethod


@dataclass(frozen=True)
class OrdinalInputs:
    control_probabilities: list[float]
    odds_ratio: float


Assumptions = BinaryInputs | ContinuousInputs | TimeToEventInputs | OrdinalInputs


# The checked inputs live here, not in models/design_sample_size.py, because that module
# imports this one (the plan needs them too; the other way round would be an import cycle).
@dataclass(frozen=True)
class CheckedInputs:
    """A design's sample-size inputs once none is missing: the same values, no longer
    Optional; ``assumptions`` is the block of its analysis (its type says which)."""

    analysis: Analysis
    alpha: float
    sided: int
    power: float
    dropout_pct: float
    ratios: tuple[float, ...]          # n_active_i / n_control, one per active arm
    assumptions: Assumptions

    @classmethod
    def of(cls, design: Design, analysis: Analysis) -> CheckedInputs:
        """Called once sample_size_inputs(design) was found complete; ``decided`` raises if
        it was not."""
        from models.design_analysis import allocation_ratios

        stats = design.statistics
        assumptions: Assumptions
        if analysis is Analysis.BINARY:
            b = stats.binary
            assumptions = BinaryInputs(
                decided(b.control_rate, "statistics.binary.control_rate"),
                decided(b.treatment_rate, "statistics.binary.treatment_rate"),
                decided(b.method, "statistics.binary.method"))
        elif analysis is Analysis.CONTINUOUS:
            c = stats.continuous
            assumptions = ContinuousInputs(
                decided(c.mean_difference, "statistics.continuous.mean_difference"),
                decided(c.sd, "statistics.continuous.sd"))
        elif analysis is Analysis.TIME_TO_EVENT:
            t = stats.time_to_event
            assumptions = TimeToEventInputs(
                decided(t.hazard_ratio, "statistics.time_to_event.hazard_ratio"),
                decided(t.control_event_rate, "statistics.time_to_event.control_event_rate"),
                decided(design.endpoints.primary.timepoint_days,
                        "endpoints.primary.timepoint_days"),
                decided(t.method, "statistics.time_to_event.method"))
        else:
            o = stats.ordinal
            assumptions = OrdinalInputs(
                decided(o.control_probabilities, "statistics.ordinal.control_probabilities"),
                decided(o.odds_ratio, "statistics.ordinal.odds_ratio"))
        ratio = decided(design.control.allocation_ratio, "control.allocation_ratio")
        return cls(analysis, decided(stats.alpha, "statistics.alpha"),
                   decided(stats.sided, "statistics.sided"),
                   decided(stats.power, "statistics.power"),
                   decided(stats.dropout_pct, "statistics.dropout_pct"),
                   allocation_ratios(ratio), assumptions)


@dataclass(frozen=True)
class GroupSequentialPlan:
    design: GroupSequentialDesign
    patients: PatientPlan              # two arms
    max_n: int                         # every arm, at the final analysis
    n_per_arm: tuple[int, ...]         # control first
    n_at_look: tuple[int, ...]         # patients analysed at each look (every arm)
    expected_n_h0: float
    expected_n_h1: float
    events_at_look: tuple[int, ...] | None = None     # time to death: events at each look
    estimate: EstimateBoundaries | None = None     # binary and continuous analyses
    notes: tuple[str, ...] = field(default=())
    fixed: FixedResult | None = None   # the fixed-sample result inflated (Bonferroni with k > 1)
    n_evaluable_per_arm: tuple[int, ...] = ()   # patients analysed at the final look

    def to_dict(self) -> dict:
        """The keys ``sample-size --json`` and ``check --json`` print (README)."""
        gs = self.design
        data = {
            "looks": gs.looks, "info_rates": list(gs.info_rates),
            "efficacy": gs.efficacy, "futility": gs.futility,
            "boundaries_z": list(gs.boundaries_z),
            "futility_z": None if gs.futility_z is None else list(gs.futility_z),
            "boundaries_p": list(gs.boundaries_p), "alpha_spent": list(gs.alpha_spent),
            "beta_spent": None if gs.beta_spent is None else list(gs.beta_spent),
            "inflation_factor": gs.inflation_factor,
            "prob_stop_efficacy_h0": list(gs.prob_stop_efficacy_h0),
            "prob_stop_efficacy_h1": list(gs.prob_stop_efficacy_h1),
            "prob_stop_futility_h0": list(gs.prob_stop_futility_h0),
            "prob_stop_futility_h1": list(gs.prob_stop_futility_h1),
            "max_n": self.max_n, "n_per_arm": list(self.n_per_arm),
            "n_evaluable_per_arm": list(self.n_evaluable_per_arm),
            "n_at_look": list(self.n_at_look),
            "expected_n_h0": self.expected_n_h0, "expected_n_h1": self.expected_n_h1,
            "method": gs.method, "algorithm": gs.algorithm, "reference": gs.reference,
            "notes": list(gs.notes) + list(self.notes),
        }
        if self.events_at_look is not None:
            data["events_at_look"] = list(self.events_at_look)
        if self.estimate is not None:
            data["boundaries_estimate"] = self.estimate.to_dict()
        return data


def group_sequential_plan(design: Design, fixed: FixedResult,
                          inputs: CheckedInputs) -> GroupSequentialPlan:
    """The plan for ``design`` (interim_analyses >= 1) from its fixed-sample result and its
    checked inputs."""
    from models import group_sequential as gsd
    from models import sample_size as ss

    stats = design.statistics
    settings = stats.group_sequential
    # The caller plans only when interim_analyses >= 1, and sample_size_inputs then lists the
    # efficacy and futility rules (and futility_z for a fixed z): all found set.
    interim = decided(stats.interim_analyses, "statistics.interim_analyses")
    efficacy: EfficacyBoundary = decided(settings.efficacy, "statistics.group_sequential.efficacy")
    rule: FutilityRule = decided(settings.futility, "statistics.group_sequential.futility")
    looks = interim + 1
    if looks > gsd.MAX_LOOKS:
        raise PlanError(f"{stats.interim_analyses} interim analyses: a group-sequential plan "
                        f"has at most {gsd.MAX_LOOKS - 1} interim looks and the final one")
    rates = settings.info_rates
    if rates is not None and len(rates) != looks:
        raise PlanError(f"statistics.group_sequential.info_rates has {len(rates)} fraction(s) "
                        f"for {looks} looks ({stats.interim_analyses} interim and the final "
                        "one); give one per look")
    futility: tuple[str, str] | tuple[str, float] | None = FUTILITY.get(rule)
    if rule is FutilityRule.FIXED_Z:
        futility = ("z", decided(settings.futility_z, "statistics.group_sequential.futility_z"))
    notes = []
    alpha, sided = inputs.alpha, inputs.sided
    if futility is not None and sided == 2:
        alpha, sided = inputs.alpha / 2, 1
        notes.append(f"With futility stopping, the two-sided α {inputs.alpha:g} is run as a "
                     f"one-sided test at {alpha:g} in the direction of benefit (gsDesign "
                     "test.type 4).")
    arms = len(fixed.n_per_arm) - 1
    analysis = inputs.analysis
    if arms > 1:
        notes.append(f"With {arms} active arms each comparison with control is monitored at "
                     f"α/{arms} (Bonferroni); the fixed-sample n is recomputed at that level.")
        alpha = alpha / arms
        fixed = _bonferroni_fixed(inputs, ss)
    try:
        plan_design = _boundaries(looks, alpha, inputs.power, sided, efficacy.value,
                                  futility, None if rates is None else tuple(rates))
    except gsd.GroupSequentialError as exc:
        raise PlanError(str(exc)) from None
    inflation = plan_design.inflation_factor
    ratios = inputs.ratios
    # The information is in the patients analysed: each arm's evaluable n is inflated on its
    # own, then (as the fixed design does) divided by 1 - dropout. For time to death dropout
    # is censoring, already in the events, so the enrolled n is inflated directly.
    evaluable_fixed = evaluable_arms(fixed)
    evaluable = tuple(math.ceil(inflation * n - 1e-9) for n in evaluable_fixed)
    if analysis is Analysis.TIME_TO_EVENT or not inputs.dropout_pct:
        n_per_arm = tuple(math.ceil(inflation * n - 1e-9) for n in fixed.n_per_arm) \
            if analysis is Analysis.TIME_TO_EVENT else evaluable
    else:
        n_per_arm = tuple(ss.inflate_for_dropout(n, inputs.dropout_pct) for n in evaluable)
    n_at_look = tuple(sum(math.ceil(t * n - 1e-9) for n in n_per_arm)
                      for t in plan_design.info_rates)
    try:
        patients = gsd.patient_plan(plan_design, evaluable_fixed[0] + evaluable_fixed[1],
                                    ratio=ratios[0])
    except gsd.GroupSequentialError as exc:
        raise PlanError(str(exc)) from None
    stop_h0 = _stop(plan_design.prob_stop_efficacy_h0, plan_design.prob_stop_futility_h0)
    stop_h1 = _stop(plan_design.prob_stop_efficacy_h1, plan_design.prob_stop_futility_h1)
    expected_h0 = sum(p * n for p, n in zip(stop_h0, n_at_look))
    expected_h1 = sum(p * n for p, n in zip(stop_h1, n_at_look))
    events = estimate = None
    assumed = inputs.assumptions
    if analysis is Analysis.TIME_TO_EVENT:
        # The information is the number of deaths: the looks are at fractions of the events.
        # _fixed_sample computes a time-to-death analysis with survival_sample_size.
        assert isinstance(fixed, ss.SurvivalResult)
        max_events = math.ceil(inflation * fixed.events - 1e-9)
        events = tuple(math.ceil(t * max_events - 1e-9) for t in plan_design.info_rates)
        notes.append("For time to death the looks are at fractions of the deaths: "
                     f"{', '.join(str(e) for e in events)} deaths.")
    elif isinstance(assumed, BinaryInputs) and arms == 1:
        estimate = gsd.binary_estimate_boundaries(plan_design, patients, assumed.control_rate,
                                                  assumed.treatment_rate)
    elif isinstance(assumed, ContinuousInputs) and arms == 1:
        estimate = gsd.continuous_estimate_boundaries(plan_design, patients,
                                                      assumed.mean_difference, assumed.sd)
    return GroupSequentialPlan(plan_design, patients, sum(n_per_arm), n_per_arm, n_at_look,
                               expected_h0, expected_h1, events, estimate, tuple(notes),
                               fixed=fixed, n_evaluable_per_arm=evaluable)


def evaluable_arms(result) -> tuple[int, ...]:
    """The patients analysed per arm (control first), before the dropout allowance."""
    from models import sample_size as ss

    if isinstance(result, ss.SampleSizeResult):
        return tuple(result.n_evaluable)
    if getattr(result, "dropout_pct", 0):   # an ordinal result inflated by the design
        return tuple(ss.ceil_n(n) for n in result.raw)
    return tuple(result.n_per_arm)


@lru_cache(maxsize=64)
def _boundaries(looks, alpha, power, sided, efficacy, futility, info_rates):
    """The boundaries depend on these few numbers only, and the guidance recomputes the plan on
    every keystroke: an edit elsewhere in the design costs a dictionary look-up, not the
    integration (3 to 7 ms). The designs are frozen, so sharing them is safe."""
    from models import group_sequential as gsd

    return gsd.group_sequential_design(looks, alpha=alpha, power=power, sided=sided,
                                       efficacy=efficacy, futility=futility,
                                       info_rates=info_rates)


def _stop(efficacy, futility) -> tuple[float, ...]:
    """P(the trial ends at look k)."""
    interim = [e + f for e, f in zip(efficacy[:-1], futility[:-1])]
    return tuple(interim) + (max(0.0, 1.0 - sum(interim)),)


def _bonferroni_fixed(inputs: CheckedInputs, ss) -> SampleSizeResult:
    """The fixed-sample n at alpha / k (only binary and continuous analyses have several
    active arms: the others refuse them before a plan is made)."""
    common = dict(alpha=inputs.alpha, sided=inputs.sided, power=inputs.power,
                  dropout_pct=inputs.dropout_pct, ratio=inputs.ratios, arms=len(inputs.ratios),
                  adjust="bonferroni")
    assumed = inputs.assumptions
    try:
        if isinstance(assumed, BinaryInputs):
            return ss.binary_sample_size(assumed.control_rate, assumed.treatment_rate,
                                         method=assumed.method.value, **common)
        if isinstance(assumed, ContinuousInputs):
            return ss.continuous_sample_size(assumed.mean_difference, assumed.sd, **common)
    except ss.SampleSizeError as exc:
        raise PlanError(str(exc)) from None
    raise PlanError(f"a {inputs.analysis.value} analysis compares one active arm with control")
