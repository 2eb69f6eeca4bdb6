"""JSON paths such as ``dosing.arms[0].dose_value``: the one place that parses them and follows
them, over a Design (attributes), a JSON document (dicts and lists) or the schema (FieldSpecs).

A path is names joined by dots, each name followed by any number of list indexes ``[n]``.
Findings, the wizard's bindings, SPIRIT's field map, the comparison and the tests all name fields
this way (docs/design-format-v2.md, "JSON paths"); a path written ``[]`` instead of ``[n]`` is the
generic path of every item of a list (resources/help/fields.toml keys, SPIRIT's map).
"""

from __future__ import annotations

import copy
import re
from typing import Any, Union

Step = Union[str, int]

_PART = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)((?:\[\d+\])*)")
_INDEX = re.compile(r"\[(\d+)\]")
_ITEM = re.compile(r"^(?P<list>.+?)\[(?P<index>\d+)\]")


def parse_path(path: str) -> list[Step]:
    """``"a.b[0].c"`` -> ``["a", "b", 0, "c"]``. Raises ValueError naming the bad part."""
    steps: list[Step] = []
    for part in path.split("."):
        match = _PART.fullmatch(part)
        if match is None:
            raise ValueError(f"bad part {part!r} in the JSON path {path!r}")
        steps.append(match.group(1))
        steps += [int(i) for i in _INDEX.findall(match.group(2))]
    return steps


def format_path(steps: list[Step] | tuple[Step, ...]) -> str:
    """The inverse of parse_path: ``["a", "b", 0, "c"]`` -> ``"a.b[0].c"``."""
    out = ""
    for step in steps:
        if isinstance(step, int):
            out += f"[{step}]"
        else:
            out += f".{step}" if out else step
    return out


def generic_path(path: str) -> str:
    """The path with every list index written ``[]``: the key of a field whatever the item."""
    return _INDEX.sub("[]", path)


def without_indexes(path: str) -> str:
    """The path with its list indexes left out (``dosing.arms[1]`` -> ``dosing.arms``)."""
    return _INDEX.sub("", path)


def list_item(path: str) -> tuple[str, int] | None:
    """(list path, index) of the first list item a path goes through, or None:
    ``dosing.arms[1].route`` -> ``("dosing.arms", 1)``."""
    match = _ITEM.match(path)
    return None if match is None else (match["list"], int(match["index"]))


def _child(node: Any, step: Step) -> Any:
    """One step down, or None when there is nothing there. Objects answer only for their
    dataclass fields, so a path can never reach ``__class__`` or a method."""
    if isinstance(step, int):
        return node[step] if isinstance(node, list) and step < len(node) else None
    if isinstance(node, dict):
        return node.get(step)
    if step in getattr(node, "__dataclass_fields__", ()):
        return getattr(node, step)
    return None


def get_path(root: Any, path: str) -> Any:
    """The value at ``path`` in a Design or a JSON document, None if absent or not a path."""
    try:
        steps = parse_path(path)
    except ValueError:
        return None
    node = root
    for step in steps:
        if node is None:
            return None
        node = _child(node, step)
    return node


def owner_of(root: Any, path: str) -> tuple[Any, str]:
    """The object holding the field a path ends on, and that field's name (to assign it).
    Raises KeyError when the path does not end on a name or its owner is absent."""
    steps = parse_path(path)
    last = steps[-1]
    if not isinstance(last, str):
        raise KeyError(path)
    node = root
    for step in steps[:-1]:
        node = _child(node, step)
        if node is None:
            raise KeyError(path)
    return node, last


def spec_for_path(path: str, root: type | None = None):
    """The FieldSpec of the field at ``path`` in the design format (``root``: Design)."""
    from models.design import Design, field_specs

    cls: Any = Design if root is None else root
    spec = None
    try:
        steps = parse_path(path)
    except ValueError:
        raise KeyError(path) from None
    for step in steps:
        if isinstance(step, int):
            if spec is None or spec.kind not in ("blocks", "list"):
                raise KeyError(path)
            continue
        if cls is None:
            raise KeyError(path)
        spec = field_specs(cls).get(step)
        if spec is None:
            raise KeyError(path)
        cls = spec.item if spec.kind in ("block", "blocks") else None
    if spec is None:
        raise KeyError(path)
    return spec


DELETE = object()
"""set_in_document's value that removes the entry instead of setting it."""


def set_in_document(document: dict, path: str, value: Any) -> None:
    """Set (or, with DELETE, remove) the value at ``path`` in a JSON document, creating the
    objects and lists on the way; an index equal to a list's length appends. The value is
    copied, so the caller's object never becomes part of the document."""
    steps = parse_path(path)
    node: Any = document
    for step, following in zip(steps, steps[1:]):
        if isinstance(step, int):
            if step == len(node):
                node.append({} if isinstance(following, str) else [])
            node = node[step]
        else:
            if node.get(step) is None:
                if value is DELETE:
                    return
                node[step] = {} if isinstance(following, str) else []
            node = node[step]
    last = steps[-1]
    if value is DELETE:
        if isinstance(last, int):
            del node[last]
        else:
            node.pop(last, None)
        return
    value = copy.deepcopy(value)
    if isinstance(last, int) and last == len(node):
        node.append(value)
    else:
        node[last] = value
