"""Issue 11: one regression test (or a few) per class of failure found by fuzzing mutated design
files through every stage. Each test is named after its class; the invariant behind them all is
in test_design_fuzz.py: whatever the reader accepts, the program can save, re-open (equal),
check, chart and export. Class 10 (no platform plugin) is in test_platform_check.py."""

from __future__ import annotations

import copy
import io
import json
import math
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from cli.check import render_text, result_to_json
from models import atomic_files, distributions
from models.chart_data import dose_chart, particle_dose_chart
from models.design import Choice, Design, field_specs
from models.design_io import (
    DesignFileError,
    design_to_dict,
    fingerprint,
    load_design,
    parse_design,
    parse_design_bytes,
    read_field,
    save_design,
)
from models.design_sample_size import compute_design_sample_size
from models.evidence import loaded_evidence
from models.guidance import evaluate
from models.json_path import get_path, owner_of, set_in_document
from models.resources import resource_path
from reports.pdf import build_pdf, export_pdf

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = resource_path("examples", "core-protocol.trial.json")


def example() -> dict:
    return json.loads(EXAMPLE.read_text(encoding="utf-8"))


def refusal(document: dict | bytes) -> DesignFileError:
    with pytest.raises(DesignFileError) as caught:
        if isinstance(document, bytes):
            parse_design_bytes(document, "bad.trial.json")
        else:
            parse_design(document, "bad.trial.json")
    return caught.value


# --- 1. lone surrogates: a design that opened but could never be saved ------------------------


@pytest.mark.parametrize("place", ["meta.title", "dosing.arms[0].label",
                                   "population.prespecified_subgroups[1]", "product.kind"])
def test_class_1_lone_surrogates_are_refused_at_the_reader_with_their_path(place):
    # Written as other tools write them: the escape \ud800 in an ASCII file.
    text = EXAMPLE.read_text(encoding="utf-8")
    document = json.loads(text)
    if place == "meta.title":
        document["meta"]["title"] = "Trial \ud800 one"
    elif place == "dosing.arms[0].label":
        document["dosing"]["arms"][0]["label"] = "\udfff"
    elif place == "population.prespecified_subgroups[1]":
        document["population"]["prespecified_subgroups"] = ["age < 65", "half \ud83d pair"]
    else:
        document["product"]["kind"] = "msc\ud800"
    data = json.dumps(document).encode("ascii")
    assert b"\\ud" in data.lower()
    error = refusal(data)
    assert [p.path for p in error.problems] == [place]
    assert "unpaired surrogate" in error.problems[0].message
    # The message itself prints anywhere: it is valid UTF-8 and names the escape, not the char.
    for line in error.lines():
        line.encode("utf-8")
        assert line.startswith("bad.trial.json: ")


def test_class_1_a_surrogate_pair_is_one_character_and_everything_agrees(tmp_path):
    document = example()
    document["meta"]["title"] = "Masks \ud83d\ude37 on"  # an escaped pair: U+1F637
    design = parse_design_bytes(json.dumps(document).encode("ascii"))
    assert design.meta.title == "Masks \U0001F637 on"
    path = tmp_path / "pair.trial.json"
    save_design(design, path)
    assert load_design(path) == design
    assert len(fingerprint(design)) == 12
    render_text(str(path), design, evaluate(design)).encode("utf-8")
    data, pages = build_pdf(design)
    assert pages > 0 and data.startswith(b"%PDF")


def test_class_1_the_wizard_cannot_type_a_lone_surrogate_into_a_design():
    with pytest.raises(DesignFileError) as caught:
        read_field("meta.title", "pasted \ud800")
    assert caught.value.problems[0].path == "meta.title"


def test_class_1_a_hostile_key_prints_escaped():
    document = example()
    document["meta"]["ti\ud800tle\x1b[2J"] = "x"
    error = refusal(document)
    (line,) = error.lines()
    line.encode("utf-8")
    assert "\x1b" not in line and "\\ud800" in line and "\\u001b" in line


# --- 2. guidance evaluation with an alpha that underflows ------------------------------------


@pytest.mark.parametrize("alpha", [5e-324, 1e-320, 1e-11])
def test_class_2_guidance_reports_an_alpha_too_small_to_compute_with(alpha):
    document = example()
    document["statistics"]["alpha"] = alpha
    design = parse_design(document)
    outcome = compute_design_sample_size(design)
    assert outcome.result is None and "below 1e-10" in outcome.error
    e2 = [f for f in evaluate(design).findings if f.rule == "E-2"]
    assert len(e2) == 1 and "below 1e-10" in e2[0].message
    json.dumps(result_to_json("x", evaluate(design)))


def test_class_2_distribution_domain_errors_become_sample_size_errors():
    from models.sample_size.errors import SampleSizeError, _reports_convergence

    @_reports_convergence
    def underflowing():
        return distributions.norm_isf(5e-324 / 2)

    with pytest.raises(SampleSizeError, match="cannot be carried out"):
        underflowing()
    # Still a ValueError for callers that catch that.
    assert issubclass(distributions.DistributionDomainError, ValueError)


# --- 3 and 4. dose chart and comparable trials at the format's dose edges ----------------------


@pytest.mark.parametrize("value, unit", [(5e-324, "cells_per_kg"), (5e-324, "cells"),
                                         (1e-300, "cells_per_kg"), (0.5, "cells"),
                                         (5e-324, "particles"), (1e13, "cells_per_kg"),
                                         (1e13, "particles"), (1e13, "cells")])
def test_class_3_and_4_doses_at_the_edges_chart_compare_and_export(value, unit):
    document = example()
    arm = document["dosing"]["arms"][0]
    arm["dose_value"], arm["dose_unit"] = value, unit
    design = parse_design(document)
    evidence = loaded_evidence()
    for all_settings in (True, False):
        chart = dose_chart(evidence, design, all_settings=all_settings)
        assert 0 < chart.y_axis.low < chart.y_axis.high and math.isfinite(chart.y_axis.high)
        particle_dose_chart(evidence, design, all_settings=all_settings)
    evidence.comparable_trials(design)
    label = f"design: {design.arm_name(0)}"
    placed = [a for a in chart.design_arms if a.label == label]
    listed = [item for item in chart.not_plotted if item.label == label]
    per_kg = value / 70 if unit == "cells" else value
    if 1 <= per_kg <= 1e14 and unit != "particles":
        assert placed and not listed
    elif unit != "particles":
        # Listed with the range, never silently dropped.
        assert not placed and "outside the range doses are compared in" in listed[0].reason
    data, pages = build_pdf(design)
    assert pages > 0


# --- 5. the t quantile's starting value with 1 or 2 degrees of freedom -------------------------


@pytest.mark.parametrize("q", [1e-20, 1e-100, 1e-300, 0.025])
@pytest.mark.parametrize("df", [1.0, 2.0])
def test_class_5_t_quantile_for_tiny_tails_with_one_or_two_df(q, df):
    from scipy import stats

    # Reference: scipy.stats.t.isf (independent implementation, Boost's inverse incomplete
    # beta); and the closed forms for df = 1 (Cauchy: cot(pi q)) and df = 2
    # ((1 - 2q) / sqrt(2q(1 - q))), Johnson, Kotz & Balakrishnan, Continuous Univariate
    # Distributions vol. 2, ch. 28.
    closed = 1 / math.tan(math.pi * q) if df == 1 else (1 - 2 * q) / math.sqrt(2 * q * (1 - q))
    assert distributions.t_isf(q, df) == pytest.approx(closed, rel=1e-12)
    assert distributions.t_isf(q, df) == pytest.approx(stats.t.isf(q, df), rel=1e-9)


# --- 6. huge integers shown in a message ------------------------------------------------------


@pytest.mark.parametrize("path", ["product.cryopreserved", "product.kind", "meta.title",
                                  "statistics.sided", "control.allocation_ratio"])
def test_class_6_a_huge_integer_in_any_field_is_shown_by_its_length(path):
    document = example()
    section, name = path.split(".")
    document[section][name] = 10 ** 400 if name != "allocation_ratio" else [10 ** 400, 1]
    text = json.dumps(document)
    error = refusal(text.encode("ascii"))
    assert any("401 digits" in p.message or "must be" in p.message for p in error.problems)
    assert all(len(line) < 600 for line in error.lines())


def test_class_6_a_huge_version_is_refused_briefly():
    document = example()
    document["version"] = 10 ** 400
    error = refusal(document)
    assert "401 digits" in str(error) and len(str(error)) < 300


# --- 7. the PDF lays out any text the format accepts, in bounded pieces -----------------------


def test_class_7_a_label_of_many_lines_splits_its_table_row_across_pages():
    document = example()
    document["dosing"]["arms"][0]["label"] = ("a\n" * 100)[:200]
    document["control"]["placebo"] = "line\n" * 400
    design = parse_design(document)
    data, pages = build_pdf(design)  # was: LayoutError, a row 964 pt tall
    assert pages > 11


def test_class_7_long_texts_are_set_as_bounded_paragraphs():
    from reports.context import build_context
    from reports.layout import LINES_PER_PARAGRAPH, MAX_PARAGRAPH_MARKUP

    layout = build_context(Design(), evaluate(Design()).thresholds).layout  # the PDF's helpers
    lines = layout.paragraphs("a\n" * 10_000, "body")
    assert len(lines) == math.ceil(10_001 / LINES_PER_PARAGRAPH)
    stand_ins = layout.paragraphs("中" * 20_000, "body")
    assert all(len(p.text) <= MAX_PARAGRAPH_MARKUP for p in stand_ins) and len(stand_ins) > 1
    # Nothing is lost: the pieces hold every stand-in.
    assert sum(p.text.count("[U+4E2D]") for p in stand_ins) == 20_000


def test_class_7_every_text_field_full_of_newlines_or_stand_ins_exports(tmp_path):
    document = example()
    design = parse_design(document)
    # Every long text field at its maximum, half newlines, and 60 subgroups of CJK text.
    for block, name in (("meta", "notes"), ("characterization", "isolation"),
                        ("characterization", "processing")):
        target = design.meta if block == "meta" else design.product.characterization
        setattr(target, name, "x\n" * 10_000)
    design.population.prespecified_subgroups = ["中文" * 250] * 60
    result = export_pdf(design, tmp_path / "long.pdf")
    assert result.pages > 100


# --- 8. blank strings in enum (and every other) fields are "not decided" ----------------------


def _scalar_fields(cls, prefix=""):
    for name, spec in field_specs(cls).items():
        path = f"{prefix}{name}"
        if spec.kind == "block":
            yield from _scalar_fields(spec.item, path + ".")
        elif spec.kind == "blocks":
            yield from _scalar_fields(spec.item, path + "[0].")
        else:
            yield path, spec


@pytest.mark.parametrize("blank", ["", " ", "\n", "\t \r\n"])
def test_class_8_blank_strings_read_as_not_decided_in_every_field(blank):
    fields = list(_scalar_fields(Design))
    choices = [path for path, spec in fields if spec.kind == "choice"]
    assert {"product.kind", "dosing.arms[0].route", "population.subphenotype",
            "product.ev.single_particle_method"} <= set(choices)
    for path, _spec in fields:
        document = example()
        set_in_document(document, path, blank)
        assert get_path(document, path) == blank
        design = parse_design(document, "blank.trial.json")  # never refused
        owner, name = owner_of(design, path)  # KeyError if the arm itself were dropped
        assert getattr(owner, name) is None, path


def test_class_8_a_blank_product_kind_is_an_open_decision():
    document = example()
    document["product"]["kind"] = " "
    result = evaluate(parse_design(document))
    assert any(f.not_specified and "product.kind" in f.fields for f in result.findings)


# --- 9. a killed save leaves no temporary behind (after the next save or open) ----------------


# A save that stops at one chosen point of write_atomic and waits there to be killed: the point
# is the first call of ``os.<stage>`` after ``skip`` earlier calls, so every kill is at a known
# step instead of wherever a sleep happened to end.
_KILLED_SAVER = """
import os, sys
sys.path.insert(0, {root!r})
from models.design_io import load_design, save_design
design = load_design({example!r})
design.meta.notes = "n" * 20000
real = getattr(os, {stage!r})
calls = []

def stop_here(*args, **kwargs):
    calls.append(1)
    if len(calls) > {skip}:
        print("stopped", flush=True)
        sys.stdin.read()           # until killed
    return real(*args, **kwargs)

setattr(os, {stage!r}, stop_here)
save_design(design, {target!r})
"""

# (os function, calls let through): in the file's fsync (the temporary is written, not
# renamed), just before the rename, and in the folder's fsync (after the rename).
_KILL_POINTS = [("fsync", 0), ("replace", 0), ("fsync", 1)]


def test_class_9_killed_saves_leave_no_temporaries_after_the_next_save(tmp_path, monkeypatch):
    target = tmp_path / "trial.trial.json"
    save_design(load_design(EXAMPLE), target)
    bystanders = [tmp_path / ".other.trial.json.abcdefgh.tmp",   # another design's
                  tmp_path / ".trial.trial.json.not-mine.tmp",     # not mkstemp's pattern
                  tmp_path / "trial.trial.json.abcdefgh.tmp",      # not hidden
                  tmp_path / "notes.txt"]
    for path in bystanders:
        path.write_text("keep me")
    seen: set[str] = set()
    new = {}
    for stage, skip in _KILL_POINTS:
        script = _KILLED_SAVER.format(root=str(ROOT), example=str(EXAMPLE), target=str(target),
                                      stage=stage, skip=skip)
        saver = subprocess.Popen([sys.executable, "-c", script], stdin=subprocess.PIPE,
                                 stdout=subprocess.PIPE, text=True)
        assert saver.stdout.readline() == "stopped\n"
        saver.send_signal(signal.SIGKILL)
        saver.wait()
        saver.stdin.close()
        saver.stdout.close()
        now = {p.name for p in tmp_path.glob(".trial.trial.json.*.tmp")} - {bystanders[1].name}
        new[(stage, skip)], seen = now - seen, seen | now
        load_design(target)  # the design is intact after every kill
    # Killed before the rename, a save leaves its temporary; killed after it, nothing new.
    assert [len(new[point]) for point in _KILL_POINTS] == [1, 1, 0]
    assert load_design(target).meta.notes == "n" * 20000   # the last kill came after the rename
    # The next save removes the leftovers once no process could be writing them.
    monkeypatch.setattr(atomic_files, "STALE_AFTER_S", 0.0)
    save_design(load_design(target), target)
    assert not [p for p in tmp_path.glob(".trial.trial.json.*.tmp") if p != bystanders[1]]
    for path in bystanders:
        assert path.read_text() == "keep me"
    assert load_design(target) is not None


def test_class_9_opening_a_design_removes_its_leftovers(tmp_path, monkeypatch):
    from models.session import DesignSession

    target = tmp_path / "trial.trial.json"
    save_design(load_design(EXAMPLE), target)
    leftover = tmp_path / ".trial.trial.json.k3j4h5g6.tmp"
    leftover.write_text("{half a design")
    old = time.time() - 60
    os.utime(leftover, (old, old))
    DesignSession().open(target)
    assert not leftover.exists()


def test_class_9_a_save_in_progress_is_never_removed(tmp_path):
    import fcntl

    target = tmp_path / "trial.trial.json"
    busy = tmp_path / ".trial.trial.json.abcd1234.tmp"
    with open(busy, "wb") as stream:
        fcntl.flock(stream.fileno(), fcntl.LOCK_EX)  # another process's save, alive
        old = time.time() - 60
        os.utime(busy, (old, old))
        assert atomic_files.remove_stale_temporaries(target) == []
        assert busy.exists()
    # Its writer gone (the lock released), it is a leftover like any other.
    assert atomic_files.remove_stale_temporaries(target) == [busy]


def test_class_9_fresh_temporaries_are_kept_even_unlocked(tmp_path):
    target = tmp_path / "trial.trial.json"
    fresh = tmp_path / ".trial.trial.json.zzzz9999.tmp"
    fresh.write_text("just created")
    assert atomic_files.remove_stale_temporaries(target) == []


# --- printing: the command line never fails on a name it cannot encode -----------------------


def test_check_prints_a_file_name_with_undecodable_bytes(tmp_path):
    # A file name in Latin-1 on a UTF-8 system: Python reads it as surrogate escapes.
    folder = os.fsencode(tmp_path)
    name = folder + b"/M\xfcller.trial.json"
    with open(name, "wb") as stream:
        stream.write(EXAMPLE.read_bytes())
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", "HOME": str(tmp_path)}
    for extra in ([], ["--json"]):
        done = subprocess.run([os.fsencode(sys.executable), os.fsencode(ROOT / "main.py"),
                               b"check", name, *[e.encode() for e in extra]],
                              capture_output=True, env=env, timeout=120)
        assert done.returncode == 0, done.stderr
        assert b"M\\udcfcller.trial.json" in done.stdout
        if extra:
            assert json.loads(done.stdout)["design"].endswith("M\udcfcller.trial.json")


def test_design_round_trip_keeps_every_hostile_character(tmp_path):
    design = load_design(EXAMPLE)
    design.meta.title = "\x00\x1b[2J \u202e RTL \u0301 😷 \ufffd"
    path = tmp_path / "t.trial.json"
    save_design(design, path)
    assert load_design(path) == design
    text = render_text("t", design, evaluate(design))
    assert "\x1b" not in text
    io.StringIO().write(text)
    assert copy.deepcopy(design_to_dict(design))["meta"]["title"] == design.meta.title
    assert isinstance(design.product.kind, Choice)


def test_format_number_without_decimals_keeps_trailing_zeros_of_the_integer():
    # Found with the group-sequential plan: 109.66 with no decimals printed as "11".
    from models.formatting import format_number

    assert format_number(109.66, 0) == "110"
    assert format_number(100.4, 0) == "100"
    assert format_number(2.50, 2) == "2.5"


def test_multi_arm_power_with_an_extreme_rate_stays_bounded(monkeypatch):
    # Found by the fuzzer: a treatment rate of 1e-12 (allowed: strictly between 0 and 1) put a
    # loading at 1 - 1e-12, the integration step at 1e-7, and one sample size at 50 s.
    from models.sample_size import dunnett_power

    steps = []
    real = distributions._trapezoid_nodes
    monkeypatch.setattr(distributions, "_trapezoid_nodes",
                        lambda step: steps.append(step) or real(step))
    result = dunnett_power.binary_multi_arm_power(200, 0.4, [1e-12, 1e-12], n_active=[200, 200],
                                                  arms=2)
    assert steps and min(steps) >= dunnett_power.MIN_STEP
    assert 0.999 < result.conjunctive <= 1.0
