"""Property and ecotoxicity records: units converted with pint, bad values refused."""

import pytest

from npgov.chemicals.models import PropertyRecord, Substance
from npgov.chemicals.properties import check_value, import_properties
from npgov.core.imports import ImportRejected
from npgov.science.units import UnitError, convert

pytestmark = pytest.mark.django_db

HEADER = "物质,性质,数值,单位,终点,物种,类群,暴露时长(h),可靠性,文献来源\n"


def test_units_convert_and_refuse_wrong_dimensions():
    assert convert(250, "µg/L", "mg/L").value == pytest.approx(0.25)
    assert check_value(kind="half_life_water", value_text="36", unit="h")[2] == pytest.approx(1.5)
    assert check_value(kind="log_kow", value_text="4.81", unit="")[1:] == (4.81, 4.81, "")
    assert check_value(kind="acute_toxicity", value_text="<0.5", unit="mg/L")[0] == "<"
    with pytest.raises(UnitError) as no_unit:
        check_value(kind="water_solubility", value_text="680", unit="")
    assert no_unit.value.code == "missing"
    with pytest.raises(UnitError) as wrong:
        check_value(kind="acute_toxicity", value_text="5", unit="mg/kg")
    assert wrong.value.code == "dimension"
    with pytest.raises(UnitError):
        check_value(kind="log_kow", value_text="4.8", unit="mg/L")


def test_import_of_ecotoxicity_records(chem, steward):
    # Values are realistic test inputs, not curated data (the file is a test fixture).
    content = (
        HEADER
        + "335-67-1,acute_toxicity,220000,ug/L,EC50,Daphnia magna,invertebrates,48,K2,test\n"
        + "PFOS,log_kow,4.49,,,,,,,test\n"
        + "1763-23-1,half_life_water,>41,year,,,,,K2,test\n"
    ).encode()
    result = import_properties(actor=steward, file_name="tox.csv", content=content)
    assert result.created == 3
    ec50 = PropertyRecord.objects.get(kind="acute_toxicity")
    assert ec50.value_canonical == pytest.approx(220.0) and ec50.unit_canonical == "mg/L"
    half_life = PropertyRecord.objects.get(kind="half_life_water")
    assert half_life.qualifier == ">" and half_life.value_canonical > 14000


def test_bad_property_rows_refuse_the_file(chem, steward):
    content = (
        HEADER
        + "335-67-1,acute_toxicity,5,,EC50,Daphnia magna,invertebrates,48,K2,x\n"  # no unit
        + "335-67-1,acute_toxicity,5,mg/L,,,,48,K2,x\n"  # no endpoint, no species
        + "no-such-substance,log_kow,3,,,,,,,x\n"
        + "335-67-1,colour,5,,,,,,,x\n"
        + "335-67-1,log_kow,abc,,,,,,,x\n"
        + "335-67-1,log_kow,3,,,,,,K9,x\n"
    ).encode()
    with pytest.raises(ImportRejected) as refused:
        import_properties(actor=steward, file_name="bad.csv", content=content)
    rows = sorted({e.row for e in refused.value.errors})
    assert rows == [2, 3, 4, 5, 6, 7]
    assert not PropertyRecord.objects.exists()


def test_substance_page_shows_records(client, chem, steward):
    from npgov.chemicals.properties import property_record_create

    pfoa = Substance.objects.get(identifiers__normalized="335-67-1")
    property_record_create(
        actor=steward,
        substance=pfoa,
        kind="water_solubility",
        value_text="9.5",
        unit="g/L",
        source="test",
    )
    page = client.get(f"/chemicals/substances/{pfoa.platform_id}/").content.decode()
    assert "9500" in page and "mg/L" in page
    body = client.get(f"/api/chemicals/substances/{pfoa.platform_id}").json()
    assert body["properties"][0]["value_canonical"] == pytest.approx(9500)
