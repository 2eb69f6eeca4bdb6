"""``main.py compare OLD NEW [--json]``: exit codes as diff (0 same, 1 different, 2 bad input),
the JSON keys of the README, one line per problem naming the file and the JSON path."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from models.design_io import load_design, save_design
from models.resources import resource_path

ROOT = Path(__file__).resolve().parent.parent
CORE = str(resource_path("examples", "core-protocol.trial.json"))


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "main.py"), "compare", *args],
                          capture_output=True, text=True, cwd=ROOT, timeout=120)


def test_the_same_design_exits_0(tmp_path):
    copy = tmp_path / "copy.trial.json"
    save_design(load_design(CORE), copy)
    done = run(CORE, str(copy))
    assert done.returncode == 0, done.stderr
    assert "The designs are the same in every field." in done.stdout
    assert done.stderr == ""


def test_different_designs_exit_1_with_fields_findings_and_sample_size(tmp_path):
    design = load_design(CORE)
    design.dosing.arms[0].dose_value = 1e6
    design.statistics.binary.treatment_rate = 0.30
    design.meta.protocol_version = "2.0"
    new = tmp_path / "v2.trial.json"
    save_design(design, new)
    done = run(CORE, str(new))
    assert done.returncode == 1, done.stderr
    out = done.stdout
    assert "(version 1.0)" in out and "(version 2.0)" in out
    assert "dosing.arms[0].dose_value (Arm 1: Dose per administration): 5 × 10⁶ → 1 × 10⁶" in out
    assert "+ [B-1] Dose below 2 × 10⁶ cells/kg" in out
    assert "SAMPLE SIZE: 942 → " in out

    done = run(CORE, str(new), "--json")
    assert done.returncode == 1
    data = json.loads(done.stdout)
    assert set(data) == {"old", "new", "identical", "versions", "fields", "findings",
                         "sample_size", "core_protocol", "box1"}
    assert data["identical"] is False and data["versions"]["new"] == "version 2.0"
    paths = {f["path"]: f for f in data["fields"]}
    assert paths["statistics.binary.treatment_rate"]["old"] == "0.28 proportion"
    assert {f["rule"] for f in data["findings"]["appeared"]} >= {"B-1"}
    size = data["sample_size"]
    assert size["old"]["group_sequential_max_n"] == 942
    assert size["change"] == size["new"]["n_to_enrol"] - 942 > 0


def test_bad_input_exits_2_naming_every_file_and_json_path(tmp_path):
    bad = tmp_path / "bad.trial.json"
    bad.write_text('{"format": "msc-ards-trial-design", "version": 2, '
                   '"dosing": {"arms": [{"dose_value": -1}]}}', encoding="utf-8")
    missing = tmp_path / "absent.trial.json"
    done = run(str(bad), str(missing), "--json")
    assert done.returncode == 2
    assert done.stdout == ""
    lines = done.stderr.splitlines()
    assert any(str(bad) in line and "dosing.arms[0].dose_value" in line for line in lines)
    assert any(str(missing) in line for line in lines)
    assert "Traceback" not in done.stderr


def test_a_missing_argument_is_a_one_line_usage_error():
    done = run(CORE)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
