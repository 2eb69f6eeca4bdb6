"""`make fuzz`: push many mutated design files through every stage and count what escapes.

    python -m tools.fuzz_designs [--cases 100000] [--seed 1] [--seconds 3000] [--jobs 2]
                                 [--pdf-every 100] [--case N] [--keep FOLDER]

Each case is a bundled example with one to six mutations (tools/design_mutations.py), written to
bytes as another tool would write it and read back with the program's reader. A file the reader
refuses must be refused with DesignFileError (file, JSON path, what is allowed); a file it
accepts goes through every stage of tools/design_stages.py, and every ``--pdf-every``-th
accepted one through the PDF too. The run prints progress on stderr and ends with one table:
cases, accepted, refused, exceptions by stage and kind (with where they were raised), and the
slowest case of each stage. Exit 1 when anything escaped or a goal was missed (no stage over
1 s for one design, no PDF over 5 s), else 0.

Cases are seeded one by one (``case_random(seed, case)``), so ``--case N`` replays case N alone
whatever the number of jobs; ``--keep FOLDER`` writes each failing case's file there.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import sys
import tempfile
import time
import traceback
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tools.design_mutations import case_random, design_bytes, mutated_document  # noqa: E402

STAGE_GOAL_S = 1.0
PDF_GOAL_S = 5.0


@dataclass
class CaseOutcome:
    case: int
    accepted: bool = False
    refused: bool = False
    failures: list[tuple[str, str, str]] = field(default_factory=list)  # stage, kind, where
    messages: list[str] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)
    data: bytes = b""


def _where(error: BaseException) -> str:
    """The innermost frame of the program's own code that raised."""
    frames = traceback.extract_tb(error.__traceback__)
    own = [f for f in frames if str(ROOT) in f.filename and "/tools/" not in f.filename]
    frame = (own or frames)[-1]
    return f"{os.path.relpath(frame.filename, ROOT)}:{frame.lineno}"


def run_case(seed: int, case: int, pdf_every: int, folder: Path) -> CaseOutcome:
    from models.design_io import DesignFileError, parse_design_bytes
    from tools.design_stages import PDF_STAGE, STAGES

    rng = case_random(seed, case)
    data = design_bytes(mutated_document(rng), rng)
    outcome = CaseOutcome(case, data=data)
    start = time.perf_counter()
    try:
        design = parse_design_bytes(data, "fuzz.trial.json")
    except DesignFileError as error:
        outcome.refused = True
        outcome.seconds["read"] = time.perf_counter() - start
        if not error.problems or not all(line.startswith("fuzz.trial.json: ")
                                         for line in error.lines()):
            outcome.failures.append(("read", "refusal without file or path", ""))
        return outcome
    except Exception as error:  # noqa: BLE001 - counting what escapes is the point
        outcome.failures.append(("read", type(error).__name__, _where(error)))
        return outcome
    outcome.seconds["read"] = time.perf_counter() - start
    outcome.accepted = True
    stages = list(STAGES.items())
    if pdf_every and case % pdf_every == 0:
        stages.append(PDF_STAGE)
    for name, stage in stages:
        start = time.perf_counter()
        try:
            stage(design, folder)
        except Exception as error:  # noqa: BLE001
            outcome.failures.append((name, type(error).__name__, _where(error)))
            outcome.messages.append(str(error)[:100])
        outcome.seconds[name] = time.perf_counter() - start
    return outcome


_FOLDER: Path | None = None


def _worker_init() -> None:
    global _FOLDER
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    _FOLDER = Path(tempfile.mkdtemp(prefix="msc-fuzz-"))


def _worker(job: tuple[int, int, int]) -> CaseOutcome:
    seed, case, pdf_every = job
    assert _FOLDER is not None
    outcome = run_case(seed, case, pdf_every, _FOLDER)
    if not outcome.failures:
        outcome.data = b""  # only failing cases travel back whole
    return outcome


@dataclass
class Summary:
    cases: int = 0
    accepted: int = 0
    refused: int = 0
    failures: Counter = field(default_factory=Counter)
    failing_cases: dict[tuple[str, str, str], tuple[int, str]] = field(default_factory=dict)
    slowest: dict[str, tuple[float, int]] = field(default_factory=dict)
    total_seconds: Counter = field(default_factory=Counter)
    runs: Counter = field(default_factory=Counter)

    def add(self, outcome: CaseOutcome) -> None:
        self.cases += 1
        self.accepted += outcome.accepted
        self.refused += outcome.refused
        for failure, message in zip(outcome.failures, outcome.messages + [""] * 9):
            self.failures[failure] += 1
            self.failing_cases.setdefault(failure, (outcome.case, message))
        for stage, seconds in outcome.seconds.items():
            self.total_seconds[stage] += seconds
            self.runs[stage] += 1
            if seconds > self.slowest.get(stage, (0.0, -1))[0]:
                self.slowest[stage] = (seconds, outcome.case)

    def goals_missed(self) -> list[str]:
        missed = []
        for stage, (seconds, case) in self.slowest.items():
            goal = PDF_GOAL_S if stage == "pdf" else STAGE_GOAL_S
            if seconds > goal:
                missed.append(f"{stage} took {seconds:.2f} s on case {case} (goal ≤ {goal:g} s)")
        return missed

    def table(self, seed: int, elapsed: float) -> str:
        lines = [f"fuzz: seed {seed}, {self.cases:,} cases in {elapsed:.0f} s: "
                 f"{self.accepted:,} accepted, {self.refused:,} refused cleanly, "
                 f"{sum(self.failures.values()):,} unhandled exception(s)", ""]
        lines.append(f"{'stage':<20}{'runs':>9}{'mean ms':>10}{'slowest ms':>12}  slowest case")
        for stage in self.runs:
            seconds, case = self.slowest[stage]
            mean = 1000 * self.total_seconds[stage] / self.runs[stage]
            lines.append(f"{stage:<20}{self.runs[stage]:>9,}{mean:>10.2f}"
                         f"{1000 * seconds:>12.1f}  {case}")
        lines.append("")
        if self.failures:
            lines.append(f"{'count':>6}  stage / kind / where: first case, its message")
            for key, count in self.failures.most_common():
                case, message = self.failing_cases[key]
                lines.append(f"{count:>6}  {' / '.join(key)}: case {case}, {message!r}")
        else:
            lines.append("exceptions by stage: none")
        missed = self.goals_missed()
        lines.append("time goals: " + ("; ".join(missed) if missed else
                                       f"met (every stage ≤ {STAGE_GOAL_S:g} s, "
                                       f"every PDF ≤ {PDF_GOAL_S:g} s)"))
        return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--seconds", type=float, default=3000,
                        help="stop starting new cases after this long (default 3000)")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--pdf-every", type=int, default=100,
                        help="export every N-th case's PDF when it is accepted (0: never)")
    parser.add_argument("--case", type=int, help="replay this case alone and show tracebacks")
    parser.add_argument("--keep", type=Path, help="write each failing case's file into FOLDER")
    args = parser.parse_args(argv)

    if args.case is not None:
        return _replay(args.seed, args.case)

    summary = Summary()
    start = time.perf_counter()
    deadline = start + args.seconds
    jobs = ((args.seed, case, args.pdf_every) for case in range(args.cases))
    every = max(1, args.cases // 50)
    context = multiprocessing.get_context("spawn")
    with context.Pool(args.jobs, initializer=_worker_init) as pool:
        for outcome in pool.imap_unordered(_worker, jobs, chunksize=64):
            summary.add(outcome)
            if outcome.failures and args.keep:
                args.keep.mkdir(parents=True, exist_ok=True)
                (args.keep / f"case-{outcome.case}.trial.json").write_bytes(outcome.data)
            if summary.cases % every == 0:
                elapsed = time.perf_counter() - start
                print(f"fuzz: {summary.cases:,}/{args.cases:,} cases, {elapsed:.0f} s, "
                      f"{sum(summary.failures.values())} exception(s)", file=sys.stderr,
                      flush=True)
            if time.perf_counter() > deadline:
                print(f"fuzz: time limit of {args.seconds:g} s reached; stopping",
                      file=sys.stderr)
                pool.terminate()
                break
    print(summary.table(args.seed, time.perf_counter() - start))
    return 1 if summary.failures or summary.goals_missed() else 0


def _replay(seed: int, case: int) -> int:
    """One case, with its file printed and every traceback shown."""
    from models.design_io import DesignFileError, parse_design_bytes
    from tools.design_stages import PDF_STAGE, STAGES

    rng = case_random(seed, case)
    data = design_bytes(mutated_document(rng), rng)
    print(data.decode("utf-8"))
    try:
        design = parse_design_bytes(data, f"case-{case}.trial.json")
    except DesignFileError as error:
        print(error)
        return 0
    failed = 0
    with tempfile.TemporaryDirectory() as folder:
        for name, stage in [*STAGES.items(), PDF_STAGE]:
            start = time.perf_counter()
            try:
                stage(design, Path(folder))
                print(f"{name}: ok ({1000 * (time.perf_counter() - start):.1f} ms)")
            except Exception:  # noqa: BLE001
                failed += 1
                print(f"{name}: FAILED")
                traceback.print_exc()
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
