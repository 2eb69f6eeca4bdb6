"""Part 4 of the PDF summary, the design section by section: every field as it stands (from
reports.content.section_rows), the findings on each section, and the trial notes.
"""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable

from reports.content import section_rows
from reports.sections.base import SectionBase
from reports.sections.guidance import SEVERITY_WORDS


class DesignSections(SectionBase):
    """Part 4: the design, section by section."""

    def part_sections(self) -> list[Flowable]:
        out = self.heading(4)
        out.append(self.p("Every field of the design as it stands; 'not decided' marks an open "
                          "decision. Fields that do not apply to this design and are blank are "
                          "left out.", "small"))
        for title, prefixes, rows, _left_out in section_rows(self.design):
            out += [CondPageBreak(30 * mm), self.p(title, "h2_flow")]
            out += self.kv_table(rows)
            findings = []
            seen = set()
            for prefix in prefixes:
                for finding in self.result.findings_for_path(prefix):
                    key = (finding.rule, finding.arm)
                    if key not in seen:
                        seen.add(key)
                        findings.append(finding)
            if findings:
                listed = "; ".join(f"{SEVERITY_WORDS[f.severity].lower()} {f.rule} ({f.title})"
                                   for f in findings)
                out.append(self.p(f"Findings on this section (part 3): {listed}.", "small"))
            else:
                out.append(self.p("No findings on this section.", "small"))
        notes = self.design.meta.notes
        if notes:
            out.append(self.p("Trial notes", "h2"))
            for chunk in notes.split("\n\n"):
                out += self.paragraphs(chunk, "body")
        return out
