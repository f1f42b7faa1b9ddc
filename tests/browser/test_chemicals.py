"""Browser test: a substance page draws its structure (SVG from RDKit) in chromium."""

from tests.browser.conftest import browser_marks

pytestmark = browser_marks()


def test_substance_page_renders_the_structure(live_server, page, reference):
    from npgov.chemicals.services import chemicals_load_reference

    chemicals_load_reference()
    page.goto(f"{live_server.url}/chemicals/?q=335-67-1")
    page.click("table a")
    image = page.locator("section.structure img")
    image.wait_for()
    width = page.evaluate("img => img.naturalWidth", image.element_handle())
    assert width > 0  # the SVG loaded and was drawn
    assert "SNGREZUHAYWORS-UHFFFAOYSA-N" in page.content()
    assert page.js_errors == []
