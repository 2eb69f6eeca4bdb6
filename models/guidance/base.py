"""The pieces every rule module shares: severities, what a rule returns, the registry, and the
context a rule reads the design through.

A rule is a small function that reads the design and yields ``Hit``s: which JSON paths it
concerns, whether it is about a missing field ("not specified"), and the values its message needs.
The texts (title, message, evidence, trials) are data in ``resources/guidance/rules.toml``, so a
clinician can review them without reading code; the engine joins the two.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import Enum
from functools import cached_property
from typing import Callable, Iterable, Iterator, Sequence

from models.design import Design, EndpointKind, ProductKind, is_missing
from models.guidance.thresholds import Thresholds


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"
    ADVICE = "advice"

    @property
    def rank(self) -> int:
        return _SEVERITY_RANK[self]

    @property
    def label(self) -> str:
        return self.value.capitalize()


_SEVERITY_RANK = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.ADVICE: 2}


@dataclass(frozen=True)
class Hit:
    """One firing of a rule, before its text is attached."""

    fields: tuple[str, ...]
    not_specified: bool = False
    values: dict = field(default_factory=dict)
    arm: int | None = None
    variant: str = "message"            # which message key of the rule's text to use
    suffixes: tuple[str, ...] = ()       # extra sentence keys appended to the message
    thresholds: tuple[str, ...] = ()     # the settings this firing applied
    severity: Severity | None = None     # overrides the rule's severity for this firing


RuleFunction = Callable[["Context"], Iterable[Hit]]
Applies = Callable[["Context"], bool]


@dataclass(frozen=True)
class RuleCode:
    rule_id: str
    evaluate: RuleFunction
    applies: Applies


RULE_CODE: dict[str, RuleCode] = {}


def rule(rule_id: str, applies: Applies | None = None):
    """Register a rule's predicate. ``applies`` says whether the rule applies to the design at all
    (for the Box 1 map's "not applicable"); by default a rule applies to every design."""

    def register(function: RuleFunction) -> RuleFunction:
        if rule_id in RULE_CODE:
            raise ValueError(f"rule {rule_id} registered twice")
        RULE_CODE[rule_id] = RuleCode(rule_id, function, applies or (lambda ctx: True))
        return function

    return register


# --- Applicability shorthands (docs/conventions.md 1.4, 1.8 item 8) -------------------


def cell_product(ctx: "Context") -> bool:
    return ctx.kind is not None and ctx.kind.is_cell_product


def ev_product(ctx: "Context") -> bool:
    return ctx.kind is not None and ctx.kind.is_ev_product


def msc_only(ctx: "Context") -> bool:
    return ctx.kind is ProductKind.MSC


def msc_ev_only(ctx: "Context") -> bool:
    return ctx.kind is ProductKind.MSC_EV


def any_product(ctx: "Context") -> bool:
    return ctx.kind is not None


# --- Reading the design -----------------------------------------------------------------------------


class Context:
    """The design and the thresholds as the rules see them, with the few derived facts that
    several rules share computed once."""

    def __init__(self, design: Design, thresholds: Thresholds, checklist: Sequence = ()):
        self.design = design
        self.thresholds = thresholds
        self.kind: ProductKind | None = design.product.kind
        # The core-protocol checklist (catalogue.toml), shared by I-1 and the result. The
        # engine computes it and passes it in: the checklist module registers rule I-1, so this
        # module importing it would make a cycle.
        self.checklist = tuple(checklist)

    @property
    def arms(self):
        return self.design.dosing.arms or []

    @cached_property
    def endpoint_kinds(self) -> set[EndpointKind]:
        return {e.kind for e in self.design.endpoints.all_endpoints() if e.kind is not None}

    @property
    def uses_vfd(self) -> bool:
        return EndpointKind.VENTILATOR_FREE_DAYS in self.endpoint_kinds

    @cached_property
    def sample_size(self):
        """The computed n for the primary endpoint (None when its kind has none)."""
        from models.design_sample_size import compute_design_sample_size

        return compute_design_sample_size(self.design)

    @cached_property
    def support(self) -> frozenset:
        return frozenset(self.design.population.respiratory_support or ())


def missing(value) -> bool:
    return is_missing(value)


def not_true(value) -> bool:
    """The catalogue's 'is not `true`': false, or not decided."""
    return value is not True


def missing_paths(pairs: Iterable[tuple[str, object]]) -> list[str]:
    """The paths among (path, value) pairs whose value is missing."""
    return [path for path, value in pairs if is_missing(value)]


# --- Word matching (docs/conventions.md 1.8 item 11) ----------------------------------------

_WORD = re.compile(r"[^\W_]+")


def words(text: str | None) -> list[str]:
    """A word is a maximal run of Unicode letters and digits; everything else separates words."""
    return _WORD.findall(text.casefold()) if text else []


def contains_phrase(text: str | None, phrases: Iterable[str]) -> bool:
    """Whether the text holds any of the phrases as consecutive whole words, ignoring case."""
    tokens = words(text)
    if not tokens:
        return False
    for phrase in phrases:
        target = phrase.casefold().split()
        size = len(target)
        for start in range(len(tokens) - size + 1):
            if tokens[start:start + size] == target:
                return True
    return False


def iter_arms(ctx: Context) -> Iterator[tuple[int, object]]:
    return enumerate(ctx.arms)
