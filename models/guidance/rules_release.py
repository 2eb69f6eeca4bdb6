"""Group A, format 3: the lot-release specification (product.release). Potency follows the FDA
draft guidance on potency assurance (December 2023); the safety tests are those every parenteral
cell or vesicle product is released on."""

from __future__ import annotations

from models.design import DoseBasis, ProductKind
from models.guidance.base import Hit, any_product, cell_product, missing, rule

R = "product.release"

# Release tests whose absence a reader of the protocol would query first, in protocol order.
SAFETY_TESTS = (("sterility", "sterility"), ("mycoplasma", "mycoplasma"),
                ("endotoxin_max_eu_per_kg", "an endotoxin limit"),
                ("lot_traceability", "lot traceability"))


@rule("A-11", applies=any_product)
def release_tests_incomplete(ctx):
    if not any_product(ctx):
        return []
    release = ctx.design.product.release
    paths, names, stated = [], [], False
    for name, words in SAFETY_TESTS:
        value = getattr(release, name)
        if value is None or value is False:
            paths.append(f"{R}.{name}")
            names.append(words)
            stated = stated or value is False
    if not paths:
        return []
    return [Hit(tuple(paths), not_specified=not stated,
                values={"missing_tests": ", ".join(names)})]


@rule("A-12", applies=any_product)
def no_potency_matrix(ctx):
    if not any_product(ctx):
        return []
    release = ctx.design.product.release
    paths, stated = [], False
    if missing(release.potency_matrix):
        paths.append(f"{R}.potency_matrix")
    if release.potency_lot_release is not True:
        paths.append(f"{R}.potency_lot_release")
        stated = release.potency_lot_release is False
    if not paths:
        return []
    return [Hit(tuple(paths), not_specified=not stated)]


@rule("A-13", applies=cell_product)
def dose_not_in_viable_cells(ctx):
    if not cell_product(ctx):
        return []
    basis = ctx.design.product.release.dose_basis
    if basis is DoseBasis.VIABLE_CELLS:
        return []
    return [Hit((f"{R}.dose_basis",), not_specified=basis is None)]


def _cryopreserved_cells(ctx) -> bool:
    return cell_product(ctx) and ctx.design.product.cryopreserved is True


@rule("A-14", applies=_cryopreserved_cells)
def dmso_not_stated(ctx):
    if not _cryopreserved_cells(ctx) or ctx.design.product.release.dmso_max_pct is not None:
        return []
    return [Hit((f"{R}.dmso_max_pct",), not_specified=True)]


def _mapc(ctx) -> bool:
    return ctx.kind is ProductKind.MAPC


@rule("A-15", applies=_mapc)
def mapc_identity_missing(ctx):
    if not _mapc(ctx) or not missing(ctx.design.product.release.identity_markers):
        return []
    return [Hit((f"{R}.identity_markers",), not_specified=True)]
