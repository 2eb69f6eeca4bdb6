"""Time to event, ordinal outcomes and the power definitions of several arms against published
values and independent computations (scipy: a test-only dependency). Each test names its
source; rpact values are those its own unit tests print (tests/testthat/
test-f_design_plan_survival.R, compared there with tolerance 1e-7 relative), gsDesign's those
of statistics.md, Hmisc's those of its help page, multiarm's those of its vignette.
"""

from __future__ import annotations

import json
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import integrate, special, stats

from models import distributions as dist
from models.sample_size import (
    SampleSizeError,
    binary_multi_arm_power,
    binary_power,
    continuous_multi_arm_power,
    continuous_power,
    multiple_comparison_power,
    ordinal_power,
    ordinal_sample_size,
    proportional_odds_shift,
    survival_events,
    survival_power,
    survival_sample_size,
    vfd_categories,
    vfd_ordinal_sample_size,
)

RAW_TOLERANCE = 1e-3


def _hr_from_rates(pi1, pi2):
    """rpact's hazard ratio for event rates pi1 (active) and pi2 (control) at one time."""
    return math.log(1 - pi1) / math.log(1 - pi2)


# ---------------------------------------------------------------------------------------------
# Time to event: events
# ---------------------------------------------------------------------------------------------

def test_schoenfeld_events_match_gsdesign_nevents():
    # statistics.md: gsDesign vignette "Overview of survival endpoint design",
    # nEvents(hr = .7, alpha = .025, beta = .1): D = 330.378, 331 events.
    raw = survival_events(0.7, alpha=0.025, sided=1, power=0.90)
    assert raw == pytest.approx(330.378, abs=RAW_TOLERANCE)
    # rpact prints the same events for HR 0.7, one-sided 0.025, beta 0.1: 330.37791.
    assert raw == pytest.approx(330.37791, rel=1e-7)
    result = survival_sample_size(0.7, 0.28, 90, alpha=0.025, sided=1, power=0.90)
    assert result.events == 331 and result.raw_events == raw


def test_schoenfeld_power_of_100_events_matches_gsdesign():
    # statistics.md: the same vignette, nEvents(n = 100, alpha = .025, hr = .7): power 0.42992.
    assert survival_power(100, 0.7, alpha=0.025, sided=1) == pytest.approx(0.42992, abs=5e-6)


@pytest.mark.parametrize("hr, power", [(1.5984103, 0.31674317), (2.2892242, 0.74507635),
                                       (3.1062837, 0.94783846)])
def test_schoenfeld_power_matches_rpact_get_power_survival(hr, power):
    # rpact getPowerSurvival(maxNumberOfEvents = 40, maxNumberOfSubjects = 200): defaults
    # alpha 0.025 one-sided, 1:1; overallReject for the three hazard ratios it prints.
    assert survival_power(40, hr, alpha=0.025, sided=1) == pytest.approx(power, rel=1e-6)


@pytest.mark.parametrize("method", ["schoenfeld", "freedman"])
@pytest.mark.parametrize("ratio", [0.5, 1.0, 3.0])
def test_power_at_the_raw_events_is_the_power_asked_for(method, ratio):
    for hr in (0.6, 0.8, 1.4):
        raw = survival_events(hr, power=0.85, ratio=ratio, method=method)
        assert survival_power(raw, hr, ratio=ratio, method=method) == pytest.approx(0.85,
                                                                                    abs=1e-12)


def test_freedman_events_follow_the_formula_with_allocation():
    # Freedman (Stat Med 1982) with r = n_active/n_control and HR = active/control:
    # D = (1 + r·HR)²/(r(1 - HR)²)·(z + z)², rpact's .getEventsFixed "Freedman" branch.
    for hr, r in ((0.7, 1.0), (0.5, 2.0), (2.2892242, 3.0)):
        z = stats.norm.isf(0.025) + stats.norm.ppf(0.9)
        expected = (1 + r * hr) ** 2 / (r * (1 - hr) ** 2) * z * z
        assert survival_events(hr, alpha=0.025, sided=1, power=0.9, ratio=r,
                               method="freedman") == pytest.approx(expected, rel=1e-12)
    # For r = 1 it is Freedman's own (1 + HR)²/(1 - HR)²·(z + z)².
    assert survival_events(0.7, method="freedman") == pytest.approx(
        (1.7 / 0.3) ** 2 * (stats.norm.isf(0.025) + stats.norm.ppf(0.8)) ** 2, rel=1e-12)


@pytest.mark.parametrize("ratio, freedman, schoenfeld", [(1, 72.147312, 64.634742),
                                                          (3, 137.59559, 86.179656)])
def test_freedman_to_schoenfeld_ratio_matches_rpact(ratio, freedman, schoenfeld):
    # rpact getSampleSizeSurvival(designGS1, pi1 = 0.4, pi2 = 0.2, ...) with typeOfComputation
    # "Freedman" and "Schoenfeld" for the same group-sequential design (alpha 0.025 one-sided,
    # beta 0.1): both maxNumberOfEvents are the fixed events times the same inflation factor,
    # so their ratio is the ratio of the fixed-design events.
    hr = _hr_from_rates(0.4, 0.2)
    ours = [survival_events(hr, alpha=0.025, sided=1, power=0.9, ratio=ratio, method=m)
            for m in ("freedman", "schoenfeld")]
    assert ours[0] / ours[1] == pytest.approx(freedman / schoenfeld, rel=1e-6)


# ---------------------------------------------------------------------------------------------
# Time to event: patients
# ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("pi1, events, n_fixed", [(0.4, 58.52451, 197.78666),
                                                   (0.5, 31.248898, 90.804254),
                                                   (0.6, 20.120262, 51.314209)])
def test_patients_match_rpact_fixed_design(pi1, events, n_fixed):
    # rpact getSampleSizeSurvival(alpha = 0.01): pi2 = 0.2 by eventTime 12, pi1 = 0.4/0.5/0.6,
    # uniform accrual over 12, follow-up 6, power 0.8, one-sided, 1:1 -> eventsFixed, nFixed.
    # Method matched: Schoenfeld events divided by the average event probability under
    # exponential survival and uniform accrual (rpact's default computation).
    result = survival_sample_size(_hr_from_rates(pi1, 0.2), 0.2, 12, alpha=0.01, sided=1,
                                  power=0.8, accrual_time=12, follow_up_time=6)
    assert result.raw_events == pytest.approx(events, rel=1e-7)
    assert sum(result.raw) == pytest.approx(n_fixed, rel=1e-7)
    assert result.raw[0] == pytest.approx(n_fixed / 2, rel=1e-7)
    assert result.n_per_arm == (math.ceil(n_fixed / 2),) * 2


def test_patients_match_rpact_median_example():
    # rpact getSampleSizeSurvival(lambda1 = log(2)/5, lambda2 = log(2)/3): HR 0.6, defaults
    # alpha 0.025 one-sided, beta 0.2, accrual 12, follow-up 6 -> events 120.3157, nFixed
    # 141.26641. A median of 3 is a proportion 0.5 by time 3.
    result = survival_sample_size(0.6, 0.5, 3, alpha=0.025, sided=1, power=0.8,
                                  accrual_time=12, follow_up_time=6)
    assert result.raw_events == pytest.approx(120.3157, rel=1e-6)
    assert sum(result.raw) == pytest.approx(141.26641, rel=1e-6)
    assert result.hazards[0] == pytest.approx(math.log(2) / 3, rel=1e-12)


@pytest.mark.parametrize("method, ratio, dropout, subjects, events", [
    ("schoenfeld", 1, (0.05, 0.1), 224.258, 64.634742),
    ("schoenfeld", 3, (0.05, 0.1), 257.43359, 86.179656),
    ("freedman", 1, (0.05, 0.1), 250.32376, 72.147312),
    ("schoenfeld", 1, 0.0, 216.4138, 64.634742),
    ("schoenfeld", 3, 0.0, 247.45413, 86.179656),
])
def test_event_probability_with_dropout_matches_rpact(method, ratio, dropout, subjects, events):
    # rpact getSampleSizeSurvival(designGS1, pi1 = 0.4, pi2 = 0.2, eventTime = 14,
    # accrualTime = 8, followUpTime = 10, dropoutRate1 = 0.1 (active), dropoutRate2 = 0.05
    # (control), dropoutTime = 16, allocationRatioPlanned = 1 or 3): the final analysis is at
    # accrual + follow-up, so maxNumberOfSubjects / maxNumberOfEvents = 1 / P̄ there.
    result = survival_sample_size(_hr_from_rates(0.4, 0.2), 0.2, 14, alpha=0.025, sided=1,
                                  power=0.9, ratio=ratio, method=method, accrual_time=8,
                                  follow_up_time=10, dropout=dropout, dropout_time=16)
    assert 1 / result.average_event_probability == pytest.approx(subjects / events, rel=1e-6)
    assert sum(result.raw) / result.raw_events == pytest.approx(subjects / events, rel=1e-6)


def test_fixed_follow_up_without_dropout_uses_the_event_rates_themselves():
    # rpact getSampleSizeSurvival(designGS1, accountForObservationTimes = FALSE, pi1 = 0.4,
    # pi2 = 0.2, allocationRatioPlanned = 2): maxNumberOfSubjects 218.14225 over
    # maxNumberOfEvents 72.714085 = 3 = 1/((0.2 + 2·0.4)/3): everyone followed to eventTime.
    result = survival_sample_size(_hr_from_rates(0.4, 0.2), 0.2, 12, ratio=2)
    assert result.follow_up_design == "fixed" and result.fixed_follow_up == 12
    assert result.event_probability == pytest.approx((0.2, 0.4), rel=1e-12)
    assert 1 / result.average_event_probability == pytest.approx(218.14225 / 72.714085,
                                                                 rel=1e-6)


def _numerical_event_probability(lam, eta, entry_density, exposure):
    """∫ entry ∫_0^exposure λ e^{-(λ+η)s} ds, by scipy quadrature."""
    def observed(u):
        return integrate.quad(lambda s: lam * math.exp(-(lam + eta) * s), 0, exposure(u))[0]
    return integrate.quad(lambda u: entry_density(u) * observed(u), 0, 1)[0]


def test_closed_forms_match_numerical_integration():
    # Independent check of the two closed forms, with competing dropout, by quadrature.
    a, f = 24.0, 6.0
    result = survival_sample_size(0.75, 0.35, 2, accrual_time=a, follow_up_time=f,
                                  dropout=(0.04, 0.06), dropout_time=2)
    for lam, eta, p in zip(result.hazards, result.dropout_hazards, result.event_probability):
        expected = _numerical_event_probability(lam, eta, lambda u: 1.0,
                                                lambda u: a + f - a * u)
        assert p == pytest.approx(expected, rel=1e-9)
    fixed = survival_sample_size(0.75, 0.28, 90, dropout_rate=0.001)
    for lam, eta, p in zip(fixed.hazards, fixed.dropout_hazards, fixed.event_probability):
        assert p == pytest.approx(_numerical_event_probability(lam, eta, lambda u: 1.0,
                                                               lambda u: 90.0), rel=1e-9)


def test_day_90_mortality_example_rounds_each_arm_and_reports_everything():
    # 28% dead by day 90 on control, HR 0.7, 5% lost by day 90, everyone followed to day 90.
    result = survival_sample_size(0.7, 0.28, 90, power=0.9, dropout=0.05)
    lam0 = -math.log(0.72) / 90
    assert result.hazards == pytest.approx((lam0, 0.7 * lam0), rel=1e-12)
    assert result.n_per_arm == tuple(math.ceil(n) for n in result.raw)
    assert result.n_total == sum(result.n_per_arm)
    assert result.expected_events >= result.raw_events
    assert result.achieved_power >= 0.9
    payload = json.loads(json.dumps(result.to_dict()))
    for key in ("events", "n_total", "n_per_arm", "method", "formula", "reference",
                "hazard_ratio", "alpha", "sided", "power", "accrual_time", "follow_up_time",
                "fixed_follow_up", "event_probability"):
        assert key in payload
    assert payload["fixed_follow_up"] == 90 and payload["accrual_time"] is None
    assert "Schoenfeld" in payload["reference"] and "D = (1 + r)²/r" in payload["formula"]


@pytest.mark.parametrize("call, words", [
    (lambda: survival_events(1.0), "hazard ratio of 1"),
    (lambda: survival_events(0.0), "positive"),
    (lambda: survival_events(-0.5), "positive"),
    (lambda: survival_events(1 + 1e-9), "too close to 1"),
    (lambda: survival_events(0.7, method="logrank"), "method"),
    (lambda: survival_events(0.7, power=0.01), "above alpha"),
    (lambda: survival_events(0.7, alpha=0.7), "at most 0.5"),
    (lambda: survival_power(0, 0.7), "events must be positive"),
    (lambda: survival_sample_size(0.7, 1.0, 90), "between 0 and 1"),
    (lambda: survival_sample_size(0.7, 0.0, 90), "between 0 and 1"),
    (lambda: survival_sample_size(0.7, 0.28, 0), "event time"),
    (lambda: survival_sample_size(0.7, 0.28, 90, accrual_time=12), "both"),
    (lambda: survival_sample_size(0.7, 0.28, 90, accrual_time=12, follow_up_time=0),
     "follow-up time"),
    (lambda: survival_sample_size(0.7, 0.28, 90, accrual_time=-1, follow_up_time=3),
     "accrual time"),
    (lambda: survival_sample_size(0.7, 0.28, 90, accrual_time=1, follow_up_time=3,
                                  fixed_follow_up=90), "not both"),
    (lambda: survival_sample_size(0.7, 0.28, 90, fixed_follow_up=0), "fixed follow-up"),
    (lambda: survival_sample_size(0.7, 0.28, 90, dropout=1.0), "below 1"),
    (lambda: survival_sample_size(0.7, 0.28, 90, dropout=(0.1, 0.1, 0.1)), "pair"),
    (lambda: survival_sample_size(0.7, 0.28, 90, dropout_rate=-0.1), "negative"),
    (lambda: survival_sample_size(0.7, 0.28, 90, dropout=0.1, dropout_rate=0.1), "not both"),
    (lambda: survival_sample_size(0.7, float("nan"), 90), "finite"),
    (lambda: survival_sample_size(0.7, 1e-15, 1), "more than"),
])
def test_impossible_survival_requests_say_why(call, words):
    with pytest.raises(SampleSizeError) as caught:
        call()
    assert words in str(caught.value)


@settings(max_examples=200, deadline=None)
@given(hr=st.floats(1e-3, 1e3), p=st.floats(1e-6, 1 - 1e-6), t=st.floats(1e-3, 1e3),
       accrual=st.one_of(st.none(), st.floats(1e-3, 1e3)), dropout=st.floats(0, 0.999),
       ratio=st.floats(0.01, 100))
def test_survival_is_a_number_or_an_error_never_nan(hr, p, t, accrual, dropout, ratio):
    try:
        result = survival_sample_size(hr, p, t, ratio=ratio, dropout=dropout,
                                      accrual_time=accrual,
                                      follow_up_time=None if accrual is None else t)
    except SampleSizeError:
        return
    values = [result.raw_events, *result.raw, *result.event_probability, result.achieved_power]
    assert all(math.isfinite(v) and v >= 0 for v in values)
    assert all(0 < q <= 1 for q in result.event_probability)


# ---------------------------------------------------------------------------------------------
# Ordinal outcomes (Whitehead)
# ---------------------------------------------------------------------------------------------

def test_whitehead_total_matches_hmisc_posamsize():
    # statistics.md: Hmisc::posamsize(p = c(.2, .5, .2, .1), odds.ratio = 2.5): total N 130.7
    # (printed to one decimal). p there is averaged over the arms.
    result = ordinal_sample_size([0.2, 0.5, 0.2, 0.1], 2.5, probabilities_are="average")
    assert result.raw_total == pytest.approx(130.7, abs=0.05)
    assert result.n_per_arm == (66, 66) and result.n_total == 132
    assert result.probabilities_are == "average" and result.control_probabilities is None
    assert "averaged over the arms" in result.method_label
    assert "Whitehead" in result.reference


@pytest.mark.parametrize("p, power, printed_digits", [
    ([0.9, 0.1], 0.338, 3),
    ([0.8, 0.1, 0.1], 0.543, 3),
    ([0.7, 0.1, 0.1, 0.1], 0.67, 2),
    ([1 / 4000] * 3600 + [0.1], 0.843, 3),
])
def test_power_matches_hmisc_popower_help_examples(p, power, printed_digits):
    # Hmisc ?popower examples, OR 0.85, n = 4000 (2000 per arm), values as printed in the
    # comments there (0.338, 0.543, 0.67, 0.843; the last a near-continuous scale).
    ours = ordinal_power(2000, p, 0.85, probabilities_are="average")
    assert ours == pytest.approx(power, abs=0.5 * 10 ** -printed_digits)


def test_control_distribution_is_shifted_under_proportional_odds():
    # Independent: every cumulative odds ratio odds_active(Y ≥ j)/odds_control(Y ≥ j) is the OR
    # (Hmisc::pomodm shifts the exceedance probabilities the same way).
    control = [0.3, 0.07, 0.105, 0.14, 0.21, 0.175]
    active = proportional_odds_shift(control, 1.8)
    assert sum(active) == pytest.approx(1.0, abs=1e-15)
    for j in range(1, len(control)):
        c, a = sum(control[j:]), sum(active[j:])
        assert special.logit(a) - special.logit(c) == pytest.approx(math.log(1.8), abs=1e-12)


def test_control_and_average_parametrisations_differ_and_say_which():
    control = [0.2, 0.5, 0.2, 0.1]
    from_control = ordinal_sample_size(control, 2.5)
    active = proportional_odds_shift(control, 2.5)
    average = [(c + a) / 2 for c, a in zip(control, active)]
    assert from_control.probabilities_are == "control"
    assert from_control.average_probabilities == pytest.approx(average, abs=1e-15)
    assert from_control.active_probabilities == pytest.approx(active, abs=1e-15)
    assert "control-arm probabilities" in from_control.method_label
    same = ordinal_sample_size(average, 2.5, probabilities_are="average")
    assert from_control.raw_total == pytest.approx(same.raw_total, rel=1e-12)
    assert from_control.raw_total != pytest.approx(130.748, abs=1)


def test_unequal_allocation_follows_whitehead_and_weights_the_average():
    # N = 3(A+1)²(z + z)²/[A (ln OR)²(1 - Σ p̄³)], p̄ weighted by the allocation.
    control, odds_ratio, a = [0.25, 0.25, 0.25, 0.25], 2.0, 2.0
    active = proportional_odds_shift(control, odds_ratio)
    pbar = np.array([(c + a * x) / (1 + a) for c, x in zip(control, active)])
    z = stats.norm.isf(0.025) + stats.norm.ppf(0.9)
    expected = 3 * (a + 1) ** 2 * z * z / (a * math.log(odds_ratio) ** 2 * (1 - (pbar ** 3).sum()))
    result = ordinal_sample_size(control, odds_ratio, power=0.9, ratio=a)
    assert result.raw_total == pytest.approx(expected, rel=1e-12)
    assert result.raw[1] == pytest.approx(2 * result.raw[0], rel=1e-12)


def test_power_at_the_whitehead_n_is_close_to_the_power_asked_for():
    # popower's N/(N+1)² against Whitehead's 1/N: slightly below the target, by O(1/N).
    result = ordinal_sample_size([0.2, 0.5, 0.2, 0.1], 2.5, probabilities_are="average")
    n0, n1 = result.raw
    power = ordinal_power(n0, [0.2, 0.5, 0.2, 0.1], 2.5, n_active=n1,
                          probabilities_are="average")
    assert 0.79 < power < 0.80
    assert result.achieved_power == pytest.approx(
        ordinal_power(66, [0.2, 0.5, 0.2, 0.1], 2.5, probabilities_are="average"), abs=1e-15)


def test_vfd_categories_from_bands_and_from_days():
    bands = {"0": 0.1, "1-7": 0.15, (8, 14): 0.2, "15-21": 0.3, "22 - 28": 0.25}
    labels, p = vfd_categories(0.3, survivor_bands=bands)
    assert labels == ("dead by day 28", "alive, 0 VFD", "alive, 1-7 VFD", "alive, 8-14 VFD",
                      "alive, 15-21 VFD", "alive, 22-28 VFD")
    assert p == pytest.approx((0.3, 0.07, 0.105, 0.14, 0.21, 0.175), abs=1e-15)
    days = [0.1] + [0.15 / 7] * 7 + [0.2 / 7] * 7 + [0.3 / 7] * 7 + [0.25 / 7] * 7
    labels, p = vfd_categories(0.3, survivor_days=days)
    assert len(labels) == 30 and labels[0] == "dead by day 28" and labels[-1] == "alive, 28 VFD"
    # Finer categories carry more information: fewer patients than the banded version.
    banded = vfd_ordinal_sample_size(0.3, 1.5, survivor_bands=bands)
    daily = vfd_ordinal_sample_size(0.3, 1.5, survivor_days=days)
    assert daily.raw_total < banded.raw_total
    assert banded.raw_total == pytest.approx(
        ordinal_sample_size(list(vfd_categories(0.3, survivor_bands=bands)[1]), 1.5).raw_total,
        rel=1e-12)


def test_vfd_result_states_its_assumptions_and_the_implied_mortality():
    result = vfd_ordinal_sample_size(0.3, 1.5, survivor_bands={"0-14": 0.4, "15-28": 0.6})
    # Proportional odds across the death cut: active mortality m/(m + OR(1 - m)).
    assert result.active_probabilities[0] == pytest.approx(0.3 / (0.3 + 1.5 * 0.7), rel=1e-12)
    text = " ".join(result.to_dict()["notes"])
    assert "ranked below every survivor" in text and "22.2%" in text
    assert result.to_dict()["categories"][0] == "dead by day 28"


@pytest.mark.parametrize("call, words", [
    (lambda: ordinal_sample_size([0.2, 0.5, 0.2], 2.5), "sum to 0.9"),
    (lambda: ordinal_sample_size([0.2, 0.5, 0.2, 0.1], 0.0), "positive"),
    (lambda: ordinal_sample_size([0.2, 0.5, 0.2, 0.1], -2), "positive"),
    (lambda: ordinal_sample_size([0.2, 0.5, 0.2, 0.1], 1.0), "odds ratio of 1"),
    (lambda: ordinal_sample_size([1.0, 0.0], 2.0), "fewer than 2 categories"),
    (lambda: ordinal_sample_size([1.0], 2.0), "fewer than 2 categories"),
    (lambda: ordinal_sample_size([1.2, -0.2], 2.0), "between 0 and 1"),
    (lambda: ordinal_sample_size("0.5,0.5", 2.0), "list of numbers"),
    (lambda: ordinal_sample_size([0.5, 0.5], 2.0, probabilities_are="treated"), "one of"),
    (lambda: ordinal_sample_size([0.5, 0.5], 2.0, categories=["a"]), "category names"),
    (lambda: ordinal_power(0, [0.5, 0.5], 2.0), "at least one patient"),
    (lambda: vfd_categories(1.0, survivor_bands={"0-28": 1}), "between 0 and 1"),
    (lambda: vfd_categories(0.3), "either as bands"),
    (lambda: vfd_categories(0.3, survivor_bands={"0-7": 0.5, "9-28": 0.5}), "check day 8"),
    (lambda: vfd_categories(0.3, survivor_bands={"0-7": 0.5, "7-28": 0.5}), "check day 8"),
    (lambda: vfd_categories(0.3, survivor_bands={"0-7": 0.5, "8-21": 0.5}), "stop at day 21"),
    (lambda: vfd_categories(0.3, survivor_bands={"0-30": 1.0}), "within 0 to 28"),
    (lambda: vfd_categories(0.3, survivor_bands={"a week": 1.0}), "not a day"),
    (lambda: vfd_categories(0.3, survivor_bands={"0-7": 0.5, "8-28": 0.6}), "sum to 1.1"),
    (lambda: vfd_categories(0.3, survivor_days=[1 / 28] * 28), "29 values"),
])
def test_impossible_ordinal_requests_say_why(call, words):
    with pytest.raises(SampleSizeError) as caught:
        call()
    assert words in str(caught.value)


# ---------------------------------------------------------------------------------------------
# Several arms: disjunctive and conjunctive power
# ---------------------------------------------------------------------------------------------

def _mvn_powers(means, loadings, scales, c):
    """Disjunctive and conjunctive power by scipy's Genz integration of the full covariance."""
    means, loadings, scales = map(np.asarray, (means, loadings, scales))
    signs = np.sign(means)
    oriented = signs * loadings
    cov = np.outer(scales * oriented, scales * oriented)
    np.fill_diagonal(cov, scales ** 2)
    mu = np.abs(means)
    kwargs = dict(abseps=1e-10, releps=1e-10, maxpts=4_000_000)
    upper = np.full(len(mu), c)
    none = stats.multivariate_normal(mean=mu, cov=cov, **kwargs).cdf(
        upper, rng=np.random.default_rng(1))
    every = stats.multivariate_normal(mean=-mu, cov=cov, **kwargs).cdf(
        -upper, rng=np.random.default_rng(1))
    return 1 - float(none), float(every)


@pytest.mark.parametrize("deltas, ratios, sided", [
    ([0.5, 0.5], [1, 1], 1), ([0.4, 0.6, 0.5], [1, 1, 1], 2), ([0.5, -0.3], [2, 0.5], 2),
    ([0.3, 0.5, 0.7, 0.4], [1, 1.5, 1, 3], 1),
])
def test_continuous_disjunctive_and_conjunctive_against_scipy(deltas, ratios, sided):
    result = continuous_multi_arm_power(60, deltas, 1.0, ratio=ratios, sided=sided)
    loadings = [math.sqrt(r / (1 + r)) for r in ratios]
    disjunctive, conjunctive = _mvn_powers(result.noncentralities, loadings,
                                           [1.0] * len(deltas), result.critical_value)
    assert result.disjunctive == pytest.approx(disjunctive, abs=2e-6)
    assert result.conjunctive == pytest.approx(conjunctive, abs=2e-6)


def test_binary_powers_use_the_alternative_covariance_against_scipy():
    n0, p0, rates = 120, 0.4, [0.25, 0.3, 0.28]
    result = binary_multi_arm_power(n0, p0, rates, ratio=[1, 1.5, 0.8])
    sizes = result.n_per_arm
    se1 = [math.sqrt(p0 * (1 - p0) / n0 + p * (1 - p) / n) for p, n in zip(rates, sizes[1:])]
    se0 = []
    for p, n in zip(rates, sizes[1:]):
        pbar = (n0 * p0 + n * p) / (n0 + n)
        se0.append(math.sqrt(pbar * (1 - pbar) * (1 / n0 + 1 / n)))
    loadings = [math.sqrt(p0 * (1 - p0) / n0) / s for s in se1]
    scales = [s1 / s0 for s1, s0 in zip(se1, se0)]
    disjunctive, conjunctive = _mvn_powers(result.noncentralities, loadings, scales,
                                           result.critical_value)
    assert result.disjunctive == pytest.approx(disjunctive, abs=2e-6)
    assert result.conjunctive == pytest.approx(conjunctive, abs=2e-6)
    # Per comparison it is the engine's pooled-variance power: the same rates in every arm
    # reproduce binary_power at the same Dunnett critical value.
    for p, n, power in zip(rates, sizes[1:], result.per_comparison):
        pbar = (n0 * p0 + n * p) / (n0 + n)
        null_sd = math.sqrt(pbar * (1 - pbar) * (1 / n0 + 1 / n))
        alt_sd = math.sqrt(p0 * (1 - p0) / n0 + p * (1 - p) / n)
        expected = stats.norm.cdf((abs(p - p0) - result.critical_value * null_sd) / alt_sd)
        assert power == pytest.approx(expected, abs=1e-12)
    same = binary_multi_arm_power(n0, p0, 0.28, arms=3, ratio=[1, 1.5, 0.8])
    assert same.power == pytest.approx(binary_power(n0, p0, 0.28, arms=3, ratio=[1, 1.5, 0.8]),
                                       abs=1e-12)


def test_multiarm_vignette_example_1():
    # Grayling's multiarm vignette "Single-stage multi-arm clinical trials", Example 1:
    # des_ss_norm(integer = TRUE): K = 2, one-sided alpha 0.025, Dunnett, sigma 1, delta 0.5,
    # 1:1:1. Its printed P1 = 0.901 is reached at n = 98 per arm (97 gives 0.898, 99 0.904).
    # At tau = (0.5, 0.5): Pdis 0.968, Pcon 0.834, FWERII1 0.166, FWERII2 0.0319.
    both = continuous_multi_arm_power(98, [0.5, 0.5], 1.0, alpha=0.025, sided=1)
    assert both.per_comparison == pytest.approx((0.901, 0.901), abs=5e-4)
    assert both.disjunctive == pytest.approx(0.968, abs=5e-4)
    assert 1 - both.disjunctive == pytest.approx(0.0319, abs=5e-5)
    assert both.conjunctive == pytest.approx(0.834, abs=5e-4)
    assert 1 - both.conjunctive == pytest.approx(0.166, abs=5e-4)
    # At tau = (0.5, 0): P2 = FWERI1 = 0.0135; at tau = (0, 0): FWERI1 = 0.0250.
    one = continuous_multi_arm_power(98, [0.5, 0.0], 1.0, alpha=0.025, sided=1)
    assert one.per_comparison[1] == pytest.approx(0.0135, abs=5e-5)
    assert one.familywise_error == pytest.approx(0.0135, abs=5e-5)
    c, lam = both.critical_value, math.sqrt(0.5)
    null = multiple_comparison_power([0.0, 0.0], [lam, lam], c, sided=1)
    assert null.familywise_error == pytest.approx(0.0250, abs=1e-12)
    assert null.disjunctive is None and null.conjunctive is None


@pytest.mark.parametrize("sided", [1, 2])
def test_one_active_arm_equals_the_ordinary_power(sided):
    binary = binary_multi_arm_power(80, 0.45, 0.28, sided=sided, ratio=1.5)
    expected = binary_power(80, 0.45, 0.28, sided=sided, ratio=1.5)
    assert binary.per_comparison[0] == pytest.approx(expected, abs=1e-12)
    assert binary.disjunctive == pytest.approx(expected, abs=1e-12)
    assert binary.conjunctive == pytest.approx(expected, abs=1e-12)
    continuous = continuous_multi_arm_power(40, 3.0, 8.0, sided=sided, ratio=2)
    expected = continuous_power(40, 3.0, 8.0, sided=sided, ratio=2, method="normal")
    assert continuous.disjunctive == pytest.approx(expected, abs=1e-12)
    assert continuous.conjunctive == pytest.approx(expected, abs=1e-12)


def test_global_null_familywise_error_is_alpha_for_dunnett():
    for k in (2, 3, 5):
        for sided in (1, 2):
            for ratio in (1.0, 2.0):
                c = dist.dunnett_critical_value(k, 0.05, sided, ratio)
                lam = math.sqrt(ratio / (1 + ratio))
                null = multiple_comparison_power([0.0] * k, [lam] * k, c, sided=sided)
                assert null.familywise_error == pytest.approx(0.05, abs=1e-11)


def test_power_integration_has_converged_and_is_ordered():
    means, loadings = [2.1, 2.8, -1.5, 0.0], [0.7, 0.5, 0.995, 0.6]
    coarse = multiple_comparison_power(means, loadings, 2.4, sided=2)
    fine = multiple_comparison_power(means, loadings, 2.4, sided=2, step=1 / 128)
    for field in ("disjunctive", "conjunctive", "familywise_error"):
        assert getattr(coarse, field) == pytest.approx(getattr(fine, field), abs=1e-13)
    false = coarse.per_comparison[:3]
    assert coarse.disjunctive >= max(false) >= min(false) >= coarse.conjunctive
    result = continuous_multi_arm_power(50, [0.5, 0.4, 0.0], 1.0, adjust="bonferroni")
    assert result.adjustment == "bonferroni" and result.familywise_error < 0.05 / 3
    payload = json.loads(json.dumps(result.to_dict()))
    assert payload["n_per_arm"] == [50, 50, 50, 50] and payload["conjunctive_power"] > 0


@pytest.mark.parametrize("call, words", [
    (lambda: binary_multi_arm_power(100, 0.4, [0.4, 0.4]), "no false null"),
    (lambda: continuous_multi_arm_power(100, [0, 0], 1), "no false null"),
    (lambda: binary_multi_arm_power(100, 1.2, [0.3]), "between 0 and 1"),
    (lambda: binary_multi_arm_power(100, 0.4, [0.0]), "between 0 and 1"),
    (lambda: continuous_multi_arm_power(100, [1], 0), "SD"),
    (lambda: continuous_multi_arm_power(100, [1, 2], 1, ratio=[1, 1, 1]), "one per active"),
    (lambda: continuous_multi_arm_power(0, [1, 2], 1), "at least one patient"),
    (lambda: continuous_multi_arm_power(10, [1] * 7, 1), "at most 6"),
    (lambda: continuous_multi_arm_power(10, [1, 2], 1, adjust="holm"), "adjustment"),
    (lambda: multiple_comparison_power([1.0], [1.0], 2.0), "strictly between 0 and 1"),
    (lambda: multiple_comparison_power([1.0, 2.0], [0.5], 2.0), "one mean"),
])
def test_impossible_multi_arm_requests_say_why(call, words):
    with pytest.raises(SampleSizeError) as caught:
        call()
    assert words in str(caught.value)


@settings(max_examples=200, deadline=None)
@given(p=st.lists(st.floats(0, 1), min_size=2, max_size=8), odds_ratio=st.floats(1e-6, 1e6),
       ratio=st.floats(0.01, 100), given_as=st.sampled_from(["control", "average"]))
def test_ordinal_is_a_number_or_an_error_never_nan(p, odds_ratio, ratio, given_as):
    total = sum(p)
    if total > 0:
        p = [q / total for q in p]
    try:
        result = ordinal_sample_size(p, odds_ratio, ratio=ratio, probabilities_are=given_as)
    except SampleSizeError:
        return
    assert all(math.isfinite(v) and v > 0 for v in (result.raw_total, *result.raw))
    assert 0 <= result.achieved_power <= 1


def test_hazards_too_large_and_one_category_say_why():
    with pytest.raises(SampleSizeError, match="too large to compute"):
        survival_sample_size(1e308, 0.9, 1e-3)
    with pytest.raises(SampleSizeError, match="one category"):
        ordinal_sample_size([1 - 1e-17, 1e-17], 2.0, probabilities_are="average")
