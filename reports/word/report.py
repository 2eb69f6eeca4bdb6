"""The Word summary's report: the PDF's report (reports.pdf) with its layout helpers replaced, so
the eight parts are built by the very same section builders (reports/sections/), in the same
order, from the same guidance result, sample size, schedule and evidence.

The helpers return ``Para`` (a paragraph's markup and its style name) instead of reportlab
Paragraphs, keep every character (reports/word/text.py) and skip the PDF's page furniture.
Tables stay reportlab Tables (the builders make them): reports/word/document.py reads their
cells, spans and header rows, and draws the charts (reportlab Drawings) as pictures.
"""

from __future__ import annotations

from dataclasses import dataclass

from reports.pdf import _Report
from reports.sections.base import PART_TITLES
from reports.word.text import WordFormatter


@dataclass(frozen=True)
class Para:
    """One paragraph: reportlab-style markup (the builders' own; user text escaped) and the
    name of the PDF paragraph style it was given, which document.py maps to a Word style."""
    markup: str
    style: str = "body"


class WordReport(_Report):
    """The summary being built for Word (see the module docstring)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fmt = WordFormatter()

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

    def story(self) -> list:
        """The parts in the PDF's order: reports.pdf's own render(), whose last step (laying out
        the pages) is replaced by handing back the story. The PDF's page breaks stay in it;
        document.py drops them (a summary pasted into a template takes its pagination)."""
        return self.render()

    def _build(self, story: list) -> list:
        return story
