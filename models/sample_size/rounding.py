"""Rounding a sample size (docs/conventions.md 1.8 item 7): each arm's raw n rounded up
separately, floating-point noise never adding a patient (``ceil_n``), then inflated for dropout
in exact arithmetic (``inflate_for_dropout``), and the rule in words for a result's formula.
"""

from __future__ import annotations

import math
from decimal import Decimal
from fractions import Fraction

from models.formatting import format_number
from models.sample_size.errors import SampleSizeError

# A raw n counts as an integer when it exceeds one by at most this (docs/conventions.md 1.8 item 7):
# floating-point noise must not add a patient.
_INTEGER_TOLERANCE = 1e-9


def ceil_n(raw: float) -> int:
    """Round a raw n up, unless it exceeds an integer by at most 1e-9 (numerical noise)."""
    if not math.isfinite(raw) or raw < 0:
        raise SampleSizeError(f"a sample size must be a non-negative number, not {raw!r}")
    below = math.floor(raw)
    return int(below) if raw - below <= _INTEGER_TOLERANCE else int(below) + 1


def inflate_for_dropout(n: int, dropout_pct: float) -> int:
    """ceil(100 n / (100 - dropout_pct)) in exact arithmetic (docs/conventions.md 1.8 item 7): 21
    patients with 30% dropout give exactly 30, never 31 as 21 / (1 - 0.3) = 30.000000000000004
    would in floating point."""
    if isinstance(n, bool) or not isinstance(n, int) or n < 0:
        raise SampleSizeError(f"n must be a non-negative whole number, not {n!r}")
    pct = _exact(dropout_pct, "dropout")
    if not 0 <= pct < 100:
        raise SampleSizeError(f"dropout {format_number(float(pct))}% must be at least 0% and "
                              "below 100%")
    inflated = Fraction(100 * n) / (100 - pct)
    return -(-inflated.numerator // inflated.denominator)


def _exact(value: float, name: str) -> Fraction:
    """The decimal a user typed, exactly: 12.3 means 123/10, not the binary float near it."""
    if isinstance(value, bool):
        raise SampleSizeError(f"{name} must be a number, not {value!r}")
    if isinstance(value, (int, Fraction)):
        return Fraction(value)
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise SampleSizeError(f"{name} must be a finite number, not {value}")
        return Fraction(value)
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise SampleSizeError(f"{name} must be a number, not {value!r}") from None
    if not math.isfinite(number):
        raise SampleSizeError(f"{name} must be a finite number, not {value!r}")
    return Fraction(Decimal(repr(number)))


_ROUNDING_FORMULA = ("each arm's raw n rounded up separately; dropout d%: "
                     "n_enrolled = ceil(100·n / (100 - d))")
