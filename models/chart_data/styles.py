"""The charts' shared look: each setting's colour and marker shape (``SETTING_STYLES``,
``setting_style``), the design's star (``DESIGN_STYLE``), the line styles a chart may name
(``LINE_STYLES``), and ``LegendEntry``, one entry of a chart's legend, so that the screen's and
the PDF's legends read the same. Pure Python, no Qt.
"""

from __future__ import annotations

from dataclasses import dataclass

from models.evidence.record import SETTING_LABELS


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
