"""Every modal question the program asks, behind small functions that tests replace, so a test
never hangs on a message box."""

from __future__ import annotations

from typing import TYPE_CHECKING

# QMessageBox and QFileDialog (their Python types and a dozen enums: a few ms) are imported when
# a dialog is first shown, not with the main window: the first frame shows none of them.
if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

DESIGN_FILTER = "Trial designs (*.trial.json);;JSON files (*.json);;All files (*)"


def ask_save_changes(parent: QWidget, name: str) -> str:
    """'save', 'discard' or 'cancel'."""
    from PySide6.QtWidgets import QMessageBox

    box = QMessageBox(QMessageBox.Icon.Question, "Unsaved changes",
                      f"“{name}” has unsaved changes. Save them first?",
                      QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard
                      | QMessageBox.StandardButton.Cancel, parent)
    box.setDefaultButton(QMessageBox.StandardButton.Save)
    answer = box.exec()
    return {QMessageBox.StandardButton.Save: "save",
            QMessageBox.StandardButton.Discard: "discard"}.get(
        QMessageBox.StandardButton(answer), "cancel")


def show_error(parent: QWidget, title: str, text: str) -> None:
    from PySide6.QtWidgets import QMessageBox

    QMessageBox.warning(parent, title, text)


def show_info(parent: QWidget, title: str, text: str) -> None:
    from PySide6.QtWidgets import QMessageBox

    QMessageBox.information(parent, title, text)


def ask_recover(parent: QWidget, text: str) -> bool:
    from PySide6.QtWidgets import QMessageBox

    answer = QMessageBox.question(parent, "Recover unsaved changes?", text,
                                  QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                  QMessageBox.StandardButton.Yes)
    return answer == QMessageBox.StandardButton.Yes


def ask_open_path(parent: QWidget, folder: str = "") -> str | None:
    from PySide6.QtWidgets import QFileDialog

    path, _ = QFileDialog.getOpenFileName(parent, "Open design", folder, DESIGN_FILTER)
    return path or None


def ask_save_path(parent: QWidget, suggested: str = "") -> str | None:
    from PySide6.QtWidgets import QFileDialog

    path, _ = QFileDialog.getSaveFileName(parent, "Save design as", suggested, DESIGN_FILTER)
    if not path:
        return None
    if not path.endswith(".json"):
        path += ".trial.json"
    return path
