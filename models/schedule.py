"""The schedule of enrolment, interventions and assessments (the SPIRIT figure), derived from the
design: a table of time points x activities, as plain data for the PDF and any later screen.

Time runs from day 0, the day of the first dose. That is the anchor the design format gives the
sampling time points ("0 = before the first dose"); endpoint time points and follow-up are counted
from it as well, since format version 1 does not separate randomisation from the first dose (the
notes say so). Nothing is invented: an activity whose timing is not decided is left off the grid
and the notes name the missing field. Where the design fixes only an end (follow-up months), the
visits placed before it follow a stated convention (3, 6 and 12 months, then yearly).
"""

from __future__ import annotations

import dataclasses

from dataclasses import dataclass, field

from models.applicability import applies
from models.design import ControlType, Design
from models.dosing import administration_hours
from models.formatting import format_number, format_power_of_ten
from models.vocabulary import DOSE_UNIT_SYMBOLS, in_prose

HOURS_PER_DAY = 24.0
DAYS_PER_MONTH = 365.25 / 12
# Follow-up visits before the end of follow-up: 3, 6 and 12 months, then every 12 months.
FOLLOW_UP_VISIT_MONTHS = (3, 6, 12)
# A follow-up visit this close to a day-based time point (day 90 and month 3, 91 days) is the
# same visit: one column, not two a day apart.
MERGE_TOLERANCE_DAYS = 7.0
# The design format's example: "ILD / lung fibrosis assessment, e.g. CT at 12 months".
FIBROSIS_MONTH = 12

PERIOD_ENROLMENT = "Enrolment"
PERIOD_ALLOCATION = "Allocation"
PERIOD_POST = "Post-allocation"
PERIOD_CLOSE = "Close-out"

GROUP_ENROLMENT = "Enrolment"
GROUP_INTERVENTIONS = "Interventions"
GROUP_ASSESSMENTS = "Assessments"



@dataclass(frozen=True)
class TimePoint:
    key: str
    label: str             # "Screening", "Day 0", "Day 2.5", "Month 24"
    detail: str            # what fixes it: "≤ 48 h after ARDS onset", "48 h"
    period: str            # PERIOD_*
    hours: float | None    # from day 0; None for screening (before day 0, not fixed)


@dataclass(frozen=True)
class Activity:
    group: str             # GROUP_*
    label: str
    marks: frozenset[str]  # keys of the time points at which it happens
    source: str = ""       # the design field it comes from


@dataclass(frozen=True)
class Schedule:
    timepoints: tuple[TimePoint, ...]
    activities: tuple[Activity, ...]
    notes: tuple[str, ...] = field(default=())

    def marked(self, activity: Activity, timepoint: TimePoint) -> bool:
        return timepoint.key in activity.marks

    def grid(self) -> list[list[str]]:
        """The table as text: a header row of time point labels, then one row per activity
        with 'X' where it happens (the SPIRIT convention)."""
        rows = [["", *(t.label for t in self.timepoints)]]
        for activity in self.activities:
            rows.append([activity.label, *("X" if t.key in activity.marks else ""
                                           for t in self.timepoints)])
        return rows

    def activity(self, label_start: str) -> Activity:
        for activity in self.activities:
            if activity.label.startswith(label_start):
                return activity
        raise KeyError(label_start)

    def labels_marked(self, activity: Activity) -> list[str]:
        return [t.label for t in self.timepoints if t.key in activity.marks]


class _Timeline:
    """Collects time points by their position, merging those that fall on the same time."""

    def __init__(self) -> None:
        self.points: dict[str, TimePoint] = {}

    def at_hours(self, hours: float, detail: str = "") -> str:
        key = f"h{hours:g}"
        if key not in self.points:
            if hours == 0:
                label, period = "Day 0", PERIOD_ALLOCATION
            elif hours % HOURS_PER_DAY == 0:
                label, period = f"Day {format_number(hours / HOURS_PER_DAY)}", PERIOD_POST
            else:
                # 60 h reads as day 2.5; the detail line gives the hours.
                label, period = f"Day {format_number(hours / HOURS_PER_DAY, 2)}", PERIOD_POST
            self.points[key] = TimePoint(key, label, detail, period, hours)
        elif detail and not self.points[key].detail:
            point = self.points[key]
            self.points[key] = TimePoint(key, point.label, detail, point.period, point.hours)
        return key

    def at_day(self, day: float, detail: str = "") -> str:
        return self.at_hours(day * HOURS_PER_DAY, detail)

    def at_month(self, month: int, end: bool) -> str:
        day = month * DAYS_PER_MONTH
        distance = {p.key: abs(p.hours / HOURS_PER_DAY - day)
                    for p in self.points.values() if p.hours is not None}
        near = [p for p in self.points.values()
                if p.key in distance and distance[p.key] <= MERGE_TOLERANCE_DAYS]
        if near:
            point = min(near, key=lambda p: distance[p.key])
            detail = f"month {month}" + (", end of follow-up" if end else "")
            if point.detail:
                detail = f"{point.detail}; {detail}"
            period = PERIOD_CLOSE if end else point.period
            self.points[point.key] = TimePoint(point.key, point.label, detail, period,
                                               point.hours)
            return point.key
        key = f"m{month}"
        self.points[key] = TimePoint(key, f"Month {month}",
                                     "end of follow-up" if end else f"≈ day {round(day)}",
                                     PERIOD_CLOSE if end else PERIOD_POST, day * HOURS_PER_DAY)
        return key

    def ordered(self, screening: TimePoint) -> tuple[TimePoint, ...]:
        # Every point but screening (passed apart) has its hours; an undated one would go last.
        return (screening, *sorted(self.points.values(),
                                   key=lambda p: (p.hours is None, p.hours or 0.0)))


def follow_up_visit_months(months: int) -> list[int]:
    """3, 6 and 12 months, then yearly, up to and including the end of follow-up."""
    if months <= 0:
        return []
    visits = [m for m in FOLLOW_UP_VISIT_MONTHS if m < months]
    year = 24
    while year < months:
        visits.append(year)
        year += 12
    return visits + [months]


def dose_words(design: Design, index: int) -> str:
    """'5 × 10⁶ cells/kg × 2, 48 h apart, intravenous' for the arm's row."""
    arm = design.arms[index]
    parts = []
    if arm.dose_value is not None and arm.dose_unit is not None:
        parts.append(f"{format_power_of_ten(arm.dose_value)} {DOSE_UNIT_SYMBOLS[arm.dose_unit]}")
    else:
        parts.append("dose not decided")
    base = f"dosing.arms[{index}]."
    if arm.administrations is not None:
        count = f"× {arm.administrations}"
        # An irregular schedule gives its times; its interval (if one is left) does not apply.
        if (arm.administrations > 1 and arm.interval_hours is not None
                and applies(design, base + "interval_hours")):
            count += f", {format_number(arm.interval_hours, 1)} h apart"
        parts.append(count)
    if arm.dose_times_hours and applies(design, base + "dose_times_hours"):
        parts.append("at " + ", ".join(format_number(h, 1) for h in arm.dose_times_hours)
                     + " h")
    if arm.route is not None:
        parts.append(in_prose(arm.route))
    return ", ".join(parts)


# A schedule row names its activity; the full description stands in the endpoints section.
ROW_LABEL_MAX = 120


def _short(text: str) -> str:
    return text if len(text) <= ROW_LABEL_MAX else text[:ROW_LABEL_MAX - 1].rstrip() + "…"


def _endpoint_name(endpoint, primary: bool, number: int) -> str:
    what = endpoint.description if endpoint.description else (
        in_prose(endpoint.kind) if endpoint.kind else "endpoint not described")
    return f"Primary endpoint: {what}" if primary else f"Secondary endpoint {number}: {what}"


def build_schedule(design: Design) -> Schedule:
    """The SPIRIT schedule of the design as it stands; the notes say what is not yet placed."""
    timeline = _Timeline()
    notes: list[str] = []
    activities: list[Activity] = []
    dosing, population = design.dosing, design.population

    onset = population.onset_window_hours
    screening = TimePoint("screening", "Screening",
                          f"≤ {format_number(onset, 1)} h after ARDS onset" if onset is not None
                          else "enrolment window not decided", PERIOD_ENROLMENT, None)
    first = dosing.first_dose_within_hours
    day0 = timeline.at_hours(0.0, f"first dose ≤ {format_number(first, 1)} h after ARDS onset"
                             if first is not None else "first dose")
    notes.append("Day 0 is the day of the first dose (the design format counts sampling days "
                 "from it); endpoint days and follow-up months are counted from day 0 as well, "
                 "because format version 1 does not separate randomisation from the first dose.")
    if first is None:
        notes.append("The latest first dose after ARDS onset is not decided "
                     "(dosing.first_dose_within_hours).")
    if onset is None:
        notes.append("The enrolment window after ARDS onset is not decided "
                     "(population.onset_window_hours).")

    activities += [
        Activity(GROUP_ENROLMENT, "Eligibility screen", frozenset({"screening"}),
                 "population"),
        Activity(GROUP_ENROLMENT, "Informed consent", frozenset({"screening"})),
        Activity(GROUP_ENROLMENT, "Allocation (randomisation)", frozenset({day0}),
                 "control.allocation_ratio"),
    ]

    # Interventions: each active arm at its own administration times.
    dosed: set[str] = set()
    if not design.arms:
        notes.append("No active arm is decided yet (dosing.arms): no administration is placed.")
    for index, arm in enumerate(design.arms):
        hours = administration_hours(0.0, arm)
        name = design.arm_name(index)
        if hours is None:
            hours = [0.0]
            if applies(design, f"dosing.arms[{index}].dose_times_hours"):
                missing = "the time of each administration (dose_times_hours)"
            elif arm.administrations is None:
                missing = "the number of administrations"
            else:
                missing = "the interval between administrations"
            notes.append(f"Arm '{name}': {missing} is not decided; only the first "
                         "administration (day 0) is placed.")
        keys = frozenset(timeline.at_hours(h, f"{format_number(h, 1)} h after the first dose"
                                           if h else "") for h in hours)
        dosed |= keys
        activities.append(Activity(GROUP_INTERVENTIONS,
                                   f"Arm '{name}': {dose_words(design, index)}", keys,
                                   f"dosing.arms[{index}]"))
    control = design.control
    if control.type is ControlType.PLACEBO:
        placebo = control.placebo or "placebo not described"
        activities.append(Activity(GROUP_INTERVENTIONS, f"Control: placebo ({placebo})",
                                   frozenset(dosed or {day0}), "control.placebo"))
        if len({a.marks for a in activities if a.group == GROUP_INTERVENTIONS
                and a.source.startswith("dosing.arms")}) > 1:
            notes.append("The active arms' schedules differ: placebo is shown at every time "
                         "an active arm is dosed, which keeps the blind.")
    elif control.type is ControlType.STANDARD_CARE:
        activities.append(Activity(GROUP_INTERVENTIONS,
                                   "Control: standard care alone (no study product)",
                                   frozenset({day0}), "control.type"))
    else:
        notes.append("The control arm is not decided (control.type).")

    # Assessments.
    if design.safety.infusion_events_prespecified:
        activities.append(Activity(GROUP_ASSESSMENTS,
                                   "Prespecified infusion-associated events (after each dose)",
                                   frozenset(dosed or {day0}),
                                   "safety.infusion_events_prespecified"))
    sampling = design.sampling
    days = sorted(set(sampling.timepoints_days or []))
    sample_keys = frozenset(timeline.at_day(d, "baseline sample before the first dose"
                                            if d == 0 else "") for d in days)
    for flag, label, path in ((sampling.blood, "Blood sample", "sampling.blood"),
                              (sampling.bal, "Bronchoalveolar lavage (BAL) sample",
                               "sampling.bal")):
        if flag and sample_keys:
            activities.append(Activity(GROUP_ASSESSMENTS, label, sample_keys, path))
    if (sampling.blood or sampling.bal) and not days:
        notes.append("Sampling time points are not decided (sampling.timepoints_days): blood "
                     "and BAL samples are not placed.")

    endpoints = design.endpoints
    for number, endpoint in enumerate(endpoints.all_endpoints()):
        if endpoint.kind is None and endpoint.timepoint_days is None and not endpoint.description:
            continue   # an empty primary block: nothing decided
        name = _endpoint_name(endpoint, number == 0, number)
        if endpoint.timepoint_days is None:
            notes.append(f"{name.split(':')[0]} has no time point (timepoint_days): not placed.")
            continue
        key = timeline.at_day(endpoint.timepoint_days)
        activities.append(Activity(GROUP_ASSESSMENTS, name, frozenset({key}),
                                   "endpoints.primary" if number == 0
                                   else f"endpoints.secondary[{number - 1}]"))

    follow_up = design.follow_up
    if follow_up.months is None:
        notes.append("The length of follow-up is not decided (follow_up.months): no follow-up "
                     "visit is placed.")
    else:
        visits = follow_up_visit_months(follow_up.months)
        if visits:
            visit_list = [timeline.at_month(m, m == visits[-1]) for m in visits]
            visit_keys = frozenset(visit_list)
            activities.append(Activity(GROUP_ASSESSMENTS, "Follow-up visit", visit_keys,
                                       "follow_up.months"))
            if follow_up.malignancy_surveillance:
                activities.append(Activity(GROUP_ASSESSMENTS, "Malignancy surveillance",
                                           visit_keys, "follow_up.malignancy_surveillance"))
            if follow_up.functional_outcomes:
                activities.append(Activity(GROUP_ASSESSMENTS,
                                           "Functional outcomes and quality of life",
                                           visit_keys, "follow_up.functional_outcomes"))
            if follow_up.fibrosis_assessment:
                month = FIBROSIS_MONTH if FIBROSIS_MONTH in visits else visits[-1]
                activities.append(Activity(GROUP_ASSESSMENTS, "Lung fibrosis assessment",
                                           frozenset({visit_list[visits.index(month)]}),
                                           "follow_up.fibrosis_assessment"))
                notes.append(f"The fibrosis assessment is placed at month {month} (the design "
                             "format's example is a CT at 12 months; the design fixes no time).")
            notes.append("Follow-up visits are placed at 3, 6 and 12 months and yearly after, up "
                         f"to the end of follow-up at {follow_up.months} months; the design "
                         "fixes only the end.")
        else:
            notes.append("Follow-up is 0 months: there is no visit after the last endpoint.")
    # Row labels quote user text (placebo, arm labels, descriptions); keep every row a line or
    # two, so the table always fits a page. The full texts stand in the design sections.
    activities = [dataclasses.replace(a, label=_short(a.label)) for a in activities]
    return Schedule(timeline.ordered(screening), tuple(activities), tuple(notes))
