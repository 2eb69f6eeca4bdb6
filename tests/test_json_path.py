"""JSON paths (models/json_path.py): the one parser and resolver of ``a.b[0].c`` that the reader,
the session, SPIRIT's map, the comparison and the tests share. Each expectation is written by
hand from the path syntax (docs/design-format-v2.md), not computed with the module."""

from __future__ import annotations

import pytest

from models.design import Arm, Design, DoseUnit
from models.design_io import load_design
from models.json_path import (
    DELETE,
    format_path,
    generic_path,
    get_path,
    list_item,
    owner_of,
    parse_path,
    set_in_document,
    spec_for_path,
    without_indexes,
)
from models.resources import resource_path


@pytest.mark.parametrize("path, steps", [
    ("meta.title", ["meta", "title"]),
    ("dosing.arms[0].dose_value", ["dosing", "arms", 0, "dose_value"]),
    ("control.allocation_ratio[2]", ["control", "allocation_ratio", 2]),
    ("grid[1][3].x", ["grid", 1, 3, "x"]),
])
def test_parse_and_format_are_inverse(path, steps):
    assert parse_path(path) == steps
    assert format_path(steps) == path


@pytest.mark.parametrize("bad", ["", "a..b", "a.[0]", "a[x]", "a[-1]", "a b", "a.0"])
def test_malformed_paths_are_refused_with_the_path_named(bad):
    with pytest.raises(ValueError, match="JSON path"):
        parse_path(bad)


def test_generic_forms():
    assert generic_path("dosing.arms[1].dose_value") == "dosing.arms[].dose_value"
    assert without_indexes("dosing.arms[1]") == "dosing.arms"
    assert list_item("endpoints.secondary[2].name") == ("endpoints.secondary", 2)
    assert list_item("meta.title") is None


def test_get_path_over_a_design():
    design = load_design(resource_path("examples", "core-protocol.trial.json"))
    assert get_path(design, "dosing.arms[1].administrations") == 3
    assert get_path(design, "dosing.arms[0].dose_unit") is DoseUnit.CELLS_PER_KG
    assert get_path(design, "dosing.arms[9].dose_value") is None
    assert get_path(design, "meta.nonexistent") is None
    assert get_path(design, "not a path") is None


def test_get_path_reaches_fields_only_never_python_attributes():
    design = Design()
    assert get_path(design, "__class__") is None
    assert get_path(design, "meta.__dict__") is None
    assert get_path(design, "dosing.arms") is None  # no arms yet


def test_get_path_over_a_document():
    document = {"dosing": {"arms": [{"route": "intravenous"}, {"route": "inhaled"}]}}
    assert get_path(document, "dosing.arms[1].route") == "inhaled"
    assert get_path(document, "dosing.arms[2].route") is None
    assert get_path(document, "dosing.route") is None


def test_owner_of_is_the_object_to_assign_on():
    design = Design()
    design.dosing.arms = [Arm(), Arm()]
    owner, name = owner_of(design, "dosing.arms[1].route")
    assert owner is design.dosing.arms[1] and name == "route"
    with pytest.raises(KeyError):
        owner_of(design, "dosing.arms[5].route")   # no such arm
    with pytest.raises(KeyError):
        owner_of(design, "control.allocation_ratio[0]")  # ends on an index, not a field


def test_spec_for_path_follows_the_schema():
    assert spec_for_path("dosing.arms[0].dose_value").kind == "number"
    assert spec_for_path("dosing.arms.dose_value").kind == "number"
    assert spec_for_path("product.characterization").kind == "block"
    assert spec_for_path("population.respiratory_support").kind == "list"
    for bad in ("meta.nonexistent", "meta[0].title", "meta.title.more", "", "dosing.arms[x]"):
        with pytest.raises(KeyError):
            spec_for_path(bad)


def test_set_in_document_appends_creates_and_deletes():
    document = {"a": {"b": [1]}}
    set_in_document(document, "a.b[1]", 2)
    set_in_document(document, "c.d[0].e", 3)
    assert document == {"a": {"b": [1, 2]}, "c": {"d": [{"e": 3}]}}
    set_in_document(document, "c.d", DELETE)
    assert document == {"a": {"b": [1, 2]}, "c": {}}
    set_in_document(document, "x.y", DELETE)  # deleting what is not there creates nothing
    assert "x" not in document


def test_set_in_document_copies_the_value():
    value = {"route": "intravenous"}
    document: dict = {}
    set_in_document(document, "dosing.arms[0]", value)
    value["route"] = "inhaled"
    assert document == {"dosing": {"arms": [{"route": "intravenous"}]}}
