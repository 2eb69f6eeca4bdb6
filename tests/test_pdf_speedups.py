"""The PDF's speed-ups keep the output the same (docs/benchmarks.md, issue 13).

Each speed-up is checked against reportlab or the formatter's own full path doing the work the
slow way, not against numbers copied from the code.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

from reportlab.platypus import Paragraph as ReportlabParagraph

from reports.layout import Paragraph, paragraph
from reports.styles import register_fonts, styles
from reports.text import TextFormatter

ROOT = Path(__file__).resolve().parent.parent


def test_reports_take_shapes_from_reports_shapes_only():
    """reportlab reads rl_config.shapeChecking once, when its shapes module is first imported:
    a module importing it directly could come first and switch the checks back on."""
    offenders = []
    for path in (ROOT / "reports").rglob("*.py"):
        if path.name == "shapes.py" and path.parent.name == "reports":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith(
                    "reportlab.graphics.shapes"):
                offenders.append(str(path.relative_to(ROOT)))
            if isinstance(node, ast.Import) and any(
                    a.name.startswith("reportlab.graphics.shapes") for a in node.names):
                offenders.append(str(path.relative_to(ROOT)))
    assert offenders == []


def test_shape_attribute_checks_are_off_when_the_pdf_is_built():
    """In a fresh interpreter, as in the program: the export's imports switch the checks off."""
    code = ("import reports.pdf; from reportlab.graphics.shapes import Shape; "
            "print('__setattr__' in Shape.__dict__)")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                         text=True, check=True)
    assert out.stdout.strip() == "False"


TEXT = ("The steering committee reviews accrual, serious adverse events and the primary "
        "outcome at each interim look; ") * 6


def _lines(para) -> list:
    return [getattr(line, "words", line) for line in para.blPara.lines]


def test_a_paragraph_laid_out_again_at_the_same_width_is_reportlabs_layout():
    register_fonts()
    style = styles()["body"]
    ours, theirs = Paragraph(TEXT, style), ReportlabParagraph(TEXT, style)
    assert ours.wrap(200, 1000) == theirs.wrap(200, 1000)
    first = ours.blPara
    assert ours.wrap(200, 50) == theirs.wrap(200, 50)   # the height given does not enter
    assert ours.blPara is first                          # not broken into lines again
    assert ours.wrap(120, 1000) == theirs.wrap(120, 1000)  # a new width: laid out anew
    assert _lines(ours) == _lines(theirs)


def test_a_split_that_discards_the_lines_is_laid_out_again():
    register_fonts()
    style = styles()["body"]
    para = Paragraph(TEXT, style)
    para.wrap(200, 1000)
    assert para.split(200, 5) == []          # no room for two lines: reportlab drops blPara
    assert "blPara" not in para.__dict__
    assert para.wrap(200, 1000) == ReportlabParagraph(TEXT, style).wrap(200, 1000)
    assert "blPara" in para.__dict__


def test_the_fast_paths_give_what_the_character_walk_gives():
    """Printable text in the font returns escaped as it is; the walk over each character (kept
    for text that needs it) must agree on such text, so both are compared on one that takes
    the walk only because of a trailing raised digit."""
    fmt = TextFormatter()
    for text in ("≥ 18 years – 28 days · 5 × 10", "Ångström & <b>co</b>", "plain ascii"):
        assert fmt.markup(text + "⁶").removesuffix("<super>6</super>") == fmt.markup(text)
        assert fmt.plain(text + "⁶").removesuffix("^6") == fmt.plain(text)
    assert fmt.markup("Ångström & <b>") == "Ångström &amp; &lt;b&gt;"
    assert fmt.substitutions == {}


def test_plain_paragraphs_skip_the_parser_with_the_same_fragments():
    register_fonts()
    style = styles()["cell"]
    text = "Umbilical cord, 10 × 10⁶ cells/kg".replace("⁶", "6")
    ours, theirs = paragraph(text, style), ReportlabParagraph(text, style)
    assert [f.__dict__ for f in ours.frags] == [f.__dict__ for f in theirs.frags]
