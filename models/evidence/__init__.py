"""The evidence base: the trials run so far, with per-field provenance, the disagreements between
sources, mortality risk ratios, pooled estimates per setting, comparable trials and the dose
landscape for a design, and the user's own trials.

Plain typed records and the standard library (no pandas): the GUI can import it at start-up.

    evidence = load_trials()                       # or loaded_evidence(): loaded once, then kept
    evidence.risk_ratios("classical")              # per trial, with included_in_pool and why not
    evidence.pooled_by_setting()                   # {setting: PooledEstimate}
    evidence.comparable_trials(design)             # ranked, each with why it matched
    evidence.dose_landscape(design)                # for the dose chart
    discrepancies(trial="T1_MUSTARDS_2022", field="mortality")
    import_user_trials("new-trials.csv")           # validated; stored in the user's data folder
"""

from __future__ import annotations

from models.design import Design
from models.evidence.base import (
    EvidenceBase,
    forget_loaded_evidence,
    import_user_trials,
    load_trials,
    loaded_evidence,
    remove_user_trials,
)
from models.evidence.comparison import (
    ComparableTrial,
    Comparison,
    DoseLandscape,
    DosePoint,
    NotPlotted,
)
from models.evidence.provenance import (
    Discrepancy,
    FieldProvenance,
    Source,
    SourcedValue,
    discrepancies,
    load_sources,
    paper_citation,
    parse_verification,
)
from models.evidence.reader import Problem, TrialsFileError
from models.evidence.record import TrialRecord
from models.evidence.risk import (
    PooledEstimate,
    RiskRatio,
    TrialRiskRatio,
    dersimonian_laird,
    risk_ratio,
)
from models.evidence.user_trials import read_stored_user_trials, user_trials_path


def trial_risk_ratios(setting: str | None = None,
                      evidence: EvidenceBase | None = None) -> list[TrialRiskRatio]:
    return (evidence or loaded_evidence()).risk_ratios(setting)


def pooled_by_setting(setting: str | None = None,
                      evidence: EvidenceBase | None = None) -> dict[str, PooledEstimate]:
    return (evidence or loaded_evidence()).pooled_by_setting(setting)


def comparable_trials(design: Design, all_settings: bool = False,
                      evidence: EvidenceBase | None = None) -> Comparison:
    return (evidence or loaded_evidence()).comparable_trials(design, all_settings)


def dose_landscape(design: Design, all_settings: bool = True,
                   evidence: EvidenceBase | None = None) -> DoseLandscape:
    return (evidence or loaded_evidence()).dose_landscape(design, all_settings)


def list_user_trials() -> list[TrialRecord]:
    """The user's stored trials (raises TrialsFileError when the stored file cannot be used)."""
    return [TrialRecord.from_values(row.values, user_supplied=True)
            for row in read_stored_user_trials()]


__all__ = [
    "ComparableTrial", "Comparison", "Discrepancy", "DoseLandscape", "DosePoint", "EvidenceBase",
    "FieldProvenance", "NotPlotted", "PooledEstimate", "Problem", "RiskRatio", "Source",
    "SourcedValue", "TrialRecord", "TrialRiskRatio", "TrialsFileError", "comparable_trials",
    "dersimonian_laird", "discrepancies", "dose_landscape", "forget_loaded_evidence",
    "import_user_trials", "list_user_trials", "load_sources", "load_trials", "loaded_evidence",
    "paper_citation", "parse_verification", "pooled_by_setting", "remove_user_trials",
    "risk_ratio", "trial_risk_ratios", "user_trials_path",
]
