"""The audit chain: every change civcas makes is an event chained by SHA-256, and `civcas audit
verify` names what was changed behind its back with raw SQL (SQLite and PostgreSQL)."""

from __future__ import annotations

import hashlib
import json
import threading

from ledgers import EVIDENCE, ROWS, STRIKE, load_ledger
from sqlalchemy import Engine, func, select, text
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from civcas.accounts import add_user, issue_token
from civcas.claims.store import Figure, record_claims
from civcas.cli import app
from civcas.intake import load
from civcas.ledger import audit
from civcas.ledger.database import migrate, transaction
from civcas.ledger.models import AuditEvent, AuditHead, Report
from civcas.linking.store import decide
from civcas.vocab import LinkKind, Measure

# What each write adds to the chain, counted by hand: 1 source; 2 reports; 1 document and its
# link to A-1; 1 assessment and A-1's outcome updated; 1 grading and A-1's grade updated;
# 1 victim.
EXPECTED_ACTIONS = [
    ("insert", "sources"),
    ("insert", "reports"),
    ("insert", "reports"),
    ("insert", "documents"),
    ("insert", "report_documents"),
    ("insert", "assessments"),
    ("update", "reports"),
    ("insert", "gradings"),
    ("update", "reports"),
    ("insert", "victims"),
]


def small_ledger(session: Session) -> None:
    load_ledger(session, ROWS)


def verify_cli(url: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["--db", url, "audit", "verify"])
    return result.exit_code, result.output


def raw(engine: Engine, *statements: str, **values: str) -> None:
    """Change the database as someone with its password could, without civcas."""
    with engine.begin() as connection:
        for statement in statements:
            connection.execute(text(statement), values)


def test_every_write_is_an_event_in_one_chain(session: Session) -> None:
    small_ledger(session)
    events = list(session.scalars(select(AuditEvent).order_by(AuditEvent.seq)))
    assert [(e.action, e.table_name) for e in events] == EXPECTED_ACTIONS
    previous = audit.GENESIS
    for number, event in enumerate(events, start=1):
        assert (event.seq, event.previous) == (number, previous)
        previous = event.hash
    head = session.execute(select(AuditHead.seq, AuditHead.hash)).one()
    assert tuple(head) == (len(events), previous)
    outcome = events[6]
    assert json.loads(outcome.before)["outcome"] == "open"  # type: ignore[arg-type]
    assert json.loads(outcome.after)["outcome"] == "credible"  # type: ignore[arg-type]
    document = json.loads(events[3].after)  # type: ignore[arg-type]
    # long texts are kept as their digest; this one is short enough to keep
    assert document["archived_text"] == EVIDENCE
    assert audit.verify(session).intact


def test_whole_numbers_in_real_columns_verify(session: Session) -> None:
    """SQLite returns a latitude written as 36 as 36 from the insert and 36.0 when read back:
    the same value, so no finding."""
    load(session, "strikes", [STRIKE])
    assert audit.verify(session).intact


def test_claims_users_link_decisions_are_events_too(session: Session) -> None:
    small_ledger(session)
    before = session.scalar(select(func.count()).select_from(AuditEvent))
    figure = Figure("Coalition", Measure.CIVILIANS_KILLED, 1059, 1059, None, None)
    record_claims(session, "The coalition admits 1,059 deaths.", [figure])
    user = add_user(session, "ana", "analyst", "a long enough password")
    issue_token(session, user)
    reports = list(session.scalars(select(Report.id).order_by(Report.id)))
    decide(session, LinkKind.REPORTS, reports[0], reports[1], same=False, decided_by="ana")
    events = session.scalars(select(AuditEvent).where(AuditEvent.seq > before))
    actions = [(e.action, e.table_name) for e in events]
    assert actions == [
        ("insert", "documents"),
        ("insert", "claims"),
        ("insert", "users"),
        ("update", "users"),
        ("insert", "link_decisions"),
    ]
    users = session.scalars(select(AuditEvent.after).where(AuditEvent.table_name == "users"))
    for state in users:
        assert "argon2" not in state  # the password hash is kept as its digest only
    assert audit.verify(session).intact


def test_raw_sql_edits_inserts_and_deletes_are_named(engine: Engine, database_url: str) -> None:
    with transaction(engine) as session:
        small_ledger(session)
        a1 = session.scalar(select(Report.id).where(Report.external_id == "A-1"))
    assert verify_cli(database_url)[0] == 0
    raw(
        engine,
        f"UPDATE reports SET killed_max = 40 WHERE id = {a1}",
        "INSERT INTO victims (report_id, external_id, status, sex, age_group) "
        f"VALUES ({a1}, 'V9', 'killed', 'unknown', 'unknown')",
        "DELETE FROM gradings",
    )
    code, output = verify_cli(database_url)
    assert code == 1
    flat = " ".join(output.split())
    assert f"edited: reports {a1}: differs from audit event 9 in killed_max" in flat
    assert "inserted: victims" in flat and "behind civcas's back" in flat
    assert "deleted: gradings 1: recorded by audit event 8 but gone" in flat
    assert "3 problem(s)" in flat


def test_tampering_with_the_chain_itself_is_named(engine: Engine, database_url: str) -> None:
    with transaction(engine) as session:
        small_ledger(session)
    raw(engine, "UPDATE audit_events SET actor = 'someone else' WHERE seq = 3")
    code, output = verify_cli(database_url)
    assert code == 1 and "event 3 was altered" in " ".join(output.split())
    raw(engine, "UPDATE audit_events SET actor = 'system' WHERE seq = 3")  # not what it was


def test_removing_events_breaks_the_chain(engine: Engine, database_url: str) -> None:
    with transaction(engine) as session:
        small_ledger(session)
    raw(engine, "DELETE FROM audit_events WHERE seq = 5")
    flat = " ".join(verify_cli(database_url)[1].split())
    assert "event 6 follows event 4" in flat and "event 6 does not point" in flat
    assert "report_documents" in flat  # the link event 5 recorded is now a row with no event


def test_cutting_the_end_off_shows_at_the_head(engine: Engine, database_url: str) -> None:
    with transaction(engine) as session:
        small_ledger(session)
    raw(engine, "DELETE FROM audit_events WHERE seq = 10")
    flat = " ".join(verify_cli(database_url)[1].split())
    assert "the head (event 10) is not the last event (9)" in flat
    assert "inserted: victims 1" in flat


def test_a_rewritten_event_with_a_recomputed_hash_breaks_the_next_link(
    engine: Engine, database_url: str
) -> None:
    """A forger who edits event 2's state and recomputes its hash still leaves event 3 pointing
    at the old hash; the report edited to match shows nothing else."""
    with transaction(engine) as session:
        small_ledger(session)
        event = session.get(AuditEvent, 2)
        assert event is not None and event.after is not None
        state = json.loads(event.after) | {"killed_max": 40}
        forged = json.dumps(state, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        change = audit.Change("insert", "reports", event.row_key, event.report_id, None, forged)
        digest = audit.event_hash(event.previous, 2, event.at, event.actor, change)
        report_id = event.report_id
    raw(
        engine,
        "UPDATE audit_events SET after = :forged, hash = :digest WHERE seq = 2",
        f"UPDATE reports SET killed_max = 40 WHERE id = {report_id}",
        forged=forged,
        digest=digest,
    )
    flat = " ".join(verify_cli(database_url)[1].split())
    assert "event 3 does not point to the event before it" in flat
    assert "was altered" not in flat  # event 2 itself is consistent: only the link betrays it


def test_an_edit_at_the_head_can_be_checked_against_a_noted_hash(
    engine: Engine, database_url: str
) -> None:
    with transaction(engine) as session:
        small_ledger(session)
        noted = audit.verify(session).head
    runner = CliRunner()
    same = runner.invoke(app, ["--db", database_url, "audit", "verify", "--expect-head", noted])
    assert same.exit_code == 0 and noted in same.output
    with transaction(engine) as session:
        load(session, "sources", [{"name": "Levant Wire", "type": "media"}])
    moved = runner.invoke(app, ["--db", database_url, "audit", "verify", "--expect-head", noted])
    assert moved.exit_code == 1 and f"the head is not {noted}" in moved.output


def test_show_one_reports_history_with_its_actors(engine: Engine, database_url: str) -> None:
    with audit.acting_as("ana"), transaction(engine) as session:
        small_ledger(session)
        a1 = session.scalar(select(Report.id).where(Report.external_id == "A-1"))
    result = CliRunner().invoke(
        app, ["--db", database_url, "--actor", "omar", "audit", "show", str(a1), "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    events = json.loads(result.output)
    assert [(e["action"], e["table"]) for e in events] == [
        ("insert", "reports"),
        ("insert", "report_documents"),
        ("insert", "assessments"),
        ("update", "reports"),
        ("insert", "gradings"),
        ("update", "reports"),
        ("insert", "victims"),
    ]
    assert {e["actor"] for e in events} == {"ana"}
    table = CliRunner().invoke(app, ["--db", database_url, "audit", "show", str(a1)])
    flat = " ".join(table.output.split())
    assert "outcome: open → credible" in flat and "grade: None → fair" in flat
    missing = CliRunner().invoke(app, ["--db", database_url, "audit", "show", "999"])
    assert missing.exit_code == 1


def test_the_cli_actor_is_recorded(engine: Engine, database_url: str, tmp_path) -> None:  # type: ignore[no-untyped-def]
    sources = tmp_path / "sources.csv"
    sources.write_text("name,type\nTigris Daily,media\n", encoding="utf-8")
    result = CliRunner().invoke(
        app, ["--db", database_url, "--actor", "omar", "import", "sources", str(sources)]
    )
    assert result.exit_code == 0, result.output
    with transaction(engine) as session:
        actors = set(session.scalars(select(AuditEvent.actor).where(AuditEvent.seq > 0)))
    assert actors == {"omar"}


def test_concurrent_writers_chain_one_after_the_other(engine: Engine) -> None:
    """Eight writers at once: each waits for the head (PostgreSQL locks it; SQLite has one
    writer, and the losers retry), and the chain stays one line."""
    errors: list[BaseException] = []

    def writer(number: int) -> None:
        for attempt in range(50):
            try:
                with transaction(engine) as session:
                    load(session, "sources", [{"name": f"Source {number}", "type": "media"}])
                return
            except Exception as error:  # SQLite: database is locked; try again
                if attempt == 49:
                    errors.append(error)

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    with transaction(engine) as session:
        found = audit.verify(session)
        assert found.intact and found.events == 8


def test_evidence_verify_rehashes_every_document(engine: Engine, database_url: str) -> None:
    with transaction(engine) as session:
        small_ledger(session)
        load(
            session,
            "documents",
            [{"report_source": "Airwars", "report_external_id": "A-2", "url": "https://e.org/w",
              "sha256": hashlib.sha256(b"held elsewhere").hexdigest()}],
        )  # fmt: skip
    runner = CliRunner()
    clean = runner.invoke(app, ["--db", database_url, "evidence", "verify"])
    assert clean.exit_code == 0
    assert "1 documents re-hashed; 1 held only by their hash" in " ".join(clean.output.split())
    raw(engine, "UPDATE documents SET archived_text = 'A video of nothing.' WHERE url LIKE '%/v'")
    altered = runner.invoke(app, ["--db", database_url, "evidence", "verify"])
    flat = " ".join(altered.output.split())
    assert altered.exit_code == 1
    assert f"recorded {hashlib.sha256(EVIDENCE.encode()).hexdigest()}" in flat
    assert hashlib.sha256(b"A video of nothing.").hexdigest() in flat


def test_a_ledger_from_before_the_chain_starts_from_a_baseline(database_url: str) -> None:
    """Rows written before migration 0008 each get a "baseline" event, and verify passes."""
    from alembic import command

    from civcas.ledger.database import _alembic_config, open_engine

    engine = open_engine(database_url)
    try:
        with engine.begin() as connection:
            config = _alembic_config()
            config.attributes["connection"] = connection
            command.upgrade(config, "0007")
        raw(
            engine,
            "INSERT INTO sources (name, type, public) VALUES ('Airwars', 'monitor', true)",
            "INSERT INTO reports (source_id, external_id, date_start, date_end, date_precision,"
            " country, received_at, outcome) VALUES (1, 'A-1', '2017-06-10', '2017-06-10', 'day',"
            " 'SY', '2017-06-11 00:00:00', 'open')",
        )
        migrate(engine)
        with transaction(engine) as session:
            events = list(session.scalars(select(AuditEvent).order_by(AuditEvent.seq)))
            assert [(e.action, e.table_name, e.actor) for e in events] == [
                ("baseline", "sources", "migration 0008"),
                ("baseline", "reports", "migration 0008"),
            ]
            assert audit.verify(session).intact
    finally:
        engine.dispose()
