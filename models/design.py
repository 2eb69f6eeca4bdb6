"""The trial design, format version 3, as typed dataclasses: format version 1
(docs/design-format-v1.md), the phase 3 statistics of docs/design-format-v2.md (the
analysis, group-sequential looks, time-to-event and ordinal assumptions, the estimand) and what a
trialist records for a pooled core protocol, docs/design-format-v3.md (concomitant care, time
zero, product release, the core outcome set, long-term safety, enrichment and stratification,
the DSMB charter, consent).

Every field is optional: ``None`` means "not decided yet", and nothing is ever defaulted to a
compliant value. Sections and nested blocks always exist (with every field ``None``) so that code
can read ``design.product.characterization.isolation`` without guarding each level; missing lists
are ``None``, never ``[]``.

The constraints of each field (range, whole number, allowed set) live next to the field in its
metadata, so the reader (``models.design_io``), the wizard's widgets and the tests all take them
from one place.
"""

from __future__ import annotations

import dataclasses
import typing
from dataclasses import dataclass, field
from typing import Any, Optional

from models.choices import (  # noqa: F401 - re-exported: the design's own choice types
    Analysis,
    BinaryMethod,
    Blinding,
    CareElement,
    CharterItem,
    Choice,
    ConcomitantPolicy,
    ConsentModel,
    ControlType,
    CoPrimaryRule,
    CoreOutcome,
    CultureSupplement,
    DayZero,
    Definition,
    Donor,
    DoseBasis,
    DoseSchedule,
    DoseUnit,
    EfficacyBoundary,
    Eligibility,
    EndpointKind,
    EnrichmentMarker,
    Fibroproliferative,
    FutilityRule,
    Immunomodulators,
    IntercurrentStrategy,
    MalignancyDetection,
    NotDosedPlan,
    PeepStrategy,
    Phase,
    PostDischargeMeasure,
    PotencyAttribute,
    ProductKind,
    QuantificationMethod,
    RespiratorySupport,
    Route,
    Setting,
    SingleParticleMethod,
    SingleVesicleImaging,
    StratificationFactor,
    Subphenotype,
    SummaryMeasure,
    SurvivalMethod,
    TissueSource,
    WeightBasis,
)

FORMAT_NAME = "msc-ards-trial-design"
FORMAT_VERSION = 3
FILE_SUFFIX = ".trial.json"

TEXT_MAX = 2000
LONG_TEXT_MAX = 20000


@dataclass(frozen=True)
class Constraint:
    """What a field accepts beyond its type. Bounds are inclusive unless marked exclusive."""

    minimum: float | None = None
    maximum: float | None = None
    min_exclusive: bool = False
    max_exclusive: bool = False
    integer: bool = False           # a count: whole numbers only (2.0 reads as 2, 1.5 is an error)
    allowed: tuple | None = None    # a closed set of plain values (e.g. sided: 1 or 2)
    max_length: int = TEXT_MAX      # for text
    date: bool = False              # text of the form YYYY-MM-DD
    unit: str | None = None         # shown beside the widget and in messages

    def describe_range(self) -> str:
        """The allowed range in words, for error messages: 'from 30 to 300', 'above 0'."""
        if self.allowed is not None:
            return "one of " + ", ".join(str(a) for a in self.allowed)
        low, high = self.minimum, self.maximum
        fmt = _plain
        if low is not None and high is not None:
            left = "above" if self.min_exclusive else "from"
            right = "below" if self.max_exclusive else "to"
            if self.min_exclusive and self.max_exclusive:
                return f"strictly between {fmt(low)} and {fmt(high)}"
            if self.min_exclusive:
                return f"above {fmt(low)} and at most {fmt(high)}"
            if self.max_exclusive:
                return f"from {fmt(low)} to below {fmt(high)}"
            return f"{left} {fmt(low)} {right} {fmt(high)}"
        if low is not None:
            return f"above {fmt(low)}" if self.min_exclusive else f"at least {fmt(low)}"
        if high is not None:
            return f"below {fmt(high)}" if self.max_exclusive else f"at most {fmt(high)}"
        return "any value"


def _plain(value: float) -> str:
    """1e13 -> '1e13', 300 -> '300', 0.5 -> '0.5'."""
    if float(value).is_integer() and abs(value) < 1e9:
        return str(int(value))
    return f"{value:g}".replace("e+", "e")


def value(**constraint: Any) -> Any:
    """A design field: absent (None) until decided, with its constraint in the metadata."""
    return field(default=None, metadata={"constraint": Constraint(**constraint)})


def block(cls: type) -> Any:
    """A nested block that always exists, its fields all None until decided."""
    return field(default_factory=cls)


COUNT = {"integer": True, "minimum": 0}


@dataclass
class Meta:
    title: Optional[str] = value()
    acronym: Optional[str] = value()
    sponsor: Optional[str] = value()
    chief_investigator: Optional[str] = value()
    protocol_version: Optional[str] = value()
    date: Optional[str] = value(date=True)
    registry_id: Optional[str] = value()
    notes: Optional[str] = value(max_length=LONG_TEXT_MAX)


@dataclass
class Characterization:
    isolation: Optional[str] = value(max_length=LONG_TEXT_MAX)
    processing: Optional[str] = value(max_length=LONG_TEXT_MAX)
    culture_supplement: Optional[CultureSupplement] = value()
    max_passage: Optional[int] = value(integer=True, minimum=0, maximum=100)
    isct_markers: Optional[bool] = value()
    plastic_adherence: Optional[bool] = value()
    trilineage_differentiation: Optional[bool] = value()
    viability_at_administration: Optional[bool] = value()
    viability_min_pct: Optional[float] = value(minimum=0, maximum=100, unit="%")
    potency_assay: Optional[str] = value()
    thaw_to_infusion_max_min: Optional[float] = value(minimum=0, maximum=1440, unit="min")
    vehicle: Optional[str] = value()
    infusion_duration_min: Optional[float] = value(minimum=0, maximum=1440, unit="min")


@dataclass
class ExtracellularVesicles:
    source_amount_reported: Optional[bool] = value()
    quantification_methods: Optional[list[QuantificationMethod]] = value()
    transmembrane_markers: Optional[list[str]] = value(max_length=200)
    cytosolic_markers: Optional[list[str]] = value(max_length=200)
    contaminant_markers: Optional[list[str]] = value(max_length=200)
    single_vesicle_imaging: Optional[SingleVesicleImaging] = value()
    single_particle_method: Optional[SingleParticleMethod] = value()
    parent_cells_characterized: Optional[bool] = value()
    potency_assay: Optional[str] = value()


@dataclass
class Release:
    """The lot-release specification (format 3): potency (FDA draft guidance on potency
    assurance, December 2023), safety tests, DMSO and traceability."""
    potency_matrix: Optional[list[PotencyAttribute]] = value()
    potency_lot_release: Optional[bool] = value()
    dose_basis: Optional[DoseBasis] = value()
    sterility: Optional[bool] = value()
    mycoplasma: Optional[bool] = value()
    endotoxin_max_eu_per_kg: Optional[float] = value(minimum=0, maximum=5, unit="EU/kg")
    dmso_max_pct: Optional[float] = value(minimum=0, maximum=20, unit="%")
    lot_traceability: Optional[bool] = value()
    identity_markers: Optional[list[str]] = value(max_length=200)


@dataclass
class Product:
    kind: Optional[ProductKind] = value()
    tissue_source: Optional[TissueSource] = value()
    donor: Optional[Donor] = value()
    cryopreserved: Optional[bool] = value()
    characterization: Characterization = block(Characterization)
    ev: ExtracellularVesicles = block(ExtracellularVesicles)
    release: Release = block(Release)


# The largest dose the format accepts, by unit (docs/design-format-v1.md, "Ranges").
MAX_DOSE = {DoseUnit.CELLS_PER_KG: 1e13, DoseUnit.CELLS: 1e13, DoseUnit.PARTICLES: 1e13,
            DoseUnit.ML: 1000.0}


@dataclass
class Arm:
    label: Optional[str] = value(max_length=200)
    dose_value: Optional[float] = value(minimum=0, min_exclusive=True, maximum=1e13)
    dose_unit: Optional[DoseUnit] = value()
    administrations: Optional[int] = value(integer=True, minimum=1, maximum=100)
    interval_hours: Optional[float] = value(minimum=0, min_exclusive=True, maximum=8760,
                                            unit="h")
    route: Optional[Route] = value()
    schedule: Optional[DoseSchedule] = value()
    # Irregular schedules: the hours of each administration after the first (0 first).
    dose_times_hours: Optional[list[float]] = value(minimum=0, maximum=8760, unit="h")


@dataclass
class Dosing:
    weight_basis: Optional[WeightBasis] = value()
    max_weight_kg: Optional[float] = value(minimum=30, maximum=300, unit="kg")
    first_dose_within_hours: Optional[float] = value(minimum=0, maximum=720, unit="h")
    arms: Optional[list[Arm]] = value()
    randomisation_to_dose_max_hours: Optional[float] = value(minimum=0, maximum=72, unit="h")
    predose_stability: Optional[str] = value()
    not_dosed_plan: Optional[NotDosedPlan] = value()


@dataclass
class Population:
    setting: Optional[Setting] = value()
    definition: Optional[Definition] = value()
    respiratory_support: Optional[list[RespiratorySupport]] = value()
    pf_ratio_max: Optional[float] = value(minimum=50, maximum=700, unit="mmHg")
    sf_ratio_max: Optional[float] = value(minimum=50, maximum=500)
    peep_min: Optional[float] = value(minimum=0, maximum=30, unit="cmH₂O")
    hfno_flow_min: Optional[float] = value(minimum=0, maximum=80, unit="L/min")
    onset_window_hours: Optional[float] = value(minimum=0, maximum=720, unit="h")
    age_min: Optional[float] = value(minimum=0, maximum=120, unit="years")
    age_max: Optional[float] = value(minimum=0, maximum=120, unit="years")
    subphenotype: Optional[Subphenotype] = value()
    classifier: Optional[str] = value()
    fibroproliferative: Optional[Fibroproliferative] = value()
    exclude_recent_malignancy: Optional[bool] = value()
    prespecified_subgroups: Optional[list[str]] = value(max_length=500)
    max_hours_from_intubation: Optional[float] = value(minimum=0, maximum=720, unit="h")
    pregnancy: Optional[Eligibility] = value()
    ecmo_at_baseline: Optional[Eligibility] = value()
    consent_model: Optional[list[ConsentModel]] = value()
    enrichment: Optional[list[EnrichmentMarker]] = value()
    enrichment_criteria: Optional[str] = value()


@dataclass
class Control:
    type: Optional[ControlType] = value()
    placebo: Optional[str] = value()
    blinding: Optional[Blinding] = value()
    allocation_ratio: Optional[list[float]] = value(minimum=0, min_exclusive=True, maximum=100)
    stratification_factors: Optional[list[StratificationFactor]] = value()


@dataclass
class Care:
    protocolised: Optional[bool] = value()
    elements: Optional[list[CareElement]] = value()
    immunomodulators: Optional[Immunomodulators] = value()
    corticosteroids: Optional[ConcomitantPolicy] = value()
    peep_strategy: Optional[PeepStrategy] = value()
    neuromuscular_blockade: Optional[ConcomitantPolicy] = value()
    prone_positioning: Optional[ConcomitantPolicy] = value()
    ecmo: Optional[ConcomitantPolicy] = value()


@dataclass
class Endpoint:
    kind: Optional[EndpointKind] = value()
    timepoint_days: Optional[int] = value(integer=True, minimum=0, maximum=3650, unit="days")
    description: Optional[str] = value()


@dataclass
class VentilatorFreeDays:
    horizon_days: Optional[int] = value(integer=True, minimum=1, maximum=365, unit="days")
    death_counts_as_zero: Optional[bool] = value()
    day_zero: Optional[DayZero] = value()
    counts_as_ventilation: Optional[list[RespiratorySupport]] = value()
    liberation_rule: Optional[str] = value()


@dataclass
class IntercurrentEvent:
    event: Optional[str] = value(max_length=500)     # e.g. "death before day 28", "rescue ECMO"
    strategy: Optional[IntercurrentStrategy] = value()


@dataclass
class Estimand:
    """The primary estimand (ICH E9(R1)): population, variable, intercurrent events each with
    its strategy, and the population-level summary. Format 2."""
    population: Optional[str] = value()
    variable: Optional[str] = value()
    intercurrent_events: Optional[list[IntercurrentEvent]] = value()
    summary_measure: Optional[SummaryMeasure] = value()


@dataclass
class Endpoints:
    primary: Endpoint = block(Endpoint)
    secondary: Optional[list[Endpoint]] = value()
    vfd: VentilatorFreeDays = block(VentilatorFreeDays)
    estimand: Estimand = block(Estimand)
    core_outcomes: Optional[list[CoreOutcome]] = value()
    co_primary: Optional[list[EndpointKind]] = value()
    co_primary_rule: Optional[CoPrimaryRule] = value()
    pooling_mortality_days: Optional[int] = value(integer=True, minimum=1, maximum=365,
                                                  unit="days")

    def all_endpoints(self) -> list[Endpoint]:
        """The primary endpoint, then the secondary ones."""
        return [self.primary, *(self.secondary or [])]


@dataclass
class BinaryAssumptions:
    control_rate: Optional[float] = value(minimum=0, maximum=1, min_exclusive=True,
                                          max_exclusive=True)
    treatment_rate: Optional[float] = value(minimum=0, maximum=1, min_exclusive=True,
                                            max_exclusive=True)
    method: Optional[BinaryMethod] = value()


@dataclass
class ContinuousAssumptions:
    mean_difference: Optional[float] = value(minimum=-1e6, maximum=1e6)
    sd: Optional[float] = value(minimum=0, min_exclusive=True, maximum=1e6)


@dataclass
class GroupSequential:
    """Interim looks (format 2): information fractions of every look, the last 1; their number
    is statistics.interim_analyses + 1. Missing fractions: equally spaced."""
    info_rates: Optional[list[float]] = value(minimum=0, min_exclusive=True, maximum=1)
    efficacy: Optional[EfficacyBoundary] = value()
    futility: Optional[FutilityRule] = value()
    futility_z: Optional[float] = value(minimum=-5, maximum=5)


@dataclass
class TimeToEventAssumptions:
    """All-cause mortality analysed as time to death (format 2). The control event rate is the
    proportion dead by endpoints.primary.timepoint_days; without accrual_months every patient is
    followed to that day."""
    hazard_ratio: Optional[float] = value(minimum=0, min_exclusive=True, maximum=10)
    control_event_rate: Optional[float] = value(minimum=0, maximum=1, min_exclusive=True,
                                                max_exclusive=True)
    accrual_months: Optional[float] = value(minimum=0, min_exclusive=True, maximum=240,
                                            unit="months")
    follow_up_months: Optional[float] = value(minimum=0, maximum=240, unit="months")
    method: Optional[SurvivalMethod] = value()


@dataclass
class OrdinalAssumptions:
    """Proportional odds (Whitehead 1993, format 2): the control arm's probabilities over the
    ordered categories, worst first (death), and the common odds ratio of a better category."""
    categories: Optional[list[str]] = value(max_length=200)
    control_probabilities: Optional[list[float]] = value(minimum=0, maximum=1)
    odds_ratio: Optional[float] = value(minimum=0, min_exclusive=True, maximum=100)


@dataclass
class Statistics:
    phase: Optional[Phase] = value()
    alpha: Optional[float] = value(minimum=0, min_exclusive=True, maximum=0.5)
    sided: Optional[int] = value(integer=True, allowed=(1, 2))
    power: Optional[float] = value(minimum=0, maximum=1, min_exclusive=True, max_exclusive=True)
    dropout_pct: Optional[float] = value(minimum=0, maximum=100, max_exclusive=True, unit="%")
    binary: BinaryAssumptions = block(BinaryAssumptions)
    continuous: ContinuousAssumptions = block(ContinuousAssumptions)
    planned_total_n: Optional[int] = value(integer=True, minimum=1, maximum=1_000_000)
    interim_analyses: Optional[int] = value(integer=True, minimum=0, maximum=20)
    analysis: Optional[Analysis] = value()
    group_sequential: GroupSequential = block(GroupSequential)
    time_to_event: TimeToEventAssumptions = block(TimeToEventAssumptions)
    ordinal: OrdinalAssumptions = block(OrdinalAssumptions)


@dataclass
class Sampling:
    blood: Optional[bool] = value()
    bal: Optional[bool] = value()
    timepoints_days: Optional[list[int]] = value(integer=True, minimum=0, maximum=3650,
                                                 unit="days")


@dataclass
class FollowUp:
    months: Optional[int] = value(integer=True, minimum=0, maximum=240, unit="months")
    malignancy_surveillance: Optional[bool] = value()
    fibrosis_assessment: Optional[bool] = value()
    functional_outcomes: Optional[bool] = value()
    post_discharge_measures: Optional[list[PostDischargeMeasure]] = value()
    malignancy_detection: Optional[list[MalignancyDetection]] = value()
    baseline_cancer_history: Optional[bool] = value()
    fibrosis_imaging_months: Optional[list[int]] = value(integer=True, minimum=0, maximum=240,
                                                         unit="months")


@dataclass
class Safety:
    infusion_events_prespecified: Optional[bool] = value()
    dsmb: Optional[bool] = value()
    dsmb_charter: Optional[list[CharterItem]] = value()
    safety_stopping_rule: Optional[str] = value()


@dataclass
class Design:
    meta: Meta = block(Meta)
    product: Product = block(Product)
    dosing: Dosing = block(Dosing)
    population: Population = block(Population)
    control: Control = block(Control)
    care: Care = block(Care)
    endpoints: Endpoints = block(Endpoints)
    statistics: Statistics = block(Statistics)
    sampling: Sampling = block(Sampling)
    follow_up: FollowUp = block(FollowUp)
    safety: Safety = block(Safety)

    @property
    def arms(self) -> list[Arm]:
        """The active arms, or an empty list while none is decided."""
        return self.dosing.arms or []

    def arm_name(self, index: int) -> str:
        """How messages name an arm: its label, or 'arm 1', 'arm 2', ... (1-based)."""
        arms = self.arms
        label = arms[index].label if index < len(arms) else None
        return label if label else f"arm {index + 1}"


# --- Introspection shared by the reader, the writer, paths and the wizard's binder -------------


@dataclass(frozen=True)
class FieldSpec:
    """One field of a section: its JSON name, what it holds and what it accepts."""

    name: str
    kind: str                  # "text", "bool", "number", "choice", "block", "list", "blocks"
    item: Any = None           # the Choice class, the block class, or the list's item kind
    item_kind: str | None = None  # for lists: "text", "number", "choice"
    constraint: Constraint = Constraint()


_SPEC_CACHE: dict[type, dict[str, FieldSpec]] = {}


def _classify(hint: Any) -> tuple[str, Any, str | None]:
    origin = typing.get_origin(hint)
    if origin is typing.Union:
        inner = [a for a in typing.get_args(hint) if a is not type(None)]
        return _classify(inner[0])
    if origin is list:
        (arg,) = typing.get_args(hint)
        if dataclasses.is_dataclass(arg):
            return "blocks", arg, None
        kind, item, _ = _classify(arg)
        return "list", item, kind
    if hint is bool:
        return "bool", None, None
    if hint in (int, float):
        return "number", hint, None
    if hint is str:
        return "text", None, None
    if isinstance(hint, type) and issubclass(hint, Choice):
        return "choice", hint, None
    if dataclasses.is_dataclass(hint):
        return "block", hint, None
    raise TypeError(f"unsupported field type {hint!r}")


def field_specs(cls: type) -> dict[str, FieldSpec]:
    """The fields of a design section class, in format order."""
    cached = _SPEC_CACHE.get(cls)
    if cached is None:
        hints = typing.get_type_hints(cls)
        cached = {}
        for f in dataclasses.fields(cls):
            kind, item, item_kind = _classify(hints[f.name])
            constraint = f.metadata.get("constraint", Constraint())
            cached[f.name] = FieldSpec(f.name, kind, item, item_kind, constraint)
        _SPEC_CACHE[cls] = cached
    return cached


def is_missing(value: Any) -> bool:
    """Missing in the sense of the catalogue (1.3): absent, blank text or an empty list.
    ``False`` and ``0`` are values."""
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, list):
        return len(value) == 0
    return False
