"""The CDISC controlled terms (NCI Thesaurus C-codes) the USDM export uses, with their preferred
terms as decodes, as the CDISC ``usdm`` package writes them. tests/test_export_usdm.py checks
each code and decode against the controlled-terminology file that package ships
(CDISC CT 2025-09-26; the three timing types, which that CT lacks, as the package's own timing
sheet writes them).
"""

from __future__ import annotations

CDISC_SYSTEM = "http://www.cdisc.org"
CDISC_VERSION = "2025-09-26"
UCUM_SYSTEM = "http://unitsofmeasure.org"
UCUM_VERSION = "2.1"

TERMS = {
    # study titles
    "official_title": ("C207616", "Official Study Title"),
    "acronym": ("C207646", "Study Acronym"),
    # study design
    "interventional": ("C98388", "Interventional Study"),
    "parallel": ("C82639", "Parallel Study"),
    "phase_1": ("C15600", "Phase I Trial"),
    "phase_2a": ("C49686", "Phase IIa Trial"),
    "phase_2b": ("C49688", "Phase IIb Trial"),
    "phase_3": ("C15602", "Phase III Trial"),
    "double_blind": ("C15228", "Double Blind Study"),
    "single_blind": ("C28233", "Single Blind Study"),
    "open_label": ("C49659", "Open Label Study"),
    # arms and epochs
    "investigational_arm": ("C174266", "Investigational Arm"),
    "placebo_arm": ("C174268", "Placebo Control Arm"),
    "no_intervention_arm": ("C174270", "No Intervention Arm"),
    "data_within_study": ("C188866", "Data Generated Within Study"),
    "screening_epoch": ("C202487", "Screening Epoch"),
    "treatment_epoch": ("C101526", "Treatment Epoch"),
    "follow_up_epoch": ("C202578", "Follow-Up Epoch"),
    # interventions
    "experimental_intervention": ("C41161", "Protocol Agent"),
    "placebo": ("C753", "Placebo"),
    "biological": ("C307", "Biological Agent"),
    "pharmacologic": ("C1909", "Pharmacologic Substance"),
    "imp": ("C202579", "Investigational Medicinal Product"),
    "suspension": ("C42994", "Suspension Dosage Form"),
    "intravenous": ("C38276", "Intravenous Route of Administration"),
    "intratracheal": ("C38208", "Endotracheal Route of Administration"),
    "inhaled": ("C38216", "Inhalation Route of Administration"),
    "once": ("C64576", "Once"),
    # population, objectives, endpoints
    "inclusion": ("C25532", "Inclusion Criteria"),
    "exclusion": ("C25370", "Exclusion Criteria"),
    "primary_objective": ("C85826", "Trial Primary Objective"),
    "secondary_objective": ("C85827", "Trial Secondary Objective"),
    "primary_endpoint": ("C94496", "Primary Endpoint"),
    "secondary_endpoint": ("C139173", "Secondary Endpoint"),
    # organisations
    "sponsor": ("C70793", "Clinical Study Sponsor"),
    "registry": ("C93453", "Study Registry"),
    # the schedule
    "visit": ("C25716", "Visit"),
    "hospital": ("C16696", "Hospital"),
    "fixed_reference": ("C201358", "Fixed Reference"),
    "after": ("C201356", "After"),
    "before": ("C201357", "Before"),
    "start_to_start": ("C201355", "Start to Start"),
    # units
    "hour": ("C25529", "Hour"),
    "day": ("C25301", "Day"),
    "year": ("C29848", "Year"),
}

# UCUM units of the design's doses (no CDISC term exists for cells per kilogram).
DOSE_UNITS = {"cells_per_kg": "{cells}/kg", "cells": "{cells}", "particles": "{particles}",
              "ml": "mL"}
