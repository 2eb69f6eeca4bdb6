"""The design as a USDM 4.0.0 study definition: a plain JSON-ready dict (``usdm_document``).

What is mapped (and how the design's words become USDM's):

- the study: its name (acronym, else title), titles (official title, acronym), version
  (protocol version), identifiers (the registry id, scoped by a registry organisation) and the
  sponsor as an organisation;
- one interventional, parallel-group study design: phase, blinding, the arms (each active arm an
  investigational arm; the control a placebo control or no-intervention arm), three epochs
  (screening, treatment, follow-up), an element per arm and epoch and the cells joining them;
- the interventions: one per active arm with its administrations (dose and unit, route, the
  number of administrations and their interval, the time the series lasts) and the cell product
  as the administrable product; a placebo when the control is one;
- the population: planned enrolment, the age range, and the eligibility criteria the design
  fixes, as inclusion and exclusion criteria (their text at the study version);
- objectives and endpoints: the primary endpoint under a primary objective, the secondary ones
  under a secondary objective (the design format holds endpoints, not objectives: each
  objective's text says it is derived);
- the schedule of activities from models.schedule (the SPIRIT figure): its time points as
  encounters and scheduled instances on one main timeline, timed from day 0 (the first dose),
  its activities with the instances at which they take place.

Identifiers are "<Class>_<n>", stable for one design. A value the design has not decided is left
out (or, where USDM requires text, says "not decided"); nothing is invented.
"""

from __future__ import annotations

from collections import defaultdict

from models.design import ControlType, Design, DoseSchedule
from models.formatting import format_number
from models.schedule import build_schedule
from models.version import APP_NAME, __version__
from reports.content import arm_sentence, endpoint_text, words
from reports.usdm.codes import (
    CDISC_SYSTEM,
    CDISC_VERSION,
    DOSE_UNITS,
    TERMS,
    UCUM_SYSTEM,
    UCUM_VERSION,
)
from reports.usdm.criteria import eligibility

USDM_VERSION = "4.0.0"
NOT_DECIDED = "not decided"


class _Ids:
    def __init__(self) -> None:
        self.counts: dict[str, int] = defaultdict(int)

    def __call__(self, kind: str) -> str:
        self.counts[kind] += 1
        return f"{kind}_{self.counts[kind]}"


class _Builder:
    def __init__(self, design: Design):
        self.design = design
        self.id = _Ids()

    # --- small USDM values --------------------------------------------------------------

    def code(self, term: str) -> dict:
        code, decode = TERMS[term]
        return {"id": self.id("Code"), "code": code, "codeSystem": CDISC_SYSTEM,
                "codeSystemVersion": CDISC_VERSION, "decode": decode, "instanceType": "Code"}

    def alias(self, standard: dict) -> dict:
        return {"id": self.id("AliasCode"), "standardCode": standard, "standardCodeAliases": [],
                "instanceType": "AliasCode"}

    def unit(self, term: str) -> dict:
        return self.alias(self.code(term))

    def ucum(self, unit: str) -> dict:
        return self.alias({"id": self.id("Code"), "code": unit, "codeSystem": UCUM_SYSTEM,
                           "codeSystemVersion": UCUM_VERSION, "decode": unit,
                           "instanceType": "Code"})

    def quantity(self, value: float, unit: dict | None) -> dict:
        return {"id": self.id("Quantity"), "value": float(value), "unit": unit,
                "instanceType": "Quantity"}

    # --- the document ---------------------------------------------------------------------

    def document(self) -> dict:
        meta = self.design.meta
        name = meta.acronym or meta.title or "Untitled design"
        return {
            "usdmVersion": USDM_VERSION, "systemName": APP_NAME, "systemVersion": __version__,
            "study": {"id": None, "name": name, "label": meta.acronym,
                      "description": meta.title, "versions": [self.version()],
                      "documentedBy": [], "instanceType": "Study"},
        }

    def version(self) -> dict:
        meta = self.design.meta
        organizations, identifiers = [], []
        if meta.sponsor:
            organizations.append(self.organization("sponsor", meta.sponsor))
        if meta.registry_id:
            registry = self.organization("registry", "Trial registry")
            organizations.append(registry)
            identifiers.append({"id": self.id("StudyIdentifier"), "text": meta.registry_id,
                                "scopeId": registry["id"], "instanceType": "StudyIdentifier"})
        titles = [{"id": self.id("StudyTitle"), "text": text, "type": self.code(term),
                   "instanceType": "StudyTitle"}
                  for text, term in ((meta.title, "official_title"), (meta.acronym, "acronym"))
                  if text]
        products = [self.product()]
        interventions = self.interventions(products[0]["id"])
        criteria, items = eligibility(self.design, self.id, self.code)
        return {
            "id": self.id("StudyVersion"),
            "versionIdentifier": meta.protocol_version or NOT_DECIDED,
            "rationale": meta.notes or "",
            "studyIdentifiers": identifiers, "titles": titles,
            "organizations": organizations, "administrableProducts": products,
            "studyInterventions": [i for i in interventions if i is not None],
            "eligibilityCriterionItems": items,
            "studyDesigns": [self.study_design(interventions, criteria)],
            "instanceType": "StudyVersion",
        }

    def organization(self, term: str, name: str) -> dict:
        return {"id": self.id("Organization"), "name": name, "label": None, "type": self.code(term),
                "identifierScheme": "", "identifier": "", "legalAddress": None,
                "managedSites": [], "instanceType": "Organization"}

    # --- interventions ----------------------------------------------------------------------

    def product(self) -> dict:
        product = self.design.product
        parts = [words(v) for v in (product.kind, product.tissue_source, product.donor)
                 if v is not None]
        if product.cryopreserved is not None:
            parts.append("cryopreserved" if product.cryopreserved else "fresh")
        name = ", ".join(parts) or "cell product (not decided)"
        return {"id": self.id("AdministrableProduct"), "name": name, "label": None,
                "description": None, "administrableDoseForm": self.alias(self.code("suspension")),
                "productDesignation": self.code("imp"), "properties": [], "identifiers": [],
                "ingredients": [], "instanceType": "AdministrableProduct"}

    def interventions(self, product_id: str) -> list[dict | None]:
        """One per active arm (in order), then the control's: a placebo, or None."""
        out: list[dict | None] = []
        for index, arm in enumerate(self.design.arms):
            administration = {
                "id": self.id("Administration"), "name": f"{self.design.arm_name(index)} dosing",
                "label": None, "description": arm_sentence(self.design, index),
                "duration": self.duration(arm),
                "dose": (self.quantity(arm.dose_value, self.ucum(DOSE_UNITS[arm.dose_unit.value]))
                         if arm.dose_value is not None and arm.dose_unit is not None else None),
                "route": self.alias(self.code(arm.route.value)) if arm.route else None,
                "frequency": (self.alias(self.code("once")) if arm.administrations == 1
                              else None),
                "administrableProductId": product_id, "instanceType": "Administration"}
            out.append({"id": self.id("StudyIntervention"), "name": self.design.arm_name(index),
                        "label": arm.label, "description": arm_sentence(self.design, index),
                        "role": self.code("experimental_intervention"),
                        "type": self.code("biological"), "codes": [],
                        "administrations": [administration],
                        "instanceType": "StudyIntervention"})
        control = self.design.control
        if control.type is ControlType.PLACEBO:
            out.append({"id": self.id("StudyIntervention"), "name": "Placebo",
                        "label": control.placebo, "description": control.placebo,
                        "role": self.code("placebo"), "type": self.code("pharmacologic"),
                        "codes": [], "administrations": [], "instanceType": "StudyIntervention"})
        else:
            out.append(None)
        return out

    def duration(self, arm) -> dict:
        """How long an arm's series of administrations lasts, first to last."""
        count, interval = arm.administrations, arm.interval_hours
        quantity, text = None, None
        times = arm.dose_times_hours if arm.schedule is DoseSchedule.IRREGULAR else None
        if count == 1:
            text = "a single administration"
        elif times:
            # An irregular schedule (format 3): the administrations at their own times.
            hours = times[-1] - times[0]
            quantity = self.quantity(hours, self.unit("hour"))
            text = (f"{len(times)} administrations at "
                    + ", ".join(f"{format_number(t, 1)}" for t in times)
                    + f" h ({format_number(hours, 1)} h from first to last)")
        elif count is not None and interval is not None:
            hours = (count - 1) * interval
            quantity = self.quantity(hours, self.unit("hour"))
            text = (f"{count} administrations {format_number(interval, 1)} h apart "
                    f"({format_number(hours, 1)} h from first to last)")
        return {"id": self.id("Duration"), "text": text or NOT_DECIDED, "quantity": quantity,
                "durationWillVary": False, "reasonDurationWillVary": None,
                "instanceType": "Duration"}

    # --- the study design -------------------------------------------------------------------

    def study_design(self, interventions: list[dict | None], criteria: list[dict]) -> dict:
        from reports.usdm.schedule import schedule_parts

        design = self.design
        stats, control = design.statistics, design.control
        epochs = self.epochs()
        arms: list[dict] = []
        elements: list[dict] = []
        cells: list[dict] = []
        for index in range(len(design.arms) + 1):
            is_control = index == len(design.arms)
            intervention = interventions[index]
            if is_control:
                kind = ("placebo_arm" if control.type is ControlType.PLACEBO
                        else "no_intervention_arm")
                name = "Control"
                description = (words(control.type) if control.type else "control not decided")
            else:
                kind, name = "investigational_arm", design.arm_name(index)
                description = arm_sentence(design, index)
            arm: dict = {"id": self.id("StudyArm"), "name": name, "label": None,
                   "description": description, "type": self.code(kind),
                   "dataOriginDescription": "Data generated within the study",
                   "dataOriginType": self.code("data_within_study"), "populationIds": [],
                   "instanceType": "StudyArm"}
            arms.append(arm)
            for epoch in epochs:
                treatment = epoch["type"]["code"] == TERMS["treatment_epoch"][0]
                element = {"id": self.id("StudyElement"),
                           "name": f"{epoch['name']}: {name}" if treatment else epoch["name"],
                           "label": None, "description": None,
                           "studyInterventionIds": ([intervention["id"]]
                                                    if treatment and intervention else []),
                           "instanceType": "StudyElement"}
                elements.append(element)
                cells.append({"id": self.id("StudyCell"), "armId": arm["id"],
                              "epochId": epoch["id"], "elementIds": [element["id"]],
                              "instanceType": "StudyCell"})
        encounters, activities, timeline = schedule_parts(build_schedule(design), epochs,
                                                          self.id, self.code, self.unit)
        phase = stats.phase.value.lower() if stats.phase else None
        blinding = {"double": "double_blind", "single": "single_blind",
                    "open": "open_label"}.get(control.blinding.value if control.blinding
                                              else "")
        return {
            "id": self.id("InterventionalStudyDesign"), "name": "Study design",
            "label": None, "description": None,
            "rationale": "Randomised parallel-group design, as specified in the design file",
            "studyType": self.code("interventional"),
            "studyPhase": self.alias(self.code(f"phase_{phase}")) if phase else None,
            "model": self.code("parallel"),
            "blindingSchema": self.alias(self.code(blinding)) if blinding else None,
            "arms": arms, "epochs": epochs, "elements": elements, "studyCells": cells,
            "studyInterventionIds": [i["id"] for i in interventions if i is not None],
            "population": self.population(criteria),
            "eligibilityCriteria": criteria,
            "objectives": self.objectives(),
            "encounters": encounters, "activities": activities, "scheduleTimelines": [timeline],
            "instanceType": "InterventionalStudyDesign",
        }

    def epochs(self) -> list[dict]:
        epochs = [{"id": self.id("StudyEpoch"), "name": name, "label": None,
                   "description": description, "type": self.code(term),
                   "previousId": None, "nextId": None, "instanceType": "StudyEpoch"}
                  for name, term, description in (
                      ("Screening", "screening_epoch", "eligibility and consent"),
                      ("Treatment", "treatment_epoch", "from day 0, the first dose, to the "
                                                       "last dose"),
                      ("Follow-up", "follow_up_epoch", "after the last dose, to the end of "
                                                       "follow-up"))]
        for before, after in zip(epochs, epochs[1:]):
            before["nextId"], after["previousId"] = after["id"], before["id"]
        return epochs

    def population(self, criteria: list[dict]) -> dict:
        design = self.design
        pop, planned = design.population, design.statistics.planned_total_n
        age = None
        if pop.age_min is not None and pop.age_max is not None:
            age = {"id": self.id("Range"),
                   "minValue": self.quantity(pop.age_min, self.unit("year")),
                   "maxValue": self.quantity(pop.age_max, self.unit("year")),
                   "isApproximate": False, "instanceType": "Range"}
        return {"id": self.id("StudyDesignPopulation"), "name": "Study population",
                "label": None, "description": None, "includesHealthySubjects": False,
                "plannedEnrollmentNumber": (self.quantity(planned, None)
                                            if planned is not None else None),
                "plannedAge": age, "criterionIds": [c["id"] for c in criteria],
                "cohorts": [], "instanceType": "StudyDesignPopulation"}

    def objectives(self) -> list[dict]:
        endpoints = self.design.endpoints
        product = words(self.design.product.kind) if self.design.product.kind else \
            "the cell product"
        out = []
        groups = (("primary", [endpoints.primary]), ("secondary", endpoints.secondary or []))
        for level, items in groups:
            items = [e for e in items
                     if e.kind is not None or e.timepoint_days is not None or e.description]
            if not items:
                continue
            listed: list[dict] = []
            for endpoint in items:
                text = endpoint_text(endpoint)
                purpose = "Safety" if endpoint.kind and endpoint.kind.value == "safety" \
                    else "Efficacy"
                listed.append({"id": self.id("Endpoint"),
                               "name": f"{level.capitalize()} endpoint {len(listed) + 1}",
                               "label": None, "description": None, "text": text,
                               "purpose": purpose, "level": self.code(f"{level}_endpoint"),
                               "instanceType": "Endpoint"})
            out.append({"id": self.id("Objective"), "name": f"{level.capitalize()} objective",
                        "label": None,
                        "description": "Derived from the design's endpoints (the design "
                                       "format holds no objectives)",
                        "text": f"To estimate the effect of {product} against control on the "
                                f"{level} endpoint(s)",
                        "level": self.code(f"{level}_objective"), "endpoints": listed,
                        "instanceType": "Objective"})
        return out


def usdm_document(design: Design) -> dict:
    """The design as a USDM 4.0.0 Wrapper (study, version, design), JSON-ready."""
    return _Builder(design).document()
