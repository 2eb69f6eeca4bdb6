"""The eligibility criteria a design fixes, as USDM EligibilityCriterion (on the study design)
and EligibilityCriterionItem (their text, on the study version). Only what the design's fields
say becomes a criterion; a field not decided gives none.
"""

from __future__ import annotations

from models.design import Design, Fibroproliferative, Subphenotype
from models.formatting import format_number
from reports.content import words


def criteria_texts(design: Design) -> list[tuple[str, str]]:
    """(category, text) for each criterion, category 'inclusion' or 'exclusion'."""
    pop = design.population
    out: list[tuple[str, str]] = []
    ards = "Acute respiratory distress syndrome"
    if pop.definition:
        ards += f" by the {words(pop.definition)} definition"
    if pop.setting:
        ards += f" ({words(pop.setting)})"
    out.append(("inclusion", ards))
    if pop.respiratory_support:
        out.append(("inclusion", "Receiving " + " or ".join(words(s) for s in
                                                             pop.respiratory_support)))
    for value, text in ((pop.pf_ratio_max, "PaO₂/FiO₂ ≤ {} mmHg"),
                        (pop.sf_ratio_max, "SpO₂/FiO₂ ≤ {}"),
                        (pop.peep_min, "PEEP ≥ {} cmH₂O"),
                        (pop.hfno_flow_min, "High-flow nasal oxygen at ≥ {} L/min"),
                        (pop.onset_window_hours, "Enrolled within {} h of ARDS onset"),
                        (pop.age_min, "Age ≥ {} years"), (pop.age_max, "Age ≤ {} years")):
        if value is not None:
            out.append(("inclusion", text.format(format_number(value))))
    if pop.subphenotype is Subphenotype.ENRICHED_HYPERINFLAMMATORY:
        classifier = f" ({pop.classifier})" if pop.classifier else ""
        out.append(("inclusion", f"Hyperinflammatory subphenotype{classifier}"))
    if pop.exclude_recent_malignancy:
        out.append(("exclusion", "Recent or active malignancy"))
    if pop.fibroproliferative is Fibroproliferative.EXCLUDED:
        out.append(("exclusion", "Fibroproliferative (late) ARDS"))
    return out


def eligibility(design: Design, new_id, code) -> tuple[list[dict], list[dict]]:
    """(criteria, items): the EligibilityCriterion list, linked in order, and their items."""
    criteria, items = [], []
    numbers = {"inclusion": 0, "exclusion": 0}
    for category, text in criteria_texts(design):
        numbers[category] += 1
        identifier = f"{category[0].upper()}{numbers[category]}"
        item = {"id": new_id("EligibilityCriterionItem"), "name": identifier, "label": None,
                "description": None, "text": text, "dictionaryId": None,
                "instanceType": "EligibilityCriterionItem"}
        items.append(item)
        criteria.append({"id": new_id("EligibilityCriterion"), "name": identifier,
                         "label": None, "description": None, "category": code(category),
                         "identifier": identifier, "criterionItemId": item["id"],
                         "previousId": None, "nextId": None,
                         "instanceType": "EligibilityCriterion"})
    for before, after in zip(criteria, criteria[1:]):
        before["nextId"], after["previousId"] = after["id"], before["id"]
    return criteria, items
