"""Mann–Kendall, Seasonal Kendall and Sen's slope, against hand-computed values and SciPy."""

import math

import numpy as np
import pytest
from scipy import stats

from npgov.science.trend import mann_kendall, seasonal_kendall, sen_slope


def test_a_steady_rise_by_hand():
    times = list(range(2015, 2025))
    result = mann_kendall(times, [1.0 + 0.5 * i for i in range(10)])
    # S = 45, Var(S) = 10·9·25/18 = 125, Z = (45 − 1)/√125
    assert result.s == 45 and result.variance == pytest.approx(125)
    assert result.z == pytest.approx(44 / math.sqrt(125))
    assert result.p_value == pytest.approx(2 * stats.norm.sf(44 / math.sqrt(125)))
    assert result.slope == pytest.approx(0.5) and result.direction == "increasing"


def test_agrees_with_scipy_kendall_tau_and_theil_sen():
    rng = np.random.default_rng(3)
    times = np.arange(24) / 4
    values = 5 - 0.3 * times + rng.normal(0, 0.6, times.size)
    result = mann_kendall(times, values)
    tau = stats.kendalltau(times, values).statistic
    assert result.s == round(tau * 24 * 23 / 2)
    assert result.slope == pytest.approx(stats.theilslopes(values, times).slope)
    assert result.direction == "decreasing"


def test_non_detects_count_as_low_values_and_short_series_are_not_tested():
    times = [2018, 2019, 2020, 2021, 2022, 2023]
    values = [0.5, 0.5, 0.8, 1.2, 1.5, 2.0]
    censored = [True, True, False, False, False, False]
    result = mann_kendall(times, values, censored)
    assert result.s == 14 and result.direction == "increasing"  # the two < 0.5 are tied
    assert mann_kendall([1, 2, 3], [1, 2, 3]) is None
    assert sen_slope([1, 1], [2, 3]) is None


def test_seasonal_kendall_compares_like_seasons_only():
    years = [y for y in range(2016, 2024) for _q in range(4)]
    quarters = [q for _y in range(2016, 2024) for q in range(1, 5)]
    seasonal = {1: 10.0, 2: 2.0, 3: 6.0, 4: 1.0}
    values = [seasonal[q] + 0.2 * (y - 2016) for y, q in zip(years, quarters, strict=True)]
    times = [y + (q - 1) / 4 for y, q in zip(years, quarters, strict=True)]
    result = seasonal_kendall(times, quarters, values)
    assert result.s == 4 * 28 and result.direction == "increasing"
    assert result.slope == pytest.approx(0.2)
