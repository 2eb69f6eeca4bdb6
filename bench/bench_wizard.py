"""The wizard: start-up, edit-to-guidance latency, and memory.

- Start to first window shown and idle, against a bare PySide6 QWizard script started the same
  way in the same run (goal <= 1.3x).
- Edit -> guidance panel updated over 1,000 random edits offscreen (goal p95 <= 8 ms); the
  baseline is the same edit written to the design without the guidance recomputation.
- Peak memory (max RSS) after visiting every step, against the bare QWizard script.
"""

from __future__ import annotations

import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RUNS = 5

# Both scripts print the time from interpreter start to "window shown and event loop idle",
# and their peak memory, then quit.
_PRELUDE = """
import os, sys, time
os.environ.setdefault('QT_QPA_PLATFORM', 'offscreen')
sys.path.insert(0, {root!r})
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
app = QApplication([])
"""
_REPORT = """
def report():
    # VmHWM (kB): ru_maxrss would carry over the benchmark process's own peak through exec.
    hwm = next(int(line.split()[1]) for line in open('/proc/self/status')
               if line.startswith('VmHWM:'))
    print(time.perf_counter() - PERF0, hwm)
    app.quit()
QTimer.singleShot(0, report)
app.exec()
"""

BARE = """
from PySide6.QtWidgets import QWizard, QWizardPage
wizard = QWizard()
for title in ('Trial', 'Product', 'Dose', 'Population', 'Control', 'Endpoints', 'Follow-up',
              'Review'):
    page = QWizardPage(); page.setTitle(title); wizard.addPage(page)
wizard.show()
"""

PROGRAM = """
from PySide6.QtCore import QSettings
from ui.main_window import MainWindow
from models.design_io import load_design
from ui.app import example_path
window = MainWindow(settings=QSettings(sys.argv[1], QSettings.Format.IniFormat))
window.session.new(load_design(example_path()))
window.show()
"""

VISIT = """
for index in range(8):
    window.go_to_step(index); app.processEvents()
window.session.dirty = False
"""


def _script(body: str, visit: str = "") -> str:
    return ("import time\nPERF0 = time.perf_counter()\n"
            + _PRELUDE.format(root=str(ROOT)) + body + visit + _REPORT)


def _measure(code: str) -> tuple[float, float]:
    """Wall time from launching the interpreter to the first idle window, and max RSS (MB)."""
    with tempfile.TemporaryDirectory() as folder:
        env = dict(os.environ, HOME=folder, XDG_CONFIG_HOME=folder, XDG_DATA_HOME=folder)
        start = time.perf_counter()
        done = subprocess.run([sys.executable, "-c", code, str(Path(folder) / "s.ini")],
                              capture_output=True, text=True, env=env, cwd=ROOT, timeout=120)
        wall = time.perf_counter() - start
    if done.returncode != 0:
        raise RuntimeError(done.stderr)
    _inside, rss_kb = done.stdout.split()
    return wall, float(rss_kb) / 1024


def _startup_rows() -> list[tuple]:
    bare, program, bare_mem, visited_mem = [], [], [], []
    for _ in range(RUNS):  # interleaved, so machine noise hits both alike
        wall, mem = _measure(_script(BARE))
        bare.append(wall)
        bare_mem.append(mem)
        program.append(_measure(_script(PROGRAM))[0])
        visited_mem.append(_measure(_script(PROGRAM, VISIT))[1])
    return [
        ("wizard: start to first window shown and idle, median of 5",
         statistics.median(program) * 1e3, "ms",
         "bare PySide6 QWizard script", statistics.median(bare) * 1e3, "<= 1.3x"),
        ("wizard: peak memory (max RSS) after visiting every step", max(visited_mem), "MB",
         "bare QWizard script", max(bare_mem), "report"),
    ]


def _edit_rows() -> list[tuple]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    sys.path.insert(0, str(ROOT))
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from models.design_io import load_design, spec_for_path
    from models.session import EditRejected
    from ui.app import example_path
    from ui.main_window import MainWindow

    app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory() as folder:
        window = MainWindow(settings=QSettings(str(Path(folder) / "s.ini"),
                                               QSettings.Format.IniFormat))
        window.session.new(load_design(example_path()))
        window.show()
        app.processEvents()
        rng = random.Random(7)
        paths = [p for p in window.binder.paths() if spec_for_path(p).kind in ("number", "choice",
                                                                                "bool", "text")]
        edits = []
        for _ in range(1000):
            path = rng.choice(paths)
            spec = spec_for_path(path)
            if spec.kind == "choice":
                value = rng.choice([None] + [c.value for c in spec.item])
            elif spec.kind == "bool":
                value = rng.choice([None, True, False])
            elif spec.kind == "text":
                value = rng.choice([None, "stem cell", "COVID-19 subgroup", "a" * 40])
            else:
                c = spec.constraint
                low = c.minimum if c.minimum is not None else 0
                high = c.maximum if c.maximum is not None else 100
                value = rng.uniform(low, min(high, low + 1000))
                value = int(value) if c.integer else value
            edits.append((path, value))
        with_guidance, without = [], []
        for path, value in edits:
            start = time.perf_counter()
            try:
                window.session.set_value(path, value)   # listeners recompute and repaint
            except EditRejected:
                pass
            with_guidance.append(time.perf_counter() - start)
        # Baseline: the same edits straight into the design, nobody listening.
        window.session._listeners.clear()
        for path, value in edits:
            start = time.perf_counter()
            try:
                window.session.set_value(path, value)
            except EditRejected:
                pass
            without.append(time.perf_counter() - start)
        window.session.dirty = False
        window.close()

    def p95(values):
        return sorted(values)[int(0.95 * len(values))]

    return [("wizard: edit -> guidance panel updated, p95 of 1,000 random edits",
             p95(with_guidance) * 1e3, "ms", "the same edit without guidance, p95",
             p95(without) * 1e3, "p95 <= 8 ms")]


def run() -> list[tuple]:
    # An installed program has its bytecode compiled; this machine may forbid writing it
    # (PYTHONDONTWRITEBYTECODE), so compile once here, or every start would pay for compiling.
    subprocess.run([sys.executable, "-m", "compileall", "-q", "models", "ui", "cli", "main.py"],
                   cwd=ROOT, check=False, capture_output=True,
                   env={k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"})
    return _startup_rows() + _edit_rows()


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from table import print_table

    print_table(run())
