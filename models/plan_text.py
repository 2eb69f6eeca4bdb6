"""The computed sample size of a design in words and as a table, for every analysis (binary,
continuous, time to death, ordinal) and with or without a group-sequential plan: the wizard's
Sample size box, the review, ``check`` and the PDF say the same thing, from here.
"""

from __future__ import annotations

from models.formatting import format_number, format_percent


def arm_sizes(result) -> str:
    return " + ".join(str(n) for n in result.n_per_arm)


def fixed_line(result) -> str:
    """The fixed-sample n, per arm (control first), and the method."""
    events = f", {format_number(result.events, 1)} deaths" if hasattr(result, "events") else ""
    return (f"{result.n_total} in total ({arm_sizes(result)}; control first{events}) by the "
            f"{result.method_label}")


def result_line(outcome) -> str:
    """One sentence: the n to enrol, per arm (control first), the method, and the plan."""
    plan = outcome.plan
    if plan is None:
        return fixed_line(outcome.result)
    # The fixed sample that was inflated: with several arms, the Bonferroni one.
    text = fixed_line(plan.fixed or outcome.result)
    return (f"{plan.max_n} in total ({' + '.join(str(n) for n in plan.n_per_arm)}; control "
            f"first) with {plan.design.looks} looks, the maximum of the group-sequential plan "
            f"(fixed-sample {text}, inflation factor "
            f"{format_number(plan.design.inflation_factor, 4)})")


def plan_sentence(plan) -> str:
    """The plan in a sentence a statistician puts in a protocol."""
    gs = plan.design
    looks = ", ".join(format_percent(t, 0) for t in gs.info_rates)
    bounds = ", ".join(format_number(z, 3) for z in gs.boundaries_z)
    futility = ""
    if gs.futility_z is not None:
        shown = ", ".join("—" if z is None else format_number(z, 3) for z in gs.futility_z)
        futility = f"; non-binding futility bounds z = {shown}"
    return (f"{gs.looks} analyses at {looks} of the information; {gs.method.rstrip('.')}. "
            f"Efficacy "
            f"boundaries z = {bounds}{futility}. Maximum {plan.max_n} patients; expected "
            f"{format_number(plan.expected_n_h0, 0)} if the treatment has no effect and "
            f"{format_number(plan.expected_n_h1, 0)} under the assumed effect. Computed by "
            f"{gs.algorithm.rstrip('.')}.")


PLAN_COLUMNS = ("Look", "Information", "Patients", "Efficacy z", "Nominal p", "Estimate",
                "Futility z", "α spent", "P(end here) H0", "P(end here) H1")


def plan_rows(plan) -> list[tuple[str, ...]]:
    """One row per look: the boundaries on the z, p and estimate scales, the cumulative alpha
    spent and the probability of stopping at the look (efficacy or futility) under H0 and H1.
    For time to death the patients column gives the deaths."""
    from models.design_plan import _stop

    gs = plan.design
    ends_h0 = _stop(gs.prob_stop_efficacy_h0, gs.prob_stop_futility_h0)
    ends_h1 = _stop(gs.prob_stop_efficacy_h1, gs.prob_stop_futility_h1)
    rows: list[tuple[str, ...]] = []
    for k in range(gs.looks):
        estimate = "—"
        if plan.estimate is not None:
            estimate = format_number(plan.estimate.efficacy[k], 3)
        futility = "—"
        if gs.futility_z is not None and gs.futility_z[k] is not None:
            futility = format_number(gs.futility_z[k], 3)
        who = plan.events_at_look[k] if plan.events_at_look is not None else plan.n_at_look[k]
        # The probability that the trial ends at look k: a stop at an interim look, or, at
        # the final one, every trial still running (each column adds up to 100%).
        stop_h0, stop_h1 = ends_h0[k], ends_h1[k]
        rows.append((str(k + 1), format_percent(gs.info_rates[k], 0), str(who),
                     format_number(gs.boundaries_z[k], 3),
                     _p(gs.boundaries_p[k]), estimate, futility, _p(gs.alpha_spent[k]),
                     _percent(stop_h0), _percent(stop_h1)))
    return rows


def plan_columns(plan) -> tuple[str, ...]:
    if plan.events_at_look is not None:
        return tuple("Deaths" if c == "Patients" else c for c in PLAN_COLUMNS)
    return PLAN_COLUMNS


def _percent(value: float) -> str:
    """A probability in percent that never reads 0% when it is not 0."""
    return "<0.1%" if 0 < value < 0.0005 else format_percent(value, 1)


def _p(value: float) -> str:
    return f"{value:.2e}" if value < 0.0001 else format_number(value, 4)


def multi_arm_powers(result):
    """For k >= 2 active arms (a SampleSizeResult): the MultiArmPowerResult at the evaluable
    arm sizes, the same effect in every arm: the power per comparison, the disjunctive power
    (at least one comparison rejected) and the conjunctive power (all rejected). None for one
    active arm or another kind of result."""
    from models import sample_size as ss

    if not isinstance(result, ss.SampleSizeResult) or result.arms < 2:
        return None
    common = dict(alpha=result.alpha, sided=result.sided, n_active=result.n_evaluable[1:],
                  arms=result.arms, adjust=result.adjustment or "dunnett")
    try:
        if result.endpoint == "binary":
            return ss.binary_multi_arm_power(result.n_evaluable[0], result.control_rate,
                                             [result.treatment_rate] * result.arms, **common)
        return ss.continuous_multi_arm_power(result.n_evaluable[0],
                                             [result.mean_difference] * result.arms,
                                             result.sd, **common)
    except ss.SampleSizeError:
        return None


def multi_arm_sentence(powers) -> str:
    return (f"With {len(powers.per_comparison)} active arms at these sizes (the same "
            f"effect in each): power per comparison "
            f"{', '.join(format_percent(p, 1) for p in powers.per_comparison)}; "
            f"disjunctive power (at least one comparison significant) "
            f"{format_percent(powers.disjunctive, 1)}; conjunctive power (all "
            f"significant) {format_percent(powers.conjunctive, 1)} "
            f"({powers.method_label}).")
