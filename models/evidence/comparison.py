"""The design against the trials run so far: comparable trials and the dose landscape.

Doses are compared per administration, like with like:

- cell doses per kg; a flat dose (total cells) is converted at 70 kg (DISPLAY_WEIGHT_KG), for the
  trials and for the design alike, so the same flat dose always gives the same per-kg figure, and
  every converted figure says so;
- EV particle counts only with particle counts (flat: particles are not dosed per kg);
- a dose in ml is never compared: a volume says nothing about cells or particles without a
  concentration, and none is guessed.

Runs on every edit of the design, so it walks plain records (no pandas) and stays far inside a
frame.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Iterable

from models.design import Design
from models.dosing import COMPARABLE_DOSE_RANGE, DISPLAY_WEIGHT_KG, reference_dose_per_kg
from models.evidence.record import PRODUCT_LABELS, SETTING_LABELS, TrialRecord
from models.formatting import format_number, format_power_of_ten

DOSE_FACTOR = 3.0
# How much each kind of match counts when ranking. The product kind first (an EV trial says little
# about a cell product), then the dose, the tissue source, the regimen, the setting.
WEIGHTS = {"product_kind": 4, "dose": 3, "tissue_source": 2, "administrations": 1, "setting": 1}

TISSUE_LABELS = {"umbilical_cord": "umbilical cord", "bone_marrow": "bone marrow",
                 "adipose": "adipose tissue", "menstrual_blood": "menstrual blood",
                 "placenta": "placenta", "other": "another tissue"}

FLAT_DOSE_NOTE = (f"Flat doses (total cells) are converted to cells/kg at "
                  f"{format_number(DISPLAY_WEIGHT_KG)} kg, the reference weight for comparing "
                  "trials, for the trials and the design alike; each such figure says so. "
                  "The dose step and rule B-2 judge the design's own flat doses at its heaviest "
                  "eligible patient instead.")
UNIT_NOTE = ("Doses in ml are not comparable with cells or particles, and EV particle counts are "
             "compared only with particle counts; no concentration is assumed.")


@dataclass(frozen=True)
class Dose:
    """A dose per administration in a comparable form."""

    unit: str | None                  # "cells_per_kg", "particles", or None (not comparable)
    value: float | None
    converted_from_flat: bool = False
    reason: str | None = None         # why it is not comparable

    def amount(self) -> float:
        """The comparable value: comparable_dose gives every dose with a unit its value."""
        if self.value is None:
            raise ValueError(f"a dose that is not comparable has no value ({self.why()})")
        return self.value

    def why(self) -> str:
        return self.reason or "not comparable"

    def describe(self) -> str:
        if self.unit == "cells_per_kg":
            if self.converted_from_flat:
                return "flat dose, " + reference_dose_per_kg(
                    self.amount() * DISPLAY_WEIGHT_KG).text()
            return f"{format_power_of_ten(self.amount())} cells/kg"
        if self.unit == "particles":
            return f"{format_power_of_ten(self.amount())} particles"
        return self.why()


def comparable_dose(value: float | None, unit: str | None,
                    particles: float | None = None) -> Dose:
    """A dose as given (value, unit; ``particles`` per dose where a trial states it) in the form
    doses are compared in."""
    if value is None or unit is None:
        return Dose(None, None, reason="dose not available")
    if unit == "cells_per_kg":
        dose = Dose("cells_per_kg", value)
    elif unit == "cells":
        dose = Dose("cells_per_kg", reference_dose_per_kg(value).cells_per_kg,
                    converted_from_flat=True)
    elif unit == "particles":
        dose = Dose("particles", value)
    elif particles is not None:
        # A volume dose whose particle count the sources state: that count is comparable.
        dose = Dose("particles", particles)
    else:
        return Dose(None, None, reason=f"dose in ml ({format_number(value)} ml): not "
                                       "comparable with cells or particles")
    return _within_comparable_range(dose, value, unit)


UNIT_WORDS = {"cells_per_kg": "cells/kg", "cells": "cells", "particles": "particles",
              "ml": "ml"}


def _within_comparable_range(dose: Dose, value: float, unit: str) -> Dose:
    """The dose, or 'not comparable' with the reason when it lies outside the range doses are
    compared and charted in (ratios and logarithms of such figures mean nothing)."""
    low, high = COMPARABLE_DOSE_RANGE
    if low <= dose.amount() <= high:
        return dose
    per = "cells/kg" if dose.unit == "cells_per_kg" else "particles"
    flat = f" ({reference_dose_per_kg(value).text()})" if dose.converted_from_flat else ""
    return Dose(None, None, reason=(
        f"dose {format_power_of_ten(value)} {UNIT_WORDS.get(unit, unit)}{flat} is outside the "
        f"range doses are compared in ({format_power_of_ten(low)} to "
        f"{format_power_of_ten(high)} {per} per administration)"))


def trial_dose(trial: TrialRecord) -> Dose:
    return comparable_dose(trial["dose_value"], trial["dose_unit"], trial["dose_particles"])


@dataclass(frozen=True)
class ComparableTrial:
    trial: TrialRecord
    score: int
    matched: tuple[str, ...]           # why it is comparable
    differences: tuple[str, ...]       # what differs or is not known
    dose: Dose
    dose_ratio: float | None           # trial dose / the closest design arm's dose

    def as_dict(self) -> dict:
        return {"id": self.trial.id, "short_name": self.trial.short_name,
                "arm_label": self.trial["arm_label"], "setting": self.trial.setting,
                "user_supplied": self.trial.user_supplied, "score": self.score,
                "matched": list(self.matched), "differences": list(self.differences),
                "dose": self.dose.describe(), "dose_ratio": self.dose_ratio}


@dataclass(frozen=True)
class Comparison:
    trials: tuple[ComparableTrial, ...]
    notes: tuple[str, ...]


def _arm_name(design: Design, index: int) -> str:
    return f"'{design.arm_name(index)}'" if design.arms[index].label else design.arm_name(index)


def comparable_trials(trials: Iterable[TrialRecord], design: Design,
                      all_settings: bool = False) -> Comparison:
    """The trials comparable with the design, most similar first, each with why it matched.

    A trial is comparable when it matches the product kind or the dose (within a factor of 3);
    tissue source, number of administrations and setting refine the ranking. Only trials of the
    design's setting are considered unless ``all_settings``."""
    notes = [FLAT_DOSE_NOTE, UNIT_NOTE]
    setting = _value(design.population.setting)
    kind = _value(design.product.kind)
    tissue = _value(design.product.tissue_source)
    arms = [(index, comparable_dose(arm.dose_value, _value(arm.dose_unit)), arm.administrations)
            for index, arm in enumerate(design.arms)]
    if setting is None and not all_settings:
        notes.append("The design's setting is not decided: trials of every setting are shown.")
    for name, chosen in (("product kind", kind), ("tissue source", tissue)):
        if chosen is None:
            notes.append(f"The design's {name} is not decided: it is not compared.")
    if not any(dose.unit for _, dose, _ in arms):
        notes.append("No arm of the design has a dose comparable with the trials' (cells or "
                     "particles): doses are not compared.")
    found = []
    for trial in trials:
        if not all_settings and setting is not None and trial.setting != setting:
            continue
        found.append(_compare(trial, design, setting, kind, tissue, arms))
    ranked = sorted((c for c in found if c is not None), key=_rank)
    return Comparison(tuple(ranked), tuple(notes))


def _rank(c: ComparableTrial):
    closeness = abs(math.log(c.dose_ratio)) if c.dose_ratio else math.inf
    return (-c.score, closeness, -(c.trial["n_total"] or 0), c.trial.id)


def _compare(trial: TrialRecord, design: Design, setting, kind, tissue,
             arms) -> ComparableTrial | None:
    matched: list[str] = []
    differences: list[str] = []
    score = 0
    if setting is not None:
        if trial.setting == setting:
            matched.append(f"same setting ({SETTING_LABELS[setting]})")
            score += WEIGHTS["setting"]
        else:
            differences.append(f"setting: {SETTING_LABELS.get(trial.setting, trial.setting)} "
                               f"(design: {SETTING_LABELS[setting]})")
    kind_matches = False
    for column, chosen, labels in (("product_kind", kind, PRODUCT_LABELS),
                                   ("tissue_source", tissue, TISSUE_LABELS)):
        name = "product kind" if column == "product_kind" else "tissue source"
        theirs = trial[column]
        if chosen is None:
            continue
        if theirs is None:
            differences.append(f"{name} not stated")
        elif theirs == chosen:
            matched.append(f"same {name} ({labels[theirs]})")
            score += WEIGHTS[column]
            kind_matches = kind_matches or column == "product_kind"
        else:
            differences.append(f"{name}: {labels.get(theirs, theirs)} (design: "
                               f"{labels[chosen]})")
    dose = trial_dose(trial)
    dose_ratio, dose_matches = _compare_dose(design, dose, arms, matched, differences)
    if dose_matches:
        score += WEIGHTS["dose"]
    if _compare_administrations(design, trial["n_doses"], arms, matched, differences):
        score += WEIGHTS["administrations"]
    if not (kind_matches or dose_matches):
        return None
    return ComparableTrial(trial, score, tuple(matched), tuple(differences), dose, dose_ratio)


def _compare_dose(design, dose: Dose, arms, matched, differences) -> tuple[float | None, bool]:
    """Compare the trial's dose with the closest design arm of the same unit."""
    if dose.unit is None:
        differences.append(dose.reason)
        return None, False
    same_unit = [(index, arm_dose) for index, arm_dose, _ in arms if arm_dose.unit == dose.unit]
    if not same_unit:
        if any(arm_dose.unit for _, arm_dose, _ in arms):
            differences.append(f"dose {dose.describe()}: not comparable with the design's dose "
                               "unit")
        return None, False
    index, arm_dose = min(same_unit, key=lambda pair: abs(math.log(dose.value / pair[1].value)))
    ratio = dose.value / arm_dose.value
    factor = max(ratio, 1 / ratio)
    versus = f"arm {_arm_name(design, index)} ({arm_dose.describe()})"
    # A tiny tolerance so that exactly 3 times (3e6 vs 1e6) counts as within a factor of 3.
    if factor <= DOSE_FACTOR * (1 + 1e-9):
        how = "the same dose as" if math.isclose(ratio, 1.0) else \
            f"within a factor of {format_number(DOSE_FACTOR)} of"
        matched.append(f"dose per administration {dose.describe()}, {how} {versus}")
        return ratio, True
    direction = "higher" if ratio > 1 else "lower"
    differences.append(f"dose per administration {dose.describe()}: {format_number(factor, 1)} "
                       f"times {direction} than {versus}")
    return ratio, False


def _compare_administrations(design, n_doses, arms, matched, differences) -> bool:
    planned = [(index, count) for index, _, count in arms if count is not None]
    if not planned:
        return False
    if n_doses is None:
        differences.append("number of administrations not stated")
        return False
    same = [index for index, count in planned if count == n_doses]
    if same:
        matched.append(f"same number of administrations ({n_doses}) as arm "
                       f"{_arm_name(design, same[0])}")
        return True
    differences.append(f"{n_doses} administration{'s' if n_doses != 1 else ''} (design: "
                       + ", ".join(str(count) for _, count in planned) + ")")
    return False


def _value(choice) -> str | None:
    return None if choice is None else choice.value


# --- Dose landscape -------------------------------------------------------------------------------


@dataclass(frozen=True)
class DosePoint:
    """One dose per administration on the chart: a trial's, or one of the design's arms."""

    label: str
    unit: str                         # "cells_per_kg" (the chart's log axis) or "particles"
    value: float
    administrations: int | None
    converted_from_flat: bool
    dose_text: str | None
    setting: str | None = None
    trial_id: str | None = None       # None for the design's arms
    user_supplied: bool = False

    def as_dict(self) -> dict:
        return {"label": self.label, "unit": self.unit, "value": self.value,
                "administrations": self.administrations,
                "converted_from_flat": self.converted_from_flat, "dose_text": self.dose_text,
                "setting": self.setting, "trial_id": self.trial_id,
                "user_supplied": self.user_supplied}


@dataclass(frozen=True)
class NotPlotted:
    label: str
    reason: str
    trial_id: str | None = None


@dataclass(frozen=True)
class DoseLandscape:
    trials: tuple[DosePoint, ...]
    design_arms: tuple[DosePoint, ...]
    not_plotted: tuple[NotPlotted, ...]
    weight_kg: float
    notes: tuple[str, ...]

    def cell_doses(self) -> tuple[DosePoint, ...]:
        """The trials on the chart's cells/kg axis."""
        return tuple(p for p in self.trials if p.unit == "cells_per_kg")

    def particle_doses(self) -> tuple[DosePoint, ...]:
        return tuple(p for p in self.trials if p.unit == "particles")


def dose_landscape(trials: Iterable[TrialRecord], design: Design,
                   settings: Iterable[str] | None = None) -> DoseLandscape:
    """Every trial's dose per administration and number of administrations, with the design's
    arms; what cannot be put on a cells/kg or particle axis is listed with the reason."""
    wanted = set(settings) if settings is not None else None
    points, not_plotted = [], []
    for trial in trials:
        if wanted is not None and trial.setting not in wanted:
            continue
        dose = trial_dose(trial)
        if dose.unit is None:
            not_plotted.append(NotPlotted(trial.label, dose.why(), trial.id))
            continue
        points.append(DosePoint(trial.label, dose.unit, dose.amount(), trial["n_doses"],
                                dose.converted_from_flat, trial["dose_text"], trial.setting,
                                trial.id, trial.user_supplied))
    arms = []
    for index, arm in enumerate(design.arms):
        label = f"design: {design.arm_name(index)}"
        dose = comparable_dose(arm.dose_value, _value(arm.dose_unit))
        if dose.unit is None:
            reason = "dose not decided" if arm.dose_value is None or arm.dose_unit is None \
                else dose.why()
            not_plotted.append(NotPlotted(label, reason))
            continue
        arms.append(DosePoint(label, dose.unit, dose.amount(), arm.administrations,
                              dose.converted_from_flat, None))
    return DoseLandscape(tuple(points), tuple(arms), tuple(not_plotted), DISPLAY_WEIGHT_KG,
                         (FLAT_DOSE_NOTE, UNIT_NOTE))
