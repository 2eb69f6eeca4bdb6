"""Part 3, last table: SPIRIT 2025 completeness (models.spirit). Which checklist items the
design already informs, with the fields; which are still open, with the fields to decide; and
which the design cannot inform, with the reason.
"""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable

from models.spirit import INFORMED, OPEN, OUTSIDE, field_labels, spirit_completeness
from reports.context import ReportContext
from reports.layout import TableCommand
from reports.styles import FONT_BOLD, FRAME_WIDTH, GREY_FAINT

STATUS_CELL = {INFORMED: "informed", OPEN: "OPEN", OUTSIDE: "outside"}


def part_spirit(ctx: ReportContext) -> list[Flowable]:
    lay = ctx.layout
    spirit = spirit_completeness(ctx.design, ctx.result.checklist)
    cite = lay.cite(spirit.source.citation)
    data = [[lay.p("Item", "cell_head"), lay.p("Topic", "cell_head"),
             lay.p("Status", "cell_head"),
             lay.p("Fields of the design (informed), still to decide (open), or why the "
                   "design cannot inform it", "cell_head")]]
    extra: list[TableCommand] = []
    for item in spirit.items:
        if item.status == OUTSIDE:
            detail = item.note
        elif item.status == OPEN:
            detail = "To decide: " + field_labels(item.open_fields)
            if item.informed_fields:
                detail += ". Decided: " + field_labels(item.informed_fields)
        else:
            detail = field_labels(item.informed_fields)
            if item.note:
                detail += f". {item.note}"
        data.append([item.item, lay.cell(item.topic, 50 * mm), STATUS_CELL[item.status],
                     lay.p(detail, "cell_small")])
        if item.status == OUTSIDE:
            extra.append(("BACKGROUND", (0, len(data) - 1), (-1, len(data) - 1), GREY_FAINT))
    widths = [11 * mm, 50 * mm, 26 * mm, FRAME_WIDTH - 87 * mm]
    extra.append(("FONTNAME", (2, 1), (2, -1), FONT_BOLD))
    return [CondPageBreak(60 * mm),
            lay.pm(f"SPIRIT 2025 completeness{lay.m(cite)}", "h2"),
            lay.p(f"{spirit.summary()[:1].upper()}{spirit.summary()[1:]}. An item is "
                  "informed when the design's fields for it are decided, open while any "
                  "is not, and outside the design when no field of it bears on the item "
                  "(the protocol must cover it elsewhere). Topics are short names, not the "
                  "statement's wording; the mapping to fields is the program's.", "small"),
            lay.grid_table(data, widths, extra=extra)]
