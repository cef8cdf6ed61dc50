"""Hostile and malformed input files, one problem each, through the real `civcas import`.

Every file in tests/data/bad/ (and every file built at test time from a small spec, for the huge
ones and the archives) is imported on a fresh, migrated ledger that already holds the sources and
reports of tests/data/dataset, so that files of every kind have something to refer to. Each must:

- end the command with a non-zero exit status and a refusal, not a traceback;
- name the row (line or item), the field and the reason, as written by hand in `EXPECTED`;
- write nothing: the row count of every table of the ledger is unchanged. Each file has a good
  row *before* the bad one, so that a half-written import would show.

Archives: no importer reads compressed files (`civcas.intake.readers` reads plain CSV/JSON text,
`civcas.intake.datasets` plain CSV; there is no zip/gzip code anywhere in intake). So no zip or
gzip bomb can be expanded; what is tested is that an archive given as a CSV or JSON file is
refused by its magic number, cleanly and at once, even when it would expand to many megabytes.

Header-only files are *not* bad: `civcas export` writes a header-only file for a kind with no
rows, and an export must import again. They import nothing and succeed (tested below).

Formula-injection payloads (`=HYPERLINK(...)`, `+cmd`, `-2+3`, `@SUM(1)`) are refused where the
field has a type (country, counts, dates, vocabularies: see the `*_formula_*` files) and stored as
inert text in free-text fields, which are evidence; the CSV export neutralises them
(tests/publication/test_export_injection.py).

A subset runs on PostgreSQL too: the values SQLite stores without complaint but PostgreSQL
refuses at insert (NUL characters, over-long text, counts beyond INTEGER) must be refused by the
importer, with their row, on both.
"""

from __future__ import annotations

import gzip
import io
import json
import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from backends import postgres_schema
from sqlalchemy import func, select
from typer.testing import CliRunner

from civcas.cli import app
from civcas.ledger.database import open_engine
from civcas.ledger.models import Base

DATA = Path(__file__).resolve().parent.parent / "data"
BAD = DATA / "bad"
DATASET = DATA / "dataset"
KINDS = {"ucdp": "ucdp-ged", "acled": "acled", "official": "official-report"}
"""The kind to import a file as, by its name's first word; otherwise that word is the kind."""

EXPECTED: dict[str, str] = {
    # --- encodings -------------------------------------------------------------------------
    "reports_latin1.csv": "line 3: encoding: not valid UTF-8",
    "reports_cp1256.csv": "line 3: encoding: not valid UTF-8",
    "reports_utf16_bom.csv": "line 1: encoding: UTF-16 (byte-order mark), not UTF-8",
    "reports_utf16_nobom.csv": "line 1: encoding: contains a NUL character",
    "reports_utf8_bom_bad_date.csv": "line 3: date_start: Input should be a valid date or "
    "datetime, day value is outside expected range",
    "reports_binary.csv": "line 1: encoding: not valid UTF-8",
    "reports_nul_byte.csv": "line 3: encoding: contains a NUL character",
    # --- truncated, wrong shape, empty -------------------------------------------------------
    "reports_truncated_row.csv": "line 3: row: 4 fields, header has 12",
    "reports_unterminated_quote.csv": "line 3: row: not readable as CSV (unexpected end of data)",
    "reports_too_many_fields.csv": "line 3: row: 13 fields, header has 12",
    "reports_empty.csv": "line 1: external_id: required column is missing",
    "reports_empty.json": "line 1: json: Expecting value",
    "reports_missing_required_column.csv": "line 1: country: required column is missing",
    "reports_truncated.json": "line 3: json: Unterminated string",
    # --- dates -----------------------------------------------------------------------------
    "reports_date_month13.csv": "line 3: date_start: Input should be a valid date or datetime, "
    "month value is outside expected range of 1-12",
    "reports_date_yesterday.csv": "line 3: date_start: Input should be a valid date",
    "reports_date_end_before_start.csv": "line 3: date_end: date_end (2018-02-27) is before "
    "date_start (2018-03-01)",
    "reports_timestamp_overflow.json": "item 2: received_at: is out of range once converted to UTC",
    # --- coordinates -----------------------------------------------------------------------
    "reports_latitude_91.csv": "line 3: latitude: Input should be less than or equal to 90",
    "reports_longitude_-181.csv": "line 3: longitude: Input should be greater than or equal to "
    "-180",
    "reports_latitude_only.csv": "line 3: longitude: give both latitude and longitude or neither",
    "reports_latitude_nan.json": "item 2: latitude: Input should be a finite number",
    # --- counts ----------------------------------------------------------------------------
    "reports_min_greater_than_max.csv": "line 3: killed_min: killed_min (9) is greater than "
    "killed_max (7)",
    "reports_negative_count.csv": "line 3: killed_min: Input should be greater than or equal to 0",
    "reports_fractional_count.csv": "line 3: killed_max: Input should be a valid integer",
    "reports_count_too_large.csv": "line 3: killed_max: Input should be less than or equal to "
    "2147483647",
    "reports_min_without_max.csv": "line 3: killed_max: give both killed_min and killed_max or "
    "neither",
    # --- vocabularies ----------------------------------------------------------------------
    "reports_unknown_date_precision.csv": "line 3: date_precision: Input should be 'day', 'week', "
    "'month' or 'year'",
    "reports_unknown_location_precision.json": "item 2: location_precision: Input should be "
    "'exact', 'neighbourhood'",
    "reports_unknown_source_type.csv": "line 3: source_type: Input should be 'monitor', 'ngo'",
    "reports_unknown_country.csv": "line 3: country: 'XK' is not an ISO 3166-1 country code",
    # --- keys and references ---------------------------------------------------------------
    "reports_duplicate_id.csv": "line 3: external_id: repeats the source and external_id of line 2",
    "reports_unknown_source.csv": "line 3: source: unknown source 'Nobody Known'",
    # --- formula payloads in typed fields: refused by the type ----------------------------
    "reports_formula_country.csv": 'line 3: country: \'=HYPERLINK("http://x","click")\' is not '
    "an ISO 3166-1 country code",
    "reports_formula_count.csv": "line 3: killed_min: Input should be a valid integer",
    "reports_formula_date.csv": "line 3: date_start: Input should be a valid date",
    "reports_formula_precision.csv": "line 3: date_precision: Input should be 'day'",
    # --- JSON shapes and types -------------------------------------------------------------
    "reports_string_for_number.json": "item 2: killed_min: Input should be a valid integer",
    "reports_object_not_list.json": "file: json: expected a list of objects",
    "reports_null_required.json": "item 2: date_start: Field required",
    "reports_nested_array.json": "item 2: row: expected an object of column: value",
    "reports_list_for_text.json": "item 2: summary: Input should be a valid string",
    "reports_object_for_date.json": "item 2: date_start: Input should be a valid date",
    "reports_lone_surrogate.json": "item 2: summary: contains a lone surrogate",
    "reports_nul_escape.json": "item 2: place: contains a NUL character",
    "reports_place_too_long.json": "item 2: place: String should have at most 300 characters",
    "reports_unknown_key.json": "item 2: kiled_min: unknown column",
    # --- sources ---------------------------------------------------------------------------
    "sources_unknown_type.csv": "line 3: type: Input should be 'monitor'",
    "sources_duplicate_name.csv": "line 3: name: repeats the name of line 2",
    "sources_bad_boolean.csv": "line 3: public: Input should be a valid boolean",
    "sources_blank_name.json": "item 2: name: Field required",
    # --- strikes ---------------------------------------------------------------------------
    "strikes_bad_time.csv": "line 3: time: Input should be in a valid time format, hour value "
    "is outside expected range",
    "strikes_zero_engagements.csv": "line 3: engagements: Input should be greater than or equal "
    "to 1",
    "strikes_unknown_country.csv": "line 3: country: 'ZZ' is not an ISO 3166-1 country code",
    "strikes_longitude_only.json": "item 2: latitude: give both latitude and longitude or neither",
    # --- assessments -----------------------------------------------------------------------
    "assessments_unknown_outcome.csv": "line 3: outcome: Input should be 'open', 'credible', "
    "'not_credible' or 'duplicate'",
    "assessments_unknown_report.csv": "line 3: report_external_id: no report 'NOPE-1' in the "
    "ledger",
    "assessments_reason_does_not_fit.csv": "line 3: reason_code: reason_code 'duplicate' does not "
    "fit outcome 'not_credible'",
    "assessments_negative_killed.csv": "line 3: killed: Input should be greater than or equal to 0",
    "assessments_bad_timestamp.csv": "line 3: decided_at: Input should be a valid datetime or "
    "date, day value is outside expected range",
    # --- gradings --------------------------------------------------------------------------
    "gradings_unknown_grade.csv": "line 3: grade: Input should be 'confirmed', 'fair'",
    "gradings_min_greater_than_max.csv": "line 3: killed_min: killed_min (9) is greater than "
    "killed_max (3)",
    "gradings_unknown_report.json": "item 2: report_external_id: no report 'AW-404' from source "
    "'Airwars' in the ledger",
    # --- victims ---------------------------------------------------------------------------
    "victims_unknown_status.csv": "line 3: status: Input should be 'killed' or 'injured'",
    "victims_age_out_of_range.csv": "line 3: age: Input should be less than or equal to 130",
    "victims_duplicate_id.csv": "line 3: external_id: repeats the report and external_id of line 2",
    "victims_unknown_sex.csv": "line 3: sex: Input should be 'male', 'female' or 'unknown'",
    # --- documents -------------------------------------------------------------------------
    "documents_bad_sha256.csv": "line 3: sha256: String should match pattern",
    "documents_unknown_report.csv": "line 3: report_external_id: no report 'AW-404' from source "
    "'Airwars'",
    "documents_no_content.csv": "line 3: sha256: every document needs the SHA-256 of its content",
    "documents_sha256_mismatch.json": "item 2: sha256: does not match the SHA-256 of archived_text",
    # --- UCDP GED --------------------------------------------------------------------------
    "ucdp_latin1.csv": "line 3: encoding: not valid UTF-8",
    "ucdp_latitude_91.csv": "line 3: latitude: 91 is outside −90…90",
    "ucdp_bad_date.csv": "line 3: date_start: '2018-02-30' is not a date",
    "ucdp_end_before_start.csv": "line 3: date_end: date_end (2017-03-10) is before date_start "
    "(2017-03-18)",
    "ucdp_negative_best.csv": "line 3: best: '-1' is not a whole number ≥ 0",
    "ucdp_duplicate_id.csv": "line 3: id: id 1 repeats the row of line 2",
    "ucdp_unterminated_quote.csv": "line 3: row: not readable as CSV (unexpected end of data)",
    "ucdp_count_too_large.csv": "line 3: low: 99999999999 is larger than the ledger's limit",
    "ucdp_unknown_country.csv": "line 3: country: 'Atlantis' is not a country with an ISO "
    "3166-1 code",
    # --- ACLED -----------------------------------------------------------------------------
    "acled_date_yesterday.csv": "line 3: event_date: 'yesterday' is not a date",
    "acled_unknown_iso.csv": "line 3: iso: 999 is not an ISO 3166-1 numeric country code",
    "acled_longitude_-181.csv": "line 3: longitude: -181 is outside −180…180",
    "acled_unknown_time_precision.csv": "line 3: time_precision: 7 is not an ACLED time precision",
    "acled_fractional_fatalities.csv": "line 3: fatalities: '2.5' is not a whole number ≥ 0",
    "acled_utf16_nobom.csv": "line 1: encoding: contains a NUL character",
    "acled_missing_column.csv": "line 1: fatalities: required column is missing",
    "acled_nul_byte.csv": "line 3: encoding: contains a NUL character",
    # --- official reports (a FieldError: field, then the line inside the reason) ----------
    "official_entry_without_place.txt": "allegation: line 45: the entry names no place",
    "official_not_a_release.txt": "text: neither a reporting month nor any figure",
    "official_empty.txt": "text: neither a reporting month nor any figure",
    "official_nul_byte.txt": "line 25: encoding: contains a NUL character",
}
"""Each file in tests/data/bad/ → what the refusal must say: `location: field: reason`."""

REPORT_HEADER = (
    "external_id,source,source_type,date_start,date_end,date_precision,country,latitude,"
    "longitude,killed_min,killed_max,summary\n"
)
GOOD_REPORT = "G-1,Airwars,,2018-03-01,,day,IQ,36.34,43.13,2,4,A strike on a house\n"
GOOD_REPORT_JSON = {
    "external_id": "G-1",
    "source": "Airwars",
    "date_start": "2018-03-01",
    "country": "IQ",
    "killed_min": 2,
    "killed_max": 4,
}
UCDP_HEADER_AND_GOOD = (DATA / "bad" / "ucdp_bad_date.csv").read_text().splitlines()[:2]


def huge_summary_csv() -> bytes:
    """A 2 MB summary: over the csv module's field limit."""
    return (REPORT_HEADER + GOOD_REPORT + "G-2,Airwars,,2018-03-02,,day,IQ,,,1,1,").encode() + (
        b"x" * 2_000_000 + b"\n"
    )


def huge_summary_json() -> bytes:
    """A 2 MB summary in JSON, which has no field limit: refused by the row model's bound."""
    bad = GOOD_REPORT_JSON | {"external_id": "G-2", "summary": "word " * 400_000}
    return json.dumps([GOOD_REPORT_JSON, bad]).encode()


def huge_source_name() -> bytes:
    """A 100,000-character source name (the ledger's column holds 200)."""
    good = "name,type,public,url,description\nGood Monitor,monitor,,,\n"
    return (good + "N" * 100_000 + ",ngo,,,\n").encode()


def huge_victim_name() -> bytes:
    """A 100,000-character victim name in JSON (the ledger's column holds 300)."""
    good = {"report_source": "Airwars", "report_external_id": "AW-1"}
    good |= {"external_id": "V-9", "status": "killed"}
    bad = good | {"external_id": "V-10", "name": "Ahmad " * 16_667}
    return json.dumps([good, bad], ensure_ascii=False).encode()


def zip_bomb() -> bytes:
    """A zip holding 20 MB of zeros in a reports.csv: about 20 KB compressed."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("reports.csv", REPORT_HEADER + GOOD_REPORT + "0" * 20_000_000)
    return buffer.getvalue()


def gzip_bomb(text: str) -> Callable[[], bytes]:
    """`text` followed by 20 MB of zeros, gzipped."""
    return lambda: gzip.compress(text.encode() + b"0" * 20_000_000)


def deep_json() -> bytes:
    """An item nested 100,000 lists deep: the recursive JSON decoder gives up."""
    return b"[" + json.dumps(GOOD_REPORT_JSON).encode() + b"," + b"[" * 100_000 + b"]" * 100_001


def long_integer_json() -> bytes:
    """A count of 5,000 digits: more than Python converts from text by default."""
    return b"[" + json.dumps(GOOD_REPORT_JSON).encode() + b', {"killed_min": ' + b"9" * 5000 + b"}]"


GENERATED: dict[str, tuple[Callable[[], bytes], str]] = {
    "reports_huge_summary.csv": (
        huge_summary_csv,
        "line 3: row: a field is longer than the CSV limit of 131072 characters",
    ),
    "reports_huge_summary.json": (
        huge_summary_json,
        "item 2: summary: String should have at most 100000 characters",
    ),
    "sources_huge_name.csv": (
        huge_source_name,
        "line 3: name: String should have at most 200 characters",
    ),
    "victims_huge_name.json": (
        huge_victim_name,
        "item 2: name: String should have at most 300 characters",
    ),
    "reports_zip_bomb.csv": (zip_bomb, "file: format: a zip archive, not a CSV or JSON file"),
    "reports_gzip_bomb.json": (
        gzip_bomb('[{"external_id": "G-1"}'),
        "file: format: a gzip archive, not a CSV or JSON file",
    ),
    "ucdp_gzip_bomb.csv": (
        gzip_bomb("\n".join(UCDP_HEADER_AND_GOOD) + "\n"),
        "line 1: format: a gzip archive, not a CSV file",
    ),
    "reports_deep_nesting.json": (deep_json, "file: json: nested too deeply"),
    "reports_long_integer.json": (
        long_integer_json,
        "file: json: not readable as JSON (Exceeds the limit (4300 digits)",
    ),
}
"""Files built at test time (too big to commit, or archives): name → (bytes, expected)."""


def civcas(url: str, *arguments: str) -> tuple[int, str, BaseException | None]:
    """Exit code, output (whitespace normalised: rich wraps lines) and any uncaught exception."""
    result = CliRunner().invoke(app, ["--db", url, *arguments])
    caught = None if isinstance(result.exception, SystemExit) else result.exception
    return result.exit_code, " ".join(result.output.split()), caught


def row_counts(url: str) -> dict[str, int]:
    """The number of rows of every table of the ledger."""
    engine = open_engine(url)
    try:
        with engine.connect() as connection:
            return {
                table.name: connection.scalar(select(func.count()).select_from(table)) or 0
                for table in Base.metadata.sorted_tables
            }
    finally:
        engine.dispose()


def seed(url: str) -> None:
    """The sources and reports the bad files of other kinds refer to."""
    for kind in ("sources", "reports"):
        code, output, caught = civcas(url, "import", kind, str(DATASET / f"{kind}.csv"))
        assert code == 0 and caught is None, output


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated SQLite ledger holding the seed, copied by each test."""
    path = tmp_path_factory.mktemp("seed") / "ledger.db"
    seed(f"sqlite:///{path}")
    return path


def kind_of(name: str) -> str:
    first = name.split("_")[0]
    return KINDS.get(first, first)


def check_refused(url: str, path: Path, expected: str) -> None:
    before = row_counts(url)
    assert before["reports"] == 3 and before["sources"] == 3, "the seed is in place"
    code, output, caught = civcas(url, "import", kind_of(path.name), str(path))
    assert caught is None, f"crashed: {caught!r}"
    assert code != 0
    assert "Refused" in output
    assert expected in output, output[:2000]
    if not path.name.startswith("official"):
        assert "nothing was imported" in output
    # the good row before the bad one is not blamed
    assert "line 2:" not in output and "item 1:" not in output
    assert row_counts(url) == before


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_a_bad_file_is_refused_and_writes_nothing(name: str, seeded: Path, tmp_path: Path) -> None:
    database = tmp_path / "ledger.db"
    shutil.copy(seeded, database)
    check_refused(f"sqlite:///{database}", BAD / name, EXPECTED[name])


@pytest.mark.parametrize("name", sorted(GENERATED))
def test_a_huge_or_compressed_file_is_refused_and_writes_nothing(
    name: str, seeded: Path, tmp_path: Path
) -> None:
    build, expected = GENERATED[name]
    path = tmp_path / name
    path.write_bytes(build())
    database = tmp_path / "ledger.db"
    shutil.copy(seeded, database)
    check_refused(f"sqlite:///{database}", path, expected)


POSTGRES_SUBSET = [
    "reports_nul_escape.json",
    "reports_lone_surrogate.json",
    "reports_count_too_large.csv",
    "reports_place_too_long.json",
    "reports_utf16_nobom.csv",
    "reports_unterminated_quote.csv",
    "reports_duplicate_id.csv",
    "documents_sha256_mismatch.json",
    "assessments_unknown_report.csv",
    "ucdp_count_too_large.csv",
    "acled_nul_byte.csv",
    "official_entry_without_place.txt",
]
"""What PostgreSQL would refuse at insert, or where its transactions differ from SQLite's."""


@pytest.mark.postgres
@pytest.mark.parametrize("name", POSTGRES_SUBSET)
def test_a_bad_file_is_refused_on_postgres(name: str) -> None:
    with postgres_schema() as url:
        seed(url)
        check_refused(url, BAD / name, EXPECTED[name])


@pytest.mark.postgres
def test_over_long_names_are_refused_on_postgres(tmp_path: Path) -> None:
    """On PostgreSQL an over-long name would fail the insert: it must be refused with its row."""
    with postgres_schema() as url:
        seed(url)
        for name in ("sources_huge_name.csv", "victims_huge_name.json"):
            build, expected = GENERATED[name]
            path = tmp_path / name
            path.write_bytes(build())
            check_refused(url, path, expected)


def test_every_bad_file_has_its_expectation_and_is_small() -> None:
    names = {path.name for path in BAD.iterdir()}
    assert names == set(EXPECTED)
    assert not names & set(GENERATED)
    assert all((BAD / name).stat().st_size < 200_000 for name in names)
    assert len(names) + len(GENERATED) >= 50


HEADERS = {
    "sources": "name,type,public,url,description\n",
    "reports": REPORT_HEADER,
    "victims": "report_source,report_external_id,external_id,name,sex,age,age_group,status\n",
}


@pytest.mark.parametrize("kind", sorted(HEADERS))
def test_a_header_only_file_imports_nothing_and_succeeds(
    kind: str, seeded: Path, tmp_path: Path
) -> None:
    """Not an error: it is what `civcas export` writes for a kind with no rows."""
    database = tmp_path / "ledger.db"
    shutil.copy(seeded, database)
    url = f"sqlite:///{database}"
    path = tmp_path / f"{kind}.csv"
    path.write_text(HEADERS[kind], encoding="utf-8")
    before = row_counts(url)
    code, output, caught = civcas(url, "import", kind, str(path))
    assert caught is None and code == 0, output
    assert "0 added, 0 already recorded" in output
    assert row_counts(url) == before


@pytest.mark.parametrize(
    "arguments",
    [
        ("parse", "official-report"),
        ("import", "official-report"),
        ("claims", "extract"),
        ("claims", "import"),
    ],
)
def test_a_release_or_article_not_in_utf8_is_refused_by_line(
    arguments: tuple[str, ...], seeded: Path, tmp_path: Path
) -> None:
    """A release saved as Windows-1252 (its curly apostrophe is byte 0x92, on line 2)."""
    database = tmp_path / "ledger.db"
    shutil.copy(seeded, database)
    url = f"sqlite:///{database}"
    path = tmp_path / "release.txt"
    path.write_bytes(
        "CJTF-OIR report\nThe coalition\u2019s review found 3 credible.\n".encode("cp1252")
    )
    before = row_counts(url)
    code, output, caught = civcas(url, *arguments, str(path))
    assert caught is None, f"crashed: {caught!r}"
    assert code == 1 and "line 2: encoding: not valid UTF-8" in output, output
    assert row_counts(url) == before
