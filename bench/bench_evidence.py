"""The evidence base: loading it on first use, and comparable trials for a design.

1. First load in a fresh process (``from models.evidence import load_trials; load_trials()``),
   as wall time of the whole process. Baseline, same run: a bare ``python -c pass`` (interpreter
   start-up). The in-process part (imports + load) is reported too, beside reading trials.csv
   with the csv module alone (the evidence is plain records since pandas left the program).
2. Comparable trials (all settings) for the example designs and 2,000 random valid designs, with
   the evidence loaded; median and p95 per design. Goal (issue 4): within a frame, 16 ms.
   Baseline, same run: reading trials.csv with the csv module (a fixed, small amount of plain
   I/O and parsing).

The fresh processes run with HOME and XDG_* in a temporary folder, and the comparisons load the
bundled trials only, so no user trials are ever read.
"""

from __future__ import annotations

import csv
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from random_designs import random_valid_design  # noqa: E402

from models.design_io import load_design  # noqa: E402
from models.resources import resource_path  # noqa: E402

PROCESS_RUNS = 5
RANDOM_DESIGNS = 2000
FRAME_MS = 16.0

_TIMED = ("import time, sys; start = time.perf_counter(); {code}; "
          "sys.stdout.write(repr(time.perf_counter() - start))")


def _percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def _process(code: str, env: dict) -> tuple[float, float]:
    """Wall time of a fresh interpreter running ``code``, and the time ``code`` took inside it."""
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", _TIMED.format(code=code)], cwd=ROOT, env=env,
                          capture_output=True, text=True, check=True)
    return time.perf_counter() - start, float(done.stdout)


def _median_process(code: str, env: dict) -> tuple[float, float]:
    runs = [_process(code, env) for _ in range(PROCESS_RUNS)]
    return statistics.median(r[0] for r in runs), statistics.median(r[1] for r in runs)


def _load_rows(env: dict) -> list[tuple]:
    load = "from models.evidence import load_trials; load_trials()"
    load_wall, load_inside = _median_process(load, env)
    bare_wall, _ = _median_process("pass", env)
    read = ("import csv; from models.resources import resource_path; "
            "list(csv.reader(resource_path('evidence', 'trials.csv').open(encoding='utf-8')))")
    _, read_inside = _median_process(read, env)
    return [
        ("evidence: first load, fresh process (wall)", load_wall * 1e3, "ms",
         "python -c pass (wall)", bare_wall * 1e3, None),
        ("evidence: first load, in-process part (imports + read + checks)", load_inside * 1e3,
         "ms", "csv module reads trials.csv", read_inside * 1e3, None),
    ]


def _designs() -> list:
    designs = [load_design(p) for p in sorted(resource_path("examples").glob("*.trial.json"))]
    rng = random.Random(20261125)
    for _ in range(RANDOM_DESIGNS):
        designs.append(random_valid_design(rng))
    return designs


def _read_csv_module() -> None:
    with resource_path("evidence", "trials.csv").open(encoding="utf-8", newline="") as stream:
        list(csv.DictReader(stream))


def _comparison_rows() -> list[tuple]:
    from models.evidence import load_trials

    evidence = load_trials(include_user=False)
    designs = _designs()
    clock = time.perf_counter
    compare_times, base_times = [], []
    for design in designs:
        start = clock()
        evidence.comparable_trials(design, all_settings=True)
        compare_times.append(clock() - start)
        start = clock()
        _read_csv_module()
        base_times.append(clock() - start)
    return [
        ("evidence: comparable trials (all settings), median per design",
         statistics.median(compare_times) * 1e3, "ms", "csv module reads trials.csv, median",
         statistics.median(base_times) * 1e3, None),
        ("evidence: comparable trials (all settings), p95 per design",
         _percentile(compare_times, 0.95) * 1e3, "ms", "csv module reads trials.csv, p95",
         _percentile(base_times, 0.95) * 1e3, f"p95 <= {FRAME_MS:g} ms (a frame)"),
    ]


def run() -> list[tuple]:
    with tempfile.TemporaryDirectory() as home:
        env = {**os.environ, "HOME": home, "XDG_DATA_HOME": os.path.join(home, "data"),
               "XDG_CONFIG_HOME": os.path.join(home, "config")}
        rows = _load_rows(env)
    # In this process the evidence is loaded without user trials, so no user file is read.
    return rows + _comparison_rows()


if __name__ == "__main__":
    from table import print_table

    print_table(run())
