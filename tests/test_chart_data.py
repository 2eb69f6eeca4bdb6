"""The data behind the charts (models.chart_data), for the example designs, against the evidence
numbers and against the arithmetic redone here: points, confidence intervals, pooled diamonds,
the dose threshold, the power curve's marks, the sensitivity grid, and the trials table's texts
and provenance marks. No Qt: the PDF draws from the same data."""

from __future__ import annotations

import math

import pytest

from models import chart_data as cd
from models import sample_size as ss
from models.design import DoseUnit
from models.design_io import load_design
from models.design_sample_size import compute_design_sample_size
from models.evidence import load_trials
from models.resources import resource_path

Z = 1.959963984540054


@pytest.fixture(scope="module")
def evidence():
    return load_trials(include_user=False)


def example(name: str):
    return load_design(resource_path("examples", f"{name}.trial.json"))


def log_rr_ci(a, n1, c, n2):
    """Risk ratio and 95% CI by the log method, redone independently of models.evidence."""
    rr = (a / n1) / (c / n2)
    se = math.sqrt(1 / a - 1 / n1 + 1 / c - 1 / n2)
    return rr, rr * math.exp(-Z * se), rr * math.exp(Z * se)


# --- small helpers ----------------------------------------------------------------------------


def test_log_ticks_are_one_two_five_per_decade_inside_the_range():
    ticks = cd.log_ticks(0.015, 23)
    assert [t.value for t in ticks] == [0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 20]
    assert [t.label for t in ticks][:3] == ["0.02", "0.05", "0.1"]
    with pytest.raises(ValueError):
        cd.log_ticks(0, 1)


def test_spread_labels_keeps_isolated_labels_and_separates_crowded_ones():
    wanted = [6.0, 7.0, 7.11, 6.3]
    placed = cd.spread_labels(wanted, 0.2)
    assert placed[0] == pytest.approx(6.0) and placed[3] == pytest.approx(6.3)
    assert placed[2] - placed[1] == pytest.approx(0.2)           # pushed apart, order kept
    assert (placed[1] + placed[2]) / 2 == pytest.approx((7.0 + 7.11) / 2)   # around the middle
    # A two-line label needs one and a half gaps to a one-line neighbour; a chain reaction
    # merges clusters until nothing overlaps.
    placed = cd.spread_labels([1.0, 1.05, 1.1, 1.5], 0.2, sizes=[1, 2, 1, 1])
    ordered = sorted(zip(placed, [1, 2, 1, 1]))
    for (low, size_low), (high, size_high) in zip(ordered, ordered[1:]):
        assert high - low >= (size_low + size_high) / 2 * 0.2 - 1e-9


# --- dose landscape ---------------------------------------------------------------------------


def test_dose_chart_places_every_cell_dose_per_kg_against_its_administrations(evidence):
    chart = cd.dose_chart(evidence, example("core-protocol"))
    markers = {m.trial_id: m for m in chart.markers}
    start = markers["T1_START_2019"]
    assert (start.dose_per_kg, start.administrations, start.setting) == (1e7, 1, "classical")
    # MUST-ARDS gave 900 × 10⁶ cells flat: 1.29 × 10⁷/kg at 70 kg, marked as converted.
    must = markers["T1_MUSTARDS_2022"]
    assert must.dose_per_kg == pytest.approx(9e8 / 70) and must.converted_from_flat
    assert markers["T2_ADAS_2021"].administrations == 3
    assert markers["G_KURTZBERG_2014"].setting == "gvhd"
    assert [s.setting for s in chart.series] == ["classical", "covid19", "mixed", "gvhd"]
    assert {s.style.marker for s in chart.series} == {"circle", "square", "triangle", "diamond"}
    # The columns are the counts that occur, in order, with their ticks.
    assert [(t.value, t.label) for t in chart.x_axis.ticks] == \
        [(0.0, "1"), (1.0, "2"), (2.0, "3"), (3.0, "8")]
    assert round(start.x) == 0 and round(markers["G_KURTZBERG_2014"].x) == 3
    assert chart.y_axis.log and "cells/kg" in chart.y_axis.title
    assert all(chart.y_axis.low < m.dose_per_kg < chart.y_axis.high for m in chart.markers)
    assert chart.x_axis.low < min(m.x for m in chart.markers)
    assert "Number of administrations" in chart.x_axis.title


def test_dose_chart_threshold_design_arms_and_what_it_leaves_out(evidence):
    chart = cd.dose_chart(evidence, example("core-protocol"))
    assert chart.threshold.value == 2e6
    assert chart.threshold.label.startswith("2 × 10⁶ cells/kg")
    assert any(t.value == 2e6 and t.label == "2 × 10⁶" for t in chart.y_axis.ticks)
    arms = [(a.label, a.dose_per_kg, a.administrations, a.is_line) for a in chart.design_arms]
    assert arms == [("design: Two doses", 5e6, 2, False), ("design: Three doses", 5e6, 3, False)]
    not_plotted = {n.label: n.reason for n in chart.not_plotted}
    assert "particles are not dosed per kg" in not_plotted["Lightner 2023 (EF-15)"]
    assert "1.2 × 10¹² particles" in not_plotted["Lightner 2023 (EF-15)"]
    assert "dose in ml" in not_plotted["Fathi-Kazerooni 2022"]
    assert not_plotted["EXTINGUISH"] == "dose not available"
    plotted = {m.trial_id for m in chart.markers}
    assert plotted.isdisjoint(n.trial_id for n in chart.not_plotted)
    assert len(plotted) + sum(1 for n in chart.not_plotted if n.trial_id) == len(evidence.trials)
    assert any("70 kg" in note for note in chart.notes)


def test_dose_chart_labels_name_the_trials_and_never_overlap(evidence):
    chart = cd.dose_chart(evidence, example("core-protocol"))
    texts = [label.text for label in chart.labels]
    assert "START, STAT" in texts                       # same dose, same count: one label
    assert "MUST-ARDS*,\nONE-BRIDGE*" in texts          # long: one name per line; * = at 70 kg
    assert "design: Two doses" in texts
    span = math.log10(chart.y_axis.high) - math.log10(chart.y_axis.low)
    gap = cd.LABEL_GAP_FRACTION * span
    for column in {round(label.x) for label in chart.labels}:
        here = sorted((math.log10(label.label_dose), label.text.count("\n") + 1)
                      for label in chart.labels if round(label.x) == column)
        for (low, lines_low), (high, lines_high) in zip(here, here[1:]):
            assert high - low >= (lines_low + lines_high) / 2 * gap - 1e-9
    # Trials on the same spot are drawn side by side, not on top of each other.
    start_stat = [m for m in chart.markers if m.trial_id in ("T1_START_2019", "P_STAT")]
    assert abs(start_stat[0].x - start_stat[1].x) >= cd.COINCIDENT_OFFSET - 1e-9
    # A label starts right of its spot's markers.
    label = next(label for label in chart.labels if label.text == "START, STAT")
    assert label.x == pytest.approx(max(m.x for m in start_stat))


def test_a_design_arm_on_a_trials_spot_stands_beside_it(evidence):
    chart = cd.dose_chart(evidence, example("start-like"))
    (arm,) = chart.design_arms
    assert (arm.dose_per_kg, arm.administrations) == (1e7, 1)
    start = next(m for m in chart.markers if m.trial_id == "T1_START_2019")
    assert arm.x < start.x - cd.COINCIDENT_OFFSET


def test_an_ev_design_is_listed_not_plotted(evidence):
    chart = cd.dose_chart(evidence, example("ev-trial"))
    assert chart.design_arms == ()
    reason = {n.label: n.reason for n in chart.not_plotted}["design: EV 1.2 x 10^12 particles x 2"]
    assert "EV particle count" in reason and "not dosed per kg" in reason


def test_an_arm_without_a_number_of_administrations_is_a_line(evidence):
    design = example("core-protocol")
    design.arms[0].administrations = None
    design.arms[1].dose_value, design.arms[1].dose_unit = 4.2e8, DoseUnit.CELLS
    chart = cd.dose_chart(evidence, design)
    first, second = chart.design_arms
    assert first.is_line and first.x is None and first.dose_per_kg == 5e6
    assert second.dose_per_kg == pytest.approx(6e6) and second.converted_from_flat
    assert "design: Three doses*" in [label.text for label in chart.labels]
    assert any("horizontal line" in note for note in chart.notes)


# --- forest plot ------------------------------------------------------------------------------


def test_forest_rows_carry_each_trials_risk_ratio_ci_and_time_point(evidence):
    chart = cd.forest_chart(evidence)
    rows = {r.trial_id: r for r in chart.trial_rows()}
    start = rows["T1_START_2019"]
    assert (start.rr, start.ci_low, start.ci_high) == pytest.approx(log_rr_ci(12, 40, 3, 20))
    assert start.text.startswith("2.00 (0.64–6.29)") and "12/40 vs 3/20" in start.text
    assert start.label == "START† · 28 days" and start.disputed     # time point disputed
    bowdish = rows["T2_BOWDISH_2023"]
    assert (bowdish.rr, bowdish.ci_low, bowdish.ci_high) == pytest.approx(
        log_rr_ci(42, 112, 47, 110))
    assert bowdish.timepoint == "30 days"
    assert rows["T1_ZHENG_2014"].timepoint == "latest reported"
    assert rows["T2_REBELATTO_2022"].timepoint == "time point not stated"
    # Shu 2020 has no deaths in one arm: 0.5 added to every cell, and marked.
    shu = rows["T2_SHU_2020"]
    assert shu.corrected and "‡" in shu.label
    assert (shu.rr, shu.ci_low, shu.ci_high) == pytest.approx(log_rr_ci(0.5, 13, 3.5, 30))
    assert shu.text.startswith("0.330 (0.018–5.937)")
    assert rows["T1_MUSTARDS_2022"].disputed and not rows["T2_ADAS_2021"].disputed


def test_forest_pooled_diamonds_per_setting(evidence):
    chart = cd.forest_chart(evidence)
    diamonds = {d.setting: d for d in chart.diamonds}
    assert set(diamonds) == {"classical", "covid19"}
    classical = diamonds["classical"]
    assert f"{classical.rr:.2f} ({classical.ci_low:.2f}–{classical.ci_high:.2f})" == \
        "0.70 (0.28–1.75)"
    assert classical.k == 4
    covid = diamonds["covid19"]
    assert f"{covid.rr:.2f} ({covid.ci_low:.2f}–{covid.ci_high:.2f})" == "0.75 (0.52–1.09)"
    assert covid.k == 7
    left, top, right, bottom, closed = classical.polygon()
    assert left == (classical.ci_low, classical.y) == closed
    assert right == (classical.ci_high, classical.y)
    assert top == (classical.rr, classical.y + classical.half_height)
    assert bottom == (classical.rr, classical.y - classical.half_height)
    pooled_row = next(r for r in chart.rows if r.kind == "pooled" and r.setting == "classical")
    assert pooled_row.y == classical.y and pooled_row.label == "Pooled, classical ARDS (k = 4)"
    assert pooled_row.text.startswith("0.70 (0.28–1.75)") and "I² 41%" in pooled_row.text


def test_forest_layout_headings_order_and_axis(evidence):
    chart = cd.forest_chart(evidence)
    kinds = [(r.kind, r.setting) for r in chart.rows]
    assert kinds[0] == ("heading", "classical") and kinds[5] == ("pooled", "classical")
    assert kinds[6] == ("heading", "covid19") and kinds[-1] == ("pooled", "covid19")
    ys = [r.y for r in chart.rows]
    assert ys == sorted(ys, reverse=True) and len(set(ys)) == len(ys)
    assert chart.null_value == 1.0 and chart.x_axis.log
    assert any(t.value == 1 for t in chart.x_axis.ticks)
    assert all(chart.x_axis.low < r.ci_low and r.ci_high < chart.x_axis.high
               for r in chart.rows if r.rr is not None)
    assert "log scale" in chart.x_axis.title


def test_trials_without_an_estimate_are_listed_not_plotted(evidence):
    chart = cd.forest_chart(evidence)
    listed = [n for n in chart.not_plotted if n.setting == "covid19"]
    # The trial with no deaths in either arm comes first in its setting, with the reason.
    assert listed[0].trial_id == "T2_SHI_2021"
    assert "no deaths in either arm" in listed[0].reason
    plotted = {r.trial_id for r in chart.trial_rows()}
    assert "T2_SHI_2021" not in plotted and "T2_GORMAN_2023" not in plotted
    assert {n.trial_id for n in chart.not_plotted if n.trial_id} | plotted == \
        {t.id for t in evidence.trials}
    # Settings without any estimate have no section, only their listed trials.
    assert "gvhd" not in {r.setting for r in chart.rows}


def test_forest_can_show_one_setting(evidence):
    chart = cd.forest_chart(evidence, ["covid19"])
    assert {r.setting for r in chart.rows} == {"covid19"}
    assert [d.setting for d in chart.diamonds] == ["covid19"]


# --- power curve ------------------------------------------------------------------------------


def test_power_chart_marks_the_computed_and_the_planned_n():
    design = example("core-protocol")
    result = compute_design_sample_size(design).result
    chart = cd.design_power_chart(design)
    assert chart.target_power == 0.8
    # Computed: 918 enrolled = 3 × 306; 870 analysed = 3 × 290 before the 5% dropout.
    assert (chart.computed.n_enrolled, chart.computed.n_analysed) == (918, 870)
    assert chart.computed.power == pytest.approx(result.achieved_power)
    assert chart.computed.power >= 0.8
    assert (870.0, chart.computed.power) in chart.points
    # Planned 1200 enrolled leaves 1140 analysed, split by the 1:1:1 allocation.
    assert (chart.planned.n_enrolled, chart.planned.n_analysed) == (1200, 1140)
    expected = ss.binary_power(380, 0.40, 0.28, alpha=0.05, sided=2, ratio=[1, 1], arms=2)
    assert chart.planned.power == pytest.approx(expected)
    assert chart.planned.label == "planned n: 1200 enrolled, 1140 analysed; power 90.1%"
    ns = [n for n, _ in chart.points]
    powers = [p for _, p in chart.points]
    assert ns == sorted(ns) and powers == sorted(powers)
    assert chart.x_axis.high >= ns[-1] and "Patients analysed" in chart.x_axis.title
    assert chart.y_axis.title == "Power (%)" and chart.y_axis.ticks[-1].label == "100%"


def test_power_chart_reaches_a_planned_n_beyond_the_curve():
    result = ss.binary_sample_size(0.40, 0.25, power=0.8)
    chart = cd.power_chart(result, planned_total_n=2000)
    assert result.dropout_pct == 0
    assert chart.planned.n_analysed == 2000
    assert chart.points[-1][0] >= 2000
    assert chart.planned.label.startswith("planned n: 2000; power")
    assert cd.power_chart(result).planned is None


def test_power_chart_for_a_continuous_endpoint_and_none_without_a_computed_n():
    chart = cd.design_power_chart(example("stroma-cov-2-like"))
    assert chart.computed.n_enrolled == 72 and chart.computed.n_analysed == 64
    assert chart.planned.n_enrolled == 47
    assert chart.planned.power < chart.target_power < chart.computed.power
    assert cd.design_power_chart(example("start-like")) is None      # safety endpoint


# --- sensitivity table ------------------------------------------------------------------------


def test_sensitivity_grid_has_the_designs_n_in_the_base_cell():
    result = compute_design_sample_size(example("core-protocol")).result
    grid = cd.sensitivity_grid(result)
    row, column = grid.base
    assert grid.cells[row][column] == str(result.n_total) == "918"
    assert grid.row_headers[row] == "40%" and grid.column_headers[column] == "12"
    assert grid.row_title == "Control-arm mortality"
    assert grid.column_title == "Absolute reduction (percentage points)"
    assert len(grid.cells) == len(grid.row_headers) == 5
    continuous = cd.sensitivity_grid(compute_design_sample_size(
        example("stroma-cov-2-like")).result)
    assert (continuous.row_title, continuous.column_title) == ("Mean difference",
                                                                "Standard deviation")
    assert continuous.cells[continuous.base[0]][continuous.base[1]] == "72"


def test_sensitivity_grid_shows_impossible_cells_as_dashes():
    result = ss.binary_sample_size(0.12, 0.05)
    grid = cd.sensitivity_grid(result)
    assert grid.row_headers[0] == "2%"
    assert "—" in grid.cells[0] and grid.problems


# --- the trials table -------------------------------------------------------------------------


def test_table_cells_are_formatted_and_marked(evidence):
    must = evidence.trial("T1_MUSTARDS_2022")
    assert cd.table_cell_text(must, "mortality_active_events") == "≠ 2"
    assert cd.table_cell_text(must, "dose_value") == "9 × 10⁸"
    assert cd.table_cell_text(must, "product_kind") == "MAPC"
    assert cd.table_cell_text(must, "user_supplied") == "bundled"
    start = evidence.trial("T1_START_2019")
    assert cd.cell_provenance(start, "cryopreserved").mark == cd.UNCERTAIN
    assert cd.table_cell_text(start, "cryopreserved").startswith("? ")
    assert cd.cell_provenance(start, "n_active").mark == ""
    assert cd.table_cell_text(evidence.trial("T1_ZHENG_2014"), "steroid_use") == ""  # unknown
    # Percentages print as percentages; this trial's mortality is uncertain, and says so.
    assert cd.table_cell_text(evidence.trial("T2_FATHIKAZEROONI_2022"),
                              "mortality_active_pct") == "? 43%"


def test_provenance_names_sources_alternatives_and_the_rule(evidence):
    must = evidence.trial("T1_MUSTARDS_2022")
    provenance = cd.cell_provenance(must, "mortality_control_n")
    assert provenance.mark == cd.DISPUTED and provenance.status.status == "uncertain"
    text = "\n".join(provenance.lines())
    assert "Used: 2/20 (10%) vs 4/10 (40%)" in text
    assert "Alternative: 25% vs 45% at 28 days (primary abstract)" in text
    assert "Source CURLEY_T1: The paper's Table 1 (complete)." in text
    assert "Why the used value:" in text
    # A disagreement about nothing in the table (baseline balance) marks the trial's name.
    assert cd.cell_provenance(must, "short_name").mark == cd.DISPUTED
    assert "baseline" in "\n".join(cd.cell_provenance(must, "short_name").lines())
    # A disagreement on a column (the year) marks that column only.
    lanzoni = evidence.trial("T2_LANZONI_2021")
    assert cd.cell_provenance(lanzoni, "year").mark == cd.DISPUTED
    assert cd.cell_provenance(lanzoni, "route").mark == ""


def test_filters_and_sorting_of_the_table(evidence):
    assert cd.filter_choices(evidence.trials, "setting") == [
        ("classical", "classical ARDS"), ("covid19", "COVID-19"), ("mixed", "mixed ARDS"),
        ("gvhd", "GvHD")]
    evs = [t.id for t in evidence.trials if cd.trial_matches(
        t, {"setting": None, "product_kind": "msc_ev", "tissue_source": None})]
    assert evs == ["T2_LIGHTNER_2023_EF15", "T2_LIGHTNER_2023_EF10", "P_EXTINGUISH"]
    ordered = sorted(evidence.trials, key=lambda t: cd.sort_key(t, "n_active"))
    numbers = [t["n_active"] for t in ordered]
    known = [n for n in numbers if n is not None]
    assert known == sorted(known) and numbers[len(known):] == [None] * (len(numbers) - len(known))
