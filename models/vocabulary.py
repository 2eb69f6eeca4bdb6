"""How the program words its choices, once: every value of every closed choice of the design
format (models/design.py) has exactly one label here, and the wizard's combo and check boxes,
the Review step (models/summary.py), `check`, `compare` and the PDF all read it from here.

``label(choice)`` is the label as the wizard shows it (a table cell, a combo box);
``in_prose(choice)`` is the same words inside a sentence (first letter lowered unless the label
starts with an acronym or a name: "intravenous", but "MSC secretome", "Berlin 2012").
``DOSE_UNIT_SYMBOLS`` is the one exception to "one wording": a dose's unit written after its
number ("5 × 10⁶ cells"), where the combo box's "cells (flat dose)" would not read.
"""

from __future__ import annotations

from models.design import (
    Analysis, Blinding, BinaryMethod, CareElement, CharterItem, Choice, ConcomitantPolicy,
    ConsentModel, ControlType, CoPrimaryRule, CoreOutcome, CultureSupplement, DayZero,
    Definition, Donor, DoseBasis, DoseSchedule, DoseUnit, EfficacyBoundary, Eligibility,
    EndpointKind, EnrichmentMarker, Fibroproliferative, FutilityRule, Immunomodulators,
    IntercurrentStrategy, MalignancyDetection, NotDosedPlan, PeepStrategy, Phase,
    PostDischargeMeasure, PotencyAttribute, ProductKind, QuantificationMethod,
    RespiratorySupport, Route, Setting, SingleParticleMethod, SingleVesicleImaging,
    StratificationFactor, Subphenotype, SummaryMeasure, SurvivalMethod, TissueSource,
    WeightBasis,
)

# --- Product ----------------------------------------------------------------------------------
PRODUCT_KIND_LABELS = {
    ProductKind.MSC: "Mesenchymal stromal cells (MSC)",
    ProductKind.MAPC: "Multipotent adult progenitor cells (MAPC)",
    ProductKind.MSC_EV: "MSC-derived extracellular vesicles (EV)",
    ProductKind.SECRETOME: "MSC secretome (conditioned medium)",
}
TISSUE_LABELS = {
    TissueSource.UMBILICAL_CORD: "Umbilical cord", TissueSource.BONE_MARROW: "Bone marrow",
    TissueSource.ADIPOSE: "Adipose tissue", TissueSource.MENSTRUAL_BLOOD: "Menstrual blood",
    TissueSource.PLACENTA: "Placenta", TissueSource.OTHER: "Other",
}
DONOR_LABELS = {Donor.ALLOGENEIC: "Allogeneic", Donor.AUTOLOGOUS: "Autologous"}
SUPPLEMENT_LABELS = {
    CultureSupplement.FBS: "Fetal bovine serum (FBS)",
    CultureSupplement.HUMAN_PLATELET_LYSATE: "Human platelet lysate",
    CultureSupplement.XENO_FREE: "Xeno-free",
}
QUANTIFICATION_LABELS = {
    QuantificationMethod.PARTICLE_COUNT: "Particle count",
    QuantificationMethod.TOTAL_PROTEIN: "Total protein",
    QuantificationMethod.TOTAL_LIPID: "Total lipid",
}
IMAGING_LABELS = {
    SingleVesicleImaging.ELECTRON_MICROSCOPY: "Electron microscopy",
    SingleVesicleImaging.ATOMIC_FORCE: "Atomic-force microscopy",
    SingleVesicleImaging.SUPER_RESOLUTION: "Super-resolution microscopy",
}
PARTICLE_LABELS = {
    SingleParticleMethod.NTA: "Nanoparticle tracking analysis (NTA)",
    SingleParticleMethod.TRPS: "Tunable resistive pulse sensing (TRPS)",
    SingleParticleMethod.FLOW_CYTOMETRY: "High-resolution flow cytometry",
}
POTENCY_LABELS = {
    PotencyAttribute.IMMUNOSUPPRESSION: "Immunosuppression (T-cell, IDO)",
    PotencyAttribute.MACROPHAGE_POLARISATION: "Macrophage polarisation",
    PotencyAttribute.ANTI_INFLAMMATORY_SECRETION: "Anti-inflammatory secretion (TSG-6, PGE2)",
    PotencyAttribute.BARRIER_REPAIR: "Barrier repair (KGF, Ang-1)",
    PotencyAttribute.ANTIMICROBIAL: "Antimicrobial (LL-37)",
    PotencyAttribute.OTHER: "Other",
}
DOSE_BASIS_LABELS = {DoseBasis.VIABLE_CELLS: "Viable cells", DoseBasis.TOTAL_CELLS: "Total cells"}

# --- Dose and regimen -------------------------------------------------------------------------
WEIGHT_BASIS_LABELS = {WeightBasis.PREDICTED: "Predicted body weight",
                       WeightBasis.ACTUAL: "Actual body weight"}
DOSE_UNIT_LABELS = {DoseUnit.CELLS_PER_KG: "cells/kg", DoseUnit.CELLS: "cells (flat dose)",
                    DoseUnit.PARTICLES: "particles", DoseUnit.ML: "ml"}
DOSE_UNIT_SYMBOLS = {DoseUnit.CELLS_PER_KG: "cells/kg", DoseUnit.CELLS: "cells",
                     DoseUnit.PARTICLES: "particles", DoseUnit.ML: "ml"}
ROUTE_LABELS = {Route.INTRAVENOUS: "Intravenous", Route.INTRATRACHEAL: "Intratracheal",
                Route.INHALED: "Inhaled"}
SCHEDULE_LABELS = {DoseSchedule.FIXED_INTERVAL: "Fixed interval",
                   DoseSchedule.IRREGULAR: "Irregular (times given)"}
NOT_DOSED_LABELS = {NotDosedPlan.ANALYSED_AS_RANDOMISED: "Analysed as randomised (ITT)",
                    NotDosedPlan.EXCLUDED_AND_REPLACED: "Excluded and replaced",
                    NotDosedPlan.EXCLUDED_MODIFIED_ITT: "Excluded (modified ITT)"}

# --- Population -------------------------------------------------------------------------------
SETTING_LABELS = {Setting.CLASSICAL: "Classical ARDS (not COVID-19)",
                  Setting.COVID19: "COVID-19 ARDS", Setting.MIXED: "Mixed: COVID-19 and other"}
# Names that also read after "by the ... definition" in the PDF and the USDM criteria.
DEFINITION_LABELS = {
    Definition.BERLIN_2012: "Berlin 2012",
    Definition.GLOBAL_2024: "Global 2024",
    Definition.GLOBAL_2024_RESOURCE_LIMITED: "Global 2024, resource-limited variant",
}
SUPPORT_LABELS = {
    RespiratorySupport.INVASIVE_VENTILATION: "Invasive ventilation",
    RespiratorySupport.NONINVASIVE_VENTILATION: "Non-invasive ventilation / CPAP",
    RespiratorySupport.HIGH_FLOW_NASAL_OXYGEN: "High-flow nasal oxygen (HFNO)",
    RespiratorySupport.LOW_FLOW_OXYGEN: "Low-flow oxygen",
}
SUBPHENOTYPE_LABELS = {
    Subphenotype.NONE: "None",
    Subphenotype.STRATIFIED: "Stratified by subphenotype",
    Subphenotype.ENRICHED_HYPERINFLAMMATORY: "Enriched for the hyperinflammatory subphenotype",
}
FIBRO_LABELS = {Fibroproliferative.EXCLUDED: "Excluded", Fibroproliferative.ALLOWED: "Allowed",
                Fibroproliferative.NOT_ADDRESSED: "Not addressed",
                Fibroproliferative.REQUIRED_ON_CT: "Early fibroproliferation required on CT"}
ELIGIBILITY_LABELS = {Eligibility.EXCLUDED: "Excluded", Eligibility.ELIGIBLE: "Eligible"}
CONSENT_LABELS = {ConsentModel.PATIENT: "Patient", ConsentModel.SURROGATE: "Surrogate",
                  ConsentModel.DEFERRED: "Deferred"}
ENRICHMENT_LABELS = {EnrichmentMarker.CRP: "CRP", EnrichmentMarker.CT_SCORE: "CT score",
                     EnrichmentMarker.SEVERITY_SCORE: "Severity score",
                     EnrichmentMarker.OTHER_BIOMARKER: "Other biomarker"}

# --- Control and care -------------------------------------------------------------------------
CONTROL_LABELS = {ControlType.PLACEBO: "Placebo", ControlType.STANDARD_CARE: "Standard care only"}
BLINDING_LABELS = {Blinding.DOUBLE: "Double-blind", Blinding.SINGLE: "Single-blind",
                   Blinding.OPEN: "Open-label"}
ELEMENT_LABELS = {
    CareElement.LUNG_PROTECTIVE_VENTILATION: "Lung-protective ventilation",
    CareElement.CONSERVATIVE_FLUIDS: "Conservative fluids",
    CareElement.PRONE_POSITIONING: "Prone positioning",
    CareElement.SEDATION_PROTOCOL: "Sedation protocol",
}
IMMUNOMODULATOR_LABELS = {Immunomodulators.STANDARDISED: "Standardised",
                          Immunomodulators.RECORDED: "Recorded",
                          Immunomodulators.NOT_ADDRESSED: "Not addressed"}
POLICY_LABELS = {ConcomitantPolicy.PROTOCOLISED: "Protocolised (same rule in both arms)",
                 ConcomitantPolicy.RECORDED: "At clinicians' discretion, recorded",
                 ConcomitantPolicy.PROHIBITED: "Prohibited",
                 ConcomitantPolicy.NOT_ADDRESSED: "Not addressed"}
PEEP_LABELS = {PeepStrategy.LOWER_PEEP_TABLE: "Lower PEEP/FiO₂ table (ARDSNet)",
               PeepStrategy.HIGHER_PEEP_TABLE: "Higher PEEP/FiO₂ table",
               PeepStrategy.INDIVIDUALISED: "Individualised (e.g. driving or oesophageal pressure)",
               PeepStrategy.CLINICIAN_DISCRETION: "Clinicians' discretion"}
STRATIFICATION_LABELS = {
    StratificationFactor.CENTRE: "Centre", StratificationFactor.SEVERITY: "Severity",
    StratificationFactor.AGE: "Age", StratificationFactor.COVID19: "COVID-19",
    StratificationFactor.CORTICOSTEROIDS: "Corticosteroids",
    StratificationFactor.SUBPHENOTYPE: "Subphenotype", StratificationFactor.SHOCK: "Shock",
}

# --- Endpoints and statistics -----------------------------------------------------------------
ENDPOINT_KIND_LABELS = {
    EndpointKind.MORTALITY: "All-cause mortality",
    EndpointKind.VENTILATOR_FREE_DAYS: "Ventilator-free days (VFD)",
    EndpointKind.OXYGENATION: "Oxygenation (e.g. P/F ratio)",
    EndpointKind.BIOMARKER: "Biomarker",
    EndpointKind.SAFETY: "Safety",
    EndpointKind.ORDINAL: "Ordinal scale",
}
# The secondary endpoints' grid, where every column counts: the same words, shortened.
SHORT_ENDPOINT_KIND_LABELS = {**ENDPOINT_KIND_LABELS, EndpointKind.MORTALITY: "Mortality",
                              EndpointKind.VENTILATOR_FREE_DAYS: "VFD",
                              EndpointKind.OXYGENATION: "Oxygenation"}
DAY_ZERO_LABELS = {DayZero.RANDOMISATION: "Randomisation", DayZero.FIRST_DOSE: "First dose"}
CORE_OUTCOME_LABELS = {CoreOutcome.EXTUBATION: "Extubation",
                       CoreOutcome.REINTUBATION: "Reintubation",
                       CoreOutcome.DURATION_OF_VENTILATION: "Duration of ventilation",
                       CoreOutcome.LENGTH_OF_STAY: "Length of stay",
                       CoreOutcome.QUALITY_OF_LIFE: "Quality of life",
                       CoreOutcome.MORTALITY: "Mortality"}
CO_PRIMARY_RULE_LABELS = {CoPrimaryRule.ALL_MUST_SUCCEED: "All must succeed",
                          CoPrimaryRule.ANY_WITH_ALPHA_SPLIT: "Any, with α split"}
PHASE_LABELS = {Phase.PHASE_1: "Phase 1", Phase.PHASE_2: "Phase 2", Phase.PHASE_2A: "Phase 2a",
                Phase.PHASE_2B: "Phase 2b", Phase.PHASE_3: "Phase 3"}
BINARY_METHOD_LABELS = {
    BinaryMethod.POOLED: "Pooled variance (as R power.prop.test)",
    BinaryMethod.CONTINUITY_CORRECTED: "With continuity correction (Fleiss–Tytun–Ury)",
}
ANALYSIS_LABELS = {
    Analysis.BINARY: "Proportions (binary)",
    Analysis.CONTINUOUS: "Means (continuous)",
    Analysis.TIME_TO_EVENT: "Time to death (log-rank, hazard ratio)",
    Analysis.ORDINAL: "Ordinal (proportional odds)",
}
EFFICACY_LABELS = {
    EfficacyBoundary.LD_OBF: "Lan-DeMets O'Brien-Fleming-like spending",
    EfficacyBoundary.LD_POCOCK: "Lan-DeMets Pocock-like spending",
    EfficacyBoundary.OBF: "O'Brien-Fleming (classic)",
    EfficacyBoundary.POCOCK: "Pocock (classic)",
}
FUTILITY_LABELS = {
    FutilityRule.NONE: "No futility stopping",
    FutilityRule.BETA_LD_OBF: "Beta spending, O'Brien-Fleming-like (non-binding)",
    FutilityRule.BETA_LD_POCOCK: "Beta spending, Pocock-like (non-binding)",
    FutilityRule.FIXED_Z: "Stop below a fixed z (non-binding)",
}
SURVIVAL_METHOD_LABELS = {
    SurvivalMethod.SCHOENFELD: "Schoenfeld (1983)",
    SurvivalMethod.FREEDMAN: "Freedman (1982)",
}
STRATEGY_LABELS = {
    IntercurrentStrategy.TREATMENT_POLICY: "Treatment policy",
    IntercurrentStrategy.HYPOTHETICAL: "Hypothetical",
    IntercurrentStrategy.COMPOSITE: "Composite",
    IntercurrentStrategy.WHILE_ON_TREATMENT: "While on treatment",
    IntercurrentStrategy.PRINCIPAL_STRATUM: "Principal stratum",
}
SUMMARY_LABELS = {
    SummaryMeasure.RISK_DIFFERENCE: "Risk difference",
    SummaryMeasure.RISK_RATIO: "Risk ratio",
    SummaryMeasure.ODDS_RATIO: "Odds ratio",
    SummaryMeasure.HAZARD_RATIO: "Hazard ratio",
    SummaryMeasure.MEAN_DIFFERENCE: "Mean difference",
    SummaryMeasure.COMMON_ODDS_RATIO: "Common odds ratio",
}

# --- Follow-up and safety ---------------------------------------------------------------------
MEASURE_LABELS = {PostDischargeMeasure.EQ_5D: "EQ-5D", PostDischargeMeasure.HADS: "HADS",
                  PostDischargeMeasure.IES_R: "IES-R",
                  PostDischargeMeasure.SIX_MINUTE_WALK: "6-minute walk",
                  PostDischargeMeasure.SF_36: "SF-36", PostDischargeMeasure.OTHER: "Other"}
DETECTION_LABELS = {MalignancyDetection.CANCER_REGISTRY: "Cancer-registry linkage",
                    MalignancyDetection.CLINICAL_REVIEW: "Clinical review",
                    MalignancyDetection.IMAGING: "Imaging",
                    MalignancyDetection.PRIMARY_CARE_RECORDS: "Primary-care records"}
CHARTER_LABELS = {CharterItem.INDEPENDENT_MEMBERS: "Independent members",
                  CharterItem.MEETING_SCHEDULE: "Meeting schedule",
                  CharterItem.UNBLINDED_STATISTICIAN: "Unblinded statistician",
                  CharterItem.SAFETY_STOPPING_RULE: "Safety stopping rule",
                  CharterItem.EFFICACY_STOPPING_RULE: "Efficacy stopping rule",
                  CharterItem.FUTILITY_GUIDELINE: "Futility guideline"}

# By the choice's own type: choices are str enums, so FutilityRule.NONE == "none" ==
# Subphenotype.NONE, and one table keyed by value would give one the other's words.
LABELS: dict[type, dict] = {type(next(iter(table))): table for table in (
    PRODUCT_KIND_LABELS, TISSUE_LABELS, DONOR_LABELS, SUPPLEMENT_LABELS, QUANTIFICATION_LABELS,
    IMAGING_LABELS, PARTICLE_LABELS, POTENCY_LABELS, DOSE_BASIS_LABELS, WEIGHT_BASIS_LABELS,
    DOSE_UNIT_LABELS, ROUTE_LABELS, SCHEDULE_LABELS, NOT_DOSED_LABELS, SETTING_LABELS,
    DEFINITION_LABELS, SUPPORT_LABELS, SUBPHENOTYPE_LABELS, FIBRO_LABELS, ELIGIBILITY_LABELS,
    CONSENT_LABELS, ENRICHMENT_LABELS, CONTROL_LABELS, BLINDING_LABELS, ELEMENT_LABELS,
    IMMUNOMODULATOR_LABELS, POLICY_LABELS, PEEP_LABELS, STRATIFICATION_LABELS,
    ENDPOINT_KIND_LABELS, DAY_ZERO_LABELS, CORE_OUTCOME_LABELS, CO_PRIMARY_RULE_LABELS,
    PHASE_LABELS, BINARY_METHOD_LABELS, ANALYSIS_LABELS, EFFICACY_LABELS, FUTILITY_LABELS,
    SURVIVAL_METHOD_LABELS, STRATEGY_LABELS, SUMMARY_LABELS, MEASURE_LABELS, DETECTION_LABELS,
    CHARTER_LABELS)}

# Labels that start with a name, kept capitalised inside a sentence.
_NAMES = {(type(c), c) for c in (Definition.BERLIN_2012, Definition.GLOBAL_2024,
                                 Definition.GLOBAL_2024_RESOURCE_LIMITED, *EfficacyBoundary,
                                 *SurvivalMethod)}


def label(choice: Choice) -> str:
    """The program's one label for a choice value (a KeyError names a value without one, which
    the vocabulary test rules out for every choice of the format)."""
    return LABELS[type(choice)][choice]


def in_prose(choice: Choice) -> str:
    """The label inside a sentence: 'intravenous', 'double-blind', but 'MSC secretome' and
    'Berlin 2012' as they are."""
    text = label(choice)
    if (type(choice), choice) in _NAMES or not (text[:1].isupper() and text[1:2].islower()):
        return text
    return text[0].lower() + text[1:]


def labels_for(choices: type[Choice]) -> dict:
    """Every member's label, in the enum's order (for a combo box or a row of check boxes)."""
    return {member: label(member) for member in choices}


# The name the comparison and earlier callers use for the label.
choice_words = label
