"""Group S: the program's own rules on the statistics of a phase 3 trial (design format 2), not in
guidance catalogue version 1. S-1: a phase 3 mortality trial without an interim analysis; S-2:
interim analyses without a DSMB; S-3: a VFD, oxygenation or biomarker endpoint whose estimand does
not say how death is handled.

The base design is the core-protocol example: phase 3, mortality at day 60, two interim looks
(LD O'Brien-Fleming), a DSMB, and an estimand whose intercurrent events (never dosed, rescue
ECMO) do not include death. Expected messages are written out here, not read from rules.toml."""

from __future__ import annotations

import pytest

from models.guidance import evaluate
from models.guidance.base import RULE_CODE, Context
from models.guidance.thresholds import DEFAULT_THRESHOLDS
from rule_helpers import (
    DELETE,
    WARNING,
    assert_silent,
    base_design,
    check,
    findings_for,
    mutate,
    only,
)

S = "statistics"
INTERIM = f"{S}.interim_analyses"
EVENTS = "endpoints.estimand.intercurrent_events"
STATISTICS_RULES = ["S-1", "S-2", "S-3"]

# No interim looks: the group-sequential block must go too (its info_rates are one per look).
NO_INTERIM = {INTERIM: 0, f"{S}.group_sequential": DELETE}

MSG = {
    "S-1": "The trial plans no interim analysis, so the DSMB cannot stop it early for benefit or "
           "harm under a planned boundary. Plan at least one interim look with a group-sequential "
           "boundary (for example, Lan-DeMets O'Brien-Fleming alpha spending) and enrol the "
           "plan's maximum sample size.",
    "S-1 not specified": "State the number of interim analyses. Without a planned interim look "
                         "and a group-sequential boundary (for example, Lan-DeMets "
                         "O'Brien-Fleming alpha spending), the DSMB of a phase 3 mortality trial "
                         "cannot stop it early for benefit or harm.",
    "S-2": "Interim analyses are planned, but there is no data and safety monitoring board "
           "(DSMB). The unblinded interim results and the stopping rule need an independent "
           "committee, so that those who run the trial stay blind to the comparison and the "
           "decision to stop is not biased.",
    "S-2 not specified": "Interim analyses are planned; decide whether a data and safety "
                         "monitoring board (DSMB) reviews them. The unblinded interim results and "
                         "the stopping rule need an independent committee, so that those who run "
                         "the trial stay blind to the comparison and the decision to stop is not "
                         "biased.",
}
STRATEGIES = ("Choose one of the ICH E9(R1) strategies: composite (for example, death scored as 0 "
              "ventilator-free days), treatment policy, hypothetical, while on treatment, or "
              "principal stratum.")
MSG["S-3"] = ("Name death as an intercurrent event of the primary estimand and say how it is "
              "handled: a patient who dies has no later oxygenation or biomarker value, and "
              "ventilator-free days need a rule for death. " + STRATEGIES)
MSG["S-3 no strategy"] = ("The primary estimand names death as an intercurrent event but gives it "
                          "no strategy. " + STRATEGIES)


def vfd_primary(changes=None, phase="3"):
    """VFD as the primary endpoint (continuous assumptions), at the given phase."""
    base = {"endpoints.primary.kind": "ventilator_free_days",
            "endpoints.primary.timepoint_days": 28, f"{S}.binary": DELETE,
            f"{S}.continuous": {"mean_difference": 3, "sd": 10}, f"{S}.phase": phase}
    base.update(changes or {})
    return mutate(base)


def events(*pairs):
    """An intercurrent_events list from (event, strategy) pairs; strategy None leaves it out."""
    return [{"event": event, **({"strategy": strategy} if strategy else {})}
            for event, strategy in pairs]


# --- The base design ---------------------------------------------------------------------------


@pytest.mark.parametrize("rule_id", STATISTICS_RULES)
def test_core_protocol_example_is_silent(rule_id):
    assert_silent(base_design(), rule_id)


def test_group_s_rules_are_program_rules_with_their_texts():
    from models.guidance.catalogue import load_catalogue

    catalogue = load_catalogue()
    for rule_id in STATISTICS_RULES:
        text = catalogue.rules[rule_id]
        assert text.group == "S" and text.severity is WARNING and text.box1 == (7,)
        assert "program rule" in text.evidence[-1].text
    (proposal,) = [p for p in catalogue.box1 if p.number == 7]
    # The program rules follow the catalogue's; the rules added with format 3 come after them.
    assert proposal.rules[-6:-3] == tuple(STATISTICS_RULES)


def test_evidence_sources_resolve_to_the_source_list():
    from models.guidance.catalogue import load_catalogue
    from reports.references import SourceIndex, resolve_citation

    catalogue = load_catalogue()
    index = SourceIndex(catalogue.sources)
    cited = {rule_id: [key for e in catalogue.rules[rule_id].evidence if e.source
                       for key in (r.key for r in resolve_citation(e.source, index))]
             for rule_id in STATISTICS_RULES}
    assert cited == {
        "S-1": ["CURLEY_2024", "JENNISON_TURNBULL_2000", "DEMETS_LAN_1994"],
        "S-2": ["ICH_E9_1998", "DEMETS_LAN_1994"],
        "S-3": ["ICH_E9_R1_2019", "SCHOENFELD_2002"],
    }


# --- S-1: phase 3 mortality trial without an interim analysis --------------------------------------


def test_s1_fires_without_interim_analyses():
    check(mutate(NO_INTERIM), "S-1", WARNING, (INTERIM,), False, MSG["S-1"])


def test_s1_message_names_the_dsmb_and_the_boundary():
    message = only(mutate(NO_INTERIM), "S-1").message
    for words in ("no interim analysis", "DSMB", "benefit or harm", "group-sequential",
                  "O'Brien-Fleming"):
        assert words in message


def test_s1_not_specified_when_interim_analyses_missing():
    design = mutate({INTERIM: DELETE, f"{S}.group_sequential": DELETE})
    check(design, "S-1", WARNING, (INTERIM,), True, MSG["S-1 not specified"])


@pytest.mark.parametrize("looks, info_rates", [(1, [0.5, 1]), (2, [0.33, 0.67, 1])])
def test_s1_silent_with_interim_analyses(looks, info_rates):
    assert_silent(mutate({INTERIM: looks, f"{S}.group_sequential.info_rates": info_rates}),
                  "S-1")


@pytest.mark.parametrize("phase", ["1", "2a", "2b", DELETE])
def test_s1_silent_outside_phase_3(phase):
    assert_silent(mutate({**NO_INTERIM, f"{S}.phase": phase}), "S-1")
    assert_silent(mutate({INTERIM: DELETE, f"{S}.group_sequential": DELETE, f"{S}.phase": phase}),
                  "S-1")


def test_s1_silent_for_other_primary_endpoints():
    assert_silent(vfd_primary(NO_INTERIM), "S-1")
    assert_silent(mutate({**NO_INTERIM, "endpoints.primary.kind": DELETE}), "S-1")


def test_s1_mortality_in_secondary_endpoints_only_does_not_count():
    # The core protocol has day-28 mortality as a secondary endpoint; S-1 reads the primary.
    assert_silent(vfd_primary({INTERIM: DELETE, f"{S}.group_sequential": DELETE}), "S-1")


def test_s1_applies_to_phase_3_mortality_only():
    applies = RULE_CODE["S-1"].applies
    assert applies(Context(base_design(), DEFAULT_THRESHOLDS))
    assert not applies(Context(mutate({f"{S}.phase": "2b"}), DEFAULT_THRESHOLDS))
    assert not applies(Context(vfd_primary(), DEFAULT_THRESHOLDS))


def test_s1_finding_marks_box1_proposal_7_not_met():
    (met,) = [b for b in evaluate(base_design()).box1 if b.number == 7]
    assert met.status == "met"
    (proposal,) = [b for b in evaluate(mutate(NO_INTERIM)).box1 if b.number == 7]
    assert proposal.status == "not met" and "S-1" in proposal.findings


# --- S-2: interim analyses without a DSMB ----------------------------------------------------------


def test_s2_fires_without_a_dsmb():
    check(mutate({"safety.dsmb": False}), "S-2", WARNING, ("safety.dsmb",), False, MSG["S-2"])


def test_s2_not_specified_when_dsmb_missing():
    check(mutate({"safety.dsmb": DELETE}), "S-2", WARNING, ("safety.dsmb",), True,
          MSG["S-2 not specified"])


def test_s2_message_names_the_committee():
    message = only(mutate({"safety.dsmb": False}), "S-2").message
    for words in ("Interim analyses are planned", "DSMB", "independent committee",
                  "stopping rule"):
        assert words in message


def test_s2_one_interim_analysis_is_enough():
    design = mutate({INTERIM: 1, f"{S}.group_sequential.info_rates": [0.5, 1],
                     "safety.dsmb": False})
    check(design, "S-2", WARNING, ("safety.dsmb",), False, MSG["S-2"])


def test_s2_silent_with_a_dsmb():
    assert_silent(base_design(), "S-2")
    assert base_design().safety.dsmb is True


@pytest.mark.parametrize("dsmb", [False, DELETE])
def test_s2_silent_without_interim_analyses(dsmb):
    assert_silent(mutate({**NO_INTERIM, "safety.dsmb": dsmb}), "S-2")
    # Interim analyses not decided: S-2 waits for them (S-1 reports the open decision).
    assert_silent(mutate({INTERIM: DELETE, f"{S}.group_sequential": DELETE,
                          "safety.dsmb": dsmb}), "S-2")


def test_s2_does_not_depend_on_phase_or_endpoint():
    changes = {"safety.dsmb": False, f"{S}.phase": "2b"}
    check(mutate(changes), "S-2", WARNING, ("safety.dsmb",), False)
    check(vfd_primary({"safety.dsmb": False}), "S-2", WARNING, ("safety.dsmb",), False)


# --- S-3: the estimand does not say how death is handled -------------------------------------------


def test_s3_fires_when_no_event_is_death():
    # The core protocol's events: "Randomised but never dosed", "Rescue ECMO".
    check(vfd_primary(), "S-3", WARNING, (EVENTS,), False, MSG["S-3"])


def test_s3_message_names_the_ich_strategies():
    message = only(vfd_primary(), "S-3").message
    for words in ("ICH E9(R1)", "composite", "death scored as 0 ventilator-free days",
                  "treatment policy", "hypothetical", "while on treatment", "principal stratum"):
        assert words in message


@pytest.mark.parametrize("changes", [
    {"endpoints.estimand": DELETE},
    {EVENTS: DELETE},
    {EVENTS: []},
])
def test_s3_not_specified_without_intercurrent_events(changes):
    check(vfd_primary(changes), "S-3", WARNING, (EVENTS,), True, MSG["S-3"])


def test_s3_fires_when_death_has_no_strategy():
    design = vfd_primary({EVENTS: events(("Rescue ECMO", "treatment_policy"),
                                         ("Death before day 28", None))})
    check(design, "S-3", WARNING, (EVENTS,), True, MSG["S-3 no strategy"])


def test_s3_fires_when_one_of_two_death_entries_has_no_strategy():
    design = vfd_primary({EVENTS: events(("Death before day 28", "composite"),
                                         ("Patient died after discharge", None))})
    check(design, "S-3", WARNING, (EVENTS,), True, MSG["S-3 no strategy"])


@pytest.mark.parametrize("event", [
    "Death before day 28", "death", "DEATHS from any cause", "Patient dies before day 28",
    "Died in hospital", "dying before liberation", "Dead at day 28", "All-cause Mortality",
])
def test_s3_silent_when_death_has_a_strategy(event):
    design = vfd_primary({EVENTS: events(("Rescue ECMO", "treatment_policy"),
                                         (event, "composite"))})
    assert_silent(design, "S-3")


@pytest.mark.parametrize("strategy", ["treatment_policy", "hypothetical", "composite",
                                      "while_on_treatment", "principal_stratum"])
def test_s3_any_strategy_for_death_will_do(strategy):
    assert_silent(vfd_primary({EVENTS: events(("Death before day 28", strategy))}), "S-3")


@pytest.mark.parametrize("event", ["Deadline for the day-28 visit missed", "Mortal fear",
                                   "Withdrawal of consent"])
def test_s3_only_whole_words_name_death(event):
    design = vfd_primary({EVENTS: events((event, "treatment_policy"))})
    check(design, "S-3", WARNING, (EVENTS,), False, MSG["S-3"])


def test_s3_an_entry_without_event_text_is_not_death():
    design = vfd_primary({EVENTS: [{"strategy": "composite"}]})
    check(design, "S-3", WARNING, (EVENTS,), False, MSG["S-3"])


@pytest.mark.parametrize("kind", ["ventilator_free_days", "oxygenation", "biomarker"])
@pytest.mark.parametrize("phase", ["2b", "3"])
def test_s3_fires_for_truncated_endpoints_in_efficacy_phases(kind, phase):
    design = vfd_primary({"endpoints.primary.kind": kind}, phase=phase)
    check(design, "S-3", WARNING, (EVENTS,), False, MSG["S-3"])


@pytest.mark.parametrize("phase", ["1", "2a", DELETE])
def test_s3_silent_in_early_phases(phase):
    assert_silent(vfd_primary({"endpoints.estimand": DELETE}, phase=phase), "S-3")


@pytest.mark.parametrize("kind", ["mortality", "safety", "ordinal", DELETE])
def test_s3_silent_for_other_primary_endpoints(kind):
    design = vfd_primary({"endpoints.primary.kind": kind, "endpoints.estimand": DELETE})
    assert findings_for(design, "S-3") == []
