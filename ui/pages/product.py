"""Step 2, Product: what is given, where it comes from, and how it is characterised and released.

The cell characterization applies to MSCs and MAPCs (and is shown while the kind is not decided);
the EV characterization applies to MSC-derived vesicles and secretome, the identity markers to
MAPCs (models/applicability.py). What does not apply is hidden, never cleared: the format keeps
a mismatched block so the user can switch back.
"""

from __future__ import annotations

from ui.pages.base import Page



class ProductPage(Page):
    step_key = "product"

    def build(self) -> None:
        self.heading("Product")
        self.intro("What the patients receive and where it comes from. Box 1 of Curley 2024 asks "
                   "for detailed characterization of the product (isolation, processing, key "
                   "markers, viability at administration) so that trials can be compared and "
                   "pooled.")

        _, form = self.section("Product")
        self.field(form, "product.kind")
        self.field(form, "product.tissue_source")
        self.field(form, "product.donor")
        self.field(form, "product.cryopreserved")

        path = "product.characterization."
        self.cell_group, form = self.section("Characterization and release (cell products)")
        self.field(form, path + "isolation")
        self.field(form, path + "processing")
        self.field(form, path + "culture_supplement")
        self.field(form, path + "max_passage")
        self.field(form, path + "isct_markers")
        self.field(form, path + "plastic_adherence")
        self.field(form, path + "trilineage_differentiation")
        self.field(form, path + "viability_at_administration")
        self.field(form, path + "viability_min_pct")
        self.field(form, path + "potency_assay")
        self.field(form, path + "thaw_to_infusion_max_min")
        self.field(form, path + "vehicle")
        self.field(form, path + "infusion_duration_min")

        path = "product.ev."
        self.ev_group, form = self.section("Extracellular vesicle characterization (MISEV2023)")
        self.field(form, path + "source_amount_reported")
        self.field(form, path + "quantification_methods")
        self.field(form, path + "transmembrane_markers")
        self.field(form, path + "cytosolic_markers")
        self.field(form, path + "contaminant_markers")
        self.field(form, path + "single_vesicle_imaging")
        self.field(form, path + "single_particle_method")
        self.field(form, path + "parent_cells_characterized")
        self.field(form, path + "potency_assay")

        from ui.pages.format3 import add_release
        add_release(self)

