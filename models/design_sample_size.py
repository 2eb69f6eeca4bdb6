"""The program's computed n for a design's primary endpoint (catalogue 1.7 and 1.8 items 4-7).

Shared by rule E-2, the wizard's sample-size step, ``check --json`` and the PDF. It never fills an
input with a default: while any input is missing there is no computed n.
"""

from __future__ import annotations

from dataclasses import dataclass

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


def sample_size_inputs(design: Design) -> list[tuple[str, object]]:
    """The E-1 inputs as (JSON path, value) pairs, in the order a reader expects them."""
    stats = design.statistics
    kind = design.endpoints.primary.kind
    inputs: list[tuple[str, object]] = [
        ("statistics.phase", stats.phase),
        ("endpoints.primary.kind", kind),
        ("statistics.planned_total_n", stats.planned_total_n),
    ]
    if has_computed_n(kind):
        inputs += [
            ("statistics.alpha", stats.alpha),
            ("statistics.sided", stats.sided),
            ("statistics.power", stats.power),
            ("statistics.dropout_pct", stats.dropout_pct),
            ("control.allocation_ratio", design.control.allocation_ratio),
        ]
        if kind in BINARY_KINDS:
            inputs += [
                ("statistics.binary.control_rate", stats.binary.control_rate),
                ("statistics.binary.treatment_rate", stats.binary.treatment_rate),
                ("statistics.binary.method", stats.binary.method),
            ]
        else:
            inputs += [
                ("statistics.continuous.mean_difference", stats.continuous.mean_difference),
                ("statistics.continuous.sd", stats.continuous.sd),
            ]
    return inputs


@dataclass(frozen=True)
class DesignSampleSize:
    """The outcome of the calculation for a design: a result, or the reason there is none."""

    result: object | None          # models.sample_size.SampleSizeResult
    error: str | None              # why an impossible request cannot be computed
    missing: tuple[str, ...]       # inputs not yet decided (then result and error are None)

    @property
    def computed(self) -> bool:
        return self.result is not None


def allocation_ratios(allocation_ratio: list[float]) -> tuple[float, ...]:
    """r_i = allocation_ratio[i] / allocation_ratio[-1] = n_active_i / n_control (1.8 item 5)."""
    control = allocation_ratio[-1]
    return tuple(share / control for share in allocation_ratio[:-1])


def compute_design_sample_size(design: Design) -> DesignSampleSize | None:
    """The computed n for the design's primary endpoint; None when the kind has no computed n."""
    kind = design.endpoints.primary.kind
    if not has_computed_n(kind):
        return None
    from models.design import is_missing

    gaps = tuple(path for path, value in sample_size_inputs(design) if is_missing(value))
    if gaps:
        return DesignSampleSize(None, None, gaps)
    from models import sample_size as ss

    stats = design.statistics
    ratios = allocation_ratios(design.control.allocation_ratio)
    if not ratios:
        return DesignSampleSize(None, "the allocation ratio names no active arm", ())
    common = dict(alpha=stats.alpha, sided=stats.sided, power=stats.power,
                  dropout_pct=stats.dropout_pct, ratio=ratios, arms=len(ratios))
    try:
        if kind in BINARY_KINDS:
            result = ss.binary_sample_size(stats.binary.control_rate, stats.binary.treatment_rate,
                                           method=stats.binary.method.value, **common)
        else:
            result = ss.continuous_sample_size(stats.continuous.mean_difference,
                                               stats.continuous.sd, **common)
    except ss.SampleSizeError as exc:
        return DesignSampleSize(None, str(exc), ())
    return DesignSampleSize(result, None, ())
