"""Guards against a broken Qt binding: PySide6 6.12.0 under Python 3.11 drops a reference to
None on every call of a method that returns nothing, and the program aborts ("deallocating None")
after a few thousand edits. The pinned version must not do that."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QLineEdit, QMainWindow


def test_void_calls_keep_none_alive(qtbot):
    window = QMainWindow()
    edit = QLineEdit()
    qtbot.addWidget(window)
    qtbot.addWidget(edit)
    before = sys.getrefcount(None)
    for _ in range(5000):
        window.setWindowTitle("design[*] — MSC-ARDS Trial Designer")
        window.setWindowModified(True)
        edit.setProperty("invalid", False)
        edit.setToolTip("")
    # A healthy binding changes None's count by a handful at most; the broken one by -20000.
    assert sys.getrefcount(None) - before > -100
