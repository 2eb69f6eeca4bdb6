"""Numbers typed into the wizard (models/number_text.py, issue 16 bug 1): '1,000' was read as 1.
Now grouping separators are read where they are unambiguous and refused with a message where
they are not; nothing is truncated silently."""

from __future__ import annotations

import pytest

from models.number_text import NumberTextError, parse_number, parse_number_list


@pytest.mark.parametrize("text, value", [
    ("5e6", 5e6), ("2", 2), ("", None), ("  ", None), ("0,4", 0.4), ("0.4", 0.4),
    ("1,234.5", 1234.5), ("1.234,5", 1234.5), ("1,000,000", 1_000_000),
    ("1.000.000", 1_000_000), ("5 000 000", 5_000_000), ("1\u202f000", 1000),
    ("1'000", 1000), ("2 × 10^6", 2e6), ("-3", -3), ("12,5", 12.5), ("1,0000", 1.0),
])
def test_numbers_as_typed(text, value):
    assert parse_number(text) == value
    if isinstance(value, int):
        assert isinstance(parse_number(text), int)


@pytest.mark.parametrize("text", ["1,000", "300,000", "-1,250"])
def test_a_single_comma_before_three_digits_is_ambiguous(text):
    with pytest.raises(NumberTextError, match="ambiguous"):
        parse_number(text)


@pytest.mark.parametrize("text", ["abc", "1.2.3", "1,23.4", "1..2"])
def test_not_numbers(text):
    with pytest.raises(NumberTextError):
        parse_number(text)


def test_lists_are_separated_by_commas():
    assert parse_number_list("0, 2, 7") == [0, 2, 7]
    assert parse_number_list("0.33; 0.67; 1") == [0.33, 0.67, 1]
    assert parse_number_list("") is None


def test_the_wizard_refuses_an_ambiguous_total_and_keeps_the_design(qtbot):
    from models.design_io import load_design
    from models.resources import resource_path
    from test_pages import Harness
    from ui.pages.endpoints import EndpointsPage

    harness = Harness(qtbot, [EndpointsPage],
                      load_design(resource_path("examples", "ev-trial.trial.json")))
    widget = harness.widget("statistics.planned_total_n")
    messages = []
    harness.binder.rejected.connect(lambda path, message: messages.append(message))
    widget.setFocus()
    widget.selectAll()
    qtbot.keyClicks(widget, "1,000")
    assert harness.session.get("statistics.planned_total_n") == 750   # as it was, not 1
    assert widget.property("invalid") and "ambiguous" in messages[-1]
    widget.selectAll()
    qtbot.keyClicks(widget, "1000")
    assert harness.session.get("statistics.planned_total_n") == 1000
