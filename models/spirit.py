"""SPIRIT 2025 completeness: which items of the SPIRIT 2025 checklist (Chan et al. 2025) the
design already informs, and with which fields; which are still open (the fields exist, but are
not decided); and which the design cannot inform (outside its scope, e.g. data management).

The mapping is data (resources/spirit/spirit2025.toml, with its source and what was verified);
this module only applies it. The review step, ``check --json`` and the PDF call
``spirit_completeness``. No Qt.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from models.applicability import applies
from models.design import Design, is_missing
from models.field_help import field_help
from models.resources import load_toml

INFORMED, OPEN, OUTSIDE = "informed", "open", "outside"
STATUS_WORDS = {INFORMED: "informed by the design", OPEN: "open: fields not decided yet",
                OUTSIDE: "outside the design's scope"}


@dataclass(frozen=True)
class SpiritItemMap:
    """One checklist item as the data file maps it."""

    item: str                     # "15a"
    section: str
    topic: str                    # a short name, not the statement's wording
    fields: tuple[str, ...]
    optional: tuple[str, ...]
    core_protocol: tuple[str, ...]
    outside: bool
    reason: str
    note: str


@dataclass(frozen=True)
class SpiritSource:
    name: str
    citation: str
    doi: str


@dataclass(frozen=True)
class SpiritItem:
    """One item for one design."""

    item: str
    section: str
    topic: str
    status: str                          # INFORMED, OPEN, OUTSIDE
    informed_fields: tuple[str, ...]     # JSON paths decided
    open_fields: tuple[str, ...]         # JSON paths still to decide
    note: str                            # the reason (outside) or what the design lacks

    def as_dict(self) -> dict:
        out = {"item": self.item, "topic": self.topic, "status": self.status,
               "fields": list(self.informed_fields)}
        if self.open_fields:
            out["open_fields"] = list(self.open_fields)
        if self.note:
            out["note"] = self.note
        return out


@dataclass(frozen=True)
class SpiritCompleteness:
    source: SpiritSource
    items: tuple[SpiritItem, ...]

    def count(self, status: str) -> int:
        return sum(1 for item in self.items if item.status == status)

    def summary(self) -> str:
        """'18 items informed by the design, 4 open, 31 outside its scope (SPIRIT 2025, 53
        items and sub-items)'."""
        return (f"{self.count(INFORMED)} informed by the design, {self.count(OPEN)} open, "
                f"{self.count(OUTSIDE)} outside its scope, of the {len(self.items)} items and "
                f"sub-items of {self.source.name}")

    def as_dict(self) -> dict:
        """As ``check --json`` prints it under ``spirit_2025``."""
        return {"source": self.source.citation,
                "counts": {s: self.count(s) for s in (INFORMED, OPEN, OUTSIDE)},
                "items": [item.as_dict() for item in self.items]}


class SpiritDataError(ValueError):
    """The bundled mapping names a field the design format does not have (a test catches it)."""


@lru_cache(maxsize=1)
def spirit_map() -> tuple[SpiritSource, tuple[SpiritItemMap, ...]]:
    document = load_toml("spirit", "spirit2025.toml")
    source = document["source"]
    items = tuple(SpiritItemMap(
        item=entry["id"], section=entry["section"], topic=entry["topic"],
        fields=tuple(entry.get("fields", ())), optional=tuple(entry.get("optional", ())),
        core_protocol=tuple(entry.get("core_protocol", ())),
        outside=entry.get("scope") == "outside", reason=entry.get("reason", ""),
        note=entry.get("note", "")) for entry in document["item"])
    return SpiritSource(source["name"], source["citation"], source["doi"]), items


_ARM_FIELD = re.compile(r"^(?P<list>[a-z_.]+)\[\]\.(?P<name>[a-z_]+)$")


def _values(design: Design, path: str) -> list[tuple[str, object]]:
    """(concrete path, value) for a mapped path; 'dosing.arms[].route' gives one per arm (the
    list itself while it is empty)."""
    from models.json_path import get_path

    match = _ARM_FIELD.match(path)
    if match is None:
        return [(path, get_path(design, path))]
    items = get_path(design, match["list"]) or []
    if not items:
        return [(match["list"], None)]
    return [(f"{match['list']}[{i}].{match['name']}", getattr(item, match["name"]))
            for i, item in enumerate(items)]


def _item_for(design: Design, entry: SpiritItemMap, checklist) -> SpiritItem:
    if entry.outside:
        return SpiritItem(entry.item, entry.section, entry.topic, OUTSIDE, (), (), entry.reason)
    informed: list[str] = []
    open_fields: list[str] = []
    for required, paths in ((True, entry.fields), (False, entry.optional)):
        for mapped in paths:
            if not applies(design, mapped.replace("[]", "")):
                continue
            for path, value in _values(design, mapped):
                if not is_missing(value):
                    informed.append(path)
                elif required:
                    open_fields.append(path)
    for key in entry.core_protocol:
        open_fields += checklist[key].missing_fields
    informed = list(dict.fromkeys(informed))
    open_fields = [p for p in dict.fromkeys(open_fields) if p not in informed]
    status = OPEN if open_fields else INFORMED
    return SpiritItem(entry.item, entry.section, entry.topic, status, tuple(informed),
                      tuple(open_fields), entry.note)


def spirit_completeness(design: Design, checklist=None) -> SpiritCompleteness:
    """Every SPIRIT 2025 item for this design. ``checklist`` is the core-protocol checklist when
    the caller has it (a guidance result's), else it is computed."""
    if checklist is None:
        from models.guidance.checklist import core_protocol_checklist

        checklist = core_protocol_checklist(design)
    by_key = {item.key: item for item in checklist}
    source, entries = spirit_map()
    return SpiritCompleteness(source, tuple(_item_for(design, e, by_key) for e in entries))


def field_labels(paths) -> str:
    """'Dose per administration (arm 1), Route (arm 1), ...' for a list of JSON paths."""
    from models.compare import item_name
    from models.json_path import list_item

    out = []
    for path in paths:
        label = field_help(path).label.replace("&", "")
        item = list_item(path)
        out.append(f"{label} ({item_name(*item).lower()})" if item else label)
    return ", ".join(out)


def validate_map() -> list[str]:
    """Paths in the data file that the design format does not have, and unknown checklist
    keys: empty for the bundled file (tests/test_spirit.py)."""
    from models.json_path import spec_for_path
    from models.guidance.checklist import ITEMS

    keys = {key for _, key, _ in ITEMS}
    problems = []
    for entry in spirit_map()[1]:
        for path in (*entry.fields, *entry.optional):
            try:
                spec_for_path(path.replace("[]", "[0]"))
            except (KeyError, ValueError, AttributeError, TypeError):
                problems.append(f"{entry.item}: {path}")
        problems += [f"{entry.item}: core_protocol {k}" for k in entry.core_protocol
                     if k not in keys]
        if entry.outside and (entry.fields or not entry.reason):
            problems.append(f"{entry.item}: outside items have a reason and no fields")
    return problems
