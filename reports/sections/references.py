"""Part 8 of the PDF summary, the references: every source cited in the summary, numbered in
order of first citation (reports.references), and a note on any characters the embedded font
lacks.
"""

from __future__ import annotations

from reportlab.platypus import Flowable

from reports.sections.base import SectionBase


class ReferenceList(SectionBase):
    """Part 8: the references."""

    def part_references(self) -> list[Flowable]:
        out = self.heading(8)
        for number, reference in self.refs.entries():
            text = self.m(reference.text)
            if reference.urls:
                text += " " + " ".join(self.m(url) for url in reference.urls)
            out.append(self.pm(f"[{number}]&nbsp;&nbsp;{text}", "reference"))
        note = self.fmt.substitution_note()
        if note:
            out.append(self.p(note, "note"))
        return out
