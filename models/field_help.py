"""Labels, units and help texts of the design fields, as data (resources/help/fields.toml).

Keys are JSON paths with list indexes written as ``[]`` (``dosing.arms[].dose_value``). The help
says why a field matters, drawn from the guidance catalogue's evidence, not invented.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from models.json_path import generic_path
from models.resources import load_toml



@dataclass(frozen=True)
class FieldHelp:
    label: str          # with a mnemonic marker '&' where the page wants one
    help: str = ""
    unit: str = ""
    # How the wizard shows the field (Page.field builds the widget from these and the field's
    # kind in the schema): the hint in an empty box, the words of a yes/no decision, a text box
    # of several lines, check boxes per row.
    placeholder: str = ""
    yes: str = "Yes"
    no: str = "No"
    multiline: bool = False
    columns: int = 2


_WIDGET_KEYS = ("placeholder", "yes", "no", "multiline", "columns")


@lru_cache(maxsize=1)
def _catalogue() -> dict[str, FieldHelp]:
    document = load_toml("help", "fields.toml")
    return {path: FieldHelp(entry["label"], entry.get("help", ""), entry.get("unit", ""),
                            **{key: entry[key] for key in _WIDGET_KEYS if key in entry})
            for path, entry in document.items()}


def field_help(path: str) -> FieldHelp:
    """The label and help of a field; a readable fallback for a field without an entry."""
    key = generic_path(path)
    found = _catalogue().get(key)
    if found is not None:
        return found
    name = key.rsplit(".", 1)[-1].replace("_", " ")
    return FieldHelp(name[:1].upper() + name[1:])


def all_field_help() -> dict[str, FieldHelp]:
    return dict(_catalogue())
