"""Browser test: a substance's risk page draws its SSD and the risk-quotient map, and a
screening run's category chart renders (ECharts in Chromium)."""

from tests.browser.conftest import browser_marks
from tests.conftest import PASSWORD

pytestmark = browser_marks("echarts/echarts.min.js")


def test_risk_page_ssd_and_map_and_run_chart(live_server, page, users, tmp_path):
    from npgov.chemicals.models import PropertyRecord, Substance
    from npgov.chemicals.services import chemicals_load_reference
    from npgov.core.models import Organisation
    from npgov.monitoring.importers import import_results
    from npgov.monitoring.models import Site
    from npgov.risk import services
    from npgov.risk.models import ScreeningRun

    chemicals_load_reference()
    Site.objects.create(
        code="SW-1", name_zh="测试河段", medium="surface_water", site_type="urban",
        district=Organisation.objects.get(code="110105"), longitude=116.48, latitude=39.95,
    )  # fmt: skip
    rows = "".join(f"S{i},SW-1,2024-{1 + i % 12:02d}-15,HJ 1333-2023,全氟辛酸,{5 + i},ng/L,0.5\n"
                   for i in range(8))  # fmt: skip
    path = tmp_path / "r.csv"
    path.write_text("样品编号,点位编号,采样时间,分析方法,物质名称,测定值,单位,检出限\n" + rows)
    import_results(actor=users["lab"], path=path)
    pfoa = Substance.objects.get(name_zh="全氟辛酸")
    for i, (group, value) in enumerate([("algae", 3e-4), ("invertebrates", 1e-4), ("fish", 2e-4),
                                        ("fish", 5e-4), ("invertebrates", 8e-4),
                                        ("plants", 2e-3)]):  # fmt: skip
        PropertyRecord.objects.create(
            substance=pfoa, kind="chronic_toxicity", value=value, unit="mg/L",
            value_canonical=value, unit_canonical="mg/L", endpoint="NOEC", species=f"sp{i}",
            taxonomic_group=group, medium="freshwater", origin="experimental",
            reliability="K2", source="synthetic test record",
        )  # fmt: skip
    run = ScreeningRun.objects.create(title="PFOA", media=["surface_water"])
    run.substances.set([pfoa])
    services.run_execute(run)

    page.goto(f"{live_server.url}/login/")
    page.fill("input[name=username]", "analyst")
    page.fill("input[name=password]", PASSWORD)
    page.click("main form button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")
    page.goto(f"{live_server.url}/risk/substances/{pfoa.platform_id}/")
    page.wait_for_selector("#ssd-chart[data-rendered=true]", timeout=15000)
    water_map = ".rq-map[data-compartment=water]"
    page.wait_for_selector(f"{water_map}[data-rendered=true]", timeout=15000)
    assert page.locator("#ssd-chart svg path").count() >= 2
    assert page.locator(f"{water_map} svg path").count() >= 16  # the district boundaries
    page.goto(f"{live_server.url}/risk/runs/{run.pk}/")
    page.wait_for_selector("#categories-chart[data-rendered=true]", timeout=15000)
    assert page.locator("#categories-chart svg path").count() >= 1  # the bars
    assert page.js_errors == []
