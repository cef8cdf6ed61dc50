"""Simulated rows: a ledger knows it holds invented data, and adding that knowledge to an old
ledger leaves its audit chain verifying.

Migration 0010 added `simulated` to sources and strikes, both audited tables. A ledger whose
rows were recorded before then (here: written at migration 0007 and baselined by 0008, as a real
ledger of that time was) must still verify after the upgrade, while setting the flag behind
civcas's back must show as an edit.
"""

from __future__ import annotations

import json
from pathlib import Path

from ledgers import upgraded_old_ledger
from sqlalchemy import Engine, select, update
from typer.testing import CliRunner

from civcas.cli import app
from civcas.intake import load, read_rows
from civcas.ledger.audit import verify
from civcas.ledger.database import migrate, open_engine, transaction
from civcas.ledger.models import AuditEvent, Source, Strike
from civcas.ledger.simulated import holds_simulated_data
from civcas.publication.export import export_all

DATASET = Path(__file__).parents[1] / "data" / "dataset"
OLD_ROWS = [
    "INSERT INTO sources (id, name, type, public) VALUES (1, 'Raqqa Post', 'social_media', true)",
    "INSERT INTO reports (id, source_id, external_id, date_start, date_end, date_precision, "
    "country, received_at) VALUES (1, 1, 'RP-1', '2017-06-10', '2017-06-10', 'day', 'SY', "
    "'2017-06-11 08:00:00')",
    "INSERT INTO strikes (id, belligerent, external_id, date, country, engagements) "
    "VALUES (1, 'Coalition', 'S-1', '2017-06-10', 'SY', 1)",
]


def test_an_old_ledger_still_verifies_once_rows_can_be_simulated(database_url: str) -> None:
    engine = upgraded_old_ledger(database_url, OLD_ROWS)  # 0010 adds `simulated`
    try:
        with transaction(engine) as session:
            assert not holds_simulated_data(session)
            result = verify(session)
            assert result.intact, [str(finding) for finding in result.findings]
            assert result.events == 3  # the baseline: one event per row
        with engine.begin() as connection:  # behind civcas's back
            connection.execute(update(Strike).values(simulated=True))
        with transaction(engine) as session:
            assert holds_simulated_data(session)
            findings = [str(finding) for finding in verify(session).findings]
        assert findings == ["edited: strikes 1: differs from audit event 3 in simulated"]
    finally:
        engine.dispose()


def test_rows_say_whether_they_are_simulated(engine: Engine) -> None:
    with transaction(engine) as session:
        load(session, "sources", [{"name": "Real Monitor", "type": "monitor"}])
        assert not holds_simulated_data(session)
        load(session, "sources", [{"name": "Invented", "type": "ngo", "simulated": "true"}])
        assert holds_simulated_data(session)
        assert verify(session).intact
        # A real row's state is written as before the column existed; an invented one's says so.
        states = {
            json.loads(after)["name"]: json.loads(after)
            for after in session.scalars(
                select(AuditEvent.after).where(AuditEvent.table_name == "sources")
            )
        }
        assert "simulated" not in states["Real Monitor"]
        assert states["Invented"]["simulated"] is True


def test_a_simulated_strike_alone_makes_a_simulated_ledger(engine: Engine) -> None:
    strike = {"external_id": "S-1", "belligerent": "Coalition", "date": "2017-06-10"}
    with transaction(engine) as session:
        load(session, "strikes", [strike | {"country": "SY"}])
        assert not holds_simulated_data(session)
        load(session, "strikes", [strike | {"external_id": "S-2", "country": "SY", "simulated": 1}])
        assert holds_simulated_data(session)
        flags = {e: s for e, s in session.execute(select(Strike.external_id, Strike.simulated))}
        assert flags == {"S-1": False, "S-2": True}
        assert session.scalar(select(Source.id)) is None


def test_simulated_data_stays_labelled_through_export_and_import(
    engine: Engine, tmp_path: Path
) -> None:
    """An export of invented rows, imported into another ledger, makes that one simulated."""
    strike = {"external_id": "S-1", "belligerent": "Coalition", "date": "2017-06-10"}
    with transaction(engine) as session:
        load(session, "sources", [{"name": "Invented", "type": "ngo", "simulated": True}])
        load(session, "strikes", [strike | {"country": "SY", "simulated": True}])
        export_all(session, tmp_path / "out")
    sources = (tmp_path / "out" / "sources.csv").read_text(encoding="utf-8").splitlines()
    assert sources[0].split(",")[-1] == "simulated" and sources[1].endswith(",true")
    other = open_engine(f"sqlite:///{tmp_path / 'other.db'}")
    try:
        migrate(other)
        with transaction(other) as session:
            for kind in ("sources", "strikes"):
                path = tmp_path / "out" / f"{kind}.csv"
                load(session, kind, read_rows(path, kind))
            assert holds_simulated_data(session)
            assert list(session.scalars(select(Strike.simulated))) == [True]
    finally:
        other.dispose()


def test_a_ledger_filled_by_civcas_import_is_not_simulated(tmp_path: Path) -> None:
    """`civcas import all` of real-shaped files (no `simulated` column): the statement says
    `"simulated": false` and its text starts with the release's title, not the notice."""
    database = ["--db", f"sqlite:///{tmp_path / 'ledger.db'}"]
    imported = CliRunner().invoke(app, [*database, "import", "all", str(DATASET)])
    assert imported.exit_code == 0, imported.output
    month = [*database, "statement", "--month", "2017-03"]
    figures = json.loads(CliRunner().invoke(app, [*month, "--format", "json"]).stdout)
    assert figures["simulated"] is False and figures["received"] > 0
    text = CliRunner().invoke(app, month).stdout
    assert text.startswith("Monthly civilian casualty report — March 2017")
