"""``export_usdm``: the design as a CDISC USDM 4.0.0 JSON file (reports/usdm/build.py), written
atomically; on any failure the target is left as it was."""

from __future__ import annotations

import json
import os
from pathlib import Path

from models.atomic_files import write_atomic
from models.design import Design
from reports.pdf import ExportResult
from reports.usdm.build import usdm_document


def usdm_bytes(design: Design) -> bytes:
    # ensure_ascii=False keeps accented names readable; json escapes control characters, and
    # the design reader has already refused lone surrogates, so the UTF-8 encoding cannot fail.
    return (json.dumps(usdm_document(design), ensure_ascii=False, indent=2) + "\n").encode()


def export_usdm(design: Design, path: str | os.PathLike, **_ignored) -> ExportResult:
    data = usdm_bytes(design)
    write_atomic(path, data)
    return ExportResult(Path(path), 0, len(data))
