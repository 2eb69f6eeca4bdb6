"""The fields added with design format 3 (docs/design-format-v3.md), built into the page where each
belongs: the release specification (Product), time zero (Dose and regimen), eligibility and
consent (Population), stratification and concomitant care (Control and care), the core outcome
set and pooling (Endpoints), long-term safety and the DSMB charter (Follow-up). One module so
that the pages stay small; each function adds one group to its page."""

from __future__ import annotations



def add_release(page):
    """Product: the lot-release specification."""
    r = "product.release."
    group, form = page.section("Release specification (every lot)")
    page.field(form, r + "potency_matrix")
    page.field(form, r + "potency_lot_release")
    page.field(form, r + "dose_basis")
    for name in ("sterility", "mycoplasma", "lot_traceability"):
        page.field(form, r + name)
    page.field(form, r + "endotoxin_max_eu_per_kg")
    page.field(form, r + "dmso_max_pct")
    page.field(form, r + "identity_markers")
    return group


def add_time_zero(page):
    """Dose and regimen: time zero and the never-dosed plan."""
    d = "dosing."
    _, form = page.section("Time zero")
    page.field(form, d + "randomisation_to_dose_max_hours")
    page.field(form, d + "predose_stability")
    page.field(form, d + "not_dosed_plan")


def add_eligibility(page):
    """Population: time from intubation, pregnancy, ECMO, consent and explicit enrichment."""
    p = "population."
    _, form = page.section("Further eligibility and consent")
    page.field(form, p + "max_hours_from_intubation")
    page.field(form, p + "pregnancy")
    page.field(form, p + "ecmo_at_baseline")
    page.field(form, p + "consent_model")
    page.field(form, p + "enrichment")
    page.field(form, p + "enrichment_criteria")


def add_concomitant_care(page, form):
    """Control and care: the five policies, on the best-current-care form."""
    for name in ("corticosteroids", "neuromuscular_blockade", "prone_positioning", "ecmo"):
        page.field(form, "care." + name)
    page.field(form, "care.peep_strategy")


def add_stratification(page, form):
    page.field(form, "control.stratification_factors")


def add_outcome_set(page):
    """Endpoints: the core outcome set, co-primary endpoints and the pooling horizon."""
    e = "endpoints."
    _, form = page.section("Core outcome set and pooling")
    page.field(form, e + "core_outcomes")
    page.field(form, e + "co_primary")
    page.field(form, e + "co_primary_rule")
    page.field(form, e + "pooling_mortality_days")


def add_long_term_safety(page, follow_up_form, safety_form):
    """Follow-up: how cancers and fibrosis are detected; Safety: the DSMB charter."""
    f = "follow_up."
    page.field(follow_up_form, f + "post_discharge_measures")
    page.field(follow_up_form, f + "malignancy_detection")
    page.field(follow_up_form, f + "baseline_cancer_history")
    page.field(follow_up_form, f + "fibrosis_imaging_months")
    page.field(safety_form, "safety.dsmb_charter")
    page.field(safety_form, "safety.safety_stopping_rule")
