"""The critical value of the test: z for one active arm; with several active arms compared with
a shared control, Dunnett's (df = infinity) or Bonferroni's. Each with the label, the words and
the formula a result reports.
"""

from __future__ import annotations

from models import distributions as dist
from models.formatting import format_number
from models.sample_size.validation import _Settings


def _normal_critical_value(settings: _Settings) -> tuple[float, str]:
    """z_{1-alpha/s}, Dunnett's c or Bonferroni's z, with a label saying which."""
    alpha, sided, k = settings.alpha, settings.sided, settings.arms
    if settings.adjust is None:
        level = 1.0 - alpha / sided
        return dist.norm_isf(alpha / sided), f"z({format_number(level, 6)})"
    if settings.adjust == "bonferroni":
        tail = alpha / (k * sided)
        return (dist.norm_isf(tail),
                f"Bonferroni z(1 - {format_number(alpha, 6)}/({k}×{sided}))")
    c = dist.dunnett_critical_value(k, alpha, sided, settings.ratios)
    sides = "two-sided" if sided == 2 else "one-sided"
    return c, f"Dunnett {sides} c for {k} comparisons with a shared control (df = ∞)"


def _comparison_words(settings: _Settings) -> str:
    if settings.adjust == "dunnett":
        return (f", Dunnett-adjusted critical value for {settings.arms} comparisons with a shared "
                "control (equicorrelated normal, df = ∞), power per comparison")
    if settings.adjust == "bonferroni":
        return (f", Bonferroni-adjusted critical value for {settings.arms} comparisons with a "
                "shared control, power per comparison")
    return ""


def _adjustment_formula(settings: _Settings) -> str:
    if settings.adjust == "dunnett":
        return ("c = Dunnett critical value: P(max Z_i <= c) = 1 - alpha (one-sided) or "
                "P(max |Z_i| <= c) = 1 - alpha (two-sided) for k equicorrelated normals with "
                "corr = sqrt(r_i r_j / ((1 + r_i)(1 + r_j))) (0.5 for equal allocation), "
                "df = infinity")
    if settings.adjust == "bonferroni":
        return "c = z(1 - alpha/(k·s)), s = 1 or 2 sides"
    return "c = z(1 - alpha/2) two-sided, z(1 - alpha) one-sided"
