"""A reportlab chart drawing as a PNG, drawn with Pillow, for the Word summary.

reportlab 5 renders bitmaps (renderPM) only through rlPyCairo and pycairo, and pycairo has no
Linux wheel (it builds against the system's cairo). Pillow is installed with reportlab already,
so the charts are rasterised here instead: the drawing's tree is walked with each group's
transform, and its shapes are the few reports/charts/ draws (lines, polylines, polygons,
rectangles, circles, strings; dashes; text turned by a group's transform, as the vertical axis
titles are). The picture is drawn at SUPERSAMPLE times its size and scaled down, which
anti-aliases it. A shape kind it does not know is an error, so a new one cannot go missing
silently.
"""

from __future__ import annotations

import functools
import io
import math
import os

from PIL import Image, ImageDraw, ImageFont
from reports.shapes import Circle, Drawing, Group, Line, PolyLine, Polygon, Rect, String

DPI = 200
SUPERSAMPLE = 2

Matrix = tuple[float, float, float, float, float, float]
IDENTITY: Matrix = (1, 0, 0, 1, 0, 0)


def _multiply(m: Matrix, n: Matrix) -> Matrix:
    """m then n as reportlab composes a group's transform inside its parent's (m applied last)."""
    a, b, c, d, e, f = m
    a2, b2, c2, d2, e2, f2 = n
    return (a * a2 + c * b2, b * a2 + d * b2, a * c2 + c * d2, b * c2 + d * d2,
            a * e2 + c * f2 + e, b * e2 + d * f2 + f)


@functools.cache
def _font_file(name: str) -> str:
    from reportlab.pdfbase import pdfmetrics

    from reports.styles import register_fonts

    register_fonts()
    face = pdfmetrics.getFont(name).face
    path = getattr(face, "filename", None)
    if not path or not os.path.exists(path):
        raise FileNotFoundError(f"the font file of {name}")
    return path


@functools.cache
def _font(name: str, pixels: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(_font_file(name), max(1, pixels))


def _rgb(color) -> tuple[int, int, int] | None:
    if color is None:
        return None
    red, green, blue = color.rgb()
    return (round(red * 255), round(green * 255), round(blue * 255))


class _Canvas:
    def __init__(self, drawing: Drawing, dpi: int):
        self.scale = dpi / 72 * SUPERSAMPLE
        self.height = drawing.height
        size = (max(1, math.ceil(drawing.width * self.scale)),
                max(1, math.ceil(drawing.height * self.scale)))
        self.image = Image.new("RGB", size, (255, 255, 255))
        self.draw = ImageDraw.Draw(self.image)

    def point(self, m: Matrix, x: float, y: float) -> tuple[float, float]:
        a, b, c, d, e, f = m
        px, py = a * x + c * y + e, b * x + d * y + f
        return px * self.scale, (self.height - py) * self.scale

    def width(self, m: Matrix, w: float) -> int:
        factor = math.sqrt(abs(m[0] * m[3] - m[1] * m[2]))
        return max(1, round(w * factor * self.scale))

    def node(self, node, m: Matrix) -> None:
        if isinstance(node, Group):
            inner = _multiply(m, tuple(node.transform)) if node.transform else m
            for child in node.contents:
                self.node(child, inner)
        elif isinstance(node, Line):
            self.polyline(m, [node.x1, node.y1, node.x2, node.y2], node)
        elif isinstance(node, PolyLine):
            self.polyline(m, list(node.points), node)
        elif isinstance(node, Polygon):
            self.polygon(m, list(node.points), node)
        elif isinstance(node, Rect):
            x, y, w, h = node.x, node.y, node.width, node.height
            self.polygon(m, [x, y, x + w, y, x + w, y + h, x, y + h], node)
        elif isinstance(node, Circle):
            steps = 48
            points = []
            for index in range(steps):
                angle = 2 * math.pi * index / steps
                points += [node.cx + node.r * math.cos(angle), node.cy + node.r * math.sin(angle)]
            self.polygon(m, points, node)
        elif isinstance(node, String):
            self.string(m, node)
        else:
            raise TypeError(f"cannot rasterise a {type(node).__name__}")

    def polyline(self, m: Matrix, points: list[float], shape) -> None:
        colour = _rgb(shape.strokeColor)
        if colour is None or not shape.strokeWidth:
            return
        xy = [self.point(m, points[i], points[i + 1]) for i in range(0, len(points) - 1, 2)]
        width = self.width(m, shape.strokeWidth)
        dashes = getattr(shape, "strokeDashArray", None)
        if dashes:
            for start, end in _dashed(xy, [d * self.scale for d in dashes]):
                self.draw.line([start, end], fill=colour, width=width)
        else:
            self.draw.line(xy, fill=colour, width=width, joint="curve")

    def polygon(self, m: Matrix, points: list[float], shape) -> None:
        xy = [self.point(m, points[i], points[i + 1]) for i in range(0, len(points) - 1, 2)]
        fill = _rgb(getattr(shape, "fillColor", None))
        if fill is not None:
            self.draw.polygon(xy, fill=fill)
        if _rgb(shape.strokeColor) is not None and shape.strokeWidth:
            self.polyline(m, _closed(points), shape)

    def string(self, m: Matrix, node: String) -> None:
        colour = _rgb(node.fillColor) or (0, 0, 0)
        pixels = round(node.fontSize * self.scale * math.sqrt(abs(m[0] * m[3] - m[1] * m[2])))
        font = _font(node.fontName, pixels)
        anchor = {"start": "ls", "middle": "ms", "end": "rs"}.get(node.textAnchor, "ls")
        x, y = self.point(m, node.x, node.y)
        angle = math.degrees(math.atan2(m[1], m[0]))
        if abs(angle) < 0.01:
            self.draw.text((x, y), node.text, font=font, fill=colour, anchor=anchor)
            return
        # Turned text: drawn level on its own transparent tile, then rotated about its anchor.
        left, top, right, bottom = font.getbbox(node.text, anchor=anchor)
        pad = 2
        # Pillow's hints allow a fractional box; a tile is whole pixels, enough to hold it.
        tile = Image.new("RGBA", (math.ceil(right - left) + 2 * pad,
                                  math.ceil(bottom - top) + 2 * pad), (0, 0, 0, 0))
        ImageDraw.Draw(tile).text((pad - left, pad - top), node.text, font=font, fill=colour,
                                  anchor=anchor)
        ax, ay = pad - left, pad - top            # the anchor's place on the tile
        width, height = tile.size
        quarter = round(angle / 90) % 4
        if abs(angle - 90 * round(angle / 90)) < 0.01:
            # A quarter turn is exact and cheap (the vertical axis titles are one).
            tile = tile.transpose(_QUARTER_TURNS[quarter - 1]) if quarter else tile
        else:
            tile = tile.rotate(angle, expand=True, resample=Image.Resampling.BICUBIC)
        theta = math.radians(angle)
        dx, dy = ax - width / 2, ay - height / 2
        nx = tile.width / 2 + dx * math.cos(theta) + dy * math.sin(theta)
        ny = tile.height / 2 - dx * math.sin(theta) + dy * math.cos(theta)
        self.image.paste(tile, (round(x - nx), round(y - ny)), tile)


# A quarter, half and three-quarter turn anticlockwise.
_QUARTER_TURNS = (Image.Transpose.ROTATE_90, Image.Transpose.ROTATE_180,
                  Image.Transpose.ROTATE_270)


def _closed(points: list[float]) -> list[float]:
    return points + points[:2]


def _dashed(xy: list[tuple[float, float]], pattern: list[float]):
    """The drawn pieces of a dashed polyline: (start, end) pairs."""
    index, left, on = 0, pattern[0], True
    for (x0, y0), (x1, y1) in zip(xy, xy[1:]):
        length = math.hypot(x1 - x0, y1 - y0)
        done = 0.0
        while done < length:
            step = min(left, length - done)
            if on:
                t0, t1 = done / length, (done + step) / length
                yield ((x0 + (x1 - x0) * t0, y0 + (y1 - y0) * t0),
                       (x0 + (x1 - x0) * t1, y0 + (y1 - y0) * t1))
            done += step
            left -= step
            if left <= 1e-9:
                index = (index + 1) % len(pattern)
                left, on = pattern[index], not on


def drawing_png(drawing: Drawing, dpi: int = DPI) -> bytes:
    """The drawing as PNG bytes at ``dpi``."""
    canvas = _Canvas(drawing, dpi)
    canvas.node(drawing, IDENTITY)
    size = (max(1, round(canvas.image.width / SUPERSAMPLE)),
            max(1, round(canvas.image.height / SUPERSAMPLE)))
    image = canvas.image.resize(size, Image.Resampling.LANCZOS)
    buffer = io.BytesIO()
    image.save(buffer, "PNG", dpi=(dpi, dpi))
    return buffer.getvalue()
