"""Writing design files: the document (format and version first, missing fields left out),
its text, a fingerprint of its content, and the atomic save (models/atomic_files.py)."""

from __future__ import annotations

import copy
import json
import os
from typing import Any

from models.atomic_files import write_atomic
from models.design import FORMAT_NAME, FORMAT_VERSION, Choice, Design, field_specs


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


def copy_design(design: Design) -> Design:
    """A deep copy (the wizard edits a copy when it must be able to go back)."""
    return copy.deepcopy(design)
