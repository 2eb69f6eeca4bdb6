"""A continuous endpoint (ventilator-free days, say): n per arm to detect a mean difference with
a common SD, by the two-sample t test on the noncentral t distribution (R's power.t.test) or
the normal approximation, which several active arms always use (``continuous_sample_size``);
and the inverse problem, the power of given arm sizes (``continuous_power_result``,
``continuous_power``).
"""

from __future__ import annotations

import math
from typing import Callable, Sequence

from models import distributions as dist
from models.formatting import format_number
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
    _validate_mean_sd,
    _validate_method,
    _validate_power,
    _validate_settings,
)

# Beyond this many patients per arm a t-test answer is meaningless; say so instead of searching.
_MAX_N_PER_ARM = 1e9


def _t_power(n_control: float, n_active: float, d: float, tail: float) -> tuple[float, float]:
    """(power, t_crit) of the two-sample t test, as R's power.t.test: only the tail in the
    direction of the effect counts. d = |δ|/σ."""
    df = n_control + n_active - 2.0
    ncp = d / math.sqrt(1.0 / n_control + 1.0 / n_active)
    return dist.t_test_power(tail, df, ncp)


def _t_minimum_control_n(r: float) -> float:
    # R's power.t.test searches n >= 2; with unequal allocation both arms need at least 2.
    return max(2.0, 2.0 / r)


def _t_test_n(d: float, r: float, tail: float, power: float) -> float:
    """Control-arm n at which the t test (one active arm) reaches the power.

    Start from the normal approximation plus Guenther's correction z²/4, aim the first step
    with the normal approximation's slope, then take secant steps: each power evaluation costs
    a t quantile and a noncentral t, and this needs about four of them, which keeps the
    sensitivity table fast enough to recompute on every keystroke. Power rises with n, so the
    root is unique; if the iteration misbehaves it falls back to Brent on a bracket."""
    def shortfall(n: float) -> float:
        return _t_power(n, r * n, d, tail)[0] - power

    n_min = _t_minimum_control_n(r)
    z_alpha = dist.norm_isf(tail)
    z_power = dist.norm_ppf(power)
    normal_n = (z_alpha + z_power) ** 2 * (1.0 + 1.0 / r) / (d * d)
    if normal_n > _MAX_N_PER_ARM:           # the t test needs more than the normal approximation
        raise SampleSizeError(
            f"more than {format_number(_MAX_N_PER_ARM)} patients per arm would be needed; the "
            "difference is too small relative to the SD")
    x0 = max(n_min, normal_n + 0.25 * z_alpha * z_alpha)
    f0 = shortfall(x0)
    ncp = d * math.sqrt(x0 * r / (1.0 + r))
    slope = dist.norm_pdf(ncp - z_alpha) * ncp / (2.0 * x0)
    x1 = x0 - f0 / slope if slope > 0 else x0 * 1.01
    for _ in range(50):
        if not (n_min < x1 < _MAX_N_PER_ARM and math.isfinite(x1)):
            break
        f1 = shortfall(x1)
        if f1 == f0:
            break
        step = -f1 * (x1 - x0) / (f1 - f0)
        x0, f0, x1 = x1, f1, x1 + step
        if abs(step) <= 1e-11 * max(1.0, abs(x1)):
            if x1 > n_min:
                return x1
            break
    return _t_test_n_bracketed(shortfall, n_min, x0)


def _t_test_n_bracketed(shortfall: Callable[[float], float], n_min: float, start: float) -> float:
    """The safe fallback: bracket the root from the smallest n upwards, then Brent."""
    f_min = shortfall(n_min)
    if f_min >= 0:
        raise SampleSizeError(
            "the standardised difference is so large that the smallest design a t test allows "
            "(2 patients in the smaller arm) already has the requested power; check the "
            "difference and the SD")
    lo, f_lo = n_min, f_min
    hi = max(start, n_min + 1.0)
    while True:
        f_hi = shortfall(hi)
        if f_hi >= 0:
            break
        lo, f_lo = hi, f_hi
        hi *= 2.0
        if hi > 2.0 * _MAX_N_PER_ARM:
            raise SampleSizeError(
                f"more than {format_number(_MAX_N_PER_ARM)} patients per arm would be needed")
    return dist.brentq(shortfall, lo, hi, fa=f_lo, fb=f_hi, xtol=1e-10, rtol=1e-13,
                       what="the t-test sample size")


def _continuous_labels(method: str, settings: _Settings) -> tuple[str, str]:
    if method == "t_test":
        label = "two-sample t test (noncentral t distribution)"
        formula = ("smallest n_control with P(T' > t(1 - alpha/s; df)) >= 1 - β, T' noncentral t "
                   "with df = n_control + n_active - 2 and ncp = δ / (σ·√(1/n_control + "
                   "1/n_active)), n_active = r·n_control, s = 1 or 2 sides (R power.t.test)")
    else:
        label = "normal approximation to the two-sample comparison of means"
        formula = ("n_control = (c + z(1-β))²·σ²·(1 + 1/r) / δ², n_active = r·n_control; "
                   + _adjustment_formula(settings))
    formula += f"; {_ROUNDING_FORMULA}"
    return label + _comparison_words(settings), formula


@_reports_convergence
def continuous_sample_size(mean_difference: float, sd: float, *, alpha: float = 0.05,
                           sided: int = 2, power: float = 0.8,
                           ratio: float | Sequence[float] = 1.0, dropout_pct: float = 0.0,
                           arms: int = 1, adjust: str = "dunnett",
                           method: str = "t_test") -> SampleSizeResult:
    """n per arm to detect a mean difference δ with common SD σ.

    method "t_test" solves the noncentral t (R power.t.test, with n_active = r·n_control and
    df = n_active + n_control - 2); "normal" is the normal approximation
    (c + z_{1-β})²σ²(1 + 1/r)/δ². With arms > 1 the normal approximation with the Dunnett (or
    Bonferroni) critical value is used, as the README's `sample-size` says; the label says so."""
    settings = _validate_settings(alpha, sided, ratio, dropout_pct, arms, adjust)
    power = _validate_power(power, settings.alpha)
    delta, sigma = _validate_mean_sd(mean_difference, sd)
    method = _validate_method(method, "continuous")
    notes = []
    if settings.arms > 1:
        if method == "t_test":
            notes.append("With several active arms the normal approximation with the adjusted "
                         "critical value (df = ∞) is used, as for the Dunnett test.")
        method = "normal"
    d = abs(delta) / sigma
    tail = settings.alpha / settings.sided
    if method == "t_test":
        n_control = _t_test_n(d, settings.ratios[0], tail, power)
        raw: tuple[float, ...] = (n_control, settings.ratios[0] * n_control)
        evaluable = tuple(ceil_n(n) for n in raw)
        # The critical value reported is the one the analysis of the rounded arms will use.
        achieved, critical = _t_power(evaluable[0], evaluable[1], d, tail)
        critical_label = (f"t({format_number(1.0 - tail, 6)}; df "
                          f"{evaluable[0] + evaluable[1] - 2})")
    else:
        critical, critical_label = _normal_critical_value(settings)
        z_power = dist.norm_ppf(power)
        n_control = max((critical + z_power) ** 2 * (1.0 + 1.0 / r) / (d * d)
                        for r in settings.ratios)
        raw = (n_control,) + tuple(r * n_control for r in settings.ratios)
        evaluable = tuple(ceil_n(n) for n in raw)
        achieved = _normal_power_at(evaluable, d, critical)
    label, formula = _continuous_labels(method, settings)
    return _result(
        method=method, method_label=label, formula=formula,
        reference=_reference(method, settings), endpoint="continuous", raw=raw,
        evaluable=evaluable, settings=settings, power=power, achieved=achieved,
        critical=critical, critical_label=critical_label,
        mean_difference=delta, sd=sigma, notes=notes)


def _normal_power_at(evaluable: Sequence[float], d: float, critical: float) -> float:
    n_control = evaluable[0]
    return min(dist.norm_cdf(d / math.sqrt(1.0 / n_control + 1.0 / n_active) - critical)
               for n_active in evaluable[1:])


@_reports_convergence
def continuous_power_result(n_control: float, mean_difference: float, sd: float, *,
                            alpha: float = 0.05, sided: int = 2,
                            ratio: float | Sequence[float] = 1.0, arms: int = 1,
                            adjust: str = "dunnett", method: str = "t_test",
                            n_active: float | Sequence[float] | None = None) -> PowerResult:
    """The inverse problem: power (per comparison; the smallest over active arms) with
    n_control analysable patients in the control arm and n_active (default ratio · n_control)
    in each active arm: the t test as R's power.t.test for one active arm, the normal
    approximation with the adjusted critical value otherwise."""
    settings = _validate_settings(alpha, sided, ratio, 0.0, arms, adjust)
    delta, sigma = _validate_mean_sd(mean_difference, sd)
    method = _validate_method(method, "continuous")
    if settings.arms > 1:
        method = "normal"
    d = abs(delta) / sigma
    arm_sizes = _arm_sizes(n_control, n_active, settings)
    settings = _settings_for_arms(settings, arm_sizes)
    if method == "t_test":
        if arm_sizes[0] + arm_sizes[1] <= 2.0:
            raise SampleSizeError("a t test needs more than 2 patients in total "
                                  "(degrees of freedom n_control + n_active - 2 > 0)")
        tail = settings.alpha / settings.sided
        power, critical = _t_power(arm_sizes[0], arm_sizes[1], d, tail)
        critical_label = (f"t({format_number(1.0 - tail, 6)}; df "
                          f"{format_number(arm_sizes[0] + arm_sizes[1] - 2)})")
    else:
        critical, critical_label = _normal_critical_value(settings)
        power = _normal_power_at(arm_sizes, d, critical)
    label, formula = _continuous_labels(method, settings)
    return PowerResult(
        method=method, method_label=label, formula=formula,
        reference=_reference(method, settings), endpoint="continuous", n_per_arm=arm_sizes,
        power=power, critical_value=critical, critical_value_label=critical_label,
        adjustment=settings.adjust, alpha=settings.alpha, sided=settings.sided,
        ratios=settings.ratios, mean_difference=delta, sd=sigma)


def continuous_power(n_control: float, mean_difference: float, sd: float, *,
                     alpha: float = 0.05, sided: int = 2, ratio: float | Sequence[float] = 1.0,
                     arms: int = 1, adjust: str = "dunnett", method: str = "t_test",
                     n_active: float | Sequence[float] | None = None) -> float:
    """Power for a given n; see continuous_power_result."""
    return continuous_power_result(n_control, mean_difference, sd, alpha=alpha, sided=sided,
                                   ratio=ratio, arms=arms, adjust=adjust, method=method,
                                   n_active=n_active).power
