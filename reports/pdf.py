"""The PDF protocol summary for a steering committee (product.md, "The PDF protocol summary").

Eight parts on A4, in this order: 1 title block, 2 design at a glance, 3 guidance status, 4 the
design section by section, 5 sample-size justification, 6 the SPIRIT schedule, 7 evidence
context, 8 references. Every page carries "page X of Y", the design's title and its fingerprint.

Everything printed comes from models/: the same guidance result, sample size, schedule and
evidence as the wizard and the command line, so the handout never disagrees with the screen.
No Qt: ``export_pdf`` works headless (command line, tests, a worker thread of the GUI).

    export_pdf(design, "summary.pdf", thresholds=load_user_thresholds())
"""

from __future__ import annotations

import datetime
import errno
import io
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from reportlab.graphics.shapes import Circle, Drawing, Line, PolyLine, Polygon, Rect
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepTogether,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from models import chart_data
from models.design import Design, EndpointKind
from models.design_io import fingerprint, write_atomic
from models.formatting import format_number, format_percent
from models.guidance import DEFAULT_THRESHOLDS, Severity, Thresholds, evaluate
from models.guidance.catalogue import load_catalogue
from models.guidance.thresholds import describe_threshold
from models.schedule import (
    GROUP_ASSESSMENTS,
    GROUP_ENROLMENT,
    GROUP_INTERVENTIONS,
    build_schedule,
)
from models.version import APP_NAME, EVIDENCE_CURRENT_TO, __version__
from reports import charts
from reports.content import (
    Row,
    glance_rows,
    section_rows,
    statistics_rows,
    words,
)
from reports.references import CURLEY_KEY, References, numbers_text
from reports.styles import (
    FONT,
    FONT_BOLD,
    FRAME_WIDTH,
    GREY_DARK,
    GREY_FAINT,
    GREY_LIGHT,
    GREY_MID,
    INK,
    MARGIN_BOTTOM,
    MARGIN_LEFT,
    MARGIN_RIGHT,
    MARGIN_TOP,
    PAGE_SIZE,
    register_fonts,
    styles,
)
from reports.text import TextFormatter, cut, needs_markup

Progress = Callable[[float, str], None]

DISCLAIMER = ("The guidance in this summary is decision support drawn from the cited literature, "
              "not regulatory advice.")
PART_TITLES = {
    1: "Protocol summary",
    2: "2. Design at a glance",
    3: "3. Guidance status",
    4: "4. The design, section by section",
    5: "5. Sample size justification",
    6: "6. Schedule of enrolment, interventions and assessments (SPIRIT)",
    7: "7. Evidence context",
    8: "8. References",
}
# A value longer than this leaves the two-column table and is printed as its own paragraphs:
# a table row cannot break across pages, and format version 1 allows 20,000-character texts.
LONG_VALUE = 1500
FOOTER_TITLE_CHARS = 90
SCHEDULE_COLUMNS_PER_TABLE = 10
COMPARABLE_TRIALS_SHOWN = 15
CELL_PADDING = 2.5
# Plain-string table cells are set like the "cell" paragraph style.
CELL_FONT = (("FONTNAME", (0, 0), (-1, -1), FONT), ("FONTSIZE", (0, 0), (-1, -1), 7.8),
             ("LEADING", (0, 0), (-1, -1), 9.6))
SEVERITY_WORDS = {Severity.ERROR: "Error", Severity.WARNING: "Warning",
                  Severity.ADVICE: "Advice"}
SEVERITY_PLURAL = {Severity.ERROR: "Errors", Severity.WARNING: "Warnings",
                   Severity.ADVICE: "Advice"}


@dataclass(frozen=True)
class ExportResult:
    path: Path
    pages: int
    size_bytes: int


def export_pdf(design: Design, path: str | os.PathLike,
               thresholds: Thresholds = DEFAULT_THRESHOLDS, design_path: str | None = None,
               progress: Progress | None = None, evidence=None,
               generated: datetime.datetime | None = None) -> ExportResult:
    """Build the summary and write it atomically: on any failure (an unwritable folder, a full
    disk) the target is left as it was and no partial file remains. Raises OSError then."""
    data, pages = build_pdf(design, thresholds, design_path=design_path, progress=progress,
                            evidence=evidence, generated=generated)
    if progress:
        progress(0.97, "Writing the file")
    write_atomic(path, data)
    if progress:
        progress(1.0, "Done")
    return ExportResult(Path(path), pages, len(data))


def describe_write_error(error: OSError) -> str:
    """Why the PDF could not be written, in words a user can act on (command line and GUI)."""
    reasons = {errno.ENOSPC: "the disk is full", errno.EDQUOT: "the disk quota is used up",
               errno.ENOENT: "the folder does not exist", errno.EACCES: "permission denied",
               errno.EPERM: "permission denied", errno.EROFS: "the file system is read-only",
               errno.EISDIR: "it is a folder"}
    return reasons.get(error.errno) or error.strerror or str(error)


def build_pdf(design: Design, thresholds: Thresholds = DEFAULT_THRESHOLDS, *,
              design_path: str | None = None, progress: Progress | None = None, evidence=None,
              generated: datetime.datetime | None = None) -> tuple[bytes, int]:
    """The PDF as bytes, and its page count."""
    register_fonts()
    report = _Report(design, thresholds, design_path, evidence, generated, progress)
    return report.render()


# --- small flowables and drawings ----------------------------------------------------------------


class _Bookmark(Flowable):
    """A PDF outline entry at this point, so a reader on screen can jump between parts."""

    def __init__(self, key: str, title: str):
        super().__init__()
        self.key, self.title = key, title
        self.width = self.height = 0

    def draw(self) -> None:
        self.canv.bookmarkPage(self.key)
        self.canv.addOutlineEntry(self.title, self.key, level=0)


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


# --- page furniture ----------------------------------------------------------------------------


def _canvas_class(footer_left: str, pages_out: list[int]):
    """A canvas that learns the page count before drawing the footers ("page X of Y")."""

    class NumberedCanvas(Canvas):
        def __init__(self, *args, **kwargs):
            # The initial font of every page must be Vera too: reportlab's default (Helvetica)
            # would otherwise be written into each page as an unembedded base-14 font.
            kwargs["initialFontName"] = FONT
            super().__init__(*args, **kwargs)
            self._page_states: list[dict] = []

        def showPage(self):  # noqa: N802 - reportlab's name
            self._page_states.append(dict(self.__dict__))
            self._startPage()

        def save(self):
            total = len(self._page_states)
            pages_out.append(total)
            for state in self._page_states:
                self.__dict__.update(state)
                self._footer(total)
                Canvas.showPage(self)
            Canvas.save(self)

        def _footer(self, total: int) -> None:
            width = PAGE_SIZE[0]
            y = MARGIN_BOTTOM - 11 * mm
            self.saveState()
            self.setStrokeColor(GREY_LIGHT)
            self.setLineWidth(0.5)
            self.line(MARGIN_LEFT, y + 9, width - MARGIN_RIGHT, y + 9)
            self.setFillColor(GREY_DARK)
            self.setFont(FONT, 7)
            page = f"page {self._pageNumber} of {total}"
            self.drawRightString(width - MARGIN_RIGHT, y, page)
            room = width - MARGIN_LEFT - MARGIN_RIGHT - stringWidth(page, FONT, 7) - 12
            self.drawString(MARGIN_LEFT, y, _fit_plain(footer_left, room, 7))
            self.restoreState()

    return NumberedCanvas


def _fit_plain(text: str, width: float, size: float) -> str:
    if stringWidth(text, FONT, size) <= width:
        return text
    while text and stringWidth(text + "…", FONT, size) > width:
        text = text[:-1]
    return text.rstrip() + "…"


# --- the report ----------------------------------------------------------------------------------


class _Report:
    def __init__(self, design: Design, thresholds: Thresholds, design_path: str | None,
                 evidence, generated: datetime.datetime | None, progress: Progress | None):
        self.design = design
        self.thresholds = thresholds
        self.design_path = design_path
        self.progress = progress
        self.generated = generated or datetime.datetime.now()
        self.fmt = TextFormatter()
        self.st = styles()
        self._step(0.02, "Checking the design")
        self.result = evaluate(design, thresholds)
        self.fingerprint = fingerprint(design)
        catalogue = load_catalogue()
        self.evidence, self.evidence_error = self._load_evidence(evidence)
        from models.evidence import load_sources

        self.refs = References(catalogue.sources, load_sources())

    def _load_evidence(self, evidence):
        if evidence is not None:
            return evidence, None
        self._step(0.05, "Loading the evidence")
        from models.evidence import TrialsFileError, loaded_evidence

        try:
            return loaded_evidence(), None
        except (TrialsFileError, OSError) as error:
            # The handout is still worth having; part 7 says why the evidence is missing.
            return None, str(error)

    def _step(self, fraction: float, text: str) -> None:
        if self.progress:
            self.progress(fraction, text)

    # --- helpers --------------------------------------------------------------------------

    def p(self, text: str, style: str = "body") -> Paragraph:
        """A paragraph of plain text (escaped)."""
        return Paragraph(self.fmt.markup(text), self.st[style])

    def pm(self, markup: str, style: str = "body") -> Paragraph:
        """A paragraph of markup the program composed (its pieces escaped by the caller)."""
        return Paragraph(markup, self.st[style])

    def m(self, text: str) -> str:
        return self.fmt.markup(text)

    def heading(self, part: int) -> list[Flowable]:
        title = PART_TITLES[part]
        return [_Bookmark(f"part{part}", title), self.p(title, "h1")]

    def cell(self, text: str, width: float, style: str = "cell"):
        """A table cell: a plain string when the text fits on one line (laying out a string is
        far cheaper than a Paragraph), else a wrapping Paragraph. The table's style must set the
        string's font to match ``style``."""
        st = self.st[style]
        if len(text) <= 150 and not needs_markup(text):
            plain = self.fmt.plain(text)
            if stringWidth(plain, st.fontName, st.fontSize) <= width - 2 * CELL_PADDING - 1:
                return plain
        return self.p(text, style)

    def value_cell(self, row: Row, width: float):
        if row.missing:
            return self.pm(f"<i>{self.m(row.value)}</i>", "cell")
        return self.cell(row.value, width)

    def kv_table(self, rows: list[Row], label_width: float = 50 * mm) -> list[Flowable]:
        """Label/value rows as a two-column table; a very long value is printed below its label
        as ordinary paragraphs, which may run across pages."""
        out: list[Flowable] = []
        pending: list[list] = []

        def flush() -> None:
            if pending:
                table = Table(list(pending), colWidths=[label_width, FRAME_WIDTH - label_width])
                table.setStyle(TableStyle([
                    *CELL_FONT,
                    ("FONTNAME", (0, 0), (0, -1), FONT_BOLD),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("BACKGROUND", (0, 0), (0, -1), GREY_FAINT),
                    ("LINEBELOW", (0, 0), (-1, -1), 0.3, GREY_LIGHT),
                    ("TOPPADDING", (0, 0), (-1, -1), 2),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
                    ("LEFTPADDING", (0, 0), (-1, -1), CELL_PADDING),
                    ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PADDING),
                ]))
                out.append(table)
                pending.clear()

        for row in rows:
            if len(row.value) > LONG_VALUE:
                flush()
                out.append(self.p(row.label, "cell_bold"))
                out.append(self.p(row.value, "body"))
            else:
                pending.append([self.cell(row.label, label_width, "cell_bold"),
                                self.value_cell(row, FRAME_WIDTH - label_width)])
        flush()
        return out

    def grid_table(self, data, widths, header_rows: int = 1, extra=()) -> Table:
        table = Table(data, colWidths=widths, repeatRows=header_rows)
        table.setStyle(TableStyle([
            *CELL_FONT,
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("GRID", (0, 0), (-1, -1), 0.3, GREY_MID),
            ("BACKGROUND", (0, 0), (-1, header_rows - 1), GREY_LIGHT),
            ("TOPPADDING", (0, 0), (-1, -1), 1.8),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 2.2),
            ("LEFTPADDING", (0, 0), (-1, -1), CELL_PADDING),
            ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PADDING),
            *extra,
        ]))
        return table

    def cite(self, source: str) -> str:
        """' [n]' for a free-text source (nothing when it names no literature)."""
        text = numbers_text(self.refs.cite_source(source))
        return f" {text}" if text else ""

    # --- the document ---------------------------------------------------------------------

    def render(self) -> tuple[bytes, int]:
        story: list[Flowable] = []
        story += self.part_title()
        story += self.part_glance()
        self._step(0.10, "Guidance")
        story += [PageBreak(), *self.part_guidance()]
        story += [PageBreak(), *self.part_sections()]
        self._step(0.25, "Sample size")
        story += [PageBreak(), *self.part_sample_size()]
        self._step(0.40, "Schedule")
        story += [CondPageBreak(120 * mm), *self.part_schedule()]
        self._step(0.50, "Evidence")
        story += [PageBreak(), *self.part_evidence()]
        story += [CondPageBreak(60 * mm), *self.part_references()]
        self._step(0.60, "Laying out the pages")
        return self._build(story)

    def _build(self, story: list[Flowable]) -> tuple[bytes, int]:
        meta = self.design.meta
        title = meta.title or "Untitled design"
        buffer = io.BytesIO()
        doc = SimpleDocTemplate(
            buffer, pagesize=PAGE_SIZE, leftMargin=MARGIN_LEFT, rightMargin=MARGIN_RIGHT,
            topMargin=MARGIN_TOP, bottomMargin=MARGIN_BOTTOM, initialFontName=FONT,
            title=title, author=meta.chief_investigator or "",
            subject=(f"Protocol summary of {meta.acronym or 'the design'} "
                     f"(design fingerprint {self.fingerprint})"),
            creator=f"{APP_NAME} {__version__}",
            keywords=f"MSC, ARDS, trial design, fingerprint {self.fingerprint}")
        if self.progress:
            estimate = {"pages": 12}

            def on_progress(kind: str, value) -> None:
                # reportlab reports its page count as it lays out; map it onto 60-95 %.
                if kind == "SIZE_EST":
                    estimate["pages"] = max(1, value)
                elif kind == "PAGE":
                    self._step(0.60 + 0.35 * min(1.0, value / max(estimate["pages"], value + 1)),
                               f"Laying out page {value}")

            doc.setProgressCallBack(on_progress)
        footer = self.fmt.plain(f"{meta.acronym + ' — ' if meta.acronym else ''}{title}")
        footer = cut_plain(footer, FOOTER_TITLE_CHARS) + f" · design {self.fingerprint}"
        pages: list[int] = []
        doc.build(story, canvasmaker=_canvas_class(footer, pages))
        return buffer.getvalue(), pages[-1]

    # --- part 1 ---------------------------------------------------------------------------

    def part_title(self) -> list[Flowable]:
        meta = self.design.meta
        out: list[Flowable] = [_Bookmark("part1", "Protocol summary"),
                               self.p(f"{APP_NAME} · Protocol summary for the steering committee",
                                      "subtitle"),
                               self.p(meta.title or "Untitled design", "title")]
        curley = self.refs.cite_key(CURLEY_KEY)
        changed = self.thresholds.changed_from_default()
        rows = [
            Row("Acronym", meta.acronym or "not decided", meta.acronym is None),
            Row("Protocol version", meta.protocol_version or "not decided",
                meta.protocol_version is None),
            Row("Date", meta.date or "not decided", meta.date is None),
            Row("Sponsor", meta.sponsor or "not decided", meta.sponsor is None),
            Row("Chief investigator", meta.chief_investigator or "not decided",
                meta.chief_investigator is None),
            Row("Registry id", meta.registry_id or "not registered yet", meta.registry_id is None),
            Row("Design fingerprint", f"{self.fingerprint} (first 12 hex digits of the SHA-256 "
                                      "of the design's canonical JSON; any change to the design "
                                      "changes it)"),
        ]
        if self.design_path:
            rows.append(Row("Design file", self.design_path))
        rows.append(Row("Generated by", f"{APP_NAME} {__version__} on "
                                        f"{self.generated:%Y-%m-%d %H:%M}; bundled evidence "
                                        f"current to {EVIDENCE_CURRENT_TO}"))
        rows.append(Row("Guidance thresholds", _thresholds_text(changed)))
        out += self.kv_table(rows, 42 * mm)
        out.append(self.pm(f"{self.m(DISCLAIMER)} The rules follow the core-protocol proposals "
                           f"of Curley et al. 2024 [{curley}], an expert perspective, not a "
                           "guideline.", "disclaimer"))
        return out

    # --- part 2 ---------------------------------------------------------------------------

    def part_glance(self) -> list[Flowable]:
        return [*self.heading(2), *self.kv_table(glance_rows(self.design, self.result),
                                                  38 * mm)]

    # --- part 3 ---------------------------------------------------------------------------

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

    # --- part 4 ---------------------------------------------------------------------------

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
            out += [self.p(chunk, "body") for chunk in notes.split("\n\n")]
        return out

    # --- part 5 ---------------------------------------------------------------------------

    def part_sample_size(self) -> list[Flowable]:
        from models.sample_size import VFD_NOTE, describe

        design = self.design
        out = self.heading(5)
        out.append(self.p("Assumptions as stated in the design", "h2"))
        out += self.kv_table(statistics_rows(design), 62 * mm)
        outcome = self.result.sample_size
        planned = design.statistics.planned_total_n
        kind = design.endpoints.primary.kind
        if outcome is None:
            if kind is None:
                text = ("The primary endpoint is not decided (endpoints.primary.kind), so no "
                        "sample size can be computed yet.")
            else:
                text = (f"The primary endpoint is {words(kind)}: format version 1 holds no "
                        "assumptions for it (no event rate, category probabilities or odds "
                        "ratio), so the program computes no sample size (guidance catalogue "
                        "1.7). The justification must be made in the protocol itself.")
            out.append(self.p(text))
            if planned is not None:
                out.append(self.p(f"Planned total sample size: {planned}."))
            return out
        if outcome.missing:
            out.append(self.p("Not computed: these inputs are not decided yet: "
                              + ", ".join(outcome.missing) + "."))
            return out
        if outcome.error:
            out.append(self.p(f"The sample size cannot be computed: {outcome.error}."))
            return out
        result = outcome.result
        method_ref = self.refs.cite_text(result.reference, key=f"method:{result.reference}")
        out.append(self.p("Method", "h2"))
        out.append(self.pm(f"{self.m(result.method_label[:1].upper() + result.method_label[1:])}"
                           f"; critical value {self.m(result.critical_value_label)} = "
                           f"{format_number(result.critical_value, 4)} [{method_ref}].", "body"))
        out.append(self.p(f"Formula: {result.formula}", "small"))
        out.append(self.p("Result", "h2"))
        outcome_name = design.endpoints.primary.description or words(kind)
        out.append(self.pm(self.m(describe(result, outcome_name)) + f" [{method_ref}]", "body"))
        raw = ", ".join(format_number(n, 2) for n in result.raw)
        arms = ", ".join(str(n) for n in result.n_per_arm)
        out.append(self.p(f"Per arm, control first: raw n {raw}; rounded up "
                          f"{', '.join(str(n) for n in result.n_evaluable)}; after the "
                          f"{format_number(result.dropout_pct, 2)}% dropout allowance {arms}; "
                          f"total {result.n_total}. Achieved power at the rounded n: "
                          f"{format_percent(result.achieved_power, 1)}.", "body"))
        if planned is not None:
            verdict = ("meets" if planned >= result.n_total else
                       "is BELOW (see finding E-2)")
            out.append(self.p(f"Planned total: {planned}, which {verdict} the computed "
                              f"{result.n_total}.", "body"))
        interim = design.statistics.interim_analyses
        if interim:
            out.append(self.p(f"The computed n does not account for the {interim} planned "
                              "interim analysis(es).", "body"))
        for note in result.notes:
            out.append(self.p(note, "small"))
        if kind is EndpointKind.VENTILATOR_FREE_DAYS:
            out.append(self.pm(self.m(VFD_NOTE) + self.cite(
                "Yehya et al., Am J Respir Crit Care Med 2019; Renard Triché et al., "
                "Crit Care 2023"), "small"))
        self._step(0.30, "Sensitivity table")
        out += self._sensitivity(chart_data.sensitivity_grid(result))
        self._step(0.36, "Power curve")
        # The screen's power chart (the sample-size step): the same curve, marks and legend.
        chart = chart_data.power_chart(result, planned)
        out.append(KeepTogether([
            self.p("Power curve", "h2"), charts.power_drawing(chart, self.fmt, FRAME_WIDTH),
            *(self.p(note, "note") for note in chart.notes)]))
        return out

    def _sensitivity(self, grid) -> list[Flowable]:
        """The sensitivity table of the sample-size step (models.chart_data.SensitivityGrid):
        its headers and cells as the screen shows them, the design's own cell boxed."""
        width = (FRAME_WIDTH - 40 * mm) / max(len(grid.column_headers), 1)
        # Column headers right-aligned over their numbers, in bold (plain strings when short).
        head = [self.p(f"{grid.row_title} \\ {grid.column_title}", "cell_head"),
                *(self.cell(c, width, "cell_head") for c in grid.column_headers)]
        data = [head]
        for header, cells in zip(grid.row_headers, grid.cells):
            data.append([header, *cells])
        extra = [("ALIGN", (1, 0), (-1, -1), "RIGHT"), ("FONTNAME", (0, 1), (0, -1), FONT_BOLD),
                 ("FONTNAME", (1, 0), (-1, 0), FONT_BOLD), ("FONTSIZE", (1, 0), (-1, 0), 7.5),
                 ("VALIGN", (1, 0), (-1, 0), "BOTTOM")]
        row, column = grid.base
        if row >= 0 and column >= 0:
            cell = (column + 1, row + 1)
            extra += [("BOX", cell, cell, 1.4, INK), ("BACKGROUND", cell, cell, GREY_LIGHT),
                      ("FONTNAME", cell, cell, FONT_BOLD)]
        out = [KeepTogether([
            self.p("Sensitivity table", "h2"),
            self.p(f"{grid.title}: rows {grid.row_title.lower()}, columns "
                   f"{grid.column_title[0].lower()}{grid.column_title[1:]}; the design's own "
                   "assumptions are the boxed cell.", "small"),
            self.grid_table(data, [40 * mm] + [width] * len(grid.column_headers),
                            extra=extra)])]
        for problem in grid.problems:
            out.append(self.p(f"'—': {problem}", "small"))
        return out

    # --- part 6 ---------------------------------------------------------------------------

    def part_schedule(self) -> list[Flowable]:
        schedule = build_schedule(self.design)
        intro = [*self.heading(6),
                 self.p("Derived from the dosing, sampling, endpoint and follow-up fields; "
                        "X marks when an activity takes place.", "small")]
        points = list(schedule.timepoints)
        label_width = 50 * mm
        chunks = _column_chunks(points, FRAME_WIDTH - label_width)
        tables: list[Flowable] = []
        for number, chunk in enumerate(chunks, start=1):
            if len(chunks) > 1:
                tables.append(self.p(f"Time points, part {number} of {len(chunks)}", "h2"))
            tables.append(self._schedule_table(schedule, chunk, label_width))
            tables.append(Spacer(1, 4))
        notes = [self.p(note, "note") for note in schedule.notes]
        # The figure reads best on one page, with its notes: keep it whole when it fits one.
        if len(chunks) == 1:
            return [KeepTogether(intro + tables + notes)]
        return [KeepTogether(intro + tables[:2]), *tables[2:], *notes]

    def _schedule_table(self, schedule, columns, label_width) -> Table:
        widths = _column_widths(columns, FRAME_WIDTH - label_width)
        data = [[self.p("Period", "cell_head"), *(self.p(c.period, "cell_small")
                                                   for c in columns)],
                [self.p("Time point", "cell_head"),
                 *(self.p(c.label, "cell_head") for c in columns)],
                [self.p("Timing", "cell_small"),
                 *(self.p(c.detail or "", "cell_small") for c in columns)]]
        extra = [("BACKGROUND", (0, 0), (-1, 2), GREY_LIGHT),
                 ("ALIGN", (1, 3), (-1, -1), "CENTER")]
        # Consecutive columns of one period share one header cell, as in the SPIRIT figure.
        for first, last in _period_runs(columns):
            if last > first:
                extra.append(("SPAN", (first + 1, 0), (last + 1, 0)))
        for group in (GROUP_ENROLMENT, GROUP_INTERVENTIONS, GROUP_ASSESSMENTS):
            activities = [a for a in schedule.activities if a.group == group]
            if not activities:
                continue
            data.append([self.p(group.upper(), "cell_head"), *([""] * len(columns))])
            row = len(data) - 1
            extra += [("SPAN", (0, row), (-1, row)), ("BACKGROUND", (0, row), (-1, row),
                                                      GREY_FAINT)]
            for activity in activities:
                data.append([self.cell(activity.label, label_width),
                             *("X" if c.key in activity.marks else "" for c in columns)])
        extra.append(("FONTNAME", (1, 3), (-1, -1), FONT_BOLD))
        return self.grid_table(data, [label_width, *widths], header_rows=3, extra=extra)

    # --- part 7 ---------------------------------------------------------------------------

    def part_evidence(self) -> list[Flowable]:
        out = self.heading(7)
        curley = self.refs.cite_key(CURLEY_KEY)
        if self.evidence is None:
            out.append(self.p(f"The evidence could not be loaded: {self.evidence_error}"))
            return out
        evidence = self.evidence
        trials = evidence.trials
        user = [t for t in trials if t.user_supplied]
        out.append(self.pm(self.m(
            f"The bundled evidence ({len(trials) - len(user)} trial rows: classical ARDS, "
            f"COVID-19, mixed and GvHD, published, registered and ongoing) is current to "
            f"{EVIDENCE_CURRENT_TO}; it comes from Curley 2024 Tables 1 and 2") +
            f" [{curley}] " + self.m("and the primary sources cited beside each trial. "
                                     "Unknown values stay unknown; nothing is imputed.")
            + (self.m(f" {len(user)} user-supplied trial row(s) are included and marked "
                      "'(user)'.") if user else ""), "small"))
        for problem in evidence.user_problems:
            out.append(self.p(f"User-supplied trials left out: {problem}", "small"))
        out += self._comparable()
        self._step(0.54, "Dose chart")
        out += self._dose_charts()
        self._step(0.57, "Forest plot")
        out += self._forest()
        return out

    def _sources(self, trial) -> str:
        return numbers_text(self.refs.cite_evidence_source(key) for key in trial.sources)

    def _comparable(self) -> list[Flowable]:
        comparison = self.evidence.comparable_trials(self.design)
        out = [self.p("Comparable trials", "h2"),
               self.p("Trials that match the design's product kind or its dose per "
                      "administration (within a factor of 3), most similar first"
                      + (" (the design's setting only)" if self.design.population.setting
                         else "") + ".", "small")]
        shown = comparison.trials[:COMPARABLE_TRIALS_SHOWN]
        if not shown:
            out.append(self.p("No bundled trial is comparable with the design as it stands.",
                              "body"))
        else:
            data = [[self.p(h, "cell_head") for h in
                     ("Trial", "Dose per administration", "Doses", "Why comparable",
                      "Differences", "Sources")]]
            for c in shown:
                trial = c.trial
                name = trial.label + (" (user)" if trial.user_supplied else "")
                n = trial["n_total"]
                data.append([
                    self.p(cut(name, 120) + (f", n = {n}" if n is not None else ""), "cell"),
                    self.p(c.dose.describe(), "cell_small"),
                    self.p("?" if trial["n_doses"] is None else str(trial["n_doses"]), "cell"),
                    self.p(cut("; ".join(c.matched), 400), "cell_small"),
                    self.p(cut("; ".join(c.differences) or "—", 400), "cell_small"),
                    self.p(self._sources(trial), "cell_small"),
                ])
            widths = [32 * mm, 27 * mm, 11 * mm, 45 * mm, 45 * mm]
            widths.append(FRAME_WIDTH - sum(widths))
            out.append(self.grid_table(data, widths))
            if len(comparison.trials) > len(shown):
                out.append(self.p(f"{len(comparison.trials) - len(shown)} less similar "
                                  "trial(s) are not listed.", "small"))
        for note in comparison.notes:
            out.append(self.p(note, "note"))
        return out

    def _dose_charts(self) -> list[Flowable]:
        """The evidence view's dose chart (and, for a design dosed in EV particles, the same
        chart in particles), with what it leaves out and its notes."""
        out: list[Flowable] = []
        cells = chart_data.dose_chart(self.evidence, self.design, all_settings=True)
        particles = chart_data.particle_dose_chart(self.evidence, self.design,
                                                   all_settings=True)
        for heading, chart, height in (
                ("Dose per administration: cells/kg", cells, 215.0),
                ("Dose per administration: EV particles", particles, 180.0)):
            if chart is None:
                continue
            out.append(KeepTogether([self.p(heading, "h2"),
                                     charts.dose_drawing(chart, self.fmt, FRAME_WIDTH,
                                                         height)]))
            out += self._chart_caption(chart, "Not on the chart")
        return out

    def _chart_caption(self, chart, title: str, refs=None) -> list[Flowable]:
        """What a chart lists instead of drawing, and its notes (models.chart_data)."""
        out: list[Flowable] = []
        items = charts.not_plotted_markup(chart.not_plotted, self.fmt, refs)
        if items:
            out.append(self.pm(f"<b>{self.m(title)}:</b> " + "; ".join(items) + ".", "small"))
        out += [self.p(note, "note") for note in chart.notes]
        return out

    def _forest(self) -> list[Flowable]:
        """The evidence view's forest plot (models.chart_data.ForestChart), each trial with its
        reference numbers; then what it lists instead of drawing, its notes, the pooling method,
        each pooled estimate's caveats and each disagreement between sources."""
        setting = self.design.population.setting
        chart = chart_data.forest_chart(self.evidence,
                                        design_setting=setting.value if setting else None)
        refs = self._trial_refs
        marks = {row.trial_id: refs(row.trial_id) for row in chart.trial_rows()}
        drawings = charts.forest_drawings(chart, self.fmt, FRAME_WIDTH, marks=marks)
        out: list[Flowable] = [CondPageBreak(90 * mm)]
        heading = self.p("Mortality: risk ratios and pooled estimates", "h2")
        if drawings:
            out.append(KeepTogether([heading, drawings[0]]))
            out += drawings[1:]
        else:
            out += [heading, self.p("No trial has arm-level death counts to plot.", "body")]
        out += self._chart_caption(chart, "Listed, not plotted", refs)
        out.append(self.p(f"Pooled per setting: {chart.method}; settings are never pooled "
                          "together.", "note"))
        labels = {row.setting: row.label for row in chart.rows if row.kind == "pooled"}
        for diamond in chart.diamonds:
            if diamond.caveats:
                out.append(self.p(f"{labels[diamond.setting]}: " + "; ".join(diamond.caveats)
                                  + ".", "note"))
        for row in chart.trial_rows():
            for text in row.disagreements:
                out.append(self.p(f"{self.evidence.trial(row.trial_id).label}: {text}.",
                                  "note"))
        return out

    def _trial_refs(self, trial_id: str) -> str:
        """' [n, m]': the reference numbers of a trial's sources."""
        return " " + self._sources(self.evidence.trial(trial_id))

    # --- part 8 ---------------------------------------------------------------------------

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


# --- schedule columns ------------------------------------------------------------------------

_CELL_PADDING = 5.5


def _longest_word(text: str, font: str, size: float) -> float:
    return max((stringWidth(word, font, size) for word in text.split()), default=0.0)


def _period_runs(columns) -> list[tuple[int, int]]:
    """(first, last) indexes of consecutive columns that share a period."""
    runs: list[tuple[int, int]] = []
    for index, column in enumerate(columns):
        if runs and columns[runs[-1][0]].period == column.period:
            runs[-1] = (runs[-1][0], index)
        else:
            runs.append((index, index))
    return runs


def _min_widths(columns) -> list[float]:
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


def _column_chunks(columns, available: float) -> list[list]:
    """Split the time points into tables that each fit the page width (rarely more than one)."""
    chunks: list[list] = [[]]
    for column in columns:
        trial = chunks[-1] + [column]
        if chunks[-1] and sum(_min_widths(trial)) > available:
            chunks.append([column])
        else:
            chunks[-1] = trial
    return chunks


def _column_widths(columns, available: float) -> list[float]:
    widths = _min_widths(columns)
    spare = max(0.0, available - sum(widths)) / max(len(widths), 1)
    return [w + spare for w in widths]


def cut_plain(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[:limit].rstrip() + "…"


def _thresholds_text(changed: dict) -> str:
    if not changed:
        return "the defaults of the guidance catalogue (section 1.6); none changed"
    return "changed from their defaults: " + "; ".join(
        f"{describe_threshold(name, value)} (default "
        f"{describe_threshold(name, default).split(': ', 1)[1]})"
        for name, (value, default) in changed.items())
