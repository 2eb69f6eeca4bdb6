"""Group C, format 3: who may be enrolled beyond the definition (low-flow oxygen, pregnancy,
ECMO at baseline) and how consent is sought from patients who mostly cannot give it."""

from __future__ import annotations

from models.design import ConsentModel, Definition, RespiratorySupport
from models.guidance.base import Hit, missing, rule

P = "population"


@rule("C-17", applies=lambda ctx: RespiratorySupport.LOW_FLOW_OXYGEN in ctx.support)
def low_flow_outside_resource_limited(ctx):
    # Berlin needs PEEP or CPAP >= 5 cmH2O; the global definition's non-intubated ARDS needs HFNO
    # >= 30 L/min or NIV/CPAP >= 5. Only the resource-limited variant asks for no support.
    definition = ctx.design.population.definition
    if RespiratorySupport.LOW_FLOW_OXYGEN not in ctx.support \
            or definition in (None, Definition.GLOBAL_2024_RESOURCE_LIMITED):
        return []
    return [Hit((f"{P}.respiratory_support", f"{P}.definition"))]


@rule("C-18")
def pregnancy_or_ecmo_not_addressed(ctx):
    pop = ctx.design.population
    paths = [f"{P}.{name}" for name in ("pregnancy", "ecmo_at_baseline")
             if getattr(pop, name) is None]
    return [Hit(tuple(paths), not_specified=True)] if paths else []


@rule("C-19")
def consent_model(ctx):
    consent = ctx.design.population.consent_model
    if missing(consent):
        return [Hit((f"{P}.consent_model",), not_specified=True)]
    if set(consent) == {ConsentModel.PATIENT} \
            and RespiratorySupport.INVASIVE_VENTILATION in ctx.support:
        return [Hit((f"{P}.consent_model", f"{P}.respiratory_support"),
                    variant="message_patient_only")]
    return []
