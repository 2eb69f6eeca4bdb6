"""Group S: the statistics of a phase 3 trial (format 2). These are program rules, not rules of
guidance catalogue version 1: their ids (S-1, S-2, S-3) are the program's own, and their texts
in resources/guidance/rules.toml are the program's words, not the catalogue's."""

from __future__ import annotations

from models.design import EndpointKind, Phase
from models.guidance.base import Hit, contains_phrase, rule

# Words that make an intercurrent event's description an event of death (whole words, any case).
DEATH_WORDS = ("death", "deaths", "dies", "died", "dying", "dead", "mortality")

# Primary endpoints that death interrupts: a patient who dies has no value, or one that means
# something else (VFDs score death as 0), so the estimand must say how death is handled.
DEATH_TRUNCATED = (EndpointKind.VENTILATOR_FREE_DAYS, EndpointKind.OXYGENATION,
                   EndpointKind.BIOMARKER)

INTERIM = "statistics.interim_analyses"
DSMB = "safety.dsmb"
EVENTS = "endpoints.estimand.intercurrent_events"


def _phase3_mortality(ctx) -> bool:
    return ctx.design.statistics.phase is Phase.PHASE_3 \
        and ctx.design.endpoints.primary.kind is EndpointKind.MORTALITY


@rule("S-1", applies=_phase3_mortality)
def no_interim_analysis(ctx):
    if not _phase3_mortality(ctx):
        return []
    looks = ctx.design.statistics.interim_analyses
    if looks is None:
        return [Hit((INTERIM,), not_specified=True, variant="message_not_specified")]
    return [Hit((INTERIM,))] if looks == 0 else []


def _has_interim(ctx) -> bool:
    return (ctx.design.statistics.interim_analyses or 0) >= 1


@rule("S-2", applies=_has_interim)
def interim_without_dsmb(ctx):
    if not _has_interim(ctx):
        return []
    dsmb = ctx.design.safety.dsmb
    if dsmb is True:
        return []
    if dsmb is None:
        return [Hit((DSMB,), not_specified=True, variant="message_not_specified")]
    return [Hit((DSMB,))]


def _death_truncated_efficacy(ctx) -> bool:
    return ctx.design.endpoints.primary.kind in DEATH_TRUNCATED \
        and ctx.design.statistics.phase in (Phase.PHASE_2B, Phase.PHASE_3)


def is_death_event(event) -> bool:
    return contains_phrase(event.event, DEATH_WORDS)


@rule("S-3", applies=_death_truncated_efficacy)
def estimand_without_death(ctx):
    if not _death_truncated_efficacy(ctx):
        return []
    events = ctx.design.endpoints.estimand.intercurrent_events or []
    if not events:
        return [Hit((EVENTS,), not_specified=True)]
    deaths = [event for event in events if is_death_event(event)]
    if not deaths:
        return [Hit((EVENTS,))]
    if any(event.strategy is None for event in deaths):
        # Death is named but its strategy is not decided (format: missing means not decided).
        return [Hit((EVENTS,), not_specified=True, variant="message_no_strategy")]
    return []
