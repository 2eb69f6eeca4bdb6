"""The start-up of the wizard: the first frame shows the window, the step list and the first page;
the first guidance evaluation runs just after it. Until then the panel says it is checking and
never shows findings it has not computed for the design on screen; afterwards it shows exactly
what the engine gives. Pages of later steps, built after the start-up, still work."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from models.design_io import load_design
from models.guidance import evaluate
from models.resources import resource_path
from models.wizard import STEPS
from ui.main_window import MainWindow

ROOT = Path(__file__).resolve().parent.parent
STROMA = resource_path("examples", "stroma-cov-2-like.trial.json")  # gives findings
CORE = resource_path("examples", "core-protocol.trial.json")


@pytest.fixture
def deferred(qtbot, tmp_path):
    window = MainWindow(settings=QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat),
                        defer_guidance=True)
    qtbot.addWidget(window, before_close_func=lambda w: setattr(w.session, "dirty", False))
    return window


def test_before_the_first_frame_the_panel_says_checking_and_shows_no_finding(deferred):
    assert deferred.open_path(STROMA, ask=False)
    assert evaluate(load_design(STROMA)).findings  # the design does have findings
    panel = deferred.guidance
    assert panel.checking
    assert panel.summary.text() == panel.CHECKING
    assert panel.rules_shown() == []
    assert deferred.result is None
    # No step badge of another design (or of the empty one) either.
    assert all("\n" not in deferred.step_list.item(i).text() for i in range(len(STEPS)))


def test_after_the_first_frame_the_panel_shows_the_engine_result(deferred, qtbot):
    assert deferred.open_path(STROMA, ask=False)
    with qtbot.waitSignal(deferred.startup_finished, timeout=10_000):
        deferred.show()
    expected = evaluate(load_design(STROMA))
    assert not deferred.guidance.checking
    assert sorted(deferred.guidance.rules_shown()) == sorted(f.rule for f in expected.findings)
    assert deferred.first_frame_at is not None
    # From here on every edit is evaluated at once, as without the deferral.
    deferred.session.set_value("meta.acronym", "STEM CELL")
    now = evaluate(deferred.session.design)
    assert now.findings != expected.findings   # the edit changes the findings ...
    assert sorted(deferred.guidance.rules_shown()) == sorted(f.rule for f in now.findings)


def test_a_design_replaced_before_the_first_frame_is_the_one_evaluated(deferred, qtbot):
    assert deferred.open_path(STROMA, ask=False)
    assert deferred.open_path(CORE, ask=False)   # the example: no findings at all
    with qtbot.waitSignal(deferred.startup_finished, timeout=10_000):
        deferred.show()
    assert deferred.guidance.rules_shown() == []
    assert not deferred.guidance.checking
    assert "0 errors" in deferred.guidance.summary.text()


def test_pages_built_after_the_start_up_show_the_design_and_its_result(deferred, qtbot):
    assert deferred.open_path(CORE, ask=False)
    with qtbot.waitSignal(deferred.startup_finished, timeout=10_000):
        deferred.show()
    assert len(deferred.built_pages()) == 1   # only the first page was built for the frame
    for index, step in enumerate(STEPS):
        deferred.go_to_step(index)
        assert deferred.pages.currentWidget().step_key == step.key
    acronym = deferred.binder.widget_for("meta.acronym")
    assert acronym.text() == load_design(CORE).meta.acronym


def test_the_first_frame_needs_neither_the_rules_nor_numpy():
    # What the window imports before its first paint: not the guidance engine, its rule data,
    # numpy (group-sequential plan) or the later pages' modules.
    code = (
        "import os, sys; os.environ['QT_QPA_PLATFORM'] = 'offscreen'\n"
        "from ui import app as ui_app\n"
        "from ui.first_frame import after_first_frame\n"
        "app = ui_app._application()\n"
        "window = ui_app.open_window()\n"
        "seen = []\n"
        "after_first_frame(window, lambda: seen.extend(sys.modules))\n"
        "window.startup_finished.connect(app.quit)\n"
        "app.exec()\n"
        "window.session.dirty = False\n"
        "late = ('numpy', 'models.guidance.engine', 'models.guidance.catalogue',\n"
        "        'ui.pages.endpoints', 'ui.pages.review', 'ui.guidance_panel', 'ui.export',\n"
        "        'ui.compare_dialog', 'ui.evidence_view')\n"
        "print(','.join(m for m in late if m in seen) or 'none',\n"
        "      'after:' + ','.join(m for m in late if m in sys.modules))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    before, after = done.stdout.split()
    assert before == "none"
    # ... and the deferred evaluation did load the engine (and numpy, for the example's plan).
    assert "models.guidance.engine" in after and "numpy" in after
    assert "ui.guidance_panel" in after and "ui.export" in after


def test_the_first_frame_models_are_imported_before_pyside6():
    # PySide6's import hook reads the source of each module imported after it; the models the
    # first frame needs come first, so none of them may bring Qt in.
    code = ("import sys\n"
            "from ui import app\n"
            "app.import_models_first()\n"
            "print('PySide6' in sys.modules, all(m in sys.modules for m in "
            "app.FIRST_FRAME_MODELS))\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["False", "True"]


def test_the_panel_is_built_after_the_first_frame_and_then_shows_the_findings(deferred, qtbot):
    from PySide6.QtWidgets import QLabel

    from ui.guidance_panel import GuidancePanel

    assert deferred.open_path(STROMA, ask=False)
    # For the first frame the dock holds one line saying the design is being checked.
    placeholder = deferred.guidance_dock.widget()
    assert isinstance(placeholder, QLabel)
    assert placeholder.text() == GuidancePanel.CHECKING
    assert deferred._guidance_panel is None
    with qtbot.waitSignal(deferred.startup_finished, timeout=10_000):
        deferred.show()
    panel = deferred.guidance_dock.widget()
    assert isinstance(panel, GuidancePanel) and panel is deferred.guidance
    expected = evaluate(load_design(STROMA))
    assert sorted(panel.rules_shown()) == sorted(f.rule for f in expected.findings)
    # A finding in the late-built panel still takes the user to its field.
    assert panel.finding_items()
    deferred.guidance.tree.setCurrentItem(panel.finding_items()[0])
    deferred.guidance._activated(panel.finding_items()[0])
    assert deferred.pages.currentWidget() is not None


def test_the_panel_asked_for_before_the_first_frame_says_checking(deferred, qtbot):
    assert deferred.open_path(STROMA, ask=False)
    panel = deferred.guidance            # built early on request, still without a result
    assert panel.checking and panel.rules_shown() == []
    deferred.session.set_value("meta.acronym", "STEM CELL")   # an edit before the first frame
    assert panel.checking and panel.rules_shown() == []
    with qtbot.waitSignal(deferred.startup_finished, timeout=10_000):
        deferred.show()
    now = evaluate(deferred.session.design)
    assert sorted(panel.rules_shown()) == sorted(f.rule for f in now.findings)


def test_the_menus_are_filled_after_the_first_frame(deferred, qtbot):
    titles = [action.text() for action in deferred.menuBar().actions()]
    assert titles == ["&File", "&View", "&Settings", "&Help"]   # the first frame's menu bar
    assert deferred.file_menu.actions() == []
    assert deferred.open_path(STROMA, ask=False)   # a recent file, before the menus exist
    with qtbot.waitSignal(deferred.startup_finished, timeout=10_000):
        deferred.show()
    recent = [action.toolTip() for action in deferred.recent_menu.actions()]
    assert recent == [str(STROMA.resolve())] and deferred.recent_menu.isEnabled()
    texts = [action.text() for action in deferred.file_menu.actions()]
    assert "&Save" in texts and "&Quit" in texts and deferred.export_pdf_action in \
        deferred.file_menu.actions()
    assert deferred.evidence_action in deferred.view_menu.actions()
    assert [a.text() for a in deferred.help_menu.actions()] == ["&How the guidance works",
                                                                "&About"]
