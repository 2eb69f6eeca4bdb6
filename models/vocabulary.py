"""How the program words the choices of format 2's statistics and estimand, once, for the wizard,
the review, `check` and the PDF alike."""

from __future__ import annotations

from models.design import (
    Analysis,
    EfficacyBoundary,
    FutilityRule,
    IntercurrentStrategy,
    SummaryMeasure,
    SurvivalMethod,
)

ANALYSIS_LABELS = {
    Analysis.BINARY: "Proportions (binary)",
    Analysis.CONTINUOUS: "Means (continuous)",
    Analysis.TIME_TO_EVENT: "Time to death (log-rank, hazard ratio)",
    Analysis.ORDINAL: "Ordinal (proportional odds)",
}
EFFICACY_LABELS = {
    EfficacyBoundary.LD_OBF: "Lan-DeMets O'Brien-Fleming-like spending",
    EfficacyBoundary.LD_POCOCK: "Lan-DeMets Pocock-like spending",
    EfficacyBoundary.OBF: "O'Brien-Fleming (classic)",
    EfficacyBoundary.POCOCK: "Pocock (classic)",
}
FUTILITY_LABELS = {
    FutilityRule.NONE: "No futility stopping",
    FutilityRule.BETA_LD_OBF: "Beta spending, O'Brien-Fleming-like (non-binding)",
    FutilityRule.BETA_LD_POCOCK: "Beta spending, Pocock-like (non-binding)",
    FutilityRule.FIXED_Z: "Stop below a fixed z (non-binding)",
}
SURVIVAL_METHOD_LABELS = {
    SurvivalMethod.SCHOENFELD: "Schoenfeld (1983)",
    SurvivalMethod.FREEDMAN: "Freedman (1982)",
}
STRATEGY_LABELS = {
    IntercurrentStrategy.TREATMENT_POLICY: "Treatment policy",
    IntercurrentStrategy.HYPOTHETICAL: "Hypothetical",
    IntercurrentStrategy.COMPOSITE: "Composite",
    IntercurrentStrategy.WHILE_ON_TREATMENT: "While on treatment",
    IntercurrentStrategy.PRINCIPAL_STRATUM: "Principal stratum",
}
SUMMARY_LABELS = {
    SummaryMeasure.RISK_DIFFERENCE: "Risk difference",
    SummaryMeasure.RISK_RATIO: "Risk ratio",
    SummaryMeasure.ODDS_RATIO: "Odds ratio",
    SummaryMeasure.HAZARD_RATIO: "Hazard ratio",
    SummaryMeasure.MEAN_DIFFERENCE: "Mean difference",
    SummaryMeasure.COMMON_ODDS_RATIO: "Common odds ratio",
}

# By the choice's own type: choices are str enums, so FutilityRule.NONE == "none" ==
# Subphenotype.NONE, and a plain dict would give one the other's words.
_BY_TYPE = {type(next(iter(table))): table for table in (
    ANALYSIS_LABELS, EFFICACY_LABELS, FUTILITY_LABELS, SURVIVAL_METHOD_LABELS, STRATEGY_LABELS,
    SUMMARY_LABELS)}


def label(choice) -> str | None:
    """The program's words for a format-2 choice, or None for another choice."""
    table = _BY_TYPE.get(type(choice))
    return None if table is None else table.get(choice)
