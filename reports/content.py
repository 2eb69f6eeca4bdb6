"""What the PDF says, as plain rows of text, before any layout: the design at a glance and the
design's sections. Kept apart from the reportlab code so a test can read it directly.

The field rows come from ``models.summary.design_summary`` (the review step shows the same rows);
this module only chooses and words them for a printed handout.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from models.design import Choice, Design, DoseUnit, is_missing
from models.applicability import applies
from models.dosing import arm_dose_per_kg, cumulative_dose
from models.formatting import format_number, format_percent, format_power_of_ten
from models.summary import NOT_APPLICABLE, NOT_DECIDED, SummaryRow, design_summary
from models.vocabulary import DOSE_UNIT_SYMBOLS, in_prose, label


def words(value) -> str:
    """A design value inside a sentence: choices in models/vocabulary.py's words (as in the
    middle of a sentence), lists joined, yes/no."""
    if value is None:
        return NOT_DECIDED
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, Choice):
        return in_prose(value)
    if isinstance(value, list):
        return ", ".join(words(v) for v in value) if value else NOT_DECIDED
    return str(value)


@dataclass(frozen=True)
class Row:
    label: str
    value: str
    missing: bool = False


def _row(label: str, value: str | None) -> Row:
    if value is None or not str(value).strip():
        return Row(label, NOT_DECIDED, True)
    return Row(label, value)


def dose_text(value: float | None, unit: DoseUnit | None) -> str | None:
    if value is None or unit is None:
        return None
    return f"{format_power_of_ten(value)} {DOSE_UNIT_SYMBOLS[unit]}"


def arm_sentence(design: Design, index: int) -> str:
    """'5 × 10⁶ cells/kg per administration, 2 administrations 48 h apart, intravenous;
    cumulative 1 × 10⁷ cells/kg'."""
    arm = design.arms[index]
    parts = []
    dose = dose_text(arm.dose_value, arm.dose_unit)
    parts.append(f"{dose} per administration" if dose else "dose not decided")
    per_kg = arm_dose_per_kg(arm, design.dosing.max_weight_kg)
    if arm.dose_unit is DoseUnit.CELLS and per_kg is not None:
        parts[-1] += f" (= {per_kg.text()})"
    if arm.administrations is not None:
        count = (f"{arm.administrations} administration"
                 + ("s" if arm.administrations != 1 else ""))
        if arm.administrations > 1:
            count += (f" {format_number(arm.interval_hours, 1)} h apart"
                      if arm.interval_hours is not None else ", interval not decided")
        parts.append(count)
    else:
        parts.append("number of administrations not decided")
    parts.append(words(arm.route) if arm.route else "route not decided")
    text = ", ".join(parts)
    total = cumulative_dose(arm)
    if total is not None and arm.dose_unit is not None and (arm.administrations or 0) > 1:
        text += f"; cumulative {format_power_of_ten(total)} {DOSE_UNIT_SYMBOLS[arm.dose_unit]}"
    return text


def _population(design: Design) -> str | None:
    pop = design.population
    parts = []
    if pop.setting:
        parts.append(words(pop.setting))
    if pop.definition:
        parts.append(f"{words(pop.definition)} definition")
    if pop.respiratory_support:
        parts.append(words(pop.respiratory_support))
    if pop.pf_ratio_max is not None:
        parts.append(f"PaO₂/FiO₂ ≤ {format_number(pop.pf_ratio_max)} mmHg")
    if pop.sf_ratio_max is not None:
        parts.append(f"SpO₂/FiO₂ ≤ {format_number(pop.sf_ratio_max)}")
    if pop.peep_min is not None and applies(design, "population.peep_min"):
        parts.append(f"PEEP ≥ {format_number(pop.peep_min)} cmH₂O")
    if pop.onset_window_hours is not None:
        parts.append(f"enrolled ≤ {format_number(pop.onset_window_hours)} h after onset")
    if pop.age_min is not None or pop.age_max is not None:
        low = format_number(pop.age_min) if pop.age_min is not None else "any"
        high = format_number(pop.age_max) if pop.age_max is not None else "no upper limit"
        parts.append(f"ages {low} to {high}")
    return "; ".join(parts) or None


def _control(design: Design) -> str | None:
    control = design.control
    parts = []
    if control.type:
        text = words(control.type)
        if control.placebo and applies(design, "control.placebo"):
            text += f" ({control.placebo})"
        parts.append(text)
    if control.blinding:
        parts.append(words(control.blinding))
    if control.allocation_ratio:
        ratio = ":".join(format_number(r) for r in control.allocation_ratio)
        parts.append(f"allocation {ratio} (active arms, then control)")
    return "; ".join(parts) or None


def _endpoint(design: Design) -> str | None:
    primary = design.endpoints.primary
    if primary.kind is None and primary.timepoint_days is None and not primary.description:
        return None
    text = words(primary.kind) if primary.kind else "kind not decided"
    if primary.timepoint_days is not None:
        text += f" at day {primary.timepoint_days}"
    if primary.description:
        text += f": {primary.description}"
    secondary = design.endpoints.secondary or []
    if secondary:
        text += f" ({len(secondary)} secondary endpoint{'s' if len(secondary) != 1 else ''})"
    return text


def sample_size_summary(design: Design, outcome) -> str:
    """One line: the computed n against the planned n, or why there is none."""
    planned = design.statistics.planned_total_n
    planned_text = f"planned {planned}" if planned is not None else "planned n not decided"
    if outcome is None:
        kind = design.endpoints.primary.kind
        why = (f"no computed n for a {words(kind)} primary endpoint in format version 1"
               if kind is not None else "no computed n: the primary endpoint is not decided")
        return f"{planned_text}; {why}"
    if outcome.missing:
        return f"{planned_text}; not computed: {len(outcome.missing)} input(s) not decided"
    if outcome.error:
        return f"{planned_text}; cannot be computed: {outcome.error}"
    from models.plan_text import result_line

    return f"{planned_text}; computed {result_line(outcome)}"


def _sampling(design: Design) -> str | None:
    sampling = design.sampling
    kinds = [name for flag, name in ((sampling.blood, "blood"), (sampling.bal, "BAL")) if flag]
    if sampling.blood is None and sampling.bal is None and not sampling.timepoints_days:
        return None
    text = " and ".join(kinds) if kinds else "no samples"
    if sampling.timepoints_days:
        text += " at days " + ", ".join(str(d) for d in sampling.timepoints_days)
    elif kinds:
        text += ", time points not decided"
    return text


def _follow_up(design: Design) -> str | None:
    follow_up = design.follow_up
    if follow_up.months is None:
        return None
    parts = [f"{follow_up.months} months"]
    for flag, name in ((follow_up.malignancy_surveillance, "malignancy surveillance"),
                       (follow_up.fibrosis_assessment, "fibrosis assessment"),
                       (follow_up.functional_outcomes, "functional outcomes")):
        if flag is not None:
            parts.append(name if flag else f"no {name}")
    return "; ".join(parts)


def _product(design: Design) -> str | None:
    product = design.product
    parts = [words(v) for v in (product.kind, product.tissue_source, product.donor)
             if v is not None]
    if product.cryopreserved is not None:
        parts.append("cryopreserved" if product.cryopreserved else "fresh")
    return ", ".join(parts) or None


def _care(design: Design) -> str | None:
    care = design.care
    parts = []
    if care.protocolised is not None:
        parts.append("best care protocolised" if care.protocolised else "best care not "
                     "protocolised")
    if care.elements:
        parts.append(words(care.elements))
    if care.immunomodulators:
        parts.append(f"immunomodulators {words(care.immunomodulators)}")
    return "; ".join(parts) or None


def glance_rows(design: Design, result) -> list[Row]:
    """The key choices in one table (part 2 of the PDF)."""
    stats = design.statistics
    rows = [
        _row("Phase", label(stats.phase) if stats.phase else None),
        _row("Product", _product(design)),
    ]
    if design.arms:
        for index in range(len(design.arms)):
            rows.append(Row(f"Active arm: {design.arm_name(index)}", arm_sentence(design, index)))
    else:
        rows.append(_row("Active arms", None))
    first = design.dosing.first_dose_within_hours
    rows += [
        _row("First dose", f"≤ {format_number(first)} h after ARDS onset"
             if first is not None else None),
        _row("Population", _population(design)),
        _row("Control and blinding", _control(design)),
        _row("Best care", _care(design)),
        _row("Primary endpoint", _endpoint(design)),
        Row("Sample size", sample_size_summary(design, result.sample_size)),
        _row("Biosamples", _sampling(design)),
        _row("Follow-up", _follow_up(design)),
        _row("Safety", _safety(design)),
    ]
    counts = result.counts
    addressed = sum(1 for item in result.checklist if item.addressed)
    rows.append(Row("Guidance", f"{counts['error']} error(s), {counts['warning']} warning(s), "
                                f"{counts['advice']} advice; core-protocol checklist {addressed} "
                                f"of {len(result.checklist)} items addressed"))
    return rows


def _safety(design: Design) -> str | None:
    safety = design.safety
    parts = []
    if safety.infusion_events_prespecified is not None:
        parts.append("infusion-associated events prespecified"
                     if safety.infusion_events_prespecified else
                     "infusion-associated events not prespecified")
    if safety.dsmb is not None:
        parts.append("DSMB" if safety.dsmb else "no DSMB")
    return "; ".join(parts) or None


# --- Part 4: the design's sections -------------------------------------------------------------

# (title, summary sections, the JSON path prefixes whose findings are listed under it)
SECTIONS = (
    ("Product, dose and regimen", ("Product", "Dose and regimen"), ("product", "dosing")),
    ("Population", ("Population",), ("population",)),
    ("Control and care", ("Control", "Care"), ("control", "care")),
    ("Endpoints", ("Endpoints",), ("endpoints",)),
    ("Biosamples", ("Biosamples",), ("sampling",)),
    ("Follow-up and safety", ("Follow-up", "Safety"), ("follow_up", "safety")),
)


_ITEM = re.compile(r"^(dosing\.arms|endpoints\.secondary)\[(\d+)\]\.")


def endpoint_text(endpoint) -> str:
    """'mortality at day 60: All-cause mortality at day 60'."""
    text = words(endpoint.kind) if endpoint.kind else "kind not decided"
    text += (f" at day {endpoint.timepoint_days}" if endpoint.timepoint_days is not None
             else ", time point not decided")
    if endpoint.description:
        text += f": {endpoint.description}"
    return text


def _compact(design: Design, row: SummaryRow, done: set[tuple[str, int]]) -> Row | None:
    """One row per arm and per endpoint instead of one per field; None for a row already
    covered by its arm's or endpoint's row; the row itself (unchanged) otherwise."""
    match = _ITEM.match(row.path)
    if match is not None:
        key = (match.group(1), int(match.group(2)))
        if key in done:
            return None
        done.add(key)
        index = key[1]
        if key[0] == "dosing.arms":
            arm = design.arms[index]
            return Row(f"Arm {index + 1}: {design.arm_name(index)}", arm_sentence(design, index),
                       arm.dose_value is None or arm.dose_unit is None)
        secondary = design.endpoints.secondary
        if secondary is None:
            raise ValueError(f"{row.path}: a summary row for a secondary endpoint, but the design "
                             "has none")
        endpoint = secondary[index]
        return Row(f"Secondary endpoint {index + 1}", endpoint_text(endpoint),
                   endpoint.kind is None or endpoint.timepoint_days is None)
    if row.path.startswith("endpoints.primary."):
        if ("primary", 0) in done:
            return None
        done.add(("primary", 0))
        primary = design.endpoints.primary
        if primary.kind is None and primary.timepoint_days is None and not primary.description:
            return Row("Primary endpoint", NOT_DECIDED, True)
        return Row("Primary endpoint", endpoint_text(primary),
                   primary.kind is None or primary.timepoint_days is None)
    return Row("", "")   # placeholder: the caller words it


def section_rows(design: Design) -> list[tuple[str, tuple[str, ...], list[Row], int]]:
    """(title, path prefixes, rows, rows left out) for each section of part 4."""
    from models.json_path import get_path

    by_title = dict(design_summary(design))
    sections: list[tuple[str, tuple[str, ...], list[Row], int]] = []
    for title, parts, prefixes in SECTIONS:
        rows: list[Row] = []
        left_out = 0
        done: set[tuple[str, int]] = set()
        for part in parts:
            for row in by_title[part]:
                compact = _compact(design, row, done)
                if compact is None:
                    continue
                if compact.label:
                    rows.append(compact)
                    continue
                if not row.shown:
                    left_out += 1
                    continue
                if not row.applies:
                    rows.append(Row(row.label, f"{row.value} ({NOT_APPLICABLE})"))
                    continue
                rows.append(Row(row.label, row.value,
                                row.missing or is_missing(get_path(design, row.path))))
        sections.append((title, prefixes, rows, left_out))
    return sections


def statistics_rows(design: Design) -> list[Row]:
    """The statistical assumptions as the design states them (part 5)."""
    from models.json_path import get_path

    rows = []
    for row in dict(design_summary(design))["Statistics"]:
        if not row.shown:
            continue
        value = get_path(design, row.path)
        text = row.value
        if row.path in ("statistics.binary.control_rate", "statistics.binary.treatment_rate") \
                and value is not None:
            text = format_percent(value, 1)
        elif row.path == "statistics.power" and value is not None:
            text = format_percent(value, 1)
        elif row.path == "statistics.sided" and value is not None:
            text = "two-sided" if value == 2 else "one-sided"
        rows.append(Row(row.label, text, row.missing))
    ratio = design.control.allocation_ratio
    rows.append(_row("Allocation ratio (active arms, then control)",
                     ":".join(format_number(r) for r in ratio) if ratio else None))
    return rows
