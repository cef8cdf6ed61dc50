"""`civcas link` on the demo ledger (SQLite): runs stored with their model, the review queue,
people's decisions respected by later runs, and quality against the demo's own truth.

The demo knows which victims are one person (`DemoData.persons`: a later report of an event
names the first report's people in its own spellings, some in Arabic). Pairwise precision,
recall and F1 are computed here from the clusters and that truth, by set arithmetic.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from civcas.cli import app
from civcas.demo import build_demo, load_demo
from civcas.ledger.database import migrate, open_engine, transaction
from civcas.ledger.models import LinkCluster, LinkRun, Report, Source, Victim
from civcas.linking.reports import incident_range
from civcas.linking.store import clusters, decide, review_queue, run_link
from civcas.vocab import LinkKind


@pytest.fixture(scope="module")
def demo_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('link') / 'demo.db'}"
    engine = open_engine(url)
    migrate(engine)
    with transaction(engine) as session:
        load_demo(session)
    engine.dispose()
    return url


@pytest.fixture
def demo(demo_url: str) -> Iterator[Engine]:
    engine = open_engine(demo_url)
    yield engine
    engine.dispose()


def pairs_of(groups: Iterator[list[int]] | list[list[int]]) -> set[tuple[int, int]]:
    return {pair for group in groups for pair in itertools.combinations(sorted(group), 2)}


def true_persons(session: Session) -> set[tuple[int, int]]:
    query = (
        select(Source.name, Report.external_id, Victim.external_id, Victim.id)
        .join(Report, Report.id == Victim.report_id)
        .join(Source, Source.id == Report.source_id)
    )
    ids = {(s, r, v): vid for s, r, v, vid in session.execute(query)}
    return pairs_of([[ids[key] for key in person] for person in build_demo().persons])


def scores(found: set[tuple[int, int]], truth: set[tuple[int, int]]) -> tuple[float, float]:
    hits = len(found & truth)
    return hits / len(found), hits / len(truth)


def test_victims_are_linked_across_spellings_and_scripts(demo: Engine) -> None:
    with transaction(demo) as session:
        done = run_link(session, LinkKind.VICTIMS)
        truth = true_persons(session)
        found = pairs_of(list(clusters(session, LinkKind.VICTIMS).values()))
        stored = session.get(LinkRun, done.run.id)
        assert stored is not None and '"comparisons"' in stored.model
    assert len(truth) >= 25  # the demo names some people in more than one report
    precision, recall = scores(found, truth)
    assert precision >= 0.85, precision
    assert recall >= 0.65, recall


def test_decisions_are_respected_by_later_runs(demo: Engine) -> None:
    with transaction(demo) as session:
        first = run_link(session, LinkKind.VICTIMS)
        joined = next(iter(clusters(session, LinkKind.VICTIMS).values()))[:2]
        queue = review_queue(session, LinkKind.VICTIMS)
        assert queue, "the demo leaves some pairs in the uncertain band"
        doubtful = queue[0]
        decide(session, LinkKind.VICTIMS, *joined, same=False, decided_by="ana")
        decide(
            session,
            LinkKind.VICTIMS,
            doubtful.left_id,
            doubtful.right_id,
            same=True,
            decided_by="ana",
        )
        again = run_link(session, LinkKind.VICTIMS, model_json=first.run.model)
        query = select(LinkCluster.record_id, LinkCluster.cluster_id).where(
            LinkCluster.run_id == again.run.id
        )
        cluster_of = {record: cluster for record, cluster in session.execute(query)}
        left, right = joined
        rejected_apart = cluster_of[left] != cluster_of[right]
        conflicting = {
            (r["unique_id_l"], r["unique_id_r"]) for r in again.conflicts.to_dict("records")
        }
        assert rejected_apart or (min(joined), max(joined)) in conflicting
        assert cluster_of[doubtful.left_id] == cluster_of[doubtful.right_id]
        remaining = {(p.left_id, p.right_id) for p in review_queue(session, LinkKind.VICTIMS)}
        assert (doubtful.left_id, doubtful.right_id) not in remaining


def test_a_stored_model_repeats_the_run(demo: Engine) -> None:
    with transaction(demo) as session:
        first = run_link(session, LinkKind.REPORTS)
        before = clusters(session, LinkKind.REPORTS)
        run_link(session, LinkKind.REPORTS, model_json=first.run.model)
        assert clusters(session, LinkKind.REPORTS) == before


def test_the_commands(demo_url: str, tmp_path: Path) -> None:
    runner = CliRunner()
    linked = runner.invoke(app, ["--db", demo_url, "link", "victims"])
    assert linked.exit_code == 0, linked.output
    assert "people named more than once" in " ".join(linked.output.split())
    events = runner.invoke(app, ["--db", demo_url, "link", "reports"])
    assert events.exit_code == 0, events.output
    assert "incidents of two or more reports" in " ".join(events.output.split())
    review = runner.invoke(app, ["--db", demo_url, "link", "review", "victims", "--limit", "1"])
    assert review.exit_code == 0, review.output
    assert "to review" in review.output and "name" in review.output
    refused = runner.invoke(
        app, ["--db", demo_url, "link", "decide", "victims", "1", "1", "--same", "--by", "ana"]
    )
    assert refused.exit_code == 1
    assert "always the same as itself" in " ".join(refused.output.split())


@pytest.mark.parametrize(
    ("lows", "highs", "expected"),
    [
        ([4, 5, 3], [7, 9, 3], (3, 9)),  # lowest minimum, highest maximum: never 12–19
        ([None, 2], [None, 2], (2, 2)),  # a report without a count does not widen the range
        ([None], [None], None),
    ],
)
def test_an_incident_range_is_never_a_sum(
    lows: list[int | None], highs: list[int | None], expected: tuple[int, int] | None
) -> None:
    assert incident_range(lows, highs) == expected


def test_spark_links_the_same_people(demo: Engine) -> None:
    """The same job on Spark in local mode (as on a cluster, by --master) finds the same people."""
    with transaction(demo) as session:
        run_link(session, LinkKind.VICTIMS)
        on_duckdb = clusters(session, LinkKind.VICTIMS)
        run_link(session, LinkKind.VICTIMS, engine="spark")
        assert clusters(session, LinkKind.VICTIMS) == on_duckdb


def test_a_run_is_stored_alike_on_both_backends(session: Session) -> None:
    """The demo's victims linked in the test ledger (SQLite and PostgreSQL): the same people as
    in the SQLite file above, and the run's rows read back."""
    load_demo(session)
    done = run_link(session, LinkKind.VICTIMS)
    truth = true_persons(session)
    found = pairs_of(list(clusters(session, LinkKind.VICTIMS).values()))
    precision, recall = scores(found, truth)
    assert precision >= 0.85 and recall >= 0.65, (precision, recall)
    assert (
        session.scalar(
            select(func.count()).select_from(LinkCluster).where(LinkCluster.run_id == done.run.id)
        )
        == done.run.records
    )
