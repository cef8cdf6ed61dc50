"""CSV exports neutralise formula injection; the ledger and the JSON export keep the text as given.

A source can put `=HYPERLINK(...)` in its report's place or summary. Free-text fields are
evidence, so the importer stores them verbatim; a CSV export, which people open in spreadsheets,
must not hand the payload to the spreadsheet as a formula. Each cell that starts with `=`, `+`,
`-`, `@`, a tab or a carriage return is written with a leading single quote (OWASP), except
numbers: negative coordinates stay numbers, and so does text that is just a number.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from civcas.cli import app
from civcas.ledger.database import open_engine
from civcas.ledger.models import Document, Report, Source
from civcas.publication.export import csv_cell

HYPERLINK = '=HYPERLINK("http://x","click")'
PAYLOADS = (HYPERLINK, "+cmd", "-2+3", "@SUM(1)")

SOURCES = [
    {"name": HYPERLINK, "type": "monitor", "description": "+cmd"},
    {"name": "Airwars", "type": "monitor", "description": "Monitor; a=b is not a formula"},
]
REPORTS = [
    {
        "external_id": "@SUM(1)",
        "source": HYPERLINK,
        "date_start": "2018-03-01",
        "country": "CL",
        "latitude": -33.5,
        "longitude": -70.25,
        "place": HYPERLINK,
        "perpetrator": "+cmd",
        "summary": "-2+3",
        "killed_min": 1,
        "killed_max": 2,
    },
    {
        "external_id": "R-2",
        "source": "Airwars",
        "date_start": "2018-03-02",
        "country": "IQ",
        "latitude": 36.34,
        "longitude": 43.13,
        "place": "-3",
        "perpetrator": "Coalition",
        "summary": "Strike near Mosul",
    },
]
DOCUMENTS = [
    {"report_source": "Airwars", "report_external_id": "R-2", "archived_text": "\t=1+1"},
    {"report_source": "Airwars", "report_external_id": "R-2", "archived_text": "\r@SUM(1)"},
]


def civcas(database: Path, *arguments: str) -> str:
    result = CliRunner().invoke(app, ["--db", f"sqlite:///{database}", *arguments])
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture
def ledger(tmp_path: Path) -> Path:
    """A ledger holding the payloads, imported from JSON files through the CLI."""
    database = tmp_path / "ledger.db"
    for kind, rows in (("sources", SOURCES), ("reports", REPORTS), ("documents", DOCUMENTS)):
        path = tmp_path / f"{kind}.json"
        path.write_text(json.dumps(rows), encoding="utf-8")
        civcas(database, "import", kind, str(path))
    return database


def exported(database: Path, directory: Path, kind: str) -> list[dict[str, str]]:
    civcas(database, "export", str(directory), "--kind", kind)
    with (directory / f"{kind}.csv").open(encoding="utf-8", newline="") as file:
        return list(csv.DictReader(file))


def test_the_ledger_keeps_the_payloads_verbatim(ledger: Path) -> None:
    engine = open_engine(f"sqlite:///{ledger}")
    with engine.connect() as connection:
        names = set(connection.scalars(select(Source.name)))
        places = set(connection.scalars(select(Report.place)))
        texts = set(connection.scalars(select(Document.archived_text)))
        summaries = set(connection.scalars(select(Report.summary)))
    engine.dispose()
    assert HYPERLINK in names
    assert places == {HYPERLINK, "-3"}
    assert summaries == {"-2+3", "Strike near Mosul"}
    assert texts == {"\t=1+1", "\r@SUM(1)"}


def test_csv_export_neutralises_every_payload(ledger: Path, tmp_path: Path) -> None:
    sources = {row["description"]: row for row in exported(ledger, tmp_path / "s", "sources")}
    assert sources["'+cmd"]["name"] == "'" + HYPERLINK
    assert sources["Monitor; a=b is not a formula"]["name"] == "Airwars"

    reports = exported(ledger, tmp_path / "r", "reports")
    first, second = sorted(reports, key=lambda row: row["summary"])  # "-2+3" sorts first
    assert first["external_id"] == "'@SUM(1)"
    assert first["source"] == "'" + HYPERLINK
    assert first["place"] == "'" + HYPERLINK
    assert first["perpetrator"] == "'+cmd"
    assert first["summary"] == "'-2+3"
    # numbers stay numbers, ordinary text stays as it is
    assert (first["latitude"], first["longitude"]) == ("-33.5", "-70.25")
    assert (first["killed_min"], first["killed_max"]) == ("1", "2")
    assert second["place"] == "-3"
    assert (second["perpetrator"], second["summary"]) == ("Coalition", "Strike near Mosul")
    assert second["external_id"] == "R-2"

    documents = exported(ledger, tmp_path / "d", "documents")
    assert sorted(row["archived_text"] for row in documents) == ["'\t=1+1", "'\r@SUM(1)"]
    every_cell = [cell for rows in (reports, documents) for row in rows for cell in row.values()]
    for cell in every_cell:
        assert not cell.startswith(("=", "+", "@", "\t", "\r")), cell
        assert not cell.startswith("-") or cell in ("-33.5", "-70.25", "-3"), cell


def test_json_export_keeps_the_original_text(ledger: Path, tmp_path: Path) -> None:
    civcas(ledger, "export", str(tmp_path / "j"), "--format", "json")
    reports = json.loads((tmp_path / "j" / "reports.json").read_text(encoding="utf-8"))
    first = next(row for row in reports if row["external_id"] == "@SUM(1)")
    assert (first["source"], first["place"]) == (HYPERLINK, HYPERLINK)
    assert (first["perpetrator"], first["summary"]) == ("+cmd", "-2+3")
    assert (first["latitude"], first["longitude"]) == (-33.5, -70.25)
    documents = json.loads((tmp_path / "j" / "documents.json").read_text(encoding="utf-8"))
    assert sorted(row["archived_text"] for row in documents) == ["\t=1+1", "\r@SUM(1)"]


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ("=1+1", "'=1+1"),
        ("+cmd", "'+cmd"),
        ("-cmd", "'-cmd"),
        ("-2+3", "'-2+3"),
        ("@SUM(1)", "'@SUM(1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("-3", "-3"),
        ("-2.5", "-2.5"),
        ("+4", "+4"),
        (-3, "-3"),
        (-2.5, "-2.5"),
        ("a=b", "a=b"),
        ("'=already quoted", "'=already quoted"),
        (None, ""),
        (True, "true"),
    ],
)
def test_csv_cell(value: object, cell: str) -> None:
    assert csv_cell(value) == cell
