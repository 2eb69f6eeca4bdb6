"""The words a protocol needs: the sentence a statistician writes for a sample size or a power
(``describe``), and the note on ventilator-free days, whose bimodal distribution makes a
t-test-based sample size only an approximation (``VFD_NOTE``).
"""

from __future__ import annotations

from typing import Sequence

from models.formatting import format_distinct, format_number, format_percent
from models.sample_size.results import _SHORT_REFERENCES, PowerResult, SampleSizeResult

VFD_NOTE = (
    "If the endpoint is ventilator-free days: their distribution is bimodal (patients who die "
    "score 0), so a t-test-based sample size is only an approximation; a competing-risk "
    "analysis (extubation as the event, death as the competing risk) or a rank-based analysis "
    "is recommended, and reported sample sizes vary 1.6- to 17.4-fold with the method "
    "(Yehya et al., Am J Respir Crit Care Med 2019; Renard Triché et al., Crit Care 2023)."
)


def _arms_phrase(n_per_arm: Sequence[float], patients: str = "patients") -> str:
    sizes = [format_number(n) for n in n_per_arm]
    control, actives = sizes[0], sizes[1:]
    if all(n == control for n in actives):
        return f"{control} {patients} per arm"
    if len(actives) == 1:
        return f"{control} {patients} in the control arm and {actives[0]} in the active arm"
    if len(set(actives)) == 1:
        return (f"{control} {patients} in the control arm and {actives[0]} in each of the "
                f"{len(actives)} active arms")
    return (f"{control} {patients} in the control arm and {', '.join(actives)} in the active "
            "arms")


def describe(result: SampleSizeResult | PowerResult, outcome: str | None = None) -> str:
    """The sentence a statistician puts in a protocol, e.g. "With 152 patients per arm (304 in
    total) the trial has 80% power to detect a reduction in mortality from 40% to 25%
    (pooled-variance normal approximation, two-sided alpha 0.05; Fleiss, Levin & Paik 2003)."
    For a PowerResult (the inverse problem) it states the power the given size achieves.
    outcome names the endpoint ("28-day mortality", "VFD-28")."""
    if isinstance(result, PowerResult):
        arms = _arms_phrase(result.n_per_arm, "analysable patients")
        totals = f"{format_number(result.n_total)} in total"
    else:
        arms = _arms_phrase(result.n_per_arm)
        totals = f"{result.n_total} in total"
        if result.inflated_for_dropout:
            totals += (f", allowing for {format_number(result.dropout_pct, 2)}% dropout from "
                       f"{sum(result.n_evaluable)} evaluable")
    comparisons = " for each comparison with control" if result.arms > 1 else ""
    sentence = (f"With {arms} ({totals}) the trial has {format_percent(result.power, 1)} "
                f"power{comparisons} to detect ")
    if result.endpoint == "binary":
        p1, p2 = result.control_rate, result.treatment_rate
        assert p1 is not None and p2 is not None     # a binary result always has both rates
        change = "a reduction" if p2 < p1 else "an increase"
        # Enough decimals that the two rates never read the same (40% to 40%).
        shown_p2 = format_distinct(p2 * 100, p1 * 100)
        shown_p1 = format_number(p1 * 100, max(1, len(shown_p2.partition(".")[2])))
        sentence += f"{change} in {outcome or 'mortality'} from {shown_p1}% to {shown_p2}%"
    else:
        assert result.mean_difference is not None and result.sd is not None   # continuous
        sentence += (f"a difference of {format_number(abs(result.mean_difference))} in "
                     f"{outcome or 'the mean'} (SD {format_number(result.sd)})")
    sides = "two-sided" if result.sided == 2 else "one-sided"
    familywise = " familywise" if result.arms > 1 else ""
    return (f"{sentence} ({result.method_label}, {sides}{familywise} alpha "
            f"{format_number(result.alpha, 6)}; {_SHORT_REFERENCES[result.method]}).")
