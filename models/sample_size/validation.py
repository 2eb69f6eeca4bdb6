"""Checking what a calculation is asked: alpha, sidedness, allocation ratios, number of active
arms, multiplicity adjustment and dropout (validated together as ``_Settings``, shared by every
calculation), the power, the rates or the mean difference and SD, the method, and the arm sizes
of the inverse problem. Every refusal is a SampleSizeError that says why.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Sequence

from models.formatting import format_number, format_power_of_ten
from models.sample_size.errors import SampleSizeError

MAX_ARMS = 6
# No trial enrols more; beyond it a "sample size" is a symptom of a difference too small to
# detect, and its digits would be noise.
MAX_N_PER_ARM = 1e9
MIN_RATIO, MAX_RATIO = 0.01, 100.0
# No trial tests at a smaller level (genome-wide studies use 5e-8); below it alpha / 2 of a
# denormal alpha underflows to 0 and the normal tails lose their digits.
MIN_ALPHA = 1e-10
BINARY_METHODS = ("pooled", "continuity_corrected")
CONTINUOUS_METHODS = ("t_test", "normal")
ADJUSTMENTS = ("dunnett", "bonferroni")


def _number(value, name: str) -> float:
    if isinstance(value, bool):
        raise SampleSizeError(f"{name} must be a number, not {value!r}")
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise SampleSizeError(f"{name} must be a number, not {value!r}") from None
    if not math.isfinite(number):
        raise SampleSizeError(f"{name} must be a finite number, not {value!r}")
    return number


@dataclass(frozen=True)
class _Settings:
    """Validated design settings shared by every calculation."""
    alpha: float
    sided: int
    ratios: tuple[float, ...]
    dropout_pct: float
    adjust: str | None               # None when there is a single active arm

    @property
    def arms(self) -> int:
        return len(self.ratios)


def _validate_settings(alpha, sided, ratio, dropout_pct, arms, adjust) -> _Settings:
    alpha = _number(alpha, "alpha")
    if not 0.0 < alpha <= 0.5:
        raise SampleSizeError(f"alpha {format_number(alpha, 6)} must be above 0 and at most 0.5")
    if alpha < MIN_ALPHA:
        raise SampleSizeError(f"alpha {format_power_of_ten(alpha)} is below "
                              f"{format_power_of_ten(MIN_ALPHA)}, the smallest significance "
                              "level this calculation supports")
    if isinstance(sided, bool) or sided not in (1, 2):
        raise SampleSizeError(f"sided must be 1 (one-sided) or 2 (two-sided), not {sided!r}")
    sided = int(sided)
    if isinstance(arms, bool) or not isinstance(arms, int):
        if isinstance(arms, float) and arms.is_integer():
            arms = int(arms)
        else:
            raise SampleSizeError(f"the number of active arms must be a whole number, not {arms!r}")
    if arms < 1:
        raise SampleSizeError(f"at least 1 active arm is needed, not {arms}")
    if arms > MAX_ARMS:
        raise SampleSizeError(f"{arms} active arms requested; at most {MAX_ARMS} are supported")
    if isinstance(ratio, (str, bytes)) or not isinstance(ratio, Sequence):
        ratios = (_number(ratio, "allocation ratio"),) * arms
    else:
        ratios = tuple(_number(r, "allocation ratio") for r in ratio)
        if len(ratios) != arms:
            raise SampleSizeError(f"{len(ratios)} allocation ratios given for {arms} active "
                                  f"arm{'s' if arms > 1 else ''}: give one per active arm")
    for r in ratios:
        if r <= 0:
            raise SampleSizeError(f"allocation ratio {format_number(r)} (n_active / n_control) "
                                  "must be positive")
        if not MIN_RATIO <= r <= MAX_RATIO:
            # Beyond 1:100 a 'randomised comparison' is a single-arm study in all but name, and
            # the variance formulas lose their meaning (and, at 1e-11, their precision).
            raise SampleSizeError(f"allocation ratio {format_number(r, 6)} (n_active / "
                                  f"n_control) is outside {format_number(MIN_RATIO)} to "
                                  f"{format_number(MAX_RATIO)}")
    dropout = _number(dropout_pct, "dropout")
    if not 0.0 <= dropout < 100.0:
        raise SampleSizeError(f"dropout {format_number(dropout)}% must be at least 0% and "
                              "below 100%")
    if arms == 1:
        adjustment = None
    elif adjust not in ADJUSTMENTS:
        raise SampleSizeError(f"adjustment {adjust!r} is not one of {', '.join(ADJUSTMENTS)}")
    else:
        adjustment = adjust
    return _Settings(alpha, sided, ratios, dropout, adjustment)


def _validate_power(power, alpha: float) -> float:
    power = _number(power, "power")
    if not alpha < power < 1.0:
        raise SampleSizeError(f"power {format_number(power, 6)} must be above alpha "
                              f"({format_number(alpha, 6)}) and below 1")
    return power


def _validate_rates(control_rate, treatment_rate) -> tuple[float, float]:
    p1 = _number(control_rate, "control rate")
    p2 = _number(treatment_rate, "treatment rate")
    for name, p in (("control rate", p1), ("treatment rate", p2)):
        if not 0.0 < p < 1.0:
            raise SampleSizeError(f"{name} {format_number(p, 6)} is not a proportion strictly "
                                  "between 0 and 1")
    if p1 == p2:
        raise SampleSizeError(f"the treatment rate equals the control rate "
                              f"({format_number(p1, 6)}): there is no difference to detect")
    if (p1 - p2) ** 2 == 0.0:
        raise SampleSizeError(f"the difference between the rates ({abs(p1 - p2):.3g}) is too "
                              "small to detect with any number of patients")
    return p1, p2


def _validate_mean_sd(mean_difference, sd) -> tuple[float, float]:
    delta = _number(mean_difference, "mean difference")
    sigma = _number(sd, "SD")
    if sigma <= 0:
        raise SampleSizeError(f"SD {format_number(sigma, 6)} must be positive")
    if delta == 0:
        raise SampleSizeError("the mean difference is 0: there is no difference to detect")
    d = abs(delta) / sigma
    if not math.isfinite(d) or d * d == 0.0 or not math.isfinite(d * d):
        raise SampleSizeError(f"the standardised difference |mean difference| / SD = {d:.3g} is "
                              "outside what a sample size can be computed for")
    return delta, sigma


def _check_size(raw, enrolled) -> None:
    """Refuse a result no trial could enrol, rather than print a 20-digit number."""
    if any(not math.isfinite(n) or n > MAX_N_PER_ARM for n in raw):
        raise SampleSizeError(f"more than {format_power_of_ten(MAX_N_PER_ARM)} patients per arm would be needed; "
                              "the difference is too small to detect at this power")
    if any(n > MAX_N_PER_ARM for n in enrolled):
        raise SampleSizeError(f"with this dropout more than {format_power_of_ten(MAX_N_PER_ARM)} patients per arm "
                              "would have to be enrolled")


def _validate_method(method, endpoint: str) -> str:
    allowed = BINARY_METHODS if endpoint == "binary" else CONTINUOUS_METHODS
    if method not in allowed:
        raise SampleSizeError(f"method {method!r} is not one of {', '.join(allowed)} "
                              f"for a {endpoint} endpoint")
    return method


def _arm_sizes(n_control, n_active, settings: _Settings) -> tuple[float, ...]:
    n_control = _number(n_control, "n per control arm")
    if n_control <= 0:
        raise SampleSizeError(f"the control arm needs at least one patient, not "
                              f"{format_number(n_control)}")
    if n_active is None:
        actives = tuple(r * n_control for r in settings.ratios)
    elif isinstance(n_active, Sequence) and not isinstance(n_active, (str, bytes)):
        actives = tuple(_number(n, "n per active arm") for n in n_active)
        if len(actives) != settings.arms:
            raise SampleSizeError(f"{len(actives)} active-arm sizes given for "
                                  f"{settings.arms} active arms")
    else:
        actives = (_number(n_active, "n per active arm"),) * settings.arms
    for n in actives:
        if n <= 0:
            raise SampleSizeError(f"each active arm needs at least one patient, not "
                                  f"{format_number(n)}")
    return (n_control,) + actives


def _settings_for_arms(settings: _Settings, arm_sizes: Sequence[float]) -> _Settings:
    """The Dunnett correlation depends on the actual arm sizes, so recompute the ratios."""
    ratios = tuple(n / arm_sizes[0] for n in arm_sizes[1:])
    return _Settings(settings.alpha, settings.sided, ratios, settings.dropout_pct, settings.adjust)
