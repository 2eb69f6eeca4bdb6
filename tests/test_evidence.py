"""The evidence base: bundled data and provenance, disagreements between sources, risk ratios
(against hand calculation), pooling (against statsmodels), comparable trials and the dose
landscape for the example designs.

Expected values are copied from shared/reference/evidence.md and trials.csv (the tests never read
the shared folder), and every risk ratio is worked out by hand in the test."""

from __future__ import annotations

import math
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from models.design import Arm, Design, DoseUnit, ProductKind, Setting, TissueSource
from models.design_io import load_design
from models.evidence import (
    FieldProvenance,
    discrepancies,
    dersimonian_laird,
    load_sources,
    load_trials,
    parse_verification,
    risk_ratio,
)
from models.evidence.reader import split_sources
from models.evidence.user_trials import read_bundled_trials
from models.formatting import format_risk_ratio_ci
from models.resources import resource_path

ROOT = Path(__file__).resolve().parent.parent
Z = 1.959963984540054

BUNDLED_IDS = [
    "T1_ZHENG_2014", "T1_START_2019", "T1_MUSTARDS_2022", "T1_ONEBRIDGE_2023", "T2_SHU_2020",
    "T2_ADAS_2021", "T2_DILOGO_2021", "T2_SHI_2021", "T2_LANZONI_2021", "T2_MONSEL_2022",
    "T2_REBELATTO_2022", "T2_BOWDISH_2023", "T2_GORMAN_2023", "T2_FATHIKAZEROONI_2022",
    "T2_LIGHTNER_2023_EF15", "T2_LIGHTNER_2023_EF10", "G_LEBLANC_2008", "G_KEBRIAEI_2020",
    "G_KURTZBERG_2014", "G_INTRONA_2014", "P_STAT", "P_REALIST_PH2_NONCOVID", "P_EXTINGUISH",
]
# The source key of evidence.md, split into single keys.
SOURCE_KEYS = {
    "SEED", "CURLEY_T1", "CURLEY_T2", "ZHENG_ABS", "ZHENG_REG", "START_CTG", "START_SUM",
    "MUST_ABS", "REV_JLB", "ONEB_ABS", "ONEB_REG", "ONEB_PRESS", "SHU_P6", "META_TARD", "META_CC",
    "META_ISR", "LANZONI_T3", "LANZONI_REG", "MONSEL_ABS", "MONSEL_T4", "REV_WJSC",
    "REBELATTO_ABS", "BOWDISH_ABS", "BOWDISH_T2", "BOWDISH_SITE", "GORMAN_ABS", "REALIST_PROT",
    "REALIST_NICTU", "FATHI_ABS", "LIGHTNER_ABS", "LIGHTNER_REG", "REV_IJMS", "KEBRIAEI_ABS",
    "KEBRIAEI_REG", "KURTZBERG_ABS", "STAT_RES", "STAT_REG", "STAT_ELIG", "EXT_REG",
    "EXT_MEDPATH", "EXT_OLD",
} | {
    # Added by the clinical review of issue 15 (docs/catalogue-changes.md): the START design
    # paper and the registry listings that verify START, MUST-ARDS, ONE-BRIDGE and Bowdish 2023.
    "START_PROT", "MUST_CTG", "ONEB_CTG", "BOWDISH_CTG",
}


@pytest.fixture(scope="module")
def evidence():
    return load_trials(include_user=False)


def comparison_of(evidence, row_id):
    return next(c for c in evidence.risk_ratios() if c.trial.id == row_id)


# --- The bundled data -----------------------------------------------------------------------------


def test_bundled_trials_pass_the_user_file_validator_and_keep_every_row():
    rows = read_bundled_trials()
    assert [r.values["row_id"] for r in rows] == BUNDLED_IDS
    # Typed: counts are ints, unknown stays None (never imputed).
    start = rows[1].values
    assert (start["mortality_active_events"], start["mortality_active_n"]) == (12, 40)
    lightner = next(r.values for r in rows if r.values["row_id"] == "T2_LIGHTNER_2023_EF15")
    assert lightner["n_active"] is None and lightner["mortality_active_events"] is None
    assert lightner["n_total"] == 102


def test_records_have_every_column_typed_and_unknowns_as_none(evidence):
    from models.evidence.schema import COLUMNS, COUNT_COLUMNS, NUMERIC_COLUMNS

    assert [t.id for t in evidence.trials] == BUNDLED_IDS
    for trial in evidence.trials:
        assert set(trial.values) == set(COLUMNS), trial.id
        for column in COUNT_COLUMNS:
            value = trial.values[column]
            assert value is None or (isinstance(value, int) and not isinstance(value, bool))
        for column in NUMERIC_COLUMNS - COUNT_COLUMNS:
            assert trial.values[column] is None or isinstance(trial.values[column], float)
    assert not any(t.user_supplied for t in evidence.trials)
    fathi = evidence.trial("T2_FATHIKAZEROONI_2022")
    assert fathi["mortality_active_events"] is None and fathi["mortality_active_pct"] == 43


def test_every_source_key_is_described_with_an_address():
    sources = load_sources()
    assert set(sources) == SOURCE_KEYS
    for source in sources.values():
        assert source.what and source.addresses
        assert all(a.startswith(("http://", "https://")) for a in source.addresses), source.key
    used = set()
    for row in read_bundled_trials():
        used |= set(split_sources(row.values["sources"]))
        for provenance in parse_verification(row.values["verification"]).values():
            used |= set(provenance.sources)
    assert used <= set(sources), used - set(sources)
    # Grouped keys of evidence.md keep their own addresses, in order.
    assert sources["LANZONI_REG"].addresses == (
        "https://clinicaltrials.gov/ct2/show/results/NCT04355728",)
    assert sources["EXT_OLD"].addresses[0].startswith("https://www.clinicaltrialexchange.com")


def test_loading_the_evidence_does_not_import_pandas():
    code = ("import sys, models.evidence; models.evidence.load_trials(); "
            "print('pandas' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT,
                          timeout=60)
    assert done.stdout.strip() == "False", done.stderr


def test_the_program_reads_only_its_own_copy_of_the_evidence():
    # An audit hook sees every file the loading opens: the data must come from resources/, never
    # from the shared reference folder the copy was made from.
    code = (
        "import sys, json\n"
        "opened = []\n"
        "sys.addaudithook(lambda event, args: opened.append(str(args[0])) "
        "if event == 'open' and isinstance(args[0], str) else None)\n"
        "from models.evidence import load_trials\n"
        "load_trials().pooled_by_setting()\n"
        "from models.evidence import discrepancies, load_sources\n"
        "discrepancies(); load_sources()\n"
        "print(json.dumps(opened))\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT,
                          timeout=60)
    import json

    opened = json.loads(done.stdout)
    data = [p for p in opened if p.endswith((".csv", ".toml"))]
    assert {Path(p).name for p in data} >= {"trials.csv", "sources.toml", "discrepancies.toml"}
    for path in data:
        assert Path(path).resolve().is_relative_to(ROOT / "resources"), path
    assert not any("shared" in Path(p).parts for p in opened)


# --- Provenance -----------------------------------------------------------------------------------


def test_parse_verification_entries():
    parsed = parse_verification("n=verified:CURLEY_T1+START_CTG; design=uncertain; "
                                "mortality_timepoint=uncertain:START_SUM")
    assert parsed == {"n": FieldProvenance("verified", ("CURLEY_T1", "START_CTG")),
                      "design": FieldProvenance("uncertain", ()),
                      "mortality_timepoint": FieldProvenance("uncertain", ("START_SUM",))}


@pytest.mark.parametrize("text, words", [
    ("n=checked:X", "status 'checked'"),
    ("dosage=verified:X", "'dosage' is not a verification field"),
    ("n verified", "field=status"),
    ("n=verified:A; n=seed", "given twice"),
    ("n=verified:A+", "source keys"),
])
def test_parse_verification_refuses_malformed_entries(text, words):
    with pytest.raises(ValueError, match=words):
        parse_verification(text)


def test_column_provenance_prefers_the_qualifier_over_the_group(evidence):
    ef10 = evidence.trial("T2_LIGHTNER_2023_EF10")
    assert ef10.column_provenance("dose_particles") == FieldProvenance(
        "uncertain", ("SEED", "REV_IJMS"))
    assert ef10.column_provenance("dose_value") == FieldProvenance(
        "verified", ("LIGHTNER_ABS", "LIGHTNER_REG"))
    start = evidence.trial("T1_START_2019")
    assert start.column_provenance("mortality_timepoint_days").status == "uncertain"
    assert start.column_provenance("mortality_active_events") == FieldProvenance(
        "verified", ("CURLEY_T1", "START_SUM"))
    must = evidence.trial("T1_MUSTARDS_2022")
    assert must.column_provenance("mortality_control_n") == FieldProvenance(
        "uncertain", ("CURLEY_T1", "MUST_ABS", "SEED"))
    # A column the row's verification does not mention has no provenance, not a made-up one.
    assert evidence.trial("G_INTRONA_2014").column_provenance("control_type") is None


@pytest.mark.parametrize("row_id, column, value, field, sources", [
    # Issue 15, item 1: START excluded patients "greater than 96 hours since first meeting ARDS
    # criteria per the Berlin definition" (NCT02097641; Liu et al., Ann Intensive Care 2014).
    ("T1_START_2019", "timing_window_hours", 96.0, "timing", ("START_CTG", "START_PROT")),
    # Item 3: registry ids and facts read on the registry itself.
    ("T1_ONEBRIDGE_2023", "registry_id", "NCT03807804", "registry_id", ("ONEB_CTG",)),
    ("T1_ONEBRIDGE_2023", "timing_window_hours", 72.0, "timing", ("ONEB_CTG", "SEED")),
    ("T2_BOWDISH_2023", "registry_id", "NCT04371393", "registry_id", ("BOWDISH_CTG",)),
    ("T2_BOWDISH_2023", "phase", "3", "design", ("BOWDISH_ABS", "BOWDISH_CTG")),
    ("T1_MUSTARDS_2022", "registry_id", "NCT02611609", "registry_id", ("MUST_CTG", "REV_JLB")),
])
def test_registry_facts_of_the_clinical_review_are_verified_with_their_source(
        evidence, row_id, column, value, field, sources):
    trial = evidence.trial(row_id)
    assert trial.values[column] == value
    assert trial.provenance[field] == FieldProvenance("verified", sources)


def test_start_and_onebridge_inclusion_give_the_registry_thresholds(evidence):
    assert "PEEP >= 8" in evidence.trial("T1_START_2019").values["population_inclusion"]
    onebridge = evidence.trial("T1_ONEBRIDGE_2023").values["population_inclusion"]
    assert "<= 300" in onebridge and "PEEP >= 5" in onebridge
    assert "3-5 days apart" in evidence.trial("T2_BOWDISH_2023").values["dose_schedule"]


# --- Disagreements between sources (evidence.md, every one) ---------------------------------------

# (trial, field, words of the value used, sources of the value used, sources of the alternatives)
EXPECTED_DISCREPANCIES = [
    ("T1_MUSTARDS_2022", "mortality", "2/20 (10%) vs 4/10 (40%)", {"CURLEY_T1"},
     [{"MUST_ABS"}, {"SEED"}]),
    ("T1_ONEBRIDGE_2023", "control", "standard therapy", {"ONEB_ABS", "ONEB_REG", "SEED"},
     [{"CURLEY_T1"}]),
    ("T1_ZHENG_2014", "population", "< 200", {"ZHENG_ABS"}, [{"CURLEY_T1"}]),
    ("T1_ZHENG_2014", "ae", "1 vs 0", {"CURLEY_T1"}, [{"SEED"}, {"ZHENG_ABS"}]),
    ("T1_START_2019", "mortality_timepoint", "28 days", {"START_SUM"}, [{"CURLEY_T1"}]),
    ("T1_MUSTARDS_2022", "baseline", "less hypoxaemic", {"MUST_ABS"}, [{"SEED"}]),
    ("T2_LANZONI_2021", "year", "2021", {"LANZONI_T3"}, [{"CURLEY_T2"}]),
    ("T2_LANZONI_2021", "mortality", "1/12 (8%) vs 7/12 (58%)", {"CURLEY_T2"}, [{"META_TARD"}]),
    ("T2_LANZONI_2021", "control", "vehicle + heparin", {"LANZONI_REG"}, [{"CURLEY_T2"}]),
    ("T2_ADAS_2021", "control", "placebo", {"CURLEY_T2"}, [{"META_ISR"}]),
    ("T2_LIGHTNER_2023_EF10", "particles", "0.9 x 10^12", {"SEED"}, [{"REV_IJMS"}]),
    ("T2_LIGHTNER_2023_EF15", "sites", "5 sites", {"LIGHTNER_ABS"}, [{"LIGHTNER_REG"}]),
    ("T2_LIGHTNER_2023_EF10", "sites", "5 sites", {"LIGHTNER_ABS"}, [{"LIGHTNER_REG"}]),
    ("T1_START_2019", "tissue_source", "bone marrow", None, [{"CURLEY_T1"}]),
    ("T1_MUSTARDS_2022", "tissue_source", "bone marrow", None, [{"CURLEY_T1"}]),
    ("T1_ONEBRIDGE_2023", "tissue_source", "bone marrow", None, [{"CURLEY_T1"}]),
    ("T2_BOWDISH_2023", "control", "sham infusion", {"BOWDISH_ABS"}, [{"CURLEY_T2"}]),
    ("T1_MUSTARDS_2022", "phase", "1/2", {"MUST_ABS"}, [{"SEED"}]),
    ("T1_ONEBRIDGE_2023", "mortality", "5/19 (26%) vs 3/7 (43%)", {"CURLEY_T1"},
     [{"ONEB_ABS"}, {"SEED"}]),
    ("P_EXTINGUISH", "setting", "all-cause ARDS", {"EXT_REG", "EXT_MEDPATH"}, [{"EXT_OLD"}]),
    # Issue 15: START's registry (NCT02097641) and design paper (Liu et al., Ann Intensive Care
    # 2014) over the paper's "within 72 hours" and Table 1's "PFR <= 200".
    ("T1_START_2019", "timing", "96 h", {"START_CTG", "START_PROT"}, [{"SEED"}]),
    ("T1_START_2019", "population", "PEEP >= 8", {"START_CTG", "START_PROT"}, [{"CURLEY_T1"}]),
]


@pytest.mark.parametrize("trial, field, used_words, used_sources, alternative_sources",
                         EXPECTED_DISCREPANCIES,
                         ids=[f"{t}-{f}" for t, f, *_ in EXPECTED_DISCREPANCIES])
def test_every_discrepancy_of_evidence_md_is_retrievable_by_trial_and_field(
        trial, field, used_words, used_sources, alternative_sources):
    found = discrepancies(trial=trial, field=field)
    assert len(found) == 1, found
    (d,) = found
    assert used_words in d.used.value
    if used_sources is not None:
        assert set(d.used.sources) == used_sources
    assert [set(a.sources) for a in d.alternatives] == alternative_sources
    assert d.summary and d.rule


def test_the_discrepancy_data_has_nothing_unexpected():
    expected = {(t, f) for t, f, *_ in EXPECTED_DISCREPANCIES}
    found = {(t, d.field) for d in discrepancies() for t in d.trials}
    assert found == expected
    # Every numbered item of evidence.md's "Discrepancies" list is there.
    assert {d.listed for d in discrepancies() if d.listed.isdigit()} == {str(i) for i in
                                                                        range(1, 11)}


def test_discrepancies_name_known_trials_and_sources_and_flagged_rows_have_one(evidence):
    sources = load_sources()
    for d in discrepancies():
        assert all(evidence.trial(t) for t in d.trials)
        for value in (d.used, *d.alternatives):
            assert set(value.sources) <= set(sources), d.id
    flagged = {t.id for t in evidence.trials if t["discrepancy_flag"] in ("yes", "minor")}
    with_entry = {t for d in discrepancies() for t in d.trials}
    assert flagged <= with_entry, flagged - with_entry


def test_the_counts_used_in_a_mortality_disagreement_are_the_counts_in_trials_csv(evidence):
    for d in discrepancies(field="mortality"):
        for row_id in d.trials:
            trial = evidence.trial(row_id)
            assert d.used.events == (trial["mortality_active_events"],
                                     trial["mortality_control_events"])
            assert d.used.n == (trial["mortality_active_n"], trial["mortality_control_n"])


def test_mustards_says_which_values_it_used_and_lists_the_others(evidence):
    must = comparison_of(evidence, "T1_MUSTARDS_2022")
    assert (must.events_treatment, must.n_treatment, must.events_control, must.n_control) == \
        (2, 20, 4, 10)
    assert must.counts_disputed
    (d,) = must.disagreements
    assert d.used.events == (2, 4) and d.used.sources == ("CURLEY_T1",)
    assert [(a.percent, a.timepoint_days, a.sources) for a in d.alternatives] == [
        ((25, 45), 28, ("MUST_ABS",)), ((25, 40), None, ("SEED",))]
    # Percentages are never turned into counts.
    assert all(a.events is None for a in d.alternatives)
    as_json = must.as_dict()
    assert as_json["disagreements"][0]["used"]["events"] == [2, 4]
    assert {a["sources"][0] for a in as_json["disagreements"][0]["alternatives"]} == {
        "MUST_ABS", "SEED"}


# --- Risk ratios against hand calculation ---------------------------------------------------------


def log_ci(rr, se):
    return rr * math.exp(-Z * se), rr * math.exp(Z * se)


@pytest.mark.parametrize("row_id, rr, se, correction", [
    # START 12/40 vs 3/20: RR = (12/40)/(3/20) = 0.3/0.15 = 2.0;
    # SE = sqrt(1/12 - 1/40 + 1/3 - 1/20).
    ("T1_START_2019", 2.0, math.sqrt(1 / 12 - 1 / 40 + 1 / 3 - 1 / 20), 0.0),
    # MUST-ARDS (Table 1) 2/20 vs 4/10: RR = 0.1/0.4 = 0.25; SE = sqrt(1/2 - 1/20 + 1/4 - 1/10).
    ("T1_MUSTARDS_2022", 0.25, math.sqrt(1 / 2 - 1 / 20 + 1 / 4 - 1 / 10), 0.0),
    # Zheng 1/6 vs 2/6: RR = 0.5; SE = sqrt(1/1 - 1/6 + 1/2 - 1/6).
    ("T1_ZHENG_2014", 0.5, math.sqrt(1 - 1 / 6 + 1 / 2 - 1 / 6), 0.0),
    # Shu 0/12 vs 3/29, a zero cell: 0.5 added to every cell, so 0.5/13 vs 3.5/30:
    # RR = (0.5/13)/(3.5/30) = 15/45.5; SE = sqrt(1/0.5 - 1/13 + 1/3.5 - 1/30).
    ("T2_SHU_2020", (0.5 / 13) / (3.5 / 30), math.sqrt(2 - 1 / 13 + 1 / 3.5 - 1 / 30), 0.5),
    # Lanzoni 1/12 vs 7/12: RR = 1/7; SE = sqrt(1 - 1/12 + 1/7 - 1/12).
    ("T2_LANZONI_2021", 1 / 7, math.sqrt(1 - 1 / 12 + 1 / 7 - 1 / 12), 0.0),
    # Bowdish 42/112 vs 47/110: RR = (42/112)/(47/110) = 0.375/0.42727;
    # SE = sqrt(1/42 - 1/112 + 1/47 - 1/110). The paper reports RR 0.88 (0.64-1.21).
    ("T2_BOWDISH_2023", (42 / 112) / (47 / 110),
     math.sqrt(1 / 42 - 1 / 112 + 1 / 47 - 1 / 110), 0.0),
    # Rebelatto 5/11 vs 1/6: RR = (5/11)/(1/6) = 30/11; SE = sqrt(1/5 - 1/11 + 1 - 1/6).
    ("T2_REBELATTO_2022", 30 / 11, math.sqrt(1 / 5 - 1 / 11 + 1 - 1 / 6), 0.0),
])
def test_risk_ratio_and_ci_by_hand(evidence, row_id, rr, se, correction):
    c = comparison_of(evidence, row_id)
    low, high = log_ci(rr, se)
    assert c.estimate.rr == pytest.approx(rr, rel=1e-12)
    assert c.estimate.se_log_rr == pytest.approx(se, rel=1e-12)
    assert (c.estimate.ci_low, c.estimate.ci_high) == (pytest.approx(low, rel=1e-12),
                                                       pytest.approx(high, rel=1e-12))
    assert c.estimate.correction == correction
    assert c.included_in_pool and c.reason_not_pooled is None


def test_bowdish_matches_its_published_risk_ratio(evidence):
    c = comparison_of(evidence, "T2_BOWDISH_2023")
    assert format_risk_ratio_ci(c.estimate.rr, c.estimate.ci_low, c.estimate.ci_high) == \
        "0.88 (0.64–1.21)"


def test_shi_double_zero_is_shown_but_not_pooled(evidence):
    shi = comparison_of(evidence, "T2_SHI_2021")
    assert (shi.events_treatment, shi.n_treatment, shi.events_control, shi.n_control) == \
        (0, 65, 0, 35)
    assert shi.estimate is None and not shi.included_in_pool
    assert "no deaths in either arm" in shi.reason_not_pooled
    assert "T2_SHI_2021" not in evidence.pooled_by_setting()["covid19"].trials
    assert shi.as_dict()["rr"] is None


def test_risk_ratio_edge_cases():
    assert risk_ratio(0, 10, 0, 10) is None
    assert risk_ratio(10, 10, 5, 5) is None           # everyone died in both arms
    # No survivors in one arm is a zero cell too: (10.5/11) / (5.5/11).
    everyone = risk_ratio(10, 10, 5, 10)
    assert everyone.correction == 0.5
    assert everyone.rr == pytest.approx((10.5 / 11) / (5.5 / 11))
    with pytest.raises(ValueError):
        risk_ratio(0, 0, 1, 10)


@pytest.mark.parametrize("row_id, words", [
    ("T2_FATHIKAZEROONI_2022", ["only percentages", "43% vs 72%", "arm sizes are not known",
                                "FATHI_ABS"]),
    ("T2_GORMAN_2023", ["deaths per arm are not available"]),
    ("T2_LIGHTNER_2023_EF15", ["arm sizes are not available", "102"]),
    ("G_KEBRIAEI_2020", ["arm sizes are not available", "260"]),
    ("G_LEBLANC_2008", ["single-arm"]),
    ("P_STAT", ["deaths per arm are not available"]),
    ("P_EXTINGUISH", ["deaths per arm are not available"]),
])
def test_trials_without_counts_are_not_pooled_and_say_why(evidence, row_id, words):
    c = comparison_of(evidence, row_id)
    assert not c.included_in_pool and c.estimate is None
    for word in words:
        assert word in c.reason_not_pooled
    # Nothing is imputed: what the table does not give stays None.
    if row_id == "T2_FATHIKAZEROONI_2022":
        assert (c.events_treatment, c.n_treatment, c.events_control, c.n_control) == \
            (None, None, None, None)


# --- Pooling against statsmodels ------------------------------------------------------------------


@pytest.mark.parametrize("setting, k", [("classical", 4), ("covid19", 7)])
def test_pooled_estimate_matches_statsmodels_combine_effects(evidence, setting, k):
    np = pytest.importorskip("numpy")
    meta = pytest.importorskip("statsmodels.stats.meta_analysis")
    pooled = [c for c in evidence.risk_ratios(setting) if c.included_in_pool]
    effects = np.array([c.estimate.log_rr for c in pooled])
    variances = np.array([c.estimate.se_log_rr ** 2 for c in pooled])
    reference = meta.combine_effects(effects, variances, method_re="dl")
    # Q above its degrees of freedom: tau2 > 0, the case where statsmodels' DL (which does not
    # truncate tau2 at 0) and the textbook DL agree, so the comparison is exact.
    assert reference.q > k - 1
    frame = reference.summary_frame()
    ours = evidence.pooled_by_setting()[setting]
    assert ours.k == k == len(pooled)
    assert ours.tau2 == pytest.approx(reference.tau2, rel=1e-9, abs=1e-12)
    assert ours.i2 == pytest.approx(reference.i2, rel=1e-9, abs=1e-12)
    assert ours.q == pytest.approx(reference.q, rel=1e-9)
    assert ours.rr == pytest.approx(math.exp(frame.loc["random effect", "eff"]), rel=1e-9)
    assert ours.ci_low == pytest.approx(math.exp(frame.loc["random effect", "ci_low"]), rel=1e-9)
    assert ours.ci_high == pytest.approx(math.exp(frame.loc["random effect", "ci_upp"]),
                                         rel=1e-9)


def _statsmodels_pool(counts):
    """The DerSimonian-Laird pool of (deaths, n, deaths, n) tables by statsmodels, with the log
    risk ratios and variances worked out here from the counts (no zero cells in these)."""
    np = pytest.importorskip("numpy")
    meta = pytest.importorskip("statsmodels.stats.meta_analysis")
    effects = np.array([math.log((a / n1) / (c / n2)) for a, n1, c, n2 in counts])
    variances = np.array([1 / a - 1 / n1 + 1 / c - 1 / n2 for a, n1, c, n2 in counts])
    reference = meta.combine_effects(effects, variances, method_re="dl")
    # statsmodels does not truncate tau2 at 0: with Q at or below its df the textbook DL is the
    # fixed-effect pool.
    row = "random effect" if reference.q > len(counts) - 1 else "fixed effect"
    frame = reference.summary_frame()
    return tuple(math.exp(frame.loc[row, key]) for key in ("eff", "ci_low", "ci_upp"))


def test_classical_pool_is_shown_with_msc_trials_only_and_with_the_other_mustards_reading(
        evidence):
    # Issue 15, item 8: MUST-ARDS's 2/20 vs 4/10 (Table 1) is implausible against the paper's
    # 28-day 25% vs 40%; and MAPCs are a distinct product class (Curley 2024).
    pooled = evidence.pooled_by_setting()["classical"]
    comparisons = [c for c in evidence.risk_ratios("classical") if c.included_in_pool]
    table = {c.trial.id: (c.events_treatment, c.n_treatment, c.events_control, c.n_control)
             for c in comparisons}
    assert table["T1_MUSTARDS_2022"] == (2, 20, 4, 10)
    labels = [p.label for p in pooled.sensitivity]
    assert labels == [
        "MSC trials only (MAPC trials apart)",
        "MUST-ARDS (cohort 3) read as 5/20 vs 4/10, from 25% vs 40% (the paper's text)"]
    msc_only, other_reading = pooled.sensitivity
    msc_ids = [c.trial.id for c in comparisons if c.trial["product_kind"] == "msc"]
    assert set(msc_only.estimate.trials) == set(msc_ids) and len(msc_ids) == 2
    assert (msc_only.estimate.rr, msc_only.estimate.ci_low, msc_only.estimate.ci_high) == \
        pytest.approx(_statsmodels_pool([table[i] for i in msc_ids]), rel=1e-9)
    # 25% of 20 is 5 and 40% of 10 is 4: whole numbers, so this reading exists; the abstract's
    # 45% of 10 is not, and is not read.
    read = {**table, "T1_MUSTARDS_2022": (5, 20, 4, 10)}
    assert other_reading.estimate.k == 4
    assert (other_reading.estimate.rr, other_reading.estimate.ci_low,
            other_reading.estimate.ci_high) == pytest.approx(
        _statsmodels_pool(list(read.values())), rel=1e-9)
    assert not any("45%" in label for label in labels)
    # The main estimate is unchanged, and the JSON carries the sensitivity pools.
    assert pooled.rr == pytest.approx(_statsmodels_pool(list(table.values()))[0], rel=1e-9)
    assert [p["label"] for p in pooled.as_dict()["sensitivity"]] == labels
    # A setting with one product has no MSC-only pool.
    assert not any("MSC trials only" in p.label
                   for p in evidence.pooled_by_setting()["covid19"].sensitivity)


@settings(max_examples=80, deadline=None)
@given(st.lists(st.tuples(st.floats(-3, 3), st.floats(0.01, 4)), min_size=2, max_size=12))
def test_dersimonian_laird_matches_statsmodels_on_any_input(pairs):
    np = pytest.importorskip("numpy")
    meta = pytest.importorskip("statsmodels.stats.meta_analysis")
    effects, variances = [p[0] for p in pairs], [p[1] for p in pairs]
    ours = dersimonian_laird(effects, variances)
    with np.errstate(all="ignore"):
        reference = meta.combine_effects(np.array(effects), np.array(variances), method_re="dl")
    if reference.q > len(pairs) - 1:
        assert ours.tau2 == pytest.approx(reference.tau2, rel=1e-7, abs=1e-10)
        assert ours.log_rr == pytest.approx(reference.mean_effect_re, rel=1e-7, abs=1e-10)
        assert ours.se == pytest.approx(reference.sd_eff_w_re, rel=1e-7)
        assert ours.i2 == pytest.approx(reference.i2, rel=1e-7, abs=1e-10)
    else:
        # Q at or below its degrees of freedom: DerSimonian-Laird truncates tau2 at 0 (and I2 at
        # 0), so the random-effects estimate is the fixed-effect one. statsmodels 0.15 does not
        # truncate (it uses the negative moment estimate), so compare with its fixed effect.
        assert ours.tau2 == 0 and ours.i2 == 0
        assert ours.log_rr == pytest.approx(reference.mean_effect_fe, rel=1e-7, abs=1e-10)
        assert ours.se == pytest.approx(reference.sd_eff_w_fe, rel=1e-7)


def test_pooled_caveats_state_time_points_products_and_disputed_counts(evidence):
    pooled = evidence.pooled_by_setting()
    classical = " | ".join(pooled["classical"].caveats)
    assert "time points differ or are not stated" in classical and "28 days (START)" in classical
    assert "MAPC (MUST-ARDS (cohort 3), ONE-BRIDGE (pneumonia cohort))" in classical
    assert "sources disagree on the counts of MUST-ARDS" in classical
    covid = " | ".join(pooled["covid19"].caveats)
    assert "30 days (Bowdish 2023)" in covid and "Rebelatto 2022 (uncertain: META_TARD)" in covid
    assert "0.5 added to every cell of Shu 2020" in covid


def test_settings_without_poolable_trials_have_no_estimate(evidence):
    pooled = evidence.pooled_by_setting()
    assert list(pooled) == ["classical", "covid19", "mixed", "gvhd"]
    for setting in ("mixed", "gvhd"):
        assert pooled[setting].k == 0 and pooled[setting].rr is None
        assert "no trial" in pooled[setting].note
    assert list(evidence.pooled_by_setting("covid19")) == ["covid19"]


def test_format_risk_ratio_ci():
    assert format_risk_ratio_ci(2.0, 0.636, 6.289) == "2.00 (0.64–6.29)"
    assert format_risk_ratio_ci(0.33, 0.0183, 5.937) == "0.330 (0.018–5.937)"
    assert format_risk_ratio_ci(None, None, None) == "not estimable"


# --- Comparable trials for the example designs ----------------------------------------------------


def example(name):
    return load_design(resource_path("examples", name))


def ids(comparison):
    return [c.trial.id for c in comparison.trials]


def reasons(comparison, row_id):
    match = next(c for c in comparison.trials if c.trial.id == row_id)
    return " | ".join(match.matched), " | ".join(match.differences)


def test_start_like_design_ranks_start_first_with_every_reason(evidence):
    result = evidence.comparable_trials(example("start-like.trial.json"))
    assert ids(result) == ["T1_START_2019", "P_REALIST_PH2_NONCOVID", "T1_MUSTARDS_2022",
                           "T1_ONEBRIDGE_2023", "T1_ZHENG_2014"]
    matched, differences = reasons(result, "T1_START_2019")
    for words in ("same setting (classical ARDS)", "same product kind (MSC)",
                  "same tissue source (bone marrow)", "the same dose as",
                  "same number of administrations (1)"):
        assert words in matched
    assert differences == ""
    # A flat dose is converted at 70 kg, and says so: 9 x 10^8 / 70 = 1.29 x 10^7 per kg.
    matched, differences = reasons(result, "T1_MUSTARDS_2022")
    assert ("flat dose, 1.29 × 10⁷ cells/kg at 70 kg (the reference weight for comparing "
            "trials), within a factor of 3") in matched
    assert "product kind: MAPC (design: MSC)" in differences
    # EXTINGUISH (bone-marrow EVs, dose unknown) shares only the tissue: not comparable.
    assert "P_EXTINGUISH" not in ids(result)
    assert any("70 kg" in note for note in result.notes)
    scores = [c.score for c in result.trials]
    assert scores == sorted(scores, reverse=True)


def test_all_settings_brings_in_other_settings_with_the_difference_stated(evidence):
    result = evidence.comparable_trials(example("start-like.trial.json"), all_settings=True)
    assert ids(result)[:2] == ["T1_START_2019", "P_STAT"]
    matched, differences = reasons(result, "P_STAT")
    assert "setting: mixed ARDS (design: classical ARDS)" in differences
    assert {c.trial.setting for c in result.trials} == {"classical", "covid19", "mixed", "gvhd"}


def test_core_protocol_design_matches_on_its_two_arms(evidence):
    result = evidence.comparable_trials(example("core-protocol.trial.json"))
    assert ids(result)[0] == "P_REALIST_PH2_NONCOVID"
    matched, _ = reasons(result, "T1_START_2019")
    # 10 x 10^6/kg is within a factor of 3 of the arms' 5 x 10^6/kg.
    assert "within a factor of 3 of arm 'Two doses' (5 × 10⁶ cells/kg)" in matched
    matched, differences = reasons(result, "T1_ZHENG_2014")
    assert "same product kind (MSC)" in matched
    assert "5 times lower" in differences
    result = evidence.comparable_trials(example("core-protocol.trial.json"), all_settings=True)
    matched, _ = reasons(result, "T2_ADAS_2021")
    assert "same number of administrations (3) as arm 'Three doses'" in matched


def test_stroma_like_design_finds_its_model_trial_and_not_the_secretome(evidence):
    result = evidence.comparable_trials(example("stroma-cov-2-like.trial.json"))
    assert ids(result)[0] == "T2_MONSEL_2022"
    assert {c.trial.setting for c in result.trials} == {"covid19"}
    # Adas is exactly 3 times the dose: "within a factor of 3" includes 3.
    matched, _ = reasons(result, "T2_ADAS_2021")
    assert "3 × 10⁶ cells/kg, within a factor of 3" in matched
    assert "T2_FATHIKAZEROONI_2022" not in ids(result)      # secretome dosed in ml


def test_ev_design_compares_particles_with_particles_only(evidence):
    design = example("ev-trial.trial.json")
    classical = evidence.comparable_trials(design)
    assert ids(classical) == ["P_EXTINGUISH"]
    _, differences = reasons(classical, "P_EXTINGUISH")
    assert "dose not available" in differences
    everywhere = evidence.comparable_trials(design, all_settings=True)
    assert ids(everywhere)[:2] == ["T2_LIGHTNER_2023_EF15", "T2_LIGHTNER_2023_EF10"]
    matched, _ = reasons(everywhere, "T2_LIGHTNER_2023_EF15")
    assert "1.2 × 10¹² particles, the same dose as" in matched
    assert "T2_FATHIKAZEROONI_2022" not in ids(everywhere)
    # No cell trial is called comparable on its dose with a particle design.
    for c in everywhere.trials:
        if c.trial["dose_unit"] in ("cells", "cells_per_kg"):
            assert not any("dose per administration" in m for m in c.matched)


def test_undecided_design_says_what_is_not_compared(evidence):
    result = evidence.comparable_trials(Design())
    assert result.trials == ()
    notes = " ".join(result.notes)
    assert "setting is not decided" in notes and "product kind is not decided" in notes


def test_comparable_trials_fit_in_a_frame(evidence):
    design = example("core-protocol.trial.json")
    times = []
    for _ in range(20):
        start = time.perf_counter()
        evidence.comparable_trials(design, all_settings=True)
        times.append(time.perf_counter() - start)
    assert sorted(times)[10] < 0.016


@settings(max_examples=150, deadline=None)
@given(setting=st.sampled_from([None, *Setting]), kind=st.sampled_from([None, *ProductKind]),
       tissue=st.sampled_from([None, *TissueSource]),
       unit=st.sampled_from([None, *DoseUnit]), dose=st.floats(1e-3, 1e13),
       administrations=st.one_of(st.none(), st.integers(1, 10)),
       all_settings=st.booleans())
def test_every_comparable_trial_matches_on_kind_or_dose(evidence, setting, kind, tissue, unit,
                                                        dose, administrations, all_settings):
    design = Design()
    design.population.setting, design.product.kind = setting, kind
    design.product.tissue_source = tissue
    design.dosing.arms = [Arm(dose_value=dose, dose_unit=unit, administrations=administrations)]
    result = evidence.comparable_trials(design, all_settings=all_settings)
    for c in result.trials:
        assert any(m.startswith(("same product kind", "dose per administration"))
                   for m in c.matched)
        if not all_settings and setting is not None:
            assert c.trial.setting == setting.value


# --- Dose landscape -------------------------------------------------------------------------------


def test_dose_landscape_puts_cells_per_kg_on_the_axis_and_lists_the_rest(evidence):
    design = example("start-like.trial.json")
    design.dosing.arms.append(Arm(label="flat", dose_value=7e8, dose_unit=DoseUnit.CELLS,
                                  administrations=2))
    design.dosing.arms.append(Arm(label="volume", dose_value=10, dose_unit=DoseUnit.ML,
                                  administrations=1))
    landscape = evidence.dose_landscape(design)
    by_id = {p.trial_id: p for p in landscape.trials}
    assert (by_id["T1_START_2019"].value, by_id["T1_START_2019"].administrations) == (1e7, 1)
    must = by_id["T1_MUSTARDS_2022"]
    assert must.value == pytest.approx(9e8 / 70) and must.converted_from_flat
    assert by_id["T2_ADAS_2021"].administrations == 3
    # EV particle counts are on their own axis, never on the cells/kg one.
    assert [p.trial_id for p in landscape.particle_doses()] == [
        "T2_LIGHTNER_2023_EF15", "T2_LIGHTNER_2023_EF10"]
    assert all(p.unit == "cells_per_kg" for p in landscape.cell_doses())
    not_plotted = {n.trial_id or n.label: n.reason for n in landscape.not_plotted}
    assert "ml" in not_plotted["T2_FATHIKAZEROONI_2022"]
    assert not_plotted["G_KEBRIAEI_2020"] == "dose not available"
    assert "ml" in not_plotted["design: volume"]
    arms = {a.label: a for a in landscape.design_arms}
    assert arms["design: MSC 10 x 10^6/kg"].value == 1e7
    assert arms["design: flat"].value == pytest.approx(1e7) and \
        arms["design: flat"].converted_from_flat
    assert landscape.weight_kg == 70


def test_dose_landscape_for_an_ev_design_keeps_its_arm_in_particles(evidence):
    landscape = evidence.dose_landscape(example("ev-trial.trial.json"))
    (arm,) = landscape.design_arms
    assert (arm.unit, arm.value, arm.administrations) == ("particles", 1.2e12, 2)
    only_own_setting = evidence.dose_landscape(example("ev-trial.trial.json"),
                                               all_settings=False)
    assert {p.setting for p in only_own_setting.trials} == {"classical"}


def test_a_row_with_an_empty_arm_is_not_estimable_rather_than_an_error():
    # Rows that bypass the import check (e.g. a future data source) must not break pooling.
    from models.evidence.record import TrialRecord
    from models.evidence.risk import trial_risk_ratio

    start = next(t for t in load_trials(include_user=False).trials if t["short_name"] == "START")
    values = {**start.values, "mortality_control_n": 0, "mortality_control_events": 0}
    result = trial_risk_ratio(TrialRecord(values, False, start.provenance))
    assert result.estimate is None and not result.included_in_pool
    assert "no patients" in result.reason_not_pooled
