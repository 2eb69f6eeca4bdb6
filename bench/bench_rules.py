"""Rule evaluation: every rule (the catalogue's 66, the program rules and those added since) on 10,000 random valid
designs; median and p95 per design.

Goal (issue 2): p95 <= 1 ms on a 2-core machine. Baseline, measured in the same run on the same
designs: serialising the design to JSON text (design_to_json), a fixed amount of plain work that
scales with the design's size the way rule evaluation does.
"""

from __future__ import annotations

import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from random_designs import random_valid_design  # noqa: E402

from models.design_io import design_to_json  # noqa: E402
from models.guidance import evaluate  # noqa: E402
from models.guidance.base import RULE_CODE  # noqa: E402

DESIGNS = 10_000


def _percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def run() -> list[tuple]:
    rng = random.Random(20261125)
    designs = []
    for _ in range(DESIGNS):
        # Round-trip through the reader so every design is one the program would accept.
        designs.append(random_valid_design(rng))
    evaluate(designs[0])  # load the catalogue once, outside the timing
    rule_times, base_times = [], []
    clock = time.perf_counter
    for design in designs:
        start = clock()
        evaluate(design)
        rule_times.append(clock() - start)
        start = clock()
        design_to_json(design)
        base_times.append(clock() - start)
    median, p95 = statistics.median(rule_times), _percentile(rule_times, 0.95)
    base_median = statistics.median(base_times)
    return [
        (f"rules: evaluate {len(RULE_CODE)} rules, median per design", median * 1e3, "ms",
         "design_to_json, median", base_median * 1e3, None),
        (f"rules: evaluate {len(RULE_CODE)} rules, p95 per design", p95 * 1e3, "ms",
         "design_to_json, p95", _percentile(base_times, 0.95) * 1e3, "p95 <= 1 ms"),
    ]


if __name__ == "__main__":
    from table import print_table

    print_table(run())
