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
from models.design_io import DesignFileError, load_design, save_design, write_atomic

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


def pending_recovery(folder: Path | None = None) -> Recovery | None:
    """The autosaved design left by a session that did not end cleanly, if any and readable.
    An unreadable leftover is removed: it cannot be offered and must not block every start."""
    folder = folder or autosave_folder()
    path = folder / DESIGN_FILE
    if not path.exists():
        return None
    try:
        design = load_design(path)
    except DesignFileError:
        discard_autosave(folder)
        return None
    original, saved_at = None, "unknown time"
    try:
        info = json.loads((folder / INFO_FILE).read_text(encoding="utf-8"))
        original = Path(info["original_path"]) if info.get("original_path") else None
        saved_at = str(info.get("saved_at", saved_at))
    except (OSError, ValueError, KeyError, TypeError):
        pass
    return Recovery(design, original, saved_at)


def discard_autosave(folder: Path | None = None) -> None:
    folder = folder or autosave_folder()
    for name in (DESIGN_FILE, INFO_FILE):
        try:
            (folder / name).unlink()
        except FileNotFoundError:
            pass
