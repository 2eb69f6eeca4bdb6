"""Part 3 of the PDF summary, the guidance status: the count of findings by severity, each
finding with its evidence and citations, the core-protocol checklist and the Box 1 map; and the
black-and-white severity and status icons they are drawn with.
"""

from __future__ import annotations

from reportlab.graphics.shapes import Circle, Drawing, Line, PolyLine, Polygon, Rect
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Spacer, TableStyle

from models.guidance import Severity
from models.guidance.thresholds import describe_threshold
from reports.references import CURLEY_KEY
from reports.sections.base import SectionBase, Table
from reports.styles import FONT, FONT_BOLD, FRAME_WIDTH, GREY_FAINT, GREY_LIGHT, GREY_MID, INK

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


def _thresholds_text(changed: dict) -> str:
    if not changed:
        return "the defaults of the guidance catalogue (section 1.6); none changed"
    return "changed from their defaults: " + "; ".join(
        f"{describe_threshold(name, value)} (default "
        f"{describe_threshold(name, default).split(': ', 1)[1]})"
        for name, (value, default) in changed.items())


class GuidanceStatus(SectionBase):
    """Part 3: the guidance status."""

    def part_guidance(self) -> list[Flowable]:
        result = self.result
        counts = result.counts
        out = self.heading(3)
        open_count = sum(1 for f in result.findings if f.not_specified)
        cells = []
        for severity in Severity:
            cells += [severity_icon(severity, 10),
                      self.pm(f"<b>{counts[severity.value]}</b> "
                              f"{self.m(SEVERITY_PLURAL[severity].lower())}", "body")]
        summary = Table([cells], colWidths=[14, 36 * mm] * 3, hAlign="LEFT")
        summary.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), FONT),
                                     ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                                     ("LEFTPADDING", (0, 0), (-1, -1), 1)]))
        out.append(summary)
        out.append(self.p(f"{len(result.findings)} finding(s), {open_count} of them open "
                          "decisions (a field not specified yet). Findings are sorted by "
                          "severity, then rule id. Errors break a published definitional "
                          "standard or leave the trial uninterpretable; warnings depart from an "
                          "explicit recommendation of Curley 2024 or established practice; "
                          "advice is tentative or good practice.", "small"))
        out.append(self.p("Guidance thresholds: "
                          + _thresholds_text(self.thresholds.changed_from_default()), "small"))
        if not result.findings:
            out.append(self.p("No findings: the design meets every rule of the guidance "
                              "catalogue.", "body"))
        for severity in Severity:
            group = [f for f in result.findings if f.severity is severity]
            if not group:
                continue
            out.append(self.p(f"{SEVERITY_PLURAL[severity]} ({len(group)})", "h2"))
            for finding in group:
                out.append(self._finding(finding))
        out += self._checklist()
        out += self._box1()
        return out

    def _finding(self, finding) -> Flowable:
        head = f"{SEVERITY_WORDS[finding.severity].upper()} · {finding.rule} · {finding.title}"
        if finding.arm_label:
            head += f" ({finding.arm_label})"
        if finding.not_specified:
            head += " — not specified yet"
        heading = Table([[severity_icon(finding.severity), self.p(head, "finding_head")]],
                        colWidths=[14, FRAME_WIDTH - 14])
        heading.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), FONT),
                                     ("VALIGN", (0, 0), (-1, -1), "TOP"),
                                     ("LEFTPADDING", (0, 0), (-1, -1), 0),
                                     ("TOPPADDING", (0, 0), (-1, -1), 1),
                                     ("BOTTOMPADDING", (0, 0), (-1, -1), 1)]))
        parts: list[Flowable] = [heading, self.p(finding.message, "finding_body"),
                                 self.p("Fields: " + ", ".join(finding.fields), "evidence")]
        for evidence in finding.evidence:
            source = f" — {self.m(evidence.source)}{self.cite(evidence.source)}" \
                if evidence.source else ""
            label = {"discrepancy": "", "unverified": "Unverified: "}.get(evidence.kind or "", "")
            parts.append(self.pm(f"Evidence: {self.m(label)}{self.m(evidence.text)}{source}",
                                 "evidence"))
        if finding.trials:
            parts.append(self.p("Illustrating trials: " + " ".join(finding.trials), "evidence"))
        parts.append(Spacer(1, 3))
        return KeepTogether(parts)

    def _checklist(self) -> list[Flowable]:
        curley = self.refs.cite_key(CURLEY_KEY)
        data = [[self.p("#", "cell_head"),
                 self.pm(f"Core-protocol item (Curley 2024 [{curley}], refs 38, 39)",
                         "cell_head"),
                 "", self.p("Status", "cell_head"), self.p("Still to decide", "cell_head")]]
        for item in self.result.checklist:
            status = "met" if item.addressed else "not met"
            data.append([str(item.number), item.title, status_icon(status),
                         "addressed" if item.addressed else "NOT addressed",
                         self.p(", ".join(item.missing_fields) or "—", "cell_small")])
        widths = [8 * mm, 48 * mm, 12, 24 * mm, FRAME_WIDTH - 80 * mm - 12]
        addressed = sum(1 for item in self.result.checklist if item.addressed)
        return [CondPageBreak(50 * mm),
                self.p(f"Core-protocol checklist: {addressed} of {len(self.result.checklist)} "
                       "items addressed", "h2"),
                self.grid_table(data, widths, extra=[("SPAN", (1, 0), (2, 0)),
                                                     ("FONTNAME", (3, 1), (3, -1), FONT_BOLD)])]

    def _box1(self) -> list[Flowable]:
        curley = self.refs.cite_key(CURLEY_KEY)
        data = [[self.p("#", "cell_head"),
                 self.pm(f"Box 1 proposal (Curley 2024 [{curley}])", "cell_head"),
                 "", self.p("Status", "cell_head"), self.p("Findings concerned", "cell_head")]]
        for status in self.result.box1:
            data.append([str(status.number), self.p(status.text, "cell"),
                         status_icon(status.status), STATUS_WORDS[status.status],
                         self.cell(", ".join(status.findings) or "—",
                                   FRAME_WIDTH - 130 * mm - 12)])
        widths = [8 * mm, 98 * mm, 12, 24 * mm, FRAME_WIDTH - 130 * mm - 12]
        return [CondPageBreak(50 * mm),
                self.p("Box 1 map: met / not met / not applicable", "h2"),
                self.p("Not applicable: none of the proposal's rules applies to this design; "
                       "met: none of them fires; not met: the findings listed.", "small"),
                self.grid_table(data, widths, extra=[("SPAN", (1, 0), (2, 0)),
                                                     ("FONTNAME", (3, 1), (3, -1), FONT_BOLD)])]
