"""Text on a PDF chart: one line with real superscripts for powers of ten, lines centred on a
point, text shortened with a visible '…' or wrapped to a width, and the markup of what a chart
lists under it instead of drawing.
"""

from __future__ import annotations

from typing import Callable, Iterable

from reports.shapes import Group, Rect, String
from reportlab.pdfbase.pdfmetrics import stringWidth

from models.chart_data import NotPlottedItem
from reports.charts.drawing import LABEL_SIZE, SMALL_SIZE, WHITE, Tagged
from reports.styles import FONT, INK
from reports.text import TextFormatter


def text_width(text: str, fmt: TextFormatter, size: float = LABEL_SIZE,
               font: str = FONT) -> float:
    return sum(stringWidth(piece, font, size * 0.7 if sup else size)
               for piece, sup in fmt.split_superscripts(text))


def draw_text(group: Group, x: float, y: float, text: str, fmt: TextFormatter, *,
              size: float = LABEL_SIZE, anchor: str = "start", font: str = FONT,
              color=INK, role: str = "text", key=None) -> Tagged:
    """One line of text with its powers of ten as superscripts, as a Tagged group."""
    tagged = Tagged(role, key, text)
    parts = fmt.split_superscripts(text)
    total = sum(stringWidth(piece, font, size * 0.7 if sup else size) for piece, sup in parts)
    if anchor == "middle":
        x -= total / 2
    elif anchor == "end":
        x -= total
    for piece, sup in parts:
        piece_size = size * 0.7 if sup else size
        tagged.add(String(x, y + (size * 0.4 if sup else 0), piece, fontName=font,
                          fontSize=piece_size, fillColor=color))
        x += stringWidth(piece, font, piece_size)
    group.add(tagged)
    return tagged


def draw_lines(group: Group, x: float, y_middle: float, text: str, fmt: TextFormatter, *,
               size: float = SMALL_SIZE, font: str = FONT, anchor: str = "start",
               role: str = "label", key=None, backing: bool = False) -> Tagged:
    """Text of one or more lines ('\\n'), centred on ``y_middle``; with a white backing so that
    a line behind it does not strike it through."""
    lines = text.split("\n")
    leading = size * 1.2
    tagged = Tagged(role, key, text)
    top = y_middle + (len(lines) - 1) * leading / 2
    if backing:
        width = max(text_width(line, fmt, size, font) for line in lines)
        left = x - (width if anchor == "end" else width / 2 if anchor == "middle" else 0)
        tagged.add(Rect(left - 1, top - (len(lines) - 1) * leading - size * 0.45, width + 2,
                        (len(lines) - 1) * leading + size * 1.2, fillColor=WHITE,
                        strokeColor=None))
    for index, line in enumerate(lines):
        draw_text(tagged, x, top - index * leading - size * 0.35, line, fmt, size=size,
                  font=font, anchor=anchor, role="line")
    group.add(tagged)
    return tagged


def fit(text: str, width: float, fmt: TextFormatter, size: float = LABEL_SIZE,
        font: str = FONT) -> str:
    """The text, shortened with a visible '…' until it fits the width."""
    if text_width(text, fmt, size, font) <= width:
        return text
    low, high = 0, len(text)
    while low < high:
        middle = (low + high + 1) // 2
        if text_width(text[:middle] + "…", fmt, size, font) <= width:
            low = middle
        else:
            high = middle - 1
    return text[:low].rstrip() + "…"


def wrap(text: str, width: float, fmt: TextFormatter, size: float = LABEL_SIZE,
         font: str = FONT) -> list[str]:
    """The text broken into lines no wider than ``width`` (at spaces; a single word too wide
    for a line is shortened visibly)."""
    lines: list[str] = []
    for word in text.split():
        trial = f"{lines[-1]} {word}" if lines else word
        if lines and text_width(trial, fmt, size, font) <= width:
            lines[-1] = trial
        else:
            lines.append(fit(word, width, fmt, size, font))
    return lines or [""]


def not_plotted_markup(items: Iterable[NotPlottedItem], fmt: TextFormatter,
                       refs: Callable[[str], str] | None = None) -> list[str]:
    """Paragraph markup for each item a chart lists instead of drawing: the name in bold (with
    its reference numbers from ``refs``: trial id -> ' [n]'), then why."""
    out = []
    for item in items:
        ref = refs(item.trial_id) if refs is not None and item.trial_id else ""
        out.append(f"<b>{fmt.markup(item.label)}</b>{fmt.markup(ref)}: "
                   f"{fmt.markup(item.reason)}")
    return out
