"""The simulation's errors: ``SimulationError`` for an impossible or meaningless request (the
message names what is wrong) and ``SimulationCancelled`` when the caller's ``cancelled()`` check
says stop; and the number check every input goes through.
"""

from __future__ import annotations

import math


class SimulationError(ValueError):
    """An impossible or meaningless request; the message names what is wrong."""


class SimulationCancelled(Exception):
    """The caller's ``cancelled()`` returned True between two chunks; nothing is returned."""


def _number(value, name: str) -> float:
    """A finite float, or a SimulationError naming the input."""
    if isinstance(value, bool):
        raise SimulationError(f"{name} must be a number, not {value!r}")
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise SimulationError(f"{name} must be a number, not {value!r}") from None
    if not math.isfinite(number):
        raise SimulationError(f"{name} must be a finite number, not {value!r}")
    return number


def _whole_number(value, name: str, low: int, high: int) -> int:
    """An int in [low, high] (a float with no fractional part is accepted)."""
    if isinstance(value, bool):
        raise SimulationError(f"{name} must be a whole number, not {value!r}")
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if not isinstance(value, int):
        try:
            import operator

            value = operator.index(value)          # numpy integers
        except TypeError:
            raise SimulationError(f"{name} must be a whole number, not {value!r}") from None
    if not low <= value <= high:
        raise SimulationError(f"{name} {value} must be from {low:,} to {high:,}")
    return int(value)
