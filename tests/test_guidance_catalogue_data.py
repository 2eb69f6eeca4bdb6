"""Checks on the guidance data files transcribed from the guidance rule catalogue
(guidance-rules.md, design format version 1): resources/guidance/rules.toml and
resources/guidance/catalogue.toml. rules.toml also holds the program's own rules (group S, not in
the catalogue), after the catalogue's 66; they follow the same schema.

The expected values below are copied from the catalogue and from the evidence table
(trials.csv), so that the tests need nothing outside the repository."""

from __future__ import annotations

import re
import string
import tomllib
from collections import Counter
from pathlib import Path

import pytest

GUIDANCE = Path(__file__).resolve().parent.parent / "resources" / "guidance"

from catalogue_table import ADDED_RULE_TABLE as ADDED_RULES  # noqa: E402
from catalogue_table import PROGRAM_RULE_TABLE as PROGRAM_RULES  # noqa: E402
from catalogue_table import RULE_TABLE as EXPECTED_RULES  # noqa: E402
from catalogue_table import FORMAT3_RULE_TABLE as FORMAT3_RULES  # noqa: E402

EXPECTED_IDS = [rid for rid, _ in EXPECTED_RULES]
PROGRAM_IDS = [rid for rid, _ in PROGRAM_RULES]
ADDED_IDS = [rid for rid, _ in ADDED_RULES]
FORMAT3_IDS = [rid for rid, _ in FORMAT3_RULES]
# Sources the rules added with format 3 cite (catalogue.toml lists them last).
FORMAT3_SOURCES = ["FDA_POTENCY_2023", "QADIR_2024", "FAN_2017", "FDA_MULTIPLE_ENDPOINTS_2022",
                   "FDA_ENRICHMENT_2019", "DAMOCLES_2005", "ICH_E6_R2_2016", "SPIRIT_2013",
                   "MATTHAY_2019", "WINDRUM_2005", "PHARMACOPOEIA_RELEASE"]
PROGRAM_GROUP = "S"
# Sources the program rules cite that are not in the catalogue's section 7.
PROGRAM_SOURCES = {
    "JENNISON_TURNBULL_2000": "https://doi.org/10.1201/9780367805326",
    "DEMETS_LAN_1994": "https://doi.org/10.1002/sim.4780131308",
    "ICH_E9_1998": "https://database.ich.org/sites/default/files/E9_Guideline.pdf",
    "ICH_E9_R1_2019":
        "https://database.ich.org/sites/default/files/E9-R1_Step4_Guideline_2019_1203.pdf",
}

# Ids that the catalogue lists as dropped or merged: never rules of their own.
UNUSED_IDS = {"C-7", "E-6", "F-4", "G-4", "H-5"}

# The `short_name` column of trials.csv (evidence table), deduplicated. Copied so that the tests do
# not read the shared reference folder; update it together with trials.csv.
TRIAL_SHORT_NAMES = frozenset({
    "Zheng 2014", "START", "MUST-ARDS", "ONE-BRIDGE", "Shu 2020", "Adas 2021", "Dilogo 2021",
    "Shi 2021", "Lanzoni 2021", "STROMA-CoV-2", "Rebelatto 2022", "Bowdish 2023", "REALIST-COVID",
    "Fathi-Kazerooni 2022", "Lightner 2023", "Le Blanc 2008", "Kebriaei 2020", "Kurtzberg 2014",
    "Introna 2014", "STAT", "REALIST", "EXTINGUISH",
})
# Trials named in a rule's Trials entry that trials.csv does not have. Keep this minimal: at the
# time of transcription every named trial is in trials.csv, so it is empty.
TRIALS_NOT_IN_CSV: frozenset[str] = frozenset()

# Section 1.6 of the catalogue: setting name -> (default, unit).
EXPECTED_SETTINGS = {
    "early_first_dose_hours": (72, "h"),
    "late_ards_hours": (168, "h"),
    "viability_min_pct": (70, "%"),
    "follow_up_min_months": (24, "months"),
    "follow_up_precedent_months": (12, "months"),
    "assumed_max_weight_kg": (120, "kg"),
    "control_mortality_low": (0.18, "fraction"),
    "control_mortality_high": (0.45, "fraction"),
    # Added by issue 15 (docs/catalogue-changes.md), not in the catalogue's section 1.6.
    "hyperinflammatory_mortality_low": (0.30, "fraction"),
    "hyperinflammatory_mortality_high": (0.60, "fraction"),
    "vfd_sd_min": (9, "days"),
    "hyperinflammatory_prevalence": (0.30, "fraction"),
}

TEXT_BASES = {"population and definitions", "COVID-19", "blinding", "VFD and core outcomes",
              "infusion safety", "nomenclature", "trial conduct"}

REQUIRED_KEYS = {"id", "group", "severity", "title", "applies_to", "trigger", "if_missing",
                 "message", "placeholders", "trials", "trial_names", "box1", "settings"}


def _load(name: str) -> dict:
    with open(GUIDANCE / name, "rb") as fh:
        return tomllib.load(fh)


@pytest.fixture(scope="module")
def rules() -> list[dict]:
    return _load("rules.toml")["rule"]


@pytest.fixture(scope="module")
def by_id(rules) -> dict[str, dict]:
    return {r["id"]: r for r in rules}


@pytest.fixture(scope="module")
def catalogue_rules(rules) -> list[dict]:
    """The catalogue's own rules: not the program's group S, not C-16 (the clinical review) and
    not those added with format 3."""
    return [r for r in rules if r["group"] != PROGRAM_GROUP and r["id"] not in ADDED_IDS
            and "added_in_format" not in r]


@pytest.fixture(scope="module")
def catalogue() -> dict:
    return _load("catalogue.toml")


def _message_keys(rule: dict) -> list[str]:
    return [k for k in rule if k.startswith("message")]


def _fields(template: str) -> list[str]:
    return [f for _, f, _, _ in string.Formatter().parse(template) if f is not None]


def test_rule_count_and_ids_in_catalogue_order(rules, catalogue_rules):
    assert len(rules) == 66 + 3 + len(ADDED_IDS) + len(FORMAT3_IDS)
    ids = [r["id"] for r in rules]
    assert len(set(ids)) == len(ids)
    # The catalogue's 66 in catalogue order, then the program rules, then C-16 (the clinical
    # review), then those added with format 3 (in id order).
    assert len(catalogue_rules) == 66
    assert [r["id"] for r in catalogue_rules] == EXPECTED_IDS
    assert ids == EXPECTED_IDS + PROGRAM_IDS + ADDED_IDS + FORMAT3_IDS
    assert not set(ADDED_IDS + FORMAT3_IDS) & (set(EXPECTED_IDS) | UNUSED_IDS)


def test_rules_added_with_format_3(by_id):
    for rid, severity in FORMAT3_RULES:
        rule = by_id[rid]
        assert rule["added_in_format"] == 3 and rule["severity"] == severity, rid
        assert rule["group"] in "ABCDEFG" and rid not in UNUSED_IDS, rid
        # Every new rule cites a source for its evidence.
        assert any(e["source"].strip() for e in rule["evidence"]), rid
    assert not [r for r in by_id.values() if r.get("added_in_format") and r["id"] not in FORMAT3_IDS]


def test_severities_match_rule_table(rules, catalogue_rules):
    assert [(r["id"], r["severity"]) for r in catalogue_rules] == EXPECTED_RULES
    assert Counter(r["severity"] for r in catalogue_rules) == {"error": 11, "warning": 35,
                                                               "advice": 20}
    assert [(r["id"], r["severity"]) for r in rules if r["group"] == PROGRAM_GROUP] == \
        PROGRAM_RULES
    assert [(r["id"], r["severity"]) for r in rules if r["id"] in ADDED_IDS] == ADDED_RULES
    assert [(r["id"], r["severity"]) for r in rules if "added_in_format" in r] == FORMAT3_RULES


def test_program_rules_have_their_own_group_and_ids(rules, catalogue_rules, catalogue):
    assert PROGRAM_IDS == ["S-1", "S-2", "S-3"]
    assert not set(PROGRAM_IDS) & (set(EXPECTED_IDS) | UNUSED_IDS)
    assert PROGRAM_GROUP not in {r["group"] for r in catalogue_rules}
    groups = {g["letter"]: g for g in catalogue["group"]}
    assert list(groups) == ["A", "B", "C", "D", "E", "F", "G", "H", "I", PROGRAM_GROUP]
    assert groups[PROGRAM_GROUP]["title"] == (
        "Statistics of a phase 3 trial (program rules, not in catalogue version 1)")
    assert groups[PROGRAM_GROUP].get("program") is True
    assert not any(g.get("program") for letter, g in groups.items() if letter != PROGRAM_GROUP)
    assert {r["group"] for r in rules} <= set(groups)
    for r in rules:
        if r["group"] == PROGRAM_GROUP:
            assert r["box1"] == [7], r["id"]
            assert r["settings"] == [] and r["trial_names"] == [], r["id"]


def test_required_keys_and_types(rules):
    for r in rules:
        missing = REQUIRED_KEYS - set(r)
        assert not missing, (r["id"], missing)
        assert r["group"] == r["id"].split("-")[0]
        assert r["severity"] in {"error", "warning", "advice"}
        for key in ("title", "applies_to", "trigger", "if_missing", "message"):
            assert isinstance(r[key], str) and r[key].strip(), (r["id"], key)
            assert r[key] == r[key].strip() and "\n" not in r[key], (r["id"], key)
        assert all(isinstance(t, str) and t.strip() for t in r["trials"]), r["id"]
        assert all(isinstance(n, int) for n in r["box1"]), r["id"]
        assert not (set(UNUSED_IDS) & {r["id"]})


def test_titles_keep_unicode(by_id):
    assert by_id["B-1"]["title"] == "Dose below 2 × 10⁶ cells/kg"
    assert by_id["C-5"]["title"] == "SpO₂/FiO₂ criterion misapplied"
    assert by_id["A-3b"]["title"] == "Viability acceptance limit below 70%"


def test_placeholders_are_listed_and_formattable(rules):
    for r in rules:
        listed = r["placeholders"]
        assert len(set(listed)) == len(listed), r["id"]
        used: set[str] = set()
        for key in _message_keys(r):
            fields = _fields(r[key])
            for f in fields:
                assert re.fullmatch(r"[a-z_][a-z0-9_]*", f), (r["id"], key, f)
                assert f in listed, (r["id"], key, f)
            used.update(fields)
            filled = r[key].format(**{name: "X" for name in listed})
            assert "{" not in filled and "}" not in filled, (r["id"], key)
        assert used == set(listed), (r["id"], used, listed)
        # placeholder_original only renames placeholders that exist
        assert set(r.get("placeholder_original", {})) <= set(listed), r["id"]


def test_named_placeholders(by_id):
    expected = {
        "A-3b": ["viability_min_pct"],
        "B-1": ["dose", "cumulative"],
        "B-2": ["threshold_weight", "weight", "assumed", "per_kg"],
        "B-8": ["first_dose_within_hours"],
        "B-9": ["days"],
        "D-1": ["missing_elements"],
        "E-2": ["planned_total_n", "computed_n", "alpha", "sided", "power", "dropout_pct", "reason"],
        "E-4a": ["horizon_days"],
        "E-8": ["control_rate", "band", "sd"],
        "E-9": ["missing_outcomes"],
        "A-11": ["missing_tests"],
        "D-4": ["missing_items"],
        "D-7": ["conflicts"],
        "E-10": ["days"],
        "E-12": ["missing_measures"],
        "G-3": ["months"],
        "C-12": ["prevalence", "screen_per_enrolled"],
        "C-16": ["pf_ratio_max"],
        "I-1": ["k", "items"],
    }
    for rid, r in by_id.items():
        assert r["placeholders"] == expected.get(rid, []), rid


def test_special_messages(by_id):
    assert by_id["E-1b"]["message"] == (
        "An efficacy trial needs a complete sample-size justification. " + by_id["E-1a"]["message"])
    assert by_id["E-2"]["message_not_computable"] == "The sample size cannot be computed: {reason}."
    assert "{band}" in by_id["E-8"]["message_hyperinflammatory"]
    assert "{sd}" in by_id["E-8"]["message_sd"]
    assert by_id["G-3"]["message_under_12_suffix"] == (
        "It is also shorter than the 12 months of START and MUST-ARDS.")
    assert "message_cells" in by_id["H-4"]
    assert by_id["B-2"]["message"] == (
        "Converted to cells/kg, this flat dose falls below 2 × 10⁶/kg for patients heavier than "
        "{threshold_weight} kg. The heaviest eligible patient ({weight} kg{assumed}) gets "
        "{per_kg} cells/kg.")


def test_evidence_entries(rules):
    for r in rules:
        entries = r.get("evidence", [])
        assert entries or "evidence_as" in r, r["id"]
        for e in entries:
            assert set(e) <= {"text", "source", "kind"}, (r["id"], e)
            assert isinstance(e["text"], str) and e["text"].strip(), r["id"]
            assert isinstance(e["source"], str), r["id"]
            assert e.get("kind", "discrepancy") in {"discrepancy", "unverified"}, r["id"]


def test_as_references_point_to_rules(by_id):
    for rid, r in by_id.items():
        for key, target_key in (("evidence_as", "evidence"), ("trials_as", "trials")):
            if key in r:
                target = by_id.get(r[key])
                assert target is not None, (rid, key, r[key])
                assert target["id"] != rid
                assert key not in target, (rid, "chained reference")
                assert target.get(target_key), (rid, key, "target has nothing to share")
        if "trials_as" in r:
            assert r["trials"] == [] and r["trial_names"] == [], rid


def test_trial_names_are_known_and_mentioned(rules):
    for r in rules:
        assert len(set(r["trial_names"])) == len(r["trial_names"]), r["id"]
        joined = " ".join(r["trials"])
        for name in r["trial_names"]:
            assert name in TRIAL_SHORT_NAMES or name in TRIALS_NOT_IN_CSV, (r["id"], name)
            assert re.search(r"(?<![\w-])" + re.escape(name) + r"(?![\w-])", joined), (r["id"], name)


def test_every_csv_trial_named_in_trials_text_is_listed(rules):
    for r in rules:
        joined = " ".join(r["trials"])
        for name in TRIAL_SHORT_NAMES:
            if re.search(r"(?<![\w-])" + re.escape(name) + r"(?![\w-])", joined):
                assert name in r["trial_names"], (r["id"], name)


def test_box1_map_agrees_with_rules(rules, catalogue):
    proposals = catalogue["box1"]
    assert [p["number"] for p in proposals] == list(range(1, 12))
    ids = {r["id"] for r in rules}
    for p in proposals:
        assert p["text"].strip()
        assert set(p["rules"]) <= ids, (p["number"], set(p["rules"]) - ids)
        assert sorted(p["rules"]) == sorted(r["id"] for r in rules if p["number"] in r["box1"]), p["number"]
    assert "H-7" in proposals[1]["rules"]
    assert proposals[0]["rules"] == ["I-1", "E-10"]
    # Proposal 7 keeps the catalogue's rules, then the program rules (group S), then those added
    # with format 3.
    assert proposals[6]["rules"] == ["E-1a", "E-1b", "E-2", "E-3a", "E-3b", "E-7", "E-8",
                                     *PROGRAM_IDS, "E-11", "G-9", "G-10"]


def test_text_basis(rules, catalogue):
    bases = {t["name"]: t["rules"] for t in catalogue["text_basis"]}
    assert set(bases) == TEXT_BASES
    for r in rules:
        if r["box1"]:
            assert "text_basis" not in r, r["id"]
        else:
            assert r.get("text_basis") in TEXT_BASES, r["id"]
            assert r["id"] in bases[r["text_basis"]], r["id"]
    for name, ids in bases.items():
        assert all(next(x for x in rules if x["id"] == i).get("text_basis") == name for i in ids)


def test_checklist(catalogue):
    items = catalogue["checklist_item"]
    assert [i["number"] for i in items] == list(range(1, 10))
    assert all(i["title"].strip() and i["fields_text"].strip() for i in items)


def test_settings(rules, catalogue):
    settings = {s["name"]: s for s in catalogue["setting"]}
    assert len(settings) == len(catalogue["setting"])
    assert set(settings) == set(EXPECTED_SETTINGS)
    for name, (default, unit) in EXPECTED_SETTINGS.items():
        assert settings[name]["default"] == pytest.approx(default), name
        assert settings[name]["unit"] == unit, name
        assert settings[name]["label"].strip() and settings[name]["source"].strip(), name
    for r in rules:
        for name in r["settings"]:
            assert name in settings, (r["id"], name)
            assert r["id"] in settings[name]["rules"], (r["id"], name)
    for name, s in settings.items():
        for rid in s["rules"]:
            assert name in next(r for r in rules if r["id"] == rid)["settings"], (name, rid)


def test_sources_and_discrepancies(by_id, catalogue):
    sources = catalogue["source"]
    keys = [s["key"] for s in sources]
    assert len(set(keys)) == len(keys)
    assert keys[0] == "CURLEY_2024"
    assert sources[0]["url"] == "https://doi.org/10.1164/rccm.202311-2046CP"
    for s in sources:
        assert s["citation"].strip()
        urls = s.get("urls", [s["url"]] if "url" in s else [])
        assert all(u.startswith("https://") for u in urls), s["key"]
    for key, url in PROGRAM_SOURCES.items():
        (source,) = [s for s in sources if s["key"] == key]
        assert source["url"] == url, key
    assert keys[-len(FORMAT3_SOURCES):] == FORMAT3_SOURCES
    assert keys.index("REGISTRY_RECORDS") == \
        len(keys) - len(PROGRAM_SOURCES) - len(FORMAT3_SOURCES) - 1
    assert len(catalogue["discrepancy"]) == 9
    for d in catalogue["discrepancy"]:
        assert d["topic"].strip() and d["text"].strip()
        assert all(rid in by_id for rid in d["rules"]), d["topic"]


def test_unused_ids_are_not_rules(by_id, catalogue):
    unused = {u["id"] for u in catalogue["unused_id"]}
    assert unused == UNUSED_IDS
    for u in catalogue["unused_id"]:
        assert all(rid in by_id for rid in u["merged_into"]), u["id"]
