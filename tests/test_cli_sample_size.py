"""``main.py sample-size``: the protocol sentence, --json keys, the power for a given n, and exit 2
with one line on stderr (never a traceback) for bad input."""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

import pytest

from cli import sample_size as command

ROOT = Path(__file__).resolve().parent.parent
PRODUCT_JSON_KEYS = {"method", "n_per_arm", "n_total", "raw", "critical_value",
                     "inflated_for_dropout", "reference"}


def run_in_process(capsys, *argv: str) -> tuple[int, str, str]:
    """The subcommand's own add_arguments/run on a plain parser: fast, for output checks."""
    parser = argparse.ArgumentParser(prog="sample-size")
    command.add_arguments(parser)
    code = command.run(parser.parse_args(list(argv)))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def run_main(*argv: str) -> subprocess.CompletedProcess:
    """The real thing, as a user runs it."""
    return subprocess.run([sys.executable, str(ROOT / "main.py"), "sample-size", *argv],
                          capture_output=True, text=True, cwd=ROOT, timeout=120)


def test_binary_sentence_reads_like_a_protocol(capsys):
    code, out, err = run_in_process(capsys, "--endpoint", "binary", "--control", "0.40",
                                    "--treatment", "0.25", "--outcome", "28-day mortality")
    assert code == 0 and err == ""
    first = out.splitlines()[0]
    assert first == ("With 152 patients per arm (304 in total) the trial has 80% power to detect "
                     "a reduction in 28-day mortality from 40% to 25% (pooled-variance normal "
                     "approximation, two-sided alpha 0.05; Fleiss, Levin & Paik 2003).")
    assert "Formula:" in out and "Reference:" in out and "Raw n per arm:" in out
    assert "Sensitivity of the total n" in out


def test_default_dropout_is_zero(capsys):
    code, out, _ = run_in_process(capsys, "--endpoint", "binary", "--control", "0.4",
                                  "--treatment", "0.25", "--json")
    data = json.loads(out)
    assert data["inflated_for_dropout"] is False and data["dropout_pct"] == 0
    assert data["n_per_arm"] == [152, 152]


def test_json_has_the_keys_product_md_fixes(capsys):
    code, out, _ = run_in_process(capsys, "--endpoint", "binary", "--control", "0.40",
                                  "--treatment", "0.25", "--dropout", "10", "--json")
    assert code == 0
    data = json.loads(out)
    assert set(data) >= PRODUCT_JSON_KEYS
    assert data["method"] == "pooled"
    assert data["n_per_arm"] == [169, 169]              # 152 rounded up, then / 0.9, up again
    assert data["n_total"] == 338
    assert data["raw"] == pytest.approx([151.8689, 151.8689], abs=1e-4)
    assert data["critical_value"] == pytest.approx(1.959964, abs=1e-6)
    assert data["inflated_for_dropout"] is True
    assert "Fleiss" in data["reference"]
    assert data["sensitivity"]["n_total"][2][2] == 338


def test_json_for_several_arms_lists_control_first(capsys):
    code, out, _ = run_in_process(capsys, "--endpoint", "binary", "--control", "0.4",
                                  "--treatment", "0.25", "--arms", "3", "--ratio", "1,1,2",
                                  "--json")
    data = json.loads(out)
    assert len(data["n_per_arm"]) == len(data["raw"]) == 4
    assert data["n_per_arm"][3] == pytest.approx(2 * data["n_per_arm"][0], abs=1)
    assert data["n_total"] == sum(data["n_per_arm"])
    assert data["adjustment"] == "dunnett"
    assert data["critical_value"] == pytest.approx(2.349, abs=0.02)     # near Dunnett k = 3
    bonferroni = json.loads(run_in_process(capsys, "--endpoint", "binary", "--control", "0.4",
                                           "--treatment", "0.25", "--arms", "3",
                                           "--adjust", "bonferroni", "--json")[1])
    assert bonferroni["critical_value"] == pytest.approx(2.3940, abs=1e-4)


def test_continuous_output_carries_the_vfd_note(capsys):
    code, out, _ = run_in_process(capsys, "--endpoint", "continuous", "--difference", "3",
                                  "--sd", "10.5")
    assert code == 0
    assert out.startswith("With 194 patients per arm (388 in total) the trial has 80% power to "
                          "detect a difference of 3 in the mean (SD 10.5) (two-sample t test")
    assert "bimodal" in out and "Yehya" in out and "Renard Triché" in out
    code, out, _ = run_in_process(capsys, "--endpoint", "continuous", "--difference", "3",
                                  "--sd", "10.5", "--json")
    data = json.loads(out)
    assert data["method"] == "t_test"
    assert any("bimodal" in note for note in data["notes"])


def test_r_reference_values_through_the_command(capsys):
    # P1 (R power.prop.test help example) and M1 (R power.t.test help example).
    p1 = json.loads(run_in_process(capsys, "--endpoint", "binary", "--control", "0.5",
                                   "--treatment", "0.75", "--power", "0.9", "--json")[1])
    assert p1["raw"][0] == pytest.approx(76.7069, abs=1e-3) and p1["n_per_arm"] == [77, 77]
    m1 = json.loads(run_in_process(capsys, "--endpoint", "continuous", "--difference", "1",
                                   "--sd", "1", "--power", "0.9", "--json")[1])
    assert m1["raw"][0] == pytest.approx(22.02110, abs=1e-3) and m1["n_per_arm"] == [23, 23]


def test_power_for_a_given_n(capsys):
    # P4: R power.prop.test(n = 50, p1 = .5, p2 = .75) gives 0.7401659.
    code, out, _ = run_in_process(capsys, "--endpoint", "binary", "--control", "0.5",
                                  "--treatment", "0.75", "--n", "50", "--json")
    data = json.loads(out)
    assert code == 0
    assert set(data) >= PRODUCT_JSON_KEYS | {"power"}
    assert data["power"] == pytest.approx(0.7401659, abs=1e-7)
    assert data["n_per_arm"] == [50, 50]
    code, out, _ = run_in_process(capsys, "--endpoint", "continuous", "--difference", "1",
                                  "--sd", "1", "--n", "20")
    assert out.startswith("With 20 analysable patients per arm (40 in total) the trial has "
                          "86.9% power")                 # M3: 0.8689528


@pytest.mark.parametrize("argv, words", [
    (["--endpoint", "binary", "--control", "0.4", "--treatment", "0.4"], "no difference"),
    (["--endpoint", "binary", "--control", "1.5", "--treatment", "0.25"], "between 0 and 1"),
    (["--endpoint", "binary", "--control", "0.4", "--treatment", "0.25", "--power", "0.01",
      "--alpha", "0.05"], "above alpha"),
    (["--endpoint", "binary", "--control", "0.4", "--treatment", "0.25", "--arms", "7"],
     "at most 6"),
    (["--endpoint", "continuous", "--difference", "3"], "needs --sd"),
    (["--endpoint", "binary", "--control", "0.4"], "needs --treatment"),
    (["--endpoint", "binary", "--control", "0.4", "--treatment", "0.25", "--sd", "3"],
     "do not apply"),
    (["--endpoint", "continuous", "--difference", "3", "--sd", "10", "--method", "pooled"],
     "does not apply"),
    (["--endpoint", "binary", "--control", "0.4", "--treatment", "0.25", "--dropout", "100"],
     "below 100"),
    (["--endpoint", "binary", "--control", "0.4", "--treatment", "0.25", "--ratio", "0"],
     "positive"),
    (["--endpoint", "binary", "--control", "0.4", "--treatment", "0.25", "--n", "50",
      "--power", "0.9"], "not both"),
    (["--endpoint", "continuous", "--difference", "3", "--sd", "nan"], "finite"),
])
def test_impossible_requests_exit_2_with_one_line(capsys, argv, words):
    code, out, err = run_in_process(capsys, *argv)
    assert code == 2
    assert out == ""
    assert len(err.strip().splitlines()) == 1 and words in err
    assert "Traceback" not in err


@pytest.mark.skipif(not (ROOT / "main.py").exists(), reason="main.py is written by the lead")
@pytest.mark.parametrize("argv", [
    ["--endpoint", "binary", "--control", "0.4", "--treatment", "0.4"],
    ["--endpoint", "binary", "--control", "1.5", "--treatment", "0.25"],
    ["--endpoint", "binary", "--control", "0.4", "--treatment", "0.25", "--power", "0.01",
     "--alpha", "0.05"],
    ["--endpoint", "binary", "--control", "0.4", "--treatment", "0.25", "--arms", "7"],
    ["--endpoint", "continuous", "--difference", "3"],
    ["--endpoint", "binary", "--control", "x", "--treatment", "0.25"],     # argparse's error
    ["--endpoint", "binary", "--control", "0.4", "--treatment", "0.25", "--sided", "3"],
    ["--control", "0.4", "--treatment", "0.25"],                           # no --endpoint
])
def test_main_py_bad_input_exits_2_with_one_line_and_no_traceback(argv):
    done = run_main(*argv)
    assert done.returncode == 2, done.stderr
    assert done.stdout == ""
    assert len(done.stderr.strip().splitlines()) == 1, done.stderr
    assert "Traceback" not in done.stderr


@pytest.mark.skipif(not (ROOT / "main.py").exists(), reason="main.py is written by the lead")
def test_main_py_dispatches_sample_size():
    done = run_main("--endpoint", "binary", "--control", "0.40", "--treatment", "0.25",
                    "--dropout", "10", "--json")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert set(data) >= PRODUCT_JSON_KEYS
    assert data["n_per_arm"] == [169, 169] and data["n_total"] == 338


def test_an_alpha_below_the_supported_level_is_refused_without_a_traceback():
    # Found in review: alpha 1e-12 with two arms put the Dunnett target beyond double precision
    # and the root finder raised a bare ValueError (exit 3). Since issue 11, alphas below 1e-10
    # (where alpha / 2 of a denormal alpha underflowed to 0) are refused before any solver runs.
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    done = subprocess.run([sys.executable, str(root / "main.py"), "sample-size", "--endpoint",
                           "binary", "--control", "0.4", "--treatment", "0.25", "--arms", "2",
                           "--alpha", "1e-12"], capture_output=True, text=True, timeout=120)
    assert done.returncode == 2
    assert "alpha 1e-12 is below 1e-10" in done.stderr and "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
