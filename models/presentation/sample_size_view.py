"""What the Sample size box of the endpoints step says, line by line, for a design and its
guidance result: the computed n or what is still needed for it (naming fields of other steps
with their step), the method, formula, reference and notes. Qt-free: the page only shows it."""

from __future__ import annotations

from dataclasses import dataclass

from models.design import Design, EndpointKind
from models.field_help import field_help
from models.formatting import format_number, format_percent
from models.vocabulary import in_prose
from models.wizard import step_for_path

OUTCOME_WORDS = {
    EndpointKind.MORTALITY: "mortality",
    EndpointKind.VENTILATOR_FREE_DAYS: "ventilator-free days",
    EndpointKind.OXYGENATION: "oxygenation",
    EndpointKind.BIOMARKER: "the biomarker",
}


@dataclass(frozen=True)
class SampleSizeView:
    """What the Sample size box says, line by line (empty strings are not shown)."""

    headline: str
    detail: str = ""
    method: str = ""
    formula: str = ""
    reference: str = ""
    notes: str = ""


def _field_name(path: str) -> str:
    name = field_help(path).label.replace("&", "")
    step = step_for_path(path)
    return name if step.key == "endpoints" else f"{name} ({step.title} step)"


def _outcome(design: Design) -> str:
    primary = design.endpoints.primary
    words = OUTCOME_WORDS.get(primary.kind, "the endpoint") if primary.kind else "the endpoint"
    if primary.timepoint_days is not None:
        words += f" at day {primary.timepoint_days}"
    return words


def sample_size_view(design: Design, guidance) -> SampleSizeView:
    """The Sample size box for a design and its GuidanceResult (None before the first result)."""
    from models import sample_size as ss

    kind = design.endpoints.primary.kind
    notes = []
    if kind is EndpointKind.VENTILATOR_FREE_DAYS:
        notes.append(ss.VFD_NOTE)
    outcome = guidance.sample_size if guidance is not None else None
    if kind is None:
        return SampleSizeView("Choose the primary endpoint to compute the sample size.")
    if outcome is None:
        if guidance is None:
            return SampleSizeView("The sample size is computed after each change.")
        return SampleSizeView(
            f"No computed n: format version 1 holds no sample-size assumptions for "
            f"{in_prose(kind)} primary endpoints.",
            "Justify the target sample size in the protocol.")
    if outcome.missing:
        missing = ", ".join(_field_name(path) for path in outcome.missing)
        return SampleSizeView(f"Still needed for the computed n: {missing}.",
                              notes="\n\n".join(notes))
    if outcome.error:
        reason = outcome.error.rstrip(".")
        return SampleSizeView(f"The sample size cannot be computed: {reason}.",
                              notes="\n\n".join(notes))
    result = outcome.result
    from models.sample_size import SampleSizeResult

    if not isinstance(result, SampleSizeResult):
        return _other_view(design, outcome, guidance, notes)
    names = ["control"] + [design.arm_name(i) for i in range(result.arms)]
    per_arm = " · ".join(f"{name}: {n}" for name, n in zip(names, result.n_per_arm))
    planned = design.statistics.planned_total_n
    headline = f"Computed: {result.n_total} patients in total ({per_arm}); target: " + \
        (f"{planned}." if planned is not None else "not decided yet.")
    evaluable = " · ".join(str(n) for n in result.n_evaluable)
    detail = (f"Evaluable per arm before dropout: {evaluable}; achieved power "
              f"{format_percent(result.achieved_power, 1)}"
              + (" per comparison with control" if result.arms > 1 else "")
              + (f"; inflated for {format_number(result.dropout_pct, 2)}% dropout."
                 if result.inflated_for_dropout else "."))
    from models.plan_text import multi_arm_powers, multi_arm_sentence

    powers = multi_arm_powers(result)
    if powers is not None:
        detail += "\n" + multi_arm_sentence(powers)
    if outcome.plan is not None:
        headline = _plan_headline(design, outcome)
        detail = f"Fixed sample: {detail}"
    detail += _shortfall(guidance)
    notes = list(result.notes) + notes
    return SampleSizeView(
        headline, detail, ss.describe(result, _outcome(design)),
        f"Formula: {result.formula}. Critical value {result.critical_value:.4f} "
        f"({result.critical_value_label}).",
        f"Reference: {result.reference}.", "\n\n".join(notes))


def _shortfall(guidance) -> str:
    found = [f for f in guidance.findings if f.rule == "E-2"]
    return f"\n{found[0].severity.label} (E-2): {found[0].message}" if found else ""


def _plan_headline(design: Design, outcome) -> str:
    from models.plan_text import result_line

    planned = design.statistics.planned_total_n
    return f"Computed: {result_line(outcome)}; target: " + \
        (f"{planned}." if planned is not None else "not decided yet.")


def _other_view(design: Design, outcome, guidance, notes) -> SampleSizeView:
    """A time-to-event or ordinal result, with or without a plan."""
    from models.formatting import format_percent as percent
    from models.plan_text import fixed_line

    result = outcome.result
    headline = _plan_headline(design, outcome)
    detail = (f"Fixed sample: {fixed_line(result)}; achieved power "
              f"{percent(result.achieved_power, 1)}." + _shortfall(guidance))
    return SampleSizeView(headline, detail, "", f"Formula: {result.formula}.",
                          f"Reference: {result.reference}.",
                          "\n\n".join(list(result.notes) + notes))
