"""File > Export PDF or Word… (Ctrl+E): the protocol summary as a PDF or a Word file (the save
dialog's filter, or the name's suffix, chooses; reports/formats.py), written off the GUI thread.

The export (guidance, sample size, evidence, layout: a few tenths of a second, more on a slow
machine or with many user trials) runs in a QThreadPool worker on a deep copy of the design, so the
window stays responsive and later edits cannot change a PDF being written. The worker never
touches a widget: it reports through queued signals. A progress dialog appears only when the
export takes longer than half a second; a failure (unwritable folder, full disk) is reported in a
dialog and leaves no partial file; on success the user is offered to open the PDF.

Every dialog is a small module-level function, so that tests replace them and never block.
"""

from __future__ import annotations

import copy
from pathlib import Path

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, QTimer, QUrl, Signal
from PySide6.QtGui import QAction, QDesktopServices, QKeySequence
from PySide6.QtWidgets import QFileDialog, QMessageBox, QProgressDialog, QWidget

from models.presentation.export_paths import suggested_summary_path
from ui import dialogs

PDF_FILTER = "PDF files (*.pdf)"
WORD_FILTER = "Word documents (*.docx)"
EXPORT_FILTERS = f"{PDF_FILTER};;{WORD_FILTER};;All files (*)"
PROGRESS_DELAY_MS = 500


# --- the dialogs (replaced in tests) -------------------------------------------------------------


def ask_pdf_path(parent: QWidget, suggested: str) -> str | None:
    path, chosen = QFileDialog.getSaveFileName(parent, "Export the protocol summary", suggested,
                                               EXPORT_FILTERS)
    if not path:
        return None
    if path.lower().endswith((".pdf", ".docx")):
        return path
    return path + (".docx" if chosen == WORD_FILTER else ".pdf")


def ask_open_result(parent: QWidget, path: str, pages: int) -> bool:
    from reports.formats import format_for

    what = f" ({pages} pages)" if pages else ""
    answer = QMessageBox.question(
        parent, f"{format_for(path).what[4:].capitalize()} exported",
        f"The protocol summary{what} was written to\n{path}\n\nOpen it now?",
        QMessageBox.StandardButton.Open | QMessageBox.StandardButton.Close,
        QMessageBox.StandardButton.Open)
    return answer == QMessageBox.StandardButton.Open


def open_file(path: str) -> bool:
    """Open the PDF in the user's viewer (a local file: no network)."""
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


def show_error(parent: QWidget, title: str, text: str) -> None:
    dialogs.show_error(parent, title, text)


# --- the worker ----------------------------------------------------------------------------------


class _JobSignals(QObject):
    progress = Signal(float, str)
    finished = Signal(object)     # reports.pdf.ExportResult
    failed = Signal(str)


class ExportJob(QRunnable):
    """One export in a pool thread. Reads only its own copy of the design; emits signals."""

    def __init__(self, design, path: str, thresholds, design_path: str | None,
                 changes_since=None):
        super().__init__()
        self.design = design
        self.changes_since = changes_since   # an earlier version: "Changes since version N"
        self.path = path
        self.thresholds = thresholds
        self.design_path = design_path
        # Created on the GUI thread, so its signals reach GUI-thread slots queued.
        self.signals = _JobSignals()

    def run(self) -> None:
        from reports.formats import format_for

        chosen = format_for(self.path)
        # "Changes since version N" is a part of the summary (PDF or Word), not of a USDM file.
        extra = {"changes_since": self.changes_since} if self.changes_since is not None else {}
        try:
            result = chosen.writer()(self.design, self.path, thresholds=self.thresholds,
                                     design_path=self.design_path,
                                     progress=lambda f, text: self.signals.progress.emit(f, text),
                                     **extra)
        except OSError as error:
            from reports.pdf import describe_write_error  # the command line's words too

            nothing = chosen.nothing[:1].upper() + chosen.nothing[1:]
            self.signals.failed.emit(f"{self.path}: cannot be written "
                                     f"({describe_write_error(error)}). {nothing} was written "
                                     "and any earlier file there is unchanged.")
        except Exception as error:  # noqa: BLE001 - a worker must report, never die silently
            self.signals.failed.emit(f"{chosen.what[:1].upper()}{chosen.what[1:]} could not be "
                                     f"built: {type(error).__name__}: {error}")
        else:
            self.signals.finished.emit(result)


# --- the controller ------------------------------------------------------------------------------


class PdfExporter(QObject):
    """Runs one export at a time for a main window and reports the outcome on the GUI thread."""

    done = Signal(object)    # ExportResult on success, None on failure (after the dialogs)

    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)
        self.job: ExportJob | None = None
        self.progress_dialog: QProgressDialog | None = None
        self.action: QAction | None = None
        self._last_progress = (0.0, "")
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._show_progress)

    @property
    def running(self) -> bool:
        return self.job is not None

    def suggested_path(self) -> str:
        return suggested_summary_path(self.window.session.path, Path.home())

    def export(self) -> None:
        """The menu action: ask where, then export in the background."""
        if self.running:
            return
        path = ask_pdf_path(self.window, self.suggested_path())
        if not path:
            return
        session = self.window.session
        if session.path is not None:
            from models.atomic_files import output_refusal
            from reports.formats import format_for

            chosen = format_for(path)
            refusal = output_refusal(str(session.path), path, chosen.what, chosen.example)
            if refusal:
                show_error(self.window, "The PDF was not exported", refusal)
                return
        self.start(path)

    def start(self, path: str, changes_since=None) -> ExportJob:
        session = self.window.session
        job = ExportJob(copy.deepcopy(session.design), str(path), self.window.thresholds,
                        str(session.path) if session.path else None, changes_since)
        job.signals.progress.connect(self._on_progress)
        job.signals.finished.connect(self._on_finished)
        job.signals.failed.connect(self._on_failed)
        self.job = job
        if self.action is not None:
            self.action.setEnabled(False)
        self.window.statusBar().showMessage("Exporting the PDF…")
        self._timer.start(PROGRESS_DELAY_MS)
        self.pool.start(job)
        return job

    # --- reports from the worker (GUI thread) ---------------------------------------------

    def _on_progress(self, fraction: float, text: str) -> None:
        self._last_progress = (fraction, text)
        dialog = self.progress_dialog
        if dialog is not None:
            # setValue on a modal progress dialog processes events, which may deliver the
            # "finished" report and drop the dialog: work on a local reference, label first.
            dialog.setLabelText(text)
            dialog.setValue(round(fraction * 100))

    def _show_progress(self) -> None:
        if not self.running:
            return
        dialog = QProgressDialog("Exporting the PDF…", "", 0, 100, self.window)
        dialog.setWindowTitle("Export PDF")
        dialog.setCancelButton(None)   # a layout in progress cannot be interrupted
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(0)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        fraction, text = self._last_progress
        dialog.setValue(round(fraction * 100))
        if text:
            dialog.setLabelText(text)
        dialog.show()
        self.progress_dialog = dialog

    def _finish(self) -> None:
        self._timer.stop()
        self.job = None
        if self.progress_dialog is not None:
            self.progress_dialog.close()
            self.progress_dialog.deleteLater()
            self.progress_dialog = None
        if self.action is not None:
            self.action.setEnabled(True)

    def _on_finished(self, result) -> None:
        self._finish()
        pages = f" ({result.pages} pages)" if result.pages else ""
        self.window.statusBar().showMessage(f"Exported {result.path}{pages}", 8000)
        if ask_open_result(self.window, str(result.path), result.pages):
            if not open_file(str(result.path)):
                show_error(self.window, "The file could not be opened",
                           f"No program to open {result.path} was found. The file was "
                           "written; open it from your file manager.")
        self.done.emit(result)

    def _on_failed(self, message: str) -> None:
        from reports.formats import format_for

        what = format_for(self.job.path).what if self.job is not None else "the summary"
        what = what[:1].upper() + what[1:]
        self._finish()
        self.window.statusBar().showMessage(f"{what} was not exported", 8000)
        show_error(self.window, f"{what} could not be exported", message)
        self.done.emit(None)


def install_export_action(window, file_menu) -> QAction:
    """Add File > Export PDF or Word… (Ctrl+E) to the window; the exporter is
    ``window.pdf_exporter``."""
    exporter = PdfExporter(window)
    action = QAction("&Export PDF or Word…", window)
    action.setShortcut(QKeySequence("Ctrl+E"))
    action.setStatusTip("Write the protocol summary for the steering committee as a PDF or a "
                        "Word file")
    action.triggered.connect(exporter.export)
    file_menu.addAction(action)
    exporter.action = action
    window.pdf_exporter = exporter
    window.export_pdf_action = action
    return action
