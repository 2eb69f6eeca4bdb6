"""The group-sequential boundaries chart as plain data: z against the information fraction, the
efficacy boundary (and its mirror for a two-sided design) and the non-binding futility bound,
each a line through its looks. The wizard (ui/charts/boundaries.py) and the PDF
(reports/charts.py) draw it from here.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from models.chart_data.axes import Axis, linear_ticks
from models.chart_data.styles import LegendEntry
from models.formatting import format_percent

BOUNDARY_STYLES = {"efficacy": ("solid", "circle"), "harm": ("dashed", "circle"),
                   "futility": ("dotted", "square")}


@dataclass(frozen=True)
class BoundaryChart:
    efficacy: tuple[tuple[float, float], ...]          # (information fraction, z)
    harm: tuple[tuple[float, float], ...] | None       # the mirrored bound, two-sided designs
    futility: tuple[tuple[float, float], ...] | None   # interim looks with a futility bound
    x_axis: Axis
    y_axis: Axis
    legend: tuple[LegendEntry, ...]
    notes: tuple[str, ...]


def boundary_chart(plan) -> BoundaryChart:
    """The chart of a models.design_plan.GroupSequentialPlan."""
    gs = plan.design
    efficacy = tuple(zip(gs.info_rates, gs.boundaries_z))
    harm = tuple((t, -z) for t, z in efficacy) if gs.sided == 2 else None
    futility = None
    if gs.futility_z is not None:
        futility = tuple((t, z) for t, z in zip(gs.info_rates, gs.futility_z) if z is not None)
    values = [z for _, z in efficacy] + [z for _, z in harm or ()] + \
        [z for _, z in futility or ()] + [0.0]
    finite = [v for v in values if math.isfinite(v)]
    low, high = math.floor(min(finite) - 0.5), math.ceil(max(finite) + 0.5)
    # A little room right of 100%, so the final look's marker is not cut by the frame.
    x_axis = Axis("Information fraction", 0.0, 1.04,
                  ticks=linear_ticks(0.0, 1.0, 6, lambda v: format_percent(v, 0)))
    y_axis = Axis("z statistic", low, high, ticks=linear_ticks(low, high, 7))
    keys = ["efficacy"] + (["harm"] if harm else []) + (["futility"] if futility else [])
    labels = {"efficacy": "Efficacy boundary (stop: benefit)",
              "harm": "Mirror boundary (two-sided: stop)",
              "futility": "Futility bound (non-binding)"}
    legend = tuple(LegendEntry(k, labels[k], marker=BOUNDARY_STYLES[k][1],
                               line=BOUNDARY_STYLES[k][0]) for k in keys)
    notes = (f"{gs.method.rstrip('.')}. The trial stops at a look when the z statistic crosses a "
             "boundary; the futility bound may be overruled by the DSMB (non-binding).",)
    return BoundaryChart(efficacy, harm, futility, x_axis, y_axis, legend, notes)
