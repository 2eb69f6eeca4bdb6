"""Whether a field of the design matters for this design at all: an EV field on a cell product
does not, nor the time-to-event assumptions of a design analysed as proportions. One rule for
the printed sections and the PDF's assumptions (a blank field that does not apply is left out);
the wizard shows the same parts.
"""

from __future__ import annotations

from models.design import Analysis, Design, EndpointKind, FutilityRule
from models.design_sample_size import effective_analysis


def applies(design: Design, path: str) -> bool:
    kind = design.product.kind
    if path.startswith("product.ev."):
        return kind is not None and kind.is_ev_product
    if path.startswith("product.characterization."):
        return kind is None or kind.is_cell_product
    analysis = effective_analysis(design)
    primary = design.endpoints.primary.kind
    if path.startswith("statistics.binary."):
        return analysis is Analysis.BINARY or (primary is None and analysis is None)
    if path.startswith("statistics.continuous."):
        return analysis is Analysis.CONTINUOUS or (primary is None and analysis is None)
    if path.startswith("statistics.time_to_event."):
        return analysis is Analysis.TIME_TO_EVENT
    if path.startswith("statistics.ordinal."):
        return analysis is Analysis.ORDINAL
    if path == "statistics.group_sequential.futility_z":
        return design.statistics.group_sequential.futility is FutilityRule.FIXED_Z
    if path.startswith("statistics.group_sequential."):
        return (design.statistics.interim_analyses or 0) > 0
    if path.startswith("endpoints.vfd."):
        return any(e.kind is EndpointKind.VENTILATOR_FREE_DAYS
                   for e in design.endpoints.all_endpoints())
    return True
