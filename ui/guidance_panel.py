"""The guidance panel beside the wizard: every finding for the design as it stands.

Findings are grouped by severity with a symbol and a word (never colour alone); the ones about
fields not decided yet are listed apart as open decisions. Selecting a finding shows its message,
evidence and illustrating trials; activating it (double-click or Enter) asks the window to go to
the field it concerns.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QLabel,
    QSplitter,
    QTextBrowser,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ui.first_frame import CHECKING

# Severity only: the panel is built for the first frame, before the guidance engine is loaded.
from models.guidance.base import Severity

if TYPE_CHECKING:
    from models.guidance import Finding, GuidanceResult

SYMBOL = {Severity.ERROR: "✖", Severity.WARNING: "▲", Severity.ADVICE: "ℹ"}
GROUP_TITLE = {Severity.ERROR: "Errors", Severity.WARNING: "Warnings", Severity.ADVICE: "Advice"}
FINDING_ROLE = Qt.ItemDataRole.UserRole


def finding_label(finding: Finding) -> str:
    label = f"{SYMBOL[finding.severity]} {finding.severity.label} · {finding.rule} · " \
            f"{finding.title}"
    if finding.arm_label:
        label += f" ({finding.arm_label})"
    return label


def finding_html(finding: Finding) -> str:
    """The detail view of one finding: message, fields, evidence with sources, trials."""
    esc = html.escape
    parts = [f"<h3>{esc(finding.rule)} · {esc(finding.title)}</h3>",
             f"<p><b>{SYMBOL[finding.severity]} {finding.severity.label}</b>"
             + (" — not specified yet" if finding.not_specified else "")
             + (f" — {esc(finding.arm_label)}" if finding.arm_label else "") + "</p>",
             f"<p>{esc(finding.message)}</p>",
             f"<p><b>Fields:</b> {esc(', '.join(finding.fields))}</p>"]
    if finding.evidence:
        parts.append("<p><b>Evidence</b></p><ul>")
        for item in finding.evidence:
            note = f" [{esc(item.kind)}]" if item.kind else ""
            source = f" <i>({esc(item.source)})</i>" if item.source else ""
            parts.append(f"<li>{esc(item.text)}{source}{note}</li>")
        parts.append("</ul>")
    if finding.trials:
        parts.append("<p><b>Trials</b></p><ul>")
        parts += [f"<li>{esc(t)}</li>" for t in finding.trials]
        parts.append("</ul>")
    return "".join(parts)


class GuidancePanel(QWidget):
    """Shows a GuidanceResult; emits ``go_to_field(path)`` when a finding is activated."""

    go_to_field = Signal(str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._signature: tuple | None = None   # None: no result yet ("checking")
        self._findings: list[Finding] = []
        self.summary = QLabel(self.CHECKING)
        self.summary.setWordWrap(True)
        self.tree = QTreeWidget()
        self.tree.setHeaderHidden(True)
        self.tree.setAccessibleName("Guidance findings")
        self.tree.setWordWrap(True)
        self.details = QTextBrowser()
        self.details.setAccessibleName("Finding evidence")
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.tree)
        splitter.addWidget(self.details)
        splitter.setSizes([380, 260])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.summary)
        layout.addWidget(splitter, 1)
        self.details.setHtml(f"<p>{self.CHECKING}</p>")
        self.tree.currentItemChanged.connect(self._selected)
        self.tree.itemActivated.connect(self._activated)

    # --- content -----------------------------------------------------------------------------

    CHECKING = CHECKING
    INTRO = ("<p>Select a finding to see its evidence and the trials behind it; press Enter or "
             "double-click to go to the field.</p>")

    def show_checking(self) -> None:
        """No result for the design as it stands yet (the first evaluation runs just after the
        window is first painted): show that, never findings of another design or of none."""
        self.summary.setText(self.CHECKING)
        self._signature = None   # the next result always rebuilds the tree
        self._findings = []
        self.tree.clear()
        self.details.setHtml(f"<p>{self.CHECKING}</p>")

    @property
    def checking(self) -> bool:
        return self._signature is None

    def show_result(self, result: GuidanceResult) -> None:
        """Refresh from a result; cheap when nothing changed (the common keystroke case)."""
        signature = tuple((f.rule, f.arm, f.message, f.fields, f.not_specified)
                          for f in result.findings)
        counts = result.counts
        open_decisions = sum(1 for f in result.findings if f.not_specified)
        self.summary.setText(
            f"{SYMBOL[Severity.ERROR]} {counts['error']} errors · "
            f"{SYMBOL[Severity.WARNING]} {counts['warning']} warnings · "
            f"{SYMBOL[Severity.ADVICE]} {counts['advice']} advice — "
            f"{open_decisions} open decisions")
        if signature == self._signature:
            return
        if self._signature is None:   # was checking: its note goes with it
            self.details.setHtml(self.INTRO)
        self._signature = signature
        self._findings = list(result.findings)
        self._rebuild()

    def _rebuild(self) -> None:
        tree = self.tree
        current = self._current_key()
        tree.clear()
        stated = [f for f in self._findings if not f.not_specified]
        open_items = [f for f in self._findings if f.not_specified]
        restore = None
        for severity in Severity:
            group = [f for f in stated if f.severity is severity]
            if not group:
                continue
            header = QTreeWidgetItem([f"{SYMBOL[severity]} {GROUP_TITLE[severity]} "
                                      f"({len(group)})"])
            tree.addTopLevelItem(header)
            restore = self._add_children(header, group, current) or restore
            header.setExpanded(True)
        if open_items:
            header = QTreeWidgetItem([f"Open decisions — not specified yet ({len(open_items)})"])
            tree.addTopLevelItem(header)
            restore = self._add_children(header, open_items, current) or restore
            header.setExpanded(True)
        if restore is not None:
            tree.setCurrentItem(restore)
        elif not self._findings:
            self.details.setHtml("<p>No findings: the design follows every rule of the "
                                 "core-protocol guidance that applies to it.</p>")

    def _add_children(self, header, findings, current):
        restore = None
        for finding in findings:
            item = QTreeWidgetItem([finding_label(finding)])
            item.setData(0, FINDING_ROLE, finding)
            item.setToolTip(0, finding.message)
            header.addChild(item)
            if current == (finding.rule, finding.arm):
                restore = item
        return restore

    def _current_key(self):
        item = self.tree.currentItem()
        finding = item.data(0, FINDING_ROLE) if item else None
        return (finding.rule, finding.arm) if finding else None

    def finding_items(self) -> list[QTreeWidgetItem]:
        items = []
        for i in range(self.tree.topLevelItemCount()):
            header = self.tree.topLevelItem(i)
            if header is None:
                continue
            items += [child for j in range(header.childCount())
                      if (child := header.child(j)) is not None]
        return items

    def rules_shown(self) -> list[str]:
        return [item.data(0, FINDING_ROLE).rule for item in self.finding_items()]

    # --- interaction -------------------------------------------------------------------------

    def _selected(self, item, _previous) -> None:
        finding = item.data(0, FINDING_ROLE) if item else None
        if finding is not None:
            self.details.setHtml(finding_html(finding))

    def _activated(self, item, _column=0) -> None:
        finding = item.data(0, FINDING_ROLE)
        if finding is not None and finding.fields:
            self.go_to_field.emit(finding.fields[0])
