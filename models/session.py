"""The design being edited: its value, its file, whether it has unsaved changes.

Every edit goes through ``set_value`` (or the arm and endpoint list operations), which validates
it exactly as the file reader would; so the design in memory can always be saved and read back.
No Qt: the wizard binds widgets to this, and tests drive it directly.
"""

from __future__ import annotations

import copy
import re
from pathlib import Path
from typing import Any, Callable

from models.atomic_files import remove_stale_temporaries
from models.design import Arm, Design, Endpoint, IntercurrentEvent
from models.design_io import (
    DesignFileError,
    cross_field_problems,
    get_path,
    load_design,
    read_field,
    save_design,
)

_PART = re.compile(r"([a-z_]+)(?:\[(\d+)\])?")


class EditRejected(ValueError):
    """An edit the format does not allow; the message names the field and what is allowed."""


class DesignSession:
    def __init__(self, design: Design | None = None, path: Path | None = None):
        self.design = design or Design()
        self.path = path
        self.dirty = False
        self._listeners: list[Callable[[str | None], None]] = []

    # --- listening ---------------------------------------------------------------------------

    def subscribe(self, listener: Callable[[str | None], None]) -> None:
        """Call ``listener(path)`` after every change (path None: the whole design changed)."""
        self._listeners.append(listener)

    def _changed(self, path: str | None, dirty: bool = True) -> None:
        if dirty:
            self.dirty = True
        for listener in list(self._listeners):
            listener(path)

    # --- files -------------------------------------------------------------------------------

    @property
    def display_name(self) -> str:
        return self.path.name if self.path else "Untitled design"

    def new(self, design: Design | None = None) -> None:
        self.design = design or Design()
        self.path = None
        self.dirty = False
        self._changed(None, dirty=False)

    def open(self, path: Path) -> None:
        """Load a file; on DesignFileError the current design stays exactly as it was."""
        design = load_design(path)
        # What killed saves of this file left behind goes now (models/atomic_files.py).
        remove_stale_temporaries(path)
        self.design, self.path, self.dirty = design, Path(path), False
        self._changed(None, dirty=False)

    def save(self, path: Path | None = None) -> Path:
        target = Path(path) if path is not None else self.path
        if target is None:
            raise ValueError("no file name yet: use save as")
        save_design(self.design, target)
        self.path, self.dirty = target, False
        self._changed(None, dirty=False)
        return target

    # --- fields ------------------------------------------------------------------------------

    def get(self, path: str) -> Any:
        return get_path(self.design, path)

    def set_value(self, path: str, value: Any) -> None:
        """Set one field. ``value`` is JSON-like (text, number, bool, list) or None to clear it.
        Raises EditRejected when the format does not allow it; the design is then unchanged."""
        try:
            typed = read_field(path, value)
        except DesignFileError as error:
            raise EditRejected(str(error.problems[0])) from None
        owner, name = self._owner(path)
        old = getattr(owner, name)
        if old == typed:
            return
        setattr(owner, name, typed)
        problems = cross_field_problems(self.design)
        if problems:
            setattr(owner, name, old)
            raise EditRejected(str(problems[0]))
        self._changed(path)

    def _owner(self, path: str) -> tuple[Any, str]:
        parts = path.split(".")
        node: Any = self.design
        for part in parts[:-1]:
            match = _PART.fullmatch(part)
            if match is None:
                raise ValueError(f"{path!r} is not a design path")
            node = getattr(node, match.group(1))
            if match.group(2) is not None:
                node = node[int(match.group(2))]
        return node, parts[-1]

    # --- arms and secondary endpoints --------------------------------------------------------

    def add_arm(self) -> int:
        """Append an empty arm; keep the allocation ratio one entry per arm plus the control."""
        dosing = self.design.dosing
        before = len(dosing.arms or [])
        dosing.arms = (dosing.arms or []) + [Arm()]
        ratio = self.design.control.allocation_ratio
        if ratio is not None:
            if len(ratio) == before + 1:
                ratio.insert(len(ratio) - 1, 1.0)  # the new arm gets the share of one unit
            else:
                # The ratio was entered before any arm existed and cannot be matched to the arms:
                # it goes back to "not decided" rather than being guessed.
                self.design.control.allocation_ratio = None
        self._changed("dosing.arms")
        return len(dosing.arms) - 1

    def remove_arm(self, index: int) -> None:
        dosing = self.design.dosing
        arms = list(dosing.arms or [])
        del arms[index]
        dosing.arms = arms or None
        ratio = self.design.control.allocation_ratio
        if ratio is not None:
            del ratio[index]
            if len(ratio) < 2:
                self.design.control.allocation_ratio = None
        self._changed("dosing.arms")

    def add_secondary_endpoint(self) -> int:
        endpoints = self.design.endpoints
        endpoints.secondary = (endpoints.secondary or []) + [Endpoint()]
        self._changed("endpoints.secondary")
        return len(endpoints.secondary) - 1

    def remove_secondary_endpoint(self, index: int) -> None:
        endpoints = self.design.endpoints
        remaining = list(endpoints.secondary or [])
        del remaining[index]
        endpoints.secondary = remaining or None
        self._changed("endpoints.secondary")

    def add_intercurrent_event(self) -> int:
        estimand = self.design.endpoints.estimand
        estimand.intercurrent_events = (estimand.intercurrent_events or []) + \
            [IntercurrentEvent()]
        self._changed("endpoints.estimand.intercurrent_events")
        return len(estimand.intercurrent_events) - 1

    def remove_intercurrent_event(self, index: int) -> None:
        estimand = self.design.endpoints.estimand
        remaining = list(estimand.intercurrent_events or [])
        del remaining[index]
        estimand.intercurrent_events = remaining or None
        self._changed("endpoints.estimand.intercurrent_events")

    def snapshot(self) -> Design:
        return copy.deepcopy(self.design)
