"""What every PDF chart is drawn on (reports/charts/): the sizes and line looks they share, the
``Tagged`` group that names what a shape stands for, and ``ChartDrawing``, the drawing with its
plot frame and axes, so that a test can read a chart back before it is rendered.
"""

from __future__ import annotations

import math

from reports.shapes import Drawing, Group
from reportlab.lib import colors
from reportlab.lib.attrmap import AttrMap, AttrMapValue
from reportlab.lib.validators import isAnything, isString

from models.chart_data import Axis
from reports.styles import FONT, GREY_DARK, INK

LABEL_SIZE = 7          # axis titles, tick labels
SMALL_SIZE = 6.3        # point labels, row texts, legend
ROW_HEIGHT = 11.0       # one forest row (one unit of ForestRow.y)
MARKER_SIZE = 3.0       # a trial's marker on the dose chart (radius)
DESIGN_SIZE = 5.2       # the design's star
MIN_FOREST_PLOT = 152.0     # the narrowest the forest plot's axis gets
FOREST_SIZE = 6.0       # the forest plot's row labels and texts
MAX_COLUMN = 120.0      # the widest one number of administrations gets on the dose chart
WHITE = colors.white
# chart_data's line styles as dash patterns.
# A style without a line (None) draws solid, as "solid" does.
DASHES: dict[str | None, list[float] | None] = {
    None: None, "solid": None, "dashed": [4, 2], "dotted": [1, 1.6], "dashdot": [4, 1.6, 1, 1.6]}
# How heavy each line is: (colour, width), by the legend key it belongs to.
LINE_LOOK = {"threshold": (GREY_DARK, 1.0), "design": (INK, 1.2), "curve": (INK, 1.4),
             "target": (GREY_DARK, 0.9), "computed": (INK, 0.9), "planned": (INK, 0.9),
             "null": (INK, 0.8), "efficacy": (INK, 1.3), "harm": (GREY_DARK, 1.0),
             "futility": (GREY_DARK, 1.1)}


# --- drawings that can be read back -------------------------------------------------------------


class Tagged(Group):
    """A group of shapes that stands for one thing on the chart: ``role`` ('marker', 'design',
    'label', 'threshold', 'ci', 'diamond', 'tick-x', 'legend', ...), ``key`` (a trial id, a
    setting, a value) and ``text`` (the text it shows, superscripts and all)."""

    _attrMap = AttrMap(BASE=Group, role=AttrMapValue(isString), key=AttrMapValue(isAnything),
                       text=AttrMapValue(isAnything))

    def __init__(self, role: str = "", key=None, text: str | None = None):
        super().__init__()
        self.role, self.key, self.text = role, key, text


class ChartDrawing(Drawing):
    """A chart: the drawing with its plot frame (x0, y0, x1, y1, in points) and the axes that
    map data onto it (the forest plot's vertical axis counts rows, as ForestRow.y does)."""

    _attrMap = AttrMap(BASE=Drawing, frame=AttrMapValue(isAnything),
                       x_axis=AttrMapValue(isAnything), y_axis=AttrMapValue(isAnything))

    def __init__(self, width: float = 400, height: float = 200, frame=None, x_axis=None,
                 y_axis=None):
        super().__init__(width, height, initialFontName=FONT)
        self.frame, self.x_axis, self.y_axis = frame, x_axis, y_axis

    def x(self, value: float) -> float:
        return map_value(value, self.x_axis, self.frame[0], self.frame[2])

    def y(self, value: float) -> float:
        return map_value(value, self.y_axis, self.frame[1], self.frame[3])

    def tagged(self, role: str | None = None) -> list[Tagged]:
        """Every Tagged group of the drawing (of one role), in drawing order."""
        found: list[Tagged] = []

        def walk(node) -> None:
            for child in getattr(node, "contents", ()):
                if isinstance(child, Tagged) and (role is None or child.role == role):
                    found.append(child)
                walk(child)

        walk(self)
        return found


def map_value(value: float, axis: Axis, p0: float, p1: float) -> float:
    low, high = axis.low, axis.high
    if axis.log:
        value, low, high = math.log10(value), math.log10(low), math.log10(high)
    return p0 + (value - low) / (high - low) * (p1 - p0)
