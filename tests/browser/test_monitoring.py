"""Browser test: the Leaflet site map draws the districts and the sites, and a site's time
series renders with ECharts."""

from tests.browser.conftest import browser_marks

pytestmark = browser_marks("leaflet/leaflet.js")


def test_site_map_and_time_series(live_server, page, users, tmp_path):
    from npgov.chemicals.services import chemicals_load_reference
    from npgov.core.models import Organisation
    from npgov.monitoring.importers import import_results
    from npgov.monitoring.models import Result, Site

    chemicals_load_reference()
    Site.objects.create(
        code="SW-1", name_zh="测试河段", medium="surface_water", site_type="urban",
        district=Organisation.objects.get(code="110105"), longitude=116.48, latitude=39.95,
    )  # fmt: skip
    Site.objects.create(
        code="SW-2", name_zh="测试水库", medium="surface_water", site_type="background",
        district=Organisation.objects.get(code="110118"), longitude=116.9, latitude=40.45,
    )  # fmt: skip
    rows = "".join(
        f"S{i},SW-{1 + i % 2},2024-{1 + i % 12:02d}-15,HJ 1333-2023,全氟辛酸,"
        f"{'ND' if i % 4 == 0 else i * 0.7},ng/L,0.5\n"
        for i in range(16)
    )
    path = tmp_path / "r.csv"
    path.write_text("样品编号,点位编号,采样时间,分析方法,物质名称,测定值,单位,检出限\n" + rows)
    import_results(actor=users["lab"], path=path)
    Result.objects.update(review="accepted")
    pfoa = Result.objects.first().substance

    page.goto(f"{live_server.url}/monitoring/?substance={pfoa.platform_id}")
    page.wait_for_selector("#site-map[data-rendered=true]", timeout=15000)
    assert page.locator("#site-map path.leaflet-interactive").count() >= 16 + 2
    page.goto(f"{live_server.url}/monitoring/sites/SW-1/")
    page.wait_for_selector("#site-chart[data-rendered=true]", timeout=15000)
    assert page.locator("#site-chart svg path").count() >= 2
    assert page.js_errors == []
