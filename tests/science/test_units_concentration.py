"""``units.concentration_unit``: the one check that a unit is a concentration, shared by the
exposure and risk modules."""

import pytest

from npgov.science.exposure import mec
from npgov.science.risk import risk_quotient
from npgov.science.units import concentration_unit


@pytest.mark.parametrize("unit", ["ng/L", " μg/L ", "mg/kg", "ng/g", "μg/kg"])
def test_mass_per_volume_and_mass_fractions_are_concentrations(unit):
    assert concentration_unit(unit) == unit.strip()


@pytest.mark.parametrize("unit", ["", "   ", None, "kg", "mg/L/d", "%", 5])
def test_anything_else_is_refused_naming_the_parameter(unit):
    with pytest.raises(ValueError, match=r"^pnec_unit = "):
        concentration_unit(unit, "pnec_unit")


def test_exposure_and_risk_refuse_the_same_way():
    with pytest.raises(ValueError, match="not a concentration unit"):
        mec({"S1": ([1.0], [False])}, unit="kg")
    with pytest.raises(ValueError, match=r"^pnec_unit = 'kg': not a concentration unit"):
        risk_quotient(1.0, 2.0, pnec_unit="kg")
