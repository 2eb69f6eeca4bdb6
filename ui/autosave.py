"""Writes unsaved changes to the user's data folder at most every 30 s while the design is dirty."""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer

from models.autosave import discard_autosave, write_autosave
from models.session import DesignSession

INTERVAL_MS = 30_000


class Autosave(QObject):
    def __init__(self, session: DesignSession, parent: QObject | None = None,
                 interval_ms: int = INTERVAL_MS):
        super().__init__(parent)
        self.session = session
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.write_now)
        self.last_error: str | None = None
        session.subscribe(self._changed)

    def _changed(self, _path) -> None:
        # The first change starts the timer; later ones ride along, so writes are >= 30 s apart.
        if self.session.dirty and not self.timer.isActive():
            self.timer.start()

    def write_now(self) -> None:
        if not self.session.dirty:
            return
        try:
            write_autosave(self.session.design, self.session.path)
            self.last_error = None
        except OSError as error:
            # A failed autosave must not interrupt the user; the next change tries again.
            self.last_error = str(error)

    def discard(self) -> None:
        self.timer.stop()
        try:
            discard_autosave()
        except OSError:
            pass
