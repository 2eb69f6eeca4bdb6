"""Where the export dialog suggests writing the summary: beside the design, named after it
("trial.trial.json" -> "trial-summary.pdf"), or in the home folder for a design never saved."""

from __future__ import annotations

from pathlib import Path

DESIGN_SUFFIXES = (".trial.json", ".json")


def suggested_summary_path(design_path: str | Path | None, home: Path) -> str:
    if design_path is None:
        return str(home / "protocol-summary.pdf")
    name = Path(design_path).name
    for suffix in DESIGN_SUFFIXES:
        if name.endswith(suffix):
            name = name[:-len(suffix)]
            break
    return str(Path(design_path).with_name(name + "-summary.pdf"))
