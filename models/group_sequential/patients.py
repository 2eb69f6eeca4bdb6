"""A design in patients and on the scale of the observed effect.

``patient_plan`` scales the fixed-sample total of ``models.sample_size`` (``n_total``) by the
inflation factor. As in the sample-size engine (docs/conventions.md 1.8 item 7) each arm's raw n is
rounded up separately, floating-point noise never adding a patient (``ceil_n``), so arms stay
whole for the allocation ratio; the patients at look k are t_k times each arm, rounded up the
same way. The information grows in proportion to the patients, as it does for a difference of
means or of proportions.

``binary_estimate_boundaries`` and ``continuous_estimate_boundaries`` turn each z boundary into
the observed difference (treatment - control) it corresponds to at that look, b_k x SE_k, with
the SE from the assumed rates (unpooled) or the SD and the arm sizes at that look.
"""

from __future__ import annotations

import math
from fractions import Fraction

from models.formatting import format_number
from models.group_sequential.errors import GroupSequentialError
from models.group_sequential.results import EstimateBoundaries, GroupSequentialDesign, PatientPlan
from models.group_sequential.validation import number
from models.sample_size.rounding import ceil_n

# The sample-size engine's limits, for the same reasons: no trial enrols more, and allocation
# outside 1:100 to 100:1 is a typing error.
_MAX_N = 10 ** 9
_MIN_RATIO, _MAX_RATIO = 0.01, 100.0
_ROUNDING = ("each arm's n rounded up separately (control = raw total / (1 + r), active = r x "
             "control), at every look t_k x each arm rounded up")


def _arms(total: Fraction, ratio: Fraction) -> tuple[int, int]:
    """Whole arms for a raw total, each rounded up (exact arithmetic: 0.1 x 30 is 3, not 4)."""
    control = total / (1 + ratio)
    return ceil_n(float(control)), ceil_n(float(control * ratio))


def patient_plan(design: GroupSequentialDesign, fixed_n: int, *,
                 ratio: float = 1.0) -> PatientPlan:
    """Patients for ``design`` from the fixed-sample total ``fixed_n`` (one active arm against
    control, ratio = n_active / n_control)."""
    if isinstance(fixed_n, bool) or not isinstance(fixed_n, int):
        raise GroupSequentialError(f"the fixed-sample n must be a whole number, not {fixed_n!r}")
    if not 2 <= fixed_n <= _MAX_N:
        raise GroupSequentialError(f"the fixed-sample n {fixed_n} must be between 2 and "
                                   f"{_MAX_N:,}")
    ratio = number(ratio, "the allocation ratio")
    if not _MIN_RATIO <= ratio <= _MAX_RATIO:
        raise GroupSequentialError(f"the allocation ratio {format_number(ratio, 6)} is outside "
                                   f"{format_number(_MIN_RATIO)} to {format_number(_MAX_RATIO)}")
    exact_ratio = Fraction(repr(ratio))
    inflation = Fraction(design.inflation_factor)
    final = _arms(inflation * fixed_n, exact_ratio)
    if sum(final) > _MAX_N:
        raise GroupSequentialError(f"more than {_MAX_N:,} patients would be needed")
    per_look = tuple(final if t == 1.0 else
                     tuple(ceil_n(float(Fraction(t) * n)) for n in final)
                     for t in design.info_rates)
    totals = tuple(sum(arms) for arms in per_look)
    stop_h0 = _stop_probabilities(design.prob_stop_efficacy_h0, design.prob_stop_futility_h0)
    stop_h1 = _stop_probabilities(design.prob_stop_efficacy_h1, design.prob_stop_futility_h1)
    return PatientPlan(
        fixed_n=fixed_n, max_n=totals[-1], n_per_arm=final, ratio=ratio, n_at_look=totals,
        n_per_arm_at_look=per_look,
        expected_n_h0=sum(p * n for p, n in zip(stop_h0, totals)),
        expected_n_h1=sum(p * n for p, n in zip(stop_h1, totals)),
        rounding=_ROUNDING)


def _stop_probabilities(efficacy, futility) -> tuple[float, ...]:
    """P(the trial ends at look k): a stop at an interim look, or reaching the final analysis."""
    interim = [e + f for e, f in zip(efficacy[:-1], futility[:-1])]
    return tuple(interim) + (max(0.0, 1.0 - sum(interim)),)


def binary_estimate_boundaries(design: GroupSequentialDesign, plan: PatientPlan,
                               control_rate: float, treatment_rate: float) -> EstimateBoundaries:
    """Boundaries as the observed risk difference (treatment - control) at each look."""
    p1 = number(control_rate, "the control rate")
    p2 = number(treatment_rate, "the treatment rate")
    for name, p in (("control rate", p1), ("treatment rate", p2)):
        if not 0.0 < p < 1.0:
            raise GroupSequentialError(f"the {name} {format_number(p, 6)} is not a proportion "
                                       "strictly between 0 and 1")
    if p1 == p2:
        raise GroupSequentialError("the treatment rate equals the control rate: there is no "
                                   "effect to orient the boundaries")
    se = tuple(math.sqrt(p1 * (1 - p1) / n_c + p2 * (1 - p2) / n_t)
               for n_c, n_t in plan.n_per_arm_at_look)
    formula = ("d_k = sign(p_t - p_c) x b_k x sqrt(p_c(1 - p_c) / n_c,k + p_t(1 - p_t) / n_t,k), "
               "with the assumed rates and the arm sizes at look k")
    return _on_estimate_scale(design, se, math.copysign(1.0, p2 - p1), "binary",
                              "risk difference (treatment - control)", formula)


def continuous_estimate_boundaries(design: GroupSequentialDesign, plan: PatientPlan,
                                   mean_difference: float, sd: float) -> EstimateBoundaries:
    """Boundaries as the observed mean difference (treatment - control) at each look."""
    delta = number(mean_difference, "the mean difference")
    sd = number(sd, "the SD")
    if delta == 0.0:
        raise GroupSequentialError("the mean difference is 0: there is no effect to orient the "
                                   "boundaries")
    if not sd > 0.0:
        raise GroupSequentialError(f"the SD {format_number(sd, 6)} must be above 0")
    se = tuple(sd * math.sqrt(1.0 / n_c + 1.0 / n_t) for n_c, n_t in plan.n_per_arm_at_look)
    formula = ("d_k = sign(delta) x b_k x SD x sqrt(1 / n_c,k + 1 / n_t,k), with the arm sizes "
               "at look k")
    return _on_estimate_scale(design, se, math.copysign(1.0, delta), "continuous",
                              "mean difference (treatment - control)", formula)


def _on_estimate_scale(design, se, direction, endpoint, scale, formula) -> EstimateBoundaries:
    if len(se) != design.looks:
        raise GroupSequentialError(f"the patient plan has {len(se)} looks, the design "
                                   f"{design.looks}: they do not belong together")
    efficacy = tuple(direction * b * s for b, s in zip(design.boundaries_z, se))
    futility = None
    if design.futility_z is not None:
        futility = tuple(None if a is None else direction * a * s
                         for a, s in zip(design.futility_z, se))
    if design.sided == 2:
        formula += "; a two-sided design also stops at the same distance in the other direction"
    return EstimateBoundaries(endpoint=endpoint, scale=scale, efficacy=efficacy,
                              futility=futility, standard_error=se, formula=formula)
