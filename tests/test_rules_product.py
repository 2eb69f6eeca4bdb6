"""Groups A (product identity and characterisation) and H (extracellular vesicles and secretome)
of the guidance rule catalogue. Expected messages are the catalogue's own text."""

from __future__ import annotations

import pytest

from models.guidance import Thresholds
from rule_helpers import (
    ADVICE,
    CHAR,
    DELETE,
    ERROR,
    EV,
    WARNING,
    assert_finding,
    assert_silent,
    base_design,
    check,
    ev_base,
    ev_changes,
    ev_design,
    fired,
    findings_for,
    mapc_base,
    mutate,
    note,
)

MSG = {
    "A-1": "Describe how the cells are isolated and processed (expansion, medium, highest passage). "
           "Without this, results cannot be compared or pooled with other trials.",
    "A-2": "Measure viability on the product as infused, after thaw and dilution, not only at lot "
           "release. In START, viability varied widely and the post hoc signal came from the "
           "higher-viability doses.",
    "A-3a": "Set the minimum viability that each dose must meet at administration.",
    "A-4a": "Include the ISCT marker panel in the release specification: ≥ 95% positive for CD105, "
            "CD73 and CD90, and ≤ 2% positive for CD45, CD34, CD14 or CD11b, CD79α or CD19, and "
            "HLA-DR. If you deviate from it, justify the deviation.",
    "A-4b": "Document plastic adherence and in vitro osteogenic, adipogenic and chondrogenic "
            "differentiation for the cell bank (ISCT 2006).",
    "A-5": "Name a potency assay linked to the intended mechanism (for example, an immunomodulation "
           "assay) and report its result for each lot used.",
    "A-6": "State whether the product is fresh or cryopreserved, the longest allowed time from thaw "
           "to infusion, the vehicle and the infusion duration. These change what the patient "
           "actually receives.",
    "A-7": "The authors consider umbilical-cord MSCs the most promising current option: isolation "
           "is easy and the source is widely available. State why another source was chosen.",
    "A-8a": "State the type of product and the tissue it comes from. The tissue source affects ease "
            "of harvest and possibly how the cells act.",
    "A-8b": "Call the product 'mesenchymal stromal cells' unless stemness has been shown, and state "
            "the tissue of origin.",
    "A-9": "MAPCs are described as MSC precursors. Report them as a distinct product class, and do "
           "not pool them with MSC trials without a stated rationale.",
    "A-10": "State the donor type and the culture supplement (FBS, human platelet lysate or "
            "xeno-free). HLA or ABO matching is not needed on current evidence.",
    "H-1": "Report the amount of source material per dose (cells or volume of conditioned medium), "
           "and quantify the preparation by at least two methods: particle count, total protein or "
           "total lipid.",
    "H-2": "Show at least one transmembrane or GPI-anchored EV protein (for example CD9, CD63 or "
           "CD81), one cytosolic EV protein (for example TSG101 or syntenin), and an assessment of "
           "expected contaminants (for example calnexin).",
    "H-3": "Characterise single vesicles by an imaging method (electron, atomic-force or "
           "super-resolution microscopy) and by a single-particle method (NTA, TRPS or "
           "high-resolution flow cytometry).",
    "H-4 ml": "A volume alone does not say how much product is given. State the particle count per "
              "dose.",
    "H-4 cells": "A cell count describes the source, not the vesicle dose. State the particle count "
                 "per dose.",
    "H-6": "Name a potency assay for the preparation and report its result for each lot.",
    "H-7": "Characterise the parent MSCs as for a cell product (ISCT identity, tissue source, "
           "isolation and processing), so that the vesicles can be shown to come from MSCs.",
    "H-8": "Say 'extracellular vesicles' unless an endosomal origin has been shown. 'Small EVs' "
           "(< 200 nm) is an operational term and should be used with care.",
}

H_RULES = ["H-1", "H-2", "H-3", "H-4", "H-6", "H-7", "H-8"]


def mapc(changes=None):
    return mutate(changes or {}, mapc_base())


def ev(changes=None, kind="msc_ev"):
    return mutate(changes or {}, ev_base(kind))


# --- Silence on complete designs -------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["msc_ev", "secretome"])
def test_complete_ev_designs_raise_nothing(kind):
    assert fired(ev_design(kind)) == []


def test_complete_mapc_design_raises_only_a9():
    assert fired(mapc()) == ["A-9"]


# --- A-1 -------------------------------------------------------------------------------------------


def test_a1_fires_not_specified_naming_the_missing_path():
    check(mutate({f"{CHAR}.isolation": DELETE}), "A-1", ERROR,
          (f"{CHAR}.isolation",), True, MSG["A-1"])


def test_a1_names_every_missing_path():
    design = mutate({f"{CHAR}.isolation": DELETE, f"{CHAR}.processing": "  ",
                     f"{CHAR}.max_passage": DELETE})
    check(design, "A-1", ERROR,
          (f"{CHAR}.isolation", f"{CHAR}.processing", f"{CHAR}.max_passage"), True, MSG["A-1"])


def test_a1_max_passage_zero_is_a_value():
    assert_silent(mutate({f"{CHAR}.max_passage": 0}), "A-1")


def test_a1_applies_to_mapc():
    check(mapc({f"{CHAR}.processing": DELETE}), "A-1", ERROR, (f"{CHAR}.processing",), True)


def test_a1_silent_for_ev_products():
    # No characterization block at all on an EV product: A-1 does not apply.
    assert_silent(ev_design(), "A-1")


# --- A-2 -------------------------------------------------------------------------------------------


def test_a2_missing_is_not_specified():
    check(mutate({f"{CHAR}.viability_at_administration": DELETE}), "A-2", ERROR,
          (f"{CHAR}.viability_at_administration",), True, MSG["A-2"])


def test_a2_false_is_a_stated_value():
    check(mutate({f"{CHAR}.viability_at_administration": False}), "A-2", ERROR,
          (f"{CHAR}.viability_at_administration",), False, MSG["A-2"])


def test_a2_mapc_fires_and_secretome_is_silent():
    check(mapc({f"{CHAR}.viability_at_administration": False}), "A-2", ERROR,
          (f"{CHAR}.viability_at_administration",), False)
    assert_silent(ev(kind="secretome"), "A-2")


# --- A-3a / A-3b -----------------------------------------------------------------------------------


def test_a3a_fires_when_limit_missing_and_a3b_stays_silent():
    design = mutate({f"{CHAR}.viability_min_pct": DELETE})
    check(design, "A-3a", WARNING, (f"{CHAR}.viability_min_pct",), True, MSG["A-3a"])
    assert_silent(design, "A-3b")


def test_a3a_silent_when_limit_stated_even_if_low():
    assert_silent(mutate({f"{CHAR}.viability_min_pct": 0}), "A-3a")


A3B_BODY = ("The acceptance limit of 60% is below the usual 70%. Low-viability doses may dilute any "
            "effect, as START suggested.")


def test_a3b_fires_below_70_with_value_and_threshold_note():
    finding = check(mutate({f"{CHAR}.viability_min_pct": 60}), "A-3b", WARNING,
                    (f"{CHAR}.viability_min_pct",), False)
    assert finding.message.startswith(
        A3B_BODY + " Threshold used: minimum viability acceptance limit: 70")
    assert finding.message.endswith(" (the default); it can be changed in Settings.")
    assert finding.thresholds == (("viability_min_pct", 70.0, 70.0),)


def test_a3b_exact_message():
    finding = check(mutate({f"{CHAR}.viability_min_pct": 60}), "A-3b", WARNING,
                    (f"{CHAR}.viability_min_pct",), False)
    assert finding.message == A3B_BODY + " " + note(
        "minimum viability acceptance limit: 70% (the default)")


@pytest.mark.parametrize("limit, fires", [(69.5, True), (70, False), (85, False), (0, True)])
def test_a3b_boundary(limit, fires):
    found = findings_for(mutate({f"{CHAR}.viability_min_pct": limit}), "A-3b")
    assert [f.rule for f in found] == (["A-3b"] if fires else [])
    if fires:
        assert found[0].message.startswith(f"The acceptance limit of {limit:g}% is below")


def test_a3b_with_a_raised_threshold():
    design = mutate({f"{CHAR}.viability_min_pct": 80})
    assert_silent(design, "A-3b")
    finding = check(design, "A-3b", WARNING, (f"{CHAR}.viability_min_pct",), False,
                    thresholds=Thresholds(viability_min_pct=85))
    assert finding.message.startswith("The acceptance limit of 80% is below the usual 70%.")
    assert "minimum viability acceptance limit: 85" in finding.message
    assert "(changed from the default of 70" in finding.message
    assert finding.thresholds == (("viability_min_pct", 85, 70.0),)


def test_a3b_with_a_lowered_threshold_is_silent():
    assert_silent(mutate({f"{CHAR}.viability_min_pct": 60}), "A-3b",
                  Thresholds(viability_min_pct=50))


def test_a3_silent_for_ev_products_even_with_a_characterization_block():
    # Catalogue 1.8 item 9: a characterization block on an EV product is ignored.
    design = mutate({**ev_changes(keep_characterization=True),
                     f"{CHAR}.viability_min_pct": 10})
    assert_silent(design, "A-3b")


# --- A-4a / A-4b -----------------------------------------------------------------------------------


def test_a4a_missing_is_not_specified():
    check(mutate({f"{CHAR}.isct_markers": DELETE}), "A-4a", ERROR,
          (f"{CHAR}.isct_markers",), True, MSG["A-4a"])


def test_a4a_false_is_stated():
    check(mutate({f"{CHAR}.isct_markers": False}), "A-4a", ERROR,
          (f"{CHAR}.isct_markers",), False, MSG["A-4a"])


def test_a4_do_not_apply_to_mapc():
    design = mapc({f"{CHAR}.isct_markers": False, f"{CHAR}.plastic_adherence": False})
    assert_silent(design, "A-4a")
    assert_silent(design, "A-4b")


def test_a4b_both_missing_is_not_specified():
    design = mutate({f"{CHAR}.plastic_adherence": DELETE,
                     f"{CHAR}.trilineage_differentiation": DELETE})
    check(design, "A-4b", WARNING,
          (f"{CHAR}.plastic_adherence", f"{CHAR}.trilineage_differentiation"), True, MSG["A-4b"])


def test_a4b_one_false_one_missing_is_not_not_specified():
    # 1.8 item 12: "not specified" only when every triggering bullet is a missing field.
    design = mutate({f"{CHAR}.plastic_adherence": False,
                     f"{CHAR}.trilineage_differentiation": DELETE})
    check(design, "A-4b", WARNING,
          (f"{CHAR}.plastic_adherence", f"{CHAR}.trilineage_differentiation"), False, MSG["A-4b"])


def test_a4b_names_only_the_offending_path():
    check(mutate({f"{CHAR}.trilineage_differentiation": False}), "A-4b", WARNING,
          (f"{CHAR}.trilineage_differentiation",), False)


# --- A-5 -------------------------------------------------------------------------------------------


def test_a5_fires_on_missing_potency_assay():
    check(mutate({f"{CHAR}.potency_assay": DELETE}), "A-5", WARNING,
          (f"{CHAR}.potency_assay",), True, MSG["A-5"])


def test_a5_blank_string_is_missing():
    check(mutate({f"{CHAR}.potency_assay": "   "}), "A-5", WARNING,
          (f"{CHAR}.potency_assay",), True)


def test_a5_silent_for_ev_product_and_ev_potency_is_h6():
    assert_silent(ev_design(), "A-5")


# --- A-6 -------------------------------------------------------------------------------------------


def test_a6_cryopreserved_missing():
    # The thaw time is only required when cryopreserved is true.
    check(mutate({"product.cryopreserved": DELETE}), "A-6", WARNING,
          ("product.cryopreserved",), True, MSG["A-6"])


def test_a6_cryopreserved_without_thaw_time():
    check(mutate({f"{CHAR}.thaw_to_infusion_max_min": DELETE}), "A-6", WARNING,
          (f"{CHAR}.thaw_to_infusion_max_min",), True, MSG["A-6"])


def test_a6_fresh_product_needs_no_thaw_time():
    assert_silent(mutate({"product.cryopreserved": False,
                          f"{CHAR}.thaw_to_infusion_max_min": DELETE}), "A-6")


def test_a6_names_every_path():
    design = mutate({f"{CHAR}.thaw_to_infusion_max_min": DELETE, f"{CHAR}.vehicle": "",
                     f"{CHAR}.infusion_duration_min": DELETE})
    check(design, "A-6", WARNING,
          (f"{CHAR}.thaw_to_infusion_max_min", f"{CHAR}.vehicle",
           f"{CHAR}.infusion_duration_min"), True, MSG["A-6"])


def test_a6_zero_minutes_is_a_value():
    assert_silent(mutate({f"{CHAR}.thaw_to_infusion_max_min": 0}), "A-6")


# --- A-7 -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("source", ["bone_marrow", "adipose", "placenta", "other"])
def test_a7_fires_for_msc_not_from_cord(source):
    check(mutate({"product.tissue_source": source}), "A-7", ADVICE,
          ("product.tissue_source",), False, MSG["A-7"])


def test_a7_silent_when_source_missing_and_a8a_reports_it():
    design = mutate({"product.tissue_source": DELETE})
    assert_silent(design, "A-7")
    check(design, "A-8a", ERROR, ("product.tissue_source",), True, MSG["A-8a"])


def test_a7_applies_to_msc_only():
    assert_silent(mapc(), "A-7")                       # bone-marrow MAPC
    assert_silent(ev_design(), "A-7")                  # bone-marrow EVs
    assert_silent(ev_design(product__tissue_source="adipose"), "A-7")


# --- A-8a ------------------------------------------------------------------------------------------


def test_a8a_kind_missing():
    check(mutate({"product.kind": DELETE}), "A-8a", ERROR, ("product.kind",), True, MSG["A-8a"])


def test_a8a_both_missing():
    check(mutate({"product.kind": DELETE, "product.tissue_source": DELETE}), "A-8a", ERROR,
          ("product.kind", "product.tissue_source"), True, MSG["A-8a"])


def test_a8a_applies_to_ev_products():
    check(ev({"product.tissue_source": DELETE}), "A-8a", ERROR, ("product.tissue_source",), True)


# --- A-8b: word matching (1.8 item 11) -------------------------------------------------------------


@pytest.mark.parametrize("title", [
    "Stem cell therapy for ARDS",
    "Mesenchymal STEM CELLS in ARDS",
    "Umbilical stem-cell infusion",
    "Stem/cells in lung injury",
    "Mesenchymal stem\u00a0cells (a trial)",
    "stem cell-derived products",
    "Trial of stem\tcells",
])
def test_a8b_fires_on_stem_cell_in_title(title):
    check(mutate({"meta.title": title}), "A-8b", ADVICE, ("meta.title",), False, MSG["A-8b"])


@pytest.mark.parametrize("title", [
    "Stemcell therapy for ARDS",
    "Stem cellular responses",
    "Stems cell lines",
    "Mesenchymal stromal cells; stem rescue",
    "Cell stem",
])
def test_a8b_silent_without_the_whole_phrase(title):
    assert_silent(mutate({"meta.title": title}), "A-8b")


def test_a8b_acronym_and_title_both_named():
    design = mutate({"meta.title": "Stem cells in ARDS", "meta.acronym": "STEM-CELLS-1"})
    check(design, "A-8b", ADVICE, ("meta.title", "meta.acronym"), False, MSG["A-8b"])


def test_a8b_acronym_only():
    check(mutate({"meta.acronym": "STEM-CELL"}), "A-8b", ADVICE, ("meta.acronym",), False)


def test_a8b_applies_to_ev_products_and_mapc():
    check(ev_design(meta__title="Stem cell vesicles"), "A-8b", ADVICE, ("meta.title",), False)
    check(mapc({"meta.title": "Stem cells"}), "A-8b", ADVICE, ("meta.title",), False)


def test_a8b_silent_when_kind_missing():
    # 1.8 item 8.
    assert_silent(mutate({"product.kind": DELETE, "meta.title": "Stem cells"}), "A-8b")


# --- A-9 -------------------------------------------------------------------------------------------


def test_a9_fires_for_mapc():
    check(mapc(), "A-9", ADVICE, ("product.kind",), False, MSG["A-9"])


@pytest.mark.parametrize("kind", ["msc", "msc_ev", "secretome"])
def test_a9_silent_for_other_kinds(kind):
    design = base_design() if kind == "msc" else ev_design(kind)
    assert_silent(design, "A-9")


# --- A-10 ------------------------------------------------------------------------------------------


def test_a10_donor_missing():
    check(mutate({"product.donor": DELETE}), "A-10", ADVICE, ("product.donor",), True,
          MSG["A-10"])


def test_a10_both_missing():
    check(mutate({"product.donor": DELETE, f"{CHAR}.culture_supplement": DELETE}), "A-10",
          ADVICE, ("product.donor", f"{CHAR}.culture_supplement"), True, MSG["A-10"])


def test_a10_silent_for_ev_products():
    assert_silent(ev({"product.donor": DELETE}), "A-10")


# --- Missing kind, and blocks that do not match the kind (1.8 items 8 and 9) ----------------------


def test_missing_kind_silences_every_kind_limited_a_and_h_rule():
    design = mutate({
        "product.kind": DELETE,
        "product.characterization": {},   # every A-1..A-6, A-10 input missing
        "product.donor": DELETE,
        "product.ev": {},                 # every H input missing
        "meta.title": "Stem cell exosomes",
        "dosing.arms[0].dose_unit": "ml", "dosing.arms[0].dose_value": 10,
    })
    fired_ah = [r for r in fired(design) if r[0] in "AH"]
    assert fired_ah == ["A-8a"]
    check(design, "A-8a", ERROR, ("product.kind",), True, MSG["A-8a"])


def test_characterization_block_on_ev_product_is_ignored():
    design = mutate({**ev_changes(keep_characterization=True),
                     f"{CHAR}.isct_markers": False, f"{CHAR}.isolation": DELETE,
                     f"{CHAR}.viability_at_administration": False})
    assert fired(design) == []


def test_ev_block_on_cell_product_is_ignored():
    design = mutate({"product.ev": {"source_amount_reported": False,
                                    "quantification_methods": ["particle_count"],
                                    "parent_cells_characterized": False}})
    assert fired(design) == []


def test_ev_product_with_cell_characterization_only_gets_h_findings():
    # The EV block is empty; the (complete) cell characterization does not stand in for it.
    design = mutate({**ev_changes(keep_characterization=True), "product.ev": DELETE})
    assert [r for r in fired(design) if r[0] in "AH"] == ["H-1", "H-2", "H-3", "H-6", "H-7"]


# --- H-1 -------------------------------------------------------------------------------------------


def test_h1_source_missing():
    check(ev({f"{EV}.source_amount_reported": DELETE}), "H-1", WARNING,
          (f"{EV}.source_amount_reported",), True, MSG["H-1"])


def test_h1_source_false_is_stated():
    check(ev({f"{EV}.source_amount_reported": False}), "H-1", WARNING,
          (f"{EV}.source_amount_reported",), False, MSG["H-1"])


def test_h1_one_quantification_method():
    check(ev({f"{EV}.quantification_methods": ["particle_count"]}), "H-1", WARNING,
          (f"{EV}.quantification_methods",), False, MSG["H-1"])


def test_h1_duplicate_methods_count_once():
    check(ev({f"{EV}.quantification_methods": ["total_protein", "total_protein"]}), "H-1",
          WARNING, (f"{EV}.quantification_methods",), False)


def test_h1_empty_list_is_missing_and_both_missing_is_not_specified():
    design = ev({f"{EV}.quantification_methods": [], f"{EV}.source_amount_reported": DELETE})
    check(design, "H-1", WARNING,
          (f"{EV}.source_amount_reported", f"{EV}.quantification_methods"), True, MSG["H-1"])


def test_h1_mixed_missing_and_stated_is_not_not_specified():
    design = ev({f"{EV}.quantification_methods": DELETE, f"{EV}.source_amount_reported": False})
    check(design, "H-1", WARNING,
          (f"{EV}.source_amount_reported", f"{EV}.quantification_methods"), False)


def test_h1_applies_to_secretome():
    check(ev({f"{EV}.source_amount_reported": False}, kind="secretome"), "H-1", WARNING,
          (f"{EV}.source_amount_reported",), False)


def test_h1_three_methods_silent():
    assert_silent(ev({f"{EV}.quantification_methods":
                      ["particle_count", "total_protein", "total_lipid"]}), "H-1")


# --- H-2 / H-3 -------------------------------------------------------------------------------------


def test_h2_one_marker_list_missing():
    check(ev({f"{EV}.cytosolic_markers": DELETE}), "H-2", WARNING,
          (f"{EV}.cytosolic_markers",), True, MSG["H-2"])


def test_h2_all_missing_blank_entries_dropped():
    design = ev({f"{EV}.transmembrane_markers": ["", "  "], f"{EV}.cytosolic_markers": DELETE,
                 f"{EV}.contaminant_markers": []})
    check(design, "H-2", WARNING,
          (f"{EV}.transmembrane_markers", f"{EV}.cytosolic_markers", f"{EV}.contaminant_markers"),
          True, MSG["H-2"])


def test_h2_h3_msc_ev_only():
    design = ev({f"{EV}.cytosolic_markers": DELETE, f"{EV}.single_vesicle_imaging": DELETE},
                kind="secretome")
    assert_silent(design, "H-2")
    assert_silent(design, "H-3")


def test_h3_imaging_missing():
    check(ev({f"{EV}.single_vesicle_imaging": DELETE}), "H-3", WARNING,
          (f"{EV}.single_vesicle_imaging",), True, MSG["H-3"])


def test_h3_both_missing():
    check(ev({f"{EV}.single_vesicle_imaging": DELETE, f"{EV}.single_particle_method": DELETE}),
          "H-3", WARNING, (f"{EV}.single_vesicle_imaging", f"{EV}.single_particle_method"), True,
          MSG["H-3"])


def test_h_rules_silent_for_cell_products():
    design = mutate({"product.ev": {}})
    for rule_id in H_RULES:
        assert_silent(design, rule_id)


# --- H-4 (per arm) ---------------------------------------------------------------------------------


def test_h4_one_finding_per_offending_arm_with_variant_messages():
    design = ev({"dosing.arms[0].dose_unit": "ml", "dosing.arms[0].dose_value": 10,
                 "dosing.arms[1].dose_unit": "cells_per_kg", "dosing.arms[1].dose_value": 5e6,
                 "dosing.weight_basis": "predicted"})
    first, second = findings_for(design, "H-4")
    assert_finding(first, "H-4", WARNING, ("dosing.arms[0].dose_unit",), False, MSG["H-4 ml"],
                   arm=0, arm_label="Two doses")
    assert_finding(second, "H-4", WARNING, ("dosing.arms[1].dose_unit",), False,
                   MSG["H-4 cells"], arm=1, arm_label="Three doses")


def test_h4_unlabelled_arm_is_named_by_its_1_based_number():
    design = ev({"dosing.arms[1].label": DELETE, "dosing.arms[1].dose_unit": "cells",
                 "dosing.arms[1].dose_value": 1e8, "dosing.max_weight_kg": 150})
    (finding,) = findings_for(design, "H-4")
    assert_finding(finding, "H-4", WARNING, ("dosing.arms[1].dose_unit",), False,
                   MSG["H-4 cells"], arm=1, arm_label="arm 2")


def test_h4_secretome_in_ml():
    design = ev({"dosing.arms[0].dose_unit": "ml", "dosing.arms[0].dose_value": 5},
                kind="secretome")
    (finding,) = findings_for(design, "H-4")
    assert_finding(finding, "H-4", WARNING, ("dosing.arms[0].dose_unit",), False,
                   MSG["H-4 ml"], arm=0, arm_label="Two doses")


def test_h4_silent_when_unit_missing_b7_reports_it():
    design = ev({"dosing.arms[0].dose_unit": DELETE})
    assert_silent(design, "H-4")
    assert [f.fields for f in findings_for(design, "B-7")] == [("dosing.arms[0].dose_unit",)]


def test_h4_silent_for_particles_and_for_cell_products():
    assert_silent(ev_design(), "H-4")
    assert_silent(mutate({"dosing.arms[0].dose_unit": "ml", "dosing.arms[0].dose_value": 10}),
                  "H-4")


def test_ev_dosed_in_cells_is_not_judged_by_the_cell_dose_rules():
    design = ev({"dosing.arms[0].dose_unit": "cells_per_kg", "dosing.arms[0].dose_value": 1e5,
                 "dosing.weight_basis": "actual",
                 "dosing.arms[1].dose_unit": "cells", "dosing.arms[1].dose_value": 1e6})
    for rule_id in ("B-1", "B-2", "B-7"):
        assert_silent(design, rule_id)
    assert [f.arm for f in findings_for(design, "H-4")] == [0, 1]


# --- H-6 / H-7 -------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["msc_ev", "secretome"])
def test_h6_potency_missing(kind):
    check(ev({f"{EV}.potency_assay": DELETE}, kind=kind), "H-6", WARNING,
          (f"{EV}.potency_assay",), True, MSG["H-6"])


def test_h6_cell_potency_assay_does_not_count():
    design = mutate({**ev_changes(keep_characterization=True), f"{EV}.potency_assay": DELETE})
    check(design, "H-6", WARNING, (f"{EV}.potency_assay",), True)


def test_h7_missing_and_false():
    check(ev({f"{EV}.parent_cells_characterized": DELETE}), "H-7", WARNING,
          (f"{EV}.parent_cells_characterized",), True, MSG["H-7"])
    check(ev({f"{EV}.parent_cells_characterized": False}, kind="secretome"), "H-7", WARNING,
          (f"{EV}.parent_cells_characterized",), False, MSG["H-7"])


# --- H-8: word matching (1.8 item 11) --------------------------------------------------------------


@pytest.mark.parametrize("kind", ["msc_ev", "secretome"])
@pytest.mark.parametrize("title", [
    "Exosomes for ARDS",
    "MSC-exosome therapy",
    "An EXOSOMAL preparation",
    "Exosome/vesicle trial",
])
def test_h8_fires_on_both_ev_kinds(kind, title):
    check(ev({"meta.title": title}, kind=kind), "H-8", ADVICE, ("meta.title",), False, MSG["H-8"])


def test_h8_acronym():
    check(ev({"meta.acronym": "EXOSOMES-ARDS"}), "H-8", ADVICE, ("meta.acronym",), False,
          MSG["H-8"])


@pytest.mark.parametrize("title", ["Nanoexosome trial", "Exosomeless vesicles",
                                   "Extracellular vesicles in ARDS", "Exo some"])
def test_h8_silent_without_the_whole_word(title):
    assert_silent(ev({"meta.title": title}), "H-8")


def test_h8_silent_for_cell_products_and_missing_kind():
    assert_silent(mutate({"meta.title": "Exosome-producing MSCs"}), "H-8")
    assert_silent(mutate({"meta.title": "Exosomes", "product.kind": DELETE}), "H-8")
