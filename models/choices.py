"""The closed sets of values of the design file: each is a Choice, stored as its JSON string.

Their words, as the wizard, the review and the PDF show them, are models/vocabulary.py's (one
label per member); models/design.py types the fields with them and re-exports them, so that
``from models.design import ProductKind`` keeps working.
"""

from __future__ import annotations

from enum import Enum


class Choice(str, Enum):
    """A closed set of values stored as their JSON string."""

    def __str__(self) -> str:
        return self.value


class ProductKind(Choice):
    MSC = "msc"
    MAPC = "mapc"
    MSC_EV = "msc_ev"
    SECRETOME = "secretome"

    @property
    def is_cell_product(self) -> bool:
        return self in (ProductKind.MSC, ProductKind.MAPC)

    @property
    def is_ev_product(self) -> bool:
        return self in (ProductKind.MSC_EV, ProductKind.SECRETOME)


class TissueSource(Choice):
    UMBILICAL_CORD = "umbilical_cord"
    BONE_MARROW = "bone_marrow"
    ADIPOSE = "adipose"
    MENSTRUAL_BLOOD = "menstrual_blood"
    PLACENTA = "placenta"
    OTHER = "other"


class Donor(Choice):
    ALLOGENEIC = "allogeneic"
    AUTOLOGOUS = "autologous"


class CultureSupplement(Choice):
    FBS = "fbs"
    HUMAN_PLATELET_LYSATE = "human_platelet_lysate"
    XENO_FREE = "xeno_free"


class QuantificationMethod(Choice):
    PARTICLE_COUNT = "particle_count"
    TOTAL_PROTEIN = "total_protein"
    TOTAL_LIPID = "total_lipid"


class SingleVesicleImaging(Choice):
    ELECTRON_MICROSCOPY = "electron_microscopy"
    ATOMIC_FORCE = "atomic_force"
    SUPER_RESOLUTION = "super_resolution"


class SingleParticleMethod(Choice):
    NTA = "nta"
    TRPS = "trps"
    FLOW_CYTOMETRY = "flow_cytometry"


class WeightBasis(Choice):
    PREDICTED = "predicted"
    ACTUAL = "actual"


class DoseUnit(Choice):
    CELLS_PER_KG = "cells_per_kg"
    CELLS = "cells"
    PARTICLES = "particles"
    ML = "ml"


class Route(Choice):
    INTRAVENOUS = "intravenous"
    INTRATRACHEAL = "intratracheal"
    INHALED = "inhaled"


class Setting(Choice):
    CLASSICAL = "classical"
    COVID19 = "covid19"
    MIXED = "mixed"


class Definition(Choice):
    BERLIN_2012 = "berlin_2012"
    GLOBAL_2024 = "global_2024"
    GLOBAL_2024_RESOURCE_LIMITED = "global_2024_resource_limited"


class RespiratorySupport(Choice):
    INVASIVE_VENTILATION = "invasive_ventilation"
    NONINVASIVE_VENTILATION = "noninvasive_ventilation"
    HIGH_FLOW_NASAL_OXYGEN = "high_flow_nasal_oxygen"
    LOW_FLOW_OXYGEN = "low_flow_oxygen"     # format 3: only the resource-limited variant


class Subphenotype(Choice):
    NONE = "none"
    STRATIFIED = "stratified"
    ENRICHED_HYPERINFLAMMATORY = "enriched_hyperinflammatory"


class Fibroproliferative(Choice):
    EXCLUDED = "excluded"
    ALLOWED = "allowed"
    NOT_ADDRESSED = "not_addressed"
    REQUIRED_ON_CT = "required_on_ct"       # format 3: early fibroproliferation required on CT


class ControlType(Choice):
    PLACEBO = "placebo"
    STANDARD_CARE = "standard_care"


class Blinding(Choice):
    DOUBLE = "double"
    SINGLE = "single"
    OPEN = "open"


class CareElement(Choice):
    LUNG_PROTECTIVE_VENTILATION = "lung_protective_ventilation"
    CONSERVATIVE_FLUIDS = "conservative_fluids"
    PRONE_POSITIONING = "prone_positioning"
    SEDATION_PROTOCOL = "sedation_protocol"


class Immunomodulators(Choice):
    STANDARDISED = "standardised"
    RECORDED = "recorded"
    NOT_ADDRESSED = "not_addressed"


class EndpointKind(Choice):
    MORTALITY = "mortality"
    VENTILATOR_FREE_DAYS = "ventilator_free_days"
    OXYGENATION = "oxygenation"
    BIOMARKER = "biomarker"
    SAFETY = "safety"
    ORDINAL = "ordinal"


class DayZero(Choice):
    RANDOMISATION = "randomisation"
    FIRST_DOSE = "first_dose"


class Phase(Choice):
    PHASE_1 = "1"
    PHASE_2 = "2"       # format 3: a phase 2 trial not split into 2a and 2b
    PHASE_2A = "2a"
    PHASE_2B = "2b"
    PHASE_3 = "3"


class BinaryMethod(Choice):
    POOLED = "pooled"
    CONTINUITY_CORRECTED = "continuity_corrected"


class Analysis(Choice):
    """How the primary endpoint is compared (format 2). Missing: as in format 1, binary for
    mortality and continuous for VFDs, oxygenation and biomarkers."""
    BINARY = "binary"
    CONTINUOUS = "continuous"
    TIME_TO_EVENT = "time_to_event"
    ORDINAL = "ordinal"


class EfficacyBoundary(Choice):
    """Lan-DeMets spending (O'Brien-Fleming-like, Pocock-like) or the classic shapes."""
    LD_OBF = "ld_obf"
    LD_POCOCK = "ld_pocock"
    OBF = "obf"
    POCOCK = "pocock"


class FutilityRule(Choice):
    """Non-binding: the efficacy boundaries ignore it; power and expected n account for it."""
    NONE = "none"
    BETA_LD_OBF = "beta_ld_obf"
    BETA_LD_POCOCK = "beta_ld_pocock"
    FIXED_Z = "fixed_z"


class SurvivalMethod(Choice):
    SCHOENFELD = "schoenfeld"
    FREEDMAN = "freedman"


class IntercurrentStrategy(Choice):
    """ICH E9(R1) strategies for an intercurrent event."""
    TREATMENT_POLICY = "treatment_policy"
    HYPOTHETICAL = "hypothetical"
    COMPOSITE = "composite"
    WHILE_ON_TREATMENT = "while_on_treatment"
    PRINCIPAL_STRATUM = "principal_stratum"


class SummaryMeasure(Choice):
    """The population-level summary of the primary estimand."""
    RISK_DIFFERENCE = "risk_difference"
    RISK_RATIO = "risk_ratio"
    ODDS_RATIO = "odds_ratio"
    HAZARD_RATIO = "hazard_ratio"
    MEAN_DIFFERENCE = "mean_difference"
    COMMON_ODDS_RATIO = "common_odds_ratio"


# --- Format 3 choices -----------------------------------------------------------------------------


class DoseSchedule(Choice):
    FIXED_INTERVAL = "fixed_interval"
    IRREGULAR = "irregular"             # the times are in dose_times_hours


class NotDosedPlan(Choice):
    """What happens to a patient randomised but never dosed (3 of 63 in START)."""
    ANALYSED_AS_RANDOMISED = "analysed_as_randomised"   # intention to treat
    EXCLUDED_AND_REPLACED = "excluded_and_replaced"
    EXCLUDED_MODIFIED_ITT = "excluded_modified_itt"


class ConcomitantPolicy(Choice):
    PROTOCOLISED = "protocolised"       # the protocol says when and how, in both arms
    RECORDED = "recorded"               # at the clinicians' discretion, recorded daily
    PROHIBITED = "prohibited"
    NOT_ADDRESSED = "not_addressed"


class PeepStrategy(Choice):
    LOWER_PEEP_TABLE = "lower_peep_table"       # ARDSNet lower PEEP/FiO2 table
    HIGHER_PEEP_TABLE = "higher_peep_table"
    INDIVIDUALISED = "individualised"           # e.g. oesophageal pressure, driving pressure
    CLINICIAN_DISCRETION = "clinician_discretion"


class PotencyAttribute(Choice):
    """Mechanisms of action a potency assay can measure (the assay matrix)."""
    IMMUNOSUPPRESSION = "immunosuppression"         # e.g. T-cell proliferation, IDO activity
    MACROPHAGE_POLARISATION = "macrophage_polarisation"
    ANTI_INFLAMMATORY_SECRETION = "anti_inflammatory_secretion"   # e.g. TSG-6, PGE2
    BARRIER_REPAIR = "barrier_repair"               # e.g. KGF, angiopoietin-1
    ANTIMICROBIAL = "antimicrobial"                 # e.g. LL-37
    OTHER = "other"


class DoseBasis(Choice):
    VIABLE_CELLS = "viable_cells"
    TOTAL_CELLS = "total_cells"


class CoreOutcome(Choice):
    """The core outcome set for critical care ventilation trials (Blackwood 2019)."""
    EXTUBATION = "extubation"
    REINTUBATION = "reintubation"
    DURATION_OF_VENTILATION = "duration_of_ventilation"
    LENGTH_OF_STAY = "length_of_stay"
    QUALITY_OF_LIFE = "quality_of_life"
    MORTALITY = "mortality"


class CoPrimaryRule(Choice):
    ALL_MUST_SUCCEED = "all_must_succeed"       # no alpha split; power is for all at once
    ANY_WITH_ALPHA_SPLIT = "any_with_alpha_split"


class PostDischargeMeasure(Choice):
    EQ_5D = "eq_5d"
    HADS = "hads"
    IES_R = "ies_r"
    SIX_MINUTE_WALK = "six_minute_walk"
    SF_36 = "sf_36"
    OTHER = "other"


class MalignancyDetection(Choice):
    CANCER_REGISTRY = "cancer_registry"
    CLINICAL_REVIEW = "clinical_review"
    IMAGING = "imaging"
    PRIMARY_CARE_RECORDS = "primary_care_records"


class EnrichmentMarker(Choice):
    CRP = "crp"
    CT_SCORE = "ct_score"
    SEVERITY_SCORE = "severity_score"    # APACHE II, SOFA
    OTHER_BIOMARKER = "other_biomarker"


class StratificationFactor(Choice):
    CENTRE = "centre"
    SEVERITY = "severity"                # e.g. P/F below 150
    AGE = "age"
    COVID19 = "covid19"
    CORTICOSTEROIDS = "corticosteroids"
    SUBPHENOTYPE = "subphenotype"
    SHOCK = "shock"


class Eligibility(Choice):
    EXCLUDED = "excluded"
    ELIGIBLE = "eligible"


class ConsentModel(Choice):
    PATIENT = "patient"                  # prospective consent from the patient
    SURROGATE = "surrogate"              # a personal or professional legal representative
    DEFERRED = "deferred"                # enrol first, consent as soon as possible


class CharterItem(Choice):
    INDEPENDENT_MEMBERS = "independent_members"
    MEETING_SCHEDULE = "meeting_schedule"
    UNBLINDED_STATISTICIAN = "unblinded_statistician"
    SAFETY_STOPPING_RULE = "safety_stopping_rule"
    EFFICACY_STOPPING_RULE = "efficacy_stopping_rule"
    FUTILITY_GUIDELINE = "futility_guideline"
