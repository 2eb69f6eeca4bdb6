"""File > Export PDF… (Ctrl+E): the protocol summary, written off the GUI thread.

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

from ui import dialogs

PDF_FILTER = "PDF files (*.pdf);;All files (*)"
PROGRESS_DELAY_MS = 500


# --- the dialogs (replaced in tests) -------------------------------------------------------------


def ask_pdf_path(parent: QWidget, suggested: str) -> str | None:
    path, _ = QFileDialog.getSaveFileName(parent, "Export PDF protocol summary", suggested,
                                          PDF_FILTER)
    if not path:
        return None
    return path if path.lower().endswith(".pdf") else path + ".pdf"


def ask_open_result(parent: QWidget, path: str, pages: int) -> bool:
    answer = QMessageBox.question(
        parent, "PDF exported",
        f"The protocol summary ({pages} pages) was written to\n{path}\n\nOpen it now?",
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
        try:
            from reports.pdf import export_pdf

            result = export_pdf(self.design, self.path, thresholds=self.thresholds,
                                design_path=self.design_path,
                                progress=lambda f, text: self.signals.progress.emit(f, text),
                                changes_since=self.changes_since)
        except OSError as error:
            from reports.pdf import describe_write_error  # the command line's words too

            self.signals.failed.emit(f"{self.path}: cannot be written "
                                     f"({describe_write_error(error)}). No PDF was written and "
                                     "any earlier file there is unchanged.")
        except Exception as error:  # noqa: BLE001 - a worker must report, never die silently
            self.signals.failed.emit(f"The PDF could not be built: {type(error).__name__}: "
                                     f"{error}")
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
        session = self.window.session
        if session.path is not None:
            name = Path(session.path).name
            for suffix in (".trial.json", ".json"):
                if name.endswith(suffix):
                    name = name[:-len(suffix)]
                    break
            return str(Path(session.path).with_name(name + "-summary.pdf"))
        return str(Path.home() / "protocol-summary.pdf")

    def export(self) -> None:
        """The menu action: ask where, then export in the background."""
        if self.running:
            return
        path = ask_pdf_path(self.window, self.suggested_path())
        if not path:
            return
        session = self.window.session
        if session.path is not None:
            from models.design_io import output_refusal

            refusal = output_refusal(str(session.path), path)
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
        self.window.statusBar().showMessage(
            f"Exported {result.path} ({result.pages} pages)", 8000)
        if ask_open_result(self.window, str(result.path), result.pages):
            if not open_file(str(result.path)):
                show_error(self.window, "The PDF could not be opened",
                           f"No program to open {result.path} was found. The file was "
                           "written; open it from your file manager.")
        self.done.emit(result)

    def _on_failed(self, message: str) -> None:
        self._finish()
        self.window.statusBar().showMessage("The PDF was not exported", 8000)
        show_error(self.window, "The PDF could not be exported", message)
        self.done.emit(None)


def install_export_action(window, file_menu) -> QAction:
    """Add File > Export PDF… (Ctrl+E) to the window; the exporter is ``window.pdf_exporter``."""
    exporter = PdfExporter(window)
    action = QAction("&Export PDF…", window)
    action.setShortcut(QKeySequence("Ctrl+E"))
    action.setStatusTip("Write the protocol summary for the steering committee as a PDF")
    action.triggered.connect(exporter.export)
    file_menu.addAction(action)
    exporter.action = action
    window.pdf_exporter = exporter
    window.export_pdf_action = action
    return action
