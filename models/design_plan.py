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

from models.design import Analysis, Design, FutilityRule

FUTILITY = {FutilityRule.NONE: None, FutilityRule.BETA_LD_OBF: ("beta", "ld_obf"),
            FutilityRule.BETA_LD_POCOCK: ("beta", "ld_pocock")}


class PlanError(ValueError):
    """A plan that cannot be computed; the message says why."""


@dataclass(frozen=True)
class GroupSequentialPlan:
    design: object                     # models.group_sequential.GroupSequentialDesign
    patients: object                   # models.group_sequential.PatientPlan (two arms)
    max_n: int                         # every arm, at the final analysis
    n_per_arm: tuple[int, ...]         # control first
    n_at_look: tuple[int, ...]         # patients analysed at each look (every arm)
    expected_n_h0: float
    expected_n_h1: float
    events_at_look: tuple[int, ...] | None = None     # time to death: events at each look
    estimate: object | None = None     # EstimateBoundaries (binary and continuous analyses)
    notes: tuple[str, ...] = field(default=())
    fixed: object | None = None        # the fixed-sample result inflated (Bonferroni with k > 1)
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


def group_sequential_plan(design: Design, fixed) -> GroupSequentialPlan:
    """The plan for ``design`` (interim_analyses >= 1) from its fixed-sample result."""
    from models import group_sequential as gsd
    from models import sample_size as ss
    from models.design_analysis import allocation_ratios, effective_analysis

    stats = design.statistics
    settings = stats.group_sequential
    looks = stats.interim_analyses + 1
    if looks > gsd.MAX_LOOKS:
        raise PlanError(f"{stats.interim_analyses} interim analyses: a group-sequential plan "
                        f"has at most {gsd.MAX_LOOKS - 1} interim looks and the final one")
    rates = settings.info_rates
    if rates is not None and len(rates) != looks:
        raise PlanError(f"statistics.group_sequential.info_rates has {len(rates)} fraction(s) "
                        f"for {looks} looks ({stats.interim_analyses} interim and the final "
                        "one); give one per look")
    futility = FUTILITY.get(settings.futility)
    if settings.futility is FutilityRule.FIXED_Z:
        futility = ("z", settings.futility_z)
    notes = []
    alpha, sided = stats.alpha, stats.sided
    if futility is not None and sided == 2:
        alpha, sided = stats.alpha / 2, 1
        notes.append(f"With futility stopping, the two-sided α {stats.alpha:g} is run as a "
                     f"one-sided test at {alpha:g} in the direction of benefit (gsDesign "
                     "test.type 4).")
    arms = len(fixed.n_per_arm) - 1
    analysis = effective_analysis(design)
    if arms > 1:
        notes.append(f"With {arms} active arms each comparison with control is monitored at "
                     f"α/{arms} (Bonferroni); the fixed-sample n is recomputed at that level.")
        alpha = alpha / arms
        fixed = _bonferroni_fixed(design, analysis, ss)
    try:
        plan_design = _boundaries(looks, alpha, stats.power, sided, settings.efficacy.value,
                                  futility, None if rates is None else tuple(rates))
    except gsd.GroupSequentialError as exc:
        raise PlanError(str(exc)) from None
    inflation = plan_design.inflation_factor
    ratios = allocation_ratios(design.control.allocation_ratio)
    # The information is in the patients analysed: each arm's evaluable n is inflated on its
    # own, then (as the fixed design does) divided by 1 - dropout. For time to death dropout
    # is censoring, already in the events, so the enrolled n is inflated directly.
    evaluable_fixed = evaluable_arms(fixed)
    evaluable = tuple(math.ceil(inflation * n - 1e-9) for n in evaluable_fixed)
    if analysis is Analysis.TIME_TO_EVENT or not stats.dropout_pct:
        n_per_arm = tuple(math.ceil(inflation * n - 1e-9) for n in fixed.n_per_arm) \
            if analysis is Analysis.TIME_TO_EVENT else evaluable
    else:
        n_per_arm = tuple(ss.inflate_for_dropout(n, stats.dropout_pct) for n in evaluable)
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
    if analysis is Analysis.TIME_TO_EVENT:
        # The information is the number of deaths: the looks are at fractions of the events.
        max_events = math.ceil(inflation * fixed.events - 1e-9)
        events = tuple(math.ceil(t * max_events - 1e-9) for t in plan_design.info_rates)
        notes.append("For time to death the looks are at fractions of the deaths: "
                     f"{', '.join(str(e) for e in events)} deaths.")
    elif analysis is Analysis.BINARY and arms == 1:
        estimate = gsd.binary_estimate_boundaries(plan_design, patients,
                                                  stats.binary.control_rate,
                                                  stats.binary.treatment_rate)
    elif analysis is Analysis.CONTINUOUS and arms == 1:
        estimate = gsd.continuous_estimate_boundaries(plan_design, patients,
                                                      stats.continuous.mean_difference,
                                                      stats.continuous.sd)
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


def _bonferroni_fixed(design: Design, analysis: Analysis, ss):
    from models.design_analysis import allocation_ratios

    stats = design.statistics
    ratios = allocation_ratios(design.control.allocation_ratio)
    common = dict(alpha=stats.alpha, sided=stats.sided, power=stats.power,
                  dropout_pct=stats.dropout_pct, ratio=ratios, arms=len(ratios),
                  adjust="bonferroni")
    try:
        if analysis is Analysis.BINARY:
            return ss.binary_sample_size(stats.binary.control_rate, stats.binary.treatment_rate,
                                         method=stats.binary.method.value, **common)
        return ss.continuous_sample_size(stats.continuous.mean_difference, stats.continuous.sd,
                                         **common)
    except ss.SampleSizeError as exc:
        raise PlanError(str(exc)) from None
