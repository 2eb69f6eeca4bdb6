"""The trial design a simulation runs: two arms (control first) with n patients each at the final
look, looks at information fractions t_1 < ... < t_K = 1, efficacy boundaries z_k and optional
non-binding futility boundaries f_k (``TrialDesign``); ``fixed_design`` for a single analysis.

Decision rule. One-sided: reject H0 at the first look with Z_k ≥ z_k; stop for futility at an
interim look with Z_k < f_k. Two-sided: reject with |Z_k| ≥ z_k; stop for futility with
|Z_k| < f_k (the inner wedge, f_k ≥ 0). A boundary given as None is no test at that look
(efficacy +∞, futility -∞). The final look ends every trial still running, so a futility value
there (allowed, for boundaries that meet, f_K ≤ z_K) changes nothing.

Patients analysed at look k: round(t_k · n) in each arm, halves rounded up.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Sequence

from models import distributions as dist
from models.formatting import format_number
from models.simulation.errors import SimulationError, _number, _whole_number

MAX_LOOKS = 20
MAX_N_PER_ARM = 10_000_000
MIN_PATIENTS_AT_FIRST_LOOK = 2


def _sequence(value, name: str) -> tuple:
    if isinstance(value, (str, bytes)) or not isinstance(value, Sequence):
        try:
            value = tuple(value)
        except TypeError:
            raise SimulationError(f"{name} must be a list of numbers, not {value!r}") from None
    return tuple(value)


def _boundary(value, name: str, missing: float) -> float:
    if value is None:
        return missing
    if isinstance(value, float) and math.isinf(value) and value == missing:
        return value
    return _number(value, name)


def _round_half_up(x: float) -> int:
    # The slack keeps decimal fractions that float arithmetic lands just below a half
    # (0.35 × 30 = 10.499999999999998) rounding as the decimal would.
    return int(math.floor(x + 0.5 + 1e-9))


@dataclass(frozen=True)
class TrialDesign:
    """A two-arm design; see the module docstring for the decision rule. n_per_arm is
    (control, treatment) at the final look, or one number for equal arms."""

    n_per_arm: tuple[int, int]
    efficacy: tuple[float, ...]
    information_fractions: tuple[float, ...] | None = None   # None: equally spaced k/K
    futility: tuple[float, ...] | None = None
    sided: int = 1

    def __post_init__(self) -> None:
        n = self.n_per_arm
        if isinstance(n, (int, float)) and not isinstance(n, bool):
            n = (n, n)
        n = _sequence(n, "n per arm")
        if len(n) != 2:
            raise SimulationError(f"n per arm needs 2 numbers (control, treatment), not {len(n)}")
        control, treatment = (_whole_number(v, f"n per arm ({arm})", MIN_PATIENTS_AT_FIRST_LOOK,
                                            MAX_N_PER_ARM)
                              for v, arm in zip(n, ("control", "treatment")))
        object.__setattr__(self, "n_per_arm", (control, treatment))
        if isinstance(self.sided, bool) or self.sided not in (1, 2):
            raise SimulationError(f"sided must be 1 (one-sided) or 2 (two-sided), not "
                                  f"{self.sided!r}")
        object.__setattr__(self, "sided", int(self.sided))
        efficacy = tuple(_boundary(z, f"efficacy boundary {k + 1}", math.inf)
                         for k, z in enumerate(_sequence(self.efficacy, "efficacy boundaries")))
        looks = len(efficacy)
        if not 1 <= looks <= MAX_LOOKS:
            raise SimulationError(f"{looks} looks: give 1 to {MAX_LOOKS} efficacy boundaries")
        if math.isinf(efficacy[-1]):
            raise SimulationError("the efficacy boundary of the final look must be a number")
        for k, z in enumerate(efficacy):
            if z <= 0:
                raise SimulationError(f"efficacy boundary {k + 1} ({format_number(z)}) must be "
                                      "above 0: at or below 0 the test rejects H0 at least half "
                                      "the time when H0 is true")
        object.__setattr__(self, "efficacy", efficacy)
        self._set_fractions(looks)
        self._set_futility(looks)
        self._check_patients()

    def _set_fractions(self, looks: int) -> None:
        if self.information_fractions is None:
            fractions = tuple((k + 1) / looks for k in range(looks))
        else:
            fractions = tuple(_number(t, f"information fraction {k + 1}") for k, t in
                              enumerate(_sequence(self.information_fractions,
                                                  "information fractions")))
        if len(fractions) != looks:
            raise SimulationError(f"{len(fractions)} information fractions for {looks} efficacy "
                                  "boundaries: give one per look")
        if abs(fractions[-1] - 1.0) > 1e-9:
            raise SimulationError(f"the last information fraction is "
                                  f"{format_number(fractions[-1], 6)}: the final look is at 1")
        previous = 0.0
        for k, t in enumerate(fractions):
            if not t > previous:
                raise SimulationError(
                    f"information fraction {k + 1} ({format_number(t, 6)}) must be above "
                    f"{'0' if k == 0 else 'the one before'}: 0 < t_1 < ... < t_K = 1")
            previous = t
        object.__setattr__(self, "information_fractions", fractions[:-1] + (1.0,))

    def _set_futility(self, looks: int) -> None:
        if self.futility is None:
            return
        futility = tuple(_boundary(f, f"futility boundary {k + 1}", -math.inf)
                         for k, f in enumerate(_sequence(self.futility, "futility boundaries")))
        if len(futility) == looks - 1:
            futility += (-math.inf,)
        if len(futility) != looks:
            raise SimulationError(f"{len(futility)} futility boundaries for {looks} looks: give "
                                  f"one per interim look ({looks - 1}) or one per look")
        for k, (f, z) in enumerate(zip(futility, self.efficacy)):
            if f > z:
                raise SimulationError(f"futility boundary {k + 1} ({format_number(f)}) is above "
                                      f"the efficacy boundary ({format_number(z)})")
            if self.sided == 2 and f < 0 and not math.isinf(f):
                raise SimulationError(f"futility boundary {k + 1} ({format_number(f)}) of a "
                                      "two-sided design must be at least 0 (stop when |Z| < f)")
        object.__setattr__(self, "futility", futility)

    def _check_patients(self) -> None:
        for arm, n in zip(("control", "treatment"), self.n_per_arm):
            previous = 0
            for k, m in enumerate(self.patients_per_look):
                count = m[0 if arm == "control" else 1]
                if k == 0 and count < MIN_PATIENTS_AT_FIRST_LOOK:
                    raise SimulationError(
                        f"the first look analyses {count} patient{'s' * (count != 1)} in the "
                        f"{arm} arm (round({format_number(self.fractions[0], 6)} × "
                        f"{n})); at least {MIN_PATIENTS_AT_FIRST_LOOK} are needed")
                if count <= previous:
                    raise SimulationError(
                        f"looks {k} and {k + 1} analyse the same {count} patients in the {arm} "
                        f"arm (round(t × {n})): spread the information fractions further apart "
                        "or enrol more patients")
                previous = count

    @property
    def looks(self) -> int:
        return len(self.efficacy)

    @property
    def fractions(self) -> tuple[float, ...]:
        """The information fractions, which __post_init__ always sets (None: equally spaced)."""
        if self.information_fractions is None:
            raise SimulationError("the design's information fractions were never set")
        return self.information_fractions

    @property
    def futility_bounds(self) -> tuple[float, ...]:
        """The futility boundaries, -inf where there is none (and with no futility rule)."""
        return self.futility if self.futility is not None else (-math.inf,) * self.looks

    @property
    def patients_per_look(self) -> tuple[tuple[int, int], ...]:
        """(control, treatment) patients analysed at each look."""
        return tuple((_round_half_up(t * self.n_per_arm[0]), _round_half_up(t * self.n_per_arm[1]))
                     for t in self.fractions)

    @property
    def has_futility(self) -> bool:
        return any(not math.isinf(f) for f in self.futility_bounds[:-1])

    def to_dict(self) -> dict:
        def finite(values):
            return None if values is None else [None if math.isinf(v) else v for v in values]

        return {"n_per_arm": list(self.n_per_arm), "sided": self.sided,
                "information_fractions": list(self.fractions),
                "efficacy": finite(self.efficacy), "futility": finite(self.futility),
                "patients_per_look": [list(m) for m in self.patients_per_look]}

    def rule_text(self) -> str:
        n_c, n_t = self.n_per_arm
        looks = ", ".join(f"{c}+{t}" for c, t in self.patients_per_look)
        stat = "Z_k" if self.sided == 1 else "|Z_k|"
        text = (f"Design: {n_c} control and {n_t} treatment patients at the final look "
                f"(allocation {format_number(n_t / n_c, 4)}:1), {self.looks} "
                f"look{'s' * (self.looks > 1)} at information fractions "
                f"{', '.join(format_number(t, 4) for t in self.fractions)}, "
                f"analysing round(t_k·n) patients per arm (halves up): {looks}. "
                f"{'One' if self.sided == 1 else 'Two'}-sided: reject H0 at the first look with "
                f"{stat} ≥ z_k, z = ({', '.join(_show(z) for z in self.efficacy)}).")
        if self.has_futility:
            text += (f" Non-binding futility: stop at an interim look with {stat} < f_k, f = "
                     f"({', '.join(_show(f) for f in self.futility_bounds[:-1])}); the type I "
                     "error and power are reported with futility applied and with it ignored (the "
                     "type I error to claim for a non-binding rule is the one ignoring it).")
        return text + (" Expected patients counts those analysed at the look the trial stops "
                       "(no overrunning).")


def _show(value: float) -> str:
    return "none" if math.isinf(value) else format_number(value, 4)


def fixed_design(n_per_arm: int | Sequence[int], *, alpha: float = 0.05,
                 sided: int = 2) -> TrialDesign:
    """One analysis at the end: z = z(1 - alpha/sided)."""
    alpha = _number(alpha, "alpha")
    if not 0.0 < alpha <= 0.5:
        raise SimulationError(f"alpha {format_number(alpha, 6)} must be above 0 and at most 0.5")
    if isinstance(sided, bool) or sided not in (1, 2):
        raise SimulationError(f"sided must be 1 (one-sided) or 2 (two-sided), not {sided!r}")
    if alpha / sided < 1e-12:
        raise SimulationError(f"alpha {alpha:.3g} is too small to simulate")
    # TrialDesign.__post_init__ turns one number or a pair into (control, treatment); the
    # dataclass field can only declare the normalised type.
    return TrialDesign(n_per_arm=n_per_arm,  # type: ignore[arg-type]
                       efficacy=(dist.norm_isf(alpha / sided),), sided=sided)
