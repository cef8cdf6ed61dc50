"""Browser tests: Debian's Chromium driven by Playwright against a real civcas server on 127.0.0.1.

The server is the `civcas serve` command itself, over a SQLite ledger holding the web tests' sample
data. Screenshots land in test-artifacts/screenshots/. Never `playwright install`: the browser is
/usr/bin/chromium from Debian's package, installed by `make install`.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, sync_playwright
from sample import build
from serving import serving

from civcas.evidence.rule import MatchRule
from civcas.evidence.store import match
from civcas.ledger.database import migrate, open_engine, transaction

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The base URL of a `civcas serve` process over a fresh sample ledger."""
    url = f"sqlite:///{tmp_path_factory.mktemp('browser') / 'site.db'}"
    engine = open_engine(url)
    migrate(engine)
    with transaction(engine) as session:
        build(session)
        match(session, MatchRule())  # allegation pages show their candidate strikes
    engine.dispose()
    with serving(url, "browser-tests") as base:
        yield base


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


def is_failure(kind: str, text: str) -> bool:
    """A console error, except the browser's note on a refused form (422), which tests provoke."""
    return kind == "error" and "status of 422" not in text


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on(
        "console",
        lambda message: (
            errors.append(message.text) if is_failure(message.type, message.text) else None
        ),
    )
    yield page
    context.close()
    assert errors == [], f"the page logged errors: {errors}"
