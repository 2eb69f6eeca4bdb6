"""Power of k active arms compared with a shared control, beyond the power per comparison: the
disjunctive power (at least one false null hypothesis rejected), the conjunctive power (every
false null rejected) and the familywise error (at least one true null rejected), for a binary
endpoint (pooled-variance z test) or a continuous one (z test, known SD), at the Dunnett or
Bonferroni critical value the engine uses (``critical``).

Model: Z_i = μ_i + τ_i·(a_i·W + √(1 - a_i²)·E_i), W and E_i independent standard normals, so
corr(Z_i, Z_j) = a_i·a_j (the shared control arm is W). Given W the Z_i are independent, so
every probability is a one-dimensional integral over W, by the trapezoidal rule of
``distributions.dunnett_probability`` (geometric convergence for this analytic integrand).

Continuous: μ_i = δ_i / (σ√(1/n0 + 1/n_i)), τ_i = 1, a_i = √(r_i/(1 + r_i)). Binary, with Z_i
standardised by the pooled (null) SE0_i: μ_i = (p_i - p0)/SE0_i, τ_i = SE1_i/SE0_i (SE1 the
unpooled SE under H1) and a_i = √(p0q0/n0)/SE1_i, the correlation under H1. A comparison counts
as rejected only in the direction of its effect (R's strict = FALSE, as elsewhere in the engine);
a true null (no effect) counts as rejected in either direction when the test is two-sided.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Sequence

from models import distributions as dist
from models.formatting import format_number
from models.sample_size.critical import _normal_critical_value
from models.sample_size.errors import SampleSizeError, _reports_convergence
from models.sample_size.validation import (
    _arm_sizes,
    _number,
    _settings_for_arms,
    _validate_settings,
)

_REFERENCE = ("Dunnett CW. JASA 1955;50:1096-1121 (one-sided); Biometrics 1964;20:482-491 "
              "(two-sided); conjunctive and disjunctive power as in Grayling MJ, Wason JMS. "
              "BMC Cancer 2020;20:80 (R package multiarm, opchar_ss_norm)")
_FORMULA = ("Z_i = μ_i + τ_i(a_i W + √(1 - a_i²) E_i); per comparison Φ((μ_i - c)/τ_i); "
            "disjunctive 1 - E_W Π Φ((b_i - a_i W)/s_i), conjunctive E_W Π Φ((a_i W - b_i)/s_i) "
            "over the false nulls, b_i = (c - μ_i)/τ_i, s_i = √(1 - a_i²); one-dimensional "
            "trapezoidal integration over W")


@dataclass(frozen=True)
class ComparisonPowers:
    per_comparison: tuple[float, ...]    # P(reject H_i in the direction of its effect)
    disjunctive: float | None            # None when every null is true
    conjunctive: float | None
    familywise_error: float | None       # None when every null is false


MIN_STEP = 0.002


def multiple_comparison_power(means: Sequence[float], loadings: Sequence[float],
                              critical_value: float, *, scales: Sequence[float] | None = None,
                              sided: int = 1, step: float | None = None) -> ComparisonPowers:
    """The probabilities for Z_i with mean means[i], SD scales[i] (default 1) and correlation
    loadings[i]·loadings[j]. A mean of exactly 0 marks a true null. step overrides the
    integration step (for tests)."""
    scales = (1.0,) * len(means) if scales is None else tuple(scales)
    if not (len(means) == len(loadings) == len(scales)) or not means:
        raise SampleSizeError("give one mean, loading and scale per comparison")
    if any(not 0.0 < a < 1.0 for a in loadings) or any(t <= 0 for t in scales):
        raise SampleSizeError("loadings must lie strictly between 0 and 1 and scales be positive")
    c = critical_value
    # Orient each statistic so its effect is positive; the loading takes the sign.
    arms = [(abs(m), math.copysign(a, m) if m else a, t, math.sqrt(1.0 - a * a))
            for m, a, t in zip(means, loadings, scales)]
    false = [((c - m) / t, a, s) for m, a, t, s in arms if m != 0]
    true = [(c / t, a, s) for m, a, t, s in arms if m == 0]
    if step is None:
        # A loading near 1 (an arm whose variance is almost nothing, a rate of 1e-12) makes
        # s/a tiny: without a floor the grid had millions of nodes and took minutes (found by
        # the fuzzer). At the floor a comparison's integrand is a step at most 0.002 wide.
        step = max(MIN_STEP, min(0.25, 0.25 * min(s / abs(a) for _, a, _, s in arms)))
    nodes, weights = dist._trapezoid_nodes(step)
    none_false = all_false = no_error = 0.0
    for w, weight in zip(nodes, weights):
        accept = every = keep = 1.0
        for b, a, s in false:
            accept *= dist.norm_cdf((b - a * w) / s)
            every *= dist.norm_cdf((a * w - b) / s)
        for b, a, s in true:
            inside = dist.norm_cdf((b - a * w) / s)
            if sided == 2:
                inside -= dist.norm_cdf((-b - a * w) / s)
            keep *= inside
        none_false += weight * accept
        all_false += weight * every
        no_error += weight * keep
    per_comparison = tuple(dist.norm_cdf((m - c) / t) if m else
                           sided * dist.norm_sf(c / t) for m, _, t, _ in arms)
    return ComparisonPowers(
        per_comparison=per_comparison,
        disjunctive=min(max(1.0 - none_false, 0.0), 1.0) if false else None,
        conjunctive=min(max(all_false, 0.0), 1.0) if false else None,
        familywise_error=min(max(1.0 - no_error, 0.0), 1.0) if true else None)


@dataclass(frozen=True)
class MultiArmPowerResult:
    """Per-comparison, disjunctive and conjunctive power of given arm sizes and effects."""

    method: str                          # "pooled" (binary) | "normal" (continuous)
    method_label: str
    formula: str
    reference: str
    endpoint: str
    n_per_arm: tuple[float, ...]         # control first
    ratios: tuple[float, ...]
    critical_value: float
    critical_value_label: str
    adjustment: str | None
    alpha: float
    sided: int
    noncentralities: tuple[float, ...]   # μ_i, on the scale of the null SE
    per_comparison: tuple[float, ...]
    disjunctive: float | None
    conjunctive: float | None
    familywise_error: float | None
    control_rate: float | None = None
    treatment_rates: tuple[float, ...] | None = None
    mean_differences: tuple[float, ...] | None = None
    sd: float | None = None

    @property
    def power(self) -> float:
        """The engine's usual figure: the smallest power per comparison among false nulls."""
        return min(p for p, m in zip(self.per_comparison, self.noncentralities) if m)

    def to_dict(self) -> dict:
        def listed(values):
            return None if values is None else list(values)

        def whole(n):
            return int(n) if float(n).is_integer() else n
        return {
            "method": self.method, "endpoint": self.endpoint,
            "n_per_arm": [whole(n) for n in self.n_per_arm],
            "n_total": whole(sum(self.n_per_arm)), "reference": self.reference,
            "method_label": self.method_label, "formula": self.formula,
            "power": self.power, "per_comparison_power": list(self.per_comparison),
            "disjunctive_power": self.disjunctive, "conjunctive_power": self.conjunctive,
            "familywise_error": self.familywise_error,
            "noncentralities": list(self.noncentralities), "critical_value": self.critical_value,
            "critical_value_label": self.critical_value_label, "adjustment": self.adjustment,
            "alpha": self.alpha, "sided": self.sided, "ratios": list(self.ratios),
            "control_rate": self.control_rate, "treatment_rates": listed(self.treatment_rates),
            "mean_differences": listed(self.mean_differences), "sd": self.sd,
        }


def _effects(values, name: str, arms: int | None) -> tuple[float, ...]:
    if isinstance(values, Sequence) and not isinstance(values, (str, bytes)):
        effects = tuple(_number(v, name) for v in values)
    else:
        effects = (_number(values, name),) * (1 if arms is None else arms)
    if not effects:
        raise SampleSizeError(f"give at least one {name}")
    return effects


def _assemble(endpoint, method, label, settings, arm_sizes, means, loadings, scales, **extra):
    if not any(means):
        raise SampleSizeError("every active arm equals the control: there is no false null "
                              "hypothesis whose power could be computed")
    critical, critical_label = _normal_critical_value(settings)
    powers = multiple_comparison_power(means, loadings, critical, scales=scales,
                                       sided=settings.sided)
    adjustment = {"dunnett": ", Dunnett critical value", "bonferroni":
                  ", Bonferroni critical value", None: ""}[settings.adjust]
    return MultiArmPowerResult(
        method=method, method_label=label + adjustment, formula=_FORMULA,
        reference=_REFERENCE, endpoint=endpoint, n_per_arm=arm_sizes, ratios=settings.ratios,
        critical_value=critical, critical_value_label=critical_label,
        adjustment=settings.adjust, alpha=settings.alpha, sided=settings.sided,
        noncentralities=tuple(means), per_comparison=powers.per_comparison,
        disjunctive=powers.disjunctive, conjunctive=powers.conjunctive,
        familywise_error=powers.familywise_error, **extra)


@_reports_convergence
def binary_multi_arm_power(n_control: float, control_rate: float,
                           treatment_rates: float | Sequence[float], *, alpha: float = 0.05,
                           sided: int = 2, ratio: float | Sequence[float] = 1.0,
                           n_active: float | Sequence[float] | None = None,
                           arms: int | None = None,
                           adjust: str = "dunnett") -> MultiArmPowerResult:
    """One treatment rate per active arm (a rate equal to control_rate is a true null)."""
    rates = _effects(treatment_rates, "treatment rate", arms)
    p0 = _number(control_rate, "control rate")
    for p in (p0,) + rates:
        if not 0.0 < p < 1.0:
            raise SampleSizeError(f"rate {format_number(p, 6)} is not a proportion strictly "
                                  "between 0 and 1")
    settings = _validate_settings(alpha, sided, ratio, 0.0, len(rates), adjust)
    arm_sizes = _arm_sizes(n_control, n_active, settings)
    settings = _settings_for_arms(settings, arm_sizes)
    n0 = arm_sizes[0]
    means, loadings, scales = [], [], []
    for p, n in zip(rates, arm_sizes[1:]):
        pbar = (n0 * p0 + n * p) / (n0 + n)
        se0 = math.sqrt(pbar * (1.0 - pbar) * (1.0 / n0 + 1.0 / n))
        se1 = math.sqrt(p0 * (1.0 - p0) / n0 + p * (1.0 - p) / n)
        means.append((p - p0) / se0)
        scales.append(se1 / se0)
        loadings.append(math.sqrt(p0 * (1.0 - p0) / n0) / se1)
    return _assemble("binary", "pooled", "pooled-variance z test per comparison", settings,
                     arm_sizes, means, loadings, scales, control_rate=p0,
                     treatment_rates=rates)


@_reports_convergence
def continuous_multi_arm_power(n_control: float, mean_differences: float | Sequence[float],
                               sd: float, *, alpha: float = 0.05, sided: int = 2,
                               ratio: float | Sequence[float] = 1.0,
                               n_active: float | Sequence[float] | None = None,
                               arms: int | None = None,
                               adjust: str = "dunnett") -> MultiArmPowerResult:
    """One mean difference (active - control) per active arm; 0 is a true null. The z test
    with known SD, as the engine uses for several arms."""
    deltas = _effects(mean_differences, "mean difference", arms)
    sigma = _number(sd, "SD")
    if sigma <= 0:
        raise SampleSizeError(f"SD {format_number(sigma, 6)} must be positive")
    settings = _validate_settings(alpha, sided, ratio, 0.0, len(deltas), adjust)
    arm_sizes = _arm_sizes(n_control, n_active, settings)
    settings = _settings_for_arms(settings, arm_sizes)
    n0 = arm_sizes[0]
    means = [d / (sigma * math.sqrt(1.0 / n0 + 1.0 / n)) for d, n in zip(deltas, arm_sizes[1:])]
    if not all(math.isfinite(m) for m in means):
        raise SampleSizeError("the standardised differences are too large to compute with")
    loadings = [math.sqrt(n / (n0 + n)) for n in arm_sizes[1:]]
    return _assemble("continuous", "normal", "z test per comparison (known SD)", settings,
                     arm_sizes, means, loadings, None, mean_differences=deltas, sd=sigma)
