"""Browser test: a substance page draws its structure (SVG from RDKit) in chromium."""

import pytest

from tests.browser.test_dashboard import CHROMIUM, page  # noqa: F401  (fixture)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not __import__("pathlib").Path(CHROMIUM).exists(),
        reason="Debian's chromium is not installed",
    ),
]


def test_substance_page_renders_the_structure(live_server, page, reference):  # noqa: F811
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
