"""The wizard's flow as plain data: the steps, which design fields each owns, and the open
findings per step. The Qt wizard only renders this (house style: Electrum keeps its wizard's flow
testable without a screen)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

# Severity only, not the engine: the step list is drawn at start-up, before the guidance engine
# and its rule data are loaded (docs/benchmarks.md, "Start-up").
from models.guidance.base import Severity

if TYPE_CHECKING:
    from models.guidance import GuidanceResult


@dataclass(frozen=True)
class Step:
    key: str
    title: str
    sections: tuple[str, ...]   # JSON path prefixes of the fields this step collects


STEPS: tuple[Step, ...] = (
    Step("trial", "Trial", ("meta", "statistics.phase")),
    Step("product", "Product", ("product",)),
    Step("dosing", "Dose and regimen", ("dosing",)),
    Step("population", "Population", ("population",)),
    Step("control", "Control and care", ("control", "care")),
    Step("endpoints", "Endpoints and sample size", ("endpoints", "statistics")),
    Step("follow_up", "Biosamples, follow-up and safety", ("sampling", "follow_up", "safety")),
    Step("review", "Review", ()),
)

STEP_KEYS = tuple(step.key for step in STEPS)


def _matches(path: str, prefix: str) -> bool:
    return path == prefix or path.startswith(prefix + ".") or path.startswith(prefix + "[")


def step_for_path(path: str) -> Step:
    """The step whose page holds the field at ``path`` (the most specific prefix wins, so
    statistics.phase belongs to the Trial step and other statistics to Endpoints)."""
    best: tuple[int, Step] | None = None
    for step in STEPS:
        for prefix in step.sections:
            if _matches(path, prefix) and (best is None or len(prefix) > best[0]):
                best = (len(prefix), step)
    return best[1] if best else STEPS[-1]


def step_of_finding(finding) -> Step:
    """A finding belongs to the step of the first field it names."""
    return step_for_path(finding.fields[0]) if finding.fields else STEPS[-1]


def findings_by_step(result: GuidanceResult) -> dict[str, dict[Severity, int]]:
    """For each step, how many open findings of each severity it has. The review step counts
    every finding."""
    counts = {step.key: {s: 0 for s in Severity} for step in STEPS}
    for finding in result.findings:
        counts[step_of_finding(finding).key][finding.severity] += 1
        if step_of_finding(finding).key != "review":
            counts["review"][finding.severity] += 1
    return counts


def step_badge(counts: dict[Severity, int]) -> str:
    """A short text for the step list: '2 errors · 1 warning', or '' when nothing is open."""
    parts = []
    for severity, singular, plural in ((Severity.ERROR, "error", "errors"),
                                       (Severity.WARNING, "warning", "warnings"),
                                       (Severity.ADVICE, "advice", "advice")):
        n = counts.get(severity, 0)
        if n:
            parts.append(f"{n} {singular if n == 1 else plural}")
    return " · ".join(parts)
