"""Issue 16 bug 3: the TOML resources were cached as JSON in the user's cache folder, never
pruned, and a TOML date broke the cache. Now nothing is written to the user's folders; the
packaged app ships a parsed copy beside each TOML file, used only while its hash matches."""

from __future__ import annotations

import json

import pytest
from pathlib import Path

from models import resources
from models.resources import PARSED_SUFFIX, load_toml, parsed_copy
from tools.parse_resources import write_parsed


def test_loading_resources_writes_nothing_in_the_users_folders(_isolated_home):
    for name in ("rules.toml", "catalogue.toml"):
        load_toml("guidance", name)
    written = [p for p in Path(_isolated_home).rglob("*") if p.is_file()]
    assert written == []


def test_a_parsed_copy_is_used_only_while_its_hash_matches(tmp_path, monkeypatch):
    folder = tmp_path / "resources" / "help"
    folder.mkdir(parents=True)
    toml = folder / "x.toml"
    toml.write_text('a = 1\n', encoding="utf-8")
    monkeypatch.setattr(resources, "resources_root", lambda: tmp_path / "resources")
    (folder / ("x.toml" + PARSED_SUFFIX)).write_text(parsed_copy(toml), encoding="utf-8")
    assert load_toml("help", "x.toml") == {"a": 1}
    # The packaged copy says something else: it is used (that is the point of shipping it)...
    packed = json.loads(parsed_copy(toml))
    packed["document"] = {"a": 2}
    (folder / ("x.toml" + PARSED_SUFFIX)).write_text(json.dumps(packed), encoding="utf-8")
    assert load_toml("help", "x.toml") == {"a": 2}
    # ... until the TOML is edited: then the TOML is parsed.
    toml.write_text('a = 3\n', encoding="utf-8")
    assert load_toml("help", "x.toml") == {"a": 3}
    (folder / ("x.toml" + PARSED_SUFFIX)).write_text("{broken", encoding="utf-8")
    assert load_toml("help", "x.toml") == {"a": 3}


def test_a_toml_date_is_parsed_at_start_up_not_packed(tmp_path):
    toml = tmp_path / "d.toml"
    toml.write_text("day = 2026-12-02\n", encoding="utf-8")
    assert parsed_copy(toml) is None


def test_the_build_step_packs_every_bundled_toml(tmp_path):
    written = write_parsed(tmp_path)
    names = {p.name for p in written}
    assert {"rules.toml.parsed.json", "catalogue.toml.parsed.json",
            "fields.toml.parsed.json"} <= names
    for path in written:
        assert json.loads(path.read_text(encoding="utf-8"))["document"]


# --- Issue 16 bug 4: thresholds.json has a format version, with a migration path -------------


def test_thresholds_file_has_a_format_version_and_old_files_migrate(tmp_path):
    from models.guidance.thresholds import Thresholds
    from models.user_settings import (
        THRESHOLDS_FORMAT,
        ThresholdsFileError,
        load_user_thresholds,
        save_user_thresholds,
    )

    path = tmp_path / "thresholds.json"
    save_user_thresholds(Thresholds(early_first_dose_hours=96.0), path)
    saved = json.loads(path.read_text(encoding="utf-8"))
    assert saved == {"format": THRESHOLDS_FORMAT, "version": 2,
                     "thresholds": {"early_first_dose_hours": 96.0}}
    assert load_user_thresholds(path).early_first_dose_hours == 96.0
    # A file written before the version existed (values at the top level) still reads.
    path.write_text('{"early_first_dose_hours": 48}', encoding="utf-8")
    assert load_user_thresholds(path).early_first_dose_hours == 48.0
    # A newer file is refused, naming both versions; never half-read.
    path.write_text(json.dumps({"format": THRESHOLDS_FORMAT, "version": 7, "thresholds": {}}),
                    encoding="utf-8")
    with pytest.raises(ThresholdsFileError, match="version 7.*version 2 and older"):
        load_user_thresholds(path)
    # A version-1 file (before the hyperinflammatory band of E-8) keeps its values and takes
    # the new band's defaults.
    path.write_text(json.dumps({"format": THRESHOLDS_FORMAT, "version": 1,
                                "thresholds": {"control_mortality_high": 0.5}}), encoding="utf-8")
    migrated = load_user_thresholds(path)
    assert (migrated.control_mortality_high, migrated.hyperinflammatory_mortality_low,
            migrated.hyperinflammatory_mortality_high) == (0.5, 0.30, 0.60)
    path.write_text(json.dumps({"format": THRESHOLDS_FORMAT, "version": 2, "thresholds": {
        "hyperinflammatory_mortality_low": 0.7, "hyperinflammatory_mortality_high": 0.6}}),
        encoding="utf-8")
    with pytest.raises(ThresholdsFileError, match="hyperinflammatory_mortality_low must not be "
                                                  "above hyperinflammatory_mortality_high"):
        load_user_thresholds(path)
