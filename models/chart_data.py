"""What the evidence and statistics charts show, as plain data: the screen (pyqtgraph, ui/charts/)
and the PDF (reportlab.graphics, reports/) draw the same numbers from here, so the two never
disagree and a test can check a chart without drawing it.

Pure Python, no Qt. Values are given as they are (risk ratios, cells/kg, patients); where an axis
is logarithmic the chart says so (``Axis.log``) and the drawing code takes the logarithm. Every
text on a chart goes through models.formatting. Each chart also names its legend
(``legend``: text, marker shape, line style), so the two legends read the same.

    dose_chart(evidence, design)          # doses per administration vs administrations
    particle_dose_chart(evidence, design) # the same in EV particles (None without a particle arm)
    forest_chart(evidence)                # mortality risk ratios, pooled diamond per setting
    power_chart(result, planned_total_n)  # power vs patients analysed, planned and computed n
    design_power_chart(design)            # the same for a design (None when there is no n)
    sensitivity_grid(result)              # the sensitivity table as texts, base cell marked
    table_columns(), table_cell_text(), cell_provenance()   # the trials table and its provenance
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from typing import Any, Iterable, Sequence

from models.design import Design
from models.evidence.comparison import TISSUE_LABELS
from models.evidence.provenance import Discrepancy, FieldProvenance, Source, load_sources
from models.evidence.record import PRODUCT_LABELS, SETTING_LABELS, TrialRecord
from models.evidence.schema import (
    COLUMNS,
    GROUP_COLUMNS,
    QUALIFIER_COLUMNS,
    SETTINGS,
)
from models.formatting import (
    format_number,
    format_percent,
    format_power_of_ten,
    format_risk_ratio_ci,
)
from models.guidance.rules_dosing import MIN_CELLS_PER_KG

# --- Shared look ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class SeriesStyle:
    """How one series is drawn. Colours are the Okabe-Ito palette (safe for colour-blind
    readers); every series also has its own marker shape, so a greyscale print stays readable."""

    label: str
    colour: str          # "#RRGGBB"
    marker: str          # circle, square, triangle, diamond, star, hexagon


SETTING_STYLES: dict[str, SeriesStyle] = {
    "classical": SeriesStyle(SETTING_LABELS["classical"], "#0072B2", "circle"),
    "covid19": SeriesStyle(SETTING_LABELS["covid19"], "#D55E00", "square"),
    "mixed": SeriesStyle(SETTING_LABELS["mixed"], "#009E73", "triangle"),
    "gvhd": SeriesStyle(SETTING_LABELS["gvhd"], "#CC79A7", "diamond"),
}
# A user's trial may name a setting the palette does not know only if the schema grows one.
OTHER_STYLE = SeriesStyle("other", "#555555", "hexagon")
DESIGN_STYLE = SeriesStyle("this design", "#000000", "star")


def setting_style(setting: str | None) -> SeriesStyle:
    return SETTING_STYLES.get(setting or "", OTHER_STYLE)


# Line styles a chart names (the screen maps them onto Qt pen styles, the PDF onto dash
# patterns); like the marker shapes, they tell the lines apart in a greyscale print.
LINE_STYLES = ("solid", "dashed", "dotted", "dashdot")


@dataclass(frozen=True)
class LegendEntry:
    """One entry of a chart's legend: what it stands for (``key``: "setting:<name>", "design",
    "threshold", "pooled", "curve", "target", "computed", "planned"), its text, and the sample
    drawn beside the text: a marker shape (SeriesStyle.marker), a line style, or both."""

    key: str
    label: str
    marker: str | None = None
    line: str | None = None


@dataclass(frozen=True)
class Tick:
    value: float         # on the data scale (a risk ratio, cells/kg), not its logarithm
    label: str


@dataclass(frozen=True)
class Axis:
    title: str           # with the unit
    low: float           # the visible range, on the data scale
    high: float
    log: bool = False
    ticks: tuple[Tick, ...] = ()


@dataclass(frozen=True)
class NotPlottedItem:
    """Something a chart lists beside it instead of drawing, and why."""

    label: str
    reason: str
    setting: str | None = None
    trial_id: str | None = None


def log_ticks(low: float, high: float, mantissas: Sequence[float] = (1, 2, 5),
              formatter=format_number) -> tuple[Tick, ...]:
    """Ticks at mantissa × 10^k inside [low, high] (both > 0): 0.1, 0.2, 0.5, 1, 2, 5, ..."""
    if not (0 < low < high):
        raise ValueError("log ticks need 0 < low < high")
    ticks = []
    for exponent in range(math.floor(math.log10(low)) - 1, math.ceil(math.log10(high)) + 1):
        for mantissa in mantissas:
            value = mantissa * 10.0 ** exponent
            # Compare with a little slack: 10**-1 * 5 is 0.5000000000000001.
            if low * (1 - 1e-9) <= value <= high * (1 + 1e-9):
                ticks.append(Tick(float(f"{value:.12g}"), formatter(float(f"{value:.12g}"))))
    return tuple(ticks)


def linear_ticks(low: float, high: float, count: int = 6,
                 formatter=format_number) -> tuple[Tick, ...]:
    """About ``count`` ticks at a round step (1, 2, 2.5 or 5 × 10^k) inside [low, high]:
    0, 500, 1000, 1500 for 0-1780."""
    if not high > low:
        raise ValueError("linear ticks need low < high")
    raw = (high - low) / max(count - 1, 1)
    power = 10.0 ** math.floor(math.log10(raw))
    step = next(f * power for f in (1, 2, 2.5, 5, 10) if f * power >= raw * (1 - 1e-9))
    first = math.ceil(low / step - 1e-9)
    ticks = []
    index = first
    while index * step <= high * (1 + 1e-12) + 1e-12:
        value = float(f"{index * step:.12g}")
        ticks.append(Tick(value, formatter(value)))
        index += 1
    return tuple(ticks)


def spread_labels(positions: Sequence[float], min_gap: float,
                  sizes: Sequence[float] | None = None) -> list[float]:
    """Where to put labels wanted at ``positions`` (centres on one axis, e.g. log10 of a dose)
    so that none overlaps the next: label i is ``sizes[i]`` lines tall (default 1) and a line
    takes ``min_gap``. Colliding labels are stacked in their order around the mean of their
    wishes. Returns the centres in the input order."""
    sizes = list(sizes) if sizes is not None else [1.0] * len(positions)
    order = sorted(range(len(positions)), key=lambda i: positions[i])
    clusters: list[list[int]] = []      # each: label indices, bottom to top
    for index in order:
        clusters.append([index])
        while len(clusters) > 1:
            previous, last = clusters[-2], clusters[-1]
            top = _cluster_centres(previous, positions, sizes, min_gap)[-1]
            bottom = _cluster_centres(last, positions, sizes, min_gap)[0]
            needed = (sizes[previous[-1]] + sizes[last[0]]) / 2 * min_gap
            if bottom - top >= needed - 1e-12:
                break
            clusters[-2:] = [previous + last]
    placed = [0.0] * len(positions)
    for cluster in clusters:
        for index, centre in zip(cluster, _cluster_centres(cluster, positions, sizes, min_gap)):
            placed[index] = centre
    return placed


def _cluster_centres(cluster: list[int], positions: Sequence[float], sizes: Sequence[float],
                     min_gap: float) -> list[float]:
    """The labels of a cluster stacked edge to edge, placed so that on average each is where
    it wants to be."""
    offsets = [0.0]
    for below, above in zip(cluster, cluster[1:]):
        offsets.append(offsets[-1] + (sizes[below] + sizes[above]) / 2 * min_gap)
    base = sum(positions[i] - o for i, o in zip(cluster, offsets)) / len(cluster)
    return [base + o for o in offsets]


# --- Dose landscape -------------------------------------------------------------------------------

CELLS = "cells_per_kg"
PARTICLES = "particles"
DOSE_AXIS_TITLES = {CELLS: "Dose per administration (cells/kg, log scale)",
                    PARTICLES: "Dose per administration (EV particles, log scale)"}
DOSE_THRESHOLD_LABEL = f"{format_power_of_ten(MIN_CELLS_PER_KG)} cells/kg (Curley 2024, Box 1)"
DOSE_THRESHOLD_NOTE = (f"Dashed line: {format_power_of_ten(MIN_CELLS_PER_KG)} cells/kg, the "
                       "lowest dose per administration Curley 2024 (Box 1) recommends testing.")
PARTICLE_NOTE = ("EV particle counts per administration, as reported: they are compared only with "
                 "particle counts (particles are not dosed per kg).")
FLAT_DOSE_MARK = "*"
# Markers of one column closer than this (in decades of dose: about a marker's height) are drawn
# side by side, this far apart on the column axis.
NEAR_DECADES = 0.09
COINCIDENT_OFFSET = 0.16
# Names sharing a spot go on one line up to this length, else one name per line.
ONE_LINE_LABEL = 20
# Label spacing as a fraction of the dose axis' logarithmic span: about one line of text on a
# chart 300-400 pixels high.
LABEL_GAP_FRACTION = 0.055


@dataclass(frozen=True)
class DoseMarker:
    """A prior trial's dose per administration on the chart."""

    trial_id: str
    name: str                       # the short name the chart labels it with
    setting: str
    dose_per_kg: float              # cells/kg per administration (flat doses at 70 kg); on
                                    # the particle chart, EV particles per administration
    administrations: int
    x: float                        # where the marker is drawn: the column of its number of
                                    # administrations, nudged aside when another trial sits on
                                    # the same spot
    converted_from_flat: bool
    user_supplied: bool
    dose_text: str                  # as the trial reports it


@dataclass(frozen=True)
class DoseSeries:
    setting: str
    style: SeriesStyle
    markers: tuple[DoseMarker, ...]


@dataclass(frozen=True)
class DesignArmMark:
    """One of the design's arms: a point, or a horizontal line while its number of
    administrations is not decided."""

    label: str
    dose_per_kg: float
    administrations: int | None
    x: float | None                 # the column it is drawn in; None for a line
    converted_from_flat: bool

    @property
    def is_line(self) -> bool:
        return self.administrations is None

    @property
    def line_label(self) -> str:
        """The label of an arm drawn as a line (at the line's right end)."""
        return f"{self.label} (administrations not decided)"


@dataclass(frozen=True)
class PointLabel:
    """A label beside one spot of the chart (trials sharing the spot share the label)."""

    text: str
    x: float                        # where the label starts: right of the spot's rightmost
                                    # marker (the drawing adds a small gap)
    dose_per_kg: float              # the spot's dose
    label_dose: float               # where the label is drawn, moved off its neighbours
    for_design: bool = False


@dataclass(frozen=True)
class ThresholdLine:
    value: float
    label: str


@dataclass(frozen=True)
class DoseChart:
    series: tuple[DoseSeries, ...]          # one per setting present, in SETTINGS order
    design_arms: tuple[DesignArmMark, ...]
    labels: tuple[PointLabel, ...]
    threshold: ThresholdLine | None         # None on the EV particle chart
    x_axis: Axis
    y_axis: Axis
    not_plotted: tuple[NotPlottedItem, ...]
    notes: tuple[str, ...]
    unit: str = CELLS                       # CELLS (per kg) or PARTICLES

    @property
    def markers(self) -> tuple[DoseMarker, ...]:
        return tuple(m for s in self.series for m in s.markers)

    @property
    def legend(self) -> tuple[LegendEntry, ...]:
        """A marker per setting present, the design (a star, or its line while no arm has a
        number of administrations) and the threshold line."""
        entries = [LegendEntry(f"setting:{s.setting}", s.style.label, marker=s.style.marker)
                   for s in self.series]
        if self.design_arms:
            if any(not a.is_line for a in self.design_arms):
                entries.append(LegendEntry("design", DESIGN_STYLE.label,
                                           marker=DESIGN_STYLE.marker))
            else:
                entries.append(LegendEntry("design", DESIGN_STYLE.label, line=DESIGN_LINE))
        if self.threshold is not None:
            entries.append(LegendEntry("threshold", self.threshold.label, line=THRESHOLD_LINE))
        return tuple(entries)


# How the dose chart's lines are drawn: the threshold dashed, an arm without a number of
# administrations dash-dotted across the chart.
THRESHOLD_LINE = "dashed"
DESIGN_LINE = "dashdot"


def _particles_reason(value: float, design: bool = False) -> str:
    whose = "the design's dose" if design else "dose"
    return (f"{whose} is an EV particle count ({format_power_of_ten(value)} particles per "
            "administration): particles are not dosed per kg")


def dose_chart(evidence, design: Design, all_settings: bool = True,
               unit: str = CELLS) -> DoseChart:
    """The dose landscape for ``design`` against the trials of ``evidence`` (an EvidenceBase):
    cells/kg per administration (log axis) against the number of administrations, one evenly
    spaced column per number that occurs. Trials whose dose is not in cells (EV particles, ml)
    or not known, or whose number of administrations is not stated, are listed with the
    reason, never placed; so is a design arm dosed in EV particles.

    ``unit=PARTICLES``: the same chart for EV particles per administration, the trials and the
    design's arms dosed in particles only (no threshold; see particle_dose_chart)."""
    if unit not in (CELLS, PARTICLES):
        raise ValueError(unit)
    cells = unit == CELLS
    landscape = evidence.dose_landscape(design, all_settings=all_settings)
    not_plotted: list[NotPlottedItem] = []
    by_spot: dict[tuple[int, float], list] = {}
    for point in landscape.trials:
        if point.unit != unit:
            # The cells chart names every dose it cannot place; the particle chart is about
            # particles only (the cells chart beside it shows the rest).
            if cells:
                not_plotted.append(NotPlottedItem(point.label, _particles_reason(point.value),
                                                  point.setting, point.trial_id))
        elif point.administrations is None:
            not_plotted.append(NotPlottedItem(point.label, "number of administrations not "
                                              "stated", point.setting, point.trial_id))
        else:
            # Same spot = same count and the same dose to 0.1% (flat doses converted at 70 kg
            # carry floating-point noise).
            key = (point.administrations, round(math.log10(point.value), 3))
            by_spot.setdefault(key, []).append(point)
    for item in landscape.not_plotted if cells else ():
        record = evidence.trial(item.trial_id) if item.trial_id else None
        not_plotted.append(NotPlottedItem(item.label, item.reason,
                                          record.setting if record else None, item.trial_id))

    # Only the counts that occur get a column, evenly spaced: the labels need a column's width
    # beside their points, and the counts run from 1 to 8 with most columns empty.
    counts = sorted({count for count, _ in by_spot}
                    | {p.administrations for p in landscape.design_arms
                       if p.unit == unit and p.administrations is not None})
    column_of = {count: float(index) for index, count in enumerate(counts)}

    # Trials placed under one short name (the two arms of Lightner 2023) are named in full.
    short_names = [evidence.trial(p.trial_id).short_name for ps in by_spot.values() for p in ps]
    shared = {name for name in short_names if short_names.count(name) > 1}
    markers: list[DoseMarker] = []
    spot_labels: list[tuple[str, float, float, bool]] = []
    for (count, _), points in sorted(by_spot.items()):
        points.sort(key=lambda p: (SETTINGS.index(p.setting) if p.setting in SETTINGS else 99,
                                   p.label))
        for point in points:
            trial = evidence.trial(point.trial_id)
            markers.append(DoseMarker(
                point.trial_id, _dose_name(trial, shared), point.setting, point.value, count,
                column_of[count], point.converted_from_flat, point.user_supplied,
                point.dose_text or ""))
        names = [_dose_name(evidence.trial(p.trial_id), shared)
                 + (FLAT_DOSE_MARK if p.converted_from_flat else "") for p in points]
        text = ", ".join(names)
        spot_labels.append((text if len(text) <= ONE_LINE_LABEL else ",\n".join(names),
                            column_of[count], points[0].value, False))
    markers = _side_by_side(markers)
    # A label starts right of the rightmost marker drawn at its spot.
    spot_labels = [(text, max([m.x for m in markers if m.administrations == counts[int(x)]
                               and abs(math.log10(m.dose_per_kg / dose)) < NEAR_DECADES]
                              or [x]), dose, for_design)
                   for text, x, dose, for_design in spot_labels]

    arms: list[DesignArmMark] = []
    for point in landscape.design_arms:
        if point.unit != unit:
            if cells:
                not_plotted.append(NotPlottedItem(point.label,
                                                  _particles_reason(point.value, True)))
            continue
        x = column_of.get(point.administrations) if point.administrations is not None else None
        near = [m.x for m in markers if m.administrations == point.administrations
                and abs(math.log10(m.dose_per_kg / point.value)) < NEAR_DECADES]
        if x is not None and near:
            # On a trial's spot: the star goes just left of the trials' markers.
            x = min(near) - COINCIDENT_OFFSET * 1.3
        arms.append(DesignArmMark(point.label, point.value, point.administrations, x,
                                  point.converted_from_flat))
        if x is not None:
            spot_labels.append((point.label + (FLAT_DOSE_MARK if point.converted_from_flat
                                               else ""), max([x, *near]), point.value, True))

    doses = [m.dose_per_kg for m in markers] + [a.dose_per_kg for a in arms] + \
        ([MIN_CELLS_PER_KG] if cells else [])
    if not doses:
        doses = [1e12]        # nothing in particles at all: an empty axis around 10^12
    # A factor of 2 of room below and above, for the extreme labels.
    low, high = min(doses) / 2, max(doses) * 2
    # Room on the left for the side-by-side markers, on the right for the last column's labels.
    lowest_x = min([m.x for m in markers] + [a.x for a in arms if a.x is not None], default=0.0)
    x_axis = Axis("Number of administrations", min(-0.45, lowest_x - 0.25),
                  max(len(counts), 1) - 0.05,
                  ticks=tuple(Tick(column_of[n], str(n)) for n in counts))
    y_axis = Axis(DOSE_AXIS_TITLES[unit], low, high, log=True,
                  ticks=log_ticks(low, high, (1, 2, 5), format_power_of_ten))
    labels = _place_labels(spot_labels, math.log10(high) - math.log10(low))

    series = []
    for setting in [*SETTINGS, *sorted({m.setting for m in markers} - set(SETTINGS))]:
        chosen = tuple(m for m in markers if m.setting == setting)
        if chosen:
            series.append(DoseSeries(setting, setting_style(setting), chosen))
    notes = [DOSE_THRESHOLD_NOTE] if cells else [PARTICLE_NOTE]
    if any(m.converted_from_flat for m in markers) or any(a.converted_from_flat for a in arms):
        notes.append(f"{FLAT_DOSE_MARK} flat dose (total cells) converted to cells/kg at "
                     f"{format_number(landscape.weight_kg)} kg, for the trials and the design "
                     "alike.")
    if any(a.is_line for a in arms):
        notes.append("A horizontal line marks a design arm whose number of administrations is "
                     "not decided yet.")
    notes.append("Only the numbers of administrations that occur are shown, evenly spaced; "
                 "trials sharing a dose and a number are drawn side by side.")
    threshold = ThresholdLine(MIN_CELLS_PER_KG, DOSE_THRESHOLD_LABEL) if cells else None
    return DoseChart(tuple(series), tuple(arms), tuple(labels), threshold, x_axis, y_axis,
                     tuple(not_plotted), tuple(notes), unit)


def particle_dose_chart(evidence, design: Design, all_settings: bool = True) -> DoseChart | None:
    """The dose chart in EV particles per administration, for a design with an arm dosed in
    particles (None otherwise): particle counts are compared only with particle counts."""
    arms = evidence.dose_landscape(design, all_settings=all_settings).design_arms
    if not any(arm.unit == PARTICLES for arm in arms):
        return None
    return dose_chart(evidence, design, all_settings, unit=PARTICLES)


def _dose_name(trial: TrialRecord, shared: set[str] = frozenset()) -> str:
    name = trial.label if trial.short_name in shared else trial.short_name
    return name + (" (user)" if trial.user_supplied else "")


def _side_by_side(markers: list[DoseMarker]) -> list[DoseMarker]:
    """Markers of one column whose doses are about a marker's height apart or less would hide
    each other: draw each such group side by side around the column."""
    placed: list[DoseMarker] = []
    for column in sorted({m.x for m in markers}):
        here = sorted((m for m in markers if m.x == column),
                      key=lambda m: math.log10(m.dose_per_kg))
        groups: list[list[DoseMarker]] = []
        for marker in here:
            if groups and math.log10(marker.dose_per_kg) - \
                    math.log10(groups[-1][-1].dose_per_kg) < NEAR_DECADES:
                groups[-1].append(marker)
            else:
                groups.append([marker])
        for group in groups:
            for index, marker in enumerate(group):
                offset = (index - (len(group) - 1) / 2) * COINCIDENT_OFFSET
                placed.append(replace(marker, x=column + offset))
    return placed


def _place_labels(spots: list[tuple[str, float, float, bool]],
                  log_span: float) -> list[PointLabel]:
    """Labels column by column, spread so that none overlaps its neighbour in the column."""
    gap = LABEL_GAP_FRACTION * log_span
    placed: list[PointLabel] = []
    for column in sorted({round(x) for _, x, _, _ in spots}):
        here = [s for s in spots if round(s[1]) == column]
        wanted = [math.log10(dose) for _, _, dose, _ in here]
        sizes = [text.count("\n") + 1 for text, _, _, _ in here]
        for (text, x, dose, for_design), at in zip(here, spread_labels(wanted, gap, sizes)):
            placed.append(PointLabel(text, x, dose, 10 ** at, for_design))
    return placed


# --- Forest plot ----------------------------------------------------------------------------------

DISPUTED_MARK = "†"
CORRECTED_MARK = "‡"
FOREST_TICK_MANTISSAS = (1, 2, 5)


@dataclass(frozen=True)
class ForestRow:
    """One line of the forest plot, top to bottom: a setting's heading, a trial, or the pooled
    estimate. ``y`` counts down from the top row (0, -1, -2, ...)."""

    kind: str                        # "heading", "trial" or "pooled"
    y: float
    label: str                       # left of the plot: name and time point
    setting: str
    text: str = ""                   # right of the plot: RR (95% CI) and counts
    rr: float | None = None
    ci_low: float | None = None
    ci_high: float | None = None
    timepoint: str = ""
    trial_id: str | None = None
    user_supplied: bool = False
    disputed: bool = False           # sources disagree on the counts or the time point
    corrected: bool = False          # 0.5 added to every cell
    disagreements: tuple[str, ...] = ()   # each disagreement: the figures used and the others


@dataclass(frozen=True)
class PooledDiamond:
    setting: str
    y: float
    rr: float
    ci_low: float
    ci_high: float
    k: int
    tau2: float
    i2: float                        # 0-1
    caveats: tuple[str, ...]
    half_height: float = 0.3

    def polygon(self) -> tuple[tuple[float, float], ...]:
        """The diamond's corners (risk ratio, y), closed: left, top, right, bottom, left."""
        h = self.half_height
        return ((self.ci_low, self.y), (self.rr, self.y + h), (self.ci_high, self.y),
                (self.rr, self.y - h), (self.ci_low, self.y))


FOREST_ROW_TITLE = "Trial · mortality time point"
FOREST_TEXT_TITLE = "Risk ratio (95% CI) · deaths/n, cell product vs control"
FOREST_FAVOURS = ("favours the cell product", "favours control")
POOLED_LEGEND = "pooled per setting (random effects), 95% CI"
NULL_LINE = "dashed"
DESIGN_SETTING_MARK = " (THE DESIGN'S SETTING)"


@dataclass(frozen=True)
class ForestChart:
    rows: tuple[ForestRow, ...]
    diamonds: tuple[PooledDiamond, ...]
    null_value: float                # the line of no effect
    x_axis: Axis
    not_plotted: tuple[NotPlottedItem, ...]
    notes: tuple[str, ...]
    method: str
    row_title: str = FOREST_ROW_TITLE        # over the labels left of the plot
    text_title: str = FOREST_TEXT_TITLE      # over the texts right of it
    favours: tuple[str, str] = FOREST_FAVOURS    # below the axis, left and right of the null

    def trial_rows(self, setting: str | None = None) -> tuple[ForestRow, ...]:
        return tuple(r for r in self.rows if r.kind == "trial"
                     and (setting is None or r.setting == setting))

    @property
    def legend(self) -> tuple[LegendEntry, ...]:
        """A marker per setting with a plotted trial, and the pooled diamond."""
        settings = dict.fromkeys(r.setting for r in self.rows if r.kind == "trial")
        entries = [LegendEntry(f"setting:{s}", setting_style(s).label,
                               marker=setting_style(s).marker) for s in settings]
        if self.diamonds:
            entries.append(LegendEntry("pooled", POOLED_LEGEND, marker="diamond"))
        return tuple(entries)


def timepoint_label(comparison) -> str:
    """A trial's mortality time point as the forest plot shows it: '28 days', 'latest reported'
    (the review's tables give the latest time point a trial reported), or 'time point not
    stated'. Nothing is inferred beyond what the evidence says."""
    trial = comparison.trial
    if trial["mortality_timepoint_days"] is not None:
        return f"{trial['mortality_timepoint_days']} days"
    text = (trial["mortality_timepoint_text"] or "").lower()
    if text.startswith("latest reported") or "latest time point" in text:
        return "latest reported"
    return "time point not stated"


def _counts_text(c) -> str:
    return (f"{c.events_treatment}/{c.n_treatment} vs {c.events_control}/{c.n_control}")


def forest_chart(evidence, settings: Iterable[str] | None = None,
                 design_setting: str | None = None) -> ForestChart:
    """The forest plot of mortality risk ratios (treatment vs control) per trial with 95% CIs,
    grouped by setting, with the DerSimonian-Laird pooled estimate of each setting as a diamond.
    Trials without an estimate (no deaths in either arm, no arm-level counts, single arm) are
    listed with the reason, not plotted. ``settings`` limits the settings shown;
    ``design_setting`` (a design's population setting) marks that setting's heading."""
    from models.evidence.risk import POOLING_METHOD

    wanted = None if settings is None else set(settings)
    comparisons = [c for c in evidence.risk_ratios()
                   if wanted is None or c.trial.setting in wanted]
    pooled = evidence.pooled_by_setting()
    rows: list[ForestRow] = []
    diamonds: list[PooledDiamond] = []
    not_plotted: list[NotPlottedItem] = []
    y = 0.0
    order = [*SETTINGS, *sorted({c.trial.setting for c in comparisons} - set(SETTINGS))]
    for setting in order:
        group = [c for c in comparisons if c.trial.setting == setting]
        estimable = [c for c in group if c.estimate is not None]
        # Trials with no deaths in either arm first: the product spec names them.
        for c in sorted((c for c in group if c.estimate is None),
                        key=lambda c: (not (c.events_treatment == 0 and c.events_control == 0),
                                       c.trial.label)):
            not_plotted.append(NotPlottedItem(c.trial.label + _user(c.trial), c.reason_not_pooled,
                                              setting, c.trial.id))
        if not estimable:
            continue
        # Headings in capitals: an axis label cannot be bold, and they must stand out.
        heading = setting_style(setting).label.upper() + \
            (DESIGN_SETTING_MARK if setting == design_setting else "")
        rows.append(ForestRow("heading", y, heading, setting))
        y -= 1
        for c in estimable:
            timepoint = timepoint_label(c)
            timepoint_disputes = evidence.discrepancies(trial=c.trial.id,
                                                        field="mortality_timepoint")
            disputed = c.counts_disputed or bool(timepoint_disputes)
            corrected = bool(c.estimate.correction)
            marks = (DISPUTED_MARK if disputed else "") + (CORRECTED_MARK if corrected else "")
            rows.append(ForestRow(
                "trial", y, f"{c.trial.label}{_user(c.trial)}{marks} · {timepoint}", setting,
                f"{format_risk_ratio_ci(c.estimate.rr, c.estimate.ci_low, c.estimate.ci_high)}"
                f"   {_counts_text(c)}",
                c.estimate.rr, c.estimate.ci_low, c.estimate.ci_high, timepoint, c.trial.id,
                c.trial.user_supplied, disputed, corrected,
                tuple(_disagreement_text(d) for d in (*c.disagreements,
                                                     *timepoint_disputes))))
            y -= 1
        estimate = pooled.get(setting)
        if estimate is not None and estimate.rr is not None:
            i2 = format_percent(estimate.i2)
            rows.append(ForestRow(
                "pooled", y, f"Pooled, {setting_style(setting).label} (k = {estimate.k})",
                setting,
                f"{format_risk_ratio_ci(estimate.rr, estimate.ci_low, estimate.ci_high)}"
                f"   I² {i2}, τ² {format_number(estimate.tau2, 2)}",
                estimate.rr, estimate.ci_low, estimate.ci_high))
            diamonds.append(PooledDiamond(setting, y, estimate.rr, estimate.ci_low,
                                          estimate.ci_high, estimate.k, estimate.tau2,
                                          estimate.i2, estimate.caveats))
            y -= 1
        elif estimate is not None and estimate.note:
            not_plotted.append(NotPlottedItem(f"Pooled, {setting_style(setting).label}",
                                              estimate.note, setting))
        y -= 0.5      # a little air between settings
    values = [v for r in rows for v in (r.ci_low, r.ci_high) if v is not None]
    low = min([*values, 0.5]) / 1.25
    high = max([*values, 2.0]) * 1.25
    x_axis = Axis("Risk ratio of death, cell product vs control, with 95% CI (log scale; "
                  "below 1 favours the cell product)", low, high, log=True,
                  ticks=log_ticks(low, high, FOREST_TICK_MANTISSAS))
    notes = ["Risk ratios by the log method; 0.5 is added to every cell of a trial with a zero "
             "cell; a trial with no deaths in either arm is listed, not pooled."]
    if any(r.disputed for r in rows):
        notes.append(f"{DISPUTED_MARK} sources disagree on this trial's mortality counts or time "
                     "point; the published table's figures are used (see the trials table).")
    if any(r.corrected for r in rows):
        notes.append(f"{CORRECTED_MARK} 0.5 added to every cell (a zero cell).")
    notes.append("Time points differ between trials; the review's tables give the latest time "
                 "point each trial reported.")
    return ForestChart(tuple(rows), tuple(diamonds), 1.0, x_axis, tuple(not_plotted),
                       tuple(notes), POOLING_METHOD)


def _disagreement_text(discrepancy: Discrepancy) -> str:
    """'used 2/20 (10%) vs 4/10 (40%); the other sources give 25% vs 45% at 28 days'."""
    others = "; ".join(a.value for a in discrepancy.alternatives)
    return f"used {discrepancy.used.value}; the other sources give {others}"


def _user(trial: TrialRecord) -> str:
    return " (user)" if trial.user_supplied else ""


# --- Power curve ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class PowerMark:
    """A sample size on the power curve: enrolled, analysed (after dropout) and its power."""

    name: str                        # "computed" or "planned"
    n_enrolled: int
    n_analysed: float                # the x position
    power: float | None              # None when it cannot be computed at this n
    label: str


# How the power chart draws its lines and marks (the marks: a drop line to the axis and a
# marker on the curve, each with its own line style and shape).
POWER_STYLES = {"curve": ("solid", None), "target": ("dashdot", None),
                "computed": ("dashed", "circle"), "planned": ("dotted", "square")}


@dataclass(frozen=True)
class PowerChart:
    points: tuple[tuple[float, float], ...]     # (patients analysed, power 0-1), rising n
    computed: PowerMark
    planned: PowerMark | None
    target_power: float
    x_axis: Axis
    y_axis: Axis
    notes: tuple[str, ...] = field(default=())

    @property
    def target_label(self) -> str:
        return f"target power {format_percent(self.target_power, 1)}"

    @property
    def legend(self) -> tuple[LegendEntry, ...]:
        """The curve, the target power, the computed n and (when there is one) the planned n."""
        texts = {"curve": "power", "target": self.target_label,
                 "computed": self.computed.label,
                 "planned": self.planned.label if self.planned is not None else None}
        return tuple(LegendEntry(key, text, marker=POWER_STYLES[key][1],
                                 line=POWER_STYLES[key][0])
                     for key, text in texts.items() if text is not None)


def _power_at(result, n_control: float, n_active: Sequence[float] | None = None) -> float:
    """The power of ``result``'s test with these arm sizes (analysed patients)."""
    from models import sample_size as ss

    common = dict(alpha=result.alpha, sided=result.sided, ratio=result.ratios,
                  arms=result.arms, adjust=result.adjustment or "dunnett",
                  n_active=list(n_active) if n_active is not None else None)
    if result.endpoint == "binary":
        return ss.binary_power(n_control, result.control_rate, result.treatment_rate,
                               method=result.method, **common)
    return ss.continuous_power(n_control, result.mean_difference, result.sd,
                               method=result.method, **common)


def analysed_from_enrolled(n_enrolled: int, dropout_pct: float) -> int:
    """The patients a total enrolment leaves for analysis after dropout, rounded down (the
    inverse of the dropout inflation, which rounds up)."""
    return math.floor(n_enrolled * (1 - dropout_pct / 100) + 1e-9)


def power_chart(result, planned_total_n: int | None = None, points: int = 40) -> PowerChart:
    """Power against the total number of patients analysed (all arms), from
    models.sample_size.power_curve, with the computed n and the planned n marked and the target
    power as a line. Power depends on the patients analysed, so the enrolled totals (the
    computed n and the planned n include the dropout allowance) are marked at the patients they
    leave for analysis, and both figures are in the label."""
    from models import sample_size as ss

    curve = [(float(n), p) for n, p in ss.power_curve(result, points)]
    analysed = sum(result.n_evaluable)
    achieved = next(p for n, p in curve if n == analysed)
    computed = PowerMark("computed", result.n_total, float(analysed), achieved,
                         _mark_label("computed", result.n_total, analysed, achieved,
                                     result.dropout_pct))
    planned = None
    notes = []
    if planned_total_n is not None and planned_total_n > 0:
        planned_analysed = analysed_from_enrolled(planned_total_n, result.dropout_pct)
        power = None
        if planned_analysed > 0:
            # The planned total split by the allocation ratio (control share 1 / (1 + Σr)).
            n_control = planned_analysed / (1 + sum(result.ratios))
            try:
                power = _power_at(result, n_control)
            except ss.SampleSizeError as error:
                notes.append(f"The power at the planned n cannot be computed: {error}.")
        planned = PowerMark("planned", planned_total_n, float(planned_analysed), power,
                            _mark_label("planned", planned_total_n, planned_analysed, power,
                                        result.dropout_pct))
        if planned_analysed > curve[-1][0]:
            curve += _extend_curve(result, curve[-1][0], planned_analysed * 1.1)
    high_n = curve[-1][0]
    x_axis = Axis("Patients analysed, all arms (n)", 0.0, high_n * 1.02,
                  ticks=linear_ticks(0.0, high_n * 1.02))
    y_axis = Axis("Power (%)", 0.0, 1.0,
                  ticks=tuple(Tick(v / 10, format_percent(v / 10)) for v in range(0, 11, 2)))
    if result.inflated_for_dropout:
        notes.append(f"Power depends on the patients analysed: the enrolled totals allow for "
                     f"{format_number(result.dropout_pct, 2)}% dropout.")
    if result.arms > 1:
        notes.append("Power per comparison with control (the smallest over the active arms).")
    return PowerChart(tuple(curve), computed, planned, result.power, x_axis, y_axis,
                      tuple(notes))


def _extend_curve(result, from_n: float, to_n: float, steps: int = 12):
    """More points beyond power_curve's range (twice the computed n), up to a planned n that
    lies further out; the arms are built as power_curve builds them."""
    from models.sample_size import ceil_n

    share = 1 + sum(result.ratios)
    points = []
    for step in range(1, steps + 1):
        n_control = math.ceil((from_n + (to_n - from_n) * step / steps) / share)
        actives = [ceil_n(r * n_control) for r in result.ratios]
        total = float(n_control + sum(actives))
        if total > from_n and (not points or total > points[-1][0]):
            points.append((total, _power_at(result, n_control, actives)))
    return points


def _mark_label(name: str, enrolled: int, analysed: float, power: float | None,
                dropout_pct: float) -> str:
    patients = f"{enrolled}" if dropout_pct == 0 else \
        f"{enrolled} enrolled, {format_number(analysed)} analysed"
    power_text = f"power {format_percent(power, 1)}" if power is not None else \
        "power not computable"
    return f"{name} n: {patients}; {power_text}"


def design_power_chart(design: Design) -> PowerChart | None:
    """The power chart of a design's computed sample size; None while there is none."""
    from models.design_sample_size import compute_design_sample_size

    outcome = compute_design_sample_size(design)
    if outcome is None or outcome.result is None:
        return None
    return power_chart(outcome.result, design.statistics.planned_total_n)


# --- Sensitivity table ----------------------------------------------------------------------------


@dataclass(frozen=True)
class SensitivityGrid:
    """models.sample_size.SensitivityTable as texts: the total n (enrolled) for each row and
    column assumption; the design's own assumptions are the base cell."""

    title: str
    row_title: str
    column_title: str
    row_headers: tuple[str, ...]
    column_headers: tuple[str, ...]
    cells: tuple[tuple[str, ...], ...]
    base: tuple[int, int]            # (row, column) of the design's assumptions
    problems: tuple[str, ...]


def sensitivity_grid(result) -> SensitivityGrid:
    from models import sample_size as ss

    table = ss.sensitivity_table(result)
    if table.endpoint == "binary":
        rows = tuple(format_percent(v, 1) for v in table.rows)
        columns = tuple(format_percent(v, 1) for v in table.columns)
        direction = "reduction" if result.treatment_rate < result.control_rate else "increase"
        row_title = "Control-arm mortality"
        column_title = f"Absolute {direction} (percentage points)"
        columns = tuple(c.rstrip("%") for c in columns)
    else:
        rows = tuple(format_number(abs(v), 2) for v in table.rows)
        columns = tuple(format_number(v, 2) for v in table.columns)
        row_title, column_title = "Mean difference", "Standard deviation"
    cells = tuple(tuple("—" if n is None else str(n) for n in row) for row in table.n_total)
    return SensitivityGrid(
        "Total patients to enrol (after dropout) under other assumptions", row_title,
        column_title, rows, columns, cells, (table.base_row, table.base_column), table.problems)


# --- The trials table -----------------------------------------------------------------------------

COLUMN_TITLES: dict[str, str] = {
    "row_id": "Id", "short_name": "Trial", "arm_label": "Arm", "setting": "Setting",
    "first_author": "First author", "year": "Year", "registry_id": "Registry id",
    "status": "Status", "table_ref": "Listed in", "randomized": "Randomized",
    "allocation_ratio": "Allocation", "n_active": "n active", "n_control": "n control",
    "n_total": "n total", "n_planned": "n planned", "product": "Product",
    "product_kind": "Product kind", "tissue_source": "Tissue source",
    "dose_value": "Dose", "dose_unit": "Dose unit", "dose_particles": "EV particles per dose",
    "dose_text": "Dose as reported", "n_doses": "Administrations",
    "interval_hours": "Interval (h)", "timing_window_hours": "Enrolment window (h)",
    "control_type": "Control", "steroid_pct": "Steroids (%)",
    "mortality_active_events": "Deaths, active", "mortality_active_n": "n, active (deaths)",
    "mortality_active_pct": "Mortality, active (%)",
    "mortality_control_events": "Deaths, control", "mortality_control_n": "n, control (deaths)",
    "mortality_control_pct": "Mortality, control (%)",
    "mortality_timepoint_days": "Mortality at (days)",
    "mortality_timepoint_text": "Mortality time point", "user_supplied": "Origin",
}
TABLE_COLUMNS: tuple[str, ...] = ("short_name", "arm_label", "user_supplied",
                                  *(c for c in COLUMNS if c not in ("short_name", "arm_label")))
# Shown unless the user asks for more: what an investigator compares first.
# The trial's name heads each row (trial_row_name), so its columns start hidden.
DEFAULT_TABLE_COLUMNS: tuple[str, ...] = (
    "user_supplied", "setting", "year", "status", "product_kind",
    "tissue_source", "n_active", "n_control", "dose_text", "n_doses", "control_type",
    "mortality_active_events", "mortality_active_n", "mortality_control_events",
    "mortality_control_n", "mortality_timepoint_days",
)
FILTER_COLUMNS: tuple[str, ...] = ("setting", "product_kind", "tissue_source")
VALUE_LABELS: dict[str, dict[str, str]] = {
    "setting": SETTING_LABELS, "product_kind": PRODUCT_LABELS, "tissue_source": TISSUE_LABELS,
}
PERCENT_COLUMNS = frozenset({"steroid_pct", "mortality_active_pct", "mortality_control_pct"})
STATUS_WORDS = {
    "verified": "verified against the sources named",
    "seed": "from the review's running text only, not confirmed elsewhere",
    "uncertain": "uncertain: sources conflict, the value is derived, or it comes from a "
                 "secondary source only",
    "unknown": "not available; nothing is guessed",
}
DISPUTED = "disputed"
UNCERTAIN = "uncertain"
MARKS = {DISPUTED: "≠", UNCERTAIN: "?"}
MARK_LEGEND = (f"{MARKS[DISPUTED]} sources disagree · {MARKS[UNCERTAIN]} uncertain · "
               "(user) user-supplied trial")


def column_title(column: str) -> str:
    return COLUMN_TITLES.get(column) or column.replace("_", " ").capitalize()


def value_text(column: str, value: Any) -> str:
    """A table cell's value as text (empty when not available: nothing is filled in)."""
    if column == "user_supplied":
        return "user-supplied" if value else "bundled"
    if value is None:
        return ""
    if column in VALUE_LABELS:
        return VALUE_LABELS[column].get(value, value)
    if column in ("dose_value", "dose_particles"):
        return format_power_of_ten(value)
    if column in PERCENT_COLUMNS:
        return f"{format_number(value, 1)}%"
    if isinstance(value, float):
        return format_number(value)
    if isinstance(value, int):
        return str(value)
    text = str(value)
    return text.replace("_", " ") if column in ("status", "control_type", "dose_unit", "route",
                                                "weight_basis", "table_ref") else text


def table_value(trial: TrialRecord, column: str) -> Any:
    return trial.user_supplied if column == "user_supplied" else trial[column]


def table_cell_text(trial: TrialRecord, column: str) -> str:
    """The cell as the evidence view shows it, its provenance mark first (a narrow column cuts
    the end of a text, never its start)."""
    text = value_text(column, table_value(trial, column))
    if column == "short_name" and trial.user_supplied:
        text += " (user)"
    mark = cell_provenance(trial, column).mark
    return f"{MARKS[mark]} {text}" if mark and text else text


def trial_row_name(trial: TrialRecord) -> str:
    """The row heading of a trial: its name and arm, marked when user-supplied and when
    sources disagree on something about the trial as a whole."""
    mark = cell_provenance(trial, "short_name").mark
    return (trial.label + (" (user)" if trial.user_supplied else "")
            + (f" {MARKS[mark]}" if mark else ""))


def _discrepancy_columns(discrepancy: Discrepancy) -> tuple[str, ...]:
    """The columns a disagreement is about (its field is a verification key or a column); a
    disagreement about nothing in the table (the baseline balance, the number of sites) belongs
    to the trial as a whole and is shown on its name."""
    if discrepancy.field in QUALIFIER_COLUMNS and QUALIFIER_COLUMNS[discrepancy.field]:
        return QUALIFIER_COLUMNS[discrepancy.field]
    if discrepancy.field in GROUP_COLUMNS and GROUP_COLUMNS[discrepancy.field]:
        return GROUP_COLUMNS[discrepancy.field]
    if discrepancy.field in COLUMNS:
        return (discrepancy.field,)
    return ("short_name",)


@dataclass(frozen=True)
class CellProvenance:
    """Where a table value comes from: its verification status and sources, and the
    disagreements between sources about it (each with the value used and the alternatives)."""

    status: FieldProvenance | None
    discrepancies: tuple[Discrepancy, ...]
    sources: tuple[Source, ...]      # the status' sources, described (unknown keys left out)

    @property
    def mark(self) -> str:
        """DISPUTED, UNCERTAIN or '' (verified, from the review, or not recorded)."""
        if self.discrepancies:
            return DISPUTED
        if self.status is not None and self.status.status == "uncertain":
            return UNCERTAIN
        return ""

    def lines(self) -> list[str]:
        """The provenance in words, one statement per line (tooltips, the detail pane)."""
        lines = []
        if self.status is None:
            if not self.discrepancies:
                lines.append("Provenance: not recorded for this value.")
        else:
            lines.append(f"Status: {STATUS_WORDS[self.status.status]}.")
            for source in self.sources:
                lines.append(f"Source {source.key}: {source.what}.")
            missing = [k for k in self.status.sources if k not in {s.key for s in self.sources}]
            if missing:
                lines.append("Source keys without a description: " + ", ".join(missing) + ".")
        for d in self.discrepancies:
            lines.append(f"Sources disagree: {d.summary}")
            lines.append(f"Used: {d.used.value} ({', '.join(d.used.sources)}).")
            for alternative in d.alternatives:
                lines.append(f"Alternative: {alternative.value} "
                             f"({', '.join(alternative.sources)}).")
            lines.append(f"Why the used value: {d.rule}")
        return lines


def cell_provenance(trial: TrialRecord, column: str) -> CellProvenance:
    from models.evidence.provenance import discrepancies

    if column == "user_supplied":
        return CellProvenance(None, (), ())
    status = trial.column_provenance(column)
    found = tuple(d for d in discrepancies(trial=trial.id)
                  if column in _discrepancy_columns(d))
    known = load_sources()
    sources = tuple(known[k] for k in (status.sources if status else ()) if k in known)
    return CellProvenance(status, found, sources)


def filter_choices(trials: Iterable[TrialRecord], column: str) -> list[tuple[str, str]]:
    """(value, label) for a filter on ``column``: the values present, in a stable order."""
    values = {t[column] for t in trials if t[column] is not None}
    labels = VALUE_LABELS.get(column, {})
    ordered = [v for v in labels if v in values] + sorted(values - set(labels))
    return [(v, labels.get(v, v)) for v in ordered]


def trial_matches(trial: TrialRecord, filters: dict[str, str | None]) -> bool:
    """Whether a trial passes the evidence view's filters (column -> value; None = any)."""
    return all(value is None or trial[column] == value for column, value in filters.items())


def sort_key(trial: TrialRecord, column: str) -> tuple:
    """Sort numbers as numbers and text as text; values not available sort last."""
    value = table_value(trial, column)
    if value is None:
        return (2, 0, "")
    if isinstance(value, bool):
        return (0, int(value), "")
    if isinstance(value, (int, float)):
        return (0, float(value), "")
    return (1, 0, value_text(column, value).casefold())


__all__ = [
    "Axis", "CELLS", "CellProvenance", "DESIGN_STYLE", "DEFAULT_TABLE_COLUMNS",
    "DesignArmMark", "DoseChart", "DoseMarker", "DoseSeries", "FILTER_COLUMNS", "ForestChart",
    "ForestRow", "LINE_STYLES", "LegendEntry", "MARKS", "MARK_LEGEND", "NotPlottedItem",
    "PARTICLES", "PointLabel", "PooledDiamond", "PowerChart", "PowerMark", "SETTING_STYLES",
    "SensitivityGrid", "SeriesStyle", "TABLE_COLUMNS", "ThresholdLine", "Tick",
    "analysed_from_enrolled", "cell_provenance", "column_title", "design_power_chart",
    "dose_chart", "filter_choices", "forest_chart", "linear_ticks", "log_ticks",
    "particle_dose_chart", "power_chart", "sensitivity_grid", "setting_style", "sort_key",
    "spread_labels",
    "table_cell_text", "table_value", "timepoint_label", "trial_matches", "trial_row_name",
    "value_text",
]
