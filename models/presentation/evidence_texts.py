"""The evidence view's texts: a table cell's value with its provenance and sources, the
comparable trials with why each matched, and what the import dialog says about a refused file.
HTML for Qt's rich-text widgets, built without Qt and tested so."""

from __future__ import annotations

import html


def import_problems_text(error) -> str:
    """What the dialog says about a refused file: every problem with its line and column."""
    return ("Nothing was imported. Fix these problems in the file and import it again:\n\n"
            + "\n".join(f"• {problem}" for problem in error.problems)
            + f"\n\nFile: {error.source}")


def detail_html(trial, column: str) -> str:
    # chart_data (and the evidence modules behind it) load on first use, not with the window.
    from models import chart_data as cd

    provenance = cd.cell_provenance(trial, column)
    value = cd.value_text(column, cd.table_value(trial, column)) or "not available"
    parts = [f"<h3>{html.escape(trial.label)}"
             + (" <i>(user-supplied)</i>" if trial.user_supplied else "") + "</h3>",
             f"<p><b>{html.escape(cd.column_title(column))}</b>: {html.escape(value)}</p>"]
    if provenance.mark:
        parts.append(f"<p><b>{html.escape(cd.MARKS[provenance.mark])} "
                     f"{'Sources disagree' if provenance.mark == cd.DISPUTED else 'Uncertain'}"
                     "</b></p>")
    for line in provenance.lines():
        parts.append(f"<p>{html.escape(line)}</p>")
    for source in provenance.sources:
        if source.addresses:
            parts.append(f"<p style='color:#444;'>{html.escape(source.key)}: "
                         + "<br>".join(html.escape(a) for a in source.addresses) + "</p>")
    return "".join(parts)


def comparison_html(comparison) -> str:
    from models import chart_data as cd

    if not comparison.trials:
        body = "<p>No trial matches the design's product kind or dose yet.</p>"
    else:
        items = []
        for match in comparison.trials:
            trial = match.trial
            matched = "".join(f"<li>{html.escape(m)}</li>" for m in match.matched)
            differs = "".join(f"<li>{html.escape(d)}</li>" for d in match.differences)
            items.append(
                f"<h4>{html.escape(trial.label)}"
                + (" <i>(user-supplied)</i>" if trial.user_supplied else "")
                + f" — {html.escape(cd.setting_style(trial.setting).label)}</h4>"
                + (f"<p>Why it matched:</p><ul>{matched}</ul>" if matched else "")
                + (f"<p>What differs or is not known:</p><ul>{differs}</ul>" if differs else ""))
        body = "".join(items)
    notes = "".join(f"<p style='color:#444;'>{html.escape(n)}</p>" for n in comparison.notes)
    return body + notes
