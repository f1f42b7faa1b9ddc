"""Summary statistics of concentrations with non-detects (left-censored data).

A non-detect is known only to lie below its limit (LOD or LOQ). Three families of estimates
are offered, as in Helsel's *Statistics for Censored Environmental Data*:

- ``"km"`` — Kaplan–Meier for left-censored data, as NADA's ``cenfit`` computes it (the
  default for summary statistics with several limits);
- ``"ros"`` — robust regression on order statistics (Helsel & Cohn 1988): non-detects are
  imputed from a log-normal fit to the detects' plotting positions, detects are kept;
- ``"substitution_zero"``, ``"substitution_half"``, ``"substitution_limit"`` — non-detects
  replaced by 0, limit/2 or the limit (the EU monitoring default, Directive 2009/90/EC
  art. 5, is limit/2); offered for comparison only: substitution biases means and spreads.

The functions take plain sequences and return plain numbers; the platform's monitoring
statistics and the exposure estimates (MEC) of risk screening are built on them, so the
signatures are kept stable.

References
----------
.. [1] Helsel, D. R. (2012). *Statistics for Censored Environmental Data Using Minitab and R*,
   2nd ed. Wiley. Ch. 6 (Kaplan–Meier), ch. 6.6 (robust ROS), ch. 1.3 (substitution).
.. [2] Helsel, D. R. & Cohn, T. A. (1988). Estimation of descriptive statistics for multiply
   censored water quality data. *Water Resources Research* 24(12), 1997–2004.
.. [3] Lee, L. & Helsel, D. (2020). NADA: Nondetects and Data Analysis for Environmental Data,
   R package 1.6-1.1 (``cenfit``, ``cenros``).
.. [4] Commission Directive 2009/90/EC, art. 5 (calculation of mean values below the LOQ).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from scipy import stats

__all__ = [
    "METHODS",
    "KaplanMeier",
    "Summary",
    "cohn_numbers",
    "kaplan_meier",
    "ros",
    "summarise",
]

METHODS = ("km", "ros", "substitution_zero", "substitution_half", "substitution_limit")
#: Fewer detects than this and the estimates are flagged as unreliable (NADA needs ≥ 3 for ROS).
MIN_DETECTS = 3


def _arrays(
    values: Sequence[float], censored: Sequence[bool], counts: Sequence[int] | None = None
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    x = np.asarray(values, dtype=float)
    c = np.asarray(censored, dtype=bool)
    if x.shape != c.shape or x.ndim != 1:
        raise ValueError("values and censored must be one-dimensional and of equal length")
    if x.size and (not np.all(np.isfinite(x)) or np.any(x < 0)):
        raise ValueError("values must be finite and not negative")
    if counts is None:
        w = np.ones(x.size, dtype=np.int64)
    else:
        w = np.asarray(counts, dtype=np.int64)
        if w.shape != x.shape or (w.size and w.min() < 1):
            raise ValueError("counts must be positive and one per value")
    return x, c, w


@dataclass(frozen=True)
class KaplanMeier:
    """The Kaplan–Meier distribution of left-censored data: the support (detected values,
    ascending) and the probability mass on each."""

    support: np.ndarray
    mass: np.ndarray
    n_detected: int
    below_lowest_detect: float = 0.0  # probability the non-detects put below the lowest detect

    @property
    def mean(self) -> float:
        """Σ xⱼpⱼ. Biased high when the lowest value is a non-detect: the mass below the
        lowest detect is put on it (Helsel 2012, 6.3)."""
        return float(np.sum(self.support * self.mass))

    @property
    def sd(self) -> float:
        """√(Σ pⱼ(xⱼ − mean)² · d/(d − 1)) with d detects, as NADA reports it."""
        d = self.n_detected
        if d < 2:
            return float("nan")
        variance = float(np.sum(self.mass * (self.support - self.mean) ** 2))
        return math.sqrt(variance * d / (d - 1))

    def quantile(self, p: float) -> float | None:
        """The smallest detected value x with P(X ≤ x) ≥ p (NADA's convention). ``None`` when
        the quantile lies in the mass below the lowest detect, which the non-detects leave
        unknown."""
        if not 0 < p < 1:
            raise ValueError("p must be between 0 and 1")
        if p <= self.below_lowest_detect + 1e-12:
            return None
        cdf = np.cumsum(self.mass)
        j = int(np.nonzero(cdf >= p - 1e-12)[0][0])
        return float(self.support[j])


def kaplan_meier(
    values: Sequence[float], censored: Sequence[bool], counts: Sequence[int] | None = None
) -> KaplanMeier:
    """Kaplan–Meier estimate for left-censored concentrations.

    Going down from the largest detect y, P(X < y) = P(X ≤ y)·(1 − d_y/r_y), where d_y is the
    number of detects equal to y and r_y the number of observations at or below y (detects
    ≤ y and non-detects whose limit is ≤ y). The mass left below the lowest detect is put on
    the lowest detect.

    Parameters
    ----------
    values
        Detected concentrations, or the limit of each non-detect (same unit).
    censored
        ``True`` where the value is a non-detect ("< value").
    counts
        How many observations each (value, censored) pair stands for; lets a database hand
        over its grouped counts instead of every row. One each when omitted.

    Raises
    ------
    ValueError
        With no detected value (nothing can be estimated).
    """
    x, c, w = _arrays(values, censored, counts)
    if not np.any(~c):
        raise ValueError("Kaplan–Meier needs at least one detected value")
    support, inverse = np.unique(x[~c], return_inverse=True)
    d = np.bincount(inverse, weights=w[~c]).astype(np.int64)
    # r_y: observations at or below y — detects ≤ y and non-detects whose limit is ≤ y.
    limits, at_limit = np.unique(x[c], return_inverse=True)
    nd = np.bincount(at_limit, weights=w[c], minlength=limits.size)
    nd_at_or_below = np.append(0, np.cumsum(nd))[np.searchsorted(limits, support, side="right")]
    at_or_below = np.cumsum(d) + nd_at_or_below
    # P(X < y_j) is the product of (1 − d/r) over y_j and every larger detect; P(X ≤ y_j)
    # the same product over the larger detects only.
    below = np.cumprod((1 - d / at_or_below)[::-1])[::-1]
    at_most = np.append(below[1:], 1.0)
    mass = at_most - below
    mass[0] += below[0]
    return KaplanMeier(support, mass, int(d.sum()), float(below[0]))


@dataclass(frozen=True)
class CohnNumbers:
    """Per detection limit (ascending, ∞ last): detects at or above it and below the next
    (A), observations below it (B: detects below it and non-detects with a limit at or below
    it), non-detects at it (C), and the exceedance probability pe."""

    limits: np.ndarray
    above: np.ndarray
    below: np.ndarray
    at: np.ndarray
    exceedance: np.ndarray


def cohn_numbers(values: Sequence[float], censored: Sequence[bool]) -> CohnNumbers:
    """The Cohn numbers and exceedance probabilities of Helsel & Cohn (1988)."""
    x, c, _ = _arrays(values, censored)
    limits = np.unique(x[c])
    if limits.size == 0:
        limits = np.array([x.min()]) if x.size else np.array([0.0])
    bounds = np.append(limits, np.inf)
    detected, nondetect = x[~c], x[c]
    above = np.array(
        [np.sum((detected >= bounds[j]) & (detected < bounds[j + 1])) for j in range(limits.size)]
    )
    below = np.array([np.sum(detected < limit) + np.sum(nondetect <= limit) for limit in limits])
    at = np.array([np.sum(nondetect == limit) for limit in limits])
    pe = np.zeros(limits.size + 1)
    for j in range(limits.size - 1, -1, -1):
        total = above[j] + below[j]
        share = above[j] / total if total else 0.0
        pe[j] = pe[j + 1] + share * (1 - pe[j + 1])
    return CohnNumbers(bounds, above, below, at, pe)


def ros(values: Sequence[float], censored: Sequence[bool]) -> np.ndarray:
    """Robust ROS: the detects as measured and each non-detect imputed from the log-normal
    line fitted (OLS of ln x on normal scores) to the detects' plotting positions. Returns
    the modelled values in input order.

    Raises
    ------
    ValueError
        With fewer than :data:`MIN_DETECTS` detects (no line can be trusted).
    """
    x, c, _ = _arrays(values, censored)
    if np.sum(~c) < MIN_DETECTS:
        raise ValueError(f"robust ROS needs at least {MIN_DETECTS} detected values")
    if not np.any(c):
        return x.copy()
    cohn = cohn_numbers(x, c)
    limits, pe = cohn.limits, cohn.exceedance
    pp = np.empty(x.size)
    order = np.argsort(x, kind="stable")
    # Detects below the lowest limit.
    low = [i for i in order if not c[i] and x[i] < limits[0]]
    for rank, i in enumerate(low, start=1):
        pp[i] = (1 - pe[0]) * rank / (len(low) + 1)
    for j in range(limits.size - 1):
        lo, hi = limits[j], limits[j + 1]
        band = [i for i in order if not c[i] and lo <= x[i] < hi]
        for rank, i in enumerate(band, start=1):
            pp[i] = (1 - pe[j]) + (pe[j] - pe[j + 1]) * rank / (len(band) + 1)
        at = [i for i in order if c[i] and x[i] == lo]
        for rank, i in enumerate(at, start=1):
            pp[i] = (1 - pe[j]) * rank / (len(at) + 1)
    z = stats.norm.ppf(pp)
    fit = stats.linregress(z[~c], np.log(x[~c]))
    modelled = x.copy()
    modelled[c] = np.exp(fit.intercept + fit.slope * z[c])
    return modelled


@dataclass(frozen=True)
class Summary:
    """Descriptive statistics of one group of results (the unit of the input)."""

    method: str
    n: int
    n_detected: int
    detection_frequency: float
    min: float | None
    median: float | None
    mean: float | None
    sd: float | None
    p90: float | None
    p95: float | None
    max: float | None
    reliable: bool
    notes: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {k: getattr(self, k) for k in self.__dataclass_fields__}


def _percentile(data: np.ndarray, q: float) -> float:
    return float(np.percentile(data, q, method="weibull"))


def summarise(
    values: Sequence[float],
    censored: Sequence[bool],
    method: str = "km",
    counts: Sequence[int] | None = None,
) -> Summary:
    """n, detects, detection frequency, min, median, mean, sd, P90, P95 and max.

    ``min`` and ``max`` are of the detected values (a non-detect's limit is not a
    concentration); the maximum is what risk screening takes as a site's worst case. The
    result is flagged unreliable, with a note saying why, when there are fewer than three
    detects, when more than 80 % of the results are non-detects, or (for Kaplan–Meier) when
    the lowest value is a non-detect so that the mean is biased high. ``counts`` gives how
    many observations each (value, censored) pair stands for, as :func:`kaplan_meier` takes
    them; the other methods expand them.
    """
    if method not in METHODS:
        raise ValueError(f"unknown method {method!r}; choose one of {', '.join(METHODS)}")
    x, c, w = _arrays(values, censored, counts)
    n, d = int(w.sum()), int(w[~c].sum())
    notes: list[str] = []
    if n == 0:
        return Summary(method, 0, 0, 0.0, None, None, None, None, None, None, None, False,
                       ["no results"])  # fmt: skip
    detected = x[~c]
    frequency = d / n
    reliable = d >= MIN_DETECTS
    if d < MIN_DETECTS:
        notes.append(f"fewer than {MIN_DETECTS} detects: estimates are not reliable")
    if frequency < 0.2:
        reliable = False
        notes.append("more than 80 % non-detects: report the detection frequency and maximum")
    lo = float(detected.min()) if d else None
    hi = float(detected.max()) if d else None
    if d == 0:
        return Summary(method, n, 0, 0.0, None, None, None, None, None, None, None, False,
                       [*notes, "no detected value"])  # fmt: skip
    if method == "km":
        km = kaplan_meier(x, c, w)
        if np.any(c) and x[c].min() <= detected.min():
            notes.append("a limit lies at or below the lowest detect: the KM mean is biased high")
        return Summary(method, n, d, frequency, lo, km.quantile(0.5), km.mean, km.sd,
                       km.quantile(0.9), km.quantile(0.95), hi, reliable, notes)  # fmt: skip
    if counts is not None:
        x, c = np.repeat(x, w), np.repeat(c, w)
    if method == "ros":
        if d < MIN_DETECTS:
            return Summary(method, n, d, frequency, lo, None, None, None, None, None, hi,
                           False, notes)  # fmt: skip
        data = ros(x, c)
    else:
        factor = {"substitution_zero": 0.0, "substitution_half": 0.5,
                  "substitution_limit": 1.0}[method]  # fmt: skip
        data = np.where(c, x * factor, x)
        notes.append("substitution: for comparison only, biased (Helsel 2012, ch. 1)")
    return Summary(
        method, n, d, frequency, lo, _percentile(data, 50), float(np.mean(data)),
        float(np.std(data, ddof=1)) if n > 1 else None, _percentile(data, 90),
        _percentile(data, 95), hi, reliable, notes,
    )  # fmt: skip
