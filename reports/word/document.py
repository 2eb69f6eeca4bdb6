"""``export_docx``: the protocol summary as a Word file (.docx), written atomically.

The story of reports.sections.summary_story (the PDF's parts, built by the same part functions
in the Word layout of reports/word/report.py) is written with python-docx: part titles as
Heading 1, sub-headings as Heading 2, each finding's title as Heading 3, the design's title as
Title; label/value and grid tables as Word tables
(header rows bold and repeated on each page, spans merged); a finding's evidence as a bulleted
list and the references as a numbered list; charts as PNG pictures (reports/word/raster.py).
The small black-and-white icons of the PDF are left out: the words beside them say the same.

python-docx and lxml are imported here only, when a Word file is exported.
"""

from __future__ import annotations

import datetime
import io
import os
import re
from pathlib import Path

from reports.shapes import Drawing
from reportlab.platypus import KeepTogether
from reportlab.platypus.tables import Table as ReportlabTable

from models.atomic_files import write_atomic
from models.design import Design
from models.guidance import DEFAULT_THRESHOLDS, Thresholds
from models.version import APP_NAME, __version__
from reports.pdf import ExportResult, Progress, cut_plain, FOOTER_TITLE_CHARS
from reports.context import ReportContext, build_context
from reports.sections import summary_story
from reports.word.report import Para, WordLayout
from reports.word.text import Run, WordFormatter, runs

# The PDF's paragraph styles -> Word's built-in styles (None: the summary's own note style).
PARAGRAPH_STYLES = {"title": "Title", "subtitle": "Subtitle", "h1": "Heading 1",
                    "h2": "Heading 2", "h2_flow": "Heading 2", "finding_head": "Heading 3",
                    "evidence": "List Bullet", "reference": "List Number",
                    "small": None, "note": None, "disclaimer": None}
NOTE_STYLE = "Summary Note"
BOLD_STYLES = {"cell_head", "cell_bold"}
ICON_WIDTH = 24          # points: a drawing this narrow is one of the PDF's icons
TEXT_WIDTH_MM = 170      # A4 less 20 mm margins
PICTURE_DPI = 200
MIN_COLUMN = 30         # points
_REFERENCE = re.compile(r"^\[(\d+)\](?:&nbsp;|\xa0)+")


def export_docx(design: Design, path: str | os.PathLike,
                thresholds: Thresholds = DEFAULT_THRESHOLDS, design_path: str | None = None,
                progress: Progress | None = None, evidence=None,
                generated: datetime.datetime | None = None,
                changes_since: Design | None = None) -> ExportResult:
    """Build the Word summary and write it atomically (as export_pdf: on any failure the
    target is left as it was). ``pages`` of the result is 0: Word lays out the pages.
    ``changes_since``, an earlier version of the design, appends "Changes since version N"."""
    data = build_docx(design, thresholds, design_path=design_path, progress=progress,
                      evidence=evidence, generated=generated, changes_since=changes_since)
    if progress:
        progress(0.97, "Writing the file")
    write_atomic(path, data)
    if progress:
        progress(1.0, "Done")
    return ExportResult(Path(path), 0, len(data))


def build_docx(design: Design, thresholds: Thresholds = DEFAULT_THRESHOLDS, *,
               design_path: str | None = None, progress: Progress | None = None,
               evidence=None, generated: datetime.datetime | None = None,
               changes_since: Design | None = None) -> bytes:
    """The .docx file as bytes."""
    try:
        return _build(design, thresholds, design_path, progress, evidence, generated,
                      changes_since)
    except OSError as error:
        # Only the write may fail for the user's reasons (the caller's OSError); a file missing
        # from the installation (python-docx's template) is the program's fault.
        raise WordBuildError(f"the Word file could not be built: {error}") from error


class WordBuildError(RuntimeError):
    """Building the Word file failed for a reason inside the program (not the output path)."""


def _build(design, thresholds, design_path, progress, evidence, generated,
           changes_since) -> bytes:
    report = build_context(design, thresholds, design_path=design_path, evidence=evidence,
                           generated=generated, progress=progress, changes_since=changes_since,
                           layout=WordLayout)
    # The PDF's page breaks stay in the story; the writer drops them (a summary pasted into a
    # template takes its pagination).
    story = summary_story(report)
    if progress:
        progress(0.6, "Writing the Word document")
    writer = _Writer(report)
    for item in story:
        writer.add(item)
    # The note on replaced characters is known only once everything is formatted.
    note = report.fmt.substitution_note()
    if note and not writer.note_written:
        writer.paragraph(Para(report.fmt.markup(note), "note"))
    return writer.save()


class _Writer:
    def __init__(self, report: ReportContext):
        import docx
        from docx.enum.text import WD_BREAK  # noqa: F401 - fail early if python-docx is broken
        from docx.shared import Mm, Pt

        if not isinstance(report.fmt, WordFormatter):
            raise TypeError("the Word writer needs a context laid out with WordLayout, not "
                            f"{type(report.layout).__name__}")
        self.report = report
        self.fmt: WordFormatter = report.fmt   # keeps every character; xml_safe for properties
        self.doc = docx.Document()
        self.Mm, self.Pt = Mm, Pt
        self.next_reference = 1
        self.note_written = False
        self.after_table = False
        section = self.doc.sections[0]
        section.page_width, section.page_height = Mm(210), Mm(297)
        for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
            setattr(section, side, Mm(20))
        styles = self.doc.styles
        styles["Normal"].font.size = Pt(10)
        from docx.enum.style import WD_STYLE_TYPE

        note = styles.add_style(NOTE_STYLE, WD_STYLE_TYPE.PARAGRAPH)
        note.base_style = styles["Normal"]
        note.font.size = Pt(8.5)
        self._metadata()
        self._footer()

    # --- document furniture -----------------------------------------------------------------

    def _metadata(self) -> None:
        report, fmt = self.report, self.fmt
        meta = report.design.meta
        props = self.doc.core_properties
        props.title = fmt.xml_safe(meta.title or "Untitled design")[:255]
        props.author = fmt.xml_safe(meta.chief_investigator or "")[:255]
        props.subject = fmt.xml_safe(f"Protocol summary of {meta.acronym or 'the design'} "
                                     f"(design fingerprint {report.fingerprint})")[:255]
        props.keywords = f"MSC, ARDS, trial design, fingerprint {report.fingerprint}"
        props.comments = f"{APP_NAME} {__version__}"

    def _footer(self) -> None:
        """'ACRONYM — title · design <fingerprint> · page X of Y' (Word fields)."""
        meta = self.report.design.meta
        title = meta.title or "Untitled design"
        text = cut_plain(f"{meta.acronym + ' — ' if meta.acronym else ''}{title}",
                         FOOTER_TITLE_CHARS)
        paragraph = self.doc.sections[0].footer.paragraphs[0]
        paragraph.style = self.doc.styles[NOTE_STYLE]
        self._runs(paragraph, runs(self.report.fmt.markup(
            f"{text} · design {self.report.fingerprint} · page ")))
        self._field(paragraph, "PAGE")
        paragraph.add_run(" of ")
        self._field(paragraph, "NUMPAGES")

    @staticmethod
    def _field(paragraph, instruction: str) -> None:
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn

        field = OxmlElement("w:fldSimple")
        field.set(qn("w:instr"), instruction)
        run = OxmlElement("w:r")
        text = OxmlElement("w:t")
        text.text = "1"
        run.append(text)
        field.append(run)
        paragraph._p.append(field)

    def save(self) -> bytes:
        buffer = io.BytesIO()
        self.doc.save(buffer)
        return buffer.getvalue()

    # --- the story ----------------------------------------------------------------------------

    def add(self, item) -> None:
        if isinstance(item, (Para, Drawing)):
            self.after_table = False
        if isinstance(item, Para):
            self.paragraph(item)
        elif isinstance(item, KeepTogether):
            for inner in item._content:
                self.add(inner)
        elif isinstance(item, ReportlabTable):
            self.table(item)
        elif isinstance(item, Drawing):
            if item.width > ICON_WIDTH:
                self.picture(item)
        # Page breaks, spacers and PDF bookmarks have no place in a Word story.

    def paragraph(self, para: Para, container=None) -> None:
        markup = para.markup
        style = PARAGRAPH_STYLES.get(para.style, "Normal")
        if para.style == "reference":
            match = _REFERENCE.match(markup)
            if match and int(match.group(1)) == self.next_reference:
                # Word numbers the list; the numbers equal the [n] citations in the text.
                self.next_reference += 1
                markup = markup[match.end():]
            else:
                style = "Normal"
        if para.style == "note" and markup.startswith(("The embedded font", "Some characters",
                                                       "In the charts")):
            self.note_written = True
        target = (container or self.doc).add_paragraph()
        target.style = self.doc.styles[style or NOTE_STYLE]
        self._runs(target, runs(markup, bold=para.style in BOLD_STYLES))

    def _runs(self, paragraph, pieces: list[Run]) -> None:
        for piece in pieces:
            run = paragraph.add_run(piece.text)   # python-docx makes \n a line break, \t a tab
            if piece.bold:
                run.bold = True
            if piece.italic:
                run.italic = True
            if piece.superscript:
                run.font.superscript = True
            if piece.subscript:
                run.font.subscript = True

    def picture(self, drawing: Drawing) -> None:
        from reports.word.raster import drawing_png

        width = min(self.Mm(TEXT_WIDTH_MM), self.Pt(drawing.width))
        self.doc.add_picture(io.BytesIO(drawing_png(drawing, PICTURE_DPI)), width=width)

    def table(self, source: ReportlabTable) -> None:
        cells = [list(row) for row in source._cellvalues]
        if not cells:
            return
        keep = [c for c in range(len(cells[0]))
                if not all(isinstance(row[c], Drawing) or row[c] == "" for row in cells)]
        if len(cells) == 1:
            # A row of icons and words (a finding's heading, the counts by severity): words.
            paras = [self._as_para(cells[0][c]) for c in keep]
            paras = [p for p in paras if p.markup]
            if len(paras) == 1:
                self.paragraph(paras[0])
            elif paras:
                self.paragraph(Para(" · ".join(p.markup for p in paras), "body"))
            return
        header_rows = source.repeatRows if isinstance(source.repeatRows, int) else 0
        if self.after_table:
            self.doc.add_paragraph()   # Word joins two tables that touch into one
        self.after_table = True
        table = self.doc.add_table(rows=len(cells), cols=len(keep))
        table.style = self.doc.styles["Table Grid"]
        widths = [source._argW[c] if getattr(source, "_argW", None) else None for c in keep]
        # Word's fonts run wider than the PDF's Vera at 7.8 pt: a "10" must fit its column.
        widths = [max(w, MIN_COLUMN) if isinstance(w, (int, float)) else w for w in widths]
        total = sum(w for w in widths if isinstance(w, (int, float))) or 1
        numeric = [w for w in widths if isinstance(w, (int, float))]
        if len(numeric) == len(widths):
            # LibreOffice lays a table out by its grid, Word by its cells: set both.
            table.autofit = False
            for column, width in zip(table._tbl.tblGrid.gridCol_lst, numeric):
                column.w = self.Mm(TEXT_WIDTH_MM * width / total)
        rows = table.rows
        for r, row in enumerate(cells):
            word_cells = rows[r].cells
            for index, c in enumerate(keep):
                cell = word_cells[index]
                cell_width = widths[index]
                if isinstance(cell_width, (int, float)):
                    cell.width = self.Mm(TEXT_WIDTH_MM * cell_width / total)
                value = row[c]
                if isinstance(value, Drawing) or value in ("", None):
                    continue
                para = self._as_para(value)
                bold = r < header_rows or para.style in BOLD_STYLES
                paragraph = cell.paragraphs[0]
                self._runs(paragraph, runs(para.markup, bold=bold))
            if r < header_rows:
                _repeat_as_header(rows[r])
        self._merge_spans(table, source, keep, len(cells))

    def _as_para(self, value) -> Para:
        if isinstance(value, Para):
            return value
        if isinstance(value, Drawing):
            return Para("")
        if isinstance(value, str):
            return Para(self.report.fmt.markup(value), "cell")
        raise TypeError(f"a table cell of type {type(value).__name__}")

    @staticmethod
    def _merge_spans(table, source: ReportlabTable, keep: list[int], nrows: int) -> None:
        ncols = len(source._cellvalues[0])
        position = {c: i for i, c in enumerate(keep)}
        for command, start, stop in source._spanCmds:
            if command != "SPAN":
                continue
            (x0, y0), (x1, y1) = start, stop
            x0, x1 = (x + ncols if x < 0 else x for x in (x0, x1))
            y0, y1 = (y + nrows if y < 0 else y for y in (y0, y1))
            columns = [position[c] for c in range(min(x0, x1), max(x0, x1) + 1) if c in position]
            if not columns or (len(columns) == 1 and y0 == y1):
                continue
            table.cell(min(y0, y1), columns[0]).merge(table.cell(max(y0, y1), columns[-1]))


def _repeat_as_header(row) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)
