"""The core-protocol checklist (resources/guidance/catalogue.toml) and rule I-1 that reports
its gaps.

An item is addressed when every field listed for it is filled: present and not missing. ``false``
counts as filled: the checklist records decisions, and the rules judge them.
"""

from __future__ import annotations

from dataclasses import dataclass

from models.design import (ControlType, Design, DoseSchedule, DoseUnit, EndpointKind, ProductKind,
                           Subphenotype)
from models.design_sample_size import sample_size_inputs
from models.guidance.base import Hit, missing, rule
from models.guidance.rules_population import entry_criteria_gaps


@dataclass(frozen=True)
class ChecklistItem:
    number: int
    key: str          # stable key for JSON output
    title: str
    addressed: bool
    missing_fields: tuple[str, ...]


ITEMS = (
    (1, "product_characteristics", "Product characteristics"),
    (2, "dose_and_regimen", "Dose and regimen"),
    (3, "target_subpopulation", "Target subpopulation"),
    (4, "sample_size_rationale", "Sample-size rationale"),
    (5, "population", "Population"),
    (6, "administration_strategy", "Administration strategy"),
    (7, "concomitant_therapies", "Concomitant therapies"),
    (8, "outcome_measures", "Outcome measures"),
    (9, "blinding", "Blinding"),
)

CHAR = "product.characterization"
EV = "product.ev"


def _gaps(pairs) -> list[str]:
    return [path for path, value in pairs if missing(value)]


def _product(design: Design) -> list[str]:
    product = design.product
    gaps = _gaps([("product.kind", product.kind), ("product.tissue_source", product.tissue_source),
                  ("product.donor", product.donor),
                  ("product.cryopreserved", product.cryopreserved)])
    kind = product.kind
    if kind is not None and kind.is_cell_product:
        c = product.characterization
        names = ["isolation", "processing", "culture_supplement", "max_passage",
                 "viability_at_administration", "viability_min_pct", "potency_assay"]
        if kind is ProductKind.MSC:
            names += ["isct_markers", "plastic_adherence", "trilineage_differentiation"]
        gaps += _gaps([(f"{CHAR}.{n}", getattr(c, n)) for n in names])
    elif kind is not None and kind.is_ev_product:
        ev = product.ev
        names = ["source_amount_reported", "quantification_methods",
                 "parent_cells_characterized", "potency_assay"]
        if kind is ProductKind.MSC_EV:
            names += ["transmembrane_markers", "cytosolic_markers", "contaminant_markers",
                      "single_vesicle_imaging", "single_particle_method"]
        gaps += _gaps([(f"{EV}.{n}", getattr(ev, n)) for n in names])
    return gaps


def _dose(design: Design) -> list[str]:
    dosing = design.dosing
    arms = dosing.arms
    if arms is None or missing(arms):
        return ["dosing.arms"]
    gaps = []
    for i, arm in enumerate(arms):
        pairs = [(f"dosing.arms[{i}].{n}", getattr(arm, n))
                 for n in ("dose_value", "dose_unit", "administrations")]
        if arm.schedule is DoseSchedule.IRREGULAR:   # format 3: the times stand for the interval
            pairs.append((f"dosing.arms[{i}].dose_times_hours", arm.dose_times_hours))
        elif arm.administrations is not None and arm.administrations >= 2:
            pairs.append((f"dosing.arms[{i}].interval_hours", arm.interval_hours))
        gaps += _gaps(pairs)
    units = {arm.dose_unit for arm in arms}
    if DoseUnit.CELLS_PER_KG in units and dosing.weight_basis is None:
        gaps.append("dosing.weight_basis")
    if DoseUnit.CELLS in units and dosing.max_weight_kg is None:
        gaps.append("dosing.max_weight_kg")
    return gaps


def _subpopulation(design: Design) -> list[str]:
    pop = design.population
    pairs: list[tuple[str, object]] = [("population.subphenotype", pop.subphenotype),
             ("population.fibroproliferative", pop.fibroproliferative)]
    if pop.subphenotype in (Subphenotype.STRATIFIED, Subphenotype.ENRICHED_HYPERINFLAMMATORY):
        pairs.append(("population.classifier", pop.classifier))
    return _gaps(pairs)


def _sample_size(design: Design) -> list[str]:
    return _gaps(sample_size_inputs(design))


def _population(design: Design) -> list[str]:
    pop = design.population
    return entry_criteria_gaps(pop) + _gaps([
        ("population.age_min", pop.age_min),
        ("population.exclude_recent_malignancy", pop.exclude_recent_malignancy)])


def _administration(design: Design) -> list[str]:
    dosing = design.dosing
    gaps = _gaps([("dosing.first_dose_within_hours", dosing.first_dose_within_hours)])
    arms = dosing.arms
    if arms is None or missing(arms):
        gaps.append("dosing.arms")  # docs/conventions.md 1.8 item 16: needs at least one arm
    else:
        gaps += _gaps([(f"dosing.arms[{i}].route", arm.route) for i, arm in enumerate(arms)])
    product = design.product
    if product.kind is not None and product.kind.is_cell_product:
        c = product.characterization
        pairs = [(f"{CHAR}.vehicle", c.vehicle),
                 (f"{CHAR}.infusion_duration_min", c.infusion_duration_min)]
        if product.cryopreserved is True:
            pairs.append((f"{CHAR}.thaw_to_infusion_max_min", c.thaw_to_infusion_max_min))
        gaps += _gaps(pairs)
    return gaps


def _concomitant(design: Design) -> list[str]:
    care = design.care
    return _gaps([("care.protocolised", care.protocolised), ("care.elements", care.elements),
                  ("care.immunomodulators", care.immunomodulators)])


def _outcomes(design: Design) -> list[str]:
    endpoints = design.endpoints
    gaps = _gaps([("endpoints.primary.kind", endpoints.primary.kind),
                  ("endpoints.primary.timepoint_days", endpoints.primary.timepoint_days)])
    if any(e.kind is EndpointKind.VENTILATOR_FREE_DAYS for e in endpoints.all_endpoints()):
        vfd = endpoints.vfd
        gaps += _gaps([(f"endpoints.vfd.{n}", getattr(vfd, n)) for n in (
            "horizon_days", "death_counts_as_zero", "day_zero", "counts_as_ventilation",
            "liberation_rule")])
    return gaps


def _blinding(design: Design) -> list[str]:
    control = design.control
    pairs: list[tuple[str, object]] = [("control.type", control.type),
                                       ("control.blinding", control.blinding)]
    if control.type is ControlType.PLACEBO:
        pairs.append(("control.placebo", control.placebo))
    return _gaps(pairs)


_ITEM_GAPS = (_product, _dose, _subpopulation, _sample_size, _population, _administration,
              _concomitant, _outcomes, _blinding)


def core_protocol_checklist(design: Design) -> list[ChecklistItem]:
    """The nine items, each addressed or not, with the fields still to fill."""
    items = []
    for (number, key, title), gaps_of in zip(ITEMS, _ITEM_GAPS):
        gaps = tuple(dict.fromkeys(gaps_of(design)))  # unique, in order
        items.append(ChecklistItem(number, key, title, not gaps, gaps))
    return items


@rule("I-1")
def checklist_incomplete(ctx):
    items = ctx.checklist
    open_items = [item for item in items if not item.addressed]
    if not open_items:
        return []
    paths = tuple(dict.fromkeys(p for item in open_items for p in item.missing_fields))
    return [Hit(paths, not_specified=True, values={
        "k": str(len(open_items)),
        "items": ", ".join(f"{item.number}. {item.title.lower()}" for item in open_items),
    })]
