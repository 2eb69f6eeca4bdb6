"""The guidance engine: the rules of shared/spec/guidance-rules.md evaluated on a design, and the
program's own rules (group S, not in the catalogue)."""

# Importing the rule modules registers their rules, in catalogue order, then the program rules.
from models.guidance import (  # noqa: F401
    rules_product,
    rules_dosing,
    rules_population,
    rules_care,
    rules_outcomes,
    rules_follow_up,
    checklist,
    rules_statistics,
    rules_release,
    rules_time_zero,
    rules_eligibility,
    rules_concomitant,
    rules_pooling,
    rules_long_term,
)
from models.guidance.base import Severity
from models.guidance.engine import Box1Status, Finding, GuidanceResult, evaluate, rule_order
from models.guidance.thresholds import DEFAULT_THRESHOLDS, Thresholds

__all__ = ["Box1Status", "DEFAULT_THRESHOLDS", "Finding", "GuidanceResult", "Severity",
           "Thresholds", "evaluate", "rule_order"]
