"""Random valid designs, drawn field by field from the format's own constraints (for benchmarks)."""

from __future__ import annotations

import random

from models.design import Design, field_specs

_TEXTS = ["", "stem cell therapy", "COVID-19 cohort", "age under 65 years", "exosome product",
          "Plasma-Lyte 148", "IL-8, bicarbonate and protein C"]


def _number(rng: random.Random, c) -> float | int:
    if c.allowed:
        return rng.choice(c.allowed)
    low = c.minimum if c.minimum is not None else 0.0
    high = c.maximum if c.maximum is not None else 1000.0
    high = min(high, low + 1000.0) if high - low > 1e6 else high
    if c.integer:
        value = rng.randint(int(low) + (1 if c.min_exclusive else 0),
                            int(high) - (1 if c.max_exclusive else 0))
        return value
    value = rng.uniform(low, high)
    if (c.min_exclusive and value == low) or (c.max_exclusive and value == high):
        value = (low + high) / 2
    return value


def _scalar(rng, kind, item, c):
    if kind == "text":
        if c.date:
            return f"2026-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        return rng.choice(_TEXTS[1:])
    if kind == "bool":
        return rng.random() < 0.7
    if kind == "choice":
        return rng.choice(list(item))
    return _number(rng, c)


def _block(rng: random.Random, cls, present: float):
    values = {}
    for name, spec in field_specs(cls).items():
        if spec.kind == "block":
            values[name] = _block(rng, spec.item, present)
            continue
        if rng.random() > present:
            continue
        if spec.kind == "blocks":
            values[name] = [_block(rng, spec.item, present) for _ in range(rng.randint(1, 3))]
        elif spec.kind == "list":
            values[name] = [_scalar(rng, spec.item_kind, spec.item, spec.constraint)
                            for _ in range(rng.randint(1, 3))]
        else:
            values[name] = _scalar(rng, spec.kind, spec.item, spec.constraint)
    return cls(**values)


def random_design(rng: random.Random) -> Design:
    """A design that the reader would accept: each field present with probability 0.3-0.95."""
    design = _block(rng, Design, rng.uniform(0.3, 0.95))
    arms = design.dosing.arms
    if design.control.allocation_ratio is not None:
        size = len(arms) + 1 if arms else rng.randint(2, 4)
        design.control.allocation_ratio = [rng.choice([1.0, 1.0, 2.0]) for _ in range(size)]
    pop = design.population
    if pop.age_min is not None and pop.age_max is not None and pop.age_min > pop.age_max:
        pop.age_min, pop.age_max = pop.age_max, pop.age_min
    for arm in arms or []:
        if arm.dose_value is not None:
            arm.dose_value = 10 ** rng.uniform(5, 9) if arm.dose_unit is not None and \
                arm.dose_unit.value != "ml" else rng.uniform(1, 100)
    return design


def random_valid_design(rng: random.Random) -> Design:
    """A random design the reader accepts: each field is drawn on its own, so format 2's
    cross-field rules (looks' information rates rising, ordinal probabilities adding up to 1)
    refuse some draws; those are drawn again."""
    from models.design_io import DesignFileError, design_to_dict, parse_design

    while True:
        try:
            return parse_design(design_to_dict(random_design(rng)))
        except DesignFileError:
            continue
