"""Text as it goes into the PDF: escaped, with powers of ten as real superscripts, and every
character either printed in the embedded font or replaced visibly.

User text is data, never markup: a title holding ``<b>`` or ``&amp;`` prints exactly so. The
program's own number formatting writes powers of ten with Unicode superscripts (2 × 10⁶), which
the Vera font has no glyphs for; here they become reportlab ``<super>`` runs of ordinary digits.
A character the font cannot show at all (a rare accent, a CJK name) is never dropped silently:
it prints as its base letter when it has one, or as its code point, and the document lists each
substitution at the end.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from xml.sax.saxutils import escape

from reports.styles import glyph_set

SUPERSCRIPTS = {"⁰": "0", "¹": "1", "²": "2", "³": "3", "⁴": "4", "⁵": "5", "⁶": "6",
                "⁷": "7", "⁸": "8", "⁹": "9", "⁻": "-", "⁺": "+"}
SUBSCRIPTS = {"₀": "0", "₁": "1", "₂": "2", "₃": "3", "₄": "4", "₅": "5", "₆": "6",
              "₇": "7", "₈": "8", "₉": "9"}

# Typographic characters with an exact equivalent in the font: not a loss, so not reported.
EQUIVALENTS = {
    "\u2212": "-",      # minus sign
    "\u2010": "-",      # hyphen
    "\u2011": "-",      # non-breaking hyphen
    "\u2012": "–",      # figure dash
    "\u2015": "—",      # horizontal bar
    "\u2009": " ",      # thin space
    "\u200a": " ",      # hair space
    "\u202f": "\u00a0",  # narrow no-break space
    "\u2007": " ",      # figure space
    "\u200b": "",       # zero-width space
    "\ufeff": "",       # byte-order mark
    "\u2192": "->",
    "\u2190": "<-",
    "\u2032": "'",
    "\u2033": '"',
    "\t": " ",
    "\r": "",
    "\u0394": "\u2206",  # Greek capital delta -> increment sign (the same letterform)
    "\u03bc": "\u00b5",  # Greek mu -> micro sign
    "\u0304": "\u00af",  # combining macron (p̄) -> spacing macron (p¯)
}
# Greek letters the font lacks, written out as statisticians read them aloud (β -> beta): an exact
# reading, so not reported as a substitution.
EQUIVALENTS.update({chr(code): name for code, name in zip(
    range(0x3B1, 0x3CA),
    ("alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota", "kappa",
     "lambda", "mu", "nu", "xi", "omicron", "pi", "rho", "final sigma", "sigma", "tau",
     "upsilon", "phi", "chi", "psi", "omega")) if chr(code) not in EQUIVALENTS})
EQUIVALENTS["\u03c2"] = "sigma"


STAND_IN_PREFIX = "[U+"
_PLAIN_ASCII = re.compile(r"[\x20-\x7e]*")


@functools.cache
def _printed_as_is() -> frozenset[str]:
    """The characters that print as themselves both in markup and on the canvas: in the font,
    not a raised or lowered digit, not a line break or tab."""
    special = set(SUPERSCRIPTS) | set(SUBSCRIPTS) | set(EQUIVALENTS) | {"\n"}
    return frozenset(c for c in map(chr, glyph_set()) if c not in special)


def needs_markup(text: str) -> bool:
    """Whether text must go through a Paragraph (line breaks, raised digits) rather than being
    set as a plain table string."""
    return "\n" in text or any(c in SUPERSCRIPTS or c in SUBSCRIPTS for c in text)


class TextFormatter:
    """Turns text into Paragraph markup or into plain strings for the canvas, and remembers every
    character it had to replace, so the document can say so. One per export (not shared across
    threads)."""

    def __init__(self) -> None:
        self.substitutions: dict[str, str] = {}   # character -> what was printed instead

    # --- single characters ----------------------------------------------------------------

    def _printable(self, char: str) -> str:
        """The character itself if the font has it, else an equivalent, else a visible stand-in."""
        if ord(char) in glyph_set():
            return char
        if char in EQUIVALENTS:
            return EQUIVALENTS[char]
        if unicodedata.category(char) == "Mn":      # a combining mark the font lacks
            self.substitutions.setdefault(char, "")
            return ""
        decomposed = "".join(c for c in unicodedata.normalize("NFKD", char)
                             if unicodedata.category(c) != "Mn")
        if decomposed and all(ord(c) in glyph_set() for c in decomposed):
            self.substitutions.setdefault(char, decomposed)
            return decomposed
        stand_in = f"{STAND_IN_PREFIX}{ord(char):04X}]"
        self.substitutions.setdefault(char, stand_in)
        return stand_in

    # --- Paragraph markup -----------------------------------------------------------------

    def markup(self, text: object) -> str:
        """Text for a reportlab Paragraph: XML-escaped, line breaks kept, superscript and
        subscript digits as <super>/<sub> runs, every other character printable."""
        if text is None:
            return ""
        text = str(text)
        if _PLAIN_ASCII.fullmatch(text):
            # Most text is printable ASCII, all of which the font has: escaping is enough.
            return escape(text)
        # 'José' pasted as 'e' + combining accent (common from macOS) must print as 'é':
        # compose first, so the font's precomposed glyph is found.
        text = unicodedata.normalize("NFC", text)
        if _printed_as_is().issuperset(text):
            return escape(text)   # '≥ 18 years – 28 days': in the font as it is
        out: list[str] = []
        run_kind: str | None = None
        run: list[str] = []

        def flush() -> None:
            nonlocal run_kind
            if run_kind is not None:
                out.append(f"<{run_kind}>{''.join(run)}</{run_kind}>")
                run.clear()
                run_kind = None

        after_stand_in = False
        for char in str(text):
            kind = "super" if char in SUPERSCRIPTS else "sub" if char in SUBSCRIPTS else None
            if kind is not None:
                if run_kind != kind:
                    flush()
                    run_kind = kind
                run.append(escape((SUPERSCRIPTS if kind == "super" else SUBSCRIPTS)[char]))
                after_stand_in = False
                continue
            flush()
            if char == "\n":
                out.append("<br/>")
                after_stand_in = False
                continue
            printed = self._printable(char)
            stand_in = printed.startswith(STAND_IN_PREFIX) and len(printed) > 1
            if stand_in and after_stand_in:
                # A space between stand-ins lets a line break there: a run of 20,000 of them
                # is otherwise one word, which reportlab splits character by character (seconds).
                out.append(" ")
            after_stand_in = stand_in
            out.append(escape(printed))
        flush()
        return "".join(out)

    # --- plain strings (canvas, chart labels) ---------------------------------------------

    def plain(self, text: object) -> str:
        """Text for canvas.drawString or a chart label: printable characters only; powers of ten
        keep their meaning as '^6' (charts draw real superscripts with ``split_superscripts``)."""
        if text is None:
            return ""
        text = str(text)
        if _PLAIN_ASCII.fullmatch(text):
            return text   # printable ASCII: all in the font, no raised digits, no line breaks
        text = unicodedata.normalize("NFC", text)
        if _printed_as_is().issuperset(text):
            return text
        out = []
        previous_super = False
        for char in text:
            if char in SUPERSCRIPTS:
                out.append(("" if previous_super else "^") + SUPERSCRIPTS[char])
                previous_super = True
                continue
            previous_super = False
            if char in SUBSCRIPTS:
                out.append(SUBSCRIPTS[char])
            elif char == "\n":
                out.append(" ")
            else:
                out.append(self._printable(char))
        return "".join(out)

    def split_superscripts(self, text: str) -> list[tuple[str, bool]]:
        """'2 × 10⁶' -> [('2 × 10', False), ('6', True)]: for drawing superscripts on a chart."""
        if _PLAIN_ASCII.fullmatch(text):
            # Printable ASCII (most chart labels): no superscript, every character in the font,
            # so the loop below would give the text back as one piece; it costs 0.1 ms a label.
            return [(text, False)] if text else []
        parts: list[tuple[str, bool]] = []
        for char in text:
            is_super = char in SUPERSCRIPTS
            piece = SUPERSCRIPTS[char] if is_super else self.plain(char)
            if parts and parts[-1][1] == is_super:
                parts[-1] = (parts[-1][0] + piece, is_super)
            else:
                parts.append((piece, is_super))
        return parts

    def substitution_note(self) -> str | None:
        """One sentence listing what was printed in place of characters the font lacks."""
        if not self.substitutions:
            return None
        items = []
        for char, printed in sorted(self.substitutions.items()):
            name = unicodedata.name(char, "unnamed character").lower()
            shown = f"'{printed}'" if printed else "nothing (a combining mark)"
            items.append(f"U+{ord(char):04X} ({name}) as {shown}")
        return ("The embedded font (Bitstream Vera) has no glyph for some characters of the "
                "design; they are printed as follows: " + "; ".join(items) + ".")


def cut(text: str, limit: int) -> str:
    """Text shortened visibly: what was left out is counted, never hidden."""
    if len(text) <= limit:
        return text
    return f"{text[:limit]}… [{len(text) - limit} more characters]"
