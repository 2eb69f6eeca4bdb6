"""The group-sequential design engine: efficacy boundaries for K = 1 to 5 looks (Lan-DeMets
alpha spending of O'Brien-Fleming or Pocock type, or the classic O'Brien-Fleming and Pocock
shapes), optional non-binding futility (beta spending or a fixed z), the maximum information that
keeps the power, and the stopping probabilities and expected information under H0 and H1.

Headless and endpoint-free: everything is on the z scale and in fractions of the fixed-sample
information; ``patient_plan`` turns a design into patients from the fixed-sample total of
``models.sample_size``, and ``binary_estimate_boundaries`` / ``continuous_estimate_boundaries``
put the boundaries on the scale of the observed risk or mean difference.

The probabilities come from recursive numerical integration (Armitage, McPherson & Rowe 1969;
Jennison & Turnbull 2000, chapter 19) with numpy, which is imported only when a design is
computed: importing this package does not import numpy.

One module per concern: ``errors``, ``spending`` (spending functions and boundary shapes, pure
Python), ``integration`` (the recursion and the bound solvers), ``design`` (validation and the
design), ``results`` (the frozen, JSON-ready results) and ``patients`` (patients and the estimate
scale).
"""

from __future__ import annotations

from models.group_sequential.design import group_sequential_design, operating_characteristics
from models.group_sequential.errors import GroupSequentialConvergenceError, GroupSequentialError
from models.group_sequential.patients import (
    binary_estimate_boundaries,
    continuous_estimate_boundaries,
    patient_plan,
)
from models.group_sequential.results import (
    EstimateBoundaries,
    GroupSequentialDesign,
    OperatingCharacteristics,
    PatientPlan,
)
from models.group_sequential.spending import CLASSIC_SHAPES, EFFICACY_FAMILIES, SPENDING_FAMILIES
from models.group_sequential.validation import MAX_LOOKS

__all__ = [
    "GroupSequentialError",
    "GroupSequentialConvergenceError",
    "GroupSequentialDesign",
    "PatientPlan",
    "EstimateBoundaries",
    "OperatingCharacteristics",
    "group_sequential_design",
    "operating_characteristics",
    "patient_plan",
    "binary_estimate_boundaries",
    "continuous_estimate_boundaries",
    "MAX_LOOKS",
    "EFFICACY_FAMILIES",
    "SPENDING_FAMILIES",
    "CLASSIC_SHAPES",
]
