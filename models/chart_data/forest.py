"""The forest plot: each trial's mortality risk ratio (cell product vs control) with its 95% CI,
grouped by setting, with each setting's DerSimonian-Laird pooled estimate as a diamond
(``forest_chart``: ``ForestRow``, ``PooledDiamond``, ``ForestChart``). Trials without an estimate
are listed with the reason; rows whose sources disagree, or that needed a zero-cell correction,
are marked and carry the disagreement in words.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

from models.chart_data.axes import Axis, NotPlottedItem, log_ticks
from models.chart_data.styles import LegendEntry, setting_style
from models.evidence.provenance import Discrepancy
from models.evidence.record import TrialRecord
from models.evidence.schema import SETTINGS
from models.formatting import format_number, format_percent, format_risk_ratio_ci

DISPUTED_MARK = "†"
CORRECTED_MARK = "‡"
FOREST_TICK_MANTISSAS = (1, 2, 5)


@dataclass(frozen=True)
class ForestRow:
    """One line of the forest plot, top to bottom: a setting's heading, a trial, or the pooled
    estimate. ``y`` counts down from the top row (0, -1, -2, ...)."""

    kind: str                        # "heading", "trial" or "pooled"
    y: float
    label: str                       # left of the plot: name and time point
    setting: str
    text: str = ""                   # right of the plot: RR (95% CI) and counts
    rr: float | None = None
    ci_low: float | None = None
    ci_high: float | None = None
    timepoint: str = ""
    trial_id: str | None = None
    user_supplied: bool = False
    disputed: bool = False           # sources disagree on the counts or the time point
    corrected: bool = False          # 0.5 added to every cell
    disagreements: tuple[str, ...] = ()   # each disagreement: the figures used and the others


@dataclass(frozen=True)
class PooledDiamond:
    setting: str
    y: float
    rr: float
    ci_low: float
    ci_high: float
    k: int
    tau2: float
    i2: float                        # 0-1
    caveats: tuple[str, ...]
    half_height: float = 0.3

    def polygon(self) -> tuple[tuple[float, float], ...]:
        """The diamond's corners (risk ratio, y), closed: left, top, right, bottom, left."""
        h = self.half_height
        return ((self.ci_low, self.y), (self.rr, self.y + h), (self.ci_high, self.y),
                (self.rr, self.y - h), (self.ci_low, self.y))


FOREST_ROW_TITLE = "Trial · mortality time point"
FOREST_TEXT_TITLE = "Risk ratio (95% CI) · deaths/n, cell product vs control"
FOREST_FAVOURS = ("favours the cell product", "favours control")
POOLED_LEGEND = "pooled per setting (random effects), 95% CI"
NULL_LINE = "dashed"
DESIGN_SETTING_MARK = " (THE DESIGN'S SETTING)"


@dataclass(frozen=True)
class ForestChart:
    rows: tuple[ForestRow, ...]
    diamonds: tuple[PooledDiamond, ...]
    null_value: float                # the line of no effect
    x_axis: Axis
    not_plotted: tuple[NotPlottedItem, ...]
    notes: tuple[str, ...]
    method: str
    row_title: str = FOREST_ROW_TITLE        # over the labels left of the plot
    text_title: str = FOREST_TEXT_TITLE      # over the texts right of it
    favours: tuple[str, str] = FOREST_FAVOURS    # below the axis, left and right of the null

    def trial_rows(self, setting: str | None = None) -> tuple[ForestRow, ...]:
        return tuple(r for r in self.rows if r.kind == "trial"
                     and (setting is None or r.setting == setting))

    @property
    def legend(self) -> tuple[LegendEntry, ...]:
        """A marker per setting with a plotted trial, and the pooled diamond."""
        settings = dict.fromkeys(r.setting for r in self.rows if r.kind == "trial")
        entries = [LegendEntry(f"setting:{s}", setting_style(s).label,
                               marker=setting_style(s).marker) for s in settings]
        if self.diamonds:
            entries.append(LegendEntry("pooled", POOLED_LEGEND, marker="diamond"))
        return tuple(entries)


def timepoint_label(comparison) -> str:
    """A trial's mortality time point as the forest plot shows it: '28 days', 'latest reported'
    (the review's tables give the latest time point a trial reported), or 'time point not
    stated'. Nothing is inferred beyond what the evidence says."""
    trial = comparison.trial
    if trial["mortality_timepoint_days"] is not None:
        return f"{trial['mortality_timepoint_days']} days"
    text = (trial["mortality_timepoint_text"] or "").lower()
    if text.startswith("latest reported") or "latest time point" in text:
        return "latest reported"
    return "time point not stated"


def _counts_text(c) -> str:
    return (f"{c.events_treatment}/{c.n_treatment} vs {c.events_control}/{c.n_control}")


def forest_chart(evidence, settings: Iterable[str] | None = None,
                 design_setting: str | None = None) -> ForestChart:
    """The forest plot of mortality risk ratios (treatment vs control) per trial with 95% CIs,
    grouped by setting, with the DerSimonian-Laird pooled estimate of each setting as a diamond.
    Trials without an estimate (no deaths in either arm, no arm-level counts, single arm) are
    listed with the reason, not plotted. ``settings`` limits the settings shown;
    ``design_setting`` (a design's population setting) marks that setting's heading."""
    from models.evidence.risk import POOLING_METHOD

    wanted = None if settings is None else set(settings)
    comparisons = [c for c in evidence.risk_ratios()
                   if wanted is None or c.trial.setting in wanted]
    pooled = evidence.pooled_by_setting()
    rows: list[ForestRow] = []
    diamonds: list[PooledDiamond] = []
    not_plotted: list[NotPlottedItem] = []
    y = 0.0
    order = [*SETTINGS, *sorted({c.trial.setting for c in comparisons} - set(SETTINGS))]
    for setting in order:
        group = [c for c in comparisons if c.trial.setting == setting]
        estimable = [c for c in group if c.estimate is not None]
        # Trials with no deaths in either arm first: the product spec names them.
        for c in sorted((c for c in group if c.estimate is None),
                        key=lambda c: (not (c.events_treatment == 0 and c.events_control == 0),
                                       c.trial.label)):
            not_plotted.append(NotPlottedItem(c.trial.label + _user(c.trial), c.reason_not_pooled,
                                              setting, c.trial.id))
        if not estimable:
            continue
        # Headings in capitals: an axis label cannot be bold, and they must stand out.
        heading = setting_style(setting).label.upper() + \
            (DESIGN_SETTING_MARK if setting == design_setting else "")
        rows.append(ForestRow("heading", y, heading, setting))
        y -= 1
        for c in estimable:
            timepoint = timepoint_label(c)
            timepoint_disputes = evidence.discrepancies(trial=c.trial.id,
                                                        field="mortality_timepoint")
            disputed = c.counts_disputed or bool(timepoint_disputes)
            corrected = bool(c.estimate.correction)
            marks = (DISPUTED_MARK if disputed else "") + (CORRECTED_MARK if corrected else "")
            rows.append(ForestRow(
                "trial", y, f"{c.trial.label}{_user(c.trial)}{marks} · {timepoint}", setting,
                f"{format_risk_ratio_ci(c.estimate.rr, c.estimate.ci_low, c.estimate.ci_high)}"
                f"   {_counts_text(c)}",
                c.estimate.rr, c.estimate.ci_low, c.estimate.ci_high, timepoint, c.trial.id,
                c.trial.user_supplied, disputed, corrected,
                tuple(_disagreement_text(d) for d in (*c.disagreements,
                                                     *timepoint_disputes))))
            y -= 1
        estimate = pooled.get(setting)
        if estimate is not None and estimate.rr is not None:
            i2 = format_percent(estimate.i2)
            rows.append(ForestRow(
                "pooled", y, f"Pooled, {setting_style(setting).label} (k = {estimate.k})",
                setting,
                f"{format_risk_ratio_ci(estimate.rr, estimate.ci_low, estimate.ci_high)}"
                f"   I² {i2}, τ² {format_number(estimate.tau2, 2)}",
                estimate.rr, estimate.ci_low, estimate.ci_high))
            diamonds.append(PooledDiamond(setting, y, estimate.rr, estimate.ci_low,
                                          estimate.ci_high, estimate.k, estimate.tau2,
                                          estimate.i2, estimate.caveats))
            y -= 1
        elif estimate is not None and estimate.note:
            not_plotted.append(NotPlottedItem(f"Pooled, {setting_style(setting).label}",
                                              estimate.note, setting))
        y -= 0.5      # a little air between settings
    values = [v for r in rows for v in (r.ci_low, r.ci_high) if v is not None]
    low = min([*values, 0.5]) / 1.25
    high = max([*values, 2.0]) * 1.25
    x_axis = Axis("Risk ratio of death, cell product vs control, with 95% CI (log scale; "
                  "below 1 favours the cell product)", low, high, log=True,
                  ticks=log_ticks(low, high, FOREST_TICK_MANTISSAS))
    notes = ["Risk ratios by the log method; 0.5 is added to every cell of a trial with a zero "
             "cell; a trial with no deaths in either arm is listed, not pooled."]
    if any(r.disputed for r in rows):
        notes.append(f"{DISPUTED_MARK} sources disagree on this trial's mortality counts or time "
                     "point; the published table's figures are used (see the trials table).")
    if any(r.corrected for r in rows):
        notes.append(f"{CORRECTED_MARK} 0.5 added to every cell (a zero cell).")
    notes.append("Time points differ between trials; the review's tables give the latest time "
                 "point each trial reported.")
    for setting, estimate in pooled.items():
        if estimate.sensitivity:
            notes.append(f"Sensitivity, {setting_style(setting).label}: " + "; ".join(
                p.text() for p in estimate.sensitivity) + ".")
    return ForestChart(tuple(rows), tuple(diamonds), 1.0, x_axis, tuple(not_plotted),
                       tuple(notes), POOLING_METHOD)


def _disagreement_text(discrepancy: Discrepancy) -> str:
    """'used 2/20 (10%) vs 4/10 (40%); the other sources give 25% vs 45% at 28 days'."""
    others = "; ".join(a.value for a in discrepancy.alternatives)
    return f"used {discrepancy.used.value}; the other sources give {others}"


def _user(trial: TrialRecord) -> str:
    return " (user)" if trial.user_supplied else ""
