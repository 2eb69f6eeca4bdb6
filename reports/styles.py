"""Fonts, paragraph styles and greys for the PDF.

Every piece of text in the PDF is set in Bitstream Vera, the TrueType family that ships inside
reportlab: it is embedded (as a subset) in the file, so ≥, ≤, ×, µ and accented names print the
same on every printer, and no base-14 font (which carries only Latin-1 and is never embedded) is
ever used. The page is designed in black and grey so that it prints on any office printer;
nothing is told by colour alone.
"""

from __future__ import annotations

import functools
import threading

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm

FONT = "Vera"
FONT_BOLD = "Vera-Bold"
FONT_ITALIC = "Vera-Italic"
FONT_BOLD_ITALIC = "Vera-BoldItalic"
_FONT_FILES = {FONT: "Vera.ttf", FONT_BOLD: "VeraBd.ttf", FONT_ITALIC: "VeraIt.ttf",
               FONT_BOLD_ITALIC: "VeraBI.ttf"}

PAGE_SIZE = A4
MARGIN_LEFT = MARGIN_RIGHT = 18 * mm
MARGIN_TOP = 18 * mm
MARGIN_BOTTOM = 20 * mm          # room for the footer
FRAME_WIDTH = PAGE_SIZE[0] - MARGIN_LEFT - MARGIN_RIGHT

# Greys only: they print the same on a monochrome printer as on screen.
INK = colors.black
GREY_DARK = colors.Color(0.30, 0.30, 0.30)
GREY_MID = colors.Color(0.55, 0.55, 0.55)
GREY_LIGHT = colors.Color(0.85, 0.85, 0.85)
GREY_FAINT = colors.Color(0.94, 0.94, 0.94)

_lock = threading.Lock()


@functools.cache
def _registered() -> bool:
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    # reportlab finds Vera*.ttf in its own fonts folder (rl_config.TTFSearchPath), also when the
    # program is frozen with reportlab's data files.
    for name, filename in _FONT_FILES.items():
        pdfmetrics.registerFont(TTFont(name, filename))
    # So that <b> and <i> inside a paragraph pick the Vera faces, never Helvetica.
    for bold, italic, face in ((0, 0, FONT), (1, 0, FONT_BOLD), (0, 1, FONT_ITALIC),
                               (1, 1, FONT_BOLD_ITALIC)):
        addMapping(FONT, bold, italic, face)
    return True


def register_fonts() -> None:
    """Register the Vera faces once per process (thread-safe: the GUI exports in a worker)."""
    with _lock:
        _registered()


@functools.cache
def glyph_set() -> frozenset[int]:
    """The code points the regular Vera face has a glyph for (all four faces share one set)."""
    register_fonts()
    from reportlab.pdfbase import pdfmetrics

    return frozenset(pdfmetrics.getFont(FONT).face.charToGlyph)


def _style(name: str, **kw) -> ParagraphStyle:
    base = dict(fontName=FONT, fontSize=8.5, leading=11, textColor=INK, alignment=TA_LEFT,
                splitLongWords=1)
    base.update(kw)
    return ParagraphStyle(name, **base)


@functools.cache
def styles() -> dict[str, ParagraphStyle]:
    register_fonts()
    return {
        "title": _style("title", fontName=FONT_BOLD, fontSize=16, leading=20, spaceAfter=4),
        "subtitle": _style("subtitle", fontSize=10, leading=13, textColor=GREY_DARK,
                           spaceAfter=6),
        "h1": _style("h1", fontName=FONT_BOLD, fontSize=12.5, leading=16, spaceBefore=10,
                     spaceAfter=5, keepWithNext=1),
        "h2": _style("h2", fontName=FONT_BOLD, fontSize=10, leading=13, spaceBefore=7,
                     spaceAfter=3, keepWithNext=1),
        # A heading followed by a table that may start on this page and run on to the next
        # (keepWithNext would push heading and table to a new page together).
        "h2_flow": _style("h2_flow", fontName=FONT_BOLD, fontSize=10, leading=13, spaceBefore=7,
                          spaceAfter=3),
        "body": _style("body", spaceAfter=4),
        "small": _style("small", fontSize=7.5, leading=9.5, textColor=GREY_DARK, spaceAfter=3),
        "note": _style("note", fontName=FONT_ITALIC, fontSize=7.5, leading=9.5,
                       textColor=GREY_DARK, spaceAfter=3),
        "cell": _style("cell", fontSize=7.8, leading=9.6),
        "cell_bold": _style("cell_bold", fontName=FONT_BOLD, fontSize=7.8, leading=9.6),
        "cell_small": _style("cell_small", fontSize=7, leading=8.6),
        "cell_head": _style("cell_head", fontName=FONT_BOLD, fontSize=7.5, leading=9.2),
        "finding_head": _style("finding_head", fontName=FONT_BOLD, fontSize=8.5, leading=11),
        "finding_body": _style("finding_body", leftIndent=16, spaceAfter=1.5),
        "evidence": _style("evidence", fontSize=7.5, leading=9.5, leftIndent=24,
                           textColor=GREY_DARK, spaceAfter=1),
        "reference": _style("reference", fontSize=7.8, leading=10, leftIndent=18,
                            firstLineIndent=-18, spaceAfter=2.5),
        "disclaimer": _style("disclaimer", fontName=FONT_ITALIC, fontSize=8.5, leading=11,
                             spaceBefore=6, spaceAfter=6),
    }
