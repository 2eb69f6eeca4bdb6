"""How the program words its choices, once, for the wizard, the review, `check`, `compare` and
the PDF alike: the format-2 statistics and estimand choices by their labels, the others by the
words the printed summary uses (``CHOICE_WORDS``), else their JSON value with spaces."""

from __future__ import annotations

from models.design import (
    Analysis,
    EfficacyBoundary,
    FutilityRule,
    IntercurrentStrategy,
    Phase,
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


# How a closed choice reads in prose, where its JSON value with '_' -> ' ' would not do.
CHOICE_WORDS = {
    "msc": "MSC", "mapc": "MAPC", "msc_ev": "MSC-derived extracellular vesicles",
    "secretome": "MSC secretome",
    "berlin_2012": "Berlin 2012", "global_2024": "Global 2024",
    "global_2024_resource_limited": "Global 2024, resource-limited variant",
    "covid19": "COVID-19", "classical": "classical ARDS", "mixed": "mixed (COVID-19 and other)",
    "cells_per_kg": "cells/kg", "ml": "ml", "fbs": "fetal bovine serum",
    "human_platelet_lysate": "human platelet lysate", "xeno_free": "xeno-free",
    "nta": "nanoparticle tracking analysis", "trps": "tunable resistive pulse sensing",
    "high_flow_nasal_oxygen": "high-flow nasal oxygen",
    "enriched_hyperinflammatory": "enriched for the hyperinflammatory subphenotype",
    "standard_care": "standard care", "ventilator_free_days": "ventilator-free days",
}


def choice_words(choice) -> str:
    """Any choice in the program's words: its label (format 2), the summary's words, or its
    JSON value with '_' read as a space."""
    text = label(choice)
    if text is not None:
        return text
    if isinstance(choice, Phase):
        return f"phase {choice.value}"
    return CHOICE_WORDS.get(choice.value, choice.value.replace("_", " "))
