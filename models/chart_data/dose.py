"""The dose landscape: each prior trial's dose per administration (cells/kg, log scale) against
its number of administrations, the design's arms beside them and Curley 2024's lowest
recommended dose as a line (``dose_chart``); the same in EV particles for a design with a
particle arm (``particle_dose_chart``). Markers sharing a spot are drawn side by side and their
labels spread apart; doses that cannot be placed are listed with the reason (``not_plotted``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

from models.chart_data.axes import Axis, NotPlottedItem, Tick, log_ticks, spread_labels
from models.chart_data.styles import DESIGN_STYLE, LegendEntry, SeriesStyle, setting_style
from models.design import Design
from models.evidence.record import TrialRecord
from models.evidence.schema import SETTINGS
from models.formatting import format_number, format_power_of_ten
from models.guidance.rules_dosing import MIN_CELLS_PER_KG

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
                     f"{format_number(landscape.weight_kg)} kg, the reference weight for "
                     "comparing trials, for the trials and the design alike (rule B-2 and the "
                     "dose step use the design's heaviest eligible patient).")
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


def _dose_name(trial: TrialRecord, shared: frozenset[str] | set[str] = frozenset()) -> str:
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
