"""Every stage a design goes through after it is opened, as one list of plain functions.

The invariant of the program (issue 11): whatever the reader accepts, the program can check,
compute, print, save, re-open (equal), fingerprint, compare, chart, schedule, summarise and
export. The fuzz test (tests/test_design_fuzz.py) and the long run (`make fuzz`,
tools/fuzz_designs.py) push generated designs through these stages and count what escapes.

Each stage takes the design and a scratch folder and returns nothing; it raises on a broken
invariant (an AssertionError) or lets an unexpected exception escape for the caller to count.
The PDF stage is kept apart (``PDF_STAGE``) because it costs a hundred times more than the rest.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Callable

from models.design import Design

Stage = Callable[[Design, Path], None]


def _evaluate(design: Design, folder: Path) -> None:
    from models.guidance import evaluate

    result = evaluate(design)
    counts = result.counts
    assert counts["error"] + counts["warning"] + counts["advice"] == len(result.findings)


def _sample_size(design: Design, folder: Path) -> None:
    from models.chart_data import sensitivity_grid
    from models.design_sample_size import compute_design_sample_size
    from models.sample_size import power_curve

    from models.chart_data import boundary_chart
    from models.plan_text import multi_arm_powers, plan_rows, plan_sentence, result_line
    from models.sample_size import SampleSizeResult

    outcome = compute_design_sample_size(design)
    if outcome is None or outcome.result is None:
        return
    result_line(outcome)
    if isinstance(outcome.result, SampleSizeResult):
        sensitivity_grid(outcome.result)
        power_curve(outcome.result)
        multi_arm_powers(outcome.result)
    if outcome.plan is not None:
        plan_sentence(outcome.plan)
        plan_rows(outcome.plan)
        boundary_chart(outcome.plan)
        json.dumps(outcome.plan.to_dict(), allow_nan=False)


def _check_text(design: Design, folder: Path) -> None:
    from cli.check import render_text
    from models.guidance import evaluate

    render_text("fuzz.trial.json", design, evaluate(design)).encode("utf-8")


def _check_json(design: Design, folder: Path) -> None:
    from cli.check import result_to_json
    from models.guidance import evaluate

    text = json.dumps(result_to_json("fuzz.trial.json", evaluate(design)), indent=2,
                      ensure_ascii=False)
    text.encode("utf-8")
    json.loads(text)


def _save_and_reopen(design: Design, folder: Path) -> None:
    from models.design_io import load_design, save_design

    path = folder / "round-trip.trial.json"
    save_design(design, path)
    again = load_design(path)
    assert again == design, "the saved design reads back different"
    save_design(again, path)  # and saves again unchanged
    assert load_design(path) == design


def _fingerprint(design: Design, folder: Path) -> None:
    from models.design_io import fingerprint

    assert len(fingerprint(design)) == 12


def _comparable_trials(design: Design, folder: Path) -> None:
    from models.evidence import loaded_evidence

    loaded_evidence().comparable_trials(design)


def _charts(design: Design, folder: Path) -> None:
    from models.chart_data import (
        design_power_chart,
        dose_chart,
        forest_chart,
        particle_dose_chart,
    )
    from models.evidence import loaded_evidence

    evidence = loaded_evidence()
    for all_settings in (True, False):
        dose_chart(evidence, design, all_settings=all_settings)
        particle_dose_chart(evidence, design, all_settings=all_settings)
    forest_chart(evidence)
    design_power_chart(design)


def _schedule(design: Design, folder: Path) -> None:
    from models.schedule import build_schedule

    build_schedule(design)


def _summary(design: Design, folder: Path) -> None:
    from models.summary import design_summary

    for _, rows in design_summary(design):
        for row in rows:
            f"{row.label}{row.value}".encode("utf-8")


def _pdf(design: Design, folder: Path) -> None:
    from reports.pdf import export_pdf

    result = export_pdf(design, folder / "summary.pdf")
    assert result.pages > 0 and result.size_bytes > 0


STAGES: dict[str, Stage] = {
    "evaluate": _evaluate,
    "sample size": _sample_size,
    "check text": _check_text,
    "check json": _check_json,
    "save + reopen": _save_and_reopen,
    "fingerprint": _fingerprint,
    "comparable trials": _comparable_trials,
    "charts": _charts,
    "schedule": _schedule,
    "summary": _summary,
}

PDF_STAGE: tuple[str, Stage] = ("pdf", _pdf)
