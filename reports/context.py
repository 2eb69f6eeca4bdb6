"""What every part of the protocol summary is built from: the design, the guidance thresholds
and result, the fingerprint, the evidence (or why it could not be loaded), the references, the
comparison with an earlier version when one is asked for, and the layout the parts are set with
(reports/layout.py for the PDF, reports/word/report.py for Word). Each part is a function of
this context (reports/sections/), so the PDF and the Word summary print the same parts from the
same models.

    context = build_context(design, thresholds)
    story = summary_story(context)       # reports.sections
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable

from models.design import Design
from models.design_io import fingerprint
from models.guidance import Thresholds, evaluate
from models.guidance.catalogue import load_catalogue
from reports.layout import PdfLayout
from reports.references import References
from reports.text import TextFormatter

if TYPE_CHECKING:
    # Loaded on first use at run time, named here for the hints. models.guidance hands out its
    # names through a module __getattr__ (mypy sees Any), so the result's comes from its module.
    from models.compare import Comparison
    from models.evidence import EvidenceBase
    from models.guidance.engine import GuidanceResult

Progress = Callable[[float, str], None]


@dataclass
class ReportContext:
    design: Design
    thresholds: Thresholds
    result: GuidanceResult
    fingerprint: str
    evidence: EvidenceBase | None   # None when it could not be loaded (evidence_error says why)
    evidence_error: str | None
    refs: References
    layout: PdfLayout
    generated: datetime.datetime
    design_path: str | None = None
    progress: Progress | None = None
    changes: Comparison | None = None   # with the earlier version, for the appendix

    @property
    def fmt(self) -> TextFormatter:
        return self.layout.fmt

    def step(self, fraction: float, text: str) -> None:
        if self.progress:
            self.progress(fraction, text)


def build_context(design: Design, thresholds: Thresholds, *, design_path: str | None = None,
                  evidence=None, generated: datetime.datetime | None = None,
                  progress: Progress | None = None, changes_since: Design | None = None,
                  layout: Callable[[References], PdfLayout] = PdfLayout) -> ReportContext:
    """Evaluate the design, load the evidence (unless given) and the references, and compare
    with ``changes_since`` when given. ``layout`` makes the layout from the references."""
    if progress:
        progress(0.02, "Checking the design")
    result = evaluate(design, thresholds)
    catalogue = load_catalogue()
    evidence, evidence_error = _load_evidence(evidence, progress)
    from models.evidence import load_sources

    refs = References(catalogue.sources, load_sources())
    context = ReportContext(design=design, thresholds=thresholds, result=result,
                            fingerprint=fingerprint(design), evidence=evidence,
                            evidence_error=evidence_error, refs=refs, layout=layout(refs),
                            generated=generated or datetime.datetime.now(),
                            design_path=design_path, progress=progress)
    if changes_since is not None:
        from models.compare import compare_designs

        context.changes = compare_designs(changes_since, design, thresholds)
    return context


def _load_evidence(evidence, progress: Progress | None):
    if evidence is not None:
        return evidence, None
    if progress:
        progress(0.05, "Loading the evidence")
    from models.evidence import TrialsFileError, loaded_evidence

    try:
        return loaded_evidence(), None
    except (TrialsFileError, OSError) as error:
        # The handout is still worth having; part 7 says why the evidence is missing.
        return None, str(error)


# --- the simulation of part 5 ------------------------------------------------------------------

# The seeded simulation of part 5 is the largest piece of work in an export that is not layout
# (about a quarter of the core-protocol example's export, docs/benchmarks.md). Its numbers
# depend only on the simulated endpoint and trial (models.design_simulation.design_trial), so an
# export that follows another with the same statistics (the PDF then the Word file, or the PDF
# again after editing any text) reuses them instead of drawing the same seeded numbers again.
SIMULATIONS_KEPT = 4
_simulations: dict = {}


def operating_characteristics(design: Design, outcome):
    """(SimulationResult, notes) of models.design_simulation for the design's sample-size
    outcome, as design_operating_characteristics gives them (NotSimulated raised alike)."""
    from models.design_simulation import design_operating_characteristics, design_trial

    key = design_trial(design, outcome)
    kept = _simulations.get(key)
    if kept is None:
        kept = design_operating_characteristics(design, outcome)
        if len(_simulations) >= SIMULATIONS_KEPT:
            _simulations.pop(next(iter(_simulations)), None)
        _simulations[key] = kept
    return kept
