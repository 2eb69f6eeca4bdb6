"""Reading and writing design files (shared/spec/design-format.md).

Reading validates everything the format says and reports every problem in the file at once, each
with its JSON path and what is allowed. Writing is atomic (models/atomic_files.py): a crash or a
full disk never leaves a half-written design behind.
"""

from __future__ import annotations

import copy
import json
import math
import os
import re
from dataclasses import dataclass
from typing import Any, Callable

from models.atomic_files import output_refusal, remove_stale_temporaries, write_atomic
from models.design import (
    FORMAT_NAME,
    FORMAT_VERSION,
    MAX_DOSE,
    Choice,
    Design,
    DoseUnit,
    FieldSpec,
    field_specs,
    _plain,
)

# A design is a few kilobytes; a file a thousand times larger is not a design.
MAX_FILE_BYTES = 5 * 1024 * 1024

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a design file: where (JSON path) and what is allowed."""

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


class DesignFileError(Exception):
    """A design file that cannot be read. ``problems`` lists every problem found."""

    def __init__(self, source: str, problems: list[Problem]):
        self.source = source
        self.problems = problems
        super().__init__(self.lines()[0] if problems else source)

    def lines(self) -> list[str]:
        """One line per problem, each naming the file and the JSON path."""
        return [f"{self.source}: {p}" for p in self.problems]

    def __str__(self) -> str:
        return "\n".join(self.lines())


# --- Migrations -----------------------------------------------------------------------------------

# MIGRATIONS[v] turns a raw version-v document into a version-(v + 1) document, so old files
# keep opening (tests/data/ holds a real file of each old version).
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


# --- Reading --------------------------------------------------------------------------------------


class _NonFinite:
    """A NaN or Infinity literal, kept until validation can name its path."""

    def __init__(self, literal: str):
        self.literal = literal


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
        document = json.loads(text, parse_constant=_NonFinite, object_pairs_hook=_object_pairs)
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
            "", f"must hold a JSON object, not {_json_type(document)}")])
    problems: list[Problem] = []
    _check_duplicates(document, "", problems)
    fmt = document.get("format")
    if fmt != FORMAT_NAME:
        problems.append(Problem("format", f'must be "{FORMAT_NAME}"'
                                + ("" if fmt is None else f", not {_show(fmt)}")))
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
            "version", f"the file is format version {_show(version)}; this program reads "
            f"format version {FORMAT_VERSION} and older. Use a newer version of the program.")])
    if version < 1:
        problems.append(Problem("version", f"must be 1 or more, not {_show(version)}"))
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
    _check_across_fields(design, problems)
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


def _json_type(node: Any) -> str:
    if node is None:
        return "null"
    if isinstance(node, bool):
        return "true/false"
    if isinstance(node, (int, float)):
        return "a number"
    if isinstance(node, str):
        return "text"
    if isinstance(node, list):
        return "a list"
    if isinstance(node, dict):
        return "an object"
    if isinstance(node, _NonFinite):
        return node.literal
    return type(node).__name__


def _show(node: Any) -> str:
    """A value as a message quotes it: short, and always printable (a lone surrogate or a
    control character is shown as its escape, a 400-digit integer by its length)."""
    if isinstance(node, int) and not isinstance(node, bool) and abs(node) >= 10 ** 15:
        return f"a number with {len(str(abs(node)))} digits"
    if isinstance(node, (int, float)) and not isinstance(node, bool):
        if math.isnan(node):
            return "NaN"
        return f"{node:g}" if math.isfinite(node) else ("Infinity" if node > 0 else "-Infinity")
    if isinstance(node, str):
        shown = node if len(node) <= 40 else node[:37] + "..."
        return printable(json.dumps(shown, ensure_ascii=False))
    return _json_type(node)


_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\ud800-\udfff]")


def printable(text: str) -> str:
    """Text safe to print anywhere (a terminal, a UTF-8 file, a dialog): lone surrogates and
    control characters become their \\uXXXX escapes, as JSON would write them."""
    return _UNPRINTABLE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


_LONE_SURROGATE = re.compile(r"[\ud800-\udfff]")


def lone_surrogate(text: str) -> int | None:
    """The position of the first unpaired surrogate in ``text``, or None. JSON can spell one
    (``"\\ud800"``) but it is not a character: no UTF-8 file, PDF or terminal can hold it."""
    match = _LONE_SURROGATE.search(text)
    return None if match is None else match.start()


def _read_block(cls: type, node: Any, path: str, problems: list[Problem]) -> Any:
    specs = field_specs(cls)
    if not isinstance(node, dict):
        problems.append(Problem(path, f"must be an object, not {_json_type(node)}"))
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
            problems.append(Problem(path, f"must be a list of objects, not {_json_type(item)}"))
            return None
        blocks = [_read_block(spec.item, entry, f"{path}[{i}]", problems)
                  for i, entry in enumerate(item) if entry is not None]
        return blocks or None
    if spec.kind == "list":
        if not isinstance(item, list):
            problems.append(Problem(path, f"must be a list, not {_json_type(item)}"))
            return None
        entries = []
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
    """A blank string ("", " ", "\\n") is missing, whatever the field (design-format.md;
    catalogue 1.8 item 10): a tool that leaves a choice undecided may write it so."""
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
            problems.append(Problem(path, f"must be text, not {_json_type(node)}"))
            return None
        if len(node) > constraint.max_length:
            problems.append(Problem(path, f"is {len(node)} characters long; at most "
                                    f"{constraint.max_length} are allowed"))
            return None
        if constraint.date and not _valid_date(node):
            problems.append(Problem(path, f"must be a date written YYYY-MM-DD, not {_show(node)}"))
            return None
        return node
    if kind == "bool":
        if not isinstance(node, bool):
            problems.append(Problem(path, f"must be true or false, not {_show(node)}"))
            return None
        return node
    if kind == "choice":
        allowed = [c.value for c in item_type]
        if not isinstance(node, str) or node not in allowed:
            shown = ", ".join(f'"{a}"' for a in allowed)
            problems.append(Problem(path, f"must be one of {shown}; not {_show(node)}"))
            return None
        return item_type(node)
    if kind == "number":
        return _read_number(item_type, constraint, node, path, problems)
    raise AssertionError(kind)


def _read_number(number_type: type, constraint, node: Any, path: str,
                 problems: list[Problem]) -> Any:
    if isinstance(node, _NonFinite) or (isinstance(node, float) and not math.isfinite(node)):
        shown = node.literal if isinstance(node, _NonFinite) else _show(node)
        problems.append(Problem(path, f"must be a finite number, not {shown}"))
        return None
    if isinstance(node, bool) or not isinstance(node, (int, float)):
        problems.append(Problem(path, f"must be a number, not {_show(node)}"))
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


def _check_across_fields(design: Design, problems: list[Problem]) -> None:
    """The rules that tie two fields together."""
    for i, arm in enumerate(design.dosing.arms or []):
        if arm.dose_value is not None and arm.dose_unit is not None:
            limit = MAX_DOSE[arm.dose_unit]
            if arm.dose_value > limit:
                unit = "ml" if arm.dose_unit is DoseUnit.ML else arm.dose_unit.value
                problems.append(Problem(
                    f"dosing.arms[{i}].dose_value",
                    f"must be above 0 and at most {_plain(limit)} for a dose in {unit}, "
                    f"not {arm.dose_value:g}"))
    ratio = design.control.allocation_ratio
    arms = design.dosing.arms
    # An entry refused above is dropped from the list: its length is then not the file's.
    entry_refused = any(p.path.startswith("control.allocation_ratio[") for p in problems)
    if ratio is not None and arms is not None and len(ratio) != len(arms) + 1 \
            and not entry_refused:
        problems.append(Problem(
            "control.allocation_ratio",
            f"has {len(ratio)} numbers but dosing.arms has {len(arms)} arm(s); give one number "
            f"per active arm in dosing.arms order, then one for the control arm "
            f"({len(arms) + 1} in all)"))
    _check_looks(design, problems)
    _check_ordinal(design, problems)
    pop = design.population
    if pop.age_min is not None and pop.age_max is not None and pop.age_min > pop.age_max:
        problems.append(Problem("population.age_min",
                                f"({pop.age_min:g}) must not be above population.age_max "
                                f"({pop.age_max:g})"))


def _check_looks(design: Design, problems: list[Problem]) -> None:
    """Information fractions rise to 1."""
    stats = design.statistics
    rates = stats.group_sequential.info_rates
    if rates is None or any(p.path.startswith("statistics.group_sequential.info_rates[")
                            for p in problems):
        return
    path = "statistics.group_sequential.info_rates"
    if any(later <= earlier for earlier, later in zip(rates, rates[1:])):
        problems.append(Problem(path, "must rise from look to look, e.g. [0.5, 1]"))
    elif rates[-1] != 1:
        problems.append(Problem(path, f"must end with 1 (the final analysis), not "
                                f"{rates[-1]:g}"))
    # Their number against statistics.interim_analyses is the plan's to check (design_plan):
    # a read error here would refuse every edit of the number of looks in the wizard.


def _check_ordinal(design: Design, problems: list[Problem]) -> None:
    ordinal = design.statistics.ordinal
    probabilities = ordinal.control_probabilities
    if probabilities is None or any(
            p.path.startswith("statistics.ordinal.control_probabilities[") for p in problems):
        return
    path = "statistics.ordinal.control_probabilities"
    if len(probabilities) < 2:
        problems.append(Problem(path, "needs at least 2 ordered categories"))
    elif abs(math.fsum(probabilities) - 1) > 1e-6:
        problems.append(Problem(path, f"must add up to 1, not {math.fsum(probabilities):.6g}"))
    categories = ordinal.categories
    if categories is not None and len(categories) != len(probabilities):
        problems.append(Problem("statistics.ordinal.categories",
                                f"names {len(categories)} categories but {path} gives "
                                f"{len(probabilities)} probabilities; give one name per "
                                "probability, worst first"))


# --- Writing --------------------------------------------------------------------------------------


def design_to_dict(design: Design) -> dict:
    """The design as a JSON-ready document: format and version first, missing fields left out."""
    document: dict[str, Any] = {"format": FORMAT_NAME, "version": FORMAT_VERSION}
    document.update(_block_to_dict(design))
    return document


def _block_to_dict(block: Any) -> dict:
    out: dict[str, Any] = {}
    for name, spec in field_specs(type(block)).items():
        item = getattr(block, name)
        if item is None:
            continue
        if spec.kind == "block":
            nested = _block_to_dict(item)
            if nested:
                out[name] = nested
        elif spec.kind == "blocks":
            out[name] = [_block_to_dict(entry) for entry in item]
        elif spec.kind == "list":
            out[name] = [_scalar_to_json(entry) for entry in item]
        else:
            out[name] = _scalar_to_json(item)
    return out


def _scalar_to_json(item: Any) -> Any:
    if isinstance(item, Choice):
        return item.value
    if isinstance(item, float) and item.is_integer() and abs(item) < 1e15:
        return int(item)  # 5000000 reads better than 5000000.0, and reads back the same
    return item


def design_to_json(design: Design) -> str:
    return json.dumps(design_to_dict(design), indent=2, ensure_ascii=False) + "\n"


def canonical_json(design: Design) -> str:
    """A stable text of the design's content, for fingerprints: sorted keys, no spacing."""
    return json.dumps(design_to_dict(design), sort_keys=True, separators=(",", ":"),
                      ensure_ascii=False)


def fingerprint(design: Design) -> str:
    """A short hash that tells two versions of a design apart."""
    import hashlib

    return hashlib.sha256(canonical_json(design).encode("utf-8")).hexdigest()[:12]


def save_design(design: Design, path: str | os.PathLike) -> None:
    """Write the design atomically; on failure the previous file (if any) is left as it was."""
    write_atomic(path, design_to_json(design).encode("utf-8"))


# --- Field paths ----------------------------------------------------------------------------------


def spec_for_path(path: str) -> FieldSpec:
    """The FieldSpec of the field at a JSON path such as ``dosing.arms[0].dose_value``."""
    cls: Any = Design
    spec: FieldSpec | None = None
    for part in path.split("."):
        match = _PATH_PART.fullmatch(part)
        if match is None:
            raise KeyError(path)
        spec = field_specs(cls).get(match.group(1))
        if spec is None:
            raise KeyError(path)
        if spec.kind in ("block", "blocks"):
            cls = spec.item
    if spec is None:
        raise KeyError(path)
    return spec


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


def cross_field_problems(design: Design) -> list[Problem]:
    """The problems that tie two fields together (allocation vs arms, ages, ml doses)."""
    problems: list[Problem] = []
    _check_across_fields(design, problems)
    return problems

_PATH_PART = re.compile(r"([a-z_]+)(?:\[(\d+)\])?")


def get_path(design: Design, path: str) -> Any:
    """The value at a JSON path such as ``dosing.arms[0].dose_value`` (None if absent)."""
    node: Any = design
    for part in path.split("."):
        match = _PATH_PART.fullmatch(part)
        if match is None or node is None:
            return None
        node = getattr(node, match.group(1), None)
        if match.group(2) is not None:
            index = int(match.group(2))
            if not isinstance(node, list) or index >= len(node):
                return None
            node = node[index]
    return node


def copy_design(design: Design) -> Design:
    """A deep copy (the wizard edits a copy when it must be able to go back)."""
    return copy.deepcopy(design)
