"""Text as it goes into a Word file: as typed, with only what XML cannot hold replaced visibly.

The PDF replaces characters its embedded font lacks; a Word file has no such limit (the reader's
fonts show them), so ``WordFormatter.markup`` keeps every character, superscripts included
(2 × 10⁶ stays Unicode). Two things are still done:

- XML 1.0 cannot hold most C0 control characters (U+0000-U+0008, U+000B, U+000C, U+000E-U+001F),
  U+FFFE, U+FFFF or a lone surrogate; lxml refuses them and Word calls the file corrupt. Each
  prints as a visible stand-in, "[U+000B]", the notation the PDF uses for a missing glyph, and
  the document lists them at the end. (The design reader already refuses lone surrogates.)
- Bidirectional embeddings, overrides and isolates a user typed (U+202A-U+202E, U+2066-U+2068)
  are closed at the end of their own text, so a right-to-left override in a title cannot run
  on into the program's words that follow it in the same paragraph.

Markup is the reportlab paragraph markup the section builders compose (``<b>``, ``<i>``,
``<super>``, ``<sub>``, ``<br/>`` and entities); ``runs`` turns it back into text runs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import unescape
from xml.sax.saxutils import escape

from reports.text import TextFormatter

_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_EMBEDDINGS = "\u202a\u202b\u202d\u202e"   # LRE RLE LRO RLO, closed by PDF (U+202C)
_ISOLATES = "\u2066\u2067\u2068"            # LRI RLI FSI, closed by PDI (U+2069)


def balance_bidi(text: str) -> str:
    """Text with every directional embedding, override and isolate it opens closed at its end."""
    if not any(c in text for c in _EMBEDDINGS + _ISOLATES):
        return text
    embeddings = isolates = 0
    for char in text:
        if char in _EMBEDDINGS:
            embeddings += 1
        elif char == "\u202c":
            embeddings = max(0, embeddings - 1)
        elif char in _ISOLATES:
            isolates += 1
        elif char == "\u2069":
            isolates = max(0, isolates - 1)
    return text + "\u202c" * embeddings + "\u2069" * isolates


class WordFormatter(TextFormatter):
    """Paragraph markup that keeps every character. ``plain`` and ``split_superscripts`` are the
    PDF's, so the charts (drawn in the Vera font, reports/word/raster.py) still substitute what
    the font lacks, and ``substitution_note`` says so."""

    def __init__(self) -> None:
        super().__init__()
        self.xml_stand_ins: dict[str, str] = {}

    def xml_safe(self, text: str) -> str:
        def stand_in(match: re.Match) -> str:
            shown = f"[U+{ord(match.group()):04X}]"
            self.xml_stand_ins.setdefault(match.group(), shown)
            return shown

        return _XML_ILLEGAL.sub(stand_in, text)

    def markup(self, text: object) -> str:
        if text is None:
            return ""
        text = balance_bidi(self.xml_safe(str(text)))
        return escape(text).replace("\n", "<br/>")

    def substitution_note(self) -> str | None:
        notes = []
        if self.xml_stand_ins:
            listed = "; ".join(f"U+{ord(c):04X} as '{shown}'"
                               for c, shown in sorted(self.xml_stand_ins.items()))
            notes.append("Some characters of the design cannot be stored in a Word file (XML "
                         f"control characters); they are printed as follows: {listed}.")
        chart_note = super().substitution_note()
        if chart_note:
            notes.append("In the charts (images): " + chart_note[0].lower() + chart_note[1:])
        return " ".join(notes) or None


@dataclass(frozen=True)
class Run:
    text: str
    bold: bool = False
    italic: bool = False
    superscript: bool = False
    subscript: bool = False


_TOKEN = re.compile(r"<(/?)(b|i|super|sub)>|<br/>|(?P<font><font size='[0-9.]+'>|</font>)"
                    r"|&[#a-zA-Z0-9]+;|[^<&]+")


def runs(markup: str, bold: bool = False) -> list[Run]:
    """The runs of a paragraph's markup. A tag the section builders do not compose is an error:
    markup is the program's own, and user text reaches it escaped."""
    out: list[Run] = []
    state = {"b": bold, "i": False, "super": False, "sub": False}
    position = 0
    for match in _TOKEN.finditer(markup):
        if match.start() != position:
            raise ValueError(f"unexpected markup at {position}: {markup[position:][:40]!r}")
        position = match.end()
        token = match.group()
        if match.group(2):
            state[match.group(2)] = not match.group(1)
            continue
        if match.group("font"):
            # A smaller size for a secondary line (a JSON path under a field's name): Word's
            # table style sets the size, so the text is kept and the size left to the style.
            continue
        text = "\n" if token == "<br/>" else unescape(token) if token[0] == "&" else token
        run = Run(text, state["b"], state["i"], state["super"], state["sub"])
        if out and out[-1].__dict__ | {"text": ""} == run.__dict__ | {"text": ""}:
            out[-1] = Run(out[-1].text + text, run.bold, run.italic, run.superscript,
                          run.subscript)
        else:
            out.append(run)
    if position != len(markup):
        raise ValueError(f"unexpected markup at {position}: {markup[position:][:40]!r}")
    return out
