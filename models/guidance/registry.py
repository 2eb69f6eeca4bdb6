"""Loading the rules: importing each rule module registers its rules (models/guidance/base.py,
RULE_CODE); ``load_rules`` imports them all once and puts RULE_CODE in catalogue order. Its own
module so that both the package (on first use of a name) and the engine (on every evaluation)
can call it without importing each other."""

from __future__ import annotations

import importlib

# The rule modules in catalogue order, then the program rules: RULE_CODE is kept in this order
# whichever of them happened to be imported first (models/chart_data imports rules_dosing).
RULE_MODULES = ("rules_product", "rules_dosing", "rules_population", "rules_care",
                "rules_outcomes", "rules_follow_up", "checklist", "rules_statistics",
                # The rules added with design format 3 (issue 15), registered after them.
                "rules_release", "rules_time_zero", "rules_eligibility", "rules_concomitant",
                "rules_pooling", "rules_long_term")

_loaded = False


def load_rules() -> None:
    """Import every rule module (registering its rules) and put RULE_CODE in catalogue order."""
    global _loaded
    if _loaded:
        return
    # Written out (not by name) so that PyInstaller sees the imports.
    from models.guidance import (  # noqa: F401
        checklist,
        rules_care,
        rules_concomitant,
        rules_dosing,
        rules_eligibility,
        rules_follow_up,
        rules_long_term,
        rules_outcomes,
        rules_pooling,
        rules_population,
        rules_product,
        rules_release,
        rules_statistics,
        rules_time_zero,
    )
    from models.guidance.base import RULE_CODE

    modules = [importlib.import_module(f"models.guidance.{name}") for name in RULE_MODULES]
    rank = {module.__name__: index for index, module in enumerate(modules)}
    ordered = sorted(RULE_CODE.items(),
                     key=lambda item: rank.get(item[1].evaluate.__module__, len(rank)))
    RULE_CODE.clear()
    RULE_CODE.update(ordered)   # sorted() is stable: each module's own order is kept
    _loaded = True
