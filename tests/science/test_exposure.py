"""Exposure estimates: MEC across sites from censored monitoring results (hand-worked Kaplan–Meier
cases, non-detect sites, units) and the local PEC in surface water of ECHA R.16 (hand-computed
EUSES standard-scenario cases, every default recorded, the unconfirmed ERC release factors), every
kind of bad input, and properties that hold for any data.
"""

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from npgov.science import exposure, pnec
from npgov.science.exposure import (
    MecResult,
    convert_concentration,
    erc_release_factors,
    mec,
    pec_local_water,
    reference_data,
)

# --------------------------------------------------------------------------------------------
# MEC
# --------------------------------------------------------------------------------------------

# Three sites in ng/L:
#   A: 10, 25, 40 detected            → site max 40; KM mean 25 (reliable: 3 detects)
#   B: 5, <2, 8                        → site max 8; 2 detects: KM estimates unreliable
#   C: <1, <3                          → nothing detected: "< 1" (its lowest limit), censored
THREE = {
    "A": ([10, 25, 40], [False, False, False]),
    "B": ([5, 2, 8], [False, True, False]),
    "C": ([1, 3], [True, True]),
}


def test_three_sites_by_hand():
    result = mec(THREE)
    assert isinstance(result, MecResult) and result.unit == "ng/L"
    assert result.n_sites == 3 and result.n_sites_detected == 2
    assert result.n_results == 8 and result.n_detected == 5
    a, b, c = result.sites
    assert (a.site, a.value, a.censored, a.max) == ("A", 40.0, False, 40.0)
    assert a.mean == pytest.approx(25.0) and a.reliable
    assert (b.value, b.max, b.p95, b.mean, b.reliable) == (8.0, 8.0, None, None, False)
    assert (b.limit_min, b.limit_max) == (2.0, 2.0)
    assert (c.value, c.censored, c.max, c.limit_min, c.limit_max) == (1.0, True, None, 1.0, 3.0)
    assert "lowest limit" in c.basis
    # MEC site max = the largest site value with a detect = 40 (C's limits never count).
    assert result.mec_site_max == 40.0
    # KM over the sites (40, 8, <1): at 40, r = 3, d = 1 → P(X < 40) = 2/3, so the cumulative
    # probability reaches 0.95 only at 40 → MEC P95 = 40.
    assert result.mec_p95 == 40.0
    # Limits among all non-detect results: <2 (B), <1 and <3 (C).
    assert (result.limit_min, result.limit_max) == (1.0, 3.0)
    # Two sites with detects (< 3): not reliable, and said so.
    assert result.reliable is False
    assert any("Fewer than 3 sites with detects" in note for note in result.notes)
    assert any("equals the MEC site max" in note for note in result.notes)
    assert any("not detected, limits 1 to 3" in note for note in result.notes)


def test_p95_across_twenty_sites_is_the_nineteenth_value():
    # Site maxima 1..20, all detected: the cumulative probability k/20 first reaches 0.95 at
    # k = 19 → MEC P95 = 19; MEC site max = 20.
    sites = {f"s{k}": ([k], [False]) for k in range(1, 21)}
    result = mec(sites)
    assert result.mec_site_max == 20 and result.mec_p95 == 19
    assert result.reliable
    # With 19 sites, 0.95 × 19 = 18.05 → the 19th value, the maximum.
    del sites["s20"]
    result = mec(sites)
    assert result.mec_p95 == result.mec_site_max == 19


def test_p95_with_non_detect_sites_censored_below_the_detects():
    # 10 sites "< 0.5" and 10 sites detected at 1..10: the non-detects lie below every detect,
    # so P(X ≤ k) = (10 + k)/20, which first reaches 0.95 at k = 9 → MEC P95 = 9.
    sites = {f"nd{k}": ([0.5], [True]) for k in range(10)}
    sites |= {f"d{k}": ([float(k)], [False]) for k in range(1, 11)}
    result = mec(sites)
    assert result.n_sites == 20 and result.n_sites_detected == 10
    assert result.mec_p95 == 9.0 and result.mec_site_max == 10.0
    assert result.limit_min == result.limit_max == 0.5
    assert result.reliable  # 10 sites with detects, 50 % detected


def test_non_detect_site_is_never_a_measured_value():
    # A site "< 500" with a very high limit does not raise the MEC site max.
    result = mec({"A": ([4, 6, 5], [False] * 3), "B": ([500], [True])})
    assert result.mec_site_max == 6.0
    assert result.sites[1].censored and result.sites[1].value == 500.0


def test_all_sites_non_detect():
    result = mec({"A": ([0.5, 2], [True, True]), "B": ([1], [True])})
    assert result.n_sites == 2 and result.n_sites_detected == 0 and not result.detected
    assert result.mec_site_max is None and result.mec_p95 is None
    assert (result.limit_min, result.limit_max) == (0.5, 2.0)
    assert [s.value for s in result.sites] == [0.5, 1.0]
    assert all(s.censored for s in result.sites)
    assert result.reliable is False
    assert any("No site has a detect" in note for note in result.notes)
    # "highest": site A is "< 2", the bound that holds for each of its samples.
    highest = mec({"A": ([0.5, 2], [True, True]), "B": ([1], [True])}, nondetect_limit="highest")
    assert [s.value for s in highest.sites] == [2.0, 1.0]


def test_p95_not_estimable_when_it_lies_among_the_non_detects():
    # One detect of 5 among 39 sites "< 1": P(X < 5) = 1 − 1/40 = 0.975 ≥ 0.95, so the 95th
    # percentile lies below the lowest detect: not estimable. The site max is still 5.
    sites = {f"nd{k}": ([1.0], [True]) for k in range(39)} | {"hit": ([5.0], [False])}
    result = mec(sites)
    assert result.mec_site_max == 5.0 and result.mec_p95 is None
    assert any("not estimable" in note for note in result.notes)
    assert any("More than 80 %" in note for note in result.notes)


def test_site_statistic_p95_and_mean():
    # Site "big": 20 detects 1..20: KM P95 = 19 (19/20 ≥ 0.95), KM mean = 10.5.
    # Site "few": 2 detects: unreliable → the site maximum 7 is used, with a note.
    sites = {"big": (list(range(1, 21)), [False] * 20), "few": ([3, 7, 1], [False, False, True])}
    p95 = mec(sites, site_statistic="p95")
    assert p95.sites[0].value == 19 and p95.sites[0].basis == "Kaplan–Meier p95"
    assert p95.sites[1].value == 7 and "not reliable" in p95.sites[1].basis
    assert any("Site few: the Kaplan–Meier P95 is not reliable" in n for n in p95.notes)
    mean = mec(sites, site_statistic="mean")
    assert mean.sites[0].value == pytest.approx(10.5)
    assert mean.mec_site_max == pytest.approx(10.5)
    assert mec(sites).mec_site_max == 20


def test_counts_stand_for_repeated_results():
    grouped = mec({"A": ([2.0, 1.0], [False, True], [3, 2])})
    expanded = mec({"A": ([2.0, 2.0, 2.0, 1.0, 1.0], [False] * 3 + [True] * 2)})
    assert grouped.sites[0].n == expanded.sites[0].n == 5
    assert grouped.mec_site_max == expanded.mec_site_max == 2.0


def test_empty_mapping_gives_no_sites():
    result = mec({})
    assert result.n_sites == 0 and result.mec_site_max is None and not result.reliable
    assert result.notes == ("No sites: no exposure data.",)


def test_solids_unit_is_kept():
    result = mec({"S1": ([12.0, 30.0], [False, False])}, unit="ng/g")
    assert result.unit == "ng/g" and result.mec_site_max == 30.0


# --------------------------------------------------------------------------------------------
# Units
# --------------------------------------------------------------------------------------------


def test_convert_concentration():
    # 250 ng/L × 10⁻⁶ mg/ng = 2.5e-4 mg/L; 3 µg/L = 0.003 mg/L; 40 ng/g = 0.04 mg/kg.
    assert convert_concentration(250, "ng/L") == pytest.approx(2.5e-4)
    assert convert_concentration(3, "µg/L") == pytest.approx(3e-3)
    assert convert_concentration(40, "ng/g", "mg/kg") == pytest.approx(0.04)
    with pytest.raises(ValueError, match="cannot convert 'ng/g' to 'mg/L'"):
        convert_concentration(1, "ng/g", "mg/L")
    for bad in (-1.0, math.nan, math.inf, None, "1", True):
        with pytest.raises(ValueError, match="concentration"):
            convert_concentration(bad, "ng/L")


def test_mec_converted_to_mg_per_l():
    # 40 ng/L = 4e-5 mg/L; the limits 1 and 3 ng/L = 1e-6 and 3e-6 mg/L.
    result = mec(THREE).converted("mg/L")
    assert result.unit == "mg/L"
    assert result.mec_site_max == pytest.approx(4e-5)
    assert result.mec_p95 == pytest.approx(4e-5)
    assert result.limit_min == pytest.approx(1e-6) and result.limit_max == pytest.approx(3e-6)
    assert result.sites[2].value == pytest.approx(1e-6)
    assert result.sites[0].summary.mean == pytest.approx(2.5e-5)
    assert result.sites[0].summary.n == 3
    with pytest.raises(ValueError, match="cannot convert"):
        mec(THREE).converted("mg/kg")


def test_as_dict_is_plain():
    data = mec(THREE).as_dict()
    assert data["mec_site_max"] == 40.0 and data["detected"] is True
    assert data["sites"][2]["censored"] is True and isinstance(data["sites"][0]["summary"], dict)


# --------------------------------------------------------------------------------------------
# MEC: bad input
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sites", "match"),
    [
        ({"A": ([1.0, -2.0], [False, False])}, "site 'A': values must be finite and not negative"),
        ({"A": ([1.0, math.nan], [False, False])}, "site 'A': values must be finite"),
        ({"A": ([1.0, math.inf], [False, False])}, "site 'A': values must be finite"),
        ({"A": ([1.0, 2.0], [False])}, "site 'A': values and censored must be one-dimensional"),
        ({"A": ([], [])}, "site 'A': no results"),
        ({"A": ([1.0], [False], [0])}, "site 'A': counts must be positive"),
        ({"A": ([1.0],)}, "site 'A': give \\(values, censored\\)"),
        ({"A": "1.0"}, "site 'A': give \\(values, censored\\)"),
        ({"A": (["x"], [False])}, "site 'A'"),
        ({"": ([1.0], [False])}, "site name"),
        ({3: ([1.0], [False])}, "site name"),
    ],
)
def test_mec_bad_sites(sites, match):
    with pytest.raises(ValueError, match=match):
        mec(sites)


def test_mec_bad_options():
    with pytest.raises(ValueError, match="unknown site_statistic 'median'"):
        mec(THREE, site_statistic="median")
    with pytest.raises(ValueError, match="unknown nondetect_limit 'half'"):
        mec(THREE, nondetect_limit="half")
    with pytest.raises(ValueError, match="sites must be a mapping"):
        mec([([1.0], [False])])
    for unit in ("kg", "items/L", "", None, "furlongs"):
        with pytest.raises(ValueError, match="unit"):
            mec(THREE, unit=unit)


# --------------------------------------------------------------------------------------------
# PEC, R.16 EUSES standard scenario
# --------------------------------------------------------------------------------------------


def test_pec_by_hand():
    # 10 t/a, release factor 0.02, 300 emission days, STP removal 0.6, no sorption:
    #   E_local,water = 10 × 1000 × 1 × 1 × 0.02 / 300          = 0.666667 kg/d
    #   C_local,inf   = 0.666667 × 10⁶ / 2 000 000 L/d           = 0.333333 mg/L
    #   C_local,eff   = 0.333333 × (1 − 0.6)                     = 0.133333 mg/L
    #   C_local,water = 0.133333 / ((1 + 0 × 15 × 10⁻⁶) × 10)   = 0.0133333 mg/L
    #   PEC_local,water = 0.0133333 + 0                          = 0.0133333 mg/L
    result = pec_local_water(10, release_factor=0.02, emission_days=300, stp_removal=0.6)
    assert result.e_local_water_kg_per_d == pytest.approx(2 / 3, rel=1e-12)
    assert result.c_local_inf_mg_per_l == pytest.approx(1 / 3, rel=1e-12)
    assert result.c_local_eff_mg_per_l == pytest.approx(2 / 15, rel=1e-12)
    assert result.pec_stp_mg_per_l == result.c_local_eff_mg_per_l
    assert result.c_local_water_mg_per_l == pytest.approx(1 / 75, rel=1e-12)
    assert result.value_mg_per_l == pytest.approx(1 / 75, rel=1e-12)
    assert result.unit == "mg/L" and result.scenario == "industrial" and result.erc is None
    assert result.formula == (
        "E_local,water = 10 t/a × 1000 kg/t × f_region 1 × f_main-source 1 × RF_water 0.02 / "
        "T_emission 300 d = 0.666667 kg/d; "
        "C_local,inf = 0.666667 × 10⁶ / EFFLUENT_stp 2e+06 L/d = 0.333333 mg/L; "
        "C_local,eff = 0.333333 × (1 − removal 0.6) = 0.133333 mg/L; "
        "C_local,water = 0.133333 / ((1 + Kp_susp 0 × SUSP_water 15 × 10⁻⁶) × DILUTION 10) = "
        "0.0133333 mg/L; "
        "PEC_local,water = 0.0133333 + PEC_regional 0 = 0.0133333 mg/L"
    )
    p = result.parameters
    assert p["release_factor"] == {
        "value": 0.02, "unit": "1", "default": False,
        "description": "fraction of the tonnage released to water (before the STP)",
        "source": "given", "confirmed": None,
    }  # fmt: skip
    assert p["emission_days"]["value"] == 300 and p["emission_days"]["default"] is False
    assert p["stp_removal"]["value"] == 0.6 and p["stp_removal"]["source"] == "given"
    assert p["effluent_stp"]["value"] == 2_000_000 and p["effluent_stp"]["unit"] == "L/d"
    assert p["effluent_stp"]["default"] is True and p["effluent_stp"]["confirmed"] is False
    assert "R.16" in p["effluent_stp"]["source"]
    assert p["dilution"]["value"] == 10 and p["susp_water"]["value"] == 15
    assert p["f_region"]["value"] == 1 and p["f_main_source"]["value"] == 1
    assert p["pec_regional"]["value"] == 0
    # Formulas and defaults are recalled (methods.md 3.4), not read in R.16: provisional.
    assert result.confirmed is False
    assert "effluent_stp" in result.unconfirmed and "formula c_local_water" in result.unconfirmed
    assert "release_factor" not in result.unconfirmed  # given, not a default
    assert any("sorption to suspended matter neglected" in n for n in result.notes)
    assert any("PEC_regional = 0" in n for n in result.notes)


def test_pec_with_sorption_to_suspended_matter():
    # Koc 1000 L/kg: Kp_susp = 0.1 × 1000 = 100 L/kg; 1 + 100 × 15 × 10⁻⁶ = 1.0015;
    # C_local,water = 0.133333 / (1.0015 × 10) = 0.0133134 mg/L.
    result = pec_local_water(10, release_factor=0.02, emission_days=300, stp_removal=0.6, koc=1000)
    assert result.value_mg_per_l == pytest.approx((2 / 15) / 10.015, rel=1e-12)
    assert result.parameters["kp_susp"]["value"] == pytest.approx(100)
    assert result.parameters["foc_susp"]["default"] is True
    assert result.parameters["koc"]["value"] == 1000
    # Kp_susp given directly replaces Foc × Koc.
    direct = pec_local_water(10, release_factor=0.02, emission_days=300, stp_removal=0.6,
                             kp_susp=100, koc=5)  # fmt: skip
    assert direct.value_mg_per_l == pytest.approx(result.value_mg_per_l, rel=1e-12)
    assert any("Koc and Foc_susp not used" in n for n in direct.notes)


def test_pec_from_erc_default_is_unconfirmed():
    # ERC2 (formulation into mixture): release factor to water 0.02, industrial scenario,
    # T_emission 20 d (both UNCONFIRMED). 10 t/a:
    #   E = 10 × 1000 × 0.02 / 20 = 10 kg/d; C_inf = 10 × 10⁶ / 2e6 = 5 mg/L;
    #   C_eff = 5 (no removal assumed); PEC = 5 / 10 = 0.5 mg/L.
    result = pec_local_water(10, erc="ERC2")
    assert result.value_mg_per_l == pytest.approx(0.5, rel=1e-12)
    assert result.erc == "ERC2" and result.scenario == "industrial"
    rf = result.parameters["release_factor"]
    assert rf["value"] == 0.02 and rf["default"] is True and rf["confirmed"] is False
    assert "ERC2" in rf["source"] and "methods.md 3.5" in rf["source"]
    assert result.parameters["emission_days"]["value"] == 20
    assert result.confirmed is False
    assert "release_factor" in result.unconfirmed and "emission_days" in result.unconfirmed
    assert any("ERC2 (0.02) is UNCONFIRMED" in n for n in result.notes)
    assert any("STP removal not modelled" in n for n in result.notes)
    # A given release factor replaces the ERC default (and says so); the scenario stays.
    given = pec_local_water(10, erc="erc 2", release_factor=0.01)
    assert given.value_mg_per_l == pytest.approx(0.25)
    assert any("replaces the ERC2 default" in n for n in given.notes)


def test_pec_wide_dispersive_erc():
    # ERC8a: release factor 1.0, wide-dispersive: f_region 0.1, f_main-source 0.002, 365 d.
    #   E = 100 × 1000 × 0.1 × 0.002 × 1.0 / 365 = 20/365 = 0.0547945 kg/d
    #   C_inf = 0.0547945 × 10⁶ / 2e6 = 0.0273973 mg/L; PEC = 0.00273973 mg/L.
    result = pec_local_water(100, erc="8a")
    assert result.scenario == "wide_dispersive"
    assert result.e_local_water_kg_per_d == pytest.approx(20 / 365, rel=1e-12)
    assert result.value_mg_per_l == pytest.approx(20 / 365 / 2 / 10, rel=1e-12)
    assert result.parameters["f_main_source"]["value"] == 0.002


def test_pec_dilution_options():
    kw = dict(release_factor=0.02, emission_days=300, stp_removal=0.6)
    base = pec_local_water(10, **kw)
    # Marine default dilution 100: a tenth of the freshwater PEC.
    marine = pec_local_water(10, compartment="marine", **kw)
    assert marine.value_mg_per_l == pytest.approx(base.value_mg_per_l / 10, rel=1e-12)
    assert marine.parameters["dilution"]["value"] == 100
    # River flow 1 m³/s = 86 400 000 L/d: DILUTION = (2e6 + 8.64e7) / 2e6 = 44.2.
    river = pec_local_water(10, river_flow_m3_per_s=1.0, **kw)
    assert river.parameters["dilution"]["value"] == pytest.approx(44.2)
    assert river.value_mg_per_l == pytest.approx((2 / 15) / 44.2, rel=1e-12)
    assert "formula dilution_from_flow" in river.unconfirmed
    # 100 m³/s would give 4321: capped at 1000.
    big = pec_local_water(10, river_flow_m3_per_s=100, **kw)
    assert big.parameters["dilution"]["value"] == 1000
    assert any("capped at 1000" in n for n in big.notes)
    # A dilution given replaces the default.
    given = pec_local_water(10, dilution=20, **kw)
    assert given.value_mg_per_l == pytest.approx(base.value_mg_per_l / 2, rel=1e-12)
    assert given.parameters["dilution"]["default"] is False


def test_pec_other_options():
    kw = dict(release_factor=0.02, emission_days=300)
    # No STP: C_local,eff = C_local,inf = 1/3 mg/L → PEC = 1/30 mg/L.
    direct = pec_local_water(10, stp=False, **kw)
    assert direct.c_local_eff_mg_per_l == pytest.approx(1 / 3)
    assert direct.value_mg_per_l == pytest.approx(1 / 30)
    assert "stp_removal" not in direct.parameters and direct.stp is False
    # Annual average: × 300/365; then the background 0.001 mg/L is added.
    annual = pec_local_water(10, stp_removal=0.6, annual_average=True, pec_regional=0.001, **kw)
    assert annual.value_mg_per_l == pytest.approx(1 / 75 * 300 / 365 + 0.001, rel=1e-12)
    assert "annual average" in annual.formula
    # Tonnage in kg/a or as a year's total mass.
    for tonnage, unit in ((10_000, "kg/a"), (10, "吨/年"), (10, "t")):
        same = pec_local_water(tonnage, tonnage_unit=unit, stp_removal=0.6, **kw)
        assert same.value_mg_per_l == pytest.approx(1 / 75, rel=1e-12)
    # A larger effluent flow dilutes the influent: 4e6 L/d halves the PEC.
    wide = pec_local_water(10, stp_removal=0.6, effluent_stp=4e6, **kw)
    assert wide.value_mg_per_l == pytest.approx(1 / 150, rel=1e-12)
    assert wide.parameters["effluent_stp"]["source"] == "given"
    # Zero tonnage: only the background.
    assert pec_local_water(0, pec_regional=0.002, **kw).value_mg_per_l == pytest.approx(0.002)
    assert pec_local_water(10, **kw).as_dict()["parameters"]["tonnage"]["value"] == 10


def test_every_default_has_source_and_flag():
    data = reference_data()
    entries = list(data["defaults"].values())
    entries += [e for s in data["scenarios"].values() for e in s.values() if isinstance(e, dict)]
    entries += list(data["formulas"].values())
    for entry in entries:
        assert isinstance(entry["confirmed"], bool) and entry["source"]
    # Every ERC release factor is unconfirmed (methods.md 3.5: "keep every factor flagged").
    assert all(entry["confirmed"] is False for entry in data["ercs"].values())
    assert erc_release_factors("ERC1")["release_factors"]["water"] == 0.06
    assert erc_release_factors("11a")["release_factors"] == {
        "air": 0.0005, "water": 0.0005, "soil": None,
    }  # fmt: skip
    assert erc_release_factors("ERC3")["release_factors"]["water"] is None
    # Foc_susp is the same default as the sediment EqP of pnec.py.
    eqp = pnec.reference_data()["eqp"]["defaults"]["foc_susp"]["value"]
    assert data["defaults"]["foc_susp"]["value"] == eqp
    assert exposure.DATA_PATH.name == "exposure_defaults.yaml"
    # A copy: changing it does not change the module's data.
    data["defaults"]["dilution"]["value"] = 1
    assert reference_data()["defaults"]["dilution"]["value"] == 10


# --------------------------------------------------------------------------------------------
# PEC: bad input
# --------------------------------------------------------------------------------------------

KW = dict(release_factor=0.02, emission_days=300)


@pytest.mark.parametrize(
    ("args", "kwargs", "match"),
    [
        ((-1,), KW, "tonnage = -1: must not be negative"),
        ((math.nan,), KW, "tonnage = nan"),
        ((math.inf,), KW, "tonnage = inf"),
        (("ten",), KW, "tonnage = 'ten'"),
        ((10,), dict(KW, tonnage_unit="mg/L"), "tonnage_unit = 'mg/L'"),
        ((10,), dict(release_factor=1.5), "release_factor = 1.5: a fraction"),
        ((10,), dict(release_factor=-0.1), "release_factor = -0.1: a fraction"),
        ((10,), dict(release_factor=math.nan), "release_factor = nan"),
        ((10,), {}, "give release_factor"),
        ((10,), dict(erc="ERC99"), "unknown erc 'ERC99'"),
        ((10,), dict(erc=""), "erc ''"),
        ((10,), dict(erc="ERC3"), "ERC3 has no default release factor to water"),
        ((10,), dict(erc="ERC2", scenario="wide_dispersive"), "contradicts ERC2"),
        ((10,), dict(KW, scenario="regional"), "unknown scenario 'regional'"),
        ((10,), dict(KW, compartment="estuary"), "unknown compartment 'estuary'"),
        ((10,), dict(release_factor=0.02, emission_days=0), "emission_days = 0"),
        ((10,), dict(release_factor=0.02, emission_days=400), "emission_days = 400"),
        ((10,), dict(KW, f_region=2), "f_region = 2: a fraction"),
        ((10,), dict(KW, f_main_source=-1), "f_main_source = -1"),
        ((10,), dict(KW, stp_removal=1.2), "stp_removal = 1.2"),
        ((10,), dict(KW, stp=False, stp_removal=0.5), "stp_removal was given with stp=False"),
        ((10,), dict(KW, stp="yes"), "stp and annual_average must be True or False"),
        ((10,), dict(KW, effluent_stp=0), "effluent_stp = 0: must be positive"),
        ((10,), dict(KW, koc=-5), "koc = -5: must not be negative"),
        ((10,), dict(KW, kp_susp=math.nan), "kp_susp = nan"),
        ((10,), dict(KW, foc_susp=0.2), "foc_susp was given without koc"),
        ((10,), dict(KW, koc=100, foc_susp=2), "foc_susp = 2"),
        ((10,), dict(KW, susp_water=-15), "susp_water = -15"),
        ((10,), dict(KW, dilution=0.5), "dilution = 0.5: a dilution factor must be at least 1"),
        ((10,), dict(KW, dilution=10, river_flow_m3_per_s=1), "not both"),
        ((10,), dict(KW, river_flow_m3_per_s=-1), "river_flow_m3_per_s = -1"),
        ((10,), dict(KW, pec_regional=-0.1), "pec_regional = -0.1"),
    ],
)
def test_pec_bad_input(args, kwargs, match):
    with pytest.raises(ValueError, match=match):
        pec_local_water(*args, **kwargs)


# --------------------------------------------------------------------------------------------
# Properties
# --------------------------------------------------------------------------------------------

rows = st.lists(
    st.tuples(st.floats(0.01, 1000, allow_nan=False), st.booleans()), min_size=1, max_size=8
)
site_data = st.dictionaries(st.text("abcdefgh", min_size=1, max_size=4), rows, min_size=1,
                            max_size=25)  # fmt: skip


def as_sites(data):
    return {name: ([v for v, _ in r], [c for _, c in r]) for name, r in data.items()}


@settings(deadline=None)
@given(site_data, st.sampled_from(exposure.SITE_STATISTICS))
def test_mec_site_max_is_at_least_the_p95(data, statistic):
    result = mec(as_sites(data), site_statistic=statistic)
    detected = [v for r in data.values() for v, c in r if not c]
    assert result.n_sites == len(data)
    assert result.n_sites_detected == sum(1 for r in data.values() if any(not c for _v, c in r))
    if result.mec_p95 is not None:
        assert result.mec_site_max >= result.mec_p95
    if statistic == "max":
        # The MEC site max is the largest detected value anywhere; no limit enters it.
        assert result.mec_site_max == (max(detected) if detected else None)
    if result.limit_min is not None:
        assert result.limit_min <= result.limit_max


@settings(deadline=None)
@given(site_data, st.floats(0.01, 1000))
def test_adding_a_non_detect_site_never_raises_the_site_max(data, limit):
    sites = as_sites(data)
    before = mec(sites).mec_site_max
    after = mec(sites | {"zz-new": ([limit], [True])}).mec_site_max
    assert after == before


@settings(deadline=None)
@given(
    st.floats(0, 1e5, allow_nan=False),
    st.floats(0.001, 1000),
    st.floats(0, 1),
    st.floats(1, 365),
    st.floats(0, 1),
)
def test_pec_is_proportional_to_tonnage(tonnage, factor, rf, days, removal):
    kw = dict(release_factor=rf, emission_days=days, stp_removal=removal, koc=500)
    one = pec_local_water(tonnage, **kw).value_mg_per_l
    scaled = pec_local_water(tonnage * factor, **kw).value_mg_per_l
    assert scaled == pytest.approx(one * factor, rel=1e-9, abs=1e-300)


@settings(deadline=None)
@given(st.floats(0, 1), st.floats(0, 1), st.floats(1, 1000), st.floats(1, 1000))
def test_pec_falls_with_removal_and_dilution(r1, r2, d1, d2):
    kw = dict(release_factor=0.05, emission_days=100)
    lo, hi = sorted((r1, r2))
    assert (
        pec_local_water(10, stp_removal=hi, **kw).value_mg_per_l
        <= pec_local_water(10, stp_removal=lo, **kw).value_mg_per_l
    )
    lo, hi = sorted((d1, d2))
    assert (
        pec_local_water(10, dilution=hi, **kw).value_mg_per_l
        <= pec_local_water(10, dilution=lo, **kw).value_mg_per_l
    )
