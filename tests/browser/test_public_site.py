"""The public site in a real browser: accessibility (axe-core), text size, Arabic, keyboard."""

from __future__ import annotations

import pytest
from browsertools import axe_violations, screenshot
from playwright.sync_api import Page, expect

PUBLIC_PAGES = {
    "dashboard": "/",
    "register": "/register",
    "report": "/reports/1",
    "report-without-candidates": "/reports/3",
    "map": "/map",
    "methodology": "/methodology",
    "dismissals": "/dismissals",
    "login": "/login",
}


@pytest.mark.parametrize("name", PUBLIC_PAGES)
def test_page_has_no_accessibility_violations(server: str, page: Page, name: str) -> None:
    page.goto(server + PUBLIC_PAGES[name])
    page.wait_for_load_state("networkidle")
    screenshot(page, f"public-{name}")
    assert axe_violations(page) == []


@pytest.mark.parametrize("name", PUBLIC_PAGES)
def test_arabic_page_is_right_to_left_and_accessible(server: str, page: Page, name: str) -> None:
    page.goto(server + PUBLIC_PAGES[name] + "?lang=ar")
    page.wait_for_load_state("networkidle")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    screenshot(page, f"public-{name}-ar")
    assert axe_violations(page) == []


def test_text_size_control_scales_the_text_and_is_remembered(server: str, page: Page) -> None:
    page.goto(server + "/")
    size = "() => parseFloat(getComputedStyle(document.documentElement).fontSize)"
    medium = page.evaluate(size)
    page.get_by_role("button", name="Text size LG").click()
    assert page.evaluate(size) == pytest.approx(medium * 1.25)
    expect(page.get_by_role("button", name="Text size LG")).to_have_attribute(
        "aria-pressed", "true"
    )
    page.goto(server + "/methodology")
    assert page.evaluate(size) == pytest.approx(medium * 1.25)
    page.get_by_role("button", name="Text size XS").click()
    assert page.evaluate(size) == pytest.approx(medium * 0.8125)
    screenshot(page, "text-size-xs")


def test_skip_link_is_the_first_stop_and_moves_focus_to_main(server: str, page: Page) -> None:
    page.goto(server + "/")
    page.keyboard.press("Tab")
    focused = page.evaluate("() => document.activeElement.className")
    assert focused == "skip-link"
    expect(page.locator(".skip-link")).to_be_visible()
    page.keyboard.press("Enter")
    assert page.evaluate("() => location.hash") == "#main"
    assert page.evaluate("() => document.activeElement.id") == "main"


def test_switching_to_arabic_by_the_language_link(server: str, page: Page) -> None:
    page.goto(server + "/register?country=SY")
    page.get_by_role("link", name="العربية").click()
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    assert "country=SY" in page.url
    # The choice is remembered by the next page, and the Raqqa report's place is in Arabic.
    page.goto(server + "/register")
    expect(page.locator("html")).to_have_attribute("lang", "ar")
    expect(page.locator("main")).to_contain_text("الرقة")
    screenshot(page, "register-arabic")
    page.get_by_role("link", name="English").click()
    expect(page.locator("html")).to_have_attribute("dir", "ltr")
