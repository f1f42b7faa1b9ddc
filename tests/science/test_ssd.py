"""Species sensitivity distributions, checked against the peer results of R ssdtools 2.6 on the
ssddata sets (read from ../shared; skipped with a reason when absent), and properties that hold
for any fit.

Tolerances. The yaml values are ssdtools' test snapshots rounded to 6 significant digits, so
parameters, HCp and GOF statistics are compared with rel = 1e-4, log-likelihoods and AICc with
abs = 1e-3. Our maxima are exact to double precision (closed forms, Newton on concave
likelihoods, EM polished by L-BFGS-B). ssdtools' own optimiser (L-BFGS-B, default factr) stops
a little early where the likelihood is flat. That shows, explained at the tests concerned, in
lnorm_lnorm's parameters (≈ 9e-5, still inside 1e-4), in lower-tail values of lgumbel and
lnorm_lnorm (TAIL) and in burrIII3's HC5 on ccme_chloride (3.9e-4).
"""

import csv
import math
import time
from pathlib import Path

import numpy as np
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from npgov.science import ssd
from npgov.science.ssd import DEFAULT_DISTS, fit, fit_table

SHARED = Path(__file__).resolve().parents[3] / "shared" / "reference" / "acceptance" / "ssd"
needs_shared = pytest.mark.skipif(
    not SHARED.exists(), reason=f"{SHARED} is absent: the peer reference data is not available"
)

REL = 1e-4  # the yaml's 6 significant digits, with room for ssdtools' optimiser tolerance
ABS_LL = 1e-3  # log-likelihood, AIC, AICc


def _rows(name: str) -> list[dict]:
    with (SHARED / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _conc(name: str) -> list[float]:
    return [float(r["Conc"]) for r in _rows(name)]


@pytest.fixture(scope="module")
def ref():
    if not SHARED.exists():
        pytest.skip(f"{SHARED} is absent: the peer reference data is not available")
    return yaml.safe_load((SHARED / "reference_results.yaml").read_text(encoding="utf-8"))[
        "datasets"
    ]


@pytest.fixture(scope="module")
def boron(ref):
    return fit(_conc("ccme_boron.csv"))


# ------------------------------------------------------------------ ccme_boron, default fit


@needs_shared
def test_default_set_is_ssdtools_bcanz_in_its_order(boron):
    assert DEFAULT_DISTS == ("gamma", "lgumbel", "llogis", "lnorm", "lnorm_lnorm", "weibull")
    assert boron.names == DEFAULT_DISTS
    assert boron.failures == ()
    assert boron.n == 28


@needs_shared
@pytest.mark.parametrize("dist", DEFAULT_DISTS)
def test_boron_parameters_match_ssdtools(boron, ref, dist):
    # lnorm_lnorm: our maximum (logL −115.179385) is the exact stationary point reached from
    # ssdtools' start; ssdtools stopped ≈ 1e-7 log-likelihood units short of it, on a flat
    # ridge, so its sdlog1 and pmix are off by ≈ 9e-5 relative, still inside REL.
    expected = {
        k: v for k, v in ref["ccme_boron"]["default_fit"]["estimates"][dist].items()
        if not k.startswith("se_")
    }  # fmt: skip
    fitted = boron[dist]
    assert set(fitted.params) == set(expected) == set(ssd.PARAMETERS[dist])
    for name, value in expected.items():
        assert fitted.params[name] == pytest.approx(value, rel=REL), name


@needs_shared
def test_boron_likelihoods_aicc_and_weights_match_ssdtools_glance(boron, ref):
    for row in ref["ccme_boron"]["default_fit"]["glance"]:
        fitted = boron[row["dist"]]
        assert fitted.k == row["npars"] and fitted.n == row["nobs"]
        assert fitted.loglik == pytest.approx(row["log_lik"], abs=ABS_LL)
        assert fitted.aic == pytest.approx(row["aic"], abs=ABS_LL)
        assert fitted.aicc == pytest.approx(row["aicc"], abs=ABS_LL)
        assert fitted.delta == pytest.approx(row["delta"], rel=REL, abs=1e-6)
        assert fitted.weight == pytest.approx(row["wt"], rel=REL)
    assert sum(d.weight for d in boron) == pytest.approx(1.0, abs=1e-12)
    assert min(d.delta for d in boron) == 0.0


@needs_shared
def test_boron_goodness_of_fit_matches_ssdtools(boron, ref):
    block = ref["ccme_boron"]["default_fit"]
    for row in block["gof"]:
        fitted = boron[row["dist"]]
        assert fitted.bic == pytest.approx(row["bic"], abs=ABS_LL)
        for stat in ("ad", "ks", "cvm"):
            assert getattr(fitted.gof, stat) == pytest.approx(row[stat], rel=REL), stat
    # goftest p-values (AD: Marsaglia & Marsaglia; CvM: Csörgő & Faraway) and ks.test's; the
    # boron data have ties, so ks.test uses the asymptotic Kolmogorov distribution.
    for row in block["gof_pvalues"]:
        fitted = boron[row["dist"]]
        for stat in ("ad", "ks", "cvm"):
            # lgumbel's KS p-value moves by 1.3e-4 with its parameters: see TAIL
            rel = TAIL["lgumbel"] if (row["dist"], stat) == ("lgumbel", "ks") else REL
            assert getattr(fitted.gof, f"{stat}_pvalue") == pytest.approx(row[stat], rel=rel)


@needs_shared
def test_boron_hc5_per_distribution_matches_ssdtools(boron, ref):
    for dist, hc5 in ref["ccme_boron"]["default_fit"]["hc5_per_distribution"].items():
        assert boron[dist].hc5 == pytest.approx(hc5, rel=REL), dist
        assert boron[dist].hc(0.05) == boron[dist].hc5


# ssdtools' optimiser stops a little short of the maximum: lgumbel 8e-9 log-likelihood units
# below it (locationlog 1.92263 against our 1.9226582, rel 1.5e-5), lnorm_lnorm 1e-7 below it
# (sdlog1 and pmix ≈ 9e-5). Far in the lower tail these shifts are amplified: HP(1 mg/L) is
# 0.856356 % here against 0.856452 % (lgumbel, 1.1e-4) and 1.234253 % against 1.23379 %
# (lnorm_lnorm, 3.8e-4); lgumbel's KS p-value moves by 1.3e-4. Those comparisons get the
# tolerance below; test_boron_tail_values_at_ssdtools_parameters shows that at ssdtools' own
# parameters the formulas give its numbers, and that ours are the higher maxima.
TAIL = {"lgumbel": 2e-4, "lnorm_lnorm": 5e-4}


@needs_shared
def test_boron_hp_per_distribution_matches_ssdtools(boron, ref):
    block = ref["ccme_boron"]["default_fit"]
    for dist, percent in block["hp_per_distribution_conc1_percent"].items():
        rel = TAIL.get(dist, REL)
        assert 100 * boron[dist].cdf(1.0) == pytest.approx(percent, rel=rel), dist


def _lnorm_cdf(x, meanlog, sdlog):
    return 0.5 * math.erfc(-(math.log(x) - meanlog) / (sdlog * math.sqrt(2)))


@needs_shared
def test_boron_tail_values_at_ssdtools_parameters(boron, ref):
    block = ref["ccme_boron"]["default_fit"]
    hp = block["hp_per_distribution_conc1_percent"]
    g = block["estimates"]["lgumbel"]
    lgumbel = math.exp(-math.exp(-(math.log(1.0) - g["locationlog"]) / g["scalelog"]))
    assert 100 * lgumbel == pytest.approx(hp["lgumbel"], rel=2e-5)
    m = block["estimates"]["lnorm_lnorm"]

    def mixture(x):
        return m["pmix"] * _lnorm_cdf(x, m["meanlog1"], m["sdlog1"]) + (1 - m["pmix"]) * (
            _lnorm_cdf(x, m["meanlog2"], m["sdlog2"])
        )

    assert 100 * mixture(1.0) == pytest.approx(hp["lnorm_lnorm"], rel=2e-5)
    assert mixture(block["hc5_per_distribution"]["lnorm_lnorm"]) == pytest.approx(0.05, rel=2e-5)
    # and our maxima are at least as high as ssdtools' (its logL has 6 digits)
    for row in block["glance"]:
        assert boron[row["dist"]].loglik >= row["log_lik"] - 5e-4


@needs_shared
def test_boron_model_averaged_hc_matches_ssdtools(boron, ref):
    averaged = ref["ccme_boron"]["default_fit"]["hc_model_averaged"]
    for key, p in (("hc1", 0.01), ("hc5", 0.05), ("hc10", 0.10), ("hc20", 0.20)):
        assert boron.hc(p) == pytest.approx(averaged["multi"][key], rel=REL), key
    assert boron.hc5 == boron.hc(0.05, "multi")
    assert boron.hc(0.05, "arithmetic") == pytest.approx(averaged["arithmetic"]["hc5"], rel=REL)
    assert boron.hc(0.05, "geometric") == pytest.approx(averaged["geometric"]["hc5"], rel=REL)
    hp = ref["ccme_boron"]["default_fit"]["hp_model_averaged"]
    assert boron.proportion_affected(hp["conc"]) == pytest.approx(hp["proportion"], rel=REL)


@needs_shared
def test_boron_model_averaged_curve_matches_boron_pred(boron):
    # ssdtools' predict(fits): the "multi" HC1 … HC99, stored at full precision
    rows = _rows("boron_pred.csv")
    assert len(rows) == 99
    for row in rows:
        p = float(row["proportion"])
        assert boron.hc(p) == pytest.approx(float(row["est"]), rel=REL), p


@needs_shared
def test_boron_bootstrap_interval_is_plausible(boron, ref):
    expected = ref["ccme_boron"]["default_fit"]["hc5_bootstrap_ci"]
    started = time.perf_counter()
    ci = boron.hc_ci(0.05, nboot=1000, seed=99)
    elapsed = time.perf_counter() - started
    assert ci.est == pytest.approx(expected["est"], rel=REL)
    assert ci.lcl < ci.est < ci.ucl
    # RNG-dependent: R's stream cannot be reproduced, so only within a factor 2
    assert expected["lcl"] / 2 < ci.lcl < expected["lcl"] * 2
    assert expected["ucl"] / 2 < ci.ucl < expected["ucl"] * 2
    assert expected["se"] / 2 < ci.se < expected["se"] * 2
    assert ci.pboot == 1.0 and ci.nboot == 1000 and ci.level == 0.95
    # ssdtools' get_nboots: round(w·nboot), adjusted to add up to nboot
    assert sum(ci.nboots.values()) == 1000
    assert ci.nboots == {d.dist: round(d.weight * 1000) for d in boron}
    # the default six-distribution bootstrap takes a fraction of a second; a generous bound
    # so that a busy machine does not fail the test
    assert elapsed < 20


@needs_shared
def test_bootstrap_is_deterministic_for_a_seed(boron):
    first = boron.hc_ci(0.05, nboot=200, seed=7)
    assert boron.hc_ci(0.05, nboot=200, seed=7) == first
    assert boron.hc_ci(0.05, nboot=200, seed=8).lcl != first.lcl
    single = boron["lnorm"].hc_ci(0.05, nboot=200, seed=7)
    assert single.nboots == {"lnorm": 200}
    assert single.lcl < boron["lnorm"].hc5 < single.ucl
    mixture = boron["lnorm_lnorm"].hc_ci(0.05, nboot=50, seed=1)
    assert mixture.pboot >= 0.8 and mixture.lcl < mixture.est < mixture.ucl


@needs_shared
def test_lnorm_lnorm_reports_ssdtools_maximum_and_notes_the_higher_one(boron):
    # From other starts EM reaches a higher interior maximum (logL −113.787: a narrow second
    # component, sdlog2 = 0.165, on the upper cluster with the tied 50, 50, 70.7 × 3). ssdtools
    # reports the maximum reached from its own start, so that is the default here; the
    # reference cannot be matched with the higher one (it would change the weights and HCp).
    default = boron["lnorm_lnorm"]
    assert default.note is not None and "higher local maximum" in default.note
    best = fit(boron.conc, mixture_start="best")["lnorm_lnorm"]
    assert best.loglik == pytest.approx(-113.787357, abs=ABS_LL)
    assert best.loglik > default.loglik + 1
    assert best.params["sdlog2"] == pytest.approx(0.165364, rel=REL)
    assert best.note is None
    pmix = ssd.min_pmix(28)
    assert pmix == 3 / 28 and pmix <= best.params["pmix"] <= 1 - pmix


# ------------------------------------------------------------------ other ssdtools fits


@needs_shared
def test_three_distribution_weights_match_ssdtools(ref):
    fits = fit(_conc("ccme_boron.csv"), ("gamma", "llogis", "lnorm"))
    for row in ref["ccme_boron"]["three_dist_fit"]["glance"]:
        fitted = fits[row["dist"]]
        assert fitted.loglik == pytest.approx(row["log_lik"], abs=ABS_LL)
        assert fitted.aicc == pytest.approx(row["aicc"], abs=ABS_LL)
        assert fitted.delta == pytest.approx(row["delta"], rel=REL, abs=1e-6)
        assert fitted.weight == pytest.approx(row["wt"], rel=REL)


@needs_shared
def test_lnorm_quantiles_match_ssdtools(ref):
    fitted = fit(_conc("ccme_boron.csv"), ("lnorm",))["lnorm"]
    for key, value in ref["ccme_boron"]["lnorm_only"]["hc"].items():
        assert fitted.hc(float(key[1:])) == pytest.approx(value, rel=REL), key
    fits = fit(_conc("ccme_boron.csv"), "lnorm")
    assert fits["lnorm"].weight == 1.0 and fits.hc(0.05) == pytest.approx(fitted.hc5, rel=1e-12)


@needs_shared
def test_gompertz_matches_ssdtools(ref):
    expected = ref["ccme_boron"]["with_gompertz_arithmetic"]
    dists = ("gompertz", "weibull", "gamma", "lnorm", "llogis", "lgumbel")
    fits = fit(_conc("ccme_boron.csv"), dists)
    gompertz = fits["gompertz"]
    assert gompertz.loglik == pytest.approx(expected["gompertz"]["log_lik"], abs=ABS_LL)
    assert gompertz.aicc == pytest.approx(expected["gompertz"]["aicc"], abs=ABS_LL)
    assert gompertz.hc5 == pytest.approx(expected["gompertz"]["hc5"], rel=REL)
    for dist, weight in expected["weights"].items():
        assert fits[dist].weight == pytest.approx(weight, rel=REL), dist
    assert fits.hc(0.05, "arithmetic") == pytest.approx(expected["hc5_arithmetic_average"], rel=REL)


@needs_shared
def test_invpareto_matches_ssdtools(ref):
    boron = fit(_conc("ccme_boron.csv"), ("invpareto",))["invpareto"]
    assert boron.hc5 == pytest.approx(ref["ccme_boron"]["invpareto"]["hc5"], rel=REL)
    anon_a = fit(_conc("anon_a.csv"), ("invpareto",))["invpareto"]
    expected = ref["anon_a"]["invpareto"]
    assert anon_a.params["shape"] == pytest.approx(expected["shape"], rel=REL)
    assert anon_a.params["scale"] == pytest.approx(expected["scale"], rel=REL)
    # scale is the bias-corrected largest value, so every value lies below it
    assert anon_a.params["scale"] > max(_conc("anon_a.csv"))
    with pytest.raises(ValueError, match="on its own"):
        fit(_conc("anon_a.csv"), ("invpareto", "lnorm"))


@needs_shared
def test_burrIII3_matches_ssdtools(ref):
    uranium = fit(_conc("ccme_uranium.csv"), ("burrIII3",))["burrIII3"]
    assert uranium.hc5 == pytest.approx(ref["ccme_uranium"]["burrIII3_hc5"], rel=REL)
    assert not uranium.at_boundary
    # ccme_chloride: we find the maximum (to 1e-13); ssdtools' HC5 78.2897 lies on a flat ridge
    # 1.8e-7 log-likelihood units below it (profile likelihood of the HC5), within the stopping
    # tolerance of its L-BFGS-B, and 3.9e-4 relative from our 78.2594. The HC5's bootstrap se
    # is ≈ 48, so the difference is immaterial; compared here at 1e-3.
    chloride = fit(_conc("ccme_chloride.csv"), ("burrIII3",))["burrIII3"]
    assert chloride.hc5 == pytest.approx(ref["ccme_chloride"]["burrIII3_hc5"], rel=1e-3)
    anon_e = fit(_conc("anon_e.csv"), ("burrIII3",))["burrIII3"]
    for name, value in ref["anon_e"]["burrIII3_at_boundary"].items():
        assert anon_e.params[name] == pytest.approx(value, rel=REL), name
    assert anon_e.at_boundary  # shape1 on its lower bound 0.05, accepted as in ssdtools
    failed = fit(_conc("anon_e.csv"), ("burrIII3", "lnorm"), at_boundary_ok=False)
    assert [f.dist for f in failed.failures] == ["burrIII3"]
    assert "bound" in failed.failures[0].reason


@needs_shared
def test_anon_e_parameters_match_ssdtools(ref):
    fits = fit(_conc("anon_e.csv"))
    for dist, params in ref["anon_e"]["default_fit_estimates"].items():
        for name, value in params.items():
            assert fits[dist].params[name] == pytest.approx(value, rel=REL), (dist, name)


@needs_shared
def test_glyphosate_averages_match_ssdtools(ref):
    expected = ref["ccme_glyphosate"]
    fits = fit(_conc(expected["csv"]), min_pmix=0, at_boundary_ok=False)
    assert fits.names == DEFAULT_DISTS and fits.min_pmix == 0
    assert fits.hc(0.05, "arithmetic") == pytest.approx(expected["hc5_arithmetic"], rel=REL)
    assert fits.hc(0.05) == pytest.approx(expected["hc5_multi"], rel=REL)


@needs_shared
def test_fit_table_reads_the_csv_rows(ref, boron):
    fits = fit_table(_rows("ccme_boron.csv"))
    assert fits.hc5 == pytest.approx(boron.hc5, rel=1e-12)
    rows = fits.table()
    assert [r["dist"] for r in rows] == list(DEFAULT_DISTS)
    assert rows[0]["hc5"] == pytest.approx(1.07428, rel=REL) and "ad" in rows[0]


# ------------------------------------------------------------------ small samples, bad input

SIX = [1.0, 2.0, 4.0, 8.0, 16.0, 40.0]


def test_fewer_than_six_values_are_refused():
    with pytest.raises(ValueError, match="needs at least 6"):
        fit(SIX[:5])
    fits = fit(SIX)  # six is enough, as in ssdtools
    assert fits.n == 6


def test_six_values_give_no_aicc_for_the_mixture_and_no_gof():
    fits = fit(SIX)
    if "lnorm_lnorm" in fits.names:
        mixture = fits["lnorm_lnorm"]
        # n = k + 1: the small-sample correction is undefined, AICc = ∞ and weight 0
        assert mixture.aicc == math.inf and mixture.weight == 0.0
        assert fits.hc(0.05) > 0  # averaged without it
    assert all(d.gof is None for d in fits)  # ssd_gof needs 8 values
    assert ssd.min_pmix(6) == 0.5
    assert all(d.gof is None for d in fit([*SIX, 60.0]))
    assert all(d.gof is not None for d in fit([*SIX, 60.0, 90.0]))


@pytest.mark.parametrize(
    "bad, message",
    [
        (None, r"conc\[3\] is missing"),
        (float("nan"), r"conc\[3\] is NaN"),
        (-2.0, r"conc\[3\] = -2.0: concentrations must be positive"),
        (0, r"conc\[3\] = 0: concentrations must be positive"),
        (math.inf, r"conc\[3\] = inf"),
        ("abc", r"conc\[3\] = 'abc' is not a number"),
    ],
)
def test_bad_concentrations_are_refused_by_position(bad, message):
    values: list = [1.0, 2.0, 4.0, 8.0, 16.0, 40.0, 80.0]
    values[3] = bad
    with pytest.raises(ValueError, match=message):
        fit(values)


def test_other_bad_arguments_are_refused():
    with pytest.raises(ValueError, match="unknown distribution"):
        fit(SIX, ("lnorm", "normal"))
    with pytest.raises(ValueError, match="only once"):
        fit(SIX, ("lnorm", "lnorm"))
    with pytest.raises(ValueError, match="all 6 concentrations equal"):
        fit([3.0] * 6)
    fits = fit(SIX, ("lnorm",))
    with pytest.raises(ValueError, match="between 0 and 1"):
        fits.hc(0.0)
    with pytest.raises(ValueError, match="average must be"):
        fits.hc(0.05, "median")
    with pytest.raises(ValueError, match="nboot"):
        fits.hc_ci(0.05, nboot=0)


def test_duplicate_species_are_refused_with_a_remedy():
    rows = [{"Species": f"sp{i}", "Conc": str(c)} for i, c in enumerate(SIX)]
    assert fit_table(rows).n == 6
    rows.append({"Species": "SP2 ", "Conc": "3.5"})
    with pytest.raises(ValueError, match=r"'SP2' appears in rows 3 and 7.*geometric mean"):
        fit_table(rows)
    bad = [{"Species": f"sp{i}", "Conc": str(c)} for i, c in enumerate(SIX)]
    bad[4]["Conc"] = "-1"
    with pytest.raises(ValueError, match=r"row 5 \(sp4\) Conc = '-1'"):
        fit_table(bad)
    with pytest.raises(ValueError, match="'Conc' column"):
        fit_table([{"Species": "a"}] * 6)


def test_a_distribution_that_does_not_converge_is_reported_and_excluded():
    # Half the values are tied: from every start one mixture component shrinks onto the tie,
    # where the likelihood is unbounded, so lnorm_lnorm has no (interior) maximum.
    conc = [2.0] * 8 + [3.0, 5.0, 8.0, 13.0, 21.0, 34.0, 55.0, 89.0]
    fits = fit(conc)
    assert [f.dist for f in fits.failures] == ["lnorm_lnorm"]
    assert "collapsed" in fits.failures[0].reason
    assert fits.names == ("gamma", "lgumbel", "llogis", "lnorm", "weibull")
    assert sum(d.weight for d in fits) == pytest.approx(1.0)
    assert all(math.isfinite(d.loglik) and math.isfinite(d.hc5) for d in fits)
    with pytest.raises(KeyError, match="collapsed"):
        fits["lnorm_lnorm"]
    assert any(row.get("failed") for row in fits.table())
    # gompertz on widely spread data: the likelihood keeps rising towards the exponential
    # limit (shape → 0), so there is no maximum
    spread = [0.8, 3.4, 5.5, 11.2, 17, 20, 100, 1376, 3000, 7100, 7116, 8200, 11290]
    fits = fit(spread, ("gompertz", "lnorm"))
    assert fits.names == ("lnorm",) and fits["lnorm"].weight == 1.0
    assert "exponential limit" in fits.failures[0].reason
    with pytest.raises(ValueError, match="no distribution could be fitted"):
        fit(spread, ("gompertz",))


# ------------------------------------------------------------------ properties

_FIXED = fit([2.1, 2.4, 4.1, 10, 15.6, 18.3, 6, 13.4, 15, 20, 48.6, 70.7, 1, 1.8, 5.2, 30, 60])


@given(
    st.floats(0.001, 0.999),
    st.floats(0.001, 0.999),
    st.sampled_from(ssd.AVERAGE_METHODS),
)
def test_hc_increases_with_p(p, q, average):
    lo, hi = sorted((p, q))
    if hi - lo < 1e-9:
        return
    assert _FIXED.hc(lo, average) < _FIXED.hc(hi, average)


@given(st.floats(0.001, 0.999))
def test_proportion_affected_inverts_the_multi_hc(p):
    assert _FIXED.proportion_affected(_FIXED.hc(p)) == pytest.approx(p, rel=1e-9, abs=1e-12)
    for d in _FIXED:
        assert d.cdf(d.hc(p)) == pytest.approx(p, rel=1e-9, abs=1e-12)


@settings(max_examples=25, deadline=None)
@given(
    st.lists(st.floats(-3.0, 3.0), min_size=6, max_size=25, unique=True),
    st.floats(0.01, 0.5),
)
def test_any_data_give_ordered_consistent_hcs(logs, p):
    fits = fit(np.exp(np.array(logs) * 1.5 + 2.0))
    assert sum(d.weight for d in fits) == pytest.approx(1.0)
    multi = fits.hc(p)
    each = [d.hc(p) for d in fits if abs(d.delta) <= ssd.DELTA]
    # the mixture quantile lies between the distributions' own quantiles
    assert min(each) * (1 - 1e-9) <= multi <= max(each) * (1 + 1e-9)
    assert fits.proportion_affected(multi) == pytest.approx(p, rel=1e-8)
    assert fits.hc(p, "geometric") <= fits.hc(p, "arithmetic") * (1 + 1e-12)
    for d in fits:
        assert d.aicc >= d.aic and d.weight >= 0
