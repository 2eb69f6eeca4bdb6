"""Part 7 of the PDF summary, the evidence context: what the bundled evidence is, the trials
comparable with the design, the dose chart (and its EV particle twin) and the forest plot of
mortality risk ratios, each drawn from models.chart_data as the evidence view draws it, with
what it leaves out, its notes and the trials' reference numbers.
"""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether

from models import chart_data
from models.version import EVIDENCE_CURRENT_TO
from reports import charts
from reports.references import CURLEY_KEY, numbers_text
from reports.sections.base import SectionBase
from reports.styles import FRAME_WIDTH
from reports.text import cut

COMPARABLE_TRIALS_SHOWN = 15


class EvidenceContext(SectionBase):
    """Part 7: the evidence context."""

    def part_evidence(self) -> list[Flowable]:
        out = self.heading(7)
        curley = self.refs.cite_key(CURLEY_KEY)
        if self.evidence is None:
            out.append(self.p(f"The evidence could not be loaded: {self.evidence_error}"))
            return out
        evidence = self.evidence
        trials = evidence.trials
        user = [t for t in trials if t.user_supplied]
        out.append(self.pm(self.m(
            f"The bundled evidence ({len(trials) - len(user)} trial rows: classical ARDS, "
            f"COVID-19, mixed and GvHD, published, registered and ongoing) is current to "
            f"{EVIDENCE_CURRENT_TO}; it comes from Curley 2024 Tables 1 and 2") +
            f" [{curley}] " + self.m("and the primary sources cited beside each trial. "
                                     "Unknown values stay unknown; nothing is imputed.")
            + (self.m(f" {len(user)} user-supplied trial row(s) are included and marked "
                      "'(user)'.") if user else ""), "small"))
        for problem in evidence.user_problems:
            out.append(self.p(f"User-supplied trials left out: {problem}", "small"))
        out += self._comparable()
        self._step(0.54, "Dose chart")
        out += self._dose_charts()
        self._step(0.57, "Forest plot")
        out += self._forest()
        return out

    def _sources(self, trial) -> str:
        return numbers_text(self.refs.cite_evidence_source(key) for key in trial.sources)

    def _comparable(self) -> list[Flowable]:
        comparison = self.evidence.comparable_trials(self.design)
        out = [self.p("Comparable trials", "h2"),
               self.p("Trials that match the design's product kind or its dose per "
                      "administration (within a factor of 3), most similar first"
                      + (" (the design's setting only)" if self.design.population.setting
                         else "") + ".", "small")]
        shown = comparison.trials[:COMPARABLE_TRIALS_SHOWN]
        if not shown:
            out.append(self.p("No bundled trial is comparable with the design as it stands.",
                              "body"))
        else:
            data = [[self.p(h, "cell_head") for h in
                     ("Trial", "Dose per administration", "Doses", "Why comparable",
                      "Differences", "Sources")]]
            for c in shown:
                trial = c.trial
                name = trial.label + (" (user)" if trial.user_supplied else "")
                n = trial["n_total"]
                data.append([
                    self.p(cut(name, 120) + (f", n = {n}" if n is not None else ""), "cell"),
                    self.p(c.dose.describe(), "cell_small"),
                    self.p("?" if trial["n_doses"] is None else str(trial["n_doses"]), "cell"),
                    self.p(cut("; ".join(c.matched), 400), "cell_small"),
                    self.p(cut("; ".join(c.differences) or "—", 400), "cell_small"),
                    self.p(self._sources(trial), "cell_small"),
                ])
            widths = [32 * mm, 27 * mm, 11 * mm, 45 * mm, 45 * mm]
            widths.append(FRAME_WIDTH - sum(widths))
            out.append(self.grid_table(data, widths))
            if len(comparison.trials) > len(shown):
                out.append(self.p(f"{len(comparison.trials) - len(shown)} less similar "
                                  "trial(s) are not listed.", "small"))
        for note in comparison.notes:
            out.append(self.p(note, "note"))
        return out

    def _dose_charts(self) -> list[Flowable]:
        """The evidence view's dose chart (and, for a design dosed in EV particles, the same
        chart in particles), with what it leaves out and its notes."""
        out: list[Flowable] = []
        cells = chart_data.dose_chart(self.evidence, self.design, all_settings=True)
        particles = chart_data.particle_dose_chart(self.evidence, self.design,
                                                   all_settings=True)
        for heading, chart, height in (
                ("Dose per administration: cells/kg", cells, 215.0),
                ("Dose per administration: EV particles", particles, 180.0)):
            if chart is None:
                continue
            out.append(KeepTogether([self.p(heading, "h2"),
                                     charts.dose_drawing(chart, self.fmt, FRAME_WIDTH,
                                                         height)]))
            out += self._chart_caption(chart, "Not on the chart")
        return out

    def _chart_caption(self, chart, title: str, refs=None) -> list[Flowable]:
        """What a chart lists instead of drawing, and its notes (models.chart_data)."""
        out: list[Flowable] = []
        items = charts.not_plotted_markup(chart.not_plotted, self.fmt, refs)
        if items:
            out.append(self.pm(f"<b>{self.m(title)}:</b> " + "; ".join(items) + ".", "small"))
        out += [self.p(note, "note") for note in chart.notes]
        return out

    def _forest(self) -> list[Flowable]:
        """The evidence view's forest plot (models.chart_data.ForestChart), each trial with its
        reference numbers; then what it lists instead of drawing, its notes, the pooling method,
        each pooled estimate's caveats and each disagreement between sources."""
        setting = self.design.population.setting
        chart = chart_data.forest_chart(self.evidence,
                                        design_setting=setting.value if setting else None)
        refs = self._trial_refs
        marks = {row.trial_id: refs(row.trial_id) for row in chart.trial_rows()}
        drawings = charts.forest_drawings(chart, self.fmt, FRAME_WIDTH, marks=marks)
        out: list[Flowable] = [CondPageBreak(90 * mm)]
        heading = self.p("Mortality: risk ratios and pooled estimates", "h2")
        if drawings:
            out.append(KeepTogether([heading, drawings[0]]))
            out += drawings[1:]
        else:
            out += [heading, self.p("No trial has arm-level death counts to plot.", "body")]
        out += self._chart_caption(chart, "Listed, not plotted", refs)
        out.append(self.p(f"Pooled per setting: {chart.method}; settings are never pooled "
                          "together.", "note"))
        labels = {row.setting: row.label for row in chart.rows if row.kind == "pooled"}
        for diamond in chart.diamonds:
            if diamond.caveats:
                out.append(self.p(f"{labels[diamond.setting]}: " + "; ".join(diamond.caveats)
                                  + ".", "note"))
        for row in chart.trial_rows():
            for text in row.disagreements:
                out.append(self.p(f"{self.evidence.trial(row.trial_id).label}: {text}.",
                                  "note"))
        return out

    def _trial_refs(self, trial_id: str) -> str:
        """' [n, m]': the reference numbers of a trial's sources."""
        return " " + self._sources(self.evidence.trial(trial_id))
