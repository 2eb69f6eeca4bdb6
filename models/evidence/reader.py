"""Reading an evidence CSV (the bundled trials.csv or a user's file) into typed rows.

Every problem is reported at once, each with the line and the column, because the person fixing a
user file needs all of them and needs to find each in a spreadsheet. The bundled file goes through
the same reader, so the rules a user's trial must meet are the rules the bundled trials meet.

The csv module is used rather than pandas: it reports physical line numbers, and the evidence is
small (tens of rows), so the typed rows are built in plain Python and only then put in a DataFrame.
"""

from __future__ import annotations

import csv
import io
import math
import re
from dataclasses import dataclass
from typing import Any, Iterable

from models.evidence.provenance import parse_verification
from models.evidence.schema import (
    ALLOWED,
    COLUMNS,
    COUNT_COLUMNS,
    DECIMAL_LIMITS,
    MORTALITY_ARMS,
    NUMERIC_COLUMNS,
    REQUIRED,
)

# Thousands of trials would still be far below this; a larger file is not an evidence table.
MAX_FILE_BYTES = 5 * 1024 * 1024
# A file with hundreds of problems is the wrong file; the first ones say enough.
MAX_PROBLEMS = 50

_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
_ROW_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
_SOURCE_KEY = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")
_OTHER_DELIMITERS = {";": "semicolons", "\t": "tabs", "|": "vertical bars"}


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an evidence file: the line, the column, what is wrong."""

    line: int | None
    column: str | None               # the column's name, from the header
    message: str
    character: int | None = None     # position in the line, where no column name applies

    def __str__(self) -> str:
        where = []
        if self.line is not None:
            where.append(f"line {self.line}")
        if self.column is not None:
            where.append(f"column '{self.column}'")
        if self.character is not None:
            where.append(f"character {self.character}")
        return f"{', '.join(where)}: {self.message}" if where else self.message


class TrialsFileError(Exception):
    """An evidence CSV that cannot be used; ``problems`` lists every problem found."""

    def __init__(self, source: str, problems: list[Problem]):
        self.source = source
        self.problems = problems
        super().__init__(str(self))

    def lines(self) -> list[str]:
        """One line per problem, each naming the file, the line and the column."""
        return [f"{self.source}: {p}" for p in self.problems]

    def __str__(self) -> str:
        return "\n".join(self.lines())


@dataclass(frozen=True)
class TypedRow:
    line: int
    values: dict[str, Any]     # every column: str, int, float or None (empty cell)


def read_trials(data: bytes, source: str,
                known_ids: dict[str, str] | None = None) -> list[TypedRow]:
    """Validate and type an evidence CSV. ``known_ids`` maps ids that already exist to where they
    are ("a bundled trial"), so that a user file cannot shadow them.

    Raises TrialsFileError with every problem."""
    problems: list[Problem] = []
    text = _decode(data, problems)
    if text is None:
        raise TrialsFileError(source, problems)
    rows = _parse(text, problems)
    if not problems and not rows:
        problems.append(Problem(None, None, "holds a header but no trials"))
    if problems:
        raise TrialsFileError(source, problems[:MAX_PROBLEMS])
    typed = []
    seen: dict[str, int] = {}
    for line, cells in rows:
        values = _type_row(line, cells, problems)
        row_id = values.get("row_id")
        if row_id:
            if row_id in seen:
                problems.append(Problem(line, "row_id", f"'{row_id}' is also the id on line "
                                                        f"{seen[row_id]}; ids must be unique"))
            elif known_ids and row_id in known_ids:
                problems.append(Problem(line, "row_id", f"'{row_id}' is already the id of "
                                                        f"{known_ids[row_id]}"))
            seen.setdefault(row_id, line)
        typed.append(TypedRow(line, values))
    if problems:
        raise TrialsFileError(source, problems[:MAX_PROBLEMS])
    return typed


# --- Bytes to text --------------------------------------------------------------------------------


def _decode(data: bytes, problems: list[Problem]) -> str | None:
    """UTF-8 text (with or without Excel's byte-order mark), or None with the problem recorded."""
    if len(data) > MAX_FILE_BYTES:
        problems.append(Problem(None, None, f"is {len(data)} bytes; an evidence file is at most "
                                            f"{MAX_FILE_BYTES} bytes"))
        return None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in data[:4096]:
        # UTF-16 (Excel's "Unicode text") puts a NUL beside every ASCII character.
        problems.append(Problem(1, None, "the file is UTF-16 encoded; save it as CSV in UTF-8 "
                                         "('CSV UTF-8' in Excel)", character=1))
        return None
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        problems.append(_encoding_problem(data, exc.start))
        return None


def _encoding_problem(data: bytes, offset: int) -> Problem:
    """Name the line and column of the first byte that is not UTF-8."""
    line = data.count(b"\n", 0, offset) + 1
    line_start = data.rfind(b"\n", 0, offset) + 1
    before = data[line_start:offset].decode("utf-8")   # valid: decoding failed only at offset
    column = None
    header_end = data.find(b"\n")
    if line > 1 and header_end > 0:
        try:
            header = next(csv.reader([data[:header_end].decode("utf-8").rstrip("\r")]))
            index = len(next(csv.reader([before]))) - 1 if before else 0
            column = header[index].strip() if index < len(header) else None
        except (UnicodeDecodeError, StopIteration):
            column = None
    return Problem(line, column,
                   f"byte 0x{data[offset]:02X} is not UTF-8 (the file looks like Latin-1 or "
                   "Windows-1252); save it as CSV in UTF-8", character=len(before) + 1)


# --- Text to cells --------------------------------------------------------------------------------


def _parse(text: str, problems: list[Problem]) -> list[tuple[int, dict[str, str]]]:
    """The data rows as (first line of the record, cells), after checking the header."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader, None)
        if not header or not any(cell.strip() for cell in header):
            problems.append(Problem(1, None, "the file is empty; the first line must name the "
                                             "columns of the evidence table"))
            return []
        header = [cell.strip() for cell in header]
        if not _check_header(header, problems):
            return []
        rows = []
        last_line = reader.line_num
        for cells in reader:
            first_line, last_line = last_line + 1, reader.line_num
            if not any(cell.strip() for cell in cells):
                continue    # blank lines between trials are harmless
            if len(cells) != len(header):
                problems.append(Problem(first_line, None,
                                        f"has {len(cells)} fields, the header has {len(header)} "
                                        "(a comma inside a value must be quoted)"))
                continue
            rows.append((first_line, dict(zip(header, cells))))
        return rows
    except csv.Error as exc:
        problems.append(Problem(reader.line_num, None, f"cannot be read as CSV: {exc}"))
        return []


def _check_header(header: list[str], problems: list[Problem]) -> bool:
    if len(header) == 1:
        for delimiter, name in _OTHER_DELIMITERS.items():
            if delimiter in header[0]:
                problems.append(Problem(1, None, f"the columns are separated by {name}, not by "
                                                 "commas; save the file as comma-separated CSV",
                                        character=header[0].index(delimiter) + 1))
                return False
    before = len(problems)
    positions: dict[str, int] = {}
    for index, name in enumerate(header, start=1):
        if name in positions:
            problems.append(Problem(1, name, f"appears twice (columns {positions[name]} and "
                                             f"{index})"))
        elif name not in COLUMNS:
            problems.append(Problem(1, name or f"#{index}",
                                    f"column {index} is not a column of the evidence table"))
        positions.setdefault(name, index)
    for name in COLUMNS:
        if name not in positions:
            problems.append(Problem(1, name, "missing column (the file must have every column "
                                             "of the bundled trials.csv; leave cells empty when "
                                             "unknown)"))
    return len(problems) == before


# --- Cells to typed values ------------------------------------------------------------------------


def _type_row(line: int, cells: dict[str, str], problems: list[Problem]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for column in COLUMNS:
        values[column] = _type_cell(line, column, cells[column], problems)
    for column in REQUIRED:
        if not cells[column].strip():     # (an invalid value is reported as such, not as missing)
            problems.append(Problem(line, column, "is required"))
    if values["row_id"] is not None and not _ROW_ID.match(values["row_id"]):
        problems.append(Problem(line, "row_id", f"'{values['row_id']}' may hold only letters, "
                                                "digits, '_', '.' and '-'"))
    _check_across_columns(line, values, problems)
    return values


def _type_cell(line: int, column: str, raw: str, problems: list[Problem]) -> Any:
    text = raw.strip()
    if not text:
        return None     # unknown stays unknown: an empty cell is never filled in
    if column in NUMERIC_COLUMNS:
        return _number(line, column, text, problems)
    if column in ALLOWED and text not in ALLOWED[column]:
        problems.append(Problem(line, column, f"'{text}' is not one of "
                                              + ", ".join(ALLOWED[column])))
        return None
    if column == "verification":
        try:
            parse_verification(text)
        except ValueError as exc:
            problems.append(Problem(line, column, str(exc)))
    if column == "sources":
        bad = [key for key in split_sources(text) if not _SOURCE_KEY.match(key)]
        if bad:
            problems.append(Problem(line, column, f"'{bad[0]}' is not a source key (letters, "
                                                  "digits and '_', separated by '; ')"))
    return text


def _number(line: int, column: str, text: str, problems: list[Problem]) -> int | float | None:
    if not _NUMBER.match(text):
        shown = text if len(text) <= 40 else text[:37] + "..."
        problems.append(Problem(line, column, f"'{shown}' is not a number (write plain numbers "
                                              "such as 12, 37.5 or 1e6; leave the cell empty "
                                              "when the value is unknown)"))
        return None
    number = float(text)
    if not math.isfinite(number):
        problems.append(Problem(line, column, f"{text[:20]} is too large to be a number here"))
        return None
    if number < 0:
        problems.append(Problem(line, column, f"{text} must not be negative"))
        return None
    if column in COUNT_COLUMNS:
        if not number.is_integer():
            problems.append(Problem(line, column, f"{text} must be a whole number"))
            return None
        return int(number)
    limit = DECIMAL_LIMITS[column]
    if number > limit:
        problems.append(Problem(line, column, f"{text} is above the largest sensible value "
                                              f"({limit:g})"))
        return None
    return number


def _check_across_columns(line: int, values: dict[str, Any], problems: list[Problem]) -> None:
    for arm, (events_col, n_col, _) in MORTALITY_ARMS.items():
        events, n = values[events_col], values[n_col]
        if events is not None and n is None:
            problems.append(Problem(line, events_col, f"deaths in the {arm} arm are given "
                                                      f"without its denominator ({n_col})"))
        elif n is not None and n == 0:
            problems.append(Problem(line, n_col, f"the {arm} arm has 0 patients; a mortality "
                                                 "denominator must be at least 1 (leave the "
                                                 "cell empty when it is unknown)"))
        elif events is not None and n is not None and events > n:
            problems.append(Problem(line, events_col, f"{events} deaths is more than the {n} "
                                                      f"patients of {n_col}"))
    if (values["dose_value"] is None) != (values["dose_unit"] is None):
        given, missing = (("dose_value", "dose_unit") if values["dose_value"] is not None
                          else ("dose_unit", "dose_value"))
        problems.append(Problem(line, missing, f"must be given together with {given}"))
    if values["dose_unit"] == "ml" and values["dose_value"] is not None \
            and values["dose_value"] > 1000:
        problems.append(Problem(line, "dose_value", f"{values['dose_value']:g} ml is above the "
                                                    "largest sensible volume (1000 ml)"))


def split_sources(text: str | None) -> list[str]:
    """The ``sources`` column ("A; B; C") as a list of keys."""
    return [key.strip() for key in (text or "").split(";") if key.strip()]


def to_csv_bytes(rows: Iterable[dict[str, Any]]) -> bytes:
    """Rows (typed or text) back to an evidence CSV in UTF-8, every column in the bundled order.
    Whole numbers are written without a decimal point, so a stored file reads back identically."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    for row in rows:
        writer.writerow([_cell_text(row.get(column)) for column in COLUMNS])
    return buffer.getvalue().encode("utf-8")


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    return str(value)
