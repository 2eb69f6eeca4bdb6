"""Group D: standard of care, control and blinding."""

from __future__ import annotations

from models.design import Blinding, CareElement, ControlType, Immunomodulators
from models.guidance.base import Hit, missing, rule

ELEMENT_NAMES = {
    CareElement.LUNG_PROTECTIVE_VENTILATION: "lung-protective ventilation",
    CareElement.CONSERVATIVE_FLUIDS: "conservative fluids",
    CareElement.PRONE_POSITIONING: "prone positioning",
    CareElement.SEDATION_PROTOCOL: "sedation protocol",
}


@rule("D-1")
def care_not_protocolised(ctx):
    care = ctx.design.care
    elements = set(care.elements or ())
    paths, stated = [], False
    if care.protocolised is not True:
        paths.append("care.protocolised")
        stated = stated or care.protocolised is False
    if CareElement.LUNG_PROTECTIVE_VENTILATION not in elements:
        paths.append("care.elements")
        stated = stated or not missing(care.elements)
    if not paths:
        return []
    absent = [name for element, name in ELEMENT_NAMES.items() if element not in elements]
    return [Hit(tuple(paths), not_specified=not stated, values={
        "missing_elements": ", ".join(absent) if absent else
        "none of the four elements, but care.protocolised is not yet true"})]


@rule("D-2")
def immunomodulators_not_addressed(ctx):
    value = ctx.design.care.immunomodulators
    if value is None:
        return [Hit(("care.immunomodulators",), not_specified=True)]
    if value is Immunomodulators.NOT_ADDRESSED:
        return [Hit(("care.immunomodulators",))]
    return []


@rule("D-3")
def open_label_or_no_placebo(ctx):
    control = ctx.design.control
    paths, stated = [], False
    if control.type is None:
        paths.append("control.type")
    elif control.type is ControlType.STANDARD_CARE:
        paths.append("control.type")
        stated = True
    elif control.type is ControlType.PLACEBO and missing(control.placebo):
        paths.append("control.placebo")
    if control.blinding is None:
        paths.append("control.blinding")
    elif control.blinding is Blinding.OPEN:
        paths.append("control.blinding")
        stated = True
    if not paths:
        return []
    return [Hit(tuple(paths), not_specified=not stated)]
