"""What the engine returns, JSON-ready: ``GroupSequentialDesign`` (boundaries and operating
characteristics on the z and information scales, for any endpoint), ``PatientPlan`` (the same
design in patients, from a fixed-sample n) and ``EstimateBoundaries`` (the boundaries as an
observed risk or mean difference).

Conventions shared by every field:
- per-look tuples run from the first interim look to the final analysis;
- z statistics are oriented so that large values favour the treatment;
- probabilities under H1 are at the effect the fixed-sample size was computed for;
- information is a fraction: of the maximum for ``info_rates``, of the fixed-sample
  information for ``inflation_factor`` and ``expected_info_*``.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field


def _listed(values):
    return None if values is None else [None if v is None else _plain(v) for v in values]


def _plain(value):
    # numpy scalars are floats already, but a JSON writer should see the built-in type.
    return value if isinstance(value, (int, str)) else float(value)


@dataclass(frozen=True)
class GroupSequentialDesign:
    """A group-sequential design in the canonical (endpoint-free) form."""

    looks: int
    alpha: float                     # total type I error (both sides together when sided == 2)
    power: float                     # asked for, at the final information
    sided: int
    efficacy: str                    # ld_obf | ld_pocock | obf | pocock
    futility: str | None             # None, "beta:ld_obf", "beta:ld_pocock" or "z"
    info_rates: tuple[float, ...]
    boundaries_z: tuple[float, ...]  # efficacy; two-sided designs also reject at -b_k
    futility_z: tuple[float | None, ...] | None  # None at looks without a futility bound
    boundaries_p: tuple[float, ...]  # nominal one-sided p = 1 - Phi(b_k)
    alpha_spent: tuple[float, ...]   # cumulative, under H0, futility ignored (non-binding)
    beta_spent: tuple[float, ...] | None  # cumulative under H1, beta spending only
    inflation_factor: float          # maximum information / fixed-sample information
    drift: float                     # E[Z] at the maximum information under H1
    fixed_drift: float               # z_{1-alpha/sided} + z_{power}
    achieved_power: float            # recomputed at the solved maximum information
    prob_stop_efficacy_h0: tuple[float, ...]
    prob_stop_efficacy_h1: tuple[float, ...]
    prob_stop_futility_h0: tuple[float, ...]
    prob_stop_futility_h1: tuple[float, ...]
    expected_info_h0: float          # fraction of the fixed-sample information
    expected_info_h1: float
    method: str
    formula: str
    algorithm: str
    reference: str
    notes: tuple[str, ...] = field(default=())

    @property
    def max_info(self) -> float:
        """The maximum information as a fraction of the fixed-sample information."""
        return self.inflation_factor

    @property
    def type_i_error(self) -> float:
        """P(reject H0 | H0) with the futility bounds obeyed (at most alpha: non-binding)."""
        return sum(self.prob_stop_efficacy_h0)

    def to_dict(self) -> dict:
        data = asdict(self)
        for key, value in data.items():
            if isinstance(value, (tuple, list)):
                data[key] = _listed(value)
            elif isinstance(value, float):
                data[key] = float(value)
        data["type_i_error"] = self.type_i_error
        return data


@dataclass(frozen=True)
class PatientPlan:
    """A design in patients: the fixed-sample total scaled by the inflation factor."""

    fixed_n: int
    max_n: int
    n_per_arm: tuple[int, ...]       # at the final analysis, control first
    ratio: float                     # n_active / n_control
    n_at_look: tuple[int, ...]       # cumulative patients analysed at each look (total)
    n_per_arm_at_look: tuple[tuple[int, ...], ...]  # the same per arm, control first
    expected_n_h0: float
    expected_n_h1: float
    rounding: str                    # the rounding rule in words

    def to_dict(self) -> dict:
        data = asdict(self)
        data["n_per_arm"] = list(self.n_per_arm)
        data["n_at_look"] = list(self.n_at_look)
        data["n_per_arm_at_look"] = [list(arms) for arms in self.n_per_arm_at_look]
        return data


@dataclass(frozen=True)
class OperatingCharacteristics:
    """A design's behaviour at one true effect, given as a multiple of the assumed effect
    (0 is H0, 1 is H1): what a power curve or an expected-sample-size curve plots."""

    effect: float
    power: float                     # P(reject H0 in the direction of the effect)
    prob_stop_efficacy: tuple[float, ...]
    prob_stop_futility: tuple[float, ...]
    expected_info: float             # fraction of the fixed-sample information

    def to_dict(self) -> dict:
        data = asdict(self)
        for key in ("prob_stop_efficacy", "prob_stop_futility"):
            data[key] = _listed(data[key])
        return data


@dataclass(frozen=True)
class EstimateBoundaries:
    """The z boundaries translated to the observed treatment effect at each look: stop for
    efficacy if the estimate reaches ``efficacy[k]`` in the direction of the assumed effect, for
    futility if it is no better than ``futility[k]``."""

    endpoint: str                    # binary | continuous
    scale: str                       # e.g. "risk difference (treatment - control)"
    efficacy: tuple[float, ...]
    futility: tuple[float | None, ...] | None
    standard_error: tuple[float, ...]
    formula: str

    def to_dict(self) -> dict:
        data = asdict(self)
        for key in ("efficacy", "futility", "standard_error"):
            data[key] = _listed(data[key])
        return data
