"""Shared setup of the browser tests: Debian's chromium driven by Playwright, the marks every
browser test carries, and a page that records script errors."""

import os
import shutil
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
VENDOR = Path(__file__).resolve().parents[2] / "src" / "npgov" / "static" / "vendor"
# Playwright's sync API runs an event loop in this thread; the ORM calls here are test setup.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def browser_marks(*vendor_files: str) -> list:
    """The marks of a browser test: the browser group, a database that the live server
    shares, and skips naming what is missing (chromium, or front-end files)."""
    return [
        pytest.mark.browser,
        pytest.mark.django_db(transaction=True),
        pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is absent"),
        *(
            pytest.mark.skipif(
                not (VENDOR / name).exists(), reason="front-end files missing: run `make assets`"
            )
            for name in vendor_files
        ),
    ]


@pytest.fixture
def page():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        page = browser.new_page(viewport={"width": 1400, "height": 1000}, locale="zh-CN")
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.js_errors = errors
        yield page
        browser.close()
