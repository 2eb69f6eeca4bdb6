"""The parts of the protocol summary, one module and one function per part, each a function of
the report's context (reports/context.py) that returns the part's flowables: ``title`` (1, the
title block), ``glance`` (2, the design at a glance), ``guidance`` (3, the guidance status with
the core-protocol checklist and the Box 1 map) and ``spirit`` (SPIRIT 2025 completeness, which
closes part 3), ``design`` (4, the design section by section), ``sample_size`` (5, the
sample-size justification, the sensitivity table and the power curve), ``schedule`` (6, the
SPIRIT schedule), ``evidence`` (7, comparable trials, the dose charts and the forest plot),
``references`` (8) and ``changes`` (the appendix "Changes since version N").

``summary_story`` puts them in order for the PDF (reports/pdf.py) and the Word summary
(reports/word/), which set them with their own layout.
"""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, PageBreak

from reports.context import ReportContext
from reports.sections.changes import part_changes
from reports.sections.design import part_sections
from reports.sections.evidence import part_evidence
from reports.sections.glance import part_glance
from reports.sections.guidance import part_guidance
from reports.sections.references import part_references
from reports.sections.sample_size import part_sample_size
from reports.sections.schedule import part_schedule
from reports.sections.spirit import part_spirit
from reports.sections.title import part_title


def summary_story(ctx: ReportContext) -> list:
    """The eight parts in order, with the page breaks between them; the SPIRIT completeness
    closes part 3 and the changes appendix, when asked for, follows the references."""
    story: list = []
    story += part_title(ctx)
    story += part_glance(ctx)
    ctx.step(0.10, "Guidance")
    story += [PageBreak(), *part_guidance(ctx), *part_spirit(ctx)]
    story += [PageBreak(), *part_sections(ctx)]
    ctx.step(0.25, "Sample size")
    story += [PageBreak(), *part_sample_size(ctx)]
    ctx.step(0.40, "Schedule")
    story += [CondPageBreak(120 * mm), *part_schedule(ctx)]
    ctx.step(0.50, "Evidence")
    story += [PageBreak(), *part_evidence(ctx)]
    story += [CondPageBreak(60 * mm), *part_references(ctx)]
    if ctx.changes is not None:
        story += [PageBreak(), *part_changes(ctx)]
    ctx.step(0.60, "Laying out the pages")
    return story
