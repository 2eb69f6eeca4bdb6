"""Sample size: the full sensitivity table (5 × 5 recomputed designs) plus the power curve
(about 40 points) for one design, which the wizard recomputes on every keystroke.

Goal (issue 3): well under one frame (16 ms). Baseline, measured in the same run: one plain
sample-size calculation of the same design (``binary_sample_size`` / ``continuous_sample_size``),
so the ratio says how many single calculations the table and curve cost. Cached Dunnett critical
values are cleared before every timed repetition, so each one is measured cold.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from models import distributions  # noqa: E402
from models import sample_size as ss  # noqa: E402

REPEATS = 200
GOAL = "well under 16 ms"

DESIGNS = [
    # (label, calculation of the design)
    ("continuous t test, VFD 3 vs SD 10.5",
     lambda: ss.continuous_sample_size(3.0, 10.5, dropout_pct=10)),
    ("binary pooled, mortality 40% vs 25%",
     lambda: ss.binary_sample_size(0.40, 0.25, dropout_pct=10)),
    ("binary, 3 arms vs shared control (Dunnett)",
     lambda: ss.binary_sample_size(0.40, 0.25, arms=3, dropout_pct=10)),
]


def _median_ms(work) -> float:
    times = []
    clock = time.perf_counter
    for _ in range(REPEATS):
        distributions.clear_caches()
        start = clock()
        work()
        times.append(clock() - start)
    return statistics.median(times) * 1e3


def run() -> list[tuple]:
    rows = []
    for label, calculate in DESIGNS:
        result = calculate()
        points = len(ss.power_curve(result))
        table = ss.sensitivity_table(result)
        cells = len(table.rows) * len(table.columns)

        def table_and_curve(result=result):
            ss.sensitivity_table(result)
            ss.power_curve(result)

        figure = _median_ms(table_and_curve)
        baseline = _median_ms(calculate)
        rows.append((f"sample size: table ({cells} cells) + curve ({points} points), {label}, "
                     "median", figure, "ms", "one plain calculation, median", baseline, GOAL))
    return rows


if __name__ == "__main__":
    from table import print_table

    print_table(run())
