"""The Arabic site speaks Arabic, on the demo that `make run` serves: the dashboard read by a real
browser holds no English sentence outside quoted source text, names the coalition التحالف, and
shows the simulated-data notice; and it stays accessible with the notice (axe-core).

An English sentence is three or more Latin-script words in a row in a text node the reader sees
whose nearest `lang` is Arabic. Quoted source text is marked with its own language (`lang="en"`
on a claim's quoted sentence), so it is not Arabic text. Proper names of one or two words (a
monitor's "Airwars (simulated)") are names, not sentences.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from backends import DEMO, Templates
from browsertools import axe_violations, screenshot
from playwright.sync_api import Page
from serving import serving

ENGLISH_IN_ARABIC = """() => {
    const sentence = /[A-Za-z][A-Za-z'’-]*(?:[\\s,;:]+[A-Za-z][A-Za-z'’-]*){2,}/;
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    const found = [];
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const element = node.parentElement;
        if (element.closest("script, style, code, template")) continue;
        if (!element.checkVisibility()) continue;
        const language = element.closest("[lang]").getAttribute("lang");
        const text = node.textContent.replace(/\\s+/g, " ").trim();
        if (language === "ar" && sentence.test(text)) found.push(text);
    }
    return found;
}"""


@pytest.fixture(scope="module")
def demo_site(templates: Templates, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`civcas serve` over a copy of the session's demo ledger (SQLite, as `make run`)."""
    with (
        templates.copy("sqlite", DEMO, tmp_path_factory.mktemp("demo-site")) as url,
        serving(url, "browser-tests") as base,
    ):
        yield base


def test_the_arabic_dashboard_has_no_english_sentence(demo_site: str, page: Page) -> None:
    page.goto(f"{demo_site}/?lang=ar")
    page.wait_for_load_state("networkidle")
    for details in page.locator("details").all():  # the tables behind the charts, shown too
        details.evaluate("element => { element.open = true; }")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.evaluate(ENGLISH_IN_ARABIC) == []
    release = page.locator("blockquote.release").inner_text()
    assert "التحالف" in release and "Coalition" not in release
    assert "التقرير الشهري عن الضحايا المدنيين" in release
    notice = page.locator("[data-simulated]")
    assert notice.locator("p[lang=ar]").inner_text().startswith("بيانات محاكاة:")
    # The quoted sentence of Airwars' claim is the source's English, marked as such.
    quoted = page.locator("#claims-table q[lang=en]")
    assert quoted.count() >= 1
    assert "6,488 and 9,947" in " ".join(quoted.all_inner_texts())
    screenshot(page, "demo-dashboard-ar")


@pytest.mark.parametrize("language", ["en", "ar"])
def test_the_demo_dashboard_with_its_notice_is_accessible(
    demo_site: str, page: Page, language: str
) -> None:
    page.goto(f"{demo_site}/?lang={language}")
    page.wait_for_load_state("networkidle")
    assert page.locator("[data-simulated]").is_visible()
    assert axe_violations(page) == []
