"""Amounts as typed, annual tonnes, and the survey's mass balance: property-based checks."""

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from npgov.science.massbalance import FlowLine, balance, release_excess, yoy_change
from npgov.science.units import AmountError, UnitError, parse_amount, tonnes_per_year

FULL_WIDTH = str.maketrans("0123456789.,-", "０１２３４５６７８９．，－")

amounts = st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False)


@given(amounts)
def test_grouped_and_full_width_amounts_read_as_the_number(value):
    grouped = f"{value:,.2f}"
    assert parse_amount(grouped) == pytest.approx(float(value))
    assert parse_amount(grouped.translate(FULL_WIDTH)) == pytest.approx(float(value))
    assert parse_amount(f" {value} ") == pytest.approx(float(value))


@given(st.text(alphabet="abcxyz吨约 ", min_size=1))
def test_text_is_never_a_number(text):
    with pytest.raises(AmountError):
        parse_amount(text)


@pytest.mark.parametrize("text", ["12,5", "1,23", "1,2345", "12.5.1", "inf", "nan", "1e999"])
def test_ambiguous_or_impossible_amounts_are_refused(text):
    with pytest.raises(AmountError):
        parse_amount(text)


@pytest.mark.parametrize(
    "value, unit, tonnes",
    [(1, "t", 1), (1, "吨", 1), (2500, "kg", 2.5), (2500, "千克", 2.5), (3, "t/a", 3),
     (500, "kg/a", 0.5), (1000, "公斤", 1), (2, "吨/年", 2)],
)  # fmt: skip
def test_annual_units(value, unit, tonnes):
    assert tonnes_per_year(value, unit) == pytest.approx(tonnes)


@pytest.mark.parametrize("unit", ["桶", "L", "m3", "mg/L", ""])
def test_units_that_are_not_annual_masses_are_refused(unit):
    with pytest.raises(UnitError):
        tonnes_per_year(1, unit)


flows = st.lists(
    st.builds(
        FlowLine,
        substance=st.sampled_from(["a", "b", "c"]),
        activity=st.sampled_from(["production", "processing_use", "import", "export"]),
        quantity_t=st.floats(min_value=0, max_value=1e6, allow_nan=False),
    ),
    max_size=20,
)


@given(flows, st.floats(min_value=0, max_value=0.5))
def test_balance_is_computed_for_producers_and_importers_only(lines, tolerance):
    results = balance(lines, tolerance)
    keys = {r.substance for r in results}
    assert keys == {x.substance for x in lines if x.activity in ("production", "import")}
    for result in results:
        inflow = sum(
            x.quantity_t for x in lines
            if x.substance == result.substance and x.activity in ("production", "import")
        )  # fmt: skip
        assert math.isclose(result.inflow_t, inflow, rel_tol=1e-9, abs_tol=1e-9)
        assert result.excess_t >= 0
        bound = result.inflow_t * (1 + tolerance)
        if result.outflow_t <= bound:
            assert result.balanced
        elif result.outflow_t - bound > 1e-9 * result.outflow_t + 1e-12:
            assert not result.balanced
            assert math.isclose(result.excess_t, result.outflow_t - bound)


def test_an_outflow_below_rounding_is_balanced():
    # Found by hypothesis in CI: 1e-38 t used against nothing produced is rounding, not excess.
    lines = [FlowLine("a", "production", 0.0), FlowLine("a", "processing_use", 1.175494351e-38)]
    (result,) = balance(lines, 0.0)
    assert result.balanced and result.excess_t == 0.0


def test_a_published_style_case():
    lines = [
        FlowLine("dcm", "import", 10),
        FlowLine("dcm", "processing_use", 12),
        FlowLine("dcm", "export", 3),
    ]
    (result,) = balance(lines, 0.05)
    assert result.excess_t == pytest.approx(15 - 10.5)
    assert release_excess(1.0, 1.3) == pytest.approx(0.3)
    assert yoy_change(10, 25) == pytest.approx(1.5)
    assert yoy_change(0, 5) is None and yoy_change(4, 0) == -1.0
