"""The sample-size engine: n per arm for the primary endpoint, the inverse problem (power for a
given n), dropout inflation, a sensitivity table and power-curve data.

Pure Python (no numpy, scipy or Qt): the guidance engine (rule E-2), the wizard's sample-size
step, the PDF and the ``sample-size`` command all call it, and the wizard recomputes on every
keystroke. The methods and their reference values are in ``shared/reference/statistics.md``; the
conventions for allocation, several arms and rounding follow guidance-rules.md section 1.8
(items 5-7):

- ``ratio`` r = n_active / n_control (one number for every active arm, or one per arm);
- each arm's raw n is rounded up separately (``ceil_n``), then inflated for dropout exactly
  (``inflate_for_dropout``);
- with k > 1 active arms the critical value is Dunnett's (df = infinity) or Bonferroni's, the
  power is per comparison, and the control arm takes the largest n any comparison needs.

Sidedness follows R: a two-sided test uses alpha/2 in the critical value, and the power counts
only the tail in the direction of the effect (R's default ``strict = FALSE``), which is also what
the closed-form sample-size formulas invert.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from typing import Callable, Sequence, TypeVar

from models import distributions as dist
from models.formatting import format_number, format_percent

__all__ = [
    "SampleSizeError",
    "ConvergenceError",
    "SampleSizeResult",
    "SensitivityTable",
    "binary_sample_size",
    "continuous_sample_size",
    "binary_power",
    "continuous_power",
    "binary_power_result",
    "continuous_power_result",
    "PowerResult",
    "sensitivity_table",
    "power_curve",
    "inflate_for_dropout",
    "ceil_n",
    "describe",
    "MAX_ARMS",
    "BINARY_METHODS",
    "CONTINUOUS_METHODS",
    "ADJUSTMENTS",
    "VFD_NOTE",
]

MAX_ARMS = 6
BINARY_METHODS = ("pooled", "continuity_corrected")
CONTINUOUS_METHODS = ("t_test", "normal")
ADJUSTMENTS = ("dunnett", "bonferroni")

# A raw n counts as an integer when it exceeds one by at most this (guidance-rules 1.8 item 7):
# floating-point noise must not add a patient.
_INTEGER_TOLERANCE = 1e-9
# Beyond this many patients per arm a t-test answer is meaningless; say so instead of searching.
_MAX_N_PER_ARM = 1e9

VFD_NOTE = (
    "If the endpoint is ventilator-free days: their distribution is bimodal (patients who die "
    "score 0), so a t-test-based sample size is only an approximation; a competing-risk "
    "analysis (extubation as the event, death as the competing risk) or a rank-based analysis "
    "is recommended, and reported sample sizes vary 1.6- to 17.4-fold with the method "
    "(Yehya et al., Am J Respir Crit Care Med 2019; Renard Triché et al., Crit Care 2023)."
)

_REFERENCES = {
    "pooled": ("Fleiss JL, Levin B, Paik MC. Statistical Methods for Rates and Proportions, "
               "3rd ed. Wiley 2003; R power.prop.test"),
    "continuity_corrected": ("Fleiss JL, Tytun A, Ury HK. A simple approximation for calculating "
                             "sample sizes for comparing independent proportions. Biometrics "
                             "1980;36:343-346"),
    "t_test": ("R power.t.test (two-sample t test on the noncentral t distribution); Lenth RV. "
               "Algorithm AS 243, Appl Stat 1989;38:185-189"),
    "normal": ("Chow SC, Shao J, Wang H. Sample Size Calculations in Clinical Research, "
               "2nd ed. 2008, section 3.2"),
}
_SHORT_REFERENCES = {
    "pooled": "Fleiss, Levin & Paik 2003",
    "continuity_corrected": "Fleiss, Tytun & Ury 1980",
    "t_test": "R power.t.test",
    "normal": "Chow, Shao & Wang 2008",
}
_DUNNETT_REFERENCE = ("Dunnett CW. JASA 1955;50:1096-1121 (one-sided); "
                      "Biometrics 1964;20:482-491 (two-sided)")
_BONFERRONI_REFERENCE = "Bonferroni adjustment: alpha divided by the number of comparisons"


class SampleSizeError(ValueError):
    """An impossible or meaningless request; the message says why."""


class ConvergenceError(SampleSizeError):
    """A numerical solver did not converge. Never hidden behind a bracket value or NaN."""


_F = TypeVar("_F", bound=Callable)


def _reports_convergence(function: _F) -> _F:
    """Turn the distribution layer's convergence failures into this module's error type."""
    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        try:
            return function(*args, **kwargs)
        except dist.DistributionConvergenceError as error:
            raise ConvergenceError(f"the calculation did not converge: {error}") from error
    return wrapper  # type: ignore[return-value]


# ---------------------------------------------------------------------------------------------
# Results
# ---------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class SampleSizeResult:
    """One sample-size calculation: what was assumed, what came out, and how to reproduce it."""

    method: str                      # machine name: pooled | continuity_corrected | t_test | normal
    method_label: str                # words, e.g. "pooled-variance normal approximation"
    formula: str                     # the formula in plain text
    reference: str                   # where the method comes from (and how to redo it in R)
    endpoint: str                    # binary | continuous
    n_per_arm: tuple[int, ...]       # control first, then each active arm; rounded and inflated
    raw: tuple[float, ...]           # unrounded n per arm before dropout inflation, same order
    n_total: int
    critical_value: float
    adjustment: str | None           # None (one active arm), "dunnett" or "bonferroni"
    inflated_for_dropout: bool
    alpha: float
    sided: int
    power: float                     # the power asked for
    dropout_pct: float
    ratios: tuple[float, ...]        # r_i = n_active_i / n_control, one per active arm
    n_evaluable: tuple[int, ...]     # rounded up per arm, before dropout inflation
    achieved_power: float            # per comparison (the smallest), at n_evaluable
    critical_value_label: str        # what the critical value is, e.g. "t(0.975; df 44)"
    control_rate: float | None = None
    treatment_rate: float | None = None
    mean_difference: float | None = None
    sd: float | None = None
    notes: tuple[str, ...] = field(default=())

    @property
    def arms(self) -> int:
        """Number of active arms (each compared with the shared control)."""
        return len(self.ratios)

    @property
    def assumptions(self) -> dict[str, float]:
        return _assumptions(self)

    def to_dict(self) -> dict:
        """JSON-ready: the keys product.md fixes for ``sample-size --json`` first, then extras."""
        return {
            "method": self.method,
            "n_per_arm": list(self.n_per_arm),
            "n_total": self.n_total,
            "raw": list(self.raw),
            "critical_value": self.critical_value,
            "inflated_for_dropout": self.inflated_for_dropout,
            "reference": self.reference,
            "method_label": self.method_label,
            "formula": self.formula,
            "endpoint": self.endpoint,
            "adjustment": self.adjustment,
            "critical_value_label": self.critical_value_label,
            "alpha": self.alpha,
            "sided": self.sided,
            "power": self.power,
            "achieved_power": self.achieved_power,
            "dropout_pct": self.dropout_pct,
            "ratios": list(self.ratios),
            "n_evaluable_per_arm": list(self.n_evaluable),
            "assumptions": self.assumptions,
            "notes": list(self.notes),
        }


def _assumptions(result) -> dict[str, float]:
    if result.endpoint == "binary":
        return {"control_rate": result.control_rate, "treatment_rate": result.treatment_rate}
    return {"mean_difference": result.mean_difference, "sd": result.sd}


@dataclass(frozen=True)
class PowerResult:
    """The inverse problem: the power of a design with given arm sizes."""

    method: str
    method_label: str
    formula: str
    reference: str
    endpoint: str
    n_per_arm: tuple[float, ...]     # analysable patients, control first, as given
    power: float                     # per comparison (the smallest over active arms)
    critical_value: float
    critical_value_label: str
    adjustment: str | None
    alpha: float
    sided: int
    ratios: tuple[float, ...]
    control_rate: float | None = None
    treatment_rate: float | None = None
    mean_difference: float | None = None
    sd: float | None = None

    @property
    def n_total(self) -> float:
        return sum(self.n_per_arm)

    @property
    def arms(self) -> int:
        return len(self.ratios)

    def to_dict(self) -> dict:
        """The keys of ``sample-size --json`` (no rounding or dropout in this direction), plus
        the power."""
        as_number = [int(n) if float(n).is_integer() else n for n in self.n_per_arm]
        total = self.n_total
        return {
            "method": self.method,
            "n_per_arm": as_number,
            "n_total": int(total) if float(total).is_integer() else total,
            "raw": [float(n) for n in self.n_per_arm],
            "critical_value": self.critical_value,
            "inflated_for_dropout": False,
            "reference": self.reference,
            "power": self.power,
            "method_label": self.method_label,
            "formula": self.formula,
            "endpoint": self.endpoint,
            "adjustment": self.adjustment,
            "critical_value_label": self.critical_value_label,
            "alpha": self.alpha,
            "sided": self.sided,
            "ratios": list(self.ratios),
            "assumptions": _assumptions(self),
        }


@dataclass(frozen=True)
class SensitivityTable:
    """n_total (after rounding and dropout inflation) over a grid around the assumptions.
    Binary: rows are control-arm rates, columns absolute differences |p1 - p2| in the assumed
    direction. Continuous: rows are mean differences, columns SDs. A cell is None when the
    request is impossible there (a rate outside (0, 1), say) or its solver did not converge;
    ``problems`` says why."""

    endpoint: str
    row_label: str
    column_label: str
    rows: tuple[float, ...]
    columns: tuple[float, ...]
    n_total: tuple[tuple[int | None, ...], ...]
    base_row: int                    # index of the assumed row value
    base_column: int
    problems: tuple[str, ...] = ()


# ---------------------------------------------------------------------------------------------
# Rounding
# ---------------------------------------------------------------------------------------------

def ceil_n(raw: float) -> int:
    """Round a raw n up, unless it exceeds an integer by at most 1e-9 (numerical noise)."""
    if not math.isfinite(raw) or raw < 0:
        raise SampleSizeError(f"a sample size must be a non-negative number, not {raw!r}")
    below = math.floor(raw)
    return int(below) if raw - below <= _INTEGER_TOLERANCE else int(below) + 1


def inflate_for_dropout(n: int, dropout_pct: float) -> int:
    """ceil(100 n / (100 - dropout_pct)) in exact arithmetic (guidance-rules 1.8 item 7): 21
    patients with 30% dropout give exactly 30, never 31 as 21 / (1 - 0.3) = 30.000000000000004
    would in floating point."""
    if isinstance(n, bool) or not isinstance(n, int) or n < 0:
        raise SampleSizeError(f"n must be a non-negative whole number, not {n!r}")
    pct = _exact(dropout_pct, "dropout")
    if not 0 <= pct < 100:
        raise SampleSizeError(f"dropout {format_number(float(pct))}% must be at least 0% and "
                              "below 100%")
    inflated = Fraction(100 * n) / (100 - pct)
    return -(-inflated.numerator // inflated.denominator)


def _exact(value: float, name: str) -> Fraction:
    """The decimal a user typed, exactly: 12.3 means 123/10, not the binary float near it."""
    if isinstance(value, bool):
        raise SampleSizeError(f"{name} must be a number, not {value!r}")
    if isinstance(value, (int, Fraction)):
        return Fraction(value)
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise SampleSizeError(f"{name} must be a finite number, not {value}")
        return Fraction(value)
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise SampleSizeError(f"{name} must be a number, not {value!r}") from None
    if not math.isfinite(number):
        raise SampleSizeError(f"{name} must be a finite number, not {value!r}")
    return Fraction(Decimal(repr(number)))


# ---------------------------------------------------------------------------------------------
# Validation
# ---------------------------------------------------------------------------------------------

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
    return p1, p2


def _validate_mean_sd(mean_difference, sd) -> tuple[float, float]:
    delta = _number(mean_difference, "mean difference")
    sigma = _number(sd, "SD")
    if sigma <= 0:
        raise SampleSizeError(f"SD {format_number(sigma, 6)} must be positive")
    if delta == 0:
        raise SampleSizeError("the mean difference is 0: there is no difference to detect")
    return delta, sigma


def _validate_method(method, endpoint: str) -> str:
    allowed = BINARY_METHODS if endpoint == "binary" else CONTINUOUS_METHODS
    if method not in allowed:
        raise SampleSizeError(f"method {method!r} is not one of {', '.join(allowed)} "
                              f"for a {endpoint} endpoint")
    return method


# ---------------------------------------------------------------------------------------------
# Critical values
# ---------------------------------------------------------------------------------------------

def _normal_critical_value(settings: _Settings) -> tuple[float, str]:
    """z_{1-alpha/s}, Dunnett's c or Bonferroni's z, with a label saying which."""
    alpha, sided, k = settings.alpha, settings.sided, settings.arms
    if settings.adjust is None:
        level = 1.0 - alpha / sided
        return dist.norm_isf(alpha / sided), f"z({format_number(level, 6)})"
    if settings.adjust == "bonferroni":
        tail = alpha / (k * sided)
        return (dist.norm_isf(tail),
                f"Bonferroni z(1 - {format_number(alpha, 6)}/({k}×{sided}))")
    c = dist.dunnett_critical_value(k, alpha, sided, settings.ratios)
    sides = "two-sided" if sided == 2 else "one-sided"
    return c, f"Dunnett {sides} c for {k} comparisons with a shared control (df = ∞)"


def _comparison_words(settings: _Settings) -> str:
    if settings.adjust == "dunnett":
        return (f", Dunnett-adjusted critical value for {settings.arms} comparisons with a shared "
                "control (equicorrelated normal, df = ∞), power per comparison")
    if settings.adjust == "bonferroni":
        return (f", Bonferroni-adjusted critical value for {settings.arms} comparisons with a "
                "shared control, power per comparison")
    return ""


def _adjustment_formula(settings: _Settings) -> str:
    if settings.adjust == "dunnett":
        return ("c = Dunnett critical value: P(max Z_i <= c) = 1 - alpha (one-sided) or "
                "P(max |Z_i| <= c) = 1 - alpha (two-sided) for k equicorrelated normals with "
                "corr = sqrt(r_i r_j / ((1 + r_i)(1 + r_j))) (0.5 for equal allocation), "
                "df = infinity")
    if settings.adjust == "bonferroni":
        return "c = z(1 - alpha/(k·s)), s = 1 or 2 sides"
    return "c = z(1 - alpha/2) two-sided, z(1 - alpha) one-sided"


_ROUNDING_FORMULA = ("each arm's raw n rounded up separately; dropout d%: "
                     "n_enrolled = ceil(100·n / (100 - d))")


# ---------------------------------------------------------------------------------------------
# Binary endpoint
# ---------------------------------------------------------------------------------------------

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


# ---------------------------------------------------------------------------------------------
# Continuous endpoint
# ---------------------------------------------------------------------------------------------

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
    Bonferroni) critical value is used, as product.md specifies, and the label says so."""
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
        raw = (n_control, settings.ratios[0] * n_control)
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


# ---------------------------------------------------------------------------------------------
# Assembling a result
# ---------------------------------------------------------------------------------------------

def _reference(method: str, settings: _Settings) -> str:
    reference = _REFERENCES[method]
    if settings.adjust == "dunnett":
        reference += "; " + _DUNNETT_REFERENCE
    elif settings.adjust == "bonferroni":
        reference += "; " + _BONFERRONI_REFERENCE
    return reference


def _result(*, method, method_label, formula, reference, endpoint, raw, evaluable, settings,
            power, achieved, critical, critical_label, control_rate=None, treatment_rate=None,
            mean_difference=None, sd=None, notes=()) -> SampleSizeResult:
    n_per_arm = tuple(inflate_for_dropout(n, settings.dropout_pct) for n in evaluable)
    if achieved < power - 1e-12:
        # Possible only for a binary endpoint with very few patients: rounding each arm up
        # shifts the allocation, and the pooled null variance depends on the allocation.
        notes = tuple(notes) + (
            f"Rounding each arm up changed the allocation of this very small design; the "
            f"rounded arms have {format_percent(achieved, 1)} power, below the "
            f"{format_percent(power, 1)} asked for.",)
    return SampleSizeResult(
        method=method, method_label=method_label, formula=formula, reference=reference,
        endpoint=endpoint, n_per_arm=n_per_arm, raw=tuple(raw), n_total=sum(n_per_arm),
        critical_value=critical, adjustment=settings.adjust,
        inflated_for_dropout=settings.dropout_pct > 0, alpha=settings.alpha,
        sided=settings.sided, power=power, dropout_pct=settings.dropout_pct,
        ratios=settings.ratios, n_evaluable=tuple(evaluable), achieved_power=achieved,
        critical_value_label=critical_label, control_rate=control_rate,
        treatment_rate=treatment_rate, mean_difference=mean_difference, sd=sd,
        notes=tuple(notes))


def _recompute(result: SampleSizeResult, **changes) -> SampleSizeResult:
    """The same design with some assumptions changed (for the sensitivity table)."""
    common = dict(alpha=result.alpha, sided=result.sided, power=result.power,
                  ratio=result.ratios, dropout_pct=result.dropout_pct, arms=result.arms,
                  adjust=result.adjustment or "dunnett", method=result.method)
    if result.endpoint == "binary":
        return binary_sample_size(changes.get("control_rate", result.control_rate),
                                  changes.get("treatment_rate", result.treatment_rate), **common)
    return continuous_sample_size(changes.get("mean_difference", result.mean_difference),
                                  changes.get("sd", result.sd), **common)


# ---------------------------------------------------------------------------------------------
# Sensitivity table and power curve
# ---------------------------------------------------------------------------------------------

CONTROL_RATE_OFFSETS = (-0.10, -0.05, 0.0, 0.05, 0.10)
EFFECT_FACTORS = (0.5, 0.75, 1.0, 1.25, 1.5)
SD_FACTORS = (0.8, 0.9, 1.0, 1.1, 1.2)


def sensitivity_table(result: SampleSizeResult, *,
                      control_rate_offsets: Sequence[float] = CONTROL_RATE_OFFSETS,
                      effect_factors: Sequence[float] = EFFECT_FACTORS,
                      sd_factors: Sequence[float] = SD_FACTORS) -> SensitivityTable:
    """Total n over a grid around the assumptions of ``result`` (same alpha, power, allocation,
    arms, method and dropout).

    Binary: rows are control rates p1 + offset (rows outside (0, 1) are left out), columns the
    absolute difference |p1 - p2| times each factor, in the assumed direction. Continuous: rows
    are the mean difference times each effect factor, columns the SD times each SD factor."""
    if result.endpoint == "binary":
        p1, p2 = result.control_rate, result.treatment_rate
        direction = -1.0 if p2 < p1 else 1.0
        rows = tuple(round(p1 + offset, 10) for offset in control_rate_offsets
                     if 0.0 < round(p1 + offset, 10) < 1.0)
        columns = tuple(round(abs(p1 - p2) * factor, 10) for factor in effect_factors)
        row_label, column_label = "Control-arm rate", "Absolute difference"

        def cell(row: float, column: float) -> SampleSizeResult:
            return _recompute(result, control_rate=row,
                              treatment_rate=round(row + direction * column, 10))
        base_row = _index_of(rows, p1)
    else:
        rows = tuple(result.mean_difference * factor for factor in effect_factors)
        columns = tuple(result.sd * factor for factor in sd_factors)
        row_label, column_label = "Mean difference", "SD"

        def cell(row: float, column: float) -> SampleSizeResult:
            return _recompute(result, mean_difference=row, sd=column)
        base_row = _index_of(rows, result.mean_difference)
    base_column = _index_of(columns, abs(p1 - p2) if result.endpoint == "binary" else result.sd)
    matrix: list[tuple[int | None, ...]] = []
    problems: list[str] = []
    for row in rows:
        cells: list[int | None] = []
        for column in columns:
            try:
                cells.append(cell(row, column).n_total)
            except SampleSizeError as error:
                cells.append(None)
                if str(error) not in problems:
                    problems.append(str(error))
        matrix.append(tuple(cells))
    return SensitivityTable(result.endpoint, row_label, column_label, rows, columns,
                            tuple(matrix), base_row, base_column, tuple(problems))


def _index_of(values: Sequence[float], target: float) -> int:
    return min(range(len(values)), key=lambda i: abs(values[i] - target)) if values else -1


@_reports_convergence
def power_curve(result: SampleSizeResult, points: int = 40) -> list[tuple[int, float]]:
    """(n_total, power) pairs for the chart, from the smallest sensible control arm up to about
    twice the computed one. n_total counts evaluable patients (before dropout inflation),
    because power depends on the patients analysed; the design's own evaluable total is always
    one of the points. Each active arm is ratio · n_control rounded up, as in the design."""
    if points < 2:
        raise SampleSizeError("a power curve needs at least 2 points")
    n_design = result.n_evaluable[0]
    if result.method == "t_test":
        n_low = math.ceil(_t_minimum_control_n(result.ratios[0]))
    else:
        n_low = 1
    n_high = max(2 * n_design, n_low + 1)
    span = n_high - n_low
    controls = sorted({n_low + round(i * span / (points - 1)) for i in range(points)} | {n_design})
    # The design has been validated when the result was made, so go straight to the formulas.
    # The critical value belongs to the planned allocation: rounding each point's arms must not
    # change it (and with Dunnett it would cost a fresh integral per point).
    settings = _Settings(result.alpha, result.sided, result.ratios, 0.0, result.adjustment)
    if result.method != "t_test":
        critical, _ = _normal_critical_value(settings)
    if result.endpoint == "continuous":
        d = abs(result.mean_difference) / result.sd
    tail = result.alpha / result.sided
    curve = []
    for n_control in controls:
        if n_control == n_design:
            arm_sizes = result.n_evaluable          # exactly the design's own arms
        else:
            arm_sizes = (n_control,) + tuple(ceil_n(r * n_control) for r in result.ratios)
        if result.endpoint == "binary":
            value = _binary_power_at(arm_sizes, result.control_rate, result.treatment_rate,
                                     result.method, critical)
        elif result.method == "t_test":
            value = _t_power(arm_sizes[0], arm_sizes[1], d, tail)[0]
        else:
            value = _normal_power_at(arm_sizes, d, critical)
        curve.append((sum(arm_sizes), value))
    return curve


# ---------------------------------------------------------------------------------------------
# The protocol sentence
# ---------------------------------------------------------------------------------------------

def _arms_phrase(n_per_arm: Sequence[float], patients: str = "patients") -> str:
    sizes = [format_number(n) for n in n_per_arm]
    control, actives = sizes[0], sizes[1:]
    if all(n == control for n in actives):
        return f"{control} {patients} per arm"
    if len(actives) == 1:
        return f"{control} {patients} in the control arm and {actives[0]} in the active arm"
    if len(set(actives)) == 1:
        return (f"{control} {patients} in the control arm and {actives[0]} in each of the "
                f"{len(actives)} active arms")
    return (f"{control} {patients} in the control arm and {', '.join(actives)} in the active "
            "arms")


def describe(result: SampleSizeResult | PowerResult, outcome: str | None = None) -> str:
    """The sentence a statistician puts in a protocol, e.g. "With 152 patients per arm (304 in
    total) the trial has 80% power to detect a reduction in mortality from 40% to 25%
    (pooled-variance normal approximation, two-sided alpha 0.05; Fleiss, Levin & Paik 2003)."
    For a PowerResult (the inverse problem) it states the power the given size achieves.
    outcome names the endpoint ("28-day mortality", "VFD-28")."""
    if isinstance(result, PowerResult):
        arms = _arms_phrase(result.n_per_arm, "analysable patients")
        totals = f"{format_number(result.n_total)} in total"
    else:
        arms = _arms_phrase(result.n_per_arm)
        totals = f"{result.n_total} in total"
        if result.inflated_for_dropout:
            totals += (f", allowing for {format_number(result.dropout_pct, 2)}% dropout from "
                       f"{sum(result.n_evaluable)} evaluable")
    comparisons = " for each comparison with control" if result.arms > 1 else ""
    sentence = (f"With {arms} ({totals}) the trial has {format_percent(result.power, 1)} "
                f"power{comparisons} to detect ")
    if result.endpoint == "binary":
        p1, p2 = result.control_rate, result.treatment_rate
        change = "a reduction" if p2 < p1 else "an increase"
        sentence += (f"{change} in {outcome or 'mortality'} from {format_percent(p1, 1)} "
                     f"to {format_percent(p2, 1)}")
    else:
        sentence += (f"a difference of {format_number(abs(result.mean_difference))} in "
                     f"{outcome or 'the mean'} (SD {format_number(result.sd)})")
    sides = "two-sided" if result.sided == 2 else "one-sided"
    familywise = " familywise" if result.arms > 1 else ""
    return (f"{sentence} ({result.method_label}, {sides}{familywise} alpha "
            f"{format_number(result.alpha, 6)}; {_SHORT_REFERENCES[result.method]}).")
