"""Two versions of a design side by side: every field that differs, the findings that appeared
and disappeared, the change in the computed sample size (and the group-sequential maximum), and
the change in the core-protocol checklist and the Box 1 map. Used by ``main.py compare``, the
wizard's File > Compare with… and the PDF's "Changes since version N"; no Qt.

The fields are walked from the dataclass schema (``models.design.field_specs``), so a field
added to the format is compared without an edit here. Lists of blocks (arms, secondary
endpoints, intercurrent events) are matched by position: arm 2 of the old design is compared
with arm 2 of the new one, and an arm beyond the other design's last is added or removed as a
whole. Lists of plain values (time points, respiratory support, care elements) are compared as
one value, with the entries added and removed named.

    comparison = compare_designs(old, new)
    comparison.identical, comparison.fields, comparison.findings_appeared
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from models.design import Choice, Design, field_specs
from models.field_help import field_help
from models.guidance import DEFAULT_THRESHOLDS, GuidanceResult, Thresholds, evaluate
from models.json_path import without_indexes
from models.summary import ITEM_NAMES, NOT_DECIDED, format_value
from models.vocabulary import choice_words

CHANGED, ADDED, REMOVED = "changed", "added", "removed"


@dataclass(frozen=True)
class FieldChange:
    """One field (or one whole list item) that differs. ``old``/``new`` are in the program's
    words; an item present in one design only reads 'no arm 3' on the other side."""

    path: str
    label: str
    change: str          # CHANGED, ADDED (the item is new), REMOVED (the item is gone)
    old: str
    new: str
    detail: str = ""     # for lists of values: the entries added and removed

    def as_dict(self) -> dict:
        out = {"path": self.path, "label": self.label, "change": self.change,
               "old": self.old, "new": self.new}
        if self.detail:
            out["detail"] = self.detail
        return out


@dataclass(frozen=True)
class FindingChange:
    rule: str
    severity: str
    title: str
    arm: str | None

    def as_dict(self) -> dict:
        out = {"rule": self.rule, "severity": self.severity, "title": self.title}
        if self.arm is not None:
            out["arm"] = self.arm
        return out


@dataclass(frozen=True)
class SampleSizeSide:
    """The computed n of one design: enrolled total, fixed-sample total, the plan's maximum
    (with interim looks), and the line the review prints, or why there is none."""

    n_to_enrol: int | None
    fixed_n: int | None
    max_n: int | None
    text: str

    def as_dict(self) -> dict:
        return {"n_to_enrol": self.n_to_enrol, "fixed_n": self.fixed_n,
                "group_sequential_max_n": self.max_n, "text": self.text}


@dataclass(frozen=True)
class StatusChange:
    """A core-protocol item or a Box 1 proposal whose status differs."""

    number: int
    title: str
    old: str
    new: str

    def as_dict(self) -> dict:
        return {"number": self.number, "title": self.title, "old": self.old, "new": self.new}


@dataclass(frozen=True)
class Comparison:
    old_version: str                 # the old design's protocol version, or its fingerprint
    new_version: str
    fields: tuple[FieldChange, ...]
    findings_appeared: tuple[FindingChange, ...]
    findings_disappeared: tuple[FindingChange, ...]
    findings_kept: int
    sample_size_old: SampleSizeSide
    sample_size_new: SampleSizeSide
    checklist: tuple[StatusChange, ...]
    checklist_addressed: tuple[int, int]      # (old, new) items addressed
    checklist_total: int
    box1: tuple[StatusChange, ...]
    old_result: GuidanceResult = field(repr=False, compare=False)
    new_result: GuidanceResult = field(repr=False, compare=False)

    @property
    def identical(self) -> bool:
        """No field differs (then nothing derived from the fields differs either)."""
        return not self.fields

    @property
    def sample_size_change(self) -> int | None:
        old, new = self.sample_size_old.n_to_enrol, self.sample_size_new.n_to_enrol
        return None if old is None or new is None else new - old

    def as_dict(self) -> dict:
        """The comparison as ``compare --json`` prints it (README, "compare")."""
        return {
            "identical": self.identical,
            "versions": {"old": self.old_version, "new": self.new_version},
            "fields": [c.as_dict() for c in self.fields],
            "findings": {"appeared": [f.as_dict() for f in self.findings_appeared],
                         "disappeared": [f.as_dict() for f in self.findings_disappeared],
                         "unchanged": self.findings_kept},
            "sample_size": {"old": self.sample_size_old.as_dict(),
                            "new": self.sample_size_new.as_dict(),
                            "change": self.sample_size_change},
            "core_protocol": {"addressed": {"old": self.checklist_addressed[0],
                                            "new": self.checklist_addressed[1],
                                            "of": self.checklist_total},
                              "changed": [c.as_dict() for c in self.checklist]},
            "box1": [c.as_dict() for c in self.box1],
        }


# --- the fields ----------------------------------------------------------------------------------


def value_words(path: str, value) -> str:
    """A field's value as the comparison shows it: choices in the program's words, numbers with
    their units, lists joined."""
    if value is None or value == []:
        return NOT_DECIDED
    if isinstance(value, Choice):
        return choice_words(value)
    if isinstance(value, list):
        return ", ".join(value_words(path, v) for v in value)
    return format_value(path, value)


def _label(path: str, item_prefix: str) -> str:
    return item_prefix + field_help(path).label.replace("&", "")


def _item_prefix(list_path: str, index: int, outer: str) -> str:
    return f"{outer}{item_name(list_path, index)}: "


def item_name(list_path: str, index: int) -> str:
    """'Arm 2' for dosing.arms[1], as the review names list items."""
    return f"{ITEM_NAMES.get(without_indexes(list_path), 'Item')} {index + 1}"


def _item_text(block, path: str) -> str:
    """A whole list item in one line: its decided fields, label: value; ..."""
    parts = []
    for name, spec in field_specs(type(block)).items():
        value = getattr(block, name)
        child = f"{path}.{name}"
        if spec.kind == "block":
            inner = _item_text(value, child)
            if inner != NOT_DECIDED:
                parts.append(inner)
        elif value is not None and value != []:
            parts.append(f"{_label(child, '')}: {value_words(child, value)}")
    return "; ".join(parts) if parts else NOT_DECIDED


def _list_detail(path: str, old: list | None, new: list | None) -> str:
    """The entries added and removed, counted as a multiset (1, 1 -> 1, 1, 1 added one 1)."""
    before, after = Counter(old or []), Counter(new or [])
    added, removed = list((after - before).elements()), list((before - after).elements())
    parts = []
    if added:
        parts.append("added " + value_words(path, added))
    if removed:
        parts.append("removed " + value_words(path, removed))
    return "; ".join(parts) or "the same entries in another order"


def field_changes(old, new, prefix: str = "", item_prefix: str = "") -> list[FieldChange]:
    """Every difference between two blocks of the same class, in format order."""
    changes: list[FieldChange] = []
    for name, spec in field_specs(type(old)).items():
        path = f"{prefix}.{name}" if prefix else name
        a, b = getattr(old, name), getattr(new, name)
        if spec.kind == "block":
            changes += field_changes(a, b, path, item_prefix)
        elif spec.kind == "blocks":
            changes += _block_list_changes(path, a or [], b or [], item_prefix)
        elif a != b:
            detail = _list_detail(path, a, b) if spec.kind == "list" and a and b else ""
            changes.append(FieldChange(path, _label(path, item_prefix), CHANGED,
                                       value_words(path, a), value_words(path, b), detail))
    return changes


def _block_list_changes(path: str, old: list, new: list, outer: str) -> list[FieldChange]:
    changes: list[FieldChange] = []
    for index in range(max(len(old), len(new))):
        item_path = f"{path}[{index}]"
        prefix = _item_prefix(path, index, outer)
        name = prefix.rstrip(": ")
        if index >= len(old):
            changes.append(FieldChange(item_path, name, ADDED, f"no {name[:1].lower()}"
                                       f"{name[1:]}", _item_text(new[index], item_path)))
        elif index >= len(new):
            changes.append(FieldChange(item_path, name, REMOVED, _item_text(old[index], item_path),
                                       f"no {name[:1].lower()}{name[1:]}"))
        else:
            changes += field_changes(old[index], new[index], item_path, prefix)
    return changes


# --- what is derived from the fields ----------------------------------------------------------


def design_version(design: Design) -> str:
    """How the comparison names a design: its protocol version ('version 2.1'), else its
    fingerprint. Found by the field's name in any section, so a renamed section still works."""
    from models.design_io import fingerprint

    for section in field_specs(Design):
        block = getattr(design, section)
        version = getattr(block, "protocol_version", None)
        if isinstance(version, str) and version.strip():
            return f"version {version.strip()}"
    return f"fingerprint {fingerprint(design)}"


def _finding_key(finding) -> tuple:
    return finding.rule, finding.arm


def _finding_change(finding) -> FindingChange:
    return FindingChange(finding.rule, finding.severity.value, finding.title, finding.arm_label)


def sample_size_side(result: GuidanceResult, design: Design) -> SampleSizeSide:
    outcome = result.sample_size
    if outcome is None:
        return SampleSizeSide(None, None, None, "the primary endpoint has no computed n")
    if outcome.missing:
        return SampleSizeSide(None, None, None,
                              "not computed; still to fill: " + ", ".join(outcome.missing))
    if outcome.error:
        return SampleSizeSide(None, None, None, f"cannot be computed: {outcome.error}")
    from models.plan_text import result_line

    planned = design.statistics.planned_total_n
    text = result_line(outcome) + (f"; planned {planned}" if planned is not None else "")
    max_n = outcome.plan.max_n if outcome.plan is not None else None
    return SampleSizeSide(outcome.n_total, outcome.result.n_total, max_n, text)


def _checklist_changes(old: GuidanceResult, new: GuidanceResult) -> list[StatusChange]:
    words = {True: "addressed", False: "not addressed"}
    return [StatusChange(a.number, a.title, words[a.addressed], words[b.addressed])
            for a, b in zip(old.checklist, new.checklist) if a.addressed != b.addressed]


def _box1_changes(old: GuidanceResult, new: GuidanceResult) -> list[StatusChange]:
    def status(s) -> str:
        return s.status + (f" ({', '.join(s.findings)})" if s.findings else "")

    return [StatusChange(a.number, a.text, status(a), status(b))
            for a, b in zip(old.box1, new.box1) if status(a) != status(b)]


def compare_designs(old: Design, new: Design,
                    thresholds: Thresholds = DEFAULT_THRESHOLDS) -> Comparison:
    """The differences from ``old`` to ``new``, both judged with the same thresholds."""
    old_result, new_result = evaluate(old, thresholds), evaluate(new, thresholds)
    before = {_finding_key(f): f for f in old_result.findings}
    after = {_finding_key(f): f for f in new_result.findings}
    return Comparison(
        old_version=design_version(old),
        new_version=design_version(new),
        fields=tuple(field_changes(old, new)),
        findings_appeared=tuple(_finding_change(f) for k, f in after.items() if k not in before),
        findings_disappeared=tuple(_finding_change(f) for k, f in before.items()
                                   if k not in after),
        findings_kept=sum(1 for k in after if k in before),
        sample_size_old=sample_size_side(old_result, old),
        sample_size_new=sample_size_side(new_result, new),
        checklist=tuple(_checklist_changes(old_result, new_result)),
        checklist_addressed=(sum(i.addressed for i in old_result.checklist),
                             sum(i.addressed for i in new_result.checklist)),
        checklist_total=len(new_result.checklist),
        box1=tuple(_box1_changes(old_result, new_result)),
        old_result=old_result,
        new_result=new_result,
    )


def sample_size_words(comparison: Comparison) -> str:
    """'72 → 96 to enrol (+24)', or what is known when one side has no computed n."""
    old, new = comparison.sample_size_old, comparison.sample_size_new
    if old.n_to_enrol is None and new.n_to_enrol is None:
        return "no computed n in either version"
    left = str(old.n_to_enrol) if old.n_to_enrol is not None else "none"
    right = str(new.n_to_enrol) if new.n_to_enrol is not None else "none"
    change = comparison.sample_size_change
    delta = "" if change is None else f" ({change:+d})" if change else " (no change)"
    return f"{left} → {right} to enrol{delta}"
