"""User text in the PDF prints exactly as typed: markup and entities are data, long unbroken words
wrap inside the page, 2,000- and 20,000-character fields lay out, and Unicode either prints or is
replaced visibly and listed."""

from __future__ import annotations

import pytest
from pypdf import PdfReader
from reportlab.pdfbase.pdfmetrics import stringWidth

from models.design_io import design_to_dict, load_design, parse_design
from models.resources import resource_path
from reports.pdf import export_pdf
from reports.styles import register_fonts
from reports.text import TextFormatter, cut
from test_pdf import flat, pdf_pages

HOSTILE = '<b>&amp; "Ω" </para>'
LONG_WORD = "".join(chr(ord("a") + (i * 7) % 26) for i in range(2000))
OTHER_LONG_WORD = "Z" + "".join(chr(ord("A") + (i * 5) % 26) for i in range(1999))
VERA = {"BitstreamVeraSans-Roman": "Vera", "BitstreamVeraSans-Bold": "Vera-Bold",
        "BitstreamVeraSans-Oblique": "Vera-Italic",
        "BitstreamVeraSans-BoldOblique": "Vera-BoldItalic"}


def hostile_design():
    design = load_design(resource_path("examples", "core-protocol.trial.json"))
    meta = design.meta
    # Long enough (about 1,900 characters) that the footer must cut it.
    meta.title = f"{HOSTILE} Zoë Müller ≥ 18 y, ≤ 80 y, 2 × 10⁶ µg & <script>" + \
        " a very long title" * 100
    meta.acronym = "<i>A&B</i>"
    meta.sponsor = LONG_WORD
    meta.chief_investigator = "Prof. Ödön Erdős & <Ünal> 'O'Brien'"
    meta.notes = ("<para>Notes & <tags> 'quoted' \"double\" " * 600)[:20000]
    design.product.characterization.processing = OTHER_LONG_WORD
    design.dosing.arms[0].label = '<font size="40">Big</font> & arm'
    design.control.placebo = "saline <0.9%> & \"quotes\" 'single' &lt;"
    design.population.classifier = ("IL-8 & <bicarbonate> ≥ cut-off " * 70)[:2000]
    design.population.prespecified_subgroups = ["age ≥ 65 years", "<hyper>&inflammatory"]
    # Only what the program itself would accept: round-trip through the reader.
    return parse_design(design_to_dict(design))


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    path = tmp_path_factory.mktemp("hostile") / "hostile.pdf"
    design = hostile_design()
    result = export_pdf(design, path)
    return design, path, pdf_pages(path), result


def test_markup_and_entities_print_as_typed(hostile):
    design, _path, pages, _result = hostile
    text = flat(" ".join(pages))
    for typed in (design.meta.title.replace("ő", "o"), design.meta.acronym,
                  design.dosing.arms[0].label, design.control.placebo,
                  "Prof. Ödön Erdos & <Ünal> 'O'Brien'", "<hyper>&inflammatory",
                  "age ≥ 65 years"):
        assert flat(typed) in text, typed
    assert flat(HOSTILE) in text
    # Nothing of the user's markup was interpreted: the tags are on the page as text.
    assert text.count("<b>&amp;") >= 2    # title block, footer-independent
    assert "Notes & <tags> 'quoted' \"double\"" in text


def test_metadata_keeps_the_raw_title(hostile):
    design, path, _pages, _result = hostile
    info = PdfReader(str(path)).metadata
    assert info.title == design.meta.title
    assert info.author == design.meta.chief_investigator


def test_long_unbroken_words_wrap_and_are_complete(hostile):
    _design, _path, pages, _result = hostile
    joined = "".join("".join(pages).split())
    assert LONG_WORD in joined
    assert OTHER_LONG_WORD in joined
    lines = [line for page in pages for line in page.splitlines()]
    pieces = [line for line in lines if line.strip() and line.strip() in LONG_WORD]
    # Wrapped over many lines, none of them holding the whole word.
    assert len(pieces) >= 10
    assert max(len(p) for p in pieces) < 200


def test_no_text_runs_off_the_page(hostile):
    """Every text fragment ends inside the page (margin to spare): measured from where the PDF
    places it and its width in the embedded font."""
    _design, path, _pages, _result = hostile
    register_fonts()
    overflow = []
    for number, page in enumerate(PdfReader(str(path)).pages, start=1):
        width = float(page.mediabox.width)

        def visit(text, cm, tm, font, size, number=number, width=width):
            if not text.strip() or font is None:
                return
            face = VERA[str(font["/BaseFont"]).split("+")[-1]]
            x = cm[0] * tm[4] + cm[2] * tm[5] + cm[4]
            scale = abs(tm[0] or 1) * abs(cm[0] or 1)
            right = x + stringWidth(text.rstrip("\n"), face, size * scale)
            if x < 0 or right > width - 20:
                overflow.append((number, round(x), round(right), text[:30]))

        page.extract_text(visitor_text=visit)
    assert not overflow


def test_long_fields_and_footer(hostile):
    design, _path, pages, result = hostile
    assert result.pages >= 12
    for number, page in enumerate(pages, start=1):
        assert f"page {number} of {len(pages)}" in page
    # The footer title is cut visibly, never run past the page.
    footer = [line for line in pages[3].splitlines() if "· design " in line][0]
    assert "…" in footer and len(footer) < 200
    text = flat(" ".join(pages))
    assert flat(design.population.classifier) in text


def test_characters_the_font_lacks_are_replaced_visibly_and_listed(tmp_path):
    design = load_design(resource_path("examples", "start-like.trial.json"))
    design.meta.title = "Erdős trial 中 ≥ µ ×"
    design.meta.chief_investigator = "Dr Łukasz Żółć Ødegård"
    export_pdf(design, tmp_path / "u.pdf")
    text = flat(" ".join(pdf_pages(tmp_path / "u.pdf")))
    assert "Erdos trial [U+4E2D] ≥ µ ×" in text
    # Ł, ó, ć and Ø are in the font and print as typed; Ż is not: its base letter, listed.
    assert "Dr Łukasz Zółć Ødegård" in text
    assert "U+017B (latin capital letter z with dot above) as 'Z'" in text
    assert "U+0151 (latin small letter o with double acute) as 'o'" in text
    assert "U+4E2D (cjk unified ideograph-4e2d) as '[U+4E2D]'" in text


def test_formatter_escapes_and_marks_superscripts():
    fmt = TextFormatter()
    assert fmt.markup(HOSTILE) == "&lt;b&gt;&amp;amp; \"Ω\" &lt;/para&gt;"
    assert fmt.markup("2 × 10⁶ cmH₂O\nnext") == \
        "2 × 10<super>6</super> cmH<sub>2</sub>O<br/>next"
    assert fmt.plain("10⁻³") == "10^-3"
    assert fmt.split_superscripts("5 × 10⁶/kg") == [("5 × 10", False), ("6", True),
                                                     ("/kg", False)]
    assert fmt.substitution_note() is None
    assert fmt.markup("β") == "beta" and fmt.substitution_note() is None
    assert cut("abcdef", 3) == "abc… [3 more characters]"


def test_decomposed_accents_are_composed_before_printing():
    # 'José Muñoz' typed as e + U+0301 and n + U+0303 (as pasted from macOS) keeps its accents.
    from reports.text import TextFormatter

    formatter = TextFormatter()
    assert formatter.markup("Jose\u0301 Mun\u0303oz") == "José Muñoz"
    assert formatter.plain("Jose\u0301 Mun\u0303oz") == "José Muñoz"


def test_every_text_field_at_its_longest_still_exports(tmp_path):
    # Found in review: a 2,000-character endpoint description (allowed by the format) made the
    # SPIRIT table taller than a page. Fill every text field of the format to its maximum.
    from models.design import field_specs
    from models.design_io import design_to_dict, load_design, parse_design
    from models.resources import resource_path
    from reports.pdf import export_pdf

    document = design_to_dict(load_design(resource_path("examples", "core-protocol.trial.json")))

    def fill(node, cls):
        for name, spec in field_specs(cls).items():
            if spec.kind == "block":
                fill(node.setdefault(name, {}), spec.item)
            elif spec.kind == "blocks":
                for entry in node.get(name, []):
                    fill(entry, spec.item)
            elif spec.kind == "text" and not spec.constraint.date:
                node[name] = ("W" * 37 + " ") * (spec.constraint.max_length // 38) + "Z" * (
                    spec.constraint.max_length % 38)
            elif spec.kind == "list" and spec.item_kind == "text":
                node[name] = ["Q" * spec.constraint.max_length] * 3

    from models.design import Design

    fill(document, Design)
    design = parse_design(document)
    result = export_pdf(design, tmp_path / "long.pdf")
    assert result.pages > 5 and (tmp_path / "long.pdf").read_bytes().startswith(b"%PDF")
