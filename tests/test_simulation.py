"""Monte Carlo operating characteristics (models.simulation) against closed forms, exact
computations and independent implementations; reproducibility; refusals.

Tolerance: a simulated probability agrees with its reference p when it is within 4 Monte Carlo
standard errors of a binomial proportion with the number of simulated trials N, 4·√(p(1 - p)/N)
(``within_mc``); an expected number of patients within 4·SD/√N, SD that of the patients analysed
when each trial stops under the reference distribution. Seeds are fixed, so every test is
deterministic; with about 60 such comparisons a false failure at a fresh seed would occur about
once in 250 seeds. Each test names its reference.
"""

from __future__ import annotations

import json
import math
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from scipy import stats
from statsmodels.stats.proportion import proportions_ztest

from models import sample_size as ss
from models.simulation import (
    BLOCK_TRIALS,
    BinaryEndpoint,
    ContinuousEndpoint,
    SimulationCancelled,
    SimulationError,
    TrialDesign,
    VFDEndpoint,
    draw_vfd_patients,
    effect_grid,
    fixed_design,
    simulate,
    simulate_grid,
    simulate_scenarios,
    vfd_arm_model,
)
from models.simulation.engine import (
    _mean_difference_z,
    _pooled_proportion_z,
    _vfd_counts,
    _wilcoxon_z,
)

ROOT = Path(__file__).resolve().parent.parent
MC_SE_MULTIPLE = 4.0

# Jennison & Turnbull 2000, Table 2.3 (O'Brien-Fleming, C_B(3, 0.05) = 2.004, boundaries
# C_B·√(K/k)) and Table 2.1 (Pocock, C_P(3, 0.05) = 2.289): two-sided 0.05, i.e. one-sided
# 0.025, three equally spaced looks.
OBF_3 = (3.471, 2.454, 2.004)
POCOCK_3 = (2.289, 2.289, 2.289)
THIRDS = (1 / 3, 2 / 3, 1.0)


def assert_within_mc(simulated: float, reference: float, n: int, what: str = "") -> None:
    tolerance = MC_SE_MULTIPLE * math.sqrt(reference * (1.0 - reference) / n)
    assert abs(simulated - reference) <= tolerance, (
        f"{what}: simulated {simulated:.5f}, reference {reference:.5f}, tolerance {tolerance:.5f}")


# ---------------------------------------------------------------------------------------------
# An independent exact computation: the canonical joint distribution of group-sequential z
# statistics (Jennison & Turnbull 2000, section 3.1): Z_k ~ N(θ√t_k, 1), corr(Z_i, Z_j) =
# √(t_i/t_j) for t_i ≤ t_j, probabilities of the continuation regions by scipy's
# multivariate normal CDF (Genz).
# ---------------------------------------------------------------------------------------------

def exact_stopping(efficacy, fractions, drift=0.0, futility=None):
    """(P(stop for efficacy at k), P(stop for futility at k)) for a one-sided design."""
    t = np.asarray(fractions, dtype=float)
    cov = np.sqrt(np.minimum.outer(t, t) / np.maximum.outer(t, t))
    mean = drift * np.sqrt(t)
    looks = len(t)
    low = [-np.inf] * looks if futility is None else list(futility) + [-np.inf] * (
        looks - len(futility))

    def box(k, last_low, last_high):
        lower = np.array(low[:k] + [last_low], dtype=float)
        upper = np.array(list(efficacy[:k]) + [last_high], dtype=float)
        if k == 0:
            return float(stats.norm.cdf(upper[0] - mean[0]) - stats.norm.cdf(lower[0] - mean[0]))
        return float(stats.multivariate_normal.cdf(
            upper, mean[:k + 1], cov[:k + 1, :k + 1], lower_limit=lower, abseps=1e-9,
            releps=1e-9, rng=np.random.default_rng(0)))

    efficacy_stops = [box(k, efficacy[k], np.inf) for k in range(looks)]
    futility_stops = [box(k, -np.inf, low[k]) if k < looks - 1 else 0.0 for k in range(looks)]
    return efficacy_stops, futility_stops


def exact_expected_patients(design, efficacy_stops, futility_stops):
    sizes = [c + t for c, t in design.patients_per_look]
    stops = [e + f for e, f in zip(efficacy_stops, futility_stops)][:-1]
    stops.append(1.0 - sum(stops))
    mean = sum(p * s for p, s in zip(stops, sizes))
    sd = math.sqrt(sum(p * (s - mean) ** 2 for p, s in zip(stops, sizes)))
    return mean, sd


def assert_matches_exact(scenario, efficacy_stops, futility_stops, design, what):
    n = scenario.n_simulations
    cumulative_sim = cumulative_exact = 0.0
    for k, (estimate, exact) in enumerate(zip(scenario.efficacy_by_look, efficacy_stops)):
        assert_within_mc(estimate.value, exact, n, f"{what}: efficacy at look {k + 1}")
        cumulative_sim += estimate.value
        cumulative_exact += exact
        assert_within_mc(cumulative_sim, cumulative_exact, n,
                         f"{what}: cumulative efficacy by look {k + 1}")
    for k, (estimate, exact) in enumerate(zip(scenario.futility_by_look, futility_stops)):
        assert_within_mc(estimate.value, exact, n, f"{what}: futility at look {k + 1}")
    assert_within_mc(scenario.rejection.value, sum(efficacy_stops), n, f"{what}: rejection")
    mean, sd = exact_expected_patients(design, efficacy_stops, futility_stops)
    assert abs(scenario.expected_patients.value - mean) <= MC_SE_MULTIPLE * sd / math.sqrt(n), (
        f"{what}: expected patients {scenario.expected_patients.value:.2f} vs exact {mean:.2f}")


def test_exact_computation_reproduces_the_textbook_type_i_error():
    # Jennison & Turnbull 2000 Tables 2.1 and 2.3: both boundaries have type I error 0.025
    # (one-sided); the constants are rounded to 3 decimals, hence 1e-4.
    for boundaries in (OBF_3, POCOCK_3):
        efficacy_stops, _ = exact_stopping(boundaries, THIRDS)
        assert sum(efficacy_stops) == pytest.approx(0.025, abs=1e-4)


# ---------------------------------------------------------------------------------------------
# Import and statistics
# ---------------------------------------------------------------------------------------------

def test_importing_the_package_does_not_import_numpy():
    code = ("import sys; import models.simulation; "
            "sys.exit(1 if 'numpy' in sys.modules else 0)")
    assert subprocess.run([sys.executable, "-c", code], cwd=ROOT).returncode == 0


def test_pooled_z_matches_statsmodels_proportions_ztest():
    # Reference: statsmodels proportions_ztest (pooled variance under H0).
    rng = np.random.default_rng(5)
    for _ in range(20):
        n_c, n_t = rng.integers(20, 500, size=2)
        x_c, x_t = rng.integers(1, n_c), rng.integers(1, n_t)
        ours = _pooled_proportion_z(np.float64(x_c), n_c, np.float64(x_t), n_t, True)
        reference, _ = proportions_ztest([x_c, x_t], [n_c, n_t])
        assert float(ours) == pytest.approx(reference, rel=1e-12)
    assert float(_pooled_proportion_z(np.float64(0), 10, np.float64(0), 10, True)) == 0.0


def test_mean_difference_z_matches_scipy_t_statistic():
    # Reference: scipy.stats.ttest_ind (equal variances): the same statistic.
    rng = np.random.default_rng(6)
    control, treatment = rng.normal(0, 3, 57), rng.normal(1, 3, 81)
    ours = _mean_difference_z(57, control.mean(), ((control - control.mean()) ** 2).sum(),
                              81, treatment.mean(), ((treatment - treatment.mean()) ** 2).sum())
    assert float(ours) == pytest.approx(stats.ttest_ind(treatment, control).statistic, rel=1e-12)


def test_wilcoxon_z_matches_scipy_mannwhitneyu_with_ties():
    # Reference: scipy.stats.mannwhitneyu, method="asymptotic", use_continuity=False (normal
    # approximation with the tie correction); z recovered from its one-sided p value.
    rng = np.random.default_rng(7)
    for _ in range(10):
        counts_c = rng.integers(0, 15, size=29)
        counts_t = rng.integers(0, 15, size=29)
        days = np.arange(29)
        control, treatment = np.repeat(days, counts_c), np.repeat(days, counts_t)
        p = stats.mannwhitneyu(treatment, control, alternative="greater", method="asymptotic",
                               use_continuity=False).pvalue
        assert float(_wilcoxon_z(counts_c, counts_t)) == pytest.approx(stats.norm.isf(p),
                                                                        rel=1e-9)
    assert float(_wilcoxon_z(np.array([0, 5, 0]), np.array([0, 7, 0]))) == 0.0


# ---------------------------------------------------------------------------------------------
# Fixed designs against the closed forms of models.sample_size
# ---------------------------------------------------------------------------------------------

N_FIXED = 40_000


@pytest.mark.parametrize("n_per_arm", [(300, 300), (200, 400)])
def test_fixed_binary_design_matches_binary_power(n_per_arm):
    # Reference: models.sample_size.binary_power (pooled-variance normal approximation, Fleiss,
    # Levin & Paik 2003; R power.prop.test) at the same arms, one-sided alpha 0.025.
    design = fixed_design(n_per_arm, alpha=0.025, sided=1)
    result = simulate_grid(BinaryEndpoint(0.40, 0.30), design, [0.40, 0.35, 0.30],
                           n_simulations=N_FIXED, seed=11)
    null, *alternatives = result.scenarios
    assert null.is_null
    assert_within_mc(null.rejection.value, 0.025, N_FIXED, "type I error")
    for scenario in alternatives:
        reference = ss.binary_power(n_per_arm[0], 0.40, scenario.effect, alpha=0.025, sided=1,
                                    n_active=n_per_arm[1])
        assert_within_mc(scenario.rejection.value, reference, N_FIXED,
                         f"power at {scenario.effect}")
        assert scenario.expected_patients.value == sum(n_per_arm)
        assert scenario.expected_patients.se == 0.0


def test_fixed_two_sided_binary_design_matches_binary_power():
    # Reference: models.sample_size.binary_power, two-sided alpha 0.05 (power counts the tail
    # in the direction of the effect, as rejection - rejection_for_harm does); at the null the
    # two tails together are alpha and each is about half of it.
    design = fixed_design(250, alpha=0.05, sided=2)
    result = simulate_grid(BinaryEndpoint(0.40, 0.30), design, [0.40, 0.30],
                           n_simulations=N_FIXED, seed=12)
    null, alternative = result.scenarios
    assert_within_mc(null.rejection.value, 0.05, N_FIXED, "type I error")
    assert_within_mc(null.rejection_for_harm.value, 0.025, N_FIXED, "harm tail at the null")
    reference = ss.binary_power(250, 0.40, 0.30, alpha=0.05, sided=2)
    assert_within_mc(alternative.rejection.value - alternative.rejection_for_harm.value,
                     reference, N_FIXED, "power")


def test_binary_events_that_are_good_reverse_the_direction():
    # Reference: binary_power (symmetric in the direction of the difference): with
    # events_are_harmful=False, more events is the benefit.
    design = fixed_design(300, alpha=0.025, sided=1)
    good = simulate(BinaryEndpoint(0.30, 0.40, events_are_harmful=False), design,
                    n_simulations=N_FIXED, seed=13).scenarios[0]
    reference = ss.binary_power(300, 0.30, 0.40, alpha=0.025, sided=1)
    assert_within_mc(good.rejection.value, reference, N_FIXED, "power, events good")
    wrong_way = simulate(BinaryEndpoint(0.30, 0.40), design, n_simulations=N_FIXED,
                         seed=13).scenarios[0]
    assert wrong_way.rejection.value < 0.001


def test_fixed_continuous_design_matches_continuous_power():
    # Reference: models.sample_size.continuous_power, method "normal" (Chow, Shao & Wang 2008,
    # 3.2) and "t_test" (R power.t.test); at 200 per arm they differ by less than the tolerance.
    design = fixed_design(200, alpha=0.025, sided=1)
    result = simulate_grid(ContinuousEndpoint(3.0, 10.5), design, [0.0, 1.5, 3.0],
                           n_simulations=N_FIXED, seed=14)
    null, *alternatives = result.scenarios
    assert_within_mc(null.rejection.value, 0.025, N_FIXED, "type I error")
    for scenario in alternatives:
        for method in ("normal", "t_test"):
            reference = ss.continuous_power(200, scenario.effect, 10.5, alpha=0.025, sided=1,
                                            method=method)
            assert_within_mc(scenario.rejection.value, reference, N_FIXED,
                             f"power at {scenario.effect} ({method})")


# ---------------------------------------------------------------------------------------------
# Group-sequential designs against Jennison & Turnbull 2000 and the exact computation
# ---------------------------------------------------------------------------------------------

N_GS = 100_000


@pytest.mark.parametrize("boundaries", [OBF_3, POCOCK_3], ids=["obrien_fleming", "pocock"])
def test_group_sequential_binary_null_matches_textbook_type_i_error(boundaries):
    # Reference: Jennison & Turnbull 2000 Tables 2.1/2.3 (type I error 0.025), stopping
    # probabilities per look and cumulative by the exact multivariate normal computation.
    design = TrialDesign(n_per_arm=(600, 600), efficacy=boundaries,
                         information_fractions=THIRDS)
    scenario = simulate(BinaryEndpoint(0.30, 0.30), design, n_simulations=N_GS,
                        seed=21).scenarios[0]
    assert_within_mc(scenario.rejection.value, 0.025, N_GS, "type I error")
    efficacy_stops, futility_stops = exact_stopping(boundaries, THIRDS)
    assert_matches_exact(scenario, efficacy_stops, futility_stops, design, "binary null")


@pytest.mark.parametrize("boundaries", [OBF_3, POCOCK_3], ids=["obrien_fleming", "pocock"])
def test_group_sequential_continuous_matches_exact_under_null_and_alternative(boundaries):
    # Reference: exact multivariate normal computation with drift θ√t_k, θ = δ / (σ√(2/n)).
    design = TrialDesign(n_per_arm=(900, 900), efficacy=boundaries,
                         information_fractions=THIRDS)
    sd = 10.0
    result = simulate_grid(ContinuousEndpoint(1.2, sd), design, [0.0, 1.2],
                           n_simulations=N_GS, seed=22)
    for scenario in result.scenarios:
        drift = scenario.effect / (sd * math.sqrt(2.0 / 900))
        efficacy_stops, futility_stops = exact_stopping(boundaries, THIRDS, drift)
        assert_matches_exact(scenario, efficacy_stops, futility_stops, design,
                             f"continuous δ = {scenario.effect}")
    assert_within_mc(result.scenarios[0].rejection.value, 0.025, N_GS, "type I error")


def test_non_binding_futility_matches_exact_and_leaves_the_ignored_error_alone():
    # Reference: exact multivariate normal computation with the futility region
    # (Jennison & Turnbull 2000, section 4.2 layout); futility ignored must be exactly the
    # design without futility (the same trials, the same seed).
    futility = (0.0, 0.75)
    with_futility = TrialDesign(n_per_arm=(900, 900), efficacy=OBF_3, futility=futility)
    without = TrialDesign(n_per_arm=(900, 900), efficacy=OBF_3)
    sd = 10.0
    grid = [0.0, 1.2]
    result = simulate_grid(ContinuousEndpoint(1.2, sd), with_futility, grid, n_simulations=N_GS,
                           seed=23)
    plain = simulate_grid(ContinuousEndpoint(1.2, sd), without, grid, n_simulations=N_GS,
                          seed=23)
    for scenario, reference in zip(result.scenarios, plain.scenarios):
        drift = scenario.effect / (sd * math.sqrt(2.0 / 900))
        efficacy_stops, futility_stops = exact_stopping(OBF_3, THIRDS, drift, futility)
        assert_matches_exact(scenario, efficacy_stops, futility_stops, with_futility,
                             f"futility applied, δ = {scenario.effect}")
        assert scenario.rejection_futility_ignored == reference.rejection
        assert scenario.efficacy_by_look_futility_ignored == reference.efficacy_by_look
        assert scenario.expected_patients_futility_ignored == reference.expected_patients
        assert scenario.rejection.value <= scenario.rejection_futility_ignored.value
        assert scenario.futility_by_look[-1].value == 0.0
    null = result.scenarios[0]
    assert_within_mc(null.rejection_futility_ignored.value, 0.025, N_GS, "non-binding type I")
    assert null.expected_patients.value < null.expected_patients_futility_ignored.value


def test_two_sided_group_sequential_null():
    # Reference: Jennison & Turnbull 2000 Table 2.3: the same O'Brien-Fleming constants are the
    # two-sided 0.05 boundaries (|Z_k| ≥ z_k); about half the rejections are for harm.
    design = TrialDesign(n_per_arm=(600, 600), efficacy=OBF_3, sided=2)
    scenario = simulate(BinaryEndpoint(0.30, 0.30), design, n_simulations=N_GS,
                        seed=24).scenarios[0]
    assert_within_mc(scenario.rejection.value, 0.05, N_GS, "two-sided type I")
    assert_within_mc(scenario.rejection_for_harm.value, 0.025, N_GS, "harm tail")


def test_two_sided_futility_is_the_inner_wedge():
    # Reference: under H0, P(|Z_1| < 0.5) = 2Φ(0.5) - 1 (standard normal) at the first look;
    # ignoring futility gives the two-sided 0.05 of Jennison & Turnbull 2000 Table 2.3.
    design = TrialDesign(n_per_arm=(600, 600), efficacy=OBF_3, futility=(0.5, 1.0), sided=2)
    scenario = simulate(ContinuousEndpoint(0.0, 1.0), design, n_simulations=N_GS,
                        seed=25).scenarios[0]
    assert_within_mc(scenario.futility_by_look[0].value, 2 * stats.norm.cdf(0.5) - 1, N_GS,
                     "futility at look 1")
    assert_within_mc(scenario.rejection_futility_ignored.value, 0.05, N_GS, "futility ignored")
    assert scenario.rejection.value < scenario.rejection_futility_ignored.value


# ---------------------------------------------------------------------------------------------
# Ventilator-free days
# ---------------------------------------------------------------------------------------------

def test_vfd_model_is_the_rounded_scaled_beta():
    # Reference: scipy.stats.beta with the moment-matched parameters; the whole-day
    # probabilities are the beta's mass on [d - 1/2, d + 1/2) / H plus the deaths at 0.
    model = vfd_arm_model(0.35, 18.0, 7.0, horizon=28)
    mu, v = 18.0 / 28, (7.0 / 28) ** 2
    beta = stats.beta(model.beta_a, model.beta_b)
    assert beta.mean() == pytest.approx(mu, rel=1e-12)
    assert beta.var() == pytest.approx(v, rel=1e-12)
    edges = np.concatenate(([0.0], (np.arange(28) + 0.5) / 28, [1.0]))
    survivors = np.diff(beta.cdf(edges))
    expected = 0.65 * survivors
    expected[0] += 0.35
    assert np.allclose(model.probabilities, expected, atol=1e-12)
    assert model.zero_fraction == pytest.approx(0.35 + 0.65 * beta.cdf(0.5 / 28), abs=1e-12)
    # Rounding to whole days moves the survivors' mean and SD by a few hundredths of a day.
    assert model.rounded_survivor_mean == pytest.approx(18.0, abs=0.05)
    assert model.rounded_survivor_sd == pytest.approx(7.0, abs=0.05)


def test_vfd_draws_match_the_inputs():
    # Reference: the inputs (mortality 0.35, survivors' mean 18 and SD 7 days) and the model's
    # P(VFD = 0); per-patient draws, mean and SD within 4 standard errors (SE of an SD
    # ≈ SD·√((κ - 1)/(4n)), κ the kurtosis of the draws).
    model = vfd_arm_model(0.35, 18.0, 7.0)
    n = 200_000
    vfd = draw_vfd_patients(model, n, seed=31)
    assert vfd.min() >= 0 and vfd.max() <= 28
    zero = (vfd == 0).mean()
    assert_within_mc(zero, model.zero_fraction, n, "P(VFD = 0)")
    assert model.zero_fraction - 0.35 < 0.001
    survivors = draw_vfd_patients(vfd_arm_model(0.0, 18.0, 7.0), n, seed=32)
    mean, sd = survivors.mean(), survivors.std(ddof=1)
    kurtosis = stats.kurtosis(survivors, fisher=False)
    assert abs(mean - 18.0) <= MC_SE_MULTIPLE * 7.0 / math.sqrt(n) + 0.05
    assert abs(sd - 7.0) <= MC_SE_MULTIPLE * 7.0 * math.sqrt((kurtosis - 1) / (4 * n)) + 0.05
    assert abs(vfd.mean() - model.mean) <= MC_SE_MULTIPLE * model.sd / math.sqrt(n)


def test_vfd_multinomial_counts_match_per_patient_draws():
    # Reference: the per-patient definition (draw_vfd_patients): the engine's multinomial
    # counts per look segment have the same whole-day distribution (each day's frequency
    # within 4 binomial standard errors of the model, as are the per-patient draws).
    model = vfd_arm_model(0.30, 16.0, 8.0)
    rng = np.random.default_rng(33)
    counts = _vfd_counts(rng, np.array([40, 60]), model.probabilities, 2_000)
    assert counts.shape == (2_000, 2, 29)
    assert (counts.sum(axis=-1) == [40, 100]).all()
    frequencies = counts[:, -1, :].sum(axis=0) / (2_000 * 100)
    draws = np.bincount(draw_vfd_patients(model, 200_000, seed=34), minlength=29) / 200_000
    for day, p in enumerate(model.probabilities):
        assert_within_mc(frequencies[day], p, 200_000, f"multinomial, day {day}")
        assert_within_mc(draws[day], p, 200_000, f"per patient, day {day}")


@pytest.mark.parametrize("test", ["mean", "wilcoxon"])
def test_vfd_null_type_i_error_is_alpha(test):
    # Reference: the nominal one-sided alpha 0.025 (fixed design, 250 per arm) and Jennison &
    # Turnbull 2000 Table 2.3 (O'Brien-Fleming, 0.025): both statistics are asymptotically
    # normal under the null.
    endpoint = VFDEndpoint(0.35, 0.35, 18.0, 7.0, test=test)
    n = 40_000
    fixed = simulate(endpoint, fixed_design(250, alpha=0.025, sided=1), n_simulations=n,
                     seed=35).scenarios[0]
    assert fixed.is_null
    assert_within_mc(fixed.rejection.value, 0.025, n, f"{test}, fixed")
    sequential = simulate(endpoint, TrialDesign(n_per_arm=(600, 600), efficacy=OBF_3),
                          n_simulations=n, seed=36).scenarios[0]
    assert_within_mc(sequential.rejection.value, 0.025, n, f"{test}, O'Brien-Fleming")


def test_vfd_mean_difference_power_matches_the_normal_closed_form():
    # Reference: models.sample_size.continuous_power, method "normal", at the model's exact
    # difference in mean VFD and the SD √((SD_c² + SD_t²)/2) (equal arms: the pooled-SD
    # standard error); the central limit theorem makes it exact as n grows.
    endpoint = VFDEndpoint(0.35, 0.28, 18.0, 7.0, treatment_survivor_mean=19.0)
    control, treatment = endpoint.arm_models()
    n = 40_000
    scenario = simulate(endpoint, fixed_design(300, alpha=0.025, sided=1), n_simulations=n,
                        seed=37).scenarios[0]
    reference = ss.continuous_power(300, treatment.mean - control.mean,
                                    math.sqrt((control.sd ** 2 + treatment.sd ** 2) / 2),
                                    alpha=0.025, sided=1, method="normal")
    assert_within_mc(scenario.rejection.value, reference, n, "VFD power")
    wilcoxon = simulate(VFDEndpoint(0.35, 0.28, 18.0, 7.0, treatment_survivor_mean=19.0,
                                    test="wilcoxon"),
                        fixed_design(300, alpha=0.025, sided=1), n_simulations=n,
                        seed=37).scenarios[0]
    assert 0.3 < wilcoxon.rejection.value < 1.0


# ---------------------------------------------------------------------------------------------
# Reproducibility, chunking, progress, cancellation, results
# ---------------------------------------------------------------------------------------------

DESIGN = TrialDesign(n_per_arm=(300, 300), efficacy=OBF_3, futility=(0.0, 0.5))
ENDPOINTS = [BinaryEndpoint(0.40, 0.32), ContinuousEndpoint(2.0, 10.0),
             VFDEndpoint(0.35, 0.30, 18.0, 7.0), VFDEndpoint(0.35, 0.30, 18.0, 7.0,
                                                              test="wilcoxon")]


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=lambda e: f"{e.kind}")
def test_same_seed_same_numbers_whatever_the_chunking(endpoint):
    effects = effect_grid(endpoint, points=2)
    runs = [simulate_grid(endpoint, DESIGN, effects, n_simulations=3_500, seed=41,
                          chunk_trials=chunk) for chunk in (1, 2_000, 10_000)]
    assert runs[0].to_dict() == runs[1].to_dict() == runs[2].to_dict()
    other = simulate_grid(endpoint, DESIGN, effects, n_simulations=3_500, seed=42)
    assert [s.rejection for s in other.scenarios] != [s.rejection for s in runs[0].scenarios]


def test_grid_scenario_is_reproduced_alone_by_its_spawned_seed():
    # What a Dask user does (module docstring): scenario i with SeedSequence(seed).spawn(n)[i].
    endpoints = [BinaryEndpoint(0.40, p) for p in (0.40, 0.36, 0.32)]
    grid = simulate_scenarios(endpoints, DESIGN, n_simulations=3_000, seed=43)
    seeds = np.random.SeedSequence(43).spawn(len(endpoints))
    for endpoint, seed, scenario in zip(endpoints, seeds, grid.scenarios):
        alone = simulate(endpoint, DESIGN, n_simulations=3_000, seed=seed).scenarios[0]
        assert alone.to_dict() == scenario.to_dict()
    assert grid.seed == 43 and grid.spawn_key == ()
    assert grid.scenarios[2].spawn_key == (2,)


def test_fresh_entropy_is_recorded_and_reproduces_the_run():
    first = simulate(BinaryEndpoint(0.4, 0.3), DESIGN, n_simulations=2_000)
    again = simulate(BinaryEndpoint(0.4, 0.3), DESIGN, n_simulations=2_000, seed=first.seed)
    assert first.to_dict() == again.to_dict()


def test_progress_and_cancellation():
    calls = []
    simulate_grid(BinaryEndpoint(0.4, 0.3), DESIGN, [0.4, 0.3], n_simulations=5_000, seed=44,
                  chunk_trials=2_000, progress=lambda f, text: calls.append((f, text)))
    fractions = [f for f, _ in calls]
    assert len(calls) == 6                     # 3 chunks (2,000 + 2,000 + 1,000) per scenario
    assert fractions == sorted(fractions) and fractions[-1] == 1.0
    assert "scenario 2 of 2" in calls[-1][1] and "5,000 of 5,000" in calls[-1][1]

    checks = []

    def cancelled():
        checks.append(1)
        return len(checks) > 2

    with pytest.raises(SimulationCancelled, match="2,000 of 10,000"):
        simulate_grid(BinaryEndpoint(0.4, 0.3), DESIGN, [0.4, 0.3], n_simulations=5_000,
                      seed=44, chunk_trials=1_000, cancelled=cancelled)
    with pytest.raises(SimulationCancelled):
        simulate(BinaryEndpoint(0.4, 0.3), DESIGN, cancelled=lambda: True)


def test_result_is_json_ready_and_complete():
    design = TrialDesign(n_per_arm=(300, 300), efficacy=(None, 2.5, 2.0), futility=(0.0, None))
    result = simulate_grid(VFDEndpoint(0.35, 0.30, 18.0, 7.0), design, n_simulations=1_000,
                           seed=45)
    data = json.loads(json.dumps(result.to_dict(), allow_nan=False))
    assert data["design"]["efficacy"] == [None, 2.5, 2.0]
    assert data["design"]["futility"] == [0.0, None, None]
    assert data["grid"] == list(effect_grid(VFDEndpoint(0.35, 0.30, 18.0, 7.0)))
    assert data["n_simulations"] == 1_000 and data["seed"] == 45
    scenario = data["scenarios"][0]
    assert scenario["is_null"] and len(scenario["efficacy_by_look"]) == 3
    assert scenario["efficacy_by_look"][0] == {"value": 0.0, "se": 0.0}   # no test at look 1
    assert len(scenario["endpoint"]["control_model"]["probabilities"]) == 29
    assert "Beta(a, b)" in result.method and "multinomial" in result.method
    assert f"blocks of {BLOCK_TRIALS:,}" in result.method
    assert result.null is result.scenarios[0]
    assert result.parameter == "treatment_mortality"


def test_effect_grid_runs_from_the_null_to_beyond_the_assumed_effect():
    assert effect_grid(BinaryEndpoint(0.40, 0.30)) == (0.40, 0.375, 0.35, 0.325, 0.30, 0.275)
    assert effect_grid(ContinuousEndpoint(3.0, 10.5), points=3, beyond=1.0) == (0.0, 1.5, 3.0)
    assert effect_grid(VFDEndpoint(0.4, 0.3, 18, 7), points=2) == (0.4, 0.275)
    assert effect_grid(VFDEndpoint(0.4, 0.4, 18, 7, treatment_survivor_mean=20),
                       parameter="treatment_survivor_mean", points=2, beyond=1.0) == (18.0, 20.0)


# ---------------------------------------------------------------------------------------------
# Refusals
# ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("make, message", [
    (lambda: BinaryEndpoint(0.0, 0.3), "control rate 0 must be above 0"),
    (lambda: BinaryEndpoint(0.4, float("nan")), "treatment rate must be a finite number"),
    (lambda: ContinuousEndpoint(1.0, 0.0), "SD 0 must be positive"),
    (lambda: VFDEndpoint(0.4, 0.3, 30, 5), r"mean VFD 30 days must be .* below the horizon"),
    (lambda: VFDEndpoint(0.4, 0.3, 20, 13),
     r"control arm: survivors' SD of VFD 13 days is not possible .* 12.65 days"),
    (lambda: VFDEndpoint(0.4, 1.0, 20, 5), "treatment arm: mortality by the horizon 1"),
    (lambda: VFDEndpoint(0.4, 0.3, 20, 5, test="logrank"), "VFD test 'logrank'"),
    (lambda: TrialDesign(n_per_arm=(300, 300, 300), efficacy=(2.0,)), "needs 2 numbers"),
    (lambda: TrialDesign(n_per_arm=1, efficacy=(2.0,)), "n per arm .control. 1 must be from 2"),
    (lambda: TrialDesign(n_per_arm=100.5, efficacy=(2.0,)), "must be a whole number"),
    (lambda: TrialDesign(n_per_arm=100, efficacy=(3.0, None)), "final look must be a number"),
    (lambda: TrialDesign(n_per_arm=100, efficacy=(3.0, -1.0)), "must be above 0"),
    (lambda: TrialDesign(n_per_arm=100, efficacy=(3, 2), information_fractions=(0.5, 0.9)),
     "the final look is at 1"),
    (lambda: TrialDesign(n_per_arm=100, efficacy=(3, 2, 2), information_fractions=(0.6, 0.5, 1)),
     "information fraction 2"),
    (lambda: TrialDesign(n_per_arm=100, efficacy=(3, 2), information_fractions=(1.0,)),
     "1 information fractions for 2"),
    (lambda: TrialDesign(n_per_arm=100, efficacy=(3, 2), futility=(3.5,)),
     "futility boundary 1 .3.5. is above the efficacy boundary"),
    (lambda: TrialDesign(n_per_arm=100, efficacy=(3, 2), futility=(-0.5,), sided=2),
     "must be at least 0"),
    (lambda: TrialDesign(n_per_arm=100, efficacy=(3, 2, 2), futility=(0.0, 0.1, 0.2, 0.3)),
     "4 futility boundaries for 3 looks"),
    (lambda: TrialDesign(n_per_arm=(10, 100), efficacy=(3, 2), information_fractions=(0.1, 1)),
     "first look analyses 1 patient in the control arm"),
    (lambda: TrialDesign(n_per_arm=(6, 100), efficacy=(3, 3, 2),
                         information_fractions=(0.5, 0.55, 1)),
     "looks 1 and 2 analyse the same 3 patients in the control arm"),
    (lambda: TrialDesign(n_per_arm=100, efficacy=(2,), sided=3), "sided must be 1"),
    (lambda: fixed_design(100, alpha=0.7), "alpha 0.7"),
    (lambda: simulate(BinaryEndpoint(0.4, 0.3), "design"), "must be a TrialDesign"),
    (lambda: simulate(BinaryEndpoint(0.4, 0.3), DESIGN, n_simulations=0),
     "number of simulated trials 0"),
    (lambda: simulate(BinaryEndpoint(0.4, 0.3), DESIGN, seed=-1), "seed must be a whole"),
    (lambda: simulate(BinaryEndpoint(0.4, 0.3), DESIGN, progress="yes"), "progress must be"),
    (lambda: simulate_scenarios([BinaryEndpoint(0.4, 0.3), ContinuousEndpoint(1, 2)], DESIGN),
     "mix binary and continuous"),
    (lambda: simulate_scenarios([], DESIGN), "no scenarios"),
    (lambda: simulate_scenarios(3, DESIGN), "must be a list of endpoints"),
    (lambda: simulate_grid(BinaryEndpoint(0.4, 0.3), DESIGN, [0.4, 1.2]),
     r"grid value treatment_rate = 1.2: treatment rate 1.2"),
    (lambda: simulate_grid(BinaryEndpoint(0.4, 0.3), DESIGN, parameter="horizon"),
     "'horizon' is not a parameter"),
    (lambda: effect_grid(BinaryEndpoint(0.4, 0.4)), "null value"),
    (lambda: effect_grid(BinaryEndpoint(0.4, 0.1), beyond=1.5), "treatment rate -0.05"),
    (lambda: effect_grid(BinaryEndpoint(0.4, 0.3), parameter="control_rate"),
     "can vary treatment_rate"),
])
def test_impossible_requests_are_refused_by_name(make, message):
    with pytest.raises(SimulationError, match=message):
        make()
    assert issubclass(SimulationError, ValueError)
