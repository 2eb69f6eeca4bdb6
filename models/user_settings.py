"""The user's guidance thresholds (docs/conventions.md 1.6), kept per user in a small JSON file.

Window geometry and recent files belong to QSettings in the GUI; thresholds live here because the
command line (``check``) applies them too, and models/ never imports Qt.
"""

from __future__ import annotations

import dataclasses
import json
import math
from pathlib import Path

from models.atomic_files import write_atomic
from models.guidance.thresholds import Thresholds

APP_DIR_NAME = "msc-ards-trial-designer"
THRESHOLDS_FILE = "thresholds.json"

# The range each threshold may take: wide enough for any defensible choice, narrow enough that a
# typo (7 instead of 0.7) is refused.
THRESHOLD_RANGES = {
    "early_first_dose_hours": (0.0, 720.0),
    "late_ards_hours": (0.0, 720.0),
    "viability_min_pct": (0.0, 100.0),
    "follow_up_min_months": (0.0, 240.0),
    "follow_up_precedent_months": (0.0, 240.0),
    "assumed_max_weight_kg": (30.0, 300.0),
    "control_mortality_low": (0.0, 1.0),
    "control_mortality_high": (0.0, 1.0),
    "hyperinflammatory_mortality_low": (0.0, 1.0),
    "hyperinflammatory_mortality_high": (0.0, 1.0),
    "vfd_sd_min": (0.0, 28.0),
    "hyperinflammatory_prevalence": (0.01, 1.0),
}


class ThresholdsFileError(ValueError):
    pass


def user_config_dir() -> Path:
    from platformdirs import user_config_dir as _config

    return Path(_config(APP_DIR_NAME, appauthor=False))


def user_data_dir() -> Path:
    from platformdirs import user_data_dir as _data

    return Path(_data(APP_DIR_NAME, appauthor=False))


def thresholds_path() -> Path:
    return user_config_dir() / THRESHOLDS_FILE


THRESHOLDS_FORMAT = "msc-ards-thresholds"
THRESHOLDS_VERSION = 2


def _thresholds_v0_to_v1(document: dict) -> dict:
    """Version 0 (no format field: the values at the top level) -> version 1."""
    return {"format": THRESHOLDS_FORMAT, "version": 1, "thresholds": dict(document)}


def _thresholds_v1_to_v2(document: dict) -> dict:
    """Version 2 adds the hyperinflammatory-enriched mortality band of E-8 (issue 15); a
    version-1 file keeps its values and takes the new band's defaults. A version-1 program
    refuses a version-2 file (naming both versions) instead of calling the new names unknown."""
    return {**document, "version": 2}


# THRESHOLDS_MIGRATIONS[v] turns a version-v document into a version-(v + 1) one, as the
# design file's MIGRATIONS do.
THRESHOLDS_MIGRATIONS = {0: _thresholds_v0_to_v1, 1: _thresholds_v1_to_v2}


def _migrated(document: dict, source: str) -> dict:
    version = document.get("version", 0) if "format" in document else 0
    if "format" in document and document.get("format") != THRESHOLDS_FORMAT:
        raise ThresholdsFileError(f'{source}: format: must be "{THRESHOLDS_FORMAT}"')
    if isinstance(version, bool) or not isinstance(version, int):
        raise ThresholdsFileError(f"{source}: version: must be a whole number")
    if version > THRESHOLDS_VERSION:
        raise ThresholdsFileError(
            f"{source}: version: the file is thresholds format version {version}; this "
            f"program reads version {THRESHOLDS_VERSION} and older. Use a newer version of the "
            "program, or reset the thresholds in Settings.")
    while version < THRESHOLDS_VERSION:
        document = THRESHOLDS_MIGRATIONS[version](document)
        version += 1
    values = document.get("thresholds")
    if not isinstance(values, dict):
        raise ThresholdsFileError(f"{source}: thresholds: must be a JSON object of threshold "
                                  "values")
    extra = sorted(set(document) - {"format", "version", "thresholds"})
    if extra:
        raise ThresholdsFileError(f"{source}: {extra[0]}: is not a field of the thresholds "
                                  "file (format, version, thresholds)")
    return values


def parse_thresholds(document: object, source: str) -> Thresholds:
    if not isinstance(document, dict):
        raise ThresholdsFileError(f"{source}: must hold a JSON object of threshold values")
    document = _migrated(document, source)
    known = {f.name for f in dataclasses.fields(Thresholds)}
    values = {}
    for name, value in document.items():
        if name not in known:
            raise ThresholdsFileError(f"{source}: {name}: is not a threshold; allowed: "
                                      + ", ".join(sorted(known)))
        low, high = THRESHOLD_RANGES[name]
        if isinstance(value, bool) or not isinstance(value, (int, float)) \
                or not math.isfinite(value) or not low <= value <= high:
            raise ThresholdsFileError(f"{source}: {name}: must be a number from {low:g} to "
                                      f"{high:g}")
        values[name] = float(value)
    thresholds = Thresholds(**values)
    for low_name, high_name in (("control_mortality_low", "control_mortality_high"),
                                ("hyperinflammatory_mortality_low",
                                 "hyperinflammatory_mortality_high")):
        if getattr(thresholds, low_name) > getattr(thresholds, high_name):
            raise ThresholdsFileError(f"{source}: {low_name} must not be above {high_name}")
    return thresholds


def load_user_thresholds(path: Path | None = None) -> Thresholds:
    """The saved thresholds, or the defaults when none are saved. Raises ThresholdsFileError
    (naming the file and the field) for a file that cannot be used."""
    path = path or thresholds_path()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return Thresholds()
    except (OSError, UnicodeDecodeError) as exc:
        raise ThresholdsFileError(f"{path}: cannot be read ({exc})") from None
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ThresholdsFileError(f"{path}: is not valid JSON ({exc.msg}, line {exc.lineno})") \
            from None
    return parse_thresholds(document, str(path))


def save_user_thresholds(thresholds: Thresholds, path: Path | None = None) -> None:
    """Save only what differs from the defaults, so that later default changes still apply."""
    path = path or thresholds_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    changed = {name: value for name, (value, _) in thresholds.changed_from_default().items()}
    document = {"format": THRESHOLDS_FORMAT, "version": THRESHOLDS_VERSION,
                "thresholds": changed}
    write_atomic(path, (json.dumps(document, indent=2) + "\n").encode("utf-8"))
