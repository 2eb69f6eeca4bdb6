"""Error spending and boundary shapes, in pure Python (no numpy: these are evaluated a handful of
times per design and must not pull numpy in on import).

- ``ld_obf``: the Lan-DeMets spending function that mimics O'Brien-Fleming boundaries,
  f(t; level) = 2 - 2 Phi(z_{1-level/2} / sqrt(t)) (Lan & DeMets 1983; gsDesign ``sfLDOF``,
  rpact ``asOF``/``bsOF``);
- ``ld_pocock``: the Lan-DeMets Pocock-like function f(t; level) = level ln(1 + (e - 1) t)
  (gsDesign ``sfLDPocock``, rpact ``asP``/``bsP``);
- ``obf`` and ``pocock``: the classic boundary shapes c / sqrt(t_k) (c sqrt(K/k) for equally
  spaced looks) and a constant c, whose c is solved so that the total type I error is exactly
  alpha (O'Brien & Fleming 1979; Pocock 1977; rpact ``OF``/``P``, gsDesign ``"OF"``/``"Pocock"``).

The same two spending families serve for beta (futility) spending with level = beta.
"""

from __future__ import annotations

import math

from models import distributions as dist

SPENDING_FAMILIES = ("ld_obf", "ld_pocock")
CLASSIC_SHAPES = ("obf", "pocock")
EFFICACY_FAMILIES = SPENDING_FAMILIES + CLASSIC_SHAPES

LABELS = {
    "ld_obf": "Lan-DeMets O'Brien-Fleming-like spending",
    "ld_pocock": "Lan-DeMets Pocock-like spending",
    "obf": "O'Brien-Fleming boundaries",
    "pocock": "Pocock boundaries",
}

# {f} names the function, {a} its level (alpha, alpha/2 or beta).
FORMULAS = {
    "ld_obf": "{f}(t) = 2 - 2 Phi(z_{{1-{a}/2}} / sqrt(t))",
    "ld_pocock": "{f}(t) = {a} ln(1 + (e - 1) t)",
    "obf": "b_k = c / sqrt(t_k) (c sqrt(K/k) for equally spaced looks)",
    "pocock": "b_k = c at every look",
}

REFERENCES = {
    "ld_obf": ("Lan KKG, DeMets DL. Discrete sequential boundaries for clinical trials. "
               "Biometrika 1983;70:659-663"),
    "ld_pocock": ("Lan KKG, DeMets DL. Discrete sequential boundaries for clinical trials. "
                  "Biometrika 1983;70:659-663 (the Pocock-like function)"),
    "obf": ("O'Brien PC, Fleming TR. A multiple testing procedure for clinical trials. "
            "Biometrics 1979;35:549-556"),
    "pocock": ("Pocock SJ. Group sequential methods in the design and analysis of clinical "
               "trials. Biometrika 1977;64:191-199"),
}

_E_MINUS_1 = math.e - 1.0


def spent(family: str, level: float, t: float) -> float:
    """Cumulative error spent by information fraction t (0 < t <= 1) at total level ``level``.
    At t = 1 the whole level is spent, exactly (so the final look never loses a rounding error
    of alpha or beta)."""
    if t >= 1.0:
        return level
    if family == "ld_obf":
        # 2 - 2 Phi(x) written as 2 Phi(-x): no cancellation when the spend is tiny (early looks).
        return 2.0 * dist.norm_sf(dist.norm_isf(level / 2.0) / math.sqrt(t))
    if family == "ld_pocock":
        return level * math.log1p(_E_MINUS_1 * t)
    raise ValueError(f"unknown spending function {family!r}")


def cumulative_spending(family: str, level: float, rates: tuple[float, ...]) -> tuple[float, ...]:
    return tuple(spent(family, level, t) for t in rates)


def classic_shape(family: str, t: float) -> float:
    """The boundary at information fraction t divided by the constant c."""
    if family == "obf":
        return 1.0 / math.sqrt(t)
    if family == "pocock":
        return 1.0
    raise ValueError(f"unknown boundary shape {family!r}")
