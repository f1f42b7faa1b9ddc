"""Browser tests: Debian's chromium, driven by Playwright, signs in and renders the dashboard,
the district map and a chart."""

import os
import shutil

from npgov.plan.choices import ReviewState
from tests.browser.conftest import browser_marks
from tests.conftest import PASSWORD
from tests.plan.factories import report

pytestmark = browser_marks("echarts/echarts.min.js")


def test_sign_in_and_see_dashboard_map_and_chart(live_server, page, users, org, tmp_path):
    from npgov.plan.services import period_ensure

    period_ensure(year=2026, quarter=3)
    for code in ["110105", "110118", "110108"]:
        report(org(code), state=ReviewState.ACCEPTED, published=True, year=2026, quarter=4)
    page.goto(f"{live_server.url}/login/")
    page.fill("input[name=username]", "analyst")
    page.fill("input[name=password]", PASSWORD)
    page.click("main form button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")
    assert "工作台" in page.title() or "Dashboard" in page.title()

    page.wait_for_selector("#status-chart[data-rendered=true]", timeout=15000)
    page.wait_for_selector("#district-map[data-rendered=true]", timeout=15000)
    chart_paths = page.locator("#status-chart svg path").count()
    map_paths = page.locator("#district-map svg path").count()
    assert chart_paths >= 1
    assert map_paths >= 16  # one shape per district at least
    # The enterprises the analyst may see are drawn as points on the map.
    assert page.locator("#district-map svg path, #district-map svg circle").count() > map_paths - 1
    page.screenshot(path=str(tmp_path / "dashboard.png"), full_page=True)
    if os.environ.get("NPGOV_SCREENSHOT_DIR"):
        shutil.copy(tmp_path / "dashboard.png", os.environ["NPGOV_SCREENSHOT_DIR"])
    assert page.js_errors == []


def test_language_switch_to_english(live_server, page, users):
    page.goto(f"{live_server.url}/")
    page.click("button[name=language][value=en]")
    page.wait_for_selector("text=Dashboard")
    assert page.locator("html").get_attribute("lang") == "en"
