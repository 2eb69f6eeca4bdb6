"""Fuzzing the reader: mutated designs either load or raise DesignFileError with JSON paths;
nothing else ever escapes, and whatever loads can be checked and round-trips."""

from __future__ import annotations

import copy
import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from models.design_io import DesignFileError, design_to_dict, parse_design, parse_design_text
from models.guidance import evaluate
from models.resources import resource_path

BASES = [json.loads(p.read_text(encoding="utf-8"))
         for p in sorted(resource_path("examples").glob("*.trial.json"))]

json_scalars = st.one_of(
    st.none(), st.booleans(), st.integers(min_value=-10**15, max_value=10**15),
    st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=30),
    st.sampled_from(["msc", "2a", "cells", "placebo", "", " ", "invasive_ventilation",
                     "mortality", "ventilator_free_days", "umbilical_cord", "berlin_2012"]),
    st.sampled_from([0, 1, 2, 3, 0.5, 1e6, 1e13, 2e13, 300, 721, -1, 28, 1.5]),
)
json_values = st.recursive(json_scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=12), inner, max_size=4)),
    max_leaves=8)


def _paths(node, prefix=()):
    """Every (container, key) pair in a JSON tree, so a mutation can target any of them."""
    if isinstance(node, dict):
        for key, child in node.items():
            yield node, key
            yield from _paths(child, prefix + (key,))
    elif isinstance(node, list):
        for index, child in enumerate(node):
            yield node, index
            yield from _paths(child, prefix + (index,))


@st.composite
def mutated_designs(draw):
    document = copy.deepcopy(draw(st.sampled_from(BASES)))
    for _ in range(draw(st.integers(min_value=1, max_value=4))):
        places = list(_paths(document))
        container, key = draw(st.sampled_from(places))
        action = draw(st.sampled_from(["replace", "delete", "add"]))
        if action == "replace":
            container[key] = draw(json_values)
        elif action == "delete":
            if isinstance(container, dict):
                del container[key]
            else:
                container.pop(key)
        elif isinstance(container, dict):
            container[draw(st.sampled_from(["x", "title", "kind", "arms", "n"]))] = \
                draw(json_values)
        else:
            container.append(draw(json_values))
    return document


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated_designs())
def test_mutated_designs_load_or_fail_cleanly(document):
    try:
        design = parse_design(document, "fuzz.trial.json")
    except DesignFileError as error:
        assert error.problems
        for line in error.lines():
            assert line.startswith("fuzz.trial.json: ")
        return
    result = evaluate(design)  # every loadable design can be checked
    assert result.counts["error"] + result.counts["warning"] + result.counts["advice"] \
        == len(result.findings)
    assert parse_design(design_to_dict(design)) == design


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_arbitrary_text_never_escapes(text):
    try:
        parse_design_text(text, "t")
    except DesignFileError:
        pass
