"""The evidence view: the trials table model (pytest-qt's model tester, sorting, filtering,
provenance marks), importing a user's CSV through the view, and the view following the design
as it is edited, from the window's View menu.

Every test runs with HOME and XDG_* in a temporary folder (tests/conftest.py), so imported trials
land there; the program keeps the loaded evidence between uses, so it is dropped after each."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt

from models import chart_data as cd
from models.evidence import forget_loaded_evidence, load_trials, user_trials_path
from models.evidence.schema import COLUMNS
from models.resources import resource_path
from ui import dialogs
from ui import evidence_view as ev
from ui.main_window import MainWindow
from ui.trials_model import PROVENANCE_ROLE, TRIAL_ID_ROLE, TrialsFilterModel, TrialsTableModel

BUNDLED = resource_path("evidence", "trials.csv")


@pytest.fixture(autouse=True)
def _fresh_evidence():
    forget_loaded_evidence()
    yield
    forget_loaded_evidence()


@pytest.fixture(scope="module")
def evidence():
    return load_trials(include_user=False)


@pytest.fixture
def model(evidence):
    return TrialsTableModel(evidence)


def cell(model, trial_id: str, column: str):
    row = next(r for r in range(model.rowCount()) if model.trial(r).id == trial_id)
    return model.index(row, model.column_index(column))


# --- the table model --------------------------------------------------------------------------


def test_table_model_passes_the_model_tester(qtmodeltester, model):
    qtmodeltester.check(model)
    assert model.rowCount() == len(model.evidence.trials) == 23
    assert model.columnCount() == len(COLUMNS) + 1           # every column, and the origin


def test_sorting_filtering_proxy_passes_the_model_tester(qtmodeltester, model):
    proxy = TrialsFilterModel()
    proxy.setSourceModel(model)
    proxy.set_filter("setting", "covid19")
    proxy.sort(model.column_index("n_active"), Qt.SortOrder.AscendingOrder)
    qtmodeltester.check(proxy)


def test_table_rows_are_the_trial_records_with_formatted_cells(model):
    trials = model.evidence.trials
    for row in (0, 5, 22):
        assert model.index(row, 0).data(TRIAL_ID_ROLE) == trials[row].id
    assert model.headerData(0, Qt.Orientation.Horizontal) == "Trial"
    # Each row is headed by its trial (it stays in sight when the table scrolls sideways), with
    # the mark of a disagreement about the trial as a whole.
    must = cell(model, "T1_MUSTARDS_2022", "short_name").row()
    assert model.headerData(must, Qt.Orientation.Vertical) == "MUST-ARDS (cohort 3) ≠"
    assert "baseline" in model.headerData(must, Qt.Orientation.Vertical,
                                          Qt.ItemDataRole.ToolTipRole)
    assert model.headerData(0, Qt.Orientation.Vertical) == "Zheng 2014"
    assert cell(model, "T1_START_2019", "n_active").data() == "40"
    assert cell(model, "T1_START_2019", "setting").data() == "classical ARDS"
    assert cell(model, "T1_MUSTARDS_2022", "dose_value").data() == "9 × 10⁸"
    assert cell(model, "T1_START_2019", "user_supplied").data() == "bundled"
    assert cell(model, "T1_ZHENG_2014", "steroid_use").data() == ""   # unknown stays empty


def test_provenance_marks_tooltips_and_tints(model):
    disputed = cell(model, "T1_MUSTARDS_2022", "mortality_active_events")
    assert disputed.data(PROVENANCE_ROLE) == "disputed"
    assert disputed.data() == "≠ 2"
    tooltip = disputed.data(Qt.ItemDataRole.ToolTipRole)
    assert "Sources disagree" in tooltip and "25% vs 45% at 28 days" in tooltip
    assert disputed.data(Qt.ItemDataRole.BackgroundRole) is not None
    uncertain = cell(model, "T1_START_2019", "cryopreserved")
    assert uncertain.data(PROVENANCE_ROLE) == "uncertain" and uncertain.data().startswith("? ")
    plain = cell(model, "T1_START_2019", "n_active")
    assert plain.data(PROVENANCE_ROLE) == ""
    assert plain.data(Qt.ItemDataRole.BackgroundRole) is None
    assert "verified against the sources named" in plain.data(Qt.ItemDataRole.ToolTipRole)
    # Every marked cell is marked in its text too (a tint alone is lost in grey).
    for row in range(model.rowCount()):
        for column in range(model.columnCount()):
            index = model.index(row, column)
            mark = index.data(PROVENANCE_ROLE)
            if mark:
                assert index.data().startswith(cd.MARKS[mark] + " ")
            elif not index.data():
                assert index.data(Qt.ItemDataRole.BackgroundRole) is None   # nothing to mark


def test_filters_and_numeric_sorting(model):
    proxy = TrialsFilterModel()
    proxy.setSourceModel(model)
    ids = lambda: [proxy.index(r, 0).data(TRIAL_ID_ROLE) for r in range(proxy.rowCount())]  # noqa
    proxy.set_filter("setting", "covid19")
    assert proxy.rowCount() == 12
    assert all(model.evidence.trial(i).setting == "covid19" for i in ids())
    proxy.set_filter("product_kind", "msc_ev")
    assert ids() == ["T2_LIGHTNER_2023_EF15", "T2_LIGHTNER_2023_EF10"]
    proxy.set_filter("setting", None)
    proxy.set_filter("tissue_source", "bone_marrow")
    assert ids() == ["T2_LIGHTNER_2023_EF15", "T2_LIGHTNER_2023_EF10", "P_EXTINGUISH"]
    with pytest.raises(KeyError):
        proxy.set_filter("route", "intravenous")
    proxy.set_filter("product_kind", None)
    proxy.set_filter("tissue_source", None)
    # Numbers sort as numbers (112 after 65, not before), unknown values last.
    proxy.sort(model.column_index("n_active"), Qt.SortOrder.AscendingOrder)
    column = model.column_index("n_active")
    texts = [proxy.index(r, column).data() for r in range(proxy.rowCount())]
    known = [int(t) for t in texts if t]
    assert known == sorted(known) and known[-1] == 112
    assert texts[len(known):] == [""] * (len(texts) - len(known))


# --- the view ---------------------------------------------------------------------------------


@pytest.fixture
def window(qtbot, tmp_path, monkeypatch):
    def unexpected(*args, **kwargs):
        raise AssertionError(f"unexpected dialog: {args[1:]}")

    for name in ("ask_save_changes", "show_error", "show_info", "ask_recover", "ask_open_path",
                 "ask_save_path"):
        monkeypatch.setattr(dialogs, name, unexpected)
    monkeypatch.setattr(ev, "ask_trials_csv_path", unexpected)
    monkeypatch.setattr(ev, "show_import_problems", unexpected)
    win = MainWindow(settings=QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(win, before_close_func=lambda w: setattr(w.session, "dirty", False))
    win.resize(1280, 900)
    win.show()
    qtbot.waitExposed(win)
    assert win.open_path(resource_path("examples", "core-protocol.trial.json"), ask=False)
    return win


def open_view(qtbot, window):
    """View > Evidence, as the user does it; waits for the evidence to load."""
    assert ev.evidence_dock(window) is None                 # nothing exists before first use
    assert window.evidence_action.shortcut().toString() == "Ctrl+Shift+E"
    window.evidence_action.trigger()
    dock = ev.evidence_dock(window)
    view = dock.widget()
    if view.evidence is None:
        with qtbot.waitSignal(view.evidence_loaded, timeout=20000):
            pass
    qtbot.waitUntil(lambda: view.comparison is not None)
    return dock, view


def test_view_menu_opens_the_dock_with_the_trials_and_their_provenance(qtbot, window):
    dock, view = open_view(qtbot, window)
    assert dock.isVisible() and view.model.rowCount() == 23
    assert view.shown_count.text() == "23 of 23 shown"
    # The filters offer what the evidence holds and filter the table.
    combo = view.filter_boxes["setting"]
    assert [combo.itemText(i) for i in range(combo.count())] == [
        "All settings", "classical ARDS", "COVID-19", "mixed ARDS", "GvHD"]
    combo.setCurrentIndex(combo.findData("gvhd"))
    assert view.proxy.filters["setting"] == "gvhd" and view.proxy.rowCount() == 4
    assert view.shown_count.text() == "4 of 23 shown"
    view.set_filter("setting", None)
    assert combo.currentIndex() == 0 and view.proxy.rowCount() == 23
    # Selecting a disputed value shows the alternatives and their sources.
    source = cell(view.model, "T1_MUSTARDS_2022", "mortality_control_events")
    view.table.setCurrentIndex(view.proxy.mapFromSource(source))
    detail = view.detail.toPlainText()
    assert "MUST-ARDS (cohort 3)" in detail and "≠ Sources disagree" in detail
    assert "Alternative: 25% vs 45% at 28 days (primary abstract)" in detail
    assert "MUST_ABS:" in detail                              # the source's address is listed
    # Hidden again, shown again: the same dock, not a second one.
    dock.close()
    window.evidence_action.trigger()
    assert ev.evidence_dock(window) is dock and dock.isVisible()


def test_view_follows_design_edits_after_a_pause(qtbot, window):
    dock, view = open_view(qtbot, window)
    assert [c.trial.id for c in view.comparison.trials][:2] == ["P_REALIST_PH2_NONCOVID",
                                                                "T1_START_2019"]
    assert [a.dose_per_kg for a in view.dose_data.design_arms] == [5e6, 5e6]
    before = view.comparison
    refreshes = []
    view.refreshed.connect(lambda: refreshes.append(1))
    with qtbot.waitSignal(view.refreshed, timeout=3000):
        # A burst of edits, as typing makes them: nothing is recomputed while it lasts ...
        window.session.set_value("population.setting", "covid19")
        window.session.set_value("dosing.arms[0].dose_value", 1e6)
        window.session.set_value("dosing.arms[0].dose_value", 1.5e6)
        assert view.comparison is before
    # ... and once after it.
    qtbot.wait(ev.REFRESH_DELAY_MS * 2)
    assert refreshes == [1]
    ids = [c.trial.id for c in view.comparison.trials]
    assert "T2_MONSEL_2022" in ids and "T1_START_2019" not in ids
    assert all(c.trial.setting == "covid19" for c in view.comparison.trials)
    assert "STROMA-CoV-2" in view.comparable.toPlainText()
    assert "Why it matched" in view.comparable.toPlainText()
    assert [a.dose_per_kg for a in view.dose_data.design_arms] == [1.5e6, 5e6]
    # The chart tabs build their charts on first display, from the current data.
    view.tabs.setCurrentIndex(ev.TABS.index("Dose chart"))
    assert view.dose_chart is not None and view.dose_chart.chart is view.dose_data
    design_y = sorted(view.dose_chart.design_item.getData()[1])
    assert design_y == pytest.approx(sorted([6.176091259, 6.698970004]))
    with qtbot.waitSignal(view.refreshed, timeout=3000):
        window.session.set_value("dosing.arms[1].dose_value", 2e6)
    assert sorted(view.dose_chart.design_item.getData()[1])[-1] == pytest.approx(6.301029996)
    view.tabs.setCurrentIndex(ev.TABS.index("Forest plot"))
    assert view.forest_chart.chart is view.forest_data
    # Trials of other settings on request.
    view.all_settings.setChecked(True)
    assert any(c.trial.setting == "classical" for c in view.comparison.trials)


def test_a_hidden_view_waits_until_shown(qtbot, window):
    dock, view = open_view(qtbot, window)
    dock.close()
    window.session.set_value("population.setting", "covid19")
    qtbot.wait(ev.REFRESH_DELAY_MS * 2)
    assert view.comparison.trials[0].trial.setting == "classical"      # not recomputed hidden
    window.evidence_action.trigger()
    qtbot.waitUntil(lambda: view.comparison.trials[0].trial.setting == "covid19")


# --- importing trials -------------------------------------------------------------------------


def user_csv(path: Path, **changes) -> Path:
    """One new classical trial, built from START's row of the bundled file."""
    with BUNDLED.open(encoding="utf-8", newline="") as stream:
        row = next(r for r in csv.DictReader(stream) if r["row_id"] == "T1_START_2019")
    row.update(row_id="U_NEW_2025", table_ref="user", short_name="NEW 2025", year="2025",
               registry_id="NCT99999999", sources="EXAMPLE_PAPER", ref_in_paper="",
               mortality_active_events="8", mortality_active_n="40",
               mortality_control_events="12", mortality_control_n="40",
               verification="design=verified:EXAMPLE_PAPER; mortality=verified:EXAMPLE_PAPER")
    row.update(changes)
    buffer = io.StringIO(newline="")
    writer = csv.DictWriter(buffer, fieldnames=list(COLUMNS), lineterminator="\n")
    writer.writeheader()
    writer.writerow(row)
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path


def test_import_through_the_view_marks_the_trials_as_user_supplied(qtbot, window, tmp_path,
                                                                    monkeypatch):
    dock, view = open_view(qtbot, window)
    path = user_csv(tmp_path / "new.csv")
    monkeypatch.setattr(ev, "ask_trials_csv_path", lambda parent: str(path))
    with qtbot.waitSignal(view.evidence_loaded, timeout=20000):
        view.import_button.click()
    assert view.last_import == ("U_NEW_2025",)
    assert user_trials_path().is_file()
    assert view.model.rowCount() == 24
    new = cell(view.model, "U_NEW_2025", "short_name")
    assert new.data() == "NEW 2025 (user)"
    assert new.data(Qt.ItemDataRole.FontRole).italic()
    assert view.model.headerData(new.row(), Qt.Orientation.Vertical) == "NEW 2025 (user)"
    assert "User-supplied trial" in new.data(Qt.ItemDataRole.ToolTipRole)
    assert cell(view.model, "U_NEW_2025", "user_supplied").data() == "user-supplied"
    assert "1 user-supplied" in view.status.text()
    # It takes part in the forest plot and the comparisons, marked.
    rows = {r.trial_id: r for r in view.forest_data.trial_rows()}
    assert rows["U_NEW_2025"].label.startswith("NEW 2025 (user)")
    assert rows["U_NEW_2025"].rr == pytest.approx(8 / 12)
    assert next(d for d in view.forest_data.diamonds if d.setting == "classical").k == 5
    view.tabs.setCurrentIndex(ev.TABS.index("Comparable trials"))
    qtbot.waitUntil(lambda: "NEW 2025 (user-supplied)" in view.comparable.toPlainText())


def test_a_refused_file_shows_every_problem_with_line_and_column(qtbot, window, tmp_path,
                                                                 monkeypatch):
    dock, view = open_view(qtbot, window)
    path = user_csv(tmp_path / "bad.csv", year="twenty", mortality_active_events="50")
    shown = []
    monkeypatch.setattr(ev, "ask_trials_csv_path", lambda parent: str(path))
    monkeypatch.setattr(ev, "show_import_problems",
                        lambda parent, title, text: shown.append((title, text)))
    view.import_button.click()
    ((title, text),) = shown
    assert title == "The trials could not be imported"
    assert "Nothing was imported" in text
    assert "line 2, column 'year': 'twenty' is not a number" in text
    assert "line 2, column 'mortality_active_events': 50 deaths is more than the 40" in text
    assert str(path) in text
    assert not user_trials_path().exists() and view.model.rowCount() == 23
    # Cancelling the file dialog does nothing at all.
    monkeypatch.setattr(ev, "ask_trials_csv_path", lambda parent: None)
    view.import_button.click()
    assert len(shown) == 1


def test_a_user_trial_can_be_removed_from_the_view_and_bundled_ones_cannot(qtbot, window,
                                                                          tmp_path, monkeypatch):
    dock, view = open_view(qtbot, window)
    monkeypatch.setattr(ev, "ask_trials_csv_path",
                        lambda parent: str(user_csv(tmp_path / "new.csv")))
    with qtbot.waitSignal(view.evidence_loaded, timeout=20000):
        view.import_button.click()
    assert view.model.rowCount() == 24
    # A bundled trial selected: nothing to remove.
    view.table.setCurrentIndex(view.proxy.mapFromSource(cell(view.model, "T1_START_2019",
                                                             "short_name")))
    assert not view.remove_button.isEnabled()
    # The user's trial selected: removed after confirmation, from the file and the view.
    view.table.setCurrentIndex(view.proxy.mapFromSource(cell(view.model, "U_NEW_2025",
                                                             "short_name")))
    assert view.remove_button.isEnabled()
    asked = []
    monkeypatch.setattr(ev, "confirm_removal", lambda parent, name: asked.append(name) or True)
    with qtbot.waitSignal(view.evidence_loaded, timeout=20000):
        view.remove_button.click()
    assert asked == ["NEW 2025"]
    assert view.model.rowCount() == 23
    from models.evidence import list_user_trials

    assert list_user_trials() == []
