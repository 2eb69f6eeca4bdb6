"""The endpoint models a simulation draws patients from, each with its test statistic:

- ``BinaryEndpoint``: an event (death by day 28, say) with the arm's rate; the pooled-variance z
  test for two proportions;
- ``ContinuousEndpoint``: normal outcomes with a common SD; the difference in means over its
  standard error from the estimated pooled SD (the two-sample t statistic, referred to the
  normal boundaries);
- ``VFDEndpoint``: ventilator-free days to a horizon H: death by H with the arm's mortality
  scores 0, a survivor scores round(H·X) with X ~ Beta(a, b) matched to the survivors' mean and
  SD (``VFDArmModel`` holds the resulting whole-day distribution); the difference in means
  (as for a continuous endpoint) or the Wilcoxon-Mann-Whitney rank test (normal approximation
  with the tie correction, no continuity correction).

Every statistic is oriented so that a positive value favours the treatment arm. Every endpoint is
a frozen dataclass validated on construction (SimulationError names the input at fault); equal
arms are allowed: that is the null hypothesis the type I error is simulated under.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, fields
from functools import lru_cache
from typing import ClassVar, Union

from models import distributions as dist
from models.formatting import format_number
from models.simulation.errors import SimulationError, _number, _whole_number

MAX_HORIZON = 365
VFD_TESTS = ("mean", "wilcoxon")


def _proportion(value, name: str, *, allow_zero: bool = False) -> float:
    p = _number(value, name)
    low_ok = p >= 0.0 if allow_zero else p > 0.0
    if not (low_ok and p < 1.0):
        bound = "at least 0" if allow_zero else "above 0"
        raise SimulationError(f"{name} {format_number(p, 6)} must be {bound} and below 1")
    return p


def _flag(value, name: str) -> bool:
    if not isinstance(value, bool):
        raise SimulationError(f"{name} must be True or False, not {value!r}")
    return value


@dataclass(frozen=True)
class BinaryEndpoint:
    """An event with probability control_rate (control) or treatment_rate (treatment) per
    patient. events_are_harmful (mortality): fewer events is a benefit."""

    control_rate: float
    treatment_rate: float
    events_are_harmful: bool = True

    kind: ClassVar[str] = "binary"
    DEFAULT_PARAMETER: ClassVar[str] = "treatment_rate"
    NULL_OF: ClassVar[dict] = {"treatment_rate": "control_rate"}

    def __post_init__(self) -> None:
        object.__setattr__(self, "control_rate", _proportion(self.control_rate, "control rate"))
        object.__setattr__(self, "treatment_rate",
                           _proportion(self.treatment_rate, "treatment rate"))
        _flag(self.events_are_harmful, "events_are_harmful")

    @property
    def is_null(self) -> bool:
        return self.control_rate == self.treatment_rate

    def to_dict(self) -> dict:
        return {"endpoint": self.kind, "control_rate": self.control_rate,
                "treatment_rate": self.treatment_rate,
                "events_are_harmful": self.events_are_harmful}

    def model_text(self) -> str:
        direction = ("p̂_c - p̂_t (positive when the treatment arm has fewer events)"
                     if self.events_are_harmful else
                     "p̂_t - p̂_c (positive when the treatment arm has more events)")
        return ("Binary endpoint: each patient has the event with the arm's rate; the events of "
                "each look segment are one binomial draw per arm (the same distribution as "
                "simulating every patient). Statistic: pooled-variance z test for two "
                f"proportions, Z_k = [{direction}] / √(p̄(1 - p̄)(1/n_c + 1/n_t)), p̄ the pooled "
                "event rate of the patients analysed at look k; Z_k = 0 when p̄ is 0 or 1.")


@dataclass(frozen=True)
class ContinuousEndpoint:
    """Normal outcomes with a common SD; the treatment mean exceeds the control mean by
    mean_difference. higher_is_better: a positive difference is a benefit. (The statistic does
    not depend on the control mean, so there is none to give.)"""

    mean_difference: float
    sd: float
    higher_is_better: bool = True

    kind: ClassVar[str] = "continuous"
    DEFAULT_PARAMETER: ClassVar[str] = "mean_difference"
    NULL_OF: ClassVar[dict] = {"mean_difference": None}

    def __post_init__(self) -> None:
        delta = _number(self.mean_difference, "mean difference")
        sigma = _number(self.sd, "SD")
        if sigma <= 0:
            raise SimulationError(f"SD {format_number(sigma, 6)} must be positive")
        if abs(delta) / sigma > 1e3:
            raise SimulationError(f"the standardised difference |mean difference| / SD = "
                                  f"{abs(delta) / sigma:.3g} is beyond 1000: every trial would "
                                  "reject at its first look")
        object.__setattr__(self, "mean_difference", delta)
        object.__setattr__(self, "sd", sigma)
        _flag(self.higher_is_better, "higher_is_better")

    @property
    def is_null(self) -> bool:
        return self.mean_difference == 0.0

    def to_dict(self) -> dict:
        return {"endpoint": self.kind, "mean_difference": self.mean_difference, "sd": self.sd,
                "higher_is_better": self.higher_is_better}

    def model_text(self) -> str:
        direction = "x̄_t - x̄_c" if self.higher_is_better else "x̄_c - x̄_t"
        return ("Continuous endpoint: normal outcomes with a common SD; each look segment is "
                "drawn as its sufficient statistics per arm (the mean, normal, and the sum of "
                "squares about it, SD² times a chi-square with m - 1 degrees of freedom), "
                "merged into the cumulative statistics of each look. Statistic: difference in "
                f"means over its standard error from the estimated pooled SD, Z_k = ({direction})"
                " / (s_p √(1/n_c + 1/n_t)) (the two-sample t statistic), referred to the normal "
                "boundaries.")


@dataclass(frozen=True)
class VFDArmModel:
    """The whole-day distribution of ventilator-free days in one arm."""

    mortality: float
    survivor_mean: float             # as given (before rounding to whole days)
    survivor_sd: float
    horizon: int
    beta_a: float                    # survivors' VFD / horizon ~ Beta(a, b) before rounding
    beta_b: float
    probabilities: tuple[float, ...]  # P(VFD = d), d = 0 .. horizon, deaths included
    rounded_survivor_mean: float     # survivors' mean and SD after rounding to whole days
    rounded_survivor_sd: float
    survivor_zero_fraction: float    # P(a survivor scores 0): still ventilated at the horizon
    mean: float                      # every patient, deaths scoring 0
    sd: float
    zero_fraction: float             # P(VFD = 0) = mortality + (1 - mortality) · q0

    def to_dict(self) -> dict:
        return {name.name: (list(getattr(self, name.name)) if name.name == "probabilities"
                            else getattr(self, name.name)) for name in fields(self)}


def _beta_parameters(mean: float, sd: float, horizon: int) -> tuple[float, float]:
    mu = mean / horizon
    v = (sd / horizon) ** 2
    k = mu * (1.0 - mu) / v - 1.0
    return mu * k, (1.0 - mu) * k


@lru_cache(maxsize=256)
def _vfd_arm_model(mortality: float, mean: float, sd: float, horizon: int) -> VFDArmModel:
    a, b = _beta_parameters(mean, sd, horizon)
    try:
        cdf = [dist.betainc(a, b, (d + 0.5) / horizon, (horizon - d - 0.5) / horizon)
               for d in range(horizon)]
    except (dist.DistributionConvergenceError, dist.DistributionDomainError) as error:
        raise SimulationError(f"the survivors' VFD distribution (Beta({a:.3g}, {b:.3g}) on 0 to "
                              f"{horizon} days) cannot be computed: {error}") from error
    cdf = [min(1.0, max(0.0, c)) for c in cdf] + [1.0]
    survivors = [cdf[0]] + [max(0.0, cdf[d] - cdf[d - 1]) for d in range(1, horizon + 1)]
    total = sum(survivors)
    survivors = [q / total for q in survivors]
    probabilities = [(1.0 - mortality) * q for q in survivors]
    probabilities[0] += mortality

    def moments(pmf):
        m = sum(d * q for d, q in enumerate(pmf))
        second = sum(d * d * q for d, q in enumerate(pmf))
        return m, math.sqrt(max(0.0, second - m * m))

    s_mean, s_sd = moments(survivors)
    mean_all, sd_all = moments(probabilities)
    return VFDArmModel(
        mortality=mortality, survivor_mean=mean, survivor_sd=sd, horizon=horizon, beta_a=a,
        beta_b=b, probabilities=tuple(probabilities), rounded_survivor_mean=s_mean,
        rounded_survivor_sd=s_sd, survivor_zero_fraction=survivors[0], mean=mean_all,
        sd=sd_all, zero_fraction=probabilities[0])


def vfd_arm_model(mortality: float, survivor_mean: float, survivor_sd: float,
                  horizon: int = 28) -> VFDArmModel:
    """The whole-day VFD distribution of an arm (validated; see the module docstring)."""
    horizon = _whole_number(horizon, "VFD horizon (days)", 1, MAX_HORIZON)
    mortality = _proportion(mortality, "mortality by the horizon", allow_zero=True)
    mean = _number(survivor_mean, "survivors' mean VFD")
    sd = _number(survivor_sd, "survivors' SD of VFD")
    if not 0.0 < mean < horizon:
        raise SimulationError(f"survivors' mean VFD {format_number(mean)} days must be above 0 "
                              f"and below the horizon ({horizon} days)")
    largest = math.sqrt(mean * (horizon - mean))
    if not 0.0 < sd < largest:
        raise SimulationError(
            f"survivors' SD of VFD {format_number(sd)} days is not possible with a mean of "
            f"{format_number(mean)} days on 0 to {horizon} days: it must be above 0 and below "
            f"√(mean·(horizon - mean)) = {format_number(largest, 2)} days")
    return _vfd_arm_model(mortality, mean, sd, horizon)


@dataclass(frozen=True)
class VFDEndpoint:
    """Ventilator-free days to ``horizon``: deaths by the horizon score 0; survivors' VFD has the
    given mean and SD (the treatment arm's default to the control arm's). test: "mean"
    (difference in means) or "wilcoxon" (Wilcoxon-Mann-Whitney). More VFD is a benefit."""

    control_mortality: float
    treatment_mortality: float
    control_survivor_mean: float
    control_survivor_sd: float
    treatment_survivor_mean: float | None = None
    treatment_survivor_sd: float | None = None
    horizon: int = 28
    test: str = "mean"

    kind: ClassVar[str] = "vfd"
    DEFAULT_PARAMETER: ClassVar[str] = "treatment_mortality"
    NULL_OF: ClassVar[dict] = {"treatment_mortality": "control_mortality",
                               "treatment_survivor_mean": "control_survivor_mean",
                               "treatment_survivor_sd": "control_survivor_sd"}

    def __post_init__(self) -> None:
        if self.test not in VFD_TESTS:
            raise SimulationError(f"VFD test {self.test!r} is not one of {', '.join(VFD_TESTS)}")
        if self.treatment_survivor_mean is None:
            object.__setattr__(self, "treatment_survivor_mean", self.control_survivor_mean)
        if self.treatment_survivor_sd is None:
            object.__setattr__(self, "treatment_survivor_sd", self.control_survivor_sd)
        for arm in ("control", "treatment"):
            try:
                model = vfd_arm_model(getattr(self, f"{arm}_mortality"),
                                      getattr(self, f"{arm}_survivor_mean"),
                                      getattr(self, f"{arm}_survivor_sd"), self.horizon)
            except SimulationError as error:
                raise SimulationError(f"{arm} arm: {error}") from None
            object.__setattr__(self, f"{arm}_mortality", model.mortality)
            object.__setattr__(self, f"{arm}_survivor_mean", model.survivor_mean)
            object.__setattr__(self, f"{arm}_survivor_sd", model.survivor_sd)
            object.__setattr__(self, "horizon", model.horizon)

    def arm_models(self) -> tuple[VFDArmModel, VFDArmModel]:
        """(control, treatment) whole-day distributions."""
        control, treatment = (_vfd_arm_model(getattr(self, f"{arm}_mortality"),
                                             getattr(self, f"{arm}_survivor_mean"),
                                             getattr(self, f"{arm}_survivor_sd"), self.horizon)
                              for arm in ("control", "treatment"))
        return control, treatment

    @property
    def is_null(self) -> bool:
        return all(getattr(self, f"treatment_{name}") == getattr(self, f"control_{name}")
                   for name in ("mortality", "survivor_mean", "survivor_sd"))

    def to_dict(self) -> dict:
        control, treatment = self.arm_models()
        return {"endpoint": self.kind, "control_mortality": self.control_mortality,
                "treatment_mortality": self.treatment_mortality,
                "control_survivor_mean": self.control_survivor_mean,
                "control_survivor_sd": self.control_survivor_sd,
                "treatment_survivor_mean": self.treatment_survivor_mean,
                "treatment_survivor_sd": self.treatment_survivor_sd,
                "horizon": self.horizon, "test": self.test,
                "control_model": control.to_dict(), "treatment_model": treatment.to_dict()}

    def arm_text(self) -> str:
        """The two arms' whole-day distributions in words."""
        control, treatment = self.arm_models()

        def arm_words(name: str, m: VFDArmModel) -> str:
            return (f"{name}: mortality {format_number(m.mortality, 4)}, survivors' mean "
                    f"{format_number(m.survivor_mean, 2)} and SD {format_number(m.survivor_sd, 2)}"
                    f" days, Beta({format_number(m.beta_a, 4)}, {format_number(m.beta_b, 4)}); "
                    f"after rounding survivors' mean {format_number(m.rounded_survivor_mean, 3)}"
                    f", SD {format_number(m.rounded_survivor_sd, 3)}, a survivor scores 0 with "
                    f"probability {format_number(m.survivor_zero_fraction, 4)}; every patient: "
                    f"mean {format_number(m.mean, 3)}, SD {format_number(m.sd, 3)}, "
                    f"P(VFD = 0) = {format_number(m.zero_fraction, 4)}")

        return f"{arm_words('Control', control)}. {arm_words('Treatment', treatment)}."

    def model_text(self) -> str:
        h = self.horizon
        if self.test == "mean":
            statistic = ("Statistic: difference in mean VFD (treatment - control) over its "
                         "standard error from the estimated pooled SD, referred to the normal "
                         "boundaries.")
        else:
            statistic = ("Statistic: Wilcoxon-Mann-Whitney rank-sum test of the treatment arm "
                         "(midranks for ties), Z_k = (W - n_t(N + 1)/2) / √(n_c n_t/12 · "
                         "[(N + 1) - Σ(τ³ - τ)/(N(N - 1))]), τ the size of each tie; normal "
                         "approximation with the tie correction, no continuity correction; "
                         "Z_k = 0 when every patient has the same VFD.")
        return (f"Ventilator-free days to day {h}: a patient dies by day {h} with the arm's "
                "mortality and scores VFD = 0; a survivor scores round(H·X) whole days, X ~ "
                "Beta(a, b) with a = μk, b = (1 - μ)k, k = μ(1 - μ)/v - 1, μ = mean/H, "
                "v = (SD/H)² (the beta on [0, H] with the survivors' mean and SD), so a survivor "
                "still ventilated at the horizon scores 0 too. The patients of each look segment "
                "are one multinomial draw per arm over the whole days 0 to H (the same "
                "distribution as drawing every patient); each scenario's distributions (beta "
                "parameters, moments after rounding, P(VFD = 0)) are in its endpoint's "
                f"control_model and treatment_model. {statistic} More VFD is a benefit.")


Endpoint = Union[BinaryEndpoint, ContinuousEndpoint, VFDEndpoint]
ENDPOINT_TYPES = (BinaryEndpoint, ContinuousEndpoint, VFDEndpoint)


def _numeric_fields(endpoint: Endpoint) -> tuple[str, ...]:
    return tuple(f.name for f in fields(endpoint)
                 if f.name not in ("events_are_harmful", "higher_is_better", "test", "horizon"))


def _null_value(endpoint: Endpoint, parameter: str) -> float:
    """The value of ``parameter`` at which this endpoint's arms are alike in that respect."""
    if parameter not in endpoint.NULL_OF:
        raise SimulationError(
            f"a grid from the null can vary {', '.join(endpoint.NULL_OF)} of a {endpoint.kind} "
            f"endpoint, not {parameter!r}")
    partner = endpoint.NULL_OF[parameter]
    return 0.0 if partner is None else getattr(endpoint, partner)
