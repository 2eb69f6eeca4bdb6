"""The group-sequential engine (models.group_sequential) against independent published values.

Sources, each named again at its test:
- JT: Jennison C, Turnbull BW. Group Sequential Methods with Applications to Clinical Trials,
  Chapman & Hall/CRC 2000, Table 2.1 (Pocock constants C_P(K)) and Table 2.3 (O'Brien-Fleming
  constants C_B(K)), two-sided alpha = 0.05, i.e. 0.025 per side; three decimals printed.
- rpact unit tests: github.com/rpact-com/rpact, tests/testthat/test-f_design_group_sequential.R
  and test-f_design_group_sequential_beta_spending.R at commit b6f635c7 ("Release candidate",
  rpact 4.x; the tests were removed from the repository in the next commit). Expected values
  printed to 8 significant digits.
- rpact printed summaries: the vignette "Enhanced Futility Bounds Specification with rpact"
  (rpact.org/vignettes/planning/rpact_futility_bounds, 15 Dec 2025), the RPACT talk at IBIG
  2025 (ibig.presentation.2025.rpact.com, part 1) and the RPACT Bayer training 2026
  (bayer.presentation.2026.rpact.com, part 2); four decimals printed.
- gsDesign unit tests: github.com/keaven/gsDesign tests/testthat/test-outputs.R (which checks
  gsDesign against J&T and Anderson's 2008 Deming presentation); values printed to 3 digits.
- An independent method: scipy.stats.multivariate_normal.cdf on the canonical joint normal
  distribution, corr(Z_i, Z_j) = sqrt(t_i / t_j) (scipy is a test-only dependency).
"""

from __future__ import annotations

import json
import math
import subprocess
import sys
from pathlib import Path

import pytest

from models import distributions as dist
from models import sample_size as ss
import models.group_sequential as gs
from models.group_sequential import design as gs_design
from models.group_sequential import integration as gsi

ROOT = Path(__file__).resolve().parent.parent


def close(actual, expected, tol):
    assert len(actual) == len(expected)
    for a, e in zip(actual, expected):
        assert a == pytest.approx(e, abs=tol), (actual, expected)


def cumulative(values):
    return [sum(values[:k + 1]) for k in range(len(values))]


# ---------------------------------------------------------------------------------------------
# Start-up
# ---------------------------------------------------------------------------------------------

def test_importing_the_package_does_not_import_numpy():
    code = ("import sys; import models.group_sequential as gs; "
            "assert 'numpy' not in sys.modules, 'numpy imported'; "
            "gs.group_sequential_design(2); assert 'numpy' in sys.modules")
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True)


# ---------------------------------------------------------------------------------------------
# Jennison & Turnbull (2000), Tables 2.1 and 2.3: tolerance 1e-3 (three decimals printed)
# ---------------------------------------------------------------------------------------------

JT_OBF = {2: (2.797, 1.977), 3: (3.471, 2.454, 2.004)}          # C_B(K) sqrt(K/k), Table 2.3
JT_POCOCK = {2: 2.178, 3: 2.289, 4: 2.361, 5: 2.413}            # C_P(K), Table 2.1


@pytest.mark.parametrize("sided, alpha", [(1, 0.025), (2, 0.05)])
@pytest.mark.parametrize("looks", sorted(JT_OBF))
def test_obrien_fleming_boundaries_jennison_turnbull_table_2_3(looks, sided, alpha):
    design = gs.group_sequential_design(looks, alpha=alpha, sided=sided, efficacy="obf")
    close(design.boundaries_z, JT_OBF[looks], 1e-3)


@pytest.mark.parametrize("sided, alpha", [(1, 0.025), (2, 0.05)])
@pytest.mark.parametrize("looks", sorted(JT_POCOCK))
def test_pocock_constant_jennison_turnbull_table_2_1(looks, sided, alpha):
    design = gs.group_sequential_design(looks, alpha=alpha, sided=sided, efficacy="pocock")
    close(design.boundaries_z, [JT_POCOCK[looks]] * looks, 1e-3)


# ---------------------------------------------------------------------------------------------
# rpact unit tests (commit b6f635c7): tolerance 1e-6 on z (2e-6 where rpact's own value is off by
# 8e-7 from the converged integral), 1e-7 on probabilities, 5e-7 on information
# ---------------------------------------------------------------------------------------------

def test_rpact_default_inverse_normal_design_is_obrien_fleming():
    """test-f_design_group_sequential.R, "'getDesignInverseNormal' with default parameters":
    kMax = 3, alpha = 0.025, typeOfDesign = "OF"."""
    design = gs.group_sequential_design(3, alpha=0.025, efficacy="obf")
    close(design.boundaries_z, (3.4710914, 2.4544323, 2.0040356), 1e-6)
    close(design.alpha_spent, (0.00025917372, 0.0071600594, 0.02499999), 2e-8)
    close(design.boundaries_p, (0.00025917372, 0.0070553616, 0.022533125), 2e-8)


def test_rpact_pocock_alpha_and_beta_spending_non_binding():
    """test-f_design_group_sequential.R, 'asP' and 'bsP', non-binding, delayedInformation = 0
    (dl5 and its getDesignCharacteristics dl6): kMax = 3, alpha = 0.05, beta = 0.1,
    informationRates = c(0.4, 0.65, 1)."""
    design = gs.group_sequential_design(3, alpha=0.05, power=0.9, efficacy="ld_pocock",
                                        futility=("beta", "ld_pocock"),
                                        info_rates=(0.4, 0.65, 1))
    close(design.boundaries_z, (1.9405431, 2.0327662, 1.9734104), 1e-6)
    close(design.futility_z[:2], (0.5448398, 1.0899149), 1e-6)
    assert design.futility_z[2] is None
    close(design.alpha_spent, (0.026156858, 0.037497241, 0.05), 1e-8)
    close(design.beta_spent, (0.052313716, 0.074994481, 0.099999999), 1e-7)
    close(design.boundaries_p, (0.026156858, 0.021038075, 0.02422441), 1e-8)
    close(cumulative(design.prob_stop_efficacy_h1), (0.58983431, 0.79279807, 0.9), 1e-7)
    close(design.prob_stop_efficacy_h1, (0.58983431, 0.20296375, 0.10720193), 1e-7)
    close(design.prob_stop_futility_h1[:2], (0.052313716, 0.022680765), 1e-7)
    assert design.inflation_factor == pytest.approx(1.3716844, abs=1e-6)
    assert design.drift ** 2 == pytest.approx(11.746896, abs=1e-5)       # rpact "shift"
    assert design.fixed_drift ** 2 == pytest.approx(8.5638474, abs=1e-6)  # rpact "nFixed"
    # Information-scale results carry the maximum information's error (2e-7 with r = 18; r = 36
    # agrees with rpact to 1e-8).
    assert design.expected_info_h1 == pytest.approx(0.73486016, abs=5e-7)
    assert design.expected_info_h0 == pytest.approx(0.67993383, abs=5e-7)
    assert gs.operating_characteristics(design, 0.5).expected_info == pytest.approx(0.8455149,
                                                                                    abs=5e-7)


@pytest.mark.parametrize("rates, critical, levels", [
    # "two-sided beta spending (7)" and "(8)": non-binding, so the critical values are those
    # of the two-sided asOF design alone.
    ((0.15, 0.4, 0.8, 1), (6.3431527, 3.7800251, 2.5620799, 2.2927506),
     (1.1255508e-10, 7.8406284e-05, 0.0052023689, 0.010931184)),
    # "two-sided beta spending (3)".
    ((0.15, 0.25, 0.8, 1), (6.3431527, 4.8600403, 2.560259, 2.292451),
     (1.1255508e-10, 5.8680939e-07, 0.0052297087, 0.010939815)),
])
def test_rpact_two_sided_obrien_fleming_type_spending(rates, critical, levels):
    """test-f_design_group_sequential_beta_spending.R: alpha = 0.025, sided = 2, asOF; rpact
    spends alpha/2 per side with the one-sided function, as this engine does.

    rpact solves each look to an absolute probability of about 1e-10 ("stageLevels"), which in
    the far tail (p = 6e-7 at t = 0.25) is 1e-4 on the z scale; there the z value is compared
    through its nominal p instead (rpact's 5.8681e-7 is even below the spending increment,
    5.8700e-7, that the marginal p must exceed)."""
    design = gs.group_sequential_design(4, alpha=0.025, sided=2, info_rates=rates)
    close(design.boundaries_p, levels, 2e-8)
    for ours, theirs, p in zip(design.boundaries_z, critical, levels):
        assert ours == pytest.approx(theirs, abs=2e-6 if p > 1e-5 else 1e-4)
    alpha_spent = (2.2511014e-10, 0.00015681311, 0.010459859, 0.025) if rates[1] == 0.4 else (
        2.2511014e-10, 1.1742122e-06, 0.01045986, 0.025)
    for ours, theirs in zip(design.alpha_spent, alpha_spent):
        assert ours == pytest.approx(theirs, rel=1e-6)


def test_rpact_group_sequential_probabilities_with_constant_bounds():
    """test-f_design_group_sequential.R, 'getGroupSequentialProbabilities' with one
    continuation region (-1.645, 1.645) at 4 equally spaced looks: rows 1 to 3 are
    P(reach k, Z_k < lower), P(reach k, Z_k < upper) and P(reach k)."""
    z = dist.norm_ppf(0.95)
    above, below, reach = gsi.crossing_probabilities((0.25, 0.5, 0.75, 1.0), 0.0, [z] * 4,
                                                     [-z] * 4)
    close(below, (0.05, 0.030074925, 0.020961248, 0.01595848), 1e-8)
    close([r - a for r, a in zip(reach, above)], (0.95, 0.86992507, 0.8188889, 0.78196917), 1e-8)
    close(reach, (1, 0.9, 0.83985015, 0.79792765), 1e-8)


# ---------------------------------------------------------------------------------------------
# rpact printed summaries: tolerance 6e-5 (four decimals printed)
# ---------------------------------------------------------------------------------------------

def test_rpact_futility_vignette_obrien_fleming_with_futility_at_zero():
    """rpact vignette "Enhanced Futility Bounds Specification" (Dec 2025):
    getDesignGroupSequential(kMax = 3, alpha = 0.025, sided = 1, typeOfDesign = "OF",
    futilityBounds = c(0, -Inf)), power 80%."""
    design = gs.group_sequential_design(3, alpha=0.025, power=0.8, efficacy="obf",
                                        futility=("z", (0, None)))
    assert design.inflation_factor == pytest.approx(1.0628, abs=6e-5)
    assert design.expected_info_h1 == pytest.approx(0.8528, abs=6e-5)
    assert gs.operating_characteristics(design, 0.5).expected_info == pytest.approx(0.8821,
                                                                                    abs=6e-5)
    assert design.expected_info_h0 == pytest.approx(0.7059, abs=6e-5)
    close(design.alpha_spent, (0.0003, 0.0072, 0.0250), 6e-5)
    close(design.boundaries_p, (0.0003, 0.0071, 0.0225), 6e-5)
    close(design.boundaries_z, (3.471, 2.454, 2.004), 6e-4)
    close(cumulative(design.prob_stop_efficacy_h1), (0.0356, 0.4617, 0.8000), 6e-5)
    close(design.prob_stop_futility_h1[:2], (0.048, 0.0), 6e-4)


def test_rpact_ibig_2025_obrien_fleming_type_spending_with_futility_at_zero():
    """RPACT at IBIG 2025, part 1: three equally spaced looks, asOF, one-sided 2.5%, power 80%,
    futility bounds 0 and 0 (non-binding)."""
    design = gs.group_sequential_design(3, alpha=0.025, power=0.8, efficacy="ld_obf",
                                        futility=("z", 0))
    close(design.alpha_spent, (0.0001, 0.0060, 0.0250), 6e-5)
    close(design.boundaries_p, (0.0001, 0.0060, 0.0231), 6e-5)
    close(design.boundaries_z, (3.710, 2.511, 1.993), 6e-4)
    close(cumulative(design.prob_stop_efficacy_h1), (0.0204, 0.4371, 0.8000), 6e-5)
    close(design.prob_stop_efficacy_h0[:2], (0.0001, 0.0059), 6e-5)
    close(design.prob_stop_efficacy_h1[:2], (0.0204, 0.4167), 6e-5)
    close(design.prob_stop_futility_h0[:2], (0.5000, 0.1250), 6e-5)
    close(design.prob_stop_futility_h1[:2], (0.0480, 0.0035), 6e-5)


def test_rpact_bayer_2026_obrien_fleming_type_spending_unequal_looks():
    """RPACT Bayer training 2026, part 2: informationRates = c(0.3, 0.6, 1), asOF, one-sided
    2.5%, power 80%, futilityBounds = c(0, -Inf), non-binding."""
    design = gs.group_sequential_design(3, alpha=0.025, power=0.8, efficacy="ld_obf",
                                        futility=("z", (0, None)), info_rates=(0.3, 0.6, 1))
    assert design.inflation_factor == pytest.approx(1.0718, abs=6e-5)
    assert design.expected_info_h1 == pytest.approx(0.8826, abs=6e-5)
    assert gs.operating_characteristics(design, 0.5).expected_info == pytest.approx(0.8852,
                                                                                    abs=6e-5)
    assert design.expected_info_h0 == pytest.approx(0.695, abs=6e-4)
    assert design.alpha_spent[0] < 0.0001
    close(design.alpha_spent[1:], (0.0038, 0.0250), 6e-5)


# ---------------------------------------------------------------------------------------------
# gsDesign test-outputs.R: tolerance 6e-4 (percent to one decimal) or 6e-3 (two decimals)
# ---------------------------------------------------------------------------------------------

def test_gsdesign_deming_obrien_fleming_bounds():
    """test.Deming.OFbound: gsDesign(k = 4, test.type = 2, sfu = "OF", beta = 0.2)."""
    design = gs.group_sequential_design(4, alpha=0.05, sided=2, power=0.8, efficacy="obf")
    close(design.boundaries_z, (4.05, 2.86, 2.34, 2.02), 6e-3)


def test_gsdesign_jt_obrien_fleming_sample_size():
    """test.JT.OFss: gsDesign(k = 5, test.type = 2, sfu = "OF", beta = 0.2): maximum and
    expected (under H0) sample size relative to the fixed design, 102.8% and 102.1%."""
    design = gs.group_sequential_design(5, alpha=0.05, sided=2, power=0.8, efficacy="obf")
    assert design.inflation_factor == pytest.approx(1.028, abs=6e-4)
    assert design.expected_info_h0 == pytest.approx(1.021, abs=6e-4)


def test_gsdesign_jt_pocock_sample_size_and_expected_sample_size():
    """test.JT.Pocock: gsDesign(k = 4, test.type = 2, sfu = "Pocock", beta = 0.2): maximum
    120.2%, expected 117.5%, 108.8%, 80.5%, 52.2% at theta = (0, 0.5, 1, 1.5) delta."""
    design = gs.group_sequential_design(4, alpha=0.05, sided=2, power=0.8, efficacy="pocock")
    assert design.inflation_factor == pytest.approx(1.202, abs=6e-4)
    expected = [gs.operating_characteristics(design, e).expected_info for e in (0, 0.5, 1, 1.5)]
    close(expected, (1.175, 1.088, 0.805, 0.522), 6e-4)
    assert design.expected_info_h0 == pytest.approx(expected[0], abs=1e-12)
    assert design.expected_info_h1 == pytest.approx(expected[2], abs=1e-12)


@pytest.mark.parametrize("rates, expected", [((0.5, 1.0), 0.042),
                                             ((0.25, 0.5, 0.75, 1.0), 0.063)])
def test_gsdesign_deming_repeated_significance_tests(rates, expected):
    """test.Deming.gsProb: repeated testing at the unadjusted two-sided 5% bounds +-1.96; the
    upper crossing probability under H0 (gsProbability(...)$upper$prob summed)."""
    z = dist.norm_ppf(0.975)
    above, _, _ = gsi.crossing_probabilities(rates, 0.0, [z] * len(rates), [-z] * len(rates))
    assert round(sum(above), 3) == expected


# ---------------------------------------------------------------------------------------------
# Independent cross-check: scipy's multivariate normal on the canonical joint distribution
# ---------------------------------------------------------------------------------------------

def _mvn_rejection(design, drift):
    np = pytest.importorskip("numpy")
    stats = pytest.importorskip("scipy.stats")
    t = np.array(design.info_rates)
    cov = np.sqrt(np.minimum.outer(t, t) / np.maximum.outer(t, t))
    b = np.array(design.boundaries_z)
    lower = -b if design.sided == 2 else np.full(len(t), -np.inf)
    inside = stats.multivariate_normal.cdf(b, mean=drift * np.sqrt(t), cov=cov,
                                           lower_limit=lower, abseps=1e-9, releps=1e-9,
                                           maxpts=4_000_000, rng=np.random.default_rng(2026))
    return 1.0 - inside


@pytest.mark.parametrize("looks, efficacy, sided, rates", [
    (2, "ld_obf", 1, None), (3, "ld_pocock", 1, (0.2, 0.55, 1)), (4, "obf", 1, None),
    (5, "pocock", 1, (0.1, 0.3, 0.5, 0.9, 1)), (5, "ld_obf", 1, None), (3, "ld_obf", 2, None),
    (4, "ld_pocock", 2, (0.25, 0.5, 0.51, 1)), (2, "pocock", 2, (0.7, 1)),
])
def test_total_type_i_error_and_power_against_scipy(looks, efficacy, sided, rates):
    alpha = 0.05 if sided == 2 else 0.025
    design = gs.group_sequential_design(looks, alpha=alpha, sided=sided, power=0.85,
                                        efficacy=efficacy, info_rates=rates)
    assert _mvn_rejection(design, 0.0) == pytest.approx(alpha, abs=1e-6)
    assert sum(design.prob_stop_efficacy_h0) == pytest.approx(alpha, abs=1e-8)
    assert design.alpha_spent[-1] == pytest.approx(alpha, abs=1e-8)
    # Under H1 the two-sided rejection region also counts the (negligible) wrong-way side.
    assert _mvn_rejection(design, design.drift) == pytest.approx(
        sum(design.prob_stop_efficacy_h1), abs=1e-6)
    assert design.achieved_power == pytest.approx(0.85, abs=1e-9)


# ---------------------------------------------------------------------------------------------
# Properties
# ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("efficacy", gs.EFFICACY_FAMILIES)
@pytest.mark.parametrize("sided, alpha", [(1, 0.025), (2, 0.05)])
def test_one_look_is_the_fixed_design(efficacy, sided, alpha):
    design = gs.group_sequential_design(1, alpha=alpha, sided=sided, power=0.9,
                                        efficacy=efficacy)
    assert design.inflation_factor == 1.0
    assert design.boundaries_z == (dist.norm_isf(alpha / sided),)
    assert design.drift == design.fixed_drift
    assert design.achieved_power == pytest.approx(0.9, abs=1e-12)
    assert design.expected_info_h0 == design.expected_info_h1 == 1.0
    assert design.algorithm == "closed form (a single analysis)"
    assert gs.patient_plan(design, 128).max_n == 128


def test_one_look_ignores_futility_and_says_so():
    design = gs.group_sequential_design(1, futility=("beta", "ld_obf"))
    assert design.futility is None and design.futility_z is None and design.notes


@pytest.mark.parametrize("futility", [("beta", "ld_obf"), ("beta", "ld_pocock"), ("z", 0.0)])
def test_futility_is_non_binding(futility):
    """The efficacy bounds ignore futility; power is met with futility obeyed, so the maximum
    information grows, and the type I error with futility obeyed falls below alpha."""
    plain = gs.group_sequential_design(4, power=0.9)
    with_futility = gs.group_sequential_design(4, power=0.9, futility=futility)
    assert with_futility.boundaries_z == plain.boundaries_z
    assert with_futility.alpha_spent == plain.alpha_spent
    assert with_futility.inflation_factor > plain.inflation_factor
    assert with_futility.achieved_power == pytest.approx(0.9, abs=1e-9)
    assert with_futility.type_i_error < plain.type_i_error
    assert with_futility.expected_info_h0 < plain.expected_info_h0
    if futility[0] == "beta":
        assert with_futility.beta_spent[-1] == pytest.approx(0.1, abs=1e-9)
        close(cumulative(with_futility.prob_stop_futility_h1[:-1]), with_futility.beta_spent[:-1],
              1e-12)


def test_futility_bound_that_would_reach_the_efficacy_bound_is_capped():
    upper = (0.5, 0.5, 1.96)
    lower, capped, above, below, reach = gsi.beta_spending_pass((0.3, 0.6, 1.0), 3.0, upper,
                                                                (0.8, 0.9, 0.95))
    assert capped == (0,) and lower[0] == upper[0]
    assert reach[1] == 0.0 and above[2] == 0.0           # every trial stopped at look 1


def test_estimate_scale_and_patients():
    fixed = ss.binary_sample_size(0.40, 0.25, alpha=0.05, sided=2, power=0.8)
    design = gs.group_sequential_design(3, alpha=0.05, sided=2, power=0.8)
    plan = gs.patient_plan(design, fixed.n_total)
    assert plan.max_n >= math.ceil(design.inflation_factor * fixed.n_total)
    assert plan.max_n - math.ceil(design.inflation_factor * fixed.n_total) <= 1
    assert plan.n_per_arm[0] == plan.n_per_arm[1] and sum(plan.n_per_arm) == plan.max_n
    assert plan.n_at_look[-1] == plan.max_n and list(plan.n_at_look) == sorted(plan.n_at_look)
    assert plan.expected_n_h1 == pytest.approx(design.expected_info_h1 * fixed.n_total, rel=0.01)
    bounds = gs.binary_estimate_boundaries(design, plan, 0.40, 0.25)
    n_c, n_t = plan.n_per_arm_at_look[1]
    se = math.sqrt(0.4 * 0.6 / n_c + 0.25 * 0.75 / n_t)
    assert bounds.standard_error[1] == pytest.approx(se, rel=1e-12)
    assert bounds.efficacy[1] == pytest.approx(-design.boundaries_z[1] * se, rel=1e-12)
    assert bounds.futility is None
    vfd = gs.continuous_estimate_boundaries(design, plan, 3.0, 10.5)
    assert vfd.efficacy[-1] == pytest.approx(
        design.boundaries_z[-1] * 10.5 * math.sqrt(2 / plan.n_per_arm[0]), rel=1e-12)


def test_patients_keep_whole_arms_for_the_allocation():
    design = gs.group_sequential_design(2, futility=("beta", "ld_pocock"))
    plan = gs.patient_plan(design, 300, ratio=2)
    n_c, n_t = plan.n_per_arm
    target = design.inflation_factor * 300
    assert n_c == math.ceil(target / 3) and n_t == math.ceil(2 * target / 3)
    n_c1, n_t1 = plan.n_per_arm_at_look[0]
    fut = gs.continuous_estimate_boundaries(design, plan, -2.0, 8.0).futility
    # A lower mean is better here, so the futility bound is mirrored: -a_1 x SE_1.
    assert fut[0] == pytest.approx(-design.futility_z[0] * 8.0 * math.sqrt(1 / n_c1 + 1 / n_t1),
                                   rel=1e-12)
    assert fut[1] is None


def test_results_are_json_ready():
    design = gs.group_sequential_design(3, futility=("beta", "ld_obf"))
    data = json.loads(json.dumps(design.to_dict(), allow_nan=False))
    for key in ("boundaries_z", "futility_z", "boundaries_p", "alpha_spent", "beta_spent",
                "info_rates", "inflation_factor", "prob_stop_efficacy_h0",
                "prob_stop_efficacy_h1", "prob_stop_futility_h0", "prob_stop_futility_h1",
                "expected_info_h0", "expected_info_h1", "method", "formula", "algorithm",
                "reference"):
        assert key in data
    assert "Jennison & Turnbull" in data["algorithm"] and "non-binding" in data["method"]
    two_sided = gs.group_sequential_design(2, alpha=0.05, sided=2)
    assert "2.5% per side" in two_sided.method
    plan = gs.patient_plan(design, 200)
    json.dumps(plan.to_dict(), allow_nan=False)
    json.dumps(gs.binary_estimate_boundaries(design, plan, 0.4, 0.3).to_dict(), allow_nan=False)
    json.dumps(gs.operating_characteristics(design, 0.5).to_dict(), allow_nan=False)


def test_sweep_never_returns_nan():
    for looks in range(1, 6):
        for efficacy in gs.EFFICACY_FAMILIES:
            for futility in (None, ("beta", "ld_obf"), ("z", -0.5)):
                for alpha, power in ((0.001, 0.99), (0.025, 0.8), (0.5, 0.6)):
                    design = gs.group_sequential_design(looks, alpha=alpha, power=power,
                                                        efficacy=efficacy, futility=futility)
                    json.dumps(design.to_dict(), allow_nan=False)


# ---------------------------------------------------------------------------------------------
# Impossible requests
# ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("kwargs", [
    dict(looks=0), dict(looks=6), dict(looks=2.5), dict(looks=True), dict(looks="3"),
    dict(looks=3, info_rates=(0.5, 0.4, 1)), dict(looks=3, info_rates=(0.3, 0.6, 0.9)),
    dict(looks=2, info_rates=(0, 1)), dict(looks=2, info_rates=(-0.2, 1)),
    dict(looks=2, info_rates=(0.5, 0.7, 1)), dict(looks=2, info_rates=(0.995, 1)),
    dict(looks=2, info_rates="0.5, 1"), dict(looks=2, info_rates=(math.nan, 1)),
    dict(alpha=0), dict(alpha=0.6), dict(alpha=math.nan), dict(alpha=1e-12),
    dict(power=0.02), dict(power=1.0), dict(sided=3), dict(efficacy="haybittle"),
    dict(futility="beta"), dict(futility=("beta", "obf")), dict(futility=("gamma", 1)),
    dict(futility=("z", (0,))), dict(futility=("z", 2.6)),
    dict(sided=2, alpha=0.05, futility=("z", 0)),
    dict(looks=2, info_rates=(1e-5, 1)),          # no alpha spent at the first look
])
def test_impossible_requests_raise_group_sequential_error(kwargs):
    with pytest.raises(gs.GroupSequentialError) as caught:
        gs.group_sequential_design(**kwargs)
    assert isinstance(caught.value, ValueError) and str(caught.value)


def test_unreachable_power_is_a_convergence_error(monkeypatch):
    monkeypatch.setattr(gs_design, "MAX_INFLATION", 1.01)
    with pytest.raises(gs.GroupSequentialConvergenceError, match="fixed-sample information"):
        gs.group_sequential_design(3, futility=("beta", "ld_pocock"))


@pytest.mark.parametrize("fixed_n, ratio", [(1, 1.0), (2.5, 1.0), (True, 1.0), (100, 0),
                                            (100, math.inf), (10 ** 10, 1.0)])
def test_impossible_patient_plans(fixed_n, ratio):
    design = gs.group_sequential_design(2)
    with pytest.raises(gs.GroupSequentialError):
        gs.patient_plan(design, fixed_n, ratio=ratio)


def test_impossible_estimate_scales():
    design = gs.group_sequential_design(2)
    plan = gs.patient_plan(design, 100)
    with pytest.raises(gs.GroupSequentialError):
        gs.binary_estimate_boundaries(design, plan, 0.3, 0.3)
    with pytest.raises(gs.GroupSequentialError):
        gs.binary_estimate_boundaries(design, plan, 0.3, 1.2)
    with pytest.raises(gs.GroupSequentialError):
        gs.continuous_estimate_boundaries(design, plan, 0.0, 1.0)
    with pytest.raises(gs.GroupSequentialError):
        gs.continuous_estimate_boundaries(design, plan, 1.0, -1.0)
    with pytest.raises(gs.GroupSequentialError):
        gs.continuous_estimate_boundaries(gs.group_sequential_design(3), plan, 1.0, 1.0)
