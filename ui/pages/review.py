"""Step 8, Review: the whole design on one page, every open finding, the core-protocol checklist,
the Box 1 map and the SPIRIT 2025 completeness. Everything shown comes from models/ (summary,
guidance result, models.spirit)."""

from __future__ import annotations

import html

from PySide6.QtWidgets import QHBoxLayout, QPushButton, QTextBrowser

from models.guidance import GuidanceResult, Severity
from models.summary import NOT_APPLICABLE, design_summary
from ui.guidance_panel import SYMBOL
from ui.pages.base import Page

STATUS_MARK = {"met": "✔ met", "not met": "✖ not met", "not applicable": "— not applicable"}


def review_html(design, result: GuidanceResult) -> str:
    esc = html.escape
    counts = result.counts
    parts = [f"<h2>{esc(design.meta.title or 'Untitled design')}</h2>",
             f"<p>{SYMBOL[Severity.ERROR]} {counts['error']} errors · "
             f"{SYMBOL[Severity.WARNING]} {counts['warning']} warnings · "
             f"{SYMBOL[Severity.ADVICE]} {counts['advice']} advice</p>"]
    outcome = result.sample_size
    if outcome is not None and outcome.result is not None:
        from models.plan_text import plan_sentence, result_line

        parts.append(f"<p><b>Sample size:</b> {esc(result_line(outcome))}; planned "
                     f"{design.statistics.planned_total_n}.</p>")
        if outcome.plan is not None:
            parts.append(f"<p><b>Group-sequential plan:</b> "
                         f"{esc(plan_sentence(outcome.plan))}</p>")
    parts.append("<h3>Core-protocol checklist</h3><table cellspacing='0' cellpadding='3'>")
    for item in result.checklist:
        mark = "✔ addressed" if item.addressed else "✖ not addressed"
        missing = "" if item.addressed else esc(", ".join(item.missing_fields))
        parts.append(f"<tr><td>{item.number}. {esc(item.title)}</td><td><b>{mark}</b></td>"
                     f"<td>{missing}</td></tr>")
    parts.append("</table><h3>Box 1 proposals (Curley 2024)</h3><table cellpadding='3'>")
    for status in result.box1:
        rules = f" ({', '.join(status.findings)})" if status.findings else ""
        parts.append(f"<tr><td>{status.number}. {esc(status.text)}</td>"
                     f"<td><b>{STATUS_MARK[status.status]}</b>{esc(rules)}</td></tr>")
    parts.append("</table>")
    parts.append(spirit_html(design, result))
    parts.append("<h3>Findings</h3>")
    if not result.findings:
        parts.append("<p>None.</p>")
    else:
        parts.append("<ul>")
        for finding in result.findings:
            arm = f" ({esc(finding.arm_label)})" if finding.arm_label else ""
            open_mark = " — not specified yet" if finding.not_specified else ""
            parts.append(f"<li><b>{SYMBOL[finding.severity]} {finding.severity.label} "
                         f"{esc(finding.rule)}</b> {esc(finding.title)}{arm}{open_mark}: "
                         f"{esc(finding.message)}</li>")
        parts.append("</ul>")
    parts.append("<h3>The design</h3>")
    for title, rows in design_summary(design):
        parts.append(f"<h4>{esc(title)}</h4><table cellpadding='2'>")
        for row in rows:
            if not row.shown:
                continue   # a blank field that does not apply (hidden in the wizard too)
            value = f"<i>{esc(row.value)}</i>" if row.missing else esc(row.value)
            if not row.applies:
                value += f" <i>({esc(NOT_APPLICABLE)})</i>"
            parts.append(f"<tr><td>{esc(row.label)}</td><td>{value}</td></tr>")
        parts.append("</table>")
    return "".join(parts)


SPIRIT_STATUS = {"informed": "✔ informed", "open": "✖ open", "outside": "— outside the design"}


def spirit_html(design, result: GuidanceResult) -> str:
    """SPIRIT 2025 completeness (models.spirit): each item informed (with its fields), open
    (with the fields to decide) or outside the design's scope (with the reason)."""
    from models.spirit import field_labels, spirit_completeness

    esc = html.escape
    spirit = spirit_completeness(design, result.checklist)
    parts = [f"<h3>SPIRIT 2025 completeness</h3><p>{esc(spirit.summary())}. "
             f"<small>{esc(spirit.source.citation)}</small></p><table cellpadding='3'>"]
    for item in spirit.items:
        if item.status == "open":
            detail = "to decide: " + field_labels(item.open_fields)
        elif item.status == "informed":
            detail = field_labels(item.informed_fields)
        else:
            detail = item.note
        colour = " style='color:#666'" if item.status == "outside" else ""
        parts.append(f"<tr{colour}><td>{esc(item.item)}</td><td>{esc(item.topic)}</td>"
                     f"<td><b>{SPIRIT_STATUS[item.status]}</b></td><td>{esc(detail)}</td></tr>")
    parts.append("</table>")
    return "".join(parts)


class ReviewPage(Page):
    step_key = "review"
    fills_page = True

    def build(self) -> None:
        export = QPushButton("&Export PDF…")
        export.setToolTip("Write the protocol summary for the steering committee (Ctrl+E)")
        export.clicked.connect(self._export)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(export)
        self.layout_.addLayout(row)
        self.export_button = export
        self.view = QTextBrowser()
        self.view.setAccessibleName("Design review")
        self.view.setMinimumHeight(400)
        self.layout_.addWidget(self.view, 1)

    def _export(self) -> None:
        # The window owns the export (file dialog, worker thread, progress); reuse its action.
        action = getattr(self.window(), "export_pdf_action", None)
        if action is not None:
            action.trigger()

    def show_result(self, result: GuidanceResult) -> None:
        # Rendering the whole design costs a few ms; only do it while the page is on screen.
        self._pending = result
        if self.isVisible():
            self._render()

    def showEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        self._render()

    def _render(self) -> None:
        result = getattr(self, "_pending", None)
        if result is None:
            return
        scroll = self.view.verticalScrollBar().value()
        self.view.setHtml(review_html(self.session.design, result))
        self.view.verticalScrollBar().setValue(scroll)
