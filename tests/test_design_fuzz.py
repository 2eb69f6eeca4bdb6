"""Fuzzing every stage: mutated designs either load or raise DesignFileError with JSON paths;
nothing else ever escapes, and whatever loads goes through every stage of the program
(tools/design_stages.py: guidance, sample size and sensitivity table, check text and JSON as
UTF-8, save + re-open equal, fingerprint, comparable trials, every chart's data, schedule,
summary) and, one design in 25, the PDF. The long run of the same is `make fuzz`."""

from __future__ import annotations

import copy
import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from models.design_io import DesignFileError, parse_design_bytes, parse_design_text
from models.resources import resource_path
from tools.design_mutations import design_bytes, mutated_document
from tools.design_stages import PDF_STAGE, STAGES

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


@st.composite
def design_files(draw):
    """A file's bytes: a hypothesis-mutated example (any JSON value anywhere), or one mutated
    field by field at the edges of the schema (tools/design_mutations.py)."""
    if draw(st.booleans()):
        return design_bytes(draw(mutated_designs()))
    rng = draw(st.randoms(use_true_random=False))
    return design_bytes(mutated_document(rng), rng)


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(design_files(), st.integers(min_value=0, max_value=24))
def test_every_accepted_design_goes_through_every_stage(tmp_path_factory, data, pdf_draw):
    try:
        design = parse_design_bytes(data, "fuzz.trial.json")
    except DesignFileError as error:
        assert error.problems
        for line in error.lines():
            assert line.startswith("fuzz.trial.json: ")
            line.encode("utf-8")  # every message prints
        return
    folder = tmp_path_factory.mktemp("stage")
    stages = list(STAGES.items()) + ([PDF_STAGE] if pdf_draw == 0 else [])
    for _name, stage in stages:
        stage(design, folder)  # raises on a broken invariant or an unhandled exception


ACCEPTED_SWEEP = 500


def test_500_accepted_mutations_go_through_every_stage(tmp_path):
    """Hypothesis refuses most of its own mutations at the reader; this seeded sweep makes sure
    that 500 *accepted* designs (cases of `make fuzz --seed 11`) pass every stage, and one in 25
    of them the PDF."""
    from tools.design_mutations import case_random

    accepted = case = 0
    while accepted < ACCEPTED_SWEEP:
        rng = case_random(11, case)
        case += 1
        try:
            design = parse_design_bytes(design_bytes(mutated_document(rng), rng), "f.trial.json")
        except DesignFileError:
            continue
        accepted += 1
        stages = list(STAGES.items()) + ([PDF_STAGE] if accepted % 25 == 0 else [])
        for name, stage in stages:
            try:
                stage(design, tmp_path)
            except Exception as error:
                raise AssertionError(f"case {case - 1} (seed 11), stage {name}: {error!r}; "
                                     f"replay: python -m tools.fuzz_designs --seed 11 "
                                     f"--case {case - 1}") from error
    assert case < 10 * ACCEPTED_SWEEP  # the mutator still makes designs the reader accepts


def test_the_stages_cover_what_the_issue_lists():
    assert set(STAGES) == {"evaluate", "sample size", "check text", "check json",
                           "save + reopen", "fingerprint", "comparable trials", "charts",
                           "schedule", "summary"}
    assert PDF_STAGE[0] == "pdf"


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_arbitrary_text_never_escapes(text):
    try:
        parse_design_text(text, "t")
    except DesignFileError:
        pass
