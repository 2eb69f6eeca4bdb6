"""Groups F (biological samples), G (safety and long-term follow-up) and I (core protocol) of the
guidance rule catalogue, with the core-protocol checklist (section 3) and the Box 1 map
(section 4). Expected messages are the catalogue's own text."""

from __future__ import annotations

import pytest

from models.design_io import parse_design
from models.guidance import Thresholds, evaluate
from rule_helpers import (
    ADVICE,
    CHAR,
    DELETE,
    EV,
    WARNING,
    assert_silent,
    base_design,
    check,
    ev_base,
    fired,
    mapc_base,
    mutate,
    note,
)

MSG = {
    "F-1": "Collect blood samples to study how the product acts and to help find patients who "
           "respond.",
    "F-2": "Consider BAL sampling in intubated patients. In START, BAL at 48 h showed less lung "
           "permeability and inflammation with MSCs.",
    "F-3": "Take a sample before the first dose (day 0) and at set times after it, for example "
           "blood on days 4 and 7 and BAL at 48 h. Include the classifier variables (IL-6, IL-8, "
           "sTNFR1, protein C, bicarbonate) in the baseline sample so that the subphenotype can be "
           "assigned.",
    "G-1": "Prespecify events in the hours after each infusion. START used 6 hours and counted "
           "vasopressor escalation, new arrhythmia or cardiac arrest, and worsening hypoxaemia. "
           "Also monitor hypersensitivity reactions, possible transmission of infection and "
           "ectopic tissue formation.",
    "G-2": "Plan long-term follow-up with cancer surveillance. In REALIST-COVID, three cancers were "
           "diagnosed in the MSC arm within 2 years.",
    "G-5": "Assess lung fibrosis during follow-up (for example, CT at 12 months), given the "
           "preclinical concern about MSCs in a profibrotic lung.",
}
I1_TAIL = " A shared core protocol lets results from different trials be pooled."
G3_HEAD = "Follow-up of {} months is shorter than the 2 years over which the REALIST-COVID cancer " \
          "signal appeared."
G3_UNDER_12 = " It is also shorter than the 12 months of START and MUST-ARDS."
MIN_DEFAULT = "minimum follow-up: 24 months (the default)"
PRECEDENT_DEFAULT = "follow-up precedent: 12 months (the default)"

EMPTY = {"format": "msc-ards-trial-design", "version": 1}


# --- F-1 / F-2 / G-1 / G-5: yes/no fields ----------------------------------------------------------


@pytest.mark.parametrize("rule_id, path, severity", [
    ("F-1", "sampling.blood", WARNING),
    ("F-2", "sampling.bal", ADVICE),
    ("G-1", "safety.infusion_events_prespecified", WARNING),
    ("G-5", "follow_up.fibrosis_assessment", ADVICE),
])
def test_flag_rules_missing_and_false(rule_id, path, severity):
    check(mutate({path: DELETE}), rule_id, severity, (path,), True, MSG[rule_id])
    check(mutate({path: False}), rule_id, severity, (path,), False, MSG[rule_id])


# --- F-3 -------------------------------------------------------------------------------------------


def test_f3_time_points_missing():
    check(mutate({"sampling.timepoints_days": DELETE}), "F-3", ADVICE,
          ("sampling.timepoints_days",), True, MSG["F-3"])


def test_f3_no_day_0():
    check(mutate({"sampling.timepoints_days": [2, 4, 7]}), "F-3", ADVICE,
          ("sampling.timepoints_days",), False, MSG["F-3"])


def test_f3_bal_alone_is_enough_to_apply():
    check(mutate({"sampling.blood": False, "sampling.timepoints_days": [2]}), "F-3", ADVICE,
          ("sampling.timepoints_days",), False, MSG["F-3"])


@pytest.mark.parametrize("blood, bal", [(False, False), (DELETE, DELETE), (False, DELETE)])
def test_f3_silent_without_samples(blood, bal):
    design = mutate({"sampling.blood": blood, "sampling.bal": bal,
                     "sampling.timepoints_days": DELETE})
    assert_silent(design, "F-3")


def test_f3_day_0_only_is_a_baseline():
    assert_silent(mutate({"sampling.timepoints_days": [0]}), "F-3")


# --- G-2 -------------------------------------------------------------------------------------------


def test_g2_surveillance_false():
    check(mutate({"follow_up.malignancy_surveillance": False}), "G-2", WARNING,
          ("follow_up.malignancy_surveillance",), False, MSG["G-2"])


def test_g2_months_missing_and_g3_silent():
    design = mutate({"follow_up.months": DELETE})
    check(design, "G-2", WARNING, ("follow_up.months",), True, MSG["G-2"])
    assert_silent(design, "G-3")


def test_g2_both_missing():
    check(mutate({"follow_up.months": DELETE, "follow_up.malignancy_surveillance": DELETE}),
          "G-2", WARNING, ("follow_up.malignancy_surveillance", "follow_up.months"), True,
          MSG["G-2"])


def test_g2_false_and_missing_is_not_not_specified():
    check(mutate({"follow_up.months": DELETE, "follow_up.malignancy_surveillance": False}),
          "G-2", WARNING, ("follow_up.malignancy_surveillance", "follow_up.months"), False)


# --- G-3 -------------------------------------------------------------------------------------------


def test_g3_between_12_and_24_months():
    check(mutate({"follow_up.months": 12}), "G-3", WARNING, ("follow_up.months",), False,
          G3_HEAD.format(12) + " " + note(MIN_DEFAULT))


@pytest.mark.parametrize("months", [6, 0, 11])
def test_g3_under_12_months(months):
    check(mutate({"follow_up.months": months}), "G-3", WARNING, ("follow_up.months",), False,
          G3_HEAD.format(months) + G3_UNDER_12 + " " + note(MIN_DEFAULT, PRECEDENT_DEFAULT))


def test_g3_24_months_silent():
    assert_silent(mutate({"follow_up.months": 24}), "G-3")
    assert_silent(mutate({"follow_up.months": 240}), "G-3")


def test_g3_changed_minimum():
    check(base_design(), "G-3", WARNING, ("follow_up.months",), False,
          G3_HEAD.format(24) + " " + note(
              "minimum follow-up: 36 months (changed from the default of 24 months)"),
          thresholds=Thresholds(follow_up_min_months=36))
    assert_silent(mutate({"follow_up.months": 12}), "G-3", Thresholds(follow_up_min_months=12))


def test_g3_changed_precedent_moves_the_extra_sentence():
    design = mutate({"follow_up.months": 15})
    check(design, "G-3", WARNING, ("follow_up.months",), False,
          G3_HEAD.format(15) + G3_UNDER_12 + " " + note(
              MIN_DEFAULT, "follow-up precedent: 18 months (changed from the default of 12 "
                           "months)"),
          thresholds=Thresholds(follow_up_precedent_months=18))


# --- I-1 and the core-protocol checklist (section 3) -----------------------------------------------


def checklist(design):
    return {item.number: item.missing_fields for item in evaluate(design).checklist}


def open_items(design):
    return {n: gaps for n, gaps in checklist(design).items() if gaps}


def test_base_checklist_is_complete():
    result = evaluate(base_design())
    assert [(i.number, i.addressed, i.missing_fields) for i in result.checklist] == [
        (n, True, ()) for n in range(1, 10)]


def test_i1_one_item_open():
    design = mutate({"population.subphenotype": DELETE})
    check(design, "I-1", ADVICE, ("population.subphenotype",), True,
          "1 of 9 core-protocol items are not yet addressed: 3. target subpopulation." + I1_TAIL)


def test_i1_two_items_open():
    design = mutate({"population.age_min": DELETE, "control.placebo": DELETE})
    check(design, "I-1", ADVICE, ("population.age_min", "control.placebo"), True,
          "2 of 9 core-protocol items are not yet addressed: 5. population, 9. blinding." + I1_TAIL)


def test_i1_empty_design_lists_all_nine_items():
    design = parse_design(EMPTY)
    finding = check(design, "I-1", ADVICE, (
        "product.kind", "product.tissue_source", "product.donor", "product.cryopreserved",
        "dosing.arms", "population.subphenotype", "population.fibroproliferative",
        "statistics.phase", "endpoints.primary.kind", "statistics.planned_total_n",
        "population.definition", "population.setting", "population.respiratory_support",
        "population.pf_ratio_max", "population.sf_ratio_max", "population.onset_window_hours",
        "population.age_min", "population.exclude_recent_malignancy",
        "dosing.first_dose_within_hours", "care.protocolised", "care.elements",
        "care.immunomodulators", "endpoints.primary.timepoint_days", "control.type",
        "control.blinding"), True)
    assert finding.message == (
        "9 of 9 core-protocol items are not yet addressed: 1. product characteristics, 2. dose "
        "and regimen, 3. target subpopulation, 4. sample-size rationale, 5. population, "
        "6. administration strategy, 7. concomitant therapies, 8. outcome measures, "
        "9. blinding." + I1_TAIL)


def test_false_counts_as_filled():
    design = mutate({f"{CHAR}.isct_markers": False, f"{CHAR}.viability_at_administration": False,
                     "product.cryopreserved": False, "population.exclude_recent_malignancy": False,
                     "care.protocolised": False, "endpoints.vfd.death_counts_as_zero": False})
    assert_silent(design, "I-1")
    assert {"A-2", "A-4a", "C-14", "D-1", "E-4a"} <= set(fired(design))


def test_item1_cell_product_fields():
    design = mutate({"product.donor": DELETE, f"{CHAR}.potency_assay": DELETE,
                     f"{CHAR}.trilineage_differentiation": DELETE})
    assert open_items(design) == {1: ("product.donor", f"{CHAR}.potency_assay",
                                      f"{CHAR}.trilineage_differentiation")}


def test_item1_isct_fields_not_needed_for_mapc():
    assert open_items(mutate({}, mapc_base())) == {}


def test_item1_ev_fields_ignore_the_characterization_block():
    design = mutate({f"{EV}.potency_assay": DELETE, f"{EV}.single_particle_method": DELETE},
                    ev_base())
    assert open_items(design) == {1: (f"{EV}.potency_assay", f"{EV}.single_particle_method")}
    secretome = mutate({f"{EV}.single_particle_method": DELETE, f"{EV}.cytosolic_markers": DELETE},
                       ev_base("secretome"))
    assert open_items(secretome) == {}


def test_item1_kind_missing_needs_only_the_common_fields():
    design = mutate({"product.kind": DELETE, f"{CHAR}.potency_assay": DELETE})
    assert open_items(design) == {1: ("product.kind",)}


def test_item2_dose_and_regimen():
    design = mutate({"dosing.arms[0].interval_hours": DELETE, "dosing.weight_basis": DELETE,
                     "dosing.arms[1].route": DELETE})
    assert open_items(design) == {2: ("dosing.arms[0].interval_hours", "dosing.weight_basis"),
                                  6: ("dosing.arms[1].route",)}


def test_item2_flat_dose_needs_max_weight():
    design = mutate({"dosing.arms[0].dose_unit": "cells", "dosing.arms[0].dose_value": 9e8,
                     "dosing.max_weight_kg": DELETE})
    assert open_items(design) == {2: ("dosing.max_weight_kg",)}


def test_items_2_and_6_need_at_least_one_arm():
    # 1.8 item 16.
    design = mutate({"dosing.arms": DELETE, "control.allocation_ratio": [1]})
    assert open_items(design) == {2: ("dosing.arms",), 6: ("dosing.arms",)}


def test_item3_classifier_only_for_a_strategy():
    assert open_items(mutate({"population.classifier": DELETE})) == {
        3: ("population.classifier",)}
    assert open_items(mutate({"population.classifier": DELETE,
                              "population.subphenotype": "none"})) == {}


def test_item4_sample_size_inputs():
    design = mutate({"statistics.power": DELETE, "statistics.binary.method": DELETE})
    assert open_items(design) == {4: ("statistics.power", "statistics.binary.method")}


def test_item5_population():
    design = mutate({"population.peep_min": DELETE, "population.age_max": DELETE,
                     "population.exclude_recent_malignancy": DELETE})
    # age_max drives nothing (1.8 item 20).
    assert open_items(design) == {5: ("population.peep_min",
                                      "population.exclude_recent_malignancy")}


def test_item6_cell_delivery_fields():
    design = mutate({f"{CHAR}.vehicle": DELETE, f"{CHAR}.thaw_to_infusion_max_min": DELETE})
    assert open_items(design) == {6: (f"{CHAR}.vehicle", f"{CHAR}.thaw_to_infusion_max_min")}
    fresh = mutate({"product.cryopreserved": False, f"{CHAR}.thaw_to_infusion_max_min": DELETE})
    assert open_items(fresh) == {}


def test_item6_not_for_ev_vehicle():
    assert open_items(mutate({}, ev_base())) == {}


def test_item7_and_item9():
    design = mutate({"care.immunomodulators": DELETE, "control.placebo": DELETE})
    assert open_items(design) == {7: ("care.immunomodulators",), 9: ("control.placebo",)}
    assert open_items(mutate({"control.type": "standard_care", "control.placebo": DELETE})) == {}


def test_item8_outcome_measures():
    design = mutate({"endpoints.primary.timepoint_days": DELETE,
                     "endpoints.vfd.liberation_rule": DELETE})
    assert open_items(design) == {8: ("endpoints.primary.timepoint_days",
                                      "endpoints.vfd.liberation_rule")}
    no_vfd = mutate({"endpoints.secondary[1]": DELETE, "endpoints.vfd": DELETE})
    assert open_items(no_vfd) == {}


# --- Box 1 map (section 4) -------------------------------------------------------------------------


def box1(design):
    return {b.number: (b.status, b.findings) for b in evaluate(design).box1}


def test_box1_base_design():
    statuses = box1(base_design())
    assert statuses == {**{n: ("met", ()) for n in range(1, 11)}, 11: ("not applicable", ())}


def test_box1_texts_are_the_eleven_proposals():
    texts = {b.number: b.text for b in evaluate(base_design()).box1}
    assert sorted(texts) == list(range(1, 12))
    assert texts[4] == ("Test MSC doses of at least 2 million MSCs/kg body weight delivered "
                        "intravenously.")
    assert texts[11] == ("Cell-free alternatives such as MSC-derived extracellular vesicles may "
                         "provide advantages and deserve further study.")


def test_box1_ev_product():
    statuses = box1(mutate({}, ev_base()))
    assert statuses[11] == ("met", ())
    assert statuses[2] == ("met", ())   # H-7 applies to the parent cells of EVs
    statuses = box1(mutate({f"{EV}.parent_cells_characterized": False}, ev_base()))
    assert statuses[2] == ("not met", ("H-7",))
    assert statuses[11] == ("not met", ("H-7",))


def test_box1_kind_missing():
    statuses = box1(mutate({"product.kind": DELETE}))
    assert statuses[2] == ("not applicable", ())
    assert statuses[11] == ("not applicable", ())
    assert statuses[3] == ("not met", ("A-8a",))
    assert statuses[1] == ("not met", ("I-1",))


def test_box1_rule_in_two_proposals_and_finding_lists():
    design = mutate({"dosing.first_dose_within_hours": DELETE,
                     "statistics.binary.control_rate": 0.1,
                     "statistics.binary.treatment_rate": DELETE,
                     "population.exclude_recent_malignancy": False,
                     "sampling.timepoints_days": [2]})
    statuses = box1(design)
    assert statuses[4] == ("not met", ("B-7",))
    assert statuses[5] == ("not met", ("B-7",))
    assert statuses[7] == ("not met", ("E-1b", "E-8"))
    assert statuses[8] == ("not met", ("F-3",))
    assert statuses[9] == ("not met", ("F-3",))
    assert statuses[10] == ("not met", ("C-14",))
    assert statuses[1] == ("not met", ("I-1",))
    assert statuses[6] == ("met", ())
    assert statuses[11] == ("not applicable", ())


def test_box1_mapc():
    statuses = box1(mutate({}, mapc_base()))
    assert statuses[3] == ("not met", ("A-9",))
    assert statuses[2] == ("met", ())
