"""`sample-size` for time-to-event and ordinal endpoints and with group-sequential looks, and
`simulate`: the published reference values through the command line, the JSON keys the README
documents, and clear errors (exit 2, one line) for impossible requests."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EV = ROOT / "resources" / "examples" / "ev-trial.trial.json"


def main(*args: str, env_home: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *args], capture_output=True,
                          text=True, timeout=120)


def test_schoenfeld_events_from_the_command_line():
    # statistics.md / gsDesign vignette "Overview of survival endpoint design":
    # nEvents(hr = .7, alpha = .025, beta = .1) = 330.378, 331 events (one-sided 0.025).
    done = main("sample-size", "--endpoint", "time_to_event", "--hr", "0.7", "--control", "0.3",
                "--timepoint", "90", "--alpha", "0.025", "--sided", "1", "--power", "0.9",
                "--json")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["events"] == 331 and data["raw_events"] == pytest.approx(330.378, abs=1e-3)
    assert data["n_total"] == sum(data["n_per_arm"]) and data["n_total"] > 331


def test_whitehead_from_the_command_line():
    # statistics.md / Hmisc::posamsize: averaged p = (0.2, 0.5, 0.2, 0.1), OR 2.5, power 0.8:
    # total N = 130.7 (the program takes control-arm probabilities by default; here the
    # same request through the engine with averaged ones is in test_survival_ordinal.py).
    done = main("sample-size", "--endpoint", "ordinal", "--probabilities", "0.2,0.5,0.2,0.1",
                "--odds-ratio", "2.5", "--json")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["probabilities_are"] == "control" and data["n_total"] == sum(data["n_per_arm"])


def test_group_sequential_keys_and_rpact_boundaries():
    # rpact getDesignGroupSequential(kMax = 3, alpha = 0.025, typeOfDesign = "asOF"):
    # critical values 3.7103, 2.5114, 1.9930 (one-sided 0.025, equally spaced).
    done = main("sample-size", "--endpoint", "binary", "--control", "0.4", "--treatment", "0.28",
                "--sided", "1", "--alpha", "0.025", "--looks", "3", "--spending", "obf",
                "--json")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    for key in ("boundaries_z", "alpha_spent", "max_n", "expected_n_h0", "expected_n_h1"):
        assert key in data
    assert data["boundaries_z"] == pytest.approx([3.7103, 2.5114, 1.9930], abs=2e-4)
    assert data["alpha_spent"][-1] == pytest.approx(0.025, abs=1e-9)
    assert data["max_n"] > data["n_total"] > data["expected_n_h1"]


def test_group_sequential_text_has_the_table():
    done = main("sample-size", "--endpoint", "continuous", "--difference", "3", "--sd", "10",
                "--looks", "2", "--spending", "pocock-classic")
    assert done.returncode == 0, done.stderr
    assert "Group-sequential plan" in done.stdout and "Efficacy z" in done.stdout


@pytest.mark.parametrize("args, words", [
    (["--endpoint", "time_to_event", "--hr", "1", "--control", "0.3", "--timepoint", "90"],
     "hazard ratio of 1"),
    (["--endpoint", "time_to_event", "--hr", "0.7", "--control", "0.3"], "--timepoint"),
    (["--endpoint", "ordinal", "--probabilities", "0.2,0.5", "--odds-ratio", "2"],
     "must add up to 1"),
    (["--endpoint", "binary", "--control", "0.4", "--treatment", "0.3", "--looks", "3"],
     "--spending"),
    (["--endpoint", "binary", "--control", "0.4", "--treatment", "0.3", "--looks", "9",
      "--spending", "obf"], "--looks"),
    (["--endpoint", "binary", "--control", "0.4", "--treatment", "0.3", "--looks", "3",
      "--spending", "obf", "--info-rates", "0.5,0.4,1"], "--info-rates"),
    (["--endpoint", "binary", "--control", "0.4", "--treatment", "0.3", "--hr", "0.7"],
     "do not apply"),
])
def test_impossible_requests_are_one_line_errors(args, words):
    done = main("sample-size", *args)
    assert done.returncode == 2
    assert words in done.stderr and len(done.stderr.strip().splitlines()) == 1
    assert "Traceback" not in done.stderr


def test_simulate_agrees_with_the_closed_form_within_monte_carlo_error():
    # The EV example's plan: exact type I error 0.05 (two-sided, symmetric LD O'Brien-Fleming)
    # and power about 0.80 at the assumed effect; 10,000 trials: within 4 MC standard errors.
    done = main("simulate", str(EV), "--json")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    null, *_rest = data["scenarios"]
    assert null["is_null"] and abs(null["rejection"]["value"] - 0.05) < 4 * null["rejection"]["se"]
    assumed = next(s for s in data["scenarios"] if s["effect"] == pytest.approx(0.25))
    assert abs(assumed["rejection"]["value"] - 0.80) < 4 * assumed["rejection"]["se"] + 0.01
    again = json.loads(main("simulate", str(EV), "--json").stdout)
    assert again == data  # seeded: the same numbers every run


def test_simulate_refuses_what_it_cannot_simulate(tmp_path):
    start = ROOT / "resources" / "examples" / "start-like.trial.json"
    done = main("simulate", str(start))
    assert done.returncode == 2 and "simulate:" in done.stderr
    done = main("simulate", str(EV), "--n-sims", "5")
    assert done.returncode == 2 and "--n-sims" in done.stderr
    bad = tmp_path / "bad.trial.json"
    bad.write_text("{")
    done = main("simulate", str(bad))
    assert done.returncode == 2 and "bad.trial.json" in done.stderr


def test_several_arms_report_disjunctive_and_conjunctive_power():
    # Two active arms, each at 80% power per comparison: the chance that at least one succeeds
    # exceeds 80% and that both do falls below it (checked against scipy's multivariate normal
    # and the multiarm vignette in test_survival_ordinal.py).
    done = main("sample-size", "--endpoint", "binary", "--control", "0.4", "--treatment",
                "0.28", "--arms", "2", "--json")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["conjunctive_power"] < min(data["per_comparison_power"]) <= \
        max(data["per_comparison_power"]) < data["disjunctive_power"]
    text = main("sample-size", "--endpoint", "binary", "--control", "0.4", "--treatment", "0.28",
                "--arms", "2").stdout
    assert "disjunctive power" in text and "conjunctive power" in text


def test_ventilator_free_days_as_an_ordinal_outcome_with_death_worst():
    done = main("sample-size", "--endpoint", "ordinal", "--vfd-mortality", "0.3", "--vfd-bands",
                "0:0.1,1-7:0.2,8-14:0.3,15-21:0.25,22-28:0.15", "--odds-ratio", "1.5", "--json")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    # Dead first (30%), then the survivors' bands scaled to the 70% alive.
    assert data["categories"][0].startswith("dead")
    assert data["control_probabilities"] == pytest.approx([0.3, 0.07, 0.14, 0.21, 0.175, 0.105])
    bad = main("sample-size", "--endpoint", "ordinal", "--vfd-mortality", "0.3", "--vfd-bands",
               "0:0.5,2-28:0.5", "--odds-ratio", "1.5")
    assert bad.returncode == 2 and "--vfd-bands" in bad.stderr
