"""Species sensitivity distribution on ccme_boron (28 species, read from ../shared): the
default six-distribution fit with a 1,000-sample parametric bootstrap of the model-averaged HC5
(``science.ssd.fit`` then ``Fits.hc_ci``; goal: under 5 s on a 2-core machine), against the
straightforward way of doing the same refits with SciPy's generic maximum-likelihood ``fit`` of
the four BCANZ distributions SciPy has (lognorm, fisk = log-logistic, gamma, weibull_min, with
the location fixed at 0), 1,000 samples shared out by the same Akaike weights.
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
from pathlib import Path

import numpy as np
from scipy import stats

from npgov.science import ssd

DATA = Path(__file__).resolve().parents[2] / "shared" / "reference" / "acceptance" / "ssd"


def scipy_bootstrap(x: np.ndarray, fits: ssd.Fits, nboot: int, seed: int) -> float:
    """Seconds for ``nboot`` refits with scipy.stats' generic fitters, HC5 of each."""
    scipy_dists = {"lnorm": stats.lognorm, "llogis": stats.fisk, "gamma": stats.gamma,
                   "weibull": stats.weibull_min}  # fmt: skip
    kept = [d for d in fits.dists if d.dist in scipy_dists]
    weights = np.array([d.weight for d in kept]) / sum(d.weight for d in kept)
    counts = np.round(weights * nboot).astype(int)
    rng = np.random.default_rng(seed)
    start = time.perf_counter()
    for dist, count in zip(kept, counts, strict=True):
        family = scipy_dists[dist.dist]
        shape, _loc, scale = family.fit(x, floc=0)
        for _ in range(count):
            sample = family.rvs(shape, loc=0, scale=scale, size=x.size, random_state=rng)
            params = family.fit(sample, floc=0)
            family.ppf(0.05, *params)
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--nboot", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    path = DATA / "ccme_boron.csv"
    if not path.exists():
        print(f"skipped: {path} is absent (the peer reference data is not available)")
        return 0
    with path.open(encoding="utf-8", newline="") as handle:
        x = np.array([float(r["Conc"]) for r in csv.DictReader(handle)])
    ssd.fit(x).hc_ci(0.05, nboot=50, seed=1)  # warm up imports and caches
    start = time.perf_counter()
    fits = ssd.fit(x)
    ci = fits.hc_ci(0.05, nboot=args.nboot, seed=args.seed)
    ours = time.perf_counter() - start
    baseline = scipy_bootstrap(x, fits, args.nboot, args.seed)
    print(
        f"ccme_boron ({x.size} species): six-distribution fit + {args.nboot} bootstrap samples "
        f"{ours:.2f} s (goal < 5 s); HC5 {ci.est:.4g} mg/L, 95 % CI {ci.lcl:.4g}–{ci.ucl:.4g}; "
        f"SciPy generic fit of four distributions, same number of refits: {baseline:.2f} s "
        f"(ours {baseline / ours:.1f}× faster)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
