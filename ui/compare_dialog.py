"""File > Compare with…: the design in the window against an earlier version on disk
(models.compare), in a dialog: a table of every field that differs (old → new), then the findings
that appeared and disappeared, the computed n, the core-protocol checklist and the Box 1 map; and
a button that exports the PDF with "Changes since version N" appended.

The earlier version is the "old" side: the question a committee asks is what changed since the
version it saw. The comparison is computed on the GUI thread: it evaluates the guidance twice
and, with interim looks, the group-sequential plan (cached), a few milliseconds.
"""

from __future__ import annotations

import copy
import html
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QVBoxLayout,
)

from ui import dialogs

COLUMNS = ("Field", "Old", "New", "JSON path")


# --- the questions (replaced in tests) -------------------------------------------------------


def ask_old_design_path(parent, folder: str) -> str | None:
    from PySide6.QtWidgets import QFileDialog

    path, _ = QFileDialog.getOpenFileName(parent, "Compare with an earlier version", folder,
                                          dialogs.DESIGN_FILTER)
    return path or None


def show_dialog(dialog: QDialog) -> None:
    dialog.exec()


# --- the dialog --------------------------------------------------------------------------------


def details_html(c) -> str:
    """The findings, the computed n, the checklist and the Box 1 map of a
    models.compare.Comparison, as rich text."""
    from models.compare import sample_size_words

    esc = html.escape
    parts = [f"<h3>Findings: {len(c.findings_appeared)} appeared, "
             f"{len(c.findings_disappeared)} disappeared, {c.findings_kept} in both</h3>"]
    rows = [(word, f) for word, group in (("appeared", c.findings_appeared),
                                          ("disappeared", c.findings_disappeared))
            for f in group]
    if rows:
        parts.append("<table cellpadding='3'>")
        for word, f in rows:
            arm = f" ({esc(f.arm)})" if f.arm else ""
            mark = "+" if word == "appeared" else "−"
            parts.append(f"<tr><td><b>{mark} {word}</b></td><td><b>{esc(f.rule)}</b></td>"
                         f"<td>{esc(f.title)}{arm}</td><td>{esc(f.severity)}</td></tr>")
        parts.append("</table>")
    parts.append(f"<h3>Sample size: {esc(sample_size_words(c))}</h3>"
                 f"<p><b>Old:</b> {esc(c.sample_size_old.text)}</p>"
                 f"<p><b>New:</b> {esc(c.sample_size_new.text)}</p>")
    (before, after), total = c.checklist_addressed, c.checklist_total
    parts.append(f"<h3>Core-protocol checklist: {before} → {after} of {total} addressed</h3>")
    parts.append(_status_rows(c.checklist))
    parts.append(f"<h3>Box 1 map: {len(c.box1)} proposal(s) changed status</h3>")
    parts.append(_status_rows(c.box1))
    return "".join(parts)


def _status_rows(changes) -> str:
    if not changes:
        return "<p>No change.</p>"
    esc = html.escape
    return "<table cellpadding='3'>" + "".join(
        f"<tr><td>{s.number}. {esc(s.title)}</td><td>{esc(s.old)} → <b>{esc(s.new)}</b></td>"
        "</tr>" for s in changes) + "</table>"


class CompareDialog(QDialog):
    """The comparison of ``old`` (an earlier version, from ``old_path``) with the window's
    design."""

    def __init__(self, window, old, old_path: str):
        super().__init__(window)
        self.window_ = window
        from models.compare import compare_designs  # imported on first use, not at start-up

        self.old = old
        self.comparison = compare_designs(old, window.session.design, window.thresholds)
        c = self.comparison
        self.setWindowTitle(f"Changes since {c.old_version}")
        self.resize(1000, 680)
        layout = QVBoxLayout(self)
        summary = (f"<b>Old:</b> {html.escape(Path(old_path).name)} ({html.escape(c.old_version)})"
                   f" · <b>New:</b> {html.escape(window.session.display_name)} "
                   f"({html.escape(c.new_version)})<br/>")
        summary += ("The designs are the same in every field." if c.identical else
                    f"{len(c.fields)} field(s) differ. Arms, secondary endpoints and "
                    "intercurrent events are matched by position.")
        self.summary = QLabel(summary)
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)

        self.table = QTableWidget(len(c.fields), len(COLUMNS))
        self.table.setAccessibleName("Fields that differ")
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(True)
        self.table.verticalHeader().setVisible(False)
        for row, change in enumerate(c.fields):
            new = change.new + (f" ({change.detail})" if change.detail else "")
            for column, text in enumerate((change.label, change.old, new, change.path)):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.table.setItem(row, column, item)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for column, width in enumerate((230, 270, 270, 200)):
            self.table.setColumnWidth(column, width)
        header.setStretchLastSection(True)
        self.table.resizeRowsToContents()

        self.details = QTextBrowser()
        self.details.setAccessibleName("Findings, sample size, checklist and Box 1 changes")
        self.details.setHtml(details_html(c))
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.table)
        splitter.addWidget(self.details)
        splitter.setSizes([380, 260])
        layout.addWidget(splitter, 1)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.export_button = QPushButton("Export PDF with these &changes…")
        self.export_button.setToolTip(f"The protocol summary with 'Changes since "
                                      f"{c.old_version}' appended")
        buttons.addButton(self.export_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.export_button.clicked.connect(self.export_pdf)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def export_pdf(self) -> None:
        """Export through the window's exporter (background thread, progress, atomic write)."""
        exporter = getattr(self.window_, "pdf_exporter", None)
        if exporter is None or exporter.running:
            return
        from ui import export

        path = export.ask_pdf_path(self, exporter.suggested_path())
        if not path:
            return
        session = self.window_.session
        if session.path is not None:
            from models.atomic_files import output_refusal

            refusal = output_refusal(str(session.path), path)
            if refusal:
                export.show_error(self, "The PDF was not exported", refusal)
                return
        exporter.start(path, changes_since=copy.deepcopy(self.old))


def compare_with(window) -> CompareDialog | None:
    """The menu action: ask for the earlier version, read it, show the comparison. A file that
    cannot be read shows the reader's message (file and JSON paths) and nothing else."""
    session = window.session
    folder = str(session.path.parent) if session.path else str(Path.home())
    path = ask_old_design_path(window, folder)
    if not path:
        return None
    from models.design_io import DesignFileError, load_design

    try:
        old = load_design(path)
    except DesignFileError as error:
        dialogs.show_error(window, "The design could not be compared", "\n".join(error.lines()))
        return None
    except Exception as error:  # noqa: BLE001 - a bad file must never take the window down
        dialogs.show_error(window, "The design could not be compared",
                           f"{path}: {type(error).__name__}: {error}")
        return None
    dialog = CompareDialog(window, old, path)
    show_dialog(dialog)
    return dialog


def install_compare_action(window, file_menu) -> QAction:
    """Add File > Compare with… to the window."""
    action = QAction("Compare &with…", window)
    action.setStatusTip("Show what changed since an earlier version of this design")
    action.triggered.connect(lambda: compare_with(window))
    file_menu.addAction(action)
    window.compare_action = action
    return action
