"""ACLED files into the ledger, on SQLite and PostgreSQL: the codebook's values translated as
`civcas.intake.acled` says, worked out by hand; bad rows named by line and column, with nothing
written; the original row kept as a hashed document; importing twice adds nothing."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import json
from pathlib import Path

import pytest
from datasettools import count, refusal, write_export
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import select
from sqlalchemy.orm import Session

from civcas.errors import FieldError
from civcas.intake.acled import ACLED, TIME_PRECISIONS, harm, to_rows
from civcas.intake.datasets import import_dataset
from civcas.ledger.models import Document, Report, report_documents
from civcas.vocab import DatePrecision, LocationPrecision, SourceType

NOW = dt.datetime(2024, 1, 1)
HEADER = (
    "event_id_cnty,event_date,year,time_precision,disorder_type,event_type,sub_event_type,"
    "actor1,assoc_actor_1,inter1,actor2,assoc_actor_2,inter2,interaction,civilian_targeting,"
    "iso,region,country,admin1,admin2,admin3,location,latitude,longitude,geo_precision,source,"
    "source_scale,notes,fatalities,tags,timestamp"
)
COLUMNS = next(csv.reader([HEADER]))
"""The columns of an ACLED export (2023 onwards), in its order."""
MANSURA = {
    "event_id_cnty": "SYR12345",
    "event_date": "2017-03-21",
    "year": "2017",
    "time_precision": "1",
    "disorder_type": "Political violence",
    "event_type": "Explosions/Remote violence",
    "sub_event_type": "Air/drone strike",
    "actor1": "Military Forces of the United States (2017-2021)",
    "inter1": "8",
    "actor2": "Civilians (Syria)",
    "inter2": "7",
    "interaction": "78",
    "civilian_targeting": "Civilian targeting",
    "iso": "760",
    "region": "Middle East",
    "country": "Syria",
    "admin1": "Ar-Raqqa",
    "admin2": "Ar-Raqqa",
    "admin3": "Al-Mansura",
    "location": "Al Mansura",
    "latitude": "35.8256",
    "longitude": "38.7561",
    "geo_precision": "1",
    "source": "SOHR; Raqqa is Being Slaughtered Silently",
    "source_scale": "National",
    "notes": "On 21 March 2017, coalition aircraft struck a school sheltering displaced "
    "families in Al Mansura (Ar-Raqqa). 33 civilians were killed.",
    "fatalities": "33",
    "timestamp": "1618500000",
}
"""The hand-worked event: an air strike marked as targeting civilians."""
LONG_NOTES = "Shelling hit the market and the houses around it, witnesses said. " * 6


def acled(**values: str) -> dict[str, str]:
    """A full ACLED row: MANSURA with `values` changed, blank cells for the rest."""
    return {column: "" for column in COLUMNS} | MANSURA | values


def write(path: Path, rows: list[dict[str, str]], columns: list[str] = COLUMNS) -> Path:
    return write_export(path, rows, columns)


def refused(session: Session, path: Path) -> list[tuple[str, str, str]]:
    return refusal(session, path, ACLED, NOW)


# --- the hand-worked event, end to end -------------------------------------------------------


def test_the_hand_worked_event(session: Session, tmp_path: Path) -> None:
    row = acled()
    result = import_dataset(session, write(tmp_path / "acled.csv", [row]), ACLED, now=NOW)
    assert (result.kind, result.added, result.unchanged) == ("acled", 1, 0)
    report = session.scalars(select(Report)).one()
    assert (report.source.name, report.source.type) == ("ACLED", SourceType.MONITOR)
    assert report.external_id == "SYR12345"
    assert (report.date_start, report.date_end) == (dt.date(2017, 3, 21), dt.date(2017, 3, 21))
    assert report.date_precision is DatePrecision.DAY
    assert report.place == "Al Mansura, Al-Mansura, Ar-Raqqa"
    assert (report.country, report.latitude, report.longitude) == ("SY", 35.8256, 38.7561)
    assert report.location_precision is LocationPrecision.TOWN
    assert report.perpetrator == "Military Forces of the United States (2017-2021)"
    assert (report.killed_min, report.killed_max) == (33, 33)
    assert report.summary == MANSURA["notes"]
    # timestamp 1618500000 s: 18,732 days and 55,200 s after 1970-01-01, i.e. day 104 of 2021
    assert report.received_at == dt.datetime(2021, 4, 15, 15, 20)
    [document] = report.documents
    assert document.url is None
    assert document.archived_text is not None
    assert json.loads(document.archived_text) == row
    assert document.archived_text == json.dumps(
        row, sort_keys=True, ensure_ascii=False, separators=(",", ":")
    )
    assert document.sha256 == hashlib.sha256(document.archived_text.encode()).hexdigest()


def test_importing_the_same_file_twice_adds_nothing(session: Session, tmp_path: Path) -> None:
    path = write(tmp_path / "acled.csv", [acled(), acled(event_id_cnty="SYR12346")])
    first = import_dataset(session, path, ACLED, now=NOW)
    second = import_dataset(session, path, ACLED, now=NOW + dt.timedelta(days=1))
    assert (first.added, first.unchanged, second.added, second.unchanged) == (2, 0, 0, 2)
    assert (count(session, Report), count(session, Document)) == (2, 2)
    assert count(session, report_documents) == 2


# --- the mapping, row by row -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("timestamp", "received"),
    [
        ("1618500000", dt.datetime(2021, 4, 15, 15, 20)),
        ("1618500000.0", dt.datetime(2021, 4, 15, 15, 20)),
        ("", None),  # no timestamp: the time of the import
        ("NA", None),
        ("1483228800", None),  # 2017-01-01, before the event of 2017-03-21: the import's time
    ],
)
def test_received_is_when_acled_entered_the_event(timestamp: str, received: object) -> None:
    assert to_rows(acled(timestamp=timestamp)).report["received_at"] == received


def test_a_timestamp_that_is_no_time_is_refused() -> None:
    with pytest.raises(FieldError) as raised:
        to_rows(acled(timestamp="yesterday"))
    assert raised.value.field == "timestamp"


def test_both_date_spellings() -> None:
    iso, spelt = to_rows(acled()).report, to_rows(acled(event_date="21 March 2017")).report
    assert iso["date_start"] == spelt["date_start"] == dt.date(2017, 3, 21)
    assert to_rows(acled(event_date="01 June 2017")).report["date_end"] == dt.date(2017, 6, 1)


@pytest.mark.parametrize(
    ("day", "time_precision", "start", "end", "precision"),
    [
        ("2017-03-21", "1", "2017-03-21", "2017-03-21", DatePrecision.DAY),
        ("2017-03-21", "2", "2017-03-18", "2017-03-24", DatePrecision.WEEK),
        ("2017-03-21", "3", "2017-03-01", "2017-03-31", DatePrecision.MONTH),
        ("2016-02-15", "3", "2016-02-01", "2016-02-29", DatePrecision.MONTH),
        ("2016-12-30", "2", "2016-12-27", "2017-01-02", DatePrecision.WEEK),
    ],
)
def test_date_windows(
    day: str, time_precision: str, start: str, end: str, precision: DatePrecision
) -> None:
    report = to_rows(acled(event_date=day, time_precision=time_precision)).report
    assert report["date_start"] == dt.date.fromisoformat(start)
    assert report["date_end"] == dt.date.fromisoformat(end)
    assert report["date_precision"] is precision


@pytest.mark.parametrize(
    ("geo_precision", "precision"),
    [
        ("1", LocationPrecision.TOWN),
        ("2", LocationPrecision.DISTRICT),
        ("3", LocationPrecision.GOVERNORATE),
    ],
)
def test_location_precisions(geo_precision: str, precision: LocationPrecision) -> None:
    assert to_rows(acled(geo_precision=geo_precision)).report["location_precision"] is precision


@pytest.mark.parametrize(
    ("iso", "code"), [("760", "SY"), ("368", "IQ"), ("4", "AF"), ("275", "PS")]
)
def test_the_numeric_iso_code_gives_the_country(iso: str, code: str) -> None:
    assert to_rows(acled(iso=iso)).report["country"] == code


def test_fatalities_not_marked_civilian_may_be_none_to_all() -> None:
    row = acled(event_type="Battles", sub_event_type="Armed clash", civilian_targeting="")
    report = to_rows(row | {"fatalities": "12"}).report
    assert (report["killed_min"], report["killed_max"]) == (0, 12)
    assert report["summary"] == (
        f"{MANSURA['notes']} (12 fatalities in all; ACLED does not say how many were civilians.)"
    )
    quiet = to_rows(row | {"fatalities": "0"}).report
    assert (quiet["killed_min"], quiet["killed_max"], quiet["summary"]) == (0, 0, MANSURA["notes"])


def test_violence_against_civilians_in_exports_before_civilian_targeting() -> None:
    row = acled(event_type="Violence against civilians")
    del row["civilian_targeting"]
    report = to_rows(row).report
    assert (report["killed_min"], report["killed_max"]) == (33, 33)


def test_long_notes_are_cut_at_a_word() -> None:
    summary = to_rows(acled(notes=LONG_NOTES)).report["summary"]
    assert len(summary) <= 300
    assert summary.endswith("…")
    kept = summary.removesuffix("…")
    assert LONG_NOTES.startswith(kept) and LONG_NOTES[len(kept)] == " "


def test_without_notes_the_summary_says_what_and_where() -> None:
    assert to_rows(acled(notes="")).report["summary"] == "Air/drone strike in Al Mansura."


@settings(max_examples=300, deadline=None)
@given(
    day=st.dates(dt.date(1997, 1, 1), dt.date(2030, 12, 31)),
    time_precision=st.sampled_from(sorted(TIME_PRECISIONS)),
    spelt=st.booleans(),
)
def test_every_window_holds_the_date_and_fits_its_precision(
    day: dt.date, time_precision: int, spelt: bool
) -> None:
    written = day.strftime("%d %B %Y") if spelt else day.isoformat()
    report = to_rows(acled(event_date=written, time_precision=str(time_precision))).report
    precision = report["date_precision"]
    assert precision is TIME_PRECISIONS[time_precision]
    assert report["date_start"] <= day <= report["date_end"]
    assert report["date_end"] - report["date_start"] <= precision.max_span


# --- bad rows: named by line and column, nothing written -------------------------------------


@pytest.mark.parametrize(
    ("values", "field", "reason"),
    [
        ({"event_date": "2017-13-01"}, "event_date", "'2017-13-01' is not a date"),
        ({"event_date": "32 March 2017"}, "event_date", "'32 March 2017' is not a date"),
        ({"time_precision": "4"}, "time_precision", "4 is not an ACLED time precision (1–3)"),
        ({"geo_precision": "0"}, "geo_precision", "0 is not an ACLED geo precision (1–3)"),
        ({"latitude": "-91"}, "latitude", "-91 is outside −90…90"),
        ({"longitude": "181.5"}, "longitude", "181.5 is outside −180…180"),
        ({"fatalities": "many"}, "fatalities", "'many' is not a whole number ≥ 0"),
        ({"event_id_cnty": " "}, "event_id_cnty", "is blank (or NA); every row needs one"),
        ({"fatalities": "NA"}, "fatalities", "is blank (or NA); every row needs one"),
        ({"time_precision": "1.5"}, "time_precision", "1.5 is not an ACLED time precision"),
        ({"event_date": "2017-21-03"}, "event_date", "'2017-21-03' is not a date"),
        ({"iso": "", "country": "Kosovo"}, "country", "'Kosovo' is not a country with an ISO"),
        (
            {"iso": "0", "country": "Kosovo"},
            "iso",
            "0 is not an ISO 3166-1 numeric country code (Kosovo)",
        ),
    ],
)
def test_a_bad_row_is_named_and_nothing_is_written(
    session: Session, tmp_path: Path, values: dict[str, str], field: str, reason: str
) -> None:
    rows = [acled(event_id_cnty="SYR1"), acled(**{"event_id_cnty": "SYR2", **values})]
    [(location, named, why)] = refused(session, write(tmp_path / "acled.csv", rows))
    assert (location, named) == ("line 3", field)
    assert why.startswith(reason)


def test_an_id_twice_in_a_file(session: Session, tmp_path: Path) -> None:
    path = write(tmp_path / "acled.csv", [acled(), acled(fatalities="34")])
    message = "event_id_cnty SYR12345 repeats the row of line 2"
    assert refused(session, path) == [("line 3", "event_id_cnty", message)]


# --- which events, and who acted ------------------------------------------------------------


@pytest.mark.parametrize(
    ("event_type", "civilian_targeting", "kept"),
    [
        ("Violence against civilians", "Civilian targeting", True),
        ("Violence against civilians", "", True),  # exports older than civilian_targeting
        ("Violence Against Civilians", "", True),  # as some 2015 exports spell it
        ("Explosions/Remote violence", "", True),  # air and drone strikes, shelling, IEDs
        ("Remote violence", "", True),  # its name until 2019
        ("Riots", "Civilian targeting", True),  # mob violence against civilians
        ("Riots", "", False),
        ("Battles", "", False),
        ("Protests", "", False),
        ("Strategic developments", "", False),
        ("Strategic development", "NA", False),
        ("", "", True),  # a row that names no event type is kept
    ],
)
def test_which_events_can_be_allegations_of_civilian_harm(
    event_type: str, civilian_targeting: str, kept: bool
) -> None:
    assert harm(acled(event_type=event_type, civilian_targeting=civilian_targeting)) is kept


@pytest.mark.parametrize(
    ("actors", "perpetrator"),
    [
        ({}, "Military Forces of the United States (2017-2021)"),
        # older exports code some attacks with the civilians first
        (
            {"actor1": "Civilians (Somalia)", "inter1": "7", "actor2": "Al Shabaab", "inter2": "2"},
            "Al Shabaab",
        ),
        ({"actor1": "Civilians (Somalia)", "inter1": "7.0", "actor2": "IS", "inter2": "2.0"}, "IS"),
        # exports from 2024 name the actor type
        (
            {"actor1": "Residents", "inter1": "Civilians", "actor2": "IS", "inter2": "Rebel group"},
            "IS",
        ),
        ({"actor1": "Civilians (Benin)", "inter1": "7", "actor2": "", "inter2": "0"}, None),
        ({"actor1": "Civilians (Benin)", "actor2": "Civilians (Benin)"}, None),
        ({"actor1": "NA", "actor2": "NA"}, None),
    ],
)
def test_the_perpetrator_is_the_actor_that_acted_never_civilians(
    actors: dict[str, str], perpetrator: str | None
) -> None:
    assert to_rows(acled(**actors)).report["perpetrator"] == perpetrator


# --- exports as ACLED and the usual tools write them ----------------------------------------


@pytest.mark.parametrize(
    "written",
    [
        "2017-03-21",
        "2017-03-21 00:00:00",
        "21 March 2017",
        "21-March-2017",
        "21/03/2017",
        "21-Mar-17",
        "21-03-17",
    ],
)
def test_every_way_exports_write_the_date(written: str) -> None:
    mapped = to_rows(acled(event_date=written))
    assert mapped.report["date_start"] == dt.date(2017, 3, 21)
    assert mapped.inconsistent is None


def test_a_date_outside_the_rows_year_is_kept_as_stated_and_named() -> None:
    mapped = to_rows(acled(event_date="28/12/2015", year="2016"))
    assert mapped.report["date_start"] == dt.date(2015, 12, 28)
    assert mapped.inconsistent == "event_date (28/12/2015) is in 2015, but year is 2016"


def test_whole_numbers_written_with_decimals_and_na_cells() -> None:
    row = acled(time_precision="1.0", geo_precision="2.0", fatalities="33.0", iso="760.0")
    row |= {"admin3": "NA", "location": "Al Mansura", "notes": "NA", "sub_event_type": "NA"}
    report = to_rows(row).report
    assert report["date_precision"] is DatePrecision.DAY
    assert report["location_precision"] is LocationPrecision.DISTRICT
    assert (report["killed_min"], report["killed_max"], report["country"]) == (33, 33, "SY")
    assert report["place"] == "Al Mansura, Ar-Raqqa"
    assert report["summary"] == "Explosions/Remote violence in Al Mansura."


@pytest.mark.parametrize(
    ("columns", "code"),
    [
        ({"iso": "760"}, "SY"),
        ({"iso": "", "iso3": "SYR"}, "SY"),
        ({"iso": "NA", "iso3": "", "country": "Syria"}, "SY"),
        ({"iso": "", "country": "Democratic Republic of Congo"}, "CD"),
        ({"iso": "", "country": "Ivory Coast"}, "CI"),
        ({"iso": "", "country": "Swaziland"}, "SZ"),
    ],
)
def test_the_country_without_a_numeric_iso_code(columns: dict[str, str], code: str) -> None:
    assert to_rows(acled(**columns)).report["country"] == code


def test_an_unknown_alpha_3_code_is_refused() -> None:
    with pytest.raises(FieldError) as refusal:
        to_rows(acled(iso="", iso3="XYZ"))
    assert (refusal.value.field, refusal.value.message) == (
        "iso3",
        "'XYZ' is not an ISO 3166-1 alpha-3 country code",
    )
