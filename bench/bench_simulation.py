"""Monte Carlo operating characteristics: 10,000 simulated trials of one scenario (n = 600 per
arm, three looks, O'Brien-Fleming efficacy and non-binding futility boundaries), for each
endpoint model.

Goal: well under one second on a 2-core machine. Baseline, measured in the same run: a naive
simulation of 1,000 trials of the same scenario that draws every patient and loops over the
trials in Python (numpy inside each trial), i.e. a tenth of the work; a ratio below 0.1 means
the vectorized engine beats the naive loop per trial by that factor. The first call of each
scenario (numpy import, VFD model set-up) is left out of the timing.
"""

from __future__ import annotations

import math
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from models.simulation import (  # noqa: E402
    BinaryEndpoint,
    ContinuousEndpoint,
    TrialDesign,
    VFDEndpoint,
    simulate,
)

TRIALS = 10_000
NAIVE_TRIALS = 1_000
REPEATS = 7
GOAL = "well under 1 s (1000 ms)"
DESIGN = TrialDesign(n_per_arm=(600, 600), efficacy=(3.471, 2.454, 2.004), futility=(0.0, 0.5))

SCENARIOS = [
    ("binary, mortality 40% vs 32%", BinaryEndpoint(0.40, 0.32)),
    ("continuous, difference 1.5, SD 10", ContinuousEndpoint(1.5, 10.0)),
    ("VFD, mortality 35% vs 28%, difference in means", VFDEndpoint(0.35, 0.28, 18.0, 7.0)),
    ("VFD, mortality 35% vs 28%, Wilcoxon", VFDEndpoint(0.35, 0.28, 18.0, 7.0, test="wilcoxon")),
]


def _patients(endpoint, rng, arm: int, n: int):
    """Every patient of one arm, drawn one value each."""
    import numpy as np

    if isinstance(endpoint, BinaryEndpoint):
        rate = endpoint.treatment_rate if arm else endpoint.control_rate
        return (rng.random(n) < rate).astype(float)
    if isinstance(endpoint, ContinuousEndpoint):
        return rng.normal(endpoint.mean_difference * arm, endpoint.sd, n)
    model = endpoint.arm_models()[arm]
    dead = rng.random(n) < model.mortality
    days = np.rint(model.horizon * rng.beta(model.beta_a, model.beta_b, n))
    return np.where(dead, 0.0, days)


def _naive_z(endpoint, control, treatment) -> float:
    import numpy as np

    n_c, n_t = len(control), len(treatment)
    if isinstance(endpoint, BinaryEndpoint):
        pooled = (control.sum() + treatment.sum()) / (n_c + n_t)
        variance = pooled * (1 - pooled) * (1 / n_c + 1 / n_t)
        return (control.mean() - treatment.mean()) / math.sqrt(variance) if variance else 0.0
    if isinstance(endpoint, VFDEndpoint) and endpoint.test == "wilcoxon":
        values = np.concatenate((control, treatment))
        order = values.argsort(kind="stable")
        ranks = np.empty(len(values))
        ranks[order] = np.arange(1, len(values) + 1)
        for value in np.unique(values):               # midranks for ties
            tied = values == value
            ranks[tied] = ranks[tied].mean()
        n = n_c + n_t
        _, ties = np.unique(values, return_counts=True)
        variance = n_c * n_t / 12 * ((n + 1) - (ties ** 3 - ties).sum() / (n * (n - 1)))
        return (ranks[n_c:].sum() - n_t * (n + 1) / 2) / math.sqrt(variance)
    pooled = ((control.var() * n_c + treatment.var() * n_t) / (n_c + n_t - 2))
    return (treatment.mean() - control.mean()) / math.sqrt(pooled * (1 / n_c + 1 / n_t))


def _naive(endpoint, trials: int, seed: int = 1) -> float:
    """Per-patient draws and a Python loop over trials: the rejection rate."""
    import numpy as np

    rng = np.random.default_rng(seed)
    looks = DESIGN.patients_per_look
    rejected = 0
    for _ in range(trials):
        control = _patients(endpoint, rng, 0, DESIGN.n_per_arm[0])
        treatment = _patients(endpoint, rng, 1, DESIGN.n_per_arm[1])
        for k, (n_c, n_t) in enumerate(looks):
            z = _naive_z(endpoint, control[:n_c], treatment[:n_t])
            if z >= DESIGN.efficacy[k]:
                rejected += 1
                break
            if k < len(looks) - 1 and z < DESIGN.futility[k]:
                break
    return rejected / trials


def _median_ms(work, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1e3


def run() -> list[tuple]:
    rows = []
    for label, endpoint in SCENARIOS:
        simulate(endpoint, DESIGN, n_simulations=1_000, seed=0)          # warm up
        figure = _median_ms(lambda e=endpoint: simulate(e, DESIGN, n_simulations=TRIALS, seed=1),
                            REPEATS)
        baseline = _median_ms(lambda e=endpoint: _naive(e, NAIVE_TRIALS), 1)
        rows.append((f"simulation: {TRIALS:,} trials, {label}, n 600/arm, 3 looks, median",
                     figure, "ms", f"naive per-patient loop, {NAIVE_TRIALS:,} trials", baseline,
                     GOAL))
    return rows


if __name__ == "__main__":
    from table import print_table

    print_table(run())
