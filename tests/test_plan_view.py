"""Step 6 shows the group-sequential plan of the design as it stands (sentence, table, chart)
and simulates its operating characteristics off the GUI thread, with progress, Cancel, and a
table that says when it no longer belongs to the design."""

from __future__ import annotations

from models.design_io import load_design
from models.resources import resource_path
from test_pages import Harness
from ui.pages.endpoints import EndpointsPage

EV = resource_path("examples", "ev-trial.trial.json")


def test_the_plan_follows_the_design(qtbot):
    harness = Harness(qtbot, [EndpointsPage], load_design(EV))
    box = harness.page.plan_box
    assert box.box.isVisible() and box.plan.design.looks == 3
    assert box.table.rowCount() == 3
    assert box.table.item(0, 3).text() == "3.731"      # efficacy z at look 1 (33%)
    assert box.chart is not None and box.chart.chart.efficacy[0][1] > 3.7
    harness.session.set_value("statistics.interim_analyses", 3)   # 3 fractions for 4 looks
    assert not box.box.isVisible()
    assert "for 4 looks" in harness.page.sample_size_labels["headline"].text()
    harness.session.set_value("statistics.interim_analyses", 0)
    assert not box.box.isVisible()


def test_simulation_runs_off_the_gui_thread_and_goes_stale(qtbot):
    harness = Harness(qtbot, [EndpointsPage], load_design(EV))
    oc = harness.page.oc_box
    oc.simulate_button.click()
    assert not oc.simulate_button.isEnabled() and oc.cancel_button.isEnabled()
    qtbot.waitUntil(lambda: oc.result is not None, timeout=30_000)
    assert oc.table.rowCount() == 6 and oc.progress.value() == 100
    assert oc.table.item(0, 0).text().endswith("(no effect)")
    harness.session.set_value("statistics.planned_total_n", 800)
    assert "has changed since" in oc.status.text()


def test_simulation_can_be_cancelled(qtbot):
    harness = Harness(qtbot, [EndpointsPage], load_design(EV))
    oc = harness.page.oc_box
    oc.start()
    oc.cancel()  # before the first chunk: the worker stops at once
    qtbot.waitUntil(lambda: not oc.running, timeout=30_000)
    # The whole run takes about 100 ms and is checked for Cancel before every chunk, so the
    # cancel above always lands before the last one.
    assert oc.status.text() == "Cancelled." and oc.result is None
    assert oc.simulate_button.isEnabled()


def test_an_edit_during_the_run_makes_the_result_out_of_date(qtbot):
    # Found in review: the finished run showed the old design's numbers as current.
    harness = Harness(qtbot, [EndpointsPage], load_design(EV))
    oc = harness.page.oc_box
    oc.start()
    harness.session.set_value("statistics.power", 0.95)
    qtbot.waitUntil(lambda: not oc.running, timeout=30_000)
    assert "has changed since" in oc.status.text()


def test_a_failed_run_hides_the_old_table_and_says_why(qtbot):
    harness = Harness(qtbot, [EndpointsPage], load_design(EV))
    oc = harness.page.oc_box
    oc.start()
    qtbot.waitUntil(lambda: oc.result is not None, timeout=30_000)
    harness.session.set_value("statistics.interim_analyses", 3)   # 3 fractions for 4 looks
    oc.start()
    qtbot.waitUntil(lambda: not oc.running, timeout=30_000)
    assert not oc.table.isVisible() and oc.result is None
    assert "for 4 looks" in oc.status.text()
