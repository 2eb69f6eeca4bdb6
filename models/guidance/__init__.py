"""The guidance engine: the rules of resources/guidance/rules.toml evaluated on a design, and the
program's own rules (group S, not in the catalogue).

The engine and its rules load on first use of a name that needs them (``evaluate``,
``GuidanceResult``, ...), not when a submodule such as ``models.guidance.thresholds`` or
``.base`` (``Severity``) is imported: the wizard's first frame needs those two, and the rules
only after it (docs/benchmarks.md, "Start-up").
"""

from __future__ import annotations

from types import ModuleType

from models.guidance.registry import RULE_MODULES, load_rules  # noqa: F401

_ENGINE_NAMES = ("Box1Status", "Finding", "GuidanceResult", "evaluate", "rule_order")
_BASE_NAMES = ("Severity",)
_THRESHOLD_NAMES = ("DEFAULT_THRESHOLDS", "Thresholds")

__all__ = sorted(_ENGINE_NAMES + _BASE_NAMES + _THRESHOLD_NAMES)


def __getattr__(name: str):
    # Each name's module is imported on first use (the engine loads the rules first).
    module: ModuleType
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
