"""Group-sequential designs: boundaries, maximum information and operating characteristics by
recursive numerical integration, which the wizard would recompute on an edit.

Goal: one design within one frame (16 ms). Baseline, measured in the same run: one plain
fixed-sample calculation (``binary_sample_size``, 40% vs 25% mortality), so the ratio says how
many fixed-sample calculations a group-sequential design costs. numpy is imported before the
timed repetitions; its one-off import is measured separately, in fresh processes, against
importing the sample-size engine.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from models import group_sequential as gs  # noqa: E402
from models import sample_size as ss  # noqa: E402
from models import distributions  # noqa: E402

REPEATS = 50
COLD_REPEATS = 5
GOAL = "≤ 16 ms (one frame)"

DESIGNS = [
    ("K=3, Lan-DeMets OBF, no futility", dict(looks=3)),
    ("K=3, classic Pocock, futility z = 0", dict(looks=3, efficacy="pocock", futility=("z", 0))),
    ("K=5, Lan-DeMets OBF + OBF beta spending (worst case)",
     dict(looks=5, power=0.9, futility=("beta", "ld_obf"))),
]


def _median_ms(work, repeats=REPEATS) -> float:
    times = []
    clock = time.perf_counter
    for _ in range(repeats):
        distributions.clear_caches()
        start = clock()
        work()
        times.append(clock() - start)
    return statistics.median(times) * 1e3


def _fixed_sample():
    return ss.binary_sample_size(0.40, 0.25, alpha=0.05, sided=2, power=0.8)


def _full_step(kwargs):
    """What a wizard step would show: the design, its patients, the boundaries as risk
    differences and a 21-point curve of power and expected information."""
    design = gs.group_sequential_design(**kwargs)
    plan = gs.patient_plan(design, _fixed_sample().n_total)
    gs.binary_estimate_boundaries(design, plan, 0.40, 0.25)
    for i in range(21):
        gs.operating_characteristics(design, i / 10)


def _fresh_process_ms(code: str) -> float:
    times = []
    for _ in range(COLD_REPEATS):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1e3


def run() -> list[tuple]:
    gs.group_sequential_design(2)             # numpy imported once, outside the timings
    baseline = _median_ms(_fixed_sample)
    rows = []
    for label, kwargs in DESIGNS:
        figure = _median_ms(lambda kwargs=kwargs: gs.group_sequential_design(**kwargs))
        rows.append((f"group-sequential design, {label}, median", figure, "ms",
                     "one fixed-sample calculation, median", baseline, GOAL))
    figure = _median_ms(lambda: _full_step(DESIGNS[-1][1]), repeats=10)
    rows.append(("group-sequential step: worst-case design + patients + estimate scale + "
                 "21-point curve, median", figure, "ms", "one fixed-sample calculation, median",
                 baseline, "≤ 100 ms (interactive)"))
    cold = _fresh_process_ms("import models.group_sequential as g; g.group_sequential_design(3)")
    cold_base = _fresh_process_ms("import models.sample_size as s; "
                                  "s.binary_sample_size(0.4, 0.25)")
    rows.append(("fresh process: import + first design (numpy import included), median", cold,
                 "ms", "fresh process: import + one sample size", cold_base, None))
    return rows


if __name__ == "__main__":
    from table import print_table

    print_table(run())
