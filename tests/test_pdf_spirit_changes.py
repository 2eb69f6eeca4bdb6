"""The PDF's SPIRIT 2025 completeness table (end of part 3) and the optional appendix "Changes
since version N" (export --changes-since), read back as a reader would (pypdf)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from pypdf import PdfReader

from models.design_io import copy_design, fingerprint, load_design, save_design
from models.resources import resource_path
from reports.pdf import export_pdf

ROOT = Path(__file__).resolve().parent.parent
CORE = resource_path("examples", "core-protocol.trial.json")


def text_of(path) -> str:
    return " ".join(" ".join(page.extract_text() for page in PdfReader(str(path)).pages).split())


def test_the_spirit_table_follows_the_box1_map_and_cites_the_statement(tmp_path):
    path = tmp_path / "core.pdf"
    export_pdf(load_design(CORE), path)
    text = text_of(path)
    at = text.index("SPIRIT 2025 completeness")
    assert text.index("Box 1 map") < at < text.index("4. The design, section by section")
    assert "22 informed by the design, 1 open, 30 outside its scope" in text
    assert "4 Trial registration OPEN To decide: Registry id" in text
    assert "26 Data management outside" in text
    references = text[text.index("8. References"):]
    assert "SPIRIT 2025 statement: updated guideline for protocols of randomised trials" in \
        references
    assert "Changes since" not in text


def test_changes_since_an_earlier_version_are_appended_after_the_references(tmp_path):
    old = load_design(CORE)
    new = copy_design(old)
    new.meta.protocol_version = "2.0"
    new.dosing.arms[0].dose_value = 1e6
    path = tmp_path / "v2.pdf"
    export_pdf(new, path, changes_since=old)
    text = text_of(path)
    appendix = text[text.index("Changes since version 1.0"):]
    assert text.index("8. References") < text.index("Changes since version 1.0")
    assert "From version 1.0 to this design (version 2.0): 2 field(s) differ" in appendix
    assert "dosing.arms[0].dose_value" in appendix
    assert "appeared B-1 Dose below 2 × 106 cells/kg" in appendix
    assert "Box 1 map: 1 proposal(s) changed status" in appendix

    old.meta.protocol_version = None    # no version: the old design is named by fingerprint
    export_pdf(new, path, changes_since=old)
    assert f"Changes since fingerprint {fingerprint(old)}" in text_of(path)


def test_export_changes_since_from_the_command_line(tmp_path):
    new = load_design(CORE)
    new.meta.protocol_version = "1.1"
    new_path = tmp_path / "v1.1.trial.json"
    save_design(new, new_path)
    out = tmp_path / "v1.1.pdf"
    done = subprocess.run([sys.executable, str(ROOT / "main.py"), "export", str(new_path),
                           "-o", str(out), "--changes-since", str(CORE)],
                          capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "Changes since version 1.0" in text_of(out)
    bad = tmp_path / "bad.trial.json"
    bad.write_text("{", encoding="utf-8")
    gone = tmp_path / "none.pdf"
    done = subprocess.run([sys.executable, str(ROOT / "main.py"), "export", str(new_path),
                           "-o", str(gone), "--changes-since", str(bad)],
                          capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert done.returncode == 2 and str(bad) in done.stderr and not gone.exists()
