"""The packaged app: bundle size, frozen start to the first window, and peak memory.

Baseline, built in the same run with the same PyInstaller: bench/bare_wizard.py, a bare PySide6
QWizard with the program's eight step titles, frozen one-folder by bench/bare_wizard.spec into a
temporary folder. The program is its frozen build in dist/ (``make package``); it is built first
if dist/ is missing or older than the sources.

- Bundle size: every file of the one-folder app (goal <= 1.4x the bare app);
  bench/bundle_contents.py shows what each package adds.
- Frozen start to the first window: from process start (Linux /proc) to the window shown with its
  design loaded and events processed, as the program's ``--smoke`` and the bare app print it;
  median of 7 interleaved runs after one warm-up each (goal <= 1.3x). Beside it the process's
  CPU time by then (time.process_time()), which other sessions on the shared cores barely move.
- Peak memory of the frozen ``--smoke`` (VmHWM: peak resident memory of the process itself;
  ru_maxrss would carry over this benchmark's own peak through fork and exec): every step
  visited and the PDF exported (goal <= 200 MB).
"""

from __future__ import annotations

import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
NAME = "msc-ards-trial-designer"
DIST = ROOT / "dist" / NAME
RUNS = 11
MB = 2**20

_FIRST_WINDOW = re.compile(r"first window ([0-9.]+) s after start")
_FIRST_WINDOW_CPU = re.compile(r"after start \(([0-9.]+) s CPU\)")
_PEAK = re.compile(r"peak memory ([0-9.]+) MB")


def _pyinstaller(spec: Path, dist: Path, work: Path) -> float:
    """Build one spec with the environment's PyInstaller; the build's wall time in seconds."""
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level",
                           "WARN", "--distpath", str(dist), "--workpath", str(work), str(spec)],
                          cwd=ROOT, capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"PyInstaller failed on {spec.name}:\n{done.stderr[-3000:]}")
    return time.perf_counter() - start


def _newest_source() -> float:
    newest = (ROOT / "build.spec").stat().st_mtime
    for folder in ("models", "ui", "cli", "reports", "resources"):
        for path in (ROOT / folder).rglob("*"):
            if path.is_file() and "__pycache__" not in path.parts:
                newest = max(newest, path.stat().st_mtime)
    return max(newest, (ROOT / "main.py").stat().st_mtime)


def _program_build() -> Path:
    frozen = DIST / NAME
    if not frozen.exists() or frozen.stat().st_mtime < _newest_source():
        print(f"bench_bundle: building {DIST.relative_to(ROOT)} (missing or older than the "
              f"sources)", file=sys.stderr)
        _pyinstaller(ROOT / "build.spec", ROOT / "dist", ROOT / "build")
    return frozen


def _folder_size(folder: Path) -> int:
    total = 0
    for base, _dirs, files in os.walk(folder):
        for name in files:
            total += os.lstat(os.path.join(base, name)).st_size
    return total


def _run(command: list[str], home: str) -> str:
    env = dict(os.environ, HOME=home, XDG_CONFIG_HOME=f"{home}/.config",
               XDG_DATA_HOME=f"{home}/.local/share", XDG_CACHE_HOME=f"{home}/.cache",
               XDG_STATE_HOME=f"{home}/.local/state", QT_QPA_PLATFORM="offscreen")
    done = subprocess.run(command, capture_output=True, text=True, env=env, timeout=300)
    if done.returncode != 0 or not _FIRST_WINDOW.search(done.stdout):
        raise RuntimeError(f"{' '.join(command)} failed:\n{done.stdout}{done.stderr}")
    return done.stdout


def run() -> list[tuple]:
    program = _program_build()
    with tempfile.TemporaryDirectory() as folder:
        _pyinstaller(HERE / "bare_wizard.spec", Path(folder) / "dist", Path(folder) / "build")
        bare_dist = Path(folder) / "dist" / "bare-wizard"
        bare = bare_dist / "bare-wizard"
        program_size, bare_size = _folder_size(DIST), _folder_size(bare_dist)

        program_starts, bare_starts, program_peaks, bare_peaks = [], [], [], []
        program_cpu, bare_cpu = [], []
        home = str(Path(folder) / "home")
        _run([str(program), "--smoke"], home)  # warm-up: the page cache, the parsed-TOML cache
        _run([str(bare)], home)
        last = ""
        for _ in range(RUNS):  # interleaved, so machine noise hits both alike
            last = _run([str(program), "--smoke"], home)
            program_starts.append(float(_FIRST_WINDOW.search(last).group(1)))
            program_peaks.append(float(_PEAK.search(last).group(1)))
            program_cpu.append(float(_FIRST_WINDOW_CPU.search(last).group(1)))
            shown = _run([str(bare)], home)
            bare_starts.append(float(_FIRST_WINDOW.search(shown).group(1)))
            bare_cpu.append(float(_FIRST_WINDOW_CPU.search(shown).group(1)))
            bare_peaks.append(float(_PEAK.search(shown).group(1)))

    walk = ("every step visited (--smoke has no PDF export yet)"
            if "PDF export not yet available" in last else "every step visited and PDF exported")
    return [
        ("bundle: one-folder app size (dist/)", program_size / MB, "MB",
         "bare PySide6 QWizard app, same PyInstaller", bare_size / MB, "<= 1.4x"),
        (f"bundle: frozen start to first window, median of {RUNS}",
         statistics.median(program_starts) * 1e3, "ms",
         "frozen bare QWizard app", statistics.median(bare_starts) * 1e3, "<= 1.3x"),
        (f"bundle: frozen CPU time to first window (barely moved by other load), median of "
         f"{RUNS}", statistics.median(program_cpu) * 1e3, "ms", "frozen bare QWizard app, CPU",
         statistics.median(bare_cpu) * 1e3, "<= 1.3x"),
        (f"bundle: frozen peak memory (peak RSS), {walk}", max(program_peaks), "MB",
         "frozen bare QWizard, every page", max(bare_peaks), "<= 200 MB"),
    ]


if __name__ == "__main__":
    sys.path.insert(0, str(HERE))
    from table import print_table

    print_table(run())
