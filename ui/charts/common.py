"""What the three charts share: pyqtgraph set up for print-like figures, log axes from
models.chart_data axes, marker shapes, and a pool of text labels reused between redraws."""

from __future__ import annotations

import html
import math

import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics
from PySide6.QtWidgets import QApplication, QHBoxLayout, QLabel, QScrollArea, QVBoxLayout, QWidget

from models.chart_data import Axis, SeriesStyle

# White background and black ink: the charts read like the PDF's figures, in colour or grey.
pg.setConfigOptions(antialias=True, background="w", foreground="k")

# models.chart_data names marker shapes; these are pyqtgraph's symbols for them.
SYMBOLS = {"circle": "o", "square": "s", "triangle": "t1", "diamond": "d", "star": "star",
           "hexagon": "h"}
INK = "#000000"
SUBTLE_INK = "#444444"


def chart_font(scale: float = 1.0, bold: bool = False) -> QFont:
    font = QFont(QApplication.font())
    size = font.pointSizeF() if font.pointSizeF() > 0 else 9.0
    font.setPointSizeF(size * scale)
    font.setBold(bold)
    return font


class ChartPanel(QWidget):
    """A figure: the plot with its legend underneath (outside the data, so it never hides a
    point), a list beside it of what the chart does not draw and why, and notes below.

    A static figure: no mouse zoom or context menu, because the axes are chosen to show every
    point and a stray drag would hide some."""

    def __init__(self, accessible_name: str, legend_columns: int = 3, side_width: int = 250,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.setAccessibleName(accessible_name)
        self.graphics = pg.GraphicsLayoutWidget()
        self.graphics.setAccessibleName(accessible_name)
        self.graphics.ci.setContentsMargins(4, 8, 12, 4)
        self.plot: pg.PlotItem = self.graphics.addPlot(row=0, col=0)
        self.plot.setMenuEnabled(False)
        self.plot.setMouseEnabled(x=False, y=False)
        self.plot.hideButtons()
        for name in ("left", "bottom", "right", "top"):
            axis = self.plot.getAxis(name)
            axis.setStyle(tickFont=chart_font(0.9), tickTextOffset=4)
            axis.setPen(pg.mkPen(INK))
            axis.setTextPen(pg.mkPen(INK))
        self.legend = pg.LegendItem(colCount=legend_columns, labelTextColor=INK,
                                    labelTextSize=f"{chart_font(0.9).pointSizeF():g}pt",
                                    pen=pg.mkPen(SUBTLE_INK), brush=pg.mkBrush("#FFFFFF"))
        self.graphics.addItem(self.legend, row=1, col=0)
        self._legend_entries: tuple = ()

        self.side = QLabel()
        self.side.setWordWrap(True)
        self.side.setTextFormat(Qt.TextFormat.RichText)
        self.side.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.side.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.side.setAccessibleName(f"{accessible_name}: not plotted")
        self.side_scroll = QScrollArea()
        self.side_scroll.setWidget(self.side)
        self.side_scroll.setWidgetResizable(True)
        self.side_scroll.setFixedWidth(side_width)
        self.side_scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self.notes = QLabel()
        self.notes.setWordWrap(True)
        self.notes.setTextFormat(Qt.TextFormat.PlainText)
        self.notes.setAccessibleName(f"{accessible_name}: notes")
        body = QHBoxLayout()
        body.setContentsMargins(0, 0, 0, 0)
        body.addWidget(self.graphics, 1)
        body.addWidget(self.side_scroll)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addLayout(body, 1)
        outer.addWidget(self.notes)

    def set_legend(self, entries) -> None:
        """entries: (plot item, name). Rebuilt only when the items change (that lays the plot
        out again); new names for the same items are set on the labels in place."""
        entries = list(entries)
        key = tuple(id(item) for item, _ in entries)
        if key == self._legend_entries:
            for (_, label), (_, name) in zip(self.legend.items, entries):
                if html.unescape(label.text) != name:
                    label.setText(html.escape(name))
            self.legend.updateSize()
            return
        self.legend.clear()
        for item, name in entries:
            self.legend.addItem(item, html.escape(name))
        for sample, _ in self.legend.items:
            # A click on a sample would hide its series: a figure does not change on a click.
            sample.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self._legend_entries = key

    def legend_names(self) -> list[str]:
        return [html.unescape(label.text) for _, label in self.legend.items]

    def set_side(self, title: str, items) -> None:
        """items: (label, reason) pairs, listed beside the chart."""
        items = list(items)
        if not items:
            self.side.setText("")
            self.side_scroll.setVisible(False)
            return
        rows = "".join(f"<p style='margin-top: 0px; margin-bottom: 6px;'>"
                       f"<b>{html.escape(label)}</b>: {html.escape(reason)}</p>"
                       for label, reason in items)
        self.side.setText(f"<p style='margin-bottom: 6px;'><b>{html.escape(title)}</b></p>{rows}")
        self.side_scroll.setVisible(True)

    def set_notes(self, notes) -> None:
        self.notes.setText("\n".join(notes))
        self.notes.setVisible(bool(notes))


def to_plot(value: float, log: bool) -> float:
    """A data value in the coordinates of the plot (log10 on a log axis). pyqtgraph's own log
    mode does not transform error bars or text items, so the charts take the logarithm
    themselves, on every item alike."""
    return math.log10(value) if log else value


def apply_axis(plot: pg.PlotItem, side: str, axis: Axis) -> None:
    """Title (with its unit), ticks and range of one axis from the chart data. Only what
    changed is set: each setting makes pyqtgraph lay the plot out again, which costs more than
    the rest of a redraw."""
    item = plot.getAxis(side)
    applied = getattr(item, "_chart_axis", None)
    if applied is None or (applied.title, applied.ticks, applied.log) != \
            (axis.title, axis.ticks, axis.log):
        item.setLabel(html.escape(axis.title),
                      **{"font-size": f"{chart_font().pointSizeF():g}pt"})
        if axis.ticks:
            item.setTicks([[(to_plot(t.value, axis.log), t.label) for t in axis.ticks], []])
        else:
            item.setTicks(None)
        if side in ("left", "right"):
            fit_width(item, [t.label for t in axis.ticks], titled=bool(axis.title))
        item._chart_axis = axis
    low, high = to_plot(axis.low, axis.log), to_plot(axis.high, axis.log)
    if side in ("bottom", "top"):
        plot.setXRange(low, high, padding=0)
    else:
        plot.setYRange(low, high, padding=0)


def fit_width(item: pg.AxisItem, labels, titled: bool) -> None:
    """Make a vertical axis wide enough for its longest tick label and its title from the first
    frame on (pyqtgraph widens it only after a first paint, and the title overlaps the tick
    labels until then)."""
    metrics = QFontMetrics(chart_font(0.9))
    widest = max((metrics.horizontalAdvance(label) for label in labels), default=0)
    title = QFontMetrics(chart_font()).height() + 6 if titled else 0
    item.setWidth(widest + 4 + 5 + title + 6)


# pyqtgraph draws a diamond and a triangle with less ink than a circle of the same size; these
# make every marker read as equally heavy.
_SIZE_FACTORS = {"diamond": 1.3, "triangle": 1.1}


def series_symbol(style: SeriesStyle) -> str:
    return SYMBOLS.get(style.marker, "o")


def series_size(style: SeriesStyle, size: float) -> float:
    return size * _SIZE_FACTORS.get(style.marker, 1.0)


def brush(colour: str, alpha: int = 255):
    qcolour = QColor(colour)
    qcolour.setAlpha(alpha)
    return pg.mkBrush(qcolour)


def pen(colour: str = INK, width: float = 1.0, style=Qt.PenStyle.SolidLine):
    return pg.mkPen(QColor(colour), width=width, style=style)


class TextPool:
    """Text labels on a plot, reused between redraws: creating and deleting text items on
    every edit costs far more than setting their text."""

    def __init__(self, plot: pg.PlotItem):
        self.plot = plot
        self.items: list[pg.TextItem] = []

    def show(self, entries) -> list[pg.TextItem]:
        """entries: (text, x, y, anchor, colour, bold). Returns the items shown, in order."""
        entries = list(entries)
        while len(self.items) < len(entries):
            # A light backing keeps a label readable where a line (the threshold, the line of
            # no effect) passes behind it.
            item = pg.TextItem("", fill=pg.mkBrush(255, 255, 255, 210))
            item.setZValue(5)
            item.setFont(chart_font(0.9))
            self.plot.addItem(item)
            self.items.append(item)
        shown = []
        for item, (text, x, y, anchor, colour, bold) in zip(self.items, entries):
            # Set only what changed: a text item lays itself out again on every setting.
            if (item.textItem.toPlainText(), getattr(item, "_style", None)) != \
                    (text, (colour, bold)):
                item.setText(text, color=QColor(colour))
                item.setFont(chart_font(0.9, bold))
                item._style = (colour, bold)
            item.setAnchor(anchor)
            item.setPos(x, y)
            item.setVisible(True)
            shown.append(item)
        for item in self.items[len(entries):]:
            item.setVisible(False)
        return shown

    def visible(self) -> list[pg.TextItem]:
        return [item for item in self.items if item.isVisible()]


def item_text(item: pg.TextItem) -> str:
    return item.textItem.toPlainText()
