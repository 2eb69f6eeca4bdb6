"""Group B (dose, route, regimen and timing) of the guidance rule catalogue. Expected messages are
the catalogue's own text; per-arm rules give one finding per offending arm."""

from __future__ import annotations

import pytest

from models.guidance import Thresholds
from rule_helpers import (
    fired,
    ADVICE,
    DELETE,
    GOOD_ARM,
    WARNING,
    assert_finding,
    assert_silent,
    base_design,
    check,
    ev_base,
    findings_for,
    mapc_base,
    mutate,
    note,
    two_arms,
)

MSG = {
    "B-3": "State whether per-kg doses use predicted or actual body weight.",
    "B-4": "The authors advise that clinical studies should use the intravenous route for now.",
    "B-5": "The authors recommend testing regimens of two or three doses early in ARDS.",
    "B-6": "The authors suggest two or three doses. Justify a longer course. The GvHD regimens of 8 "
           "infusions come from a different disease.",
    "B-7": "For each arm, complete the dose, unit, number of administrations, interval and route, "
           "and give the latest time of the first dose. A cell dose must be given in cells or "
           "cells/kg.",
    "B-10": "Enrolling patients on HFNO or NIV follows the new global definition and allows earlier "
            "treatment. Check the definition rules (C-3, C-4) and whether the outcomes suit "
            "non-intubated patients (E-5).",
}
B1_TAIL = " The authors recommend testing at least 2 × 10⁶ MSCs/kg, given intravenously."
# Issue 15: START allowed 96 h (NCT02097641; Liu et al., Ann Intensive Care 2014); the 72 h
# default rests on ONE-BRIDGE (NCT03807804) and STAT (NCT03818854).
B8_TAIL = (" Preclinical evidence comes from early ARDS; ONE-BRIDGE and STAT dosed within 72 h "
           "(START allowed up to 96 h).")
B9_TAIL = (" Preclinical data suggest MSCs may be harmful in a profibrotic lung, so consider a "
           "shorter schedule.")
EARLY_DEFAULT = "latest first dose that counts as early: 72 h from ARDS onset (the default)"
LATE_DEFAULT = "start of late (fibroproliferative) ARDS: 168 h from ARDS onset (the default)"
WEIGHT_DEFAULT = "weight assumed when no maximum is set: 120 kg (the default)"


def arm(**changes):
    return {**GOOD_ARM, **changes}


# --- B-1 (per arm) ---------------------------------------------------------------------------------


def test_b1_fires_for_a_low_per_kg_dose_with_cumulative_dose():
    design = mutate({"dosing.arms[0].dose_value": 1e6})
    (finding,) = findings_for(design, "B-1")
    assert_finding(finding, "B-1", WARNING, ("dosing.arms[0].dose_value",), False,
                   "This arm gives 1 × 10⁶ cells/kg per administration (2 × 10⁶ cells/kg in "
                   "total)." + B1_TAIL, arm=0, arm_label="Two doses")


def test_b1_one_finding_per_arm_unlabelled_arms_named_by_number():
    design = mutate(two_arms(arm(dose_value=1.5e6, administrations=3), arm(dose_value=5e5)))
    first, second = findings_for(design, "B-1")
    assert_finding(first, "B-1", WARNING, ("dosing.arms[0].dose_value",), False,
                   "This arm gives 1.5 × 10⁶ cells/kg per administration (4.5 × 10⁶ cells/kg in "
                   "total)." + B1_TAIL, arm=0, arm_label="arm 1")
    assert_finding(second, "B-1", WARNING, ("dosing.arms[1].dose_value",), False,
                   "This arm gives 5 × 10⁵ cells/kg per administration (1 × 10⁶ cells/kg in "
                   "total)." + B1_TAIL, arm=1, arm_label="arm 2")


def test_b1_only_the_offending_arm():
    design = mutate({"dosing.arms[1].dose_value": 1e6})
    assert [(f.arm, f.arm_label) for f in findings_for(design, "B-1")] == [(1, "Three doses")]


@pytest.mark.parametrize("dose, fires", [(2e6, False), (1.99e6, True), (1e7, False)])
def test_b1_boundary(dose, fires):
    found = findings_for(mutate({"dosing.arms[0].dose_value": dose}), "B-1")
    assert [f.arm for f in found] == ([0] if fires else [])


def test_b1_message_does_not_round_the_dose_up_to_the_threshold():
    (finding,) = findings_for(mutate({"dosing.arms[0].dose_value": 1.999e6}), "B-1")
    assert not finding.message.startswith("This arm gives 2 × 10⁶ cells/kg")


def test_b1_silent_when_dose_missing_b7_reports_it():
    design = mutate({"dosing.arms[0].dose_value": DELETE})
    assert_silent(design, "B-1")
    check(design, "B-7", WARNING, ("dosing.arms[0].dose_value",), True, MSG["B-7"])


def test_b1_applies_to_mapc():
    design = mutate({"dosing.arms[0].dose_unit": "cells_per_kg", "dosing.arms[0].dose_value": 1e6,
                     "dosing.weight_basis": "actual"}, mapc_base())
    assert [f.arm for f in findings_for(design, "B-1")] == [0]


def test_b1_b2_silent_for_ev_products_and_missing_kind():
    ev = mutate({"dosing.arms[0].dose_unit": "cells_per_kg", "dosing.arms[0].dose_value": 1e5,
                 "dosing.weight_basis": "actual",
                 "dosing.arms[1].dose_unit": "cells", "dosing.arms[1].dose_value": 1e6},
                ev_base())
    no_kind = mutate({"product.kind": DELETE, "dosing.arms[0].dose_value": 1e5,
                      "dosing.arms[1].dose_unit": "cells", "dosing.arms[1].dose_value": 1e6})
    for design in (ev, no_kind):
        assert_silent(design, "B-1")
        assert_silent(design, "B-2")


# --- B-2 (per arm) ---------------------------------------------------------------------------------


def flat(dose, **more):
    return {"dosing.arms[0].dose_unit": "cells", "dosing.arms[0].dose_value": dose, **more}


def test_b2_flat_dose_below_threshold_at_the_stated_maximum_weight():
    design = mutate(flat(1e8))   # max_weight_kg is 150 in the base design
    (finding,) = findings_for(design, "B-2")
    assert_finding(finding, "B-2", WARNING, ("dosing.arms[0].dose_value", "dosing.max_weight_kg"),
                   False,
                   "Converted to cells/kg, this flat dose falls below 2 × 10⁶/kg for patients "
                   "heavier than 50 kg. The heaviest eligible patient (150 kg) gets 6.67 × 10⁵ "
                   "cells/kg.", arm=0, arm_label="Two doses")
    assert finding.thresholds == ()


def test_b2_assumes_120_kg_and_says_so():
    design = mutate(flat(1e8, **{"dosing.max_weight_kg": DELETE}))
    (finding,) = findings_for(design, "B-2")
    assert_finding(finding, "B-2", WARNING, ("dosing.arms[0].dose_value", "dosing.max_weight_kg"),
                   False,
                   "Converted to cells/kg, this flat dose falls below 2 × 10⁶/kg for patients "
                   "heavier than 50 kg. The heaviest eligible patient (120 kg, assumed) gets "
                   "8.33 × 10⁵ cells/kg. " + note(WEIGHT_DEFAULT), arm=0, arm_label="Two doses")


@pytest.mark.parametrize("dose, fires", [(3e8, False), (2.99e8, True)])
def test_b2_boundary_at_150_kg(dose, fires):
    found = findings_for(mutate(flat(dose)), "B-2")
    assert [f.arm for f in found] == ([0] if fires else [])
    if fires:
        assert "heavier than 149.5 kg" in found[0].message


def test_b2_changed_assumed_weight_moves_the_finding():
    design = mutate(flat(4e8, **{"dosing.max_weight_kg": DELETE}))
    assert_silent(design, "B-2")   # 3.33 × 10⁶/kg at 120 kg
    (finding,) = findings_for(design, "B-2", Thresholds(assumed_max_weight_kg=250))
    assert_finding(finding, "B-2", WARNING, ("dosing.arms[0].dose_value", "dosing.max_weight_kg"),
                   False,
                   "Converted to cells/kg, this flat dose falls below 2 × 10⁶/kg for patients "
                   "heavier than 200 kg. The heaviest eligible patient (250 kg, assumed) gets "
                   "1.6 × 10⁶ cells/kg. " + note(
                       "weight assumed when no maximum is set: 250 kg (changed from the default of "
                       "120 kg)"), arm=0, arm_label="Two doses")


def test_b2_assumed_weight_unused_when_maximum_is_stated():
    assert_silent(mutate(flat(4e8)), "B-2", Thresholds(assumed_max_weight_kg=250))


def test_b2_per_arm_and_cells_per_kg_arms_ignored():
    design = mutate(two_arms(arm(dose_unit="cells", dose_value=1e8),
                             arm(dose_unit="cells", dose_value=2e8)))
    assert [(f.arm, f.arm_label) for f in findings_for(design, "B-2")] == [(0, "arm 1"),
                                                                          (1, "arm 2")]
    assert_silent(mutate({"dosing.arms[0].dose_value": 1e6}), "B-2")


def test_b2_silent_when_dose_missing():
    design = mutate({"dosing.arms[0].dose_unit": "cells", "dosing.arms[0].dose_value": DELETE})
    assert_silent(design, "B-2")
    check(design, "B-7", WARNING, ("dosing.arms[0].dose_value",), True)


# --- B-3 -------------------------------------------------------------------------------------------


def test_b3_weight_basis_missing():
    check(mutate({"dosing.weight_basis": DELETE}), "B-3", WARNING, ("dosing.weight_basis",), True,
          MSG["B-3"])


def test_b3_only_when_some_arm_is_per_kg():
    design = mutate({"dosing.weight_basis": DELETE, "dosing.arms[0].dose_unit": "cells",
                     "dosing.arms[0].dose_value": 9e8, "dosing.arms[1].dose_unit": "cells",
                     "dosing.arms[1].dose_value": 9e8})
    assert_silent(design, "B-3")
    design = mutate({"dosing.weight_basis": DELETE, "dosing.arms[0].dose_unit": "cells",
                     "dosing.arms[0].dose_value": 9e8})
    check(design, "B-3", WARNING, ("dosing.weight_basis",), True)


def test_b3_applies_whatever_the_kind():
    # 1.8 item 8: B-3 applies to any product kind dosed in cells_per_kg, even a missing kind.
    check(mutate({"dosing.weight_basis": DELETE, "product.kind": DELETE}), "B-3", WARNING,
          ("dosing.weight_basis",), True, MSG["B-3"])
    ev = mutate({"dosing.arms[0].dose_unit": "cells_per_kg", "dosing.arms[0].dose_value": 1e6},
                ev_base())
    check(ev, "B-3", WARNING, ("dosing.weight_basis",), True)


# --- B-4 (per arm) ---------------------------------------------------------------------------------


def test_b4_route_not_intravenous_per_arm():
    design = mutate({"dosing.arms[1].route": "inhaled"})
    (finding,) = findings_for(design, "B-4")
    assert_finding(finding, "B-4", WARNING, ("dosing.arms[1].route",), False, MSG["B-4"],
                   arm=1, arm_label="Three doses")


def test_b4_two_unlabelled_arms():
    design = mutate(two_arms(arm(route="intratracheal"), arm(route="inhaled")))
    first, second = findings_for(design, "B-4")
    assert_finding(first, "B-4", WARNING, ("dosing.arms[0].route",), False, MSG["B-4"],
                   arm=0, arm_label="arm 1")
    assert_finding(second, "B-4", WARNING, ("dosing.arms[1].route",), False, MSG["B-4"],
                   arm=1, arm_label="arm 2")


def test_b4_silent_when_route_missing_b7_reports_it():
    design = mutate({"dosing.arms[0].route": DELETE})
    assert_silent(design, "B-4")
    check(design, "B-7", WARNING, ("dosing.arms[0].route",), True, MSG["B-7"])


def test_b4_applies_to_ev_products_and_missing_kind():
    ev = mutate({"dosing.arms[0].route": "inhaled"}, ev_base())
    no_kind = mutate({"dosing.arms[0].route": "inhaled", "product.kind": DELETE})
    for design in (ev, no_kind):
        assert [f.arm for f in findings_for(design, "B-4")] == [0]


# --- B-5 / B-6 (per arm) ---------------------------------------------------------------------------


def test_b5_single_dose_per_arm():
    design = mutate(two_arms(arm(administrations=1), arm(administrations=1, label="Low")))
    first, second = findings_for(design, "B-5")
    assert_finding(first, "B-5", WARNING, ("dosing.arms[0].administrations",), False, MSG["B-5"],
                   arm=0, arm_label="arm 1")
    assert_finding(second, "B-5", WARNING, ("dosing.arms[1].administrations",), False,
                   MSG["B-5"], arm=1, arm_label="Low")


def test_b5_silent_for_two_or_three_doses_or_missing():
    assert_silent(mutate({"dosing.arms[0].administrations": DELETE}), "B-5")
    assert_silent(base_design(), "B-5")   # 2 and 3 doses


def test_b6_more_than_three_doses():
    design = mutate({"dosing.arms[1].administrations": 4, "dosing.arms[1].interval_hours": 24})
    (finding,) = findings_for(design, "B-6")
    assert_finding(finding, "B-6", ADVICE, ("dosing.arms[1].administrations",), False, MSG["B-6"],
                   arm=1, arm_label="Three doses")
    assert_silent(design, "B-5")


def test_b6_one_finding_per_unlabelled_arm():
    design = mutate(two_arms(arm(administrations=4), arm(administrations=8, interval_hours=12)))
    first, second = findings_for(design, "B-6")
    assert_finding(first, "B-6", ADVICE, ("dosing.arms[0].administrations",), False, MSG["B-6"],
                   arm=0, arm_label="arm 1")
    assert_finding(second, "B-6", ADVICE, ("dosing.arms[1].administrations",), False, MSG["B-6"],
                   arm=1, arm_label="arm 2")


def test_b6_silent_for_three_and_one_dose():
    assert_silent(mutate({"dosing.arms[0].administrations": 1}), "B-6")
    assert_silent(mutate({"dosing.arms[0].administrations": 3}), "B-6")


# --- B-7 -------------------------------------------------------------------------------------------


def test_b7_no_arms():
    design = mutate({"dosing.arms": DELETE, "control.allocation_ratio": [1]})
    check(design, "B-7", WARNING, ("dosing.arms",), True, MSG["B-7"])


def test_b7_empty_arm_names_all_four_fields():
    design = mutate({"dosing.arms[1]": {"label": "Planned"}})
    check(design, "B-7", WARNING,
          ("dosing.arms[1].dose_value", "dosing.arms[1].dose_unit",
           "dosing.arms[1].administrations", "dosing.arms[1].route"), True, MSG["B-7"])


def test_b7_interval_needed_only_for_two_or_more_doses():
    check(mutate({"dosing.arms[0].interval_hours": DELETE}), "B-7", WARNING,
          ("dosing.arms[0].interval_hours",), True, MSG["B-7"])
    assert_silent(mutate({"dosing.arms[0].interval_hours": DELETE,
                          "dosing.arms[0].administrations": 1}), "B-7")


def test_b7_first_dose_time_missing():
    check(mutate({"dosing.first_dose_within_hours": DELETE}), "B-7", WARNING,
          ("dosing.first_dose_within_hours",), True, MSG["B-7"])


@pytest.mark.parametrize("unit, dose", [("particles", 1e12), ("ml", 10)])
def test_b7_cell_product_dosed_in_non_cell_unit_is_stated(unit, dose):
    design = mutate({"dosing.arms[1].dose_unit": unit, "dosing.arms[1].dose_value": dose})
    check(design, "B-7", WARNING, ("dosing.arms[1].dose_unit",), False, MSG["B-7"])


def test_b7_one_finding_mixed_missing_and_stated_is_not_not_specified():
    design = mutate({"dosing.arms[0].dose_unit": "particles", "dosing.arms[0].dose_value": 1e12,
                     "dosing.arms[1].route": DELETE, "dosing.first_dose_within_hours": DELETE})
    check(design, "B-7", WARNING,
          ("dosing.arms[1].route", "dosing.first_dose_within_hours", "dosing.arms[0].dose_unit"),
          False, MSG["B-7"])


def test_b7_cell_unit_bullet_silent_for_missing_kind_and_ev():
    # 1.8 item 8: the cell-unit bullet is silent while the kind is unknown.
    assert_silent(mutate({"product.kind": DELETE, "dosing.arms[0].dose_unit": "particles",
                          "dosing.arms[0].dose_value": 1e12}), "B-7")
    assert_silent(mutate({"dosing.arms[0].dose_unit": "ml", "dosing.arms[0].dose_value": 10},
                         ev_base()), "B-7")


def test_b7_mapc_in_ml():
    design = mutate({"dosing.arms[0].dose_unit": "ml", "dosing.arms[0].dose_value": 10},
                    mapc_base())
    check(design, "B-7", WARNING, ("dosing.arms[0].dose_unit",), False, MSG["B-7"])


# --- B-8 -------------------------------------------------------------------------------------------


def test_b8_first_dose_late():
    check(mutate({"dosing.first_dose_within_hours": 96}), "B-8", WARNING,
          ("dosing.first_dose_within_hours",), False,
          "The first dose may be given up to 96 h after ARDS onset." + B8_TAIL + " "
          + note(EARLY_DEFAULT))


@pytest.mark.parametrize("hours, fires", [(72, False), (72.5, True), (0, False), (720, True)])
def test_b8_boundary(hours, fires):
    found = findings_for(mutate({"dosing.first_dose_within_hours": hours}), "B-8")
    assert len(found) == (1 if fires else 0)
    if fires:
        assert found[0].message.startswith(f"The first dose may be given up to {hours:g} h ")


def test_b8_silent_when_missing():
    assert_silent(mutate({"dosing.first_dose_within_hours": DELETE}), "B-8")


def test_b8_changed_threshold():
    design = mutate({"dosing.first_dose_within_hours": 60})
    assert_silent(design, "B-8")
    check(design, "B-8", WARNING, ("dosing.first_dose_within_hours",), False,
          "The first dose may be given up to 60 h after ARDS onset." + B8_TAIL + " " + note(
              "latest first dose that counts as early: 48 h from ARDS onset (changed from the "
              "default of 72 h from ARDS onset)"),
          thresholds=Thresholds(early_first_dose_hours=48))
    assert_silent(mutate({"dosing.first_dose_within_hours": 96}), "B-8",
                  Thresholds(early_first_dose_hours=100))


def test_b8_message_does_not_round_down_to_the_threshold():
    (finding,) = findings_for(mutate({"dosing.first_dose_within_hours": 72.04}), "B-8")
    assert not finding.message.startswith("The first dose may be given up to 72 h ")


# --- B-9 (per arm) ---------------------------------------------------------------------------------


def test_b9_last_dose_late():
    design = mutate({"dosing.arms[1].interval_hours": 60})   # 72 + 2 × 60 = 192 h
    (finding,) = findings_for(design, "B-9")
    assert_finding(finding, "B-9", ADVICE,
                   ("dosing.first_dose_within_hours", "dosing.arms[1].administrations",
                    "dosing.arms[1].interval_hours"), False,
                   "The last dose can fall 8 days after ARDS onset." + B9_TAIL + " "
                   + note(LATE_DEFAULT), arm=1, arm_label="Three doses")


def test_b9_fractional_days_and_both_arms():
    design = mutate({"dosing.arms[0].interval_hours": 100, "dosing.arms[1].interval_hours": 50})
    first, second = findings_for(design, "B-9")
    assert (first.arm, second.arm) == (0, 1)
    assert first.message.startswith("The last dose can fall 7.2 days after ARDS onset.")  # 172 h
    assert second.message.startswith("The last dose can fall 7.2 days after ARDS onset.")  # 172 h


def test_b9_exactly_168_hours_is_silent():
    # Base arm 2: 72 + 2 × 48 = 168 h.
    assert_silent(base_design(), "B-9")


def test_b9_single_dose_arm_never_fires():
    design = mutate({"dosing.first_dose_within_hours": 200, "dosing.arms[0].administrations": 1,
                     "dosing.arms[1].administrations": 1})
    assert_silent(design, "B-9")


def test_b9_silent_when_an_input_is_missing():
    assert_silent(mutate({"dosing.first_dose_within_hours": DELETE,
                          "dosing.arms[1].interval_hours": 500}), "B-9")
    assert_silent(mutate({"dosing.first_dose_within_hours": 200,
                          "dosing.arms[0].interval_hours": DELETE,
                          "dosing.arms[1].interval_hours": DELETE}), "B-9")


def test_b9_changed_threshold():
    design = base_design()   # last doses at 120 h and 168 h
    (finding,) = findings_for(design, "B-9", Thresholds(late_ards_hours=144))
    assert_finding(finding, "B-9", ADVICE,
                   ("dosing.first_dose_within_hours", "dosing.arms[1].administrations",
                    "dosing.arms[1].interval_hours"), False,
                   "The last dose can fall 7 days after ARDS onset." + B9_TAIL + " " + note(
                       "start of late (fibroproliferative) ARDS: 144 h from ARDS onset (changed "
                       "from the default of 168 h from ARDS onset)"),
                   arm=1, arm_label="Three doses")


def test_b9_message_does_not_round_down_to_the_threshold():
    design = mutate({"dosing.arms[0].interval_hours": 96.1})   # 72 + 96.1 = 168.1 h
    (finding,) = findings_for(design, "B-9")
    assert not finding.message.startswith("The last dose can fall 7 days")


# --- B-10 ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("support", [["invasive_ventilation", "high_flow_nasal_oxygen"],
                                     ["noninvasive_ventilation"]])
def test_b10_non_intubated_patients(support):
    design = mutate({"population.definition": "global_2024", "population.hfno_flow_min": 30,
                     "population.respiratory_support": support})
    check(design, "B-10", ADVICE, ("population.respiratory_support",), False, MSG["B-10"])


def test_b10_silent_for_intubated_only_and_missing_support():
    assert_silent(base_design(), "B-10")
    assert_silent(mutate({"population.respiratory_support": DELETE}), "B-10")


def test_b10_berlin_with_hfno_is_left_to_c3():
    # Issue 15, item 10: "follows the new global definition" on a design C-3 already refuses.
    design = mutate({"population.definition": "berlin_2012",
                     "population.respiratory_support": ["invasive_ventilation",
                                                        "high_flow_nasal_oxygen"]})
    assert_silent(design, "B-10")
    assert "C-3" in fired(design)


def test_b10_berlin_with_niv_says_what_berlin_accepts():
    design = mutate({"population.definition": "berlin_2012", "population.pf_ratio_max": 300,
                     "population.respiratory_support": ["invasive_ventilation",
                                                        "noninvasive_ventilation"]})
    finding = check(design, "B-10", ADVICE, ("population.respiratory_support",), False)
    assert "new global definition" not in finding.message
    assert "only with CPAP or NIV of at least 5 cmH₂O and mild ARDS (P/F 201–300)" in \
        finding.message
