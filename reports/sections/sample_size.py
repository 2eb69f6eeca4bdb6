"""Part 5 of the PDF summary, the sample-size justification: the assumptions, the method and
its formula, the result as the protocol sentence, the per-arm numbers, the sensitivity table and
the power curve, drawn from models.chart_data as the screen draws them.
"""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether

from models import chart_data
from models.design import EndpointKind
from models.formatting import format_number, format_percent
from reports import charts
from reports.content import statistics_rows, words
from reports.sections.base import SectionBase
from reports.styles import FONT_BOLD, FRAME_WIDTH, GREY_LIGHT, INK


class SampleSizeJustification(SectionBase):
    """Part 5: the sample-size justification."""

    def part_sample_size(self) -> list[Flowable]:
        from models.sample_size import VFD_NOTE, describe

        design = self.design
        out = self.heading(5)
        out.append(self.p("Assumptions as stated in the design", "h2"))
        out += self.kv_table(statistics_rows(design), 62 * mm)
        outcome = self.result.sample_size
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
            out.append(self.p(text))
            if planned is not None:
                out.append(self.p(f"Planned total sample size: {planned}."))
            return out
        if outcome.missing:
            out.append(self.p("Not computed: these inputs are not decided yet: "
                              + ", ".join(outcome.missing) + "."))
            return out
        if outcome.error:
            out.append(self.p(f"The sample size cannot be computed: {outcome.error}."))
            return out
        result = outcome.result
        method_ref = self.refs.cite_text(result.reference, key=f"method:{result.reference}")
        out.append(self.p("Method", "h2"))
        out.append(self.pm(f"{self.m(result.method_label[:1].upper() + result.method_label[1:])}"
                           f"; critical value {self.m(result.critical_value_label)} = "
                           f"{format_number(result.critical_value, 4)} [{method_ref}].", "body"))
        out.append(self.p(f"Formula: {result.formula}", "small"))
        out.append(self.p("Result", "h2"))
        outcome_name = design.endpoints.primary.description or words(kind)
        out.append(self.pm(self.m(describe(result, outcome_name)) + f" [{method_ref}]", "body"))
        raw = ", ".join(format_number(n, 2) for n in result.raw)
        arms = ", ".join(str(n) for n in result.n_per_arm)
        out.append(self.p(f"Per arm, control first: raw n {raw}; rounded up "
                          f"{', '.join(str(n) for n in result.n_evaluable)}; after the "
                          f"{format_number(result.dropout_pct, 2)}% dropout allowance {arms}; "
                          f"total {result.n_total}. Achieved power at the rounded n: "
                          f"{format_percent(result.achieved_power, 1)}.", "body"))
        if planned is not None:
            verdict = ("meets" if planned >= result.n_total else
                       "is BELOW (see finding E-2)")
            out.append(self.p(f"Planned total: {planned}, which {verdict} the computed "
                              f"{result.n_total}.", "body"))
        interim = design.statistics.interim_analyses
        if interim:
            out.append(self.p(f"The computed n does not account for the {interim} planned "
                              "interim analysis(es).", "body"))
        for note in result.notes:
            out.append(self.p(note, "small"))
        if kind is EndpointKind.VENTILATOR_FREE_DAYS:
            out.append(self.pm(self.m(VFD_NOTE) + self.cite(
                "Yehya et al., Am J Respir Crit Care Med 2019; Renard Triché et al., "
                "Crit Care 2023"), "small"))
        self._step(0.30, "Sensitivity table")
        out += self._sensitivity(chart_data.sensitivity_grid(result))
        self._step(0.36, "Power curve")
        # The screen's power chart (the sample-size step): the same curve, marks and legend.
        chart = chart_data.power_chart(result, planned)
        out.append(KeepTogether([
            self.p("Power curve", "h2"), charts.power_drawing(chart, self.fmt, FRAME_WIDTH),
            *(self.p(note, "note") for note in chart.notes)]))
        return out

    def _sensitivity(self, grid) -> list[Flowable]:
        """The sensitivity table of the sample-size step (models.chart_data.SensitivityGrid):
        its headers and cells as the screen shows them, the design's own cell boxed."""
        width = (FRAME_WIDTH - 40 * mm) / max(len(grid.column_headers), 1)
        # Column headers right-aligned over their numbers, in bold (plain strings when short).
        head = [self.p(f"{grid.row_title} \\ {grid.column_title}", "cell_head"),
                *(self.cell(c, width, "cell_head") for c in grid.column_headers)]
        data = [head]
        for header, cells in zip(grid.row_headers, grid.cells):
            data.append([header, *cells])
        extra = [("ALIGN", (1, 0), (-1, -1), "RIGHT"), ("FONTNAME", (0, 1), (0, -1), FONT_BOLD),
                 ("FONTNAME", (1, 0), (-1, 0), FONT_BOLD), ("FONTSIZE", (1, 0), (-1, 0), 7.5),
                 ("VALIGN", (1, 0), (-1, 0), "BOTTOM")]
        row, column = grid.base
        if row >= 0 and column >= 0:
            cell = (column + 1, row + 1)
            extra += [("BOX", cell, cell, 1.4, INK), ("BACKGROUND", cell, cell, GREY_LIGHT),
                      ("FONTNAME", cell, cell, FONT_BOLD)]
        out = [KeepTogether([
            self.p("Sensitivity table", "h2"),
            self.p(f"{grid.title}: rows {grid.row_title.lower()}, columns "
                   f"{grid.column_title[0].lower()}{grid.column_title[1:]}; the design's own "
                   "assumptions are the boxed cell.", "small"),
            self.grid_table(data, [40 * mm] + [width] * len(grid.column_headers),
                            extra=extra)])]
        for problem in grid.problems:
            out.append(self.p(f"'—': {problem}", "small"))
        return out
