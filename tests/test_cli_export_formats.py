"""``main.py export DESIGN -o SUMMARY.docx | STUDY.usdm.json``: the format chosen by the output's
name, with the PDF's contract: exit 0 with the file written, exit 2 with one stderr line for a
bad design, an unwritable folder or a full disk (nothing partial left, an earlier file kept),
and the design file never overwritten."""

from __future__ import annotations

import errno
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

import main
from models.resources import resource_path
from reports.formats import DOCX, PDF, USDM, format_for

EXAMPLE = str(resource_path("examples", "stroma-cov-2-like.trial.json"))
NAMES = {"docx": "summary.docx", "usdm": "study.usdm.json"}


def export(*args) -> int:
    return main.main(["export", *map(str, args)])


def one_error_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1, lines
    assert lines[0].startswith("error: ") and "Traceback" not in err
    return lines[0]


def test_the_format_follows_the_name():
    assert format_for("a.docx") is DOCX and format_for("A.DOCX") is DOCX
    assert format_for("s.usdm.json") is USDM
    assert format_for("s.pdf") is PDF and format_for("summary") is PDF


def test_word_and_usdm_are_written(tmp_path, capsys):
    docx_out, usdm_out = tmp_path / NAMES["docx"], tmp_path / NAMES["usdm"]
    assert export(EXAMPLE, "-o", docx_out, "--defaults") == 0
    assert export(EXAMPLE, "-o", usdm_out, "--defaults") == 0
    out = capsys.readouterr().out
    assert f"wrote {docx_out}: " in out and f"wrote {usdm_out}: " in out
    assert docx_out.read_bytes()[:2] == b"PK"           # a zip package (OOXML)
    document = json.loads(usdm_out.read_text(encoding="utf-8"))
    assert document["usdmVersion"] == "4.0.0"
    assert sorted(os.listdir(tmp_path)) == sorted(NAMES.values())


@pytest.mark.parametrize("kind", NAMES)
def test_bad_design_exit_2_and_nothing_written(tmp_path, capsys, kind):
    bad = tmp_path / "bad.trial.json"
    bad.write_text('{"format": "msc-ards-trial-design", "version": 2, '
                   '"population": {"pf_ratio_max": "low"}}')
    out = tmp_path / NAMES[kind]
    assert export(bad, "-o", out) == 2
    err = capsys.readouterr().err
    assert str(bad) in err and "population.pf_ratio_max" in err and "Traceback" not in err
    assert not out.exists()


@pytest.mark.parametrize("kind", NAMES)
def test_unwritable_folder(tmp_path, capsys, monkeypatch, kind):
    folder = tmp_path / "locked"
    folder.mkdir()
    if os.geteuid() == 0:      # root writes anywhere: simulate the refusal
        def refuse(*args, **kwargs):
            raise PermissionError(errno.EACCES, "Permission denied")

        monkeypatch.setattr(tempfile, "mkstemp", refuse)
    else:
        folder.chmod(0o500)
    try:
        assert export(EXAMPLE, "-o", folder / NAMES[kind], "--defaults") == 2
    finally:
        folder.chmod(0o700)
    line = one_error_line(capsys.readouterr().err)
    assert "(permission denied)" in line
    assert os.listdir(folder) == []


@pytest.mark.parametrize("kind,nothing", [("docx", "no Word file"), ("usdm", "no USDM file")])
@pytest.mark.parametrize("failing", ["fsync", "replace"])
def test_disk_full_keeps_the_earlier_file(tmp_path, capsys, monkeypatch, kind, nothing,
                                          failing):
    out = tmp_path / NAMES[kind]
    out.write_bytes(b"the earlier file")

    def disk_full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, failing, disk_full)
    assert export(EXAMPLE, "-o", out, "--defaults") == 2
    assert one_error_line(capsys.readouterr().err) == (
        f"error: {out}: cannot be written (the disk is full); {nothing} was written and any "
        "earlier file there is unchanged")
    assert out.read_bytes() == b"the earlier file"
    assert os.listdir(tmp_path) == [out.name]


def test_the_design_itself_is_never_overwritten(tmp_path):
    """A design saved under an export's name (``export D -o D``) is refused, for each format."""
    root = Path(__file__).resolve().parent.parent
    for name, what in (("mine.docx", "the Word file"), ("mine.usdm.json", "the USDM file")):
        design = tmp_path / name
        shutil.copy(EXAMPLE, design)
        before = design.read_bytes()
        done = subprocess.run([sys.executable, str(root / "main.py"), "export", str(design),
                               "-o", str(design)], capture_output=True, text=True,
                              cwd=tmp_path, timeout=120)
        assert done.returncode == 2
        assert f"is the design file itself; writing {what} there" in done.stderr
        assert design.read_bytes() == before
