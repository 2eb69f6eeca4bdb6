"""Trials the user adds (for example a newly published result), kept in the user's data folder.

They are held to the bundled file's rules (same columns, same validation), marked user-supplied
wherever they appear, and stored in ``user_data_dir()/user_trials.csv``: never in the program's
own files, which may be read-only and are replaced on every update.
"""

from __future__ import annotations

import os
from pathlib import Path

from models.atomic_files import write_atomic
from models.evidence.reader import Problem, TrialsFileError, TypedRow, read_trials, to_csv_bytes
from models.resources import resource_path

USER_TRIALS_FILE = "user_trials.csv"
BUNDLED_TRIALS = ("evidence", "trials.csv")


def user_trials_path() -> Path:
    from models.user_settings import user_data_dir

    return user_data_dir() / USER_TRIALS_FILE


def _read_bytes(path: Path, source: str) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise TrialsFileError(source, [Problem(None, None, f"cannot be read "
                                                           f"({exc.strerror or exc})")]) from None


def read_bundled_trials() -> list[TypedRow]:
    """The program's own trials. A problem here is a packaging bug, so it is raised as is."""
    path = resource_path(*BUNDLED_TRIALS)
    return read_trials(_read_bytes(path, str(path)), str(path))


def bundled_ids(bundled: list[TypedRow] | None = None) -> dict[str, str]:
    rows = read_bundled_trials() if bundled is None else bundled
    return {row.values["row_id"]: f"a bundled trial ({row.values['short_name']}); choose another id"
            for row in rows}


def read_stored_user_trials(bundled: list[TypedRow] | None = None) -> list[TypedRow]:
    """The user's stored trials ([] when there are none). Raises TrialsFileError when the stored
    file was edited into something that cannot be used."""
    path = user_trials_path()
    if not path.exists():
        return []
    return read_trials(_read_bytes(path, str(path)), str(path), bundled_ids(bundled))


def store_imported_trials(path: str | os.PathLike) -> list[str]:
    """Validate a CSV of trials and add them to the user's stored trials; returns their ids.

    Raises TrialsFileError listing every problem (line and column) and stores nothing then."""
    source = str(path)
    data = _read_bytes(Path(path), source)
    bundled = read_bundled_trials()
    try:
        stored = read_stored_user_trials(bundled)
    except TrialsFileError as exc:
        raise TrialsFileError(source, [Problem(None, None, f"the stored user trials cannot be "
                                                           f"read ({exc.lines()[0]}); fix or "
                                                           "delete that file first")]) from None
    known = bundled_ids(bundled)
    for row in stored:
        known[row.values["row_id"]] = ("a trial you imported earlier; to replace it, remove it "
                                       f"first (main.py evidence --remove "
                                       f"{row.values['row_id']})")
    new_rows = read_trials(data, source, known)
    _store(stored + new_rows)
    return [row.values["row_id"] for row in new_rows]


def remove_stored_trials(ids: list[str]) -> list[str]:
    """Remove user-supplied trials by id. Raises KeyError naming ids that are not user trials
    (bundled trials cannot be removed)."""
    stored = read_stored_user_trials()
    present = {row.values["row_id"] for row in stored}
    missing = [i for i in ids if i not in present]
    if missing:
        raise KeyError(", ".join(missing))
    _store([row for row in stored if row.values["row_id"] not in set(ids)])
    return list(ids)


def _store(rows: list[TypedRow]) -> None:
    target = user_trials_path()
    if rows:
        target.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(target, to_csv_bytes(row.values for row in rows))
    else:
        # A header without trials is not a valid evidence file: no trials, no file.
        target.unlink(missing_ok=True)
