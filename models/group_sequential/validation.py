"""Checking what a design is asked: the number of looks, the information fractions, alpha,
sidedness and power, and the futility rule. Every refusal is a GroupSequentialError that says why;
nothing impossible reaches the integration (which would answer with NaN or not converge).
"""

from __future__ import annotations

import math
from typing import Sequence

from models.formatting import format_number
from models.group_sequential import spending as sp
from models.group_sequential.errors import GroupSequentialError

MAX_LOOKS = 5
# Looks closer than 1% of the information are pointless, and the integration grid cannot
# resolve the increment between them (at 0.1% the type I error is off by 2e-5).
MIN_INFO_STEP = 0.01
# As in models.sample_size: below this alpha / 2 of a tiny alpha loses the normal tails' digits.
MIN_ALPHA = 1e-10


def number(value, name: str) -> float:
    if isinstance(value, bool):
        raise GroupSequentialError(f"{name} must be a number, not {value!r}")
    try:
        result = float(value)
    except (TypeError, ValueError):
        raise GroupSequentialError(f"{name} must be a number, not {value!r}") from None
    if not math.isfinite(result):
        raise GroupSequentialError(f"{name} must be a finite number, not {value!r}")
    return result


def validate_looks(looks) -> int:
    if isinstance(looks, float) and looks.is_integer():
        looks = int(looks)
    if isinstance(looks, bool) or not isinstance(looks, int):
        raise GroupSequentialError(f"the number of looks must be a whole number, not {looks!r}")
    if not 1 <= looks <= MAX_LOOKS:
        raise GroupSequentialError(f"{looks} looks requested; between 1 and {MAX_LOOKS} "
                                   "(the final analysis included) are supported")
    return looks


def validate_rates(looks: int, info_rates) -> tuple[float, ...]:
    if info_rates is None:
        return tuple(k / looks for k in range(1, looks)) + (1.0,)
    if isinstance(info_rates, (str, bytes)) or not isinstance(info_rates, Sequence):
        raise GroupSequentialError("the information fractions must be a list of numbers")
    rates = [number(t, "an information fraction") for t in info_rates]
    if len(rates) != looks:
        raise GroupSequentialError(f"{len(rates)} information fractions given for {looks} looks")
    if not rates[0] > 0.0:
        raise GroupSequentialError(f"the first information fraction {format_number(rates[0], 6)} "
                                   "must be above 0")
    if abs(rates[-1] - 1.0) > 1e-9:
        raise GroupSequentialError(f"the last information fraction must be 1 (the final "
                                   f"analysis), not {format_number(rates[-1], 6)}")
    rates[-1] = 1.0
    for k in range(1, looks):
        if not rates[k] > rates[k - 1]:
            raise GroupSequentialError(
                f"the information fractions must increase strictly: look {k + 1} "
                f"({format_number(rates[k], 6)}) is not after look {k} "
                f"({format_number(rates[k - 1], 6)})")
        if rates[k] - rates[k - 1] < MIN_INFO_STEP - 1e-12:
            raise GroupSequentialError(
                f"looks {k} and {k + 1} are less than {format_number(MIN_INFO_STEP)} of the "
                "information apart; space them further")
    return tuple(rates)


def validate_futility(futility, looks: int, sided: int):
    """(kind, family or per-interim z values) with kind None, "beta" or "z"."""
    if futility is None:
        return None, None
    if isinstance(futility, (str, bytes)) or not isinstance(futility, Sequence) \
            or len(futility) != 2:
        raise GroupSequentialError('futility must be None, ("beta", "ld_obf" | "ld_pocock") or '
                                   f'("z", value), not {futility!r}')
    kind, spec = futility
    if sided != 1:
        raise GroupSequentialError("futility stopping is available for one-sided designs only "
                                   "(as in rpact)")
    if kind == "beta":
        if spec not in sp.SPENDING_FAMILIES:
            raise GroupSequentialError(f"beta spending must use one of "
                                       f"{', '.join(sp.SPENDING_FAMILIES)}, not {spec!r}")
        return kind, spec
    if kind == "z":
        if isinstance(spec, (str, bytes)) or not isinstance(spec, Sequence):
            return kind, (number(spec, "the futility z"),) * (looks - 1)
        if len(spec) != looks - 1:
            raise GroupSequentialError(f"{len(spec)} futility z values given for {looks - 1} "
                                       "interim looks")
        return kind, tuple(None if z is None else number(z, "a futility z") for z in spec)
    raise GroupSequentialError(f'the futility rule must be "beta" or "z", not {kind!r}')


def validate_levels(alpha, sided, power) -> tuple[float, int, float]:
    alpha = number(alpha, "alpha")
    if not 0.0 < alpha <= 0.5:
        raise GroupSequentialError(f"alpha {format_number(alpha, 6)} must be above 0 and at most "
                                   "0.5")
    if alpha < MIN_ALPHA:
        raise GroupSequentialError(f"alpha {alpha:.3g} is below {MIN_ALPHA:g}, the smallest "
                                   "level this calculation supports")
    if isinstance(sided, bool) or sided not in (1, 2):
        raise GroupSequentialError(f"sided must be 1 (one-sided) or 2 (two-sided), not {sided!r}")
    power = number(power, "power")
    if not alpha < power < 1.0 - 1e-9:
        raise GroupSequentialError(f"power {format_number(power, 6)} must be above alpha "
                                   f"({format_number(alpha, 6)}) and below 1")
    return alpha, int(sided), power
