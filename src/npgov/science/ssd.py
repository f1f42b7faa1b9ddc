"""Species sensitivity distributions (SSD) fitted by maximum likelihood, as R ssdtools 2.x does.

A species sensitivity distribution is the distribution of a toxicity endpoint (an EC10, NOEC or
LC50, one value per species) across species. Its p-quantile is the hazard concentration HCp,
the concentration expected to affect the fraction p of species; the HC5 (p = 0.05) is the usual
basis of a water-quality guideline or PNEC.

Several distributions are fitted by maximum likelihood and averaged with Akaike weights on the
small-sample corrected AIC (AICc), as ssdtools does by default (the "BCANZ" set agreed by
British Columbia, Canada, Australia and New Zealand):

- ``gamma`` (shape, scale), ``lgumbel`` (log-Gumbel, i.e. Fréchet: locationlog, scalelog),
  ``llogis`` (log-logistic: locationlog, scalelog), ``lnorm`` (log-normal: meanlog, sdlog),
  ``lnorm_lnorm`` (mixture of two log-normals: meanlog1, sdlog1, meanlog2, sdlog2, pmix, with
  pmix in [min_pmix, 1 − min_pmix], min_pmix = max(min(3/n, 0.5), 0.1)) and ``weibull``
  (shape, scale);
- on request ``burrIII3`` (shape1, shape2, scale; shapes bounded to [0.05, 20]), ``gompertz``
  (location, shape; deprecated in ssdtools) and ``invpareto`` (shape, scale; scale is the
  bias-corrected largest value, not a likelihood estimate, so it is fitted only on its own).

The model-averaged HCp is by default the root x of Σᵢ wᵢ Fᵢ(x) = p (ssdtools' ``"multi"``
method, the exact inverse of the averaged proportion affected); the weighted arithmetic and
geometric means of the per-distribution HCp are offered too. Distributions with ΔAICc > 9.21
are left out of the average, as ``ssd_hc()`` does. Confidence limits come from ssdtools'
default parametric bootstrap (``ci_method = "weighted_samples"``): the bootstrap samples are
split between the distributions in proportion to their weights, each sample is drawn from and
refitted to its own distribution, and the pooled HCp give the percentile limits. Bootstrap
limits depend on the random stream, so they agree with ssdtools only in distribution.

Concentrations are in any one unit; every HCp is returned in that unit.

References
----------
.. [1] Thorley, J. & Schwarz, C. (2018). ssdtools: An R package to fit species sensitivity
   distributions. *Journal of Open Source Software* 3(31), 1082; R package ssdtools 2.6
   (github bcgov/ssdtools): ``ssd_fit_dists``, ``glance``, ``ssd_gof``, ``ssd_hc``, ``ssd_hp``.
.. [2] Fox, D. R. et al. (2021). Recent developments in species sensitivity distribution
   modeling. *Environmental Toxicology and Chemistry* 40(2), 293–308.
.. [3] Burnham, K. P. & Anderson, D. R. (2002). *Model Selection and Multimodel Inference*,
   2nd ed. Springer (AICc, Akaike weights).
.. [4] Marsaglia, G. & Marsaglia, J. (2004). Evaluating the Anderson–Darling distribution.
   *Journal of Statistical Software* 9(2) (the p-value of the Anderson–Darling statistic).
.. [5] Csörgő, S. & Faraway, J. J. (1996). The exact and asymptotic distributions of
   Cramér–von Mises statistics. *JRSS B* 58(1), 221–234.
"""

from __future__ import annotations

import math
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
from scipy import optimize, special, stats

__all__ = [
    "AVERAGE_METHODS",
    "DEFAULT_DISTS",
    "DELTA",
    "DISTS",
    "MIN_N",
    "MIN_N_GOF",
    "PARAMETERS",
    "BootstrapCI",
    "FitFailure",
    "FittedDist",
    "Fits",
    "GoodnessOfFit",
    "fit",
    "fit_table",
    "min_pmix",
]

#: ssdtools' default set, ``ssd_dists_bcanz()``, in the order ssdtools lists it.
DEFAULT_DISTS = ("gamma", "lgumbel", "llogis", "lnorm", "lnorm_lnorm", "weibull")
#: Every distribution this module fits.
DISTS = (
    "burrIII3", "gamma", "gompertz", "invpareto", "lgumbel", "llogis", "lnorm", "lnorm_lnorm",
    "weibull",
)  # fmt: skip
#: Parameter names, exactly as ssdtools' ``tidy()`` reports them.
PARAMETERS: dict[str, tuple[str, ...]] = {
    "burrIII3": ("shape1", "shape2", "scale"),
    "gamma": ("shape", "scale"),
    "gompertz": ("location", "shape"),
    "invpareto": ("shape", "scale"),
    "lgumbel": ("locationlog", "scalelog"),
    "llogis": ("locationlog", "scalelog"),
    "lnorm": ("meanlog", "sdlog"),
    "lnorm_lnorm": ("meanlog1", "sdlog1", "meanlog2", "sdlog2", "pmix"),
    "weibull": ("shape", "scale"),
}
#: ``ssd_fit_dists(nrow = 6)``: fewer concentrations are refused.
MIN_N = 6
#: ``ssd_gof()`` reports no goodness-of-fit statistics below this many concentrations.
MIN_N_GOF = 8
#: ``ssd_hc(delta = 9.21)``: distributions with a larger ΔAICc are left out of the average.
DELTA = 9.21
AVERAGE_METHODS = ("multi", "arithmetic", "geometric")
#: ``range_shape1 = range_shape2 = c(0.05, 20)`` for burrIII3.
RANGE_SHAPE = (0.05, 20.0)

_LOG_2PI = math.log(2.0 * math.pi)
_EULER = 0.5772156649015329
#: A mixture component narrower than this (in standard deviations of ln x) has collapsed onto
#: one value or a few tied values, where the mixture likelihood is unbounded.
_COLLAPSED_SD = 1e-3


def min_pmix(n: int) -> float:
    """ssdtools' ``ssd_min_pmix(n)`` = max(min(3/n, 0.5), 0.1): the smallest mixing proportion
    of ``lnorm_lnorm``, so that each component holds about three or more species."""
    if n < 1:
        raise ValueError("n must be positive")
    return max(min(3.0 / n, 0.5), 0.1)


# --------------------------------------------------------------------------------------------
# Maximum-likelihood engines (vectorised over rows: one row per data set or bootstrap sample)
# --------------------------------------------------------------------------------------------


def _h_logistic(z):
    # log density of the standard logistic, without the constant: −z − 2 log(1 + e^−z)
    f = special.expit(z)
    return -z - 2.0 * np.logaddexp(0.0, -z), 1.0 - 2.0 * f, -2.0 * f * (1.0 - f)


def _h_gumbel_max(z):
    e = np.exp(-z)
    return -z - e, e - 1.0, -e


def _h_gumbel_min(z):
    e = np.exp(z)
    return z - e, 1.0 - e, -e


# family → (h, start scale as a multiple of sd, start location offset in start scales)
_FAMILIES = {
    "logistic": (_h_logistic, math.sqrt(3.0) / math.pi, 0.0),
    "gumbel_max": (_h_gumbel_max, math.sqrt(6.0) / math.pi, -_EULER),
    "gumbel_min": (_h_gumbel_min, math.sqrt(6.0) / math.pi, _EULER),
}


def _locscale_mle(y: np.ndarray, family: str, start: np.ndarray | None = None, tol=1e-13):
    """MLE of location μ and scale s of a location-scale family with log-concave density
    g((y − μ)/s)/s, for each row of ``y`` (m × n).

    In the parameters a = 1/s, b = μ/s the log-likelihood Σ log g(a·y − b) + n log a is
    strictly concave, so damped Newton steps reach the unique maximum from any start.
    Returns μ (m,), s (m,) and a mask of the rows that converged.
    """
    h, start_scale, start_offset = _FAMILIES[family]
    m, n = y.shape
    centre = y.mean(axis=1, keepdims=True)
    spread = y.std(axis=1, keepdims=True)
    varies = spread[:, 0] > 1e-12 * np.maximum(1.0, np.abs(centre[:, 0]))
    spread = np.where(varies[:, None], spread, 1.0)
    u = (y - centre) / spread  # standardised, so the Newton steps are well scaled
    if start is None:
        a = np.full(m, 1.0 / start_scale)
        b = np.full(m, -start_offset)
    else:
        mu0, s0 = np.broadcast_to(start[..., 0], (m,)), np.broadcast_to(start[..., 1], (m,))
        a = spread[:, 0] / s0
        b = (mu0 - centre[:, 0]) / s0

    def loglik(a_, b_):
        with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
            val = h(a_[:, None] * u - b_[:, None])[0].sum(axis=1) + n * np.log(a_)
        return np.where(np.isfinite(val) & (a_ > 0), val, -np.inf)

    ll = loglik(a, b)
    done = ~varies | ~np.isfinite(ll)
    for _ in range(200):
        active = ~done
        if not active.any():
            break
        with np.errstate(over="ignore", invalid="ignore"):
            _, h1, h2 = h(a[:, None] * u - b[:, None])
            ga = (h1 * u).sum(axis=1) + n / a
            gb = -h1.sum(axis=1)
            haa = (h2 * u * u).sum(axis=1) - n / a**2
            hab = -(h2 * u).sum(axis=1)
            hbb = h2.sum(axis=1)
            det = haa * hbb - hab * hab
            da = -(hbb * ga - hab * gb) / det
            db = -(haa * gb - hab * ga) / det
        bad = ~np.isfinite(da) | ~np.isfinite(db) | (det <= 0)
        da = np.where(bad, 0.0, da)
        db = np.where(bad, 0.0, db)
        t = np.ones(m)
        accepted = ~active | bad
        new_a, new_b, new_ll = a.copy(), b.copy(), ll.copy()
        for _ in range(60):
            todo = ~accepted
            if not todo.any():
                break
            ta = a + t * da
            tb = b + t * db
            tll = loglik(ta, tb)
            ok = todo & (tll >= ll - 1e-12 * np.abs(ll))
            new_a[ok], new_b[ok], new_ll[ok] = ta[ok], tb[ok], tll[ok]
            accepted |= ok
            t = np.where(accepted, t, t * 0.5)
        step = np.abs(new_a - a) / np.abs(a) + np.abs(new_b - b) / np.maximum(1.0, np.abs(b))
        done |= bad | ~accepted | (active & (step < tol))
        a, b, ll = new_a, new_b, new_ll
    with np.errstate(over="ignore", invalid="ignore"):
        h1 = h(a[:, None] * u - b[:, None])[1]
        score = np.abs((h1 * u).sum(axis=1) * a + n) + np.abs(h1.sum(axis=1))
    converged = varies & np.isfinite(ll) & done & (score < 1e-6 * n)
    # back to the original units: z = a·(y − centre)/spread − b = (y − μ)/s
    s = spread[:, 0] / a
    mu = centre[:, 0] + b * s
    converged &= np.isfinite(mu) & np.isfinite(s) & (s > 0)
    return mu, s, converged


def _gamma_mle(x: np.ndarray):
    """MLE of the gamma shape k and scale θ for each row of ``x``: k solves
    ln k − ψ(k) = ln mean(x) − mean(ln x) (Newton from Minka's approximation), θ = mean(x)/k."""
    mean = x.mean(axis=1)
    s = np.log(mean) - np.log(x).mean(axis=1)
    varies = s > 1e-14
    s = np.where(varies, s, 1.0)
    k = (3.0 - s + np.sqrt((s - 3.0) ** 2 + 24.0 * s)) / (12.0 * s)
    for _ in range(100):
        f = np.log(k) - special.digamma(k) - s
        fp = 1.0 / k - special.polygamma(1, k)
        new = k * np.exp(np.clip(-f / (k * fp), -2.0, 2.0))  # Newton step in ln k
        if np.all(np.abs(new - k) <= 1e-14 * k):
            k = new
            break
        k = new
    residual = np.abs(np.log(k) - special.digamma(k) - s)
    converged = varies & np.isfinite(k) & (k > 0) & (residual < 1e-10 * np.maximum(s, 1e-3))
    return k, mean / k, converged


def _bisect_log(cdf: Callable[[np.ndarray], np.ndarray], p, lo, hi) -> np.ndarray:
    """The x with cdf(x) = p, by bisection on ln x between the brackets ``lo`` and ``hi``
    (arrays of ln x); vectorised, to the resolution of a double."""
    lo, hi = np.array(lo, dtype=float), np.array(hi, dtype=float)
    for _ in range(200):
        mid = 0.5 * (lo + hi)
        if np.all((mid == lo) | (mid == hi)):
            break
        below = cdf(np.exp(mid)) < p
        lo = np.where(below, mid, lo)
        hi = np.where(below, hi, mid)
    return np.exp(0.5 * (lo + hi))


# --------------------------------------------------------------------------------------------
# Distributions
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Options:
    min_pmix: float
    range_shape1: tuple[float, float]
    range_shape2: tuple[float, float]
    mixture_start: str = "ssdtools"


@dataclass
class _Raw:
    """One maximum-likelihood fit: parameters in :data:`PARAMETERS` order, or a reason."""

    params: np.ndarray | None
    reason: str | None = None
    at_boundary: bool = False
    note: str | None = None


class _Dist(ABC):
    """A distribution: log density, cdf, quantile, random draws and the ML fit.

    Parameters are passed as a tuple of arrays (one per parameter) that broadcast against x.
    """

    name: str
    valid = True  # a proper likelihood, comparable by AICc (ssdtools' dist_data$valid)

    @abstractmethod
    def logpdf(self, x, par): ...

    @abstractmethod
    def cdf(self, x, par): ...

    @abstractmethod
    def ppf(self, p, par): ...

    def rvs(self, rng: np.random.Generator, par, size: tuple[int, int]) -> np.ndarray:
        return self.ppf(rng.random(size), par)

    def fit(self, x: np.ndarray, options: _Options) -> _Raw:
        params, ok = self.fit_many(x[None, :], None, options)
        if not ok[0]:
            return _Raw(None, "the maximisation of the likelihood did not converge")
        return _Raw(params[0])

    def fit_many(self, x: np.ndarray, start: np.ndarray | None, options: _Options):
        """Fit each row of ``x``; returns parameters (m × k) and a mask of converged rows."""
        m = x.shape[0]
        out = np.full((m, len(PARAMETERS[self.name])), np.nan)
        ok = np.zeros(m, dtype=bool)
        for i in range(m):
            raw = self.fit(x[i], options) if start is None else self._refit(x[i], start, options)
            if raw.params is not None:
                out[i], ok[i] = raw.params, True
        return out, ok

    def _refit(self, x, start, options) -> _Raw:
        return self.fit(x, options)

    def loglik(self, x: np.ndarray, params: np.ndarray) -> float:
        par = tuple(float(v) for v in params)
        return float(np.sum(self.logpdf(x, par)))


class _Lnorm(_Dist):
    name = "lnorm"

    def logpdf(self, x, par):
        mu, sd = par
        y = np.log(x)
        z = (y - mu) / sd
        return -0.5 * z * z - np.log(sd) - 0.5 * _LOG_2PI - y

    def cdf(self, x, par):
        mu, sd = par
        return special.ndtr((np.log(x) - mu) / sd)

    def ppf(self, p, par):
        mu, sd = par
        return np.exp(mu + sd * special.ndtri(p))

    def fit_many(self, x, start, options):
        y = np.log(x)
        mu, sd = y.mean(axis=1), y.std(axis=1)  # the MLE: sd with divisor n
        ok = sd > 1e-12 * np.maximum(1.0, np.abs(mu))
        return np.column_stack([mu, sd]), ok


class _LocScaleLog(_Dist):
    """ln x follows a location-scale family (llogis, lgumbel) or −ln x does (weibull)."""

    family = ""

    def fit_many(self, x, start, options):
        s0 = None if start is None else self._to_locscale(np.asarray(start, dtype=float))
        mu, s, ok = _locscale_mle(np.log(x), self.family, s0)
        return self._from_locscale(mu, s), ok

    def _to_locscale(self, params):
        return params

    def _from_locscale(self, mu, s):
        return np.column_stack([mu, s])


class _Llogis(_LocScaleLog):
    name = "llogis"
    family = "logistic"

    def logpdf(self, x, par):
        loc, scale = par
        y = np.log(x)
        z = (y - loc) / scale
        return -z - 2.0 * np.logaddexp(0.0, -z) - np.log(scale) - y

    def cdf(self, x, par):
        loc, scale = par
        return special.expit((np.log(x) - loc) / scale)

    def ppf(self, p, par):
        loc, scale = par
        return np.exp(loc + scale * special.logit(p))


class _Lgumbel(_LocScaleLog):
    name = "lgumbel"
    family = "gumbel_max"

    def logpdf(self, x, par):
        loc, scale = par
        y = np.log(x)
        z = (y - loc) / scale
        return -z - np.exp(-z) - np.log(scale) - y

    def cdf(self, x, par):
        loc, scale = par
        return np.exp(-np.exp(-(np.log(x) - loc) / scale))

    def ppf(self, p, par):
        loc, scale = par
        return np.exp(loc - scale * np.log(-np.log(p)))


class _Weibull(_LocScaleLog):
    # ln x of a Weibull(shape k, scale λ) is a minimum-Gumbel with location ln λ, scale 1/k
    name = "weibull"
    family = "gumbel_min"

    def _to_locscale(self, params):
        return np.stack([np.log(params[..., 1]), 1.0 / params[..., 0]], axis=-1)

    def _from_locscale(self, mu, s):
        return np.column_stack([1.0 / s, np.exp(mu)])

    def logpdf(self, x, par):
        shape, scale = par
        t = x / scale
        return np.log(shape / scale) + (shape - 1.0) * np.log(t) - t**shape

    def cdf(self, x, par):
        shape, scale = par
        return -np.expm1(-((x / scale) ** shape))

    def ppf(self, p, par):
        shape, scale = par
        return scale * (-np.log1p(-p)) ** (1.0 / shape)


class _Gamma(_Dist):
    name = "gamma"

    def logpdf(self, x, par):
        shape, scale = par
        return (
            (shape - 1.0) * np.log(x) - x / scale - special.gammaln(shape) - shape * np.log(scale)
        )

    def cdf(self, x, par):
        shape, scale = par
        return special.gammainc(shape, x / scale)

    def ppf(self, p, par):
        shape, scale = par
        return scale * special.gammaincinv(shape, p)

    def rvs(self, rng, par, size):
        shape, scale = par
        return rng.gamma(shape, scale, size)

    def fit_many(self, x, start, options):
        shape, scale, ok = _gamma_mle(x)
        return np.column_stack([shape, scale]), ok


class _Gompertz(_Dist):
    """F(x) = 1 − exp(−(location/shape)(e^{shape·x} − 1)). For a given shape b the MLE of the
    location is n·b/Σ(e^{bx} − 1); the profile likelihood in b is maximised by a root search."""

    name = "gompertz"

    def logpdf(self, x, par):
        loc, shape = par
        return np.log(loc) + shape * x - loc / shape * np.expm1(shape * x)

    def cdf(self, x, par):
        loc, shape = par
        return -np.expm1(-loc / shape * np.expm1(shape * x))

    def ppf(self, p, par):
        loc, shape = par
        return np.log1p(-shape / loc * np.log1p(-p)) / shape

    def fit(self, x, options):
        c = float(np.median(x))
        u = x / c  # the profile is scale-free in b·x; work near unit scale
        n = u.size
        total = u.sum()

        def dprofile(log_b):  # derivative of the profile log-likelihood in b (times b)
            b = math.exp(log_b)
            e = np.exp(b * u)
            return n - n * b * np.sum(u * e) / np.sum(np.expm1(b * u)) + b * total

        def profile(log_b):  # the log-likelihood with the location at its MLE for this b
            b = math.exp(log_b)
            return n * math.log(n * b / np.sum(np.expm1(b * u))) + b * total - n

        # As b → 0 the model tends to the exponential; b·P'(b) → b(Σu − nΣu²/(2Σu)), so the
        # likelihood first rises with b only when 2(Σu)² > nΣu². Scan ln b for the maxima.
        grid = np.arange(math.log(1e-8 / u.max()), math.log(700.0 / u.max()), 0.25)
        slope = np.array([dprofile(g) for g in grid])
        crossings = np.nonzero((slope[:-1] > 0) & (slope[1:] <= 0))[0]
        if crossings.size == 0:
            if np.all(slope <= 0):
                return _Raw(None, "the likelihood has no maximum at shape > 0 (exponential limit)")
            return _Raw(None, "no maximum of the likelihood was found")
        roots = [
            optimize.brentq(dprofile, grid[i], grid[i + 1], xtol=1e-14, rtol=1e-15)
            for i in crossings
        ]
        log_b = max(roots, key=profile)
        b = math.exp(log_b)
        loc = n * b / np.sum(np.expm1(b * u))
        return _Raw(np.array([loc / c, b / c]))


class _Invpareto(_Dist):
    """F(x) = (x/scale)^shape on (0, scale]. ssdtools does not estimate the scale by maximum
    likelihood (that would be max x) but takes the bias-corrected largest value
    scale = max(x)·shape₀·n/(shape₀·n − 1), with shape₀ = 1/mean(ln(max x / x)); the shape
    is then the MLE given the scale, 1/mean(ln(scale/x))."""

    name = "invpareto"
    valid = False

    def logpdf(self, x, par):
        shape, scale = par
        inside = x <= scale
        with np.errstate(divide="ignore"):
            val = np.log(shape) - shape * np.log(scale) + (shape - 1.0) * np.log(x)
        return np.where(inside, val, -np.inf)

    def cdf(self, x, par):
        shape, scale = par
        return np.minimum((x / scale) ** shape, 1.0)

    def ppf(self, p, par):
        shape, scale = par
        return scale * p ** (1.0 / shape)

    def fit_many(self, x, start, options):
        n = x.shape[1]
        top = x.max(axis=1, keepdims=True)
        with np.errstate(divide="ignore", invalid="ignore"):
            shape0 = 1.0 / np.log(top / x).mean(axis=1)
            scale = top[:, 0] * shape0 * n / (shape0 * n - 1.0)
            shape = 1.0 / np.log(scale[:, None] / x).mean(axis=1)
        ok = np.isfinite(shape) & np.isfinite(scale) & (shape > 0) & (shape0 * n > 1.0)
        return np.column_stack([shape, scale]), ok


class _BurrIII3(_Dist):
    """F(x) = (1 + (scale/x)^shape2)^−shape1, fitted on (ln scale, ln shape1, ln shape2) with
    the shapes bounded as ssdtools bounds them (L-BFGS-B, several starts)."""

    name = "burrIII3"

    def logpdf(self, x, par):
        shape1, shape2, scale = par
        y = np.log(x)
        u = shape2 * (np.log(scale) - y)
        return np.log(shape1 * shape2) + u - y - (shape1 + 1.0) * np.logaddexp(0.0, u)

    def cdf(self, x, par):
        shape1, shape2, scale = par
        return np.exp(-shape1 * np.logaddexp(0.0, shape2 * (np.log(scale) - np.log(x))))

    def ppf(self, p, par):
        shape1, shape2, scale = par
        return scale / np.expm1(-np.log(p) / shape1) ** (1.0 / shape2)

    @staticmethod
    def _nll(theta, y):
        big_l, la, lb = theta
        a, b = math.exp(la), math.exp(lb)
        u = b * (big_l - y)
        sp = np.logaddexp(0.0, u)
        nll = -np.sum(la + lb + u - y - (a + 1.0) * sp)
        w = 1.0 - (a + 1.0) * special.expit(u)
        grad = -np.array([b * w.sum(), np.sum(1.0 - a * sp), np.sum(1.0 + u * w)])
        return nll, grad

    def _optimise(self, y, starts, options):
        bounds = [(None, None), tuple(np.log(options.range_shape1)),
                  tuple(np.log(options.range_shape2))]  # fmt: skip
        best = None
        for theta0 in starts:
            theta0 = np.array(theta0, dtype=float)
            theta0[1] = np.clip(theta0[1], *bounds[1])
            theta0[2] = np.clip(theta0[2], *bounds[2])
            res = optimize.minimize(
                self._nll, theta0, args=(y,), jac=True, method="L-BFGS-B", bounds=bounds,
                options={"maxiter": 2000, "ftol": 1e-15, "gtol": 1e-10},
            )  # fmt: skip
            if np.all(np.isfinite(res.x)) and np.isfinite(res.fun):
                if best is None or res.fun < best.fun - 1e-10:
                    best = res
        return best, bounds

    def fit(self, x, options):
        centre = float(np.mean(np.log(x)))
        y = np.log(x) - centre
        mu, s, ok = _locscale_mle(y[None, :], "logistic")
        starts = [(-centre, 0.0, 0.0)]  # ssdtools' own start: scale = shape1 = shape2 = 1
        if ok[0]:  # shape1 = 1 is the log-logistic; vary shape1 around it
            starts += [(mu[0] + s[0] * math.log(a) * 0.5, math.log(a), -math.log(s[0]))
                       for a in (1.0, 0.2, 5.0, 0.05, 20.0)]  # fmt: skip
        return self._finish(y, centre, starts, options)

    def _finish(self, y, centre, starts, options):
        best, bounds = self._optimise(y, starts, options)
        if best is None:
            return _Raw(None, "the optimiser found no finite likelihood")
        if not best.success and not _small_gradient(best, bounds):
            return _Raw(None, f"the optimiser did not converge: {best.message}")
        big_l, la, lb = best.x
        at_boundary = any(
            min(abs(best.x[i] - bounds[i][0]), abs(best.x[i] - bounds[i][1])) < 1e-6 for i in (1, 2)
        )
        params = np.array([math.exp(la), math.exp(lb), math.exp(big_l + centre)])
        return _Raw(params, at_boundary=at_boundary)

    def _refit(self, x, start, options):
        centre = float(np.mean(np.log(x)))
        y = np.log(x) - centre
        shape1, shape2, scale = start
        return self._finish(
            y, centre, [(math.log(scale) - centre, math.log(shape1), math.log(shape2))], options
        )


def _small_gradient(res, bounds) -> bool:
    """L-BFGS-B may stop on a line-search failure at the optimum; accept when the projected
    gradient is tiny."""
    g = np.array(res.jac, dtype=float)
    for i, (lo, hi) in enumerate(bounds):
        if lo is not None and res.x[i] <= lo + 1e-9 and g[i] > 0:
            g[i] = 0.0
        if hi is not None and res.x[i] >= hi - 1e-9 and g[i] < 0:
            g[i] = 0.0
    return bool(np.max(np.abs(g)) < 1e-5 * max(1.0, abs(res.fun)))


def _em_step(u: np.ndarray, th: np.ndarray, lo: float, hi: float):
    """One EM step for the rows of ``th`` (μ1, σ1, μ2, σ2, pmix); returns the new parameters
    and the log-likelihood (without the 2π constant) at the old ones."""
    m1, s1, m2, s2, p = (th[:, j : j + 1] for j in range(5))
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        z1, z2 = (u - m1) / s1, (u - m2) / s2
        lc1 = np.log(p) - 0.5 * z1 * z1 - np.log(s1)
        lc2 = np.log1p(-p) - 0.5 * z2 * z2 - np.log(s2)
        lf = np.logaddexp(lc1, lc2)
        r1, r2 = np.exp(lc1 - lf), np.exp(lc2 - lf)
        n1, n2 = r1.sum(axis=1), r2.sum(axis=1)
        new = np.empty_like(th)
        new[:, 0] = (r1 * u).sum(axis=1) / n1
        new[:, 1] = np.sqrt((r1 * (u - new[:, :1]) ** 2).sum(axis=1) / n1)
        new[:, 2] = (r2 * u).sum(axis=1) / n2
        new[:, 3] = np.sqrt((r2 * (u - new[:, 2:3]) ** 2).sum(axis=1) / n2)
        new[:, 4] = np.clip(n1 / u.shape[1], lo, hi)
    return new, lf.sum(axis=1)


def _mixture_em(u: np.ndarray, theta: np.ndarray, lo: float, hi: float, tol=1e-10, max_iter=3000):
    """EM for pmix·N(μ1, σ1) + (1 − pmix)·N(μ2, σ2) on each row of ``u`` (m × n, or 1 × n
    shared by all) from the starts ``theta`` (m × 5: μ1, σ1, μ2, σ2, pmix), pmix in [lo, hi].

    The pmix part of the EM objective is concave, so clipping its update to [lo, hi] is the
    exact constrained M-step. EM crawls where the components overlap, so each iteration is
    accelerated by SQUAREM (Varadhan & Roland 2008): two EM steps, an extrapolation along
    them (in μ, ln σ, pmix) and a stabilising EM step, falling back on the plain steps when
    the extrapolation lowers the likelihood. Returns the parameters, the log-likelihood of u
    (without the 2π constant) and a status per row: 0 converged, 1 a component collapsed
    (σ → 0), 2 not converged or not finite.
    """
    th = np.array(theta, dtype=float)
    m = th.shape[0]
    status = np.full(m, 2)
    active = np.ones(m, dtype=bool)
    shared = u.shape[0] != m

    def phi(t):
        return np.column_stack([t[:, 0], np.log(t[:, 1]), t[:, 2], np.log(t[:, 3]), t[:, 4]])

    def unphi(f):
        return np.column_stack(
            [f[:, 0], np.exp(f[:, 1]), f[:, 2], np.exp(f[:, 3]), np.clip(f[:, 4], lo, hi)]
        )

    for _ in range(max_iter):
        rows = np.nonzero(active)[0]
        if rows.size == 0:
            break
        uu = u if shared else u[rows]
        t0 = th[rows]
        t1, ll0 = _em_step(uu, t0, lo, hi)
        t2, _ = _em_step(uu, t1, lo, hi)
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            r = phi(t1) - phi(t0)
            v = phi(t2) - phi(t1) - r
            nr, nv = np.sqrt((r * r).sum(axis=1)), np.sqrt((v * v).sum(axis=1))
            alpha = np.where(nv > 0, -nr / nv, -1.0)
            alpha = np.minimum(alpha, -1.0)[:, None]
            jump = unphi(phi(t0) - 2.0 * alpha * r + alpha * alpha * v)
            t3, ll_jump = _em_step(uu, jump, lo, hi)
        better = np.isfinite(ll_jump) & (ll_jump >= ll0) & np.all(np.isfinite(t3), axis=1)
        t_new = np.where(better[:, None], t3, t2)
        finite = np.all(np.isfinite(t_new), axis=1)
        collapsed = finite & (np.minimum(t_new[:, 1], t_new[:, 3]) < _COLLAPSED_SD)
        moved = np.max(np.abs(t2 - t1), axis=1)  # the size of a plain EM step
        th[rows] = np.where(finite[:, None], t_new, t0)
        conv = finite & ~collapsed & (moved < tol)
        status[rows[~finite]] = 2
        status[rows[collapsed]] = 1
        status[rows[conv]] = 0
        active[rows[~finite | collapsed | conv]] = False
    _, ll = _em_step(u, th, lo, hi)
    status[~np.isfinite(ll)] = 2
    return th, ll, status


class _LnormLnorm(_Dist):
    """pmix·Lnorm(meanlog1, sdlog1) + (1 − pmix)·Lnorm(meanlog2, sdlog2), fitted by EM on the
    standardised ln x and polished by L-BFGS-B.

    A mixture likelihood is unbounded (a component can shrink onto one value or onto tied
    values), so "the" maximum is a local one and depends on the start. ssdtools starts from
    the lower and upper halves of the sorted data with pmix = 0.5 and reports the maximum that
    its optimiser reaches from there; ``mixture_start="ssdtools"`` (the default) does the
    same, so that the results match ssdtools (EM and ssdtools' L-BFGS-B reach the same
    maximum from that start on the reference sets ccme_boron, ccme_glyphosate and anon_e).
    Other starts (the other splits of the sorted data and a scale mixture) are always tried
    too: they are used when ssdtools' start fails, and ``mixture_start="best"`` takes the best
    of all interior maxima. A fit whose component collapsed (sdlog below 0.001 sd of ln x) is
    rejected. Component 1 is reported as the one with the smaller meanlog; the pmix bounds are
    symmetric, so nothing is lost.
    """

    name = "lnorm_lnorm"

    def logpdf(self, x, par):
        m1, s1, m2, s2, p = par
        y = np.log(x)
        z1, z2 = (y - m1) / s1, (y - m2) / s2
        with np.errstate(divide="ignore"):
            lc1 = np.log(p) - 0.5 * z1 * z1 - np.log(s1)
            lc2 = np.log1p(-p) - 0.5 * z2 * z2 - np.log(s2)
        return np.logaddexp(lc1, lc2) - 0.5 * _LOG_2PI - y

    def cdf(self, x, par):
        m1, s1, m2, s2, p = par
        y = np.log(x)
        return p * special.ndtr((y - m1) / s1) + (1.0 - p) * special.ndtr((y - m2) / s2)

    def ppf(self, p, par):
        m1, s1, m2, s2, w = (np.asarray(v, dtype=float) for v in par)
        q = special.ndtri(p)
        lo = np.minimum(m1 + s1 * q, m2 + s2 * q)
        hi = np.maximum(m1 + s1 * q, m2 + s2 * q)
        return _bisect_log(lambda x: self.cdf(x, (m1, s1, m2, s2, w)), p, lo, hi)

    def rvs(self, rng, par, size):
        m1, s1, m2, s2, p = par
        first = rng.random(size) < p
        z = rng.standard_normal(size)
        return np.exp(np.where(first, m1 + s1 * z, m2 + s2 * z))

    @staticmethod
    def _nll(theta, u):
        m1, l1, m2, l2, p = theta
        s1, s2 = math.exp(l1), math.exp(l2)
        z1, z2 = (u - m1) / s1, (u - m2) / s2
        lc1 = math.log(p) - 0.5 * z1 * z1 - l1
        lc2 = math.log1p(-p) - 0.5 * z2 * z2 - l2
        lf = np.logaddexp(lc1, lc2)
        r1, r2 = np.exp(lc1 - lf), np.exp(lc2 - lf)
        grad = -np.array(
            [
                np.sum(r1 * z1) / s1,
                np.sum(r1 * (z1 * z1 - 1.0)),
                np.sum(r2 * z2) / s2,
                np.sum(r2 * (z2 * z2 - 1.0)),
                np.sum(r1) / p - np.sum(r2) / (1.0 - p),
            ]
        )
        return -float(np.sum(lf)), grad

    @staticmethod
    def _pmix_bounds(options: _Options) -> tuple[float, float]:
        lo = max(options.min_pmix, 1e-9)
        return lo, 1.0 - lo

    @staticmethod
    def _split(u: np.ndarray, k: int, pmix: float) -> list[float]:
        a, b = u[:k], u[k:]
        sd_a = max(float(np.std(a, ddof=1)), 0.05)
        sd_b = max(float(np.std(b, ddof=1)), 0.05)
        return [float(a.mean()), sd_a, float(b.mean()), sd_b, pmix]

    def _starts(self, u: np.ndarray, options: _Options, many: bool) -> np.ndarray:
        """Starts on the standardised sorted data; the first is ssdtools' (halves, 0.5)."""
        n = u.size
        half = n // 2
        starts = [self._split(u, half, 0.5)]
        if many:
            lo = max(2, math.ceil(options.min_pmix * n))
            splits = sorted(set(np.linspace(lo, n - lo, 12).round().astype(int)) - {half})
            starts += [self._split(u, k, k / n) for k in splits if 2 <= k <= n - 2]
            starts.append([0.0, 0.5, 0.0, 1.5, 0.5])  # a scale mixture
        return np.array(starts)

    def _polish(self, u, th, options):
        """L-BFGS-B from an EM solution, to the precision of a double."""
        lo, hi = self._pmix_bounds(options)
        theta0 = np.array([th[0], math.log(th[1]), th[2], math.log(th[3]), th[4]])
        bounds = [(None, None)] * 4 + [(lo, hi)]
        with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
            res = optimize.minimize(
                self._nll, theta0, args=(u,), jac=True, method="L-BFGS-B", bounds=bounds,
                options={"maxiter": 500, "ftol": 1e-15, "gtol": 1e-10},
            )  # fmt: skip
        if np.all(np.isfinite(res.x)) and res.fun <= self._nll(theta0, u)[0]:
            m1, l1, m2, l2, p = res.x
            if min(l1, l2) >= math.log(_COLLAPSED_SD):
                return np.array([m1, math.exp(l1), m2, math.exp(l2), p])
        return th

    def _result(self, th, centre, spread, options, note=None) -> _Raw:
        lo, hi = self._pmix_bounds(options)
        m1, s1, m2, s2, p = th
        at_boundary = min(p - lo, hi - p) < 1e-6
        comp1 = (centre + spread * m1, spread * s1)
        comp2 = (centre + spread * m2, spread * s2)
        if comp1[0] > comp2[0]:
            comp1, comp2, p = comp2, comp1, 1.0 - p
        return _Raw(np.array([*comp1, *comp2, p]), at_boundary=at_boundary, note=note)

    @staticmethod
    def _standardise(x):
        y = np.log(x)
        centre, spread = float(y.mean()), float(y.std())
        return (y - centre) / max(spread, 1e-300), centre, spread

    def fit(self, x, options):
        u, centre, spread = self._standardise(x)
        if spread <= 1e-12 * max(1.0, abs(centre)):
            return _Raw(None, "the concentrations do not vary enough to fit it")
        lo, hi = self._pmix_bounds(options)
        starts = self._starts(np.sort(u), options, True)
        starts[:, 4] = np.clip(starts[:, 4], lo, hi)
        th, ll, status = _mixture_em(u[None, :], starts, lo, hi)
        good = np.nonzero(status == 0)[0]
        if good.size == 0:
            if np.any(status == 1):
                return _Raw(
                    None,
                    "from every start a component collapsed onto one value or onto tied values "
                    "(sdlog → 0), where the mixture likelihood is unbounded",
                )
            return _Raw(None, "EM did not converge from any start")
        n = u.size
        to_loglik = -n * math.log(spread) - float(np.sum(np.log(x))) - 0.5 * n * _LOG_2PI
        best = good[np.argmax(ll[good])]
        if options.mixture_start == "ssdtools" and status[0] == 0:
            chosen, note = 0, None
            if ll[best] > ll[0] + 1e-6:
                note = (
                    f"a higher local maximum exists (logL {ll[best] + to_loglik:.6g} against "
                    f"{ll[0] + to_loglik:.6g}); reported is the one reached from ssdtools' start, "
                    "as ssdtools does (mixture_start='best' selects the other)"
                )
        else:
            chosen, note = best, None
            if options.mixture_start == "ssdtools":
                what = "a component collapsed" if status[0] == 1 else "EM did not converge"
                note = (
                    f"from ssdtools' start (the two halves) {what}; reported is the highest "
                    "maximum reached from the other starts"
                )
        return self._result(self._polish(u, th[chosen], options), centre, spread, options, note)

    def fit_many(self, x, start, options):
        if start is None:
            return super().fit_many(x, None, options)
        # bootstrap: ssdtools restarts each refit from the two halves; the fitted parameters
        # are tried too, as a fallback ("ssdtools") or as a competitor ("best")
        m = x.shape[0]
        y = np.log(x)
        centre = y.mean(axis=1, keepdims=True)
        spread = np.maximum(y.std(axis=1, keepdims=True), 1e-300)
        u = (y - centre) / spread
        lo, hi = self._pmix_bounds(options)
        us = np.sort(u, axis=1)
        half = np.array([self._starts(row, options, False)[0] for row in us])
        m1, s1, m2, s2, p = start
        own = np.column_stack(
            [(m1 - centre[:, 0]) / spread[:, 0], s1 / spread[:, 0],
             (m2 - centre[:, 0]) / spread[:, 0], s2 / spread[:, 0], np.full(m, p)]
        )  # fmt: skip
        starts = np.concatenate([half, own])
        starts[:, 4] = np.clip(starts[:, 4], lo, hi)
        th, ll, status = _mixture_em(np.concatenate([u, u]), starts, lo, hi, tol=1e-9)
        ok_half, ok_own = status[:m] == 0, status[m:] == 0
        if options.mixture_start == "best":
            use_own = ok_own & (~ok_half | (ll[m:] > ll[:m]))
        else:
            use_own = ok_own & ~ok_half
        th = np.where(use_own[:, None], th[m:], th[:m])
        ok = ok_half | ok_own
        m1, s1, m2, s2, p = th.T
        params = np.column_stack(
            [centre[:, 0] + spread[:, 0] * m1, spread[:, 0] * s1,
             centre[:, 0] + spread[:, 0] * m2, spread[:, 0] * s2, p]
        )  # fmt: skip
        return params, ok


_DISTRIBUTIONS: dict[str, _Dist] = {
    d.name: d
    for d in (_BurrIII3(), _Gamma(), _Gompertz(), _Invpareto(), _Lgumbel(), _Llogis(), _Lnorm(),
              _LnormLnorm(), _Weibull())
}  # fmt: skip


# --------------------------------------------------------------------------------------------
# Goodness of fit
# --------------------------------------------------------------------------------------------


def _ad_pvalue(a2: float, n: int) -> float:
    """Upper-tail probability of the Anderson–Darling statistic for n values and a fully
    specified distribution (Marsaglia & Marsaglia 2004: the limiting distribution plus their
    finite-n correction), as R goftest's ``pAD(fast = TRUE)`` computes it."""
    z = a2
    if z <= 0:
        return 1.0
    if z < 2.0:
        x = math.exp(-1.2337141 / z) / math.sqrt(z) * (
            2.00012 + (0.247105 - (0.0649821 - (0.0347962 - (0.011672 - 0.00168691 * z) * z)
                                   * z) * z) * z
        )  # fmt: skip
    else:
        x = math.exp(
            -math.exp(1.0776 - (2.30695 - (0.43424 - (0.082433 - (0.008056 - 0.0003146 * z)
                                                      * z) * z) * z) * z)
        )  # fmt: skip
    if x > 0.8:
        v = (-130.2137 + (745.2337 - (1705.091 - (1950.646 - (1116.360 - 255.7844 * x) * x)
                                      * x) * x) * x) / n  # fmt: skip
    else:
        c = 0.01265 + 0.1757 / n
        if x < c:
            t = x / c
            t = math.sqrt(t) * (1.0 - t) * (49.0 * t - 102.0)
            v = t * (0.0037 / n**2 + 0.00078 / n + 0.00006) / n
        else:
            t = (x - c) / (0.8 - c)
            t = -0.00022633 + (6.54034 - (14.6538 - (14.458 - (8.259 - 1.91864 * t) * t) * t)
                               * t) * t  # fmt: skip
            v = t * (0.04213 + 0.01365 / n) / n
    return min(max(1.0 - (x + v), 0.0), 1.0)


@dataclass(frozen=True)
class GoodnessOfFit:
    """Anderson–Darling (A²), Kolmogorov–Smirnov (D) and Cramér–von Mises (W²) statistics of
    the data against the fitted distribution taken as fully specified, as ``ssd_gof()``
    computes them (goftest ``ad.test``, ``cvm.test``; ``ks.test``), with their p-values. The
    p-values ignore that the parameters were estimated from the same data, so they are high."""

    ad: float
    ks: float
    cvm: float
    ad_pvalue: float
    ks_pvalue: float
    cvm_pvalue: float


def _gof(x: np.ndarray, cdf: Callable[[np.ndarray], np.ndarray]) -> GoodnessOfFit:
    u = np.clip(cdf(np.sort(x)), 0.0, 1.0)
    n = u.size
    i = np.arange(1, n + 1)
    with np.errstate(divide="ignore"):
        ad = -n - np.sum((2 * i - 1) * (np.log(u) + np.log1p(-u[::-1]))) / n
    ks = max(np.max(i / n - u), np.max(u - (i - 1) / n))
    # R's ks.test: the exact distribution for n < 100 without ties, else the asymptotic one
    exact = n < 100 and np.unique(x).size == n
    ks_p = stats.kstwo.sf(ks, n) if exact else stats.kstwobign.sf(math.sqrt(n) * ks)
    cvm = 1.0 / (12 * n) + np.sum((u - (2 * i - 1) / (2 * n)) ** 2)
    cvm_p = stats.cramervonmises(x, lambda v: np.clip(cdf(v), 0.0, 1.0)).pvalue
    return GoodnessOfFit(
        ad=float(ad),
        ks=float(ks),
        cvm=float(cvm),
        ad_pvalue=_ad_pvalue(float(ad), n) if np.isfinite(ad) else 0.0,
        ks_pvalue=float(ks_p),
        cvm_pvalue=float(cvm_p),
    )


# --------------------------------------------------------------------------------------------
# Results
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class BootstrapCI:
    """A parametric-bootstrap confidence interval of a hazard concentration.

    ``est`` is the point estimate (for an average, the ``"multi"`` estimate); ``lcl`` and
    ``ucl`` are the (1 − level)/2 and (1 + level)/2 percentiles (R's default type-7 quantile)
    of the bootstrap HCp and ``se`` their standard deviation, all in the unit of the data.
    ``pboot`` is the share of the ``nboot`` refits that succeeded; when it is below
    ``min_pboot`` the limits and se are ``None``, as in ssdtools. ``nboots`` gives the
    number of samples drawn from each distribution.
    """

    p: float
    est: float
    se: float | None
    lcl: float | None
    ucl: float | None
    level: float
    nboot: int
    pboot: float
    nboots: dict[str, int]
    seed: int | None


@dataclass(frozen=True)
class FitFailure:
    """A distribution that could not be fitted, and why; it takes no part in the weights."""

    dist: str
    reason: str


@dataclass(frozen=True, eq=False)
class FittedDist:
    """One distribution fitted by maximum likelihood.

    ``params`` are named as in :data:`PARAMETERS`; ``loglik`` is the maximised log-likelihood
    of the concentrations (density in the unit of the data), ``k`` the number of parameters,
    ``aic`` = 2k − 2 logL, ``aicc`` = aic + 2k(k+1)/(n − k − 1) (∞ when n ≤ k + 1),
    ``bic`` = k ln n − 2 logL, ``delta`` = aicc − min aicc and ``weight`` the Akaike weight,
    both over the distributions that converged. ``gof`` is ``None`` below :data:`MIN_N_GOF`
    values, as in ssdtools. ``at_boundary`` flags a parameter on its bound (pmix of
    lnorm_lnorm, the shapes of burrIII3), which ssdtools accepts by default. ``note`` says
    when lnorm_lnorm's reported maximum is not the only one (see :func:`fit`).
    """

    dist: str
    params: dict[str, float]
    n: int
    loglik: float
    k: int
    aic: float
    aicc: float
    bic: float
    delta: float
    weight: float
    gof: GoodnessOfFit | None
    at_boundary: bool
    note: str | None
    _options: _Options = field(repr=False)

    @property
    def _impl(self) -> _Dist:
        return _DISTRIBUTIONS[self.dist]

    @property
    def _par(self) -> tuple[float, ...]:
        return tuple(self.params[name] for name in PARAMETERS[self.dist])

    def cdf(self, conc):
        """Proportion of species affected, F(conc); ``conc`` a number or an array."""
        x = np.asarray(conc, dtype=float)
        with np.errstate(divide="ignore", invalid="ignore"):
            out = np.where(x > 0, self._impl.cdf(np.where(x > 0, x, 1.0), self._par), 0.0)
        out = np.where(np.isnan(x), np.nan, out)
        return float(out) if out.ndim == 0 else out

    def hc(self, p: float = 0.05) -> float:
        """Hazard concentration HCp = F⁻¹(p), in the unit of the data."""
        _check_p(p)
        return float(self._impl.ppf(p, self._par))

    @property
    def hc5(self) -> float:
        """The HC5, F⁻¹(0.05)."""
        return self.hc(0.05)

    def hc_ci(
        self,
        p: float = 0.05,
        nboot: int = 1000,
        seed: int | np.random.Generator | None = None,
        level: float = 0.95,
        min_pboot: float = 0.8,
    ) -> BootstrapCI:
        """Parametric-bootstrap interval of this distribution's HCp: ``nboot`` samples of n
        values drawn from the fit, each refitted (starting from the fitted parameters)."""
        _check_nboot(nboot)
        return _bootstrap([self], [int(nboot)], p, self.hc(p), int(nboot), seed, level, min_pboot)

    def as_dict(self) -> dict:
        row = {
            "dist": self.dist,
            **self.params,
            "n": self.n,
            "k": self.k,
            "loglik": self.loglik,
            "aic": self.aic,
            "aicc": self.aicc,
            "bic": self.bic,
            "delta": self.delta,
            "weight": self.weight,
            "hc5": self.hc5,
            "at_boundary": self.at_boundary,
            "note": self.note,
        }
        if self.gof is not None:
            row.update({k: getattr(self.gof, k) for k in self.gof.__dataclass_fields__})
        return row


@dataclass(frozen=True, eq=False)
class Fits:
    """The distributions fitted to one set of concentrations (see :func:`fit`).

    ``dists`` holds the fits that converged, in the order requested, ``failures`` those that
    did not, with the reason. ``fits["lnorm"]`` returns one fit.
    """

    conc: np.ndarray
    dists: tuple[FittedDist, ...]
    failures: tuple[FitFailure, ...]
    min_pmix: float

    @property
    def n(self) -> int:
        return int(self.conc.size)

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(d.dist for d in self.dists)

    def __iter__(self):
        return iter(self.dists)

    def __len__(self) -> int:
        return len(self.dists)

    def __getitem__(self, name: str) -> FittedDist:
        for d in self.dists:
            if d.dist == name:
                return d
        for f in self.failures:
            if f.dist == name:
                raise KeyError(f"{name} did not fit: {f.reason}")
        raise KeyError(f"{name} was not fitted; fitted: {', '.join(self.names)}")

    def _averaged(self, delta: float) -> tuple[list[FittedDist], np.ndarray]:
        """The fits within ``delta`` of the best AICc and their renormalised weights."""
        if delta < 0:
            raise ValueError("delta must not be negative")
        kept = [d for d in self.dists if not abs(d.delta) > delta]
        weights = np.array([d.weight for d in kept])
        if not kept or weights.sum() <= 0:
            raise ValueError("no distribution is left to average")
        return kept, weights / weights.sum()

    def hc(self, p: float = 0.05, average: str = "multi", delta: float = DELTA) -> float:
        """Model-averaged hazard concentration HCp, in the unit of the data.

        Parameters
        ----------
        p : float
            Proportion of species affected, 0 < p < 1 (0.05 for the HC5).
        average : {"multi", "arithmetic", "geometric"}
            ``"multi"`` (ssdtools' default): the root x of Σᵢ wᵢ Fᵢ(x) = p, the quantile of the
            weighted mixture; ``"arithmetic"``: Σᵢ wᵢ HCpᵢ; ``"geometric"``: exp Σᵢ wᵢ ln HCpᵢ.
        delta : float
            Distributions with ΔAICc above this are left out and the other weights rescaled
            (ssdtools' ``ssd_hc(delta = 9.21)``).
        """
        _check_p(p)
        if average not in AVERAGE_METHODS:
            raise ValueError(f"average must be one of {', '.join(AVERAGE_METHODS)}")
        kept, w = self._averaged(delta)
        each = np.array([d.hc(p) for d in kept])
        if average == "arithmetic":
            return float(np.sum(w * each))
        if average == "geometric":
            return float(np.exp(np.sum(w * np.log(each))))
        return _multi_root(kept, w, p, each)

    @property
    def hc5(self) -> float:
        """The model-averaged HC5 (``"multi"``)."""
        return self.hc(0.05)

    def proportion_affected(self, conc, delta: float = DELTA):
        """Model-averaged proportion of species affected at ``conc``, Σᵢ wᵢ Fᵢ(conc)
        (ssdtools' ``ssd_hp()``, as a proportion rather than a percentage); the inverse of
        :meth:`hc` with ``average="multi"``."""
        kept, w = self._averaged(delta)
        out = sum(wi * np.asarray(d.cdf(conc)) for d, wi in zip(kept, w, strict=True))
        out = np.asarray(out, dtype=float)
        return float(out) if out.ndim == 0 else out

    def hc_ci(
        self,
        p: float = 0.05,
        nboot: int = 1000,
        seed: int | np.random.Generator | None = None,
        level: float = 0.95,
        delta: float = DELTA,
        min_pboot: float = 0.8,
    ) -> BootstrapCI:
        """Confidence interval of the model-averaged HCp by ssdtools' default parametric
        bootstrap (``ci_method = "weighted_samples"``).

        The ``nboot`` samples are shared out between the distributions as round(wᵢ·nboot),
        adjusted one at a time until they add up to nboot (``get_nboots``). Each sample holds
        n values drawn from its distribution's fit and is refitted to that distribution
        (starting from the fitted parameters); its HCp joins a common pool whose percentiles
        are the limits. The estimate is the ``"multi"`` HCp. The result is reproducible for a
        given integer ``seed`` (numpy's default generator), not identical to R's.
        """
        _check_p(p)
        _check_nboot(nboot)
        kept, w = self._averaged(delta)
        counts = _share_boots(w, int(nboot))
        est = self.hc(p, "multi", delta)
        return _bootstrap(kept, counts, p, est, int(nboot), seed, level, min_pboot)

    def table(self) -> list[dict]:
        """One row per requested distribution (fits first, then failures with their reason)."""
        rows = [d.as_dict() for d in self.dists]
        rows += [{"dist": f.dist, "failed": f.reason} for f in self.failures]
        return rows


def _check_p(p) -> None:
    if not isinstance(p, int | float | np.floating) or not 0.0 < float(p) < 1.0:
        raise ValueError(
            f"the proportion p must be a number between 0 and 1 (exclusive), not {p!r}"
        )


def _check_nboot(nboot) -> None:
    if not isinstance(nboot, int | np.integer) or isinstance(nboot, bool) or nboot < 1:
        raise ValueError(f"nboot must be a positive whole number, not {nboot!r}")


def _multi_root(kept: Sequence[FittedDist], w: np.ndarray, p: float, each: np.ndarray) -> float:
    lo, hi = float(np.log(each.min())), float(np.log(each.max()))
    if lo == hi:
        return float(each[0])

    def mixture(x):
        return sum(wi * d._impl.cdf(x, d._par) for d, wi in zip(kept, w, strict=True))

    return float(_bisect_log(mixture, p, lo, hi))


def _share_boots(weights: np.ndarray, nboot: int) -> list[int]:
    """round(w·nboot), then adjusted one sample at a time (where the share is furthest from
    its weight) until the counts add up to nboot, as ssdtools' ``get_nboots``."""
    counts = np.rint(weights * nboot).astype(int)  # half to even, as R's round()
    while counts.sum() != nboot:
        diff = counts / nboot - weights
        if counts.sum() < nboot:
            counts[int(np.argmin(diff))] += 1
        else:
            counts[int(np.argmax(diff))] -= 1
    return [int(c) for c in counts]


def _bootstrap(kept, counts, p, est, nboot, seed, level, min_pboot) -> BootstrapCI:
    if not 0.0 < level < 1.0:
        raise ValueError("level must be between 0 and 1")
    rng = seed if isinstance(seed, np.random.Generator) else np.random.default_rng(seed)
    pool = []
    nboots = {}
    for d, count in zip(kept, counts, strict=True):
        nboots[d.dist] = count
        if count == 0:
            continue
        impl = d._impl
        start = np.array(d._par)
        samples = impl.rvs(rng, tuple(start), (count, d.n))
        params, ok = impl.fit_many(samples, start, d._options)
        params = params[ok]
        if params.size:
            hcp = impl.ppf(p, tuple(params[:, j] for j in range(params.shape[1])))
            pool.append(np.asarray(hcp)[np.isfinite(hcp)])
    samples = np.concatenate(pool) if pool else np.empty(0)
    pboot = min(samples.size / nboot, 1.0)
    lcl = ucl = se = None
    if pboot >= min_pboot and samples.size >= 2:
        lcl, ucl = (float(v) for v in np.quantile(samples, [(1 - level) / 2, (1 + level) / 2]))
        se = float(np.std(samples, ddof=1))
    return BootstrapCI(
        p=float(p),
        est=float(est),
        se=se,
        lcl=lcl,
        ucl=ucl,
        level=level,
        nboot=nboot,
        pboot=pboot,
        nboots=nboots,
        seed=seed if isinstance(seed, int) else None,
    )


# --------------------------------------------------------------------------------------------
# Fitting
# --------------------------------------------------------------------------------------------


def _concentrations(conc: Iterable, labels: Sequence[str] | None = None) -> np.ndarray:
    values = list(conc)
    out = np.empty(len(values))
    for i, value in enumerate(values):
        where = labels[i] if labels is not None else f"conc[{i}]"
        if value is None or (isinstance(value, str) and not value.strip()):
            raise ValueError(f"{where} is missing: every species needs a concentration")
        try:
            number = float(value)
        except (TypeError, ValueError):
            raise ValueError(f"{where} = {value!r} is not a number") from None
        if math.isnan(number):
            raise ValueError(f"{where} is NaN (missing): every species needs a concentration")
        if math.isinf(number) or number <= 0:
            raise ValueError(
                f"{where} = {value!r}: concentrations must be positive and finite "
                "(the distributions are fitted to ln(conc))"
            )
        out[i] = number
    if out.size < MIN_N:
        raise ValueError(
            f"{out.size} concentration(s) given; ssdtools needs at least {MIN_N}, one per "
            f"species (ssd_fit_dists(nrow = {MIN_N})): fewer species cannot support a fitted "
            "distribution or its HC5 (even then, lnorm_lnorm gets a finite AICc only from 7 "
            "values and goodness-of-fit statistics need 8)"
        )
    return out


def _check_dists(dists: Sequence[str]) -> tuple[str, ...]:
    if isinstance(dists, str):
        dists = (dists,)
    dists = tuple(dists)
    if not dists:
        raise ValueError("no distribution requested")
    unknown = [d for d in dists if d not in _DISTRIBUTIONS]
    if unknown:
        raise ValueError(
            f"unknown distribution(s) {', '.join(unknown)}; available: {', '.join(DISTS)}"
        )
    if len(set(dists)) != len(dists):
        raise ValueError("each distribution may be requested only once")
    invalid = [d for d in dists if not _DISTRIBUTIONS[d].valid]
    if invalid and len(dists) > 1:
        raise ValueError(
            f"{', '.join(invalid)} must be fitted on its own: its scale is not a maximum-"
            "likelihood estimate, so its likelihood cannot be compared with the others'"
        )
    return dists


def fit(
    conc: Iterable[float],
    dists: Sequence[str] = DEFAULT_DISTS,
    *,
    min_pmix: float | None = None,
    range_shape1: tuple[float, float] = RANGE_SHAPE,
    range_shape2: tuple[float, float] = RANGE_SHAPE,
    at_boundary_ok: bool = True,
    mixture_start: str = "ssdtools",
) -> Fits:
    """Fit species sensitivity distributions by maximum likelihood (``ssd_fit_dists``).

    Parameters
    ----------
    conc : sequence of float
        One toxicity value per species (any one unit, e.g. mg/L), all positive; at least
        :data:`MIN_N` of them. Goodness-of-fit statistics need :data:`MIN_N_GOF`.
    dists : sequence of str
        Distributions to fit; by default :data:`DEFAULT_DISTS`. ``"invpareto"`` only alone.
    min_pmix : float, optional
        Lower bound of lnorm_lnorm's pmix (upper bound 1 − min_pmix); by default
        :func:`min_pmix` (n).
    range_shape1, range_shape2 : (float, float)
        Bounds of burrIII3's shape1 and shape2.
    at_boundary_ok : bool
        When false, a fit with a parameter on its bound counts as failed.
    mixture_start : {"ssdtools", "best"}
        The lnorm_lnorm likelihood has several local maxima (and is unbounded where a component
        shrinks onto a value). ``"ssdtools"`` reports the maximum reached from ssdtools' start
        (the lower and upper halves of the sorted data), as ssdtools does, and notes in
        ``FittedDist.note`` when another start reaches a higher one; ``"best"`` reports the
        highest non-degenerate maximum found from several starts.

    Returns
    -------
    Fits
        The converged fits with their Akaike weights, and the failures with their reason.

    Raises
    ------
    ValueError
        Fewer than :data:`MIN_N` values, a missing, non-numeric, non-positive or infinite
        value (naming its position), an unknown distribution, or no distribution converging.
    """
    x = _concentrations(conc)
    return _fit_values(
        x, dists, min_pmix, range_shape1, range_shape2, at_boundary_ok, mixture_start
    )


def _fit_values(x, dists, pmix, range_shape1, range_shape2, at_boundary_ok, mixture_start) -> Fits:
    dists = _check_dists(dists)
    if np.ptp(x) == 0:
        raise ValueError(
            f"all {x.size} concentrations equal {x[0]:g}: a distribution needs varying values"
        )
    if mixture_start not in ("ssdtools", "best"):
        raise ValueError("mixture_start must be 'ssdtools' or 'best'")
    n = x.size
    if pmix is None:
        pmix = min_pmix(n)
    if not 0.0 <= pmix <= 0.5:
        raise ValueError("min_pmix must be between 0 and 0.5")
    for name, bounds in (("range_shape1", range_shape1), ("range_shape2", range_shape2)):
        if len(bounds) != 2 or not 0 < bounds[0] < bounds[1]:
            raise ValueError(f"{name} must be two increasing positive numbers")
    options = _Options(
        float(pmix),
        (float(range_shape1[0]), float(range_shape1[1])),
        (float(range_shape2[0]), float(range_shape2[1])),
        mixture_start,
    )

    raws: list[tuple[str, np.ndarray, float, _Raw]] = []
    failures: list[FitFailure] = []
    for name in dists:
        impl = _DISTRIBUTIONS[name]
        with np.errstate(all="ignore"):
            raw = impl.fit(x, options)
            loglik = impl.loglik(x, raw.params) if raw.params is not None else math.nan
        if raw.params is None:
            failures.append(FitFailure(name, raw.reason or "the fit failed"))
        elif not (np.all(np.isfinite(raw.params)) and math.isfinite(loglik)):
            failures.append(FitFailure(name, "the fit gave a non-finite likelihood"))
        elif raw.at_boundary and not at_boundary_ok:
            failures.append(FitFailure(name, "one or more parameters at their bound"))
        else:
            raws.append((name, raw.params, loglik, raw))
    if not raws:
        reasons = "; ".join(f"{f.dist}: {f.reason}" for f in failures)
        raise ValueError(f"no distribution could be fitted ({reasons})")

    ks = np.array([len(PARAMETERS[name]) for name, *_ in raws])
    ll = np.array([r[2] for r in raws])
    aic = 2 * ks - 2 * ll
    with np.errstate(divide="ignore"):
        aicc = np.where(n > ks + 1, aic + 2 * ks * (ks + 1) / np.maximum(n - ks - 1, 1), np.inf)
    # ΔAICc; when no AICc is finite (a five-parameter fit to six values), fall back on AIC.
    base = aicc if np.isfinite(aicc).any() else aic
    delta = base - base.min()
    weight = np.exp(-delta / 2)
    weight /= weight.sum()
    fitted = []
    for i, (name, params, loglik, raw) in enumerate(raws):
        impl = _DISTRIBUTIONS[name]
        par = tuple(float(v) for v in params)
        gof = None
        if n >= MIN_N_GOF:
            with np.errstate(all="ignore"):
                gof = _gof(x, lambda v, impl=impl, par=par: impl.cdf(v, par))
        fitted.append(
            FittedDist(
                dist=name,
                params=dict(zip(PARAMETERS[name], par, strict=True)),
                n=n,
                loglik=float(loglik),
                k=int(ks[i]),
                aic=float(aic[i]),
                aicc=float(aicc[i]),
                bic=float(ks[i] * math.log(n) - 2 * loglik),
                delta=float(delta[i]),
                weight=float(weight[i]),
                gof=gof,
                at_boundary=bool(raw.at_boundary),
                note=raw.note,
                _options=options,
            )
        )
    x.setflags(write=False)
    return Fits(conc=x, dists=tuple(fitted), failures=tuple(failures), min_pmix=float(pmix))


def fit_table(
    rows: Iterable[Mapping[str, object]],
    dists: Sequence[str] = DEFAULT_DISTS,
    *,
    conc: str = "Conc",
    species: str | None = "Species",
    min_pmix: float | None = None,
    range_shape1: tuple[float, float] = RANGE_SHAPE,
    range_shape2: tuple[float, float] = RANGE_SHAPE,
    at_boundary_ok: bool = True,
    mixture_start: str = "ssdtools",
) -> Fits:
    """Fit the distributions to a table of rows (e.g. from ``csv.DictReader``): column
    ``conc`` holds the concentration and, when present, column ``species`` the species name.

    An SSD takes one value per species. ssdtools does not check this; here a species that
    appears twice is refused, so that it cannot weigh double: combine its values first
    (usually by their geometric mean). The other arguments are those of :func:`fit`; a bad
    value is named by its row number (counting from 1) and species.
    """
    rows = list(rows)
    if any(conc not in row for row in rows):
        raise ValueError(f"every row needs a {conc!r} column")
    labels = []
    seen: dict[str, int] = {}
    for i, row in enumerate(rows, start=1):
        name = row.get(species) if species else None
        if name is not None and str(name).strip():
            key = " ".join(str(name).split()).casefold()
            if key in seen:
                raise ValueError(
                    f"species {str(name).strip()!r} appears in rows {seen[key]} and {i}: an SSD "
                    "takes one value per species; combine its values first, e.g. by their "
                    "geometric mean"
                )
            seen[key] = i
            labels.append(f"row {i} ({str(name).strip()}) {conc}")
        else:
            labels.append(f"row {i} {conc}")
    x = _concentrations([row[conc] for row in rows], labels)
    return _fit_values(
        x, dists, min_pmix, range_shape1, range_shape2, at_boundary_ok, mixture_start
    )
