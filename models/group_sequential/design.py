"""The design itself: validate the request, compute the efficacy bounds under H0 (futility
ignored, since it is non-binding), solve the maximum information for the power (futility obeyed),
and assemble the operating characteristics under H0 and H1.

The maximum information is solved on the drift eta = theta sqrt(I_max); the fixed design needs
eta_fixed = z_{1-alpha/sided} + z_{power}, so the inflation factor is (eta / eta_fixed)^2 and K = 1
gives exactly 1. With beta spending the futility bounds move with eta and are recomputed at every
trial value (gsDesign test.type = 4; rpact typeBetaSpending with bindingFutility = FALSE).
"""

from __future__ import annotations

import math
from typing import Sequence

from models import distributions as dist
from models.formatting import format_number, format_percent
from models.group_sequential import integration as gsi
from models.group_sequential import spending as sp
from models.group_sequential.errors import (
    GroupSequentialConvergenceError,
    GroupSequentialError,
    reports_failures,
)
from models.group_sequential.results import GroupSequentialDesign, OperatingCharacteristics
from models.group_sequential.validation import (
    number as _number,
    validate_futility,
    validate_levels,
    validate_looks,
    validate_rates,
)

# A design needing more than 100 times the fixed-sample information is not a design.
MAX_INFLATION = 100.0
# The drift to 1e-10 (relative 3e-11): far below the integration's own error (about 1e-7).
_DRIFT_XTOL = 1e-10

_REFERENCE = ("Jennison C, Turnbull BW. Group Sequential Methods with Applications to Clinical "
              "Trials. Chapman & Hall/CRC 2000 (chapters 2, 4, 7 and 19); Armitage P, McPherson "
              "CK, Rowe BC. Repeated significance tests on accumulating data. J R Stat Soc A "
              "1969;132:235-244")
_BETA_REFERENCE = ("Pampallona S, Tsiatis AA, Kim K. Interim monitoring of group sequential "
                   "trials using spending functions for the type I and type II error "
                   "probabilities. Drug Inf J 2001;35:1113-1121; as gsDesign test.type = 4 and "
                   "rpact typeBetaSpending with bindingFutility = FALSE")


def _futility_lower(kind, spec, upper, looks) -> tuple[float, ...]:
    """Fixed futility z bounds per look (-inf where none; the final look has none)."""
    lower = [-math.inf] * looks
    if kind == "z":
        for k, z in enumerate(spec):
            if z is None:
                continue
            if not z < upper[k]:
                raise GroupSequentialError(
                    f"the futility z {format_number(z, 4)} at look {k + 1} is not below the "
                    f"efficacy bound {upper[k]:.4f}: the trial would always stop there")
            lower[k] = z
    return tuple(lower)


def _solve_drift(power_at, target: float, fixed_drift: float) -> float:
    """The drift at which power_at(drift) = target. A group-sequential design never has more
    power than the fixed design at the same drift, so fixed_drift is a lower bracket (0 is a
    safe one: power_at(0) <= alpha < target); the upper bracket starts at an inflation of 1.32,
    which covers most designs, and widens until it brackets the root.

    The root is sought on the probit scale, Phi^-1(power), which is exactly linear in the drift
    for a fixed design and nearly so here: Brent's interpolation then needs a few steps."""
    target_probit = dist.norm_ppf(target)

    def probit_gap(drift: float) -> float:
        power = power_at(drift)
        return (dist.norm_ppf(power) if power < 1.0 else 40.0) - target_probit

    lo = fixed_drift
    f_lo = probit_gap(lo)
    if f_lo > 0.0:
        lo, f_lo = 0.0, probit_gap(0.0)
    ceiling = math.sqrt(MAX_INFLATION) * fixed_drift
    hi = min(ceiling, 1.15 * fixed_drift)
    f_hi = probit_gap(hi)
    while f_hi < 0.0:
        if hi >= ceiling:
            raise GroupSequentialConvergenceError(
                f"the power asked for would need more than {MAX_INFLATION:g} times the "
                "fixed-sample information (the futility bounds stop too many trials)")
        lo, f_lo = hi, f_hi
        hi = min(ceiling, 1.3 * hi)
        f_hi = probit_gap(hi)
    return dist.brentq(probit_gap, lo, hi, xtol=_DRIFT_XTOL, fa=f_lo, fb=f_hi,
                       what="the maximum information")


def _operating(rates, drift, upper, lower, sided):
    """(efficacy, futility, stop) probabilities per look at the given drift, bounds fixed."""
    above, below, reach = gsi.crossing_probabilities(rates, drift, upper, lower)
    return _split(above, below, reach, sided)


def _split(above, below, reach, sided):
    last = len(above) - 1
    if sided == 2:    # either direction rejects H0
        efficacy = tuple(a + b for a, b in zip(above, below))
        futility = (0.0,) * len(above)
    else:
        efficacy = tuple(above)
        futility = tuple(below[:last]) + (0.0,)
    stop = tuple(efficacy[k] + futility[k] for k in range(last)) + (reach[last],)
    return efficacy, futility, stop


@reports_failures
def group_sequential_design(looks: int = 3, *, alpha: float = 0.025, power: float = 0.8,
                            sided: int = 1, efficacy: str = "ld_obf", futility=None,
                            info_rates: Sequence[float] | None = None) -> GroupSequentialDesign:
    """A group-sequential design with ``looks`` analyses (the final one included).

    efficacy: "ld_obf" | "ld_pocock" (Lan-DeMets spending) or "obf" | "pocock" (classic shapes).
    futility: None, ("beta", "ld_obf" | "ld_pocock") for non-binding beta spending, or
    ("z", value) for a non-binding fixed z bound at every interim look (a list of K - 1 values,
    None for no bound at a look, sets them one by one). One-sided designs only.
    sided=2 gives symmetric boundaries with alpha / 2 per side."""
    looks = validate_looks(looks)
    rates = validate_rates(looks, info_rates)
    alpha, sided, power = validate_levels(alpha, sided, power)
    if efficacy not in sp.EFFICACY_FAMILIES:
        raise GroupSequentialError(f"efficacy boundaries must be one of "
                                   f"{', '.join(sp.EFFICACY_FAMILIES)}, not {efficacy!r}")
    kind, spec = validate_futility(futility, looks, sided)
    notes = []
    if looks == 1 and kind is not None:
        notes.append("A single analysis has no interim look, so there is no futility bound.")
        kind = spec = None
    per_side = alpha / sided
    beta = 1.0 - power
    fixed_drift = dist.norm_isf(per_side) + dist.norm_ppf(power)

    if efficacy in sp.SPENDING_FAMILIES:
        per_side_spent = sp.cumulative_spending(efficacy, per_side, rates)
        upper = gsi.spending_bounds(rates, per_side_spent, sided)
        alpha_spent = tuple(sided * a for a in per_side_spent)
    else:
        upper = gsi.classic_bounds(rates, efficacy, alpha, sided)
        alpha_spent = None
    two_sided_lower = tuple(-b if sided == 2 else -math.inf for b in upper)
    if alpha_spent is None:
        efficacy_h0, _, _ = _operating(rates, 0.0, upper, two_sided_lower, sided)
        alpha_spent = tuple(_cumulative(efficacy_h0))

    if kind == "beta":
        beta_target = sp.cumulative_spending(spec, beta, rates)

        previous: list = [None]       # the last trial drift's futility bounds: warm starts

        def power_at(drift: float) -> float:
            result = gsi.beta_spending_pass(rates, drift, upper, beta_target, previous[0])
            previous[0] = result[0]
            return sum(result[2])
    else:
        lower = _futility_lower(kind, spec, upper, looks) if sided == 1 else two_sided_lower

        def power_at(drift: float) -> float:
            return sum(gsi.crossing_probabilities(rates, drift, upper, lower)[0])

    drift = fixed_drift if looks == 1 else _solve_drift(power_at, power, fixed_drift)

    beta_spent = None
    if kind == "beta":
        lower, capped, above, below, reach = gsi.beta_spending_pass(rates, drift, upper,
                                                                    beta_target, previous[0])
        lower = lower + (-math.inf,)
        notes += [f"At look {k + 1} the futility bound reached the efficacy bound: the trial "
                  "stops there whatever the result." for k in capped]
    else:
        above, below, reach = gsi.crossing_probabilities(rates, drift, upper, lower)
    efficacy_h1, futility_h1, stop_h1 = _split(above, below, reach, sided)
    if kind == "beta":
        beta_spent = tuple(_cumulative(futility_h1[:-1])) + (1.0 - sum(above),)
    efficacy_h0, futility_h0, stop_h0 = _operating(rates, 0.0, upper, lower, sided)

    inflation = (drift / fixed_drift) ** 2
    futility_z = None
    if kind is not None:
        futility_z = tuple(None if a == -math.inf else a for a in lower[:-1]) + (None,)
    return GroupSequentialDesign(
        looks=looks, alpha=alpha, power=power, sided=sided, efficacy=efficacy,
        futility=None if kind is None else ("z" if kind == "z" else f"beta:{spec}"),
        info_rates=rates, boundaries_z=upper, futility_z=futility_z,
        boundaries_p=tuple(dist.norm_sf(b) for b in upper), alpha_spent=alpha_spent,
        beta_spent=beta_spent, inflation_factor=inflation, drift=drift,
        fixed_drift=fixed_drift, achieved_power=sum(above),
        prob_stop_efficacy_h0=efficacy_h0, prob_stop_efficacy_h1=efficacy_h1,
        prob_stop_futility_h0=futility_h0, prob_stop_futility_h1=futility_h1,
        expected_info_h0=inflation * sum(t * p for t, p in zip(rates, stop_h0)),
        expected_info_h1=inflation * sum(t * p for t, p in zip(rates, stop_h1)),
        method=_method(looks, rates, alpha, sided, power, efficacy, kind, spec),
        formula=_formula(looks, efficacy, kind, spec, sided),
        algorithm=gsi.ALGORITHM if looks > 1 else "closed form (a single analysis)",
        reference=_references(efficacy, kind, spec), notes=tuple(notes))


def design_lower_bounds(design: GroupSequentialDesign) -> tuple[float, ...]:
    """The lower stopping bound per look: -b_k for a two-sided design, else the futility bound
    (-inf where there is none, and at the final analysis)."""
    if design.sided == 2:
        return tuple(-b for b in design.boundaries_z)
    if design.futility_z is None:
        return (-math.inf,) * design.looks
    return tuple(-math.inf if a is None else a for a in design.futility_z)


@reports_failures
def operating_characteristics(design: GroupSequentialDesign,
                              effect: float = 1.0) -> OperatingCharacteristics:
    """Stopping probabilities, power and expected information when the true effect is
    ``effect`` times the assumed one (the futility bounds obeyed, as a trial would)."""
    effect = _number(effect, "the effect")
    if abs(effect) > 100.0:
        raise GroupSequentialError(f"the effect {format_number(effect)} times the assumed one "
                                   "is outside -100 to 100")
    above, below, reach = gsi.crossing_probabilities(
        design.info_rates, effect * design.drift, design.boundaries_z,
        design_lower_bounds(design))
    efficacy, futility, stop = _split(above, below, reach, design.sided)
    expected = design.inflation_factor * sum(t * p for t, p in zip(design.info_rates, stop))
    return OperatingCharacteristics(effect=effect, power=sum(above), prob_stop_efficacy=efficacy,
                                    prob_stop_futility=futility, expected_info=expected)


def _cumulative(values):
    total = 0.0
    for v in values:
        total += v
        yield total


def _method(looks, rates, alpha, sided, power, efficacy, kind, spec) -> str:
    fractions = ", ".join(format_percent(t, 1) for t in rates)
    if sided == 2:
        level = (f"Two-sided group-sequential design at level {format_percent(alpha, 2)}, "
                 f"symmetric boundaries with {format_percent(alpha / 2, 2)} per side")
    else:
        level = f"One-sided group-sequential design at level {format_percent(alpha, 2)}"
    if looks == 1:
        return f"{level}; a single analysis (the fixed design); power {format_percent(power, 1)}."
    text = (f"{level}; {looks} looks at information fractions {fractions}; efficacy by "
            f"{sp.LABELS[efficacy]}")
    if kind == "beta":
        text += f"; non-binding futility by {sp.LABELS[spec].replace('spending', 'beta spending')}"
    elif kind == "z":
        values = ", ".join("none" if z is None else format_number(z, 3) for z in spec)
        text += f"; non-binding futility at z = {values}"
    if kind is not None:
        text += (" (the efficacy bounds ignore it; power and expected information obey it)")
    return text + f"; power {format_percent(power, 1)} at the final analysis."


def _formula(looks, efficacy, kind, spec, sided) -> str:
    z_alpha = "z_{1-alpha/2}" if sided == 2 else "z_{1-alpha}"
    information = (f"I_max = inflation x I_fixed, I_fixed = (({z_alpha} + z_{{1-beta}}) / "
                   "theta)^2")
    if looks == 1:
        return f"b = {z_alpha}; {information}, inflation = 1"
    if efficacy in sp.SPENDING_FAMILIES:
        if sided == 2:
            spending = sp.FORMULAS[efficacy].format(f="f", a="a") + " with a = alpha/2 per side"
        else:
            spending = sp.FORMULAS[efficacy].format(f="f", a="alpha")
        continuing = "|Z_j| < b_j" if sided == 2 else "Z_j < b_j"
        text = (f"alpha spending {spending}; b_k solves P0({continuing} for j < k, Z_k >= b_k) "
                "= f(t_k) - f(t_{k-1})")
    else:
        crossing = "|Z_k| >= b_k" if sided == 2 else "Z_k >= b_k"
        text = f"{sp.FORMULAS[efficacy]}; c solves P0({crossing} at some look k) = alpha"
    if kind == "beta":
        text += (f"; beta spending {sp.FORMULAS[spec].format(f='g', a='beta')}: a_k solves "
                 "P1(a_j < Z_j < b_j for j < k, Z_k <= a_k) = g(t_k) - g(t_{k-1})")
    return f"{text}; {information}; E[I] = sum_k t_k I_max P(stop at look k)"


def _references(efficacy, kind, spec) -> str:
    parts = [_REFERENCE, sp.REFERENCES[efficacy]]
    if kind == "beta":
        parts.append(_BETA_REFERENCE)
        if spec != efficacy:
            parts.append(sp.REFERENCES[spec])
    return "; ".join(parts)
