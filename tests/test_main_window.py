"""The wizard window: every step shows, edits update the guidance at once, findings focus their
field, files are never lost (autosave, recovery, unsaved-changes prompt, bad files)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication

from models.autosave import pending_recovery
from models.design_io import load_design
from models.guidance.thresholds import Thresholds
from models.resources import resource_path
from models.wizard import STEPS
from ui import dialogs
from ui.main_window import MainWindow
from rule_helpers import complete_example

CORE = resource_path("examples", "core-protocol.trial.json")
STROMA = resource_path("examples", "stroma-cov-2-like.trial.json")


@pytest.fixture
def settings(tmp_path):
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def window(qtbot, settings, monkeypatch):
    # No test may hang on a modal dialog: every question fails loudly unless a test answers it.
    def unexpected(*args, **kwargs):
        raise AssertionError(f"unexpected dialog: {args[1:] if len(args) > 1 else args}")

    for name in ("ask_save_changes", "show_error", "show_info", "ask_recover", "ask_open_path",
                 "ask_save_path"):
        monkeypatch.setattr(dialogs, name, unexpected)
    win = MainWindow(settings=settings)
    # The test is over when pytest-qt closes the window: closing must not ask.
    qtbot.addWidget(win, before_close_func=_forget_changes)
    win.show()
    qtbot.waitExposed(win)
    return win


def _forget_changes(win):
    win.session.dirty = False


@pytest.mark.parametrize("index", range(len(STEPS)), ids=[s.key for s in STEPS])
def test_every_step_shows(window, index):
    assert window.open_path(CORE, ask=False)
    window.go_to_step(index)
    page = window.pages.currentWidget()
    assert page.step_key == STEPS[index].key
    assert page.isVisible()
    assert window.step_list.currentRow() == index


def test_next_and_back(window, qtbot):
    window.go_to_step(0)
    assert not window.back_button.isEnabled()
    window.next_button.click()
    assert window.current_step() == 1
    window.back_button.click()
    assert window.current_step() == 0
    window.go_to_step(len(STEPS) - 1)
    assert not window.next_button.isEnabled()


def test_an_edit_updates_the_guidance_without_next(window, qtbot, tmp_path):
    # The core-protocol example with its format-3 fields: no finding until the edit.
    assert window.open_path(complete_example(CORE.name, tmp_path), ask=False)
    assert window.guidance.rules_shown() == []
    window.go_to_step(2)
    edit = window.binder.widget_for("dosing.arms[0].dose_value")
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClicks(edit, "1e6")
    assert "B-1" in window.guidance.rules_shown()
    assert window.session.design.dosing.arms[0].dose_value == 1e6
    assert window.session.dirty and window.isWindowModified()
    assert window.windowTitle().startswith("core-protocol.trial.json[*]")
    edit.selectAll()
    qtbot.keyClicks(edit, "5e6")
    assert "B-1" not in window.guidance.rules_shown()


def test_step_list_shows_counts(window, tmp_path):
    assert window.open_path(complete_example(STROMA.name, tmp_path), ask=False)
    assert window.step_list.item(2).text() == "3. Dose and regimen\n    2 warnings · 1 advice"
    assert window.step_list.item(0).text() == "1. Trial"


def test_activating_a_finding_focuses_its_field(window, qtbot):
    assert window.open_path(STROMA, ask=False)
    window.activateWindow()
    item = next(i for i in window.guidance.finding_items()
                if i.data(0, 0x0100).rule == "C-8")
    window.guidance.tree.itemActivated.emit(item, 0)
    assert window.pages.currentWidget().step_key == "population"
    target = window.binder.widget_for("population.setting")
    qtbot.waitUntil(lambda: QApplication.focusWidget() is target)


def test_bad_file_keeps_the_current_design(window, tmp_path, monkeypatch):
    assert window.open_path(STROMA, ask=False)
    before = window.session.snapshot()
    bad = tmp_path / "bad.trial.json"
    bad.write_text('{"format": "msc-ards-trial-design", "version": 1, "meta": {"titel": 1}}',
                   encoding="utf-8")
    shown = []
    monkeypatch.setattr(dialogs, "show_error", lambda parent, title, text: shown.append(text))
    assert not window.open_path(bad, ask=False)
    assert window.session.design == before and window.session.path == STROMA
    assert shown and "meta.titel: is not a field of this format" in shown[0]
    assert str(bad) in shown[0]


def test_unsaved_changes_prompt(window, monkeypatch, tmp_path):
    assert window.open_path(CORE, ask=False)
    window.session.set_value("meta.acronym", "CHANGED")
    answers = []

    def ask(parent, name):
        answers.append(name)
        return "cancel"

    monkeypatch.setattr(dialogs, "ask_save_changes", ask)
    assert not window.open_path(STROMA)            # cancelled: nothing replaced
    assert window.session.design.meta.acronym == "CHANGED"
    assert answers == ["core-protocol.trial.json"]
    window.close()
    assert window.isVisible()                       # closing was cancelled too
    monkeypatch.setattr(dialogs, "ask_save_changes", lambda parent, name: "save")
    target = tmp_path / "saved.trial.json"
    monkeypatch.setattr(dialogs, "ask_save_path", lambda parent, suggested: str(target))
    window.session.path = None
    window.new_design()
    assert load_design(target).meta.acronym == "CHANGED"
    assert window.session.design.meta.acronym is None


def test_save_failure_is_reported_and_loses_nothing(window, monkeypatch, tmp_path):
    import models.design_io as design_io

    assert window.open_path(CORE, ask=False)
    target = tmp_path / "x.trial.json"
    window.session.path = target
    window.session.set_value("meta.acronym", "NEW")

    def full(*_args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(design_io.os, "replace", full)
    errors = []
    monkeypatch.setattr(dialogs, "show_error", lambda parent, title, text: errors.append(text))
    assert not window.save()
    assert errors and "No space left on device" in errors[0]
    assert window.session.dirty and window.session.design.meta.acronym == "NEW"
    assert not target.exists()


def test_autosave_and_recovery(window, monkeypatch, qtbot, settings):
    from ui.app import open_window

    assert window.open_path(CORE, ask=False)
    window.session.set_value("meta.acronym", "UNSAVED")
    assert window.autosave.timer.isActive()
    window.autosave.write_now()
    recovery = pending_recovery()
    assert recovery is not None and recovery.design.meta.acronym == "UNSAVED"
    assert recovery.original_path == CORE
    # A crash: the window goes away without a clean close; the next start offers the design.
    window.session.dirty = False
    window.deleteLater()
    monkeypatch.setattr(dialogs, "ask_recover", lambda parent, text: True)
    monkeypatch.setattr("ui.main_window.QSettings", lambda: settings)
    second = open_window()
    qtbot.addWidget(second, before_close_func=_forget_changes)
    assert second.session.design.meta.acronym == "UNSAVED"
    assert second.session.dirty and second.session.path == CORE
    second.session.dirty = False


def test_declined_recovery_is_discarded(window, monkeypatch, qtbot, settings):
    from ui.app import open_window

    window.session.set_value("meta.acronym", "UNSAVED")
    window.autosave.write_now()
    window.session.dirty = False
    monkeypatch.setattr(dialogs, "ask_recover", lambda parent, text: False)
    monkeypatch.setattr("ui.main_window.QSettings", lambda: settings)
    second = open_window()
    qtbot.addWidget(second, before_close_func=_forget_changes)
    assert pending_recovery() is None
    assert second.session.design == load_design(resource_path("examples",
                                                              "core-protocol.trial.json"))


def test_an_unreadable_autosave_is_reported_and_kept(window, monkeypatch, qtbot, settings):
    from models.autosave import autosave_folder
    from ui.app import open_window

    folder = autosave_folder()
    folder.mkdir(parents=True, exist_ok=True)
    newer = '{"format": "msc-ards-trial-design", "version": 99}'
    (folder / "autosave.trial.json").write_text(newer, encoding="utf-8")
    told = []
    monkeypatch.setattr(dialogs, "show_info", lambda parent, title, text: told.append(text))
    monkeypatch.setattr("ui.main_window.QSettings", lambda: settings)
    second = open_window()
    qtbot.addWidget(second, before_close_func=_forget_changes)
    (kept,) = folder.glob("autosave-unreadable-*.trial.json")
    assert kept.read_text(encoding="utf-8") == newer
    assert len(told) == 1 and str(kept) in told[0] and "version 99" in told[0]


def test_recent_files(window, settings, tmp_path):
    copy = tmp_path / "copy.trial.json"
    copy.write_bytes(Path(STROMA).read_bytes())
    assert window.open_path(copy, ask=False)
    assert settings.value("recent_files", [], type=list)[0] == str(copy.resolve())
    assert window.recent_menu.actions()[0].text() == "&1 copy.trial.json"


def test_thresholds_change_the_findings(window):
    assert window.open_path(STROMA, ask=False)
    assert "B-8" in window.guidance.rules_shown()
    window.set_thresholds(Thresholds(early_first_dose_hours=96))
    assert "B-8" not in window.guidance.rules_shown()


def test_rejected_edit_marks_the_widget_and_keeps_the_model(window, qtbot):
    assert window.open_path(CORE, ask=False)
    window.go_to_step(2)
    edit = window.binder.widget_for("dosing.max_weight_kg")
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClicks(edit, "20")
    assert window.session.design.dosing.max_weight_kg == 150
    assert edit.property("invalid") is True
    assert "must be from 30 to 300" in edit.toolTip()


def test_review_step_exports_through_the_window_action(window, monkeypatch):
    import ui.export as export

    asked = []
    monkeypatch.setattr(export, "ask_pdf_path",
                        lambda parent, suggested: asked.append(suggested) or None)  # cancel
    assert window.open_path(CORE, ask=False)
    window.go_to_step(len(STEPS) - 1)
    window.pages.currentWidget().export_button.click()
    assert len(asked) == 1 and asked[0].endswith(".pdf")


def test_keyboard_reaches_every_part(window, qtbot):
    assert window.open_path(STROMA, ask=False)
    window.activateWindow()
    qtbot.keyClick(window, "3", modifier=Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.guidance.tree)
    qtbot.keyClick(window, "1", modifier=Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.step_list)
    # F8 walks the findings in panel order and focuses each one's field.
    qtbot.keyClick(window, Qt.Key.Key_F8)
    first = window.guidance.tree.currentItem().data(0, 0x0100)
    assert first.rule == "B-1"
    target = window.binder.widget_for(first.fields[0])
    qtbot.waitUntil(lambda: QApplication.focusWidget() is target)
    qtbot.keyClick(window, Qt.Key.Key_F8)
    assert window.guidance.tree.currentItem().data(0, 0x0100).rule == "B-8"


def test_every_menu_action_has_a_mnemonic(window):
    for menu_action in window.menuBar().actions():
        assert "&" in menu_action.text(), menu_action.text()
        for action in menu_action.menu().actions():
            if action.isSeparator() or action.menu() is not None and not action.text():
                continue
            assert "&" in action.text(), action.text()


def test_a_failing_guidance_computation_keeps_the_edit_and_the_window(window, monkeypatch):
    import ui.main_window as main_window

    assert window.open_path(CORE, ask=False)

    def broken(*_args, **_kwargs):
        raise ZeroDivisionError("float division by zero")

    monkeypatch.setattr(main_window, "evaluate", broken)
    window.session.set_value("meta.acronym", "KEPT")
    assert window.session.design.meta.acronym == "KEPT"
    assert window.isWindowModified()
    assert "could not be computed" in window.statusBar().currentMessage()


def test_an_unexpected_loader_failure_is_a_dialog(window, monkeypatch, tmp_path):
    import models.session as session_module

    assert window.open_path(CORE, ask=False)
    before = window.session.snapshot()

    def broken(path):
        raise OverflowError("int too large to convert to float")

    monkeypatch.setattr(session_module, "load_design", broken)
    shown = []
    monkeypatch.setattr(dialogs, "show_error", lambda parent, title, text: shown.append(text))
    assert not window.open_path(tmp_path / "x.trial.json", ask=False)
    assert shown and "OverflowError" in shown[0]
    assert window.session.design == before
