"""Reading design files (shared format: docs/design-format-v2.md, docs/design-format-v3.md).

Reading validates everything the format says and reports every problem in the file at once, each
with its JSON path and what is allowed. The parts live beside it: the problems and how they quote
values (design_problems), old versions (design_migrations), the rules across fields
(design_checks), writing (design_writer, atomic via atomic_files) and JSON paths (json_path).
"""

from __future__ import annotations

import json
import math
import os
import re
from typing import Any

from models.design import FORMAT_NAME, FORMAT_VERSION, Design, FieldSpec, field_specs
from models.design_checks import check_across_fields, cross_field_problems  # noqa: F401
from models.design_migrations import MIGRATIONS, migrate  # noqa: F401
from models.design_problems import (  # noqa: F401 - the error types are read from here
    DesignFileError,
    NonFinite,
    Problem,
    json_type,
    lone_surrogate,
    printable,
    show,
)
# Re-exported: about forty callers (cli, ui, reports, tests) read and write through this module.
from models.design_writer import (  # noqa: F401
    canonical_json,
    copy_design,
    design_to_dict,
    design_to_json,
    fingerprint,
    save_design,
)
from models.json_path import spec_for_path

# A design is a few kilobytes; a file a thousand times larger is not a design.
MAX_FILE_BYTES = 5 * 1024 * 1024

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


# --- Reading --------------------------------------------------------------------------------------


class _DuplicateKeys(dict):
    """An object that had the same key twice (the JSON parser keeps the last one silently)."""

    duplicates: list[str]


def _object_pairs(pairs: list[tuple[str, Any]]) -> dict:
    result = _DuplicateKeys()
    result.duplicates = []
    for key, item in pairs:
        if key in result:
            result.duplicates.append(key)
        result[key] = item
    return result


def load_design(path: str | os.PathLike) -> Design:
    """Read and validate a design file; raise DesignFileError naming the file and every problem."""
    source = str(path)
    try:
        with open(path, "rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError:
        raise DesignFileError(source, [Problem("", "no such file")]) from None
    except IsADirectoryError:
        raise DesignFileError(source, [Problem("", "is a folder, not a design file")]) from None
    except OSError as exc:
        raise DesignFileError(source, [Problem("", f"cannot be read ({exc.strerror})")]) from None
    if len(data) > MAX_FILE_BYTES:
        raise DesignFileError(source, [Problem(
            "", f"is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB; a design file is a few kB")])
    return parse_design_bytes(data, source)


def parse_design_bytes(data: bytes, source: str = "<design>") -> Design:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DesignFileError(source, [Problem(
            "", f"is not UTF-8 text (byte {exc.start}); save the design as UTF-8 JSON")]) from None
    return parse_design_text(text, source)


def parse_design_text(text: str, source: str = "<design>") -> Design:
    try:
        document = json.loads(text, parse_constant=NonFinite, object_pairs_hook=_object_pairs)
    except json.JSONDecodeError as exc:
        raise DesignFileError(source, [Problem(
            "", f"is not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}")]) from None
    except RecursionError:
        raise DesignFileError(source, [Problem("", "is nested too deeply to be a design")]) from None
    except ValueError as exc:
        # Python refuses integers of more than 4,300 digits (int_max_str_digits).
        raise DesignFileError(source, [Problem(
            "", f"holds a number too long to be read ({str(exc).split(';')[0]})")]) from None
    return parse_design(document, source)


def parse_design(document: Any, source: str = "<design>") -> Design:
    """Validate a parsed JSON document and build the Design, or raise DesignFileError."""
    if not isinstance(document, dict):
        raise DesignFileError(source, [Problem(
            "", f"must hold a JSON object, not {json_type(document)}")])
    problems: list[Problem] = []
    _check_duplicates(document, "", problems)
    fmt = document.get("format")
    if fmt != FORMAT_NAME:
        problems.append(Problem("format", f'must be "{FORMAT_NAME}"'
                                + ("" if fmt is None else f", not {show(fmt)}")))
    version = document.get("version")
    if isinstance(version, bool) or not isinstance(version, (int, float)) or (
            isinstance(version, float) and not version.is_integer()):
        problems.append(Problem("version", "must be a whole number (this program reads format "
                                f"version {FORMAT_VERSION})"))
        raise DesignFileError(source, problems)
    version = int(version)
    if version > FORMAT_VERSION:
        # Never half-read a newer file: its fields may mean something this program cannot know.
        raise DesignFileError(source, [Problem(
            "version", f"the file is format version {show(version)}; this program reads "
            f"format version {FORMAT_VERSION} and older. Use a newer version of the program.")])
    if version < 1:
        problems.append(Problem("version", f"must be 1 or more, not {show(version)}"))
    if problems:
        raise DesignFileError(source, problems)
    document = dict(document)
    document["version"] = version
    try:
        document = migrate(document)
    except KeyError as exc:
        raise DesignFileError(source, [Problem("version", str(exc.args[0]))]) from None
    body = {k: v for k, v in document.items() if k not in ("format", "version")}
    design = _read_block(Design, body, "", problems)
    check_across_fields(design, problems)
    if problems:
        raise DesignFileError(source, problems)
    return design


def _check_duplicates(node: Any, path: str, problems: list[Problem]) -> None:
    if isinstance(node, dict):
        for key in getattr(node, "duplicates", []):
            problems.append(Problem(_join(path, key), "appears twice; keep one"))
        for key, child in node.items():
            _check_duplicates(child, _join(path, key), problems)
    elif isinstance(node, list):
        for i, child in enumerate(node):
            _check_duplicates(child, f"{path}[{i}]", problems)


def _join(path: str, key: str) -> str:
    if not _PLAIN_KEY.fullmatch(key):
        # A key that is not a plain name is quoted (and escaped) so the path stays readable
        # and printable: meta["ti\\u0000tle"].
        return f"{path}[{printable(json.dumps(key, ensure_ascii=False))}]"
    return f"{path}.{key}" if path else key


_PLAIN_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,60}")


def _read_block(cls: type, node: Any, path: str, problems: list[Problem]) -> Any:
    specs = field_specs(cls)
    if not isinstance(node, dict):
        problems.append(Problem(path, f"must be an object, not {json_type(node)}"))
        return cls()
    values: dict[str, Any] = {}
    for key, item in node.items():
        spec = specs.get(key)
        child = _join(path, key)
        if spec is None:
            allowed = ", ".join(specs)
            problems.append(Problem(child, f"is not a field of this format; {path or 'the top level'}"
                                    f" allows: {allowed}" + (", format, version" if not path else "")))
            continue
        if item is None or _blank(item):
            continue  # JSON null is read as absent, and so is a blank string, in any field
        values[key] = _read_value(spec, item, child, problems)
    return cls(**{k: v for k, v in values.items() if v is not None})


def _read_value(spec: FieldSpec, item: Any, path: str, problems: list[Problem]) -> Any:
    if spec.kind == "block":
        return _read_block(spec.item, item, path, problems)
    if spec.kind == "blocks":
        if not isinstance(item, list):
            problems.append(Problem(path, f"must be a list of objects, not {json_type(item)}"))
            return None
        blocks = [_read_block(spec.item, entry, f"{path}[{i}]", problems)
                  for i, entry in enumerate(item) if entry is not None]
        return blocks or None
    if spec.kind == "list":
        if not isinstance(item, list):
            problems.append(Problem(path, f"must be a list, not {json_type(item)}"))
            return None
        entries = []
        # The schema gives every list field its item kind (models/design.py, _classify).
        assert spec.item_kind is not None, spec.name
        for i, entry in enumerate(item):
            if entry is None or _blank(entry):
                continue  # blank entries are dropped
            read = _read_scalar(spec.item_kind, spec.item, spec.constraint, entry,
                                f"{path}[{i}]", problems)
            if read is not None:
                entries.append(read)
        return entries or None
    return _read_scalar(spec.kind, spec.item, spec.constraint, item, path, problems)


def _blank(node: Any) -> bool:
    """A blank string ("", " ", "\\n") is missing, whatever the field (docs/design-format-v1.md;
    docs/conventions.md 1.8 item 10): a tool that leaves a choice undecided may write it so."""
    return isinstance(node, str) and not node.strip()


def _read_scalar(kind: str, item_type: Any, constraint, node: Any, path: str,
                 problems: list[Problem]) -> Any:
    if isinstance(node, str):
        if _blank(node):
            return None
        position = lone_surrogate(node)
        if position is not None:
            problems.append(Problem(path, f"holds an unpaired surrogate escape "
                                    f"(\\u{ord(node[position]):04x}) at character {position + 1}, "
                                    "which is not a Unicode character; remove it or write the "
                                    "character it stood for"))
            return None
    if kind == "text":
        if not isinstance(node, str):
            problems.append(Problem(path, f"must be text, not {json_type(node)}"))
            return None
        if len(node) > constraint.max_length:
            problems.append(Problem(path, f"is {len(node)} characters long; at most "
                                    f"{constraint.max_length} are allowed"))
            return None
        if constraint.date and not _valid_date(node):
            problems.append(Problem(path, f"must be a date written YYYY-MM-DD, not {show(node)}"))
            return None
        return node
    if kind == "bool":
        if not isinstance(node, bool):
            problems.append(Problem(path, f"must be true or false, not {show(node)}"))
            return None
        return node
    if kind == "choice":
        allowed = [c.value for c in item_type]
        if not isinstance(node, str) or node not in allowed:
            shown = ", ".join(f'"{a}"' for a in allowed)
            problems.append(Problem(path, f"must be one of {shown}; not {show(node)}"))
            return None
        return item_type(node)
    if kind == "number":
        return _read_number(item_type, constraint, node, path, problems)
    raise AssertionError(kind)


def _read_number(number_type: type, constraint, node: Any, path: str,
                 problems: list[Problem]) -> Any:
    if isinstance(node, NonFinite) or (isinstance(node, float) and not math.isfinite(node)):
        shown = node.literal if isinstance(node, NonFinite) else show(node)
        problems.append(Problem(path, f"must be a finite number, not {shown}"))
        return None
    if isinstance(node, bool) or not isinstance(node, (int, float)):
        problems.append(Problem(path, f"must be a number, not {show(node)}"))
        return None
    if isinstance(node, int) and abs(node) > _LARGEST_NUMBER:
        # JSON integers are unbounded; no field of the format accepts anything near 1e300, and
        # converting such a number to float would overflow.
        problems.append(Problem(path, f"must be {constraint.describe_range()}"
                                + (f" {constraint.unit}" if constraint.unit else "")
                                + f", not a number with {len(str(abs(node)))} digits"))
        return None
    if constraint.integer or number_type is int:
        if isinstance(node, float) and not node.is_integer():
            problems.append(Problem(path, f"must be a whole number, not {node:g}"))
            return None
        number: int | float = int(node)
    else:
        number = float(node)
    if constraint.allowed is not None and number not in constraint.allowed:
        problems.append(Problem(path, f"must be {constraint.describe_range()}, not {number:g}"))
        return None
    if not _in_range(number, constraint):
        problems.append(Problem(path, f"must be {constraint.describe_range()}"
                                + (f" {constraint.unit}" if constraint.unit else "")
                                + f", not {number:g}"))
        return None
    return number


_LARGEST_NUMBER = 10 ** 300


def _in_range(number: float, c) -> bool:
    if c.minimum is not None and (number < c.minimum or (c.min_exclusive and number == c.minimum)):
        return False
    if c.maximum is not None and (number > c.maximum or (c.max_exclusive and number == c.maximum)):
        return False
    return True


def _valid_date(text: str) -> bool:
    if not _DATE.match(text):
        return False
    import datetime

    try:
        datetime.date.fromisoformat(text)
    except ValueError:
        return False
    return True


def read_field(path: str, item: Any) -> Any:
    """Validate one JSON-like value for the field at ``path`` exactly as the reader would, and
    return it typed (None for blank). Raises DesignFileError naming the path and what is allowed.
    The wizard uses it so a widget can never put into a design what a file could not hold."""
    spec = spec_for_path(path)
    if item is None:
        return None
    problems: list[Problem] = []
    value = _read_value(spec, item, path, problems)
    if problems:
        raise DesignFileError("the design", problems)
    return value

