"""Figures counted over the whole ledger are kept per revision and counted one at a time.

Under load, with analysts writing, the revision moves several times a second; these tests hold
a count open (an event the counting function waits on) to show what others get meanwhile.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

import pytest
from backends import Recipe
from fastapi.testclient import TestClient
from sample import SAMPLE
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from civcas.intake import load
from civcas.ledger.database import transaction
from civcas.ledger.models import Report
from civcas.ledger.revision import advance_revision
from civcas.publication.timeline import Timeline
from civcas.web.cache import LedgerFigures

WAIT = 30.0


@pytest.fixture
def ledger_recipe() -> Recipe:
    """Every test here starts from a copy of the sample ledger (tests/sample.py)."""
    return SAMPLE


@pytest.fixture
def sample(engine: Engine) -> Engine:
    return engine


def stored_reports(engine: Engine) -> int:
    with Session(engine) as session:
        return int(session.scalar(select(func.count()).select_from(Report)) or 0)


def read(engine: Engine, figures: LedgerFigures, key: str, count: Callable[[Timeline], int]) -> int:
    with Session(engine) as session:
        return figures.figure(session, key, count)


class Counter:
    """A counting function that records its calls and can be held until released."""

    def __init__(self, hold: bool = False) -> None:
        self.calls = 0
        self.started, self.release = threading.Event(), threading.Event()
        if not hold:
            self.release.set()

    def __call__(self, timeline: Timeline) -> int:
        self.calls += 1
        self.started.set()
        assert self.release.wait(WAIT)
        return len(timeline.reports)


def in_thread(work: Callable[[], int]) -> tuple[threading.Thread, list[int]]:
    found: list[int] = []
    thread = threading.Thread(target=lambda: found.append(work()))
    thread.start()
    return thread, found


def write_something(engine: Engine) -> None:
    with transaction(engine) as session:
        advance_revision(session)


def test_a_figure_is_counted_once_per_revision(sample: Engine) -> None:
    figures, counter = LedgerFigures(), Counter()
    expected = stored_reports(sample)
    assert [read(sample, figures, "reports", counter) for _ in range(3)] == [expected] * 3
    assert counter.calls == 1
    write_something(sample)
    assert read(sample, figures, "reports", counter) == expected
    assert counter.calls == 2, "a write moved the revision: the figure is counted again"


def test_while_one_counts_the_others_get_the_figure_kept_from_before(sample: Engine) -> None:
    figures, first = LedgerFigures(), Counter()
    expected = stored_reports(sample)
    read(sample, figures, "reports", first)
    write_something(sample)
    slow = Counter(hold=True)
    counting, counted = in_thread(lambda: read(sample, figures, "reports", slow))
    assert slow.started.wait(WAIT)
    other = Counter()
    assert read(sample, figures, "reports", other) == expected  # at once, not after the count
    assert other.calls == 0, "a second count started while one was running"
    slow.release.set()
    counting.join(WAIT)
    assert counted == [expected] and slow.calls == 1


def test_when_busy_the_timeline_is_read_again_only_after_a_rest(sample: Engine) -> None:
    """Someone given the older figure during a count means the site is busy: the next count
    waits as long as that one took, so counting cannot take all of a worker's time."""
    figures, hold = LedgerFigures(), 0.5
    expected = stored_reports(sample)
    read(sample, figures, "reports", Counter())
    write_something(sample)
    slow = Counter(hold=True)
    counting, _counted = in_thread(lambda: read(sample, figures, "reports", slow))
    assert slow.started.wait(WAIT)
    assert read(sample, figures, "reports", Counter()) == expected  # turned away: busy
    time.sleep(hold)  # the count takes at least this long, and so does the rest after it
    slow.release.set()
    counting.join(WAIT)

    write_something(sample)
    resting = Counter()
    assert read(sample, figures, "reports", resting) == expected
    assert resting.calls == 0, "counted again at once although the site was busy"
    time.sleep(3 * hold)  # past the rest (the count took `hold` and a little more)
    rested = Counter()
    assert read(sample, figures, "reports", rested) == expected
    assert rested.calls == 1, "still not counted after the rest"


def test_a_count_nobody_waited_on_is_followed_by_no_rest(sample: Engine) -> None:
    figures = LedgerFigures()
    slow = Counter(hold=True)
    counting, _counted = in_thread(lambda: read(sample, figures, "reports", slow))
    assert slow.started.wait(WAIT)
    time.sleep(0.3)
    slow.release.set()
    counting.join(WAIT)
    write_something(sample)
    again = Counter()
    read(sample, figures, "reports", again)
    assert again.calls == 1, "a write after an unhurried count must be counted at once"


def test_with_nothing_kept_a_request_waits_for_the_count_under_way(sample: Engine) -> None:
    figures, slow, other = LedgerFigures(), Counter(hold=True), Counter()
    counting, counted = in_thread(lambda: read(sample, figures, "reports", slow))
    assert slow.started.wait(WAIT)
    waiting, waited = in_thread(lambda: read(sample, figures, "reports", other))
    waiting.join(0.5)
    assert waiting.is_alive(), "a request with nothing kept must wait, not answer"
    slow.release.set()
    for thread in (counting, waiting):
        thread.join(WAIT)
    assert counted == waited == [stored_reports(sample)]
    assert other.calls == 0, "the waiting request counted again instead of using the count"


def test_an_aged_figure_is_counted_again_without_a_write(sample: Engine) -> None:
    """A change made behind civcas's back (no new revision) shows once the figure has aged."""
    figures, counter = LedgerFigures(max_age=0.2), Counter()
    read(sample, figures, "reports", counter)
    read(sample, figures, "reports", counter)
    assert counter.calls == 1
    time.sleep(0.3)
    read(sample, figures, "reports", counter)
    assert counter.calls == 2


def sy_reports(client: TestClient) -> int:
    response = client.get("/api/v1/tallies?by=country")
    assert response.status_code == 200, response.text
    return sum(row["reports"] for row in response.json()["items"] if row["country"] == "SY")


def test_the_site_counts_a_new_report_at_once(client: TestClient, engine: Engine) -> None:
    before = sy_reports(client)
    with Session(engine) as session:
        stored = session.scalar(select(func.count()).where(Report.country == "SY"))
    assert before == stored
    with transaction(engine) as session:
        row = {"external_id": "RP-9", "source": "Raqqa Post", "place": "Mayadin", "country": "SY"}
        load(session, "reports", [{**row, "date_start": "2017-09-01"}])
    assert sy_reports(client) == before + 1
    client.app.state.engine.dispose()  # type: ignore[attr-defined]
