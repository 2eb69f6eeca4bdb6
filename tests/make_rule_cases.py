"""Regenerate tests/data/rule_cases.json (read by tests/rule_cases.py) from the designs the
per-rule tests evaluate.

    QT_QPA_PLATFORM=offscreen .venv/bin/python tests/make_rule_cases.py

Runs tests/test_rules_*.py with the engine watched: every design evaluated with the default
thresholds is recorded as its changes from the core-protocol example, with the rules it fired.
For each rule the smallest design that fires it becomes its "fires" case, and the design that
does not fire it and shares most changed paths with that one becomes its "silent" case (a near
miss; the unchanged example when none shares a path). Review the diff of the JSON: it is
the table test_rules_base.py holds the engine to.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent
sys.path.insert(0, str(TESTS))
sys.path.insert(0, str(TESTS.parent))

import rule_helpers  # noqa: E402
from models.design_io import design_to_dict  # noqa: E402
from models.guidance import DEFAULT_THRESHOLDS  # noqa: E402
from models.guidance.base import RULE_CODE  # noqa: E402

DELETE_MARK = "<delete>"


def changes(base, document, prefix=""):
    """Dotted-path changes that turn ``base`` into ``document`` (lists replaced whole)."""
    out = {}
    for key in sorted(set(base) | set(document)):
        path = f"{prefix}.{key}" if prefix else key
        if key not in document:
            out[path] = DELETE_MARK
        elif key not in base:
            out[path] = document[key]
        elif isinstance(base[key], dict) and isinstance(document[key], dict):
            out.update(changes(base[key], document[key], path))
        elif base[key] != document[key]:
            out[path] = document[key]
    return out


def main() -> int:
    seen: dict[str, tuple[dict, frozenset]] = {}
    real = rule_helpers.evaluate
    base = rule_helpers.base_dict()

    def watched(design, thresholds=DEFAULT_THRESHOLDS, *args, **kwargs):
        result = real(design, thresholds, *args, **kwargs)
        if thresholds == DEFAULT_THRESHOLDS:
            diff = changes(base, design_to_dict(design))
            seen.setdefault(json.dumps(diff, sort_keys=True),
                            (diff, frozenset(f.rule for f in result.findings)))
        return result

    rule_helpers.evaluate = watched
    files = sorted(str(p) for p in TESTS.glob("test_rules_*.py") if p.name != "test_rules_base.py")
    if pytest.main(["-q", "-p", "no:cacheprovider", *files]) != 0:
        return 1
    table = {}
    for rule in RULE_CODE:
        firing = sorted((d for d, rules in seen.values() if rule in rules),
                        key=lambda d: (len(d), json.dumps(d, sort_keys=True)))
        if not firing:
            print(f"no per-rule test design fires {rule}", file=sys.stderr)
            return 1
        fires = firing[0]
        quiet = [d for d, rules in seen.values() if rule not in rules and set(d) & set(fires)]
        quiet.sort(key=lambda d: (len(set(d) - set(fires)), -len(set(d) & set(fires)),
                                  json.dumps(d, sort_keys=True)))
        table[rule] = {"fires": fires, "silent": quiet[0] if quiet else {}}
    def encoded(value):
        # The table is JSON (tests/data/rule_cases.json): a removed field is null.
        if value == DELETE_MARK:
            return None
        if isinstance(value, dict):
            return {key: encoded(item) for key, item in value.items()}
        if isinstance(value, list):
            return [encoded(item) for item in value]
        return value

    (TESTS / "data" / "rule_cases.json").write_text(
        json.dumps(encoded(table), indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
