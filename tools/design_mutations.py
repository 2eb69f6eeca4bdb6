"""Mutated design files, made from the bundled examples by a seeded random generator.

A mutation aims at one field of the format (found from the schema in models/design.py, so every
field is a target) and puts there either a value at the edge of what the field allows (its
bounds, the smallest positive float, blank strings, lone surrogates, control characters, text of
the greatest allowed length, ...) or something the field does not allow (a wrong type, null, an
unknown key). About a quarter of the files made this way are accepted by the reader; those are
the designs the rest of the program must handle.

    document = mutated_document(random.Random(7))   # a JSON-ready dict
    data = design_bytes(document, rng)              # as another tool would write it

Used by tests/test_design_fuzz.py (500 cases in `make test`) and tools/fuzz_designs.py
(`make fuzz`, 100,000 cases).
"""

from __future__ import annotations

import copy
import json
import random
import sys
from functools import lru_cache
from typing import Any

from models.design import Constraint, Design, FieldSpec, field_specs
from models.resources import resource_path

# Text that has broken programs like this one: escapes, markup, bidi, combining marks, emoji,
# lone surrogates (the file says "\ud800"), characters the PDF font lacks, long words.
HOSTILE_TEXTS = (
    "", " ", "\n", "\t \r\n", "\u00a0", "\u200b", "\ud800", "\udfff", "a\ud83dz", "\ud83d\ude37",
    "\x1b[2J\x1b]0;owned\x07", "nul\x00byte", "\u202eevil\u202c", "e\u0301te\u0301", "ř ő ą Ω 中文",
    "<b>bold</b> & <font size=80>big</font> <para>", "&amp; &lt; &#0; &bogus;", "%s %(x)s {0}",
    "\u2028line\u2029para", "\u00ad" * 50, "😷" * 40, "\n" * 400, "x" * 199, "word " * 399,
    "A" * 2000, "a\tb\tc", "..\\..\\etc/passwd", "=cmd|' /C calc'!A0", "\ufeffBOM", "\ufffd",
)

EDGE_NUMBERS = (0, -0.0, 1, -1, 0.5, 2.0, 1.5, 5e-324, 1e-300, 1e-12, 1e-9, 1e-6, 0.999999999,
                1 - 1e-16, 1e-16, 30, 50, 72, 96, 100, 120, 300, 700, 720, 1e6, 1e9, 1e13,
                1.0000001e13, 2 ** 53 + 1, 10 ** 15, 10 ** 301, 10 ** 400, 1e308, -1e308)

WRONG_TYPES = (None, True, False, "1", [], {}, [1, 2], {"x": 1}, "NaN")


@lru_cache(maxsize=1)
def example_documents() -> tuple[dict, ...]:
    """The bundled examples, and variants of the core-protocol one that reach every analysis of
    format 2 (time to death, ordinal, one active arm, looks with futility), so that mutations
    explore those paths too."""
    examples = [json.loads(p.read_text(encoding="utf-8"))
                for p in sorted(resource_path("examples").glob("*.trial.json"))]
    core = next(e for e in examples if e["meta"].get("acronym") == "CORE-MSC")
    return tuple(examples + [_variant(core, kind) for kind in PHASE3_VARIANTS])


PHASE3_VARIANTS = {
    "time_to_event": {"analysis": "time_to_event", "interim_analyses": 1,
                      "group_sequential": {"efficacy": "ld_pocock", "futility": "fixed_z",
                                           "futility_z": 0},
                      "sided": 1, "alpha": 0.025,
                      "time_to_event": {"hazard_ratio": 0.75, "control_event_rate": 0.35,
                                        "accrual_months": 24, "follow_up_months": 3,
                                        "method": "schoenfeld"}},
    "ordinal": {"analysis": "ordinal", "interim_analyses": 2,
                "group_sequential": {"efficacy": "obf", "futility": "beta_ld_obf"},
                "sided": 1, "alpha": 0.025,
                "ordinal": {"categories": ["dead", "ventilated", "alive, free"],
                            "control_probabilities": [0.3, 0.3, 0.4], "odds_ratio": 1.6}},
    "two_sided_looks": {"interim_analyses": 3,
                        "group_sequential": {"info_rates": [0.25, 0.5, 0.75, 1],
                                             "efficacy": "pocock", "futility": "none"}},
}


def _variant(core: dict, kind: str) -> dict:
    document = copy.deepcopy(core)
    document["version"] = 2
    document["statistics"].update(copy.deepcopy(PHASE3_VARIANTS[kind]))
    if kind != "two_sided_looks":
        # Time to event and ordinal compare one active arm with control.
        document["dosing"]["arms"] = document["dosing"]["arms"][:1]
        document["control"]["allocation_ratio"] = [1, 1]
    return document


def _edge_numbers(c: Constraint, rng: random.Random) -> list[Any]:
    """Values at and just inside each bound of a numeric field, and some just outside."""
    values: list[Any] = list(rng.sample(EDGE_NUMBERS, 4))
    if c.allowed:
        values += list(c.allowed)
    for bound, inward in ((c.minimum, 1), (c.maximum, -1)):
        if bound is None:
            continue
        values += [bound, bound + inward * 1e-9 * max(1.0, abs(bound)),
                   bound + inward * 5e-324, bound - inward * 1e-9, bound + inward * 0.5]
        if c.integer:
            values += [int(bound), int(bound) + inward]
    if c.minimum is not None and c.maximum is not None:
        values.append(rng.uniform(c.minimum, c.maximum))
    return values


def _edge_text(c: Constraint, rng: random.Random) -> Any:
    if c.date and rng.random() < 0.5:
        return rng.choice(["2026-02-29", "2024-02-29", "0001-01-01", "9999-12-31", "2026-13-01",
                           " 2026-01-01", "2026-1-1", ""])
    text = rng.choice(HOSTILE_TEXTS)
    if rng.random() < 0.3:
        # As long as the field allows: one unbroken word, or many short ones.
        unit = rng.choice(["x", "long-word-", "ab cd ", "\ud800", "é", "\n"])
        text = (unit * (c.max_length // len(unit) + 1))[:c.max_length]
    return text


def _edge_value(spec: FieldSpec, rng: random.Random) -> Any:
    """A value for the field that sits at an edge of what it allows (or just past it)."""
    if rng.random() < 0.12:
        return rng.choice(WRONG_TYPES)
    kind = spec.item_kind if spec.kind == "list" else spec.kind
    if spec.kind == "list":
        count = rng.choice([0, 1, 2, 3, 8, 60])
        entries = [_scalar_edge(kind, spec, rng) for _ in range(count)]
        if entries and rng.random() < 0.3:
            entries.append(entries[0])  # a repeated entry
        return entries
    return _scalar_edge(kind, spec, rng)


def _scalar_edge(kind: str, spec: FieldSpec, rng: random.Random) -> Any:
    if kind == "text":
        return _edge_text(spec.constraint, rng)
    if kind == "bool":
        return rng.choice([True, False, True, False, 0, 1, "true"])
    if kind == "choice":
        allowed = [c.value for c in spec.item]
        return rng.choice(allowed + allowed + ["", " ", "\n", "\t", allowed[0].upper(),
                                               allowed[0] + " ", "other_thing"])
    return rng.choice(_edge_numbers(spec.constraint, rng))


def _fields(cls: type, node: dict, prefix: tuple = ()) -> list[tuple[tuple, FieldSpec]]:
    """Every field of the schema below ``cls`` as (path in the document, spec); arm fields once
    per arm that the document has."""
    found: list[tuple[tuple, FieldSpec]] = []
    for name, spec in field_specs(cls).items():
        path = prefix + (name,)
        if spec.kind == "block":
            child = node.get(name) if isinstance(node, dict) else None
            found += _fields(spec.item, child if isinstance(child, dict) else {}, path)
        elif spec.kind == "blocks":
            found.append((path, spec))
            entries = node.get(name) if isinstance(node, dict) else None
            for i, entry in enumerate(entries if isinstance(entries, list) else []):
                found += _fields(spec.item, entry if isinstance(entry, dict) else {}, path + (i,))
        else:
            found.append((path, spec))
    return found


def _set(document: dict, path: tuple, item: Any, delete: bool = False) -> None:
    node: Any = document
    for part in path[:-1]:
        if isinstance(part, int):
            if not isinstance(node, list) or part >= len(node):
                return
            if not isinstance(node[part], dict):
                node[part] = {}
            node = node[part]
        else:
            if not isinstance(node.get(part), dict):
                node[part] = {}
            node = node[part]
    last = path[-1]
    if isinstance(last, int):
        if isinstance(node, list) and last < len(node):
            node[last] = item
        return
    if delete:
        node.pop(last, None)
    else:
        node[last] = item


def _arms(rng: random.Random, spec: FieldSpec) -> list:
    arm_specs = field_specs(spec.item)
    arms = []
    for _ in range(rng.choice([0, 1, 2, 3, 6])):
        arm = {name: _edge_value(s, rng) for name, s in arm_specs.items() if rng.random() < 0.7}
        arms.append(arm)
    return arms


def _match_allocation(document: dict, rng: random.Random) -> None:
    """Give the allocation ratio one number per arm plus the control's, as a careful writer would
    (otherwise nearly every arms mutation is refused by the reader and never gets further)."""
    arms = document.get("dosing", {}).get("arms")
    control = document.setdefault("control", {})
    if isinstance(arms, list) and isinstance(control, dict):
        control["allocation_ratio"] = [rng.choice([1, 1, 2, 0.01, 100, 3.5])
                                       for _ in range(len(arms) + 1)]


def mutate(document: dict, rng: random.Random) -> dict:
    """One mutation of ``document`` (changed in place and returned)."""
    fields = _fields(Design, document)
    path, spec = rng.choice(fields)
    action = rng.random()
    if action < 0.12:
        _set(document, path, None, delete=True)
    elif action < 0.16:
        _set(document, path[:-1] + (rng.choice(["x", "Title", "kind ", "arms"]),), 1)
    elif spec.kind == "blocks":
        _set(document, path, _arms(rng, spec))
        if rng.random() < 0.8:
            _match_allocation(document, rng)
    else:
        _set(document, path, _edge_value(spec, rng))
    if rng.random() < 0.02:
        document["version"] = rng.choice([0, 2, 1.0, 1.5, "1", 10 ** 400])
    return document


def mutated_document(rng: random.Random) -> dict:
    """A bundled example with one to six mutations."""
    document = copy.deepcopy(rng.choice(example_documents()))
    for _ in range(rng.choice([1, 1, 2, 3, 4, 6])):
        mutate(document, rng)
    return document


def design_bytes(document: dict, rng: random.Random | None = None) -> bytes:
    """The document as a file's bytes (UTF-8), written plainly or with every non-ASCII character
    escaped. Lone surrogates can only be written escaped (``"\\ud800"``), as other tools do."""
    indent = rng.choice([None, 2]) if rng else None
    if rng is not None and rng.random() < 0.5:
        try:
            return json.dumps(document, ensure_ascii=False, indent=indent).encode("utf-8")
        except UnicodeEncodeError:
            pass
    return json.dumps(document, indent=indent).encode("ascii")


def case_random(seed: int, case: int) -> random.Random:
    """The generator of case number ``case`` of a run seeded ``seed`` (reproducible alone)."""
    return random.Random(seed * 1_000_003 + case)


if __name__ == "__main__":  # print one case: python -m tools.design_mutations SEED CASE
    seed, case = (int(a) for a in sys.argv[1:3])
    rng = case_random(seed, case)
    sys.stdout.buffer.write(design_bytes(mutated_document(rng), rng) + b"\n")
