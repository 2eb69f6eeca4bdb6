"""An ordinal outcome under proportional odds (Whitehead, Stat Med 1993;12:2257-2271): total N
for a common odds ratio (``ordinal_sample_size``, Hmisc::posamsize), the power of given arm
sizes (``ordinal_power``, Hmisc::popower), and ventilator-free days analysed as an ordinal
outcome with death ranked worst (``vfd_categories``, ``vfd_ordinal_sample_size``).

Conventions: categories are listed from worst to best; the odds ratio is the odds of a better
outcome (category j or above, every j) on the active arm over control, so OR > 1 is benefit.
That is Hmisc::pomodm's shift of the exceedance probabilities. The program takes the CONTROL
arm's distribution by default and derives the active arm's; Whitehead's formula needs the
distribution averaged over the pooled sample, which for 1:1 is Hmisc's (p + p2)/2 and for
r = n_active/n_control is (p_control + r·p_active)/(1 + r).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Mapping, Sequence

from models import distributions as dist
from models.formatting import format_number
from models.sample_size.critical import _normal_critical_value
from models.sample_size.errors import SampleSizeError
from models.sample_size.rounding import ceil_n
from models.sample_size.validation import (
    _check_size,
    _number,
    _validate_power,
    _validate_settings,
)

PROBABILITIES_ARE = ("control", "average")
# Hmisc allows 1e-5; a distribution typed as percentages to 4 decimals sums within 1e-6.
_SUM_TOLERANCE = 1e-6
_REFERENCE = ("Whitehead J. Sample size calculations for ordered categorical data. Stat Med "
              "1993;12:2257-2271; Hmisc posamsize and popower")
_FORMULA = ("N = 3(A + 1)²(c + z(1-β))² / [A (ln OR)² (1 - Σ p̄³)], A = n_active/n_control; "
            "power = Φ(|ln OR|·√V - c), V = n0·n1·N / (3(N + 1)²)·(1 - Σ p̄³)")
_SHIFT_FORMULA = ("active arm: odds(Y ≥ j) = OR · odds_control(Y ≥ j) for every cut j; "
                  "p̄ = (p_control + A·p_active)/(1 + A)")


def _validate_odds_ratio(odds_ratio) -> float:
    value = _number(odds_ratio, "odds ratio")
    if value <= 0:
        raise SampleSizeError(f"odds ratio {format_number(value, 6)} must be positive")
    if value == 1 or math.log(value) == 0.0:
        raise SampleSizeError("an odds ratio of 1 means no difference between the arms: "
                              "there is nothing to detect")
    return value


def _validate_probabilities(probabilities, what: str = "category probabilities",
                            ordinal: bool = True) -> tuple[float, ...]:
    """Numbers in [0, 1] summing to 1 (renormalised within the tolerance); an ordinal outcome
    needs two categories with patients, a breakdown of survivors only one."""
    if isinstance(probabilities, (str, bytes)) or not isinstance(probabilities, Sequence):
        raise SampleSizeError(f"the {what} must be a list of numbers")
    values = tuple(_number(p, what) for p in probabilities)
    if not values:
        raise SampleSizeError(f"no {what} given")
    if any(not 0.0 <= p <= 1.0 for p in values):
        raise SampleSizeError(f"every one of the {what} must lie between 0 and 1")
    total = math.fsum(values)
    if abs(total - 1.0) > _SUM_TOLERANCE:
        raise SampleSizeError(f"the {what} sum to {format_number(total, 6)}, not 1")
    if ordinal and sum(1 for p in values if p > 0) < 2:
        raise SampleSizeError("fewer than 2 categories have any patients: there is no "
                              "ordering to compare")
    return tuple(p / total for p in values)


def proportional_odds_shift(probabilities: Sequence[float],
                            odds_ratio: float) -> tuple[float, ...]:
    """The active arm's category probabilities: each exceedance P(Y ≥ j) of the control arm
    has its odds multiplied by odds_ratio (Hmisc::pomodm)."""
    p = _validate_probabilities(probabilities)
    odds_ratio = _validate_odds_ratio(odds_ratio)
    exceed = [math.fsum(p[j:]) for j in range(1, len(p))]
    shifted = [odds_ratio * e / (1.0 - e + odds_ratio * e) for e in exceed]
    upper = [1.0] + shifted + [0.0]
    # Differences of a decreasing sequence; max() only absorbs rounding below zero.
    return tuple(max(upper[j] - upper[j + 1], 0.0) for j in range(len(p)))


@dataclass(frozen=True)
class OrdinalResult:
    """Total N (and per arm) for an ordinal outcome under proportional odds."""

    method: str                          # "whitehead"
    method_label: str
    formula: str
    reference: str
    odds_ratio: float
    alpha: float
    sided: int
    power: float
    ratio: float                         # A = n_active / n_control
    probabilities_are: str               # control | average: what the caller gave
    categories: tuple[str, ...]          # worst to best
    control_probabilities: tuple[float, ...] | None
    active_probabilities: tuple[float, ...] | None
    average_probabilities: tuple[float, ...]
    efficiency: float                    # 1 - Σ p̄³ (1 for a continuous outcome)
    critical_value: float
    raw_total: float
    raw: tuple[float, float]             # unrounded per arm, control first
    n_per_arm: tuple[int, int]           # each arm rounded up separately
    n_total: int
    achieved_power: float                # popower at n_per_arm
    notes: tuple[str, ...] = field(default=())
    dropout_pct: float = 0.0             # n_per_arm inflated for it by the caller (a design)

    @property
    def inflated_for_dropout(self) -> bool:
        return self.dropout_pct > 0

    def to_dict(self) -> dict:
        def listed(values):
            return None if values is None else list(values)
        return {
            "method": self.method, "endpoint": "ordinal", "n_per_arm": list(self.n_per_arm),
            "n_total": self.n_total, "raw_total": self.raw_total, "raw": list(self.raw),
            "reference": self.reference, "method_label": self.method_label,
            "formula": self.formula, "odds_ratio": self.odds_ratio, "alpha": self.alpha,
            "sided": self.sided, "power": self.power, "achieved_power": self.achieved_power,
            "ratios": [self.ratio], "critical_value": self.critical_value,
            "probabilities_are": self.probabilities_are, "categories": list(self.categories),
            "control_probabilities": listed(self.control_probabilities),
            "active_probabilities": listed(self.active_probabilities),
            "average_probabilities": list(self.average_probabilities),
            "efficiency": self.efficiency, "inflated_for_dropout": self.inflated_for_dropout,
            "dropout_pct": self.dropout_pct,
            "notes": list(self.notes),
        }


def _distributions(probabilities, odds_ratio, probabilities_are, weight_active):
    """(control, active, averaged) with weight_active = A/(1 + A) on the active arm."""
    if probabilities_are not in PROBABILITIES_ARE:
        raise SampleSizeError(f"probabilities_are {probabilities_are!r} is not one of "
                              f"{', '.join(PROBABILITIES_ARE)}")
    p = _validate_probabilities(probabilities)
    if probabilities_are == "average":
        return None, None, p
    active = proportional_odds_shift(p, odds_ratio)
    average = tuple((1.0 - weight_active) * c + weight_active * a for c, a in zip(p, active))
    return p, active, average


def _efficiency(average: Sequence[float]) -> float:
    efficiency = 1.0 - math.fsum(q ** 3 for q in average)
    if not efficiency > 0:
        raise SampleSizeError("almost every patient falls in one category: the outcome carries "
                              "no information to compare the arms")
    return efficiency


def _popower(n0: float, n1: float, log_or: float, efficiency: float, critical: float) -> float:
    n = n0 + n1
    variance = n0 * n1 * n / (3.0 * (n + 1.0) ** 2) * efficiency
    return dist.norm_cdf(abs(log_or) * math.sqrt(variance) - critical)


def ordinal_sample_size(probabilities: Sequence[float], odds_ratio: float, *,
                        probabilities_are: str = "control", alpha: float = 0.05,
                        sided: int = 2, power: float = 0.8, ratio: float = 1.0,
                        categories: Sequence[str] | None = None,
                        notes: Sequence[str] = ()) -> OrdinalResult:
    """Whitehead's total N; probabilities are the control arm's (default) or already averaged
    over the arms (probabilities_are="average", as Hmisc::posamsize takes them)."""
    settings = _validate_settings(alpha, sided, ratio, 0.0, 1, None)
    power = _validate_power(power, settings.alpha)
    odds_ratio = _validate_odds_ratio(odds_ratio)
    a = settings.ratios[0]
    control, active, average = _distributions(probabilities, odds_ratio, probabilities_are,
                                              a / (1.0 + a))
    labels = (tuple(str(c) for c in categories) if categories is not None
              else tuple(f"category {j + 1}" for j in range(len(average))))
    if len(labels) != len(average):
        raise SampleSizeError(f"{len(labels)} category names given for {len(average)} "
                              "probabilities")
    efficiency = _efficiency(average)
    critical, critical_label = _normal_critical_value(settings)
    log_or = math.log(odds_ratio)
    total = (3.0 * (a + 1.0) ** 2 * (critical + dist.norm_ppf(power)) ** 2
             / (a * log_or ** 2 * efficiency))
    raw = (total / (1.0 + a), a * total / (1.0 + a))
    _check_size(raw, raw)
    n_per_arm = (ceil_n(raw[0]), ceil_n(raw[1]))
    formula = f"{_FORMULA}, c = {critical_label}"
    if control is not None:
        formula += f"; {_SHIFT_FORMULA}"
    given = ("control-arm probabilities, active arm derived under proportional odds"
             if control is not None else "probabilities averaged over the arms, as given")
    notes = tuple(notes)
    if control is None and a != 1:
        notes += ("The averaged probabilities were taken as given; with unequal allocation "
                  "they should be weighted by the allocation.",)
    return OrdinalResult(
        method="whitehead",
        method_label=f"proportional-odds (Whitehead) sample size, {given}",
        formula=formula, reference=_REFERENCE, odds_ratio=odds_ratio, alpha=settings.alpha,
        sided=settings.sided, power=power, ratio=a, probabilities_are=probabilities_are,
        categories=labels, control_probabilities=control, active_probabilities=active,
        average_probabilities=average, efficiency=efficiency, critical_value=critical,
        raw_total=total, raw=raw, n_per_arm=n_per_arm, n_total=sum(n_per_arm),
        achieved_power=_popower(n_per_arm[0], n_per_arm[1], log_or, efficiency, critical),
        notes=notes)


def ordinal_power(n_control: float, probabilities: Sequence[float], odds_ratio: float, *,
                  n_active: float | None = None, ratio: float = 1.0,
                  probabilities_are: str = "control", alpha: float = 0.05,
                  sided: int = 2) -> float:
    """Power with n_control and n_active (default ratio · n_control) patients, by
    Hmisc::popower's variance n0·n1·N/(3(N+1)²)·(1 - Σp̄³). It is not the exact inverse of
    ordinal_sample_size: N/(N+1)² against Whitehead's 1/N costs about 2/N in V."""
    settings = _validate_settings(alpha, sided, ratio, 0.0, 1, None)
    odds_ratio = _validate_odds_ratio(odds_ratio)
    n0 = _number(n_control, "n per control arm")
    n1 = settings.ratios[0] * n0 if n_active is None else _number(n_active, "n per active arm")
    if n0 <= 0 or n1 <= 0:
        raise SampleSizeError("each arm needs at least one patient")
    _, _, average = _distributions(probabilities, odds_ratio, probabilities_are,
                                   n1 / (n0 + n1))
    critical, _ = _normal_critical_value(settings)
    return _popower(n0, n1, math.log(odds_ratio), _efficiency(average), critical)


# ---------------------------------------------------------------------------------------------
# Ventilator-free days as an ordinal outcome
# ---------------------------------------------------------------------------------------------

VFD_ASSUMPTIONS = (
    "Death by the VFD horizon is ranked below every survivor, including survivors with 0 "
    "ventilator-free days (the VFD score itself gives both 0).",
    "One common odds ratio acts on every cut, the cut between death and survival included: "
    "the treatment is assumed to lower mortality and to shorten ventilation by the same odds "
    "ratio (proportional odds).",
    "Survivors within a band count as tied; coarser bands lose power (1 - Σ p̄³ is smaller).",
    "Analysis by a proportional-odds model or the Wilcoxon-Mann-Whitney test, which Whitehead's "
    "formula covers asymptotically; competing-risk analyses of VFD need their own calculation.",
)
_BAND = re.compile(r"^\s*(\d+)\s*(?:-|–|to)\s*(\d+)\s*$")


def _band(key, horizon: int) -> tuple[int, int]:
    if isinstance(key, tuple) and len(key) == 2:
        lo, hi = key
    elif isinstance(key, int) and not isinstance(key, bool):
        lo = hi = key
    elif isinstance(key, str) and key.strip().isdigit():
        lo = hi = int(key)
    elif isinstance(key, str) and (band := _BAND.match(key)):
        lo, hi = (int(g) for g in band.groups())
    else:
        raise SampleSizeError(f"VFD band {key!r} is not a day, a (first, last) pair or "
                              "'first-last'")
    if not (isinstance(lo, int) and isinstance(hi, int) and 0 <= lo <= hi <= horizon):
        raise SampleSizeError(f"VFD band {key!r} must lie within 0 to {horizon} days")
    return lo, hi


def vfd_categories(control_mortality: float, *,
                   survivor_bands: Mapping | None = None,
                   survivor_days: Sequence[float] | None = None,
                   horizon: int = 28) -> tuple[tuple[str, ...], tuple[float, ...]]:
    """Ordered categories (worst first: dead by the horizon, then survivors by VFD) and the
    control arm's probabilities. survivor_bands maps bands such as "0", "1-7", (8, 14) to the
    share of survivors in them (covering 0 to horizon without gaps); survivor_days lists the
    share of survivors with 0, 1, ..., horizon VFD."""
    mortality = _number(control_mortality, "control mortality")
    if not 0.0 < mortality < 1.0:
        raise SampleSizeError(f"control mortality {format_number(mortality, 6)} is not a "
                              "proportion strictly between 0 and 1")
    if isinstance(horizon, bool) or not isinstance(horizon, int) or horizon < 1:
        raise SampleSizeError(f"the VFD horizon must be a whole number of days, not {horizon!r}")
    if (survivor_bands is None) == (survivor_days is None):
        raise SampleSizeError("give the survivors' VFD distribution either as bands or as "
                              "per-day proportions")
    if survivor_days is not None:
        shares = _validate_probabilities(survivor_days, "per-day proportions", ordinal=False)
        if len(shares) != horizon + 1:
            raise SampleSizeError(f"{len(shares)} per-day proportions given; VFD runs from 0 "
                                  f"to {horizon}, {horizon + 1} values")
        labels = [f"alive, {d} VFD" for d in range(horizon + 1)]
    else:
        assert survivor_bands is not None      # exactly one of the two is given (checked above)
        bands = sorted(((_band(k, horizon), v) for k, v in dict(survivor_bands).items()),
                       key=lambda item: item[0])
        expected = 0
        for (lo, hi), _ in bands:
            if lo != expected:
                raise SampleSizeError(f"the VFD bands must cover every day from 0 to {horizon} "
                                      f"without gaps or overlaps (check day {expected})")
            expected = hi + 1
        if expected != horizon + 1:
            raise SampleSizeError(f"the VFD bands stop at day {expected - 1}, not {horizon}")
        shares = _validate_probabilities([v for _, v in bands], "band proportions",
                                         ordinal=False)
        labels = [f"alive, {lo} VFD" if lo == hi else f"alive, {lo}-{hi} VFD"
                  for (lo, hi), _ in bands]
    return ((f"dead by day {horizon}", *labels),
            (mortality, *((1.0 - mortality) * s for s in shares)))


def vfd_ordinal_sample_size(control_mortality: float, odds_ratio: float, *,
                            survivor_bands: Mapping | None = None,
                            survivor_days: Sequence[float] | None = None, horizon: int = 28,
                            alpha: float = 0.05, sided: int = 2, power: float = 0.8,
                            ratio: float = 1.0) -> OrdinalResult:
    """Whitehead's N for VFD as an ordinal outcome, death ranked worst (VFD_ASSUMPTIONS)."""
    labels, probabilities = vfd_categories(control_mortality, survivor_bands=survivor_bands,
                                           survivor_days=survivor_days, horizon=horizon)
    odds_ratio = _validate_odds_ratio(odds_ratio)
    active_mortality = probabilities[0] / (probabilities[0] + odds_ratio * (1 - probabilities[0]))
    implied = (f"Under proportional odds an odds ratio of {format_number(odds_ratio, 3)} "
               f"implies day-{horizon} mortality of {format_number(100 * active_mortality, 1)}% "
               f"on the active arm against {format_number(100 * probabilities[0], 1)}% on "
               "control.")
    return ordinal_sample_size(probabilities, odds_ratio, probabilities_are="control",
                               alpha=alpha, sided=sided, power=power, ratio=ratio,
                               categories=labels, notes=VFD_ASSUMPTIONS + (implied,))
