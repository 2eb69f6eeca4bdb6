"""The PDF's charts as vector drawings (reportlab.graphics), from the same model objects the
screen uses: the dose landscape (models.evidence.DoseLandscape), the forest plot (TrialRiskRatio
and PooledEstimate) and the power curve (models.sample_size.power_curve).

Printed in black and grey: settings differ by marker shape, the design's arms by line style, and
every mark has a label or a legend entry, so nothing depends on colour. Every string is set in
the embedded Vera font; powers of ten are drawn with real superscripts.
"""

from __future__ import annotations

import math
from typing import Sequence

from reportlab.graphics.shapes import Circle, Drawing, Group, Line, Polygon, PolyLine, Rect, String
from reportlab.pdfbase.pdfmetrics import stringWidth

from models.evidence.record import SETTING_LABELS
from models.formatting import format_number, format_power_of_ten, format_risk_ratio_ci
from reports.styles import FONT, FONT_BOLD, GREY_DARK, GREY_LIGHT, GREY_MID, INK
from reports.text import TextFormatter

LABEL_SIZE = 7
SMALL_SIZE = 6.3
ROW_HEIGHT = 11.0
# Curley 2024, Box 1: "at least 2 million MSCs/kg body weight".
BOX1_MINIMUM_DOSE = 2e6
SETTING_ORDER = ("classical", "covid19", "mixed", "gvhd")
SHAPES = {"classical": "circle", "covid19": "square", "mixed": "triangle", "gvhd": "diamond"}


# --- text ------------------------------------------------------------------------------------


def _width(parts: list[tuple[str, bool]], size: float, font: str) -> float:
    return sum(stringWidth(piece, font, size * 0.7 if sup else size) for piece, sup in parts)


def draw_text(group: Group, x: float, y: float, text: str, fmt: TextFormatter, *,
              size: float = LABEL_SIZE, anchor: str = "start", font: str = FONT,
              color=INK) -> float:
    """Draw text with its powers of ten as superscripts; returns the width drawn."""
    parts = fmt.split_superscripts(text)
    total = _width(parts, size, font)
    if anchor == "middle":
        x -= total / 2
    elif anchor == "end":
        x -= total
    for piece, sup in parts:
        piece_size = size * 0.7 if sup else size
        group.add(String(x, y + (size * 0.4 if sup else 0), piece, fontName=font,
                         fontSize=piece_size, fillColor=color))
        x += stringWidth(piece, font, piece_size)
    return total


def fit(text: str, width: float, fmt: TextFormatter, size: float = LABEL_SIZE,
        font: str = FONT) -> str:
    """The text, shortened with a visible '…' until it fits the width."""
    if _width(fmt.split_superscripts(text), size, font) <= width:
        return text
    low, high = 0, len(text)
    while low < high:
        middle = (low + high + 1) // 2
        if _width(fmt.split_superscripts(text[:middle] + "…"), size, font) <= width:
            low = middle
        else:
            high = middle - 1
    return text[:low].rstrip() + "…"


# --- markers ---------------------------------------------------------------------------------


def marker(group: Group, shape: str, x: float, y: float, size: float = 3.2) -> None:
    """A black-and-white marker: filled circle, open square, grey triangle, open diamond."""
    if shape == "circle":
        group.add(Circle(x, y, size, fillColor=INK, strokeColor=INK, strokeWidth=0.6))
    elif shape == "square":
        group.add(Rect(x - size, y - size, 2 * size, 2 * size, fillColor=None, strokeColor=INK,
                       strokeWidth=1))
    elif shape == "triangle":
        group.add(Polygon([x - size * 1.1, y - size, x + size * 1.1, y - size, x, y + size * 1.1],
                          fillColor=GREY_MID, strokeColor=INK, strokeWidth=0.6))
    elif shape == "diamond":
        group.add(Polygon([x, y - size * 1.3, x + size * 1.3, y, x, y + size * 1.3,
                           x - size * 1.3, y], fillColor=None, strokeColor=INK, strokeWidth=1))
    else:
        raise ValueError(shape)


def _legend(group: Group, x: float, y: float, entries, fmt: TextFormatter,
            width: float) -> float:
    """Lay out (draw-function, text) entries left to right, wrapping; returns the height used."""
    cursor, line, used = x, y, ROW_HEIGHT
    for draw, text in entries:
        text_width = _width(fmt.split_superscripts(text), SMALL_SIZE, FONT)
        needed = 14 + text_width + 12
        if cursor + needed > x + width and cursor > x:
            cursor, line, used = x, line - ROW_HEIGHT, used + ROW_HEIGHT
        draw(group, cursor + 5, line + 2.2)
        draw_text(group, cursor + 13, line, text, fmt, size=SMALL_SIZE)
        cursor += needed
    return used


# --- scales ----------------------------------------------------------------------------------


class LogScale:
    def __init__(self, low: float, high: float, x0: float, x1: float):
        self.low, self.high = math.log10(low), math.log10(high)
        self.x0, self.x1 = x0, x1

    def __call__(self, value: float) -> float:
        return self.x0 + (math.log10(value) - self.low) / (self.high - self.low) * (
            self.x1 - self.x0)


def nice_step(span: float, ticks: int = 6) -> float:
    raw = span / max(ticks, 1)
    power = 10 ** math.floor(math.log10(raw)) if raw > 0 else 1
    for factor in (1, 2, 2.5, 5, 10):
        if factor * power >= raw:
            return factor * power
    return 10 * power


# --- dose landscape --------------------------------------------------------------------------


def _arm_groups(arms, unit: str) -> list[tuple[float, list[str]]]:
    """The design's arms on this axis, arms with the same dose sharing one line."""
    groups: dict[float, list[str]] = {}
    for arm in arms:
        if arm.unit == unit:
            name = arm.label.removeprefix("design: ")
            groups.setdefault(arm.value, []).append(name)
    return sorted(groups.items())


def _stack_labels(items: list[tuple[float, str]], fmt: TextFormatter,
                  limit: float) -> list[tuple[float, str, int]]:
    """Give each (x, text) label a level so that labels on one level never overlap."""
    placed: list[tuple[float, str, int]] = []
    ends: list[float] = []
    for x, text in sorted(items):
        text_width = _width(fmt.split_superscripts(text), SMALL_SIZE, FONT)
        start = min(x - 2, limit - text_width)
        for level, end in enumerate(ends):
            if start > end + 4:
                ends[level] = start + text_width
                placed.append((start, text, level))
                break
        else:
            ends.append(start + text_width)
            placed.append((start, text, len(ends) - 1))
    return placed


def dose_chart(landscape, fmt: TextFormatter, width: float, unit: str = "cells_per_kg",
               max_rows: int = 40) -> list[Drawing]:
    """One or more drawings (several when there are more trials than fit one page): each trial's
    dose per administration on a log axis, one row per trial; the design's arms as dashed lines;
    for cells/kg, the Box 1 minimum as a dotted line."""
    points = sorted((p for p in landscape.trials if p.unit == unit),
                    key=lambda p: (p.value, p.label))
    arms = _arm_groups(landscape.design_arms, unit)
    if not points and not arms:
        return []
    values = [p.value for p in points] + [value for value, _ in arms]
    if unit == "cells_per_kg":
        values.append(BOX1_MINIMUM_DOSE)
    low = 10 ** math.floor(math.log10(min(values)))
    high = 10 ** math.ceil(math.log10(max(values)))
    if high <= low:
        high = low * 10
    chunks = [points[i:i + max_rows] for i in range(0, len(points), max_rows)] or [[]]
    return [_dose_drawing(chunk, arms, unit, low, high, fmt, width, part, len(chunks))
            for part, chunk in enumerate(chunks, start=1)]


def _dose_drawing(points, arms, unit, low, high, fmt, width, part, parts) -> Drawing:
    label_width = 150.0
    x0, x1 = label_width + 10, width - 28
    scale = LogScale(low, high, x0, x1)
    unit_words = "cells/kg" if unit == "cells_per_kg" else "particles"
    annotations = [(scale(value), fit(f"design: {'; '.join(names)} "
                                      f"({format_power_of_ten(value)})", x1 - x0, fmt,
                                      SMALL_SIZE))
                   for value, names in arms]
    if unit == "cells_per_kg":
        annotations.append((scale(BOX1_MINIMUM_DOSE),
                            f"Box 1 minimum {format_power_of_ten(BOX1_MINIMUM_DOSE)}"))
    stacked = _stack_labels(annotations, fmt, width - 2)
    levels = 1 + max((level for _, _, level in stacked), default=0)
    legend_entries = _dose_legend(points, unit)
    legend_lines = _legend_lines(legend_entries, fmt, width)
    top_height = levels * 9 + 6
    plot_height = max(len(points), 1) * ROW_HEIGHT + 6
    bottom_height = 34 + legend_lines * ROW_HEIGHT
    height = bottom_height + plot_height + top_height
    drawing = Drawing(width, height, initialFontName=FONT)
    group = Group()
    drawing.add(group)
    plot_bottom = bottom_height
    plot_top = plot_bottom + plot_height

    # Decade grid and axis.
    decade = math.log10(low)
    while decade <= math.log10(high) + 1e-9:
        x = scale(10 ** decade)
        group.add(Line(x, plot_bottom, x, plot_top, strokeColor=GREY_LIGHT, strokeWidth=0.5))
        group.add(Line(x, plot_bottom, x, plot_bottom - 3, strokeColor=INK, strokeWidth=0.6))
        draw_text(group, x, plot_bottom - 11, format_power_of_ten(10 ** decade)
                  .replace("1 × ", ""), fmt, anchor="middle")
        decade += 1
    group.add(Line(x0, plot_bottom, x1, plot_bottom, strokeColor=INK, strokeWidth=0.7))
    title = (f"Dose per administration ({unit_words}, log scale)"
             + (f" — part {part} of {parts}" if parts > 1 else ""))
    draw_text(group, (x0 + x1) / 2, plot_bottom - 23, title, fmt, anchor="middle",
              font=FONT_BOLD)

    # The design's arms and the Box 1 minimum, labelled above the plot.
    for value, _names in arms:
        x = scale(value)
        group.add(Line(x, plot_bottom, x, plot_top + 2, strokeColor=INK, strokeWidth=1.2,
                       strokeDashArray=[4, 2]))
    if unit == "cells_per_kg":
        x = scale(BOX1_MINIMUM_DOSE)
        group.add(Line(x, plot_bottom, x, plot_top + 2, strokeColor=GREY_DARK, strokeWidth=0.9,
                       strokeDashArray=[1, 2]))
    for start, text, level in stacked:
        draw_text(group, start, plot_top + 4 + level * 9, text, fmt, size=SMALL_SIZE,
                  font=FONT_BOLD if text.startswith("design") else FONT)

    # One row per trial, lowest dose at the bottom.
    for row, point in enumerate(points):
        y = plot_bottom + 3 + (row + 0.5) * ROW_HEIGHT
        label = point.label + ("†" if point.converted_from_flat else "") + \
            (" (user)" if point.user_supplied else "")
        draw_text(group, label_width, y - 2.4, fit(label, label_width - 4, fmt), fmt,
                  anchor="end")
        group.add(Line(label_width + 3, y, x1, y, strokeColor=GREY_LIGHT, strokeWidth=0.3,
                       strokeDashArray=[1, 3]))
        x = scale(point.value)
        marker(group, SHAPES.get(point.setting, "circle"), x, y)
        count = "×?" if point.administrations is None else f"×{point.administrations}"
        draw_text(group, x + 6, y - 2.4, count, fmt, size=SMALL_SIZE)
    if not points:
        draw_text(group, (x0 + x1) / 2, plot_bottom + 4, "no trial dosed in these units", fmt,
                  anchor="middle", color=GREY_DARK)
    _legend(group, 0, bottom_height - 34 - ROW_HEIGHT + 2, legend_entries, fmt, width)
    return drawing


def _dose_legend(points, unit):
    settings = [s for s in SETTING_ORDER if any(p.setting == s for p in points)]
    entries = [(lambda g, x, y, s=s: marker(g, SHAPES[s], x, y, 2.8),
                f"{SETTING_LABELS[s]} trial") for s in settings]
    entries.append((lambda g, x, y: g.add(Line(x - 5, y, x + 5, y, strokeColor=INK,
                                               strokeWidth=1.2, strokeDashArray=[4, 2])),
                    "the design's arm"))
    if unit == "cells_per_kg":
        entries.append((lambda g, x, y: g.add(Line(x - 5, y, x + 5, y, strokeColor=GREY_DARK,
                                                   strokeWidth=0.9, strokeDashArray=[1, 2])),
                        "Curley 2024 Box 1 minimum"))
    entries.append((lambda g, x, y: None, "×n: administrations"))
    if any(p.converted_from_flat for p in points):
        entries.append((lambda g, x, y: None, "†: flat dose at 70 kg"))
    return entries


def _legend_lines(entries, fmt, width) -> int:
    probe = Group()
    return round(_legend(probe, 0, 0, entries, fmt, width) / ROW_HEIGHT)


# --- forest plot -----------------------------------------------------------------------------


FOREST_LOW, FOREST_HIGH = 0.01, 100.0


def forest_rows(groups) -> list[tuple]:
    """(kind, payload) rows: ('header', title), ('trial', TrialRiskRatio), ('pooled', estimate)."""
    rows: list[tuple] = []
    for title, comparisons, pooled in groups:
        rows.append(("header", title))
        rows += [("trial", c) for c in comparisons]
        if pooled is not None:
            rows.append(("pooled", pooled))
    return rows


def forest_plot(groups, fmt: TextFormatter, width: float, max_rows: int = 40,
                marks: dict | None = None) -> list[Drawing]:
    """Risk ratios of death with 95% CIs, one row per trial, a pooled diamond per setting.
    ``groups``: (title, [TrialRiskRatio], PooledEstimate | None); ``marks``: trial id -> text
    appended to its label (reference numbers)."""
    rows = forest_rows(groups)
    chunks = [rows[i:i + max_rows] for i in range(0, len(rows), max_rows)]
    return [_forest_drawing(chunk, fmt, width, marks or {}, part, len(chunks))
            for part, chunk in enumerate(chunks, start=1)]


def _counts(events, n) -> str:
    if events is None and n is None:
        return "—"
    return f"{'?' if events is None else events}/{'?' if n is None else n}"


def _forest_drawing(rows, fmt, width, marks, part, parts) -> Drawing:
    label_width = 150.0
    col_treated, col_control = label_width + 24, label_width + 66
    x0, x1 = label_width + 92, width - 112
    scale = LogScale(FOREST_LOW, FOREST_HIGH, x0, x1)
    header_height = 16
    plot_height = len(rows) * ROW_HEIGHT + 4
    bottom_height = 40
    height = bottom_height + plot_height + header_height
    drawing = Drawing(width, height, initialFontName=FONT)
    group = Group()
    drawing.add(group)
    plot_bottom = bottom_height
    plot_top = plot_bottom + plot_height
    head_y = plot_top + 5
    draw_text(group, 0, head_y, "Trial", fmt, font=FONT_BOLD)
    draw_text(group, col_treated, head_y + 6, "MSC", fmt, font=FONT_BOLD, anchor="middle",
              size=SMALL_SIZE)
    draw_text(group, col_treated, head_y - 1, "deaths/n", fmt, anchor="middle",
              size=SMALL_SIZE)
    draw_text(group, col_control, head_y + 6, "Control", fmt, font=FONT_BOLD, anchor="middle",
              size=SMALL_SIZE)
    draw_text(group, col_control, head_y - 1, "deaths/n", fmt, anchor="middle",
              size=SMALL_SIZE)
    draw_text(group, width, head_y, "RR (95% CI)", fmt, font=FONT_BOLD, anchor="end")

    for value in (0.01, 0.1, 1, 10, 100):
        x = scale(value)
        group.add(Line(x, plot_bottom, x, plot_bottom - 3, strokeColor=INK, strokeWidth=0.6))
        draw_text(group, x, plot_bottom - 11, format_number(value, 2), fmt, anchor="middle")
        if value != 1:
            group.add(Line(x, plot_bottom, x, plot_top, strokeColor=GREY_LIGHT,
                           strokeWidth=0.4))
    group.add(Line(x0, plot_bottom, x1, plot_bottom, strokeColor=INK, strokeWidth=0.7))
    group.add(Line(scale(1), plot_bottom, scale(1), plot_top, strokeColor=INK, strokeWidth=0.8))
    draw_text(group, scale(1) - 4, plot_bottom - 21, "favours MSC", fmt, size=SMALL_SIZE,
              anchor="end")
    draw_text(group, scale(1) + 4, plot_bottom - 21, "favours control", fmt, size=SMALL_SIZE)
    title = "Risk ratio of death (log scale)" + (f" — part {part} of {parts}" if parts > 1
                                                 else "")
    draw_text(group, (x0 + x1) / 2, plot_bottom - 33, title, fmt, anchor="middle",
              font=FONT_BOLD)

    for index, (kind, payload) in enumerate(rows):
        y = plot_top - 2 - (index + 0.5) * ROW_HEIGHT
        text_y = y - 2.4
        if kind == "header":
            group.add(Rect(0, y - ROW_HEIGHT / 2, width, ROW_HEIGHT, fillColor=GREY_LIGHT,
                           strokeColor=None))
            draw_text(group, 2, text_y, fit(payload, width - 4, fmt), fmt, font=FONT_BOLD)
        elif kind == "trial":
            _forest_trial(group, payload, y, text_y, scale, fmt, label_width, col_treated,
                          col_control, width, marks)
        else:
            _forest_pooled(group, payload, y, text_y, scale, fmt, label_width, width)
    return drawing


def _clipped_ci(group, scale, low, high, y, width=0.9) -> None:
    """The CI line, with an arrowhead where it runs off the axis."""
    left = scale(max(low, FOREST_LOW))
    right = scale(min(high, FOREST_HIGH))
    group.add(Line(left, y, right, y, strokeColor=INK, strokeWidth=width))
    if low < FOREST_LOW:
        group.add(Polygon([left, y, left + 4, y + 2, left + 4, y - 2], fillColor=INK,
                          strokeColor=INK, strokeWidth=0.3))
    if high > FOREST_HIGH:
        group.add(Polygon([right, y, right - 4, y + 2, right - 4, y - 2], fillColor=INK,
                          strokeColor=INK, strokeWidth=0.3))


def _forest_trial(group, comparison, y, text_y, scale, fmt, label_width, col_treated,
                  col_control, width, marks) -> None:
    trial = comparison.trial
    label = trial.label + ("*" if comparison.counts_disputed else "") + \
        (" (user)" if trial.user_supplied else "")
    mark = marks.get(trial.id, "")
    label = fit(label, label_width - 6 - _width([(mark, False)], LABEL_SIZE, FONT), fmt) + mark
    draw_text(group, 0, text_y, label, fmt)
    draw_text(group, col_treated, text_y,
              _counts(comparison.events_treatment, comparison.n_treatment), fmt,
              anchor="middle")
    draw_text(group, col_control, text_y,
              _counts(comparison.events_control, comparison.n_control), fmt, anchor="middle")
    estimate = comparison.estimate
    if estimate is not None:
        _clipped_ci(group, scale, estimate.ci_low, estimate.ci_high, y)
        x = scale(min(max(estimate.rr, FOREST_LOW), FOREST_HIGH))
        size = 2.6
        group.add(Rect(x - size, y - size, 2 * size, 2 * size, fillColor=INK, strokeColor=INK,
                       strokeWidth=0.3))
        text = format_risk_ratio_ci(estimate.rr, estimate.ci_low, estimate.ci_high)
        if not comparison.included_in_pool:
            text += " (not pooled)"
    elif comparison.events_treatment is not None and comparison.events_control is not None:
        text = "not estimable"
    else:
        text = "no arm-level counts"
    draw_text(group, width, text_y, fit(text, 108, fmt), fmt, anchor="end")


def _forest_pooled(group, pooled, y, text_y, scale, fmt, label_width, width) -> None:
    if pooled.rr is None:
        draw_text(group, 0, text_y, "Pooled: no estimate (see below)", fmt, font=FONT_BOLD)
        return
    i2 = format_number(round(pooled.i2 * 100)) if pooled.i2 is not None else "—"
    draw_text(group, 0, text_y, f"Pooled, k = {pooled.k} (I² {i2}%)", fmt, font=FONT_BOLD)
    left = scale(max(pooled.ci_low, FOREST_LOW))
    right = scale(min(pooled.ci_high, FOREST_HIGH))
    centre = scale(min(max(pooled.rr, FOREST_LOW), FOREST_HIGH))
    group.add(Polygon([left, y, centre, y + 4, right, y, centre, y - 4], fillColor=GREY_MID,
                      strokeColor=INK, strokeWidth=0.8))
    draw_text(group, width, text_y,
              format_risk_ratio_ci(pooled.rr, pooled.ci_low, pooled.ci_high), fmt,
              anchor="end", font=FONT_BOLD)


# --- power curve -----------------------------------------------------------------------------


def power_chart(curve: Sequence[tuple[int, float]], result, fmt: TextFormatter, width: float,
                planned_evaluable: float | None = None, planned_total: int | None = None,
                plot_height: float = 150) -> Drawing:
    """Power against the number of patients analysed, with the target power, the computed n and
    (when it is within reach of the curve) the planned n; a legend below names each line."""
    n_max = max(n for n, _ in curve)
    evaluable = sum(result.n_evaluable)
    # Show the planned n on the same axis when it is within reach; a planned n far beyond the
    # curve would squeeze it into a corner, so it is then named instead of drawn.
    planned_on_axis = planned_evaluable is not None and 0 < planned_evaluable <= 3 * n_max
    entries = [
        (lambda g, x, y: g.add(Line(x - 5, y, x + 5, y, strokeColor=INK, strokeWidth=1.3)),
         "power"),
        (lambda g, x, y: g.add(Line(x - 5, y, x + 5, y, strokeColor=GREY_DARK, strokeWidth=0.8,
                                    strokeDashArray=[1, 2])),
         f"target power {format_number(result.power * 100, 1)}%"),
        (lambda g, x, y: g.add(Line(x - 5, y, x + 5, y, strokeColor=INK, strokeWidth=0.9,
                                    strokeDashArray=[4, 2])),
         f"computed n: {format_number(evaluable)} analysed ({format_number(result.n_total)} "
         "with the dropout allowance)"),
    ]
    if planned_evaluable is not None and planned_evaluable > 0:
        text = (f"planned n: {planned_total} ({format_number(round(planned_evaluable, 1))} "
                "analysed)")
        if planned_on_axis:
            entries.append((lambda g, x, y: g.add(Line(x - 5, y, x + 5, y, strokeColor=INK,
                                                       strokeWidth=0.9,
                                                       strokeDashArray=[1, 1.5])), text))
        else:
            entries.append((lambda g, x, y: None, text + ", beyond this axis"))
    legend_height = _legend_lines(entries, fmt, width - 46) * ROW_HEIGHT
    x0, x1 = 46.0, width - 12
    y0 = 34.0 + legend_height
    y1 = y0 + plot_height
    drawing = Drawing(width, y1 + 8, initialFontName=FONT)
    group = Group()
    drawing.add(group)
    axis_max = max(n_max, planned_evaluable) if planned_on_axis else n_max
    step = nice_step(axis_max)
    x_high = math.ceil(axis_max / step) * step

    def sx(n: float) -> float:
        return x0 + n / x_high * (x1 - x0)

    def sy(p: float) -> float:
        return y0 + p * (y1 - y0)

    for tick in range(0, 11, 2):
        y = sy(tick / 10)
        group.add(Line(x0, y, x1, y, strokeColor=GREY_LIGHT, strokeWidth=0.4))
        draw_text(group, x0 - 4, y - 2.4, f"{tick * 10}%", fmt, anchor="end")
    tick = 0.0
    while tick <= x_high + 1e-9:
        x = sx(tick)
        group.add(Line(x, y0, x, y0 - 3, strokeColor=INK, strokeWidth=0.6))
        draw_text(group, x, y0 - 11, format_number(tick), fmt, anchor="middle")
        tick += step
    group.add(Line(x0, y0, x1, y0, strokeColor=INK, strokeWidth=0.7))
    group.add(Line(x0, y0, x0, y1, strokeColor=INK, strokeWidth=0.7))
    draw_text(group, (x0 + x1) / 2, y0 - 23,
              "Patients analysed, all arms (evaluable, before the dropout allowance)", fmt,
              anchor="middle", font=FONT_BOLD)
    group.add(String(10, (y0 + y1) / 2, "Power per comparison", fontName=FONT_BOLD,
                     fontSize=LABEL_SIZE, fillColor=INK, textAnchor="middle"))
    _rotate_last(group, 10, (y0 + y1) / 2)

    target = sy(result.power)
    group.add(Line(x0, target, x1, target, strokeColor=GREY_DARK, strokeWidth=0.8,
                   strokeDashArray=[1, 2]))
    points: list[float] = []
    for n, power in curve:
        points += [sx(n), sy(power)]
    group.add(PolyLine(points, strokeColor=INK, strokeWidth=1.3))
    x = sx(evaluable)
    group.add(Line(x, y0, x, y1, strokeColor=INK, strokeWidth=0.9, strokeDashArray=[4, 2]))
    marker(group, "circle", x, sy(result.achieved_power), 2.6)
    if planned_on_axis:
        px = sx(planned_evaluable)
        group.add(Line(px, y0, px, y1, strokeColor=INK, strokeWidth=0.9,
                       strokeDashArray=[1, 1.5]))
    _legend(group, x0, y0 - 34 - ROW_HEIGHT + 2, entries, fmt, x1 - x0)
    return drawing


def _rotate_last(group: Group, cx: float, cy: float) -> None:
    """Turn the last string of the group 90° about (cx, cy), for the vertical axis title."""
    string = group.contents.pop()
    rotated = Group(string)
    rotated.transform = (0, 1, -1, 0, cx + cy, cy - cx)
    group.add(rotated)
