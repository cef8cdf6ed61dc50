"""UCDP GED and ACLED files as their publishers' versions and the usual tools write them, on SQLite
and PostgreSQL: GED 19.1 saved by R then pandas (`1.0`, `214797.0`), GED 23.1 written by R (`NA`),
an HDX country extract (HXL hashtag row, `iso3`), rows whose figures contradict each other;
ACLED's 2023 export (event types, civilian targeting, `NA`), its Africa file as exported until
2019 (upper-case columns, day-first dates, no ISO code) and a 2020 export resaved by a spreadsheet.

The fixtures in tests/data/dataset/ (`ucdp_*.csv`, `acled_*.csv`) are hand-made: invented events
at real places, in the column sets and spellings of the real files measured for issue 18."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from datasettools import count, refusal
from sqlalchemy import select
from sqlalchemy.orm import Session

from civcas.errors import IntakeError
from civcas.intake.acled import ACLED
from civcas.intake.datasets import Dataset, DatasetResult, Inconsistency, import_dataset
from civcas.intake.ucdp import UCDP_GED
from civcas.ledger.models import Document, Report
from civcas.vocab import DatePrecision, LocationPrecision

DATASET = Path(__file__).resolve().parent.parent / "data" / "dataset"
NOW = dt.datetime(2024, 1, 1)


def imported(
    session: Session, name: str, dataset: Dataset, **options: bool
) -> tuple[DatasetResult, dict[str, Report]]:
    result = import_dataset(session, DATASET / name, dataset, now=NOW, **options)
    reports = {report.external_id: report for report in session.scalars(select(Report))}
    return result, reports


def copy_with(tmp_path: Path, name: str, old: str, new: str) -> Path:
    """The fixture with one piece of text changed (it must occur once)."""
    text = (DATASET / name).read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path = tmp_path / name
    path.write_text(text.replace(old, new), encoding="utf-8")
    return path


def archived(report: Report) -> dict[str, str]:
    [document] = report.documents
    assert document.archived_text is not None
    cells: dict[str, str] = json.loads(document.archived_text)
    return cells


# --- UCDP GED ----------------------------------------------------------------------------------


def test_ged_191_saved_by_r_then_pandas(session: Session) -> None:
    """Whole numbers written `1.0`, the ids `214797.0`; GED 19.1 names the place in
    `where_coordinates` and has no `where_description`."""
    result, reports = imported(session, "ucdp_ged191_decimals.csv", UCDP_GED)
    assert (result.added, result.unchanged, result.skipped, result.inconsistent) == (2, 0, 0, ())
    assert sorted(reports) == ["214797", "214798"]
    first, second = reports["214797"], reports["214798"]
    assert first.place == "Al Busayrah town, Dayr al Zawr district, Dayr al Zawr governorate"
    assert (first.date_precision, first.location_precision) == (
        DatePrecision.DAY,
        LocationPrecision.TOWN,
    )
    assert (first.killed_min, first.killed_max, first.perpetrator) == (7, 9, "IS")
    assert first.summary is not None and first.summary.startswith("One-sided violence")
    assert second.place == "Hajin town, Abu Kamal district, Dayr al Zawr governorate"
    assert (second.date_precision, second.location_precision) == (
        DatePrecision.WEEK,
        LocationPrecision.DISTRICT,
    )
    assert (second.killed_min, second.killed_max) == (1, 1)
    [document] = first.documents
    assert document.url == "https://ucdp.uu.se/event/214797"
    assert archived(first)["id"] == "214797.0"  # the row as the file gives it
    assert archived(first)["date_prec"] == "1.0"


@pytest.mark.parametrize(
    ("old", "new", "field", "reason"),
    [
        (",1.0,Al Busayrah town,", ",1.5,Al Busayrah town,", "where_prec", "1.5 is not a UCDP"),
        (",7.0,0.0,7.0,7.0,9.0", ",7.5,0.0,7.0,7.0,9.0", "deaths_civilians", "'7.5' is not a"),
    ],
)
def test_a_fraction_where_a_whole_number_is_needed_is_refused(
    session: Session, tmp_path: Path, old: str, new: str, field: str, reason: str
) -> None:
    path = copy_with(tmp_path, "ucdp_ged191_decimals.csv", old, new)
    [(location, named, why)] = refusal(session, path, UCDP_GED, NOW)
    assert (location, named) == ("line 2", field)
    assert why.startswith(reason)


def test_ged_231_written_by_r_reads_na_as_missing(session: Session) -> None:
    """R's `NA` is no place name; `where_description` goes in the summary; where
    `where_coordinates` is NA, the description names the place."""
    result, reports = imported(session, "ucdp_ged231_na.csv", UCDP_GED)
    assert (result.added, result.inconsistent) == (3, ())
    town, province, described = reports["401201"], reports["401202"], reports["401203"]
    assert town.place == "Rawah town, Anbar province"
    assert town.summary is not None
    assert town.summary.endswith("Place as described: on the edge of Rawah.")
    assert province.place == "Anbar province"
    assert province.location_precision is LocationPrecision.GOVERNORATE
    assert (province.killed_min, province.killed_max) == (0, 0)
    assert described.place == "al-Qaim town, Anbar province"
    for report in reports.values():
        assert "NA" not in (report.place or "").split(", ")
        assert "NA" not in (report.summary or "")
        assert archived(report)["adm_2"] == "NA"


def test_an_hdx_extract_with_its_hashtag_row(session: Session, tmp_path: Path) -> None:
    """HDX's country extracts put a row of HXL hashtags under the header and add `iso3`."""
    bad = copy_with(tmp_path, "ucdp_ged_hdx.csv", "2013-12-14,2013-12-14", "2013-12-14,2013-12-1")
    assert [error[:2] for error in refusal(session, bad, UCDP_GED, NOW)] == [("line 4", "date_end")]
    result, reports = imported(session, "ucdp_ged_hdx.csv", UCDP_GED)
    assert (result.added, sorted(reports)) == (2, ["70001", "70002"])
    assert reports["70001"].country == "BD"
    assert reports["70001"].place == "Pirojpur town, Pirojpur District, Barisal Division"


def test_the_download_of_ucdps_web_site(session: Session, tmp_path: Path) -> None:
    """UCDP's site names the estimates `best_est`, `high_est`, `low_est`, ends every row in a
    trailing comma and writes dates month first with a midnight time: 03/17/2017 is the 17th of
    March, 04/02/2017 the 2nd of April. A row with two fields too many is still refused."""
    wide = copy_with(tmp_path, "ucdp_web_download.csv", "2,2,2,\n", "2,2,2,,\n")
    assert [error[:2] for error in refusal(session, wide, UCDP_GED, NOW)] == [("line 3", "row")]
    result, reports = imported(session, "ucdp_web_download.csv", UCDP_GED)
    assert (result.added, result.inconsistent, result.rejected) == (2, (), ())
    hit, rawah = reports["501001"], reports["501002"]
    assert (hit.date_start, hit.date_end) == (dt.date(2017, 3, 17), dt.date(2017, 3, 17))
    assert rawah.date_start == dt.date(2017, 4, 2)
    assert (hit.killed_min, hit.killed_max, rawah.killed_min, rawah.killed_max) == (4, 6, 2, 2)
    assert archived(hit)["best_est"] == "5"


def test_rows_inconsistent_in_the_source_are_imported_as_stated_and_listed(
    session: Session,
) -> None:
    result, reports = imported(session, "ucdp_ged_inconsistent.csv", UCDP_GED)
    assert (result.added, result.unchanged) == (5, 0)
    assert result.inconsistent == (
        Inconsistency("500002", "low (5) is greater than high (3)", "line 3"),
        Inconsistency("500003", "best (3) is outside low..high (0..0)", "line 4"),
        Inconsistency("500004", "deaths_civilians (5) exceed best (2)", "line 5"),
        Inconsistency(
            "500005",
            "low (9) is greater than high (4); best (10) is outside low..high (9..4)",
            "line 6",
        ),
    )
    killed = {key: (report.killed_min, report.killed_max) for key, report in reports.items()}
    assert killed == {
        "500001": (4, 4),
        "500002": (3, 5),  # every death civilian: the lowest to the highest figure stated
        "500003": (0, 3),
        "500004": (5, 5),  # the civilian figure alone, as for any row not all civilian
        "500005": (4, 4),
    }
    flags = {key: report.data_quality for key, report in reports.items()}
    assert flags == {
        "500001": None,
        "500002": "low (5) is greater than high (3)",
        "500003": "best (3) is outside low..high (0..0)",
        "500004": "deaths_civilians (5) exceed best (2)",
        "500005": "low (9) is greater than high (4); best (10) is outside low..high (9..4)",
    }
    summary = reports["500003"].summary or ""
    assert "GED's figures contradict each other (best (3) is outside low..high (0..0))" in summary
    assert "killed is the lowest to the highest figure stated, 0–3." in summary
    cells = archived(reports["500002"])  # never repaired in the stored original
    assert (cells["low"], cells["best"], cells["high"]) == ("5", "4", "3")


def test_an_inconsistent_row_does_not_save_a_malformed_file(
    session: Session, tmp_path: Path
) -> None:
    path = copy_with(tmp_path, "ucdp_ged_inconsistent.csv", "\n500005,", "\n500005x,")
    bad = path.read_text(encoding="utf-8").replace("34.4811", "94.4811", 1)
    path.write_text(bad, encoding="utf-8")
    assert [error[:2] for error in refusal(session, path, UCDP_GED, NOW)] == [
        ("line 2", "latitude")
    ]


# --- ACLED -------------------------------------------------------------------------------------


def test_by_default_only_events_that_can_be_allegations_of_civilian_harm(
    session: Session,
) -> None:
    result, reports = imported(session, "acled_event_types.csv", ACLED)
    # violence against civilians, an air strike, mob violence targeting civilians, a mine;
    # not the armed clash, the protest nor the displacement
    assert sorted(reports) == ["MLI1001", "MLI1002", "MLI1006", "MLI1007"]
    assert (result.added, result.skipped, result.inconsistent) == (4, 3, ())
    assert (reports["MLI1001"].killed_min, reports["MLI1001"].killed_max) == (5, 5)
    assert (reports["MLI1002"].killed_min, reports["MLI1002"].killed_max) == (0, 9)
    assert reports["MLI1006"].perpetrator == "Rioters (Mali)"
    assert reports["MLI1007"].perpetrator == "Unidentified Armed Group (Mali)"
    for report in reports.values():
        assert "NA" not in (report.place or "").split(", ")
        assert not (report.perpetrator or "").startswith("Civilians")
    assert reports["MLI1002"].place == "Sofara, Djenne, Mopti"


def test_every_event_when_asked(session: Session) -> None:
    result, reports = imported(session, "acled_event_types.csv", ACLED, all_events=True)
    assert (result.added, result.skipped) == (7, 0)
    assert reports["MLI1004"].perpetrator == "Protesters (Mali)"
    assert reports["MLI1005"].perpetrator is None  # displaced civilians: nobody acted on them


def test_a_skipped_event_is_not_checked(session: Session, tmp_path: Path) -> None:
    """A row that would not be imported cannot refuse the file; with every event it does."""
    path = copy_with(tmp_path, "acled_event_types.csv", "MLI1004,2023-05-14", "MLI1004,14 Mai")
    with pytest.raises(IntakeError) as refused:
        import_dataset(session, path, ACLED, now=NOW, all_events=True)
    assert [(error.location, error.field) for error in refused.value.errors] == [
        ("line 5", "event_date")
    ]
    assert count(session, Report) == 0
    result = import_dataset(session, path, ACLED, now=NOW)
    assert (result.added, result.skipped) == (4, 3)


def test_acleds_africa_file_as_exported_until_2019(session: Session) -> None:
    """Upper-case columns, dates "03/02/2016" (day first), "Remote violence", no ISO code: the
    country comes from its name; a date outside its row's year is kept and listed."""
    result, reports = imported(session, "acled_africa_2016.csv", ACLED)
    assert sorted(reports) == ["1001RTA", "1002RTA", "1003RTA"]  # not the protest
    assert (result.added, result.skipped) == (3, 1)
    assert result.inconsistent == (
        Inconsistency("1003RTA", "event_date (28/12/2015) is in 2015, but year is 2016", "line 4"),
    )
    mortar, shooting, beni = reports["1001RTA"], reports["1002RTA"], reports["1003RTA"]
    assert beni.data_quality == "event_date (28/12/2015) is in 2015, but year is 2016"
    assert mortar.data_quality is None
    assert (mortar.country, mortar.date_start, mortar.perpetrator) == (
        "SO",
        dt.date(2016, 2, 3),
        "Al Shabaab",
    )
    assert (mortar.killed_min, mortar.killed_max) == (0, 2)  # not marked as targeting civilians
    # "Violence Against Civilians" with the civilians as actor1: the other actor acted
    assert shooting.perpetrator == "Unidentified Armed Group (Somalia)"
    assert (shooting.killed_min, shooting.killed_max) == (1, 1)
    assert (shooting.date_start, shooting.date_end) == (dt.date(2016, 2, 2), dt.date(2016, 2, 8))
    assert (beni.country, beni.date_start) == ("CD", dt.date(2015, 12, 28))
    assert archived(beni)["EVENT_DATE"] == "28/12/2015"  # the document keeps the file's names


def test_an_export_resaved_by_a_spreadsheet(session: Session) -> None:
    """Dates "9-May-20"; the country from `iso`, or from `iso3` where `iso` is blank."""
    result, reports = imported(session, "acled_spreadsheet_2020.csv", ACLED)
    assert result.added == 2
    shelling, attack = reports["YEM90001"], reports["YEM90002"]
    assert (shelling.date_start, shelling.country) == (dt.date(2020, 5, 9), "YE")
    assert shelling.perpetrator == "Military Forces of Yemen (2016-) Supreme Political Council"
    assert (attack.date_start, attack.date_end, attack.country) == (
        dt.date(2020, 5, 1),
        dt.date(2020, 5, 31),
        "YE",
    )


def test_acleds_monadic_export_one_row_per_actor(session: Session, tmp_path: Path) -> None:
    """ACLED's monadic export has no actor2: an event targeting civilians is written once with
    the civilians as actor1 and once with the attackers; a row may also stand twice. Each event
    is one report, the attackers its perpetrator, and its document holds both actors. Rows of
    one id that differ in more than the actor are still a repeated id."""
    apart = copy_with(
        tmp_path,
        "acled_monadic_2024.csv",
        "Unidentified Armed Group (Iraq),,Political militia,Political militia-Civilians,Civilian "
        "targeting,368,Middle East,Iraq,Nineveh,Mosul,Mosul,Mosul,36.34,43.13,1,Invented source,"
        "National,An invented attack on a market.,3,",
        "Unidentified Armed Group (Iraq),,Political militia,Political militia-Civilians,Civilian "
        "targeting,368,Middle East,Iraq,Nineveh,Mosul,Mosul,Mosul,36.34,43.13,1,Invented source,"
        "National,An invented attack on a market.,4,",
    )
    [(location, field, why)] = refusal(session, apart, ACLED, NOW)
    assert (location, field) == ("line 3", "event_id_cnty")
    assert why == "event_id_cnty IRQ9001 repeats the row of line 2"
    result, reports = imported(session, "acled_monadic_2024.csv", ACLED)
    assert (result.added, sorted(reports)) == (3, ["IRQ9001", "IRQ9002", "IRQ9003"])
    market = reports["IRQ9001"]
    assert market.perpetrator == "Unidentified Armed Group (Iraq)"
    assert (market.killed_min, market.killed_max) == (3, 3)
    assert (archived(market)["actor1"], archived(market)["actor2"]) == (
        "Civilians (Iraq)",
        "Unidentified Armed Group (Iraq)",
    )
    assert reports["IRQ9002"].perpetrator == "Military Forces of Turkey (2016-)"
    assert "actor2" not in archived(reports["IRQ9002"])


def test_importing_a_published_file_twice_adds_nothing(session: Session) -> None:
    first = import_dataset(session, DATASET / "acled_event_types.csv", ACLED, now=NOW)
    again = import_dataset(session, DATASET / "acled_event_types.csv", ACLED, now=NOW)
    assert (first.added, again.added, again.unchanged, again.skipped) == (4, 0, 4, 3)
    assert count(session, Document) == 4


# --- --reject: the good rows imported, each malformed one returned -----------------------------


def with_malformed_rows(tmp_path: Path) -> Path:
    """ucdp_ged_inconsistent.csv with four malformed rows and one more the ledger refuses:
    line 4 (500003) has latitude 94.4811, line 5 an id of 201 digits (the ledger's limit is
    200: the mapping passes it, `load` refuses it), line 6 (500005) the date_end 2017-11-0x;
    line 7 repeats 500001; line 8 has two fields."""
    lines = (DATASET / "ucdp_ged_inconsistent.csv").read_text(encoding="utf-8").splitlines()
    lines[3] = lines[3].replace("34.4811", "94.4811", 1)
    lines[4] = lines[4].replace("500004", "9" * 201, 1)
    lines[5] = lines[5].replace("2017-11-03,2017-11-03", "2017-11-03,2017-11-0x", 1)
    lines += [lines[1], "500009,x"]
    path = tmp_path / "ged.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_rejecting_imports_the_good_rows_and_returns_each_malformed_one(
    session: Session, tmp_path: Path
) -> None:
    path = with_malformed_rows(tmp_path)
    assert [error[:2] for error in refusal(session, path, UCDP_GED, NOW)] == [
        ("line 4", "latitude"),
        ("line 5", "external_id"),
        ("line 6", "date_end"),
        ("line 7", "id"),
        ("line 8", "row"),
    ]
    result = import_dataset(session, path, UCDP_GED, now=NOW, reject=True)
    assert [(error.location, error.field) for error in result.rejected] == [
        ("line 4", "latitude"),
        ("line 5", "external_id"),
        ("line 6", "date_end"),
        ("line 7", "id"),
        ("line 8", "row"),
    ]
    assert "repeats the row of line 2" in result.rejected[3].reason
    assert "2 fields, header has" in result.rejected[4].reason
    assert (result.added, result.unchanged) == (2, 0)
    stored = {report.external_id: report for report in session.scalars(select(Report))}
    assert sorted(stored) == ["500001", "500002"]
    assert count(session, Document) == 2
    # of the rows inconsistent in the source, only the one imported is listed
    assert [row.external_id for row in result.inconsistent] == ["500002"]
    assert stored["500002"].data_quality == "low (5) is greater than high (3)"


def test_rejecting_still_refuses_a_file_that_cannot_be_read_on(
    session: Session, tmp_path: Path
) -> None:
    path = copy_with(tmp_path, "ucdp_ged_inconsistent.csv", "id,relid,", "event,relid,")
    with pytest.raises(IntakeError) as refused:
        import_dataset(session, path, UCDP_GED, now=NOW, reject=True)
    assert [(e.location, e.field) for e in refused.value.errors] == [("line 1", "id")]
    assert count(session, Report) == 0
