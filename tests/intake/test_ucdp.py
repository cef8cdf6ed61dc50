"""UCDP GED files into the ledger, on SQLite and PostgreSQL: the codebook's values translated as
`civcas.intake.ucdp` says, worked out by hand; bad rows named by line and column, with nothing
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
from typer.testing import CliRunner

from civcas.cli import app
from civcas.errors import FieldError, IntakeError
from civcas.intake import datasets
from civcas.intake.datasets import import_dataset
from civcas.intake.ucdp import DATE_PRECISIONS, UCDP_GED, to_rows
from civcas.ledger.models import Document, Report, report_documents
from civcas.vocab import DatePrecision, LocationPrecision, SourceType

NOW = dt.datetime(2024, 1, 1)
HEADER = (
    "id,relid,year,active_year,code_status,type_of_violence,conflict_dset_id,conflict_new_id,"
    "conflict_name,dyad_dset_id,dyad_new_id,dyad_name,side_a_dset_id,side_a_new_id,side_a,"
    "side_b_dset_id,side_b_new_id,side_b,number_of_sources,source_article,source_office,"
    "source_date,source_headline,source_original,where_prec,where_coordinates,"
    "where_description,adm_1,adm_2,latitude,longitude,geom_wkt,priogrid_gid,country,"
    "country_id,region,event_clarity,date_prec,date_start,date_end,deaths_a,deaths_b,"
    "deaths_civilians,deaths_unknown,best,high,low,gwnoa,gwnob"
)
COLUMNS = next(csv.reader([HEADER]))
"""The columns of a GED release (23.1), in its order."""
MOSUL = {
    "id": "244657",
    "relid": "IRQ-2017-1-524-37",
    "year": "2017",
    "active_year": "1",
    "code_status": "Clear",
    "type_of_violence": "1",
    "conflict_name": "Iraq: Government",
    "dyad_name": "Government of Iraq - IS",
    "side_a": "Government of Iraq",
    "side_b": "IS",
    "source_article": '"Reuters,2017-03-24,Airstrike in Mosul"',
    "source_original": "Residents; civil defence (الدفاع المدني)",
    "where_prec": "1",
    "where_coordinates": "Mosul town",
    "where_description": "al-Jadida neighbourhood, western Mosul",
    "adm_1": "Ninawa province",
    "adm_2": "Mosul district",
    "latitude": "36.3402",
    "longitude": "43.1287",
    "geom_wkt": "POINT (43.1287 36.3402)",
    "country": "Iraq",
    "country_id": "645",
    "region": "Middle East",
    "event_clarity": "1",
    "date_prec": "1",
    "date_start": "2017-03-17",
    "date_end": "2017-03-17",
    "deaths_a": "0",
    "deaths_b": "0",
    "deaths_civilians": "105",
    "deaths_unknown": "0",
    "best": "105",
    "high": "141",
    "low": "105",
}
"""The hand-worked event: every death civilian."""


def ged(**values: str) -> dict[str, str]:
    """A full GED row: MOSUL with `values` changed, blank cells for the rest."""
    return {column: "" for column in COLUMNS} | MOSUL | values


def write(path: Path, rows: list[dict[str, str]], columns: list[str] = COLUMNS) -> Path:
    return write_export(path, rows, columns)


def refused(session: Session, path: Path) -> list[tuple[str, str, str]]:
    return refusal(session, path, UCDP_GED, NOW)


# --- the hand-worked event, end to end -------------------------------------------------------


def test_the_hand_worked_event(session: Session, tmp_path: Path) -> None:
    row = ged()
    result = import_dataset(session, write(tmp_path / "ged.csv", [row]), UCDP_GED, now=NOW)
    assert (result.kind, result.added, result.unchanged) == ("ucdp-ged", 1, 0)
    assert (result.skipped, result.inconsistent) == (0, ())
    report = session.scalars(select(Report)).one()
    assert (report.source.name, report.source.type) == ("UCDP GED", SourceType.MONITOR)
    assert report.external_id == "244657"
    assert (report.date_start, report.date_end) == (dt.date(2017, 3, 17), dt.date(2017, 3, 17))
    assert report.date_precision is DatePrecision.DAY
    assert report.place == "Mosul town, Mosul district, Ninawa province"
    assert (report.country, report.latitude, report.longitude) == ("IQ", 36.3402, 43.1287)
    assert report.location_precision is LocationPrecision.TOWN
    assert report.perpetrator == "Government of Iraq"
    assert (report.killed_min, report.killed_max) == (105, 141)
    assert (report.injured_min, report.injured_max) == (None, None)
    assert report.summary == (
        "State-based conflict (Government of Iraq - IS): UCDP's best estimate is 105 deaths "
        "(low 105, high 141), all of them civilians. Place as described: al-Jadida "
        "neighbourhood, western Mosul."
    )
    assert report.received_at == NOW
    [document] = report.documents
    assert document.url == "https://ucdp.uu.se/event/244657"
    assert document.archived_text is not None
    assert json.loads(document.archived_text) == row  # every column, as written
    assert document.archived_text == json.dumps(
        row, sort_keys=True, ensure_ascii=False, separators=(",", ":")
    )
    assert "الدفاع المدني" in document.archived_text
    assert document.sha256 == hashlib.sha256(document.archived_text.encode()).hexdigest()


def test_importing_the_same_file_twice_adds_nothing(session: Session, tmp_path: Path) -> None:
    path = write(
        tmp_path / "ged.csv",
        [ged(), ged(id="244658", date_start="2017-03-18", date_end="2017-03-18")],
    )
    first = import_dataset(session, path, UCDP_GED, now=NOW)
    second = import_dataset(session, path, UCDP_GED, now=NOW + dt.timedelta(days=1))
    assert (first.added, first.unchanged, second.added, second.unchanged) == (2, 0, 0, 2)
    assert (count(session, Report), count(session, Document)) == (2, 2)
    assert count(session, report_documents) == 2


def test_a_changed_event_is_a_conflict_not_an_overwrite(session: Session, tmp_path: Path) -> None:
    import_dataset(session, write(tmp_path / "v1.csv", [ged()]), UCDP_GED, now=NOW)
    changed = write(tmp_path / "v2.csv", [ged(high="150")])
    with pytest.raises(IntakeError) as refusal:
        import_dataset(session, changed, UCDP_GED, now=NOW)
    [error] = refusal.value.errors
    assert (error.location, error.field) == ("line 2", "killed_max")
    assert "overwrite" in error.reason
    assert session.scalars(select(Report.killed_max)).one() == 141
    assert count(session, Document) == 1


def test_progress_counts_the_rows_read(
    session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(datasets, "CHUNK", 2)
    rows = [ged(id=str(n)) for n in range(1, 6)]
    done: list[int] = []
    path = write(tmp_path / "ged.csv", rows)
    assert import_dataset(session, path, UCDP_GED, progress=done.append, now=NOW).added == 5
    assert done == [2, 4, 5]


# --- the mapping, row by row -----------------------------------------------------------------


def test_deaths_not_all_civilian_give_the_civilian_figure_alone() -> None:
    row = ged(deaths_a="6", deaths_b="11", deaths_civilians="3", best="20", low="18", high="25")
    report = to_rows(row | {"where_description": ""}).report
    assert (report["killed_min"], report["killed_max"]) == (3, 3)
    assert report["summary"] == (
        "State-based conflict (Government of Iraq - IS): UCDP's best estimate is 20 deaths "
        "(low 18, high 25), 3 of them civilians; GED gives no low or high for civilians, so the "
        "civilian count is that figure alone."
    )


def test_one_sided_violence_without_a_dyad_name() -> None:
    row = ged(type_of_violence="3", dyad_name="", side_a="IS", best="4", low="4", high="9")
    row |= {"deaths_civilians": "4", "where_description": ""}
    report = to_rows(row).report
    assert (report["perpetrator"], report["killed_min"], report["killed_max"]) == ("IS", 4, 9)
    assert report["summary"].startswith("One-sided violence: UCDP's best estimate is 4 deaths")


@pytest.mark.parametrize(
    ("start", "end", "date_prec", "precision"),
    [
        ("2017-03-17", "2017-03-17", "1", DatePrecision.DAY),
        ("2017-03-14", "2017-03-17", "2", DatePrecision.WEEK),  # 3 days
        ("2017-03-13", "2017-03-19", "3", DatePrecision.WEEK),  # Monday to Sunday: 6 days
        ("2017-03-13", "2017-03-20", "3", DatePrecision.MONTH),  # 7 days: more than a week
        ("2017-03-01", "2017-03-31", "4", DatePrecision.MONTH),  # 30 days
        ("2016-01-01", "2016-12-31", "5", DatePrecision.YEAR),  # a leap year: 365 days
        ("2017-03-17", "2017-03-17", "4", DatePrecision.MONTH),  # never finer than date_prec
        ("2017-03-17", "2017-03-19", "1", DatePrecision.WEEK),  # nor than the window
    ],
)
def test_date_windows(start: str, end: str, date_prec: str, precision: DatePrecision) -> None:
    report = to_rows(ged(date_start=start, date_end=end, date_prec=date_prec)).report
    assert report["date_start"] == dt.date.fromisoformat(start)
    assert report["date_end"] == dt.date.fromisoformat(end)
    assert report["date_precision"] is precision


def test_dates_may_carry_a_midnight_time() -> None:
    row = ged(date_start="2017-03-17 00:00:00.000", date_end="2017-03-19 00:00:00.000")
    report = to_rows(row).report
    assert (report["date_start"], report["date_end"]) == (
        dt.date(2017, 3, 17),
        dt.date(2017, 3, 19),
    )


@pytest.mark.parametrize(
    ("where_prec", "precision"),
    [
        ("1", LocationPrecision.TOWN),
        ("2", LocationPrecision.DISTRICT),
        ("3", LocationPrecision.DISTRICT),
        ("4", LocationPrecision.GOVERNORATE),
        ("5", LocationPrecision.COUNTRY),
        ("6", LocationPrecision.COUNTRY),
        ("7", LocationPrecision.COUNTRY),
    ],
)
def test_location_precisions(where_prec: str, precision: LocationPrecision) -> None:
    assert to_rows(ged(where_prec=where_prec)).report["location_precision"] is precision


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("Iraq", "IQ"),
        ("Syria", "SY"),
        ("Yemen (North Yemen)", "YE"),
        ("DR Congo (Zaire)", "CD"),
        ("Russia (Soviet Union)", "RU"),
        ("Bosnia-Herzegovina", "BA"),
        ("Ivory Coast", "CI"),
        ("Kingdom of eSwatini (Swaziland)", "SZ"),
        ("Turkey", "TR"),
    ],
)
def test_country_names(name: str, code: str) -> None:
    assert to_rows(ged(country=name)).report["country"] == code


def test_the_place_names_each_part_once() -> None:
    row = ged(where_coordinates="Mosul town", adm_2="Mosul town", adm_1="Ninawa province")
    assert to_rows(row).report["place"] == "Mosul town, Ninawa province"
    blank = ged(where_coordinates="", where_description="", adm_2="", adm_1="")
    assert to_rows(blank).report["place"] is None


@pytest.mark.parametrize(
    ("coordinates", "description", "place", "described"),
    [
        # every version: the name of the place the coordinates are those of
        ("Rawah town", "", "Rawah town, Mosul district, Ninawa province", ""),
        # 20.1 on: the sources' description goes in the summary, not in the place
        (
            "Rawah town",
            "on the edge of Rawah",
            "Rawah town, Mosul district, Ninawa province",
            " Place as described: on the edge of Rawah.",
        ),
        ("Rawah town", "Rawah town", "Rawah town, Mosul district, Ninawa province", ""),
        # a row whose where_coordinates is blank: the description names the place
        ("", "al-Qaim town", "al-Qaim town, Mosul district, Ninawa province", ""),
        ("NA", "al-Qaim town", "al-Qaim town, Mosul district, Ninawa province", ""),
    ],
)
def test_the_place_is_named_from_where_coordinates_or_where_description(
    coordinates: str, description: str, place: str, described: str
) -> None:
    row = ged(where_coordinates=coordinates, where_description=description)
    report = to_rows(row).report
    assert report["place"] == place
    assert report["summary"].endswith("all of them civilians." + described)


def test_a_ged_191_row_has_no_where_description_column() -> None:
    row = {name: value for name, value in ged().items() if name != "where_description"}
    assert to_rows(row).report["place"] == "Mosul town, Mosul district, Ninawa province"


# --- rows inconsistent in the source: imported as stated, never refused or repaired ----------


@pytest.mark.parametrize(
    ("values", "killed", "reason"),
    [
        (
            {"low": "150", "best": "141", "high": "105", "deaths_civilians": "141"},
            (105, 150),
            "low (150) is greater than high (105)",
        ),
        (
            {"low": "0", "best": "3", "high": "0", "deaths_civilians": "3"},
            (0, 3),
            "best (3) is outside low..high (0..0)",
        ),
        (
            {"low": "9", "best": "10", "high": "4", "deaths_civilians": "10"},
            (4, 10),
            "low (9) is greater than high (4); best (10) is outside low..high (9..4)",
        ),
        (
            {"deaths_civilians": "106"},
            (106, 106),
            "deaths_civilians (106) exceed best (105)",
        ),
        (
            {"low": "5", "best": "2", "high": "5", "deaths_civilians": "1", "deaths_a": "1"},
            (1, 1),
            "best (2) is outside low..high (5..5)",
        ),
    ],
)
def test_figures_that_contradict_each_other_are_kept_and_named(
    values: dict[str, str], killed: tuple[int, int], reason: str
) -> None:
    mapped = to_rows(ged(where_description="", **values))
    assert (mapped.report["killed_min"], mapped.report["killed_max"]) == killed
    assert mapped.inconsistent == reason
    assert f"GED's figures contradict each other ({reason})" in mapped.report["summary"]
    if values.get("deaths_civilians") == values.get("best"):
        assert mapped.report["summary"].endswith(
            f"the lowest to the highest figure stated, {killed[0]}–{killed[1]}."
        )
    assert json.loads(mapped.document["archived_text"]) == ged(where_description="", **values)


def test_consistent_figures_are_not_flagged() -> None:
    assert to_rows(ged()).inconsistent is None


@settings(max_examples=300, deadline=None)
@given(
    start=st.dates(dt.date(1989, 1, 1), dt.date(2030, 12, 31)),
    days=st.integers(0, 365),
    date_prec=st.sampled_from(sorted(DATE_PRECISIONS)),
)
def test_every_window_fits_its_precision(start: dt.date, days: int, date_prec: int) -> None:
    end = start + dt.timedelta(days=days)
    row = ged(date_start=start.isoformat(), date_end=end.isoformat(), date_prec=str(date_prec))
    report = to_rows(row).report
    precision = report["date_precision"]
    assert report["date_start"] <= report["date_end"]
    assert report["date_end"] - report["date_start"] <= precision.max_span
    assert precision.max_span >= DATE_PRECISIONS[date_prec].max_span
    finer = [p for p in DatePrecision if p.max_span < precision.max_span]
    for other in finer:  # the smallest that fits: each finer one is too short or too fine
        too_short = other.max_span < end - start
        assert too_short or other.max_span < DATE_PRECISIONS[date_prec].max_span


def test_a_window_longer_than_a_year_is_refused() -> None:
    with pytest.raises(FieldError) as refusal:
        to_rows(ged(date_start="2016-01-01", date_end="2017-01-01", date_prec="5"))
    assert (refusal.value.field, refusal.value.message) == (
        "date_end",
        "date_start..date_end spans 366 days, more than a year",
    )


# --- bad rows: named by line and column, nothing written -------------------------------------


@pytest.mark.parametrize(
    ("values", "field", "reason"),
    [
        ({"date_start": "2017-02-30"}, "date_start", "'2017-02-30' is not a date (YYYY-MM-DD, or"),
        ({"date_end": "2017-03-16"}, "date_end", "date_end (2017-03-16) is before date_start"),
        ({"date_prec": "9"}, "date_prec", "9 is not a UCDP date precision (1–5)"),
        ({"where_prec": "0"}, "where_prec", "0 is not a UCDP location precision (1–7)"),
        ({"latitude": "95.5"}, "latitude", "95.5 is outside −90…90"),
        ({"longitude": "east"}, "longitude", "'east' is not a number of degrees"),
        ({"best": "-1"}, "best", "'-1' is not a whole number ≥ 0"),
        ({"best": "1.5"}, "best", "'1.5' is not a whole number ≥ 0"),
        ({"date_prec": "1.5"}, "date_prec", "1.5 is not a UCDP date precision (1–5)"),
        ({"where_prec": "NA"}, "where_prec", "is blank (or NA); every row needs one"),
        ({"id": ""}, "id", "is blank (or NA); every row needs one"),
        ({"country": "Atlantis"}, "country", "'Atlantis' is not a country with an ISO 3166-1"),
    ],
)
def test_a_bad_row_is_named_and_nothing_is_written(
    session: Session, tmp_path: Path, values: dict[str, str], field: str, reason: str
) -> None:
    path = write(tmp_path / "ged.csv", [ged(id="1"), ged(**{"id": "2", **values})])
    [(location, named, why)] = refused(session, path)
    assert (location, named) == ("line 3", field)
    assert why.startswith(reason)


def test_an_id_twice_in_a_file(session: Session, tmp_path: Path) -> None:
    path = write(tmp_path / "ged.csv", [ged(), ged(id="7"), ged(high="150")])
    assert refused(session, path) == [("line 4", "id", "id 244657 repeats the row of line 2")]


def test_every_bad_row_is_listed_by_the_line_it_starts_on(session: Session, tmp_path: Path) -> None:
    rows = [
        ged(id="1", source_original="two\nlines"),  # lines 2-3
        ged(id="2", date_prec="6"),  # line 4
        ged(id="3"),
        ged(id="4", latitude="-91", longitude="200"),  # line 6: the first problem of a row
    ]
    path = write(tmp_path / "ged.csv", rows)
    assert [error[:2] for error in refused(session, path)] == [
        ("line 4", "date_prec"),
        ("line 6", "latitude"),
    ]


def test_a_missing_column_is_refused_before_any_row(session: Session, tmp_path: Path) -> None:
    columns = [column for column in COLUMNS if column != "deaths_civilians"]
    path = write(tmp_path / "ged.csv", [ged()], columns)
    assert refused(session, path) == [("line 1", "deaths_civilians", "required column is missing")]


def test_a_row_of_the_wrong_width(session: Session, tmp_path: Path) -> None:
    path = write(tmp_path / "ged.csv", [ged()])
    with path.open("a", encoding="utf-8") as file:
        file.write("1,2,3\n")
    assert refused(session, path) == [("line 3", "row", f"3 fields, header has {len(COLUMNS)}")]


def test_bytes_that_are_not_utf8(session: Session, tmp_path: Path) -> None:
    path = write(tmp_path / "ged.csv", [ged(), ged(id="2")])
    path.write_bytes(path.read_bytes().replace(b"Ninawa", b"Nin\xe2wa", 2))
    [(location, field, _)] = refused(session, path)
    assert (location, field) == ("line 2", "encoding")


def test_the_command_imports_and_a_bad_file_imports_nothing(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'ledger.db'}"
    good = write(tmp_path / "ged.csv", [MOSUL, ged(id="244658")])
    bad = write(tmp_path / "bad.csv", [ged(id="244659", date_prec="9")])
    runner = CliRunner()
    done = runner.invoke(app, ["--db", url, "import", "ucdp-ged", str(good)])
    assert done.exit_code == 0, done.output
    assert "2 added, 0 already recorded" in " ".join(done.output.split())
    refused_run = runner.invoke(app, ["--db", url, "import", "ucdp-ged", str(bad)])
    assert refused_run.exit_code == 1
    assert "date_prec" in refused_run.output
    again = runner.invoke(app, ["--db", url, "import", "ucdp-ged", str(good)])
    assert "0 added, 2 already recorded" in " ".join(again.output.split())


def test_a_windows_file_is_read_in_the_encoding_its_user_names(
    session: Session, tmp_path: Path
) -> None:
    """A GED row saved as Windows-1252: refused as UTF-8 (its line named, the way out said),
    read whole with encoding="cp1252". The Arabic of `source_original` has no Windows-1252
    form, so this row names its source in Latin letters."""
    row = ged(where_coordinates="Hammam al-Alil café", source_original="Résidents")
    path = tmp_path / "ged-cp1252.csv"
    with path.open("w", encoding="cp1252", newline="") as file:
        writer = csv.DictWriter(file, COLUMNS, extrasaction="ignore")
        writer.writeheader()
        writer.writerow(row)
    [(location, field, reason)] = refused(session, path)
    assert (location, field) == ("line 2", "encoding")
    assert reason.startswith("not valid UTF-8") and "--encoding cp1252" in reason
    result = import_dataset(session, path, UCDP_GED, now=NOW, encoding="cp1252")
    assert result.added == 1
    report = session.scalars(select(Report)).one()
    assert report.place is not None and report.place.startswith("Hammam al-Alil café, ")


def test_an_encoding_python_does_not_know_is_refused(session: Session, tmp_path: Path) -> None:
    with pytest.raises(FieldError) as raised:
        import_dataset(
            session, write(tmp_path / "ged.csv", [ged()]), UCDP_GED, now=NOW, encoding="klingon"
        )
    assert (raised.value.field, raised.value.message) == (
        "encoding",
        "'klingon' is not an encoding Python knows",
    )
