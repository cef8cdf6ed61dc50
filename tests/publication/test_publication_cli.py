"""`civcas statement`, `tally` and `export` from the command line, on the hand-worked ledger."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from handworked import build
from typer.testing import CliRunner

from civcas.cli import app
from civcas.ledger.database import migrate, open_engine, transaction


@pytest.fixture
def db(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'ledger.db'}"
    engine = open_engine(url)
    migrate(engine)
    with transaction(engine) as session:
        build(session)
    engine.dispose()
    return url


def run(*args: str) -> str:
    result = CliRunner().invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.output


def test_statement_formats(db: str) -> None:
    figures = json.loads(run("--db", db, "statement", "--month", "2020-03", "--format", "json"))
    assert (figures["still_open"], figures["killed_cumulative"]) == (5, 9)
    assert "| Reports still open | 5 |" in run(
        "--db", db, "statement", "--month", "2020-03", "--format", "markdown"
    )
    assert "at least 9 civilians" in run("--db", db, "statement", "--month", "2020-03")


def test_statement_refuses_a_bad_month(db: str) -> None:
    result = CliRunner().invoke(app, ["--db", db, "statement", "--month", "March"])
    assert result.exit_code == 1
    assert "'March' is not a month written YYYY-MM" in result.output


def test_tally_as_csv_and_json(db: str) -> None:
    rows = list(
        csv.DictReader(io.StringIO(run("--db", db, "tally", "--by", "month", "--format", "csv")))
    )
    assert [row["period"] for row in rows] == ["2020-01", "2020-02", "2020-03", "2020-04"]
    assert rows[2]["completed"] == "4"
    outcomes = json.loads(run("--db", db, "tally", "--by", "outcome", "--format", "json"))
    assert {row["outcome"]: row["reports"] for row in outcomes} == {
        "credible": 3,
        "duplicate": 1,
        "not_credible": 2,
        "open": 5,
    }
    assert "Monitor M" in run("--db", db, "tally", "--by", "source")


def test_tally_by_event_month(db: str) -> None:
    """The hand-worked reports happened when they were received (date_start = received day):
    R1, R7 in January; R2, R3, R8, R11 in February; R4, R5, R6, R10 in March; R9 in April."""
    rows = list(
        csv.DictReader(
            io.StringIO(run("--db", db, "tally", "--by", "event_month", "--format", "csv"))
        )
    )
    assert [(row["event_month"], row["reports"]) for row in rows] == [
        ("2020-01", "2"),
        ("2020-02", "4"),
        ("2020-03", "4"),
        ("2020-04", "1"),
    ]


def test_an_empty_tally_as_csv_is_its_header(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'empty.db'}"
    assert run("--db", db, "tally", "--by", "event_month", "--format", "csv") == (
        "event_month,reports,killed_min,killed_max,open,credible,not_credible,duplicate,"
        "acknowledged_killed\n"
    )


def test_public_export_names_no_witness(db: str, tmp_path: Path) -> None:
    run("--db", db, "export", str(tmp_path / "public"), "--public")
    written = {
        path.name: path.read_text(encoding="utf-8") for path in (tmp_path / "public").iterdir()
    }
    assert "victims.csv" not in written
    assert all("Witness W" not in text for text in written.values())
    run("--db", db, "export", str(tmp_path / "full"), "--kind", "sources", "--format", "json")
    names = [row["name"] for row in json.loads((tmp_path / "full" / "sources.json").read_text())]
    assert "Witness W" in names


def test_the_database_comes_from_the_environment(db: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CIVCAS_DATABASE_URL", db)
    assert json.loads(run("statement", "--month", "2020-02", "--format", "json"))["received"] == 4
