"""The Word summary's layout: the PDF's layout helpers (reports/layout.py) replaced where Word
differs, so the eight parts are built by the very same part functions (reports/sections/), in
the same order (reports.sections.summary_story), from the same context: guidance result, sample
size, schedule and evidence.

The helpers return ``Para`` (a paragraph's markup and its style name) instead of reportlab
Paragraphs, keep every character (reports/word/text.py) and skip the PDF's page furniture.
Tables stay reportlab Tables (the part functions make them): reports/word/document.py reads their
cells, spans and header rows, and draws the charts (reportlab Drawings) as pictures.
"""

from __future__ import annotations

from dataclasses import dataclass

from reports.layout import PART_TITLES, PdfLayout
from reports.references import References
from reports.word.text import WordFormatter


@dataclass(frozen=True)
class Para:
    """One paragraph: reportlab-style markup (the part functions' own; user text escaped) and
    the name of the PDF paragraph style it was given, which document.py maps to a Word style."""
    markup: str
    style: str = "body"


class WordLayout(PdfLayout):
    """The summary's layout for Word (see the module docstring)."""

    def __init__(self, refs: References):
        super().__init__(refs, WordFormatter())

    def p(self, text: str, style: str = "body") -> Para:
        return Para(self.fmt.markup(text), style)

    def pm(self, markup: str, style: str = "body") -> Para:
        return Para(markup, style)

    def paragraphs(self, text: str, style: str = "body") -> list[Para]:
        # Word has no cost per page break: a long text stays one paragraph, as typed.
        return [self.p(text, style)]

    def cell(self, text: str, width: float, style: str = "cell") -> Para:
        return self.p(text, style)

    def heading(self, part: int) -> list[Para]:
        return [self.p(PART_TITLES[part], "h1")]
