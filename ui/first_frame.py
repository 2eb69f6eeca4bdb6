"""Run something once a window has been painted for the first time.

The start-up shows the window frame, the step list and the first page, and only then does the
rest (the first guidance evaluation with its rule data and, for a group-sequential plan, numpy).
"Then" must be after the first paint, not merely after ``show()``: a zero-timer posted right
after ``show()`` fires before the window is exposed and painted (Qt delivers the expose event in
a later turn of the event loop). So this watches the window's first Paint event and posts the
callback from there; it runs in the next event-loop turn, when the frame is on screen.

A window that is never painted (hidden, or a platform that sends no expose) still gets its
callback from a fallback timer, so deferred work can never be left undone.

bench/ times the bare QWizard baseline with the same helper, so both are measured alike.
"""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget

FALLBACK_MS = 1500

# What the guidance panel (and, before the panel is built, its dock) says until the first
# evaluation of the design on screen is done: never findings computed for another design.
CHECKING = "Checking the design…"


class _FirstPaint(QObject):
    def __init__(self, window: QWidget, callback: Callable[[], None], fallback_ms: int):
        super().__init__(window)
        self._callback = callback
        self._done = False
        window.installEventFilter(self)
        QTimer.singleShot(fallback_ms, self, self._fire)

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.Paint and not self._done:
            # The filter sees the event before the window paints; the callback waits one turn.
            QTimer.singleShot(0, self, self._fire)
        return False

    def _fire(self) -> None:
        if self._done:
            return
        self._done = True
        watched = self.parent()
        if watched is not None:      # the filter is installed on its parent (see __init__)
            watched.removeEventFilter(self)
        self._callback()


def after_first_frame(window: QWidget, callback: Callable[[], None],
                      fallback_ms: int = FALLBACK_MS) -> None:
    """Call ``callback()`` once, in the event-loop turn after ``window``'s first paint (or after
    ``fallback_ms`` if it is never painted)."""
    _FirstPaint(window, callback, fallback_ms)
