"""The evidence base: the bundled trials and the user's, as typed records behind a small API.

Plain records, no DataFrame: two dozen rows are read by the csv module (reader.py) and walked by
the comparisons on every edit; pandas cost 18 MB of the bundle and about 0.3 s on first load for
a frame that nothing but an assert read (issue 16, structure 6).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from models.design import Design
from models.evidence import comparison, risk
from models.evidence.provenance import Discrepancy, Source, discrepancies, load_sources
from models.evidence.reader import TrialsFileError
from models.evidence.record import TrialRecord
from models.evidence import user_trials
from models.evidence.user_trials import read_bundled_trials, read_stored_user_trials

@dataclass(frozen=True)
class EvidenceBase:
    """The loaded trials, one record per trial row (every column, typed, and whether the user
    supplied it), in the order of the bundled file and then the user's."""

    trials: tuple[TrialRecord, ...]
    user_problems: tuple[str, ...] = ()     # why stored user trials were left out, if they were

    def trial(self, row_id: str) -> TrialRecord:
        for trial in self.trials:
            if trial.id == row_id:
                return trial
        raise KeyError(row_id)

    def select(self, setting: str | None = None) -> tuple[TrialRecord, ...]:
        return tuple(t for t in self.trials if setting is None or t.setting == setting)

    @property
    def user_trials(self) -> tuple[TrialRecord, ...]:
        return tuple(t for t in self.trials if t.user_supplied)

    @property
    def sources(self) -> dict[str, Source]:
        return load_sources()

    def discrepancies(self, trial: str | None = None,
                      field: str | None = None) -> list[Discrepancy]:
        return discrepancies(trial, field)

    def risk_ratios(self, setting: str | None = None) -> list[risk.TrialRiskRatio]:
        return risk.trial_risk_ratios(self.select(setting))

    def pooled_by_setting(self, setting: str | None = None) -> dict[str, risk.PooledEstimate]:
        return risk.pooled_by_setting(self.risk_ratios(setting))

    def comparable_trials(self, design: Design,
                          all_settings: bool = False) -> comparison.Comparison:
        return comparison.comparable_trials(self.trials, design, all_settings)

    def dose_landscape(self, design: Design,
                       all_settings: bool = True) -> comparison.DoseLandscape:
        setting = design.population.setting
        settings = None if all_settings or setting is None else [setting.value]
        return comparison.dose_landscape(self.trials, design, settings)


def load_trials(include_user: bool = True) -> EvidenceBase:
    """Read the bundled trials (and the user's, unless ``include_user`` is False).

    A stored user file that cannot be used never hides the bundled evidence: its trials are left
    out and ``user_problems`` says why."""
    bundled = read_bundled_trials()
    records = [TrialRecord.from_values(row.values, user_supplied=False) for row in bundled]
    problems: tuple[str, ...] = ()
    if include_user:
        try:
            records += [TrialRecord.from_values(row.values, user_supplied=True)
                        for row in read_stored_user_trials(bundled)]
        except TrialsFileError as exc:
            problems = tuple(exc.lines())
    return EvidenceBase(tuple(records), problems)


# --- The evidence the program shares (loaded once, on first use) ---------------------------------

_loaded: EvidenceBase | None = None
_lock = threading.Lock()


def loaded_evidence() -> EvidenceBase:
    """The evidence with the user's trials, loaded on first use and then kept. Thread-safe: the
    GUI may load it in a worker while the command line or a test asks for it."""
    global _loaded
    with _lock:
        if _loaded is None:
            _loaded = load_trials(include_user=True)
        return _loaded


def import_user_trials(path) -> list[str]:
    """Validate a CSV of trials and add them to the user's stored trials; returns their ids.
    Raises TrialsFileError listing every problem (line and column) and stores nothing then.
    The kept evidence is dropped, so the next use sees the new trials."""
    ids = user_trials.store_imported_trials(path)
    forget_loaded_evidence()
    return ids


def remove_user_trials(ids: list[str]) -> list[str]:
    """Remove user-supplied trials by id (KeyError naming ids that are not user trials); the kept
    evidence is dropped, so the next use no longer sees them."""
    removed = user_trials.remove_stored_trials(ids)
    forget_loaded_evidence()
    return removed


def forget_loaded_evidence() -> None:
    """Drop the kept evidence (after the user's trials change), so the next use reloads it."""
    global _loaded
    with _lock:
        _loaded = None
