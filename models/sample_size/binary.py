"""A binary endpoint (mortality, say): n per arm to detect a control rate p1 against a
treatment rate p2 by the pooled-variance normal approximation (R's power.prop.test generalised
to unequal allocation), optionally with the Fleiss-Tytun-Ury continuity correction
(``binary_sample_size``), and the inverse problem, the power of given arm sizes
(``binary_power_result``, ``binary_power``).
"""

from __future__ import annotations

import math
from typing import Sequence

from models import distributions as dist
from models.sample_size.critical import (
    _adjustment_formula,
    _comparison_words,
    _normal_critical_value,
)
from models.sample_size.errors import SampleSizeError, _reports_convergence
from models.sample_size.results import PowerResult, SampleSizeResult, _reference, _result
from models.sample_size.rounding import _ROUNDING_FORMULA, ceil_n
from models.sample_size.validation import (
    _arm_sizes,
    _Settings,
    _settings_for_arms,
    _validate_method,
    _validate_power,
    _validate_rates,
    _validate_settings,
)


def _binary_sds(p1: float, p2: float, r: float) -> tuple[float, float]:
    """Standard deviations (times sqrt(n_control)) of p̂1 - p̂2 under H0 (pooled p̄) and H1."""
    pbar = (p1 + r * p2) / (1.0 + r)
    null_sd = math.sqrt(pbar * (1.0 - pbar) * (1.0 + 1.0 / r))
    alternative_sd = math.sqrt(p1 * (1.0 - p1) + p2 * (1.0 - p2) / r)
    return null_sd, alternative_sd


def _pooled_n(p1: float, p2: float, r: float, critical: float, z_power: float) -> float:
    """Control-arm n for the pooled-variance normal approximation (R power.prop.test for r = 1)."""
    null_sd, alternative_sd = _binary_sds(p1, p2, r)
    numerator = critical * null_sd + z_power * alternative_sd
    if numerator <= 0:
        # Only possible for a power barely above alpha with a large one-sided alpha: the
        # power with no patients at all already exceeds the target.
        raise SampleSizeError("the requested power is reached without any patients; "
                              "ask for a higher power")
    return (numerator / abs(p1 - p2)) ** 2


def _continuity_corrected_n(n: float, p1: float, p2: float, r: float) -> float:
    """Fleiss' general form n_cc = (n/4)[1 + sqrt(1 + 2(r+1)/(n r Δ))]^2; for r = 1 this is the
    Fleiss-Tytun-Ury form with 4/(n Δ)."""
    delta = abs(p1 - p2)
    return n / 4.0 * (1.0 + math.sqrt(1.0 + 2.0 * (r + 1.0) / (n * r * delta))) ** 2


def _uncorrected_n(n_cc: float, p1: float, p2: float, r: float) -> float:
    """Inverse of the continuity correction: the uncorrected n that n_cc patients are worth.
    With c = (r+1)/(rΔ), sqrt(n) = sqrt(n_cc) - c/(2 sqrt(n_cc)); below n_cc = c/2 the
    correction uses everything up and the effective n is 0."""
    c = (r + 1.0) / (r * abs(p1 - p2))
    root = math.sqrt(n_cc) - c / (2.0 * math.sqrt(n_cc))
    return root * root if root > 0 else 0.0


def _pooled_power(n_control: float, p1: float, p2: float, r: float, critical: float) -> float:
    null_sd, alternative_sd = _binary_sds(p1, p2, r)
    return dist.norm_cdf((math.sqrt(n_control) * abs(p1 - p2) - critical * null_sd)
                         / alternative_sd)


def _binary_labels(method: str, settings: _Settings) -> tuple[str, str]:
    label = ("pooled-variance normal approximation" if method == "pooled" else
             "pooled-variance normal approximation with the Fleiss-Tytun-Ury continuity "
             "correction")
    formula = ("n_control = [c·√(p̄q̄(1 + 1/r)) + z(1-β)·√(p1q1 + p2q2/r)]² / Δ², "
               "p̄ = (p1 + r·p2)/(1 + r), Δ = |p1 - p2|, r = n_active/n_control, "
               "n_active = r·n_control")
    if method == "continuity_corrected":
        formula += "; corrected n_cc = (n/4)·[1 + √(1 + 2(r + 1)/(n·r·Δ))]²"
    formula += f"; {_adjustment_formula(settings)}; {_ROUNDING_FORMULA}"
    return label + _comparison_words(settings), formula


@_reports_convergence
def binary_sample_size(control_rate: float, treatment_rate: float, *, alpha: float = 0.05,
                       sided: int = 2, power: float = 0.8,
                       ratio: float | Sequence[float] = 1.0, dropout_pct: float = 0.0,
                       method: str = "pooled", arms: int = 1,
                       adjust: str = "dunnett") -> SampleSizeResult:
    """n per arm to detect control_rate (p1) versus treatment_rate (p2) with the given power.

    method "pooled" is R's power.prop.test generalised to r = n_active/n_control;
    "continuity_corrected" adds Fleiss' continuity correction. With arms > 1 each active arm is
    compared with the shared control at the Dunnett (or Bonferroni) critical value."""
    settings = _validate_settings(alpha, sided, ratio, dropout_pct, arms, adjust)
    power = _validate_power(power, settings.alpha)
    p1, p2 = _validate_rates(control_rate, treatment_rate)
    method = _validate_method(method, "binary")
    critical, critical_label = _normal_critical_value(settings)
    z_power = dist.norm_ppf(power)

    def control_n(r: float) -> float:
        n = _pooled_n(p1, p2, r, critical, z_power)
        return _continuity_corrected_n(n, p1, p2, r) if method == "continuity_corrected" else n

    # Control takes the largest n any comparison needs; active arms keep their allocation.
    n_control = max(control_n(r) for r in settings.ratios)
    raw = (n_control,) + tuple(r * n_control for r in settings.ratios)
    evaluable = tuple(ceil_n(n) for n in raw)
    achieved = _binary_power_at(evaluable, p1, p2, method, critical)
    label, formula = _binary_labels(method, settings)
    return _result(
        method=method, method_label=label, formula=formula,
        reference=_reference(method, settings), endpoint="binary", raw=raw,
        evaluable=evaluable, settings=settings, power=power, achieved=achieved,
        critical=critical, critical_label=critical_label,
        control_rate=p1, treatment_rate=p2)


def _binary_power_at(evaluable: Sequence[float], p1: float, p2: float, method: str,
                     critical: float) -> float:
    """Smallest per-comparison power for control n evaluable[0] and active arms evaluable[1:]."""
    n_control = evaluable[0]
    powers = []
    for n_active in evaluable[1:]:
        r = n_active / n_control
        n = n_control if method == "pooled" else _uncorrected_n(n_control, p1, p2, r)
        powers.append(_pooled_power(n, p1, p2, r, critical))
    return min(powers)


@_reports_convergence
def binary_power_result(n_control: float, control_rate: float, treatment_rate: float, *,
                        alpha: float = 0.05, sided: int = 2,
                        ratio: float | Sequence[float] = 1.0, method: str = "pooled",
                        arms: int = 1, adjust: str = "dunnett",
                        n_active: float | Sequence[float] | None = None) -> PowerResult:
    """The inverse problem: power (per comparison; the smallest over active arms) with
    n_control analysable patients in the control arm and n_active (default ratio · n_control)
    in each active arm. For the continuity-corrected method this inverts the Fleiss-Tytun-Ury
    formula, so n and power are consistent: the power at binary_sample_size(...).raw is exactly
    the power asked for."""
    settings = _validate_settings(alpha, sided, ratio, 0.0, arms, adjust)
    p1, p2 = _validate_rates(control_rate, treatment_rate)
    method = _validate_method(method, "binary")
    arm_sizes = _arm_sizes(n_control, n_active, settings)
    settings = _settings_for_arms(settings, arm_sizes)
    critical, critical_label = _normal_critical_value(settings)
    label, formula = _binary_labels(method, settings)
    return PowerResult(
        method=method, method_label=label, formula=formula,
        reference=_reference(method, settings), endpoint="binary", n_per_arm=arm_sizes,
        power=_binary_power_at(arm_sizes, p1, p2, method, critical), critical_value=critical,
        critical_value_label=critical_label, adjustment=settings.adjust, alpha=settings.alpha,
        sided=settings.sided, ratios=settings.ratios, control_rate=p1, treatment_rate=p2)


def binary_power(n_control: float, control_rate: float, treatment_rate: float, *,
                 alpha: float = 0.05, sided: int = 2, ratio: float | Sequence[float] = 1.0,
                 method: str = "pooled", arms: int = 1, adjust: str = "dunnett",
                 n_active: float | Sequence[float] | None = None) -> float:
    """Power for a given n; see binary_power_result."""
    return binary_power_result(n_control, control_rate, treatment_rate, alpha=alpha,
                               sided=sided, ratio=ratio, method=method, arms=arms,
                               adjust=adjust, n_active=n_active).power
