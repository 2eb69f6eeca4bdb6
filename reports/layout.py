"""How the PDF summary's parts are set (reports/sections/, one function per part): the part
titles and the outline bookmark at each part, and ``PdfLayout``, the layout helpers the part
functions call (paragraphs of plain text or markup, table cells that are plain strings when
they fit, label/value and grid tables, citations). The report's context (reports/context.py)
carries the layout; the Word summary swaps in its own (reports/word/report.py).
"""

from __future__ import annotations

import copy
from typing import Any, Iterable

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, TableStyle
from reportlab.platypus import Paragraph as _Paragraph
from reportlab.platypus import Table as _Table
from reportlab.platypus.paragraph import cleanBlockQuotedText

from reports.content import Row
from reports.references import References, numbers_text
from reports.styles import FONT, FONT_BOLD, FRAME_WIDTH, GREY_FAINT, GREY_LIGHT, GREY_MID
from reports.styles import styles as paragraph_styles
from reports.text import TextFormatter, needs_markup

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
# A value longer than this (or of more lines) leaves the two-column table and is printed as its
# own paragraphs below its label: format version 1 allows 20,000-character texts, and a table
# row that splits across pages (``splitInRow``, the fallback) reads worse than paragraphs.
LONG_VALUE = 1500
LONG_LINES = 30
# A long text is set as paragraphs of at most this many lines: reportlab splits a paragraph at a
# page break by re-laying out the rest, so one 10,000-line paragraph costs minutes, not ms.
LINES_PER_PARAGRAPH = 40
CELL_PADDING = 2.5
# One command of a reportlab TableStyle: its name, the first and last cell, then its values
# (a colour, a width, a font name, ...), of as many kinds as reportlab has commands.
TableCommand = tuple[Any, ...]
# Plain-string table cells are set like the "cell" paragraph style.
CELL_FONT = (("FONTNAME", (0, 0), (-1, -1), FONT), ("FONTSIZE", (0, 0), (-1, -1), 7.8),
             ("LEADING", (0, 0), (-1, -1), 9.6))


# Longer paragraph markup is cut at a space into pieces of about this size. Only text far past
# any real prose gets there (a 20,000-character field is about 20,000 characters of markup):
# 300 lines of characters the font lacks, each printed as a stand-in "[U+4E2D]".
MAX_PARAGRAPH_MARKUP = 24_000


def _split_markup(markup: str) -> list[str]:
    """Markup cut at spaces into pieces of at most about MAX_PARAGRAPH_MARKUP characters. A
    space never falls inside the program's tags (<br/>, <super>digits</super>) or an entity, so
    each piece is well-formed. The cost is a line break at each cut, in text no one reads."""
    pieces = []
    while len(markup) > MAX_PARAGRAPH_MARKUP:
        cut = markup.rfind(" ", MAX_PARAGRAPH_MARKUP // 2, MAX_PARAGRAPH_MARKUP)
        if cut < 0:
            break  # one word of 12,000+ characters: reportlab splits it itself
        pieces.append(markup[:cut])
        markup = markup[cut + 1:]
    pieces.append(markup)
    return pieces


class Paragraph(_Paragraph):
    """reportlab's Paragraph, which lays its lines out once for each width it is given.

    reportlab lays a paragraph out again every time it is measured: a table measures each cell
    to size its rows and again to draw it, a frame measures a paragraph to place it and again
    after a split, so every paragraph of the summary was broken into lines about twice, the
    largest single cost of the layout. The lines depend only on the text, the style and the
    width, none of which changes after the paragraph is made; the height given does not enter.
    ``split`` may discard the lines (``del self.blPara``), so they are reused only while there.
    """

    _laid_out_at: float | None = None

    def wrap(self, availWidth, availHeight):  # noqa: N803 - reportlab's names
        if availWidth == self._laid_out_at and "blPara" in self.__dict__:
            return self.width, self.height
        size = super().wrap(availWidth, availHeight)
        self._laid_out_at = availWidth
        return size


# A paragraph of plain text (no tag, no entity: most of the summary's cells and notes) is set
# from a copy of its style's one text fragment instead of going through reportlab's markup
# parser, which costs about as much as laying the paragraph out. The fragment is what the parser
# makes of any plain text in that style (ParaParser.handle_data: a copy of the <para> frame
# with the text set), so the paragraph, and the PDF, are the same.
_plain_fragments: dict[ParagraphStyle, object] = {}


def paragraph(markup: str, style: ParagraphStyle) -> _Paragraph:
    """``Paragraph(markup, style)``, without the markup parser when the markup is plain text."""
    if "<" in markup or "&" in markup or style.textTransform:
        return Paragraph(markup, style)
    text = cleanBlockQuotedText(markup)
    if not text:
        return Paragraph(markup, style)
    template = _plain_fragments.get(style)
    if template is None:
        template = _plain_fragments[style] = Paragraph("x", style).frags[0]
    fragment: Any = copy.copy(template)   # reportlab's ParaFrag: attributes, untyped
    fragment.text = text
    return Paragraph(text, style, frags=[fragment])


def Table(data, **options) -> _Table:  # noqa: N802 - stands in for reportlab's class
    """A reportlab Table whose rows may split across pages: any cell can hold user text, and a
    row taller than a page (an arm label of 100 lines) is otherwise a LayoutError."""
    return _Table(data, splitInRow=1, **options)


def is_long(text: str) -> bool:
    """Whether a value is too long for a table cell (see LONG_VALUE)."""
    return len(text) > LONG_VALUE or text.count("\n") >= LONG_LINES


class Bookmark(Flowable):
    """A PDF outline entry at this point, so a reader on screen can jump between parts."""

    def __init__(self, key: str, title: str):
        super().__init__()
        self.key, self.title = key, title
        self.width = self.height = 0

    def draw(self) -> None:
        self.canv.bookmarkPage(self.key)
        self.canv.addOutlineEntry(self.title, self.key, level=0)


class PdfLayout:
    """How the parts are set on the PDF: paragraphs of plain text or markup, table cells that
    are plain strings when they fit, label/value and grid tables, part headings and citations.
    Every part function (reports/sections/) builds with these; the Word summary's layout
    (reports/word/report.py) replaces the few that differ there. ``fmt`` turns the design's text
    into the font's markup, ``st`` holds the paragraph styles (reports.styles), ``refs`` numbers
    the citations."""

    def __init__(self, refs: References, fmt: TextFormatter | None = None):
        self.refs = refs
        self.fmt = fmt if fmt is not None else TextFormatter()
        self.st = paragraph_styles()

    def p(self, text: str, style: str = "body") -> _Paragraph:
        """A paragraph of plain text (escaped)."""
        return paragraph(self.fmt.markup(text), self.st[style])

    def paragraphs(self, text: str, style: str = "body") -> list[_Paragraph]:
        """Text of any length as it would print in one paragraph, set as paragraphs of at most
        LINES_PER_PARAGRAPH lines (without spacing between them), so that page breaks stay
        cheap. Short text is one paragraph."""
        lines = text.split("\n")
        markups = [self.fmt.markup("\n".join(lines[i:i + LINES_PER_PARAGRAPH]))
                   for i in range(0, len(lines), LINES_PER_PARAGRAPH)]
        markups = [piece for markup in markups for piece in _split_markup(markup)]
        if len(markups) == 1:
            return [paragraph(markups[0], self.st[style])]
        base = self.st[style]
        first = ParagraphStyle(f"{base.name}_first", parent=base, spaceAfter=0)
        middle = ParagraphStyle(f"{base.name}_middle", parent=base, spaceBefore=0, spaceAfter=0)
        last = ParagraphStyle(f"{base.name}_last", parent=base, spaceBefore=0)
        out = []
        for index, markup in enumerate(markups):
            chosen = first if index == 0 else last if index == len(markups) - 1 else middle
            # An empty piece (a text ending in a newline) keeps its line: <br/> alone.
            out.append(Paragraph(markup or "<br/>", chosen))
        return out

    def pm(self, markup: str, style: str = "body") -> _Paragraph:
        """A paragraph of markup the program composed (its pieces escaped by the caller)."""
        return paragraph(markup, self.st[style])

    def m(self, text: str) -> str:
        return self.fmt.markup(text)

    def heading(self, part: int) -> list[Flowable]:
        title = PART_TITLES[part]
        return [Bookmark(f"part{part}", title), self.p(title, "h1")]

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
            if is_long(row.value):
                flush()
                out.append(self.p(row.label, "cell_bold"))
                out += self.paragraphs(row.value, "body")
            else:
                pending.append([self.cell(row.label, label_width, "cell_bold"),
                                self.value_cell(row, FRAME_WIDTH - label_width)])
        flush()
        return out

    def grid_table(self, data, widths, header_rows: int = 1,
                   extra: Iterable[TableCommand] = ()) -> _Table:
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
