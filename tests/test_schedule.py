"""The SPIRIT schedule derived from a design (models/schedule.py): time points from the dosing,
sampling, endpoint and follow-up fields, nothing placed that the design does not fix, and a note
for every gap."""

from __future__ import annotations

from models.design import (
    Arm,
    ControlType,
    Design,
    DoseUnit,
    Endpoint,
    EndpointKind,
    Route,
)
from models.design_io import load_design
from models.resources import resource_path
from models.schedule import (
    GROUP_ASSESSMENTS,
    GROUP_INTERVENTIONS,
    PERIOD_ALLOCATION,
    PERIOD_CLOSE,
    PERIOD_ENROLMENT,
    build_schedule,
    follow_up_visit_months,
)


def core():
    return load_design(resource_path("examples", "core-protocol.trial.json"))


def marked(schedule, label_start):
    return schedule.labels_marked(schedule.activity(label_start))


def test_core_protocol_time_points_in_order():
    schedule = build_schedule(core())
    assert [t.label for t in schedule.timepoints] == [
        "Screening", "Day 0", "Day 2", "Day 4", "Day 7", "Day 28", "Day 60", "Month 3",
        "Month 6", "Month 12", "Month 24"]
    periods = [t.period for t in schedule.timepoints]
    assert periods[0] == PERIOD_ENROLMENT
    assert periods[1] == PERIOD_ALLOCATION
    assert periods[-1] == PERIOD_CLOSE
    assert schedule.timepoints[0].detail == "≤ 48 h after ARDS onset"
    assert "≤ 72 h after ARDS onset" in schedule.timepoints[1].detail


def test_each_arm_is_dosed_at_its_own_times():
    schedule = build_schedule(core())
    assert marked(schedule, "Arm 'Two doses'") == ["Day 0", "Day 2"]
    assert marked(schedule, "Arm 'Three doses'") == ["Day 0", "Day 2", "Day 4"]
    # Placebo at every time an active arm is dosed (the blind), and the notes say why.
    assert marked(schedule, "Control: placebo") == ["Day 0", "Day 2", "Day 4"]
    assert any("placebo is shown at every time" in note for note in schedule.notes)
    assert marked(schedule, "Prespecified infusion-associated events") == ["Day 0", "Day 2",
                                                                          "Day 4"]


def test_sampling_endpoints_and_follow_up():
    schedule = build_schedule(core())
    assert marked(schedule, "Blood sample") == ["Day 0", "Day 2", "Day 4", "Day 7"]
    assert marked(schedule, "Bronchoalveolar lavage") == ["Day 0", "Day 2", "Day 4", "Day 7"]
    assert marked(schedule, "Primary endpoint: All-cause mortality at day 60") == ["Day 60"]
    assert marked(schedule, "Secondary endpoint 2: Ventilator-free days") == ["Day 28"]
    assert marked(schedule, "Follow-up visit") == ["Month 3", "Month 6", "Month 12", "Month 24"]
    assert marked(schedule, "Malignancy surveillance") == ["Month 3", "Month 6", "Month 12",
                                                           "Month 24"]
    assert marked(schedule, "Lung fibrosis assessment") == ["Month 12"]
    assert schedule.timepoints[1].detail == "first dose ≤ 72 h after ARDS onset"


def test_grid_is_the_table_of_time_points_by_activities():
    schedule = build_schedule(core())
    grid = schedule.grid()
    assert grid[0] == ["", *(t.label for t in schedule.timepoints)]
    assert len(grid) == len(schedule.activities) + 1
    row = next(r for r in grid if r[0].startswith("Allocation"))
    assert row[1:] == ["", "X"] + [""] * (len(schedule.timepoints) - 2)
    groups = {a.group for a in schedule.activities}
    assert {GROUP_INTERVENTIONS, GROUP_ASSESSMENTS} <= groups


def test_interval_that_is_not_whole_days_reads_as_a_fraction_of_a_day():
    from models.design import DoseSchedule

    design = load_design(resource_path("examples", "stroma-cov-2-like.trial.json"))
    arm = design.dosing.arms[0]
    arm.schedule, arm.dose_times_hours, arm.interval_hours = DoseSchedule.FIXED_INTERVAL, None, 60
    schedule = build_schedule(design)
    assert schedule.labels_marked(schedule.activities[3]) == ["Day 0", "Day 2.5", "Day 5"]
    point = next(t for t in schedule.timepoints if t.label == "Day 2.5")
    assert point.detail == "60 h after the first dose"
    assert point.hours == 60


def test_an_irregular_schedule_places_each_administration_at_its_own_time():
    # The STROMA-CoV-2-like example infuses on days 0, 3 and 5, as STROMA-CoV-2 did.
    schedule = build_schedule(load_design(resource_path("examples",
                                                        "stroma-cov-2-like.trial.json")))
    assert schedule.labels_marked(schedule.activities[3]) == ["Day 0", "Day 3", "Day 5"]


def test_nothing_decided_places_only_enrolment_and_names_every_gap():
    schedule = build_schedule(Design())
    assert [t.label for t in schedule.timepoints] == ["Screening", "Day 0"]
    labels = [a.label for a in schedule.activities]
    assert labels == ["Eligibility screen", "Informed consent", "Allocation (randomisation)"]
    notes = " ".join(schedule.notes)
    for path in ("dosing.arms", "dosing.first_dose_within_hours",
                 "population.onset_window_hours", "control.type", "follow_up.months"):
        assert path in notes
    assert schedule.timepoints[0].detail == "enrolment window not decided"


def test_missing_interval_places_the_first_dose_only():
    design = Design()
    design.dosing.arms = [Arm(label="A", dose_value=2e6, dose_unit=DoseUnit.CELLS_PER_KG,
                              administrations=3, route=Route.INTRAVENOUS)]
    schedule = build_schedule(design)
    assert marked(schedule, "Arm 'A'") == ["Day 0"]
    assert any("interval between administrations is not decided" in n for n in schedule.notes)


def test_samples_without_time_points_are_not_placed():
    design = core()
    design.sampling.timepoints_days = None
    schedule = build_schedule(design)
    assert not any(a.label.startswith("Blood sample") for a in schedule.activities)
    assert any("sampling.timepoints_days" in n for n in schedule.notes)


def test_endpoint_without_time_point_is_named_not_placed():
    design = core()
    design.endpoints.secondary = [Endpoint(kind=EndpointKind.BIOMARKER, description="IL-6")]
    schedule = build_schedule(design)
    assert not any("IL-6" in a.label for a in schedule.activities)
    assert any(n.startswith("Secondary endpoint 1 has no time point") for n in schedule.notes)


def test_follow_up_visit_near_an_endpoint_day_is_one_column():
    design = core()
    design.endpoints.secondary = [Endpoint(kind=EndpointKind.MORTALITY, timepoint_days=90,
                                           description="Mortality at day 90")]
    schedule = build_schedule(design)
    labels = [t.label for t in schedule.timepoints]
    assert "Day 90" in labels and "Month 3" not in labels
    day90 = next(t for t in schedule.timepoints if t.label == "Day 90")
    assert "month 3" in day90.detail
    assert "Day 90" in marked(schedule, "Follow-up visit")


def test_follow_up_visit_months():
    assert follow_up_visit_months(24) == [3, 6, 12, 24]
    assert follow_up_visit_months(12) == [3, 6, 12]
    assert follow_up_visit_months(60) == [3, 6, 12, 24, 36, 48, 60]
    assert follow_up_visit_months(18) == [3, 6, 12, 18]
    assert follow_up_visit_months(2) == [2]
    assert follow_up_visit_months(0) == []


def test_standard_care_control_and_no_follow_up():
    design = core()
    design.control.type = ControlType.STANDARD_CARE
    design.follow_up.months = 0
    schedule = build_schedule(design)
    assert marked(schedule, "Control: standard care alone") == ["Day 0"]
    assert not any(a.label == "Follow-up visit" for a in schedule.activities)
    assert any("no visit after the last endpoint" in n for n in schedule.notes)
