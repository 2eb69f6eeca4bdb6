"""An appendix after the references, when the export is asked for one: "Changes since version
N" (models.compare), the committee's view of what moved between two versions of the design:
every field that differs, the findings that appeared and disappeared, the computed n, and the
core-protocol checklist and Box 1 map.
"""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable

from models.compare import Comparison, sample_size_words
from reports.sections.base import SectionBase, _Bookmark
from reports.styles import FRAME_WIDTH


def changes_title(comparison: Comparison) -> str:
    return f"Changes since {comparison.old_version}"


class ChangesSince(SectionBase):
    """The appendix; ``self.changes`` is the Comparison (old → this design), or None."""

    def part_changes(self) -> list[Flowable]:
        c: Comparison = self.changes
        title = changes_title(c)
        out: list[Flowable] = [_Bookmark("changes", title), self.p(title, "h1")]
        if c.identical:
            return out + [self.p(f"The design is the same as {c.old_version} in every field.")]
        out.append(self.p(f"From {c.old_version} to this design ({c.new_version}): "
                          f"{len(c.fields)} field(s) differ; {len(c.findings_appeared)} "
                          f"finding(s) appeared and {len(c.findings_disappeared)} disappeared; "
                          f"sample size {sample_size_words(c)}. Arms, secondary endpoints and "
                          "intercurrent events are matched by position.", "body"))
        label_w, side_w = 58 * mm, (FRAME_WIDTH - 58 * mm) / 2
        rows = [[self.p("Field", "cell_head"), self.p("Old", "cell_head"),
                 self.p("New", "cell_head")]]
        for change in c.fields:
            label = self.pm(f"{self.m(change.label)}<br/><font size='6.5'>"
                            f"{self.m(change.path)}</font>", "cell")
            new = change.new + (f" ({change.detail})" if change.detail else "")
            rows.append([label, self.p(change.old, "cell"), self.p(new, "cell")])
        out += [self.p("Fields that differ", "h2_flow"),
                self.grid_table(rows, [label_w, side_w, side_w])]
        out += self._findings(c)
        out += [self.p("Sample size", "h2"),
                self.p(f"{c.old_version[:1].upper()}{c.old_version[1:]}: "
                       f"{c.sample_size_old.text}.", "body"),
                self.p(f"This version: {c.sample_size_new.text}.", "body")]
        (before, after), total = c.checklist_addressed, c.checklist_total
        out.append(self.p(f"Core-protocol checklist: {before} → {after} of {total} addressed",
                          "h2"))
        out += self._status_table(c.checklist, "Item")
        out.append(self.p(f"Box 1 map: {len(c.box1)} proposal(s) changed status", "h2"))
        out += self._status_table(c.box1, "Proposal")
        return out

    def _findings(self, c: Comparison) -> list[Flowable]:
        rows = [[self.p("", "cell_head"), self.p("Rule", "cell_head"),
                 self.p("Finding", "cell_head"), self.p("Severity", "cell_head")]]
        for word, group in (("appeared", c.findings_appeared),
                            ("disappeared", c.findings_disappeared)):
            for f in group:
                title = f.title + (f" ({f.arm})" if f.arm else "")
                rows.append([word, f.rule, self.p(title, "cell"), f.severity])
        out = [self.p(f"Findings ({c.findings_kept} in both versions)", "h2_flow")]
        if len(rows) == 1:
            return out + [self.p("No finding appeared or disappeared.", "body")]
        widths = [22 * mm, 14 * mm, FRAME_WIDTH - 56 * mm, 20 * mm]
        return out + [self.grid_table(rows, widths)]

    def _status_table(self, changes, head: str) -> list[Flowable]:
        if not changes:
            return [self.p("No change.", "body")]
        rows = [[self.p("#", "cell_head"), self.p(head, "cell_head"), self.p("Old", "cell_head"),
                 self.p("New", "cell_head")]]
        rows += [[str(s.number), self.p(s.title, "cell"), self.p(s.old, "cell"),
                  self.p(s.new, "cell")] for s in changes]
        widths = [8 * mm, FRAME_WIDTH - 88 * mm, 40 * mm, 40 * mm]
        return [self.grid_table(rows, widths)]
