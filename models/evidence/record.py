"""One row of the evidence table as a light, typed object.

The DataFrame is the table; these records are what computations walk, because a comparison runs on
every edit of the design and must stay far inside a frame (16 ms), which per-call pandas indexing
would not.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping

from models.evidence.provenance import FieldProvenance, column_provenance, parse_verification
from models.evidence.reader import split_sources

SETTING_LABELS = {"classical": "classical ARDS", "covid19": "COVID-19", "mixed": "mixed ARDS",
                  "gvhd": "GvHD"}
PRODUCT_LABELS = {"msc": "MSC", "mapc": "MAPC", "msc_ev": "MSC-derived EVs",
                  "secretome": "secretome"}


@dataclass(frozen=True)
class TrialRecord:
    values: Mapping[str, Any]                  # every column, typed; None = not available
    user_supplied: bool = False
    provenance: dict[str, FieldProvenance] = field(default_factory=dict)

    @classmethod
    def from_values(cls, values: Mapping[str, Any], user_supplied: bool) -> "TrialRecord":
        return cls(dict(values), user_supplied, parse_verification(values["verification"] or ""))

    def __getitem__(self, column: str) -> Any:
        return self.values[column]

    @property
    def id(self) -> str:
        return self.values["row_id"]

    @property
    def short_name(self) -> str:
        return self.values["short_name"]

    @property
    def setting(self) -> str:
        return self.values["setting"]

    @property
    def label(self) -> str:
        """How the trial is named on screen: 'Lightner 2023 (EF-15)', 'START'."""
        arm = self.values["arm_label"]
        return f"{self.short_name} ({arm})" if arm else self.short_name

    @property
    def sources(self) -> tuple[str, ...]:
        return tuple(split_sources(self.values["sources"]))

    def column_provenance(self, column: str) -> FieldProvenance | None:
        """Where one column's value comes from (None when the row does not say)."""
        return column_provenance(self.provenance, column)
