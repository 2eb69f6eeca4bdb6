"""The default thresholds of docs/conventions.md 1.6: numbers the literature does not fix, which the
user may change in Settings. Thresholds taken from Curley 2024 or from a definition are constants
in the rules, not settings."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, fields


@dataclass(frozen=True)
class Thresholds:
    early_first_dose_hours: float = 72.0        # B-8
    late_ards_hours: float = 168.0              # B-9, C-10
    viability_min_pct: float = 70.0             # A-3b
    follow_up_min_months: float = 24.0          # G-3
    follow_up_precedent_months: float = 12.0    # G-3 message
    assumed_max_weight_kg: float = 120.0        # B-2
    control_mortality_low: float = 0.18         # E-8
    control_mortality_high: float = 0.45        # E-8
    # E-8 on a hyperinflammatory-enriched design: that subphenotype's own mortality (about 45-50%)
    # is expected there, so the band is the enriched population's (docs/catalogue-changes.md).
    hyperinflammatory_mortality_low: float = 0.30   # E-8
    hyperinflammatory_mortality_high: float = 0.60  # E-8
    vfd_sd_min: float = 9.0                     # E-8
    hyperinflammatory_prevalence: float = 0.30  # C-12

    def changed_from_default(self) -> dict[str, tuple[float, float]]:
        """Each threshold that differs from its default: name -> (value, default)."""
        default = Thresholds()
        return {f.name: (getattr(self, f.name), getattr(default, f.name))
                for f in fields(self) if getattr(self, f.name) != getattr(default, f.name)}

    def replace(self, **changes: float) -> "Thresholds":
        return dataclasses.replace(self, **changes)


DEFAULT_THRESHOLDS = Thresholds()

# What a threshold means, in the words a finding uses to say which value it applied.
THRESHOLD_WORDING = {
    "early_first_dose_hours": ("latest first dose that counts as early", "h from ARDS onset"),
    "late_ards_hours": ("start of late (fibroproliferative) ARDS", "h from ARDS onset"),
    "viability_min_pct": ("minimum viability acceptance limit", "%"),
    "follow_up_min_months": ("minimum follow-up", "months"),
    "follow_up_precedent_months": ("follow-up precedent", "months"),
    "assumed_max_weight_kg": ("weight assumed when no maximum is set", "kg"),
    "control_mortality_low": ("lowest plausible control-arm mortality", ""),
    "control_mortality_high": ("highest plausible control-arm mortality", ""),
    "hyperinflammatory_mortality_low": (
        "lowest plausible control-arm mortality, hyperinflammatory-enriched", ""),
    "hyperinflammatory_mortality_high": (
        "highest plausible control-arm mortality, hyperinflammatory-enriched", ""),
    "vfd_sd_min": ("smallest plausible VFD standard deviation", "days"),
    "hyperinflammatory_prevalence": ("hyperinflammatory prevalence", ""),
}


# Thresholds stored as fractions and shown as percentages.
FRACTION_THRESHOLDS = frozenset({
    "control_mortality_low", "control_mortality_high", "hyperinflammatory_mortality_low",
    "hyperinflammatory_mortality_high", "hyperinflammatory_prevalence"})


def describe_threshold(name: str, value: float) -> str:
    """'latest first dose that counts as early: 72 h from ARDS onset'."""
    words, unit = THRESHOLD_WORDING[name]
    if name in FRACTION_THRESHOLDS:
        shown = f"{value * 100:g}%"
    elif unit == "%":
        shown = f"{value:g}%"
    else:
        shown = f"{value:g} {unit}".strip()
    return f"{words}: {shown}"
