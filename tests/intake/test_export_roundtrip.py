"""Export → import → export loses nothing: a small, complete data set built by hand goes out of
one ledger (SQLite or PostgreSQL), into an empty SQLite ledger, and out again byte for byte."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from civcas.intake import load, read_rows
from civcas.intake.rows import ROW_MODELS
from civcas.ledger.database import migrate, open_engine, transaction
from civcas.ledger.models import (
    Assessment,
    Document,
    Grading,
    Report,
    Source,
    Strike,
    Victim,
    report_documents,
)
from civcas.publication.export import export_all, export_kind

NOW = dt.datetime(2024, 1, 1)
SHA_ABC = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"  # sha256("abc")
WITNESS = "Umm Ahmad (witness)"
AMNESTY = "Amnesty International"
RIBSS = "Raqqa Is Being Slaughtered Silently"
STATEMENT = "At least 105 civilians were killed, witnesses said."

DATASET: dict[str, list[dict[str, Any]]] = {
    "sources": [
        {"name": "Airwars", "type": "monitor", "url": "https://airwars.org"},
        {"name": AMNESTY, "type": "ngo"},
        {"name": RIBSS, "type": "social_media"},
        {
            "name": WITNESS,
            "type": "individual",
            "description": "Resident of al-Jadida, interviewed by phone",
        },
    ],
    "reports": [
        {
            "external_id": "R-1",
            "source": AMNESTY,
            "date_start": "2017-03-17",
            "date_precision": "day",
            "place": "al-Jadida, Mosul",
            "country": "IRQ",
            "latitude": 36.123456789,
            "longitude": 43.0987654321,
            "location_precision": "neighbourhood",
            "perpetrator": "Coalition",
            "killed_min": 105,
            "killed_max": 141,
            "injured_min": 30,
            "injured_max": 36,
            "children_killed_min": 20,
            "children_killed_max": 25,
            "women_killed_min": 15,
            "women_killed_max": 20,
            "summary": "Strike on a house in al-Jadida — «بيت» collapsed",
            "received_at": "2017-03-18T09:15:00+03:00",
        },
        {
            "external_id": "W-7",
            "source": WITNESS,
            "date_start": "2017-03-17",
            "place": "الموصل",
            "country": "IQ",
            "killed_min": 100,
            "killed_max": 100,
            "received_at": "2017-03-19T10:00:00",
        },
        {
            "external_id": "R-3",
            "source": RIBSS,
            "source_type": "social_media",
            "date_start": "2017-08-01",
            "date_end": "2017-08-07",
            "date_precision": "week",
            "place": "الرقة",
            "country": "SYR",
            "latitude": 35.95,
            "longitude": 39.01,
            "received_at": "2017-08-09T12:30:45.123456",
        },
        {
            "external_id": "R-1",
            "source": "Ninawa Media",
            "source_type": "media",
            "date_start": "2017-01-01",
            "date_end": "2017-01-31",
            "date_precision": "month",
            "country": "iq",
            "summary": 'Reported on the radio: "many dead",\nfigures unclear',
            "received_at": "2017-02-01T00:00:00",
        },
    ],
    "documents": [
        {
            "report_source": AMNESTY,
            "report_external_id": "R-1",
            "url": "https://amnesty.example/mosul",
            "retrieved_at": "2017-03-20T10:00:00Z",
            "language": "en",
            "archived_text": STATEMENT,
        },
        {
            "report_external_id": "W-7",
            "url": "https://amnesty.example/mosul",
            "retrieved_at": "2017-03-20T10:00:00Z",
            "language": "en",
            "archived_text": STATEMENT,
        },
        {
            "report_external_id": "R-3",
            "url": "https://social.example/ribss/1",
            "language": "ar",
            "archived_text": "غارة على الرقة",
        },
        {
            "report_source": "Ninawa Media",
            "report_external_id": "R-1",
            "url": "https://ninawa.example/1",
            "sha256": SHA_ABC,
        },
    ],
    "strikes": [
        {
            "external_id": "S-1",
            "belligerent": "CJTF-OIR",
            "date": "2017-03-17",
            "time": "08:15",
            "place": "Mosul",
            "country": "IQ",
            "latitude": 36.34,
            "longitude": 43.13,
            "target": "ISIS snipers",
            "engagements": 2,
        },
        {"external_id": "S-2", "belligerent": "CJTF-OIR", "date": "2017-08-02", "country": "SY"},
        {
            "external_id": "S-1",
            "belligerent": "RuAF",
            "date": "2017-08-02",
            "time": "23:59:59",
            "place": "الرقة",
            "country": "SYR",
            "latitude": 35.95,
            "longitude": 39.01,
        },
    ],
    "assessments": [
        {
            "report_source": AMNESTY,
            "report_external_id": "R-1",
            "outcome": "credible",
            "reason_code": "credible",
            "killed": 105,
            "injured": 30,
            "assessor": "CJTF-OIR CCIR",
            "decided_at": "2017-05-25T12:00:00",
        },
        {
            "report_source": AMNESTY,
            "report_external_id": "R-1",
            "outcome": "credible",
            "reason_code": "credible",
            "killed": 112,
            "injured": 30,
            "decided_at": "2018-01-10T00:00:00",
        },
        {
            "report_external_id": "W-7",
            "outcome": "duplicate",
            "reason_code": "duplicate",
            "duplicate_of_source": AMNESTY,
            "duplicate_of_external_id": "R-1",
            "decided_at": "2017-06-01T00:00:00",
        },
        {
            "report_external_id": "R-3",
            "outcome": "not_credible",
            "reason_code": "insufficient_evidence",
            "decided_at": "2017-10-01T00:00:00",
        },
        {
            "report_external_id": "R-3",
            "outcome": "open",
            "reason_code": "reopened",
            "reason": "New video footage",
            "decided_at": "2018-02-01T08:00:00+01:00",
        },
        {
            "report_external_id": "R-3",
            "outcome": "credible",
            "reason_code": "credible",
            "killed": 3,
            "decided_at": "2018-04-01T00:00:00",
        },
        {
            "report_source": "Ninawa Media",
            "report_external_id": "R-1",
            "outcome": "not_credible",
            "reason_code": "other",
            "reason": "A military target; «no civilians» nearby",
            "decided_at": "2017-06-15T00:00:00",
        },
    ],
    "gradings": [
        {
            "report_source": AMNESTY,
            "report_external_id": "R-1",
            "monitor": "Airwars",
            "grade": "fair",
            "killed_min": 105,
            "killed_max": 141,
            "graded_at": "2017-04-01T00:00:00",
        },
        {
            "report_external_id": "R-3",
            "monitor": "Syrian Network for Human Rights",
            "grade": "weak",
            "injured_min": 1,
            "injured_max": 2,
            "graded_at": "2017-08-10T00:00:00",
        },
    ],
    "victims": [
        {
            "report_source": AMNESTY,
            "report_external_id": "R-1",
            "external_id": "V-1",
            "name": "محمد عبد الله",
            "sex": "male",
            "age": 34,
            "age_group": "adult",
            "status": "killed",
        },
        {
            "report_source": AMNESTY,
            "report_external_id": "R-1",
            "external_id": "V-2",
            "name": "Zahra Ḥasan",
            "sex": "female",
            "age": 9,
            "age_group": "child",
            "status": "injured",
        },
        {"report_external_id": "R-3", "external_id": "V-1", "status": "killed"},
    ],
}

# worked out from DATASET: 4 sources + Ninawa Media (reports) + SNHR (gradings); 3 documents,
# the Amnesty statement cited by R-1 and W-7
COUNTS = {
    "sources": 6,
    "reports": 4,
    "documents": 3,
    "report_documents": 4,
    "strikes": 3,
    "assessments": 7,
    "gradings": 2,
    "victims": 3,
}
TABLES = {
    "sources": Source,
    "reports": Report,
    "documents": Document,
    "report_documents": report_documents,
    "strikes": Strike,
    "assessments": Assessment,
    "gradings": Grading,
    "victims": Victim,
}


def build(session: Session) -> None:
    for kind, rows in DATASET.items():
        load(session, kind, rows, now=NOW)


def table_counts(session: Session) -> dict[str, int]:
    return {
        name: session.scalar(select(func.count()).select_from(table)) or 0
        for name, table in TABLES.items()
    }


def files(directory: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(directory.iterdir())}


def import_directory(session: Session, directory: Path, file_format: str) -> None:
    for kind in ROW_MODELS:
        path = directory / f"{kind}.{file_format}"
        if path.exists():
            load(session, kind, read_rows(path, kind), source=str(path), now=NOW)


@pytest.fixture
def second_ledger(tmp_path: Path) -> Any:
    """An empty SQLite ledger beside the test's own (which may be PostgreSQL)."""
    engine = open_engine(f"sqlite:///{tmp_path / 'second.db'}")
    migrate(engine)
    yield engine
    engine.dispose()


@pytest.mark.parametrize("file_format", ["csv", "json"])
def test_export_import_export_is_byte_identical(
    session: Session, second_ledger: Any, tmp_path: Path, file_format: str
) -> None:
    build(session)
    assert table_counts(session) == COUNTS
    first, second = tmp_path / "first", tmp_path / "second"
    written = export_all(session, first, file_format)
    assert written == {
        "sources": 6,
        "reports": 4,
        "documents": 4,  # one row per citation
        "strikes": 3,
        "assessments": 7,
        "gradings": 2,
        "victims": 3,
    }
    with transaction(second_ledger) as copy:
        import_directory(copy, first, file_format)
    with transaction(second_ledger) as copy:
        assert table_counts(copy) == COUNTS
        export_all(copy, second, file_format)
    assert list(files(first)) == sorted(f"{kind}.{file_format}" for kind in ROW_MODELS)
    assert files(second) == files(first)
    # importing the export again into the ledger it came from changes nothing
    import_directory(session, first, file_format)
    assert table_counts(session) == COUNTS


def test_a_csv_export_imports_into_the_same_json_export(
    session: Session, second_ledger: Any, tmp_path: Path
) -> None:
    build(session)
    export_all(session, tmp_path / "csv", "csv")
    export_all(session, tmp_path / "json", "json")
    with transaction(second_ledger) as copy:
        import_directory(copy, tmp_path / "csv", "csv")
        export_all(copy, tmp_path / "again", "json")
    assert files(tmp_path / "again") == files(tmp_path / "json")


def test_the_exported_files_hold_what_went_in(session: Session, tmp_path: Path) -> None:
    build(session)
    export_all(session, tmp_path / "out", "csv")
    # CSV rows end in CRLF (RFC 4180); compare with the hand-written files below in plain "\n".
    text = {
        name: data.decode("utf-8").replace("\r\n", "\n")
        for name, data in files(tmp_path / "out").items()
    }
    assert text["sources.csv"] == (
        "name,type,public,url,description,simulated\n"
        "Airwars,monitor,true,https://airwars.org,,false\n"
        "Amnesty International,ngo,true,,,false\n"
        "Ninawa Media,media,true,,,false\n"
        "Raqqa Is Being Slaughtered Silently,social_media,true,,,false\n"
        "Syrian Network for Human Rights,monitor,true,,,false\n"
        'Umm Ahmad (witness),individual,false,,"Resident of al-Jadida, interviewed by phone",'
        "false\n"
    )
    assert text["strikes.csv"] == (
        "external_id,belligerent,date,time,place,country,latitude,longitude,target,engagements,"
        "simulated,strikes,location_precision,reported_on\n"
        "S-1,CJTF-OIR,2017-03-17,08:15:00,Mosul,IQ,36.34,43.13,ISIS snipers,2,false,1,,\n"
        "S-2,CJTF-OIR,2017-08-02,,,SY,,,,1,false,1,,\n"
        "S-1,RuAF,2017-08-02,23:59:59,الرقة,SY,35.95,39.01,,1,false,1,,\n"
    )
    assert text["assessments.csv"] == (
        "report_source,report_external_id,outcome,reason_code,reason,killed,injured,"
        "duplicate_of_source,duplicate_of_external_id,assessor,decided_at\n"
        "Amnesty International,R-1,credible,credible,,105,30,,,CJTF-OIR CCIR,2017-05-25T12:00:00\n"
        "Umm Ahmad (witness),W-7,duplicate,duplicate,,,,Amnesty International,R-1,,"
        "2017-06-01T00:00:00\n"
        "Ninawa Media,R-1,not_credible,other,A military target; «no civilians» nearby,,,,,,"
        "2017-06-15T00:00:00\n"
        "Raqqa Is Being Slaughtered Silently,R-3,not_credible,insufficient_evidence,,,,,,,"
        "2017-10-01T00:00:00\n"
        "Amnesty International,R-1,credible,credible,,112,30,,,,2018-01-10T00:00:00\n"
        "Raqqa Is Being Slaughtered Silently,R-3,open,reopened,New video footage,,,,,,"
        "2018-02-01T07:00:00\n"
        "Raqqa Is Being Slaughtered Silently,R-3,credible,credible,,3,,,,,2018-04-01T00:00:00\n"
    )
    reports = {
        (row["source"], row["external_id"]): row
        for row in csv.DictReader(io.StringIO(text["reports.csv"]))
    }
    amnesty = reports[(AMNESTY, "R-1")]
    assert (amnesty["latitude"], amnesty["longitude"]) == ("36.123456789", "43.0987654321")
    assert (amnesty["country"], amnesty["received_at"]) == ("IQ", "2017-03-18T06:15:00")
    assert amnesty["summary"] == "Strike on a house in al-Jadida — «بيت» collapsed"
    assert amnesty["source_type"] == "ngo"
    assert reports[(WITNESS, "W-7")]["date_end"] == "2017-03-17"
    assert reports[(WITNESS, "W-7")]["place"] == "الموصل"
    assert reports[(RIBSS, "R-3")]["received_at"] == "2017-08-09T12:30:45.123456"
    ninawa = reports[("Ninawa Media", "R-1")]
    assert ninawa["summary"] == 'Reported on the radio: "many dead",\nfigures unclear'
    assert (ninawa["source_type"], ninawa["date_precision"]) == ("media", "month")
    documents = list(csv.DictReader(io.StringIO(text["documents.csv"])))
    assert [(d["report_source"], d["report_external_id"]) for d in documents] == [
        (AMNESTY, "R-1"),
        ("Ninawa Media", "R-1"),
        (RIBSS, "R-3"),
        (WITNESS, "W-7"),
    ]
    assert documents[1]["sha256"] == SHA_ABC
    assert documents[1]["archived_text"] == ""
    assert documents[0]["retrieved_at"] == "2017-03-20T10:00:00"
    victims = list(csv.DictReader(io.StringIO(text["victims.csv"])))
    assert [v["name"] for v in victims] == ["محمد عبد الله", "Zahra Ḥasan", ""]
    assert victims[2]["sex"] == "unknown"


def test_the_json_export_is_utf8_not_escaped(session: Session, tmp_path: Path) -> None:
    build(session)
    export_kind(session, "victims", tmp_path / "people.json", "json")
    raw = (tmp_path / "people.json").read_text(encoding="utf-8")
    assert "محمد عبد الله" in raw
    items = json.loads(raw)
    assert items[0] == {
        "report_source": AMNESTY,
        "report_external_id": "R-1",
        "external_id": "V-1",
        "name": "محمد عبد الله",
        "sex": "male",
        "age": 34,
        "age_group": "adult",
        "status": "killed",
    }


@pytest.mark.parametrize("file_format", ["csv", "json"])
def test_the_public_export(session: Session, tmp_path: Path, file_format: str) -> None:
    build(session)
    tmp_path = tmp_path / "public"
    written = export_all(session, tmp_path, file_format, public=True)
    assert "victims" not in written
    exported = files(tmp_path)
    assert f"victims.{file_format}" not in exported
    assert len(exported) == 6
    everything = b"".join(exported.values()).decode("utf-8")
    assert WITNESS not in everything
    assert "Umm Ahmad" not in everything
    assert "محمد عبد الله" not in everything
    # the stand-in is used consistently: the witness's report and its duplicate decision
    sources = read_rows(tmp_path / f"sources.{file_format}", "sources")
    withheld = [row["name"] for _, row in sources if row["name"].startswith("withheld")]
    assert len(withheld) == 1
    assert withheld[0].startswith("withheld individual source")
    reports = read_rows(tmp_path / f"reports.{file_format}", "reports")
    assert [row["source"] for _, row in reports if row["external_id"] == "W-7"] == withheld
    assessments = read_rows(tmp_path / f"assessments.{file_format}", "assessments")
    assert [row["report_source"] for _, row in assessments if row["outcome"] == "duplicate"] == (
        withheld
    )


def test_a_public_export_imports_cleanly(
    session: Session, second_ledger: Any, tmp_path: Path
) -> None:
    build(session)
    export_all(session, tmp_path / "public", "csv", public=True)
    with transaction(second_ledger) as copy:
        import_directory(copy, tmp_path / "public", "csv")
        counts = table_counts(copy)
    assert counts == {**COUNTS, "victims": 0}


def test_the_public_export_withholds_the_whole_witness(session: Session, tmp_path: Path) -> None:
    """BUG (publication/export.py export_rows): a public export replaces a non-public source's
    name but still publishes its `url` and `description`, which identify the witness just as
    well (here: where she lives). Fix: when `public`, blank `url` and `description` of the
    sources in `withheld_names` (e.g. in export_rows, for kind == "sources" and
    record.public is False)."""
    build(session)
    export_all(session, tmp_path / "public", "csv", public=True)
    everything = b"".join(files(tmp_path / "public").values()).decode("utf-8")
    assert "Resident of al-Jadida" not in everything


def test_a_carriage_return_survives_a_csv_round_trip(
    session: Session, second_ledger: Any, tmp_path: Path
) -> None:
    """BUG (publication/export.py to_csv): the writer's lineterminator is "\\n", and Python's csv
    writer quotes only fields containing the delimiter, the quote or a lineterminator character,
    so a text with a lone "\\r" is written unquoted and the reader splits the row there. Fix:
    `csv.DictWriter(..., lineterminator="\\r\\n")` (RFC 4180), or quote such cells explicitly."""
    rows = [
        {
            "external_id": "R-1",
            "source": "Ninawa Media",
            "source_type": "media",
            "date_start": "2017-01-01",
            "country": "IQ",
            "summary": "first part\rsecond part",
            "received_at": "2017-02-01T00:00:00",
        }
    ]
    load(session, "reports", rows, now=NOW)
    export_all(session, tmp_path / "out", "csv")
    with transaction(second_ledger) as copy:
        import_directory(copy, tmp_path / "out", "csv")
        summary = copy.scalars(select(Report.summary)).one()
    assert summary == "first part\rsecond part"
