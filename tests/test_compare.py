"""models.compare: two versions of a design, field by field, with the findings, the computed n,
the core-protocol checklist and the Box 1 map that follow from them. Qt-free."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from models.compare import ADDED, CHANGED, REMOVED, compare_designs, design_version, \
    field_changes, sample_size_words
from models.design import (
    Arm,
    BinaryMethod,
    Design,
    DoseUnit,
    EfficacyBoundary,
    EndpointKind,
    Route,
    block,
    value,
)
from models.design_io import copy_design, load_design
from models.resources import resource_path


# A stand-in for a format-3 section: plain fields, a nested block and a list of blocks.
@dataclass
class Site:
    country: Optional[str] = value()


@dataclass
class Funding:
    funder: Optional[str] = value()
    amount: Optional[float] = value(minimum=0)


@dataclass
class Governance:
    funding: Funding = block(Funding)
    sites: Optional[list[Site]] = value()
    steering_committee: Optional[bool] = value()


def example(name: str) -> Design:
    return load_design(resource_path("examples", f"{name}.trial.json"))


def by_path(comparison) -> dict:
    return {c.path: c for c in comparison.fields}


def test_a_design_compared_with_itself_is_identical():
    design = example("core-protocol")
    comparison = compare_designs(design, copy_design(design))
    assert comparison.identical
    assert comparison.fields == () and comparison.findings_appeared == ()
    assert comparison.sample_size_change == 0
    assert comparison.as_dict()["identical"] is True


def test_every_changed_field_is_named_by_path_with_old_and_new_in_the_programs_words():
    old = example("core-protocol")
    new = copy_design(old)
    new.dosing.arms[0].route = Route.INTRATRACHEAL
    new.statistics.group_sequential.efficacy = EfficacyBoundary.LD_POCOCK
    new.population.age_max = None
    new.sampling.timepoints_days = [0, 2, 7, 28]
    changes = by_path(compare_designs(old, new))
    route = changes["dosing.arms[0].route"]
    assert (route.label, route.old, route.new, route.change) == (
        "Arm 1: Route", "Intravenous", "Intratracheal", CHANGED)
    # Every choice reads as models/vocabulary.py labels it (the wizard's words).
    efficacy = changes["statistics.group_sequential.efficacy"]
    assert efficacy.old == "Lan-DeMets O'Brien-Fleming-like spending"
    assert efficacy.new == "Lan-DeMets Pocock-like spending"
    assert changes["population.age_max"].new == "not decided"
    assert changes["population.age_max"].old == "85 years"
    assert changes["sampling.timepoints_days"].detail == "added 28 days; removed 4 days"
    assert set(changes) == {"dosing.arms[0].route", "statistics.group_sequential.efficacy",
                            "population.age_max", "sampling.timepoints_days"}


def test_arms_are_matched_by_position_and_an_extra_arm_is_added_or_removed_whole():
    old = example("core-protocol")
    new = copy_design(old)
    new.dosing.arms.append(Arm(label="High dose", dose_value=1e7, dose_unit=DoseUnit.CELLS_PER_KG,
                               administrations=1, route=Route.INTRAVENOUS))
    added = by_path(compare_designs(old, new))["dosing.arms[2]"]
    assert added.change == ADDED and added.old == "no arm 3"
    assert "Label: High dose" in added.new and "Dose per administration: 1 × 10⁷" in added.new
    removed = by_path(compare_designs(new, old))["dosing.arms[2]"]
    assert removed.change == REMOVED and removed.new == "no arm 3"


def test_a_field_added_to_the_schema_is_compared_without_an_edit():
    old = Governance(sites=[Site("France")])
    new = Governance(funding=Funding(funder="A funder", amount=2.5),
                     sites=[Site("Ireland"), Site("Spain")], steering_committee=True)
    changes = {c.path: c for c in field_changes(old, new, "governance")}
    assert changes["governance.funding.funder"].new == "A funder"
    assert changes["governance.funding.amount"].new == "2.5"
    assert (changes["governance.sites[0].country"].old,
            changes["governance.sites[0].country"].new) == ("France", "Ireland")
    assert changes["governance.sites[1]"].change == ADDED
    assert changes["governance.steering_committee"].new == "yes"


def test_findings_that_appear_and_disappear_are_named_by_rule_and_title():
    old = example("core-protocol")
    new = copy_design(old)
    new.dosing.arms[0].dose_value = 1e6    # below 2 × 10⁶/kg: B-1 for arm 1
    new.safety.dsmb = False                # interim looks without a DSMB: S-2 (and G-5)
    comparison = compare_designs(old, new)
    appeared = {f.rule: f for f in comparison.findings_appeared}
    assert appeared["B-1"].title == "Dose below 2 × 10⁶ cells/kg"
    assert appeared["B-1"].arm == old.dosing.arms[0].label
    assert "S-2" in appeared
    assert comparison.findings_disappeared == ()
    back = compare_designs(new, old)
    assert {f.rule for f in back.findings_disappeared} == set(appeared)
    # Box 1 proposal 4 (at least 2 × 10⁶/kg) is met in the old version and not in the new one.
    box1 = {b.number: b for b in comparison.box1}
    assert box1[4].old == "met" and box1[4].new.startswith("not met (B-1")


def _binary_trial(treatment_rate: float) -> Design:
    design = example("start-like")
    stats = design.statistics
    design.endpoints.primary.kind = EndpointKind.MORTALITY
    design.endpoints.primary.timepoint_days = 28
    design.control.allocation_ratio = [1, 1]
    design.dosing.arms = design.dosing.arms[:1]
    stats.analysis = None
    stats.interim_analyses = 0
    stats.alpha, stats.sided, stats.power, stats.dropout_pct = 0.05, 2, 0.8, 0
    stats.binary.control_rate, stats.binary.treatment_rate = 0.40, treatment_rate
    stats.binary.method = BinaryMethod.POOLED
    stats.planned_total_n = 300
    return design


def test_the_change_in_computed_n_matches_r_power_prop_test():
    # R: power.prop.test(p1 = 0.40, p2 = 0.25, power = 0.8) gives n = 151.8 per group (152);
    # power.prop.test(p1 = 0.40, p2 = 0.30, power = 0.8) gives n = 355.6 (356).
    comparison = compare_designs(_binary_trial(0.25), _binary_trial(0.30))
    assert comparison.sample_size_old.n_to_enrol == 304
    assert comparison.sample_size_new.n_to_enrol == 712
    assert comparison.sample_size_change == 408
    assert sample_size_words(comparison) == "304 → 712 to enrol (+408)"


def test_the_group_sequential_maximum_is_reported_when_planned():
    old = example("core-protocol")       # two interim looks, LD O'Brien-Fleming: maximum 942
    new = copy_design(old)
    new.statistics.interim_analyses = 0
    new.statistics.group_sequential.info_rates = None
    comparison = compare_designs(old, new)
    assert comparison.sample_size_old.max_n == 942 == comparison.sample_size_old.n_to_enrol
    assert comparison.sample_size_new.max_n is None
    # Without looks the fixed sample is the design's own (Dunnett, 918); the plan inflated the
    # Bonferroni one (933) to 942.
    assert comparison.sample_size_new.n_to_enrol == comparison.sample_size_old.fixed_n == 918
    assert comparison.sample_size_change == -24


def test_the_checklist_change_and_the_version_names():
    old = example("core-protocol")
    new = copy_design(old)
    new.control.blinding = None
    new.meta.protocol_version = None
    comparison = compare_designs(old, new)
    assert comparison.checklist_addressed == (9, 8) and comparison.checklist_total == 9
    (item,) = comparison.checklist
    assert (item.number, item.title, item.old, item.new) == (9, "Blinding", "addressed",
                                                             "not addressed")
    assert comparison.old_version == "version 1.0"
    assert design_version(new).startswith("fingerprint ") and len(design_version(new)) == 24
    data = comparison.as_dict()
    assert set(data) == {"identical", "versions", "fields", "findings", "sample_size",
                         "core_protocol", "box1"}
    assert data["core_protocol"]["changed"][0]["new"] == "not addressed"
