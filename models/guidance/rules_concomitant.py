"""Group D, format 3: the concomitant care a pooled core protocol needs to know (corticosteroids,
PEEP, neuromuscular blockade, prone positioning, ECMO) and the stratification of randomisation.
Each of these changes outcome in ARDS on its own (ATS guideline 2024), so a difference between
arms or between trials can mask or mimic an effect of the product."""

from __future__ import annotations

from models.design import CareElement, ConcomitantPolicy, Immunomodulators, Phase
from models.guidance.base import Hit, missing, rule

EFFICACY = (Phase.PHASE_2B, Phase.PHASE_3)
POLICIES = (("corticosteroids", "corticosteroids"), ("peep_strategy", "PEEP strategy"),
            ("neuromuscular_blockade", "neuromuscular blockade"),
            ("prone_positioning", "prone positioning"), ("ecmo", "ECMO"))


def _efficacy(ctx) -> bool:
    return ctx.design.statistics.phase in EFFICACY


@rule("D-4", applies=_efficacy)
def concomitant_care_incomplete(ctx):
    if not _efficacy(ctx):
        return []
    care = ctx.design.care
    paths, names, stated = [], [], False
    for name, words in POLICIES:
        value = getattr(care, name)
        if value is None or value is ConcomitantPolicy.NOT_ADDRESSED:
            paths.append(f"care.{name}")
            names.append(words)
            stated = stated or value is ConcomitantPolicy.NOT_ADDRESSED
    if not paths:
        return []
    return [Hit(tuple(paths), not_specified=not stated,
                values={"missing_items": ", ".join(names)})]


@rule("D-5")
def corticosteroids_prohibited(ctx):
    if ctx.design.care.corticosteroids is ConcomitantPolicy.PROHIBITED:
        return [Hit(("care.corticosteroids",))]
    return []


@rule("D-6", applies=_efficacy)
def no_stratification(ctx):
    if not _efficacy(ctx) or not missing(ctx.design.control.stratification_factors):
        return []
    return [Hit(("control.stratification_factors",), not_specified=True)]


@rule("D-7")
def care_stated_two_ways(ctx):
    """Format 1's care fields and format 3's policies say the same thing twice; where both are
    decided they must agree, or the protocol contradicts itself (found in the examples)."""
    care = ctx.design.care
    conflicts, paths = [], []
    prone = care.prone_positioning
    if prone is not None and care.elements is not None:
        listed = CareElement.PRONE_POSITIONING in care.elements
        if (prone is ConcomitantPolicy.PROTOCOLISED) != listed:
            conflicts.append("prone positioning is " + ("protocolised, but not among the "
                             "protocolised care elements" if not listed else
                             "among the protocolised care elements, but its policy is "
                             + prone.value.replace("_", " ")))
            paths += ["care.prone_positioning", "care.elements"]
    steroids = care.corticosteroids
    if (care.immunomodulators is Immunomodulators.STANDARDISED
            and steroids in (ConcomitantPolicy.RECORDED, ConcomitantPolicy.NOT_ADDRESSED)):
        conflicts.append("corticosteroids and immunomodulators are standardised, but the "
                         "corticosteroid policy is " + steroids.value.replace("_", " "))
        paths += ["care.immunomodulators", "care.corticosteroids"]
    if not conflicts:
        return []
    return [Hit(tuple(paths), values={"conflicts": "; ".join(conflicts)})]

