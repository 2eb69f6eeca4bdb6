"""The distributions the sample-size engine needs, in pure Python (standard library only).

Why not scipy: the program ships without scipy (it would add tens of megabytes to the frozen
bundle and about 0.3 s to start-up for four functions). These implementations follow published
algorithms and are cross-checked against scipy in the tests:

- standard normal CDF through ``math.erfc`` (relative error ~1e-16 in both tails) and its
  quantile from the standard library (``statistics.NormalDist.inv_cdf``, Wichura's AS 241);
- Student t CDF through the regularised incomplete beta function (continued fraction by Lentz's
  method, or the hypergeometric power series where that is faster) and its quantile by a
  Cornish-Fisher start refined with safeguarded Halley steps;
- noncentral t CDF by Lenth's AS 243 with the corrections R's ``pnt`` made to it, so that the
  power of a t test agrees with R's ``power.t.test``;
- the Dunnett critical value for comparisons of several arms with one shared control (infinite
  degrees of freedom), by one-dimensional integration over the shared control term plus Brent's
  root finder. It is computed, never looked up in a table.

Every iterative routine either converges or raises ``DistributionConvergenceError``: none ever
returns its last iterate or NaN as if it were an answer.
"""

from __future__ import annotations

import math
from functools import lru_cache
from statistics import NormalDist
from typing import Callable, Sequence

__all__ = [
    "DistributionConvergenceError",
    "norm_cdf",
    "norm_sf",
    "norm_ppf",
    "norm_pdf",
    "t_cdf",
    "t_sf",
    "t_pdf",
    "t_ppf",
    "nct_cdf",
    "nct_sf",
    "t_test_power",
    "betainc",
    "brentq",
    "dunnett_probability",
    "dunnett_critical_value",
]

_SQRT2 = math.sqrt(2.0)
_SQRT_2_OVER_PI = math.sqrt(2.0 / math.pi)
_INV_SQRT_2PI = 1.0 / math.sqrt(2.0 * math.pi)
_EPS = 2.220446049250313e-16


class DistributionConvergenceError(ArithmeticError):
    """An iterative computation did not reach its tolerance. The message says which one."""


class DistributionDomainError(ValueError):
    """An argument outside a function's domain: a probability of 0 or 1 (often one that
    underflowed, alpha / 2 of a denormal alpha), or non-positive degrees of freedom."""


# ---------------------------------------------------------------------------------------------
# Standard normal
# ---------------------------------------------------------------------------------------------

def norm_cdf(x: float) -> float:
    """P(Z <= x). erfc keeps full relative precision in the lower tail, where 1 - erf would not."""
    return 0.5 * math.erfc(-x / _SQRT2)


def norm_sf(x: float) -> float:
    """P(Z > x), accurate in the upper tail (no 1 - cdf cancellation)."""
    return 0.5 * math.erfc(x / _SQRT2)


def norm_pdf(x: float) -> float:
    return _INV_SQRT_2PI * math.exp(-0.5 * x * x)


# The quantile is the standard library's (statistics.NormalDist.inv_cdf is Wichura's AS 241,
# PPND16, about 16 significant digits, in C). Its cdf is not used: 0.5 * (1 + erf(x / sqrt 2))
# is 0 below about -8.3 (norm_cdf(-30) is 4.9e-198), where erfc above keeps full precision.
_STANDARD_NORMAL = NormalDist()


def norm_ppf(p: float) -> float:
    """The standard normal quantile z_p. p must lie strictly between 0 and 1."""
    if not 0.0 < p < 1.0:
        raise DistributionDomainError(f"a probability strictly between 0 and 1 is needed, not {p!r}")
    return _STANDARD_NORMAL.inv_cdf(p)


def norm_isf(q: float) -> float:
    """z such that P(Z > z) = q; for small q this avoids forming 1 - q."""
    return -norm_ppf(q)


# ---------------------------------------------------------------------------------------------
# Regularised incomplete beta (the Student t CDF is built on it)
# ---------------------------------------------------------------------------------------------

def _stirling_correction(x: float) -> float:
    """ln Gamma(x) - [(x - 1/2) ln x - x + ln sqrt(2 pi)], asymptotic series (error < 2e-15
    for x >= 20)."""
    x2 = x * x
    return (1.0 / 12.0 - (1.0 / 360.0 - (1.0 / 1260.0 - 1.0 / (1680.0 * x2)) / x2) / x2) / x


def _log_beta(a: float, b: float) -> float:
    """ln B(a, b). For one large argument, lgamma(a) - lgamma(a + b) subtracts two numbers of
    size a ln a and loses digits (relative 1e-9 at a = 5e5, enough to spoil a t CDF at large df);
    the Stirling form below takes the difference analytically instead."""
    small, big = (a, b) if a <= b else (b, a)
    if big < 20.0:
        return math.lgamma(a) + math.lgamma(b) - math.lgamma(a + b)
    # ln G(big) - ln G(big + small) = -small ln(big) - (big + small - 1/2) log1p(small / big)
    #                                 + small + corr(big) - corr(big + small)
    difference = (-small * math.log(big) - (big + small - 0.5) * math.log1p(small / big) + small
                  + _stirling_correction(big) - _stirling_correction(big + small))
    return math.lgamma(small) + difference


def _beta_cf(a: float, b: float, x: float) -> float:
    """Continued fraction for I_x(a, b) (Numerical Recipes 6.4, modified Lentz). Converges fast
    when x < (a + 1) / (a + b + 2); the caller arranges that by symmetry."""
    tiny = 1e-300
    qab = a + b
    qap = a + 1.0
    qam = a - 1.0
    c = 1.0
    d = 1.0 - qab * x / qap
    if abs(d) < tiny:
        d = tiny
    d = 1.0 / d
    h = d
    # Iterations grow like sqrt(max(a, b)); df = 1e6 needs about 1,500.
    max_iterations = 10_000
    for m in range(1, max_iterations + 1):
        m2 = 2 * m
        aa = m * (b - m) * x / ((qam + m2) * (a + m2))
        d = 1.0 + aa * d
        if abs(d) < tiny:
            d = tiny
        c = 1.0 + aa / c
        if abs(c) < tiny:
            c = tiny
        d = 1.0 / d
        h *= d * c
        aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))
        d = 1.0 + aa * d
        if abs(d) < tiny:
            d = tiny
        c = 1.0 + aa / c
        if abs(c) < tiny:
            c = tiny
        d = 1.0 / d
        delta = d * c
        h *= delta
        if abs(delta - 1.0) < 1e-15:
            return h
    raise DistributionConvergenceError(
        f"the incomplete beta continued fraction did not converge (a={a}, b={b}, x={x})")


def _beta_series(a: float, b: float, x: float, y: float) -> float | None:
    """I_x(a, b) = x^a y^b / (a B(a, b)) · Σ_n (a+b)_n / (a+1)_n · x^n (the hypergeometric
    form, Abramowitz & Stegun 26.5.23 with 15.1.1). Every term is positive, so there is no
    cancellation; with x <= 0.2 and (a + b) x <= 10 it converges in a few dozen terms. Returns
    None if it has not converged (the caller then uses the continued fraction)."""
    term = 1.0
    total = 1.0
    ab = a + b
    a1 = a + 1.0
    past_peak = ab * x
    n = 0
    while n < 300:
        term *= (ab + n) / (a1 + n) * x
        total += term
        n += 1
        if n > past_peak and term < 1e-17 * total:
            front = math.exp(a * math.log(x) + b * math.log1p(-x) - _log_beta(a, b))
            return front * total / a
    return None


def betainc(a: float, b: float, x: float, y: float | None = None) -> float:
    """Regularised incomplete beta I_x(a, b). Pass y = 1 - x when it is known more accurately
    than 1 - x can be formed (x close to 1).

    Accuracy: about 1e-13 relative when one parameter is small (the t distribution always has
    b = 1/2); when both are large (~1e4) the prefactor x^a y^b / B(a, b) limits it to ~1e-11.

    The t distribution at moderate and large df asks for I_x(df/2, 1/2) with x close to 1,
    where the continued fraction needs ~sqrt(df) iterations; there the complement
    1 - I_y(1/2, df/2) by the power series is 5 times faster. It is used only when the result
    is at least 1e-3, so that the subtraction costs at most three of sixteen digits."""
    if y is None:
        y = 1.0 - x
    if x <= 0.0:
        return 0.0
    if y <= 0.0:
        return 1.0
    if x <= 0.2 and (a + b) * x <= 10.0:
        direct = _beta_series(a, b, x, y)
        if direct is not None:
            return direct
    elif y <= 0.2 and (a + b) * y <= 10.0:
        complement = _beta_series(b, a, y, x)
        if complement is not None and 1.0 - complement >= 1e-3:
            return 1.0 - complement
    # log of x^a y^b / (a B(a, b)); log1p keeps precision when x or y is close to 1.
    log_x = math.log(x) if x < 0.5 else math.log1p(-y)
    log_y = math.log(y) if y < 0.5 else math.log1p(-x)
    front = math.exp(a * log_x + b * log_y - _log_beta(a, b))
    if x < (a + 1.0) / (a + b + 2.0):
        return front * _beta_cf(a, b, x) / a
    return 1.0 - front * _beta_cf(b, a, y) / b


# ---------------------------------------------------------------------------------------------
# Student t
# ---------------------------------------------------------------------------------------------

def _t_two_tail(t: float, df: float) -> float:
    """P(|T| > |t|) = I_{df/(df+t^2)}(df/2, 1/2), with 1 - x passed exactly."""
    t2 = t * t
    denominator = df + t2
    return betainc(0.5 * df, 0.5, df / denominator, t2 / denominator)


def t_sf(t: float, df: float) -> float:
    """P(T > t) for Student's t with df degrees of freedom (df may be fractional or inf)."""
    if math.isinf(df):
        return norm_sf(t)
    if t == 0.0:
        return 0.5
    half_tail = 0.5 * _t_two_tail(t, df)
    return half_tail if t > 0 else 1.0 - half_tail


def t_cdf(t: float, df: float) -> float:
    """P(T <= t) for Student's t."""
    return t_sf(-t, df)


def t_pdf(t: float, df: float) -> float:
    if math.isinf(df):
        return norm_pdf(t)
    # Gamma((df+1)/2) / (Gamma(df/2) sqrt(pi)) = 1 / B(df/2, 1/2); _log_beta keeps it accurate
    # at large df, where the lgamma difference would lose digits.
    log_density = (-_log_beta(0.5 * df, 0.5) - 0.5 * math.log(df)
                   - 0.5 * (df + 1.0) * math.log1p(t * t / df))
    return math.exp(log_density)


def _t_quantile_start(z: float, df: float, q: float) -> float:
    """The upper t quantile t(q, df), roughly: the Cornish-Fisher expansion in powers of 1/df
    (Abramowitz & Stegun 26.7.5) from z = z(q); the exact closed forms for df = 1 (Cauchy) and
    df = 2, written in q itself, since norm_cdf(z) rounds to 1 for small q. Only a starting
    value for Newton."""
    if df == 1.0:
        return 1.0 / math.tan(math.pi * q)
    if df == 2.0:
        return (1.0 - 2.0 * q) / math.sqrt(2.0 * q * (1.0 - q))
    z2 = z * z
    g1 = (z2 + 1.0) * z / 4.0
    g2 = ((5.0 * z2 + 16.0) * z2 + 3.0) * z / 96.0
    g3 = (((3.0 * z2 + 19.0) * z2 + 17.0) * z2 - 15.0) * z / 384.0
    g4 = ((((79.0 * z2 + 776.0) * z2 + 1482.0) * z2 - 1920.0) * z2 - 945.0) * z / 92160.0
    return z + (g1 + (g2 + (g3 + g4 / df) / df) / df) / df


_T_QUANTILE_RTOL = 1e-13
# A Halley step of relative size h leaves an error of order h^3: below 1e-6 that is < 1e-17.
_T_QUANTILE_HALLEY_ACCEPT = 1e-6


def t_isf(q: float, df: float) -> float:
    """t such that P(T > t) = q (the upper quantile, as R's qt(q, df, lower.tail = FALSE))."""
    if not 0.0 < q < 1.0:
        raise DistributionDomainError(f"a probability strictly between 0 and 1 is needed, not {q!r}")
    if not df > 0:
        raise DistributionDomainError(f"degrees of freedom must be positive, not {df!r}")
    if math.isinf(df):
        return norm_isf(q)
    if q > 0.5:
        return -t_isf(1.0 - q, df)
    if q == 0.5:
        return 0.0
    if df in (1.0, 2.0):
        # Exact in q itself (Newton from there would only add rounding; for q = 1e-300 with
        # df = 1, t = 3e299 and t^2 overflows in the density).
        return _t_quantile_start(0.0, df, q)
    z = norm_isf(q)
    guess = _t_quantile_start(z, df, q)
    # The expansion is poor for small df and extreme q; fall back to a bracketing start there.
    if not (math.isfinite(guess) and guess > 0.0):
        guess = z
    # Safeguarded iteration on g(t) = sf(t) - q, which decreases in t: keep a bracket [lo, hi]
    # with g(lo) > 0 > g(hi) and bisect whenever a step would leave it.
    lo, hi = 0.0, math.inf
    t = guess
    for _ in range(200):
        g = t_sf(t, df) - q
        if g > 0:
            lo = t
        elif g < 0:
            hi = t
        else:
            return t
        density = t_pdf(t, df)
        newton = g / density if density > 0 else math.inf
        # Halley's correction uses the density's own derivative, pdf' = -pdf (df+1) t/(df+t^2),
        # so costs nothing extra and makes the iteration cubic: after a step of size h the
        # error is O(h^3). From the Cornish-Fisher start one evaluation usually suffices.
        curvature = (df + 1.0) * t / (df + t * t)
        denominator = 1.0 - 0.5 * newton * curvature
        step = newton / denominator if denominator > 0.5 else newton
        if abs(step) <= _T_QUANTILE_HALLEY_ACCEPT * max(1.0, abs(t)):
            return t + step
        candidate = t + step
        if not (lo < candidate < hi) or not math.isfinite(candidate):
            candidate = 2.0 * lo + 1.0 if math.isinf(hi) else 0.5 * (lo + hi)
        if hi - lo <= _T_QUANTILE_RTOL * max(1.0, abs(t)):
            return 0.5 * (lo + hi)
        t = candidate
    raise DistributionConvergenceError(f"the t quantile did not converge (q={q}, df={df})")


def t_ppf(p: float, df: float) -> float:
    """t such that P(T <= t) = p."""
    return -t_isf(p, df)


# ---------------------------------------------------------------------------------------------
# Noncentral t: Lenth RV, Algorithm AS 243, Applied Statistics 1989;38:185-189, with the
# refinements of R's pnt() (accurate 1 - x, the s = 0.5 - p guard, the large-df approximation).
# Matching R here is what makes our t-test n agree with power.t.test.
# ---------------------------------------------------------------------------------------------

_NCT_MAX_ITERATIONS = 5000
_NCT_ERRMAX = 1e-12


def nct_cdf(t: float, df: float, ncp: float) -> float:
    """P(T <= t) for the noncentral t with df degrees of freedom and noncentrality ncp."""
    return _nct(t, df, ncp, lower_tail=True)


def nct_sf(t: float, df: float, ncp: float) -> float:
    """P(T > t) for the noncentral t: the power of a one-sided t test with critical value t."""
    return _nct(t, df, ncp, lower_tail=False)


def t_test_power(tail_probability: float, df: float, ncp: float) -> tuple[float, float]:
    """Power of a t test that rejects when T > t_crit, t_crit = t_isf(tail_probability, df),
    under noncentrality ncp: P(T' > t_crit). Returns (power, t_crit).

    Same value as nct_sf(t_isf(q, df), df, ncp), one incomplete beta cheaper: the series needs
    I_x(1/2, df/2) at x = t_crit^2/(t_crit^2 + df), which is P(|T| <= t_crit) = 1 - 2q by the
    definition of t_crit (for q < 1/2)."""
    t_crit = t_isf(tail_probability, df)
    known = 1.0 - 2.0 * tail_probability if tail_probability < 0.5 else None
    return _nct(t_crit, df, ncp, lower_tail=False, central_two_sided=known), t_crit


def _nct(t: float, df: float, ncp: float, lower_tail: bool,
         central_two_sided: float | None = None) -> float:
    """central_two_sided, when the caller knows it: P(|T| <= |t|) for the central t."""
    if not df > 0:
        raise DistributionDomainError(f"degrees of freedom must be positive, not {df!r}")
    if ncp == 0.0:
        return t_cdf(t, df) if lower_tail else t_sf(t, df)
    if math.isinf(t):
        below = 1.0 if t > 0 else 0.0
        return below if lower_tail else 1.0 - below
    if t >= 0.0:
        negdel, tt, delta = False, t, ncp
    else:
        negdel, tt, delta = True, -t, -ncp
    # R's criterion: for very large df or noncentrality the series is useless (underflow), and
    # Abramowitz & Stegun 26.7.10 is accurate there.
    if math.isinf(df) or df > 4e5 or delta * delta > 2.0 * math.log(2.0) * 1021.0:
        s = 0.0 if math.isinf(df) else 1.0 / (4.0 * df)
        z = (tt * (1.0 - s) - delta) / math.sqrt(1.0 + tt * tt * 2.0 * s)
        want_lower = lower_tail != negdel
        return norm_cdf(z) if want_lower else norm_sf(z)

    # With negdel the series computes P(T' <= tt) for T' = -T, i.e. P(T >= t): the upper tail.
    # Summing it directly keeps precision; the complement is formed once at the end.
    x = tt * tt / (tt * tt + df)
    if x > 0.0:
        lam = delta * delta
        p = 0.5 * math.exp(-0.5 * lam)
        if p == 0.0:
            raise DistributionConvergenceError(
                f"noncentral t: exp(-ncp^2/2) underflowed (t={t}, df={df}, ncp={ncp})")
        q = _SQRT_2_OVER_PI * p * delta
        s = 0.5 - p
        if s < 1e-7:
            s = -0.5 * math.expm1(-0.5 * lam)
        a = 0.5
        b = 0.5 * df
        rxb = df / (tt * tt + df)            # 1 - x, formed without cancellation
        rxb = rxb ** b
        albeta = _log_beta(0.5, b)       # ln sqrt(pi) + lgamma(b) - lgamma(b + 1/2), stably
        if central_two_sided is not None:
            xodd = central_two_sided
        else:
            xodd = betainc(a, b, x, df / (tt * tt + df))
        godd = 2.0 * rxb * math.exp(a * math.log(x) - albeta)
        tnc = b * x
        xeven = tnc if tnc < _EPS else 1.0 - rxb
        geven = tnc * rxb
        tnc = p * xodd + q * xeven
        converged = False
        for it in range(1, _NCT_MAX_ITERATIONS + 1):
            a += 1.0
            xodd -= godd
            xeven -= geven
            godd *= x * (a + b - 1.0) / a
            geven *= x * (a + b - 0.5) / (a + 0.5)
            p *= lam / (2 * it)
            q *= lam / (2 * it + 1)
            tnc += p * xodd + q * xeven
            s -= p
            if s < -1e-10:
                # Rounding has eaten the remaining Poisson mass (R warns "full precision may
                # not have been achieved"); the sum is as good as it gets, so accept it.
                converged = True
                break
            if s <= 0 and it > 1:
                converged = True
                break
            errbd = 2.0 * s * (xodd - godd)
            if abs(errbd) < _NCT_ERRMAX:
                converged = True
                break
        if not converged:
            raise DistributionConvergenceError(
                f"noncentral t series did not converge (t={t}, df={df}, ncp={ncp})")
    else:
        tnc = 0.0
    tnc += norm_cdf(-delta)
    # The series can overshoot [0, 1] by rounding (~1e-12 at large df); R clamps at 1 only.
    tnc = min(max(tnc, 0.0), 1.0)
    # tnc is P(T <= t) when t >= 0 and P(T >= t) when t < 0 (the reflected problem).
    lower_wanted = lower_tail != negdel
    return tnc if lower_wanted else 1.0 - tnc


# ---------------------------------------------------------------------------------------------
# Root finding
# ---------------------------------------------------------------------------------------------

def brentq(f: Callable[[float], float], a: float, b: float, *, xtol: float = 1e-12,
           rtol: float = 4 * _EPS, max_iterations: int = 200,
           fa: float | None = None, fb: float | None = None, what: str = "root") -> float:
    """Brent's method (Brent 1973, as in scipy.optimize.brentq) on a sign-changing bracket.
    Raises ValueError if f(a) and f(b) have the same sign, DistributionConvergenceError if the
    tolerance is not reached: a bracket end is never returned as if it were the root."""
    fa = f(a) if fa is None else fa
    fb = f(b) if fb is None else fb
    if fa == 0.0:
        return a
    if fb == 0.0:
        return b
    if (fa > 0) == (fb > 0):
        # In this program a bracket without a sign change means the target lies beyond double
        # precision (e.g. a Dunnett value for alpha 1e-12): a failure to converge, said so.
        raise DistributionConvergenceError(
            f"{what}: no solution could be bracketed between {a:.6g} and {b:.6g} at double "
            "precision")
    xpre, xcur, fpre, fcur = a, b, fa, fb
    xblk = fblk = spre = scur = 0.0
    for _ in range(max_iterations):
        if fpre != 0 and fcur != 0 and (fpre > 0) != (fcur > 0):
            xblk, fblk = xpre, fpre
            spre = scur = xcur - xpre
        if abs(fblk) < abs(fcur):
            xpre, xcur, xblk = xcur, xblk, xcur
            fpre, fcur, fblk = fcur, fblk, fcur
        delta = 0.5 * (xtol + rtol * abs(xcur))
        sbis = 0.5 * (xblk - xcur)
        if fcur == 0 or abs(sbis) < delta:
            return xcur
        if abs(spre) > delta and abs(fcur) < abs(fpre):
            if xpre == xblk:
                stry = -fcur * (xcur - xpre) / (fcur - fpre)          # secant
            else:
                dpre = (fpre - fcur) / (xpre - xcur)
                dblk = (fblk - fcur) / (xblk - xcur)
                stry = -fcur * (fblk * dblk - fpre * dpre) / (dblk * dpre * (fblk - fpre))
            if 2 * abs(stry) < min(abs(spre), 3 * abs(sbis) - delta):
                spre, scur = scur, stry                                # accept interpolation
            else:
                spre, scur = sbis, sbis                                # bisect
        else:
            spre, scur = sbis, sbis
        xpre, fpre = xcur, fcur
        if abs(scur) > delta:
            xcur += scur
        else:
            xcur += delta if sbis > 0 else -delta
        fcur = f(xcur)
    raise DistributionConvergenceError(f"{what} did not converge in {max_iterations} iterations")


# ---------------------------------------------------------------------------------------------
# Dunnett: k comparisons with one shared control, df = infinity
# ---------------------------------------------------------------------------------------------
#
# Z_i = (mean_i - mean_0) / se_i. With n_i = r_i n_0 and a common variance,
#   corr(Z_i, Z_j) = lambda_i lambda_j,  lambda_i = sqrt(r_i / (1 + r_i))
# (0.5 for equal allocation), so Z_i = lambda_i W + sqrt(1 - lambda_i^2) E_i with W (the shared
# control term) and the E_i independent standard normals. Conditioning on W leaves independent
# normals, hence the one-dimensional integral
#   P(max Z_i <= c)   = E_W[ prod_i Phi((c - lambda_i W) / s_i) ]                   (one-sided)
#   P(max |Z_i| <= c) = E_W[ prod_i (Phi((c - lambda_i W)/s_i) - Phi((-c - lambda_i W)/s_i)) ]
# with s_i = sqrt(1 - lambda_i^2). The integrand is analytic and decays like a Gaussian, so the
# trapezoidal rule on a uniform grid converges geometrically (error ~ exp(-2 pi^2 w^2 / h^2) for
# a feature of width w). The narrowest feature is the step of Phi((c - lambda W)/s) in W, of
# width s/lambda = 1/sqrt(r); a step of 1/4 of that (at most 1/4) gives errors below 1e-14,
# checked against a halved step and against scipy in the tests.

_DUNNETT_HALF_WIDTH = 9.0


def _trapezoid_nodes(step: float) -> tuple[tuple[float, ...], tuple[float, ...]]:
    count = int(math.ceil(_DUNNETT_HALF_WIDTH / step))
    nodes = tuple(i * step for i in range(-count, count + 1))
    return nodes, tuple(step * norm_pdf(w) for w in nodes)


_DEFAULT_STEP = 0.25
_DEFAULT_NODES = _trapezoid_nodes(_DEFAULT_STEP)


def dunnett_probability(c: float, lambdas: Sequence[float], sided: int,
                        step: float | None = None) -> float:
    """P(max Z_i <= c) (sided=1) or P(max |Z_i| <= c) (sided=2) for normals with
    corr(Z_i, Z_j) = lambda_i lambda_j. step overrides the integration step (for tests)."""
    if step is None:
        narrowest = min(math.sqrt(1.0 - lam * lam) / lam for lam in lambdas)
        step = min(_DEFAULT_STEP, 0.25 * narrowest)
    nodes, weights = _DEFAULT_NODES if step == _DEFAULT_STEP else _trapezoid_nodes(step)
    scales = [(lam, math.sqrt(1.0 - lam * lam)) for lam in lambdas]
    total = 0.0
    for w, weight in zip(nodes, weights):
        product = 1.0
        for lam, s in scales:
            upper = norm_cdf((c - lam * w) / s)
            if sided == 2:
                upper -= norm_cdf((-c - lam * w) / s)
            product *= upper
        total += weight * product
    return total


@lru_cache(maxsize=256)
def _dunnett_critical_value_cached(alpha: float, sided: int, lambdas: tuple[float, ...]) -> float:
    k = len(lambdas)
    # Dunnett's c lies between the unadjusted and the Bonferroni quantile (positive correlation
    # only helps), which gives a guaranteed bracket.
    lo = norm_isf(alpha / sided)
    hi = norm_isf(alpha / (sided * k))
    target = 1.0 - alpha

    def excess(c: float) -> float:
        return dunnett_probability(c, lambdas, sided) - target

    lo -= 1e-6
    hi += 1e-6
    return brentq(excess, lo, hi, xtol=1e-12, what="the Dunnett critical value")


def dunnett_critical_value(k: int, alpha: float, sided: int,
                           ratios: Sequence[float] | float = 1.0) -> float:
    """Critical value c with P(max Z_i <= c) = 1 - alpha (sided=1) or
    P(max |Z_i| <= c) = 1 - alpha (sided=2) for k active arms against one control,
    df = infinity. ratios: n_active_i / n_control per arm (one number for all arms)."""
    if isinstance(ratios, (int, float)):
        ratios = [float(ratios)] * k
    if len(ratios) != k:
        raise ValueError(f"{k} arms need {k} allocation ratios, not {len(ratios)}")
    if k == 1:
        return norm_isf(alpha / sided)
    lambdas = tuple(math.sqrt(r / (1.0 + r)) for r in ratios)
    return _dunnett_critical_value_cached(float(alpha), int(sided), lambdas)


def clear_caches() -> None:
    """Forget cached Dunnett critical values (the benchmark measures cold computations)."""
    _dunnett_critical_value_cached.cache_clear()
