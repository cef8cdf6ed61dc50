"""An analyst's day in a real browser: sign in, file an allegation with evidence, assess it, and
watch the public register and dashboard change; every workspace page passes axe-core."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from browsertools import axe_violations, screenshot
from playwright.sync_api import Page, expect
from sample import PASSWORD


def sign_in(page: Page, server: str, name: str) -> None:
    page.goto(server + "/login")
    page.locator("#login-name").fill(name)
    page.locator("#login-password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile(r"/workspace$"))


def dashboard_acknowledged(page: Page, server: str) -> str:
    page.goto(server + "/")
    return page.locator("main").inner_text()


def test_file_assess_and_publish(server: str, page: Page, tmp_path: Path) -> None:
    before = dashboard_acknowledged(page, server)
    # Sample ledger: RP-1 is the only credible report, 4 acknowledged deaths.
    assert "4" in before

    sign_in(page, server, "rev")
    assert axe_violations(page) == []
    screenshot(page, "workspace-queue")

    evidence = tmp_path / "statement.txt"
    evidence.write_text("Witness statement: the strike hit the market at noon.\n", encoding="utf-8")
    page.goto(server + "/workspace/links/victims")
    assert axe_violations(page) == []
    page.goto(server + "/workspace/reports/new")
    assert axe_violations(page) == []
    page.locator("#source").select_option(value="Raqqa Post")
    page.locator("#external_id").fill("BR-1")
    page.locator("#date_start").fill("2017-09-03")
    page.locator("#place").fill("Raqqa")
    page.locator("#country").fill("SY")
    page.locator("#latitude").fill("35.95")
    page.locator("#longitude").fill("39.01")
    page.locator("#killed_min").fill("6")
    page.locator("#killed_max").fill("9")
    page.locator("#summary").fill("Strike on the market reported by residents.")
    page.locator("#documents").set_input_files(str(evidence))
    screenshot(page, "workspace-intake")
    page.get_by_role("button", name="File the allegation").click()
    expect(page).to_have_url(re.compile(r"/workspace/reports/\d+$"))
    digest = hashlib.sha256(evidence.read_bytes()).hexdigest()
    expect(page.locator("main")).to_contain_text(digest)
    report_url = page.url
    assert axe_violations(page) == []

    # The reviewer finds it credible: 6 civilians killed acknowledged.
    page.locator("input[name=outcome][value=credible]").check()
    page.locator("#assess-killed").fill("6")
    page.get_by_role("button", name="Record the decision").click()
    expect(page.locator("main")).to_contain_text("credible")
    screenshot(page, "workspace-assessed")

    # Deciding again without reopening is refused, and the refusal is announced.
    page.goto(report_url)
    page.locator("input[name=outcome][value=not_credible]").check()
    page.locator("#assess-reason_code").select_option("no_strikes_in_area")
    page.get_by_role("button", name="Record the decision").click()
    expect(page.get_by_role("alert")).to_contain_text("reopen it")
    assert axe_violations(page) == []

    # The public sees the new allegation, credible, in the register...
    page.goto(server + "/register?q=BR-1")
    row = page.locator("tbody tr", has_text="BR-1")
    expect(row).to_contain_text("credible")
    screenshot(page, "register-after")
    # ...and the dashboard's acknowledged total grows from 4 to 4 + 6 = 10.
    page.goto(server + "/")
    expect(page.locator("main")).to_contain_text("10")
    screenshot(page, "dashboard-after")


def test_keyboard_alone_can_sign_in(server: str, page: Page) -> None:
    page.goto(server + "/login")
    page.locator("#login-name").focus()
    page.keyboard.type("ana")
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/workspace$"))
    expect(page.get_by_role("heading", level=1)).to_be_visible()
