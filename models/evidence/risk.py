"""Mortality risk ratios per trial and DerSimonian-Laird pooling per setting.

Plain Python (math only): the figures are few, and the same arithmetic must be checkable by hand
in the tests (against statsmodels' ``combine_effects`` for the pooling).

- Risk ratio of death, treatment vs control, with a 95% CI by the log method:
  SE(log RR) = sqrt(1/a - 1/n1 + 1/c - 1/n2).
- When any of the four cells of a trial's 2x2 table is zero (no deaths, or no survivors, in an
  arm), 0.5 is added to every cell: a + 0.5 of n1 + 1, c + 0.5 of n2 + 1.
- Zero deaths in both arms (or deaths of every patient in both arms): the risk ratio is not
  estimable. The trial is shown, not pooled (Cochrane Handbook 10.4.4.1: such a trial says nothing
  about the relative risk, and a corrected ratio would only reflect the arm sizes).
- A trial without arm-level counts is shown, not pooled; counts are never derived from
  percentages.
"""

from __future__ import annotations

import math
import dataclasses
from dataclasses import dataclass, field
from statistics import NormalDist

from models.evidence.provenance import Discrepancy, FieldProvenance, discrepancies
from models.evidence.record import PRODUCT_LABELS, TrialRecord
from models.evidence.schema import MORTALITY_ARMS, SETTINGS

Z_95 = NormalDist().inv_cdf(0.975)
CONTINUITY_CORRECTION = 0.5
POOLING_METHOD = ("DerSimonian-Laird random effects on the log risk ratio (inverse-variance "
                  "weights, normal 95% CI)")


@dataclass(frozen=True)
class RiskRatio:
    rr: float
    ci_low: float
    ci_high: float
    log_rr: float
    se_log_rr: float
    correction: float            # 0.5 when a zero cell was corrected, else 0


def risk_ratio(events_treatment: int, n_treatment: int, events_control: int,
               n_control: int) -> RiskRatio | None:
    """The risk ratio with its 95% CI, or None when it is not estimable (no deaths in either arm,
    or every patient died in both)."""
    a, n1, c, n2 = events_treatment, n_treatment, events_control, n_control
    if n1 <= 0 or n2 <= 0:
        raise ValueError("arm sizes must be positive")
    if (a == 0 and c == 0) or (a == n1 and c == n2):
        return None
    correction = CONTINUITY_CORRECTION if 0 in (a, n1 - a, c, n2 - c) else 0.0
    # The counts with the correction added (no longer whole numbers).
    ca, cc = a + correction, c + correction
    cn1, cn2 = n1 + 2 * correction, n2 + 2 * correction
    log_rr = math.log((ca / cn1) / (cc / cn2))
    se = math.sqrt(1 / ca - 1 / cn1 + 1 / cc - 1 / cn2)
    return RiskRatio(math.exp(log_rr), math.exp(log_rr - Z_95 * se),
                     math.exp(log_rr + Z_95 * se), log_rr, se, correction)


@dataclass(frozen=True)
class TrialRiskRatio:
    """A trial's mortality comparison as the evidence view and ``evidence --json`` show it."""

    trial: TrialRecord
    events_treatment: int | None
    n_treatment: int | None
    events_control: int | None
    n_control: int | None
    estimate: RiskRatio | None
    included_in_pool: bool
    reason_not_pooled: str | None
    timepoint: str                              # "28 days", or what the source says
    counts_provenance: FieldProvenance | None
    disagreements: tuple[Discrepancy, ...] = ()  # sources disagreeing on the mortality figures

    @property
    def counts_disputed(self) -> bool:
        return bool(self.disagreements)

    def as_dict(self) -> dict:
        """The trial as ``evidence --json`` lists it (README, "Command line")."""
        trial, estimate = self.trial, self.estimate
        return {
            "id": trial.id, "short_name": trial.short_name, "arm_label": trial["arm_label"],
            "setting": trial.setting, "table_ref": trial["table_ref"],
            "first_author": trial["first_author"], "year": trial["year"],
            "registry_id": trial["registry_id"], "status": trial["status"],
            "user_supplied": trial.user_supplied,
            "events_treatment": self.events_treatment, "n_treatment": self.n_treatment,
            "events_control": self.events_control, "n_control": self.n_control,
            "pct_treatment": trial["mortality_active_pct"],
            "pct_control": trial["mortality_control_pct"],
            "timepoint_days": trial["mortality_timepoint_days"],
            "timepoint_text": trial["mortality_timepoint_text"],
            "rr": estimate.rr if estimate else None,
            "ci_low": estimate.ci_low if estimate else None,
            "ci_high": estimate.ci_high if estimate else None,
            "log_rr": estimate.log_rr if estimate else None,
            "se_log_rr": estimate.se_log_rr if estimate else None,
            "continuity_correction": estimate.correction if estimate else None,
            "included_in_pool": self.included_in_pool,
            "reason_not_pooled": self.reason_not_pooled,
            "counts_disputed": self.counts_disputed,
            "counts_provenance": (self.counts_provenance.as_dict()
                                  if self.counts_provenance else None),
            "provenance": {key: p.as_dict() for key, p in trial.provenance.items()},
            # Every disagreement of this trial, not only the mortality ones: each with the value
            # used and the alternatives, never reconciled.
            "disagreements": [d.as_dict() for d in discrepancies(trial=trial.id)],
            "discrepancy_flag": trial["discrepancy_flag"],
            "notes": trial["notes"],
        }


def _timepoint(trial: TrialRecord) -> str:
    days = trial["mortality_timepoint_days"]
    if days is not None:
        return f"{days} days"
    return "not stated"


def trial_risk_ratio(trial: TrialRecord) -> TrialRiskRatio:
    """The trial's risk ratio and whether it can be pooled, with the reason when not."""
    counts = {arm: (trial[events], trial[n]) for arm, (events, n, _) in MORTALITY_ARMS.items()}
    (a, n1), (c, n2) = counts["treatment"], counts["control"]
    estimate, reason = None, None
    if trial["control_type"] == "none":
        reason = "single-arm study: no control arm to compare with"
    elif None in (a, n1, c, n2):
        reason = _why_no_counts(trial)
    elif n1 <= 0 or n2 <= 0:
        # The import refuses empty arms; this guards rows from any other source.
        reason = "an arm has no patients: the risk ratio is not estimable"
    else:
        estimate = risk_ratio(a, n1, c, n2)
        if estimate is None:
            reason = ("no deaths in either arm: the risk ratio is not estimable (shown, not "
                      "pooled)" if a == 0 else
                      "every patient died in both arms: the risk ratio is not estimable")
    return TrialRiskRatio(
        trial=trial, events_treatment=a, n_treatment=n1, events_control=c, n_control=n2,
        estimate=estimate, included_in_pool=estimate is not None, reason_not_pooled=reason,
        timepoint=_timepoint(trial), counts_provenance=trial.provenance.get("mortality"),
        disagreements=tuple(discrepancies(trial=trial.id, field="mortality")))


def _why_no_counts(trial: TrialRecord) -> str:
    """Why a trial has no usable counts, in the data's own terms (never a guess)."""
    pct_t, pct_c = trial["mortality_active_pct"], trial["mortality_control_pct"]
    n_status = trial.provenance.get("n")
    if pct_t is not None and pct_c is not None:
        text = (f"only percentages are reported ({pct_t:g}% vs {pct_c:g}%); counts are not "
                "derived from percentages")
        if trial["n_active"] is None or (n_status and n_status.status == "uncertain"):
            text += "; the arm sizes are not known"
            if n_status and n_status.status == "uncertain":
                text += f" (inferred only: {n_status})"
        return text
    if trial["n_active"] is None and trial["n_total"] is not None:
        return (f"arm sizes are not available (only the trial total, {trial['n_total']}), nor "
                "deaths per arm")
    return "deaths per arm are not available"


def trial_risk_ratios(trials: list[TrialRecord] | tuple[TrialRecord, ...]) -> list[TrialRiskRatio]:
    return [trial_risk_ratio(t) for t in trials]


# --- Pooling --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DerSimonianLaird:
    log_rr: float
    se: float
    tau2: float
    q: float
    i2: float           # 0-1


def dersimonian_laird(effects: list[float], variances: list[float]) -> DerSimonianLaird:
    """Random-effects pooling (DerSimonian & Laird 1986) of effects with known variances."""
    if len(effects) < 2:
        raise ValueError("pooling needs at least two trials")
    weights = [1 / v for v in variances]
    total = sum(weights)
    fixed = sum(w * y for w, y in zip(weights, effects)) / total
    q = sum(w * (y - fixed) ** 2 for w, y in zip(weights, effects))
    df = len(effects) - 1
    c = total - sum(w * w for w in weights) / total
    tau2 = max(0.0, (q - df) / c)
    random_weights = [1 / (v + tau2) for v in variances]
    random_total = sum(random_weights)
    pooled = sum(w * y for w, y in zip(random_weights, effects)) / random_total
    i2 = max(0.0, (q - df) / q) if q > 0 else 0.0
    return DerSimonianLaird(pooled, math.sqrt(1 / random_total), tau2, q, i2)


@dataclass(frozen=True)
class PooledEstimate:
    setting: str
    k: int                                   # trials pooled
    rr: float | None
    ci_low: float | None
    ci_high: float | None
    tau2: float | None
    i2: float | None                         # 0-1
    q: float | None
    trials: tuple[str, ...]                  # ids of the pooled trials
    caveats: tuple[str, ...] = field(default=())
    note: str | None = None                  # why there is no estimate
    # The same pool with one choice changed (MSC trials only; another reading of disputed
    # counts), so that a reader sees how much the estimate rests on that choice.
    sensitivity: tuple["SensitivityPool", ...] = field(default=())

    def as_dict(self) -> dict:
        return {"rr": self.rr, "ci_low": self.ci_low, "ci_high": self.ci_high,
                "tau2": self.tau2, "i2": self.i2, "k": self.k, "q": self.q,
                "method": POOLING_METHOD, "trials": list(self.trials),
                "caveats": list(self.caveats), "note": self.note,
                "sensitivity": [p.as_dict() for p in self.sensitivity]}


@dataclass(frozen=True)
class SensitivityPool:
    """The setting's pool with one choice changed; ``label`` says which."""

    label: str
    estimate: PooledEstimate

    def as_dict(self) -> dict:
        e = self.estimate
        return {"label": self.label, "rr": e.rr, "ci_low": e.ci_low, "ci_high": e.ci_high,
                "tau2": e.tau2, "i2": e.i2, "k": e.k, "trials": list(e.trials),
                "note": e.note}

    def text(self) -> str:
        """'MSC trials only (…), k=2: RR 1.20 (0.50–2.90)' or why there is no estimate."""
        from models.formatting import format_risk_ratio_ci

        e = self.estimate
        if e.rr is None:
            return f"{self.label}: no estimate ({e.note})"
        return (f"{self.label}, k={e.k}: RR "
                f"{format_risk_ratio_ci(e.rr, e.ci_low, e.ci_high)}")


def pool_setting(setting: str, comparisons: list[TrialRiskRatio],
                 sensitivity: bool = True) -> PooledEstimate:
    """Pool the poolable trials of one setting, with every caveat a reader needs and (unless
    ``sensitivity`` is False) the sensitivity pools of ``sensitivity_pools``."""
    estimate = _pool(setting, comparisons)
    if not sensitivity or estimate.rr is None:
        return estimate
    return dataclasses.replace(estimate, sensitivity=sensitivity_pools(setting, comparisons))


def _pool(setting: str, comparisons: list[TrialRiskRatio]) -> PooledEstimate:
    pooled = [c for c in comparisons if c.included_in_pool]
    ids = tuple(c.trial.id for c in pooled)
    if len(pooled) < 2:
        note = ("no trial of this setting has arm-level death counts to pool" if not pooled else
                f"only one trial has arm-level death counts ({pooled[0].trial.label}); nothing "
                "to pool")
        return PooledEstimate(setting, len(pooled), None, None, None, None, None, None, ids,
                              note=note)
    # included_in_pool is estimate is not None (comparison()); the filter says so to the types.
    estimates = [c.estimate for c in pooled if c.estimate is not None]
    result = dersimonian_laird([e.log_rr for e in estimates], [e.se_log_rr ** 2 for e in estimates])
    half = Z_95 * result.se
    return PooledEstimate(
        setting, len(pooled), math.exp(result.log_rr), math.exp(result.log_rr - half),
        math.exp(result.log_rr + half), result.tau2, result.i2, result.q, ids,
        caveats=tuple(_caveats(pooled)))


# --- Sensitivity pools (issue 15, item 8) -----------------------------------------------------------


def sensitivity_pools(setting: str,
                      comparisons: list[TrialRiskRatio]) -> tuple[SensitivityPool, ...]:
    """The setting's pool again with one choice changed:

    - MSC trials only, when the pool mixes products: Curley 2024 asks that MAPCs be reported
      as a distinct product class, and the product-kind caveat says so.
    - Each other reading of a pooled trial's disputed death counts: the alternative's own
      counts, or its percentages read on the arms the counts used, but only where that gives
      whole numbers of patients in both arms (MUST-ARDS: the paper's 25% vs 40% of 20 and 10
      patients is 5/20 vs 4/10; the abstract's 45% of 10 is no whole number and is not read).
    """
    pooled = [c for c in comparisons if c.included_in_pool]
    out: list[SensitivityPool] = []
    kinds = {c.trial["product_kind"] for c in pooled}
    if len(kinds) > 1 and "msc" in kinds:
        msc = [c for c in comparisons if c.trial["product_kind"] == "msc"]
        out.append(SensitivityPool(
            "MSC trials only (" + ", ".join(sorted(
                PRODUCT_LABELS.get(k, k) for k in kinds - {"msc"} if k)) + " trials apart)",
            _pool(setting, msc)))
    for c in pooled:
        for d in c.disagreements:
            for alternative in d.alternatives:
                counts = _alternative_counts(alternative, (c.n_treatment, c.n_control))
                if counts is None or counts == (c.events_treatment, c.n_treatment,
                                                c.events_control, c.n_control):
                    continue
                estimate = risk_ratio(*counts)
                if estimate is None:
                    continue
                a, n1, e, n2 = counts
                changed = dataclasses.replace(c, events_treatment=a, n_treatment=n1,
                                              events_control=e, n_control=n2, estimate=estimate)
                out.append(SensitivityPool(
                    f"{c.trial.label} read as {a}/{n1} vs {e}/{n2}, from {alternative.value}",
                    _pool(setting, [changed if x is c else x for x in comparisons])))
    return tuple(out)


def _alternative_counts(alternative, arms) -> tuple[int, int, int, int] | None:
    """(deaths, n) per arm of another reading, or None when it gives no whole numbers."""
    if alternative.events is not None and alternative.n is not None:
        (a, e), (n1, n2) = alternative.events, alternative.n
        return a, n1, e, n2
    if alternative.percent is None or None in arms:
        return None
    deaths = [p * n / 100 for p, n in zip(alternative.percent, arms)]
    if any(abs(d - round(d)) > 1e-9 for d in deaths):
        return None
    return round(deaths[0]), arms[0], round(deaths[1]), arms[1]


def _names(comparisons) -> str:
    return ", ".join(c.trial.label for c in comparisons)


def _caveats(pooled: list[TrialRiskRatio]) -> list[str]:
    caveats = []
    by_timepoint: dict[str, list[TrialRiskRatio]] = {}
    for c in pooled:
        by_timepoint.setdefault(c.timepoint, []).append(c)
    if len(by_timepoint) > 1 or "not stated" in by_timepoint:
        caveats.append("the pooled trials' mortality time points differ or are not stated: "
                       + "; ".join(f"{tp} ({_names(group)})"
                                   for tp, group in by_timepoint.items()))
    kinds: dict[str, list[TrialRiskRatio]] = {}
    for c in pooled:
        kinds.setdefault(c.trial["product_kind"] or "not stated", []).append(c)
    if len(kinds) > 1:
        caveats.append("the pooled trials' products differ: " + "; ".join(
            f"{PRODUCT_LABELS.get(kind, kind)} ({_names(group)})" for kind, group in kinds.items())
            + " (Curley 2024: report MAPCs as a distinct product class)")
    disputed = [c for c in pooled if c.counts_disputed]
    if disputed:
        caveats.append("sources disagree on the counts of " + _names(disputed)
                       + "; the published table's counts are used (see each trial)")
    weak = [c for c in pooled if c.counts_provenance is None
            or c.counts_provenance.status != "verified"]
    if weak:
        caveats.append("counts not verified against a primary source or the paper's tables: "
                       + "; ".join(f"{c.trial.label} ({c.counts_provenance or 'not recorded'})"
                                   for c in weak))
    corrected = [c for c in pooled if c.estimate is not None and c.estimate.correction]
    if corrected:
        caveats.append(f"0.5 added to every cell of {_names(corrected)} (a zero cell)")
    by_trial: dict[str, list[TrialRiskRatio]] = {}
    for c in pooled:
        by_trial.setdefault(c.trial.short_name, []).append(c)
    for name, rows in by_trial.items():
        if len(rows) > 1:
            caveats.append(f"{name} contributes {len(rows)} comparisons; if they share one "
                           "control arm, its patients are counted more than once")
    user = [c for c in pooled if c.trial.user_supplied]
    if user:
        caveats.append("includes user-supplied trials: " + _names(user))
    return caveats


def pooled_by_setting(comparisons: list[TrialRiskRatio]) -> dict[str, PooledEstimate]:
    """One pooled estimate per setting present among the comparisons (classical, covid19, mixed,
    gvhd order). Settings are never pooled together: their populations differ too much."""
    groups: dict[str, list[TrialRiskRatio]] = {}
    for c in comparisons:
        groups.setdefault(c.trial.setting, []).append(c)
    return {setting: pool_setting(setting, groups[setting])
            for setting in SETTINGS if setting in groups}
