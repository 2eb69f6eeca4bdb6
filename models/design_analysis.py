"""How a design's primary endpoint is analysed, and its allocation as ratios to control: the
facts both the fixed-sample calculation (models/design_sample_size.py) and the group-sequential
plan (models/design_plan.py) start from."""

from __future__ import annotations

from models.design import Analysis, Design, EndpointKind

BINARY_KINDS = (EndpointKind.MORTALITY,)
CONTINUOUS_KINDS = (EndpointKind.VENTILATOR_FREE_DAYS, EndpointKind.OXYGENATION,
                    EndpointKind.BIOMARKER)
COMPUTED_KINDS = BINARY_KINDS + CONTINUOUS_KINDS


def effective_analysis(design: Design) -> Analysis | None:
    """How the primary endpoint is analysed: as chosen (format 2), else as format 1 did it
    (proportions for mortality, means for VFDs, oxygenation and biomarkers; an ordinal or
    safety endpoint has no computed n until an analysis is chosen)."""
    chosen = design.statistics.analysis
    if chosen is not None:
        return chosen
    kind = design.endpoints.primary.kind
    if kind in BINARY_KINDS:
        return Analysis.BINARY
    if kind in CONTINUOUS_KINDS:
        return Analysis.CONTINUOUS
    return None


def has_computed_n(kind: EndpointKind | None) -> bool:
    """Whether format version 1 holds the assumptions for this primary endpoint kind."""
    return kind in COMPUTED_KINDS


def allocation_ratios(allocation_ratio: list[float]) -> tuple[float, ...]:
    """r_i = allocation_ratio[i] / allocation_ratio[-1] = n_active_i / n_control
    (docs/conventions.md 1.8 item 5)."""
    control = allocation_ratio[-1]
    return tuple(share / control for share in allocation_ratio[:-1])
