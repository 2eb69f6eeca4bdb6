"""The guidance engine as a whole: the core-protocol example raises nothing, the test helpers do
what they say, findings are ordered as catalogue section 1.8 item 13 says, and every rule the
engine runs fires on a design of its own and stays silent on a near miss (tests/rule_cases.py)."""

from __future__ import annotations

import re
import pytest

from models.design_io import DesignFileError, design_to_dict
from models.json_path import get_path
from models.guidance import Severity, Thresholds, evaluate, rule_order
from models.guidance.base import RULE_CODE
from rule_helpers import (
    ADVICE,
    CHAR,
    DELETE,
    ERROR,
    WARNING,
    assert_finding,
    assert_silent,
    base_design,
    base_dict,
    design_with,
    findings_for,
    findings_of,
    mutate,
)

from rule_cases import RULE_CASES
from catalogue_table import (  # noqa: E402
    ADDED_RULE_TABLE,
    FORMAT3_RULE_TABLE,
    PROGRAM_RULE_TABLE,
    RULE_TABLE,
)



# --- The core-protocol example ---------------------------------------------------------------------


def test_core_protocol_example_raises_no_finding():
    findings = findings_of(base_design())
    assert [(f.rule, f.fields, f.message) for f in findings] == []


def test_core_protocol_example_counts_and_sample_size():
    result = evaluate(base_design())
    assert result.counts == {"error": 0, "warning": 0, "advice": 0}
    assert not result.has_errors
    assert result.sample_size is not None and result.sample_size.computed
    assert result.sample_size.result.n_total == 918   # worked by hand in test_rules_care_outcomes


def test_the_engine_registers_exactly_the_catalogue_rules_and_the_program_rules():
    from models.guidance.catalogue import load_catalogue

    rules = load_catalogue().rules
    catalogue_ids = [rid for rid, _ in RULE_TABLE]
    program_ids = [rid for rid, _ in PROGRAM_RULE_TABLE]
    # The program's rule data against the hand transcription of the catalogue's table (rather
    # than the transcription against itself, as this test once did).
    assert {rid: rules[rid].severity.value for rid in catalogue_ids} == dict(RULE_TABLE)
    assert [rid for rid in sorted(RULE_CODE, key=rule_order) if rules[rid].group == "S"] \
        == program_ids
    assert not set(program_ids) & set(catalogue_ids)
    added_ids = [rid for rid, _ in ADDED_RULE_TABLE + FORMAT3_RULE_TABLE]
    assert not set(added_ids) & (set(catalogue_ids) | set(program_ids))
    # The catalogue's 66 and the rules added later (issue 15: C-16, and those of format 3), by
    # id, then the program rules.
    assert sorted(RULE_CODE, key=rule_order) == \
        sorted(catalogue_ids + added_ids, key=rule_order) + program_ids
    counts = {s: sum(1 for rid in catalogue_ids if rules[rid].severity.value == s)
              for s in ("error", "warning", "advice")}
    # The catalogue's 66 rules; H-1..H-3 are warnings since issue 15 (MISEV2023).
    assert counts == {"error": 11, "warning": 35, "advice": 20}


def test_program_rules_carry_their_texts():
    from models.guidance.catalogue import load_catalogue

    rules = load_catalogue().rules
    assert len(rules) == 66 + 3 + len(ADDED_RULE_TABLE) + len(FORMAT3_RULE_TABLE)
    for rid, severity in PROGRAM_RULE_TABLE:
        assert rules[rid].group == "S" and rules[rid].severity.value == severity
        assert rules[rid].box1 == (7,)


ALL_RULES = RULE_TABLE + PROGRAM_RULE_TABLE + ADDED_RULE_TABLE + FORMAT3_RULE_TABLE


@pytest.mark.parametrize("rule_id", [rid for rid, _ in ALL_RULES])
def test_the_core_protocol_example_is_silent_for_each_rule(rule_id):
    """One case per rule, named by its id (each per-rule file once repeated this for its group)."""
    assert_silent(base_design(), rule_id)


def test_the_rule_case_table_has_every_registered_rule():
    """tests/rule_cases.py holds a firing design and a near miss for each rule the engine runs;
    a rule added without them fails here."""
    assert sorted(RULE_CASES, key=rule_order) == sorted(RULE_CODE, key=rule_order)


@pytest.mark.parametrize("rule_id, severity", ALL_RULES)
def test_each_rule_fires_on_its_design_and_not_on_its_near_miss(rule_id, severity):
    """The engine itself decides: the rule's design fires it, at the catalogue's severity, and
    its near miss (a design from the same per-rule tests that does not fire it) stays silent."""
    case = RULE_CASES[rule_id]
    found = findings_for(mutate(case["fires"]), rule_id)
    assert found, f"{rule_id} did not fire on {case['fires']}"
    assert {f.severity.value for f in found} == {severity}
    assert_silent(mutate(case["silent"]), rule_id)


# --- Helpers ---------------------------------------------------------------------------------------


def test_mutate_sets_and_deletes_and_leaves_the_base_alone():
    design = mutate({"dosing.arms[0].dose_value": 1e6, f"{CHAR}.isolation": DELETE,
                     "population.prespecified_subgroups[1]": "sepsis"})
    assert get_path(design, "dosing.arms[0].dose_value") == 1e6
    assert get_path(design, f"{CHAR}.isolation") is None
    assert design.population.prespecified_subgroups[1] == "sepsis"
    assert get_path(base_design(), "dosing.arms[0].dose_value") == 5e6
    assert base_design().product.characterization.isolation


def test_mutate_rereads_the_file_so_invalid_designs_are_refused():
    with pytest.raises(DesignFileError):
        mutate({"dosing.arms[0].dose_value": -1})
    with pytest.raises(DesignFileError):
        mutate({"population.no_such_field": 1})


def test_design_with_keywords():
    design = design_with(dosing__first_dose_within_hours=96)
    assert design.dosing.first_dose_within_hours == 96
    assert design_to_dict(design) != base_dict()


def test_null_is_read_as_absent():
    # 1.8 item 10.
    with_null = findings_for(mutate({f"{CHAR}.isolation": None}), "A-1")
    deleted = findings_for(mutate({f"{CHAR}.isolation": DELETE}), "A-1")
    assert [(f.fields, f.not_specified) for f in with_null] == \
        [(f.fields, f.not_specified) for f in deleted] == [((f"{CHAR}.isolation",), True)]


# --- Severities and "not specified" (1.8 items 2 and 12) -------------------------------------------


def test_not_specified_findings_keep_their_severity():
    result = evaluate(mutate({f"{CHAR}.isolation": DELETE}))
    assert [(f.rule, f.severity, f.not_specified) for f in result.findings] == [
        ("A-1", ERROR, True), ("I-1", ADVICE, True)]
    assert result.counts == {"error": 1, "warning": 0, "advice": 1}
    assert result.has_errors


def test_severity_enum_values():
    assert [s.value for s in Severity] == ["error", "warning", "advice"]


# --- Order (1.8 item 13) ---------------------------------------------------------------------------


def test_rule_order_is_numeric_then_suffix():
    ids = ["A-10", "B-1", "A-2", "A-3b", "A-8b", "A-3a", "A-8a", "C-15", "C-9"]
    assert sorted(ids, key=rule_order) == ["A-2", "A-3a", "A-3b", "A-8a", "A-8b", "A-10", "B-1",
                                           "C-9", "C-15"]


def order_design():
    return mutate({
        "meta.title": "Stem cell therapy in ARDS",                         # A-8b advice
        "product.donor": DELETE,                                           # A-10 advice
        f"{CHAR}.viability_at_administration": False,                      # A-2 error
        f"{CHAR}.isct_markers": False,                                     # A-4a error
        "population.pf_ratio_max": 350,                                    # C-2 error
        "dosing.arms[0].route": "inhaled", "dosing.arms[1].route": "inhaled",   # B-4 × 2
        "dosing.arms[0].interval_hours": 100, "dosing.arms[1].interval_hours": 50,  # B-9 × 2
        "population.respiratory_support": ["invasive_ventilation", "noninvasive_ventilation"],
        "population.setting": "mixed",                                     # C-8, C-9
        "population.subphenotype": "enriched_hyperinflammatory",           # C-12
        "population.exclude_recent_malignancy": False,                     # C-14
        "follow_up.months": 12,                                            # G-3
        "sampling.bal": False,                                             # F-2
        "follow_up.fibrosis_assessment": False,                            # G-5
    })


def test_findings_are_sorted_by_severity_group_number_and_arm():
    findings = findings_of(order_design())
    assert [(f.rule, f.arm) for f in findings] == [
        ("A-2", None), ("A-4a", None), ("C-2", None),
        ("B-4", 0), ("B-4", 1), ("C-8", None), ("G-3", None),
        ("A-8b", None), ("A-10", None), ("B-9", 0), ("B-9", 1), ("B-10", None), ("C-9", None),
        ("C-12", None), ("C-14", None), ("F-2", None), ("G-5", None), ("I-1", None),
    ]
    # The same order from a key written here, independent of the engine's.
    rank = {"error": 0, "warning": 1, "advice": 2}

    def key(f):
        group, number, suffix = re.match(r"([A-Z])-(\d+)([a-z]?)$", f.rule).groups()
        return rank[f.severity.value], group, int(number), suffix, -1 if f.arm is None else f.arm

    assert list(findings) == sorted(findings, key=key)


def test_unlabelled_and_blank_labelled_arms_are_numbered_from_1():
    design = mutate({"dosing.arms[0].label": "  ", "dosing.arms[1].label": DELETE,
                     "dosing.arms[0].route": "inhaled", "dosing.arms[1].route": "inhaled"})
    first, second = findings_for(design, "B-4")
    assert_finding(first, "B-4", WARNING, ("dosing.arms[0].route",), False, arm=0,
                   arm_label="arm 1")
    assert_finding(second, "B-4", WARNING, ("dosing.arms[1].route",), False, arm=1,
                   arm_label="arm 2")


# --- Thresholds (section 1.6, 1.8 item 18) ---------------------------------------------------------


def test_default_thresholds_are_the_catalogue_defaults():
    t = Thresholds()
    assert (t.early_first_dose_hours, t.late_ards_hours, t.viability_min_pct,
            t.follow_up_min_months, t.follow_up_precedent_months, t.assumed_max_weight_kg,
            t.control_mortality_low, t.control_mortality_high, t.vfd_sd_min,
            t.hyperinflammatory_prevalence) == (72, 168, 70, 24, 12, 120, 0.18, 0.45, 9, 0.30)
    assert t.changed_from_default() == {}


def test_changed_thresholds_reach_the_result_and_the_finding():
    thresholds = Thresholds(early_first_dose_hours=48)
    result = evaluate(mutate({"dosing.first_dose_within_hours": 60}), thresholds)
    assert result.thresholds.changed_from_default() == {"early_first_dose_hours": (48, 72.0)}
    (finding,) = [f for f in result.findings if f.rule == "B-8"]
    assert finding.thresholds == (("early_first_dose_hours", 48, 72.0),)


def test_rules_without_thresholds_carry_no_threshold_note():
    for finding in findings_of(order_design()):
        has_note = "Threshold used:" in finding.message
        assert has_note == bool(finding.thresholds), finding.rule
        assert has_note == (finding.rule in {"B-9", "C-12", "G-3"}), finding.rule
