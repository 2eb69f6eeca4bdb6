"""Part 5 of the PDF summary, the sample-size justification: the assumptions, the method and
its formula, the result as the protocol sentence, the per-arm numbers, the sensitivity table and
the power curve, drawn from models.chart_data as the screen draws them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether

from models import chart_data
from models.design import EndpointKind
from models.formatting import format_number, format_percent
from reports import charts
from reports.content import statistics_rows, words
from models.plan_text import fixed_line
from reports.context import ReportContext, operating_characteristics
from reports.layout import TableCommand

if TYPE_CHECKING:
    from models.design_sample_size import DesignSampleSize
from reports.styles import FONT_BOLD, FRAME_WIDTH, GREY_LIGHT, INK


def part_sample_size(ctx: ReportContext) -> list[Flowable]:
    lay = ctx.layout
    from models.sample_size import VFD_NOTE, describe

    design = ctx.design
    out = lay.heading(5)
    out.append(lay.p("Assumptions as stated in the design", "h2"))
    out += lay.kv_table(statistics_rows(design), 62 * mm)
    outcome = ctx.result.sample_size
    planned = design.statistics.planned_total_n
    kind = design.endpoints.primary.kind
    if outcome is None:
        if kind is None:
            text = ("The primary endpoint is not decided (endpoints.primary.kind), so no "
                    "sample size can be computed yet.")
        else:
            text = (f"The primary endpoint is {words(kind)}: format version 1 holds no "
                    "assumptions for it (no event rate, category probabilities or odds "
                    "ratio), so the program computes no sample size (guidance catalogue "
                    "1.7). The justification must be made in the protocol itself.")
        out.append(lay.p(text))
        if planned is not None:
            out.append(lay.p(f"Planned total sample size: {planned}."))
        return out
    from models.design_sample_size import DesignSampleSize

    if not isinstance(outcome, DesignSampleSize):
        raise TypeError(f"the guidance result's sample size is a {type(outcome).__name__}")
    if outcome.missing:
        out.append(lay.p("Not computed: these inputs are not decided yet: "
                         + ", ".join(outcome.missing) + "."))
        return out
    if outcome.error:
        out.append(lay.p(f"The sample size cannot be computed: {outcome.error}."))
        return out
    from models.sample_size import OrdinalResult, SampleSizeResult, SurvivalResult

    result = outcome.result
    if not isinstance(result, (SampleSizeResult, SurvivalResult, OrdinalResult)):
        raise TypeError("a computed sample size is a SampleSizeResult, SurvivalResult or "
                        f"OrdinalResult, not {type(result).__name__}")

    method_ref = ctx.refs.cite_text(result.reference, key=f"method:{result.reference}")
    out.append(lay.p("Method", "h2"))
    label = getattr(result, "critical_value_label", None)
    critical = f"; critical value {lay.m(label)} = " if label else "; critical value "
    out.append(lay.pm(f"{lay.m(result.method_label[:1].upper() + result.method_label[1:])}"
                      f"{critical}{format_number(result.critical_value, 4)} "
                      f"[{method_ref}].", "body"))
    out.append(lay.p(f"Formula: {result.formula}", "small"))
    out.append(lay.p("Result", "h2"))
    if isinstance(result, SampleSizeResult):
        outcome_name = design.endpoints.primary.description or words(kind)
        out.append(lay.pm(lay.m(describe(result, outcome_name)) + f" [{method_ref}]",
                          "body"))
        raw = ", ".join(format_number(n, 2) for n in result.raw)
        arms = ", ".join(str(n) for n in result.n_per_arm)
        out.append(lay.p(f"Per arm, control first: raw n {raw}; rounded up "
                         f"{', '.join(str(n) for n in result.n_evaluable)}; after the "
                         f"{format_number(result.dropout_pct, 2)}% dropout allowance "
                         f"{arms}; total {result.n_total}. Achieved power at the rounded "
                         f"n: {format_percent(result.achieved_power, 1)}.", "body"))
        from models.plan_text import multi_arm_powers, multi_arm_sentence

        powers = multi_arm_powers(result)
        if powers is not None:
            out.append(lay.p(multi_arm_sentence(powers), "body"))
    else:
        out.append(lay.pm(lay.m(f"Fixed sample: {fixed_line(result)}. "
                                f"Achieved power at the rounded n: "
                                f"{format_percent(result.achieved_power, 1)}.")
                          + f" [{method_ref}]", "body"))
    if outcome.plan is not None:
        out += _plan(ctx, outcome.plan)
    to_enrol = outcome.n_total
    if to_enrol is None:
        raise ValueError("a computed sample size without an n to enrol")
    if planned is not None:
        verdict = ("meets" if planned >= to_enrol else "is BELOW (see finding E-2)")
        what = "group-sequential maximum" if outcome.plan is not None else "computed"
        out.append(lay.p(f"Planned total: {planned}, which {verdict} the {what} "
                         f"{to_enrol}.", "body"))
    interim = design.statistics.interim_analyses
    if interim and outcome.plan is None:
        out.append(lay.p(f"The computed n does not account for the {interim} planned "
                         "interim analysis(es).", "body"))
    for note in result.notes:
        out.append(lay.p(note, "small"))
    if kind is EndpointKind.VENTILATOR_FREE_DAYS:
        out.append(lay.pm(lay.m(VFD_NOTE) + lay.cite(
            "Yehya et al., Am J Respir Crit Care Med 2019; Renard Triché et al., "
            "Crit Care 2023"), "small"))
    out += _estimand(ctx)
    ctx.step(0.28, "Operating characteristics")
    out += _operating_characteristics(ctx, outcome)
    if isinstance(result, SampleSizeResult):
        if outcome.plan is not None:
            out.append(lay.p("The sensitivity table and the power curve below are of the "
                             "fixed-sample design (no interim looks).", "small"))
        ctx.step(0.30, "Sensitivity table")
        out += sensitivity_part(ctx, chart_data.sensitivity_grid(result))
        ctx.step(0.36, "Power curve")
        # The screen's power chart (the sample-size step): the same curve, marks, legend.
        chart = chart_data.power_chart(result, planned)
        out.append(KeepTogether([
            lay.p("Power curve", "h2"), charts.power_drawing(chart, lay.fmt, FRAME_WIDTH),
            *(lay.p(note, "note") for note in chart.notes)]))
    return out


def _plan(ctx: ReportContext, plan) -> list[Flowable]:
    """The group-sequential plan: its sentence, the boundaries table, the chart."""
    lay = ctx.layout
    from models.plan_text import plan_columns, plan_rows, plan_sentence

    ref = ctx.refs.cite_text(plan.design.reference, key=f"method:{plan.design.reference}")
    out = [lay.p("Group-sequential plan", "h2"),
           lay.pm(lay.m(plan_sentence(plan)) + f" [{ref}]", "body")]
    columns = plan_columns(plan)
    widths = [9 * mm, 20 * mm, 16 * mm, 17 * mm, 17 * mm, 17 * mm, 16 * mm, 16 * mm,
              18 * mm, 18 * mm]
    scale = FRAME_WIDTH / sum(widths)
    widths = [w * scale for w in widths]
    data = [[lay.cell(c, w, "cell_head") for c, w in zip(columns, widths)],
            *[list(row) for row in plan_rows(plan)]]
    out.append(lay.grid_table(data, widths, extra=[("ALIGN", (1, 1), (-1, -1), "RIGHT")]))
    if plan.estimate is not None:
        out.append(lay.p(f"Estimate: the {plan.estimate.scale} at which each look stops "
                         f"for efficacy ({plan.estimate.formula}).", "small"))
    for note in (*plan.design.notes, *plan.notes):
        out.append(lay.p(note, "small"))
    chart = chart_data.boundary_chart(plan)
    out.append(KeepTogether([lay.p("Boundaries", "h2"),
                             charts.boundary_drawing(chart, lay.fmt, FRAME_WIDTH),
                             *(lay.p(note, "note") for note in chart.notes)]))
    return out


def _estimand(ctx: ReportContext) -> list[Flowable]:
    """The primary estimand (ICH E9(R1)), when any part of it is decided."""
    lay = ctx.layout
    from models.vocabulary import STRATEGY_LABELS, SUMMARY_LABELS

    estimand = ctx.design.endpoints.estimand
    events = estimand.intercurrent_events or []
    if not (estimand.population or estimand.variable or events or estimand.summary_measure):
        return []
    rows = [("Population", estimand.population), ("Variable", estimand.variable)]
    for event in events:
        strategy = STRATEGY_LABELS[event.strategy] if event.strategy else \
            "strategy not decided"
        rows.append(("Intercurrent event", f"{event.event or 'not named'}: {strategy}"))
    summary = estimand.summary_measure
    rows.append(("Summary measure", SUMMARY_LABELS[summary] if summary else None))
    from reports.content import Row

    out = [lay.p("Estimand (ICH E9(R1))", "h2")]
    out += lay.kv_table([Row(label, value or "not decided", value is None)
                         for label, value in rows], 40 * mm)
    return out


def _operating_characteristics(ctx: ReportContext,
                               outcome: DesignSampleSize) -> list[Flowable]:
    """Simulated type I error, power and expected n over a grid of true effects (seeded,
    reproducible), or why there are none."""
    lay = ctx.layout
    from models.design_simulation import NotSimulated

    out = [lay.p("Operating characteristics (simulated)", "h2")]
    try:
        result, notes = operating_characteristics(ctx.design, outcome)
    except NotSimulated as why:
        out.append(lay.p(f"Not simulated: {why}.", "small"))
        return out
    effect = {"treatment_rate": "True mortality, active arm",
              "mean_difference": "True mean difference"}.get(result.parameter, "True effect")
    rows = [[effect, "P(reject H0)", "Expected n", "P(stop early: efficacy)",
             "P(stop early: futility)"]]
    for s in result.scenarios:
        early_e = sum(e.value for e in s.efficacy_by_look[:-1])
        early_f = sum(f.value for f in s.futility_by_look[:-1])
        rows.append([format_number(s.effect, 4) + (" (no effect)" if s.is_null else ""),
                     f"{format_percent(s.rejection.value, 1)} ± "
                     f"{format_percent(s.rejection.se, 1)}",
                     format_number(s.expected_patients.value, 0),
                     format_percent(early_e, 1), format_percent(early_f, 1)])
    widths = [FRAME_WIDTH * f for f in (0.26, 0.2, 0.14, 0.2, 0.2)]
    out.append(lay.grid_table(rows, widths, extra=[("ALIGN", (1, 1), (-1, -1), "RIGHT")]))
    out.append(lay.p(f"{result.n_simulations:,} simulated trials per effect, seed "
                     f"{result.seed}; ± one Monte Carlo standard error. {result.method}",
                     "small"))
    for note in notes:
        out.append(lay.p(note, "small"))
    return out


def sensitivity_part(ctx: ReportContext, grid: chart_data.SensitivityGrid) -> list[Flowable]:
    """The sensitivity table of the sample-size step (models.chart_data.SensitivityGrid):
    its headers and cells as the screen shows them, the design's own cell boxed."""
    lay = ctx.layout
    width = (FRAME_WIDTH - 40 * mm) / max(len(grid.column_headers), 1)
    # Column headers right-aligned over their numbers, in bold (plain strings when short).
    head = [lay.p(f"{grid.row_title} \\ {grid.column_title}", "cell_head"),
            *(lay.cell(c, width, "cell_head") for c in grid.column_headers)]
    data = [head]
    for header, cells in zip(grid.row_headers, grid.cells):
        data.append([header, *cells])
    extra: list[TableCommand] = [
        ("ALIGN", (1, 0), (-1, -1), "RIGHT"), ("FONTNAME", (0, 1), (0, -1), FONT_BOLD),
        ("FONTNAME", (1, 0), (-1, 0), FONT_BOLD), ("FONTSIZE", (1, 0), (-1, 0), 7.5),
        ("VALIGN", (1, 0), (-1, 0), "BOTTOM")]
    row, column = grid.base
    if row >= 0 and column >= 0:
        cell = (column + 1, row + 1)
        extra += [("BOX", cell, cell, 1.4, INK), ("BACKGROUND", cell, cell, GREY_LIGHT),
                  ("FONTNAME", cell, cell, FONT_BOLD)]
    out = [KeepTogether([
        lay.p("Sensitivity table", "h2"),
        lay.p(f"{grid.title}: rows {grid.row_title.lower()}, columns "
              f"{grid.column_title[0].lower()}{grid.column_title[1:]}; the design's own "
              "assumptions are the boxed cell.", "small"),
        lay.grid_table(data, [40 * mm] + [width] * len(grid.column_headers),
                       extra=extra)])]
    for problem in grid.problems:
        out.append(lay.p(f"'—': {problem}", "small"))
    return out
