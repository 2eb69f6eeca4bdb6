"""What a calculation returns: ``SampleSizeResult`` (n per arm for the power asked for) and
``PowerResult`` (the inverse problem: the power of given arm sizes), both JSON-ready for
``sample-size --json``; the literature each method comes from; and the assembly of a
SampleSizeResult from a calculation's raw numbers (rounding, dropout, the note when rounding
costs power).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from models.formatting import format_percent
from models.sample_size.rounding import inflate_for_dropout
from models.sample_size.validation import _Settings, _check_size

_REFERENCES = {
    "pooled": ("Fleiss JL, Levin B, Paik MC. Statistical Methods for Rates and Proportions, "
               "3rd ed. Wiley 2003; R power.prop.test"),
    "continuity_corrected": ("Fleiss JL, Tytun A, Ury HK. A simple approximation for calculating "
                             "sample sizes for comparing independent proportions. Biometrics "
                             "1980;36:343-346"),
    "t_test": ("R power.t.test (two-sample t test on the noncentral t distribution); Lenth RV. "
               "Algorithm AS 243, Appl Stat 1989;38:185-189"),
    "normal": ("Chow SC, Shao J, Wang H. Sample Size Calculations in Clinical Research, "
               "2nd ed. 2008, section 3.2"),
}
_SHORT_REFERENCES = {
    "pooled": "Fleiss, Levin & Paik 2003",
    "continuity_corrected": "Fleiss, Tytun & Ury 1980",
    "t_test": "R power.t.test",
    "normal": "Chow, Shao & Wang 2008",
}
_DUNNETT_REFERENCE = ("Dunnett CW. JASA 1955;50:1096-1121 (one-sided); "
                      "Biometrics 1964;20:482-491 (two-sided)")
_BONFERRONI_REFERENCE = "Bonferroni adjustment: alpha divided by the number of comparisons"


@dataclass(frozen=True)
class SampleSizeResult:
    """One sample-size calculation: what was assumed, what came out, and how to reproduce it."""

    method: str                      # machine name: pooled | continuity_corrected | t_test | normal
    method_label: str                # words, e.g. "pooled-variance normal approximation"
    formula: str                     # the formula in plain text
    reference: str                   # where the method comes from (and how to redo it in R)
    endpoint: str                    # binary | continuous
    n_per_arm: tuple[int, ...]       # control first, then each active arm; rounded and inflated
    raw: tuple[float, ...]           # unrounded n per arm before dropout inflation, same order
    n_total: int
    critical_value: float
    adjustment: str | None           # None (one active arm), "dunnett" or "bonferroni"
    inflated_for_dropout: bool
    alpha: float
    sided: int
    power: float                     # the power asked for
    dropout_pct: float
    ratios: tuple[float, ...]        # r_i = n_active_i / n_control, one per active arm
    n_evaluable: tuple[int, ...]     # rounded up per arm, before dropout inflation
    achieved_power: float            # per comparison (the smallest), at n_evaluable
    critical_value_label: str        # what the critical value is, e.g. "t(0.975; df 44)"
    control_rate: float | None = None
    treatment_rate: float | None = None
    mean_difference: float | None = None
    sd: float | None = None
    notes: tuple[str, ...] = field(default=())

    @property
    def arms(self) -> int:
        """Number of active arms (each compared with the shared control)."""
        return len(self.ratios)

    @property
    def assumptions(self) -> dict[str, float]:
        return _assumptions(self)

    def to_dict(self) -> dict:
        """JSON-ready: the keys the README lists for ``sample-size --json`` first, then extras."""
        return {
            "method": self.method,
            "n_per_arm": list(self.n_per_arm),
            "n_total": self.n_total,
            "raw": list(self.raw),
            "critical_value": self.critical_value,
            "inflated_for_dropout": self.inflated_for_dropout,
            "reference": self.reference,
            "method_label": self.method_label,
            "formula": self.formula,
            "endpoint": self.endpoint,
            "adjustment": self.adjustment,
            "critical_value_label": self.critical_value_label,
            "alpha": self.alpha,
            "sided": self.sided,
            "power": self.power,
            "achieved_power": self.achieved_power,
            "dropout_pct": self.dropout_pct,
            "ratios": list(self.ratios),
            "n_evaluable_per_arm": list(self.n_evaluable),
            "assumptions": self.assumptions,
            "notes": list(self.notes),
        }


def _assumptions(result) -> dict[str, float]:
    if result.endpoint == "binary":
        return {"control_rate": result.control_rate, "treatment_rate": result.treatment_rate}
    return {"mean_difference": result.mean_difference, "sd": result.sd}


@dataclass(frozen=True)
class PowerResult:
    """The inverse problem: the power of a design with given arm sizes."""

    method: str
    method_label: str
    formula: str
    reference: str
    endpoint: str
    n_per_arm: tuple[float, ...]     # analysable patients, control first, as given
    power: float                     # per comparison (the smallest over active arms)
    critical_value: float
    critical_value_label: str
    adjustment: str | None
    alpha: float
    sided: int
    ratios: tuple[float, ...]
    control_rate: float | None = None
    treatment_rate: float | None = None
    mean_difference: float | None = None
    sd: float | None = None

    @property
    def n_total(self) -> float:
        return sum(self.n_per_arm)

    @property
    def arms(self) -> int:
        return len(self.ratios)

    def to_dict(self) -> dict:
        """The keys of ``sample-size --json`` (no rounding or dropout in this direction), plus
        the power."""
        as_number = [int(n) if float(n).is_integer() else n for n in self.n_per_arm]
        total = self.n_total
        return {
            "method": self.method,
            "n_per_arm": as_number,
            "n_total": int(total) if float(total).is_integer() else total,
            "raw": [float(n) for n in self.n_per_arm],
            "critical_value": self.critical_value,
            "inflated_for_dropout": False,
            "reference": self.reference,
            "power": self.power,
            "method_label": self.method_label,
            "formula": self.formula,
            "endpoint": self.endpoint,
            "adjustment": self.adjustment,
            "critical_value_label": self.critical_value_label,
            "alpha": self.alpha,
            "sided": self.sided,
            "ratios": list(self.ratios),
            "assumptions": _assumptions(self),
        }


# ---------------------------------------------------------------------------------------------
# Assembling a result
# ---------------------------------------------------------------------------------------------

def _reference(method: str, settings: _Settings) -> str:
    reference = _REFERENCES[method]
    if settings.adjust == "dunnett":
        reference += "; " + _DUNNETT_REFERENCE
    elif settings.adjust == "bonferroni":
        reference += "; " + _BONFERRONI_REFERENCE
    return reference


def _result(*, method, method_label, formula, reference, endpoint, raw, evaluable, settings,
            power, achieved, critical, critical_label, control_rate=None, treatment_rate=None,
            mean_difference=None, sd=None, notes=()) -> SampleSizeResult:
    _check_size(raw, evaluable)
    n_per_arm = tuple(inflate_for_dropout(n, settings.dropout_pct) for n in evaluable)
    _check_size(raw, n_per_arm)
    if achieved < power - 1e-12:
        # Possible only for a binary endpoint with very few patients: rounding each arm up
        # shifts the allocation, and the pooled null variance depends on the allocation.
        notes = tuple(notes) + (
            f"Rounding each arm up changed the allocation of this very small design; the "
            f"rounded arms have {format_percent(achieved, 1)} power, below the "
            f"{format_percent(power, 1)} asked for.",)
    return SampleSizeResult(
        method=method, method_label=method_label, formula=formula, reference=reference,
        endpoint=endpoint, n_per_arm=n_per_arm, raw=tuple(raw), n_total=sum(n_per_arm),
        critical_value=critical, adjustment=settings.adjust,
        inflated_for_dropout=settings.dropout_pct > 0, alpha=settings.alpha,
        sided=settings.sided, power=power, dropout_pct=settings.dropout_pct,
        ratios=settings.ratios, n_evaluable=tuple(evaluable), achieved_power=achieved,
        critical_value_label=critical_label, control_rate=control_rate,
        treatment_rate=treatment_rate, mean_difference=mean_difference, sd=sd,
        notes=tuple(notes))
