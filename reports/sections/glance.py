"""Part 2 of the PDF summary, the design at a glance: the rows of reports.content.glance_rows
as a label/value table.
"""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable

from reports.content import glance_rows
from reports.context import ReportContext


def part_glance(ctx: ReportContext) -> list[Flowable]:
    lay = ctx.layout
    return [*lay.heading(2), *lay.kv_table(glance_rows(ctx.design, ctx.result),
                                           38 * mm)]
