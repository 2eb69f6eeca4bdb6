"""``make bench``: run every benchmark in bench/ and print one table.

Each bench_*.py module exposes ``run()`` returning rows of
(figure, value, unit, baseline name, baseline value, goal); every figure is shown with a baseline
measured in the same run, so the ratios mean something on any machine.
"""

from __future__ import annotations

import importlib
import platform
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from table import print_table  # noqa: E402


def main() -> int:
    rows = []
    for script in sorted(HERE.glob("bench_*.py")):
        module = importlib.import_module(script.stem)
        rows += module.run()
    print(f"machine: {platform.machine()}, {platform.system()} {platform.release()}, "
          f"Python {platform.python_version()}, {_cores()} cores")
    print_table(rows)
    return 0


def _cores() -> int:
    import os

    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()


if __name__ == "__main__":
    sys.exit(main())
