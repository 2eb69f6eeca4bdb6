"""Where each value comes from: the verification column, the source key and the disagreements.

The verification column (evidence.md, "Verification legend") holds entries such as
``mortality=uncertain:CURLEY_T1+MUST_ABS+SEED`` separated by "; ". The sources and the
disagreements between them are data files beside trials.csv (sources.toml, discrepancies.toml).
"""

from __future__ import annotations

import functools
import re
import tomllib
from dataclasses import dataclass

from models.evidence.schema import STATUSES, VERIFICATION_KEYS, keys_for_column
from models.resources import resource_path

SOURCES_FILE = ("evidence", "sources.toml")
DISCREPANCIES_FILE = ("evidence", "discrepancies.toml")

_SOURCE_KEY = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")


@dataclass(frozen=True)
class FieldProvenance:
    """The status of one verification key of a trial, and the sources that support it."""

    status: str                       # verified, seed, uncertain or unknown
    sources: tuple[str, ...] = ()

    def as_dict(self) -> dict:
        return {"status": self.status, "sources": list(self.sources)}

    def __str__(self) -> str:
        return f"{self.status}: {', '.join(self.sources)}" if self.sources else self.status


def parse_verification(text: str) -> dict[str, FieldProvenance]:
    """``"n=verified:A+B; dose=unknown"`` -> {"n": verified (A, B), "dose": unknown}.

    Raises ValueError naming the entry that cannot be read (a user's file may hold anything)."""
    provenance: dict[str, FieldProvenance] = {}
    for entry in (part.strip() for part in text.split(";")):
        if not entry:
            continue
        key, equals, rest = entry.partition("=")
        key = key.strip()
        if not equals:
            raise ValueError(f"entry '{entry}' is not of the form field=status[:SOURCE+SOURCE]")
        if key not in VERIFICATION_KEYS:
            raise ValueError(f"entry '{entry}': '{key}' is not a verification field; allowed: "
                             + ", ".join(sorted(VERIFICATION_KEYS)))
        if key in provenance:
            raise ValueError(f"entry '{entry}': field '{key}' is given twice")
        status, _, source_text = rest.strip().partition(":")
        if status not in STATUSES:
            raise ValueError(f"entry '{entry}': status '{status}' is not one of "
                             + ", ".join(STATUSES))
        sources = tuple(s.strip() for s in source_text.split("+")) if source_text else ()
        if any(not _SOURCE_KEY.match(s) for s in sources):
            raise ValueError(f"entry '{entry}': source keys are letters, digits and '_', "
                             "joined by '+'")
        provenance[key] = FieldProvenance(status, sources)
    return provenance


def column_provenance(provenance: dict[str, FieldProvenance],
                      column: str) -> FieldProvenance | None:
    """The provenance of one column: its own qualifier entry if the row has one (``particles``
    for dose_particles), else its group's (``dose``); None when the row records neither."""
    for key in keys_for_column(column):
        if key in provenance:
            return provenance[key]
    return None


# --- Sources --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Source:
    key: str
    what: str
    kind: str
    addresses: tuple[str, ...]

    def as_dict(self) -> dict:
        return {"key": self.key, "what": self.what, "kind": self.kind,
                "addresses": list(self.addresses)}


@functools.cache
def load_sources() -> dict[str, Source]:
    """Every source key of the evidence tables, with its description and addresses."""
    with resource_path(*SOURCES_FILE).open("rb") as stream:
        document = tomllib.load(stream)
    return {key: Source(key, entry["what"], entry["kind"], tuple(entry["addresses"]))
            for key, entry in document["sources"].items()}


@functools.cache
def paper_citation() -> dict[str, str]:
    """The review the evidence tables are built on (citation, DOI, PMC id)."""
    with resource_path(*SOURCES_FILE).open("rb") as stream:
        return dict(tomllib.load(stream)["paper"])


# --- Disagreements between sources ----------------------------------------------------------------


@dataclass(frozen=True)
class SourcedValue:
    """A value as one or more sources give it. The numbers are there only where the source gives
    them (``events``, ``n``, ``percent`` are (treatment, control) pairs); nothing is derived."""

    value: str
    sources: tuple[str, ...]
    events: tuple[int, int] | None = None
    n: tuple[int, int] | None = None
    percent: tuple[float, float] | None = None
    timepoint_days: int | None = None

    def as_dict(self) -> dict:
        result: dict[str, object] = {"value": self.value, "sources": list(self.sources)}
        for name in ("events", "n", "percent"):
            pair = getattr(self, name)
            if pair is not None:
                result[name] = list(pair)
        if self.timepoint_days is not None:
            result["timepoint_days"] = self.timepoint_days
        return result


@dataclass(frozen=True)
class Discrepancy:
    """Sources that disagree on one field of one or more trial rows."""

    id: str
    listed: str                       # where evidence.md lists it
    trials: tuple[str, ...]           # row ids
    field: str                        # verification key or column name
    summary: str
    rule: str                         # why the used value was chosen
    used: SourcedValue
    alternatives: tuple[SourcedValue, ...]
    note: str = ""

    @property
    def is_mortality(self) -> bool:
        return self.field == "mortality"

    def as_dict(self) -> dict:
        return {"id": self.id, "field": self.field, "summary": self.summary, "rule": self.rule,
                "used": self.used.as_dict(),
                "alternatives": [a.as_dict() for a in self.alternatives],
                "note": self.note or None, "listed_in_evidence": self.listed}


def _sourced(entry: dict) -> SourcedValue:
    def pair(name: str) -> tuple | None:
        return tuple(entry[name]) if name in entry else None

    return SourcedValue(entry["value"], tuple(entry["sources"]), pair("events"), pair("n"),
                        pair("percent"), entry.get("timepoint_days"))


@functools.cache
def load_discrepancies() -> tuple[Discrepancy, ...]:
    """Every disagreement between sources that evidence.md lists, as data."""
    with resource_path(*DISCREPANCIES_FILE).open("rb") as stream:
        document = tomllib.load(stream)
    return tuple(
        Discrepancy(id=entry["id"], listed=entry["listed"], trials=tuple(entry["trials"]),
                    field=entry["field"], summary=entry["summary"], rule=entry["rule"],
                    used=_sourced(entry["used"]),
                    alternatives=tuple(_sourced(a) for a in entry["alternatives"]),
                    note=entry.get("note", ""))
        for entry in document["discrepancy"])


def discrepancies(trial: str | None = None, field: str | None = None) -> list[Discrepancy]:
    """The disagreements, optionally only those of one trial row and/or one field."""
    return [d for d in load_discrepancies()
            if (trial is None or trial in d.trials) and (field is None or d.field == field)]
