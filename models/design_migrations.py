"""Opening old design files: MIGRATIONS[v] turns a raw version-v document into a
version-(v + 1) document, so old files keep opening (tests/data/ holds a real file of each old
version; docs/design-format-v2.md and docs/design-format-v3.md say what each version added)."""

from __future__ import annotations

from typing import Callable

from models.design import FORMAT_VERSION

Migration = Callable[[dict], dict]


def _from_version_1(document: dict) -> dict:
    """Format 2 only adds optional fields (the analysis, group-sequential looks, time-to-event
    and ordinal assumptions, the estimand): every version-1 field keeps its name and meaning,
    so a version-1 document is a version-2 document."""
    return document


def _from_version_2(document: dict) -> dict:
    """Format 3 adds optional fields and choice values (docs/design-format-v3.md); every
    version-2 field keeps its name and meaning. One fact of a version-2 file is carried into a
    new field: prone positioning listed among the protocolised care elements is a prone
    positioning policy of "protocolised". Nothing else is inferred: a new field left missing
    reads as "not decided", never as a compliant value."""
    care = document.get("care")
    if isinstance(care, dict):
        elements = care.get("elements")
        if isinstance(elements, list) and "prone_positioning" in elements \
                and care.get("prone_positioning") is None:
            care = dict(care)
            care["prone_positioning"] = "protocolised"
            document["care"] = care
    return document


MIGRATIONS: dict[int, Migration] = {1: _from_version_1, 2: _from_version_2}


def migrate(document: dict, migrations: dict[int, Migration] | None = None,
            target: int = FORMAT_VERSION) -> dict:
    """Bring a raw document up to ``target`` one version at a time."""
    steps = MIGRATIONS if migrations is None else migrations
    version = document["version"]
    while version < target:
        if version not in steps:
            raise KeyError(f"no migration from format version {version}")
        document = steps[version](dict(document))
        version += 1
        document["version"] = version
    return document
