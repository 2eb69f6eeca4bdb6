"""Running simulations: one scenario (``simulate``), a list of scenarios (``simulate_scenarios``),
a grid of true effects (``simulate_grid``, with ``effect_grid`` for the usual grid from the null
to beyond the assumed effect), with seeding, chunking, progress and cancellation; and
``draw_vfd_patients``, the per-patient VFD draws the whole-day model stands for.

Random numbers. A scenario's trials are simulated in blocks of ``BLOCK_TRIALS``; block b draws
from numpy.random.default_rng(SeedSequence(entropy, spawn_key=key + (b,))), key being the
scenario's spawn key. The numbers depend on the seed, the endpoint, the design and the number of
trials, never on ``chunk_trials`` (which only sets how often progress is reported and
cancellation checked). In ``simulate_scenarios`` and ``simulate_grid`` scenario i uses key
(i,), i.e. SeedSequence(seed).spawn(n)[i], so ``simulate(endpoint_i, design,
seed=SeedSequence(seed).spawn(n)[i])`` reproduces it alone (on another machine, say).
"""

from __future__ import annotations

import dataclasses
import math
from typing import TYPE_CHECKING, Callable, Sequence

from models.formatting import format_number
from models.simulation.designs import TrialDesign
from models.simulation.endpoints import (
    ENDPOINT_TYPES,
    Endpoint,
    VFDArmModel,
    _null_value,
    _numeric_fields,
    vfd_arm_model,
)
from models.simulation.engine import _statistics, _tally, _Tally
from models.simulation.errors import (
    SimulationCancelled,
    SimulationError,
    _number,
    _whole_number,
)
from models.simulation.results import MCSE_TEXT, SimulationResult, _scenario_result

if TYPE_CHECKING:                                    # pragma: no cover
    import numpy as np

BLOCK_TRIALS = 1_000
MAX_SIMULATIONS = 100_000_000
MAX_SCENARIOS = 1_000
DEFAULT_CHUNK_TRIALS = 10_000

Progress = Callable[[float, str], None]
Cancelled = Callable[[], bool]


def _root_sequence(seed):
    import numpy as np

    if seed is None:
        return np.random.SeedSequence()
    if isinstance(seed, np.random.SeedSequence):
        return seed
    try:
        return np.random.SeedSequence(_whole_number(seed, "seed", 0, 2 ** 128 - 1))
    except SimulationError:
        raise SimulationError(f"seed must be a whole number from 0 to 2**128 - 1, a "
                              f"numpy SeedSequence or None, not {seed!r}") from None


def _child(sequence, index: int):
    """The index-th child of ``sequence``, as sequence.spawn() would give it from fresh."""
    import numpy as np

    return np.random.SeedSequence(sequence.entropy, spawn_key=tuple(sequence.spawn_key) + (index,),
                                  pool_size=sequence.pool_size)


def _entropy(sequence) -> int | list[int]:
    entropy = sequence.entropy
    return entropy if isinstance(entropy, int) else [int(e) for e in entropy]


def _check_callable(value, name: str) -> None:
    if value is not None and not callable(value):
        raise SimulationError(f"{name} must be a function or None, not {value!r}")


def _random_text() -> str:
    return (f"Random numbers: numpy PCG64 (numpy.random.default_rng); each scenario's trials are "
            f"simulated in blocks of {BLOCK_TRIALS:,}, block b drawing from SeedSequence(seed, "
            "spawn_key=scenario key + (b,)), so the numbers do not depend on the chunking; in a "
            "grid scenario i has key (i,), SeedSequence(seed).spawn(n)[i].")


def _method(endpoint: Endpoint, design: TrialDesign) -> str:
    return " ".join((endpoint.model_text(), design.rule_text(), _random_text(), MCSE_TEXT))


def _run(endpoints: Sequence[Endpoint], sequences, design: TrialDesign, parameter: str,
         n_simulations: int, chunk_trials: int, progress: Progress | None,
         cancelled: Cancelled | None, root) -> SimulationResult:
    import numpy as np

    blocks = math.ceil(n_simulations / BLOCK_TRIALS)
    per_chunk = max(1, math.ceil(chunk_trials / BLOCK_TRIALS))
    total = len(endpoints) * n_simulations
    done = 0
    scenarios = []
    for index, (endpoint, sequence) in enumerate(zip(endpoints, sequences)):
        tally = _Tally.empty(design.looks)
        for first in range(0, blocks, per_chunk):
            if cancelled is not None and cancelled():
                raise SimulationCancelled(f"cancelled after {done:,} of {total:,} simulated "
                                          "trials")
            for block in range(first, min(first + per_chunk, blocks)):
                trials = min(BLOCK_TRIALS, n_simulations - block * BLOCK_TRIALS)
                rng = np.random.default_rng(_child(sequence, block))
                tally.add(_tally(_statistics(endpoint, design, rng, trials), design))
                done += trials
            if progress is not None:
                progress(done / total,
                         f"scenario {index + 1} of {len(endpoints)} ({parameter} "
                         f"{format_number(getattr(endpoint, parameter), 6)}): "
                         f"{tally.trials:,} of {n_simulations:,} trials")
        scenarios.append(_scenario_result(endpoint, parameter, design, tally,
                                          _entropy(sequence),
                                          tuple(sequence.spawn_key)))
    return SimulationResult(
        endpoint=endpoints[0].kind, design=design, parameter=parameter,
        grid=tuple(s.effect for s in scenarios), scenarios=tuple(scenarios),
        # An int, unless the caller's SeedSequence was built from a list of ints.
        n_simulations=n_simulations, seed=_entropy(root),
        spawn_key=tuple(root.spawn_key),
        method=_method(endpoints[0], design))


def _check_request(endpoints, design, parameter, n_simulations, chunk_trials, progress,
                   cancelled) -> tuple[str, int, int]:
    if not isinstance(design, TrialDesign):
        raise SimulationError(f"the design must be a TrialDesign, not {type(design).__name__}")
    if not endpoints:
        raise SimulationError("no scenarios to simulate")
    if len(endpoints) > MAX_SCENARIOS:
        raise SimulationError(f"{len(endpoints)} scenarios: at most {MAX_SCENARIOS} per run")
    for endpoint in endpoints:
        if not isinstance(endpoint, ENDPOINT_TYPES):
            raise SimulationError(f"a scenario must be a BinaryEndpoint, ContinuousEndpoint or "
                                  f"VFDEndpoint, not {type(endpoint).__name__}")
        if type(endpoint) is not type(endpoints[0]):
            raise SimulationError(f"the scenarios mix {endpoints[0].kind} and {endpoint.kind} "
                                  "endpoints: simulate one endpoint at a time")
    if parameter is None:
        parameter = endpoints[0].DEFAULT_PARAMETER
    if parameter not in _numeric_fields(endpoints[0]):
        raise SimulationError(f"{parameter!r} is not a parameter of a {endpoints[0].kind} "
                              f"endpoint: one of {', '.join(_numeric_fields(endpoints[0]))}")
    n_simulations = _whole_number(n_simulations, "number of simulated trials", 1,
                                  MAX_SIMULATIONS)
    chunk_trials = _whole_number(chunk_trials, "trials per chunk", 1, MAX_SIMULATIONS)
    _check_callable(progress, "progress")
    _check_callable(cancelled, "cancelled")
    return parameter, n_simulations, chunk_trials


def simulate(endpoint: Endpoint, design: TrialDesign, *, n_simulations: int = 10_000,
             seed: int | np.random.SeedSequence | None = None, parameter: str | None = None,
             chunk_trials: int = DEFAULT_CHUNK_TRIALS, progress: Progress | None = None,
             cancelled: Cancelled | None = None) -> SimulationResult:
    """Operating characteristics of ``design`` when ``endpoint`` holds: one scenario, drawn from
    ``seed`` itself (an int, a SeedSequence, or None for fresh entropy, recorded in the result).
    ``parameter`` names the value reported as the scenario's effect (default: the endpoint's
    treatment parameter)."""
    parameter, n_simulations, chunk_trials = _check_request(
        [endpoint], design, parameter, n_simulations, chunk_trials, progress, cancelled)
    root = _root_sequence(seed)
    return _run([endpoint], [root], design, parameter, n_simulations, chunk_trials, progress,
                cancelled, root)


def simulate_scenarios(endpoints: Sequence[Endpoint], design: TrialDesign, *,
                       n_simulations: int = 10_000,
                       seed: int | np.random.SeedSequence | None = None,
                       parameter: str | None = None, chunk_trials: int = DEFAULT_CHUNK_TRIALS,
                       progress: Progress | None = None,
                       cancelled: Cancelled | None = None) -> SimulationResult:
    """Each scenario (the same kind of endpoint throughout) with n_simulations trials; scenario
    i draws from SeedSequence(seed).spawn(len(endpoints))[i]. progress(done_fraction, text) is
    called after every chunk of chunk_trials trials (rounded up to whole blocks of
    BLOCK_TRIALS), and cancelled() before every chunk: when it returns True,
    SimulationCancelled is raised."""
    if isinstance(endpoints, ENDPOINT_TYPES):
        endpoints = [endpoints]
    elif isinstance(endpoints, (str, bytes)) or not isinstance(endpoints, Sequence):
        raise SimulationError(f"the scenarios must be a list of endpoints, not {endpoints!r}")
    endpoints = list(endpoints)
    parameter, n_simulations, chunk_trials = _check_request(
        endpoints, design, parameter, n_simulations, chunk_trials, progress, cancelled)
    root = _root_sequence(seed)
    sequences = [_child(root, i) for i in range(len(endpoints))]
    return _run(endpoints, sequences, design, parameter, n_simulations, chunk_trials, progress,
                cancelled, root)


def effect_grid(endpoint: Endpoint, *, parameter: str | None = None, points: int = 6,
                beyond: float = 1.25) -> tuple[float, ...]:
    """``points`` equally spaced values of ``parameter`` (default the endpoint's treatment
    parameter: treatment_rate, mean_difference or treatment_mortality) from the null (the
    control arm's value, or 0 for a mean difference) to ``beyond`` times the assumed effect,
    e.g. BinaryEndpoint(0.40, 0.30) -> 0.40, 0.375, ..., 0.275."""
    parameter = endpoint.DEFAULT_PARAMETER if parameter is None else parameter
    null = _null_value(endpoint, parameter)
    points = _whole_number(points, "grid points", 2, 201)
    beyond = _number(beyond, "beyond (the grid's end as a multiple of the assumed effect)")
    if not 0.0 < beyond <= 10.0:
        raise SimulationError(f"beyond {format_number(beyond)} must be above 0 and at most 10")
    assumed = getattr(endpoint, parameter)
    if assumed == null:
        raise SimulationError(f"the endpoint's {parameter} ({format_number(assumed, 6)}) is its "
                              "null value: there is no assumed effect to build a grid towards")
    end = null + beyond * (assumed - null)
    values = tuple(round(null + (end - null) * k / (points - 1), 12) for k in range(points))
    _grid_endpoints(endpoint, parameter, values)         # every value is a valid scenario
    return values


def _grid_endpoints(endpoint: Endpoint, parameter: str, values) -> list[Endpoint]:
    endpoints = []
    for value in values:
        try:
            endpoints.append(dataclasses.replace(endpoint, **{parameter: value}))
        except SimulationError as error:
            raise SimulationError(f"grid value {parameter} = {value!r}: {error}") from None
    return endpoints


def simulate_grid(endpoint: Endpoint, design: TrialDesign,
                  effects: Sequence[float] | None = None, *, parameter: str | None = None,
                  n_simulations: int = 10_000,
                  seed: int | np.random.SeedSequence | None = None,
                  chunk_trials: int = DEFAULT_CHUNK_TRIALS, progress: Progress | None = None,
                  cancelled: Cancelled | None = None) -> SimulationResult:
    """``endpoint`` with ``parameter`` (default its treatment parameter) set to each of
    ``effects`` in turn (default ``effect_grid(endpoint)``: the null to 1.25 times the assumed
    effect), as simulate_scenarios."""
    if not isinstance(endpoint, ENDPOINT_TYPES):
        raise SimulationError(f"the endpoint must be a BinaryEndpoint, ContinuousEndpoint or "
                              f"VFDEndpoint, not {type(endpoint).__name__}")
    parameter = endpoint.DEFAULT_PARAMETER if parameter is None else parameter
    if parameter not in _numeric_fields(endpoint):
        raise SimulationError(f"{parameter!r} is not a parameter of a {endpoint.kind} endpoint: "
                              f"one of {', '.join(_numeric_fields(endpoint))}")
    if effects is None:
        effects = effect_grid(endpoint, parameter=parameter)
    elif isinstance(effects, (str, bytes)) or not isinstance(effects, Sequence):
        raise SimulationError(f"effects must be a list of numbers, not {effects!r}")
    effects = [_number(v, f"grid value {parameter}") for v in effects]
    return simulate_scenarios(_grid_endpoints(endpoint, parameter, effects), design,
                              n_simulations=n_simulations, seed=seed, parameter=parameter,
                              chunk_trials=chunk_trials, progress=progress, cancelled=cancelled)


def draw_vfd_patients(model: VFDArmModel, size: int, seed: int | None = None):
    """``size`` patients' VFD drawn one by one as the model defines them (death with the
    arm's mortality scores 0, a survivor round(H·X) with X ~ Beta(a, b)): what the simulation's
    multinomial draws stand for, for checks and plots. Returns a numpy int array."""
    import numpy as np

    if not isinstance(model, VFDArmModel):
        raise SimulationError(f"model must be a VFDArmModel (vfd_arm_model(...)), not "
                              f"{type(model).__name__}")
    size = _whole_number(size, "number of patients", 0, MAX_SIMULATIONS)
    rng = np.random.default_rng(_root_sequence(seed))
    dead = rng.random(size) < model.mortality
    days = np.rint(model.horizon * rng.beta(model.beta_a, model.beta_b, size)).astype(np.int64)
    return np.where(dead, 0, days)


__all__ = ["simulate", "simulate_scenarios", "simulate_grid", "effect_grid",
           "draw_vfd_patients", "vfd_arm_model", "BLOCK_TRIALS"]
