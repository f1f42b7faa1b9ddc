"""Statistics with non-detects, checked against the peer results of NADA and wqio on the
published literature cases (read from ../shared; skipped with a reason when absent), and
properties that hold for any data."""

import csv
from pathlib import Path

import numpy as np
import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from npgov.science.censored import cohn_numbers, kaplan_meier, ros, summarise

SHARED = Path(__file__).resolve().parents[3] / "shared" / "reference" / "acceptance" / "censored"
needs_shared = pytest.mark.skipif(
    not SHARED.exists(), reason=f"{SHARED} is absent: the peer reference data is not available"
)


def _read(name: str):
    return list(csv.DictReader((SHARED / name).open(encoding="utf-8")))


@needs_shared
@pytest.mark.parametrize("group", ["all", "June", "Sept"])
def test_kaplan_meier_matches_nada_cenfit(group):
    expected = yaml.safe_load((SHARED / "reference_results.yaml").read_text())["kaplan_meier"][
        "nada_Atrazine.csv"
    ][group]
    rows = [r for r in _read("nada_Atrazine.csv") if group == "all" or r["Month"] == group]
    values = [float(r["Atra"]) for r in rows]
    censored = [r["AtraCen"] == "True" for r in rows]
    km = kaplan_meier(values, censored)
    assert len(rows) == expected["n"] and sum(censored) == expected["n_cen"]
    assert km.mean == pytest.approx(expected["mean"], rel=1e-6)
    assert km.sd == pytest.approx(expected["sd"], rel=1e-6)
    assert km.quantile(0.5) == pytest.approx(expected["median"], rel=1e-6)


@needs_shared
@pytest.mark.parametrize(
    "case, tolerance",
    [("nada_ros_example", 1e-3), ("helsel_2005_oahu_arsenic", 1e-2),
     ("helsel_cohn_1988_appendixB", 1e-2)],
)  # fmt: skip
def test_robust_ros_matches_the_literature_cases(case, tolerance):
    rows = _read(f"{case}.csv")
    values = [float(r["value"]) for r in rows]
    censored = [r["censored"] == "True" for r in rows]
    expected = np.array(
        [float(r["expected_ros_value_sorted"]) for r in _read(f"{case}_expected_ros_sorted.csv")]
    )
    modelled = ros(values, censored)
    assert np.max(np.abs(np.sort(modelled) - expected)) <= tolerance
    # wqio lists detects below the lowest limit as a first row of its own; compare the rows
    # of the detection limits themselves (and the final ∞ row).
    numbers = _read(f"{case}_cohn_numbers.csv")
    cohn = cohn_numbers(values, censored)
    rows = numbers[-(len(cohn.above) + 1) :]
    assert list(cohn.above) == [int(float(r["nuncen_above"])) for r in rows[:-1]]
    assert list(cohn.below) == [int(float(r["nobs_below"])) for r in rows[:-1]]
    assert list(cohn.at) == [int(float(r["ncen_equal"])) for r in rows[:-1]]
    expected_pe = [float(r["prob_exceedance"]) for r in rows]
    assert cohn.exceedance == pytest.approx(expected_pe, abs=1e-4)


def test_without_non_detects_the_estimates_are_the_ordinary_ones():
    values = [0.12, 0.5, 0.33, 2.1, 0.7, 0.05, 1.4]
    km = kaplan_meier(values, [False] * len(values))
    assert km.mean == pytest.approx(np.mean(values))
    assert km.sd == pytest.approx(np.std(values, ddof=1))
    assert km.quantile(0.5) == 0.5
    assert list(ros(values, [False] * len(values))) == values


def test_substitution_and_reliability_notes():
    values, censored = [1.0, 1.0, 1.0, 1.0, 2.0, 4.0], [True, True, True, True, False, False]
    half = summarise(values, censored, "substitution_half")
    assert half.mean == pytest.approx((4 * 0.5 + 2 + 4) / 6)
    assert not half.reliable and any("fewer than 3" in note for note in half.notes)
    assert summarise(values, censored, "ros").mean is None  # too few detects for a line
    none = summarise([0.1, 0.1], [True, True])
    assert none.n_detected == 0 and none.mean is None and none.max is None
    with pytest.raises(ValueError):
        summarise(values, censored, "average")


samples = st.lists(
    st.tuples(st.floats(min_value=0.001, max_value=1000), st.booleans()), min_size=1, max_size=40
).filter(lambda rows: any(not c for _v, c in rows))


@given(samples)
def test_kaplan_meier_is_a_distribution_over_the_detects(rows):
    values, censored = [v for v, _c in rows], [c for _v, c in rows]
    km = kaplan_meier(values, censored)
    detects = [v for v, c in rows if not c]
    assert km.mass.sum() == pytest.approx(1.0)
    assert np.all(km.mass >= -1e-12)
    assert min(detects) - 1e-9 <= km.mean <= max(detects) + 1e-9


@given(samples.filter(lambda rows: sum(1 for _v, c in rows if not c) >= 3))
def test_ros_keeps_detects_and_imputes_positive_values(rows):
    values, censored = [v for v, _c in rows], [c for _v, c in rows]
    modelled = ros(values, censored)
    for value, flag, out in zip(values, censored, modelled, strict=True):
        assert out > 0
        if not flag:
            assert out == value


@given(
    st.lists(
        st.tuples(st.sampled_from([0.5, 1.0, 1.5, 2.0, 3.7, 10.0]), st.booleans(),
                  st.integers(min_value=1, max_value=5)),
        min_size=1, max_size=15,
    ).filter(lambda rows: any(not c for _v, c, _k in rows)),
    st.sampled_from(["km", "ros", "substitution_half"]),
)  # fmt: skip
def test_grouped_counts_summarise_as_the_rows_they_stand_for(rows, method):
    values, censored, counts = zip(*rows, strict=True)
    grouped = summarise(values, censored, method, counts=counts)
    expanded = summarise(np.repeat(values, counts), np.repeat(censored, counts), method)
    assert grouped.n == expanded.n and grouped.n_detected == expanded.n_detected
    for name in ("median", "mean", "sd", "p90", "p95", "min", "max"):
        a, b = getattr(grouped, name), getattr(expanded, name)
        assert (a is None and b is None) or a == pytest.approx(b, nan_ok=True), name


def test_counts_must_be_positive_and_one_per_value():
    with pytest.raises(ValueError, match="counts"):
        kaplan_meier([1.0, 2.0], [False, False], counts=[1, 0])
    with pytest.raises(ValueError, match="counts"):
        kaplan_meier([1.0, 2.0], [False, False], counts=[1])
