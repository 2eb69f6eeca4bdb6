"""An appendix after the references, when the export is asked for one: "Changes since version
N" (models.compare), the committee's view of what moved between two versions of the design:
every field that differs, the findings that appeared and disappeared, the computed n, and the
core-protocol checklist and Box 1 map.
"""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable

from models.compare import Comparison, StatusChange, sample_size_words
from reports.context import ReportContext
from reports.layout import Bookmark
from reports.styles import FRAME_WIDTH


def changes_title(comparison: Comparison) -> str:
    return f"Changes since {comparison.old_version}"


def part_changes(ctx: ReportContext) -> list[Flowable]:
    lay = ctx.layout
    c = ctx.changes
    if c is None:
        raise ValueError("part_changes needs a context built with changes_since")
    title = changes_title(c)
    out: list[Flowable] = [Bookmark("changes", title), lay.p(title, "h1")]
    if c.identical:
        return out + [lay.p(f"The design is the same as {c.old_version} in every field.")]
    out.append(lay.p(f"From {c.old_version} to this design ({c.new_version}): "
                     f"{len(c.fields)} field(s) differ; {len(c.findings_appeared)} "
                     f"finding(s) appeared and {len(c.findings_disappeared)} disappeared; "
                     f"sample size {sample_size_words(c)}. Arms, secondary endpoints and "
                     "intercurrent events are matched by position.", "body"))
    label_w, side_w = 58 * mm, (FRAME_WIDTH - 58 * mm) / 2
    rows = [[lay.p("Field", "cell_head"), lay.p("Old", "cell_head"),
             lay.p("New", "cell_head")]]
    for change in c.fields:
        label = lay.pm(f"{lay.m(change.label)}<br/><font size='6.5'>"
                       f"{lay.m(change.path)}</font>", "cell")
        new = change.new + (f" ({change.detail})" if change.detail else "")
        rows.append([label, lay.p(change.old, "cell"), lay.p(new, "cell")])
    out += [lay.p("Fields that differ", "h2_flow"),
            lay.grid_table(rows, [label_w, side_w, side_w])]
    out += _findings(ctx, c)
    out += [lay.p("Sample size", "h2"),
            lay.p(f"{c.old_version[:1].upper()}{c.old_version[1:]}: "
                  f"{c.sample_size_old.text}.", "body"),
            lay.p(f"This version: {c.sample_size_new.text}.", "body")]
    (before, after), total = c.checklist_addressed, c.checklist_total
    out.append(lay.p(f"Core-protocol checklist: {before} → {after} of {total} addressed",
                     "h2"))
    out += _status_table(ctx, c.checklist, "Item")
    out.append(lay.p(f"Box 1 map: {len(c.box1)} proposal(s) changed status", "h2"))
    out += _status_table(ctx, c.box1, "Proposal")
    return out


def _findings(ctx: ReportContext, c: Comparison) -> list[Flowable]:
    lay = ctx.layout
    rows = [[lay.p("", "cell_head"), lay.p("Rule", "cell_head"),
             lay.p("Finding", "cell_head"), lay.p("Severity", "cell_head")]]
    for word, group in (("appeared", c.findings_appeared),
                        ("disappeared", c.findings_disappeared)):
        for f in group:
            title = f.title + (f" ({f.arm})" if f.arm else "")
            rows.append([word, f.rule, lay.p(title, "cell"), f.severity])
    out = [lay.p(f"Findings ({c.findings_kept} in both versions)", "h2_flow")]
    if len(rows) == 1:
        return out + [lay.p("No finding appeared or disappeared.", "body")]
    widths = [22 * mm, 14 * mm, FRAME_WIDTH - 56 * mm, 20 * mm]
    return out + [lay.grid_table(rows, widths)]


def _status_table(ctx: ReportContext, changes: tuple[StatusChange, ...],
                  head: str) -> list[Flowable]:
    lay = ctx.layout
    if not changes:
        return [lay.p("No change.", "body")]
    rows = [[lay.p("#", "cell_head"), lay.p(head, "cell_head"), lay.p("Old", "cell_head"),
             lay.p("New", "cell_head")]]
    rows += [[str(s.number), lay.p(s.title, "cell"), lay.p(s.old, "cell"),
              lay.p(s.new, "cell")] for s in changes]
    widths = [8 * mm, FRAME_WIDTH - 88 * mm, 40 * mm, 40 * mm]
    return [lay.grid_table(rows, widths)]
