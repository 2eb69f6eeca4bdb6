"""The whole design as readable rows (label, value), for the review step and the PDF.

Missing fields read "not decided"; numbers carry their units; doses use powers of ten; closed
choices read as the wizard labels them (models/vocabulary.py). Each row says whether its field
applies to the design (models/applicability.py), so that every reader leaves out the same rows.
"""

from __future__ import annotations

from dataclasses import dataclass

from models.applicability import applies
from models.design import Choice, Design, field_specs
from models.field_help import field_help
from models.formatting import format_number, format_power_of_ten
from models.vocabulary import label

NOT_DECIDED = "not decided"
# After a value the design holds for a field that does not apply (the Review step, the PDF).
NOT_APPLICABLE = "does not apply to this design; ignored by the rules"

SECTION_TITLES = {
    "meta": "Trial", "product": "Product", "dosing": "Dose and regimen",
    "population": "Population", "control": "Control", "care": "Care",
    "endpoints": "Endpoints", "statistics": "Statistics", "sampling": "Biosamples",
    "follow_up": "Follow-up", "safety": "Safety",
}


@dataclass(frozen=True)
class SummaryRow:
    path: str
    label: str
    value: str
    missing: bool
    applies: bool = True

    @property
    def shown(self) -> bool:
        """Whether a reader lists the row: a blank field that does not apply is left out."""
        return self.applies or not self.missing


def format_value(path: str, value) -> str:
    """One field's value as text, with its unit."""
    if value is None:
        return NOT_DECIDED
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, Choice):
        return label(value)
    if isinstance(value, list):
        return ", ".join(format_value(path, v) for v in value) if value else NOT_DECIDED
    unit = field_help(path).unit
    if isinstance(value, (int, float)):
        text = format_power_of_ten(value) if abs(value) >= 10_000 else format_number(value, 3)
        return f"{text} {unit}".strip()
    return str(value)


ITEM_NAMES = {"dosing.arms": "Arm", "endpoints.secondary": "Secondary endpoint",
              "endpoints.estimand.intercurrent_events": "Intercurrent event"}


def _rows(design: Design, block, prefix: str, item_label: str = "") -> list[SummaryRow]:
    rows: list[SummaryRow] = []
    for name, spec in field_specs(type(block)).items():
        path = f"{prefix}.{name}"
        value = getattr(block, name)
        if spec.kind == "block":
            rows += _rows(design, value, path, item_label)
        elif spec.kind == "blocks":
            if not value:
                rows.append(SummaryRow(path, field_help(path).label.replace("&", ""),
                                       NOT_DECIDED, True))
            for index, item in enumerate(value or []):
                rows += _rows(design, item, f"{path}[{index}]",
                              f"{ITEM_NAMES.get(path, 'Item')} {index + 1}: ")
        else:
            label = item_label + field_help(path).label.replace("&", "")
            rows.append(SummaryRow(path, label, format_value(path, value), value is None,
                                   applies(design, path)))
    return rows


def design_summary(design: Design) -> list[tuple[str, list[SummaryRow]]]:
    """(section title, rows) for every section of the format, in format order."""
    return [(SECTION_TITLES[name], _rows(design, getattr(design, name), name))
            for name in field_specs(Design)]
