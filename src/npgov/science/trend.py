"""Monotonic trend of a concentration series: Mann–Kendall and Seasonal Kendall tests with
Sen's slope.

Non-detects enter as ties at or below their limit: a non-detect is treated as smaller than
every detect above its limit and tied with everything else below (Helsel 2012, ch. 12.2), so
a falling share of non-detects counts as a rise.

References
----------
.. [1] Mann, H. B. (1945). Nonparametric tests against trend. *Econometrica* 13, 245–259.
.. [2] Kendall, M. G. (1975). *Rank Correlation Methods*, 4th ed. Griffin (variance with
   ties).
.. [3] Hirsch, R. M., Slack, J. R. & Smith, R. A. (1982). Techniques of trend analysis for
   monthly water quality data. *Water Resources Research* 18(1), 107–121 (Seasonal Kendall).
.. [4] Sen, P. K. (1968). Estimates of the regression coefficient based on Kendall's tau.
   *JASA* 63, 1379–1389.
.. [5] Helsel, D. R. (2012). *Statistics for Censored Environmental Data Using Minitab and R*,
   2nd ed. Wiley, ch. 12.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import stats

__all__ = ["MIN_POINTS", "Trend", "mann_kendall", "seasonal_kendall", "sen_slope"]

#: A series shorter than this has no trend worth testing.
MIN_POINTS = 4


@dataclass(frozen=True)
class Trend:
    """The outcome of a trend test; ``slope`` is per unit of ``times`` (e.g. per year)."""

    n: int
    s: int
    variance: float
    z: float
    p_value: float
    slope: float | None
    direction: str  # increasing | decreasing | no trend

    def as_dict(self) -> dict:
        return {k: getattr(self, k) for k in self.__dataclass_fields__}


def _sign(a_value, a_cen, b_value, b_cen) -> int:
    """sign(b − a) with non-detects: a non-detect is below a detect above its limit and
    tied with anything else."""
    if not a_cen and not b_cen:
        return int(np.sign(b_value - a_value))
    if a_cen and b_cen:
        return 0
    if a_cen:  # a < a_value; b detected
        return 1 if b_value >= a_value else 0
    return -1 if a_value >= b_value else 0  # b is the non-detect


def _s_and_variance(values, censored) -> tuple[int, float]:
    n = len(values)
    s = 0
    for i in range(n - 1):
        for j in range(i + 1, n):
            s += _sign(values[i], censored[i], values[j], censored[j])
    # Ties: detected values equal to each other; non-detects are grouped by limit as ties.
    keys = [("<", v) if c else ("=", v) for v, c in zip(values, censored, strict=True)]
    _, counts = np.unique(np.array([f"{k}{v!r}" for k, v in keys]), return_counts=True)
    variance = (n * (n - 1) * (2 * n + 5) - sum(t * (t - 1) * (2 * t + 5) for t in counts)) / 18
    return s, float(variance)


def _z(s: int, variance: float) -> float:
    if variance <= 0 or s == 0:
        return 0.0
    return (s - math.copysign(1, s)) / math.sqrt(variance)  # continuity correction


def sen_slope(times: Sequence[float], values: Sequence[float]) -> float | None:
    """The median of the slopes between every pair of points with distinct times."""
    t = np.asarray(times, dtype=float)
    v = np.asarray(values, dtype=float)
    i, j = np.triu_indices(t.size, k=1)
    keep = t[j] != t[i]
    if not np.any(keep):
        return None
    return float(np.median((v[j][keep] - v[i][keep]) / (t[j][keep] - t[i][keep])))


def _result(n, s, variance, slope, alpha) -> Trend:
    z = _z(s, variance)
    p = float(2 * stats.norm.sf(abs(z)))
    direction = "no trend"
    if p < alpha:
        direction = "increasing" if s > 0 else "decreasing"
    return Trend(n, int(s), variance, z, p, slope, direction)


def mann_kendall(
    times: Sequence[float],
    values: Sequence[float],
    censored: Sequence[bool] | None = None,
    alpha: float = 0.05,
) -> Trend | None:
    """Mann–Kendall test (normal approximation with continuity correction and the tie
    correction of the variance) and Sen's slope over the detected values. ``None`` for a
    series shorter than :data:`MIN_POINTS`. Points are ordered by time first."""
    censored = [False] * len(values) if censored is None else list(censored)
    if not len(times) == len(values) == len(censored):
        raise ValueError("times, values and censored must have the same length")
    if len(values) < MIN_POINTS:
        return None
    order = np.argsort(np.asarray(times, dtype=float), kind="stable")
    t = [float(times[i]) for i in order]
    v = [float(values[i]) for i in order]
    c = [bool(censored[i]) for i in order]
    s, variance = _s_and_variance(v, c)
    detected = [k for k in range(len(v)) if not c[k]]
    slope = sen_slope([t[k] for k in detected], [v[k] for k in detected])
    return _result(len(v), s, variance, slope, alpha)


def seasonal_kendall(
    times: Sequence[float],
    seasons: Sequence[object],
    values: Sequence[float],
    censored: Sequence[bool] | None = None,
    alpha: float = 0.05,
) -> Trend | None:
    """Seasonal Kendall test: S and its variance summed over seasons (quarters, months), so
    that only like seasons are compared; the slope is the median of the within-season pair
    slopes. ``None`` when the seasons together hold fewer than twice :data:`MIN_POINTS`
    points that can be compared."""
    censored = [False] * len(values) if censored is None else list(censored)
    groups: dict[object, list[int]] = {}
    for index, season in enumerate(seasons):
        groups.setdefault(season, []).append(index)
    s_total, var_total, n_total, slopes = 0, 0.0, 0, []
    for members in groups.values():
        members.sort(key=lambda k: float(times[k]))
        if len(members) < 2:
            continue
        v = [float(values[k]) for k in members]
        c = [bool(censored[k]) for k in members]
        s, variance = _s_and_variance(v, c)
        s_total, var_total, n_total = s_total + s, var_total + variance, n_total + len(members)
        detected = [k for k in members if not censored[k]]
        t = np.array([float(times[k]) for k in detected])
        y = np.array([float(values[k]) for k in detected])
        i, j = np.triu_indices(t.size, k=1)
        keep = t[j] != t[i]
        slopes.extend(((y[j] - y[i])[keep] / (t[j] - t[i])[keep]).tolist())
    if n_total < MIN_POINTS * 2:
        return None
    slope = float(np.median(slopes)) if slopes else None
    return _result(n_total, s_total, var_total, slope, alpha)
