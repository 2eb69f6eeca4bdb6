"""Part 2 of the PDF summary, the design at a glance: the rows of reports.content.glance_rows
as a label/value table.
"""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable

from reports.content import glance_rows
from reports.sections.base import SectionBase


class AtAGlance(SectionBase):
    """Part 2: the design at a glance."""

    def part_glance(self) -> list[Flowable]:
        return [*self.heading(2), *self.kv_table(glance_rows(self.design, self.result),
                                                  38 * mm)]
