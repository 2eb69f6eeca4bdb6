"""``main.py export DESIGN -o OUT.pdf``: exit 0 with the PDF written; exit 2 with one line on
stderr for a bad design, a missing or unwritable folder and a full disk, leaving no partial file
and any earlier file unchanged."""

from __future__ import annotations

import errno
import os
import shutil

import pytest
from pypdf import PdfReader

import main
from models.resources import resource_path

EXAMPLE = str(resource_path("examples", "core-protocol.trial.json"))


def export(*args) -> int:
    return main.main(["export", *map(str, args)])


def one_error_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1, lines
    assert lines[0].startswith("error: ")
    assert "Traceback" not in err
    return lines[0]


def leftovers(folder) -> list[str]:
    return sorted(os.listdir(folder))


def test_export_writes_the_pdf(tmp_path, capsys):
    out = tmp_path / "summary.pdf"
    assert export(EXAMPLE, "-o", out, "--defaults") == 0
    reader = PdfReader(str(out))
    assert len(reader.pages) >= 8
    assert "CORE-MSC" in reader.pages[0].extract_text()
    captured = capsys.readouterr()
    assert captured.out.startswith(f"wrote {out}: {len(reader.pages)} pages")
    assert captured.err == ""
    assert leftovers(tmp_path) == ["summary.pdf"]


def test_export_replaces_an_existing_file(tmp_path, capsys):
    out = tmp_path / "summary.pdf"
    out.write_bytes(b"old")
    assert export(EXAMPLE, "-o", out, "--defaults") == 0
    assert out.read_bytes().startswith(b"%PDF-")


def test_user_thresholds_apply_unless_defaults(tmp_path, capsys):
    from models.guidance.thresholds import Thresholds
    from models.user_settings import save_user_thresholds

    save_user_thresholds(Thresholds(early_first_dose_hours=48.0))
    start_like = str(resource_path("examples", "start-like.trial.json"))
    assert export(start_like, "-o", tmp_path / "user.pdf") == 0
    assert export(start_like, "-o", tmp_path / "default.pdf", "--defaults") == 0
    user = " ".join(PdfReader(str(tmp_path / "user.pdf")).pages[0].extract_text().split())
    default = " ".join(PdfReader(str(tmp_path / "default.pdf")).pages[0].extract_text().split())
    assert "latest first dose that counts as early: 48 h" in user
    assert "none changed" in default


def test_bad_design_file_exit_2_like_check(tmp_path, capsys):
    bad = tmp_path / "bad.trial.json"
    bad.write_text('{"format": "msc-ards-trial-design", "version": 1, "dosing": {"arms": 3}}')
    out = tmp_path / "summary.pdf"
    assert export(bad, "-o", out) == 2
    line = one_error_line(capsys.readouterr().err)
    # The same line as `check` prints: the file and the JSON path.
    assert line == f"error: {bad}: dosing.arms: must be a list of objects, not a number"
    assert not out.exists()
    assert main.main(["check", str(bad)]) == 2
    assert capsys.readouterr().err.strip() == line


def test_missing_design_and_missing_output_option(tmp_path, capsys):
    assert export(tmp_path / "none.trial.json", "-o", tmp_path / "x.pdf") == 2
    assert one_error_line(capsys.readouterr().err).endswith("none.trial.json: no such file")
    with pytest.raises(SystemExit) as exit_info:
        export(EXAMPLE)
    assert exit_info.value.code == 2
    assert "-o/--output" in capsys.readouterr().err


def test_folder_that_does_not_exist(tmp_path, capsys):
    out = tmp_path / "no-such-folder" / "summary.pdf"
    assert export(EXAMPLE, "-o", out, "--defaults") == 2
    line = one_error_line(capsys.readouterr().err)
    assert line == (f"error: {out}: cannot be written (the folder does not exist); no PDF was "
                    "written and any earlier file there is unchanged")


def test_target_is_a_folder(tmp_path, capsys):
    assert export(EXAMPLE, "-o", tmp_path, "--defaults") == 2
    assert "(it is a folder)" in one_error_line(capsys.readouterr().err)
    assert leftovers(tmp_path) == []


def test_unwritable_folder(tmp_path, capsys, monkeypatch):
    """A folder the user may not write to. Simulated where the tests run as root (root may
    write anywhere); a real read-only folder otherwise."""
    folder = tmp_path / "locked"
    folder.mkdir()
    if os.geteuid() == 0:
        import tempfile

        def refuse(*args, **kwargs):
            raise PermissionError(errno.EACCES, "Permission denied")

        monkeypatch.setattr(tempfile, "mkstemp", refuse)
    else:
        folder.chmod(0o500)
    try:
        assert export(EXAMPLE, "-o", folder / "summary.pdf", "--defaults") == 2
    finally:
        folder.chmod(0o700)
    assert "(permission denied)" in one_error_line(capsys.readouterr().err)
    assert leftovers(folder) == []


@pytest.mark.parametrize("failing", ["fsync", "replace"])
def test_disk_full_leaves_no_partial_file_and_the_old_one_unchanged(tmp_path, capsys,
                                                                    monkeypatch, failing):
    out = tmp_path / "summary.pdf"
    out.write_bytes(b"the earlier summary")

    def disk_full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, failing, disk_full)
    assert export(EXAMPLE, "-o", out, "--defaults") == 2
    line = one_error_line(capsys.readouterr().err)
    assert line == (f"error: {out}: cannot be written (the disk is full); no PDF was written "
                    "and any earlier file there is unchanged")
    assert out.read_bytes() == b"the earlier summary"
    assert leftovers(tmp_path) == ["summary.pdf"]     # no temporary file left behind


def test_disk_full_with_no_earlier_file(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(os, "fsync", lambda fd: (_ for _ in ()).throw(
        OSError(errno.ENOSPC, "No space left on device")))
    assert export(EXAMPLE, "-o", tmp_path / "summary.pdf", "--defaults") == 2
    one_error_line(capsys.readouterr().err)
    assert leftovers(tmp_path) == []


def test_export_from_a_copy_of_the_examples_folder(tmp_path, capsys):
    """Design paths with spaces and non-ASCII names work and are printed in the title block."""
    folder = tmp_path / "Études cliniques"
    folder.mkdir()
    design = folder / "mon essai.trial.json"
    shutil.copy(EXAMPLE, design)
    out = folder / "résumé.pdf"
    assert export(design, "-o", out, "--defaults") == 0
    text = " ".join(PdfReader(str(out)).pages[0].extract_text().split())
    assert "mon essai.trial.json" in text


def test_export_refuses_to_overwrite_the_design_itself(tmp_path):
    import shutil
    import subprocess
    import sys
    from pathlib import Path

    from models.design_io import load_design
    from models.resources import resource_path

    design = tmp_path / "mine.trial.json"
    shutil.copy(resource_path("examples", "core-protocol.trial.json"), design)
    root = Path(__file__).resolve().parent.parent
    for output in (str(design), "-", ""):
        done = subprocess.run([sys.executable, str(root / "main.py"), "export", str(design),
                               "-o", output], capture_output=True, text=True, cwd=tmp_path,
                              timeout=120)
        assert done.returncode == 2, output
        assert len(done.stderr.strip().splitlines()) == 1
    assert load_design(design) == load_design(resource_path("examples",
                                                            "core-protocol.trial.json"))
    assert not (tmp_path / "-").exists()
