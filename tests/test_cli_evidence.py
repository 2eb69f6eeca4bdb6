"""``main.py evidence``: the table in 100 columns, the JSON interface of product.md, --setting,
--import/--remove with exit code 2 and one line per problem, never a traceback.

The subprocesses inherit the temporary HOME and XDG_* folders of tests/conftest.py."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest

from models.evidence.schema import COLUMNS
from models.resources import resource_path

ROOT = Path(__file__).resolve().parent.parent
TRIAL_KEYS = {"id", "short_name", "setting", "events_treatment", "n_treatment", "events_control",
              "n_control", "rr", "ci_low", "ci_high", "included_in_pool", "provenance"}
POOLED_KEYS = {"rr", "ci_low", "ci_high", "tau2", "i2", "k"}


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "main.py"), "evidence", *args],
                          capture_output=True, text=True, cwd=ROOT, timeout=120)


def run_json(*args: str) -> dict:
    done = run(*args, "--json")
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def user_csv(path: Path, **changes) -> Path:
    with resource_path("evidence", "trials.csv").open(encoding="utf-8", newline="") as stream:
        row = next(r for r in csv.DictReader(stream) if r["row_id"] == "T2_BOWDISH_2023")
    row.update(row_id="U_NEW_2025", short_name="NEW 2025", mortality_active_events="30",
               mortality_control_events="40")
    row.update(changes)
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.DictWriter(stream, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerow(row)
    return path


def test_table_fits_100_columns_and_shows_every_setting():
    done = run()
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert max(len(line) for line in lines) <= 100
    for title in ("CLASSICAL ARDS", "COVID-19", "MIXED ARDS", "GRAFT-VERSUS-HOST DISEASE"):
        assert title in lines
    text = done.stdout
    assert "START                          12/40     3/20      28 days    2.00 (0.64–6.29)" in text
    assert "MUST-ARDS (cohort 3)           2/20*     4/10*" in text
    assert "Shi 2021" in text and "not estimable" in text
    assert "Pooled, k=4: RR 0.70 (0.28–1.75)" in text
    assert "Pooled, k=7: RR 0.75 (0.52–1.09)" in text
    assert "used 2/20 (10%) vs 4/10 (40%)" in text and "25% vs 45% at 28 days" in text


def test_json_interface():
    document = run_json()
    assert set(document) == {"trials", "pooled"}
    assert len(document["trials"]) == 23
    for trial in document["trials"]:
        assert TRIAL_KEYS <= set(trial), trial["id"]
        if not trial["included_in_pool"]:
            assert trial["reason_not_pooled"]
    assert set(document["pooled"]) == {"classical", "covid19", "mixed", "gvhd"}
    for entry in document["pooled"].values():
        assert POOLED_KEYS <= set(entry)
    trials = {t["id"]: t for t in document["trials"]}
    start = trials["T1_START_2019"]
    assert (start["events_treatment"], start["n_treatment"], start["events_control"],
            start["n_control"]) == (12, 40, 3, 20)
    assert start["rr"] == pytest.approx(2.0) and start["included_in_pool"] is True
    assert start["provenance"]["mortality"] == {"status": "verified",
                                                "sources": ["CURLEY_T1", "START_SUM"]}
    assert start["sources"][0]["addresses"] == [
        "https://pmc.ncbi.nlm.nih.gov/articles/PMC10995569/table/tbl1"]
    assert trials["T2_SHI_2021"]["rr"] is None and not trials["T2_SHI_2021"]["included_in_pool"]
    fathi = trials["T2_FATHIKAZEROONI_2022"]
    assert fathi["n_treatment"] is None and "arm sizes are not known" in fathi["reason_not_pooled"]
    classical = document["pooled"]["classical"]
    assert classical["k"] == 4 and classical["tau2"] > 0 and 0 <= classical["i2"] <= 1
    assert any("time points differ" in c for c in classical["caveats"])


def test_json_says_which_counts_it_used_where_sources_disagree():
    trials = {t["id"]: t for t in run_json()["trials"]}
    must = trials["T1_MUSTARDS_2022"]
    assert must["counts_disputed"] is True
    mortality = next(d for d in must["disagreements"] if d["field"] == "mortality")
    assert mortality["used"]["events"] == [2, 4] and mortality["used"]["n"] == [20, 10]
    assert mortality["used"]["sources"] == ["CURLEY_T1"]
    assert [a["sources"] for a in mortality["alternatives"]] == [["MUST_ABS"], ["SEED"]]
    assert mortality["alternatives"][0]["percent"] == [25, 45]
    lanzoni = trials["T2_LANZONI_2021"]
    assert {d["field"] for d in lanzoni["disagreements"]} == {"year", "mortality", "control"}
    assert trials["T1_START_2019"]["counts_disputed"] is False


@pytest.mark.parametrize("setting, count", [("classical", 6), ("covid19", 12), ("mixed", 1),
                                            ("gvhd", 4)])
def test_setting_filter(setting, count):
    document = run_json("--setting", setting)
    assert len(document["trials"]) == count
    assert {t["setting"] for t in document["trials"]} == {setting}
    assert list(document["pooled"]) == [setting]


@pytest.mark.parametrize("args", [("--setting", "icu"), ("--bogus",), ("--import",),
                                  ("--import", "a.csv", "--remove", "X")])
def test_bad_arguments_exit_2_with_one_line(args):
    done = run(*args)
    assert done.returncode == 2
    assert len(done.stderr.strip().splitlines()) == 1
    assert "Traceback" not in done.stderr and done.stdout == ""


def test_import_list_and_remove_a_user_trial(tmp_path):
    done = run("--import", str(user_csv(tmp_path / "new.csv")))
    assert done.returncode == 0, done.stderr
    assert "Imported 1 trial row(s)" in done.stdout and "U_NEW_2025" in done.stdout
    trials = {t["id"]: t for t in run_json("--setting", "covid19")["trials"]}
    assert trials["U_NEW_2025"]["user_supplied"] is True
    assert trials["U_NEW_2025"]["sources"][0]["key"] == "BOWDISH_ABS"
    assert "U_NEW_2025" in run_json()["pooled"]["covid19"]["trials"]
    assert "NEW 2025 (user)" in run("--setting", "covid19").stdout
    assert "U_NEW_2025" not in {t["id"] for t in run_json("--no-user")["trials"]}
    done = run("--remove", "U_NEW_2025")
    assert done.returncode == 0 and "Removed 1" in done.stdout
    assert "U_NEW_2025" not in {t["id"] for t in run_json()["trials"]}


def test_bad_import_exits_2_with_one_line_per_problem(tmp_path):
    path = user_csv(tmp_path / "bad.csv", n_active="many", mortality_control_events="111",
                    row_id="T1_START_2019")
    done = run("--import", str(path))
    assert done.returncode == 2 and done.stdout == ""
    lines = done.stderr.strip().splitlines()
    assert lines == [
        f"error: {path}: line 2, column 'n_active': 'many' is not a number (write plain numbers "
        "such as 12, 37.5 or 1e6; leave the cell empty when the value is unknown)",
        f"error: {path}: line 2, column 'mortality_control_events': 111 deaths is more than the "
        "110 patients of mortality_control_n",
        f"error: {path}: line 2, column 'row_id': 'T1_START_2019' is already the id of a bundled "
        "trial (START); choose another id",
    ]
    assert "Traceback" not in done.stderr


def test_missing_import_file_and_unknown_remove_exit_2(tmp_path):
    done = run("--import", str(tmp_path / "absent.csv"))
    assert done.returncode == 2 and "cannot be read" in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
    done = run("--remove", "T1_START_2019")
    assert done.returncode == 2
    assert "not a user-supplied trial: T1_START_2019" in done.stderr
    assert "Traceback" not in done.stderr
