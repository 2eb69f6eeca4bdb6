"""Monte Carlo operating characteristics of a two-arm trial design, fixed or group-sequential:
the probability of rejecting H0 (the type I error at the null, the power elsewhere), the
expected number of patients and the probability of stopping for efficacy or futility at each
look, each with its Monte Carlo standard error, over a grid of true effects.

Headless (no Qt) and vectorized with numpy, which is imported only when a simulation runs:
importing this package does not load it. Seeded and reproducible: the same seed gives the same
numbers whatever the chunking (``run``).

The pieces:

- ``endpoints``: ``BinaryEndpoint`` (pooled-variance z test for two proportions),
  ``ContinuousEndpoint`` (difference in means over its standard error from the estimated pooled
  SD), ``VFDEndpoint`` (ventilator-free days: deaths score 0, survivors a rounded scaled beta
  matched to their mean and SD; difference in means or Wilcoxon-Mann-Whitney);
- ``designs``: ``TrialDesign`` (n per arm at the final look, control first; information
  fractions; efficacy and optional non-binding futility boundaries; one- or two-sided) and
  ``fixed_design``;
- ``engine``: the statistics of every look for a block of trials, from binomial increments per
  look segment (binary), per-segment sufficient statistics (continuous) or per-segment
  multinomial counts of each whole day (VFD), never a loop over patients;
- ``results``: ``Estimate``, ``ScenarioResult``, ``SimulationResult`` (frozen, ``to_dict``);
- ``run``: ``simulate``, ``simulate_scenarios``, ``simulate_grid`` and ``effect_grid``, with
  ``progress(done_fraction, text)`` after every chunk and ``cancelled()`` before every chunk
  (``SimulationCancelled``), for a GUI worker thread;
- ``errors``: ``SimulationError`` (a ValueError naming what is wrong) and
  ``SimulationCancelled``.

Spreading a large grid over several machines
--------------------------------------------
A grid is independent scenarios, each a pure function of (endpoint, design, number of trials,
seed), so an existing Dask cluster can run it with nothing added here (this package neither
depends on Dask nor schedules anything). Give each scenario its own child of one SeedSequence,
exactly as ``simulate_scenarios`` does, and the distributed numbers are identical to a local
run of the same grid::

    import numpy as np
    from dask.distributed import Client
    from models.simulation import BinaryEndpoint, TrialDesign, simulate

    design = TrialDesign(n_per_arm=(600, 600), efficacy=(3.471, 2.454, 2.004))
    scenarios = [BinaryEndpoint(0.40, p) for p in np.linspace(0.40, 0.28, 25)]
    seeds = np.random.SeedSequence(20250101).spawn(len(scenarios))

    def one(endpoint, seed):               # runs on a worker: numpy only, no Qt
        return simulate(endpoint, design, n_simulations=1_000_000, seed=seed).to_dict()

    client = Client("tcp://scheduler:8786")
    futures = client.map(one, scenarios, seeds)
    results = client.gather(futures)       # results[i] == simulate_scenarios(scenarios,
                                           #   design, n_simulations=1_000_000,
                                           #   seed=20250101).scenarios[i] (as dicts)

``dask.delayed(one)(endpoint, seed)`` for each scenario and ``dask.compute(*tasks)`` does the
same without a cluster object. Each worker needs this repository's ``models`` package and numpy.
"""

from __future__ import annotations

from models.simulation.designs import MAX_LOOKS, MAX_N_PER_ARM, TrialDesign, fixed_design
from models.simulation.endpoints import (
    VFD_TESTS,
    BinaryEndpoint,
    ContinuousEndpoint,
    VFDArmModel,
    VFDEndpoint,
    vfd_arm_model,
)
from models.simulation.errors import SimulationCancelled, SimulationError
from models.simulation.results import Estimate, ScenarioResult, SimulationResult
from models.simulation.run import (
    BLOCK_TRIALS,
    draw_vfd_patients,
    effect_grid,
    simulate,
    simulate_grid,
    simulate_scenarios,
)

__all__ = [
    "SimulationError",
    "SimulationCancelled",
    "BinaryEndpoint",
    "ContinuousEndpoint",
    "VFDEndpoint",
    "VFDArmModel",
    "vfd_arm_model",
    "VFD_TESTS",
    "TrialDesign",
    "fixed_design",
    "MAX_LOOKS",
    "MAX_N_PER_ARM",
    "Estimate",
    "ScenarioResult",
    "SimulationResult",
    "simulate",
    "simulate_scenarios",
    "simulate_grid",
    "effect_grid",
    "draw_vfd_patients",
    "BLOCK_TRIALS",
]
