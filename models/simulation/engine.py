"""The numerical core: the test statistic of every look for a block of simulated trials (one
row per trial, one column per look), and the tally of where each trial stops.

numpy is imported inside the functions, so importing the package never loads it. The draws of a
block depend only on its generator, the endpoint and the design, never on how blocks are grouped
into chunks.
"""

from __future__ import annotations

from dataclasses import dataclass

from models.simulation.designs import TrialDesign
from models.simulation.endpoints import BinaryEndpoint, ContinuousEndpoint, Endpoint


def _segments(design: TrialDesign):
    """Patients at each look (K, 2) and newly analysed in each look segment (K, 2)."""
    import numpy as np

    looks = np.asarray(design.patients_per_look, dtype=np.int64)
    return looks, np.diff(looks, axis=0, prepend=0)


def _pooled_proportion_z(events_c, n_c, events_t, n_t, harmful: bool):
    """Pooled-variance z for two proportions, positive for benefit; 0 where p̄ is 0 or 1."""
    import numpy as np

    pooled = (events_c + events_t) / (n_c + n_t)
    variance = pooled * (1.0 - pooled) * (1.0 / n_c + 1.0 / n_t)
    difference = events_c / n_c - events_t / n_t
    if not harmful:
        difference = -difference
    with np.errstate(divide="ignore", invalid="ignore"):
        z = difference / np.sqrt(variance)
    return np.where(variance > 0, z, 0.0)


def _mean_difference_z(n_c, mean_c, ss_c, n_t, mean_t, ss_t):
    """(mean_t - mean_c) / (s_p √(1/n_c + 1/n_t)), s_p² = (ss_c + ss_t)/(n_c + n_t - 2);
    0 where every outcome is the same."""
    import numpy as np

    variance = (ss_c + ss_t) / (n_c + n_t - 2) * (1.0 / n_c + 1.0 / n_t)
    with np.errstate(divide="ignore", invalid="ignore"):
        z = (mean_t - mean_c) / np.sqrt(variance)
    return np.where(variance > 0, z, 0.0)


def _wilcoxon_z(counts_c, counts_t):
    """Wilcoxon-Mann-Whitney z of the treatment arm from the counts of each ordered value
    (last axis), midranks for ties, tie-corrected variance, no continuity correction; 0 where
    every patient has the same value."""
    import numpy as np

    counts_c = np.asarray(counts_c, dtype=np.float64)
    counts_t = np.asarray(counts_t, dtype=np.float64)
    tied = counts_c + counts_t
    n_c, n_t = counts_c.sum(axis=-1), counts_t.sum(axis=-1)
    n = n_c + n_t
    midrank = np.cumsum(tied, axis=-1) - (tied - 1.0) / 2.0
    rank_sum = (counts_t * midrank).sum(axis=-1)
    ties = (tied ** 3 - tied).sum(axis=-1)
    variance = n_c * n_t / 12.0 * ((n + 1.0) - ties / (n * (n - 1.0)))
    with np.errstate(divide="ignore", invalid="ignore"):
        z = (rank_sum - n_t * (n + 1.0) / 2.0) / np.sqrt(variance)
    return np.where(variance > 1e-9 * n_c * n_t, z, 0.0)


def _binary_block(endpoint: BinaryEndpoint, design: TrialDesign, rng, trials: int):
    import numpy as np

    looks, segments = _segments(design)
    shape = (trials, len(looks))
    events_c = rng.binomial(segments[:, 0], endpoint.control_rate, size=shape).cumsum(axis=1)
    events_t = rng.binomial(segments[:, 1], endpoint.treatment_rate, size=shape).cumsum(axis=1)
    return _pooled_proportion_z(events_c.astype(np.float64), looks[:, 0],
                                events_t.astype(np.float64), looks[:, 1],
                                endpoint.events_are_harmful)


def _normal_cumulative(rng, segments, mean: float, sd: float, trials: int):
    """Cumulative (mean, sum of squares about it) at each look from per-segment sufficient
    statistics: the segment mean is N(mean, sd²/m), its sum of squares sd²·χ²(m - 1); segments
    merge by Chan, Golub & LeVeque's pairwise update."""
    import numpy as np

    shape = (trials, len(segments))
    seg_mean = mean + sd / np.sqrt(segments) * rng.standard_normal(shape)
    seg_ss = (2.0 * sd * sd) * rng.standard_gamma((segments - 1) / 2.0, size=shape)
    means, sums = np.empty(shape), np.empty(shape)
    n, m_run, ss_run = 0, np.zeros(trials), np.zeros(trials)
    for k, m in enumerate(segments):
        total = n + m
        delta = seg_mean[:, k] - m_run
        m_run = m_run + delta * (m / total)
        ss_run = ss_run + seg_ss[:, k] + delta * delta * (n * m / total)
        means[:, k], sums[:, k], n = m_run, ss_run, total
    return means, sums


def _continuous_block(endpoint: ContinuousEndpoint, design: TrialDesign, rng, trials: int):
    looks, segments = _segments(design)
    delta = endpoint.mean_difference if endpoint.higher_is_better else -endpoint.mean_difference
    mean_c, ss_c = _normal_cumulative(rng, segments[:, 0], 0.0, endpoint.sd, trials)
    mean_t, ss_t = _normal_cumulative(rng, segments[:, 1], delta, endpoint.sd, trials)
    return _mean_difference_z(looks[:, 0], mean_c, ss_c, looks[:, 1], mean_t, ss_t)


def _vfd_counts(rng, segments, probabilities, trials: int):
    """(trials, K, H + 1): patients with each whole-day VFD among those analysed at each look."""
    import numpy as np

    pvals = np.asarray(probabilities, dtype=np.float64)
    return rng.multinomial(segments, pvals, size=(trials, len(segments))).cumsum(axis=1)


def _vfd_block(endpoint, design: TrialDesign, rng, trials: int):
    import numpy as np

    looks, segments = _segments(design)
    control, treatment = endpoint.arm_models()
    counts_c = _vfd_counts(rng, segments[:, 0], control.probabilities, trials)
    counts_t = _vfd_counts(rng, segments[:, 1], treatment.probabilities, trials)
    if endpoint.test == "wilcoxon":
        return _wilcoxon_z(counts_c, counts_t)
    days = np.arange(endpoint.horizon + 1, dtype=np.float64)

    def moments(counts, n):
        total = counts @ days
        mean = total / n
        return mean, counts @ (days * days) - total * mean

    mean_c, ss_c = moments(counts_c, looks[:, 0])
    mean_t, ss_t = moments(counts_t, looks[:, 1])
    return _mean_difference_z(looks[:, 0], mean_c, np.maximum(ss_c, 0.0), looks[:, 1], mean_t,
                              np.maximum(ss_t, 0.0))


def _statistics(endpoint: Endpoint, design: TrialDesign, rng, trials: int):
    """Z (trials, K), positive for benefit."""
    if isinstance(endpoint, BinaryEndpoint):
        return _binary_block(endpoint, design, rng, trials)
    if isinstance(endpoint, ContinuousEndpoint):
        return _continuous_block(endpoint, design, rng, trials)
    return _vfd_block(endpoint, design, rng, trials)


@dataclass
class _Tally:
    """Counts of trials by look and outcome; blocks add up exactly."""
    trials: int
    efficacy: list[int]              # stopped for efficacy at look k, futility applied
    harm: list[int]                  # ... of which with Z_k < 0 (two-sided only)
    futility: list[int]              # stopped for futility at look k (interim looks only)
    efficacy_ignored: list[int]      # stopped for efficacy at look k, futility ignored

    @classmethod
    def empty(cls, looks: int) -> "_Tally":
        return cls(0, *([0] * looks for _ in range(4)))

    def add(self, other: "_Tally") -> None:
        self.trials += other.trials
        for name in ("efficacy", "harm", "futility", "efficacy_ignored"):
            mine = getattr(self, name)
            for k, count in enumerate(getattr(other, name)):
                mine[k] += count


def _tally(z, design: TrialDesign) -> _Tally:
    import numpy as np

    trials, looks = z.shape
    statistic = np.abs(z) if design.sided == 2 else z
    efficacy = statistic >= np.asarray(design.efficacy)
    if design.futility is not None:
        futility = statistic < np.asarray(design.futility)
        futility[:, -1] = False
    else:
        futility = np.zeros_like(efficacy)
    rows = np.arange(trials)

    def counts(rejects, stops):
        first = stops.argmax(axis=1)
        at_first = rejects[rows, first] & stops[rows, first]
        harmful = at_first & (z[rows, first] < 0)
        return (np.bincount(first[at_first], minlength=looks),
                np.bincount(first[harmful], minlength=looks), first)

    stops = efficacy | futility
    stops[:, -1] = True
    eff, harm, first = counts(efficacy, stops)
    fut = np.bincount(first[futility[rows, first]], minlength=looks)
    stops_ignored = efficacy.copy()
    stops_ignored[:, -1] = True
    eff_ignored, _, _ = counts(efficacy, stops_ignored)
    return _Tally(trials, eff.tolist(), harm.tolist(), fut.tolist(), eff_ignored.tolist())
