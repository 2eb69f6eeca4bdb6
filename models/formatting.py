"""Number formatting shared by the screen, the command line and the PDF, so they never disagree."""

from __future__ import annotations

import math

_SUPERSCRIPT = str.maketrans("0123456789-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻")


def format_number(value: float, max_decimals: int = 3, *, decimals: int | None = None) -> str:
    """A plain number without trailing zeros: 0.05 -> '0.05', 2.0 -> '2', 12.3456 -> '12.346'."""
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return "—"
    if decimals is not None:
        max_decimals = decimals
    if float(value).is_integer():
        return f"{int(value):d}"
    text = f"{value:.{max_decimals}f}"
    if "." in text:
        # Only a fraction's trailing zeros go: with no decimals, 110 stays 110.
        text = text.rstrip("0").rstrip(".")
    if text in ("0", "-0") and value != 0:
        # Never print a positive dose or rate as 0: show its significant digits instead.
        return f"{value:.{max(1, max_decimals)}g}"
    return text


def format_power_of_ten(value: float, ascii_only: bool = False, decimals: int = 2) -> str:
    """A large count in scientific notation: 2e6 -> '2 × 10⁶', 4e8 -> '4 × 10⁸',
    1.2e12 -> '1.2 × 10¹²'. Numbers below 10 000 print plainly. With ascii_only, '2 x 10^6'."""
    if value is None:
        return "—"
    if value == 0:
        return "0"
    if abs(value) < 10_000:
        return format_number(value, 2)
    exponent = int(math.floor(math.log10(abs(value))))
    mantissa = value / 10 ** exponent
    # 9.9999999 rounds to 10: move to the next exponent so we never print '10 × 10⁵'.
    mantissa = round(mantissa, decimals)
    if abs(mantissa) >= 10:
        mantissa /= 10
        exponent += 1
    mantissa_text = format_number(mantissa, decimals)
    if ascii_only:
        return f"{mantissa_text} x 10^{exponent}"
    return f"{mantissa_text} × 10{str(exponent).translate(_SUPERSCRIPT)}"


def format_percent(fraction: float, decimals: int = 0) -> str:
    """A fraction as a percentage: 0.4 -> '40%', 0.125 with decimals=1 -> '12.5%'."""
    return f"{format_number(round(fraction * 100, decimals), decimals)}%"


def format_ratio_ci(estimate: float, low: float, high: float, decimals: int = 2) -> str:
    """A ratio with its 95% confidence interval: '0.88 (0.64–1.21)'."""
    return f"{estimate:.{decimals}f} ({low:.{decimals}f}–{high:.{decimals}f})"


def format_risk_ratio_ci(estimate: float | None, low: float | None, high: float | None) -> str:
    """A risk ratio with its 95% CI, as format_ratio_ci, or 'not estimable' when there is none.
    Two decimals, more when the smaller figure is below 0.1, so that a lower bound of 0.018
    never prints as '0.02' or '0.00': (0.3297, 0.0183, 5.937) -> '0.330 (0.018–5.937)'."""
    if estimate is None or low is None or high is None:
        return "not estimable"
    smallest = min(estimate, low)
    decimals = 2 if smallest >= 0.1 else min(6, 1 - math.floor(math.log10(smallest)))
    return format_ratio_ci(estimate, low, high, decimals)


def format_distinct(value: float, limit: float, formatter=format_number, decimals: int = 1,
                    max_decimals: int = 6) -> str:
    """``value`` with just enough decimals that it does not print the same as ``limit``.

    A finding says a stated value is beyond a threshold; rounding must never make the value read
    as the threshold itself (72.04 h shown as '72 h' against a 72 h limit)."""
    for places in range(decimals, max_decimals + 1):
        text = formatter(value, decimals=places)
        if text != formatter(limit, decimals=places):
            return text
    return formatter(value, decimals=max_decimals)
