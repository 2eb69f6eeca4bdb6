"""The columns of the evidence table (trials.csv) and what each accepts.

One description serves the bundled file and the user's CSV files, so a user-supplied trial is held
to exactly the rules the bundled trials meet (a test reads the bundled file through the same
validator).
"""

from __future__ import annotations

from models.design import DoseUnit, ProductKind, Route, TissueSource, WeightBasis

# Every column, in the order of the bundled file. A user file must have exactly these columns (in
# any order): "the same columns" (README, `evidence`), and an unknown column is refused rather than
# silently dropped, as the design reader refuses an unknown field.
COLUMNS: tuple[str, ...] = (
    "row_id", "table_ref", "setting", "short_name", "arm_label", "first_author", "year",
    "ref_in_paper", "registry_id", "status", "status_date", "randomized", "allocation_ratio",
    "blinding", "blinding_text", "phase", "population_inclusion", "timing_window_hours",
    "timing_window_text", "n_active", "n_control", "n_total", "n_planned", "product",
    "product_kind", "tissue_source", "donor", "cryopreserved", "cryopreserved_text", "dose_value",
    "dose_unit", "weight_basis", "dose_particles", "dose_text", "n_doses", "interval_hours",
    "dose_schedule", "route", "control_type", "control_text", "steroid_use", "steroid_pct",
    "steroid_text", "biomarker_effect", "biomarker_detail", "ae_related_active", "ae_total_active",
    "ae_related_control", "ae_total_control", "sae_active", "sae_control", "ae_text_active",
    "ae_text_control", "ae_notation", "mortality_active_events", "mortality_active_n",
    "mortality_active_pct", "mortality_control_events", "mortality_control_n",
    "mortality_control_pct", "mortality_timepoint_days", "mortality_timepoint_text",
    "mortality_alt_sources", "primary_outcome", "primary_result", "sources", "verification",
    "discrepancy_flag", "notes",
)

REQUIRED: tuple[str, ...] = ("row_id", "setting", "short_name")

# Whole, non-negative numbers (people, events, days, doses, years).
COUNT_COLUMNS: frozenset[str] = frozenset({
    "year", "ref_in_paper", "n_active", "n_control", "n_total", "n_planned", "n_doses",
    "ae_related_active", "ae_total_active", "ae_related_control", "ae_total_control",
    "sae_active", "sae_control", "mortality_active_events", "mortality_active_n",
    "mortality_control_events", "mortality_control_n", "mortality_timepoint_days",
})
# Non-negative decimal numbers, with an upper bound where one is physical.
DECIMAL_LIMITS: dict[str, float] = {
    "timing_window_hours": 8760.0,
    "dose_value": 1e13,          # the design format's largest dose
    "dose_particles": 1e15,
    "interval_hours": 8760.0,
    "steroid_pct": 100.0,
    "mortality_active_pct": 100.0,
    "mortality_control_pct": 100.0,
}
NUMERIC_COLUMNS: frozenset[str] = COUNT_COLUMNS | frozenset(DECIMAL_LIMITS)

SETTINGS: tuple[str, ...] = ("classical", "covid19", "mixed", "gvhd")

# Closed sets: the design format's values where one exists (evidence.md, "Columns").
ALLOWED: dict[str, tuple[str, ...]] = {
    "table_ref": ("table1", "table2", "gvhd", "post_paper", "user"),
    "setting": SETTINGS,
    "status": ("published", "results_posted", "recruitment_closed", "recruiting"),
    "randomized": ("yes", "no"),
    "blinding": ("double", "single", "open"),
    "product_kind": tuple(k.value for k in ProductKind),
    "tissue_source": tuple(t.value for t in TissueSource),
    "donor": ("allogeneic", "autologous"),
    "cryopreserved": ("true", "false"),
    "dose_unit": tuple(u.value for u in DoseUnit),
    "weight_basis": tuple(w.value for w in WeightBasis),
    "route": tuple(r.value for r in Route),
    "control_type": ("placebo", "standard_care", "none"),
    "steroid_use": ("yes", "no"),
    "biomarker_effect": ("yes", "no"),
    "discrepancy_flag": ("yes", "minor", "no"),
}

# The mortality columns per arm, as (events, denominator, percentage).
MORTALITY_ARMS = {
    "treatment": ("mortality_active_events", "mortality_active_n", "mortality_active_pct"),
    "control": ("mortality_control_events", "mortality_control_n", "mortality_control_pct"),
}

# --- The verification column (evidence.md, "Verification legend") ------------------------------

STATUSES: tuple[str, ...] = ("verified", "seed", "uncertain", "unknown")

# A verification key names a group of columns ...
GROUP_COLUMNS: dict[str, tuple[str, ...]] = {
    "design": ("randomized", "allocation_ratio", "blinding", "blinding_text", "phase"),
    "population": ("population_inclusion",),
    "timing": ("timing_window_hours", "timing_window_text"),
    "n": ("n_active", "n_control", "n_total", "n_planned"),
    "product": ("product", "product_kind", "tissue_source", "donor"),
    "dose": ("dose_value", "dose_unit", "weight_basis", "dose_particles", "dose_text", "n_doses",
             "interval_hours", "dose_schedule"),
    "route": ("route",),
    "control": ("control_type", "control_text"),
    "steroid": ("steroid_use", "steroid_pct", "steroid_text"),
    "biomarker": ("biomarker_effect", "biomarker_detail"),
    "ae": ("ae_related_active", "ae_total_active", "ae_related_control", "ae_total_control",
           "sae_active", "sae_control", "ae_text_active", "ae_text_control", "ae_notation"),
    "mortality": ("mortality_active_events", "mortality_active_n", "mortality_active_pct",
                  "mortality_control_events", "mortality_control_n", "mortality_control_pct",
                  "mortality_timepoint_days", "mortality_timepoint_text",
                  "mortality_alt_sources"),
    "primary": ("primary_outcome", "primary_result"),
    "cryopreserved": ("cryopreserved", "cryopreserved_text"),
    "registry_id": ("registry_id",),
    "status": ("status", "status_date"),
    "results": (),      # the outcome values as a whole: no single column
    "setting": ("setting",),
    "ref_in_paper": ("ref_in_paper",),
    "table2_row": (),
}
# ... or qualifies a single column or value inside a group separately; the qualifier wins.
QUALIFIER_COLUMNS: dict[str, tuple[str, ...]] = {
    "phase": ("phase",),
    "blinding": ("blinding", "blinding_text"),
    "schedule": ("n_doses", "interval_hours", "dose_schedule"),
    "particles": ("dose_particles",),
    "n_total": ("n_total",),
    "n_planned": ("n_planned",),
    "biomarker_detail": ("biomarker_detail",),
    "ae_notation": ("ae_notation",),
    "mortality_timepoint": ("mortality_timepoint_days", "mortality_timepoint_text"),
    "mortality_alt": ("mortality_alt_sources",),
    "p_value": (),      # a p-value quoted inside a text column, not a column of its own
}
VERIFICATION_KEYS: frozenset[str] = frozenset(GROUP_COLUMNS) | frozenset(QUALIFIER_COLUMNS)


def keys_for_column(column: str) -> tuple[str, ...]:
    """The verification keys that may describe a column, most specific first."""
    qualifiers = tuple(k for k, cols in QUALIFIER_COLUMNS.items() if column in cols)
    groups = tuple(k for k, cols in GROUP_COLUMNS.items() if column in cols)
    return qualifiers + groups
