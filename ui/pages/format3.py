"""The fields added with design format 3 (docs/design-format-v3.md), built into the page where each
belongs: the release specification (Product), time zero (Dose and regimen), eligibility and
consent (Population), stratification and concomitant care (Control and care), the core outcome
set and pooling (Endpoints), long-term safety and the DSMB charter (Follow-up). One module so
that the pages stay small; each function adds one group to its page."""

from __future__ import annotations

from models.design import (
    CharterItem,
    ConcomitantPolicy,
    ConsentModel,
    CoPrimaryRule,
    CoreOutcome,
    DoseBasis,
    Eligibility,
    EndpointKind,
    EnrichmentMarker,
    MalignancyDetection,
    NotDosedPlan,
    PeepStrategy,
    PostDischargeMeasure,
    PotencyAttribute,
    StratificationFactor,
)
from ui.pages.base import prepare_check_boxes


def _checks(page, form, path, choices, columns=2):
    page.add_field(form, path, prepare_check_boxes(
        page.binder.choice_set(path, choices), columns=columns))


def add_release(page):
    """Product: the lot-release specification."""
    b, r = page.binder, "product.release."
    group, form = page.section("Release specification (every lot)")
    _checks(page, form, r + "potency_matrix", PotencyAttribute)
    page.add_field(form, r + "potency_lot_release",
                   b.flag(r + "potency_lot_release", yes="A potency test releases every lot",
                          no="No potency test at release"))
    page.add_field(form, r + "dose_basis", b.choice(r + "dose_basis", DoseBasis))
    for name in ("sterility", "mycoplasma", "lot_traceability"):
        page.add_field(form, r + name, b.flag(r + name, yes="Yes", no="No"))
    page.add_field(form, r + "endotoxin_max_eu_per_kg",
                   b.number(r + "endotoxin_max_eu_per_kg", "not decided, e.g. 0.5"))
    page.add_field(form, r + "dmso_max_pct", b.number(r + "dmso_max_pct", "not decided, e.g. 5"))
    page.add_field(form, r + "identity_markers",
                   b.text_lines(r + "identity_markers", "MAPCs: one marker per line"))
    return group


def add_time_zero(page):
    """Dose and regimen: time zero and the never-dosed plan."""
    b, d = page.binder, "dosing."
    _, form = page.section("Time zero")
    page.add_field(form, d + "randomisation_to_dose_max_hours",
                   b.number(d + "randomisation_to_dose_max_hours", "not decided, e.g. 6"))
    page.add_field(form, d + "predose_stability",
                   b.text(d + "predose_stability", "e.g. no rise in vasopressors in the past 2 h"))
    page.add_field(form, d + "not_dosed_plan",
                   b.choice(d + "not_dosed_plan", NotDosedPlan))


def add_eligibility(page):
    """Population: time from intubation, pregnancy, ECMO, consent and explicit enrichment."""
    b, p = page.binder, "population."
    _, form = page.section("Further eligibility and consent")
    page.add_field(form, p + "max_hours_from_intubation",
                   b.number(p + "max_hours_from_intubation", "not decided, e.g. 72"))
    page.add_field(form, p + "pregnancy", b.choice(p + "pregnancy", Eligibility))
    page.add_field(form, p + "ecmo_at_baseline",
                   b.choice(p + "ecmo_at_baseline", Eligibility))
    _checks(page, form, p + "consent_model", ConsentModel, columns=3)
    _checks(page, form, p + "enrichment", EnrichmentMarker)
    page.add_field(form, p + "enrichment_criteria",
                   b.text(p + "enrichment_criteria", "e.g. CRP of at least 100 mg/L"))


def add_concomitant_care(page, form):
    """Control and care: the five policies, on the best-current-care form."""
    b = page.binder
    for name in ("corticosteroids", "neuromuscular_blockade", "prone_positioning", "ecmo"):
        page.add_field(form, "care." + name,
                       b.choice("care." + name, ConcomitantPolicy))
    page.add_field(form, "care.peep_strategy",
                   b.choice("care.peep_strategy", PeepStrategy))


def add_stratification(page, form):
    _checks(page, form, "control.stratification_factors", StratificationFactor, columns=4)


def add_outcome_set(page):
    """Endpoints: the core outcome set, co-primary endpoints and the pooling horizon."""
    b, e = page.binder, "endpoints."
    _, form = page.section("Core outcome set and pooling")
    _checks(page, form, e + "core_outcomes", CoreOutcome, columns=3)
    _checks(page, form, e + "co_primary", EndpointKind, columns=3)
    page.add_field(form, e + "co_primary_rule",
                   b.choice(e + "co_primary_rule", CoPrimaryRule))
    page.add_field(form, e + "pooling_mortality_days",
                   b.number(e + "pooling_mortality_days", "not decided, e.g. 90"))


def add_long_term_safety(page, follow_up_form, safety_form):
    """Follow-up: how cancers and fibrosis are detected; Safety: the DSMB charter."""
    b, f = page.binder, "follow_up."
    _checks(page, follow_up_form, f + "post_discharge_measures", PostDischargeMeasure, columns=3)
    _checks(page, follow_up_form, f + "malignancy_detection", MalignancyDetection)
    page.add_field(follow_up_form, f + "baseline_cancer_history",
                   b.flag(f + "baseline_cancer_history", yes="Recorded", no="Not recorded"))
    page.add_field(follow_up_form, f + "fibrosis_imaging_months",
                   b.number_list(f + "fibrosis_imaging_months", "not decided, e.g. 6, 12"))
    _checks(page, safety_form, "safety.dsmb_charter", CharterItem)
    page.add_field(safety_form, "safety.safety_stopping_rule",
                   b.text("safety.safety_stopping_rule",
                          "e.g. pause after 2 infusion-associated serious adverse events"))
