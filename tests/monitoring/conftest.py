"""Fixtures of the monitoring tests: three sites and a file writer."""

import pytest

from npgov.core.models import Organisation
from npgov.monitoring.models import Programme, Site


@pytest.fixture
def sites(chem, users):
    make = lambda code, medium, district, kind: Site.objects.create(  # noqa: E731
        code=code, name_zh=f"测试点位{code}", medium=medium, site_type=kind,
        district=Organisation.objects.get(code=district), longitude=116.4, latitude=39.9,
    )  # fmt: skip
    made = {
        "river": make("SW-CY-01", "surface_water", "110105", "urban"),
        "soil": make("SO-MY-01", "farmland_soil", "110118", "farmland"),
        "wwtp": make("WE-CY-02", "wwtp_effluent", "110105", "wwtp"),
    }
    Programme.objects.create(code="pilot-key-area", name_zh="重点区域试点", kind="key_area")
    return made


@pytest.fixture
def write(tmp_path):
    def make(name: str, text: str, encoding: str = "utf-8-sig"):
        path = tmp_path / name
        path.write_bytes(text.encode(encoding))
        return path

    return make


HEADER = (
    "样品编号,点位编号,采样时间,质控类型,分析批次,分析方法,"
    "物质名称,CAS号,测定值,单位,检出限,定量限,回收率(%)\n"
)
