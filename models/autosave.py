"""Autosave of unsaved changes, and recovery after a crash.

The wizard writes the design being edited to the user's data folder at most every 30 s while it
has unsaved changes, and removes it on save, on discard and on a clean exit. A file still there
at start-up means the program did not close cleanly: the wizard offers it back.
"""

from __future__ import annotations

import datetime as _dt
import json
from dataclasses import dataclass
from pathlib import Path

from models.design import Design
from models.atomic_files import write_atomic
from models.design_io import DesignFileError, load_design, save_design

DESIGN_FILE = "autosave.trial.json"
INFO_FILE = "autosave-info.json"


@dataclass(frozen=True)
class Recovery:
    design: Design
    original_path: Path | None   # the file the design came from, if it had one
    saved_at: str                # ISO time of the autosave


def autosave_folder() -> Path:
    from models.user_settings import user_data_dir

    return user_data_dir() / "autosave"


def write_autosave(design: Design, original_path: Path | None, folder: Path | None = None) -> None:
    folder = folder or autosave_folder()
    folder.mkdir(parents=True, exist_ok=True)
    save_design(design, folder / DESIGN_FILE)
    info = {"original_path": str(original_path) if original_path else None,
            "saved_at": _dt.datetime.now().isoformat(timespec="seconds")}
    write_atomic(folder / INFO_FILE, json.dumps(info).encode("utf-8"))


@dataclass(frozen=True)
class UnreadableAutosave:
    """An autosave that could not be read (damaged, or written by a newer version of the
    program): never deleted, but kept aside under a new name so that it no longer blocks the
    start, and the user is told where."""

    kept_at: Path
    reason: str


def pending_recovery(folder: Path | None = None) -> Recovery | UnreadableAutosave | None:
    """The autosaved design left by a session that did not end cleanly, if any. An unreadable
    one is moved aside (``autosave-unreadable-<time>.trial.json``, beside it) and described."""
    folder = folder or autosave_folder()
    path = folder / DESIGN_FILE
    if not path.exists():
        return None
    try:
        design = load_design(path)
    except DesignFileError as error:
        return _set_aside(folder, error.problems[0].__str__() if error.problems else str(error))
    original, saved_at = None, "unknown time"
    try:
        info = json.loads((folder / INFO_FILE).read_text(encoding="utf-8"))
        original = Path(info["original_path"]) if info.get("original_path") else None
        saved_at = str(info.get("saved_at", saved_at))
    except (OSError, ValueError, KeyError, TypeError):
        pass
    return Recovery(design, original, saved_at)


def _set_aside(folder: Path, reason: str) -> UnreadableAutosave | None:
    import os

    stamp = _dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    kept = folder / f"autosave-unreadable-{stamp}.trial.json"
    counter = 1
    while kept.exists():
        counter += 1
        kept = folder / f"autosave-unreadable-{stamp}-{counter}.trial.json"
    try:
        os.replace(folder / DESIGN_FILE, kept)
    except OSError:
        return None  # a read-only folder: leave it where it is; nothing is lost
    try:
        os.replace(folder / INFO_FILE, kept.with_name(kept.name.replace(".trial.json",
                                                                        "-info.json")))
    except OSError:
        pass
    return UnreadableAutosave(kept, reason)


def discard_autosave(folder: Path | None = None) -> None:
    folder = folder or autosave_folder()
    for name in (DESIGN_FILE, INFO_FILE):
        try:
            (folder / name).unlink()
        except FileNotFoundError:
            pass
