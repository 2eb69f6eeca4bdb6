"""Group C (population and eligibility) of the guidance rule catalogue, including sections 1.8
item 1 (silence only from a rule's own inputs), item 11 (word matching) and item 14 (oxygenation
and pressure criteria). Expected messages are the catalogue's own text."""

from __future__ import annotations

import pytest

from models.guidance import Thresholds
from rule_helpers import (
    ADVICE,
    DELETE,
    ERROR,
    WARNING,
    assert_silent,
    base_design,
    check,
    fired,
    findings_for,
    mutate,
    note,
)

P = "population"
MSG = {
    "C-1": "Name the ARDS definition and state the entry criteria: setting, forms of respiratory "
           "support, oxygenation threshold, minimum PEEP or flow, and the longest time from ARDS "
           "onset to enrolment.",
    "C-2": "A P/F limit above 300 mmHg, or PEEP below 5 cmH₂O under Berlin, is outside the named "
           "definition. Stricter subsets such as P/F ≤ 200 are fine.",
    "C-3": "Berlin requires PEEP or CPAP of at least 5 cmH₂O, so patients on HFNO do not meet it. "
           "Use the 2024 global definition for them.",
    "C-4": "Under the global definition, non-intubated patients qualify on HFNO at ≥ 30 L/min, or "
           "on NIV/CPAP with an end-expiratory pressure of ≥ 5 cmH₂O.",
    "C-5": "The global definition accepts SpO₂/FiO₂ ≤ 315, and only while SpO₂ ≤ 97%. The Berlin "
           "definition has no SpO₂/FiO₂ criterion.",
    "C-6": "The resource-limited variant drops the PEEP and flow requirements and accepts "
           "SpO₂/FiO₂ alone. Use it only where sites lack blood gases, PEEP or HFNO, because it "
           "reduces comparability with other trials.",
    "C-8": "The authors judge that further MSC trials in severe COVID-19 ARDS are not warranted at "
           "present, given other effective therapies and vaccines.",
    "C-9": "Stratify randomisation by COVID-19 status or run separate cohorts, and prespecify the "
           "COVID-19 subgroup.",
    "C-10": "Preclinical data suggest MSCs may be harmful in a profibrotic lung. Exclude late "
            "fibroproliferative ARDS, or justify including it.",
    # Format 3 (issue 15): explicit enrichment is named among the plans.
    "C-11": "Plan how responsive patients will be found: prespecified subgroups, a subphenotype "
            "strategy, explicit enrichment (for example by CRP, a CT score or a severity score), "
            "or at least a baseline blood sample for later subphenotyping.",
    "C-13": "Name the classifier (for example IL-8, bicarbonate and protein C; Sinha 2020), its "
            "probability cut-off, and how quickly its result is available before dosing. Measure "
            "its variables at baseline.",
    "C-14": "Exclude recent or active cancer and record cancer history at baseline. Otherwise, "
            "cancers found during follow-up cannot be interpreted.",
    "C-15": "Prespecify an age subgroup, for example under 65 years. So far, age signals come only "
            "from post hoc analyses.",
}
LATE_DEFAULT = "start of late (fibroproliferative) ARDS: 168 h from ARDS onset (the default)"


IMV, NIV, HFNO = "invasive_ventilation", "noninvasive_ventilation", "high_flow_nasal_oxygen"


def pop(**changes):
    """The base design with population fields changed (DELETE removes one)."""
    return mutate({f"{P}.{k}": v for k, v in changes.items()})


def global_2024(**changes):
    return pop(definition="global_2024", **changes)


# --- C-1 -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["definition", "setting", "respiratory_support",
                                  "onset_window_hours", "peep_min"])
def test_c1_each_missing_field(name):
    check(pop(**{name: DELETE}), "C-1", ERROR, (f"{P}.{name}",), True, MSG["C-1"])


def test_c1_empty_population_names_every_gap():
    design = mutate({P: {}})
    check(design, "C-1", ERROR,
          (f"{P}.definition", f"{P}.setting", f"{P}.respiratory_support", f"{P}.pf_ratio_max",
           f"{P}.sf_ratio_max", f"{P}.onset_window_hours"), True, MSG["C-1"])


def test_c1_berlin_needs_pf_and_sf_alone_also_fires_c5():
    # 1.8 item 14.
    design = pop(pf_ratio_max=DELETE, sf_ratio_max=235)
    check(design, "C-1", ERROR, (f"{P}.pf_ratio_max",), True, MSG["C-1"])
    check(design, "C-5", ERROR, (f"{P}.sf_ratio_max", f"{P}.definition"), False, MSG["C-5"])


def test_c1_global_accepts_either_ratio():
    assert_silent(global_2024(pf_ratio_max=DELETE, sf_ratio_max=235), "C-1")
    check(global_2024(pf_ratio_max=DELETE), "C-1", ERROR,
          (f"{P}.pf_ratio_max", f"{P}.sf_ratio_max"), True)


def test_c1_resource_limited_needs_sf_but_no_peep_or_flow():
    check(pop(definition="global_2024_resource_limited"), "C-1", ERROR,
          (f"{P}.sf_ratio_max",), True, MSG["C-1"])
    design = pop(definition="global_2024_resource_limited", sf_ratio_max=300,
                 respiratory_support=[IMV, NIV, HFNO], peep_min=DELETE)
    assert_silent(design, "C-1")


def test_c1_hfno_flow_required_under_global():
    check(global_2024(respiratory_support=[IMV, HFNO]), "C-1", ERROR,
          (f"{P}.hfno_flow_min",), True, MSG["C-1"])


def test_c1_hfno_flow_not_asked_under_berlin_where_c3_reports_hfno():
    design = pop(respiratory_support=[IMV, HFNO])
    assert_silent(design, "C-1")
    check(design, "C-3", ERROR, (f"{P}.definition", f"{P}.respiratory_support"), False, MSG["C-3"])


def test_c1_hfno_flow_asked_when_definition_missing():
    design = pop(definition=DELETE, respiratory_support=[HFNO])
    check(design, "C-1", ERROR, (f"{P}.definition", f"{P}.hfno_flow_min"), True)


def test_c1_peep_required_for_niv_only_support():
    check(global_2024(respiratory_support=[NIV], peep_min=DELETE), "C-1", ERROR,
          (f"{P}.peep_min",), True)
    assert_silent(global_2024(respiratory_support=[HFNO], peep_min=DELETE, hfno_flow_min=40),
                  "C-1")


def test_c1_zero_is_a_value():
    assert_silent(pop(onset_window_hours=0), "C-1")


# --- C-2 -------------------------------------------------------------------------------------------


def test_c2_pf_above_300():
    check(pop(pf_ratio_max=350), "C-2", ERROR, (f"{P}.pf_ratio_max",), False, MSG["C-2"])


@pytest.mark.parametrize("pf, fires", [(300, False), (301, True), (100, False)])
def test_c2_pf_boundary(pf, fires):
    assert len(findings_for(pop(pf_ratio_max=pf), "C-2")) == (1 if fires else 0)


def test_c2_berlin_peep_below_5_and_both_bullets():
    check(pop(peep_min=4), "C-2", ERROR, (f"{P}.peep_min",), False, MSG["C-2"])
    check(pop(peep_min=0, pf_ratio_max=400), "C-2", ERROR,
          (f"{P}.pf_ratio_max", f"{P}.peep_min"), False, MSG["C-2"])


def test_c2_peep_not_judged_outside_berlin():
    assert_silent(global_2024(peep_min=3), "C-2")


def test_c2_pf_bullet_needs_no_definition():
    # 1.8 item 1: C-2's P/F bullet fires even while C-1 reports the missing definition.
    design = pop(definition=DELETE, pf_ratio_max=350)
    check(design, "C-2", ERROR, (f"{P}.pf_ratio_max",), False, MSG["C-2"])
    check(design, "C-1", ERROR, (f"{P}.definition",), True)


def test_c2_silent_when_values_missing():
    assert_silent(pop(peep_min=DELETE, pf_ratio_max=DELETE), "C-2")


# --- C-3 -------------------------------------------------------------------------------------------


def test_c3_silent_outside_berlin_or_without_hfno():
    assert_silent(global_2024(respiratory_support=[HFNO], hfno_flow_min=30), "C-3")
    assert_silent(pop(respiratory_support=DELETE), "C-3")
    assert_silent(pop(definition=DELETE, respiratory_support=[HFNO]), "C-3")


# --- C-16 (added by issue 15: Berlin accepts CPAP/NIV only for mild ARDS) ------------------------
# Reference: ARDS Definition Task Force, JAMA 2012 (mild 200 < P/F <= 300 with PEEP or CPAP >= 5,
# "delivered noninvasively in the mild ARDS group"; moderate and severe P/F <= 200).


@pytest.mark.parametrize("pf", [200, 150, 100])
def test_c16_berlin_niv_with_moderate_or_severe_only(pf):
    design = pop(definition="berlin_2012", respiratory_support=[IMV, NIV], pf_ratio_max=pf)
    check(design, "C-16", ERROR,
          (f"{P}.definition", f"{P}.respiratory_support", f"{P}.pf_ratio_max"), False,
          "Berlin accepts CPAP or non-invasive ventilation only for mild ARDS (P/F 201–300); "
          "moderate and severe ARDS (P/F ≤ 200) require PEEP of at least 5 cmH₂O on invasive "
          f"ventilation. With P/F ≤ {pf}, no patient on NIV meets this design's definition: raise "
          "the limit to 300 for them, drop NIV, or use the 2024 global definition.")


def test_c16_silent_with_mild_ards_allowed_outside_berlin_or_without_niv():
    assert_silent(pop(definition="berlin_2012", respiratory_support=[NIV], pf_ratio_max=201),
                  "C-16")
    assert_silent(pop(definition="berlin_2012", respiratory_support=[IMV], pf_ratio_max=200),
                  "C-16")
    assert_silent(global_2024(respiratory_support=[NIV], pf_ratio_max=200), "C-16")
    # Missing pieces are C-1's to report.
    assert_silent(pop(definition="berlin_2012", respiratory_support=[NIV], pf_ratio_max=DELETE),
                  "C-16")
    assert_silent(pop(definition=DELETE, respiratory_support=[NIV], pf_ratio_max=200), "C-16")


# --- C-4 -------------------------------------------------------------------------------------------


def test_c4_hfno_flow_below_30():
    design = global_2024(respiratory_support=[IMV, HFNO], hfno_flow_min=20)
    check(design, "C-4", ERROR, (f"{P}.hfno_flow_min",), False, MSG["C-4"])


def test_c4_niv_peep_below_5_and_both():
    check(global_2024(respiratory_support=[NIV], peep_min=4), "C-4", ERROR,
          (f"{P}.peep_min",), False, MSG["C-4"])
    check(global_2024(respiratory_support=[NIV, HFNO], peep_min=4, hfno_flow_min=0), "C-4",
          ERROR, (f"{P}.hfno_flow_min", f"{P}.peep_min"), False, MSG["C-4"])


def test_c4_boundaries_and_intubated_only():
    assert_silent(global_2024(respiratory_support=[NIV, HFNO], peep_min=5, hfno_flow_min=30),
                  "C-4")
    # The global definition sets no PEEP criterion for intubated patients (1.8 item 14).
    assert_silent(global_2024(respiratory_support=[IMV], peep_min=3), "C-4")


def test_c4_only_under_global_2024():
    assert_silent(pop(definition="global_2024_resource_limited", sf_ratio_max=300,
                      respiratory_support=[NIV, HFNO], peep_min=2, hfno_flow_min=10), "C-4")
    assert_silent(pop(respiratory_support=[NIV], peep_min=4, hfno_flow_min=10), "C-4")


def test_c4_silent_when_flow_missing_c1_reports_it():
    design = global_2024(respiratory_support=[HFNO])
    assert_silent(design, "C-4")
    check(design, "C-1", ERROR, (f"{P}.hfno_flow_min",), True)


# --- C-5 -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("definition", ["global_2024", "global_2024_resource_limited"])
def test_c5_sf_above_315(definition):
    check(pop(definition=definition, sf_ratio_max=350), "C-5", ERROR, (f"{P}.sf_ratio_max",),
          False, MSG["C-5"])


def test_c5_sf_boundary_and_missing():
    assert_silent(global_2024(sf_ratio_max=315), "C-5")
    assert_silent(pop(sf_ratio_max=DELETE), "C-5")


def test_c5_any_sf_under_berlin():
    check(pop(sf_ratio_max=200), "C-5", ERROR, (f"{P}.sf_ratio_max", f"{P}.definition"), False,
          MSG["C-5"])


def test_c5_sf_above_315_without_definition():
    check(pop(definition=DELETE, sf_ratio_max=400), "C-5", ERROR, (f"{P}.sf_ratio_max",), False)


# --- C-6 -------------------------------------------------------------------------------------------


def test_c6_resource_limited_variant():
    check(pop(definition="global_2024_resource_limited", sf_ratio_max=300), "C-6", WARNING,
          (f"{P}.definition",), False, MSG["C-6"])


def test_c6_silent_for_other_definitions():
    assert_silent(global_2024(), "C-6")
    assert_silent(pop(definition=DELETE), "C-6")


# --- C-8 / C-9 -------------------------------------------------------------------------------------


@pytest.mark.parametrize("setting", ["covid19", "mixed"])
def test_c8_covid_eligible(setting):
    check(pop(setting=setting), "C-8", WARNING, (f"{P}.setting",), False, MSG["C-8"])


def test_c8_silent_for_classical_and_missing():
    assert_silent(pop(setting=DELETE), "C-8")


def test_c9_mixed_without_subgroups_is_not_specified():
    check(pop(setting="mixed", prespecified_subgroups=DELETE), "C-9", ADVICE,
          (f"{P}.prespecified_subgroups",), True, MSG["C-9"])


def test_c9_blank_subgroups_are_missing():
    check(pop(setting="mixed", prespecified_subgroups=["", "   "]), "C-9", ADVICE,
          (f"{P}.prespecified_subgroups",), True)


def test_c9_mixed_with_other_subgroups():
    # The base subgroups name age, the hyperinflammatory subphenotype and sepsis, not COVID-19.
    check(pop(setting="mixed"), "C-9", ADVICE, (f"{P}.prespecified_subgroups",), False,
          MSG["C-9"])


@pytest.mark.parametrize("entry", ["COVID-19 status", "covid19 positive", "Covid 19",
                                   "SARS-CoV-2 infection", "sars/cov/2", "non-COVID ARDS",
                                   "COVID"])
def test_c9_covid_words_match(entry):
    assert_silent(pop(setting="mixed", prespecified_subgroups=["age under 65", entry]), "C-9")


@pytest.mark.parametrize("entry", ["coronavirus pneumonia", "covidien device users",
                                   "SARS positive", "cov 2"])
def test_c9_non_matching_words(entry):
    check(pop(setting="mixed", prespecified_subgroups=[entry]), "C-9", ADVICE,
          (f"{P}.prespecified_subgroups",), False)


@pytest.mark.parametrize("setting", ["classical", "covid19"])
def test_c9_only_for_mixed_setting(setting):
    assert_silent(pop(setting=setting, prespecified_subgroups=DELETE), "C-9")


# --- C-10 ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["allowed", "not_addressed"])
def test_c10_fibroproliferative_not_excluded(value):
    check(pop(fibroproliferative=value), "C-10", WARNING, (f"{P}.fibroproliferative",), False,
          MSG["C-10"])


def test_c10_fibroproliferative_missing_is_not_specified():
    check(pop(fibroproliferative=DELETE), "C-10", WARNING, (f"{P}.fibroproliferative",), True,
          MSG["C-10"])


def test_c10_late_enrolment_window_states_threshold():
    check(pop(onset_window_hours=200), "C-10", WARNING, (f"{P}.onset_window_hours",), False,
          MSG["C-10"] + " " + note(LATE_DEFAULT))


def test_c10_missing_and_late_is_not_not_specified():
    check(pop(onset_window_hours=200, fibroproliferative=DELETE), "C-10", WARNING,
          (f"{P}.fibroproliferative", f"{P}.onset_window_hours"), False,
          MSG["C-10"] + " " + note(LATE_DEFAULT))


def test_c10_window_boundary_and_missing():
    assert_silent(pop(onset_window_hours=168), "C-10")
    design = pop(onset_window_hours=DELETE)
    assert_silent(design, "C-10")
    check(design, "C-1", ERROR, (f"{P}.onset_window_hours",), True)


def test_c10_changed_threshold():
    design = base_design()   # enrolment within 48 h
    check(design, "C-10", WARNING, (f"{P}.onset_window_hours",), False,
          MSG["C-10"] + " " + note("start of late (fibroproliferative) ARDS: 36 h from ARDS onset "
                                   "(changed from the default of 168 h from ARDS onset)"),
          thresholds=Thresholds(late_ards_hours=36))
    assert_silent(pop(onset_window_hours=200), "C-10", Thresholds(late_ards_hours=240))


def test_c10_silent_when_early_fibroproliferation_is_required_on_ct():
    # Issue 15: ONE-BRIDGE required early fibroproliferation on HRCT and enrolled within 72 h;
    # C-10 must not tell such a design to exclude fibroproliferative ARDS.
    one_bridge = pop(fibroproliferative="required_on_ct", onset_window_hours=72)
    assert_silent(one_bridge, "C-10")
    # A late enrolment window is still reported on its own.
    check(pop(fibroproliferative="required_on_ct", onset_window_hours=240), "C-10", WARNING,
          (f"{P}.onset_window_hours",), False)


# --- C-11 ------------------------------------------------------------------------------------------


def no_plan(**changes):
    """No subphenotype strategy and no prespecified subgroups; sampling as given."""
    base = {f"{P}.subphenotype": "none", f"{P}.classifier": DELETE,
            f"{P}.prespecified_subgroups": DELETE}
    base.update(changes)
    return mutate(base)


def test_c11_fires_with_stated_values():
    design = no_plan(**{"sampling.blood": False})
    check(design, "C-11", ADVICE,
          (f"{P}.subphenotype", f"{P}.prespecified_subgroups", "sampling.blood"), False,
          MSG["C-11"])


def test_c11_everything_missing_is_not_specified():
    design = no_plan(**{f"{P}.subphenotype": DELETE, "sampling.blood": DELETE})
    check(design, "C-11", ADVICE,
          (f"{P}.subphenotype", f"{P}.prespecified_subgroups", "sampling.blood"), True,
          MSG["C-11"])


def test_c11_subphenotype_missing_but_blood_false_is_not_not_specified():
    # 1.8 item 12 overrides the block's "a missing subphenotype is reported as not specified".
    design = no_plan(**{f"{P}.subphenotype": DELETE, "sampling.blood": False})
    check(design, "C-11", ADVICE,
          (f"{P}.subphenotype", f"{P}.prespecified_subgroups", "sampling.blood"), False)


def test_c11_blood_without_baseline_time_point():
    design = no_plan(**{"sampling.timepoints_days": [2, 7]})
    check(design, "C-11", ADVICE,
          (f"{P}.subphenotype", f"{P}.prespecified_subgroups", "sampling.timepoints_days"), False)


def test_c11_blood_with_time_points_missing_and_no_subphenotype_is_not_specified():
    design = no_plan(**{f"{P}.subphenotype": DELETE, "sampling.timepoints_days": DELETE})
    check(design, "C-11", ADVICE,
          (f"{P}.subphenotype", f"{P}.prespecified_subgroups", "sampling.timepoints_days"), True)


def test_c11_baseline_bal_alone_does_not_count():
    design = no_plan(**{"sampling.blood": False, "sampling.bal": True,
                        "sampling.timepoints_days": [0, 2]})
    check(design, "C-11", ADVICE,
          (f"{P}.subphenotype", f"{P}.prespecified_subgroups", "sampling.blood"), False)


@pytest.mark.parametrize("markers", [["crp"], ["ct_score"], ["severity_score", "crp"]])
def test_c11_silent_on_explicit_enrichment(markers):
    # Issue 15: a trial that enriched explicitly (CRP, a CT score, a severity score) has a plan.
    design = no_plan(**{"sampling.blood": False, f"{P}.enrichment": markers,
                        f"{P}.enrichment_criteria": "CRP of at least 100 mg/L"})
    assert_silent(design, "C-11")
    # Without the enrichment the same design is told to plan.
    check(no_plan(**{"sampling.blood": False}), "C-11", ADVICE,
          (f"{P}.subphenotype", f"{P}.prespecified_subgroups", "sampling.blood"), False)


def test_c11_any_one_plan_silences_it():
    assert_silent(no_plan(), "C-11")   # base sampling: blood on day 0
    assert_silent(no_plan(**{"sampling.blood": False, f"{P}.prespecified_subgroups": ["sepsis"]}),
                  "C-11")
    assert_silent(no_plan(**{"sampling.blood": False, f"{P}.subphenotype": "stratified",
                             f"{P}.classifier": "Sinha 2020"}), "C-11")


# --- C-12 ------------------------------------------------------------------------------------------


def test_c12_enrichment_with_prevalence():
    check(pop(subphenotype="enriched_hyperinflammatory"), "C-12", ADVICE, (f"{P}.subphenotype",),
          False,
          "This target is plausible but unproven. About 30% of patients with ARDS are "
          "hyperinflammatory, so expect to screen about 3.3 patients for each one enrolled, before "
          "other exclusions. " + note("hyperinflammatory prevalence: 30% (the default)"))


def test_c12_changed_prevalence():
    check(pop(subphenotype="enriched_hyperinflammatory"), "C-12", ADVICE, (f"{P}.subphenotype",),
          False,
          "This target is plausible but unproven. About 25% of patients with ARDS are "
          "hyperinflammatory, so expect to screen about 4 patients for each one enrolled, before "
          "other exclusions. " + note("hyperinflammatory prevalence: 25% (changed from the "
                                      "default of 30%)"),
          thresholds=Thresholds(hyperinflammatory_prevalence=0.25))


@pytest.mark.parametrize("value", ["none", "stratified", DELETE])
def test_c12_silent_otherwise(value):
    assert_silent(pop(subphenotype=value), "C-12")


# --- C-13 ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("strategy", ["stratified", "enriched_hyperinflammatory"])
def test_c13_classifier_missing(strategy):
    check(pop(subphenotype=strategy, classifier=DELETE), "C-13", WARNING, (f"{P}.classifier",),
          True, MSG["C-13"])


def test_c13_blank_classifier_is_missing():
    check(pop(classifier="  "), "C-13", WARNING, (f"{P}.classifier",), True)


@pytest.mark.parametrize("value", ["none", DELETE])
def test_c13_only_for_a_subphenotype_strategy(value):
    assert_silent(pop(subphenotype=value, classifier=DELETE), "C-13")


# --- C-14 ------------------------------------------------------------------------------------------


def test_c14_missing_and_false():
    check(pop(exclude_recent_malignancy=DELETE), "C-14", ADVICE,
          (f"{P}.exclude_recent_malignancy",), True, MSG["C-14"])
    check(pop(exclude_recent_malignancy=False), "C-14", ADVICE,
          (f"{P}.exclude_recent_malignancy",), False, MSG["C-14"])


# --- C-15 ------------------------------------------------------------------------------------------


def test_c15_subgroups_missing():
    check(pop(prespecified_subgroups=DELETE), "C-15", ADVICE, (f"{P}.prespecified_subgroups",),
          True, MSG["C-15"])


def test_c15_blank_entries_dropped_leave_missing():
    check(pop(prespecified_subgroups=[" ", ""]), "C-15", ADVICE,
          (f"{P}.prespecified_subgroups",), True)


@pytest.mark.parametrize("entry", ["stage of disease", "teenage donors", "sepsis", "page count",
                                   "agent used", "yearly review", "old patients"])
def test_c15_no_age_word(entry):
    check(pop(prespecified_subgroups=["hyperinflammatory", entry]), "C-15", ADVICE,
          (f"{P}.prespecified_subgroups",), False, MSG["C-15"])


@pytest.mark.parametrize("entry", ["AGE under 65", "aged 18-65", "Age<65", "ages 18 to 40",
                                   "65 years or older", "elderly", "older adults",
                                   "younger patients", "age-stratified", "YEARS since onset"])
def test_c15_age_words(entry):
    assert_silent(pop(prespecified_subgroups=["sepsis", entry]), "C-15")


def test_population_rules_fire_together_on_a_hybrid_definition():
    # EXTINGUISH-like hybrid: Berlin with HFNO patients and an S/F limit.
    design = pop(respiratory_support=[IMV, HFNO], sf_ratio_max=300, hfno_flow_min=30)
    assert [r for r in fired(design) if r.startswith("C")] == ["C-3", "C-5"]
