"""Part 4 of the PDF summary, the design section by section: every field as it stands (from
reports.content.section_rows), the findings on each section, and the trial notes.
"""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable

from reports.content import section_rows
from reports.context import ReportContext
from reports.sections.guidance import SEVERITY_WORDS


def part_sections(ctx: ReportContext) -> list[Flowable]:
    lay = ctx.layout
    out = lay.heading(4)
    out.append(lay.p("Every field of the design as it stands; 'not decided' marks an open "
                     "decision. Fields that do not apply to this design and are blank are "
                     "left out.", "small"))
    for title, prefixes, rows, _left_out in section_rows(ctx.design):
        out += [CondPageBreak(30 * mm), lay.p(title, "h2_flow")]
        out += lay.kv_table(rows)
        findings = []
        seen = set()
        for prefix in prefixes:
            for finding in ctx.result.findings_for_path(prefix):
                key = (finding.rule, finding.arm)
                if key not in seen:
                    seen.add(key)
                    findings.append(finding)
        if findings:
            listed = "; ".join(f"{SEVERITY_WORDS[f.severity].lower()} {f.rule} ({f.title})"
                               for f in findings)
            out.append(lay.p(f"Findings on this section (part 3): {listed}.", "small"))
        else:
            out.append(lay.p("No findings on this section.", "small"))
    notes = ctx.design.meta.notes
    if notes:
        out.append(lay.p("Trial notes", "h2"))
        for chunk in notes.split("\n\n"):
            out += lay.paragraphs(chunk, "body")
    return out
