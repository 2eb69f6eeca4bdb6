"""The Word summary (reports/word): the PDF's eight parts as real Word headings, tables and
lists, charts as pictures, hostile text as typed, XML-illegal characters replaced visibly, and a
file LibreOffice opens (converted headless to PDF, where soffice is installed)."""

from __future__ import annotations

import datetime
import io
import shutil
import subprocess
import sys

import pytest

from models.design_io import load_design, parse_design
from models.resources import resource_path
from reports.layout import PART_TITLES

docx = pytest.importorskip("docx")

GENERATED = datetime.datetime(2026, 1, 2, 3, 4)


def build(design) -> "docx.document.Document":
    from reports.word.document import build_docx

    data = build_docx(design, generated=GENERATED)
    return docx.Document(io.BytesIO(data))


def example(name: str):
    return load_design(resource_path("examples", f"{name}.trial.json"))


def paragraphs(document, style: str) -> list[str]:
    return [p.text for p in document.paragraphs if p.style.name == style]


def all_text(document) -> str:
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts += [cell.text for cell in row.cells]
    return "\n".join(parts)


def test_every_part_is_a_heading_1_in_order():
    document = build(example("stroma-cov-2-like"))
    assert paragraphs(document, "Heading 1") == [PART_TITLES[n] for n in range(2, 9)]
    assert paragraphs(document, "Title") == [example("stroma-cov-2-like").meta.title]


def test_sub_headings_findings_and_lists():
    document = build(example("stroma-cov-2-like"))
    h2 = paragraphs(document, "Heading 2")
    for heading in ("Comparable trials", "Power curve", "Sensitivity table", "Population",
                    "Core-protocol checklist: 9 of 9 items addressed"):
        assert heading in h2
    # Each finding's title is a Heading 3, and its evidence a bulleted list.
    h3 = paragraphs(document, "Heading 3")
    assert any(h.startswith("WARNING · B-1 · ") for h in h3)
    bullets = paragraphs(document, "List Bullet")
    assert any(b.startswith("Fields: dosing.arms[0].dose_value") for b in bullets)
    # The references are a numbered list, without the PDF's "[n]" (Word numbers them).
    references = paragraphs(document, "List Number")
    assert len(references) > 10
    assert not any(r.startswith("[") for r in references)
    assert any("Curley" in r for r in references)


def test_tables_hold_the_glance_checklist_and_schedule():
    document = build(example("stroma-cov-2-like"))
    first_cells = [table.rows[0].cells[0].text for table in document.tables]
    assert "Acronym" in first_cells          # the title block
    assert "Phase" in first_cells            # design at a glance
    assert "#" in first_cells                # checklist and Box 1 map
    assert "Period" in first_cells           # the SPIRIT schedule
    schedule = document.tables[first_cells.index("Period")]
    assert schedule.rows[1].cells[0].text == "Time point"
    assert any(cell.text == "X" for row in schedule.rows for cell in row.cells)
    # Header rows repeat on each page (w:tblHeader).
    assert schedule.rows[0]._tr.xpath("./w:trPr/w:tblHeader")
    glance = document.tables[first_cells.index("Phase")]
    assert glance.rows[0].cells[1].text == "Phase 2b"   # the wizard's label (models/vocabulary.py)


def test_charts_are_pictures():
    document = build(example("stroma-cov-2-like"))
    # dose chart, forest plot, power curve at least
    assert len(document.inline_shapes) >= 3
    from PIL import Image

    part = document.inline_shapes[0]._inline.graphic.graphicData.pic.blipFill.blip.embed
    image = Image.open(io.BytesIO(document.part.related_parts[part].blob))
    assert image.format == "PNG" and image.width > 800
    # Not blank: a chart has ink.
    assert image.convert("L").getextrema()[0] < 64


def test_an_empty_design_exports():
    from models.design import Design

    document = build(Design())
    assert paragraphs(document, "Title") == ["Untitled design"]
    assert "not decided" in all_text(document)


HOSTILE = "<b>bold?</b> &amp; \u202eevil\u202c ‮right-to-left Ωμ 中文 ř 10⁶ " + "x" * 1900


def hostile_design(text: str):
    return parse_design({"format": "msc-ards-trial-design", "version": 2,
                         "meta": {"title": text, "acronym": "H", "notes": text + "y" * 15000},
                         "dosing": {"arms": [{"label": text[:200]}]}})


def test_hostile_text_prints_as_typed():
    document = build(hostile_design(HOSTILE))
    title = paragraphs(document, "Title")[0]
    # Markup is text; every character is kept (the PDF's font substitutions do not apply).
    assert title.startswith("<b>bold?</b> &amp; \u202eevil\u202c ")
    assert "中文 ř 10⁶" in title
    # The right-to-left override the user left open is closed at the end of their text.
    assert title.endswith("x" * 1900 + "\u202c")
    assert HOSTILE + "y" * 15000 in all_text(document)     # the notes, 17,000 characters


def test_xml_illegal_control_characters_are_replaced_visibly():
    from reports.word.text import WordFormatter

    fmt = WordFormatter()
    assert fmt.markup("a\x0bb\x01c\td") == "a[U+000B]b[U+0001]c\td"
    note = fmt.substitution_note()
    assert "U+000B as '[U+000B]'" in note and "U+0001" in note
    # Through the whole export, whatever the reader lets into a text field.
    design = hostile_design("vertical\x0btab and \x1f unit separator")
    document = build(design)
    assert paragraphs(document, "Title") == ["vertical[U+000B]tab and [U+001F] unit separator"]
    assert any("cannot be stored in a Word file" in p.text for p in document.paragraphs)


def test_markup_runs():
    from reports.word.text import Run, runs

    assert runs("a <b>b</b> 10<super>6</super>&nbsp;&amp;<br/>x") == [
        Run("a "), Run("b", bold=True), Run(" 10"), Run("6", superscript=True),
        Run("\xa0&\nx")]
    with pytest.raises(ValueError):
        runs("<font>x</font>")
    # The size of a secondary line (a JSON path under a field's name) is the table style's.
    assert runs("Title<br/><font size='6.5'>meta.title</font>") == [Run("Title\nmeta.title")]


def test_changes_since_an_earlier_version_are_appended():
    from reports.word.document import build_docx

    old, new = example("start-like"), example("core-protocol")
    document = docx.Document(io.BytesIO(build_docx(new, generated=GENERATED,
                                                   changes_since=old)))
    headings = paragraphs(document, "Heading 1")
    assert any(h.startswith("Changes since version") for h in headings), headings
    assert "meta.title" in all_text(document)


def test_python_docx_is_not_imported_at_start_up():
    code = ("import sys, main, cli.export, reports.pdf, reports.formats; "
            "print('docx' in sys.modules, 'lxml' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=120)
    assert done.stdout.split() == ["False", "False"], done.stderr


@pytest.mark.skipif(shutil.which("soffice") is None,
                    reason="LibreOffice (soffice) is not installed: .ci/run installs "
                           "libreoffice-writer-nogui where apt-get is available")
def test_libreoffice_opens_the_file(tmp_path):
    from pypdf import PdfReader

    from reports.word.document import export_docx

    out = tmp_path / "summary.docx"
    export_docx(example("stroma-cov-2-like"), out, generated=GENERATED)
    done = subprocess.run(["soffice", "--headless", "--norestore",
                           f"-env:UserInstallation=file://{tmp_path}/lo-profile",
                           "--convert-to", "pdf", "--outdir", str(tmp_path), str(out)],
                          capture_output=True, text=True, timeout=300)
    pdf = tmp_path / "summary.pdf"
    assert pdf.exists(), done.stdout + done.stderr
    text = " ".join(" ".join(page.extract_text() for page in PdfReader(str(pdf)).pages).split())
    for part in range(2, 9):
        assert PART_TITLES[part] in text
    assert "STROMA-CoV-2-like" in text
    assert "Comparable trials" in text and "Power curve" in text
