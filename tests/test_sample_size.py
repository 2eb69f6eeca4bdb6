"""The sample-size engine against published reference values, independent implementations
(scipy, statsmodels: test-only dependencies) and properties that must hold for any input.

Reference values are those of shared/reference/statistics.md; each test names its source.
A raw n matches when it agrees to 1e-3 and the rounded-up n is identical.
"""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from scipy import stats
from statsmodels.stats.power import TTestIndPower

from models import distributions as dist
from models import sample_size as ss
from models.sample_size import (
    ConvergenceError,
    SampleSizeError,
    binary_power,
    binary_sample_size,
    ceil_n,
    continuous_power,
    continuous_sample_size,
    inflate_for_dropout,
)

RAW_TOLERANCE = 1e-3


# ---------------------------------------------------------------------------------------------
# Reference values (statistics.md)
# ---------------------------------------------------------------------------------------------

def test_p1_pooled_sample_size_matches_r_power_prop_test():
    # P1, R power.prop.test(p1 = .50, p2 = .75, power = .90) help example: n = 76.7069 -> 77.
    result = binary_sample_size(0.50, 0.75, power=0.90)
    assert result.raw[0] == pytest.approx(76.7069, abs=RAW_TOLERANCE)
    assert result.n_per_arm == (77, 77)
    assert result.n_total == 154
    assert result.method == "pooled"
    assert "power.prop.test" in result.reference


def test_p4_pooled_power_matches_r_power_prop_test():
    # P4, R power.prop.test(n = 50, p1 = .5, p2 = .75) help example: power = 0.7401659.
    assert binary_power(50, 0.50, 0.75) == pytest.approx(0.7401659, abs=1e-7)


def test_p5_unpooled_formula_from_our_normal_quantile():
    # P5, Chow, Shao & Wang, Example 4.2.4: (z_{1-α/2} + z_{1-β})² (p1q1 + p2q2) / Δ² = 69.6588
    # -> 70. The program offers only the pooled form; this checks the normal quantile the
    # engine uses (dist.norm_ppf) by computing the unpooled formula from it here.
    p1, p2 = 0.65, 0.85
    z = dist.norm_ppf(0.975) + dist.norm_ppf(0.80)
    raw = z * z * (p1 * (1 - p1) + p2 * (1 - p2)) / (p1 - p2) ** 2
    assert raw == pytest.approx(69.6588, abs=RAW_TOLERANCE)
    assert ceil_n(raw) == 70


def test_fleiss_tytun_ury_correction_for_p1_inputs():
    # Fleiss, Tytun & Ury, Biometrics 1980;36:343-346: n_cc = (n/4)[1 + sqrt(1 + 4/(nΔ))]²,
    # n the uncorrected n of P1, computed here from scipy's normal quantile.
    p1, p2, delta = 0.50, 0.75, 0.25
    pbar = (p1 + p2) / 2
    n = ((stats.norm.ppf(0.975) * math.sqrt(2 * pbar * (1 - pbar))
          + stats.norm.ppf(0.90) * math.sqrt(p1 * (1 - p1) + p2 * (1 - p2))) / delta) ** 2
    expected = n / 4 * (1 + math.sqrt(1 + 4 / (n * delta))) ** 2
    result = binary_sample_size(p1, p2, power=0.90, method="continuity_corrected")
    assert result.raw[0] == pytest.approx(expected, abs=1e-9)
    assert result.raw[0] == pytest.approx(84.5176, abs=RAW_TOLERANCE)   # the closed form's value
    assert result.n_per_arm == (85, 85)
    assert "Fleiss" in result.reference and "Tytun" in result.reference


def test_m1_t_test_sample_size_matches_r_power_t_test():
    # M1, R power.t.test(power = .90, delta = 1) help example: n = 22.02110 -> 23.
    result = continuous_sample_size(1.0, 1.0, power=0.90)
    assert result.raw[0] == pytest.approx(22.02110, abs=RAW_TOLERANCE)
    assert result.n_per_arm == (23, 23)
    assert result.method == "t_test"
    # The reported critical value is the t quantile for the rounded design (df = 23 + 23 - 2).
    assert result.critical_value == pytest.approx(stats.t.isf(0.025, 44), rel=1e-12)


def test_m3_t_test_power_matches_r_power_t_test():
    # M3, R power.t.test(n = 20, delta = 1) help example: power = 0.8689528.
    assert continuous_power(20, 1.0, 1.0) == pytest.approx(0.8689528, abs=1e-7)


def test_m4_t_test_power_matches_pwr_t_test():
    # M4, R pwr.t.test(d = 1, n = 30, type = "two.sample"): power = 0.967708258. pwr counts
    # both rejection tails; our power (like R's power.t.test) counts the tail in the direction
    # of the effect, so the two agree to the lower tail's 4e-9, and exactly once it is added.
    upper = continuous_power(30, 1.0, 1.0)
    assert upper == pytest.approx(0.967708258, abs=1e-8)
    t_crit = dist.t_isf(0.025, 58)
    lower = dist.nct_cdf(-t_crit, 58, math.sqrt(15.0))
    assert upper + lower == pytest.approx(0.967708258, abs=1e-9)


def test_m5_normal_approximation_matches_chow_shao_wang():
    # M5, Chow, Shao & Wang, Example 3.2.4: σ 0.10, δ 0.05, power 0.80 -> 62.791 -> 63.
    result = continuous_sample_size(0.05, 0.10, power=0.80, method="normal")
    assert result.raw[0] == pytest.approx(62.791, abs=RAW_TOLERANCE)
    assert result.n_per_arm == (63, 63)


@pytest.mark.parametrize("k, one_sided, two_sided", [
    (2, 1.916, 2.212),
    (3, 2.062, 2.349),
    (4, 2.160, 2.442),
])
def test_dunnett_critical_values_match_dunnett_tables(k, one_sided, two_sided):
    # Dunnett, JASA 1955;50:1096-1121 (one-sided) and Biometrics 1964;20:482-491 (two-sided),
    # df = infinity, alpha 0.05. The tables give three decimals.
    assert dist.dunnett_critical_value(k, 0.05, 1) == pytest.approx(one_sided, abs=5e-4)
    assert dist.dunnett_critical_value(k, 0.05, 2) == pytest.approx(two_sided, abs=5e-4)


# ---------------------------------------------------------------------------------------------
# The distributions against scipy
# ---------------------------------------------------------------------------------------------

def test_normal_quantile_matches_scipy():
    grid = np.concatenate([np.linspace(1e-6, 1 - 1e-6, 4001),
                           [1e-300, 1e-100, 1e-20, 1e-10, 1 - 1e-10, 0.5, 0.975, 0.8]])
    for p in grid:
        assert dist.norm_ppf(float(p)) == pytest.approx(stats.norm.ppf(p), rel=1e-14, abs=1e-14)


def test_normal_cdf_matches_scipy_in_both_tails():
    for x in np.linspace(-37, 8.5, 2001):
        assert dist.norm_cdf(float(x)) == pytest.approx(stats.norm.cdf(x), rel=1e-12)
        assert dist.norm_sf(float(x)) == pytest.approx(stats.norm.sf(x), rel=1e-12)


def test_normal_quantile_rejects_probabilities_outside_0_1():
    for p in (0.0, 1.0, -0.1, 1.5):
        with pytest.raises(ValueError):
            dist.norm_ppf(p)


DF_GRID = [1, 1.5, 2, 2.5, 3, 4, 7.3, 10, 20, 44, 100, 389.5, 1000, 1e4, 1e5, 2e5]


@pytest.mark.parametrize("df", DF_GRID)
def test_t_cdf_and_quantile_match_scipy(df):
    for t in (-30, -5, -2, -1, -0.1, 0.0, 0.3, 1, 1.96, 2.5, 4, 10, 40):
        expected = stats.t.cdf(t, df)
        assert dist.t_cdf(t, df) == pytest.approx(expected, rel=1e-10)
        assert dist.t_sf(t, df) == pytest.approx(stats.t.sf(t, df), rel=1e-10)
    for q in (1e-10, 1e-6, 0.0005, 0.005, 0.025, 0.05, 0.1, 0.2, 0.4, 0.5, 0.6, 0.975):
        assert dist.t_isf(q, df) == pytest.approx(stats.t.isf(q, df), rel=1e-11, abs=1e-12)
        assert dist.t_ppf(q, df) == pytest.approx(stats.t.ppf(q, df), rel=1e-11, abs=1e-12)


@pytest.mark.parametrize("df", [2, 3, 5, 10.5, 20, 44, 100, 500, 1000, 1e4, 1e5])
def test_noncentral_t_cdf_matches_scipy(df):
    # Noncentrality up to 15 covers every realistic power calculation (alpha 0.001 and power
    # 0.99 need about 5.6). Beyond ncp ~ 37.6 R (and we) switch to a normal approximation.
    # scipy 1.17 returns NaN for one side in some far tails (e.g. cdf(-3, 20, ncp=8), true value
    # ~1e-13); there the other side, which it computes, is the reference.
    for ncp in (-3, -0.5, 0.1, 0.5, 1, 2, 2.8, 4, 6, 8, 15):
        for t in (-3, -1, 0, 0.5, 1.5, 1.96, 2.5, 3.3, 5, 10):
            cdf, sf = stats.nct.cdf(t, df, ncp), stats.nct.sf(t, df, ncp)
            assert math.isfinite(cdf) or math.isfinite(sf)
            expected_cdf = cdf if math.isfinite(cdf) else 1.0 - sf
            expected_sf = sf if math.isfinite(sf) else 1.0 - cdf
            assert dist.nct_cdf(t, df, ncp) == pytest.approx(expected_cdf, abs=1e-10)
            assert dist.nct_sf(t, df, ncp) == pytest.approx(expected_sf, abs=1e-10)


def test_t_test_power_shortcut_equals_the_general_noncentral_t():
    for df in (2, 3.5, 10, 44, 200, 5000, 1e5):
        for q in (0.0005, 0.005, 0.025, 0.05, 0.1, 0.25):
            for ncp in (0.5, 2, 2.8, 4, 7):
                power, t_crit = dist.t_test_power(q, df, ncp)
                assert t_crit == pytest.approx(stats.t.isf(q, df), rel=1e-11)
                assert power == pytest.approx(stats.nct.sf(stats.t.isf(q, df), df, ncp),
                                              abs=1e-10)


def test_incomplete_beta_matches_scipy():
    # Both parameters large (1e4, 1e4) is the one case held to a looser 1e-10: the prefactor
    # x^a y^b / B(a, b) is formed from logs of size 1e4. The t distribution never asks for it.
    from scipy import special
    for a in (0.5, 1, 2.5, 10, 50, 200, 1e4):
        for b in (0.5, 1, 3, 30, 200, 1e4):
            tolerance = 1e-10 if min(a, b) >= 1e4 else 1e-11
            for x in (1e-6, 1e-3, 0.01, 0.05, 0.1, 0.19, 0.21, 0.5, 0.8, 0.9, 0.99):
                assert dist.betainc(a, b, x) == pytest.approx(special.betainc(a, b, x),
                                                              rel=tolerance, abs=1e-15)


def _mvn_probability(c: float, ratios: list[float], sided: int) -> float:
    lambdas = np.sqrt(np.array(ratios) / (1 + np.array(ratios)))
    cov = np.outer(lambdas, lambdas)
    np.fill_diagonal(cov, 1.0)
    mvn = stats.multivariate_normal(mean=np.zeros(len(ratios)), cov=cov, abseps=1e-9,
                                    releps=1e-9, maxpts=2_000_000)
    upper = np.full(len(ratios), c)
    if sided == 1:
        return float(mvn.cdf(upper, rng=np.random.default_rng(1)))
    return float(mvn.cdf(upper, lower_limit=-upper, rng=np.random.default_rng(1)))


@pytest.mark.parametrize("k", [2, 3, 4])
@pytest.mark.parametrize("sided", [1, 2])
def test_dunnett_critical_value_against_scipy_multivariate_normal(k, sided):
    # Independent check: scipy's Genz integration of the equicorrelated (rho = 0.5) normal.
    c = dist.dunnett_critical_value(k, 0.05, sided)
    assert _mvn_probability(c, [1.0] * k, sided) == pytest.approx(0.95, abs=2e-6)


def test_dunnett_with_unequal_allocation_against_scipy():
    # corr(Z_i, Z_j) = sqrt(r_i r_j / ((1 + r_i)(1 + r_j))), e.g. 2:1 allocation gives 2/3.
    for ratios, sided in (([2.0, 2.0], 2), ([1.0, 2.0, 0.5], 1), ([3.0, 3.0, 3.0], 2)):
        c = dist.dunnett_critical_value(len(ratios), 0.05, sided, ratios)
        assert _mvn_probability(c, ratios, sided) == pytest.approx(0.95, abs=2e-6)


def test_dunnett_integration_has_converged():
    # Halving the trapezoid step (and halving again) changes nothing at 1e-13, even for the
    # narrow integrand of a 1:100 allocation.
    for lam in (math.sqrt(0.5), math.sqrt(0.1 / 1.1), math.sqrt(100 / 101)):
        for sided in (1, 2):
            lambdas = [lam] * 4
            fine = dist.dunnett_probability(2.3, lambdas, sided, step=1 / 64)
            assert dist.dunnett_probability(2.3, lambdas, sided) == pytest.approx(fine, abs=1e-13)


def test_dunnett_lies_between_unadjusted_and_bonferroni():
    for k in range(2, 7):
        for sided in (1, 2):
            for alpha in (0.001, 0.01, 0.05, 0.2):
                c = dist.dunnett_critical_value(k, alpha, sided)
                assert stats.norm.isf(alpha / sided) < c < stats.norm.isf(alpha / (k * sided))


def test_brent_reports_non_convergence_instead_of_returning_a_bracket_end():
    with pytest.raises(dist.DistributionConvergenceError):
        dist.brentq(lambda x: x ** 3 - 2, 0.0, 2.0, max_iterations=3)
    # No sign change: in this program that means the target is beyond double precision.
    with pytest.raises(dist.DistributionConvergenceError, match="could not be bracketed|no "
                       "solution could be bracketed"):
        dist.brentq(lambda x: x * x + 1, -1.0, 1.0)
    assert dist.brentq(lambda x: x ** 3 - 2, 0.0, 2.0) == pytest.approx(2 ** (1 / 3), abs=1e-12)


# ---------------------------------------------------------------------------------------------
# Cross-checks against independent implementations over grids of inputs
# ---------------------------------------------------------------------------------------------

def _r_power_prop_test_n(p1, p2, alpha, power, sided):
    """R's power.prop.test, solved in closed form, written out with scipy."""
    q_alpha = stats.norm.isf(alpha / sided)
    return ((q_alpha * math.sqrt((p1 + p2) * (2 - p1 - p2) / 2)
             + stats.norm.ppf(power) * math.sqrt(p1 * (1 - p1) + p2 * (1 - p2)))
            / abs(p1 - p2)) ** 2


def _r_power_prop_test_power(n, p1, p2, alpha, sided):
    q_alpha = stats.norm.isf(alpha / sided)
    return stats.norm.cdf((math.sqrt(n) * abs(p1 - p2)
                           - q_alpha * math.sqrt((p1 + p2) * (2 - p1 - p2) / 2))
                          / math.sqrt(p1 * (1 - p1) + p2 * (1 - p2)))


@pytest.mark.parametrize("p1, p2", [(0.4, 0.25), (0.268, 0.18), (0.5, 0.75), (0.1, 0.05),
                                    (0.67, 0.5), (0.05, 0.2), (0.9, 0.95)])
def test_pooled_binary_matches_r_power_prop_test_formula(p1, p2):
    for alpha in (0.001, 0.01, 0.05, 0.1):
        for power in (0.6, 0.8, 0.9, 0.99):
            for sided in (1, 2):
                result = binary_sample_size(p1, p2, alpha=alpha, power=power, sided=sided)
                expected = _r_power_prop_test_n(p1, p2, alpha, power, sided)
                assert result.raw[0] == pytest.approx(expected, rel=1e-12)
                assert result.n_per_arm[0] == math.ceil(expected - 1e-9)
                for n in (10, 57, 400):
                    assert binary_power(n, p1, p2, alpha=alpha, sided=sided) == pytest.approx(
                        _r_power_prop_test_power(n, p1, p2, alpha, sided), abs=1e-13)


@pytest.mark.parametrize("ratio", [0.5, 2.0, 3.0])
def test_unequal_allocation_binary_reaches_the_power_of_the_z_test(ratio):
    # At the raw n, the pooled z test with n_c and n_a = r n_c has exactly the requested power:
    # Φ((Δ - c √(p̄q̄ (1/n_c + 1/n_a))) / √(p1q1/n_c + p2q2/n_a)) = 1 - β, p̄ = (n_c p1 + n_a p2)/N.
    p1, p2, power = 0.4, 0.25, 0.85
    result = binary_sample_size(p1, p2, power=power, ratio=ratio)
    n_c, n_a = result.raw
    assert n_a == pytest.approx(ratio * n_c, rel=1e-15)
    pbar = (n_c * p1 + n_a * p2) / (n_c + n_a)
    z = ((abs(p1 - p2) - stats.norm.isf(0.025) * math.sqrt(pbar * (1 - pbar) * (1 / n_c + 1 / n_a)))
         / math.sqrt(p1 * (1 - p1) / n_c + p2 * (1 - p2) / n_a))
    assert stats.norm.cdf(z) == pytest.approx(power, abs=1e-12)
    assert result.n_evaluable == (ceil_n(n_c), ceil_n(n_a))


def test_continuity_correction_with_unequal_allocation_uses_fleiss_general_form():
    # guidance-rules 1.8 item 5: n_cc = (n/4)[1 + sqrt(1 + 2(r+1)/(n r Δ))]², n the uncorrected
    # control-arm n.
    p1, p2, r = 0.4, 0.25, 2.0
    n = binary_sample_size(p1, p2, ratio=r).raw[0]
    corrected = binary_sample_size(p1, p2, ratio=r, method="continuity_corrected")
    expected = n / 4 * (1 + math.sqrt(1 + 2 * (r + 1) / (n * r * 0.15))) ** 2
    assert corrected.raw[0] == pytest.approx(expected, rel=1e-13)
    assert corrected.raw[1] == pytest.approx(r * expected, rel=1e-13)


T_TEST_GRID = [(d, alpha, power, ratio)
               for d in (0.2, 0.35, 0.5, 0.8, 1.2)
               for alpha in (0.01, 0.05, 0.1)
               for power in (0.7, 0.8, 0.9, 0.95)
               for ratio in (0.5, 1.0, 2.0)]


@pytest.mark.parametrize("d, alpha, power, ratio", T_TEST_GRID)
def test_t_test_n_matches_statsmodels(d, alpha, power, ratio):
    # statsmodels' TTestIndPower solves the same noncentral t (nobs1 = control, ratio =
    # nobs2/nobs1). One-sided the power functions are identical; two-sided statsmodels adds
    # the far tail, which moves n by far less than 1e-3 relative.
    solver = TTestIndPower()
    one = continuous_sample_size(d, 1.0, alpha=alpha, power=power, ratio=ratio, sided=1)
    expected_one = solver.solve_power(effect_size=d, alpha=alpha, power=power, ratio=ratio,
                                      alternative="larger")
    assert one.raw[0] == pytest.approx(expected_one, rel=1e-5)
    two = continuous_sample_size(d, 1.0, alpha=alpha, power=power, ratio=ratio, sided=2)
    expected_two = solver.solve_power(effect_size=d, alpha=alpha, power=power, ratio=ratio,
                                      alternative="two-sided")
    assert two.raw[0] == pytest.approx(expected_two, rel=1e-3)


@pytest.mark.parametrize("n", [2, 3, 5, 12, 40, 150, 1000, 20000])
def test_t_test_power_matches_statsmodels(n):
    # Effects chosen so that the noncentrality stays between 0.5 and 4 (power from a few per
    # cent to ~0.99): statsmodels returns NaN when the power rounds to 1.
    solver = TTestIndPower()
    for ncp in (0.5, 1.5, 2.8, 4.0):
        d = ncp * math.sqrt(2.0 / n)
        for ratio in (1.0, 2.0):
            for alpha in (0.01, 0.05):
                one = continuous_power(n, d, 1.0, alpha=alpha, sided=1, ratio=ratio)
                assert one == pytest.approx(solver.power(d, n, alpha, ratio=ratio,
                                                         alternative="larger"), abs=1e-10)
                # Two-sided: statsmodels counts both tails; add ours to compare exactly.
                two = continuous_power(n, d, 1.0, alpha=alpha, sided=2, ratio=ratio)
                df = n + ratio * n - 2
                ncp = d / math.sqrt(1 / n + 1 / (ratio * n))
                far_tail = dist.nct_cdf(-dist.t_isf(alpha / 2, df), df, ncp)
                assert two + far_tail == pytest.approx(
                    solver.power(d, n, alpha, ratio=ratio, alternative="two-sided"), abs=1e-10)


def test_t_test_n_over_a_wide_range_of_sizes():
    # From a handful of patients to about 100,000 per arm: the power at the raw n is the target.
    for d in (1.5, 0.5, 0.1, 0.02, 0.012):
        for alpha, power in ((0.001, 0.99), (0.2, 0.6), (0.05, 0.8)):
            result = continuous_sample_size(d, 1.0, alpha=alpha, power=power)
            assert continuous_power(result.raw[0], d, 1.0, alpha=alpha) == pytest.approx(
                power, abs=1e-9)


# ---------------------------------------------------------------------------------------------
# Several active arms
# ---------------------------------------------------------------------------------------------

def test_several_arms_binary_uses_the_dunnett_critical_value_in_the_pooled_formula():
    p1, p2 = 0.4, 0.25
    result = binary_sample_size(p1, p2, arms=2)
    c = result.critical_value
    assert c == pytest.approx(2.212, abs=5e-4)           # Dunnett 1964, k = 2, two-sided
    pbar = (p1 + p2) / 2
    expected = ((c * math.sqrt(2 * pbar * (1 - pbar))
                 + stats.norm.ppf(0.8) * math.sqrt(p1 * (1 - p1) + p2 * (1 - p2))) / 0.15) ** 2
    assert result.raw == pytest.approx((expected,) * 3, rel=1e-13)
    assert len(result.n_per_arm) == 3
    assert result.n_total == sum(result.n_per_arm)
    assert result.adjustment == "dunnett"
    assert "Dunnett" in result.method_label and "Dunnett" in result.reference
    # Power per comparison at the rounded n is at least the target.
    assert result.achieved_power >= 0.8


def test_several_arms_bonferroni_critical_value():
    for sided in (1, 2):
        result = binary_sample_size(0.4, 0.25, arms=3, adjust="bonferroni", sided=sided)
        assert result.critical_value == pytest.approx(stats.norm.isf(0.05 / (3 * sided)),
                                                      rel=1e-14)
        dunnett = binary_sample_size(0.4, 0.25, arms=3, sided=sided)
        assert dunnett.critical_value < result.critical_value
        assert dunnett.n_total <= result.n_total


def test_several_arms_control_takes_the_largest_n_any_comparison_needs():
    # With per-arm ratios the comparisons need different control arms; the control takes the
    # largest, and each active arm keeps its allocation ratio to it.
    result = binary_sample_size(0.4, 0.25, arms=2, ratio=[1.0, 3.0])
    c = result.critical_value
    needs = []
    for r in (1.0, 3.0):
        pbar = (0.4 + r * 0.25) / (1 + r)
        needs.append(((c * math.sqrt(pbar * (1 - pbar) * (1 + 1 / r))
                       + stats.norm.ppf(0.8) * math.sqrt(0.24 + 0.1875 / r)) / 0.15) ** 2)
    assert result.raw[0] == pytest.approx(max(needs), rel=1e-13)
    assert result.raw[1:] == pytest.approx((result.raw[0], 3 * result.raw[0]), rel=1e-13)
    assert result.n_total == sum(result.n_per_arm)


def test_several_arms_continuous_uses_the_normal_approximation_and_says_so():
    result = continuous_sample_size(3.0, 10.5, arms=3)
    c = dist.dunnett_critical_value(3, 0.05, 2)
    expected = (c + stats.norm.ppf(0.8)) ** 2 * 2 * (10.5 / 3.0) ** 2
    assert result.method == "normal"
    assert result.raw == pytest.approx((expected,) * 4, rel=1e-13)
    assert "normal approximation" in result.method_label
    assert "Dunnett" in result.method_label
    assert any("normal approximation" in note for note in result.notes)
    assert continuous_power(result.n_evaluable[0], 3.0, 10.5, arms=3) >= 0.8


def test_power_for_several_arms_inverts_the_sample_size():
    for adjust in ("dunnett", "bonferroni"):
        result = binary_sample_size(0.3, 0.2, arms=3, adjust=adjust, power=0.9)
        assert binary_power(result.raw[0], 0.3, 0.2, arms=3, adjust=adjust) == pytest.approx(
            0.9, abs=1e-12)


# ---------------------------------------------------------------------------------------------
# Rounding and dropout (guidance-rules 1.8 item 7)
# ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("n, dropout, expected", [
    (90, 10, 100),
    (21, 30, 30),        # 21 / (1 - 0.3) = 30.000000000000004 in floating point: must stay 30
    (350, 30, 500),      # likewise 500.00000000000006
    (39, 2.5, 40),       # 39 * (1 / 0.975) = 40.00000000000001
    (152, 10, 169),
    (100, 20, 125),
    (7, 12.5, 8),
    (77, 0, 77),
    (1, 0.1, 2),
    (200, 33.3, 300),    # 20000 / 66.7 = 299.85 -> 300
])
def test_dropout_inflation_is_exact(n, dropout, expected):
    assert inflate_for_dropout(n, dropout) == expected


def test_the_float_trap_the_exact_inflation_avoids():
    assert math.ceil(21 / (1 - 30 / 100)) == 31           # what naive arithmetic would give
    assert inflate_for_dropout(21, 30.0) == 30


def test_dropout_applies_after_rounding_each_arm():
    result = binary_sample_size(0.4, 0.25, dropout_pct=10)
    assert result.n_evaluable == (152, 152)
    assert result.n_per_arm == (169, 169)
    assert result.n_total == 338
    assert result.inflated_for_dropout
    assert not binary_sample_size(0.4, 0.25).inflated_for_dropout


def test_each_arm_is_rounded_up_separately():
    result = binary_sample_size(0.4, 0.25, ratio=1.5)
    assert result.n_evaluable == (ceil_n(result.raw[0]), ceil_n(1.5 * result.raw[0]))


@pytest.mark.parametrize("raw, expected", [
    (76.0, 76), (76.0000000005, 76), (76.000000002, 77), (75.9999999, 76), (76.7069, 77),
    (0.2, 1),
])
def test_ceil_n_ignores_floating_point_noise(raw, expected):
    assert ceil_n(raw) == expected


# ---------------------------------------------------------------------------------------------
# Errors
# ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("call, words", [
    (lambda: binary_sample_size(0.4, 0.4), "no difference"),
    (lambda: binary_sample_size(0.0, 0.25), "between 0 and 1"),
    (lambda: binary_sample_size(1.0, 0.25), "between 0 and 1"),
    (lambda: binary_sample_size(1.5, 0.25), "between 0 and 1"),
    (lambda: binary_sample_size(0.4, -0.1), "between 0 and 1"),
    (lambda: binary_sample_size(float("nan"), 0.25), "finite"),
    (lambda: continuous_sample_size(3.0, 0.0), "SD"),
    (lambda: continuous_sample_size(3.0, -1.0), "SD"),
    (lambda: continuous_sample_size(0.0, 10.0), "no difference"),
    (lambda: binary_sample_size(0.4, 0.25, power=0.05), "above alpha"),
    (lambda: binary_sample_size(0.4, 0.25, power=0.01), "above alpha"),
    (lambda: continuous_sample_size(3, 10, power=1.0), "below 1"),
    (lambda: binary_sample_size(0.4, 0.25, power=1.2), "below 1"),
    (lambda: binary_sample_size(0.4, 0.25, alpha=0.0), "alpha"),
    (lambda: binary_sample_size(0.4, 0.25, alpha=0.6), "at most 0.5"),
    (lambda: binary_sample_size(0.4, 0.25, sided=3), "sided"),
    (lambda: binary_sample_size(0.4, 0.25, ratio=0), "positive"),
    (lambda: binary_sample_size(0.4, 0.25, ratio=-1), "positive"),
    (lambda: binary_sample_size(0.4, 0.25, ratio=[1, 2]), "one per active arm"),
    (lambda: binary_sample_size(0.4, 0.25, dropout_pct=100), "below 100"),
    (lambda: binary_sample_size(0.4, 0.25, dropout_pct=-5), "at least 0"),
    (lambda: binary_sample_size(0.4, 0.25, arms=7), "at most 6"),
    (lambda: binary_sample_size(0.4, 0.25, arms=0), "at least 1"),
    (lambda: binary_sample_size(0.4, 0.25, method="exact"), "method"),
    (lambda: continuous_sample_size(3, 10, method="pooled"), "method"),
    (lambda: binary_sample_size(0.4, 0.25, arms=2, adjust="holm"), "adjustment"),
    (lambda: continuous_sample_size(30.0, 1.0), "so large"),
    (lambda: continuous_sample_size(1e-6, 1.0), "more than"),
    (lambda: binary_power(0, 0.4, 0.25), "at least one patient"),
    (lambda: continuous_power(1, 3, 10), "more than 2 patients"),
    (lambda: inflate_for_dropout(90, 100), "below 100"),
    (lambda: inflate_for_dropout(-1, 10), "non-negative"),
])
def test_impossible_requests_say_why(call, words):
    with pytest.raises(SampleSizeError) as caught:
        call()
    assert words in str(caught.value)


def test_a_solver_that_does_not_converge_says_so(monkeypatch):
    def stuck(*args, **kwargs):
        raise dist.DistributionConvergenceError("the noncentral t series did not converge")

    monkeypatch.setattr(dist, "t_test_power", stuck)
    with pytest.raises(ConvergenceError) as caught:
        continuous_sample_size(3.0, 10.5)
    assert "did not converge" in str(caught.value)
    assert isinstance(caught.value, SampleSizeError)


def test_the_fallback_solver_finds_the_same_n(monkeypatch):
    # If the fast secant iteration gives up, bracketing plus Brent must give the same answer.
    fast = continuous_sample_size(0.5, 1.0, ratio=2.0).raw[0]
    monkeypatch.setattr(ss, "_MAX_N_PER_ARM", 1e9)
    shortfall_calls = []

    def shortfall(n):
        shortfall_calls.append(n)
        return ss._t_power(n, 2.0 * n, 0.5, 0.025)[0] - 0.8

    slow = ss._t_test_n_bracketed(shortfall, ss._t_minimum_control_n(2.0), 10.0)
    assert slow == pytest.approx(fast, rel=1e-10)
    assert shortfall_calls


# ---------------------------------------------------------------------------------------------
# Properties
# ---------------------------------------------------------------------------------------------

rates = st.floats(min_value=0.03, max_value=0.97)
powers = st.floats(min_value=0.5, max_value=0.99)
alphas = st.sampled_from([0.001, 0.01, 0.025, 0.05, 0.1, 0.2])
ratios = st.sampled_from([0.5, 1.0, 1.5, 2.0, 3.0])
binary_methods = st.sampled_from(ss.BINARY_METHODS)


@settings(max_examples=200, deadline=None)
@given(p1=rates, gap=st.floats(0.02, 0.5), extra=st.floats(0.005, 0.3),
       down=st.booleans(), power=powers, alpha=alphas, sided=st.sampled_from([1, 2]),
       ratio=ratios, method=binary_methods)
def test_binary_n_decreases_as_the_effect_grows(p1, gap, extra, down, power, alpha, sided,
                                                ratio, method):
    sign = -1 if down else 1
    p2_small, p2_large = p1 + sign * gap, p1 + sign * (gap + extra)
    assume(0.005 < p2_small < 0.995 and 0.005 < p2_large < 0.995)
    common = dict(power=power, alpha=alpha, sided=sided, ratio=ratio, method=method)
    small = binary_sample_size(p1, p2_small, **common)
    large = binary_sample_size(p1, p2_large, **common)
    assert large.raw[0] < small.raw[0]
    assert large.n_total <= small.n_total


@settings(max_examples=100, deadline=None)
@given(d=st.floats(0.05, 2.0), factor=st.floats(1.01, 3.0), power=powers, alpha=alphas,
       sided=st.sampled_from([1, 2]), ratio=ratios)
def test_continuous_n_decreases_as_the_difference_grows_and_increases_with_sd(
        d, factor, power, alpha, sided, ratio):
    common = dict(power=power, alpha=alpha, sided=sided, ratio=ratio)
    try:
        base = continuous_sample_size(d, 1.0, **common)
    except SampleSizeError as error:           # already below the smallest t-test design
        assert "so large" in str(error)
        return
    larger_sd = continuous_sample_size(d, factor, **common)
    assert larger_sd.raw[0] > base.raw[0]
    try:
        larger_effect = continuous_sample_size(d * factor, 1.0, **common)
    except SampleSizeError as error:           # fell below the smallest design: n decreased
        assert "so large" in str(error)
        return
    assert larger_effect.raw[0] < base.raw[0]


@settings(max_examples=150, deadline=None)
@given(p1=rates, p2=rates, power=st.floats(0.5, 0.95), more=st.floats(0.005, 0.04),
       alpha=alphas, arms=st.integers(1, 4), method=binary_methods)
def test_binary_n_increases_with_power(p1, p2, power, more, alpha, arms, method):
    assume(abs(p1 - p2) > 0.01)
    common = dict(alpha=alpha, arms=arms, method=method)
    low = binary_sample_size(p1, p2, power=power, **common)
    high = binary_sample_size(p1, p2, power=power + more, **common)
    assert high.raw[0] > low.raw[0]
    assert high.n_total >= low.n_total


@settings(max_examples=60, deadline=None)
@given(d=st.floats(0.1, 1.5), power=st.floats(0.5, 0.95), more=st.floats(0.005, 0.04),
       alpha=alphas, sided=st.sampled_from([1, 2]), arms=st.integers(1, 3))
def test_continuous_n_increases_with_power(d, power, more, alpha, sided, arms):
    common = dict(alpha=alpha, sided=sided, arms=arms)
    try:
        low = continuous_sample_size(d, 1.0, power=power, **common)
    except SampleSizeError as error:
        # A difference so large that the smallest t-test design already has the power is
        # refused with that reason; the property is about designs that have an n.
        assert "smallest design" in str(error)
        assume(False)
    high = continuous_sample_size(d, 1.0, power=power + more, **common)
    assert high.raw[0] > low.raw[0]


@settings(max_examples=200, deadline=None)
@given(p1=rates, p2=rates, power=powers, alpha=alphas, sided=st.sampled_from([1, 2]),
       ratio=ratios, method=binary_methods, arms=st.integers(1, 4),
       adjust=st.sampled_from(ss.ADJUSTMENTS), dropout=st.sampled_from([0, 5, 10, 12.5, 20]))
def test_binary_power_of_the_computed_n_is_at_least_the_requested(
        p1, p2, power, alpha, sided, ratio, method, arms, adjust, dropout):
    assume(abs(p1 - p2) > 0.01)
    result = binary_sample_size(p1, p2, power=power, alpha=alpha, sided=sided, ratio=ratio,
                                method=method, arms=arms, adjust=adjust, dropout_pct=dropout)
    achieved = binary_power(result.n_evaluable[0], p1, p2, alpha=alpha, sided=sided,
                            ratio=ratio, method=method, arms=arms, adjust=adjust,
                            n_active=result.n_evaluable[1:])
    assert achieved >= power - 1e-12
    assert result.achieved_power >= power - 1e-12
    assert all(enrolled >= evaluable
               for enrolled, evaluable in zip(result.n_per_arm, result.n_evaluable))


@settings(max_examples=100, deadline=None)
@given(d=st.floats(0.08, 2.0), power=powers, alpha=alphas, sided=st.sampled_from([1, 2]),
       ratio=ratios, arms=st.integers(1, 3))
def test_continuous_power_of_the_computed_n_is_at_least_the_requested(
        d, power, alpha, sided, ratio, arms):
    try:
        result = continuous_sample_size(d, 1.0, power=power, alpha=alpha, sided=sided,
                                        ratio=ratio, arms=arms)
    except SampleSizeError as error:           # only a huge effect may be refused
        assert "so large" in str(error)
        return
    achieved = continuous_power(result.n_evaluable[0], d, 1.0, alpha=alpha, sided=sided,
                                ratio=ratio, arms=arms, n_active=result.n_evaluable[1:])
    assert achieved >= power - 1e-12


@settings(max_examples=200, deadline=None)
@given(p1=rates, p2=rates, power=powers, alpha=alphas, sided=st.sampled_from([1, 2]),
       method=binary_methods)
def test_binary_power_and_n_invert_each_other(p1, p2, power, alpha, sided, method):
    assume(abs(p1 - p2) > 0.01)
    common = dict(alpha=alpha, sided=sided, method=method)
    result = binary_sample_size(p1, p2, power=power, **common)
    raw = result.raw[0]
    assert binary_power(raw, p1, p2, **common) == pytest.approx(power, abs=1e-9)
    n = ceil_n(raw)
    assert binary_power(n, p1, p2, **common) >= power - 1e-9
    if n > 1:
        assert binary_power(n - 1, p1, p2, **common) < power


@settings(max_examples=80, deadline=None)
@given(d=st.floats(0.08, 1.8), power=powers, alpha=alphas, sided=st.sampled_from([1, 2]),
       method=st.sampled_from(ss.CONTINUOUS_METHODS))
def test_continuous_power_and_n_invert_each_other(d, power, alpha, sided, method):
    common = dict(alpha=alpha, sided=sided, method=method)
    try:
        result = continuous_sample_size(d, 1.0, power=power, **common)
    except SampleSizeError as error:
        assert "so large" in str(error)
        return
    raw = result.raw[0]
    assert continuous_power(raw, d, 1.0, **common) == pytest.approx(power, abs=1e-9)
    n = ceil_n(raw)
    assert continuous_power(n, d, 1.0, **common) >= power - 1e-9
    if n - 1 >= 2:
        assert continuous_power(n - 1, d, 1.0, **common) < power


# ---------------------------------------------------------------------------------------------
# Sensitivity table, power curve, sentence
# ---------------------------------------------------------------------------------------------

def test_binary_sensitivity_table_is_centred_on_the_assumptions():
    result = binary_sample_size(0.4, 0.25, dropout_pct=10)
    table = ss.sensitivity_table(result)
    assert table.rows == pytest.approx((0.3, 0.35, 0.4, 0.45, 0.5))
    assert table.columns == pytest.approx((0.075, 0.1125, 0.15, 0.1875, 0.225))
    assert table.n_total[table.base_row][table.base_column] == result.n_total
    # A larger difference needs fewer patients in every row.
    for row in table.n_total:
        assert list(row) == sorted(row, reverse=True)
    # Each cell is a full calculation with the same settings.
    assert table.n_total[0][4] == binary_sample_size(0.3, 0.075, dropout_pct=10).n_total


def test_sensitivity_table_marks_impossible_cells():
    result = binary_sample_size(0.12, 0.04)
    table = ss.sensitivity_table(result)
    assert 0.02 in [round(r, 10) for r in table.rows]
    low = [round(r, 10) for r in table.rows].index(0.02)
    # 0.02 - 0.04 is not a rate: no number, and the reason is recorded.
    assert table.n_total[low][2] is None
    assert any("between 0 and 1" in problem for problem in table.problems)
    assert table.n_total[table.base_row][table.base_column] == result.n_total


def test_continuous_sensitivity_table():
    result = continuous_sample_size(3.0, 10.5)
    table = ss.sensitivity_table(result)
    assert table.rows == pytest.approx((1.5, 2.25, 3.0, 3.75, 4.5))
    assert table.columns == pytest.approx((8.4, 9.45, 10.5, 11.55, 12.6))
    assert table.n_total[table.base_row][table.base_column] == result.n_total
    for row in table.n_total:
        assert list(row) == sorted(row)                  # larger SD, more patients
    for column in zip(*table.n_total):
        assert list(column) == sorted(column, reverse=True)


@pytest.mark.parametrize("make", [
    lambda: binary_sample_size(0.4, 0.25, dropout_pct=10),
    lambda: binary_sample_size(0.4, 0.25, method="continuity_corrected", ratio=2),
    lambda: continuous_sample_size(3.0, 10.5),
    lambda: continuous_sample_size(3.0, 10.5, arms=3, ratio=1.5),
])
def test_power_curve_rises_to_about_twice_the_design(make):
    result = make()
    curve = ss.power_curve(result)
    totals = [n for n, _ in curve]
    values = [p for _, p in curve]
    assert totals == sorted(totals) and len(set(totals)) == len(totals)
    assert values == sorted(values)
    assert values[0] < 0.5 < result.power <= values[-1]
    assert sum(result.n_evaluable) in totals
    design = dict(curve)[sum(result.n_evaluable)]
    assert design == pytest.approx(result.achieved_power, abs=1e-12)
    assert totals[-1] >= 1.9 * sum(result.n_evaluable)


def test_protocol_sentence_binary():
    result = binary_sample_size(0.4, 0.25)
    assert ss.describe(result, "28-day mortality") == (
        "With 152 patients per arm (304 in total) the trial has 80% power to detect a reduction "
        "in 28-day mortality from 40% to 25% (pooled-variance normal approximation, two-sided "
        "alpha 0.05; Fleiss, Levin & Paik 2003).")


def test_protocol_sentence_with_dropout_unequal_arms_and_several_arms():
    with_dropout = ss.describe(binary_sample_size(0.4, 0.25, dropout_pct=10))
    assert "169 patients per arm (338 in total, allowing for 10% dropout from 304 evaluable)" \
        in with_dropout
    unequal = ss.describe(continuous_sample_size(3, 10.5, ratio=2), "VFD-28")
    assert "in the control arm and" in unequal and "in the active arm" in unequal
    assert "difference of 3 in VFD-28 (SD 10.5)" in unequal
    several = ss.describe(binary_sample_size(0.4, 0.25, arms=3))
    assert "in total" in several and "for each comparison with control" in several
    assert "familywise alpha 0.05" in several


def test_to_dict_carries_the_keys_product_md_fixes():
    data = binary_sample_size(0.4, 0.25, arms=2).to_dict()
    for key in ("method", "n_per_arm", "n_total", "raw", "critical_value",
                "inflated_for_dropout", "reference"):
        assert key in data
    assert len(data["n_per_arm"]) == len(data["raw"]) == 3
    assert data["n_total"] == sum(data["n_per_arm"])


def test_power_result_for_the_inverse_problem():
    result = ss.binary_power_result(50, 0.5, 0.75)
    assert result.power == pytest.approx(0.7401659, abs=1e-7)     # P4 again, via the result
    assert result.n_total == 100
    assert "74%" in ss.describe(result)
    continuous = ss.continuous_power_result(20, 1.0, 1.0)
    assert continuous.power == pytest.approx(0.8689528, abs=1e-7)  # M3
    assert continuous.critical_value == pytest.approx(stats.t.isf(0.025, 38), rel=1e-12)


def test_exact_dropout_reads_the_decimal_the_user_typed():
    # 12.3% is 123/1000, not the binary float near it.
    assert ss._exact(12.3, "dropout") == Fraction(123, 10)


def test_a_rounded_design_below_the_target_power_says_so():
    # Rounding each arm up separately (guidance-rules 1.8 item 5) shifts a tiny design's
    # allocation (here 5:2 instead of 10:3), and the pooled null variance depends on it.
    result = binary_sample_size(0.01, 0.31, power=0.3, ratio=0.3)
    assert result.n_evaluable == (5, 2)
    assert result.achieved_power < 0.3
    assert any("below the 30% asked for" in note for note in result.notes)
    assert not binary_sample_size(0.4, 0.25).notes


@settings(max_examples=300, deadline=None)
@given(endpoint=st.sampled_from(["binary", "continuous"]),
       p1=st.floats(0.0005, 0.9995), p2=st.floats(0.0005, 0.9995),
       d=st.floats(1e-4, 60.0), power=st.floats(0.001, 0.999999),
       alpha=st.floats(1e-6, 0.5), sided=st.sampled_from([1, 2]),
       ratio=st.sampled_from([0.01, 0.3, 1.0, 2.0, 10.0, 100.0]),
       dropout=st.floats(0.0, 99.9), arms=st.integers(1, 6),
       adjust=st.sampled_from(ss.ADJUSTMENTS), method=st.integers(0, 1))
def test_any_request_gives_finite_numbers_or_says_why(endpoint, p1, p2, d, power, alpha, sided,
                                                       ratio, dropout, arms, adjust, method):
    common = dict(power=power, alpha=alpha, sided=sided, ratio=ratio, dropout_pct=dropout,
                  arms=arms, adjust=adjust)
    try:
        if endpoint == "binary":
            result = binary_sample_size(p1, p2, method=ss.BINARY_METHODS[method], **common)
        else:
            result = continuous_sample_size(d, 1.0, method=ss.CONTINUOUS_METHODS[method],
                                            **common)
    except SampleSizeError as error:
        assert str(error)
        return
    numbers = [*result.raw, result.critical_value, result.achieved_power]
    assert all(math.isfinite(x) for x in numbers)
    assert all(n >= 1 for n in result.n_per_arm) and result.n_total == sum(result.n_per_arm)
    assert result.achieved_power >= power - 1e-12 or result.notes
    curve = ss.power_curve(result, points=12)
    assert all(0.0 <= p <= 1.0 for _, p in curve)


# Found in review: inputs inside the format's ranges that crashed or printed absurd numbers.
@pytest.mark.parametrize("call, message", [
    (lambda: binary_sample_size(0.4, 0.3999999999999), "patients per arm would be needed"),
    (lambda: binary_sample_size(1e-300, 2e-300), "too small to detect"),
    (lambda: binary_sample_size(0.4, 0.25, ratio=1e-11), "is outside 0.01 to 100"),
    (lambda: binary_sample_size(0.4, 0.25, ratio=[1e-9, 1e-9], arms=2), "is outside 0.01"),
    (lambda: binary_sample_size(0.4, 0.25, dropout_pct=99.9999999), "would have to be enrolled"),
    (lambda: continuous_sample_size(1e-300, 1e6), "standardised difference"),
    (lambda: continuous_sample_size(1e6, 1e-300), "standardised difference"),
    (lambda: continuous_sample_size(1e-5, 1e6, arms=2), "patients per arm would be needed"),
])
def test_extreme_but_readable_inputs_are_clear_errors(call, message):
    with pytest.raises(SampleSizeError, match=message):
        call()


def test_extreme_design_is_reported_by_e2_and_still_exports(tmp_path):
    from models.design_io import design_to_dict, load_design, parse_design
    from models.guidance import evaluate
    from models.resources import resource_path
    from reports.pdf import export_pdf

    document = design_to_dict(load_design(resource_path("examples", "core-protocol.trial.json")))
    document["control"]["allocation_ratio"] = [1e-9, 1e-9, 100]
    design = parse_design(document)
    (e2,) = [f for f in evaluate(design).findings if f.rule == "E-2"]
    assert e2.message.startswith("The sample size cannot be computed: allocation ratio")
    export_pdf(design, tmp_path / "x.pdf")
    assert (tmp_path / "x.pdf").read_bytes().startswith(b"%PDF")
