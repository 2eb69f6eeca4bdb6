"""Part 7 of the PDF summary, the evidence context: what the bundled evidence is, the trials
comparable with the design, the dose chart (and its EV particle twin) and the forest plot of
mortality risk ratios, each drawn from models.chart_data as the evidence view draws it, with
what it leaves out, its notes and the trials' reference numbers.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, Callable

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether

from models import chart_data
from models.version import EVIDENCE_CURRENT_TO
from reports import charts
from reports.context import ReportContext
from reports.references import CURLEY_KEY, numbers_text
from reports.styles import FRAME_WIDTH
from reports.text import cut

if TYPE_CHECKING:
    from models.chart_data import DoseChart, ForestChart, ForestRow
    from models.evidence import EvidenceBase, TrialRecord

COMPARABLE_TRIALS_SHOWN = 15


def part_evidence(ctx: ReportContext) -> list[Flowable]:
    lay = ctx.layout
    out = lay.heading(7)
    curley = ctx.refs.cite_key(CURLEY_KEY)
    if ctx.evidence is None:
        out.append(lay.p(f"The evidence could not be loaded: {ctx.evidence_error}"))
        return out
    evidence = ctx.evidence
    trials = evidence.trials
    user = [t for t in trials if t.user_supplied]
    out.append(lay.pm(lay.m(
        f"The bundled evidence ({len(trials) - len(user)} trial rows: classical ARDS, "
        f"COVID-19, mixed and GvHD, published, registered and ongoing) is current to "
        f"{EVIDENCE_CURRENT_TO}; it comes from Curley 2024 Tables 1 and 2") +
        f" [{curley}] " + lay.m("and the primary sources cited beside each trial. "
                                "Unknown values stay unknown; nothing is imputed.")
        + (lay.m(f" {len(user)} user-supplied trial row(s) are included and marked "
                 "'(user)'.") if user else ""), "small"))
    for problem in evidence.user_problems:
        out.append(lay.p(f"User-supplied trials left out: {problem}", "small"))
    out += _comparable(ctx, evidence)
    ctx.step(0.54, "Dose chart")
    out += _dose_charts(ctx, evidence)
    ctx.step(0.57, "Forest plot")
    out += _forest(ctx, evidence)
    return out


def _sources(ctx: ReportContext, trial: TrialRecord) -> str:
    return numbers_text(ctx.refs.cite_evidence_source(key) for key in trial.sources)


def _comparable(ctx: ReportContext, evidence: EvidenceBase) -> list[Flowable]:
    lay = ctx.layout
    comparison = evidence.comparable_trials(ctx.design)
    out = [lay.p("Comparable trials", "h2"),
           lay.p("Trials that match the design's product kind or its dose per "
                 "administration (within a factor of 3), most similar first"
                 + (" (the design's setting only)" if ctx.design.population.setting
                     else "") + ".", "small")]
    shown = comparison.trials[:COMPARABLE_TRIALS_SHOWN]
    if not shown:
        out.append(lay.p("No bundled trial is comparable with the design as it stands.",
                         "body"))
    else:
        data = [[lay.p(h, "cell_head") for h in
                 ("Trial", "Dose per administration", "Doses", "Why comparable",
                  "Differences", "Sources")]]
        for c in shown:
            trial = c.trial
            name = trial.label + (" (user)" if trial.user_supplied else "")
            n = trial["n_total"]
            data.append([
                lay.p(cut(name, 120) + (f", n = {n}" if n is not None else ""), "cell"),
                lay.p(c.dose.describe(), "cell_small"),
                lay.p("?" if trial["n_doses"] is None else str(trial["n_doses"]), "cell"),
                lay.p(cut("; ".join(c.matched), 400), "cell_small"),
                lay.p(cut("; ".join(c.differences) or "—", 400), "cell_small"),
                lay.p(_sources(ctx, trial), "cell_small"),
            ])
        widths = [32 * mm, 27 * mm, 11 * mm, 45 * mm, 45 * mm]
        widths.append(FRAME_WIDTH - sum(widths))
        out.append(lay.grid_table(data, widths))
        if len(comparison.trials) > len(shown):
            out.append(lay.p(f"{len(comparison.trials) - len(shown)} less similar "
                             "trial(s) are not listed.", "small"))
    for note in comparison.notes:
        out.append(lay.p(note, "note"))
    return out


def _dose_charts(ctx: ReportContext, evidence: EvidenceBase) -> list[Flowable]:
    """The evidence view's dose chart (and, for a design dosed in EV particles, the same
    chart in particles), with what it leaves out and its notes."""
    lay = ctx.layout
    out: list[Flowable] = []
    cells = chart_data.dose_chart(evidence, ctx.design, all_settings=True)
    particles = chart_data.particle_dose_chart(evidence, ctx.design, all_settings=True)
    for heading, chart, height in (
            ("Dose per administration: cells/kg", cells, 215.0),
            ("Dose per administration: EV particles", particles, 180.0)):
        if chart is None:
            continue
        out.append(KeepTogether([lay.p(heading, "h2"),
                                 charts.dose_drawing(chart, lay.fmt, FRAME_WIDTH,
                                                     height)]))
        out += _chart_caption(ctx, chart, "Not on the chart")
    return out


def _chart_caption(ctx: ReportContext, chart: DoseChart | ForestChart, title: str,
                   refs: Callable[[str], str] | None = None) -> list[Flowable]:
    """What a chart lists instead of drawing, and its notes (models.chart_data)."""
    lay = ctx.layout
    out: list[Flowable] = []
    items = charts.not_plotted_markup(chart.not_plotted, lay.fmt, refs)
    if items:
        out.append(lay.pm(f"<b>{lay.m(title)}:</b> " + "; ".join(items) + ".", "small"))
    out += [lay.p(note, "note") for note in chart.notes]
    return out


def _forest(ctx: ReportContext, evidence: EvidenceBase) -> list[Flowable]:
    """The evidence view's forest plot (models.chart_data.ForestChart), each trial with its
    reference numbers; then what it lists instead of drawing, its notes, the pooling method,
    each pooled estimate's caveats and each disagreement between sources."""
    lay = ctx.layout
    setting = ctx.design.population.setting
    chart = chart_data.forest_chart(evidence, design_setting=setting.value if setting else None)
    refs = partial(_trial_refs, ctx, evidence)
    marks = {_trial_id(row): refs(_trial_id(row)) for row in chart.trial_rows()}
    drawings = charts.forest_drawings(chart, lay.fmt, FRAME_WIDTH, marks=marks)
    out: list[Flowable] = [CondPageBreak(90 * mm)]
    heading = lay.p("Mortality: risk ratios and pooled estimates", "h2")
    if drawings:
        out.append(KeepTogether([heading, drawings[0]]))
        out += drawings[1:]
    else:
        out += [heading, lay.p("No trial has arm-level death counts to plot.", "body")]
    out += _chart_caption(ctx, chart, "Listed, not plotted", refs)
    out.append(lay.p(f"Pooled per setting: {chart.method}; settings are never pooled "
                     "together.", "note"))
    labels = {row.setting: row.label for row in chart.rows if row.kind == "pooled"}
    for diamond in chart.diamonds:
        if diamond.caveats:
            out.append(lay.p(f"{labels[diamond.setting]}: " + "; ".join(diamond.caveats)
                             + ".", "note"))
    for row in chart.trial_rows():
        for text in row.disagreements:
            out.append(lay.p(f"{evidence.trial(_trial_id(row)).label}: {text}.", "note"))
    return out


def _trial_id(row: ForestRow) -> str:
    """The trial a trial row of the forest plot stands for (only headings and pooled rows
    have none)."""
    if row.trial_id is None:
        raise ValueError(f"forest plot row {row.label!r} ({row.kind}) names no trial")
    return row.trial_id


def _trial_refs(ctx: ReportContext, evidence: EvidenceBase, trial_id: str) -> str:
    """' [n, m]': the reference numbers of a trial's sources."""
    return " " + _sources(ctx, evidence.trial(trial_id))
