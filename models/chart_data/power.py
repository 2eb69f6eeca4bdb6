"""The statistics charts of the sample-size step: power against the patients analysed, with the
computed and the planned n marked and the target power as a line (``power_chart``,
``design_power_chart``: ``PowerChart``, ``PowerMark``), and the sensitivity table as the texts
the screen and the PDF show, the design's own cell marked (``sensitivity_grid``:
``SensitivityGrid``). The numbers come from models.sample_size.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Sequence

from models.chart_data.axes import Axis, Tick, linear_ticks
from models.chart_data.styles import LegendEntry
from models.design import Design
from models.formatting import format_number, format_percent


@dataclass(frozen=True)
class PowerMark:
    """A sample size on the power curve: enrolled, analysed (after dropout) and its power."""

    name: str                        # "computed" or "planned"
    n_enrolled: int
    n_analysed: float                # the x position
    power: float | None              # None when it cannot be computed at this n
    label: str


# How the power chart draws its lines and marks (the marks: a drop line to the axis and a
# marker on the curve, each with its own line style and shape).
POWER_STYLES = {"curve": ("solid", None), "target": ("dashdot", None),
                "computed": ("dashed", "circle"), "planned": ("dotted", "square")}


@dataclass(frozen=True)
class PowerChart:
    points: tuple[tuple[float, float], ...]     # (patients analysed, power 0-1), rising n
    computed: PowerMark
    planned: PowerMark | None
    target_power: float
    x_axis: Axis
    y_axis: Axis
    notes: tuple[str, ...] = field(default=())

    @property
    def target_label(self) -> str:
        return f"target power {format_percent(self.target_power, 1)}"

    @property
    def legend(self) -> tuple[LegendEntry, ...]:
        """The curve, the target power, the computed n and (when there is one) the planned n."""
        texts = {"curve": "power", "target": self.target_label,
                 "computed": self.computed.label,
                 "planned": self.planned.label if self.planned is not None else None}
        return tuple(LegendEntry(key, text, marker=POWER_STYLES[key][1],
                                 line=POWER_STYLES[key][0])
                     for key, text in texts.items() if text is not None)


def _power_at(result, n_control: float, n_active: Sequence[float] | None = None) -> float:
    """The power of ``result``'s test with these arm sizes (analysed patients)."""
    from models import sample_size as ss

    common = dict(alpha=result.alpha, sided=result.sided, ratio=result.ratios,
                  arms=result.arms, adjust=result.adjustment or "dunnett",
                  n_active=list(n_active) if n_active is not None else None)
    if result.endpoint == "binary":
        return ss.binary_power(n_control, result.control_rate, result.treatment_rate,
                               method=result.method, **common)
    return ss.continuous_power(n_control, result.mean_difference, result.sd,
                               method=result.method, **common)


def analysed_from_enrolled(n_enrolled: int, dropout_pct: float) -> int:
    """The patients a total enrolment leaves for analysis after dropout, rounded down (the
    inverse of the dropout inflation, which rounds up)."""
    return math.floor(n_enrolled * (1 - dropout_pct / 100) + 1e-9)


def power_chart(result, planned_total_n: int | None = None, points: int = 40) -> PowerChart:
    """Power against the total number of patients analysed (all arms), from
    models.sample_size.power_curve, with the computed n and the planned n marked and the target
    power as a line. Power depends on the patients analysed, so the enrolled totals (the
    computed n and the planned n include the dropout allowance) are marked at the patients they
    leave for analysis, and both figures are in the label."""
    from models import sample_size as ss

    curve = [(float(n), p) for n, p in ss.power_curve(result, points)]
    analysed = sum(result.n_evaluable)
    achieved = next(p for n, p in curve if n == analysed)
    computed = PowerMark("computed", result.n_total, float(analysed), achieved,
                         _mark_label("computed", result.n_total, analysed, achieved,
                                     result.dropout_pct))
    planned = None
    notes = []
    if planned_total_n is not None and planned_total_n > 0:
        planned_analysed = analysed_from_enrolled(planned_total_n, result.dropout_pct)
        power = None
        if planned_analysed > 0:
            # The planned total split by the allocation ratio (control share 1 / (1 + Σr)).
            n_control = planned_analysed / (1 + sum(result.ratios))
            try:
                power = _power_at(result, n_control)
            except ss.SampleSizeError as error:
                notes.append(f"The power at the planned n cannot be computed: {error}.")
        planned = PowerMark("planned", planned_total_n, float(planned_analysed), power,
                            _mark_label("planned", planned_total_n, planned_analysed, power,
                                        result.dropout_pct))
        if planned_analysed > curve[-1][0]:
            curve += _extend_curve(result, curve[-1][0], planned_analysed * 1.1)
    high_n = curve[-1][0]
    x_axis = Axis("Patients analysed, all arms (n)", 0.0, high_n * 1.02,
                  ticks=linear_ticks(0.0, high_n * 1.02))
    y_axis = Axis("Power (%)", 0.0, 1.0,
                  ticks=tuple(Tick(v / 10, format_percent(v / 10)) for v in range(0, 11, 2)))
    if result.inflated_for_dropout:
        notes.append(f"Power depends on the patients analysed: the enrolled totals allow for "
                     f"{format_number(result.dropout_pct, 2)}% dropout.")
    if result.arms > 1:
        notes.append("Power per comparison with control (the smallest over the active arms).")
    return PowerChart(tuple(curve), computed, planned, result.power, x_axis, y_axis,
                      tuple(notes))


def _extend_curve(result, from_n: float, to_n: float, steps: int = 12):
    """More points beyond power_curve's range (twice the computed n), up to a planned n that
    lies further out; the arms are built as power_curve builds them."""
    from models.sample_size import ceil_n

    share = 1 + sum(result.ratios)
    points: list[tuple[float, float]] = []
    for step in range(1, steps + 1):
        n_control = math.ceil((from_n + (to_n - from_n) * step / steps) / share)
        actives = [ceil_n(r * n_control) for r in result.ratios]
        total = float(n_control + sum(actives))
        if total > from_n and (not points or total > points[-1][0]):
            points.append((total, _power_at(result, n_control, actives)))
    return points


def _mark_label(name: str, enrolled: int, analysed: float, power: float | None,
                dropout_pct: float) -> str:
    patients = f"{enrolled}" if dropout_pct == 0 else \
        f"{enrolled} enrolled, {format_number(analysed)} analysed"
    power_text = f"power {format_percent(power, 1)}" if power is not None else \
        "power not computable"
    return f"{name} n: {patients}; {power_text}"


def design_power_chart(design: Design) -> PowerChart | None:
    """The power chart of a design's computed sample size; None while there is none."""
    from models.design_sample_size import compute_design_sample_size

    from models.sample_size import SampleSizeResult

    outcome = compute_design_sample_size(design)
    if outcome is None or not isinstance(outcome.result, SampleSizeResult):
        # The curve is the fixed-sample power of proportions or means; a time-to-event or
        # ordinal design shows its own figures instead.
        return None
    return power_chart(outcome.result, design.statistics.planned_total_n)


# --- Sensitivity table ----------------------------------------------------------------------------


@dataclass(frozen=True)
class SensitivityGrid:
    """models.sample_size.SensitivityTable as texts: the total n (enrolled) for each row and
    column assumption; the design's own assumptions are the base cell."""

    title: str
    row_title: str
    column_title: str
    row_headers: tuple[str, ...]
    column_headers: tuple[str, ...]
    cells: tuple[tuple[str, ...], ...]
    base: tuple[int, int]            # (row, column) of the design's assumptions
    problems: tuple[str, ...]


def sensitivity_grid(result) -> SensitivityGrid:
    from models import sample_size as ss

    table = ss.sensitivity_table(result)
    if table.endpoint == "binary":
        rows = tuple(format_percent(v, 1) for v in table.rows)
        columns = tuple(format_percent(v, 1) for v in table.columns)
        direction = "reduction" if result.treatment_rate < result.control_rate else "increase"
        row_title = "Control-arm mortality"
        column_title = f"Absolute {direction} (percentage points)"
        columns = tuple(c.rstrip("%") for c in columns)
    else:
        rows = tuple(format_number(abs(v), 2) for v in table.rows)
        columns = tuple(format_number(v, 2) for v in table.columns)
        row_title, column_title = "Mean difference", "Standard deviation"
    cells = tuple(tuple("—" if n is None else str(n) for n in row) for row in table.n_total)
    return SensitivityGrid(
        "Total patients to enrol (after dropout) under other assumptions", row_title,
        column_title, rows, columns, cells, (table.base_row, table.base_column), table.problems)
