"""reportlab's graphics shapes, as every chart of the summary imports them.

reportlab checks each attribute assigned to a shape against its attribute map while a drawing is
built ("a big help when developing", rl_config.shapeChecking): about 25,000 checks per summary,
an eighth of the time it takes to build its story. The charts are the program's own code with
tests of their own, so the checks are off. shapes.py reads the flag when it is first imported,
which is why every module in reports/ takes its shapes from here (tests/test_pdf_speedups.py
holds that to account).
"""

from reportlab import rl_config

rl_config.shapeChecking = 0

from reportlab.graphics.shapes import (  # noqa: E402 - after the flag, by design
    Circle,
    Drawing,
    Group,
    Line,
    PolyLine,
    Polygon,
    Rect,
    String,
)

__all__ = ["Circle", "Drawing", "Group", "Line", "PolyLine", "Polygon", "Rect", "String"]
