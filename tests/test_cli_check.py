"""``main.py check``: output, exit codes 0/1/2, JSON keys, user thresholds, no tracebacks."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from models.guidance.thresholds import Thresholds
from models.resources import resource_path
from models.user_settings import save_user_thresholds, thresholds_path
from rule_helpers import complete_example

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = resource_path("examples", "stroma-cov-2-like.trial.json")


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *args], capture_output=True,
                          text=True, cwd=ROOT, timeout=120)


def test_clean_design_exits_0(tmp_path):
    # The core-protocol example with the format-3 fields it should carry (issue 15).
    done = run("check", str(complete_example("core-protocol.trial.json", tmp_path)))
    assert done.returncode == 0, done.stderr
    assert "0 error(s), 0 warning(s), 0 advice" in done.stdout
    assert "Core-protocol checklist: 9 of 9 addressed" in done.stdout


def test_warnings_only_exit_0_and_text_groups_by_severity():
    done = run("check", str(EXAMPLE))
    assert done.returncode == 0
    out = done.stdout
    assert out.index("WARNINGS") < out.index("[B-1]") < out.index("ADVICE") < out.index("[F-2]")
    assert "Fields: dosing.arms[0].dose_value" in out
    assert "Sample size: 72 in total (36 + 36; control first)" in out


def test_error_findings_exit_1(tmp_path):
    path = tmp_path / "empty.trial.json"
    path.write_text('{"format": "msc-ards-trial-design", "version": 1}', encoding="utf-8")
    done = run("check", str(path))
    assert done.returncode == 1
    assert "[A-8a] Product kind or tissue source not specified (not specified)" in done.stdout


def test_json_output(tmp_path):
    example = complete_example(EXAMPLE.name, tmp_path)   # with its format-3 fields
    done = run("check", str(example), "--json")
    assert done.returncode == 0
    report = json.loads(done.stdout)
    assert set(report) >= {"design", "findings", "counts", "core_protocol", "sample_size"}
    assert report["design"] == str(example)
    # S-3 (an oxygenation endpoint in phase 2b without an estimand) is the eighth warning.
    assert report["counts"] == {"error": 0, "warning": 8, "advice": 4}
    first = report["findings"][0]
    assert first["rule"] == "B-1" and first["severity"] == "warning"
    assert first["fields"] == ["dosing.arms[0].dose_value"]
    assert set(first) >= {"rule", "severity", "title", "message", "fields", "evidence", "trials"}
    assert first["evidence"][0]["source"]
    assert list(report["core_protocol"]) == [
        "product_characteristics", "dose_and_regimen", "target_subpopulation",
        "sample_size_rationale", "population", "administration_strategy",
        "concomitant_therapies", "outcome_measures", "blinding"]
    assert all(report["core_protocol"].values())
    sample = report["sample_size"]
    assert sample["n_total"] == 72 and sample["n_per_arm"] == [36, 36]
    # Sorted by severity, then rule id.
    ranks = [("error", "warning", "advice").index(f["severity"]) for f in report["findings"]]
    assert ranks == sorted(ranks)


def test_sample_size_is_null_without_a_computed_n():
    done = run("check", str(resource_path("examples", "start-like.trial.json")), "--json")
    assert json.loads(done.stdout)["sample_size"] is None


@pytest.mark.parametrize("content, expected", [
    ('{"format": "msc-ards-trial-design", "version": 1, "dosing": {"arms": [{"dose_value": -1}]}}',
     ": dosing.arms[0].dose_value: must be above 0"),
    ("{oops", ": is not valid JSON"),
    ('{"format": "msc-ards-trial-design", "version": 9}', ": version: the file is format version 9"),
])
def test_bad_file_exits_2_with_one_line_per_problem(tmp_path, content, expected):
    path = tmp_path / "bad.trial.json"
    path.write_text(content, encoding="utf-8")
    done = run("check", str(path))
    assert done.returncode == 2
    assert done.stdout == ""
    lines = done.stderr.strip().splitlines()
    assert lines and all(line.startswith(f"error: {path}: ") for line in lines)
    assert expected in done.stderr
    assert "Traceback" not in done.stderr


def test_several_problems_give_several_lines(tmp_path):
    path = tmp_path / "bad.trial.json"
    path.write_text('{"format": "msc-ards-trial-design", "version": 1, '
                    '"statistics": {"alpha": 3, "power": 2}}', encoding="utf-8")
    done = run("check", str(path))
    assert done.returncode == 2
    assert len(done.stderr.strip().splitlines()) == 2


def test_missing_file_and_bad_arguments_exit_2(tmp_path):
    done = run("check", str(tmp_path / "absent.trial.json"))
    assert done.returncode == 2 and "no such file" in done.stderr
    done = run("check")
    assert done.returncode == 2 and "Traceback" not in done.stderr
    done = run("check", str(EXAMPLE), "--bogus")
    assert done.returncode == 2 and len(done.stderr.strip().splitlines()) == 1


def test_user_thresholds_apply_unless_defaults(tmp_path):
    # conftest points HOME and XDG_CONFIG_HOME at a temporary folder for this test.
    assert str(thresholds_path()).startswith(str(Path.home()))
    save_user_thresholds(Thresholds(early_first_dose_hours=120.0))
    done = run("check", str(EXAMPLE), "--json")
    rules = [f["rule"] for f in json.loads(done.stdout)["findings"]]
    assert "B-8" not in rules  # 96 h is early under a 120 h threshold
    assert json.loads(done.stdout)["thresholds_changed"] == {"early_first_dose_hours": 120.0}
    text = run("check", str(EXAMPLE)).stdout
    assert "Thresholds changed from their defaults (Settings): latest first dose that counts as " \
           "early: 120 h from ARDS onset (default 72 h from ARDS onset)" in text
    defaults = run("check", str(EXAMPLE), "--json", "--defaults")
    assert "B-8" in [f["rule"] for f in json.loads(defaults.stdout)["findings"]]


def test_broken_thresholds_file_warns_and_uses_defaults():
    path = thresholds_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text('{"early_first_dose_hours": "soon"}', encoding="utf-8")
    done = run("check", str(EXAMPLE))
    assert done.returncode == 0
    assert f"warning: {path}: early_first_dose_hours: must be a number from 0 to 720" in done.stderr
    assert "[B-8]" in done.stdout


def test_version():
    done = run("--version")
    assert done.returncode == 0 and "MSC-ARDS Trial Designer" in done.stdout


def test_a_closed_pipe_is_not_an_error():
    # `evidence --json | head -c 10`: the reader stops early; the output (> 100 kB) is larger
    # than a pipe's buffer, so the write itself fails. No traceback, exit 0.
    process = subprocess.Popen([sys.executable, str(ROOT / "main.py"), "evidence", "--json"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT)
    process.stdout.read(10)
    process.stdout.close()
    _, err = process.communicate(timeout=120)
    assert b"Traceback" not in err
    assert process.returncode == 0


def test_every_command_survives_a_closed_pipe():
    # main's own wrapper, with a command that writes far more than a pipe buffer holds.
    code = ("import sys, types, main\n"
            "command = types.SimpleNamespace(run=lambda args: print('x' * 300000) or 0)\n"
            "sys.exit(main._run_command(command, None))\n")
    process = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, cwd=ROOT)
    process.stdout.read(10)
    process.stdout.close()
    _, err = process.communicate(timeout=60)
    assert b"Traceback" not in err and b"BrokenPipe" not in err
    assert process.returncode == 0


def test_unexpected_failure_is_one_line_exit_3():
    code = ("import sys, types, main\n"
            "def boom(args): raise KeyError('x')\n"
            "sys.exit(main._run_command(types.SimpleNamespace(run=boom), None))\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          cwd=ROOT, timeout=60, env={**__import__("os").environ,
                                                     "MSC_ARDS_DEBUG": ""})
    assert done.returncode == 3
    assert done.stderr.strip().splitlines() == [
        "error: unexpected failure (KeyError: 'x'); please report it"]


def test_terminal_escape_codes_in_user_text_are_not_printed(tmp_path):
    path = tmp_path / "esc.trial.json"
    path.write_text(json.dumps({"format": "msc-ards-trial-design", "version": 1,
                                "meta": {"title": "Trial \u001b]0;pwned\u0007\u001b[2J\u009bRED"}}),
                    encoding="utf-8")
    done = run("check", str(path))
    assert "\u001b" not in done.stdout and "\u0007" not in done.stdout
    assert "\u009b" not in done.stdout
    assert "Title: Trial \ufffd]0;pwned\ufffd\ufffd[2J\ufffdRED" in done.stdout
