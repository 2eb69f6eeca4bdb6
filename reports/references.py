"""The numbered reference list of the PDF: every source cited anywhere in the document, numbered
in order of first citation.

The guidance evidence names its sources the way the catalogue's authors wrote them ("Curley 2024,
ref 17", "Kirkham et al., Stem Cells Transl Med 2022 = Curley 2024, ref 14"); the full citations
are the catalogue's source list (catalogue.toml, section 7). ``resolve_citation`` joins the two:
by first author and year, plus a few names the catalogue uses instead of an author (MISEV2018, a
registry number). A citation with a year that matches no catalogue source is kept as written, so
nothing cited ever goes missing from the list; a fragment without a year ("section 6.2") points
inside the catalogue and is not a literature reference.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Iterable, Mapping

if TYPE_CHECKING:
    from models.evidence.provenance import Source as EvidenceSource
    from models.guidance.catalogue import Source as CatalogueSource

CURLEY_KEY = "CURLEY_2024"
REGISTRY_KEY = "REGISTRY_RECORDS"

# Names the catalogue uses in place of a first author, as (pattern, source key). The pattern
# includes the journal and year written beside the name, so that they are not read as a second,
# unknown citation.
ALIASES: tuple[tuple[re.Pattern, str], ...] = tuple(
    (re.compile(pattern), key) for pattern, key in (
        (r"ARDS Definition Task Force(, JAMA 2012)?", "BERLIN_2012"),
        (r"\bMISEV2018\b", "THERY_2018"),
        (r"HARP-2 \(NEJM 2014\)", "MCAULEY_2014"),
        (r"(the )?OMEGA design", "OMEGA_2011"),
        (r"Ryoncil prescribing information(, 2024)?", "RYONCIL_2024"),
        (r"^Cytotherapy 2025$", "ISCT_RYONCIL_2025"),
    ))
_REGISTRY = re.compile(r"(registry records? )?NCT\d{8}( and NCT\d{8})*")
_YEAR = re.compile(r"\b(19|20)\d{2}\b")
_PAPER_KINDS = ("paper_text", "paper_table")


@dataclass(frozen=True)
class Reference:
    key: str
    text: str
    urls: tuple[str, ...] = ()


def _first_word(text: str) -> str:
    match = re.search(r"[^\W\d_]+", text)
    return match.group(0).casefold() if match else ""


class SourceIndex:
    """The catalogue's sources, findable by key and by (first author, year)."""

    def __init__(self, sources: Iterable[CatalogueSource]) -> None:
        self.by_key: dict[str, Reference] = {}
        self._by_author: list[tuple[str, frozenset[str], str]] = []
        for source in sources:
            self.by_key[source.key] = Reference(source.key, source.citation.rstrip(),
                                                tuple(source.urls))
            years = frozenset(m.group(0) for m in _YEAR.finditer(source.citation))
            self._by_author.append((_first_word(source.citation), years, source.key))

    def find(self, fragment: str) -> str | None:
        author = _first_word(fragment)
        years = {m.group(0) for m in _YEAR.finditer(fragment)}
        for name, source_years, key in self._by_author:
            if name == author and years & source_years:
                return key
        return None


def _fragments(text: str) -> list[str]:
    """'A 2014 (B 2024, ref 36); C = D' -> ['A 2014', 'B 2024, ref 36', 'C', 'D']."""
    inner = re.findall(r"\(([^()]*)\)", text)
    outer = re.sub(r"\([^()]*\)", " ", text)
    parts = []
    for chunk in [outer, *inner]:
        for piece in re.split(r";| = ", chunk):
            piece = piece.strip(" ,.")
            if piece:
                parts.append(piece)
    return parts


def resolve_citation(text: str, index: SourceIndex) -> list[Reference]:
    """The references a free-text source names, catalogue entries where they exist."""
    found: list[Reference] = []

    def add(reference: Reference) -> None:
        if reference.key not in {r.key for r in found}:
            found.append(reference)

    rest = text
    for pattern, key in ALIASES:
        if pattern.search(rest) and key in index.by_key:
            add(index.by_key[key])
            rest = pattern.sub(" ", rest)
    if _REGISTRY.search(rest) and REGISTRY_KEY in index.by_key:
        add(index.by_key[REGISTRY_KEY])
        rest = _REGISTRY.sub(" ", rest)
    for fragment in _fragments(rest):
        if not _YEAR.search(fragment):
            continue            # "section 6.2": a pointer inside the catalogue, not a citation
        found_key = index.find(fragment)
        add(index.by_key[found_key] if found_key else Reference(f"text:{fragment}", fragment))
    return found


class References:
    """The document's reference list, numbered in order of first citation."""

    def __init__(self, catalogue_sources: Iterable[CatalogueSource],
                 evidence_sources: Mapping[str, EvidenceSource] | None = None) -> None:
        self.index = SourceIndex(catalogue_sources)
        self.evidence_sources = dict(evidence_sources or {})
        self._numbers: dict[str, int] = {}
        self._entries: list[Reference] = []

    def _number(self, reference: Reference) -> int:
        if reference.key not in self._numbers:
            self._entries.append(reference)
            self._numbers[reference.key] = len(self._entries)
        return self._numbers[reference.key]

    def cite_key(self, key: str) -> int:
        """Cite a catalogue source by its key."""
        return self._number(self.index.by_key[key])

    def cite_source(self, text: str) -> list[int]:
        """Cite a free-text source as the catalogue writes it; returns its numbers."""
        if not text or not text.strip():
            return []
        return [self._number(r) for r in resolve_citation(text, self.index)]

    def cite_text(self, text: str, key: str | None = None) -> int:
        """Cite a reference given in full (a statistical method's reference, say)."""
        return self._number(Reference(key or f"text:{text}", text))

    def cite_evidence_source(self, key: str) -> int:
        """Cite a source key of the evidence table. The paper's own table and text are Curley
        2024 itself, so they share its number."""
        source = self.evidence_sources.get(key)
        if source is None:
            return self._number(Reference(f"evidence:{key}",
                                          f"Source '{key}' of a user-supplied trial (not "
                                          "described in the bundled evidence)."))
        if source.kind in _PAPER_KINDS and CURLEY_KEY in self.index.by_key:
            return self.cite_key(CURLEY_KEY)
        return self._number(Reference(f"evidence:{key}", f"{source.what}.",
                                      tuple(source.addresses)))

    def entries(self) -> list[tuple[int, Reference]]:
        return list(enumerate(self._entries, start=1))


def numbers_text(numbers: Iterable[int]) -> str:
    """[1, 2, 3, 7] -> '[1–3, 7]'; empty -> ''."""
    ordered = sorted(set(numbers))
    if not ordered:
        return ""
    groups: list[list[int]] = [[ordered[0]]]
    for n in ordered[1:]:
        if n == groups[-1][-1] + 1:
            groups[-1].append(n)
        else:
            groups.append([n])
    parts = [f"{g[0]}–{g[-1]}" if len(g) > 2 else ", ".join(map(str, g)) for g in groups]
    return "[" + ", ".join(parts) + "]"
