"""Around one calculation: the sensitivity table, the total n over a grid of other assumptions
(control rates and effect sizes, or mean differences and SDs) with the same alpha, power,
allocation, arms, method and dropout (``sensitivity_table``, ``SensitivityTable``), and the
power-curve data, power against the patients analysed (``power_curve``). The wizard, the PDF
and the ``sample-size`` command show both.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Sequence

from models.sample_size.binary import _binary_power_at, binary_sample_size
from models.sample_size.continuous import (
    _normal_power_at,
    _t_minimum_control_n,
    _t_power,
    continuous_sample_size,
)
from models.sample_size.critical import _normal_critical_value
from models.sample_size.errors import SampleSizeError, _reports_convergence
from models.sample_size.results import SampleSizeResult
from models.sample_size.rounding import ceil_n
from models.sample_size.validation import _Settings


@dataclass(frozen=True)
class SensitivityTable:
    """n_total (after rounding and dropout inflation) over a grid around the assumptions.
    Binary: rows are control-arm rates, columns absolute differences |p1 - p2| in the assumed
    direction. Continuous: rows are mean differences, columns SDs. A cell is None when the
    request is impossible there (a rate outside (0, 1), say) or its solver did not converge;
    ``problems`` says why."""

    endpoint: str
    row_label: str
    column_label: str
    rows: tuple[float, ...]
    columns: tuple[float, ...]
    n_total: tuple[tuple[int | None, ...], ...]
    base_row: int                    # index of the assumed row value
    base_column: int
    problems: tuple[str, ...] = ()


def _binary_rates(result: SampleSizeResult) -> tuple[float, float]:
    """The control and treatment rates of a binary result (binary_sample_size records both)."""
    if result.control_rate is None or result.treatment_rate is None:
        raise SampleSizeError("this binary result does not record its control and treatment "
                              "rates (it was not made by binary_sample_size)")
    return result.control_rate, result.treatment_rate


def _continuous_assumptions(result: SampleSizeResult) -> tuple[float, float]:
    """The mean difference and SD of a continuous result (continuous_sample_size records
    both)."""
    if result.mean_difference is None or result.sd is None:
        raise SampleSizeError("this continuous result does not record its mean difference and "
                              "SD (it was not made by continuous_sample_size)")
    return result.mean_difference, result.sd


def _recompute(result: SampleSizeResult, **changes: float) -> SampleSizeResult:
    """The same design with some assumptions changed (for the sensitivity table)."""
    alpha, sided, power, ratio = result.alpha, result.sided, result.power, result.ratios
    dropout_pct, arms, adjust = result.dropout_pct, result.arms, result.adjustment or "dunnett"
    if result.endpoint == "binary":
        p1, p2 = _binary_rates(result)
        return binary_sample_size(changes.get("control_rate", p1),
                                  changes.get("treatment_rate", p2), alpha=alpha, sided=sided,
                                  power=power, ratio=ratio, dropout_pct=dropout_pct, arms=arms,
                                  adjust=adjust, method=result.method)
    difference, sd = _continuous_assumptions(result)
    return continuous_sample_size(changes.get("mean_difference", difference),
                                  changes.get("sd", sd), alpha=alpha, sided=sided, power=power,
                                  ratio=ratio, dropout_pct=dropout_pct, arms=arms,
                                  adjust=adjust, method=result.method)


CONTROL_RATE_OFFSETS = (-0.10, -0.05, 0.0, 0.05, 0.10)
EFFECT_FACTORS = (0.5, 0.75, 1.0, 1.25, 1.5)
SD_FACTORS = (0.8, 0.9, 1.0, 1.1, 1.2)


def sensitivity_table(result: SampleSizeResult, *,
                      control_rate_offsets: Sequence[float] = CONTROL_RATE_OFFSETS,
                      effect_factors: Sequence[float] = EFFECT_FACTORS,
                      sd_factors: Sequence[float] = SD_FACTORS) -> SensitivityTable:
    """Total n over a grid around the assumptions of ``result`` (same alpha, power, allocation,
    arms, method and dropout).

    Binary: rows are control rates p1 + offset (rows outside (0, 1) are left out), columns the
    absolute difference |p1 - p2| times each factor, in the assumed direction. Continuous: rows
    are the mean difference times each effect factor, columns the SD times each SD factor."""
    if result.endpoint == "binary":
        p1, p2 = _binary_rates(result)
        direction = -1.0 if p2 < p1 else 1.0
        rows = tuple(round(p1 + offset, 10) for offset in control_rate_offsets
                     if 0.0 < round(p1 + offset, 10) < 1.0)
        columns = tuple(round(abs(p1 - p2) * factor, 10) for factor in effect_factors)
        row_label, column_label = "Control-arm rate", "Absolute difference"

        def cell(row: float, column: float) -> SampleSizeResult:
            return _recompute(result, control_rate=row,
                              treatment_rate=round(row + direction * column, 10))
        base_row = _index_of(rows, p1)
        base_column = _index_of(columns, abs(p1 - p2))
    else:
        difference, sd = _continuous_assumptions(result)
        rows = tuple(difference * factor for factor in effect_factors)
        columns = tuple(sd * factor for factor in sd_factors)
        row_label, column_label = "Mean difference", "SD"

        def cell(row: float, column: float) -> SampleSizeResult:
            return _recompute(result, mean_difference=row, sd=column)
        base_row = _index_of(rows, difference)
        base_column = _index_of(columns, sd)
    matrix: list[tuple[int | None, ...]] = []
    problems: list[str] = []
    for row in rows:
        cells: list[int | None] = []
        for column in columns:
            try:
                cells.append(cell(row, column).n_total)
            except SampleSizeError as error:
                cells.append(None)
                if str(error) not in problems:
                    problems.append(str(error))
        matrix.append(tuple(cells))
    return SensitivityTable(result.endpoint, row_label, column_label, rows, columns,
                            tuple(matrix), base_row, base_column, tuple(problems))


def _index_of(values: Sequence[float], target: float) -> int:
    return min(range(len(values)), key=lambda i: abs(values[i] - target)) if values else -1


@_reports_convergence
def power_curve(result: SampleSizeResult, points: int = 40) -> list[tuple[int, float]]:
    """(n_total, power) pairs for the chart, from the smallest sensible control arm up to about
    twice the computed one. n_total counts evaluable patients (before dropout inflation),
    because power depends on the patients analysed; the design's own evaluable total is always
    one of the points. Each active arm is ratio · n_control rounded up, as in the design."""
    if points < 2:
        raise SampleSizeError("a power curve needs at least 2 points")
    n_design = result.n_evaluable[0]
    if result.method == "t_test":
        n_low = math.ceil(_t_minimum_control_n(result.ratios[0]))
    else:
        n_low = 1
    n_high = max(2 * n_design, n_low + 1)
    span = n_high - n_low
    controls = sorted({n_low + round(i * span / (points - 1)) for i in range(points)} | {n_design})
    # The design has been validated when the result was made, so go straight to the formulas.
    # The critical value belongs to the planned allocation: rounding each point's arms must not
    # change it (and with Dunnett it would cost a fresh integral per point).
    settings = _Settings(result.alpha, result.sided, result.ratios, 0.0, result.adjustment)
    if result.method != "t_test":
        critical, _ = _normal_critical_value(settings)
    if result.endpoint == "continuous":
        difference, sd = _continuous_assumptions(result)
        d = abs(difference) / sd
    tail = result.alpha / result.sided
    curve = []
    for n_control in controls:
        if n_control == n_design:
            arm_sizes = result.n_evaluable          # exactly the design's own arms
        else:
            arm_sizes = (n_control,) + tuple(ceil_n(r * n_control) for r in result.ratios)
        if result.endpoint == "binary":
            value = _binary_power_at(arm_sizes, *_binary_rates(result), result.method,
                                     critical)
        elif result.method == "t_test":
            value = _t_power(arm_sizes[0], arm_sizes[1], d, tail)[0]
        else:
            value = _normal_power_at(arm_sizes, d, critical)
        curve.append((sum(arm_sizes), value))
    return curve
