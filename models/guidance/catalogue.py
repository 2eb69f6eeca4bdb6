"""The rule texts, evidence and trial references: data in ``resources/guidance/``, loaded once.

They are TOML so that a clinician can review them without reading code; the predicates that decide
when a rule fires are code (``rules_*.py``).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from models.guidance.base import Severity
from models.resources import load_toml


@dataclass(frozen=True)
class Evidence:
    text: str
    source: str
    kind: str | None = None   # "discrepancy" or "unverified" where the catalogue says so

    def as_dict(self) -> dict:
        out = {"text": self.text, "source": self.source}
        if self.kind:
            out["kind"] = self.kind
        return out


@dataclass(frozen=True)
class RuleText:
    rule_id: str
    group: str
    severity: Severity
    title: str
    messages: dict          # message key -> template ("message", "message_sd", suffixes ...)
    evidence: tuple[Evidence, ...]
    trials: tuple[str, ...]
    trial_names: tuple[str, ...]
    box1: tuple[int, ...]
    text_basis: str | None
    settings: tuple[str, ...]


@dataclass(frozen=True)
class Box1Proposal:
    number: int
    text: str
    rules: tuple[str, ...]


@dataclass(frozen=True)
class Source:
    key: str
    citation: str
    urls: tuple[str, ...]


@dataclass(frozen=True)
class Catalogue:
    rules: dict[str, RuleText]
    box1: tuple[Box1Proposal, ...]
    sources: tuple[Source, ...]
    settings: tuple[dict, ...]
    discrepancies: tuple[dict, ...]


# Sentences the program adds that the catalogue describes in prose rather than as message text.
PROGRAM_MESSAGES = {
    # docs/conventions.md 1.8 item 20: E-2 says that interim analyses are not accounted for.
    ("E-2", "message_interim_suffix"):
        "The computed n does not account for the planned interim analyses.",
    # Format 2: with interim looks the computed n is the group-sequential maximum.
    ("E-2", "message_plan_suffix"):
        "That is the maximum sample size of the group-sequential plan: the fixed-sample n "
        "inflated for the interim looks.",
}


def _load_toml(name: str) -> dict:
    return load_toml("guidance", name)


@lru_cache(maxsize=1)
def load_catalogue() -> Catalogue:
    rules_doc = _load_toml("rules.toml")
    raw_rules = {entry["id"]: entry for entry in rules_doc["rule"]}
    rules: dict[str, RuleText] = {}
    for rule_id, entry in raw_rules.items():
        evidence = list(entry.get("evidence", []))
        if "evidence_as" in entry:
            evidence = list(raw_rules[entry["evidence_as"]].get("evidence", [])) + evidence
        trials = list(entry.get("trials", []))
        trial_names = list(entry.get("trial_names", []))
        if "trials_as" in entry:
            other = raw_rules[entry["trials_as"]]
            trials = list(other.get("trials", [])) + trials
            trial_names = list(other.get("trial_names", [])) + trial_names
        messages = {key: text for key, text in entry.items()
                    if key.startswith("message") and isinstance(text, str)}
        for (owner, key), text in PROGRAM_MESSAGES.items():
            if owner == rule_id:
                messages.setdefault(key, text)
        rules[rule_id] = RuleText(
            rule_id=rule_id,
            group=entry["group"],
            severity=Severity(entry["severity"]),
            title=entry["title"],
            messages=messages,
            evidence=tuple(Evidence(e["text"], e.get("source", ""), e.get("kind"))
                           for e in evidence),
            trials=tuple(trials),
            trial_names=tuple(dict.fromkeys(trial_names)),
            box1=tuple(entry.get("box1", [])),
            text_basis=entry.get("text_basis"),
            settings=tuple(entry.get("settings", [])),
        )
    doc = _load_toml("catalogue.toml")
    box1 = tuple(Box1Proposal(p["number"], p["text"], tuple(p["rules"])) for p in doc["box1"])
    sources = tuple(Source(s["key"], s["citation"],
                           tuple(s.get("urls", [])) or ((s["url"],) if s.get("url") else ()))
                    for s in doc.get("source", []))
    return Catalogue(rules, box1, sources, tuple(doc.get("setting", [])),
                     tuple(doc.get("discrepancy", [])))
