"""The design file reader and writer: every kind of bad input names its JSON path; writes are
atomic; read(write(d)) == d."""

from __future__ import annotations

import copy
import json
import os
from pathlib import Path

import pytest

from models import atomic_files, design_io
from models.design import (
    FORMAT_VERSION,
    ConcomitantPolicy,
    Design,
    Fibroproliferative,
    Phase,
    ProductKind,
    RespiratorySupport,
)
from models.design_io import (
    DesignFileError,
    design_to_dict,
    load_design,
    parse_design,
    parse_design_text,
    read_field,
    save_design,
)
from models.design_migrations import MIGRATIONS, migrate
from models.resources import resource_path

EXAMPLES = sorted(resource_path("examples").glob("*.trial.json"))
HEAD = {"format": "msc-ards-trial-design", "version": 1}


def problems_of(document) -> list[str]:
    with pytest.raises(DesignFileError) as caught:
        parse_design(document, "x.trial.json")
    return [str(p) for p in caught.value.problems]


def doc(**sections) -> dict:
    return {**HEAD, **sections}


def test_examples_exist_and_load():
    assert len(EXAMPLES) >= 4
    for path in EXAMPLES:
        assert isinstance(load_design(path), Design)


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_round_trip_of_examples(path, tmp_path):
    design = load_design(path)
    target = tmp_path / "copy.trial.json"
    save_design(design, target)
    assert load_design(target) == design
    # And the written text is the canonical form: writing it again changes nothing.
    again = tmp_path / "again.trial.json"
    save_design(load_design(target), again)
    assert target.read_bytes() == again.read_bytes()


def test_missing_fields_stay_missing():
    design = parse_design(doc())
    assert design.product.kind is None
    assert design.dosing.arms is None
    assert design.statistics.alpha is None  # never defaulted to 0.05
    assert design_to_dict(design) == {**HEAD, "version": FORMAT_VERSION}


def test_numbers_are_plain_json_numbers():
    a = parse_design(doc(dosing={"arms": [{"dose_value": 5e6, "administrations": 2.0}]}))
    b = parse_design(doc(dosing={"arms": [{"dose_value": 5000000, "administrations": 2}]}))
    assert a == b
    assert a.dosing.arms[0].administrations == 2
    assert isinstance(a.dosing.arms[0].administrations, int)


def test_null_blank_and_empty_are_missing():
    design = parse_design(doc(
        meta={"title": "   ", "acronym": None},
        population={"respiratory_support": [], "prespecified_subgroups": ["", "  ", "age < 65"]},
        sampling={"timepoints_days": [None, 0, 7]}))
    assert design.meta.title is None and design.meta.acronym is None
    assert design.population.respiratory_support is None
    assert design.population.prespecified_subgroups == ["age < 65"]
    assert design.sampling.timepoints_days == [0, 7]


def test_mismatched_blocks_are_kept():
    # A product.ev block on a cell product survives read and save (design-format.md).
    design = parse_design(doc(product={"kind": "msc", "ev": {"potency_assay": "EV assay"}}))
    assert design.product.kind is ProductKind.MSC
    assert design_to_dict(design)["product"]["ev"] == {"potency_assay": "EV assay"}


# --- Bad input: each names the JSON path and what is allowed ------------------------------------

BAD_CASES = [
    (doc(meta={"titel": "typo"}), "meta.titel: is not a field of this format"),
    (doc(extra=1), "extra: is not a field of this format"),
    (doc(meta={"title": 5}), "meta.title: must be text, not a number"),
    (doc(meta={"date": "25/11/2026"}), "meta.date: must be a date written YYYY-MM-DD"),
    (doc(meta={"date": "2026-02-30"}), "meta.date: must be a date written YYYY-MM-DD"),
    (doc(meta={"title": "x" * 2001}), "meta.title: is 2001 characters long; at most 2000"),
    (doc(product={"kind": "stem_cells"}), 'product.kind: must be one of "msc", "mapc"'),
    (doc(product={"cryopreserved": "yes"}), 'product.cryopreserved: must be true or false, not "yes"'),
    (doc(product={"cryopreserved": 1}), "product.cryopreserved: must be true or false, not 1"),
    (doc(product="msc"), "product: must be an object, not text"),
    (doc(dosing={"arms": {"dose_value": 1}}), "dosing.arms: must be a list of objects"),
    (doc(dosing={"arms": [{"dose_value": -5}]}), "dosing.arms[0].dose_value: must be above 0"),
    (doc(dosing={"arms": [{"dose_value": 0}]}), "dosing.arms[0].dose_value: must be above 0"),
    (doc(dosing={"arms": [{"dose_value": 2e13}]}), "dosing.arms[0].dose_value: must be above 0 and at most 1e13"),
    (doc(dosing={"arms": [{"dose_value": 5000, "dose_unit": "ml"}]}),
     "dosing.arms[0].dose_value: must be above 0 and at most 1000 for a dose in ml"),
    (doc(dosing={"arms": [{"administrations": 1.5}]}), "dosing.arms[0].administrations: must be a whole number, not 1.5"),
    (doc(dosing={"arms": [{"administrations": 0}]}), "dosing.arms[0].administrations: must be from 1 to 100, not 0"),
    (doc(dosing={"arms": [{"administrations": True}]}), "dosing.arms[0].administrations: must be a number, not true/false"),
    (doc(dosing={"arms": [{"interval_hours": 0}]}), "dosing.arms[0].interval_hours: must be above 0"),
    (doc(dosing={"max_weight_kg": 20}), "dosing.max_weight_kg: must be from 30 to 300 kg, not 20"),
    (doc(dosing={"first_dose_within_hours": 721}), "dosing.first_dose_within_hours: must be from 0 to 720 h"),
    (doc(population={"pf_ratio_max": 701}), "population.pf_ratio_max: must be from 50 to 700 mmHg, not 701"),
    (doc(population={"sf_ratio_max": 501}), "population.sf_ratio_max: must be from 50 to 500"),
    (doc(population={"peep_min": 31}), "population.peep_min: must be from 0 to 30"),
    (doc(population={"hfno_flow_min": 81}), "population.hfno_flow_min: must be from 0 to 80"),
    (doc(population={"age_max": 121}), "population.age_max: must be from 0 to 120 years, not 121"),
    (doc(population={"age_min": 70, "age_max": 60}), "population.age_min: (70) must not be above population.age_max (60)"),
    (doc(population={"respiratory_support": ["ecmo"]}), "population.respiratory_support[0]: must be one of"),
    (doc(population={"respiratory_support": "invasive_ventilation"}), "population.respiratory_support: must be a list"),
    (doc(statistics={"phase": 2}),
     'statistics.phase: must be one of "1", "2", "2a", "2b", "3"; not 2'),
    (doc(statistics={"sided": 3}), "statistics.sided: must be one of 1, 2, not 3"),
    (doc(statistics={"alpha": 0}), "statistics.alpha: must be above 0 and at most 0.5"),
    (doc(statistics={"alpha": 0.6}), "statistics.alpha: must be above 0 and at most 0.5"),
    (doc(statistics={"power": 1}), "statistics.power: must be strictly between 0 and 1"),
    (doc(statistics={"dropout_pct": 100}), "statistics.dropout_pct: must be from 0 to below 100"),
    (doc(statistics={"binary": {"control_rate": 1.2}}), "statistics.binary.control_rate: must be strictly between 0 and 1"),
    (doc(statistics={"binary": {"treatment_rate": 0}}), "statistics.binary.treatment_rate: must be strictly between 0 and 1"),
    (doc(statistics={"continuous": {"sd": 0}}), "statistics.continuous.sd: must be above 0"),
    (doc(statistics={"planned_total_n": -10}), "statistics.planned_total_n: must be from 1 to 1000000"),
    (doc(sampling={"timepoints_days": [-1]}), "sampling.timepoints_days[0]: must be from 0 to 3650 days, not -1"),
    (doc(endpoints={"primary": {"timepoint_days": -3}}), "endpoints.primary.timepoint_days: must be from 0"),
    (doc(follow_up={"months": 241}), "follow_up.months: must be from 0 to 240 months"),
    (doc(product={"characterization": {"viability_min_pct": 101}}),
     "product.characterization.viability_min_pct: must be from 0 to 100"),
    (doc(control={"allocation_ratio": [1, 0]}), "control.allocation_ratio[1]: must be above 0"),
    (doc(dosing={"arms": [{}, {}]}, control={"allocation_ratio": [1, 1]}),
     "control.allocation_ratio: has 2 numbers but dosing.arms has 2 arm(s)"),
    ({"version": 1}, 'format: must be "msc-ards-trial-design"'),
    ({"format": "other", "version": 1}, 'format: must be "msc-ards-trial-design", not "other"'),
    ({"format": "msc-ards-trial-design"}, "version: must be a whole number"),
    ({"format": "msc-ards-trial-design", "version": "1"}, "version: must be a whole number"),
    ({"format": "msc-ards-trial-design", "version": 0}, "version: must be 1 or more"),
]


@pytest.mark.parametrize("document, expected", BAD_CASES, ids=[c[1][:40] for c in BAD_CASES])
def test_bad_values_name_their_path(document, expected):
    messages = problems_of(document)
    assert any(m.startswith(expected) for m in messages), messages


def test_all_problems_are_reported_together():
    messages = problems_of(doc(meta={"title": 1}, statistics={"alpha": 2, "power": 0},
                               dosing={"arms": [{"dose_value": -1}]}))
    paths = [m.split(":")[0] for m in messages]
    # In the order they stand in the file.
    assert paths == ["meta.title", "statistics.alpha", "statistics.power",
                     "dosing.arms[0].dose_value"]


def test_newer_version_is_refused_and_names_both_versions():
    messages = problems_of({"format": "msc-ards-trial-design", "version": 7,
                            "future_field": {"x": 1}})
    assert messages == ["version: the file is format version 7; this program reads format "
                        f"version {FORMAT_VERSION} and older. Use a newer version of the program."]


def test_nan_and_infinity_are_refused():
    with pytest.raises(DesignFileError) as caught:
        parse_design_text('{"format": "msc-ards-trial-design", "version": 1, '
                          '"statistics": {"alpha": NaN, "power": Infinity, "sided": 1e999}}',
                          "f.trial.json")
    assert caught.value.lines() == [
        "f.trial.json: statistics.alpha: must be a finite number, not NaN",
        "f.trial.json: statistics.power: must be a finite number, not Infinity",
        "f.trial.json: statistics.sided: must be a finite number, not Infinity",
    ]


def test_duplicate_keys_are_refused():
    with pytest.raises(DesignFileError) as caught:
        parse_design_text('{"format": "msc-ards-trial-design", "version": 1, '
                          '"meta": {"title": "a", "title": "b"}}', "f")
    assert [str(p) for p in caught.value.problems] == ["meta.title: appears twice; keep one"]


@pytest.mark.parametrize("content, expected", [
    (b"{not json", "is not valid JSON: Expecting property name enclosed in double quotes at line 1"),
    (b"", "is not valid JSON"),
    (b"[1, 2]", "must hold a JSON object, not a list"),
    (b"\xff\xfe\x00bad", "is not UTF-8 text"),
    (b"[" * 100000 + b"]" * 100000, "nested too deeply"),
])
def test_malformed_files(tmp_path, content, expected):
    path = tmp_path / "bad.trial.json"
    path.write_bytes(content)
    with pytest.raises(DesignFileError) as caught:
        load_design(path)
    line = caught.value.lines()[0]
    assert line.startswith(str(path) + ": ")
    assert expected in line


def test_utf8_bom_is_accepted(tmp_path):
    path = tmp_path / "bom.trial.json"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps(doc(meta={"title": "Étude µ ≥ 2 × 10⁶"}),
                                                  ensure_ascii=False).encode("utf-8"))
    assert load_design(path).meta.title == "Étude µ ≥ 2 × 10⁶"


def test_unreadable_files(tmp_path):
    with pytest.raises(DesignFileError, match="no such file"):
        load_design(tmp_path / "absent.trial.json")
    with pytest.raises(DesignFileError, match="is a folder"):
        load_design(tmp_path)
    big = tmp_path / "big.trial.json"
    big.write_bytes(b" " * (design_io.MAX_FILE_BYTES + 1))
    with pytest.raises(DesignFileError, match="larger than"):
        load_design(big)


# --- Atomic writes -------------------------------------------------------------------------------


def test_interrupted_save_keeps_the_previous_file(tmp_path, monkeypatch):
    path = tmp_path / "design.trial.json"
    original = load_design(EXAMPLES[0])
    save_design(original, path)
    before = path.read_bytes()
    changed = copy.deepcopy(original)
    changed.meta.title = "A new title"

    def crash(*_args):
        raise OSError(28, "No space left on device")  # fails between write and rename

    monkeypatch.setattr(design_io.os, "replace", crash)
    with pytest.raises(OSError):
        save_design(changed, path)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["design.trial.json"]  # no temp file left


def test_disk_full_during_write_leaves_no_partial_file(tmp_path, monkeypatch):
    path = tmp_path / "new.trial.json"
    real_fsync = os.fsync

    def full(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(design_io.os, "fsync", full)
    with pytest.raises(OSError, match="No space left"):
        save_design(load_design(EXAMPLES[0]), path)
    monkeypatch.setattr(design_io.os, "fsync", real_fsync)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write into read-only folders")
def test_read_only_folder(tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        with pytest.raises(PermissionError):
            save_design(Design(), folder / "x.trial.json")
    finally:
        folder.chmod(0o700)


def test_save_keeps_file_permissions(tmp_path):
    path = tmp_path / "shared.trial.json"
    save_design(Design(), path)
    path.chmod(0o640)
    save_design(Design(), path)
    assert (path.stat().st_mode & 0o777) == 0o640


# --- Migrations ----------------------------------------------------------------------------------


def test_migration_chain_runs_each_step_in_order():
    seen = []

    def zero_to_one(document):
        seen.append(document["version"])
        document["renamed"] = document.pop("old_name")
        return document

    def one_to_two(document):
        seen.append(document["version"])
        document["added"] = True
        return document

    result = migrate({"version": 0, "old_name": 5}, {0: zero_to_one, 1: one_to_two}, target=2)
    assert result == {"version": 2, "renamed": 5, "added": True}
    assert seen == [0, 1]


def test_migration_gap_is_reported():
    with pytest.raises(KeyError, match="no migration from format version 0"):
        migrate({"version": 0}, {}, target=1)


def test_current_version_needs_no_migration():
    current = {**HEAD, "version": FORMAT_VERSION}
    assert migrate(dict(current)) == current


def test_a_version_1_file_opens_and_saves_as_the_current_version(tmp_path):
    # tests/data/start-like.v1.trial.json is the START-like example as format 1 wrote it.
    old = resource_path("examples", "start-like.trial.json").parent.parent.parent / "tests" / \
        "data" / "start-like.v1.trial.json"
    assert json.loads(old.read_text(encoding="utf-8"))["version"] == 1
    design = load_design(old)
    assert design.population.setting is not None and design.dosing.arms
    assert design.statistics.analysis is None  # format 2's fields are not decided yet
    save_design(design, tmp_path / "new.trial.json")
    saved = json.loads((tmp_path / "new.trial.json").read_text(encoding="utf-8"))
    assert saved["version"] == FORMAT_VERSION == 3
    # Every version-1 field keeps its name and value (the START-like file protocolises no prone
    # positioning, so the 2 -> 3 migration adds nothing).
    original = json.loads(old.read_text(encoding="utf-8"))
    assert {k: v for k, v in saved.items() if k != "version"} == \
        {k: v for k, v in original.items() if k != "version"}


DATA = Path(__file__).resolve().parent / "data"


def test_a_version_2_file_opens_and_saves_as_version_3(tmp_path):
    # tests/data/core-protocol.v2.trial.json is the core-protocol example as format 2 wrote it.
    old = DATA / "core-protocol.v2.trial.json"
    original = json.loads(old.read_text(encoding="utf-8"))
    assert original["version"] == 2
    design = load_design(old)
    # Format 3's fields are not decided, except the one the migration carries over: prone
    # positioning listed among the protocolised care elements.
    assert "prone_positioning" in original["care"]["elements"]
    assert design.care.prone_positioning is ConcomitantPolicy.PROTOCOLISED
    assert design.care.corticosteroids is None and design.endpoints.core_outcomes is None
    assert design.product.release.sterility is None and design.safety.dsmb_charter is None
    save_design(design, tmp_path / "new.trial.json")
    saved = json.loads((tmp_path / "new.trial.json").read_text(encoding="utf-8"))
    assert saved["version"] == 3
    assert saved["care"].pop("prone_positioning") == "protocolised"
    assert {k: v for k, v in saved.items() if k != "version"} == \
        {k: v for k, v in original.items() if k != "version"}


def test_migration_2_to_3_keeps_a_stated_prone_policy_and_infers_nothing_else():
    head = {"format": "msc-ards-trial-design", "version": 2}
    no_prone = migrate({**head, "care": {"elements": ["lung_protective_ventilation"]}})
    assert no_prone == {**head, "version": 3, "care": {"elements": ["lung_protective_ventilation"]}}
    assert migrate({**head}) == {**head, "version": 3}
    assert migrate({**head, "care": "not an object"})["care"] == "not an object"  # reader reports it


def test_migrations_chain_from_version_1_to_3():
    seen = []
    steps = {v: (lambda d, v=v: (seen.append(v), d)[1]) for v in (1, 2)}
    assert migrate({"version": 1}, steps, target=3) == {"version": 3}
    assert seen == [1, 2]
    assert sorted(MIGRATIONS) == [1, 2]


@pytest.mark.parametrize("path, value, typed", [
    ("statistics.phase", "2", [Phase.PHASE_2]),
    ("population.fibroproliferative", "required_on_ct", [Fibroproliferative.REQUIRED_ON_CT]),
    ("population.respiratory_support", ["low_flow_oxygen"], [RespiratorySupport.LOW_FLOW_OXYGEN]),
])
def test_choice_values_added_with_format_3_are_read(path, value, typed):
    # A version-2 program refuses these values (an unknown choice): the reason for version 3.
    read = read_field(path, value)
    assert (read if isinstance(read, list) else [read]) == typed




def test_fingerprint_changes_with_content_only(tmp_path):
    design = load_design(EXAMPLES[0])
    first = design_io.fingerprint(design)
    assert first == design_io.fingerprint(copy.deepcopy(design))
    design.meta.title = (design.meta.title or "") + "!"
    assert design_io.fingerprint(design) != first
    assert len(first) == 12


def test_unwritable_folder_is_reported_and_keeps_the_file(tmp_path, monkeypatch):
    # Simulated, because root (CI) can write into a read-only folder.
    path = tmp_path / "design.trial.json"
    save_design(Design(), path)
    before = path.read_bytes()

    def denied(*_args, **_kwargs):
        raise PermissionError(13, "Permission denied", str(tmp_path))

    monkeypatch.setattr(atomic_files.tempfile, "mkstemp", denied)
    with pytest.raises(PermissionError):
        save_design(load_design(EXAMPLES[0]), path)
    assert path.read_bytes() == before


def test_huge_integers_are_range_errors_not_crashes():
    digits = "1" + "0" * 400
    messages = problems_of(doc(dosing={"arms": [{"dose_value": int(digits)}]},
                               statistics={"planned_total_n": int(digits)}))
    assert messages == [
        "dosing.arms[0].dose_value: must be above 0 and at most 1e13, not a number with 401 "
        "digits",
        "statistics.planned_total_n: must be from 1 to 1000000, not a number with 401 digits"]
    with pytest.raises(DesignFileError, match="holds a number too long to be read"):
        parse_design_text('{"format": "msc-ards-trial-design", "version": 1, '
                          '"statistics": {"planned_total_n": ' + "9" * 5000 + "}}", "f")


def test_a_refused_ratio_entry_does_not_also_miscount_the_list():
    messages = problems_of(doc(dosing={"arms": [{}, {}]},
                               control={"allocation_ratio": [1e300, 1e-300, 1]}))
    assert [m.split(":")[0] for m in messages] == ["control.allocation_ratio[0]"]


def test_new_files_get_the_usual_mode(tmp_path):
    path = tmp_path / "new.trial.json"
    save_design(Design(), path)
    umask = os.umask(0o022)
    os.umask(umask)
    assert (path.stat().st_mode & 0o777) == (0o666 & ~umask)


def test_writes_go_through_symlinks_and_never_over_special_files(tmp_path):
    real = tmp_path / "real.trial.json"
    link = tmp_path / "link.trial.json"
    save_design(Design(), real)
    link.symlink_to(real)
    save_design(load_design(EXAMPLES[0]), link)
    assert link.is_symlink() and load_design(real) == load_design(EXAMPLES[0])
    with pytest.raises(IsADirectoryError):
        save_design(Design(), tmp_path)
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with pytest.raises(OSError, match="not a regular file"):
        save_design(Design(), fifo)
    assert fifo.exists() and not fifo.is_file()
