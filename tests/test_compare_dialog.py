"""File > Compare with…: the dialog's table of differing fields, its findings/sample-size/
checklist text, the bad-file message, and the export with "Changes since version N"; and the
SPIRIT 2025 completeness on the Review step."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings

import ui.compare_dialog as compare_ui
import ui.export as export_ui
from models.design_io import load_design, save_design
from models.resources import resource_path
from models.wizard import STEPS
from ui import dialogs
from ui.main_window import MainWindow

CORE = resource_path("examples", "core-protocol.trial.json")


@pytest.fixture
def window(qtbot, tmp_path, monkeypatch):
    def unexpected(*args, **kwargs):
        raise AssertionError(f"unexpected dialog: {args[1:] if len(args) > 1 else args}")

    for name in ("ask_save_changes", "show_error", "show_info", "ask_recover", "ask_open_path",
                 "ask_save_path"):
        monkeypatch.setattr(dialogs, name, unexpected)
    shown = []
    monkeypatch.setattr(compare_ui, "show_dialog", shown.append)   # never modal in a test
    win = MainWindow(settings=QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    win.shown_dialogs = shown
    qtbot.addWidget(win, before_close_func=lambda w: setattr(w.session, "dirty", False))
    design = load_design(CORE)
    design.meta.protocol_version = "2.0"
    design.dosing.arms[0].dose_value = 1e6
    path = tmp_path / "v2.trial.json"
    save_design(design, path)
    assert win.open_path(path, ask=False)
    return win


def test_the_menu_action_shows_the_changes_since_the_chosen_version(window, qtbot, monkeypatch):
    monkeypatch.setattr(compare_ui, "ask_old_design_path", lambda parent, folder: str(CORE))
    action = window.compare_action
    assert action.text() == "Compare &with…"
    action.trigger()
    (dialog,) = window.shown_dialogs
    qtbot.addWidget(dialog)
    assert dialog.windowTitle() == "Changes since version 1.0"
    table = dialog.table
    rows = {table.item(r, 3).text(): [table.item(r, c).text() for c in range(3)]
            for r in range(table.rowCount())}
    assert rows["dosing.arms[0].dose_value"] == ["Arm 1: Dose per administration", "5 × 10⁶",
                                                 "1 × 10⁶"]
    assert rows["meta.protocol_version"][1:] == ["1.0", "2.0"]
    text = dialog.details.toPlainText()
    assert "B-1" in text and "Dose below 2 × 10⁶ cells/kg" in text
    assert "Sample size: 942 → 942 to enrol (no change)" in text
    assert "Box 1 map: 1 proposal(s) changed status" in text
    dialog.resize(1000, 680)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert not dialog.grab().isNull()


def test_export_with_changes_passes_the_old_version_to_the_pdf(window, qtbot, monkeypatch,
                                                               tmp_path):
    monkeypatch.setattr(compare_ui, "ask_old_design_path", lambda parent, folder: str(CORE))
    dialog = compare_ui.compare_with(window)
    qtbot.addWidget(dialog)
    out = tmp_path / "with-changes.pdf"
    monkeypatch.setattr(export_ui, "ask_pdf_path", lambda parent, suggested: str(out))
    monkeypatch.setattr(export_ui, "ask_open_result", lambda parent, path, pages: False)
    calls = []
    import reports.pdf

    def spy(design, path, **kwargs):
        calls.append(kwargs["changes_since"])
        return reports.pdf.ExportResult(path, 1, 1)

    monkeypatch.setattr(reports.pdf, "export_pdf", spy)
    with qtbot.waitSignal(window.pdf_exporter.done, timeout=20000):
        dialog.export_button.click()
    (old,) = calls
    assert old.meta.protocol_version == "1.0" and old is not dialog.old


def test_a_bad_file_shows_the_readers_message_and_no_dialog(window, monkeypatch, tmp_path):
    bad = tmp_path / "bad.trial.json"
    bad.write_text('{"format": "msc-ards-trial-design", "version": 2, "safety": {"dsmb": 3}}',
                   encoding="utf-8")
    monkeypatch.setattr(compare_ui, "ask_old_design_path", lambda parent, folder: str(bad))
    errors = []
    monkeypatch.setattr(dialogs, "show_error", lambda parent, title, text: errors.append(text))
    assert compare_ui.compare_with(window) is None
    assert window.shown_dialogs == []
    (message,) = errors
    assert str(bad) in message and "safety.dsmb" in message


def test_the_review_step_shows_spirit_2025_completeness(window, qtbot):
    window.show()
    qtbot.waitExposed(window)
    window.go_to_step(len(STEPS) - 1)
    page = window.pages.currentWidget()
    qtbot.waitUntil(lambda: "SPIRIT" in page.view.toPlainText())
    text = page.view.toPlainText()
    assert "SPIRIT 2025 completeness" in text
    assert "22 informed by the design, 1 open, 30 outside its scope" in text
    assert "to decide: Registry id" in text
    assert "Data management" in text and "outside the design" in text
