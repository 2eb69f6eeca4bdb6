"""The PDF protocol summary for a steering committee (product.md, "The PDF protocol summary").

Eight parts on A4, in this order: 1 title block, 2 design at a glance, 3 guidance status, 4 the
design section by section, 5 sample-size justification, 6 the SPIRIT schedule, 7 evidence
context, 8 references. Every page carries "page X of Y", the design's title and its fingerprint.

Everything printed comes from models/: the same guidance result, sample size, schedule and
evidence as the wizard and the command line, so the handout never disagrees with the screen.
No Qt: ``export_pdf`` works headless (command line, tests, a worker thread of the GUI).

This module is the document: the entry points (``export_pdf``, ``build_pdf``), the atomic write
and its error words, the page template with its "page X of Y" footer, the PDF's metadata, and
the laying out of the pages. The parts are functions of the report's context (reports/context.py),
one module each in reports/sections/, put in order by reports.sections.summary_story.

    export_pdf(design, "summary.pdf", thresholds=load_user_thresholds())
"""

from __future__ import annotations

import datetime
import errno
import io
import os
from dataclasses import dataclass
from pathlib import Path

from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, SimpleDocTemplate

from models.design import Design
from models.atomic_files import write_atomic
from models.guidance import DEFAULT_THRESHOLDS, Thresholds
from models.version import APP_NAME, __version__
from reports.context import Progress, ReportContext, build_context
from reports.layout import PART_TITLES  # noqa: F401 - re-exported: callers and tests read it here
from reports.sections import summary_story
from reports.sections.title import DISCLAIMER  # noqa: F401 - re-exported, as above
from reports.styles import (
    FONT,
    GREY_DARK,
    GREY_LIGHT,
    MARGIN_BOTTOM,
    MARGIN_LEFT,
    MARGIN_RIGHT,
    MARGIN_TOP,
    PAGE_SIZE,
    register_fonts,
)

FOOTER_TITLE_CHARS = 90


@dataclass(frozen=True)
class ExportResult:
    path: Path
    pages: int
    size_bytes: int


def export_pdf(design: Design, path: str | os.PathLike,
               thresholds: Thresholds = DEFAULT_THRESHOLDS, design_path: str | None = None,
               progress: Progress | None = None, evidence=None,
               generated: datetime.datetime | None = None,
               changes_since: Design | None = None) -> ExportResult:
    """Build the summary and write it atomically: on any failure (an unwritable folder, a full
    disk) the target is left as it was and no partial file remains. Raises OSError then.
    ``changes_since``, an earlier version of the design, appends "Changes since version N"."""
    data, pages = build_pdf(design, thresholds, design_path=design_path, progress=progress,
                            evidence=evidence, generated=generated, changes_since=changes_since)
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
    reason = reasons.get(error.errno) if error.errno is not None else None
    return reason or error.strerror or str(error)


def build_pdf(design: Design, thresholds: Thresholds = DEFAULT_THRESHOLDS, *,
              design_path: str | None = None, progress: Progress | None = None, evidence=None,
              generated: datetime.datetime | None = None,
              changes_since: Design | None = None) -> tuple[bytes, int]:
    """The PDF as bytes, and its page count."""
    register_fonts()
    ctx = build_context(design, thresholds, design_path=design_path, evidence=evidence,
                        generated=generated, progress=progress, changes_since=changes_since)
    return lay_out_pages(ctx, summary_story(ctx))


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


# --- the pages ------------------------------------------------------------------------------------


def lay_out_pages(ctx: ReportContext, story: list[Flowable]) -> tuple[bytes, int]:
    """The story laid out on A4 with the page furniture: the PDF as bytes, and its page count."""
    meta = ctx.design.meta
    title = meta.title or "Untitled design"
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer, pagesize=PAGE_SIZE, leftMargin=MARGIN_LEFT, rightMargin=MARGIN_RIGHT,
        topMargin=MARGIN_TOP, bottomMargin=MARGIN_BOTTOM, initialFontName=FONT,
        title=title, author=meta.chief_investigator or "",
        subject=(f"Protocol summary of {meta.acronym or 'the design'} "
                 f"(design fingerprint {ctx.fingerprint})"),
        creator=f"{APP_NAME} {__version__}",
        keywords=f"MSC, ARDS, trial design, fingerprint {ctx.fingerprint}")
    if ctx.progress:
        estimate = {"pages": 12}

        def on_progress(kind: str, value) -> None:
            # reportlab reports its page count as it lays out; map it onto 60-95 %.
            if kind == "SIZE_EST":
                estimate["pages"] = max(1, value)
            elif kind == "PAGE":
                ctx.step(0.60 + 0.35 * min(1.0, value / max(estimate["pages"], value + 1)),
                         f"Laying out page {value}")

        doc.setProgressCallBack(on_progress)
    footer = ctx.fmt.plain(f"{meta.acronym + ' — ' if meta.acronym else ''}{title}")
    footer = cut_plain(footer, FOOTER_TITLE_CHARS) + f" · design {ctx.fingerprint}"
    pages: list[int] = []
    doc.build(story, canvasmaker=_canvas_class(footer, pages))
    return buffer.getvalue(), pages[-1]


def cut_plain(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[:limit].rstrip() + "…"
