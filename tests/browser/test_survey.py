"""Browser test: the survey campaign dashboard draws its charts and district map, and the
enterprise's web form saves in a real browser."""

import datetime as dt

from tests.browser.conftest import browser_marks
from tests.conftest import PASSWORD

pytestmark = browser_marks("echarts/echarts.min.js")


def test_campaign_dashboard_and_web_form(live_server, page, users, enterprises):
    from npgov.chemicals.services import chemicals_load_reference
    from npgov.enterprises.models import EnterpriseProfile, IndustryClass
    from npgov.enterprises.services import industry_classes_load_reference
    from npgov.survey import services

    chemicals_load_reference()
    industry_classes_load_reference()
    for key, code in (("chaoyang", "2614"), ("miyun", "2710")):
        EnterpriseProfile.objects.create(
            organisation=enterprises[key], industry=IndustryClass.objects.get(code=code)
        )
    today = dt.date.today()
    campaign = services.campaign_save(
        actor=users["analyst"],
        data=services.CampaignInput(
            code="browser-2025", year=today.year - 1, kind="key_controlled", title_zh="浏览器",
            opens=today, deadline=today + dt.timedelta(days=30), list_codes=["KCNP-2023"],
            industry_codes=["2614", "2710"],
        ),
    )  # fmt: skip
    services.campaign_set_status(actor=users["analyst"], campaign=campaign, status="open")
    services.campaign_assign(actor=users["analyst"], campaign=campaign)
    report = campaign.reports.get(enterprise=enterprises["chaoyang"])

    page.goto(f"{live_server.url}/login/")
    page.fill("input[name=username]", "enterprise")
    page.fill("input[name=password]", PASSWORD)
    page.click("main form button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")
    page.goto(f"{live_server.url}/survey/reports/{report.pk}/edit/")
    page.fill("input[name=lines-0-name]", "二氯甲烷")
    page.select_option("select[name=lines-0-activity]", "processing_use")
    page.fill("input[name=lines-0-quantity]", "１２，５００")
    page.fill("input[name=lines-0-unit]", "千克")
    page.fill("input[name=lines-0-release_air]", "300")
    page.click("button.primary")
    page.wait_for_url(f"{live_server.url}/survey/reports/{report.pk}/")
    assert "12.5" in page.locator("#line-1").inner_text()

    page.context.clear_cookies()
    page.goto(f"{live_server.url}/login/")
    page.fill("input[name=username]", "analyst")
    page.fill("input[name=password]", PASSWORD)
    page.click("main form button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")
    page.goto(f"{live_server.url}/survey/{campaign.code}/")
    for chart in ("#state-chart", "#district-chart", "#industry-chart", "#district-map"):
        page.wait_for_selector(f"{chart}[data-rendered=true]", timeout=15000)
    assert page.locator("#district-map svg path").count() >= 16
    assert page.locator("#district-chart svg path").count() >= 1
    assert page.js_errors == []
