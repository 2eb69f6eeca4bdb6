"""Numbers as people type them into the wizard: '5e6', '5 000 000', '2 × 10^6', '0,4' and
'1,234.5' are read; '1,000' is refused as ambiguous (one thousand, or one with a decimal comma?)
rather than guessed, and nothing is ever truncated silently ('1,000' was once read as 1).

Qt-free, so that the rule is tested without a widget (issue 16: logic out of ui/).
"""

from __future__ import annotations

import re

# Grouping separators nobody uses for decimals: spaces (also no-break and narrow no-break),
# the apostrophe of Swiss usage.
_GROUPING = str.maketrans("", "", " \u00a0\u202f\u2009'’")


class NumberTextError(ValueError):
    """Text that is not a number, or not unambiguously one; the message says what to type."""


def _grouped(text: str, separator: str) -> bool:
    """'1,234,567' for ','; the first group has 1 to 3 digits, every other exactly 3."""
    return re.fullmatch(r"[+-]?\d{1,3}(?:" + re.escape(separator) + r"\d{3})+", text) \
        is not None


def parse_number(text: str):
    """'5e6' -> 5000000.0, '2' -> 2, '' -> None; 1,234.5 and 1.234,5 -> 1234.5; '0,4' -> 0.4;
    '1,000' -> NumberTextError (ambiguous); anything else -> NumberTextError."""
    original = text
    text = text.strip().translate(_GROUPING).replace("×10^", "e").replace("x10^", "e")
    if not text:
        return None
    commas, points = text.count(","), text.count(".")
    if commas and points:
        # Both: the last one is the decimal separator, the other groups thousands.
        decimal, grouping = (",", ".") if text.rfind(",") > text.rfind(".") else (".", ",")
        whole, _, fraction = text.rpartition(decimal)
        if not _grouped(whole, grouping):
            raise NumberTextError(f"'{original.strip()}' mixes ',' and '.'; write it as e.g. "
                                  "1234.5")
        text = whole.replace(grouping, "") + "." + fraction
    elif commas:
        if commas == 1 and _grouped(text, ","):
            raise NumberTextError(f"'{original.strip()}' is ambiguous: write "
                                  f"{text.replace(',', '')} for thousands, or "
                                  f"{text.replace(',', '.')} with a decimal point")
        text = text.replace(",", "") if _grouped(text, ",") else text.replace(",", ".")
    elif points > 1:
        if not _grouped(text, "."):
            raise NumberTextError(f"'{original.strip()}' is not a number")
        text = text.replace(".", "")
    try:
        value = float(text)
    except ValueError:
        raise NumberTextError(f"'{original.strip()}' is not a number") from None
    return int(value) if value.is_integer() and "." not in text and "e" not in text.lower() \
        else value


def parse_number_list(text: str):
    """'0, 2, 7' -> [0, 2, 7]; '' -> None. Commas (or semicolons) separate the numbers."""
    parts = [p for p in text.replace(";", ",").split(",") if p.strip()]
    if not parts:
        return None
    return [parse_number(p) for p in parts]
