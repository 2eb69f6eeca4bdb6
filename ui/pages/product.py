"""Step 2, Product: what is given, where it comes from, and how it is characterised and released.

The cell characterization applies to MSCs and MAPCs (and is shown while the kind is not decided);
the EV characterization applies to MSC-derived vesicles and secretome, the identity markers to
MAPCs (models/applicability.py). What does not apply is hidden, never cleared: the format keeps
a mismatched block so the user can switch back.
"""

from __future__ import annotations

from models.design import (
    CultureSupplement,
    Donor,
    ProductKind,
    QuantificationMethod,
    SingleParticleMethod,
    SingleVesicleImaging,
    TissueSource,
)
from ui.pages.base import Page
from ui.pages.base import prepare_check_boxes



class ProductPage(Page):
    step_key = "product"

    def build(self) -> None:
        b = self.binder
        self.heading("Product")
        self.intro("What the patients receive and where it comes from. Box 1 of Curley 2024 asks "
                   "for detailed characterization of the product (isolation, processing, key "
                   "markers, viability at administration) so that trials can be compared and "
                   "pooled.")

        _, form = self.section("Product")
        self.add_field(form, "product.kind",
                       b.choice("product.kind", ProductKind))
        self.add_field(form, "product.tissue_source",
                       b.choice("product.tissue_source", TissueSource))
        self.add_field(form, "product.donor", b.choice("product.donor", Donor))
        self.add_field(form, "product.cryopreserved",
                       b.flag("product.cryopreserved", yes="Cryopreserved", no="Fresh"))

        path = "product.characterization."
        self.cell_group, form = self.section("Characterization and release (cell products)")
        self.add_field(form, path + "isolation",
                       b.long_text(path + "isolation", "e.g. explant culture of Wharton's jelly"))
        self.add_field(form, path + "processing",
                       b.long_text(path + "processing",
                                   "expansion, medium, cell banks, passages"))
        self.add_field(form, path + "culture_supplement",
                       b.choice(path + "culture_supplement", CultureSupplement))
        self.add_field(form, path + "max_passage",
                       b.number(path + "max_passage", "not decided, e.g. 4"))
        self.add_field(form, path + "isct_markers",
                       b.flag(path + "isct_markers", yes="Included", no="Not included"))
        self.add_field(form, path + "plastic_adherence",
                       b.flag(path + "plastic_adherence", yes="Documented", no="Not documented"))
        self.add_field(form, path + "trilineage_differentiation",
                       b.flag(path + "trilineage_differentiation", yes="Documented",
                              no="Not documented"))
        self.add_field(form, path + "viability_at_administration",
                       b.flag(path + "viability_at_administration",
                              yes="Measured on the product as infused",
                              no="Not measured at administration"))
        self.add_field(form, path + "viability_min_pct",
                       b.number(path + "viability_min_pct", "not decided, e.g. 70"))
        self.add_field(form, path + "potency_assay",
                       b.text(path + "potency_assay",
                              "e.g. inhibition of T-cell proliferation"))
        self.add_field(form, path + "thaw_to_infusion_max_min",
                       b.number(path + "thaw_to_infusion_max_min", "not decided, e.g. 60"))
        self.add_field(form, path + "vehicle", b.text(path + "vehicle", "e.g. Plasma-Lyte 148"))
        self.add_field(form, path + "infusion_duration_min",
                       b.number(path + "infusion_duration_min", "not decided, e.g. 60"))

        path = "product.ev."
        self.ev_group, form = self.section("Extracellular vesicle characterization (MISEV2018)")
        self.add_field(form, path + "source_amount_reported",
                       b.flag(path + "source_amount_reported", yes="Reported",
                              no="Not reported"))
        methods = b.choice_set(path + "quantification_methods", QuantificationMethod)
        prepare_check_boxes(methods, columns=3)
        self.add_field(form, path + "quantification_methods", methods)
        self.add_field(form, path + "transmembrane_markers",
                       b.text_lines(path + "transmembrane_markers", "CD9\nCD63\nCD81"))
        self.add_field(form, path + "cytosolic_markers",
                       b.text_lines(path + "cytosolic_markers", "TSG101\nsyntenin"))
        self.add_field(form, path + "contaminant_markers",
                       b.text_lines(path + "contaminant_markers", "calnexin"))
        self.add_field(form, path + "single_vesicle_imaging",
                       b.choice(path + "single_vesicle_imaging", SingleVesicleImaging))
        self.add_field(form, path + "single_particle_method",
                       b.choice(path + "single_particle_method", SingleParticleMethod))
        self.add_field(form, path + "parent_cells_characterized",
                       b.flag(path + "parent_cells_characterized", yes="Characterised",
                              no="Not characterised"))
        self.add_field(form, path + "potency_assay", b.text(path + "potency_assay"))

        from ui.pages.format3 import add_release
        add_release(self)

