"""The PDF protocol summary read back as a reader would (pypdf): every part in order, the
findings, the computed n, the schedule, the references, the footer on every page, the metadata,
and the fonts (TrueType, embedded, never a base-14 font)."""

from __future__ import annotations

import datetime
import re
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from models import chart_data as cd
from models.design import Design
from models.design_io import fingerprint, load_design
from models.guidance import evaluate
from models.guidance.thresholds import Thresholds
from models.resources import resource_path
from models.schedule import build_schedule
from models.version import EVIDENCE_CURRENT_TO, __version__
from reports.pdf import DISCLAIMER, PART_TITLES, export_pdf
from reports.text import EQUIVALENTS

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted(p.name for p in resource_path("examples").glob("*.trial.json"))
SUPER = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻₀₁₂₃₄₅₆₇₈₉", "0123456789-0123456789")
BASE14 = {"Courier", "Courier-Bold", "Courier-Oblique", "Courier-BoldOblique", "Helvetica",
          "Helvetica-Bold", "Helvetica-Oblique", "Helvetica-BoldOblique", "Times-Roman",
          "Times-Bold", "Times-Italic", "Times-BoldItalic", "Symbol", "ZapfDingbats"}


# The font has no Greek lowercase: the PDF writes the letter's name (α 0.05 -> alpha 0.05).
GREEK = {chr(c): EQUIVALENTS[chr(c)] for c in range(0x3B1, 0x3CA)}


def flat(text: str) -> str:
    """Whitespace collapsed, super/subscripts as plain digits and Greek letters by name: how a
    reader compares text that the PDF wraps over lines and sets as raised digits (2 × 10⁶
    extracts as '2 × 106')."""
    text = "".join(GREEK.get(c, c) for c in text.translate(SUPER))
    return " ".join(text.split())


def pdf_pages(path) -> list[str]:
    return [page.extract_text() for page in PdfReader(str(path)).pages]


def pdf_text(path) -> str:
    return flat("\n".join(pdf_pages(path)))


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    """Every example design exported once: name -> (design, path, text, result)."""
    folder = tmp_path_factory.mktemp("pdf")
    out = {}
    for name in EXAMPLES:
        design = load_design(resource_path("examples", name))
        path = folder / name.replace(".trial.json", ".pdf")
        result = export_pdf(design, path, design_path=name,
                            generated=datetime.datetime(2026, 11, 25, 9, 30))
        out[name] = (design, path, pdf_text(path), result)
    return out


@pytest.mark.parametrize("name", EXAMPLES)
def test_every_part_present_in_order(exported, name):
    _design, _path, text, _result = exported[name]
    positions = [text.find(flat(PART_TITLES[part])) for part in range(1, 9)]
    assert all(p >= 0 for p in positions), dict(zip(range(1, 9), positions))
    # Part 1 is the title block at the top; parts 2-8 follow in order.
    assert positions == sorted(positions)


@pytest.mark.parametrize("name", EXAMPLES)
def test_title_block(exported, name):
    design, _path, text, _result = exported[name]
    meta = design.meta
    head = text[:text.find(flat(PART_TITLES[2]))]
    for value in (meta.title, meta.acronym, meta.protocol_version, meta.date, meta.sponsor,
                  meta.chief_investigator):
        assert flat(value) in head
    assert fingerprint(design) in head
    assert f"MSC-ARDS Trial Designer {__version__}" in head
    assert f"bundled evidence current to {EVIDENCE_CURRENT_TO}" in head
    assert flat(DISCLAIMER) in head
    assert "none changed" in head


@pytest.mark.parametrize("name", EXAMPLES)
def test_every_finding_with_its_evidence(exported, name):
    design, _path, text, _result = exported[name]
    result = evaluate(design)
    guidance = text[text.find(flat(PART_TITLES[3])):text.find(flat(PART_TITLES[4]))]
    counts = result.counts
    assert f"{counts['error']} errors" in guidance
    assert f"{counts['warning']} warnings" in guidance
    assert f"{counts['advice']} advice" in guidance
    for finding in result.findings:
        head = f"{finding.severity.value.upper()} · {finding.rule} · {flat(finding.title)}"
        assert head in guidance
        assert flat(finding.message) in guidance
        for evidence in finding.evidence:
            assert flat(evidence.text) in guidance
    for item in result.checklist:
        assert flat(item.title) in guidance
    for status in result.box1:
        assert flat(status.text) in guidance


def test_finding_statuses_are_words_not_colours(exported):
    design, _path, text, _result = exported["start-like.trial.json"]
    guidance = text[text.find(flat(PART_TITLES[3])):text.find(flat(PART_TITLES[4]))]
    result = evaluate(design)
    assert "WARNING · B-5 · Single-dose regimen" in guidance
    assert "ADVICE · A-7" in guidance
    not_met = [b for b in result.box1 if b.status == "not met"]
    assert not_met and guidance.count("NOT MET") == len(not_met)
    assert guidance.count("not applicable") >= sum(b.status == "not applicable"
                                                   for b in result.box1)


@pytest.mark.parametrize("name", EXAMPLES)
def test_sample_size_section(exported, name):
    design, _path, text, _result = exported[name]
    part = text[text.find(flat(PART_TITLES[5])):text.find(flat(PART_TITLES[6]))]
    outcome = evaluate(design).sample_size
    if outcome is None:
        assert "computes no sample size" in part
        assert f"Planned total sample size: {design.statistics.planned_total_n}" in part
        return
    result = outcome.result
    from models.sample_size import describe

    assert flat(describe(result, design.endpoints.primary.description)) in part
    assert f"total {result.n_total}" in part
    assert "Sensitivity table" in part and "Power curve" in part
    assert flat(result.method_label[1:]) in part


def test_core_protocol_numbers(exported):
    _design, _path, text, _result = exported["core-protocol.trial.json"]
    assert "With 306 patients per arm (918 in total" in text
    # Two interim looks (S-1): the plan enrols at most 942 (314 per arm, LD O'Brien-Fleming).
    assert "Planned total: 1200, which meets the group-sequential maximum 942" in text
    # The sensitivity table's boxed cell is the design's own n.
    assert "40% 3813 1662 918 573 387" in text


def test_stroma_planned_below_computed(exported):
    _design, _path, text, _result = exported["stroma-cov-2-like.trial.json"]
    assert "Planned total: 47, which is BELOW (see finding E-2) the computed 72" in text


@pytest.mark.parametrize("name", EXAMPLES)
def test_schedule_rows(exported, name):
    design, _path, text, _result = exported[name]
    part = text[text.find(flat(PART_TITLES[6])):text.find(flat(PART_TITLES[7]))]
    schedule = build_schedule(design)
    for point in schedule.timepoints:
        assert flat(point.label) in part
    position = 0
    for activity in schedule.activities:
        found = part.find(flat(activity.label), position)
        assert found >= 0, activity.label
        position = found
    marks = sum(len(a.marks) for a in schedule.activities)
    assert len(re.findall(r"(?<![\w'])X(?![\w'])", part)) >= marks
    for note in schedule.notes:
        assert flat(note) in part


@pytest.mark.parametrize("name", EXAMPLES)
def test_evidence_part_and_references(exported, name):
    _design, _path, text, _result = exported[name]
    part = text[text.find(flat(PART_TITLES[7])):text.find(flat(PART_TITLES[8]))]
    # The charts' titles and labels are the screen's (models.chart_data).
    for words in ("Comparable trials", cd.DOSE_AXIS_TITLES[cd.CELLS], cd.FOREST_FAVOURS[0],
                  "Risk ratio of death, cell product vs control, with 95% CI (log scale; "
                  "below 1 favours the cell product)", "START, STAT",
                  "Pooled, classical ARDS (k = 4)", "0.70 (0.28–1.75)"):
        assert words in part
    references = text[text.find(flat(PART_TITLES[8])):]
    numbers = [int(n) for n in re.findall(r"\[(\d+)\]\s", references)]
    assert numbers == list(range(1, len(numbers) + 1))
    assert references.startswith(flat(PART_TITLES[8]) + " [1] Curley GF")
    # Every number cited in the body has an entry in the list.
    body = text[:text.find(flat(PART_TITLES[8]))]
    cited = set()
    for group in re.findall(r"\[([\d,–\s]+)\]", body):
        for part_ in group.split(","):
            ends = [int(x) for x in part_.split("–")]
            cited.update(range(ends[0], ends[-1] + 1))
    assert cited and max(cited) <= len(numbers)


def test_finding_evidence_sources_are_numbered_references(exported):
    _design, _path, text, _result = exported["stroma-cov-2-like.trial.json"]
    references = text[text.find(flat(PART_TITLES[8])):]
    # E-9's evidence cites Blackwood 2019 and Needham 2017; C-10's cites Ichikado as written.
    assert "Blackwood B et al. A core outcome set" in references
    assert "Needham DM et al." in references
    assert "Ichikado et al., Stem Cell Res Ther 2023" in references


@pytest.mark.parametrize("name", EXAMPLES)
def test_footer_on_every_page(exported, name):
    design, path, _text, result = exported[name]
    pages = pdf_pages(path)
    assert len(pages) == result.pages
    for number, page in enumerate(pages, start=1):
        page = flat(page)
        assert f"page {number} of {len(pages)}" in page
        assert flat(design.meta.title)[:40] in page
        assert fingerprint(design) in page


@pytest.mark.parametrize("name", EXAMPLES)
def test_metadata(exported, name):
    design, path, _text, _result = exported[name]
    info = PdfReader(str(path)).metadata
    assert info.title == design.meta.title
    assert info.author == design.meta.chief_investigator
    assert fingerprint(design) in info.subject
    assert info.creator == f"MSC-ARDS Trial Designer {__version__}"


def font_dictionaries(reader: PdfReader):
    """Every font the pages use, including those inside form XObjects."""
    seen = []

    def walk(resources):
        if resources is None:
            return
        resources = resources.get_object()
        for font in (resources.get("/Font") or {}).values():
            seen.append(font.get_object())
        for xobject in (resources.get("/XObject") or {}).values():
            xobject = xobject.get_object()
            if xobject.get("/Subtype") == "/Form":
                walk(xobject.get("/Resources"))

    for page in reader.pages:
        walk(page.get("/Resources"))
    return seen


@pytest.mark.parametrize("name", EXAMPLES)
def test_every_font_is_embedded_truetype(exported, name):
    _design, path, _text, _result = exported[name]
    fonts = font_dictionaries(PdfReader(str(path)))
    assert fonts
    for font in fonts:
        base = str(font["/BaseFont"]).lstrip("/")
        assert font["/Subtype"] == "/TrueType", base
        assert base.split("+")[-1] not in BASE14
        assert "BitstreamVera" in base
        descriptor = font["/FontDescriptor"].get_object()
        assert "/FontFile2" in descriptor, base


def test_changed_thresholds_are_listed_and_fingerprint_tells_versions_apart(tmp_path):
    design = load_design(resource_path("examples", "start-like.trial.json"))
    changed = Thresholds(early_first_dose_hours=48.0, follow_up_min_months=36.0)
    export_pdf(design, tmp_path / "a.pdf", thresholds=changed)
    text = pdf_text(tmp_path / "a.pdf")
    assert ("changed from their defaults: latest first dose that counts as early: 48 h from "
            "ARDS onset (default 72 h from ARDS onset); minimum follow-up: 36 months (default "
            "24 months)") in text
    assert "none changed" not in text
    design.meta.protocol_version = "1.1"
    export_pdf(design, tmp_path / "b.pdf")
    other = pdf_text(tmp_path / "b.pdf")
    assert fingerprint(design) in other and fingerprint(design) not in text


def test_an_empty_design_exports_with_every_part(tmp_path):
    result = export_pdf(Design(), tmp_path / "empty.pdf")
    text = pdf_text(tmp_path / "empty.pdf")
    assert result.pages >= 5
    for part in range(2, 9):
        assert flat(PART_TITLES[part]) in text
    assert "Untitled design" in text
    assert "The primary endpoint is not decided" in text
    assert "ERROR · A-8a" in text
    assert "not decided" in text


def test_progress_is_reported_in_order_and_ends_at_one(tmp_path):
    seen = []
    design = load_design(resource_path("examples", "ev-trial.trial.json"))
    export_pdf(design, tmp_path / "p.pdf", progress=lambda f, text: seen.append((f, text)))
    fractions = [f for f, _ in seen]
    assert fractions == sorted(fractions)
    assert fractions[-1] == 1.0 and len(seen) > 5


def test_particle_dose_chart_for_an_ev_design(exported):
    _design, _path, text, _result = exported["ev-trial.trial.json"]
    assert "Dose per administration: EV particles" in text
    assert cd.DOSE_AXIS_TITLES[cd.PARTICLES] in text
    assert "Lightner 2023 (EF-15)" in text and "Lightner 2023 (EF-10)" in text


def test_export_runs_without_qt(tmp_path):
    """The command-line export in a fresh interpreter: it never imports PySide6 (so it needs no
    display and no QApplication)."""
    out = tmp_path / "headless.pdf"
    code = (
        "import sys, main\n"
        f"rc = main.main(['export', {str(resource_path('examples', 'core-protocol.trial.json'))!r},"
        f" '-o', {str(out)!r}, '--defaults'])\n"
        "qt = sorted(m for m in sys.modules\n"
        "            if m.startswith(('PySide6', 'shiboken6', 'pyqtgraph')))\n"
        "print('QT:', qt)\n"
        "sys.exit(rc)\n")
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "QT: []" in done.stdout
    assert out.read_bytes().startswith(b"%PDF-")
