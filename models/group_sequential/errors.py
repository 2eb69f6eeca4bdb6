"""The group-sequential engine's errors: ``GroupSequentialError`` for an impossible or meaningless
request (the message says why) and ``GroupSequentialConvergenceError`` when a root finder does not
converge; plus the decorator that turns the distribution layer's failures into these, so that a
caller catches one ValueError subclass and never receives NaN or a bracket end as an answer.
"""

from __future__ import annotations

import functools
from typing import Callable, TypeVar

from models import distributions as dist


class GroupSequentialError(ValueError):
    """An impossible or meaningless group-sequential request; the message says why."""


class GroupSequentialConvergenceError(GroupSequentialError):
    """A boundary, a constant or the maximum information could not be solved for."""


_F = TypeVar("_F", bound=Callable)


def reports_failures(function: _F) -> _F:
    """Turn the distribution layer's convergence and domain failures into this package's errors."""
    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        try:
            return function(*args, **kwargs)
        except dist.DistributionConvergenceError as error:
            raise GroupSequentialConvergenceError(
                f"the group-sequential calculation did not converge: {error}") from error
        except dist.DistributionDomainError as error:
            raise GroupSequentialError(
                f"the group-sequential calculation cannot be carried out: {error}") from error
    return wrapper  # type: ignore[return-value]
