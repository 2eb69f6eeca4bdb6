"""The PDF's charts draw the screen's chart data (models.chart_data): read back from the
reportlab drawings before they are rendered, the plotted points, intervals, diamonds, threshold,
axis ticks, labels and legends are chart_data's, in the embedded font, never Helvetica; and the
exported PDF is built from exactly the charts the screen would show."""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from reportlab.graphics.shapes import Circle, Line, Polygon, PolyLine, Rect, String

from models import chart_data as cd
from models.design_io import load_design
from models.evidence import load_trials
from models.resources import resource_path
from reports import charts
from reports.styles import FONT, FONT_BOLD, FRAME_WIDTH, register_fonts
from reports.text import SUPERSCRIPTS, TextFormatter

ROOT = Path(__file__).resolve().parent.parent
SUPER = str.maketrans({v: k for k, v in SUPERSCRIPTS.items() if v.isdigit()})


@pytest.fixture(scope="module")
def evidence():
    return load_trials(include_user=False)


@pytest.fixture
def fmt():
    register_fonts()
    return TextFormatter()


def example(name: str):
    return load_design(resource_path("examples", f"{name}.trial.json"))


# --- reading a drawing back -------------------------------------------------------------------


def shapes(node, kind=object):
    """Every shape under ``node`` (depth first), of one class."""
    found = []
    for child in getattr(node, "contents", ()):
        if isinstance(child, kind) and not hasattr(child, "contents"):
            found.append(child)
        found += shapes(child, kind)
    return found


def drawn_text(tagged) -> str:
    """The text a Tagged group shows, rebuilt from its strings: raised digits become
    superscripts again, lines are joined with newlines."""
    lines = [t for t in tagged.contents if isinstance(t, charts.Tagged)]
    if lines:
        return "\n".join(drawn_text(line) for line in lines)
    out = []
    base = None
    for string in tagged.contents:
        if not isinstance(string, String):
            continue
        if base is None or string.fontSize >= base:
            base = string.fontSize
            out.append(string.text)
        else:
            out.append(string.text.translate(SUPER))
    return "".join(out)


def centre(tagged) -> tuple[float, float]:
    """The centre of a marker: a circle's centre, a square's middle, the mean of a polygon's
    corners (every marker shape is centred on it)."""
    (shape,) = [s for s in tagged.contents if isinstance(s, (Circle, Rect, Polygon))][:1]
    if isinstance(shape, Circle):
        return shape.cx, shape.cy
    if isinstance(shape, Rect):
        return shape.x + shape.width / 2, shape.y + shape.height / 2
    xs, ys = shape.points[0::2], shape.points[1::2]
    return sum(xs) / len(xs), sum(ys) / len(ys)


def shape_name(tagged) -> str:
    shape = next(s for s in tagged.contents if isinstance(s, (Circle, Rect, Polygon)))
    if isinstance(shape, Circle):
        return "circle"
    if isinstance(shape, Rect):
        return "square"
    return {3: "triangle", 4: "diamond", 6: "hexagon", 10: "star"}[len(shape.points) // 2]


def inverse(value: float, axis: cd.Axis, p0: float, p1: float) -> float:
    """A position on the drawing back on the axis' data scale."""
    low, high = (math.log10(axis.low), math.log10(axis.high)) if axis.log else \
        (axis.low, axis.high)
    data = low + (value - p0) / (p1 - p0) * (high - low)
    return 10 ** data if axis.log else data


def data_point(drawing, x: float, y: float) -> tuple[float, float]:
    x0, y0, x1, y1 = drawing.frame
    return inverse(x, drawing.x_axis, x0, x1), inverse(y, drawing.y_axis, y0, y1)


def tick_labels(drawing, role: str) -> list[str]:
    return [drawn_text(t) for t in drawing.tagged(role)]


def legend(drawing) -> list[tuple[str, str, str | None]]:
    """(key, text, marker shape of the sample or None) for each legend entry."""
    out = []
    for entry in drawing.tagged("legend"):
        has_marker = any(isinstance(s, (Circle, Rect, Polygon)) for s in entry.contents)
        out.append((entry.key, drawn_text(next(t for t in entry.contents
                                               if isinstance(t, charts.Tagged))),
                    shape_name(entry) if has_marker else None))
    return out


def assert_embedded_font_only(drawing) -> None:
    assert drawing.initialFontName == FONT
    strings = shapes(drawing, String)
    assert strings
    for string in strings:
        assert string.fontName in (FONT, FONT_BOLD), string.text
        assert "Helvetica" not in string.fontName


# --- the dose landscape -----------------------------------------------------------------------


def test_dose_drawing_plots_chart_datas_markers_and_design(evidence, fmt):
    chart = cd.dose_chart(evidence, example("core-protocol"))
    drawing = charts.dose_drawing(chart, fmt, FRAME_WIDTH)
    drawn = {t.key: t for t in drawing.tagged("marker")}
    assert set(drawn) == {m.trial_id for m in chart.markers} and len(drawn) == 16
    for series in chart.series:
        for point in series.markers:
            x, dose = data_point(drawing, *centre(drawn[point.trial_id]))
            assert x == pytest.approx(point.x, abs=1e-6)
            assert dose == pytest.approx(point.dose_per_kg, rel=1e-6)
            # Black and white: each setting its own shape, as the chart data names it.
            assert shape_name(drawn[point.trial_id]) == series.style.marker
    start = drawn["T1_START_2019"]
    assert data_point(drawing, *centre(start))[1] == pytest.approx(1e7)

    stars = drawing.tagged("design")
    assert [t.key for t in stars] == [a.label for a in chart.design_arms]
    for star, arm in zip(stars, chart.design_arms):
        assert shape_name(star) == cd.DESIGN_STYLE.marker
        assert data_point(drawing, *centre(star)) == pytest.approx((arm.x, 5e6))


def test_dose_drawing_labels_are_chart_datas(evidence, fmt):
    chart = cd.dose_chart(evidence, example("core-protocol"))
    drawing = charts.dose_drawing(chart, fmt, FRAME_WIDTH)
    labels = drawing.tagged("label")
    assert [t.text for t in labels] == [label.text for label in chart.labels]
    assert [drawn_text(t) for t in labels] == [label.text for label in chart.labels]
    assert "START, STAT" in [t.text for t in labels]
    for tagged, label in zip(labels, chart.labels):
        lines = [t for t in tagged.contents if isinstance(t, charts.Tagged)]
        first = shapes(lines[0], String)[0]
        last = shapes(lines[-1], String)[0]
        # Centred where the chart data puts it, beside the spot's rightmost marker.
        middle = (first.y + last.y) / 2 + charts.SMALL_SIZE * 0.35
        assert data_point(drawing, first.x, middle)[1] == pytest.approx(label.label_dose,
                                                                         rel=1e-6)
        assert first.x > drawing.x(label.x)
        bold = label.for_design
        assert all(s.fontName == (FONT_BOLD if bold else FONT) for s in shapes(tagged, String))


def test_dose_threshold_line_is_at_two_million_per_kg(evidence, fmt):
    chart = cd.dose_chart(evidence, example("core-protocol"))
    drawing = charts.dose_drawing(chart, fmt, FRAME_WIDTH)
    (threshold,) = drawing.tagged("threshold")
    (line,) = shapes(threshold, Line)
    x0, _, x1, _ = drawing.frame
    assert line.y1 == line.y2 and (line.x1, line.x2) == (x0, x1)
    assert data_point(drawing, x0, line.y1)[1] == pytest.approx(2e6)
    assert threshold.key == chart.threshold.value == 2e6
    assert line.strokeDashArray == charts.DASHES[cd.THRESHOLD_LINE]
    assert ("threshold", "2 × 10⁶ cells/kg (Curley 2024, Box 1)", None) in legend(drawing)


def test_dose_axes_ticks_titles_and_legend_are_chart_datas(evidence, fmt):
    chart = cd.dose_chart(evidence, example("core-protocol"))
    drawing = charts.dose_drawing(chart, fmt, FRAME_WIDTH)
    assert tick_labels(drawing, "tick-y") == [t.label for t in chart.y_axis.ticks]
    assert "2 × 10⁶" in tick_labels(drawing, "tick-y")
    assert tick_labels(drawing, "tick-x") == [t.label for t in chart.x_axis.ticks] == \
        ["1", "2", "3", "8"]
    for tick in drawing.tagged("tick-y"):
        (string, *_) = shapes(tick, String)
        assert data_point(drawing, 0, string.y + charts.LABEL_SIZE * 0.35)[1] == \
            pytest.approx(tick.key)
    (title,) = drawing.tagged("y-title")
    assert title.text == chart.y_axis.title
    assert [t.text for t in drawing.tagged("x-title")] == [chart.x_axis.title]
    assert legend(drawing) == [(e.key, e.label, e.marker) for e in chart.legend]
    assert [shape for _, _, shape in legend(drawing)][:4] == \
        ["circle", "square", "triangle", "diamond"]
    assert_embedded_font_only(drawing)


def test_an_arm_without_administrations_is_a_labelled_line(evidence, fmt):
    design = example("core-protocol")
    design.arms[0].administrations = None
    chart = cd.dose_chart(evidence, design)
    drawing = charts.dose_drawing(chart, fmt, FRAME_WIDTH)
    (line,) = drawing.tagged("design-line")
    (stroke,) = shapes(line, Line)
    assert data_point(drawing, stroke.x1, stroke.y1)[1] == pytest.approx(5e6)
    assert line.text == chart.design_arms[0].line_label
    assert chart.design_arms[0].line_label in [t.text for t in drawing.tagged("label")]


def test_particle_chart_for_an_ev_design(evidence, fmt):
    design = example("ev-trial")
    assert cd.particle_dose_chart(evidence, example("core-protocol")) is None
    chart = cd.particle_dose_chart(evidence, design)
    assert chart.unit == cd.PARTICLES and chart.threshold is None
    assert {m.name for m in chart.markers} == {"Lightner 2023 (EF-10)", "Lightner 2023 (EF-15)"}
    assert [a.dose_per_kg for a in chart.design_arms] == [1.2e12]
    assert chart.not_plotted == ()
    assert chart.y_axis.title == cd.DOSE_AXIS_TITLES[cd.PARTICLES]
    drawing = charts.dose_drawing(chart, fmt, FRAME_WIDTH, 180)
    assert drawing.tagged("threshold") == []
    assert {t.key for t in drawing.tagged("marker")} == {m.trial_id for m in chart.markers}
    assert [key for key, _, _ in legend(drawing)] == ["setting:covid19", "design"]
    # The cells chart lists the design's particle dose instead of placing it.
    cells = cd.dose_chart(evidence, design)
    assert any(n.label.startswith("design: EV") and "particle count" in n.reason
               for n in cells.not_plotted)


# --- the forest plot --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def forest(evidence):
    register_fonts()
    chart = cd.forest_chart(evidence)
    (drawing,) = charts.forest_drawings(chart, TextFormatter(), FRAME_WIDTH)
    return chart, drawing


def test_forest_classical_diamond_is_070_028_175(forest):
    chart, drawing = forest
    diamond = next(t for t in drawing.tagged("diamond") if t.key == "classical")
    (polygon,) = shapes(diamond, Polygon)
    corners = [data_point(drawing, x, y) for x, y in zip(polygon.points[0::2],
                                                          polygon.points[1::2])]
    (left, row), (top, _), (right, _), (bottom, _) = corners
    assert round(left, 2) == 0.28 and round(top, 2) == 0.70 and round(right, 2) == 1.75
    assert top == pytest.approx(bottom)
    pooled = next(d for d in chart.diamonds if d.setting == "classical")
    assert row == pytest.approx(pooled.y)
    texts = {t.key: t.text for t in drawing.tagged("row-text")}
    assert texts["classical"].startswith("0.70 (0.28–1.75)")
    assert [t.key for t in drawing.tagged("diamond")] == [d.setting for d in chart.diamonds]


def test_forest_points_and_intervals_are_chart_datas(forest):
    chart, drawing = forest
    markers = {t.key: t for t in drawing.tagged("marker")}
    intervals = {t.key: t for t in drawing.tagged("ci")}
    rows = chart.trial_rows()
    assert set(markers) == set(intervals) == {r.trial_id for r in rows}
    for row in rows:
        rr, y = data_point(drawing, *centre(markers[row.trial_id]))
        assert rr == pytest.approx(row.rr, rel=1e-6) and y == pytest.approx(row.y)
        assert shape_name(markers[row.trial_id]) == cd.setting_style(row.setting).marker
        line = shapes(intervals[row.trial_id], Line)[0]
        assert data_point(drawing, line.x1, line.y1)[0] == pytest.approx(row.ci_low, rel=1e-6)
        assert data_point(drawing, line.x2, line.y2)[0] == pytest.approx(row.ci_high, rel=1e-6)
    start = next(r for r in rows if r.trial_id == "T1_START_2019")
    assert data_point(drawing, *centre(markers[start.trial_id]))[0] == pytest.approx(2.0)


def test_forest_labels_ticks_null_line_and_legend_are_chart_datas(forest):
    chart, drawing = forest
    assert [t.text for t in drawing.tagged("row-label")] == [r.label for r in chart.rows]
    assert [t.text for t in drawing.tagged("row-text")] == [r.text for r in chart.rows
                                                            if r.text]
    assert tick_labels(drawing, "tick-x") == [t.label for t in chart.x_axis.ticks]
    (null,) = drawing.tagged("null")
    (line,) = shapes(null, Line)
    assert data_point(drawing, line.x1, line.y1)[0] == pytest.approx(chart.null_value) == 1
    assert [t.text for t in drawing.tagged("favours")] == list(chart.favours)
    assert " ".join(t.text for t in drawing.tagged("x-title")) == chart.x_axis.title
    assert " ".join(t.text for t in drawing.tagged("text-title")) == chart.text_title
    assert legend(drawing) == [("setting:classical", "classical ARDS", "circle"),
                               ("setting:covid19", "COVID-19", "square"),
                               ("pooled", cd.POOLED_LEGEND, "diamond")]
    assert_embedded_font_only(drawing)


def test_forest_reference_marks_follow_the_label(evidence, fmt):
    chart = cd.forest_chart(evidence)
    marks = {r.trial_id: f" [{i}, 11–13]" for i, r in enumerate(chart.trial_rows(), 1)}
    (drawing,) = charts.forest_drawings(chart, fmt, FRAME_WIDTH, marks=marks)
    for tagged in drawing.tagged("row-label"):
        if tagged.key in marks:
            # Shortened, if at all, before the reference numbers, never through them.
            assert drawn_text(tagged).endswith(marks[tagged.key])
            assert tagged.text.endswith(marks[tagged.key])


def test_forest_marks_the_designs_setting_and_splits_long_plots(evidence, fmt):
    chart = cd.forest_chart(evidence, design_setting="covid19")
    headings = [r.label for r in chart.rows if r.kind == "heading"]
    assert headings == ["CLASSICAL ARDS", "COVID-19 (THE DESIGN'S SETTING)"]
    drawings = charts.forest_drawings(chart, fmt, FRAME_WIDTH, max_rows=9)
    assert len(drawings) == 2
    labels = [t.text for d in drawings for t in d.tagged("row-label")]
    assert labels == [r.label for r in chart.rows]
    assert sum(len(d.tagged("diamond")) for d in drawings) == 2


# --- the power curve --------------------------------------------------------------------------


def test_power_drawing_is_chart_datas_curve_marks_and_target(fmt):
    chart = cd.design_power_chart(example("core-protocol"))
    drawing = charts.power_drawing(chart, fmt, FRAME_WIDTH)
    (curve,) = drawing.tagged("curve")
    (polyline,) = shapes(curve, PolyLine)
    points = [data_point(drawing, x, y) for x, y in zip(polyline.points[0::2],
                                                         polyline.points[1::2])]
    assert [v for point in points for v in point] == pytest.approx(
        [v for point in chart.points for v in point])
    (target,) = drawing.tagged("target")
    line = shapes(target, Line)[0]
    assert data_point(drawing, line.x1, line.y1)[1] == pytest.approx(0.8)
    marks = {t.key: t for t in drawing.tagged("mark")}
    assert data_point(drawing, *centre(marks["computed"])) == pytest.approx(
        (870, chart.computed.power))
    assert data_point(drawing, *centre(marks["planned"])) == pytest.approx(
        (1140, chart.planned.power))
    assert shape_name(marks["computed"]) == "circle" and shape_name(marks["planned"]) == "square"
    assert tick_labels(drawing, "tick-y") == [t.label for t in chart.y_axis.ticks]
    assert tick_labels(drawing, "tick-x") == [t.label for t in chart.x_axis.ticks] == \
        ["0", "500", "1000", "1500"]
    assert legend(drawing) == [(e.key, e.label, e.marker) for e in chart.legend]
    assert [text for _, text, _ in legend(drawing)] == [
        "power", "target power 80%", "computed n: 918 enrolled, 870 analysed; power 80.1%",
        "planned n: 1200 enrolled, 1140 analysed; power 90.1%"]
    assert drawing.tagged("y-title")[0].text == chart.y_axis.title == "Power (%)"
    assert_embedded_font_only(drawing)


# --- the exported PDF draws these very charts -------------------------------------------------


def test_the_pdf_draws_the_screens_chart_data(evidence, monkeypatch, tmp_path):
    """Every chart the export hands to the drawing code equals the chart data the screen
    builds for the same design and evidence."""
    from reports import pdf

    seen: dict[str, list] = {"dose": [], "forest": [], "power": []}
    for name, function in (("dose", "dose_drawing"), ("forest", "forest_drawings"),
                           ("power", "power_drawing")):
        original = getattr(charts, function)

        def spy(chart, *args, _original=original, _name=name, **kwargs):
            seen[_name].append(chart)
            return _original(chart, *args, **kwargs)

        monkeypatch.setattr(charts, function, spy)
    design = example("core-protocol")
    pdf.export_pdf(design, tmp_path / "core.pdf", evidence=evidence)
    assert seen["dose"] == [cd.dose_chart(evidence, design)]
    assert seen["forest"] == [cd.forest_chart(evidence, design_setting="classical")]
    assert seen["power"] == [cd.design_power_chart(design)]


def test_the_pdf_sensitivity_table_is_the_screens_grid(evidence):
    from models.design_sample_size import compute_design_sample_size
    from reports.context import build_context
    from reports.pdf import DEFAULT_THRESHOLDS
    from reports.sections.sample_size import sensitivity_part

    design = example("core-protocol")
    grid = cd.sensitivity_grid(compute_design_sample_size(design).result)
    keep = sensitivity_part(build_context(design, DEFAULT_THRESHOLDS, evidence=evidence),
                             grid)[0]
    table = keep._content[-1]
    rows = table._cellvalues
    assert [str(c) for c in rows[0][1:]] == list(grid.column_headers)
    assert [r[0] for r in rows[1:]] == list(grid.row_headers)
    assert [tuple(r[1:]) for r in rows[1:]] == list(grid.cells)
    assert rows[grid.base[0] + 1][grid.base[1] + 1] == "918"


def test_reports_keep_no_chart_constants_of_their_own():
    """The threshold, the marker shapes and the settings' order live in models.chart_data."""
    for path in (ROOT / "reports").rglob("*.py"):
        source = path.read_text(encoding="utf-8")
        for duplicate in ("BOX1_MINIMUM_DOSE", "SHAPES", "SETTING_ORDER", "2e6",
                          "power_curve(", "sensitivity_table(", "dose_landscape("):
            assert duplicate not in source, (path.name, duplicate)


# --- what chart_data gained for the PDF -------------------------------------------------------


def test_linear_ticks_are_round_and_inside_the_range():
    assert [t.label for t in cd.linear_ticks(0, 1774.8)] == ["0", "500", "1000", "1500"]
    assert [t.value for t in cd.linear_ticks(0, 130.56)] == [0, 50, 100]
    assert [t.label for t in cd.linear_ticks(0.5, 1.0, 3)] == ["0.5", "0.75", "1"]
    with pytest.raises(ValueError):
        cd.linear_ticks(1, 1)


def test_forest_rows_carry_the_disagreements_in_words(evidence):
    rows = {r.trial_id: r for r in cd.forest_chart(evidence).trial_rows()}
    must = rows["T1_MUSTARDS_2022"]
    assert must.disputed and must.disagreements == (
        "used 2/20 (10%) vs 4/10 (40%), latest time point reported (Table 1); the other "
        "sources give 25% vs 45% at 28 days (primary abstract); 25% vs 40% (the paper's text)",)
    assert rows["T1_ZHENG_2014"].disagreements == ()
    assert all(r.disagreements for r in rows.values() if r.disputed)
