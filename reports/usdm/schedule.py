"""The SPIRIT schedule (models.schedule) as USDM: each time point an Encounter (a visit) and a
ScheduledActivityInstance on one main ScheduleTimeline, timed from day 0 (the first dose, the
schedule's anchor: a Fixed Reference timing), each activity an Activity listed by the instances
at which it takes place. Instances are placed in the screening, treatment or follow-up epoch:
screening before day 0, treatment while an intervention is given, follow-up after.
"""

from __future__ import annotations

from models.formatting import format_number
from models.schedule import GROUP_INTERVENTIONS, PERIOD_ENROLMENT, Schedule


def _iso_duration(hours: float) -> str:
    """ISO 8601 for a time from day 0: whole days as 'P7D', otherwise hours as 'PT60H'."""
    hours = abs(hours)
    if hours % 24 == 0:
        return f"P{int(hours // 24)}D"
    return f"PT{format_number(hours, 3)}H"


def schedule_parts(schedule: Schedule, epochs: list[dict], new_id, code, unit):
    """(encounters, activities, timeline) for the study design."""
    screening, treatment, follow_up = (e["id"] for e in epochs)
    treated: set[str] = set()
    for activity in schedule.activities:
        if activity.group == GROUP_INTERVENTIONS:
            treated |= activity.marks
    activity_ids = {}
    activities = []
    for activity in schedule.activities:
        activity_ids[activity.label] = new_id("Activity")
        activities.append({"id": activity_ids[activity.label], "name": activity.label,
                           "label": None, "description": f"{activity.group}"
                           + (f"; from {activity.source}" if activity.source else ""),
                           "previousId": None, "nextId": None, "childIds": [],
                           "definedProcedures": [], "biomedicalConceptIds": [],
                           "bcCategoryIds": [], "bcSurrogateIds": [], "timelineId": None,
                           "instanceType": "Activity"})
    for before, after in zip(activities, activities[1:]):
        before["nextId"], after["previousId"] = after["id"], before["id"]
    encounters, instances, timings = [], [], []
    anchor = None
    for point in schedule.timepoints:
        encounter = {"id": new_id("Encounter"), "name": point.label, "label": point.label,
                     "description": point.detail or None, "type": code("visit"),
                     "previousId": None, "nextId": None, "scheduledAtId": None,
                     "environmentalSettings": [code("hospital")], "contactModes": [],
                     "instanceType": "Encounter"}
        if point.period == PERIOD_ENROLMENT:
            epoch = screening
        elif point.key in treated:
            epoch = treatment
        else:
            epoch = follow_up
        instance = {"id": new_id("ScheduledActivityInstance"), "name": point.label,
                    "label": None, "description": point.detail or None,
                    "defaultConditionId": None, "epochId": epoch, "timelineId": None,
                    "timelineExitId": None, "encounterId": encounter["id"],
                    "activityIds": [activity_ids[a.label] for a in schedule.activities
                                    if point.key in a.marks],
                    "instanceType": "ScheduledActivityInstance"}
        if point.hours == 0 and anchor is None:
            anchor = instance
        encounters.append(encounter)
        instances.append(instance)
    for before, after in zip(encounters, encounters[1:]):
        before["nextId"], after["previousId"] = after["id"], before["id"]
    for before, after in zip(instances, instances[1:]):
        before["defaultConditionId"] = after["id"]
    for point, instance, encounter in zip(schedule.timepoints, instances, encounters):
        if anchor is None:
            break
        if instance is anchor:
            kind, value, label = "fixed_reference", "P0D", "Day 0 (first dose)"
        elif point.hours is None:
            kind, value, label = "before", "P0D", point.detail or "before day 0"
        else:
            kind = "after" if point.hours > 0 else "before"
            value, label = _iso_duration(point.hours), point.label
        timing = {"id": new_id("Timing"), "name": f"Timing of {point.label}", "label": None,
                  "description": point.detail or None, "type": code(kind), "value": value,
                  "valueLabel": label, "relativeToFrom": code("start_to_start"),
                  "relativeFromScheduledInstanceId": instance["id"],
                  "relativeToScheduledInstanceId": anchor["id"], "windowLower": None,
                  "windowUpper": None, "windowLabel": None, "instanceType": "Timing"}
        timings.append(timing)
        encounter["scheduledAtId"] = timing["id"]
    timeline = {"id": new_id("ScheduleTimeline"), "name": "Main timeline", "label": None,
                "description": "The schedule of enrolment, interventions and assessments "
                               "(SPIRIT), derived from the design",
                "mainTimeline": True,
                "entryCondition": "A patient with ARDS who meets the eligibility criteria "
                                  "and consents",
                "entryId": instances[0]["id"] if instances else "",
                "exits": [], "timings": timings, "instances": instances,
                "plannedDuration": None, "instanceType": "ScheduleTimeline"}
    return encounters, activities, timeline
