"""The rules added with design format 3 (issue 15): each fires on the design it is about, with its
fields and its "not specified" flag (silence on the complete core-protocol design is checked for
every rule in tests/test_rules_base.py). Messages are checked where they carry values; the texts
themselves are data in rules.toml."""

from __future__ import annotations

from rule_helpers import (
    ADVICE,
    DELETE,
    ERROR,
    WARNING,
    assert_silent,
    base_design,
    check,
    findings_for,
    mapc_base,
    mutate,
)

REL = "product.release"


# --- A: release ---------------------------------------------------------------------------------

def test_a11_release_tests():
    f = check(mutate({f"{REL}.sterility": False, f"{REL}.endotoxin_max_eu_per_kg": DELETE}),
              "A-11", WARNING, (f"{REL}.sterility", f"{REL}.endotoxin_max_eu_per_kg"), False)
    assert f.message.endswith("Not yet in the release specification: sterility, an endotoxin limit.")
    check(mutate({REL: DELETE}), "A-11", WARNING,
          tuple(f"{REL}.{n}" for n in ("sterility", "mycoplasma", "endotoxin_max_eu_per_kg",
                                       "lot_traceability")), True)


def test_a12_potency_matrix():
    check(mutate({f"{REL}.potency_matrix": DELETE}), "A-12", WARNING, (f"{REL}.potency_matrix",), True)
    check(mutate({f"{REL}.potency_lot_release": False}), "A-12", WARNING,
          (f"{REL}.potency_lot_release",), False)
    f = check(mutate({f"{REL}.potency_lot_release": DELETE}), "A-12", WARNING,
              (f"{REL}.potency_lot_release",), True)
    assert any("Potency Assurance" in e.source and "2023" in e.source for e in f.evidence)


def test_a13_viable_dose():
    check(mutate({f"{REL}.dose_basis": "total_cells"}), "A-13", WARNING, (f"{REL}.dose_basis",), False)
    check(mutate({f"{REL}.dose_basis": DELETE}), "A-13", WARNING, (f"{REL}.dose_basis",), True)


def test_a14_dmso_only_for_cryopreserved_cells():
    check(mutate({f"{REL}.dmso_max_pct": DELETE}), "A-14", ADVICE, (f"{REL}.dmso_max_pct",), True)
    assert_silent(mutate({f"{REL}.dmso_max_pct": DELETE, "product.cryopreserved": False}), "A-14")


def test_a15_mapc_identity_markers():
    assert_silent(mutate({}, mapc_base()), "A-15")
    check(mutate({f"{REL}.identity_markers": DELETE}, mapc_base()), "A-15", WARNING,
          (f"{REL}.identity_markers",), True)
    assert_silent(mutate({f"{REL}.identity_markers": DELETE}), "A-15")   # MSCs: the ISCT panel


# --- B: time zero and schedules -----------------------------------------------------------------

def test_b11_time_zero():
    check(mutate({"dosing.randomisation_to_dose_max_hours": DELETE,
                  "population.max_hours_from_intubation": DELETE}), "B-11", WARNING,
          ("dosing.randomisation_to_dose_max_hours", "population.max_hours_from_intubation"), True)
    check(mutate({"dosing.predose_stability": DELETE}), "B-11", WARNING,
          ("dosing.predose_stability",), True)
    # Time from intubation matters only when intubated patients are eligible.
    assert_silent(mutate({"population.max_hours_from_intubation": DELETE,
                          "population.respiratory_support": ["high_flow_nasal_oxygen"],
                          "population.definition": "global_2024",
                          "population.hfno_flow_min": 30}), "B-11")


def test_b12_never_dosed_plan():
    check(mutate({"dosing.not_dosed_plan": DELETE}), "B-12", WARNING, ("dosing.not_dosed_plan",), True)
    f = check(mutate({"control.blinding": "open"}), "B-12", WARNING,
              ("dosing.not_dosed_plan", "control.blinding"), False)
    assert f.message.startswith("The trial is open-label")
    assert_silent(mutate({"control.blinding": "open",
                          "dosing.not_dosed_plan": "analysed_as_randomised"}), "B-12")


def test_b13_irregular_schedule():
    arm = "dosing.arms[0]"
    base = {f"{arm}.schedule": "irregular", f"{arm}.interval_hours": DELETE}
    found = findings_for(mutate(base), "B-13")
    assert [(f.fields, f.not_specified, f.arm) for f in found] == \
        [((f"{arm}.dose_times_hours",), True, 0)]
    assert_silent(mutate({**base, f"{arm}.dose_times_hours": [0, 72]}), "B-13")
    # Bowdish 2023: doses 3 to 5 days apart. Wrong count or not starting at 0 is a stated problem.
    for times in ([0, 72, 168], [24, 96], [0, 0]):
        (f,) = findings_for(mutate({**base, f"{arm}.dose_times_hours": times}), "B-13")
        assert not f.not_specified and f.fields[1] == f"{arm}.administrations"
    # B-6 does not ask an irregular arm for an interval, and B-9 uses its own times.
    assert_silent(mutate({**base, f"{arm}.dose_times_hours": [0, 72]}), "B-6")
    assert findings_for(mutate({**base, f"{arm}.dose_times_hours": [0, 200]}), "B-9")


# --- C: eligibility and consent -----------------------------------------------------------------

def test_c17_low_flow_oxygen():
    support = ["invasive_ventilation", "low_flow_oxygen"]
    check(mutate({"population.respiratory_support": support}), "C-17", ERROR,
          ("population.respiratory_support", "population.definition"), False)
    assert_silent(mutate({"population.respiratory_support": support,
                          "population.definition": "global_2024_resource_limited",
                          "population.sf_ratio_max": 315}), "C-17")


def test_c18_pregnancy_and_ecmo():
    check(mutate({"population.pregnancy": DELETE, "population.ecmo_at_baseline": DELETE}), "C-18",
          ADVICE, ("population.pregnancy", "population.ecmo_at_baseline"), True)
    assert_silent(mutate({"population.ecmo_at_baseline": "eligible"}), "C-18")


def test_c19_consent():
    check(mutate({"population.consent_model": DELETE}), "C-19", WARNING,
          ("population.consent_model",), True)
    f = check(mutate({"population.consent_model": ["patient"]}), "C-19", WARNING,
              ("population.consent_model", "population.respiratory_support"), False)
    assert "surrogate" in f.message
    assert_silent(mutate({"population.consent_model": ["patient", "surrogate"]}), "C-19")


# --- D: concomitant care ------------------------------------------------------------------------

def test_d4_phase_3_with_only_the_steroid_policy_is_flagged():
    # Issue 15: a phase 3 design that records only its corticosteroid policy.
    design = mutate({"care.peep_strategy": DELETE, "care.neuromuscular_blockade": DELETE,
                     "care.prone_positioning": DELETE, "care.ecmo": DELETE})
    assert design.statistics.phase.value == "3" and design.care.corticosteroids is not None
    f = check(design, "D-4", WARNING, ("care.peep_strategy", "care.neuromuscular_blockade",
                                       "care.prone_positioning", "care.ecmo"), True)
    assert f.message.endswith("Not yet stated: PEEP strategy, neuromuscular blockade, prone "
                              "positioning, ECMO.")
    check(mutate({"care.ecmo": "not_addressed"}), "D-4", WARNING, ("care.ecmo",), False)
    assert_silent(mutate({"care.ecmo": DELETE, "statistics.phase": "2a"}), "D-4")


def test_d5_corticosteroids_prohibited():
    f = check(mutate({"care.corticosteroids": "prohibited"}), "D-5", WARNING,
              ("care.corticosteroids",), False)
    assert any("ATS" in e.source and "2024" in e.source for e in f.evidence)


def test_d6_stratification():
    check(mutate({"control.stratification_factors": DELETE}), "D-6", ADVICE,
          ("control.stratification_factors",), True)
    assert_silent(mutate({"control.stratification_factors": DELETE, "statistics.phase": "1"}), "D-6")


def test_d7_prone_positioning_stated_two_ways():
    # The core-protocol example protocolises prone positioning and lists it among its elements.
    elements = ["lung_protective_ventilation", "conservative_fluids"]
    f = check(mutate({"care.elements": elements}), "D-7", WARNING,
              ("care.prone_positioning", "care.elements"), False)
    assert "prone positioning is protocolised, but not among the protocolised" in f.message
    f = check(mutate({"care.prone_positioning": "recorded"}), "D-7", WARNING,
              ("care.prone_positioning", "care.elements"), False)
    assert "its policy is recorded" in f.message
    assert_silent(mutate({"care.elements": elements, "care.prone_positioning": "recorded"}),
                  "D-7")
    assert_silent(mutate({"care.elements": DELETE}), "D-7")   # only decided fields disagree


def test_d7_standardised_immunomodulators_with_corticosteroids_only_recorded():
    f = check(mutate({"care.corticosteroids": "recorded"}), "D-7", WARNING,
              ("care.immunomodulators", "care.corticosteroids"), False)
    assert "corticosteroid policy is recorded" in f.message
    assert_silent(mutate({"care.corticosteroids": "recorded", "care.immunomodulators": "recorded"}),
                  "D-7")
    assert_silent(mutate({"care.corticosteroids": "prohibited"}), "D-7")


# --- E: pooling ---------------------------------------------------------------------------------

def test_e10_pooling_horizon():
    check(mutate({"endpoints.pooling_mortality_days": DELETE}), "E-10", ADVICE,
          ("endpoints.pooling_mortality_days",), True)
    f = check(mutate({"endpoints.pooling_mortality_days": 90}), "E-10", ADVICE,
              ("endpoints.pooling_mortality_days",), False)
    assert f.message == ("The pooling horizon is day 90, but no mortality endpoint is reported at "
                         "that day. Add all-cause mortality at day 90.")
    assert_silent(mutate({"endpoints.pooling_mortality_days": 28}), "E-10")


def test_e11_co_primary():
    check(mutate({"endpoints.co_primary": ["ventilator_free_days"]}), "E-11", WARNING,
          ("endpoints.co_primary_rule",), True)
    assert_silent(mutate({"endpoints.co_primary": ["ventilator_free_days"],
                          "endpoints.co_primary_rule": "all_must_succeed"}), "E-11")


def test_e12_post_discharge_measures():
    f = check(mutate({"follow_up.post_discharge_measures": ["eq_5d", "six_minute_walk"]}), "E-12",
              ADVICE, ("follow_up.post_discharge_measures",), False)
    assert f.message.endswith("Not yet planned: HADS, IES-R.")
    check(mutate({"follow_up.post_discharge_measures": DELETE}), "E-12", ADVICE,
          ("follow_up.post_discharge_measures",), True)
    assert_silent(mutate({"follow_up.post_discharge_measures": DELETE,
                          "follow_up.functional_outcomes": False}), "E-12")


# --- G: long-term safety and the DSMB -----------------------------------------------------------

def test_g6_g7_malignancy():
    check(mutate({"follow_up.malignancy_detection": DELETE}), "G-6", WARNING,
          ("follow_up.malignancy_detection",), True)
    check(mutate({"follow_up.baseline_cancer_history": False}), "G-7", ADVICE,
          ("follow_up.baseline_cancer_history",), False)
    off = {"follow_up.malignancy_surveillance": False, "follow_up.malignancy_detection": DELETE,
           "follow_up.baseline_cancer_history": DELETE}
    assert_silent(mutate(off), "G-6")
    assert_silent(mutate(off), "G-7")


def test_g8_fibrosis_schedule():
    check(mutate({"follow_up.fibrosis_imaging_months": DELETE}), "G-8", ADVICE,
          ("follow_up.fibrosis_imaging_months",), True)
    assert_silent(mutate({"follow_up.fibrosis_imaging_months": DELETE,
                          "follow_up.fibrosis_assessment": False}), "G-8")


def test_g9_dsmb_charter():
    check(mutate({"safety.dsmb_charter": DELETE}), "G-9", WARNING, ("safety.dsmb_charter",), True)
    check(mutate({"safety.dsmb_charter": ["independent_members", "efficacy_stopping_rule"]}),
          "G-9", WARNING, ("safety.dsmb_charter",), False)
    check(mutate({"safety.safety_stopping_rule": DELETE}), "G-9", WARNING,
          ("safety.safety_stopping_rule",), True)


def test_g10_charter_follows_the_group_sequential_plan():
    no_efficacy = ["independent_members", "safety_stopping_rule"]
    f = check(mutate({"safety.dsmb_charter": no_efficacy}), "G-10", WARNING,
              ("safety.dsmb_charter", "statistics.interim_analyses"), False)
    assert "group-sequential boundaries" in f.message
    f = check(mutate({"statistics.interim_analyses": 0, "statistics.group_sequential": DELETE}),
              "G-10", WARNING, ("safety.dsmb_charter", "statistics.interim_analyses"), False)
    assert "no interim analysis" in f.message
    f = check(mutate({"statistics.group_sequential.futility": "beta_ld_obf"}), "G-10", WARNING,
              ("safety.dsmb_charter", "statistics.group_sequential.futility"), False)
    assert "futility" in f.message


# --- applicability (the PDF and the review leave out blank fields that do not apply) ------------

def test_format3_fields_apply_only_where_they_mean_something():
    from models.applicability import applies

    msc = base_design()
    assert not applies(msc, "product.release.identity_markers")      # MSCs: the ISCT panel
    assert applies(mutate({}, mapc_base()), "product.release.identity_markers")
    assert applies(msc, "product.release.dmso_max_pct")
    assert not applies(mutate({"product.cryopreserved": False}), "product.release.dmso_max_pct")
    assert not applies(msc, "dosing.arms[0].dose_times_hours")
    irregular = mutate({"dosing.arms[0].schedule": "irregular",
                        "dosing.arms[0].interval_hours": DELETE})
    assert applies(irregular, "dosing.arms[0].dose_times_hours")
    assert not applies(irregular, "dosing.arms[0].interval_hours")
    assert not applies(msc, "endpoints.co_primary_rule")
    assert not applies(mutate({"safety.dsmb": False}), "safety.dsmb_charter")
    assert applies(msc, "safety.dsmb_charter")
