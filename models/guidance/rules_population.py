"""Group C: population and eligibility."""

from __future__ import annotations

from models.design import Definition, Fibroproliferative, RespiratorySupport, Setting, Subphenotype
from models.formatting import format_number
from models.guidance.base import Hit, contains_phrase, missing, rule

P = "population"
IMV = RespiratorySupport.INVASIVE_VENTILATION
NIV = RespiratorySupport.NONINVASIVE_VENTILATION
HFNO = RespiratorySupport.HIGH_FLOW_NASAL_OXYGEN

# Fixed by the definitions (Berlin 2012; Matthay 2024), not settings.
PF_LIMIT = 300
SF_LIMIT = 315
PEEP_MIN = 5
HFNO_FLOW_MIN = 30

COVID_WORDS = ("covid", "covid19", "covid 19", "sars cov 2")
AGE_WORDS = ("age", "aged", "ages", "years", "elderly", "older", "younger")


def entry_criteria_gaps(population) -> list[str]:
    """The C-1 paths that are missing (also checklist item 5): C-1 and
    docs/conventions.md 1.8 item 14."""
    gaps: list[str] = []
    definition = population.definition
    support = set(population.respiratory_support or ())
    for name in ("definition", "setting", "respiratory_support"):
        if missing(getattr(population, name)):
            gaps.append(f"{P}.{name}")
    resource_limited = definition is Definition.GLOBAL_2024_RESOURCE_LIMITED
    if resource_limited:
        if population.sf_ratio_max is None:
            gaps.append(f"{P}.sf_ratio_max")
    elif definition is Definition.BERLIN_2012:
        # Berlin has no S/F criterion: only a P/F limit satisfies it.
        if population.pf_ratio_max is None:
            gaps.append(f"{P}.pf_ratio_max")
    elif population.pf_ratio_max is None and population.sf_ratio_max is None:
        gaps += [f"{P}.pf_ratio_max", f"{P}.sf_ratio_max"]
    if population.onset_window_hours is None:
        gaps.append(f"{P}.onset_window_hours")
    if not resource_limited:
        if support & {IMV, NIV} and population.peep_min is None:
            gaps.append(f"{P}.peep_min")
        # Under Berlin, HFNO patients are C-3's business, not a missing flow.
        if HFNO in support and definition is not Definition.BERLIN_2012 \
                and population.hfno_flow_min is None:
            gaps.append(f"{P}.hfno_flow_min")
    return gaps


@rule("C-1")
def entry_criteria(ctx):
    gaps = entry_criteria_gaps(ctx.design.population)
    return [Hit(tuple(gaps), not_specified=True)] if gaps else []


@rule("C-2")
def thresholds_loosened(ctx):
    pop = ctx.design.population
    paths = []
    if pop.pf_ratio_max is not None and pop.pf_ratio_max > PF_LIMIT:
        paths.append(f"{P}.pf_ratio_max")
    if pop.definition is Definition.BERLIN_2012 and pop.peep_min is not None \
            and pop.peep_min < PEEP_MIN:
        paths.append(f"{P}.peep_min")
    return [Hit(tuple(paths))] if paths else []


@rule("C-3")
def berlin_with_hfno(ctx):
    pop = ctx.design.population
    if pop.definition is Definition.BERLIN_2012 and HFNO in ctx.support:
        return [Hit((f"{P}.definition", f"{P}.respiratory_support"))]
    return []


# Berlin's oxygenation bands: CPAP or NIV counts only for mild ARDS, P/F above this.
BERLIN_MILD_ABOVE = 200


@rule("C-16")
def berlin_niv_without_mild(ctx):
    pop = ctx.design.population
    if (pop.definition is Definition.BERLIN_2012
            and RespiratorySupport.NONINVASIVE_VENTILATION in ctx.support
            and pop.pf_ratio_max is not None and pop.pf_ratio_max <= BERLIN_MILD_ABOVE):
        return [Hit((f"{P}.definition", f"{P}.respiratory_support", f"{P}.pf_ratio_max"),
                    values={"pf_ratio_max": format_number(pop.pf_ratio_max)})]
    return []


@rule("C-4", applies=lambda ctx: ctx.design.population.definition is Definition.GLOBAL_2024)
def global_non_intubated(ctx):
    pop = ctx.design.population
    if pop.definition is not Definition.GLOBAL_2024:
        return []
    paths = []
    if HFNO in ctx.support and pop.hfno_flow_min is not None and pop.hfno_flow_min < HFNO_FLOW_MIN:
        paths.append(f"{P}.hfno_flow_min")
    if NIV in ctx.support and pop.peep_min is not None and pop.peep_min < PEEP_MIN:
        paths.append(f"{P}.peep_min")
    return [Hit(tuple(paths))] if paths else []


@rule("C-5")
def sf_misapplied(ctx):
    pop = ctx.design.population
    if pop.sf_ratio_max is None:
        return []
    if pop.sf_ratio_max > SF_LIMIT or pop.definition is Definition.BERLIN_2012:
        paths = [f"{P}.sf_ratio_max"]
        if pop.definition is Definition.BERLIN_2012:
            paths.append(f"{P}.definition")
        return [Hit(tuple(paths))]
    return []


@rule("C-6")
def resource_limited(ctx):
    if ctx.design.population.definition is Definition.GLOBAL_2024_RESOURCE_LIMITED:
        return [Hit((f"{P}.definition",))]
    return []


@rule("C-8")
def covid_eligible(ctx):
    if ctx.design.population.setting in (Setting.COVID19, Setting.MIXED):
        return [Hit((f"{P}.setting",))]
    return []


@rule("C-9", applies=lambda ctx: ctx.design.population.setting is Setting.MIXED)
def mixed_without_covid_subgroup(ctx):
    pop = ctx.design.population
    if pop.setting is not Setting.MIXED:
        return []
    subgroups = pop.prespecified_subgroups
    if missing(subgroups):
        return [Hit((f"{P}.prespecified_subgroups",), not_specified=True)]
    if any(contains_phrase(entry, COVID_WORDS) for entry in subgroups):
        return []
    return [Hit((f"{P}.prespecified_subgroups",))]


@rule("C-10")
def profibrotic_not_addressed(ctx):
    pop = ctx.design.population
    paths, stated = [], False
    # Early fibroproliferation required on CT (format 3, ONE-BRIDGE) addresses the profibrotic
    # lung by design, with its own safety record; only a late onset window is still reported.
    if pop.fibroproliferative is None:
        paths.append(f"{P}.fibroproliferative")
    elif pop.fibroproliferative in (Fibroproliferative.ALLOWED, Fibroproliferative.NOT_ADDRESSED):
        paths.append(f"{P}.fibroproliferative")
        stated = True
    late = pop.onset_window_hours is not None \
        and pop.onset_window_hours > ctx.thresholds.late_ards_hours
    if late:
        paths.append(f"{P}.onset_window_hours")
        stated = True
    if not paths:
        return []
    return [Hit(tuple(paths), not_specified=not stated,
                thresholds=("late_ards_hours",) if late else ())]


@rule("C-11")
def no_responder_plan(ctx):
    design = ctx.design
    pop, sampling = design.population, design.sampling
    if pop.subphenotype not in (None, Subphenotype.NONE):
        return []
    # Explicit enrichment (format 3: CRP, a CT score, a severity score) is a responder plan.
    if not missing(pop.enrichment):
        return []
    if not missing(pop.prespecified_subgroups):
        return []
    timepoints = sampling.timepoints_days or []
    if sampling.blood is True and 0 in timepoints:
        return []
    paths = [f"{P}.subphenotype", f"{P}.prespecified_subgroups"]
    if sampling.blood is not True:
        paths.append("sampling.blood")
        baseline_unset = sampling.blood is None
    else:
        paths.append("sampling.timepoints_days")
        baseline_unset = missing(sampling.timepoints_days)
    return [Hit(tuple(paths), not_specified=pop.subphenotype is None and baseline_unset)]


@rule("C-12")
def hyperinflammatory_enrichment(ctx):
    if ctx.design.population.subphenotype is not Subphenotype.ENRICHED_HYPERINFLAMMATORY:
        return []
    prevalence = ctx.thresholds.hyperinflammatory_prevalence
    return [Hit((f"{P}.subphenotype",), values={
        "prevalence": format_number(prevalence * 100, 1),
        "screen_per_enrolled": format_number(1 / prevalence, 1),
    }, thresholds=("hyperinflammatory_prevalence",))]


@rule("C-13", applies=lambda ctx: ctx.design.population.subphenotype in (
    Subphenotype.STRATIFIED, Subphenotype.ENRICHED_HYPERINFLAMMATORY))
def classifier_missing(ctx):
    pop = ctx.design.population
    if pop.subphenotype not in (Subphenotype.STRATIFIED, Subphenotype.ENRICHED_HYPERINFLAMMATORY):
        return []
    if missing(pop.classifier):
        return [Hit((f"{P}.classifier",), not_specified=True)]
    return []


@rule("C-14")
def malignancy_not_excluded(ctx):
    value = ctx.design.population.exclude_recent_malignancy
    if value is True:
        return []
    return [Hit((f"{P}.exclude_recent_malignancy",), not_specified=value is None)]


@rule("C-15")
def no_age_subgroup(ctx):
    subgroups = ctx.design.population.prespecified_subgroups
    if missing(subgroups):
        return [Hit((f"{P}.prespecified_subgroups",), not_specified=True)]
    if any(contains_phrase(entry, AGE_WORDS) for entry in subgroups):
        return []
    return [Hit((f"{P}.prespecified_subgroups",))]
