"""Whether a field of the design matters for this design at all: an EV field on a cell product
does not, nor the time-to-event assumptions of a design analysed as proportions. The one rule
for every reader of the design: the wizard hides the rows (and the groups) that do not apply and
shows them again when an edit makes them apply (ui/pages/base.py), the Review step and the PDF
leave a blank field that does not apply out (models/summary.py ``SummaryRow.applies``), and the
schedule (models/schedule.py) places only what applies. A field that does not apply keeps its
value: switching back shows it again.
"""

from __future__ import annotations

import re

from models.design import (
    Analysis,
    ControlType,
    Design,
    DoseSchedule,
    EndpointKind,
    FutilityRule,
    ProductKind,
    RespiratorySupport,
    Subphenotype,
)
from models.design_sample_size import effective_analysis

_ARM = re.compile(r"^dosing\.arms\[(\d+)\]\.(dose_times_hours|interval_hours)$")

_POSITIVE_PRESSURE = (RespiratorySupport.INVASIVE_VENTILATION,
                      RespiratorySupport.NONINVASIVE_VENTILATION)

# Format 1 fields asked only for some designs: a minimum PEEP only where patients on positive
# pressure are eligible, the HFNO flow only where HFNO patients are, the classifier only for a
# subphenotype strategy, the placebo only for a placebo control (not while these are undecided:
# the wizard asks the deciding question first).
_ASKED_WHEN = {
    "population.peep_min": lambda d: any(s in _POSITIVE_PRESSURE
                                         for s in d.population.respiratory_support or []),
    "population.hfno_flow_min": lambda d: RespiratorySupport.HIGH_FLOW_NASAL_OXYGEN in (
        d.population.respiratory_support or []),
    "population.classifier": lambda d: d.population.subphenotype in (
        Subphenotype.STRATIFIED, Subphenotype.ENRICHED_HYPERINFLAMMATORY),
    "control.placebo": lambda d: d.control.type is ControlType.PLACEBO,
}

# Format 3 fields that matter only once another decision is taken (a blank one is left out; a
# field decided "no" makes its details moot, an undecided one keeps them shown).
_FOLLOWS = {
    "endpoints.co_primary_rule": lambda d: bool(d.endpoints.co_primary),
    "population.enrichment_criteria": lambda d: bool(d.population.enrichment),
    "population.max_hours_from_intubation": lambda d: not d.population.respiratory_support or
        RespiratorySupport.INVASIVE_VENTILATION in d.population.respiratory_support,
    "follow_up.malignancy_detection": lambda d: d.follow_up.malignancy_surveillance is not False,
    "follow_up.baseline_cancer_history": lambda d: d.follow_up.malignancy_surveillance is not False,
    "follow_up.fibrosis_imaging_months": lambda d: d.follow_up.fibrosis_assessment is not False,
    "follow_up.post_discharge_measures": lambda d: d.follow_up.functional_outcomes is not False,
    "safety.dsmb_charter": lambda d: d.safety.dsmb is not False,
    "safety.safety_stopping_rule": lambda d: d.safety.dsmb is not False,
}


def _format3_applies(design: Design, path: str) -> bool | None:
    """Whether a format-3 field applies, or None when the path is not one of them."""
    kind = design.product.kind
    if path == "product.release.identity_markers":
        return kind is None or kind is ProductKind.MAPC
    if path in ("product.release.dose_basis", "product.release.dmso_max_pct"):
        cells = kind is None or kind.is_cell_product
        if path.endswith("dmso_max_pct"):
            return cells and design.product.cryopreserved is not False
        return cells
    match = _ARM.match(path)
    if match:
        arms = design.dosing.arms or []
        index = int(match.group(1))
        irregular = index < len(arms) and arms[index].schedule is DoseSchedule.IRREGULAR
        return irregular if match.group(2) == "dose_times_hours" else not irregular
    rule = _FOLLOWS.get(path)
    return None if rule is None else rule(design)


def uses_vfd(design: Design) -> bool:
    """Whether any endpoint, primary or secondary, is ventilator-free days."""
    return any(e.kind is EndpointKind.VENTILATOR_FREE_DAYS
               for e in design.endpoints.all_endpoints())


def applies(design: Design, path: str) -> bool:
    """Whether the field at ``path`` (a JSON path, e.g. ``dosing.arms[0].interval_hours``)
    matters for ``design`` as it stands."""
    format3 = _format3_applies(design, path)
    if format3 is not None:
        return format3
    asked = _ASKED_WHEN.get(path)
    if asked is not None:
        return asked(design)
    kind = design.product.kind
    if path.startswith("product.ev."):
        return kind is not None and kind.is_ev_product
    if path.startswith("product.characterization."):
        return kind is None or kind.is_cell_product
    # The expected results of the analysis the primary endpoint takes, none while it is unknown.
    analysis = effective_analysis(design)
    if path.startswith("statistics.binary."):
        return analysis is Analysis.BINARY
    if path.startswith("statistics.continuous."):
        return analysis is Analysis.CONTINUOUS
    if path.startswith("statistics.time_to_event."):
        return analysis is Analysis.TIME_TO_EVENT
    if path.startswith("statistics.ordinal."):
        return analysis is Analysis.ORDINAL
    if path.startswith("statistics.group_sequential."):
        looks = (design.statistics.interim_analyses or 0) > 0
        if path.endswith(".futility_z"):
            return looks and design.statistics.group_sequential.futility is FutilityRule.FIXED_Z
        return looks
    if path.startswith("endpoints.vfd."):
        return uses_vfd(design)
    return True
