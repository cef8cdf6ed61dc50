"""`civcas backup` / `civcas restore`: the whole ledger in one checked file and back, on SQLite and
PostgreSQL and across them; damaged, altered or tampered backups and non-empty targets refused
with nothing written; a failed backup leaves no file behind."""

from __future__ import annotations

import datetime as dt
import json
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from backends import postgres_schema
from ledgers import RICH_ROWS, load_ledger
from sqlalchemy import Engine, func, select, text
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from civcas.accounts import add_user, start_session
from civcas.claims.store import Figure, record_claims
from civcas.cli import app
from civcas.errors import FieldError
from civcas.evidence.rule import MatchRule
from civcas.evidence.store import match
from civcas.intake import load
from civcas.ledger import audit
from civcas.ledger import backup as backups
from civcas.ledger.database import migrate, open_engine, transaction
from civcas.ledger.models import Base, LinkRun, Source, User, UserSession
from civcas.linking.store import decide, store_clusters, store_review
from civcas.vocab import LinkKind, Measure

AT = dt.datetime(2017, 8, 1, 12, 0)


def build(session: Session) -> None:
    """A small ledger touching every table, through civcas's own write paths."""
    load_ledger(session, RICH_ROWS)
    match(session, MatchRule(), now=AT)
    figure = Figure("Coalition", Measure.CIVILIANS_KILLED, 1059, 1059, None, None)
    record_claims(session, "The coalition admits 1,059 deaths.", [figure], now=lambda: AT)
    start_session(session, add_user(session, "ana", "analyst", "a long enough password"), now=AT)
    reports = list(session.scalars(text("SELECT id FROM reports ORDER BY id")))
    decide(session, LinkKind.REPORTS, reports[0], reports[1], same=False, decided_by="ana", now=AT)
    run = LinkRun(kind=LinkKind.REPORTS, engine="duckdb", settings="{}", model="{}",
                  threshold=0.9, review_low=0.5, review_high=0.9, records=2, pairs=1,
                  clusters=2, started_at=AT, finished_at=AT)  # fmt: skip
    session.add(run)
    audit.recorded(session, run)
    store_clusters(session, run.id, pd.DataFrame({"unique_id": reports, "cluster_id": reports}))
    review = {
        "unique_id_l": [reports[0]],
        "unique_id_r": [reports[1]],
        "match_probability": [0.61],
        "match_weight": [0.6541],
        "gamma_place": [2],
    }
    store_review(session, run.id, pd.DataFrame(review))


def dump(engine: Engine) -> dict[str, list[tuple[Any, ...]]]:
    """Every backed-up table's rows (all but sign-in sessions), all columns, in key order."""
    with engine.connect() as connection:
        return {
            table.name: [
                tuple(row)
                for row in connection.execute(select(table).order_by(*table.primary_key.columns))
            ]
            for table in backups.tables()
        }


def sessions(engine: Engine) -> int:
    with engine.connect() as connection:
        return int(connection.scalar(select(func.count()).select_from(UserSession)) or 0)


def verified(engine: Engine) -> audit.Verification:
    with transaction(engine) as session:
        return audit.verify(session)


@contextmanager
def empty_database(backend: str, tmp_path: Path, name: str = "target") -> Iterator[Engine]:
    """A new, migrated, empty ledger on `backend` ("sqlite" or "postgresql")."""
    if backend == "sqlite":
        engine = open_engine(f"sqlite:///{tmp_path / f'{name}.db'}")
        migrate(engine)
        try:
            yield engine
        finally:
            engine.dispose()
        return
    with postgres_schema() as url:
        engine = open_engine(url)
        migrate(engine)
        try:
            yield engine
        finally:
            engine.dispose()


def rewrite(path: Path, member: str, change: Callable[[bytes], bytes]) -> None:
    """Rewrite one file inside the zip, as someone editing a backup would (a valid zip)."""
    with zipfile.ZipFile(path) as archive:
        contents = {info.filename: archive.read(info) for info in archive.infolist()}
    contents[member] = change(contents[member])
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in contents.items():
            archive.writestr(name, data)


def civcas(url: str, *args: str) -> Any:
    return CliRunner().invoke(app, ["--db", url, *args])


@pytest.fixture
def source(engine: Engine) -> Engine:
    with transaction(engine) as session:
        build(session)
    return engine


def test_round_trip_reproduces_every_table_and_the_chain(source: Engine, tmp_path: Path) -> None:
    file = tmp_path / "ledger.zip"
    written = backups.backup(source, file)
    original = dump(source)
    assert all(original[name] for name in original), "the test ledger leaves a table empty"
    assert {name: e.rows for name, e in written.tables.items()} == {
        name: len(rows) for name, rows in original.items()
    }
    assert set(original) | {"user_sessions"} == set(Base.metadata.tables)
    assert sessions(source) == 1, "the test ledger leaves the sign-in sessions empty"
    assert written.alembic_revision == backups.code_revision()
    head = verified(source)
    assert (written.audit_head, written.audit_events) == (head.head, head.events)
    with zipfile.ZipFile(file) as archive:
        manifest = json.loads(archive.read("manifest.json"))
        assert manifest["tables"]["reports"]["rows"] == 2
        first = json.loads(archive.read("reports.jsonl").splitlines()[0])
        assert archive.getinfo("reports.jsonl").compress_type == zipfile.ZIP_DEFLATED
    assert first["received_at"] == "2017-06-11T08:30:15.123456"
    assert first["outcome"] == "credible" and first["latitude"] == 35.95

    with empty_database(source.dialect.name, tmp_path) as target:
        restored = backups.restore(target, file)
        assert restored == written
        assert dump(target) == original
        assert sessions(target) == 0  # a restored ledger starts with everyone signed out
        found = verified(target)
        assert found.intact, found.findings
        assert (found.head, found.events) == (head.head, head.events)
        with transaction(target) as session:  # ids continue after the restored ones
            load(session, "sources", [{"name": "UN", "type": "monitor"}])
            add_user(session, "bo", "reviewer", "another long password")
            assert session.scalar(select(Source.id).where(Source.name == "UN")) == 3
            assert session.scalar(select(User.id).where(User.name == "bo")) == 2
        after = verified(target)
        assert after.intact and after.events == head.events + 2


@pytest.mark.postgres
def test_backups_cross_backends(tmp_path: Path) -> None:
    with empty_database("sqlite", tmp_path, "first") as first:
        with transaction(first) as session:
            build(session)
        original = dump(first)
        backups.backup(first, tmp_path / "sqlite.zip")
    with empty_database("postgresql", tmp_path) as postgres:
        backups.restore(postgres, tmp_path / "sqlite.zip")
        assert dump(postgres) == original
        assert verified(postgres).intact
        backups.backup(postgres, tmp_path / "postgres.zip")
    with empty_database("sqlite", tmp_path, "second") as second:
        backups.restore(second, tmp_path / "postgres.zip")
        assert dump(second) == original
        assert verified(second).intact


def test_altered_damaged_or_miscounted_backups_are_refused(source: Engine, tmp_path: Path) -> None:
    file = tmp_path / "ledger.zip"
    backups.backup(source, file)
    good = file.read_bytes()

    def altered(data: bytes) -> bytes:
        lines = data.splitlines(keepends=True)
        lines[0] = lines[0].replace(b'"killed_max":4', b'"killed_max":40')
        assert lines[0] != data.splitlines(keepends=True)[0]
        return b"".join(lines)

    def miscounted(data: bytes) -> bytes:
        manifest = json.loads(data)
        manifest["tables"]["victims"]["rows"] += 1
        return json.dumps(manifest).encode()

    def other_revision(data: bytes) -> bytes:
        return data.replace(backups.code_revision().encode(), b"0007")

    cases: list[tuple[Callable[[], object], str, str]] = [
        (lambda: rewrite(file, "reports.jsonl", altered), "reports.jsonl", "SHA-256"),
        (lambda: file.write_bytes(good[: len(good) // 2]), str(file), "not a readable"),
        (lambda: file.write_bytes(b"not a zip at all"), str(file), "not a readable"),
        (lambda: rewrite(file, "manifest.json", miscounted), "victims.jsonl", "manifest says 2"),
        (lambda: rewrite(file, "manifest.json", other_revision), "manifest.json", "0007"),
    ]
    with empty_database(source.dialect.name, tmp_path) as target:
        empty = dump(target)
        for damage, field, words in cases:
            file.write_bytes(good)
            damage()
            with pytest.raises(FieldError) as refused:
                backups.restore(target, file)
            assert refused.value.field == field
            assert words in refused.value.message
            assert dump(target) == empty
        file.write_bytes(good)
        rewrite(file, "reports.jsonl", altered)
        result = civcas(target.url.render_as_string(hide_password=False), "restore", str(file))
        assert result.exit_code == 1
        assert "Refused" in result.output and "reports.jsonl" in result.output
        assert dump(target) == empty


def test_restore_into_a_non_empty_database_is_refused(source: Engine, tmp_path: Path) -> None:
    file = tmp_path / "ledger.zip"
    backups.backup(source, file)
    with empty_database(source.dialect.name, tmp_path) as target:
        with transaction(target) as session:
            load(session, "sources", [{"name": "UN", "type": "monitor"}])
        before = dump(target)
        with pytest.raises(FieldError, match="not empty") as refused:
            backups.restore(target, file)
        assert "sources" in refused.value.message
        assert dump(target) == before


def test_a_ledger_tampered_behind_civcas_s_back_does_not_restore(
    source: Engine, tmp_path: Path
) -> None:
    with source.begin() as connection:
        connection.execute(text("UPDATE reports SET killed_max = 40 WHERE external_id = 'A-2'"))
    file = tmp_path / "ledger.zip"
    backups.backup(source, file)  # a backup copies faithfully, tampering included
    with empty_database(source.dialect.name, tmp_path) as target:
        empty = dump(target)
        with pytest.raises(backups.RestoreRefused) as refused:
            backups.restore(target, file)
        assert [f.split(":")[0] for f in refused.value.findings] == ["edited"]
        assert "reports" in refused.value.findings[0] and "killed_max" in refused.value.findings[0]
        assert dump(target) == empty
        result = civcas(target.url.render_as_string(hide_password=False), "restore", str(file))
        assert result.exit_code == 1
        assert "edited" in result.output and "killed_max" in result.output
        assert dump(target) == empty


def test_a_failed_backup_leaves_no_file(
    source: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    file = tmp_path / "ledger.zip"
    real, calls = backups._line, []

    def failing(table: Any, row: Any) -> bytes:
        calls.append(table.name)
        if len(calls) == 5:
            raise RuntimeError("disk full")
        return real(table, row)

    monkeypatch.setattr(backups, "_line", failing)
    with pytest.raises(RuntimeError, match="disk full"):
        backups.backup(source, file)
    assert len(calls) == 5
    assert [p.name for p in tmp_path.iterdir() if not p.name.startswith("ledger.db")] == []
    file.write_bytes(b"yesterday's backup")
    calls.clear()
    with pytest.raises(RuntimeError):
        backups.backup(source, file)
    assert file.read_bytes() == b"yesterday's backup"  # an earlier backup is never clobbered
    others = sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith("ledger.db"))
    assert others == ["ledger.zip"]  # beside the ledger's file (and its write-ahead log)


def test_cli_round_trip(source: Engine, tmp_path: Path) -> None:
    file = tmp_path / "cli.zip"
    url = source.url.render_as_string(hide_password=False)
    result = civcas(url, "backup", str(file))
    assert result.exit_code == 0, result.output
    head = verified(source).head
    assert head in result.output
    with empty_database(source.dialect.name, tmp_path) as target:
        target_url = target.url.render_as_string(hide_password=False)
        result = civcas(target_url, "restore", str(file))
        assert result.exit_code == 0, result.output
        assert "reports: 2 rows" in result.output and head in result.output
        assert dump(target) == dump(source)
        verify = civcas(target_url, "audit", "verify", "--expect-head", head)
        assert verify.exit_code == 0, verify.output


@pytest.mark.postgres
def test_a_concurrent_write_cannot_tear_a_postgres_backup(
    postgres_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A writer commits after the backup has read its first table: under READ COMMITTED the
    later tables would hold its audit event (or its rows) but not the earlier ones."""
    engine = open_engine(postgres_url)
    migrate(engine)
    try:
        with transaction(engine) as session:
            build(session)
        real, writes = backups._write_table, list[str]()

        def write_then_interfere(connection: Any, table: Any, archive: Any) -> Any:
            entry = real(connection, table, archive)
            if not writes:
                with transaction(engine) as session:
                    load(session, "sources", [{"name": "UN", "type": "monitor"}])
            writes.append(table.name)
            return entry

        monkeypatch.setattr(backups, "_write_table", write_then_interfere)
        written = backups.backup(engine, tmp_path / "ledger.zip")
        assert len(writes) == len(Base.metadata.sorted_tables) - 1  # all but user_sessions
        assert written.tables["sources"].rows == 2  # the snapshot before the writer's commit
        with empty_database("postgresql", tmp_path) as target:
            backups.restore(target, tmp_path / "ledger.zip")
            assert verified(target).intact
        assert len(dump(engine)["sources"]) == 3  # the write did commit
    finally:
        engine.dispose()
