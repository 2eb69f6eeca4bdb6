"""Marks on a PDF chart, in black and grey: the markers for chart_data's shape names, lines in
their dash pattern and weight, the pooled diamond's sample.
"""

from __future__ import annotations

import math

from reports.shapes import Circle, Group, Line, Polygon, Rect

from reports.charts.drawing import DASHES, LINE_LOOK, WHITE
from reports.styles import GREY_FAINT, GREY_LIGHT, GREY_MID, INK


def marker(group: Group, shape: str | None, x: float, y: float, size: float = 3.0) -> None:
    """A black-and-white marker for chart_data's shape names: filled circle, open square, grey
    triangle, open diamond, grey star (the design), open hexagon; none for a line-only style."""
    if shape is None:
        return
    line = dict(strokeColor=INK, strokeWidth=0.8)
    if shape == "circle":
        group.add(Circle(x, y, size, fillColor=INK, **line))
    elif shape == "square":
        s = size * 0.9
        group.add(Rect(x - s, y - s, 2 * s, 2 * s, fillColor=WHITE, **line))
    elif shape == "triangle":
        # Centred on its centroid (as every shape here is on the mean of its corners).
        s, h = size * 1.15, size * 2.2
        group.add(Polygon([x - s, y - h / 3, x + s, y - h / 3, x, y + 2 * h / 3],
                          fillColor=GREY_MID, **line))
    elif shape == "diamond":
        s = size * 1.3
        group.add(Polygon([x, y - s, x + s, y, x, y + s, x - s, y], fillColor=WHITE, **line))
    elif shape == "star":
        points = []
        for index in range(10):
            radius = size * (1.0 if index % 2 == 0 else 0.42)
            angle = math.pi / 2 + index * math.pi / 5
            points += [x + radius * math.cos(angle), y + radius * math.sin(angle)]
        group.add(Polygon(points, fillColor=GREY_LIGHT, strokeColor=INK, strokeWidth=0.9,
                          strokeLineJoin=1))
    elif shape == "hexagon":
        points = []
        for index in range(6):
            angle = index * math.pi / 3
            points += [x + size * math.cos(angle), y + size * math.sin(angle)]
        group.add(Polygon(points, fillColor=GREY_FAINT, **line))
    else:
        raise ValueError(shape)


def styled_line(key: str, style: str | None, x0: float, y0: float, x1: float,
                y1: float) -> Line:
    colour, width = LINE_LOOK.get(key, (INK, 0.9))
    return Line(x0, y0, x1, y1, strokeColor=colour, strokeWidth=width,
                strokeDashArray=DASHES[style or "solid"])


def pooled_diamond_sample(group: Group, x: float, y: float) -> None:
    group.add(Polygon([x - 7, y, x, y + 3.3, x + 7, y, x, y - 3.3], fillColor=GREY_MID,
                      strokeColor=INK, strokeWidth=0.8))
