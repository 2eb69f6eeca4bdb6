"""SPIRIT 2025 completeness (models/spirit.py, resources/spirit/spirit2025.toml): which items the
design informs, with which fields; which are open; which are outside its scope. Qt-free."""

from __future__ import annotations

from models.design import Design
from models.design_io import copy_design, load_design
from models.resources import resource_path
from models.spirit import INFORMED, OPEN, OUTSIDE, spirit_completeness, spirit_map, validate_map


def example(name: str) -> Design:
    return load_design(resource_path("examples", f"{name}.trial.json"))


def items(design: Design) -> dict:
    return {item.item: item for item in spirit_completeness(design).items}


def test_the_data_file_names_only_fields_the_format_has_and_cites_its_source():
    assert validate_map() == []
    source, entries = spirit_map()
    assert "SPIRIT 2025 statement" in source.citation and source.doi == "10.1136/bmj-2024-081477"
    numbers = {entry.item.rstrip("abcd") for entry in entries}
    # The statement's 34 numbered items, each present (with its sub-items).
    assert numbers == {str(n) for n in range(1, 35)}
    assert len({entry.item for entry in entries}) == len(entries)


def test_the_core_protocol_example_informs_all_but_its_registration():
    found = items(example("core-protocol"))
    assert found["4"].status == OPEN and found["4"].open_fields == ("meta.registry_id",)
    assert found["19"].status == INFORMED
    assert "statistics.binary.control_rate" in found["19"].informed_fields
    assert "statistics.continuous.sd" not in found["19"].informed_fields   # does not apply
    assert found["15a"].status == INFORMED
    assert {"dosing.arms[0].route", "dosing.arms[1].route"} <= set(found["15a"].informed_fields)
    assert found["26"].status == OUTSIDE and found["26"].topic == "Data management"
    assert "not in the design" in found["26"].note


def test_an_undecided_field_makes_its_item_open_and_deciding_it_informs_it():
    design = example("core-protocol")
    design.safety.dsmb = None
    assert items(design)["28a"].status == OPEN
    assert items(design)["28a"].open_fields == ("safety.dsmb",)
    design.safety.dsmb = False      # a decision, even "no": the item is informed
    assert items(design)["28a"].status == INFORMED


def test_conditions_come_from_the_core_protocol_checklist():
    design = example("core-protocol")
    design.dosing.arms[1].interval_hours = None   # three doses need an interval
    assert "dosing.arms[1].interval_hours" in items(design)["15a"].open_fields
    changed = copy_design(design)
    changed.dosing.arms[1].administrations = 1    # one dose: no interval to decide
    assert "dosing.arms[1].interval_hours" not in items(changed)["15a"].open_fields


def test_an_empty_design_has_every_mappable_item_open_and_the_rest_outside():
    result = spirit_completeness(Design())
    assert result.count(INFORMED) == 0
    assert result.count(OPEN) + result.count(OUTSIDE) == len(result.items) == 53
    assert all(item.open_fields for item in result.items if item.status == OPEN)
    assert result.as_dict()["counts"] == {"informed": 0, "open": result.count(OPEN),
                                          "outside": result.count(OUTSIDE)}
