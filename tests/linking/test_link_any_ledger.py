"""`civcas link` on any ledger the importers can produce (issue 18), not only the demo: a
research data set alone (one source, no victims, no documents, no strikes), places the
Iraq/Syria gazetteer does not know or no place at all, a single list, a single record.

Nothing crashes; a source is not compared with itself unless the run is asked to
(`within_source`); where training finds nothing to estimate λ from, the run keeps the settings'
λ and its stored settings say so. The same on Spark: `test_link_store.py`, which shares the JVM.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from anyledger import copied, data_set, victim_lists
from backends import MIGRATED, Templates
from ledgers import load_ledger
from sqlalchemy import select
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from civcas.cli import app
from civcas.ledger.database import open_engine, transaction
from civcas.ledger.models import Report, Victim
from civcas.linking.engine import link
from civcas.linking.store import JOBS, RunResult, clusters, review_queue, run_link
from civcas.vocab import LinkKind


@pytest.fixture
def ledger_url(templates: Templates, tmp_path: Path) -> Iterator[str]:
    """A SQLite ledger holding one research data set and nothing else."""
    with templates.copy("sqlite", MIGRATED, tmp_path) as url:
        engine = open_engine(url)
        with transaction(engine) as session:
            load_ledger(session, data_set())
        engine.dispose()
        yield url


def test_link_reports_runs_on_a_research_data_set_alone(ledger_url: str) -> None:
    """The reported crash (DuckDB: `list_intersect(DOUBLE, DOUBLE)`, no report citing a
    document or naming a victim); then nothing to link, as no source is compared with itself."""
    runner = CliRunner()
    linked = runner.invoke(app, ["--db", ledger_url, "link", "reports"])
    assert linked.exit_code == 0, linked.output
    assert "400 reports, 0 incidents" in " ".join(linked.output.split())
    review = runner.invoke(app, ["--db", ledger_url, "link", "review", "reports"])
    assert review.exit_code == 0, review.output
    assert "0 pair(s) to review" in review.output
    assert "0 pairs scored" in " ".join(linked.output.split())
    within = runner.invoke(app, ["--db", ledger_url, "link", "reports", "--within-source"])
    assert within.exit_code == 0, within.output
    assert "0 pairs scored" not in " ".join(within.output.split())


def ids(session: Session, table: type[Report] | type[Victim]) -> dict[str, int]:
    return {external: rid for external, rid in session.execute(select(table.external_id, table.id))}


def pairs_of(groups: dict[int, list[int]]) -> set[tuple[int, int]]:
    return {(a, b) for members in groups.values() for a in members for b in members if a < b}


def test_a_data_set_is_not_compared_with_itself_unless_asked(session: Session) -> None:
    """As reported: the data set with its rows kept as documents and one victim named. Distinct
    events of one town and day were 184 same-source pairs in the review queue; now none is
    scored. Asked to look within the source, the run scores and reviews them again."""
    rows = data_set()
    rows["documents"] = [
        {
            "report_source": event["source"],
            "report_external_id": event["external_id"],
            "archived_text": f"GED row {event['external_id']}",
            "retrieved_at": "2019-06-01T00:00",
        }
        for event in rows["reports"]
    ]
    first = rows["reports"][0]
    rows["victims"] = [
        {
            "report_source": first["source"],
            "report_external_id": first["external_id"],
            "external_id": "V-1",
            "name": "Ahmad Saleh al-Hamdani",
            "status": "killed",
        }
    ]
    load_ledger(session, rows)
    done = run_link(session, LinkKind.REPORTS)
    assert done.run.pairs == 0
    assert review_queue(session, LinkKind.REPORTS) == []
    assert clusters(session, LinkKind.REPORTS) == {}
    assert json.loads(done.run.settings)["within_source"] is False
    within = run_link(session, LinkKind.REPORTS, within_source=True)
    assert within.run.pairs > 100
    assert len(review_queue(session, LinkKind.REPORTS)) > 100
    assert json.loads(within.run.settings)["within_source"] is True


def test_monitor_copies_are_linked_without_victims_or_documents(session: Session) -> None:
    """What can be linked is: each monitor report joins one of the two events of its town and
    day (which one, nothing in the data says), never both."""
    rows, originals = copied()
    load_ledger(session, rows)
    run_link(session, LinkKind.REPORTS)
    report = ids(session, Report)
    groups = clusters(session, LinkKind.REPORTS)
    assert len(groups) == len(originals)
    for n, original in enumerate(originals):
        sibling = str(int(original) + 1)  # the other event of that town and day
        copy = report[f"AW-{n}"]
        (members,) = [m for m in groups.values() if copy in m]
        (event,) = set(members) - {copy}
        assert event in {report[original], report[sibling]}


def stored_notes(done: RunResult) -> list[str]:
    notes: list[str] = json.loads(done.run.settings)["notes"]
    assert notes == list(done.notes)
    return notes


def test_victims_anywhere_in_the_world_are_linked(session: Session) -> None:
    """The reported crash (Splink: no deterministic matches, then `math domain error`): no
    place in the gazetteer, so λ is estimated from the same name skeleton, sex and age instead
    of the same name in the same place, and the run has nothing to note; the people both lists
    name are all found, and no one else."""
    rows, same = victim_lists()
    load_ledger(session, rows)
    done = run_link(session, LinkKind.VICTIMS)
    victim = ids(session, Victim)
    truth = {tuple(sorted((victim[a], victim[b]))) for a, b in same}
    assert pairs_of(clusters(session, LinkKind.VICTIMS)) == truth
    assert stored_notes(done) == []


def test_a_single_list_links_its_own_repeated_name(session: Session) -> None:
    rows, same = victim_lists(second=False)
    load_ledger(session, rows)
    run_link(session, LinkKind.VICTIMS)
    victim = ids(session, Victim)
    ((first, second),) = same
    assert pairs_of(clusters(session, LinkKind.VICTIMS)) == {(victim[first], victim[second])}


def test_two_names_of_one_list_are_not_joined_through_another_list(session: Session) -> None:
    """Two people killed in one strike on the first list with the same name and sex, a year
    apart in age (cousins named alike), and the elder on the second list in its own spelling.
    Scored alone, the second list's name links to both (its own age to the elder, within a
    year to the younger) and chains them into one person, though their own pair (two people of
    one report, ages apart) stays below the threshold. Each name of one list joins one person
    only on its own pair: the second list's name joins the elder, its strongest link."""
    rows, same = victim_lists()
    elder = rows["victims"][0]
    rows["victims"].append(elder | {"external_id": "MV-cousin", "age": elder["age"] + 1})
    load_ledger(session, rows)
    victim = ids(session, Victim)
    (other,) = [b for a, b in same if a == elder["external_id"]]
    three = (victim[elder["external_id"]], victim["MV-cousin"], victim[other])
    job = JOBS[LinkKind.VICTIMS]
    chained = link(job.records(session), job.settings(), training=job.training())
    cluster_of = dict(
        zip(chained.clusters["unique_id"], chained.clusters["cluster_id"], strict=True)
    )
    assert len({cluster_of[record] for record in three}) == 1  # the chain, unchecked

    run_link(session, LinkKind.VICTIMS)
    (members,) = [m for m in clusters(session, LinkKind.VICTIMS).values() if victim[other] in m]
    assert sorted(members) == sorted([victim[elder["external_id"]], victim[other]])


@pytest.mark.parametrize("kind", [LinkKind.REPORTS, LinkKind.VICTIMS])
def test_a_single_record_links_to_nothing(session: Session, kind: LinkKind) -> None:
    """One report of one source, at a place the gazetteer does not know, naming one person."""
    rows, _ = victim_lists(people=1, strikes=1, second=False)
    rows["reports"], rows["victims"] = rows["reports"][:1], rows["victims"][:1]
    load_ledger(session, rows)
    done = run_link(session, kind)
    assert (done.run.records, done.run.pairs, done.run.clusters) == (1, 0, 1)
    assert clusters(session, kind) == {}
    assert "found 0 of 0 pairs" in stored_notes(done)[0]
