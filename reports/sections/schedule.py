"""Part 6 of the PDF summary, the SPIRIT schedule of enrolment, interventions and assessments
(models.schedule): its time points as table columns, split into tables that each fit the page
width, with each period's header spanning its columns.
"""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, KeepTogether, Spacer, Table

from models.schedule import (
    GROUP_ASSESSMENTS,
    GROUP_ENROLMENT,
    GROUP_INTERVENTIONS,
    Schedule,
    TimePoint,
    build_schedule,
)
from reports.context import ReportContext
from reports.layout import TableCommand
from reports.styles import FONT, FONT_BOLD, FRAME_WIDTH, GREY_FAINT, GREY_LIGHT

SCHEDULE_COLUMNS_PER_TABLE = 10


def part_schedule(ctx: ReportContext) -> list[Flowable]:
    lay = ctx.layout
    schedule = build_schedule(ctx.design)
    intro = [*lay.heading(6),
             lay.p("Derived from the dosing, sampling, endpoint and follow-up fields; "
                   "X marks when an activity takes place.", "small")]
    points = list(schedule.timepoints)
    label_width = 50 * mm
    chunks = _column_chunks(points, FRAME_WIDTH - label_width)
    tables: list[Flowable] = []
    for number, chunk in enumerate(chunks, start=1):
        if len(chunks) > 1:
            tables.append(lay.p(f"Time points, part {number} of {len(chunks)}", "h2"))
        tables.append(_schedule_table(ctx, schedule, chunk, label_width))
        tables.append(Spacer(1, 4))
    notes = [lay.p(note, "note") for note in schedule.notes]
    # The figure reads best on one page, with its notes: keep it whole when it fits one.
    if len(chunks) == 1:
        return [KeepTogether(intro + tables + notes)]
    return [KeepTogether(intro + tables[:2]), *tables[2:], *notes]


def _schedule_table(ctx: ReportContext, schedule: Schedule, columns: list[TimePoint],
                    label_width: float) -> Table:
    lay = ctx.layout
    widths = _column_widths(columns, FRAME_WIDTH - label_width)
    data = [[lay.p("Period", "cell_head"), *(lay.p(c.period, "cell_small")
                                             for c in columns)],
            [lay.p("Time point", "cell_head"),
             *(lay.p(c.label, "cell_head") for c in columns)],
            [lay.p("Timing", "cell_small"),
             *(lay.p(c.detail or "", "cell_small") for c in columns)]]
    extra: list[TableCommand] = [("BACKGROUND", (0, 0), (-1, 2), GREY_LIGHT),
             ("ALIGN", (1, 3), (-1, -1), "CENTER")]
    # Consecutive columns of one period share one header cell, as in the SPIRIT figure.
    for first, last in _period_runs(columns):
        if last > first:
            extra.append(("SPAN", (first + 1, 0), (last + 1, 0)))
    for group in (GROUP_ENROLMENT, GROUP_INTERVENTIONS, GROUP_ASSESSMENTS):
        activities = [a for a in schedule.activities if a.group == group]
        if not activities:
            continue
        data.append([lay.p(group.upper(), "cell_head"), *([""] * len(columns))])
        row = len(data) - 1
        extra += [("SPAN", (0, row), (-1, row)), ("BACKGROUND", (0, row), (-1, row),
                                                  GREY_FAINT)]
        for activity in activities:
            data.append([lay.cell(activity.label, label_width),
                         *("X" if c.key in activity.marks else "" for c in columns)])
    extra.append(("FONTNAME", (1, 3), (-1, -1), FONT_BOLD))
    return lay.grid_table(data, [label_width, *widths], header_rows=3, extra=extra)


# --- schedule columns ------------------------------------------------------------------------

_CELL_PADDING = 5.5


def _longest_word(text: str, font: str, size: float) -> float:
    return max((stringWidth(word, font, size) for word in text.split()), default=0.0)


def _period_runs(columns: list[TimePoint]) -> list[tuple[int, int]]:
    """(first, last) indexes of consecutive columns that share a period."""
    runs: list[tuple[int, int]] = []
    for index, column in enumerate(columns):
        if runs and columns[runs[-1][0]].period == column.period:
            runs[-1] = (runs[-1][0], index)
        else:
            runs.append((index, index))
    return runs


def _min_widths(columns: list[TimePoint]) -> list[float]:
    """The narrowest each column can be without breaking a word of its label or timing, and
    with its period's name fitting over the columns it spans."""
    widths = [max(_longest_word(c.label, FONT_BOLD, 7.5), _longest_word(c.detail, FONT, 7),
                  14.0) + _CELL_PADDING for c in columns]
    for first, last in _period_runs(columns):
        needed = _longest_word(columns[first].period, FONT, 7) + _CELL_PADDING
        span = sum(widths[first:last + 1])
        if span < needed:
            extra = (needed - span) / (last - first + 1)
            for index in range(first, last + 1):
                widths[index] += extra
    return widths


def _column_chunks(columns: list[TimePoint], available: float) -> list[list[TimePoint]]:
    """Split the time points into tables that each fit the page width (rarely more than one)."""
    chunks: list[list[TimePoint]] = [[]]
    for column in columns:
        trial = chunks[-1] + [column]
        if chunks[-1] and sum(_min_widths(trial)) > available:
            chunks.append([column])
        else:
            chunks[-1] = trial
    return chunks


def _column_widths(columns: list[TimePoint], available: float) -> list[float]:
    widths = _min_widths(columns)
    spare = max(0.0, available - sum(widths)) / max(len(widths), 1)
    return [w + spare for w in widths]
