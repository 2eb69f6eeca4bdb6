"""A window that opens a design and shows what the guidance engine says about it."""

from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QFileDialog,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QTextBrowser,
    QTreeWidget,
    QTreeWidgetItem,
)

from models.design_io import DesignFileError, load_design
from models.guidance import Severity, evaluate

SEVERITY_MARK = {Severity.ERROR: "✖ Error", Severity.WARNING: "▲ Warning",
                 Severity.ADVICE: "ℹ Advice"}


def show_load_error(parent, error: DesignFileError) -> None:
    """A dialog with the loader's message. A small function so tests can replace it."""
    QMessageBox.warning(parent, "The design could not be opened", str(error))


class ReviewWindow(QMainWindow):
    def __init__(self) -> None:
        super().__init__()
        self.resize(1100, 720)
        self._path: Path | None = None
        self._findings = []
        self.findings_tree = QTreeWidget()
        self.findings_tree.setHeaderLabels(["Finding", "Fields"])
        self.findings_tree.setAccessibleName("Guidance findings")
        self.findings_tree.setColumnWidth(0, 520)
        self.details = QTextBrowser()
        self.details.setAccessibleName("Finding details")
        self.details.setOpenExternalLinks(False)
        splitter = QSplitter()
        splitter.addWidget(self.findings_tree)
        splitter.addWidget(self.details)
        splitter.setSizes([650, 450])
        self.setCentralWidget(splitter)
        self.findings_tree.currentItemChanged.connect(self._show_details)
        menu = self.menuBar().addMenu("&File")
        open_action = QAction("&Open…", self)
        open_action.setShortcut(QKeySequence.StandardKey.Open)
        open_action.triggered.connect(self._choose_file)
        menu.addAction(open_action)
        quit_action = QAction("&Quit", self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        menu.addAction(quit_action)
        self._update_title()

    def _update_title(self) -> None:
        name = self._path.name if self._path else "no design"
        self.setWindowTitle(f"{name} — MSC-ARDS Trial Designer")

    def _choose_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Open design", "",
                                              "Trial designs (*.trial.json);;All files (*)")
        if path:
            self.open_design(Path(path))

    def open_design(self, path: Path) -> bool:
        """Load and show a design; on a bad file show why and keep what was shown."""
        try:
            design = load_design(path)
        except DesignFileError as error:
            show_load_error(self, error)
            return False
        result = evaluate(design)
        self._path = path
        self._findings = list(result.findings)
        self._fill(result)
        self._update_title()
        return True

    def finding_count(self) -> int:
        return len(self._findings)

    def _fill(self, result) -> None:
        tree = self.findings_tree
        tree.clear()
        for severity in Severity:
            group = [f for f in result.findings if f.severity is severity]
            header = QTreeWidgetItem([f"{SEVERITY_MARK[severity]}s ({len(group)})", ""])
            tree.addTopLevelItem(header)
            for finding in group:
                label = f"{finding.rule} · {finding.title}"
                if finding.arm_label:
                    label += f" ({finding.arm_label})"
                if finding.not_specified:
                    label += " — not specified"
                item = QTreeWidgetItem([label, ", ".join(finding.fields)])
                item.setData(0, 0x0100, finding.rule)  # Qt.UserRole
                item.setToolTip(0, finding.message)
                header.addChild(item)
            header.setExpanded(True)
        done = sum(1 for item in result.checklist if item.addressed)
        self.statusBar().showMessage(
            f"{result.counts['error']} errors, {result.counts['warning']} warnings, "
            f"{result.counts['advice']} advice · core-protocol checklist {done} of 9 addressed")

    def _show_details(self, current, _previous) -> None:
        if current is None or current.parent() is None:
            self.details.clear()
            return
        index = current.parent().indexOfChild(current)
        severity = list(Severity)[self.findings_tree.indexOfTopLevelItem(current.parent())]
        finding = [f for f in self._findings if f.severity is severity][index]
        parts = [f"<h3>{html.escape(finding.rule)} · {html.escape(finding.title)}</h3>",
                 f"<p><b>{SEVERITY_MARK[finding.severity]}</b></p>",
                 f"<p>{html.escape(finding.message)}</p>",
                 "<p><b>Fields:</b> " + html.escape(", ".join(finding.fields)) + "</p>"]
        if finding.evidence:
            parts.append("<p><b>Evidence</b></p><ul>")
            parts += [f"<li>{html.escape(e.text)} <i>({html.escape(e.source)})</i></li>"
                      for e in finding.evidence]
            parts.append("</ul>")
        if finding.trials:
            parts.append("<p><b>Trials</b></p><ul>")
            parts += [f"<li>{html.escape(t)}</li>" for t in finding.trials]
            parts.append("</ul>")
        self.details.setHtml("".join(parts))
