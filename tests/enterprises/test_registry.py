"""The enterprise registry: validated bulk creation, scoping, the enterprise's own edits."""

import pytest
from django.urls import reverse

from npgov.core.imports import ImportRejected
from npgov.core.models import Organisation
from npgov.enterprises.importers import import_enterprises
from npgov.enterprises.models import EnterpriseProfile
from npgov.enterprises.services import industry_classes_load_reference
from npgov.science.geo import wgs84_to_gcj02
from npgov.science.identifiers import uscc_check_character
from tests.api.test_api import bearer
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db
HEADER = "统一社会信用代码,企业名称,行政区划代码,经度,纬度,坐标系,行业代码,企业规模\n"


def uscc(division: str, body: str) -> str:
    first = "91" + division + body
    return first + uscc_check_character(first)


@pytest.fixture
def industries(reference):
    return industry_classes_load_reference()


def test_bulk_creation_converts_gcj02_and_links_industry(users, industries):
    lon, lat = wgs84_to_gcj02(116.5, 39.9)
    content = (
        HEADER
        + f"{uscc('110105', 'MA0AAAAA1')},北京甲化工有限公司（示例）,,"
        + f"{lon},{lat},gcj02,2614,small\n"
        + f"{uscc('110115', 'MA0AAAAA2')},北京乙制药有限公司（示例）,BJETDZ,,,,2710,medium\n"
    ).encode("gb18030")
    result = import_enterprises(actor=users["analyst"], file_name="企业.csv", content=content)
    assert result.created == 2
    chaoyang = Organisation.objects.get(code=uscc("110105", "MA0AAAAA1"))
    assert chaoyang.district.code == "110105"
    assert abs(chaoyang.longitude - 116.5) < 1e-6 and abs(chaoyang.latitude - 39.9) < 1e-6
    profile = EnterpriseProfile.objects.get(organisation=chaoyang)
    assert profile.industry.key_sector == "chemical" and profile.coordinates_datum == "gcj02"


def test_bad_rows_refuse_the_file(users, industries):
    good = uscc("110105", "MA0BBBBB1")
    bad_check = good[:-1] + ("0" if good[-1] != "0" else "1")
    content = (
        HEADER
        + f"{bad_check},坏校验位,,,,,2614,\n"
        + f"{uscc('110105', 'MA0BBBBB2')},区不符,110118,,,,2614,\n"
        + f"{uscc('110105', 'MA0BBBBB3')},未知行业,,,,,9999,\n"
        + f"{uscc('110105', 'MA0BBBBB4')},坐标越界,,121.47,31.23,wgs84,2614,\n"
        + f"{uscc('110105', 'MA0BBBBB5')},规模错误,,,,,2614,huge\n"
    ).encode()
    with pytest.raises(ImportRejected) as refused:
        import_enterprises(actor=users["analyst"], file_name="bad.csv", content=content)
    assert sorted({e.row for e in refused.value.errors}) == [2, 3, 4, 5, 6]
    district_error = next(e for e in refused.value.errors if e.row == 3)
    assert "110118" in district_error.reason_en or "密云" in district_error.reason_zh
    assert not EnterpriseProfile.objects.exists()


def test_registry_scope_and_own_edits(client, users, enterprises, industries):
    miyun = enterprises["miyun"]
    assert client.login(username="enterprise", password=PASSWORD)
    own = users["enterprise"].organisation
    assert client.get(reverse("enterprises:enterprise_detail", args=[own.pk])).status_code == 200
    assert client.get(reverse("enterprises:enterprise_detail", args=[miyun.pk])).status_code == 404
    response = client.post(
        reverse("enterprises:enterprise_edit", args=[own.pk]),
        {
            "name_zh": own.name_zh,
            "datum": "wgs84",
            "operating_status": "operating",
            "industry_code": "2614",
            "legal_representative": "王伟",
            "size": "small",
        },
    )
    assert response.status_code == 302, response.content.decode()[:1500]
    assert EnterpriseProfile.objects.get(organisation=own).legal_representative == "王伟"
    assert (
        client.post(
            reverse("enterprises:enterprise_edit", args=[miyun.pk]), {"name_zh": "x"}
        ).status_code
        == 404
    )
    client.logout()
    assert client.login(username="district_miyun", password=PASSWORD)
    listed = client.get("/api/enterprises/", **bearer(users["district_miyun"])).json()
    assert [e["uscc"] for e in listed["items"]] == [miyun.code]


def test_public_and_labs_see_no_enterprise(client, users, enterprises):
    assert client.get(reverse("enterprises:enterprise_list")).status_code == 302
    assert (
        client.get("/api/enterprises/").status_code == 403
        or client.get("/api/enterprises/").status_code == 401
    )
    assert client.login(username="lab", password=PASSWORD)
    assert client.get(reverse("enterprises:enterprise_list")).status_code == 403
