"""The report's context and layout (reports/context.py, reports/layout.py): a second export of
the same statistics reuses the seeded simulation of part 5 and prints the same numbers; a plain
paragraph set without reportlab's markup parser is the paragraph the parser makes; the parts
are plain functions of the context, shared by the PDF and the Word summary."""

from __future__ import annotations

import datetime

import pytest
from reportlab import rl_config
from reportlab.platypus import Paragraph

import models.design_simulation as design_simulation
import reports.context as context
from models.design_io import copy_design, load_design
from models.guidance import evaluate
from models.resources import resource_path
from reports.layout import paragraph
from reports.pdf import build_pdf
from reports.styles import styles

CORE = resource_path("examples", "core-protocol.trial.json")
WHEN = datetime.datetime(2025, 1, 2, 3, 4)


@pytest.fixture
def counted_simulations(monkeypatch):
    """The number of times the model's simulation runs, from an empty cache."""
    calls = []
    real = design_simulation.design_operating_characteristics

    def spy(design, outcome, **kwargs):
        calls.append(design.meta.title)
        return real(design, outcome, **kwargs)

    monkeypatch.setattr(design_simulation, "design_operating_characteristics", spy)
    monkeypatch.setattr(context, "_simulations", {})
    return calls


def test_a_second_export_of_the_same_statistics_reuses_the_simulation(counted_simulations,
                                                                       monkeypatch):
    monkeypatch.setattr(rl_config, "invariant", 1)   # no dates or random id in the bytes
    design = load_design(CORE)
    first, _ = build_pdf(design, generated=WHEN)
    again, _ = build_pdf(design, generated=WHEN)
    assert counted_simulations == [design.meta.title]
    assert again == first
    retitled = copy_design(design)
    retitled.meta.title = "The same trial, renamed"   # the simulated trial is unchanged
    build_pdf(retitled, generated=WHEN)
    assert len(counted_simulations) == 1


def test_other_statistics_are_simulated_anew(counted_simulations):
    design = load_design(CORE)
    build_pdf(design)
    changed = copy_design(design)
    changed.statistics.binary.treatment_rate = changed.statistics.binary.control_rate - 0.05
    build_pdf(changed)
    assert len(counted_simulations) == 2


def test_the_simulation_cache_is_bounded(counted_simulations):
    design = load_design(CORE)
    for step in range(context.SIMULATIONS_KEPT + 2):
        changed = copy_design(design)
        changed.statistics.binary.treatment_rate = 0.2 + step * 0.01
        context.operating_characteristics(changed, evaluate(changed).sample_size)
    assert len(context._simulations) == context.SIMULATIONS_KEPT


@pytest.mark.parametrize("text", ["Sensitivity table", "  two  spaces, a tab\there  ",
                                  "lines\nof text\n\nand a blank one", "中文 and ü, 'quoted'",
                                  "x" * 3000, "a > b"])
@pytest.mark.parametrize("style", ["body", "cell", "cell_head", "small", "h2"])
def test_a_plain_paragraph_is_the_one_the_markup_parser_makes(text, style):
    st = styles()[style]
    fast, parsed = paragraph(text, st), Paragraph(text, st)
    assert fast.text == parsed.text and fast.style is parsed.style
    assert [vars(f) for f in fast.frags] == [vars(f) for f in parsed.frags]
    assert fast.wrap(200, 1000) == parsed.wrap(200, 1000)


def test_markup_still_goes_through_the_parser():
    st = styles()["body"]
    bold = paragraph("<b>bold</b> &amp; plain", st)
    assert "".join(f.text for f in bold.frags) == "bold & plain"
    assert bold.frags[0].fontName != bold.frags[-1].fontName   # the bold font, then the plain
