"""Part 3 of the PDF summary, the guidance status: the count of findings by severity, each
finding with its evidence and citations, the core-protocol checklist and the Box 1 map; and the
black-and-white severity and status icons they are drawn with.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from reports.shapes import Circle, Drawing, Line, PolyLine, Polygon, Rect
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Spacer, TableStyle

from models.guidance.base import Severity
from models.guidance.thresholds import describe_threshold
from reports.context import ReportContext
from reports.references import CURLEY_KEY
from reports.layout import Table
from reports.styles import FONT, FONT_BOLD, FRAME_WIDTH, GREY_FAINT, GREY_LIGHT, GREY_MID, INK

if TYPE_CHECKING:
    from models.guidance.engine import Finding   # loaded with the rules (models.guidance)

SEVERITY_WORDS = {Severity.ERROR: "Error", Severity.WARNING: "Warning",
                  Severity.ADVICE: "Advice"}
SEVERITY_PLURAL = {Severity.ERROR: "Errors", Severity.WARNING: "Warnings",
                   Severity.ADVICE: "Advice"}


def severity_icon(severity: Severity, size: float = 9) -> Drawing:
    """Black-and-white severity icons that echo the screen's ✖ ▲ ℹ: a black disc with a white
    cross, a grey triangle with '!', an open circle with 'i'."""
    drawing = Drawing(size, size, initialFontName=FONT)
    r = size / 2
    if severity is Severity.ERROR:
        drawing.add(Circle(r, r, r - 0.3, fillColor=INK, strokeColor=INK, strokeWidth=0.5))
        d = r * 0.45
        for x0, y0, x1, y1 in ((r - d, r - d, r + d, r + d), (r - d, r + d, r + d, r - d)):
            drawing.add(Line(x0, y0, x1, y1, strokeColor=GREY_FAINT, strokeWidth=1.3))
    elif severity is Severity.WARNING:
        drawing.add(Polygon([0.4, 0.5, size - 0.4, 0.5, r, size - 0.3], fillColor=GREY_LIGHT,
                            strokeColor=INK, strokeWidth=0.9))
        drawing.add(Line(r, size * 0.38, r, size * 0.7, strokeColor=INK, strokeWidth=1.1))
        drawing.add(Circle(r, size * 0.22, 0.6, fillColor=INK, strokeColor=INK))
    else:
        drawing.add(Circle(r, r, r - 0.5, fillColor=None, strokeColor=INK, strokeWidth=0.9))
        drawing.add(Line(r, size * 0.22, r, size * 0.56, strokeColor=INK, strokeWidth=1.1))
        drawing.add(Circle(r, size * 0.72, 0.6, fillColor=INK, strokeColor=INK))
    return drawing


def status_icon(status: str, size: float = 8) -> Drawing:
    """A tick for met/addressed, a cross for not met, a dash for not applicable."""
    drawing = Drawing(size, size, initialFontName=FONT)
    if status == "met":
        drawing.add(PolyLine([0.8, size * 0.5, size * 0.4, size * 0.12, size - 0.5, size - 0.8],
                             strokeColor=INK, strokeWidth=1.5))
    elif status == "not met":
        drawing.add(Rect(0.3, 0.3, size - 0.6, size - 0.6, fillColor=INK, strokeColor=INK))
        for x0, y0, x1, y1 in ((2, 2, size - 2, size - 2), (2, size - 2, size - 2, 2)):
            drawing.add(Line(x0, y0, x1, y1, strokeColor=GREY_FAINT, strokeWidth=1.1))
    else:
        drawing.add(Line(1, size / 2, size - 1, size / 2, strokeColor=GREY_MID, strokeWidth=1.2))
    return drawing


STATUS_WORDS = {"met": "met", "not met": "NOT MET", "not applicable": "not applicable"}


def thresholds_text(changed: dict) -> str:
    if not changed:
        return "the defaults of the guidance catalogue (section 1.6); none changed"
    return "changed from their defaults: " + "; ".join(
        f"{describe_threshold(name, value)} (default "
        f"{describe_threshold(name, default).split(': ', 1)[1]})"
        for name, (value, default) in changed.items())


def part_guidance(ctx: ReportContext) -> list[Flowable]:
    lay = ctx.layout
    result = ctx.result
    counts = result.counts
    out = lay.heading(3)
    open_count = sum(1 for f in result.findings if f.not_specified)
    cells = []
    for severity in Severity:
        cells += [severity_icon(severity, 10),
                  lay.pm(f"<b>{counts[severity.value]}</b> "
                         f"{lay.m(SEVERITY_PLURAL[severity].lower())}", "body")]
    summary = Table([cells], colWidths=[14, 36 * mm] * 3, hAlign="LEFT")
    summary.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), FONT),
                                 ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                                 ("LEFTPADDING", (0, 0), (-1, -1), 1)]))
    out.append(summary)
    out.append(lay.p(f"{len(result.findings)} finding(s), {open_count} of them open "
                     "decisions (a field not specified yet). Findings are sorted by "
                     "severity, then rule id. Errors break a published definitional "
                     "standard or leave the trial uninterpretable; warnings depart from an "
                     "explicit recommendation of Curley 2024 or established practice; "
                     "advice is tentative or good practice.", "small"))
    out.append(lay.p("Guidance thresholds: "
                     + thresholds_text(ctx.thresholds.changed_from_default()), "small"))
    if not result.findings:
        out.append(lay.p("No findings: the design meets every rule of the guidance "
                         "catalogue.", "body"))
    for severity in Severity:
        group = [f for f in result.findings if f.severity is severity]
        if not group:
            continue
        out.append(lay.p(f"{SEVERITY_PLURAL[severity]} ({len(group)})", "h2"))
        for finding in group:
            out.append(_finding(ctx, finding))
    out += _checklist(ctx)
    out += _box1(ctx)
    return out


def _finding(ctx: ReportContext, finding: Finding) -> Flowable:
    lay = ctx.layout
    head = f"{SEVERITY_WORDS[finding.severity].upper()} · {finding.rule} · {finding.title}"
    if finding.arm_label:
        head += f" ({finding.arm_label})"
    if finding.not_specified:
        head += " — not specified yet"
    heading = Table([[severity_icon(finding.severity), lay.p(head, "finding_head")]],
                    colWidths=[14, FRAME_WIDTH - 14])
    heading.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), FONT),
                                 ("VALIGN", (0, 0), (-1, -1), "TOP"),
                                 ("LEFTPADDING", (0, 0), (-1, -1), 0),
                                 ("TOPPADDING", (0, 0), (-1, -1), 1),
                                 ("BOTTOMPADDING", (0, 0), (-1, -1), 1)]))
    parts: list[Flowable] = [heading, lay.p(finding.message, "finding_body"),
                             lay.p("Fields: " + ", ".join(finding.fields), "evidence")]
    for evidence in finding.evidence:
        source = f" — {lay.m(evidence.source)}{lay.cite(evidence.source)}" \
            if evidence.source else ""
        label = {"discrepancy": "", "unverified": "Unverified: "}.get(evidence.kind or "", "")
        parts.append(lay.pm(f"Evidence: {lay.m(label)}{lay.m(evidence.text)}{source}",
                            "evidence"))
    if finding.trials:
        parts.append(lay.p("Illustrating trials: " + " ".join(finding.trials), "evidence"))
    parts.append(Spacer(1, 3))
    return KeepTogether(parts)


def _checklist(ctx: ReportContext) -> list[Flowable]:
    lay = ctx.layout
    curley = ctx.refs.cite_key(CURLEY_KEY)
    data = [[lay.p("#", "cell_head"),
             lay.pm(f"Core-protocol item (Curley 2024 [{curley}], refs 38, 39)",
                    "cell_head"),
             "", lay.p("Status", "cell_head"), lay.p("Still to decide", "cell_head")]]
    for item in ctx.result.checklist:
        status = "met" if item.addressed else "not met"
        data.append([str(item.number), item.title, status_icon(status),
                     "addressed" if item.addressed else "NOT addressed",
                     lay.p(", ".join(item.missing_fields) or "—", "cell_small")])
    widths = [8 * mm, 48 * mm, 12, 24 * mm, FRAME_WIDTH - 80 * mm - 12]
    addressed = sum(1 for item in ctx.result.checklist if item.addressed)
    return [CondPageBreak(50 * mm),
            lay.p(f"Core-protocol checklist: {addressed} of {len(ctx.result.checklist)} "
                  "items addressed", "h2"),
            lay.grid_table(data, widths, extra=[("SPAN", (1, 0), (2, 0)),
                                                ("FONTNAME", (3, 1), (3, -1), FONT_BOLD)])]


def _box1(ctx: ReportContext) -> list[Flowable]:
    lay = ctx.layout
    curley = ctx.refs.cite_key(CURLEY_KEY)
    data = [[lay.p("#", "cell_head"),
             lay.pm(f"Box 1 proposal (Curley 2024 [{curley}])", "cell_head"),
             "", lay.p("Status", "cell_head"), lay.p("Findings concerned", "cell_head")]]
    for status in ctx.result.box1:
        data.append([str(status.number), lay.p(status.text, "cell"),
                     status_icon(status.status), STATUS_WORDS[status.status],
                     lay.cell(", ".join(status.findings) or "—",
                              FRAME_WIDTH - 130 * mm - 12)])
    widths = [8 * mm, 98 * mm, 12, 24 * mm, FRAME_WIDTH - 130 * mm - 12]
    return [CondPageBreak(50 * mm),
            lay.p("Box 1 map: met / not met / not applicable", "h2"),
            lay.p("Not applicable: none of the proposal's rules applies to this design; "
                  "met: none of them fires; not met: the findings listed.", "small"),
            lay.grid_table(data, widths, extra=[("SPAN", (1, 0), (2, 0)),
                                                ("FONTNAME", (3, 1), (3, -1), FONT_BOLD)])]
