"""The guidance engine: evaluates every rule on a design and returns the findings, the
core-protocol checklist and the Box 1 map. The GUI, the command line and the PDF all call
``evaluate`` and so show the same findings in the same order."""

from __future__ import annotations

import re
from dataclasses import dataclass

from models.design import Design
from models.guidance.base import RULE_CODE, Context, Hit, Severity
from models.guidance.catalogue import Evidence, RuleText, load_catalogue
from models.guidance.checklist import ChecklistItem, core_protocol_checklist
from models.guidance.thresholds import DEFAULT_THRESHOLDS, Thresholds, describe_threshold


@dataclass(frozen=True)
class Finding:
    rule: str
    severity: Severity
    title: str
    message: str
    fields: tuple[str, ...]
    not_specified: bool
    arm: int | None
    arm_label: str | None
    evidence: tuple[Evidence, ...]
    trials: tuple[str, ...]
    trial_names: tuple[str, ...]
    thresholds: tuple[tuple[str, float, float], ...]   # (setting, value used, default)

    @property
    def sort_key(self) -> tuple:
        return (self.severity.rank, *rule_order(self.rule),
                -1 if self.arm is None else self.arm)

    def as_dict(self) -> dict:
        """The finding as ``check --json`` prints it."""
        out: dict[str, object] = {
            "rule": self.rule,
            "severity": self.severity.value,
            "title": self.title,
            "message": self.message,
            "fields": list(self.fields),
            "not_specified": self.not_specified,
            "evidence": [e.as_dict() for e in self.evidence],
            "trials": list(self.trials),
        }
        if self.arm is not None:
            out["arm"] = self.arm_label
        if self.thresholds:
            out["thresholds"] = {name: value for name, value, _ in self.thresholds}
        return out


@dataclass(frozen=True)
class Box1Status:
    number: int
    text: str
    status: str                 # "met", "not met", "not applicable"
    findings: tuple[str, ...]   # rule ids of the findings concerned


@dataclass(frozen=True)
class GuidanceResult:
    findings: tuple[Finding, ...]
    checklist: tuple[ChecklistItem, ...]
    box1: tuple[Box1Status, ...]
    sample_size: object | None            # models.design_sample_size.DesignSampleSize
    thresholds: Thresholds

    @property
    def counts(self) -> dict[str, int]:
        counts = {s.value: 0 for s in Severity}
        for finding in self.findings:
            counts[finding.severity.value] += 1
        return counts

    @property
    def has_errors(self) -> bool:
        return any(f.severity is Severity.ERROR for f in self.findings)

    def core_protocol(self) -> dict[str, bool]:
        return {item.key: item.addressed for item in self.checklist}

    def findings_for_path(self, prefix: str) -> list[Finding]:
        """The findings that concern a field or any field below it (for per-step badges)."""
        return [f for f in self.findings
                if any(p == prefix or p.startswith(prefix + ".") or p.startswith(prefix + "[")
                       for p in f.fields)]


_RULE_ID = re.compile(r"^([A-Z])-(\d+)([a-z]?)$")


def rule_order(rule_id: str) -> tuple[str, int, str]:
    """Group letter, then the number as a number (A-2 before A-10), then the suffix letter."""
    match = _RULE_ID.match(rule_id)
    if match is None:
        raise ValueError(f"not a rule id: {rule_id}")
    return match.group(1), int(match.group(2)), match.group(3)


def _threshold_note(names: tuple[str, ...], thresholds: Thresholds) -> str:
    parts = []
    for name in names:
        value, default = getattr(thresholds, name), getattr(DEFAULT_THRESHOLDS, name)
        where = "the default" if value == default else \
            f"changed from the default of {describe_threshold(name, default).split(': ')[1]}"
        parts.append(f"{describe_threshold(name, value)} ({where})")
    return "Threshold used: " + "; ".join(parts) + "; it can be changed in Settings."


def _finding(text: RuleText, hit: Hit, design: Design, thresholds: Thresholds) -> Finding:
    message = text.messages[hit.variant].format(**hit.values)
    for suffix in hit.suffixes:
        message += " " + text.messages[suffix]
    if hit.thresholds:
        message += " " + _threshold_note(hit.thresholds, thresholds)
    return Finding(
        rule=text.rule_id,
        severity=hit.severity or text.severity,
        title=text.title,
        message=message,
        fields=hit.fields,
        not_specified=hit.not_specified,
        arm=hit.arm,
        arm_label=design.arm_name(hit.arm) if hit.arm is not None else None,
        evidence=text.evidence,
        trials=text.trials,
        trial_names=text.trial_names,
        thresholds=tuple((n, getattr(thresholds, n), getattr(DEFAULT_THRESHOLDS, n))
                         for n in hit.thresholds),
    )


def evaluate(design: Design, thresholds: Thresholds = DEFAULT_THRESHOLDS) -> GuidanceResult:
    """Every finding for the design, sorted by severity, then rule id, then arm."""
    from models.guidance.registry import load_rules

    load_rules()   # a no-op after the first call; here so that importing engine alone suffices
    catalogue = load_catalogue()
    ctx = Context(design, thresholds, core_protocol_checklist(design))
    findings: list[Finding] = []
    for rule_id, code in RULE_CODE.items():
        text = catalogue.rules[rule_id]
        for hit in code.evaluate(ctx):
            findings.append(_finding(text, hit, design, thresholds))
    findings.sort(key=lambda f: f.sort_key)
    fired = {f.rule for f in findings}
    box1 = []
    for proposal in catalogue.box1:
        applicable = any(RULE_CODE[r].applies(ctx) for r in proposal.rules)
        concerned = tuple(r for r in proposal.rules if r in fired)
        if concerned:
            status = "not met"
        elif applicable:
            status = "met"
        else:
            status = "not applicable"
        box1.append(Box1Status(proposal.number, proposal.text, status, concerned))
    return GuidanceResult(tuple(findings), tuple(ctx.checklist), tuple(box1), ctx.sample_size,
                          thresholds)
