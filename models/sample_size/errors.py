"""The sample-size engine's errors: ``SampleSizeError`` for an impossible or meaningless
request (the message says why), ``ConvergenceError`` when a numerical solver does not converge,
and the decorator that turns the distribution layer's convergence failures into the latter (and
its domain errors into the former).
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
        except dist.DistributionDomainError as error:
            # A request that passed validation yet drove a distribution outside its domain
            # (alpha / 2 underflowing to 0, say) is impossible to compute, not a crash.
            raise SampleSizeError(f"the calculation cannot be carried out: {error}") from error
    return wrapper  # type: ignore[return-value]
