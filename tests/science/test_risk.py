"""Risk characterisation: risk quotients from MEC and PEC with the three states (risk, no risk,
inconclusive) worked by hand, units (ng/L exposure against a PNEC in mg/L), censored cases, the
per-district map helper, NORMAN's frequency and extent of exceedance (with a SCARCE 2018 row
rebuilt site by site), every kind of bad input, and properties that hold for any data.
"""

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from npgov.science.exposure import mec, pec_local_water
from npgov.science.pnec import derive_aquatic, sediment_eqp
from npgov.science.risk import (
    STATES,
    ExceedanceResult,
    RiskResult,
    exceedance,
    risk_by_district,
    risk_quotient,
)


def rec(species, group, endpoint, value):
    return dict(species=species, taxon_group=group, duration="acute", endpoint=endpoint,
                value=value, unit="mg/L", source_type="experimental", reliability=2)  # fmt: skip


# Freshwater base set: lowest L(E)C50 1.5 mg/L (Daphnia) / AF 1000 → PNEC 0.0015 mg/L
# (1500 ng/L), rule FW-1000, confirmed.
BASE = [
    rec("Raphidocelis subcapitata", "algae", "ErC50", 3.2),
    rec("Daphnia magna", "crustacean", "EC50", 1.5),
    rec("Danio rerio", "fish", "LC50", 8.0),
]


@pytest.fixture(scope="module")
def pnec_result():
    return derive_aquatic(BASE)


# --------------------------------------------------------------------------------------------
# Plain numbers
# --------------------------------------------------------------------------------------------


def test_rq_states_from_numbers():
    # 0.5 / 0.1 = 5 ≥ 1 → risk; 0.05 / 0.1 = 0.5 → no risk; 0.1 / 0.1 = 1 → risk (RQ ≥ 1).
    high = risk_quotient(0.5, 0.1)
    assert isinstance(high, RiskResult)
    assert (high.state, high.rq, high.qualifier, high.kind) == ("risk", 5.0, "=", "MEC")
    assert high.unit == "mg/L" and high.exposure == 0.5 and high.pnec == 0.1
    assert high.pnec_confirmed is None and high.pnec_basis == "given" and not high.confirmed
    low = risk_quotient(0.05, 0.1)
    assert (low.state, low.rq) == ("no risk", pytest.approx(0.5))
    assert risk_quotient(0.1, 0.1).state == "risk"
    assert risk_quotient(0.0, 0.1).rq == 0.0
    assert risk_quotient(0.5, 0.1, kind="PEC").kind == "PEC"


def test_ng_per_l_exposure_against_mg_per_l_pnec():
    # 250 ng/L = 2.5e-4 mg/L; PNEC 1e-4 mg/L → RQ 2.5, risk. 50 ng/L → RQ 0.5.
    result = risk_quotient(250, 1e-4, unit="ng/L")
    assert result.rq == pytest.approx(2.5) and result.state == "risk"
    assert result.exposure == pytest.approx(2.5e-4) and result.unit == "mg/L"
    assert risk_quotient(50, 1e-4, unit="ng/L").rq == pytest.approx(0.5)
    # PNEC given in µg/L: 0.1 µg/L = 100 ng/L; the result is in the PNEC's unit.
    in_ug = risk_quotient(250, 0.1, unit="ng/L", pnec_unit="µg/L")
    assert in_ug.rq == pytest.approx(2.5) and in_ug.unit == "µg/L"
    assert in_ug.exposure == pytest.approx(0.25)


def test_single_non_detect_number():
    # "< 50 ng/L" against PNEC 1e-4 mg/L (100 ng/L): no risk, RQ < 0.5.
    below = risk_quotient(50, 1e-4, unit="ng/L", detected=False)
    assert (below.state, below.qualifier) == ("no risk", "<")
    assert below.rq == pytest.approx(0.5)
    # "< 500 ng/L": the limit is above the PNEC → inconclusive, RQ < 5.
    above = risk_quotient(500, 1e-4, unit="ng/L", detected=False)
    assert (above.state, above.qualifier) == ("inconclusive", "<")
    assert above.rq == pytest.approx(5.0)
    assert "not sensitive enough" in above.reason
    assert above.n_sites_limit_above_pnec == 1


# --------------------------------------------------------------------------------------------
# MEC from monitoring data
# --------------------------------------------------------------------------------------------

# Sites in ng/L: A detected up to 40, B up to 8, C not detected ("< 1").
THREE = {
    "A": ([10, 25, 40], [False, False, False]),
    "B": ([5, 2, 8], [False, True, False]),
    "C": ([1, 3], [True, True]),
}


def test_mec_against_pnec_result(pnec_result):
    # MEC site max 40 ng/L = 4e-5 mg/L; PNEC 0.0015 mg/L → RQ = 4e-5 / 0.0015 = 0.026667.
    # Site C "< 1 ng/L" lies below the PNEC → no risk.
    result = risk_quotient(mec(THREE), pnec_result)
    assert result.kind == "MEC" and result.statistic == "site_max"
    assert result.rq == pytest.approx(4e-5 / 0.0015)
    assert result.state == "no risk" and result.qualifier == "="
    assert result.exposure == pytest.approx(4e-5) and result.unit == "mg/L"
    assert result.pnec == pytest.approx(0.0015)
    # The PNEC's flag and basis, the exposure's reliability and notes are carried.
    assert result.pnec_confirmed is True
    assert result.pnec_basis == "assessment factor (AF 1000, freshwater)"
    assert result.exposure_reliable is False
    assert any("Fewer than 3 sites with detects" in n for n in result.notes)
    assert any("flagged unreliable" in n for n in result.notes)
    assert (result.n_sites, result.n_sites_detected, result.n_sites_limit_above_pnec) == (3, 2, 0)
    assert result.confirmed is True  # a confirmed PNEC, measured exposure
    assert result.as_dict()["confirmed"] is True


def test_mec_above_pnec_is_risk():
    # PNEC 1e-5 mg/L = 10 ng/L: site max 40 ng/L → RQ 4.
    result = risk_quotient(mec(THREE), 1e-5)
    assert result.state == "risk" and result.rq == pytest.approx(4.0)
    # MEC P95 across sites is also 40 here (too few sites).
    assert risk_quotient(mec(THREE), 1e-5, statistic="p95").rq == pytest.approx(4.0)


def test_all_non_detect_with_limit_above_pnec_is_inconclusive():
    # Nothing detected, limits 50 and 80 ng/L; PNEC 2e-5 mg/L = 20 ng/L: the method cannot
    # show the absence of risk. RQ < max limit / PNEC = 80 / 20 = 4.
    sites = mec({"A": ([50, 50], [True, True]), "B": ([80], [True])})
    result = risk_quotient(sites, 2e-5)
    assert result.state == "inconclusive" and result.qualifier == "<"
    assert result.rq == pytest.approx(4.0)
    assert "not sensitive enough" in result.reason
    assert result.n_sites_limit_above_pnec == 2 and result.n_sites_detected == 0


def test_all_non_detect_with_limit_below_pnec_is_no_risk():
    # Limits 5 and 8 ng/L; PNEC 20 ng/L: every site is shown below it. RQ < 8/20 = 0.4.
    sites = mec({"A": ([5, 5], [True, True]), "B": ([8], [True])})
    result = risk_quotient(sites, 2e-5)
    assert result.state == "no risk" and result.qualifier == "<"
    assert result.rq == pytest.approx(0.4)
    assert result.exposure == pytest.approx(8e-6)


def test_limit_equal_to_pnec_is_no_risk():
    # "< 20 ng/L" against a PNEC of 20 ng/L: the true value lies below the PNEC.
    result = risk_quotient(mec({"A": ([20], [True])}), 20, pnec_unit="ng/L")
    assert result.state == "no risk" and result.rq == pytest.approx(1.0)


def test_mixed_limits_is_inconclusive():
    # One site "< 5", one site "< 50"; PNEC 20 ng/L: one site cannot be judged.
    result = risk_quotient(mec({"A": ([5], [True]), "B": ([50], [True])}), 20, pnec_unit="ng/L")
    assert result.state == "inconclusive" and result.n_sites_limit_above_pnec == 1
    assert "limit at 1 of 2 site(s)" in result.reason and "limits 5 to 50 ng/L" in result.reason


def test_detects_below_pnec_but_insensitive_site_is_inconclusive():
    # Detected up to 6 ng/L (RQ 0.3 against 20 ng/L), but site B "< 500 ng/L" could exceed.
    sites = mec({"A": ([4, 6, 5], [False] * 3), "B": ([500], [True])})
    result = risk_quotient(sites, 20, pnec_unit="ng/L")
    assert result.state == "inconclusive" and result.rq == pytest.approx(0.3)
    assert result.qualifier == "="
    assert "1 of 2 site(s) without a detect have a limit above the PNEC" in result.reason
    # With a sensitive method at B ("< 5") the same detects mean no risk.
    ok = mec({"A": ([4, 6, 5], [False] * 3), "B": ([5], [True])})
    assert risk_quotient(ok, 20, pnec_unit="ng/L").state == "no risk"
    # A detect above the PNEC is a risk whatever the other sites show.
    hit = mec({"A": ([4, 60, 5], [False] * 3), "B": ([500], [True])})
    assert risk_quotient(hit, 20, pnec_unit="ng/L").state == "risk"


def test_non_detect_results_at_detected_sites_are_noted():
    # Site A detects 4 and 6 ng/L and has a "< 100" result; PNEC 20 ng/L.
    sites = mec({"A": ([4, 6, 100], [False, False, True])})
    result = risk_quotient(sites, 20, pnec_unit="ng/L")
    assert result.state == "no risk"
    assert any("non-detect results (at sites with detects)" in n for n in result.notes)


def test_p95_not_estimable_is_inconclusive():
    sites = mec({f"nd{k}": ([1.0], [True]) for k in range(39)} | {"hit": ([5.0], [False])})
    result = risk_quotient(sites, 100, pnec_unit="ng/L", statistic="p95")
    assert result.state == "inconclusive" and "P95" in result.reason and result.rq is None
    assert risk_quotient(sites, 100, pnec_unit="ng/L").state == "no risk"


def test_solid_mec_against_sediment_eqp():
    # PNEC_sed by EqP from 0.0015 mg/L, Koc 1000: K_susp-water = 0.9 + 0.025 × 1000 = 25.9;
    # PNEC_sed = 25.9 / 1150 × 0.0015 × 1000 = 0.033783 mg/kg wwt; dry weight × 4.6 =
    # 0.155400 mg/kg dwt. MEC 300 ng/g = 0.3 mg/kg (dry) → RQ = 0.3 / 0.1554 = 1.9305.
    eqp = sediment_eqp(0.0015, koc=1000, log_kow=3)
    sites = mec({"S1": ([120, 300], [False, False])}, unit="ng/g")
    dry = risk_quotient(sites, eqp)
    assert dry.unit == "mg/kg" and dry.pnec == pytest.approx(0.1554)
    assert dry.rq == pytest.approx(0.3 / 0.1554) and dry.state == "risk"
    assert dry.pnec_basis == "equilibrium partitioning (sediment, dry weight)"
    wet = risk_quotient(sites, eqp, solid_basis="wet")
    assert wet.rq == pytest.approx(0.3 / (25.9 / 1150 * 1.5))
    # A water MEC cannot be compared with a sediment PNEC.
    with pytest.raises(ValueError, match="cannot be compared with a PNEC in 'mg/kg'"):
        risk_quotient(mec(THREE), eqp)


# --------------------------------------------------------------------------------------------
# PEC
# --------------------------------------------------------------------------------------------


def test_pec_against_pnec(pnec_result):
    # PEC 1/75 = 0.0133333 mg/L (test_exposure) / PNEC 0.0015 mg/L = 8.8889 → risk.
    pec = pec_local_water(10, release_factor=0.02, emission_days=300, stp_removal=0.6)
    result = risk_quotient(pec, pnec_result)
    assert result.kind == "PEC" and result.statistic == "PEC_local,water"
    assert result.rq == pytest.approx((1 / 75) / 0.0015) and result.state == "risk"
    # The PEC rests on recalled (unconfirmed) formulas: the result is not confirmed.
    assert result.exposure_confirmed is False and result.confirmed is False
    # The unconfirmed ERC release factor is named in the notes.
    erc = risk_quotient(pec_local_water(10, erc="ERC2"), pnec_result)
    assert any("ERC2 (0.02) is UNCONFIRMED" in n for n in erc.notes)


# --------------------------------------------------------------------------------------------
# Missing PNEC or exposure
# --------------------------------------------------------------------------------------------


def test_missing_pnec_is_inconclusive():
    result = risk_quotient(mec(THREE), None)
    assert result.state == "inconclusive" and result.rq is None
    assert result.reason == "Inconclusive: no PNEC was given."
    # The exposure is still shown, in its own unit.
    assert result.exposure == 40.0 and result.unit == "ng/L"


def test_underived_pnec_is_inconclusive_with_its_reason():
    # Algae only: R.10 needs three trophic levels, so no PNEC can be derived.
    no_pnec = derive_aquatic(BASE[:1])
    assert not no_pnec.derived
    result = risk_quotient(0.5, no_pnec)
    assert result.state == "inconclusive"
    assert "no PNEC could be derived" in result.reason and "missing" in result.reason


def test_missing_exposure_is_inconclusive(pnec_result):
    result = risk_quotient(None, pnec_result)
    assert result.state == "inconclusive" and "no exposure data" in result.reason
    empty = risk_quotient(mec({}), pnec_result)
    assert empty.state == "inconclusive" and "no sites" in empty.reason
    both = risk_quotient(None, None)
    assert both.reason == "Inconclusive: no PNEC was given; no exposure data."


# --------------------------------------------------------------------------------------------
# Per district
# --------------------------------------------------------------------------------------------


def test_risk_by_district(pnec_result):
    # PNEC 0.0015 mg/L = 1500 ng/L.
    districts = {
        "Haidian": mec({"h1": ([2000, 900], [False, False])}),  # 2000 / 1500 = 1.333 → risk
        "Chaoyang": mec({"c1": ([3000], [True])}),  # "< 3000" > PNEC → inconclusive
        "Dongcheng": mec({"d1": ([30, 50], [False, True])}),  # 30 / 1500 = 0.02 → no risk
        "Xicheng": None,  # no monitoring → inconclusive
    }
    result = risk_by_district(districts, pnec_result, medium="surface water")
    assert list(result) == list(districts)
    assert {k: v.state for k, v in result.items()} == {
        "Haidian": "risk", "Chaoyang": "inconclusive", "Dongcheng": "no risk",
        "Xicheng": "inconclusive",
    }  # fmt: skip
    assert result["Haidian"].rq == pytest.approx(2000 / 1500)
    assert result["Chaoyang"].rq == pytest.approx(2.0) and result["Chaoyang"].qualifier == "<"
    assert result["Xicheng"].reason == "Inconclusive: no exposure data."
    assert all(r.medium == "surface water" for r in result.values())
    # No PNEC: every district inconclusive, with the reason.
    none = risk_by_district(districts, None)
    assert all(r.state == "inconclusive" and "no PNEC" in r.reason for r in none.values())
    with pytest.raises(ValueError, match="district 'Haidian': expected a MecResult or None"):
        risk_by_district({"Haidian": 3.0}, pnec_result)
    with pytest.raises(ValueError, match="mecs must be a mapping"):
        risk_by_district([mec(THREE)], pnec_result)


# --------------------------------------------------------------------------------------------
# NORMAN exceedance
# --------------------------------------------------------------------------------------------


def test_exceedance_by_hand():
    # Sites (ng/L): A max 40, B max 8, C "< 1", D "< 30"; PNEC 10 ng/L.
    #   FoE = 1 (A > 10) / 4 sites = 0.25; MEC95 = 40 (KM, too few sites) → EoE = 40/10 = 4;
    #   Max exceedance = 40/10 = 4; LOQ_min = 1 → LOQ exceedance 0.1; D cannot be judged.
    sites = dict(THREE, D=([30], [True]))
    result = exceedance(mec(sites), 10, pnec_unit="ng/L")
    assert isinstance(result, ExceedanceResult)
    assert (result.n_sites, result.n_sites_exceeding, result.n_sites_limit_above_pnec) == (4, 1, 1)
    assert result.foe == pytest.approx(0.25)
    assert result.mec95 == 40 and result.mec95_available and result.eoe == pytest.approx(4)
    assert result.max_exceedance == pytest.approx(4)
    assert result.loq_min == 1 and result.loq_exceedance == pytest.approx(0.1)
    assert [s.state for s in result.sites] == ["exceeds", "below", "below", "inconclusive"]
    assert [s.ratio for s in result.sites] == pytest.approx([4, 0.8, 0.1, 3])
    assert any("1 site(s) without a detect have a limit above the PNEC" in n for n in result.notes)
    assert result.reason is None and result.as_dict()["sites"][0]["site"] == "A"


def test_exceedance_is_strict_at_the_pnec():
    # MEC_site = PNEC: RQ = 1 is a risk for risk_quotient, but NORMAN counts MEC_site > PNEC.
    sites = mec({"A": ([10], [False]), "B": ([5], [False])})
    assert exceedance(sites, 10, pnec_unit="ng/L").n_sites_exceeding == 0
    assert risk_quotient(sites, 10, pnec_unit="ng/L").state == "risk"


def test_exceedance_reproduces_a_scarce_2018_row():
    # NORMAN SCARCE 2018, 17-beta-estradiol (acceptance/norman, methods.md section 2):
    # 76 sites, 52 with MEC_site > PNEC, MEC95 0.006674, MEC_site,max 0.007773, LOQ_min
    # 0.00012, PNEC 0.0004 µg/L → EoE 16.7, FoE 0.6842, max exceedance 19.4, LOQ exc. 0.3.
    # Rebuilt as 24 sites "< 0.00012" and 52 detected sites whose 49th value is 0.006674:
    # P(X ≤ d_k) = (24 + k)/76 first reaches 0.95 at k = 49.
    step = (0.006 - 0.0005) / 47
    detects = [0.0005 + step * k for k in range(48)] + [0.006674, 0.007, 0.0075, 0.007773]
    sites = {f"nd{k}": ([0.00012], [True]) for k in range(24)}
    sites |= {f"d{k}": ([value], [False]) for k, value in enumerate(detects)}
    result = exceedance(mec(sites, unit="µg/L"), 0.0004, pnec_unit="µg/L")
    assert result.n_sites == 76 and result.n_sites_exceeding == 52
    assert result.mec95 == pytest.approx(0.006674) and result.mec_site_max == 0.007773
    assert round(result.eoe, 1) == 16.7
    assert round(result.foe, 4) == 0.6842
    assert round(result.max_exceedance, 1) == 19.4
    assert round(result.loq_exceedance, 4) == 0.3
    # The same in mg/L: the PNEC's unit decides the result's unit, the ratios do not change.
    in_mg = exceedance(mec(sites, unit="µg/L"), 4e-7)
    assert in_mg.unit == "mg/L" and in_mg.eoe == pytest.approx(result.eoe)


def test_exceedance_without_detects_follows_norman():
    # Not detected anywhere: MEC95 = 0 and EoE = 0 (NORMAN's tables), FoE 0; LOQ_min 5 ng/L
    # against PNEC 2 ng/L → LOQ exceedance 2.5.
    result = exceedance(mec({"A": ([5], [True]), "B": ([8], [True])}), 2, pnec_unit="ng/L")
    assert result.mec95 == 0.0 and result.mec95_available is False and result.eoe == 0.0
    assert result.foe == 0.0 and result.mec_site_max is None and result.max_exceedance is None
    assert result.loq_exceedance == pytest.approx(2.5)
    assert result.n_sites_limit_above_pnec == 2
    assert any("taken as 0" in n for n in result.notes)


def test_exceedance_without_pnec_or_sites():
    result = exceedance(mec(THREE), None)
    assert result.foe is None and result.eoe is None and result.loq_exceedance is None
    assert result.reason == "No exceedance indicators: no PNEC was given."
    assert all(s.state == "inconclusive" and s.ratio is None for s in result.sites)
    assert result.unit == "ng/L" and result.mec_site_max == 40
    empty = exceedance(mec({}), 1e-4)
    assert empty.n_sites == 0 and empty.foe is None and "no sites analysed" in empty.reason
    with pytest.raises(ValueError, match="mec: expected a MecResult"):
        exceedance({"A": ([1], [False])}, 1e-4)


# --------------------------------------------------------------------------------------------
# Bad input
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "kwargs", "match"),
    [
        ((0.5, 0.1), dict(kind="RCR"), "unknown kind 'RCR'"),
        ((0.5, 0.1), dict(statistic="mean"), "unknown statistic 'mean'"),
        ((-0.5, 0.1), {}, "exposure = -0.5: must be finite and not negative"),
        ((math.nan, 0.1), {}, "exposure = nan"),
        ((math.inf, 0.1), {}, "exposure = inf"),
        (("0.5", 0.1), {}, "exposure '0.5': give a number"),
        ((True, 0.1), {}, "exposure True: give a number"),
        (([0.5], 0.1), {}, "exposure \\[0.5\\]: give a number"),
        ((0.5, 0), {}, "pnec = 0: must be positive"),
        ((0.5, -1), {}, "pnec = -1: must be positive"),
        ((0.5, math.nan), {}, "pnec = nan"),
        ((0.5, [0.1]), {}, "pnec \\[0.1\\]: give a number"),
        ((0.5, 0.1), dict(pnec_unit="parsec"), "pnec_unit = 'parsec'"),
        ((0.5, 0.1), dict(unit="ng/g"), "cannot be compared with a PNEC in 'mg/L'"),
        ((0.5, 0.1), dict(unit="bogus"), "unit = 'bogus'"),
        ((0.5, 0.1), dict(detected="no"), "detected must be True or False"),
        ((0.5, 0.1), dict(kind="PEC", detected=False), "a PEC is a prediction"),
        ((0.5, 0.1), dict(solid_basis="moist"), "unknown solid_basis 'moist'"),
    ],
)
def test_risk_quotient_bad_input(args, kwargs, match):
    with pytest.raises(ValueError, match=match):
        risk_quotient(*args, **kwargs)


def test_kind_must_match_the_exposure(pnec_result):
    with pytest.raises(ValueError, match="kind 'PEC' contradicts a MecResult"):
        risk_quotient(mec(THREE), pnec_result, kind="PEC")
    pec = pec_local_water(1, release_factor=0.01)
    with pytest.raises(ValueError, match="kind 'MEC' contradicts a PecResult"):
        risk_quotient(pec, pnec_result, kind="MEC")
    with pytest.raises(ValueError, match="pnec_unit applies to a PNEC given as a number only"):
        risk_quotient(pec, pnec_result, pnec_unit="mg/L")


# --------------------------------------------------------------------------------------------
# Properties
# --------------------------------------------------------------------------------------------

SEVERITY = {"no risk": 0, "inconclusive": 1, "risk": 2}
rows = st.lists(
    st.tuples(st.floats(0.01, 1000, allow_nan=False), st.booleans()), min_size=1, max_size=6
)
site_data = st.lists(rows, min_size=1, max_size=12)


def as_sites(data):
    return {f"s{i}": ([v for v, _ in r], [c for _, c in r]) for i, r in enumerate(data)}


@settings(deadline=None)
@given(site_data, st.data(), st.floats(0.01, 1000), st.floats(1, 100))
def test_raising_any_exposure_value_never_lowers_the_rq(data, pick, pnec, factor):
    before = risk_quotient(mec(as_sites(data)), pnec, pnec_unit="ng/L")
    i = pick.draw(st.integers(0, len(data) - 1))
    j = pick.draw(st.integers(0, len(data[i]) - 1))
    raised = [list(r) for r in data]
    value, censored = raised[i][j]
    raised[i][j] = (value * factor, censored)
    after = risk_quotient(mec(as_sites(raised)), pnec, pnec_unit="ng/L")
    assert before.state in STATES and after.state in STATES
    assert after.rq >= before.rq * (1 - 1e-12)
    assert SEVERITY[after.state] >= SEVERITY[before.state]


@settings(deadline=None)
@given(st.floats(0, 1e6, allow_nan=False), st.floats(1e-6, 1e6), st.floats(1.0, 1e3))
def test_rq_of_a_number_is_linear_and_monotone(value, pnec, factor):
    one = risk_quotient(value, pnec)
    assert one.rq == pytest.approx(value / pnec, rel=1e-12, abs=0)
    assert one.state == ("risk" if value / pnec >= 1 else "no risk")
    assert risk_quotient(value * factor, pnec).rq >= one.rq


@settings(deadline=None)
@given(site_data, st.floats(0.01, 1000))
def test_exceedance_indicators_are_consistent(data, pnec):
    sites = mec(as_sites(data))
    result = exceedance(sites, pnec, pnec_unit="ng/L")
    assert 0 <= result.foe <= 1
    assert result.n_sites_exceeding + result.n_sites_limit_above_pnec <= result.n_sites
    if result.max_exceedance is not None:
        assert result.eoe <= result.max_exceedance * (1 + 1e-12)
        # Some site exceeds exactly when the MEC site max does.
        assert (result.n_sites_exceeding > 0) == (result.max_exceedance > 1)
    else:
        assert result.eoe == 0 and result.n_sites_exceeding == 0
    # risk_quotient's "risk" (site max ≥ PNEC) agrees with FoE > 0 except exactly at the PNEC.
    rq = risk_quotient(sites, pnec, pnec_unit="ng/L")
    if result.n_sites_exceeding:
        assert rq.state == "risk"
