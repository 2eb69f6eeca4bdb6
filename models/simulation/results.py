"""What a simulation returns: ``Estimate`` (a Monte Carlo estimate with its standard error),
``ScenarioResult`` (the operating characteristics at one true effect) and ``SimulationResult``
(a grid of them with the design, the method, the seed and the number of trials), all frozen and
JSON-ready through ``to_dict``.

Monte Carlo standard errors: √(p̂(1 - p̂)/N) for a probability estimated from N trials (0 when
p̂ is 0 or 1: no event seen, not certainty), SD/√N for the expected number of patients, the SD
being that of the patients analysed when each trial stops.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from models.simulation.designs import TrialDesign
from models.simulation.endpoints import Endpoint
from models.simulation.engine import _Tally

REFERENCE = ("Jennison C, Turnbull BW. Group Sequential Methods with Applications to Clinical "
             "Trials. Chapman & Hall/CRC 2000 (boundaries, non-binding futility); Morris TP, "
             "White IR, Crowther MJ. Using simulation studies to evaluate statistical methods. "
             "Stat Med 2019;38:2074-2102 (Monte Carlo standard errors)")
MCSE_TEXT = ("Monte Carlo standard errors: √(p̂(1 - p̂)/N) for a probability from N simulated "
             "trials, SD/√N for the expected number of patients.")


@dataclass(frozen=True)
class Estimate:
    """A Monte Carlo estimate and its standard error."""

    value: float
    se: float

    def to_dict(self) -> dict:
        return {"value": self.value, "se": self.se}


def _proportion(count: int, n: int) -> Estimate:
    p = count / n
    return Estimate(p, math.sqrt(p * (1.0 - p) / n))


@dataclass(frozen=True)
class ScenarioResult:
    """Operating characteristics at one true effect. Probabilities are of the N simulated
    trials; "futility applied" follows the futility rule, "futility ignored" never stops for
    futility (the non-binding type I error and power). For a two-sided design ``rejection``
    counts both directions; rejection - rejection_for_harm is the power in the direction of
    benefit."""

    endpoint: Endpoint
    parameter: str                          # the grid's parameter, e.g. "treatment_rate"
    effect: float                           # its value in this scenario
    is_null: bool                           # the arms are alike: rejection is a type I error
    n_simulations: int
    rejection: Estimate                     # P(reject H0), futility applied
    rejection_futility_ignored: Estimate
    rejection_for_harm: Estimate            # P(reject with Z < 0), futility applied
    expected_patients: Estimate             # both arms, futility applied
    expected_patients_futility_ignored: Estimate
    efficacy_by_look: tuple[Estimate, ...]  # P(stop for efficacy at look k), futility applied
    futility_by_look: tuple[Estimate, ...]  # P(stop for futility at look k); 0 at the final look
    efficacy_by_look_futility_ignored: tuple[Estimate, ...]
    seed: int | list[int]                   # this scenario's SeedSequence: entropy ...
    spawn_key: tuple[int, ...]              # ... and spawn key

    def to_dict(self) -> dict:
        return {
            "parameter": self.parameter, "effect": self.effect, "is_null": self.is_null,
            "n_simulations": self.n_simulations,
            "rejection": self.rejection.to_dict(),
            "rejection_futility_ignored": self.rejection_futility_ignored.to_dict(),
            "rejection_for_harm": self.rejection_for_harm.to_dict(),
            "expected_patients": self.expected_patients.to_dict(),
            "expected_patients_futility_ignored":
                self.expected_patients_futility_ignored.to_dict(),
            "efficacy_by_look": [e.to_dict() for e in self.efficacy_by_look],
            "futility_by_look": [e.to_dict() for e in self.futility_by_look],
            "efficacy_by_look_futility_ignored":
                [e.to_dict() for e in self.efficacy_by_look_futility_ignored],
            "seed": self.seed, "spawn_key": list(self.spawn_key),
            "endpoint": self.endpoint.to_dict(),
        }


def _expected_patients(stops: list[int], sizes: list[int], n: int) -> Estimate:
    mean = sum(c * s for c, s in zip(stops, sizes)) / n
    variance = sum(c * (s - mean) ** 2 for c, s in zip(stops, sizes)) / n
    return Estimate(mean, math.sqrt(variance / n))


def _scenario_result(endpoint: Endpoint, parameter: str, design: TrialDesign, tally: _Tally,
                     seed: int | list[int], spawn_key: tuple[int, ...]) -> ScenarioResult:
    n = tally.trials
    sizes = [c + t for c, t in design.patients_per_look]

    def final_stops(early: list[int]) -> list[int]:
        stops = list(early[:-1])
        return stops + [n - sum(stops)]

    applied = final_stops([e + f for e, f in zip(tally.efficacy, tally.futility)])
    ignored = final_stops(tally.efficacy_ignored)
    return ScenarioResult(
        endpoint=endpoint, parameter=parameter, effect=float(getattr(endpoint, parameter)),
        is_null=endpoint.is_null, n_simulations=n,
        rejection=_proportion(sum(tally.efficacy), n),
        rejection_futility_ignored=_proportion(sum(tally.efficacy_ignored), n),
        rejection_for_harm=_proportion(sum(tally.harm), n),
        expected_patients=_expected_patients(applied, sizes, n),
        expected_patients_futility_ignored=_expected_patients(ignored, sizes, n),
        efficacy_by_look=tuple(_proportion(c, n) for c in tally.efficacy),
        futility_by_look=tuple(_proportion(c, n) for c in tally.futility),
        efficacy_by_look_futility_ignored=tuple(_proportion(c, n)
                                                for c in tally.efficacy_ignored),
        seed=seed, spawn_key=tuple(spawn_key))


@dataclass(frozen=True)
class SimulationResult:
    """Operating characteristics of one design over a grid of true effects."""

    endpoint: str                           # binary | continuous | vfd
    design: TrialDesign
    parameter: str                          # what the grid varies
    grid: tuple[float, ...]                 # its value in each scenario, in order
    scenarios: tuple[ScenarioResult, ...]
    n_simulations: int                      # simulated trials per scenario
    seed: int | list[int]                   # SeedSequence entropy (reproduces the run) ...
    spawn_key: tuple[int, ...]              # ... and spawn key; () for an int seed
    method: str                             # model, statistic, decision rule, random numbers
    reference: str = REFERENCE

    @property
    def null(self) -> ScenarioResult | None:
        """The first scenario with alike arms, if the grid has one."""
        return next((s for s in self.scenarios if s.is_null), None)

    def to_dict(self) -> dict:
        return {
            "endpoint": self.endpoint, "parameter": self.parameter, "grid": list(self.grid),
            "n_simulations": self.n_simulations, "seed": self.seed,
            "spawn_key": list(self.spawn_key), "method": self.method,
            "reference": self.reference, "design": self.design.to_dict(),
            "scenarios": [s.to_dict() for s in self.scenarios],
        }
