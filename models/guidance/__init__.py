"""The guidance engine: the rules of shared/spec/guidance-rules.md evaluated on a design, and the
program's own rules (group S, not in the catalogue).

The engine and its rules load on first use of a name that needs them (``evaluate``,
``GuidanceResult``, ...), not when a submodule such as ``models.guidance.thresholds`` or
``.base`` (``Severity``) is imported: the wizard's first frame needs those two, and the rules
only after it (docs/benchmarks.md, "Start-up").
"""

from __future__ import annotations

import importlib

# The rule modules in catalogue order, then the program rules: RULE_CODE is kept in this order
# whichever of them happened to be imported first (models/chart_data imports rules_dosing).
RULE_MODULES = ("rules_product", "rules_dosing", "rules_population", "rules_care",
                "rules_outcomes", "rules_follow_up", "checklist", "rules_statistics")

_ENGINE_NAMES = ("Box1Status", "Finding", "GuidanceResult", "evaluate", "rule_order")
_BASE_NAMES = ("Severity",)
_THRESHOLD_NAMES = ("DEFAULT_THRESHOLDS", "Thresholds")

__all__ = sorted(_ENGINE_NAMES + _BASE_NAMES + _THRESHOLD_NAMES)

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

    modules = [importlib.import_module(f"{__name__}.{name}") for name in RULE_MODULES]
    rank = {module.__name__: index for index, module in enumerate(modules)}
    ordered = sorted(RULE_CODE.items(),
                     key=lambda item: rank.get(item[1].evaluate.__module__, len(rank)))
    RULE_CODE.clear()
    RULE_CODE.update(ordered)   # sorted() is stable: each module's own order is kept
    _loaded = True


def __getattr__(name: str):
    if name in _ENGINE_NAMES:
        load_rules()
        from models.guidance import engine as module
    elif name in _BASE_NAMES:
        from models.guidance import base as module
    elif name in _THRESHOLD_NAMES:
        from models.guidance import thresholds as module
    else:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(module, name)
    globals()[name] = value
    return value
