"""Shared helpers for the per-rule guidance tests (tests/test_rules_*.py).

Every test design starts from the bundled core-protocol example, which is meant to produce no
finding at all, and changes a few fields at dotted JSON paths. The changed document is re-read
with the real reader, so every test design is a valid design file.

Expected messages in the tests are written by hand from the guidance rule catalogue
(shared/spec/guidance-rules.md), not read from resources/guidance/rules.toml.
"""

from __future__ import annotations

import copy
import json
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable, Mapping

from models.design import Design
from models.design_io import design_to_dict, parse_design
from models.guidance import DEFAULT_THRESHOLDS, Severity, Thresholds, evaluate
# DELETE marks a path to delete in mutate(); set_path sets a dotted path in a JSON document.
from models.json_path import DELETE, set_in_document as set_path  # noqa: F401
from models.resources import resource_path

ERROR, WARNING, ADVICE = Severity.ERROR, Severity.WARNING, Severity.ADVICE


CHAR = "product.characterization"
EV = "product.ev"


@lru_cache(maxsize=1)
def _base_text() -> str:
    with open(resource_path("examples", "core-protocol.trial.json"), encoding="utf-8") as handle:
        return handle.read()


DATA = Path(__file__).resolve().parent / "data"


def format3_fields(example: str) -> dict[str, Any]:
    """The format-3 fields recommended for a bundled example (tests/data/v3-example-fields.json:
    the common ones, then the example's own; null removes a common one), as dotted paths."""
    with open(DATA / "v3-example-fields.json", encoding="utf-8") as handle:
        table = json.load(handle)
    fields = dict(table["common"])
    fields.update(table[example])
    return {path: DELETE if value is None else value for path, value in fields.items()}


def with_format3_fields(document: dict, example: str) -> dict:
    """The example document with its recommended format-3 fields set (a no-op for an example
    that already holds them)."""
    document = copy.deepcopy(document)
    for path, value in format3_fields(example).items():
        set_path(document, path, value)
    return document


def complete_example(name: str, folder) -> "Path":
    """The bundled example with its recommended format-3 fields, written to ``folder`` under its
    own name (for tests that run a file through the command line or the window)."""
    with open(resource_path("examples", name), encoding="utf-8") as handle:
        document = with_format3_fields(json.load(handle), name)
    path = Path(folder) / name
    path.write_text(json.dumps(document, indent=2, ensure_ascii=False), encoding="utf-8")
    return path


def base_design() -> Design:
    """A fresh copy of the core-protocol example with its format-3 fields: a design that should
    raise no finding."""
    document = with_format3_fields(json.loads(_base_text()), "core-protocol.trial.json")
    return parse_design(document, "core-protocol.trial.json")


def base_dict() -> dict:
    """The core-protocol example as a JSON document (via design_to_dict)."""
    return design_to_dict(base_design())


def mutate(changes: Mapping[str, Any] | Iterable[tuple[str, Any]],
           base: Design | dict | None = None) -> Design:
    """The base design (the core-protocol example unless given) with values set or deleted at
    dotted paths, re-read with parse_design. Changes apply in order."""
    if base is None:
        document = base_dict()
    elif isinstance(base, Design):
        document = design_to_dict(base)
    else:
        document = copy.deepcopy(base)
    pairs = changes.items() if isinstance(changes, Mapping) else changes
    for path, value in pairs:
        set_path(document, path, value)
    return parse_design(document, "test.trial.json")


def design_with(base: Design | dict | None = None, **changes: Any) -> Design:
    """mutate() with keyword paths: '__' stands for '.' (dosing__first_dose_within_hours=96)."""
    return mutate({k.replace("__", "."): v for k, v in changes.items()}, base)


def findings_of(design: Design, thresholds: Thresholds | None = None):
    return evaluate(design, thresholds or DEFAULT_THRESHOLDS).findings


def findings_for(design: Design, rule_id: str, thresholds: Thresholds | None = None) -> list:
    """The findings of one rule for the design, in the engine's order."""
    return [f for f in findings_of(design, thresholds) if f.rule == rule_id]


def fired(design: Design, thresholds: Thresholds | None = None) -> list[str]:
    """The rule ids of every finding, in order (with repeats for per-arm rules)."""
    return [f.rule for f in findings_of(design, thresholds)]


def only(design: Design, rule_id: str, thresholds: Thresholds | None = None):
    """The single finding of a rule; fails if it fires zero or several times."""
    found = findings_for(design, rule_id, thresholds)
    assert len(found) == 1, f"{rule_id}: expected one finding, got {[f.fields for f in found]}"
    return found[0]


def assert_silent(design: Design, rule_id: str, thresholds: Thresholds | None = None) -> None:
    found = findings_for(design, rule_id, thresholds)
    assert found == [], f"{rule_id} fired: {[(f.fields, f.message) for f in found]}"


def assert_finding(finding, rule_id: str, severity: Severity, fields: tuple[str, ...],
                   not_specified: bool, message: str | None = None, arm: int | None = None,
                   arm_label: str | None = None) -> None:
    """Check every part of a finding at once; message None skips the text."""
    got = (finding.rule, finding.severity, tuple(finding.fields), finding.not_specified,
           finding.arm, finding.arm_label)
    want = (rule_id, severity, tuple(fields), not_specified, arm, arm_label)
    assert got == want
    if message is not None:
        assert finding.message == message


def check(design: Design, rule_id: str, severity: Severity, fields: tuple[str, ...],
          not_specified: bool, message: str | None = None,
          thresholds: Thresholds | None = None):
    """The rule fires exactly once on the design, with these fields, flag and message."""
    finding = only(design, rule_id, thresholds)
    assert_finding(finding, rule_id, severity, fields, not_specified, message)
    return finding


def note(*settings: str) -> str:
    """The sentence the engine appends to a finding that used section-1.6 thresholds; each
    setting is given as the engine words it: 'latest first dose ...: 72 h ... (the default)'."""
    return "Threshold used: " + "; ".join(settings) + "; it can be changed in Settings."


# Ready-made products ---------------------------------------------------------------------------

EV_BLOCK = {
    "source_amount_reported": True,
    "quantification_methods": ["particle_count", "total_protein"],
    "transmembrane_markers": ["CD9", "CD63", "CD81"],
    "cytosolic_markers": ["TSG101", "syntenin"],
    "contaminant_markers": ["calnexin"],
    "single_vesicle_imaging": "electron_microscopy",
    "single_particle_method": "nta",
    "parent_cells_characterized": True,
    "potency_assay": "Macrophage polarisation assay per lot",
}


def ev_changes(kind: str = "msc_ev", keep_characterization: bool = False) -> dict:
    """The changes that turn the core-protocol example into a complete EV design (particles)."""
    changes: dict[str, Any] = {
        "product.kind": kind,
        "product.tissue_source": "bone_marrow",
        "product.ev": EV_BLOCK,
        "dosing.arms[0].dose_value": 1.2e12,
        "dosing.arms[0].dose_unit": "particles",
        "dosing.arms[1].dose_value": 2.4e12,
        "dosing.arms[1].dose_unit": "particles",
        "dosing.weight_basis": DELETE,
    }
    if not keep_characterization:
        changes["product.characterization"] = DELETE
    return changes


def ev_design(kind: str = "msc_ev", **extra: Any) -> Design:
    changes = ev_changes(kind)
    changes.update({k.replace("__", "."): v for k, v in extra.items()})
    return mutate(changes)


def ev_base(kind: str = "msc_ev") -> dict:
    """The complete EV design as a document, to mutate further."""
    return design_to_dict(mutate(ev_changes(kind)))


def mapc_base() -> dict:
    """A complete MAPC design (bone marrow, flat dose) as a document. Fires only A-9."""
    return design_to_dict(mutate({
        "product.kind": "mapc",
        "product.tissue_source": "bone_marrow",
        # ISCT identity fields are for msc only; a MAPC file need not carry them.
        f"{CHAR}.isct_markers": DELETE,
        f"{CHAR}.plastic_adherence": DELETE,
        f"{CHAR}.trilineage_differentiation": DELETE,
        # Format 3: MAPCs are released on their own identity markers.
        "product.release.identity_markers": ["CD49d+", "CD45-", "HLA-DR-"],
    }))


def one_arm(**arm: Any) -> list[tuple[str, Any]]:
    """Changes that leave a single active arm (with the given fields) and a 1:1 allocation."""
    pairs: list[tuple[str, Any]] = [("dosing.arms", [arm]), ("control.allocation_ratio", [1, 1])]
    return pairs


def two_arms(first: dict, second: dict) -> list[tuple[str, Any]]:
    return [("dosing.arms", [first, second]), ("control.allocation_ratio", [1, 1, 1])]


GOOD_ARM = {"dose_value": 5e6, "dose_unit": "cells_per_kg", "administrations": 2,
            "interval_hours": 48, "route": "intravenous"}
