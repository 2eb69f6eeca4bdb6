"""The CDISC USDM export (reports/usdm): valid against CDISC's own USDM 4.0.0 model (the
``usdm`` package's pydantic classes, usdm_model), with no field the model does not know, every
CDISC code and decode as in the controlled terminology that package ships, and the study's
arms, epochs, interventions, eligibility criteria, objectives and schedule from the design."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from models.design import Design
from models.design_io import load_design, parse_design
from models.resources import resource_path
from models.schedule import build_schedule
from reports.usdm.build import USDM_VERSION, usdm_document
from reports.usdm.codes import CDISC_SYSTEM, TERMS

wrapper = pytest.importorskip("usdm_model.wrapper")
EXAMPLES = sorted(Path(resource_path("examples")).glob("*.trial.json"))


def unknown_keys(sent, parsed, path="$") -> list[str]:
    """Keys of our document that the validated model does not have (pydantic ignores them)."""
    out = []
    if isinstance(sent, dict):
        for key, value in sent.items():
            if key not in parsed:
                out.append(f"{path}.{key}")
            else:
                out += unknown_keys(value, parsed[key], f"{path}.{key}")
    elif isinstance(sent, list):
        for index, (a, b) in enumerate(zip(sent, parsed)):
            out += unknown_keys(a, b, f"{path}[{index}]")
    return out


def validated(document: dict):
    model = wrapper.Wrapper.model_validate(document)
    assert unknown_keys(document, model.model_dump(mode="json")) == []
    return model


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_examples_validate_against_the_cdisc_model(path):
    model = validated(usdm_document(load_design(path)))
    assert model.usdmVersion == USDM_VERSION == "4.0.0"
    import usdm_info

    assert usdm_info.__model_version__ == USDM_VERSION


def test_an_empty_design_validates():
    model = validated(usdm_document(Design()))
    assert model.study.name == "Untitled design"
    assert model.study.versions[0].versionIdentifier == "not decided"


def _controlled_terms() -> dict[str, set[str]]:
    """conceptId -> preferred terms, from the CT file the usdm package ships, and the timing
    types its own timing sheet writes (CDISC CT 2025-09-26 does not list them yet)."""
    import importlib.util

    # Found, not imported: usdm_excel needs the dependencies usdm is installed without.
    folder = Path(importlib.util.find_spec("usdm_excel").origin).parent / "data"
    terms: dict[str, set[str]] = {}
    concept = None
    for line in (folder / "cdisc_ct_2025-09-26.yaml").read_text(encoding="utf-8").splitlines():
        match = re.match(r"\s*-?\s*conceptId: (C\d+)", line)
        if match:
            concept = match.group(1)
        match = re.match(r"\s*preferredTerm: '?(.*?)'?$", line)
        if match and concept:
            terms.setdefault(concept, set()).add(match.group(1))
    sheet = (folder.parent / "study_design_timing_sheet" / "study_design_timing_sheet.py")
    for code, term in re.findall(r'"c_code": "(C\d+)", "pt": "([^"]+)"', sheet.read_text()):
        terms.setdefault(code, set()).add(term)
    return terms


def test_every_code_is_a_cdisc_term_with_its_preferred_term():
    terms = _controlled_terms()
    wrong = [(key, code, decode) for key, (code, decode) in TERMS.items()
             if decode not in terms.get(code, ())]
    assert wrong == []


def codes_in(node) -> list[dict]:
    if isinstance(node, dict):
        found = [node] if node.get("instanceType") == "Code" else []
        return found + [c for v in node.values() for c in codes_in(v)]
    if isinstance(node, list):
        return [c for v in node for c in codes_in(v)]
    return []


def design_of(document: dict) -> dict:
    return document["study"]["versions"][0]["studyDesigns"][0]


def test_the_study_design_from_the_design():
    design = load_design(resource_path("examples", "stroma-cov-2-like.trial.json"))
    document = usdm_document(design)
    version = document["study"]["versions"][0]
    study_design = design_of(document)
    assert [t["text"] for t in version["titles"]] == [design.meta.title, design.meta.acronym]
    assert version["versionIdentifier"] == design.meta.protocol_version
    # Arms: the active arm, then the control; three epochs; a cell for each arm and epoch.
    arms = study_design["arms"]
    assert [a["type"]["decode"] for a in arms] == ["Investigational Arm", "Placebo Control Arm"]
    assert [e["name"] for e in study_design["epochs"]] == ["Screening", "Treatment",
                                                           "Follow-up"]
    assert len(study_design["studyCells"]) == 2 * 3
    assert study_design["studyPhase"]["standardCode"]["decode"] == "Phase IIb Trial"
    assert study_design["blindingSchema"]["standardCode"]["decode"] == "Double Blind Study"
    # The intervention with its dose and regimen.
    arm = design.arms[0]
    administration = version["studyInterventions"][0]["administrations"][0]
    assert administration["dose"]["value"] == arm.dose_value
    assert administration["dose"]["unit"]["standardCode"]["code"] == "{cells}/kg"
    assert administration["route"]["standardCode"]["decode"] == \
        "Intravenous Route of Administration"
    # The example infuses on days 0, 3 and 5 (an irregular schedule): 120 h first to last.
    assert administration["duration"]["quantity"]["value"] == \
        arm.dose_times_hours[-1] - arm.dose_times_hours[0] == 120
    assert version["studyInterventions"][1]["role"]["decode"] == "Placebo"
    # The population's criteria, as the design states them.
    texts = {item["id"]: item["text"] for item in version["eligibilityCriterionItems"]}
    criteria = [(c["category"]["decode"], texts[c["criterionItemId"]])
                for c in study_design["eligibilityCriteria"]]
    assert ("Inclusion Criteria", "PaO₂/FiO₂ ≤ 300 mmHg") in criteria   # the example: up to 300
    assert study_design["population"]["criterionIds"] == \
        [c["id"] for c in study_design["eligibilityCriteria"]]
    assert study_design["population"]["plannedEnrollmentNumber"]["value"] == \
        design.statistics.planned_total_n
    # Objectives and endpoints.
    objectives = study_design["objectives"]
    assert [o["level"]["decode"] for o in objectives] == ["Trial Primary Objective",
                                                          "Trial Secondary Objective"]
    assert len(objectives[1]["endpoints"]) == len(design.endpoints.secondary)
    assert "day 7" in objectives[0]["endpoints"][0]["text"]
    # Every code in the document is CDISC's or UCUM's.
    systems = {c["codeSystem"] for c in codes_in(document)}
    assert systems <= {CDISC_SYSTEM, "http://unitsofmeasure.org"}


def test_the_schedule_of_activities_is_the_spirit_schedule():
    design = load_design(resource_path("examples", "core-protocol.trial.json"))
    schedule = build_schedule(design)
    study_design = design_of(usdm_document(design))
    timeline = study_design["scheduleTimelines"][0]
    assert [e["name"] for e in study_design["encounters"]] == \
        [t.label for t in schedule.timepoints]
    assert [a["name"] for a in study_design["activities"]] == \
        [a.label for a in schedule.activities]
    names = {a["id"]: a["name"] for a in study_design["activities"]}
    for point, instance in zip(schedule.timepoints, timeline["instances"]):
        assert sorted(names[i] for i in instance["activityIds"]) == \
            sorted(a.label for a in schedule.activities if point.key in a.marks)
    timings = {t["relativeFromScheduledInstanceId"]: t for t in timeline["timings"]}
    day0 = next(i for i, p in zip(timeline["instances"], schedule.timepoints) if p.hours == 0)
    assert timings[day0["id"]]["type"]["decode"] == "Fixed Reference"
    day7 = next(i for i, p in zip(timeline["instances"], schedule.timepoints)
                if p.label == "Day 7")
    assert timings[day7["id"]]["value"] == "P7D"
    assert timings[day7["id"]]["relativeToScheduledInstanceId"] == day0["id"]


def test_hostile_text_is_kept_exactly_and_the_json_is_valid():
    from reports.usdm.export import usdm_bytes

    title = "<script>x</script> \u202e evil \x0b\x01 \"quoted\" \\ 中文 " + "z" * 1500
    design = parse_design({"format": "msc-ards-trial-design", "version": 2,
                           "meta": {"title": title, "sponsor": "&amp; Co"}})
    data = usdm_bytes(design)
    document = json.loads(data.decode("utf-8"))
    validated(document)
    assert document["study"]["versions"][0]["titles"][0]["text"] == title
    assert document["study"]["versions"][0]["organizations"][0]["name"] == "&amp; Co"
