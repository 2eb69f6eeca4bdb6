"""Boundary-crossing probabilities by recursive numerical integration (Armitage, McPherson & Rowe
1969), in the form of Jennison & Turnbull (2000), chapter 19, vectorised with numpy.

The canonical joint distribution: with information fractions t_1 < ... < t_K = 1 and the drift
eta = theta sqrt(I_max) (the expected z statistic at full information), the score-scale process
Z_k sqrt(t_k) has independent normal increments with mean eta (t_k - t_{k-1}) and variance
t_k - t_{k-1}. The density of Z_k on the paths that have not stopped is carried from look to look:

    h_1(z) = phi(z - eta sqrt(t_1))
    h_k(z) = integral over the continuation region (a_{k-1}, b_{k-1}) of
             h_{k-1}(u) sqrt(t_k / d) phi((z sqrt(t_k) - u sqrt(t_{k-1}) - eta d) / sqrt(d)) du,
             d = t_k - t_{k-1}.

Each integral is Simpson's rule on J&T's grid of 6r - 1 points (section 19.2.1; r = 18 as in
gsDesign): dense (spacing 1.5/r) within 3 of the mean of Z_k, then thinning logarithmically out to
3 + 4 ln r (about 14.6) standard deviations, trimmed to the continuation region with its two ends
added, and every interval's midpoint added for Simpson's rule (at most 12r - 3 = 213 nodes). The
grid follows the mean, so the same accuracy holds under the null and under any drift.

numpy is imported inside the functions (never at module level): importing the package must stay
cheap for the command line and the wizard's start-up.
"""

from __future__ import annotations

import math
from typing import Any, Sequence

from models import distributions as dist
from models.group_sequential.errors import GroupSequentialError
from models.group_sequential.spending import classic_shape

GRID_R = 18
ALGORITHM = (f"recursive numerical integration (Armitage, McPherson & Rowe 1969; Jennison & "
             f"Turnbull 2000, chapter 19): Simpson's rule on the {6 * GRID_R - 1}-point Z-scale "
             f"grid per look (r = {GRID_R}) with interval midpoints, vectorised with numpy; "
             "boundaries, constants and the maximum information by Brent's root finder")

_SQRT2 = math.sqrt(2.0)
_INV_SQRT_2PI = 1.0 / math.sqrt(2.0 * math.pi)
# Brackets are widened by this much so that integration error can never leave a root outside.
_BRACKET_PAD = 0.05
_BOUND_XTOL = 1e-12

_cache: dict = {}


def _erfc(np, x):
    """erfc elementwise with math.erfc's full relative precision in the far tail (numpy has no
    erfc; a 213-element call costs about 16 microseconds)."""
    ufunc = _cache.get("erfc")
    if ufunc is None:
        ufunc = _cache["erfc"] = np.frompyfunc(math.erfc, 1, 1)
    return ufunc(x).astype(float)


def _grid_offsets(np, r: int):
    """J&T's 6r - 1 grid points for a standard normal (to be shifted by the mean of Z_k)."""
    key = ("offsets", r)
    if key not in _cache:
        i = np.arange(1, 6 * r, dtype=float)
        tail_low = -3.0 - 4.0 * np.log(r / i)
        middle = -3.0 + 3.0 * (i - r) / (2.0 * r)
        tail_high = 3.0 + 4.0 * np.log(r / (6.0 * r - i))
        _cache[key] = np.where(i < r, tail_low, np.where(i <= 5 * r, middle, tail_high))
    return _cache[key]


def _simpson_grid(np, mean: float, lower: float, upper: float, r: int):
    """Nodes and Simpson weights for the continuation region (lower, upper) of one look, or None
    if the region holds no probability the grid can see (empty, or beyond 14.6 SD)."""
    points = _grid_offsets(np, r) + mean
    lo = max(lower, float(points[0]))
    hi = min(upper, float(points[-1]))
    if not lo < hi:
        return None
    inner = points[(points > lo) & (points < hi)]
    ends = np.concatenate(([lo], inner, [hi]))
    width = np.diff(ends)
    nodes = np.empty(2 * len(ends) - 1)
    nodes[0::2] = ends
    nodes[1::2] = ends[:-1] + 0.5 * width
    weights = np.zeros_like(nodes)
    weights[1::2] = 4.0 * width / 6.0
    weights[0:-1:2] += width / 6.0
    weights[2::2] += width / 6.0
    return nodes, weights


class _Recursion:
    """The density of the not-yet-stopped paths, carried look by look. At look k it answers
    P(reach k and Z_k >= b), P(reach k and Z_k <= a) and P(reach k); ``advance`` fixes look k's
    continuation region and moves to look k + 1."""

    def __init__(self, rates: Sequence[float], drift: float, r: int = GRID_R):
        import numpy as np

        self._np = np
        self._rates = tuple(rates)
        self._drift = float(drift)
        self._r = r
        self.look = 0
        # numpy arrays once advance() has run (look >= 1, which every use checks first); Any
        # because numpy arrives as the module self._np, not a typed import.
        self._nodes: Any = None
        self._mass: Any = None     # Simpson weight x density on the previous look's region
        self._empty = False        # every path has stopped by the previous look

    def _standardised(self, bound: float):
        """u with P(Z_k >= bound | previous node) = Phi(-u), for every previous node."""
        k = self.look
        t = self._rates[k]
        if k == 0:
            return bound - self._drift * math.sqrt(t)
        t_prev = self._rates[k - 1]
        step = t - t_prev
        return ((bound * math.sqrt(t) - self._nodes * math.sqrt(t_prev) - self._drift * step)
                / math.sqrt(step))

    def above(self, bound: float) -> float:
        if self._empty or bound == math.inf:
            return 0.0
        u = self._standardised(bound)
        if self.look == 0:
            return dist.norm_sf(u)
        return float(self._mass @ (0.5 * _erfc(self._np, u / _SQRT2)))

    def below(self, bound: float) -> float:
        if self._empty or bound == -math.inf:
            return 0.0
        u = self._standardised(bound)
        if self.look == 0:
            return dist.norm_cdf(u)
        return float(self._mass @ (0.5 * _erfc(self._np, -u / _SQRT2)))

    def below_with_density(self, bound: float) -> tuple[float, float]:
        """P(reach k, Z_k <= bound) and its derivative in bound (for Newton's method)."""
        if self._empty:
            return 0.0, 0.0
        u = self._standardised(bound)
        if self.look == 0:
            return dist.norm_cdf(u), dist.norm_pdf(u)
        k = self.look
        scale = math.sqrt(self._rates[k] / (self._rates[k] - self._rates[k - 1]))
        np = self._np
        value = float(self._mass @ (0.5 * _erfc(np, -u / _SQRT2)))
        density = float(self._mass @ np.exp(-0.5 * u * u)) * scale * _INV_SQRT_2PI
        return value, density

    def reach(self) -> float:
        if self.look == 0:
            return 1.0
        return 0.0 if self._empty else float(self._mass.sum())

    def advance(self, lower: float, upper: float) -> None:
        np = self._np
        k = self.look
        t = self._rates[k]
        mean = self._drift * math.sqrt(t)
        grid = None if self._empty else _simpson_grid(np, mean, lower, upper, self._r)
        self.look += 1
        if grid is None:
            self._empty = True
            return
        nodes, weights = grid
        if k == 0:
            density = _INV_SQRT_2PI * np.exp(-0.5 * (nodes - mean) ** 2)
        else:
            t_prev = self._rates[k - 1]
            step = t - t_prev
            sd = math.sqrt(step)
            centre = self._nodes * math.sqrt(t_prev) + self._drift * step
            u = (nodes[None, :] * math.sqrt(t) - centre[:, None]) / sd
            density = (self._mass @ np.exp(-0.5 * u * u)) * (math.sqrt(t) * _INV_SQRT_2PI / sd)
        self._nodes = nodes
        self._mass = weights * density


def crossing_probabilities(rates: Sequence[float], drift: float, upper: Sequence[float],
                           lower: Sequence[float]):
    """Per look: P(reach k, Z_k >= upper_k), P(reach k, Z_k <= lower_k) and P(reach k), for
    fixed bounds (-inf for no lower bound; a one-sided design passes -inf at the final look)."""
    recursion = _Recursion(rates, drift)
    above, below, reach = [], [], []
    last = len(rates) - 1
    for k in range(len(rates)):
        reach.append(recursion.reach())
        above.append(recursion.above(upper[k]))
        below.append(recursion.below(lower[k]))
        if k < last:
            recursion.advance(lower[k], upper[k])
    return tuple(above), tuple(below), tuple(reach)


def spending_bounds(rates: Sequence[float], per_side_spent: Sequence[float],
                    sided: int) -> tuple[float, ...]:
    """Efficacy bounds b_k under the null with P(first upper crossing at look k) equal to the
    increment of the per-side cumulative spending; two-sided designs continue on (-b_k, b_k), so
    by symmetry each side spends the same."""
    recursion = _Recursion(rates, 0.0)
    bounds = []
    spent_before = 0.0
    for k, cumulative in enumerate(per_side_spent):
        target = cumulative - spent_before
        if not target > 0.0:
            raise GroupSequentialError(
                f"look {k + 1} at information fraction {rates[k]:.6g} is too early: the spending "
                "function spends no error there at double precision; move the look later")
        if k == 0:
            bound = dist.norm_isf(target)
        else:
            # P(reach k, Z_k >= b) lies between P(Z_k >= b) - P(stopped earlier) and P(Z_k >= b).
            lo = dist.norm_isf(min(0.5, sided * spent_before + target)) - _BRACKET_PAD
            hi = dist.norm_isf(target) + _BRACKET_PAD
            # The default binds this look's target (brentq calls the function at once anyway).
            def excess(b: float, target: float = target) -> float:
                return recursion.above(b) - target

            bound = dist.brentq(excess, lo, hi, xtol=_BOUND_XTOL,
                                what=f"the efficacy bound at look {k + 1}")
        bounds.append(bound)
        recursion.advance(-bound if sided == 2 else -math.inf, bound)
        spent_before = cumulative
    return tuple(bounds)


def classic_bounds(rates: Sequence[float], shape: str, alpha: float,
                   sided: int) -> tuple[float, ...]:
    """O'Brien-Fleming or Pocock bounds c x shape(t_k), c solved for a total type I error of
    alpha (both sides together when two-sided)."""
    if len(rates) == 1:     # the fixed design, exactly
        return (dist.norm_isf(alpha / sided),)
    shapes = [classic_shape(shape, t) for t in rates]

    target = dist.norm_isf(alpha)

    def excess(c: float) -> float:
        """On the probit scale, where the error is nearly linear in c (Brent then needs a
        few steps, not ten)."""
        upper = [c * g for g in shapes]
        lower = [-b if sided == 2 else -math.inf for b in upper]
        above, below, _ = crossing_probabilities(rates, 0.0, upper, lower)
        return target - dist.norm_isf(sum(above) + (sum(below) if sided == 2 else 0.0))

    # The final bound alone already spends alpha at c = z_{1-alpha/sided} (shape 1 at t = 1);
    # Bonferroni over the K looks bounds c from above.
    lo = dist.norm_isf(alpha / sided) - _BRACKET_PAD
    hi = dist.norm_isf(alpha / (sided * len(rates))) + _BRACKET_PAD
    c = dist.brentq(excess, lo, hi, xtol=_BOUND_XTOL, what=f"the {shape} boundary constant")
    return tuple(c * g for g in shapes)


def beta_spending_pass(rates: Sequence[float], drift: float, upper: Sequence[float],
                       beta_spent: Sequence[float], start: Sequence[float] | None = None):
    """Futility bounds a_1..a_{K-1} at the given drift so that the probability of stopping for
    futility follows the cumulative beta spending, with the efficacy bounds fixed (non-binding).
    A bound that would reach the efficacy bound is set equal to it (capped) and the unspent
    beta carries to the next look. ``start``: bounds from a nearby drift, where Newton's method
    starts (the maximum-information solver calls this a dozen times with drifts that converge).
    Returns (lower, capped looks, above, below, reach)."""
    recursion = _Recursion(rates, drift)
    lower, capped, above, below, reach = [], [], [], [], []
    spent_so_far = 0.0
    last = len(rates) - 1
    for k in range(last):
        reach.append(recursion.reach())
        above.append(recursion.above(upper[k]))
        target = beta_spent[k] - spent_so_far
        if not target > 0.0 or reach[-1] == 0.0:    # nothing to spend, or no trial gets here
            bound, spent = -math.inf, 0.0
        elif recursion.below(upper[k]) <= target:
            bound, spent = upper[k], recursion.below(upper[k])
            capped.append(k)
        else:
            # P(reach k, Z_k <= a) <= P(Z_k <= a): the marginal quantile is a lower bracket.
            lo = drift * math.sqrt(rates[k]) - dist.norm_isf(target)
            guess = start[k] if start is not None and lo < start[k] < upper[k] else lo
            bound, spent = _newton_lower(recursion, target, lo - _BRACKET_PAD, upper[k], guess,
                                         k + 1)
        lower.append(bound)
        below.append(spent)
        spent_so_far += spent
        recursion.advance(bound, upper[k])
    reach.append(recursion.reach())
    above.append(recursion.above(upper[last]))
    below.append(0.0)
    return tuple(lower), tuple(capped), tuple(above), tuple(below), tuple(reach)


def _newton_lower(recursion: _Recursion, target: float, lo: float, hi: float, guess: float,
                  look: int) -> tuple[float, float]:
    """a in (lo, hi) with P(reach look, Z <= a) = target, and that probability: Newton's method
    kept inside a shrinking bracket (bisection whenever a step would leave it). From a nearby
    start it needs three or four evaluations where Brent's method needs about ten."""
    a = guess
    for _ in range(100):
        value, density = recursion.below_with_density(a)
        excess = value - target
        if excess > 0.0:
            hi = a
        else:
            lo = a
        step = excess / density if density > 0.0 else math.inf
        candidate = a - step
        if not lo < candidate < hi:
            candidate = 0.5 * (lo + hi)
        if abs(candidate - a) <= _BOUND_XTOL * max(1.0, abs(a)) or hi - lo <= _BOUND_XTOL:
            return a, value
        a = candidate
    raise dist.DistributionConvergenceError(f"the futility bound at look {look} did not converge")
