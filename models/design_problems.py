"""What is wrong with a design file, and how a message quotes a value from it.

Every problem names its JSON path (models/json_path.py) and what is allowed; a value is quoted
short and always printable, whatever the file held (docs/robustness.md).
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a design file: where (JSON path) and what is allowed."""

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


class DesignFileError(Exception):
    """A design file that cannot be read. ``problems`` lists every problem found."""

    def __init__(self, source: str, problems: list[Problem]):
        self.source = source
        self.problems = problems
        super().__init__(self.lines()[0] if problems else source)

    def lines(self) -> list[str]:
        """One line per problem, each naming the file and the JSON path."""
        return [f"{self.source}: {p}" for p in self.problems]

    def __str__(self) -> str:
        return "\n".join(self.lines())


class NonFinite:
    """A NaN or Infinity literal, kept until validation can name its path."""

    def __init__(self, literal: str):
        self.literal = literal


def json_type(node: Any) -> str:
    if node is None:
        return "null"
    if isinstance(node, bool):
        return "true/false"
    if isinstance(node, (int, float)):
        return "a number"
    if isinstance(node, str):
        return "text"
    if isinstance(node, list):
        return "a list"
    if isinstance(node, dict):
        return "an object"
    if isinstance(node, NonFinite):
        return node.literal
    return type(node).__name__


def show(node: Any) -> str:
    """A value as a message quotes it: short, and always printable (a lone surrogate or a
    control character is shown as its escape, a 400-digit integer by its length)."""
    if isinstance(node, int) and not isinstance(node, bool) and abs(node) >= 10 ** 15:
        return f"a number with {len(str(abs(node)))} digits"
    if isinstance(node, (int, float)) and not isinstance(node, bool):
        if math.isnan(node):
            return "NaN"
        return f"{node:g}" if math.isfinite(node) else ("Infinity" if node > 0 else "-Infinity")
    if isinstance(node, str):
        shown = node if len(node) <= 40 else node[:37] + "..."
        return printable(json.dumps(shown, ensure_ascii=False))
    return json_type(node)


_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\ud800-\udfff]")


def printable(text: str) -> str:
    """Text safe to print anywhere (a terminal, a UTF-8 file, a dialog): lone surrogates and
    control characters become their \\uXXXX escapes, as JSON would write them."""
    return _UNPRINTABLE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


_LONE_SURROGATE = re.compile(r"[\ud800-\udfff]")


def lone_surrogate(text: str) -> int | None:
    """The position of the first unpaired surrogate in ``text``, or None. JSON can spell one
    (``"\\ud800"``) but it is not a character: no UTF-8 file, PDF or terminal can hold it."""
    match = _LONE_SURROGATE.search(text)
    return None if match is None else match.start()
