"""Simulated operating characteristics of a design as specified: its computed arm sizes, its
looks and boundaries (the group-sequential plan, or one final analysis), over a grid of true
effects from no effect to 1.25 times the assumed one (models.simulation, vectorized numpy,
seeded). Shared by ``simulate``, the wizard (in a worker thread, with progress and cancel) and
the PDF.

Binary (mortality) and continuous endpoints (VFDs, oxygenation, biomarkers) are simulated;
a time-to-event or ordinal analysis is not (the simulation engine models proportions and
means). With several active arms, the first active arm against control is simulated.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from models.design import Design

if TYPE_CHECKING:
    from models.design_sample_size import DesignSampleSize

DEFAULT_SEED = 20_241_789        # any fixed seed: the PDF's figures are reproducible
PDF_SIMULATIONS = 10_000


class NotSimulated(ValueError):
    """Why a design's operating characteristics cannot be simulated."""


def design_trial(design: Design, outcome: DesignSampleSize | None):
    """(endpoint, TrialDesign, notes) for the design's computed sample size."""
    from models import sample_size as ss
    from models import simulation as sim
    from models.design_plan import BinaryInputs, CheckedInputs, ContinuousInputs
    from models.design_sample_size import effective_analysis

    analysis = effective_analysis(design)
    if outcome is None or outcome.result is None or analysis is None:
        raise NotSimulated("there is no computed sample size to simulate yet")
    # A computed n means compute_design_sample_size found every input set.
    inputs = CheckedInputs.of(design, analysis)
    assumed = inputs.assumptions
    notes = []
    endpoint: sim.BinaryEndpoint | sim.ContinuousEndpoint
    if isinstance(assumed, BinaryInputs):
        endpoint = sim.BinaryEndpoint(assumed.control_rate, assumed.treatment_rate)
    elif isinstance(assumed, ContinuousInputs):
        endpoint = sim.ContinuousEndpoint(abs(assumed.mean_difference), assumed.sd)
        notes.append("The endpoint is simulated as normal with the stated mean difference and "
                     "SD (ventilator-free days have a point mass at 0 for deaths; "
                     "models.simulation.VFDEndpoint simulates it given the survivors' mean "
                     "and SD, which the design does not record).")
    else:
        raise NotSimulated(f"a {analysis.value.replace('_', '-')} analysis is not simulated "
                           "(the engine models proportions and means)")
    plan, result = outcome.plan, outcome.result
    # Binary and continuous analyses are computed by binary_ or continuous_sample_size.
    assert isinstance(result, ss.SampleSizeResult)
    # The patients analysed (dropouts are not), as the sample size counts them.
    arms = plan.n_evaluable_per_arm if plan is not None else result.n_evaluable
    if len(arms) > 2:
        notes.append("With several active arms the first one is simulated against control, "
                     "at the design's adjusted critical value; the expected n counts the "
                     "patients of that comparison (control and one active arm).")
    notes.append("The simulated patients are those analysed (the evaluable n, before the "
                 "dropout allowance).")
    n_per_arm = (arms[0], arms[1])
    if plan is None:
        # The design's own critical value: Dunnett's or Bonferroni's with several arms.
        trial = sim.TrialDesign(n_per_arm, (result.critical_value,), None, None,
                                inputs.sided)
    else:
        gs = plan.design
        futility = None
        if gs.futility_z is not None:
            futility = tuple(float("-inf") if z is None else z for z in gs.futility_z[:-1])
        trial = sim.TrialDesign(n_per_arm, gs.boundaries_z, gs.info_rates, futility, gs.sided)
    return endpoint, trial, tuple(notes)


def design_operating_characteristics(design: Design, outcome, *,
                                     n_simulations: int = PDF_SIMULATIONS,
                                     seed: int | None = DEFAULT_SEED, progress=None,
                                     cancelled=None):
    """(SimulationResult, notes) over the default grid of true effects."""
    from models import simulation as sim

    endpoint, trial, notes = design_trial(design, outcome)
    result = sim.simulate_grid(endpoint, trial, n_simulations=n_simulations, seed=seed,
                               progress=progress, cancelled=cancelled)
    return result, notes
