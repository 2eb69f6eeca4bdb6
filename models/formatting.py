"""Number formatting shared by the screen, the command line and the PDF, so they never disagree."""

from __future__ import annotations

import math

_SUPERSCRIPT = str.maketrans("0123456789-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻")


def format_number(value: float, max_decimals: int = 3) -> str:
    """A plain number without trailing zeros: 0.05 -> '0.05', 2.0 -> '2', 12.3456 -> '12.346'."""
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return "—"
    if float(value).is_integer():
        return f"{int(value):d}"
    text = f"{value:.{max_decimals}f}".rstrip("0").rstrip(".")
    return text


def format_power_of_ten(value: float, ascii_only: bool = False) -> str:
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
    mantissa = round(mantissa, 2)
    if abs(mantissa) >= 10:
        mantissa /= 10
        exponent += 1
    mantissa_text = format_number(mantissa, 2)
    if ascii_only:
        return f"{mantissa_text} x 10^{exponent}"
    return f"{mantissa_text} × 10{str(exponent).translate(_SUPERSCRIPT)}"


def format_percent(fraction: float, decimals: int = 0) -> str:
    """A fraction as a percentage: 0.4 -> '40%', 0.125 with decimals=1 -> '12.5%'."""
    return f"{format_number(round(fraction * 100, decimals), decimals)}%"


def format_ratio_ci(estimate: float, low: float, high: float, decimals: int = 2) -> str:
    """A ratio with its 95% confidence interval: '0.88 (0.64–1.21)'."""
    return f"{estimate:.{decimals}f} ({low:.{decimals}f}–{high:.{decimals}f})"
