"""Part 8 of the PDF summary, the references: every source cited in the summary, numbered in
order of first citation (reports.references), and a note on any characters the embedded font
lacks.
"""

from __future__ import annotations

from reportlab.platypus import Flowable
from reports.context import ReportContext


def part_references(ctx: ReportContext) -> list[Flowable]:
    lay = ctx.layout
    out = lay.heading(8)
    for number, reference in ctx.refs.entries():
        text = lay.m(reference.text)
        if reference.urls:
            text += " " + " ".join(lay.m(url) for url in reference.urls)
        out.append(lay.pm(f"[{number}]&nbsp;&nbsp;{text}", "reference"))
    note = lay.fmt.substitution_note()
    if note:
        out.append(lay.p(note, "note"))
    return out
