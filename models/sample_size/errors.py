"""The sample-size engine's errors: ``SampleSizeError`` for an impossible or meaningless
request (the message says why), ``ConvergenceError`` when a numerical solver does not converge,
and the decorator that turns the distribution layer's convergence failures into the latter.
"""

from __future__ import annotations

import functools
from typing import Callable, TypeVar

from models import distributions as dist


class SampleSizeError(ValueError):
    """An impossible or meaningless request; the message says why."""


class ConvergenceError(SampleSizeError):
    """A numerical solver did not converge. Never hidden behind a bracket value or NaN."""


_F = TypeVar("_F", bound=Callable)


def _reports_convergence(function: _F) -> _F:
    """Turn the distribution layer's convergence failures into this module's error type."""
    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        try:
            return function(*args, **kwargs)
        except dist.DistributionConvergenceError as error:
            raise ConvergenceError(f"the calculation did not converge: {error}") from error
    return wrapper  # type: ignore[return-value]
