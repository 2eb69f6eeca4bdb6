"""The sample-size engine: n per arm for the primary endpoint, the inverse problem (power for a
given n), dropout inflation, a sensitivity table and power-curve data.

Pure Python (no numpy, scipy or Qt): the guidance engine (rule E-2), the wizard's sample-size
step, the PDF and the ``sample-size`` command all call it, and the wizard recomputes on every
keystroke. The methods and their reference values are in ``docs/statistics-references.md``; the
conventions for allocation, several arms and rounding follow docs/conventions.md 1.8
(items 5-7):

- ``ratio`` r = n_active / n_control (one number for every active arm, or one per arm);
- each arm's raw n is rounded up separately (``ceil_n``), then inflated for dropout exactly
  (``inflate_for_dropout``);
- with k > 1 active arms the critical value is Dunnett's (df = infinity) or Bonferroni's, the
  power is per comparison, and the control arm takes the largest n any comparison needs.

Sidedness follows R: a two-sided test uses alpha/2 in the critical value, and the power counts
only the tail in the direction of the effect (R's default ``strict = FALSE``), which is also what
the closed-form sample-size formulas invert.

One module per concern: ``errors``, ``rounding`` (ceil_n, inflate_for_dropout), ``validation``
(the inputs and the settings every calculation shares), ``critical`` (z, Dunnett, Bonferroni),
``results`` (SampleSizeResult, PowerResult and their assembly), ``binary`` and ``continuous``
(n and power per endpoint), ``tables`` (the sensitivity table and the power curve) and
``sentence`` (describe, VFD_NOTE). This package re-exports the public API, so callers import
from ``models.sample_size`` as before.
"""

from __future__ import annotations

from models.sample_size.binary import binary_power, binary_power_result, binary_sample_size
from models.sample_size.continuous import (
    continuous_power,
    continuous_power_result,
    continuous_sample_size,
)
from models.sample_size.errors import ConvergenceError, SampleSizeError
from models.sample_size.results import PowerResult, SampleSizeResult
from models.sample_size.rounding import ceil_n, inflate_for_dropout
from models.sample_size.sentence import VFD_NOTE, describe
from models.sample_size.tables import (
    SensitivityTable,
    power_curve,
    sensitivity_table,
)
from models.sample_size.validation import (
    ADJUSTMENTS,
    BINARY_METHODS,
    CONTINUOUS_METHODS,
    MAX_ARMS,
)

# Internals the tests reach through this package (a solver's pieces, exact decimals, the limit on
# n per arm), re-exported explicitly (`name as name`). They are copies of the names: to change the
# solver's limit, patch models.sample_size.continuous._MAX_N_PER_ARM, not this one.
from models.sample_size.continuous import _MAX_N_PER_ARM as _MAX_N_PER_ARM
from models.sample_size.continuous import _t_minimum_control_n as _t_minimum_control_n
from models.sample_size.continuous import _t_power as _t_power
from models.sample_size.continuous import _t_test_n_bracketed as _t_test_n_bracketed
from models.sample_size.rounding import _exact as _exact

__all__ = [
    "SampleSizeError",
    "ConvergenceError",
    "SampleSizeResult",
    "SensitivityTable",
    "binary_sample_size",
    "continuous_sample_size",
    "binary_power",
    "continuous_power",
    "binary_power_result",
    "continuous_power_result",
    "PowerResult",
    "sensitivity_table",
    "power_curve",
    "inflate_for_dropout",
    "ceil_n",
    "describe",
    "MAX_ARMS",
    "BINARY_METHODS",
    "CONTINUOUS_METHODS",
    "ADJUSTMENTS",
    "VFD_NOTE",
]

from models.sample_size.dunnett_power import (
    ComparisonPowers,
    MultiArmPowerResult,
    binary_multi_arm_power,
    continuous_multi_arm_power,
    multiple_comparison_power,
)
from models.sample_size.ordinal import (
    PROBABILITIES_ARE,
    VFD_ASSUMPTIONS,
    OrdinalResult,
    ordinal_power,
    ordinal_sample_size,
    proportional_odds_shift,
    vfd_categories,
    vfd_ordinal_sample_size,
)
from models.sample_size.survival import (
    SURVIVAL_METHODS,
    SurvivalResult,
    survival_events,
    survival_power,
    survival_sample_size,
)

__all__ += [
    "SurvivalResult",
    "SURVIVAL_METHODS",
    "survival_events",
    "survival_power",
    "survival_sample_size",
    "OrdinalResult",
    "PROBABILITIES_ARE",
    "VFD_ASSUMPTIONS",
    "ordinal_sample_size",
    "ordinal_power",
    "proportional_odds_shift",
    "vfd_categories",
    "vfd_ordinal_sample_size",
    "ComparisonPowers",
    "MultiArmPowerResult",
    "multiple_comparison_power",
    "binary_multi_arm_power",
    "continuous_multi_arm_power",
]
