"""The frame every chart shares: its axes (``Axis``, each ``Tick`` on the data scale, not its
logarithm), round ticks on a linear or a logarithmic scale (``linear_ticks``, ``log_ticks``),
labels spread along an axis so that none overlaps the next (``spread_labels``), and
``NotPlottedItem``, what a chart lists beside it instead of drawing. Pure Python, no Qt.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Sequence

from models.formatting import format_number


@dataclass(frozen=True)
class Tick:
    value: float         # on the data scale (a risk ratio, cells/kg), not its logarithm
    label: str


@dataclass(frozen=True)
class Axis:
    title: str           # with the unit
    low: float           # the visible range, on the data scale
    high: float
    log: bool = False
    ticks: tuple[Tick, ...] = ()


@dataclass(frozen=True)
class NotPlottedItem:
    """Something a chart lists beside it instead of drawing, and why."""

    label: str
    reason: str
    setting: str | None = None
    trial_id: str | None = None


def log_ticks(low: float, high: float, mantissas: Sequence[float] = (1, 2, 5),
              formatter=format_number) -> tuple[Tick, ...]:
    """Ticks at mantissa × 10^k inside [low, high] (both > 0): 0.1, 0.2, 0.5, 1, 2, 5, ..."""
    if not (0 < low < high):
        raise ValueError("log ticks need 0 < low < high")
    ticks = []
    for exponent in range(math.floor(math.log10(low)) - 1, math.ceil(math.log10(high)) + 1):
        for mantissa in mantissas:
            value = mantissa * 10.0 ** exponent
            # Compare with a little slack: 10**-1 * 5 is 0.5000000000000001.
            if low * (1 - 1e-9) <= value <= high * (1 + 1e-9):
                ticks.append(Tick(float(f"{value:.12g}"), formatter(float(f"{value:.12g}"))))
    return tuple(ticks)


def linear_ticks(low: float, high: float, count: int = 6,
                 formatter=format_number) -> tuple[Tick, ...]:
    """About ``count`` ticks at a round step (1, 2, 2.5 or 5 × 10^k) inside [low, high]:
    0, 500, 1000, 1500 for 0-1780."""
    if not high > low:
        raise ValueError("linear ticks need low < high")
    raw = (high - low) / max(count - 1, 1)
    power = 10.0 ** math.floor(math.log10(raw))
    step = next(f * power for f in (1, 2, 2.5, 5, 10) if f * power >= raw * (1 - 1e-9))
    first = math.ceil(low / step - 1e-9)
    ticks = []
    index = first
    while index * step <= high * (1 + 1e-12) + 1e-12:
        value = float(f"{index * step:.12g}")
        ticks.append(Tick(value, formatter(value)))
        index += 1
    return tuple(ticks)


def spread_labels(positions: Sequence[float], min_gap: float,
                  sizes: Sequence[float] | None = None) -> list[float]:
    """Where to put labels wanted at ``positions`` (centres on one axis, e.g. log10 of a dose)
    so that none overlaps the next: label i is ``sizes[i]`` lines tall (default 1) and a line
    takes ``min_gap``. Colliding labels are stacked in their order around the mean of their
    wishes. Returns the centres in the input order."""
    sizes = list(sizes) if sizes is not None else [1.0] * len(positions)
    order = sorted(range(len(positions)), key=lambda i: positions[i])
    clusters: list[list[int]] = []      # each: label indices, bottom to top
    for index in order:
        clusters.append([index])
        while len(clusters) > 1:
            previous, last = clusters[-2], clusters[-1]
            top = _cluster_centres(previous, positions, sizes, min_gap)[-1]
            bottom = _cluster_centres(last, positions, sizes, min_gap)[0]
            needed = (sizes[previous[-1]] + sizes[last[0]]) / 2 * min_gap
            if bottom - top >= needed - 1e-12:
                break
            clusters[-2:] = [previous + last]
    placed = [0.0] * len(positions)
    for cluster in clusters:
        for index, centre in zip(cluster, _cluster_centres(cluster, positions, sizes, min_gap)):
            placed[index] = centre
    return placed


def _cluster_centres(cluster: list[int], positions: Sequence[float], sizes: Sequence[float],
                     min_gap: float) -> list[float]:
    """The labels of a cluster stacked edge to edge, placed so that on average each is where
    it wants to be."""
    offsets = [0.0]
    for below, above in zip(cluster, cluster[1:]):
        offsets.append(offsets[-1] + (sizes[below] + sizes[above]) / 2 * min_gap)
    base = sum(positions[i] - o for i, o in zip(cluster, offsets)) / len(cluster)
    return [base + o for o in offsets]
