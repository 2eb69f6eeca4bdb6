"""For every rule a design that fires it and a near miss that does not, as changes to the
core-protocol example (dotted path: value). The table is data, tests/data/rule_cases.json,
generated from the per-rule tests' own designs by tests/make_rule_cases.py; a JSON null removes
the field (the design format reads null as absent), and becomes DELETE here. Read by
tests/test_rules_base.py."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from rule_helpers import DELETE

CASES_FILE = Path(__file__).resolve().parent / "data" / "rule_cases.json"


def _decoded(value: Any) -> Any:
    if value is None:
        return DELETE
    if isinstance(value, dict):
        return {key: _decoded(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_decoded(item) for item in value]
    return value


RULE_CASES: dict[str, dict[str, dict[str, Any]]] = _decoded(
    json.loads(CASES_FILE.read_text(encoding="utf-8")))
