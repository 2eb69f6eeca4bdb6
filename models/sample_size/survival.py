"""Time to event (all-cause mortality to day 60 or 90 analysed as survival, log-rank test): the
number of events a hazard ratio needs (Schoenfeld 1983, or Freedman 1982), the power of a given
number of events (``survival_power``), and the patients needed to observe those events
(``survival_sample_size``) under exponential survival and exponential dropout, with either
uniform accrual plus additional follow-up or a fixed follow-up of every patient.

Conventions: r = n_active / n_control and HR = hazard(active) / hazard(control), as in rpact
(allocationRatioPlanned, hazardRatio) and gsDesign (ratio, hr); HR < 1 is benefit for
mortality, HR > 1 is accepted too (only |ln HR| enters). All times are in one unit of the
caller's choosing (days or months), the same for event_time, accrual, follow-up and dropout.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Sequence

from models import distributions as dist
from models.formatting import format_number, format_power_of_ten
from models.sample_size.critical import _normal_critical_value
from models.sample_size.errors import SampleSizeError
from models.sample_size.rounding import ceil_n
from models.sample_size.validation import (
    MAX_N_PER_ARM,
    _check_size,
    _number,
    _validate_power,
    _validate_settings,
)

SURVIVAL_METHODS = ("schoenfeld", "freedman")
_REFERENCES = {
    "schoenfeld": ("Schoenfeld DA. Sample-size formula for the proportional-hazards regression "
                   "model. Biometrics 1983;39:499-503; gsDesign nEvents; rpact "
                   "getSampleSizeSurvival(typeOfComputation = \"Schoenfeld\")"),
    "freedman": ("Freedman LS. Tables of the number of patients required in clinical trials "
                 "using the logrank test. Stat Med 1982;1:121-129; rpact "
                 "getSampleSizeSurvival(typeOfComputation = \"Freedman\")"),
}
_PATIENTS_REFERENCE = ("patients from events: exponential survival and dropout, uniform accrual "
                       "(Lachin JM, Foulkes MA. Biometrics 1986;42:507-519, event probability; "
                       "as rpact getSampleSizeSurvival maxNumberOfSubjects = events / P̄)")
_EVENTS_FORMULA = {
    "schoenfeld": "D = (1 + r)²/r · (c + z(1-β))² / (ln HR)²",
    "freedman": "D = (1 + r·HR)² / (r·(1 - HR)²) · (c + z(1-β))²",
}


def _validate_hazard_ratio(hazard_ratio) -> float:
    hr = _number(hazard_ratio, "hazard ratio")
    if hr <= 0:
        raise SampleSizeError(f"hazard ratio {format_number(hr, 6)} must be positive")
    if hr == 1 or math.log(hr) == 0.0:
        raise SampleSizeError("a hazard ratio of 1 means no difference between the arms: "
                              "there is nothing to detect")
    return hr


def _validate_method(method) -> str:
    if method not in SURVIVAL_METHODS:
        raise SampleSizeError(f"method {method!r} is not one of {', '.join(SURVIVAL_METHODS)}")
    return method


def _drift(hr: float, r: float, method: str) -> float:
    """E[Z] per square root of an event: Schoenfeld's from the variance of ln HR-hat,
    (1 + r)²/(r D); Freedman's from the expected share of events in the active arm."""
    if method == "schoenfeld":
        return math.sqrt(r) / (1.0 + r) * abs(math.log(hr))
    return math.sqrt(r) * abs(1.0 - hr) / (1.0 + r * hr)


def survival_events(hazard_ratio: float, *, alpha: float = 0.05, sided: int = 2,
                    power: float = 0.8, ratio: float = 1.0,
                    method: str = "schoenfeld") -> float:
    """Raw (unrounded) number of events for the log-rank test to detect hazard_ratio."""
    settings = _validate_settings(alpha, sided, ratio, 0.0, 1, None)
    power = _validate_power(power, settings.alpha)
    hr = _validate_hazard_ratio(hazard_ratio)
    method = _validate_method(method)
    critical, _ = _normal_critical_value(settings)
    events = ((critical + dist.norm_ppf(power)) / _drift(hr, settings.ratios[0], method)) ** 2
    if not events <= MAX_N_PER_ARM:
        raise SampleSizeError(f"more than {format_power_of_ten(MAX_N_PER_ARM)} events would be "
                              "needed; the hazard ratio is too close to 1 to detect")
    return events


def survival_power(events: float, hazard_ratio: float, *, alpha: float = 0.05, sided: int = 2,
                   ratio: float = 1.0, method: str = "schoenfeld") -> float:
    """Power of the log-rank test after `events` events: Φ(√D · drift - c). Two-sided counts
    only the tail of the effect's direction, as the rest of the engine does."""
    settings = _validate_settings(alpha, sided, ratio, 0.0, 1, None)
    hr = _validate_hazard_ratio(hazard_ratio)
    method = _validate_method(method)
    d = _number(events, "number of events")
    if d <= 0:
        raise SampleSizeError(f"the number of events must be positive, not {format_number(d)}")
    critical, _ = _normal_critical_value(settings)
    return dist.norm_cdf(math.sqrt(d) * _drift(hr, settings.ratios[0], method) - critical)


# ---------------------------------------------------------------------------------------------
# From events to patients
# ---------------------------------------------------------------------------------------------

def _positive_time(value, name: str) -> float:
    t = _number(value, name)
    if t <= 0:
        raise SampleSizeError(f"{name} {format_number(t, 6)} must be positive")
    return t


def _proportion(p, name: str) -> float:
    p = _number(p, name)
    if not 0.0 < p < 1.0:
        raise SampleSizeError(f"{name} {format_number(p, 6)} is not a proportion strictly "
                              "between 0 and 1")
    return p


def _per_arm(value) -> tuple[Any, Any]:
    """One value for both arms, or a (control, active) pair."""
    if isinstance(value, Sequence) and not isinstance(value, (str, bytes)):
        if len(value) != 2:
            raise SampleSizeError(f"give one dropout value for both arms or a (control, active) "
                                  f"pair, not {len(value)} values")
        control, active = value
        return control, active
    return (value, value)


def _dropout_hazards(dropout, dropout_time, dropout_rate, event_time) -> tuple[float, float]:
    if dropout_rate is not None:
        if any(_number(v, "dropout proportion") != 0 for v in _per_arm(dropout)):
            raise SampleSizeError("give the dropout as a proportion or as a rate, not both")
        control, active = (_number(v, "dropout rate") for v in _per_arm(dropout_rate))
        if control < 0 or active < 0:
            raise SampleSizeError("a dropout rate (hazard per time unit) cannot be negative")
        return control, active
    t = event_time if dropout_time is None else _positive_time(dropout_time, "dropout time")
    hazards = []
    for v in _per_arm(dropout):
        d = _number(v, "dropout proportion")
        if not 0.0 <= d < 1.0:
            raise SampleSizeError(f"dropout proportion {format_number(d, 6)} must be at least 0 "
                                  "and below 1")
        hazards.append(-math.log1p(-d) / t)
    control, active = hazards
    return control, active


def _one_minus_mean_exp(x: float) -> float:
    """1 - (1 - e^-x)/x for x = h·A: times e^{-hF}, the events that the longer follow-up of
    earlier entrants adds to 1 - e^{-hF}. A series for small x (daily hazards), where the
    direct form cancels."""
    if x < 1e-3:
        # Truncation error below x^5/720: 3e-15 relative at x = 1e-3, where the direct form
        # would already have lost 3 digits to cancellation.
        return x * (0.5 - x * (1.0 / 6.0 - x * (1.0 / 24.0 - x / 120.0)))
    return 1.0 + math.expm1(-x) / x


def _event_probability(hazard: float, dropout: float, accrual: float | None,
                       follow_up: float) -> float:
    """P(event observed) with competing exponential dropout. Fixed follow-up T (accrual None):
    (λ/h)(1 - e^{-hT}). Uniform entry over A, then F more: exposure runs from F to A + F, and
    averaging 1 - e^{-h·exposure} over entry gives (λ/h)[1 - e^{-hF}(1 - e^{-hA})/(hA)]."""
    total = hazard + dropout
    share = hazard / total
    if accrual is None:
        return share * -math.expm1(-total * follow_up)
    return share * (-math.expm1(-total * follow_up)
                    + math.exp(-total * follow_up) * _one_minus_mean_exp(total * accrual))


@dataclass(frozen=True)
class SurvivalResult:
    """Events and patients for a time-to-event comparison of one active arm with control."""

    method: str                          # schoenfeld | freedman
    method_label: str
    formula: str
    reference: str
    hazard_ratio: float
    alpha: float
    sided: int
    power: float                         # asked for
    ratio: float                         # r = n_active / n_control
    critical_value: float
    raw_events: float
    events: int                          # raw_events rounded up
    achieved_power: float                # at `events`
    control_event_proportion: float
    event_time: float
    hazards: tuple[float, float]         # λ control, λ active (per time unit)
    dropout_hazards: tuple[float, float]  # η control, η active
    follow_up_design: str                # "accrual" (uniform entry) | "fixed" (all followed to T)
    accrual_time: float | None
    follow_up_time: float | None         # additional follow-up after the last entry
    fixed_follow_up: float | None
    event_probability: tuple[float, float]   # control, active
    average_event_probability: float     # (P0 + r·P1)/(1 + r)
    raw: tuple[float, float]             # unrounded patients per arm, control first
    n_per_arm: tuple[int, int]           # each arm rounded up separately
    n_total: int
    expected_events: float               # n0·P0 + n1·P1 at the rounded arms
    notes: tuple[str, ...] = field(default=())

    def to_dict(self) -> dict:
        return {
            "method": self.method, "endpoint": "time_to_event", "events": self.events,
            "raw_events": self.raw_events, "n_per_arm": list(self.n_per_arm),
            "n_total": self.n_total, "raw": list(self.raw), "reference": self.reference,
            "method_label": self.method_label, "formula": self.formula,
            "hazard_ratio": self.hazard_ratio, "alpha": self.alpha, "sided": self.sided,
            "power": self.power, "achieved_power": self.achieved_power,
            "ratios": [self.ratio], "critical_value": self.critical_value,
            "control_event_proportion": self.control_event_proportion,
            "event_time": self.event_time, "hazards": list(self.hazards),
            "dropout_hazards": list(self.dropout_hazards),
            "follow_up_design": self.follow_up_design, "accrual_time": self.accrual_time,
            "follow_up_time": self.follow_up_time, "fixed_follow_up": self.fixed_follow_up,
            "event_probability": list(self.event_probability),
            "average_event_probability": self.average_event_probability,
            "expected_events": self.expected_events, "inflated_for_dropout": False,
            "notes": list(self.notes),
        }


def survival_sample_size(hazard_ratio: float, control_event_proportion: float,
                         event_time: float, *, alpha: float = 0.05, sided: int = 2,
                         power: float = 0.8, ratio: float = 1.0, method: str = "schoenfeld",
                         accrual_time: float | None = None,
                         follow_up_time: float | None = None,
                         fixed_follow_up: float | None = None,
                         dropout: float | Sequence[float] = 0.0,
                         dropout_time: float | None = None,
                         dropout_rate: float | Sequence[float] | None = None) -> SurvivalResult:
    """Events for hazard_ratio, then patients: n_total = D / P̄.

    control_event_proportion: share of control patients with the event (dead) by event_time;
    λ0 = -ln(1 - p)/t, λ1 = HR·λ0. Follow-up: accrual_time A and follow_up_time F (uniform entry,
    the last patient followed F, the first A + F), or neither, and every patient followed to
    fixed_follow_up (default event_time: a day-90 mortality endpoint). Dropout: the proportion
    lost by dropout_time (default event_time), or dropout_rate (hazard); one value or a
    (control, active) pair. Dropout is censoring here, so n is not inflated again for it."""
    settings = _validate_settings(alpha, sided, ratio, 0.0, 1, None)
    power = _validate_power(power, settings.alpha)
    hr = _validate_hazard_ratio(hazard_ratio)
    method = _validate_method(method)
    r = settings.ratios[0]
    t = _positive_time(event_time, "event time")
    p0 = _proportion(control_event_proportion, "control event proportion")
    lam0 = -math.log1p(-p0) / t
    hazards = (lam0, hr * lam0)
    if accrual_time is None and follow_up_time is None:
        design, accrual = "fixed", None
        follow_up = t if fixed_follow_up is None else _positive_time(fixed_follow_up,
                                                                      "fixed follow-up")
    elif accrual_time is None or follow_up_time is None:
        raise SampleSizeError("give both the accrual time and the additional follow-up time "
                              "(or neither, for a fixed follow-up of every patient)")
    elif fixed_follow_up is not None:
        raise SampleSizeError("give either accrual and follow-up times or a fixed follow-up "
                              "per patient, not both")
    else:
        design = "accrual"
        accrual = _positive_time(accrual_time, "accrual time")
        follow_up = _positive_time(follow_up_time, "follow-up time")
    etas = _dropout_hazards(dropout, dropout_time, dropout_rate, t)
    control_p, active_p = (_event_probability(lam, eta, accrual, follow_up)
                           for lam, eta in zip(hazards, etas))
    probabilities = (control_p, active_p)
    average = (probabilities[0] + r * probabilities[1]) / (1.0 + r)
    if not all(math.isfinite(p) for p in probabilities):
        raise SampleSizeError(f"a hazard ratio of {format_number(hr, 6)} with this control "
                              "event proportion gives hazards too large to compute with")
    if not all(p > 0 for p in probabilities):
        raise SampleSizeError("no events would be observed in this follow-up")

    raw_events = survival_events(hr, alpha=settings.alpha, sided=settings.sided, power=power,
                                 ratio=r, method=method)
    events = ceil_n(raw_events)
    # rpact and gsDesign divide the unrounded events; each arm is then rounded up separately
    # (docs/conventions.md 1.8 item 7), so the rounded arms expect at least the raw events.
    total = raw_events / average
    raw = (total / (1.0 + r), r * total / (1.0 + r))
    _check_size(raw, raw)
    n_per_arm = (ceil_n(raw[0]), ceil_n(raw[1]))
    expected = n_per_arm[0] * probabilities[0] + n_per_arm[1] * probabilities[1]
    critical, critical_label = _normal_critical_value(settings)
    achieved = survival_power(events, hr, alpha=settings.alpha, sided=settings.sided, ratio=r,
                              method=method)
    if design == "accrual":
        probability_formula = ("P_i = λ_i/(λ_i + η_i)·[1 - e^{-(λ_i+η_i)F}·(1 - e^{-(λ_i+η_i)A})"
                               "/((λ_i+η_i)A)] (uniform entry over A, follow-up F after it)")
    else:
        probability_formula = ("P_i = λ_i/(λ_i + η_i)·(1 - e^{-(λ_i+η_i)T}) (every patient "
                               "followed to T)")
    formula = (f"{_EVENTS_FORMULA[method]}, c = {critical_label}, r = n_active/n_control; "
               f"λ0 = -ln(1 - p0)/t, λ1 = HR·λ0, η = -ln(1 - dropout)/t_dropout; "
               f"{probability_formula}; n_total = D / P̄, P̄ = (P0 + r·P1)/(1 + r); "
               "events and each arm rounded up separately")
    label = ("log-rank test, " + ("Schoenfeld" if method == "schoenfeld" else "Freedman")
             + " number of events, exponential survival and dropout")
    notes = []
    if method == "freedman":
        notes.append("Freedman's formula asks for more events than Schoenfeld's unless the hazard "
                     "ratio is close to 1; Schoenfeld's is the usual choice for a Cox model.")
    return SurvivalResult(
        method=method, method_label=label, formula=formula,
        reference=_REFERENCES[method] + "; " + _PATIENTS_REFERENCE, hazard_ratio=hr,
        alpha=settings.alpha, sided=settings.sided, power=power, ratio=r,
        critical_value=critical, raw_events=raw_events, events=events, achieved_power=achieved,
        control_event_proportion=p0, event_time=t,
        hazards=hazards, dropout_hazards=etas, follow_up_design=design, accrual_time=accrual,
        follow_up_time=follow_up if design == "accrual" else None,
        fixed_follow_up=follow_up if design == "fixed" else None,
        event_probability=probabilities, average_event_probability=average, raw=raw,
        n_per_arm=n_per_arm, n_total=sum(n_per_arm), expected_events=expected,
        notes=tuple(notes))
