"""Group A (product identity and characterisation) and group H (extracellular vesicles)."""

from __future__ import annotations

from models.design import DoseUnit, ProductKind, TissueSource
from models.guidance.base import (
    Hit,
    any_product,
    cell_product,
    contains_phrase,
    ev_product,
    missing,
    missing_paths,
    msc_ev_only,
    msc_only,
    not_true,
    rule,
)

CHAR = "product.characterization"
EV = "product.ev"


def _not_true_hit(pairs):
    """One hit naming every path whose flag is not true; 'not specified' only if all are unset."""
    offending = [(path, value) for path, value in pairs if not_true(value)]
    if not offending:
        return []
    return [Hit(tuple(p for p, _ in offending),
                not_specified=all(missing(v) for _, v in offending))]


def _missing_hit(pairs):
    paths = missing_paths(pairs)
    return [Hit(tuple(paths), not_specified=True)] if paths else []


@rule("A-1", applies=cell_product)
def isolation_and_processing(ctx):
    if not cell_product(ctx):
        return []
    c = ctx.design.product.characterization
    return _missing_hit([(f"{CHAR}.isolation", c.isolation), (f"{CHAR}.processing", c.processing),
                         (f"{CHAR}.max_passage", c.max_passage)])


@rule("A-2", applies=cell_product)
def viability_at_administration(ctx):
    if not cell_product(ctx):
        return []
    c = ctx.design.product.characterization
    return _not_true_hit([(f"{CHAR}.viability_at_administration", c.viability_at_administration)])


@rule("A-3a", applies=cell_product)
def viability_limit_missing(ctx):
    if not cell_product(ctx):
        return []
    c = ctx.design.product.characterization
    return _missing_hit([(f"{CHAR}.viability_min_pct", c.viability_min_pct)])


@rule("A-3b", applies=cell_product)
def viability_limit_low(ctx):
    if not cell_product(ctx):
        return []
    limit = ctx.design.product.characterization.viability_min_pct
    if limit is None or limit >= ctx.thresholds.viability_min_pct:
        return []
    return [Hit((f"{CHAR}.viability_min_pct",), values={"viability_min_pct": f"{limit:g}"},
                thresholds=("viability_min_pct",))]


@rule("A-4a", applies=msc_only)
def isct_markers(ctx):
    if not msc_only(ctx):
        return []
    c = ctx.design.product.characterization
    return _not_true_hit([(f"{CHAR}.isct_markers", c.isct_markers)])


@rule("A-4b", applies=msc_only)
def adherence_and_differentiation(ctx):
    if not msc_only(ctx):
        return []
    c = ctx.design.product.characterization
    return _not_true_hit([(f"{CHAR}.plastic_adherence", c.plastic_adherence),
                          (f"{CHAR}.trilineage_differentiation", c.trilineage_differentiation)])


@rule("A-5", applies=cell_product)
def potency_assay(ctx):
    if not cell_product(ctx):
        return []
    c = ctx.design.product.characterization
    return _missing_hit([(f"{CHAR}.potency_assay", c.potency_assay)])


@rule("A-6", applies=cell_product)
def storage_thaw_delivery(ctx):
    if not cell_product(ctx):
        return []
    product = ctx.design.product
    c = product.characterization
    pairs = [("product.cryopreserved", product.cryopreserved)]
    if product.cryopreserved is True:
        pairs.append((f"{CHAR}.thaw_to_infusion_max_min", c.thaw_to_infusion_max_min))
    pairs += [(f"{CHAR}.vehicle", c.vehicle),
              (f"{CHAR}.infusion_duration_min", c.infusion_duration_min)]
    return _missing_hit(pairs)


@rule("A-7", applies=msc_only)
def tissue_source_not_cord(ctx):
    if not msc_only(ctx):
        return []
    source = ctx.design.product.tissue_source
    if source is None or source is TissueSource.UMBILICAL_CORD:
        return []
    return [Hit(("product.tissue_source",))]


@rule("A-8a")
def kind_or_source_missing(ctx):
    product = ctx.design.product
    return _missing_hit([("product.kind", product.kind),
                         ("product.tissue_source", product.tissue_source)])


@rule("A-8b", applies=any_product)
def stem_cell_in_title(ctx):
    if not any_product(ctx):
        return []
    meta = ctx.design.meta
    paths = tuple(path for path, text in (("meta.title", meta.title), ("meta.acronym", meta.acronym))
                  if contains_phrase(text, ("stem cell", "stem cells")))
    return [Hit(paths)] if paths else []


@rule("A-9", applies=lambda ctx: ctx.kind is ProductKind.MAPC)
def mapc_product(ctx):
    return [Hit(("product.kind",))] if ctx.kind is ProductKind.MAPC else []


@rule("A-10", applies=cell_product)
def donor_or_supplement(ctx):
    if not cell_product(ctx):
        return []
    product = ctx.design.product
    return _missing_hit([("product.donor", product.donor),
                         (f"{CHAR}.culture_supplement", product.characterization.culture_supplement)])


# --- H: extracellular vesicles and secretome -------------------------------------------------------


@rule("H-1", applies=ev_product)
def ev_source_and_quantification(ctx):
    if not ev_product(ctx):
        return []
    ev = ctx.design.product.ev
    offending: list[tuple[str, bool]] = []  # (path, is-missing)
    if not_true(ev.source_amount_reported):
        offending.append((f"{EV}.source_amount_reported", missing(ev.source_amount_reported)))
    methods = set(ev.quantification_methods or ())
    if len(methods) < 2:
        offending.append((f"{EV}.quantification_methods", missing(ev.quantification_methods)))
    if not offending:
        return []
    return [Hit(tuple(p for p, _ in offending), not_specified=all(m for _, m in offending))]


@rule("H-2", applies=msc_ev_only)
def ev_protein_markers(ctx):
    if not msc_ev_only(ctx):
        return []
    ev = ctx.design.product.ev
    return _missing_hit([(f"{EV}.transmembrane_markers", ev.transmembrane_markers),
                         (f"{EV}.cytosolic_markers", ev.cytosolic_markers),
                         (f"{EV}.contaminant_markers", ev.contaminant_markers)])


@rule("H-3", applies=msc_ev_only)
def ev_single_vesicle(ctx):
    if not msc_ev_only(ctx):
        return []
    ev = ctx.design.product.ev
    return _missing_hit([(f"{EV}.single_vesicle_imaging", ev.single_vesicle_imaging),
                         (f"{EV}.single_particle_method", ev.single_particle_method)])


@rule("H-4", applies=lambda ctx: ev_product(ctx) and bool(ctx.arms))
def ev_dose_not_particles(ctx):
    if not ev_product(ctx):
        return []
    hits = []
    for index, arm in enumerate(ctx.arms):
        unit = arm.dose_unit
        if unit is None or unit is DoseUnit.PARTICLES:
            continue
        variant = "message" if unit is DoseUnit.ML else "message_cells"
        hits.append(Hit((f"dosing.arms[{index}].dose_unit",), arm=index, variant=variant))
    return hits


@rule("H-6", applies=ev_product)
def ev_potency_assay(ctx):
    if not ev_product(ctx):
        return []
    return _missing_hit([(f"{EV}.potency_assay", ctx.design.product.ev.potency_assay)])


@rule("H-7", applies=ev_product)
def ev_parent_cells(ctx):
    if not ev_product(ctx):
        return []
    ev = ctx.design.product.ev
    return _not_true_hit([(f"{EV}.parent_cells_characterized", ev.parent_cells_characterized)])


@rule("H-8", applies=ev_product)
def exosome_in_title(ctx):
    # docs/conventions.md 1.8 item 11 extends H-8 to both EV kinds (the rule says msc_ev only).
    if not ev_product(ctx):
        return []
    meta = ctx.design.meta
    phrases = ("exosome", "exosomes", "exosomal")
    paths = tuple(path for path, text in (("meta.title", meta.title), ("meta.acronym", meta.acronym))
                  if contains_phrase(text, phrases))
    return [Hit(paths)] if paths else []
