"""The linkage review queue in the workspace: the pair side by side, a verdict recorded with the
user's name, the pair gone from the queue, and nothing of it shown to anyone signed out."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sample import VICTIM_NAMES
from sqlalchemy import Engine, select
from webtools import csrf, html, sign_in

from civcas.ledger.database import transaction
from civcas.ledger.models import LinkDecision, LinkPair, LinkRun, Victim
from civcas.linking import victims
from civcas.vocab import LinkKind

QUEUE = "/workspace/links/victims"


@pytest.fixture(autouse=True)
def close_the_apps_connections(client: TestClient) -> Iterator[None]:
    yield
    client.app.state.engine.dispose()  # type: ignore[attr-defined]


def queue_a_pair(engine: Engine) -> tuple[int, int]:
    """A run whose review band holds the sample's first two victims (Latin and Arabic script)."""
    with transaction(engine) as session:
        first, second = session.scalars(select(Victim.id).order_by(Victim.id).limit(2)).all()
        moment = dt.datetime(2026, 11, 29, 9)
        run = LinkRun(
            kind=LinkKind.VICTIMS,
            engine="duckdb",
            settings="{}",
            model=json.dumps(victims.settings().get_settings("duckdb").as_dict()),
            threshold=0.9,
            review_low=0.5,
            review_high=0.9,
            records=3,
            pairs=1,
            clusters=3,
            started_at=moment,
            finished_at=moment,
        )
        session.add(run)
        session.flush()
        session.add(
            LinkPair(
                run_id=run.id,
                left_id=first,
                right_id=second,
                match_probability=0.7,
                match_weight=1.2,
                levels=json.dumps({"name": 4, "sex": 1}),
            )
        )
    return first, second


def test_signed_out_visitors_see_nothing(client: TestClient, engine: Engine) -> None:
    queue_a_pair(engine)
    response = client.get(QUEUE, follow_redirects=False)
    assert response.status_code == 303
    assert not any(name in response.text for name in VICTIM_NAMES)


def test_before_any_run(client: TestClient) -> None:
    sign_in(client, "ana")
    assert "No linkage run yet" in html(client.get(QUEUE)).get_text()


def test_a_verdict_is_recorded_and_leaves_the_queue(client: TestClient, engine: Engine) -> None:
    first, second = queue_a_pair(engine)
    sign_in(client, "ana")
    page = html(client.get(QUEUE))
    pair = page.select_one("section.link-pair")
    assert pair is not None
    names = pair.get_text()
    assert VICTIM_NAMES[0] in names and VICTIM_NAMES[1] in names
    assert "level: name" in names
    rows = {row.th.get_text(): row.select("td") for row in pair.select("tr") if row.th}
    # name level 4 is the first of five scored levels, sex level 1 the first of two (by hand)
    assert rows["level: name"][0].get_text() == "Exact match on name_key"
    assert rows["level: sex"][0].get_text() == "Exact match on sex"

    refused = client.post(QUEUE, data={"left": first, "right": second, "verdict": "same"})
    assert refused.status_code == 403  # no CSRF token

    token = csrf(client, QUEUE)
    response = client.post(
        QUEUE, data={"left": first, "right": second, "verdict": "same", "csrf_token": token}
    )
    assert response.status_code == 200 and "are the same" in response.text
    assert html(response).select_one("section.link-pair") is None
    with transaction(engine) as session:
        decision = session.scalars(select(LinkDecision)).one()
        assert (decision.left_id, decision.right_id, decision.same) == (first, second, True)
        assert decision.decided_by == "ana"


def test_an_unknown_queue_is_a_404(client: TestClient) -> None:
    sign_in(client, "ana")
    assert client.get("/workspace/links/strikes").status_code == 404
