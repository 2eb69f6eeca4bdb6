"""The evidence view's trials table as plain data: its columns (``TABLE_COLUMNS``, the
``DEFAULT_TABLE_COLUMNS`` shown first, the ``FILTER_COLUMNS``) and their titles, each cell's text
with its provenance mark (``table_cell_text``, ``trial_row_name``, ``MARKS``, ``MARK_LEGEND``),
where a value comes from and which sources disagree about it (``cell_provenance``), and the
filters and sort keys. The Qt table model (ui/trials_model.py), the detail pane and the tests all
read the table from here. Pure Python, no Qt.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterable

from models.evidence.comparison import TISSUE_LABELS
from models.evidence.provenance import Discrepancy, FieldProvenance, Source, load_sources
from models.evidence.record import PRODUCT_LABELS, SETTING_LABELS, TrialRecord
from models.evidence.schema import (
    COLUMNS,
    GROUP_COLUMNS,
    QUALIFIER_COLUMNS,
)
from models.formatting import format_number, format_power_of_ten

COLUMN_TITLES: dict[str, str] = {
    "row_id": "Id", "short_name": "Trial", "arm_label": "Arm", "setting": "Setting",
    "first_author": "First author", "year": "Year", "registry_id": "Registry id",
    "status": "Status", "table_ref": "Listed in", "randomized": "Randomized",
    "allocation_ratio": "Allocation", "n_active": "n active", "n_control": "n control",
    "n_total": "n total", "n_planned": "n planned", "product": "Product",
    "product_kind": "Product kind", "tissue_source": "Tissue source",
    "dose_value": "Dose", "dose_unit": "Dose unit", "dose_particles": "EV particles per dose",
    "dose_text": "Dose as reported", "n_doses": "Administrations",
    "interval_hours": "Interval (h)", "timing_window_hours": "Enrolment window (h)",
    "control_type": "Control", "steroid_pct": "Steroids (%)",
    "mortality_active_events": "Deaths, active", "mortality_active_n": "n, active (deaths)",
    "mortality_active_pct": "Mortality, active (%)",
    "mortality_control_events": "Deaths, control", "mortality_control_n": "n, control (deaths)",
    "mortality_control_pct": "Mortality, control (%)",
    "mortality_timepoint_days": "Mortality at (days)",
    "mortality_timepoint_text": "Mortality time point", "user_supplied": "Origin",
}
TABLE_COLUMNS: tuple[str, ...] = ("short_name", "arm_label", "user_supplied",
                                  *(c for c in COLUMNS if c not in ("short_name", "arm_label")))
# Shown unless the user asks for more: what an investigator compares first.
# The trial's name heads each row (trial_row_name), so its columns start hidden.
DEFAULT_TABLE_COLUMNS: tuple[str, ...] = (
    "user_supplied", "setting", "year", "status", "product_kind",
    "tissue_source", "n_active", "n_control", "dose_text", "n_doses", "control_type",
    "mortality_active_events", "mortality_active_n", "mortality_control_events",
    "mortality_control_n", "mortality_timepoint_days",
)
FILTER_COLUMNS: tuple[str, ...] = ("setting", "product_kind", "tissue_source")
VALUE_LABELS: dict[str, dict[str, str]] = {
    "setting": SETTING_LABELS, "product_kind": PRODUCT_LABELS, "tissue_source": TISSUE_LABELS,
}
PERCENT_COLUMNS = frozenset({"steroid_pct", "mortality_active_pct", "mortality_control_pct"})
STATUS_WORDS = {
    "verified": "verified against the sources named",
    "seed": "from the review's running text only, not confirmed elsewhere",
    "uncertain": "uncertain: sources conflict, the value is derived, or it comes from a "
                 "secondary source only",
    "unknown": "not available; nothing is guessed",
}
DISPUTED = "disputed"
UNCERTAIN = "uncertain"
MARKS = {DISPUTED: "≠", UNCERTAIN: "?"}
MARK_LEGEND = (f"{MARKS[DISPUTED]} sources disagree · {MARKS[UNCERTAIN]} uncertain · "
               "(user) user-supplied trial")


def column_title(column: str) -> str:
    return COLUMN_TITLES.get(column) or column.replace("_", " ").capitalize()


def value_text(column: str, value: Any) -> str:
    """A table cell's value as text (empty when not available: nothing is filled in)."""
    if column == "user_supplied":
        return "user-supplied" if value else "bundled"
    if value is None:
        return ""
    if column in VALUE_LABELS:
        return VALUE_LABELS[column].get(value, value)
    if column in ("dose_value", "dose_particles"):
        return format_power_of_ten(value)
    if column in PERCENT_COLUMNS:
        return f"{format_number(value, 1)}%"
    if isinstance(value, float):
        return format_number(value)
    if isinstance(value, int):
        return str(value)
    text = str(value)
    return text.replace("_", " ") if column in ("status", "control_type", "dose_unit", "route",
                                                "weight_basis", "table_ref") else text


def table_value(trial: TrialRecord, column: str) -> Any:
    return trial.user_supplied if column == "user_supplied" else trial[column]


def table_cell_text(trial: TrialRecord, column: str) -> str:
    """The cell as the evidence view shows it, its provenance mark first (a narrow column cuts
    the end of a text, never its start)."""
    text = value_text(column, table_value(trial, column))
    if column == "short_name" and trial.user_supplied:
        text += " (user)"
    mark = cell_provenance(trial, column).mark
    return f"{MARKS[mark]} {text}" if mark and text else text


def trial_row_name(trial: TrialRecord) -> str:
    """The row heading of a trial: its name and arm, marked when user-supplied and when
    sources disagree on something about the trial as a whole."""
    mark = cell_provenance(trial, "short_name").mark
    return (trial.label + (" (user)" if trial.user_supplied else "")
            + (f" {MARKS[mark]}" if mark else ""))


def _discrepancy_columns(discrepancy: Discrepancy) -> tuple[str, ...]:
    """The columns a disagreement is about (its field is a verification key or a column); a
    disagreement about nothing in the table (the baseline balance, the number of sites) belongs
    to the trial as a whole and is shown on its name."""
    if discrepancy.field in QUALIFIER_COLUMNS and QUALIFIER_COLUMNS[discrepancy.field]:
        return QUALIFIER_COLUMNS[discrepancy.field]
    if discrepancy.field in GROUP_COLUMNS and GROUP_COLUMNS[discrepancy.field]:
        return GROUP_COLUMNS[discrepancy.field]
    if discrepancy.field in COLUMNS:
        return (discrepancy.field,)
    return ("short_name",)


@dataclass(frozen=True)
class CellProvenance:
    """Where a table value comes from: its verification status and sources, and the
    disagreements between sources about it (each with the value used and the alternatives)."""

    status: FieldProvenance | None
    discrepancies: tuple[Discrepancy, ...]
    sources: tuple[Source, ...]      # the status' sources, described (unknown keys left out)

    @property
    def mark(self) -> str:
        """DISPUTED, UNCERTAIN or '' (verified, from the review, or not recorded)."""
        if self.discrepancies:
            return DISPUTED
        if self.status is not None and self.status.status == "uncertain":
            return UNCERTAIN
        return ""

    def lines(self) -> list[str]:
        """The provenance in words, one statement per line (tooltips, the detail pane)."""
        lines = []
        if self.status is None:
            if not self.discrepancies:
                lines.append("Provenance: not recorded for this value.")
        else:
            lines.append(f"Status: {STATUS_WORDS[self.status.status]}.")
            for source in self.sources:
                lines.append(f"Source {source.key}: {source.what}.")
            missing = [k for k in self.status.sources if k not in {s.key for s in self.sources}]
            if missing:
                lines.append("Source keys without a description: " + ", ".join(missing) + ".")
        for d in self.discrepancies:
            lines.append(f"Sources disagree: {d.summary}")
            lines.append(f"Used: {d.used.value} ({', '.join(d.used.sources)}).")
            for alternative in d.alternatives:
                lines.append(f"Alternative: {alternative.value} "
                             f"({', '.join(alternative.sources)}).")
            lines.append(f"Why the used value: {d.rule}")
        return lines


def cell_provenance(trial: TrialRecord, column: str) -> CellProvenance:
    from models.evidence.provenance import discrepancies

    if column == "user_supplied":
        return CellProvenance(None, (), ())
    status = trial.column_provenance(column)
    found = tuple(d for d in discrepancies(trial=trial.id)
                  if column in _discrepancy_columns(d))
    known = load_sources()
    sources = tuple(known[k] for k in (status.sources if status else ()) if k in known)
    return CellProvenance(status, found, sources)


def filter_choices(trials: Iterable[TrialRecord], column: str) -> list[tuple[str, str]]:
    """(value, label) for a filter on ``column``: the values present, in a stable order."""
    values = {t[column] for t in trials if t[column] is not None}
    labels = VALUE_LABELS.get(column, {})
    ordered = [v for v in labels if v in values] + sorted(values - set(labels))
    return [(v, labels[v] if v in labels else v) for v in ordered]


def trial_matches(trial: TrialRecord, filters: dict[str, str | None]) -> bool:
    """Whether a trial passes the evidence view's filters (column -> value; None = any)."""
    return all(value is None or trial[column] == value for column, value in filters.items())


def sort_key(trial: TrialRecord, column: str) -> tuple:
    """Sort numbers as numbers and text as text; values not available sort last."""
    value = table_value(trial, column)
    if value is None:
        return (2, 0, "")
    if isinstance(value, bool):
        return (0, int(value), "")
    if isinstance(value, (int, float)):
        return (0, float(value), "")
    return (1, 0, value_text(column, value).casefold())
